"""Planning the clinician summary: (current result, earlier results, screeners,
practice) -> :class:`~toolkit.documents.report.ReportDoc`.  Pure: no I/O, no printing.

Rules:
* flags first: every urgent flag, then every review flag, each with the screener,
  the item (id and text), the client's answer and the recommended action; a flag
  raised by an outcome (ASQ) lists the answers its rule reads;
* with no urgent flag, the screeners' "does not rule out risk" notes are given;
* an incomplete score carries no value and no band;
* history: the intakes of one client sorted by date, the latest reported, the
  earlier ones drawn as trends of complete scores (two intakes on one date: error,
  unless an export's wave column tells them apart).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from itertools import pairwise
from typing import Any

from ..content.conditions import walk
from ..content.screener_model import Score, Screener
from ..core.errors import Problem, ProblemList, problem
from ..documents.handout import Branding
from ..documents.report import (
    AnswerRow,
    BandSpan,
    EarlierFlags,
    FlagEntry,
    FlagItem,
    ReportDoc,
    ScoreEntry,
    ScreenerEntry,
    SuggestedHandout,
    Trend,
    TrendPoint,
)
from ..scoring.results import Flag, IntakeResult, ScoreResult, ScreenerResult

CHECKLIST_TEXT = ("Checklist: a conversation aid written for this toolkit, not a validated scale; "
                  "it has no cut-offs and is not a diagnosis.")
VALIDATED_TEXT = "Validated instrument"
NOT_ANSWERED = "not answered"
NOT_ASKED = "not asked in this export"  # a mapping's not_asked item (scorer: the "-not-asked" flag)
SKIPPED = "not asked (skipped by the form's logic)"
EARLIER_SUFFIX = "-earlier"  # a flag an earlier saved version of a filled form raised (scorer)
EARLIER_LABEL = "(in an earlier saved version of the form)"
EARLIER_ANSWER = "an earlier saved version of the form held the answer that raised this flag"


@dataclass(frozen=True)
class ReportInputs:
    """What planning needs to know about the practice and the client (plain data)."""

    branding: Branding
    client_name: str = ""
    language: str = "en"


def select_intakes(intakes: Sequence[Any], client_id: str | None = None,
                   source: str = "<intakes>") -> list[Any]:
    """The intakes of one client, oldest first (the last one is reported).

    ``intakes`` are :class:`~toolkit.intake.model.Intake` records (``client.id``, ``date``,
    ``source``).  Raises :class:`ProblemList` when there is no intake, several clients
    and no ``client_id``, an unknown ``client_id``, or two intakes on one date.
    Messages never name a client."""
    if not intakes:
        raise problem(source, "no intake to report")
    if client_id is not None:
        chosen = [i for i in intakes if i.client.id == client_id]
        if not chosen:
            raise problem(source, "no intake has the client id given with --client")
    else:
        clients = {i.client.id for i in intakes}
        if len(clients) > 1:
            raise problem(source, f"these intakes are of {len(clients)} different "
                                  "clients; choose one with --client ID (or use toolkit batch)")
        chosen = list(intakes)
    chosen.sort(key=lambda i: i.sort_key)  # date, then the export's wave
    problems = []
    for a, b in pairwise(chosen):
        if a.date == b.date and a.wave == b.wave:  # two waves of one date are two visits
            where = a.source if a.source == b.source else f"{a.source} and {b.source}"
            problems.append(Problem(b.source or source, 0, 0, "", f"two intakes of this client are dated "
                                    f"{b.date.isoformat()} (in {where}); keep one per date"))
    if problems:
        raise ProblemList(problems)
    return chosen


def plan_report(current: IntakeResult, history: Sequence[IntakeResult],
                screeners: Mapping[str, Screener], inputs: ReportInputs,
                suggested: Sequence[SuggestedHandout] = ()) -> ReportDoc:
    """The renderer-independent clinician summary of ``current`` (``history``: earlier
    results; ``suggested``: the handouts that fit ``current``, from
    :func:`toolkit.planning.suggestions.suggest_handouts`)."""
    by_id = {r.screener: r for r in current.results}
    urgent: list[FlagEntry] = []
    review: list[FlagEntry] = []
    for sid, flag in current.flags:
        entry = _flag_entry(flag, by_id[sid], screeners[sid])
        (urgent if flag.level == "urgent" else review).append(entry)
    notes = () if urgent else tuple(
        f"{short_title(r.title)}: {n}" for r in current.results for n in screeners[r.screener].notes
        if "rule out" in n.lower())
    earlier = sorted(history, key=lambda h: h.date)
    return ReportDoc(
        client_id=current.client_id, date=current.date, branding=inputs.branding,
        urgent=tuple(urgent), review=tuple(review), no_flag_notes=notes,
        screeners=tuple(_screener_entry(r, screeners[r.screener]) for r in current.results),
        history_dates=tuple(h.date for h in earlier),
        trends=_trends([*earlier, current], screeners) if earlier else (),
        earlier_flags=tuple(EarlierFlags(h.date, sum(f.level == "urgent" for _, f in h.flags),
                                         sum(f.level == "review" for _, f in h.flags))
                            for h in earlier if h.flags),
        client_name=inputs.client_name, language=inputs.language, suggested=tuple(suggested))


def short_title(title: str) -> str:
    """"Patient Health Questionnaire-9 (PHQ-9)" -> "PHQ-9"; other titles unchanged."""
    m = re.search(r"\(([^()]{1,24})\)\s*$", title)
    return m.group(1) if m else title


def answer_text(screener: Screener, item_id: str, value: Any) -> str:
    """The option's label and value, e.g. "Several days (1)"; "Yes" when they read the same."""
    if value is None:
        return NOT_ANSWERED
    try:
        options = screener.scale_of(item_id)
    except KeyError:
        return str(value)
    for o in options:
        if o.value == value:
            same = o.label.strip().lower() == str(value).strip().lower()
            return o.label if same else f"{o.label} ({value})"
    return str(value)


