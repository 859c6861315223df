"""Checks of handout templates: bodies and placeholders, condition references
(against the screeners), ``extends:`` patches, and the safety rules."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from ..core.errors import Problem, ProblemList
from ..core.text_position import text_position
from ..core.yaml_reader import SourceMap, format_path
from .catalog import Catalog
from .condition_checks import check_condition, unknown
from .conditions import client_free
from .handout_model import (
    PATCH_FIELDS,
    HandoutFile,
    HandoutOverlay,
    SectionPatch,
    SectionSpec,
)
from .markdown_body import CLIENT_PLACEHOLDERS, check_text, parse_body, placeholders_in
from .screener_model import Screener


class HandoutScope:
    """References in handouts name the screener: ``phq9.total``, ``medication.ssri-snri``."""

    allowed = ("answer", "score", "band", "outcome", "flag", "screened", "country")

    def __init__(self, catalog: Catalog):
        self.catalog = catalog

    def not_allowed(self, kind: str) -> str:  # every kind is allowed in handouts
        return f"'{kind}' conditions are not allowed here"

    def screener(self, sid: str) -> tuple[Screener | None, str]:
        if not self.catalog.has(sid):
            return None, unknown("screener", sid, self.catalog.ids())
        try:
            return self.catalog.get(sid), ""
        except ProblemList:
            return None, f"screener '{sid}' has problems of its own; run toolkit validate on it"

    def _split(self, ref: str, what: str):
        sid, dot, local = ref.partition(".")
        if not dot:
            return None, "", f"write the {what} as <screener>.<{what}>, for example " + {
                "item": "phq9.q9", "score": "phq9.total", "outcome": "medication.ssri-snri"}[what]
        screener, why = self.screener(sid)
        return screener, local, why

    def _find(self, ref: str, what: str, attr: str):
        """The item, score or outcome named ``screener.id``, or None and why."""
        screener, local, why = self._split(ref, what)
        if screener is None:
            return None, None, why
        entries = getattr(screener, attr)
        found = next((e for e in entries if e.id == local), None)
        if found is None:
            return screener, None, unknown(what, local, [e.id for e in entries], f"in screener '{screener.id}'")
        return screener, found, ""

    def item(self, ref: str):
        screener, item, why = self._find(ref, "item", "items")
        return ((screener, item), "") if item is not None else (None, why)

    def score(self, ref: str):
        screener, score, why = self._find(ref, "score", "scores")
        return ((screener, score), "") if score is not None else (None, why)

    def outcome(self, ref: str):
        _, outcome, why = self._find(ref, "outcome", "outcomes")
        return outcome, why


def _section_text_problems(src: SourceMap, path: tuple,
                           section: SectionSpec | SectionPatch) -> Iterable[Problem]:
    for field, checker in (("heading", check_text), ("body", lambda t: parse_body(t)[1])):
        text = getattr(section, field)
        if text is None:
            continue
        if field == "heading" and "\n" in text.strip():
            yield src.problem(path + (field,), "a heading must be one line")
        for offset, column, message in checker(text):
            line, col = text_position(src, path + (field,), offset, column)
            yield Problem(src.file, line, col, format_path(path + (field,)), message)


def check_file(model: HandoutFile | HandoutOverlay, src: SourceMap, catalog: Catalog) -> list[Problem]:
    """Problems inside one file: texts, placeholders, condition references (of sections and
    of ``suggest``), duplicate ids."""
    problems: list[Problem] = []
    scope = HandoutScope(catalog)
    for field in ("title", "subtitle"):  # filled like headings, so checked like them
        for offset, column, message in check_text(getattr(model, field) or ""):
            line, col = text_position(src, (field,), offset, column)
            problems.append(Problem(src.file, line, col, field, message))
    for i, suggestion in enumerate(model.suggest or ()):
        path = ("suggest", i)
        if "\n" in suggestion.because.strip():
            problems.append(src.problem(path + ("because",), "a reason must be one line"))
        problems.extend(src.problem(p, m) for p, m in check_condition(suggestion.when, path + ("when",), scope))
    seen: dict[str, int] = {}
    sections: Sequence[SectionSpec | SectionPatch] = model.sections
    for i, section in enumerate(sections):
        path = ("sections", i)
        if section.id in seen:
            first_line = src.locate(("sections", seen[section.id], "id"))[0]
            problems.append(src.problem(path + ("id",), f"duplicate section id '{section.id}' "
                                                        f"(first used on line {first_line}); section ids must differ"))
        seen.setdefault(section.id, i)
        problems.extend(_section_text_problems(src, path, section))
        if isinstance(section, SectionPatch):
            problems.extend(_patch_problems(src, path, section))
        if section.when is not None:
            problems.extend(src.problem(p, m) for p, m in check_condition(section.when, path + ("when",), scope))
    return problems


def _patch_problems(src: SourceMap, path: tuple, patch: SectionPatch) -> Iterable[Problem]:
    if patch.after is not None and patch.before is not None:
        yield src.problem(path + ("before",), "give after or before, not both", key=True)
    if patch.disable:
        for field in PATCH_FIELDS:
            if getattr(patch, field) is not None:
                yield src.problem(path + (field,), f"a section with disable: true takes no other fields; "
                                                   f"remove '{field}' or the disable line", key=True)


def merge(base: list[SectionSpec], overlay: HandoutOverlay, src: SourceMap) -> tuple[list[SectionSpec], list[Problem]]:
    """Apply an overlay's section patches to the base sections, in order."""
    specs = list(base)
    problems: list[Problem] = []
    for i, patch in enumerate(overlay.sections):
        path = ("sections", i)
        index = next((k for k, s in enumerate(specs) if s.id == patch.id), None)
        if patch.disable:
            if index is None:
                message = unknown("section", patch.id, [s.id for s in specs], "to disable")
                problems.append(src.problem(path + ("id",), message))
            elif specs[index].safety:
                problems.append(src.problem(path + ("disable",), f"'{patch.id}' is a safety section and cannot be "
                                                                 "disabled; you may reword its heading and body"))
            else:
                specs.pop(index)
            continue
        changes = {k: v for k, v in patch.model_dump(exclude={"id", "disable", "after", "before"}).items()
                   if v is not None}
        if "when" in changes:
            changes["when"] = patch.when
        if index is None:
            missing = [f for f in ("heading", "body") if f not in changes]
            if missing:
                needs = " and ".join("a " + f for f in missing)
                problems.append(src.problem(path, f"'{patch.id}' is not a section of '{overlay.extends}', so it "
                                                  f"is a new section and needs {needs} "
                                                  f"(existing sections: {', '.join(s.id for s in specs)})"))
                continue
            spec = SectionSpec.model_validate({"id": patch.id, **changes})
        else:
            if specs[index].safety and changes.get("safety") is False:
                problems.append(src.problem(path + ("safety",), f"'{patch.id}' is a safety section and stays one; "
                                                                "remove 'safety: false' (you may reword its "
                                                                "heading and body)"))
                continue
            spec = specs[index].model_copy(update=changes)
            specs.pop(index)
        anchor = patch.after or patch.before
        if anchor is not None:
            at = next((k for k, s in enumerate(specs) if s.id == anchor), None)
            if at is None:
                key = "after" if patch.after else "before"
                problems.append(src.problem(path + (key,), unknown("section", anchor, [s.id for s in specs])))
                continue
            specs.insert(at + 1 if patch.after else at, spec)
        elif index is not None:
            specs.insert(index, spec)
        else:
            specs.append(spec)
    return specs, problems


