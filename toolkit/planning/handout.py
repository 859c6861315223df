"""Planning: (results, handout, practice) -> HandoutDoc.  Pure: no I/O, no printing.

Rules:
* a section is included when its ``when`` holds (no ``when``: always);
* a safety section is also included whenever any urgent flag is present, and
  then every safety section moves to the front, so crisis help is on page one;
* every run of adjacent safety sections carries the practice's crisis-line block
  once, in its first section: after the body normally, but right under the
  heading when a flag is urgent, so the numbers are on page one even in large
  print; help lines that are not crisis lines (treatment referral) close the
  first such section, after its text and the box, once per handout;
* placeholders are filled after the Markdown was parsed, into separate text
  runs, so a client's or practice's text is never read as markup;
* a handout that is not tailored (``tailored: false``, for a reader other than the
  client, such as a partner) is the same for every result: all its sections, in
  template order, crisis-line blocks after their bodies, and no client name on it
  (its sections have no ``when`` but one on the practice's country; the loader
  checks that);
* a ``country`` condition reads the practice's country (``PlanInputs.country``),
  never the client's.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import partial
from typing import Any

from ..content.conditions import Check, compile_condition
from ..content.countries import same_country
from ..content.figures import FIGURES
from ..content.handout_model import Handout, HSection
from ..content.markdown_body import fill, fill_text, parse_inline
from ..content.screener_model import Screener
from ..documents.handout import (
    Branding,
    Callout,
    CrisisBlock,
    CrisisLine,
    Figure,
    HandoutDoc,
    Heading,
    HelpPanel,
    ListBlock,
    PageOne,
    Paragraph,
    Section,
    TreatmentLines,
    WriteSpace,
)
from ..practice.context import PracticeContext
from ..scoring.results import IntakeResult


@dataclass(frozen=True)
class PlanInputs:
    """What planning needs to know about the practice and the client (plain data)."""

    branding: Branding
    crisis_lines: tuple[CrisisLine, ...]
    emergency_number: str
    practice_fields: Mapping[str, str]  # name, phone, email, website, address, clinician
    client_name: str = ""
    client_preferred_name: str = ""
    treatment_lines: tuple[CrisisLine, ...] = ()  # drawn after the crisis box, not in it
    country: str = ""  # the practice's country code: chooses the sections with a country condition


PRACTICE_FIELDS = ("name", "phone", "email", "website", "address", "clinician")


def plan_inputs(practice: PracticeContext, client_name: str = "", preferred_name: str = "") -> PlanInputs:
    """What planning needs of a loaded practice and one client's names."""
    m = practice.model
    fields = {k: getattr(m, k) or "" for k in PRACTICE_FIELDS}
    return PlanInputs(practice.branding(), practice.crisis_lines, practice.emergency_number, fields,
                      client_name, preferred_name, practice.treatment_lines, same_country(m.country))


class HandoutCtx:
    """Condition context over a whole intake result (qualified references)."""

    def __init__(self, result: IntakeResult, screeners: Mapping[str, Screener], country: str = ""):
        self.by_screener = {r.screener: r for r in result.results}
        self.screeners = screeners
        self.flags = [(sid, f) for sid, f in result.flags]
        self._country = same_country(country)

    def _split(self, ref: str):
        sid, _, local = ref.partition(".")
        return self.by_screener.get(sid), local

    def answer(self, ref: str) -> Any:
        r, local = self._split(ref)
        return None if r is None else r.answers.get(local)

    def _score(self, ref: str):
        r, local = self._split(ref)
        if r is None:
            return None
        return next((s for s in r.scores if s.id == local), None)

    def score_value(self, ref: str) -> Any:
        s = self._score(ref)
        return None if s is None else s.value

    def band_rank(self, ref: str) -> int | None:
        s = self._score(ref)
        if s is None or s.band is None:
            return None
        return band_rank(self.screeners, ref, s.band.id)

    def outcome(self, ref: str) -> bool:
        r, local = self._split(ref)
        return r is not None and any(o.id == local for o in r.outcomes)

    def has_flag(self, level: str, screener: str | None) -> bool:
        return any((level == "any" or f.level == level) and (screener is None or sid == screener)
                   for sid, f in self.flags)

    def screened(self, screener: str) -> bool:
        return screener in self.by_screener

    def country(self) -> str:
        return self._country


