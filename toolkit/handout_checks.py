"""Checks of handout templates: bodies and placeholders, condition references
(against the screeners), ``extends:`` patches, and the safety rules."""

from __future__ import annotations

from typing import Iterable, Optional, Union

from .catalog import Catalog
from .condition_checks import check_condition, unknown
from .errors import Problem, ProblemList
from .handout_model import HandoutFile, HandoutOverlay, SectionPatch, SectionSpec
from .markdown_body import check_text, parse_body
from .screener_model import Screener
from .yaml_reader import SourceMap, format_path


class HandoutScope:
    """References in handouts name the screener: ``phq9.total``, ``medication.ssri-snri``."""

    allowed = ("answer", "score", "band", "outcome", "flag", "screened")

    def __init__(self, catalog: Catalog):
        self.catalog = catalog

    def not_allowed(self, kind: str) -> str:  # every kind is allowed in handouts
        return f"'{kind}' conditions are not allowed here"

    def screener(self, sid: str) -> tuple[Optional[Screener], str]:
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

    def item(self, ref: str):
        screener, local, why = self._split(ref, "item")
        if screener is None:
            return None, why
        for item in screener.items:
            if item.id == local:
                return (screener, item), ""
        return None, unknown("item", local, [i.id for i in screener.items], f"in screener '{screener.id}'")

    def score(self, ref: str):
        screener, local, why = self._split(ref, "score")
        if screener is None:
            return None, why
        for sc in screener.scores:
            if sc.id == local:
                return sc, ""
        return None, unknown("score", local, [s.id for s in screener.scores], f"in screener '{screener.id}'")

    def outcome(self, ref: str):
        screener, local, why = self._split(ref, "outcome")
        if screener is None:
            return None, why
        for oc in screener.outcomes:
            if oc.id == local:
                return oc, ""
        return None, unknown("outcome", local, [o.id for o in screener.outcomes], f"in screener '{screener.id}'")


def text_position(src: SourceMap, path: tuple, offset: int) -> tuple[int, int]:
    """file line:col of line ``offset`` inside a text value (block scalars start a line below)."""
    line, col = src.locate(path)
    lines = getattr(src, "lines", None)
    if lines and 0 < line <= len(lines) and lines[line - 1][col - 1:col] in ("|", ">"):
        first = line + 1
        while first <= len(lines) and not lines[first - 1].strip():
            first += 1
        if first + offset <= len(lines):
            target = lines[first + offset - 1]
            return first + offset, len(target) - len(target.lstrip()) + 1
        return first + offset, col
    return line + offset, col


def _section_text_problems(src: SourceMap, path: tuple,
                           section: Union[SectionSpec, SectionPatch]) -> Iterable[Problem]:
    for field, checker in (("heading", check_text), ("body", lambda t: parse_body(t)[1])):
        text = getattr(section, field)
        if text is None:
            continue
        if field == "heading" and "\n" in text.strip():
            yield src.problem(path + (field,), "a heading must be one line")
        for offset, message in checker(text):
            line, col = text_position(src, path + (field,), offset)
            yield Problem(src.file, line, col, format_path(path + (field,)), message)


def check_file(model: Union[HandoutFile, HandoutOverlay], src: SourceMap, catalog: Catalog) -> list[Problem]:
    """Problems inside one file: texts, placeholders, condition references, duplicate ids."""
    problems: list[Problem] = []
    scope = HandoutScope(catalog)
    seen: dict[str, int] = {}
    for i, section in enumerate(model.sections):
        path = ("sections", i)
        if section.id in seen:
            problems.append(src.problem(path + ("id",), f"duplicate section id '{section.id}' (first at sections[{seen[section.id]}])"))
        seen.setdefault(section.id, i)
        problems.extend(_section_text_problems(src, path, section))
        if section.when is not None:
            problems.extend(src.problem(p, m) for p, m in check_condition(section.when, path + ("when",), scope))
    return problems


def merge(base: list[SectionSpec], overlay: HandoutOverlay, src: SourceMap) -> tuple[list[SectionSpec], list[Problem]]:
    """Apply an overlay's section patches to the base sections, in order."""
    specs = list(base)
    problems: list[Problem] = []
    for i, patch in enumerate(overlay.sections):
        path = ("sections", i)
        index = next((k for k, s in enumerate(specs) if s.id == patch.id), None)
        if patch.disable:
            if index is None:
                problems.append(src.problem(path + ("id",), unknown("section", patch.id, [s.id for s in specs], "to disable")))
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
                problems.append(src.problem(path, f"new section '{patch.id}' needs {' and '.join(missing)} "
                                                  f"(existing sections: {', '.join(s.id for s in specs)})"))
                continue
            spec = SectionSpec.model_validate({"id": patch.id, **changes})
        else:
            if specs[index].safety and changes.get("safety") is False:
                problems.append(src.problem(path + ("safety",), f"'{patch.id}' is a safety section; it stays one"))
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
                                           "that crisis lines are always shown when a result is urgent")]
    return []