def check_merged(specs: list[SectionSpec], src: SourceMap) -> list[Problem]:
    """Rules on the finished handout: it must carry at least one safety section."""
    if not any(s.safety for s in specs):
        return [src.problem(("sections",), "a handout needs at least one safety section (safety: true) so "
                                           "that crisis lines are always shown when a result is urgent", key=True)]
    return []


_UNTAILORED = ("this handout is not tailored (tailored: false): it is the same for every client, "
               "so that a reader other than the client (a partner) can learn nothing of the "
               "client's results from it")


def check_untailored(model: HandoutFile | HandoutOverlay, src: SourceMap, specs: list[SectionSpec],
                     tailored: bool) -> list[Problem]:
    """Rules on a handout with ``tailored: false``: no section has a ``when`` that depends on
    the client (so none depends on the results, and safety sections are shown for everyone;
    a ``country`` condition, about the practice, is allowed) and no text names the
    client (``{client.name}``, ``{client.preferred_name}``, ``{date}``).  Problems point at
    this file; a ``when`` or placeholder inherited from the base is reported at ``tailored``."""
    if tailored:
        return []
    problems: list[Problem] = []
    sections: Sequence[SectionSpec | SectionPatch] = model.sections
    own = {p.id: i for i, p in enumerate(sections)}
    for field in ("title", "subtitle"):
        for line, column, name in placeholders_in(getattr(model, field) or ""):
            at = text_position(src, (field,), line, column)
            problems.append(Problem(src.file, *at, field, f"{_UNTAILORED}; remove {{{name}}}"))
    inherited: list[str] = []
    for spec in specs:
        i = own.get(spec.id)
        patch = sections[i] if i is not None else None
        if spec.when is not None and not client_free(spec.when):
            if patch is not None and patch.when is not None:
                problems.append(src.problem(("sections", i, "when"), f"{_UNTAILORED}; remove 'when' "
                                            "(a section here is shown to every reader; only a "
                                            "condition on the practice's country is allowed)", key=True))
            else:
                inherited.append(f"{spec.id} ('when')")
        for field in ("heading", "body"):
            text = getattr(spec, field)
            own_text = patch is not None and getattr(patch, field) is not None
            for line, column, name in placeholders_in(text):
                if name not in CLIENT_PLACEHOLDERS:
                    continue
                if own_text:
                    at = text_position(src, ("sections", i, field), line, column)
                    problems.append(Problem(src.file, *at, format_path(("sections", i, field)),
                                            f"{_UNTAILORED}; remove {{{name}}}"))
                else:
                    inherited.append(f"{spec.id} ({{{name}}})")
    if inherited:
        problems.append(src.problem(("tailored",), f"{_UNTAILORED}, but sections of the handout it "
                                    "extends depend on the client: " + ", ".join(dict.fromkeys(inherited))
                                    + "; change those sections here, or keep it tailored", key=True))
    return problems
