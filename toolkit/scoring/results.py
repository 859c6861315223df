"""Plain result records produced by the scorer (cheap to build, easy to test)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

Number = int | float


@dataclass(frozen=True, slots=True)
class BandResult:
    id: str
    label: str
    min: Number
    max: Number
    max_exclusive: bool = False

    def to_dict(self) -> dict[str, Any]:
        d: dict[str, Any] = {"id": self.id, "label": self.label, "min": self.min, "max": self.max}
        if self.max_exclusive:
            d["max_exclusive"] = True
        return d


@dataclass(frozen=True, slots=True)
class ScoreResult:
    id: str
    label: str
    value: Number | None
    min: Number
    max: Number
    band: BandResult | None
    answered: int
    expected: int
    prorated: bool
    complete: bool
    stopped: bool = False  # set by the instrument's stop rule (the PC-PTSD-5 with no traumatic event)
    cut_off: str | None = None
    """With sex-specific cut-offs: which were used, in words ("cut-off 3, used when sex is not given")."""
    band_set: str | None = None
    """With sex-specific cut-offs: the sex whose bands were used, or None for the default bands."""
    skipped: tuple[tuple[str, int], ...] = ()
    """(item, value): items skipped by their show_if, counted as their skipped_value (and in ``answered``)."""

    @property
    def skipped_text(self) -> str:
        """The skipped items in words: "q2, q3 skipped, counted as 0" (empty when none)."""
        if not self.skipped:
            return ""
        values = {v for _, v in self.skipped}
        if len(values) == 1:
            return f"{', '.join(i for i, _ in self.skipped)} skipped, counted as {values.pop()}"
        return "skipped, counted as " + ", ".join(f"{i} = {v}" for i, v in self.skipped)

    @property
    def band_text(self) -> str:
        """The band's label, with the cut-off used when the score has sex-specific cut-offs."""
        if self.band is None:
            return ""
        return f"{self.band.label} ({self.cut_off})" if self.cut_off else self.band.label

    # items answered "does not apply" (an option with applies: false): neither added nor missing
    not_applicable: tuple[str, ...] = ()

    @property
    def not_applicable_note(self) -> str:
        """ "item q1 does not apply" ("" when every item applies)."""
        items = self.not_applicable
        if not items:
            return ""
        return f"item {items[0]} does not apply" if len(items) == 1 else f"items {', '.join(items)} do not apply"

    def to_dict(self) -> dict[str, Any]:
        d: dict[str, Any] = {"id": self.id, "label": self.label, "value": self.value, "min": self.min,
                             "max": self.max, "band": self.band.to_dict() if self.band else None,
                             "answered": self.answered, "expected": self.expected,
                             "prorated": self.prorated, "complete": self.complete}
        if self.stopped:
            d["stopped"] = True
        if self.cut_off is not None:  # only scores with sex-specific cut-offs
            d["cut_off"] = {"text": self.cut_off, "band_set": self.band_set or "default"}
        if self.skipped:  # only when an item was skipped and counted as its skipped_value
            d["skipped"] = dict(self.skipped)
        if self.not_applicable:
            d["not_applicable"] = list(self.not_applicable)
        return d


@dataclass(frozen=True, slots=True)
class Flag:
    id: str
    item: str | None
    level: str  # "urgent" or "review"
    message: str

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "item": self.item, "level": self.level, "message": self.message}


@dataclass(frozen=True, slots=True)
class OutcomeResult:
    id: str
    label: str

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "label": self.label}


@dataclass(frozen=True, slots=True)
class ScreenerResult:
    screener: str
    version: str
    title: str
    kind: str
    scores: tuple[ScoreResult, ...]
    flags: tuple[Flag, ...]
    outcomes: tuple[OutcomeResult, ...]
    missing: tuple[str, ...]
    answers: dict[str, Any] = field(default_factory=dict)

    def score(self, score_id: str) -> ScoreResult:
        for s in self.scores:
            if s.id == score_id:
                return s
        raise KeyError(score_id)

    def to_dict(self) -> dict[str, Any]:
        return {"screener": self.screener, "version": self.version,
                "scores": [s.to_dict() for s in self.scores],
                "flags": [f.to_dict() for f in self.flags],
                "outcomes": [o.to_dict() for o in self.outcomes],
                "missing": list(self.missing)}


@dataclass(frozen=True, slots=True)
class IntakeResult:
    """Every screener result of one client's intake on one date."""

    client_id: str
    date: str
    results: tuple[ScreenerResult, ...]

    @property
    def flags(self) -> list[tuple[str, Flag]]:
        """All flags, urgent first, as (screener id, flag)."""
        pairs = [(r.screener, f) for r in self.results for f in r.flags]
        return sorted(pairs, key=lambda p: p[1].level != "urgent")

    def to_dict(self) -> dict[str, Any]:
        return {"client": {"id": self.client_id}, "date": self.date,
                "results": [r.to_dict() for r in self.results]}