def band_rank(screeners: Mapping[str, Screener], ref: str, band_id: str) -> int:
    sid, _, local = ref.partition(".")
    score = next(s for s in screeners[sid].scores if s.id == local)
    return next(i for i, b in enumerate(score.bands) if b.id == band_id)


_CHECKS: dict[int, tuple[Handout, list[Check | None]]] = {}


def section_checks(handout: Handout, screeners: Mapping[str, Screener]) -> list[Check | None]:
    """Compiled ``when`` of each section (None: always), built once per handout."""
    cached = _CHECKS.get(id(handout))
    if cached is not None and cached[0] is handout:
        return cached[1]
    rank = partial(band_rank, screeners)
    checks = [compile_condition(s.spec.when, rank) if s.spec.when is not None else None
              for s in handout.sections]
    _CHECKS[id(handout)] = (handout, checks)
    return checks


def choose_sections(handout: Handout, result: IntakeResult,
                    screeners: Mapping[str, Screener], country: str = "") -> list[HSection]:
    """Exactly which sections appear, in order, for a practice in ``country``."""
    if not handout.tailored:  # the same for every client: only the practice's country counts
        ctx = HandoutCtx(IntakeResult("", "", ()), screeners, country)
        return [s for s, check in zip(handout.sections, section_checks(handout, screeners), strict=True)
                if check is None or check(ctx)]
    ctx = HandoutCtx(result, screeners, country)
    urgent = ctx.has_flag("urgent", None)
    chosen = [s for s, check in zip(handout.sections, section_checks(handout, screeners), strict=True)
              if check is None or check(ctx) or (s.spec.safety and urgent)]
    if urgent:
        chosen = [s for s in chosen if s.spec.safety] + [s for s in chosen if not s.spec.safety]
    return chosen


def plan(handout: Handout, result: IntakeResult, screeners: Mapping[str, Screener],
         inputs: PlanInputs) -> HandoutDoc:
    """The renderer-independent document for one client."""
    values = _placeholder_values(result, inputs)
    urgent = handout.tailored and any(f.level == "urgent" for _, f in result.flags)
    sections = []
    previous_safety = False
    treatment_shown = False
    for hs in choose_sections(handout, result, screeners, inputs.country):
        spec = hs.spec
        where = f"handout {handout.id}, section {spec.id}"
        blocks: list[Any] = []
        for tb in hs.blocks:
            items = tuple(fill(runs, values, where) for runs in tb.items)
            if tb.kind == "para":
                blocks.append(Paragraph(items[0]))
            else:
                blocks.append(ListBlock(items, ordered=tb.kind == "numbers"))
        if spec.figure is not None:  # after the words that teach it, before any write-in lines
            words = FIGURES[spec.figure.id]
            blocks.append(Figure(spec.figure.id, words.labels, fill_text(spec.figure.caption, values),
                                 fill_text(spec.figure.how_to_use, values), spec.figure.alt or words.alt,
                                 f"{where}, figure"))
        if spec.write_space:  # its label is the heading without client placeholders, as the PDF title is
            blocks.append(WriteSpace(spec.write_space, spec.id, metadata_title(spec.heading, values)))
        if spec.style != "normal":
            blocks = [Callout(tuple(blocks), style=spec.style)]
        if spec.safety and not previous_safety:
            crisis = CrisisBlock(inputs.crisis_lines, inputs.emergency_number)
            blocks = [crisis, *blocks] if urgent else [*blocks, crisis]
            if inputs.treatment_lines and not treatment_shown:  # not crisis lines: after the box
                blocks.append(TreatmentLines(inputs.treatment_lines))
                treatment_shown = True
        previous_safety = spec.safety
        heading = Heading(fill_text(spec.heading, values), 1, f"{where}, heading")
        sections.append(Section(spec.id, heading, tuple(blocks), spec.safety, spec.sources or "", spec.icon or ""))
    return HandoutDoc(
        title=fill_text(handout.title, values), subtitle=fill_text(handout.subtitle, values),
        metadata_title=metadata_title(handout.title, values),
        sections=tuple(sections), branding=inputs.branding, language=handout.language,
        prepared_for=(inputs.client_preferred_name or inputs.client_name) if handout.tailored else "",
        date=result.date,
        handout_id=handout.id,
        page_one=_page_one(handout, result, screeners, inputs, values),
        urgent=urgent)


