"""The renderer-independent clinician summary that report planning produces.

Plain frozen records, like :mod:`toolkit.documents.handout` for handouts.  Every text is
literal (renderers escape it).  ``client_id`` and ``client_name`` are client
data: a renderer may draw them on the page, never put them in metadata.
"""

from __future__ import annotations

from dataclasses import dataclass

from .handout import Branding

Number = int | float
REPORT_TITLE = "Clinician summary"
REPORT_FOOTER = "For the clinician. Screening results are not a diagnosis; they support clinical judgement."


@dataclass(frozen=True)
class BandSpan:
    id: str
    label: str
    min: Number
    max: Number
    max_exclusive: bool = False

    @property
    def range_text(self) -> str:
        if self.max_exclusive:
            return f"{num(self.min)} to below {num(self.max)}"
        return f"{num(self.min)}\u2013{num(self.max)}"


@dataclass(frozen=True)
class SuggestedHandout:
    """A handout that fits this client's results, and the reasons its template gives
    (written for clinicians; never client data)."""

    handout_id: str
    title: str
    reasons: tuple[str, ...]

    def to_dict(self) -> dict[str, object]:
        return {"handout": self.handout_id, "title": self.title, "reasons": list(self.reasons)}


@dataclass(frozen=True)
class FlagItem:
    """One item behind a flag: its id and text, and the client's answer."""

    item_id: str
    text: str
    answer: str  # "Several days (1)" or "not answered"


@dataclass(frozen=True)
class FlagEntry:
    level: str  # "urgent" or "review"
    screener_id: str
    screener_title: str
    flag_id: str
    items: tuple[FlagItem, ...]
    action: str  # the flag's message: what to do
    outcome: str = ""  # for a flag raised by an outcome (ASQ): the outcome's label


@dataclass(frozen=True)
class ScoreEntry:
    score_id: str
    label: str
    value: Number | None  # None when not scored
    min: Number
    max: Number
    complete: bool
    prorated: bool
    answered: int
    expected: int
    band: BandSpan | None  # never set for an incomplete score
    bands: tuple[BandSpan, ...]
    citation: str = ""
    rule: str = ""  # the screener's missing-answer rule, in words
    cut_off: str = ""  # with sex-specific cut-offs: which were used ("cut-off 3, used when sex is not given")
    skipped: str = ""  # items skipped by their rule, in words ("q2, q3 skipped, counted as 0")

    @property
    def value_text(self) -> str:
        if not self.complete or self.value is None:
            return f"incomplete: {self.answered} of {self.expected} answered; not scored"
        if self.prorated:
            return f"{num(self.value)} (prorated from {self.answered} of {self.expected} answers)"
        return num(self.value)

    @property
    def range_text(self) -> str:
        return f"{num(self.min)}\u2013{num(self.max)}"


@dataclass(frozen=True)
class AnswerRow:
    item_id: str
    text: str
    answer: str  # "More than half the days (2)", "not answered" or "not asked (skipped)"
    answered: bool
    critical: bool = False


@dataclass(frozen=True)
class ScreenerEntry:
    id: str
    title: str
    version: str
    kind: str  # "validated" or "checklist"
    kind_text: str
    scores: tuple[ScoreEntry, ...]
    outcomes: tuple[str, ...]  # labels of the outcomes that hold
    completeness: tuple[str, ...]
    notes: tuple[str, ...]
    answers: tuple[AnswerRow, ...]


@dataclass(frozen=True)
class TrendPoint:
    date: str
    value: Number


@dataclass(frozen=True)
class Trend:
    """One score over the client's dated intakes (complete values only)."""

    screener_id: str
    screener_title: str
    score_id: str
    label: str
    min: Number
    max: Number
    bands: tuple[BandSpan, ...]
    points: tuple[TrendPoint, ...]
    dates: tuple[str, ...]  # every date this screener was screened (x axis)
    omitted: tuple[str, ...]  # "2026-10-01 (incomplete: 6 of 9 answered)"


@dataclass(frozen=True)
class EarlierFlags:
    date: str
    urgent: int
    review: int


@dataclass(frozen=True)
class ReportDoc:
    client_id: str
    date: str
    branding: Branding
    urgent: tuple[FlagEntry, ...]
    review: tuple[FlagEntry, ...]
    no_flag_notes: tuple[str, ...]  # shown only when there are no flags
    screeners: tuple[ScreenerEntry, ...]
    history_dates: tuple[str, ...] = ()  # earlier intake dates, oldest first
    trends: tuple[Trend, ...] = ()
    earlier_flags: tuple[EarlierFlags, ...] = ()
    client_name: str = ""
    title: str = REPORT_TITLE
    footer: str = REPORT_FOOTER
    language: str = "en"
    suggested: tuple[SuggestedHandout, ...] = ()  # handouts whose `suggest:` the results meet

    @property
    def running(self) -> str:
        """The line printed under the header on every page."""
        return f"{self.title} \u00b7 Client {self.client_id} \u00b7 Intake {self.date} \u00b7 Confidential"


def num(x: Number | None) -> str:
    """A score as text: whole numbers without a decimal point, others to 2 places at most."""
    if x is None:
        return ""
    if isinstance(x, float) and not x.is_integer():
        return f"{x:.2f}".rstrip("0").rstrip(".")
    return str(int(x))
