"""The pydantic model of a screener file (see docs/screener-format.md)."""

from __future__ import annotations

from typing import Literal

from pydantic import Field, model_validator

from ..core.model_types import Id, Number, Strict, Text, Value
from .conditions import Condition

Level = Literal["urgent", "review"]
# The sexes a published cut-off can name (an intake's client.sex may also be "other" or
# "not-given": then a score uses its default bands, the cautious choice).
CutOffSex = Literal["female", "male"]


class Option(Strict):
    value: Value
    label: Text
    loinc: Text | None = None
    # false: the answer means "this item does not apply to me" (the WSAS's "retired, or I
    # choose not to work" box): a given answer, never missing or unanswered, that no score
    # adds; a score counts the item as not applying (docs/screener-format.md)
    applies: bool = True


class Licence(Strict):
    status: Literal["free", "restricted", "original"]
    text: Text


class Critical(Strict):
    """A safety rule on one item.  With a trigger (``at_least`` or ``values``) an
    answer can raise a flag of ``level`` with ``message``; with or without one,
    the item unanswered raises a ``review`` flag."""

    id: Id
    level: Level | None = None
    at_least: int | None = None
    values: list[Value] | None = Field(default=None, min_length=1)
    message: Text | None = None
    unanswered_message: Text | None = None

    @model_validator(mode="after")
    def _trigger(self) -> Critical:
        if self.at_least is not None and self.values is not None:
            raise ValueError("a critical rule takes at_least or values, not both")
        if self.at_least is not None or self.values is not None:
            if self.level is None or self.message is None:
                raise ValueError("a critical rule with a trigger (at_least or values) needs a level and a message")
        elif self.level is not None or self.message is not None:
            raise ValueError("level and message only apply with a trigger (at_least or values); "
                             "without one, only an unanswered item is flagged (use unanswered_message)")
        return self


class Item(Strict):
    id: Id
    text: Text
    scale: Id
    reverse: bool = False
    show_if: Condition | None = None
    critical: Critical | None = None
    # with show_if: the value a skipped item (show_if false, no answer) counts as in scores,
    # e.g. AUDIT-C items 2 and 3 count 0 when item 1 is "Never" (the WHO AUDIT manual)
    skipped_value: int | None = None
    loinc: Text | None = None


class Missing(Strict):
    max_missing: int | None = Field(default=None, ge=0)
    min_answered: int | None = Field(default=None, ge=1)
    prorate: bool = False
    note: Text | None = None

    @model_validator(mode="after")
    def _one_rule(self) -> Missing:
        if self.max_missing is not None and self.min_answered is not None:
            raise ValueError("give max_missing or min_answered, not both")
        return self


class Band(Strict):
    id: Id
    label: Text
    min: Number
    max: Number | None = None
    below: Number | None = None
    note: Text | None = None

    @model_validator(mode="after")
    def _one_top(self) -> Band:
        if (self.max is None) == (self.below is None):
            raise ValueError("a band needs max (inclusive) or below (exclusive), exactly one")
        return self

    @property
    def top(self) -> float:
        """The upper bound: max (inclusive) or below (exclusive), whichever is given."""
        top = self.max if self.max is not None else self.below
        assert top is not None  # _one_top: exactly one of them is given
        return top


class Stop(Strict):
    """An instrument's own stop rule: when ``when`` holds (a condition on answers), the
    score is complete with ``value``, whatever its items' answers (the PC-PTSD-5: no
    traumatic event, "screen total = 0. Please stop here")."""

    when: Condition
    value: Number
    note: Text


class Score(Strict):
    id: Id
    label: Text
    items: list[Id] = Field(min_length=1)
    method: Literal["sum", "mean", "percent"]
    missing: Missing = Missing()
    stop: Stop | None = None
    bands_citation: Text | None = None
    bands: list[Band] = Field(default_factory=list)
    # sex-specific cut-offs: band sets with the same band ids as ``bands``, which stay the
    # default (used when the client's sex is not given or has no set here)
    bands_by_sex: dict[CutOffSex, list[Band]] = Field(default_factory=dict)
    loinc: Text | None = None

    def bands_for(self, sex: str | None) -> tuple[str | None, list[Band]]:
        """The band set a client's sex selects: (the sex, its bands), or (None, the default)."""
        if sex is not None and sex in self.bands_by_sex:
            return sex, self.bands_by_sex[sex]
        return None, self.bands


class OutcomeFlag(Strict):
    level: Level
    message: Text


class Outcome(Strict):
    id: Id
    label: Text
    when: Condition
    flag: OutcomeFlag | None = None
    note: Text | None = None


class Screener(Strict):
    id: Id
    version: Text
    title: Text
    kind: Literal["validated", "checklist"]
    # who answers: the client on a form ("self-report"), or a clinician who asks the
    # questions aloud ("clinician", e.g. the ASQ: "Ask the patient ..."); toolkit form
    # prints a clinician's screener only on a form for the clinician (--clinician)
    administration: Literal["self-report", "clinician"] = "self-report"
    citation: Text
    licence: Licence
    timeframe: Text
    instructions: Text
    loinc: Text | None = None
    notes: list[Text] = Field(default_factory=list)
    scales: dict[Id, list[Option]] = Field(min_length=1)
    items: list[Item] = Field(min_length=1)
    scores: list[Score] = Field(default_factory=list)
    outcomes: list[Outcome] = Field(default_factory=list)

    def item(self, item_id: str) -> Item:
        for it in self.items:
            if it.id == item_id:
                return it
        raise KeyError(item_id)

    def scale_of(self, item_id: str) -> list[Option]:
        return self.scales[self.item(item_id).scale]
