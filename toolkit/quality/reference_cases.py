"""Reference cases of a screener (``screeners/reference/<id>.yaml``): the model and
the loader.

A reference file holds cases written by hand from the instrument's published
scoring rules, never produced by running our scorer::

    screener: phq9
    version: "1.0"          # the screener version the cases were written for
    source: >-              # where the rules come from
      Kroenke K, Spitzer RL, Williams JBW 2001; APA prorating guidance
    cases:
      - id: band-mild-lowest
        rule: 5 is the lowest mild total
        answers: {q1: 2, q2: 3, q3: 0, q4: 0, q5: 0, q6: 0, q7: 0, q8: 0, q9: 0}
        expect:
          scores: {total: {value: 5, band: mild}}
          flags: []
          outcomes: []

A case may give the client's ``sex`` (``female``, ``male``, ``other`` or ``not-given``,
as in an intake), which selects a score's sex-specific cut-offs (``bands_by_sex``);
without it the default bands are used.
``expect.scores`` names every score of the screener (``value: null`` when it is
not scored, and then no band); ``flags`` (id and level) and ``outcomes`` are the
complete lists, in any order; ``prorated``, ``not_applicable`` and ``missing`` are
checked when given.
Answers are option values or labels, as in an intake.  Every problem is reported
as ``file:line:col  path: message``, like a screener file.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from pydantic import Field, StrictBool, model_validator

from ..content.screener_model import Screener
from ..core.errors import Problem, ProblemList
from ..core.model_errors import validate
from ..core.model_types import Id, Number, Strict, Text, Value
from ..core.yaml_reader import SourceMap, read_yaml_file
from ..intake.answers import normalise
from ..intake.model import Sex


class ExpectedScore(Strict):
    value: Number | None
    band: Id | None = None
    prorated: StrictBool | None = None
    not_applicable: list[Id] | None = None  # items answered "does not apply", checked when given

    @model_validator(mode="after")
    def _band_needs_value(self) -> ExpectedScore:
        if self.value is None and self.band is not None:
            raise ValueError("a score that is not scored (value: null) has no band; remove band")
        return self


class ExpectedFlag(Strict):
    id: Id
    level: Literal["urgent", "review"]


class Expect(Strict):
    scores: dict[Id, ExpectedScore] = Field(default_factory=dict)
    flags: list[ExpectedFlag]
    outcomes: list[Id]
    missing: list[Id] | None = None


class Case(Strict):
    id: Id
    rule: Text
    sex: Sex | None = None  # the client's sex, as an intake's client.sex gives it
    answers: dict[Id, Value | None]
    expect: Expect


class ReferenceFile(Strict):
    screener: Id
    version: Text
    source: Text
    cases: list[Case] = Field(min_length=1)


@dataclass(frozen=True)
class LoadedCase:
    """One case with its answers normalised to option values and its location."""

    case: Case
    answers: dict[str, Any]
    line: int


@dataclass(frozen=True)
class LoadedReference:
    file: str
    screener_id: str
    version: str
    source: str
    cases: tuple[LoadedCase, ...]


def load_reference_file(path: str | Path, screener: Screener | None = None, *,
                        display: str | None = None) -> LoadedReference:
    """Read and check a reference file; with ``screener``, also check every answer,
    score, band, flag and outcome it names against that screener.  Raise
    :class:`ProblemList` with every problem found."""
    doc = read_yaml_file(path, display=display)
    src = doc.source
    if not isinstance(doc.data, dict):
        raise ProblemList([src.problem((), "a reference file must be a mapping (screener, version, source, cases)")])
    ref, problems = validate(ReferenceFile, doc.data, src)
    if ref is None:
        raise ProblemList(problems)
    found: list[Problem] = []
    stem = Path(path).stem
    if ref.screener != stem:
        found.append(src.problem(("screener",), f"'{ref.screener}' does not match the file name '{stem}.yaml'"))
    seen: dict[str, int] = {}
    loaded: list[LoadedCase] = []
    for i, case in enumerate(ref.cases):
        at = ("cases", i)
        if case.id in seen:
            found.append(src.problem(at + ("id",),
                                     f"case id '{case.id}' is used twice (first in case {seen[case.id] + 1})"))
        seen.setdefault(case.id, i)
        answers: dict[str, Any] = {}
        if screener is not None:
            answers, case_problems = _check_case(case, screener, src, at)
            found.extend(case_problems)
        loaded.append(LoadedCase(case, answers, src.locate(at)[0]))
    if found:
        raise ProblemList(found)
    return LoadedReference(src.file, ref.screener, ref.version, ref.source, tuple(loaded))


def _check_case(case: Case, s: Screener, src: SourceMap, at: tuple) -> tuple[dict[str, Any], list[Problem]]:
    out: list[Problem] = []
    answers, bad = normalise(s, dict(case.answers), quote=True)  # the author's own cases
    for item_id, message in bad:
        out.append(src.problem(at + ("answers", item_id), message, key=item_id not in {it.id for it in s.items}))
    scores = {sc.id: sc for sc in s.scores}
    for sid in scores:
        if sid not in case.expect.scores:
            out.append(src.problem(at + ("expect", "scores"), f"score '{sid}' has no expected value "
                                   "(give value: null when it is not scored)"))
    for sid, exp in case.expect.scores.items():
        sc = scores.get(sid)
        if sc is None:
            out.append(src.problem(at + ("expect", "scores", sid),
                                   f"screener '{s.id}' has no score '{sid}' (scores: {', '.join(scores) or 'none'})",
                                   key=True))
            continue
        bands = [b.id for b in sc.bands]
        if exp.band is not None and exp.band not in bands:
            out.append(src.problem(at + ("expect", "scores", sid, "band"),
                                   f"score '{sid}' has no band '{exp.band}' (bands: {', '.join(bands) or 'none'})"))
        if exp.value is not None and exp.band is None and bands:
            out.append(src.problem(at + ("expect", "scores", sid),
                                   f"score '{sid}' has bands: name the expected band"))
    flag_ids = _flag_ids(s)
    for j, flag in enumerate(case.expect.flags):
        if flag.id not in flag_ids:
            known = ", ".join(sorted(flag_ids)) or "none"
            out.append(src.problem(at + ("expect", "flags", j, "id"),
                                   f"screener '{s.id}' raises no flag '{flag.id}' (flags: {known})"))
    outcome_ids = [o.id for o in s.outcomes]
    for j, oid in enumerate(case.expect.outcomes):
        if oid not in outcome_ids:
            known = ", ".join(outcome_ids) or "none"
            out.append(src.problem(at + ("expect", "outcomes", j),
                                   f"screener '{s.id}' has no outcome '{oid}' (outcomes: {known})"))
    item_ids = [it.id for it in s.items]
    for j, item_id in enumerate(case.expect.missing or []):
        if item_id not in item_ids:
            out.append(src.problem(at + ("expect", "missing", j), f"screener '{s.id}' has no item '{item_id}'"))
    return answers, out


def _flag_ids(s: Screener) -> set[str]:
    ids: set[str] = set()
    for it in s.items:
        if it.critical is not None:
            ids.add(it.critical.id + "-unanswered")
            if it.critical.level is not None:
                ids.add(it.critical.id)
    ids.update(o.id for o in s.outcomes if o.flag is not None)
    return ids


__all__ = ["Case", "Expect", "ExpectedFlag", "ExpectedScore", "LoadedCase", "LoadedReference",
           "ReferenceFile", "load_reference_file"]
