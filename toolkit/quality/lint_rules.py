"""The content rules ``toolkit lint`` applies to one loaded handout.  Pure apart
from reading the handout's own YAML files again, to point at file:line:col.

Rules (see :func:`check_handout`): reading grade of each section body, sections
no result can reach, placeholders without a value for this practice, medication
sentences, sentences that say more about the client's answers than the answers
that bring their section support, and sections without sources.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..content.catalog import builtin_dir
from ..content.handout_loader import BUILTIN_DISPLAY
from ..content.handout_model import Handout
from ..content.screener_model import Screener
from ..core.errors import Problem, ProblemList
from ..core.text_position import text_position
from ..core.yaml_reader import SourceMap, format_path, read_yaml_file
from ..practice.context import PracticeContext
from .answer_claims import unsupported
from .med_safety import MESSAGES, check_unit
from .readability import SMOG_MIN_SENTENCES, fill_sample, measure, plain_text
from .variants import Variant, unreachable_sections

_PLACEHOLDER = re.compile(r"\{\{|\}\}|\{([a-z_]+\.?[a-z_]*)\}")
PRACTICE_FIELDS = ("name", "phone", "email", "website", "address", "clinician")


@dataclass(frozen=True, order=True)
class Finding:
    file: str
    line: int
    col: int
    path: str
    rule: str
    level: str  # "error" or "warning"
    message: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}:{self.col}" if self.line else self.file
        text = ("warning: " if self.level == "warning" else "") + self.message + f" [{self.rule}]"
        return f"{where}  {self.path}: {text}" if self.path else f"{where}  {text}"

    def to_dict(self) -> dict[str, Any]:
        return {"level": self.level, "file": self.file, "line": self.line, "col": self.col,
                "path": self.path, "rule": self.rule, "message": self.message}


class Locator:
    """Where a handout's fields sit in its files (the last file that sets a field wins)."""

    def __init__(self, handout: Handout):
        self.docs: list[tuple[SourceMap, Any]] = []
        for display in handout.files:
            path = (builtin_dir("handouts") / display[len(BUILTIN_DISPLAY):] if display.startswith(BUILTIN_DISPLAY)
                    else Path(display))
            try:
                doc = read_yaml_file(path, display=display)
            except ProblemList:  # already reported by validation
                continue
            if isinstance(doc.data, dict):
                self.docs.append((doc.source, doc.data))
        self.fallback = SourceMap(handout.files[-1])

    def section(self, sid: str, field: str | None = None) -> tuple[SourceMap, tuple]:
        for want_field in ((field, None) if field else (None,)):
            for src, data in reversed(self.docs):
                for i, sec in enumerate(data.get("sections") or []):
                    if isinstance(sec, dict) and sec.get("id") == sid and (want_field is None or want_field in sec):
                        return src, ("sections", i) + ((want_field,) if want_field else ())
        return self.fallback, ()

    def top(self, field: str) -> tuple[SourceMap, tuple]:
        for src, data in reversed(self.docs):
            if field in data:
                return src, (field,)
        return (self.docs[-1][0] if self.docs else self.fallback), ()


def finding(src: SourceMap, path: tuple, level: str, rule: str, message: str,
            at: tuple[int, int] | None = None) -> Finding:
    """A finding at ``path``; ``at`` is a (line, col) inside the text value, from 0."""
    line, col = text_position(src, path, *at) if at and path else src.locate(path)
    return Finding(src.file, line, col, format_path(path), rule, level, message)


def _spot(text: str, offset: int) -> tuple[int, int]:
    before = text[:offset]
    return before.count("\n"), offset - (before.rfind("\n") + 1)


def _find_sentence(raw: str, sentence: str) -> tuple[int, int] | None:
    words = re.findall(r"[\w'’-]+", sentence)[:4]
    if not words:
        return None
    m = re.search(r"[\W_]+".join(re.escape(w) for w in words), raw)
    return _spot(raw, m.start()) if m else None


def _texts(handout: Handout, loc: Locator) -> Iterator[tuple[SourceMap, tuple, str, list[str]]]:
    """(source, path, raw text, plain units) of the title, subtitle, headings and bodies."""
    for field in ("title", "subtitle"):
        raw = getattr(handout, field)
        if raw:
            yield (*loc.top(field), raw, [fill_sample(raw)])
    for hs in handout.sections:
        yield (*loc.section(hs.spec.id, "heading"), hs.spec.heading, [fill_sample(hs.spec.heading)])
        yield (*loc.section(hs.spec.id, "body"), hs.spec.body, plain_text(hs.blocks).split("\n"))


def _placeholder_value(name: str, practice: PracticeContext) -> str | None:
    """The practice's value for a practice or crisis placeholder (None: not the practice's)."""
    group, _, key = name.partition(".")
    if group == "practice" and key in PRACTICE_FIELDS:
        return getattr(practice.model, key) or ""
    if name == "crisis.emergency":
        return practice.emergency_number
    return None