def _page_one(handout: Handout, result: IntakeResult, screeners: Mapping[str, Screener],
              inputs: PlanInputs, values: Mapping[str, tuple[str, str]]) -> PageOne | None:
    """Page 1's purpose, the key points whose ``when`` holds, the first step and the help panel."""
    p1 = handout.page_one
    if p1 is None:
        return None
    where = f"handout {handout.id}, page_one"
    ctx = HandoutCtx(result if handout.tailored else IntakeResult("", "", ()), screeners, inputs.country)
    rank = partial(band_rank, screeners)
    points = []
    for kp in p1.key_points:
        text, when = (kp, None) if isinstance(kp, str) else (kp.text, kp.when)
        if when is None or compile_condition(when, rank)(ctx):
            points.append(fill(parse_inline(text), values, f"{where}, key point"))
    f = inputs.practice_fields
    panel = HelpPanel(inputs.emergency_number, inputs.crisis_lines, f.get("name", ""), f.get("phone", ""),
                      inputs.branding.contact_line)
    return PageOne(fill(parse_inline(p1.purpose), values, f"{where}, purpose"), tuple(points),
                   fill(parse_inline(p1.first_step), values, f"{where}, first step"), panel)


_PRACTICE_PLACEHOLDERS = ("practice.", "crisis.")
_EDGE_PUNCTUATION = " ,.:;!?-\u2013\u2014\u00b7|/'\"()[]"


def metadata_title(title: str, values: Mapping[str, tuple[str, str]]) -> str:
    """The PDF's /Title: the template's title with only the practice's placeholders
    filled; a client's ({client.name}, {client.preferred_name}) and the intake's
    ({date}) are left out, whatever the template says, so no viewer's window title,
    file list or search index ever shows client data.  "Handout" when nothing is left."""
    gap = "\x00"  # where a client placeholder was: the words around it are kept, its brackets and commas not
    kept = {k: v if k.startswith(_PRACTICE_PLACEHOLDERS) else (gap, "") for k, v in values.items()}
    parts = (" ".join(part.split()).strip(_EDGE_PUNCTUATION) for part in fill_text(title, kept).split(gap))
    return " ".join(part for part in parts if part) or "Handout"


def _placeholder_values(result: IntakeResult, inputs: PlanInputs) -> dict[str, tuple[str, str]]:
    first = inputs.crisis_lines[0] if inputs.crisis_lines else None
    values = {
        "client.preferred_name": (inputs.client_preferred_name or inputs.client_name, "client.preferred_name"),
        "client.name": (inputs.client_name, "client.name"),
        "date": (result.date, "intake date"),
        "crisis.emergency": (inputs.emergency_number, "practice crisis lines"),
        "crisis.line": (f"{first.name} {first.number}" if first else inputs.emergency_number,
                        "practice crisis lines"),
    }
    for key in ("name", "phone", "email", "website", "address", "clinician"):
        values[f"practice.{key}"] = (inputs.practice_fields.get(key, ""), f"practice.{key}")
    return values