def _item_text(screener: Screener, item_id: str) -> str:
    try:
        return screener.item(item_id).text
    except KeyError:
        return ""


def _flag_entry(flag: Flag, result: ScreenerResult, screener: Screener) -> FlagEntry:
    if flag.item is not None:
        answer = NOT_ASKED if flag.id.endswith("-not-asked") else answer_text(
            screener, flag.item, result.answers.get(flag.item))
        if flag.id.endswith(EARLIER_SUFFIX):  # the answer shown is today's; the flag came from an earlier one
            answer += f" now; {EARLIER_ANSWER}"
        items: tuple[FlagItem, ...] = (FlagItem(flag.item, _item_text(screener, flag.item), answer),)
        return FlagEntry(flag.level, result.screener, result.title, flag.id, items, flag.message)
    earlier = flag.id.endswith(EARLIER_SUFFIX)  # raised by an earlier saved version of a filled form
    outcome = next((o for o in screener.outcomes if o.id == flag.id.removesuffix(EARLIER_SUFFIX)), None)
    refs: list[str] = []
    if outcome is not None:
        for kind, leaf, path in walk(outcome.when):
            if kind == "answer" and "not" not in path and leaf.item not in refs:
                refs.append(leaf.item)
    items = tuple(FlagItem(ref, _item_text(screener, ref), answer_text(screener, ref, result.answers.get(ref)))
                  for ref in refs)
    label = outcome.label if outcome is not None else flag.id
    return FlagEntry(flag.level, result.screener, result.title, flag.id, items, flag.message,
                     f"{label} {EARLIER_LABEL}" if earlier and outcome is not None else label)


def _bands(spec: Score | None, band_set: str | None = None) -> tuple[BandSpan, ...]:
    """The score's bands: the sex-specific set the result used (``band_set``), or the default."""
    if spec is None:
        return ()
    return tuple(BandSpan(b.id, b.label, b.min, b.top, b.below is not None)
                 for b in spec.bands_for(band_set)[1])