def check_placeholders(handout: Handout, loc: Locator, practice: PracticeContext) -> list[Finding]:
    where = (f"{practice.folder / 'practice.yaml'} has no" if practice.folder
             else "the built-in default practice (used without --practice) has no")
    out = []
    for src, path, raw, _ in _texts(handout, loc):
        for m in _PLACEHOLDER.finditer(raw):
            name = m.group(1)
            if name and _placeholder_value(name, practice) == "":
                key = name.partition(".")[2] if name.startswith("practice.") else "emergency_number"
                out.append(finding(src, path, "error", "placeholder", (
                    f"{{{name}}} has no value: {where} {key}, so it would print as nothing; "
                    f"add {key} to practice.yaml or reword the text without it"), _spot(raw, m.start())))
    return out


def check_medication(handout: Handout, loc: Locator, *, skip_builtin: bool = False) -> list[Finding]:
    out = []
    for src, path, raw, units in _texts(handout, loc):
        if skip_builtin and src.file.startswith(BUILTIN_DISPLAY):
            continue
        for unit in units:
            for sentence, verdict in check_unit(unit):
                shown = sentence if len(sentence) <= 90 else sentence[:87] + "..."
                out.append(finding(src, path, "error", "medication", f"\"{shown}\" {MESSAGES[verdict]}",
                                   _find_sentence(raw, sentence)))
    return out


def practice_medication_problems(handout: Handout) -> list[Problem]:
    """The medication rule on the text a practice's own files give ``handout`` (the
    built-in text is checked by the test suite), as problems at file:line:col."""
    return [Problem(f.file, f.line, f.col, f.path, f.message)
            for f in check_medication(handout, Locator(handout), skip_builtin=True)]


def check_readability(handout: Handout, loc: Locator, max_grade: float) -> list[Finding]:
    if not handout.language.lower().startswith("en"):
        src, path = loc.top("language")
        return [finding(src, path, "warning", "reading-grade", (
            f"reading grades are measured for English text only; check this '{handout.language}' "
            "handout's reading level by hand"))]
    out, texts = [], []
    for hs in handout.sections:
        text = plain_text(hs.blocks)
        texts.append(text)
        r = measure(text)
        src, path = loc.section(hs.spec.id, "body")
        if r.fk_grade > max_grade:
            out.append(finding(src, path, "error", "reading-grade", (
                f"reading grade {r.fk_grade:.1f} (Flesch-Kincaid) is above {max_grade:g}; use shorter "
                f"sentences and shorter words (hardest sentence: \"{_short(r.hardest)}\")")))
        if r.smog_reliable and r.smog > max_grade:
            out.append(finding(src, path, "warning", "smog", (
                f"SMOG grade {r.smog:.1f} is above {max_grade:g} (advisory)")))
    whole = measure("\n".join(texts))
    if whole.smog > max_grade:
        src, path = loc.top("sections")
        note = ("" if whole.smog_reliable else
                f"; only {whole.sentences} sentences, SMOG needs {SMOG_MIN_SENTENCES} or more to be reliable")
        out.append(finding(src, path, "warning", "smog", (
            f"SMOG grade of the whole handout is {whole.smog:.1f}, above {max_grade:g} (advisory{note})"), ))
    return out


def _short(text: str, n: int = 80) -> str:
    return text if len(text) <= n else text[:n - 3] + "..."


def check_reachable(handout: Handout, loc: Locator, found: list[Variant],
                    screeners: Mapping[str, Screener] | None = None) -> list[Finding]:
    out = []
    for sid in unreachable_sections(handout, found, screeners):
        src, path = loc.section(sid, "when")
        out.append(finding(src, path, "error", "unreachable", (
            f"no result can ever include section '{sid}': its 'when' is never true (checked over "
            f"every combination of results that changes this handout: {len(found)} "
            f"variant{'' if len(found) == 1 else 's'})")))
    return out


def check_answer_claims(handout: Handout, loc: Locator, screeners: Mapping[str, Screener]) -> list[Finding]:
    out = []
    for u in unsupported(handout, screeners):
        src, path = loc.section(u.section, "body")
        raw = next(hs.spec.body for hs in handout.sections if hs.spec.id == u.section)
        shown = u.sentence if len(u.sentence) <= 90 else u.sentence[:87] + "..."
        out.append(finding(src, path, "error", "answer-claim", (
            f"\"{shown}\" says {u.claim.says}, but a client can get this section without that (for "
            f"example: {u.example}); make the section's 'when' require it, or reword the sentence so "
            "it does not speak for the client's answers"), _find_sentence(raw, u.sentence)))
    return out


def check_sources(handout: Handout, loc: Locator) -> list[Finding]:
    out = []
    for hs in handout.sections:
        if not (hs.spec.sources or "").strip():
            src, path = loc.section(hs.spec.id)
            out.append(finding(src, path, "error", "sources", (
                f"section '{hs.spec.id}' has no sources: add 'sources:' naming where its facts "
                "come from (it is printed under \"Where this comes from\")")))
    return out


def check_handout(handout: Handout, found: list[Variant], screeners: Mapping[str, Screener],
                  practice: PracticeContext | None, max_grade: float) -> list[Finding]:
    """Every content rule for one handout whose variants are ``found``."""
    loc = Locator(handout)
    out = check_readability(handout, loc, max_grade) + check_reachable(handout, loc, found, screeners)
    if practice is not None:
        out += check_placeholders(handout, loc, practice)
    return (out + check_medication(handout, loc) + check_answer_claims(handout, loc, screeners)
            + check_sources(handout, loc))