def _score_entry(s: ScoreResult, spec: Score | None) -> ScoreEntry:
    band = None
    if s.complete and s.value is not None and s.band is not None:
        band = BandSpan(s.band.id, s.band.label, s.band.min, s.band.max, s.band.max_exclusive)
    return ScoreEntry(s.id, s.label, s.value if s.complete else None, s.min, s.max, s.complete,
                      s.prorated, s.answered, s.expected, band, _bands(spec, s.band_set),
                      (spec.bands_citation or "") if spec else "", (spec.missing.note or "") if spec else "",
                      s.cut_off or "", s.skipped_text)


def _screener_entry(r: ScreenerResult, screener: Screener) -> ScreenerEntry:
    specs = {sc.id: sc for sc in screener.scores}
    rows = []
    for item in screener.items:
        value = r.answers.get(item.id)
        if value is not None:
            answer = answer_text(screener, item.id, value)
        else:
            answer = NOT_ANSWERED if item.id in r.missing else SKIPPED
        rows.append(AnswerRow(item.id, item.text, answer, value is not None, item.critical is not None))
    skipped = [row.item_id for row in rows if row.answer == SKIPPED]
    completeness = []
    if r.missing:
        completeness.append(f"Not answered: {', '.join(r.missing)} ({len(r.missing)} of "
                            f"{len(rows) - len(skipped)} items asked).")
    else:
        completeness.append("Every item asked was answered.")
    if skipped:
        completeness.append(f"Not asked, as the form's logic skips them: {', '.join(skipped)}.")
    for s in r.scores:
        na = f" ({s.not_applicable_note})" if s.not_applicable else ""
        if not s.complete:
            completeness.append(f"{s.label}: {s.answered} of {s.expected} answered{na}, too few to score; "
                                "no value and no band are given.")
        elif s.stopped:
            stop = specs[s.id].stop if s.id in specs else None
            completeness.append(f"{s.label}: {s.value}, set by the instrument's stop rule."
                                + (f" {stop.note}" if stop else ""))
        elif s.prorated:
            completeness.append(f"{s.label}: prorated from {s.answered} of {s.expected} answers{na}.")
        elif na:
            completeness.append(f"{s.label}: {s.answered} of {s.expected} items scored{na}.")
    return ScreenerEntry(
        r.screener, r.title, r.version, r.kind,
        CHECKLIST_TEXT if r.kind == "checklist" else VALIDATED_TEXT,
        tuple(_score_entry(s, specs.get(s.id)) for s in r.scores),
        tuple(o.label for o in r.outcomes), tuple(completeness), tuple(screener.notes), tuple(rows))


def _trends(results: Sequence[IntakeResult], screeners: Mapping[str, Screener]) -> tuple[Trend, ...]:
    """A trend per score of every screener given on two or more dates (current order first)."""
    order: list[str] = []
    for res in reversed(results):  # the current intake's screeners first
        order.extend(r.screener for r in res.results if r.screener not in order)
    out = []
    for sid in order:
        dated = [(res.date, r) for res in results for r in res.results if r.screener == sid]
        if len(dated) < 2:
            continue
        screener = screeners[sid]
        specs = {sc.id: sc for sc in screener.scores}
        score_ids: list[str] = []
        for _, r in dated:
            score_ids.extend(s.id for s in r.scores if s.id not in score_ids)
        for score_id in score_ids:
            points, omitted, lo, hi, label = [], [], None, None, score_id
            band_set = None  # the latest result's sex-specific band set, if any
            for date, r in dated:
                s = next((s for s in r.scores if s.id == score_id), None)
                if s is None:
                    continue
                lo, hi, label, band_set = s.min, s.max, s.label, s.band_set
                if s.complete and s.value is not None:
                    points.append(TrendPoint(date, s.value))
                else:
                    omitted.append(f"{date} (incomplete: {s.answered} of {s.expected} answered)")
            out.append(Trend(sid, dated[-1][1].title, score_id, label, lo if lo is not None else 0,
                             hi if hi is not None else 0, _bands(specs.get(score_id), band_set), tuple(points),
                             tuple(d for d, _ in dated), tuple(omitted)))
    return tuple(out)
