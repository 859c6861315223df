"""Structured conditions (``all`` / ``any`` / ``not`` over answers, scores, bands,
outcomes): the model, and compilation to small closures.

Conditions are data, never evaluated code.  The same model serves screeners
(``show_if``, ``outcomes``; references are local ids such as ``q9``) and
handouts (references qualified by screener, such as ``phq9.q9``, plus ``flag``,
``screened`` and ``country``, the practice's country, which depends on no client).
Which references are allowed where is checked by
:mod:`toolkit.content.screener_checks` and :mod:`toolkit.content.handout_checks`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Any, Literal, Protocol

from pydantic import Field, StrictStr, model_validator

from ..core.model_types import Id, Number, Strict, Value
from .countries import same_country

Ref = Annotated[StrictStr, Field(pattern=r"^[a-z0-9][a-z0-9_-]*(\.[a-z0-9][a-z0-9_-]*)?$",
                                 max_length=130)]
"""An id, or ``screener.id`` in handouts."""


def _exactly_one(model: Strict, names: tuple[str, ...], what: str) -> None:
    given = [n for n in names if getattr(model, n) is not None]
    if len(given) != 1:
        aliases = ", ".join(_alias(n) for n in names)
        raise ValueError(f"{what} needs exactly one of: {aliases}"
                         + (f" (found {', '.join(_alias(n) for n in given)})" if given else ""))


def _alias(name: str) -> str:
    return name.rstrip("_")


class AnswerTest(Strict):
    item: Ref
    equals: Value | None = None
    in_: list[Value] | None = Field(default=None, alias="in", min_length=1)
    at_least: int | None = None
    at_most: int | None = None
    answered: bool | None = None

    @model_validator(mode="after")
    def _one_test(self) -> AnswerTest:
        _exactly_one(self, ("equals", "in_", "at_least", "at_most", "answered"), "an answer test")
        return self


class ScoreTest(Strict):
    score: Ref
    gte: Number | None = None
    gt: Number | None = None
    lte: Number | None = None
    lt: Number | None = None

    @model_validator(mode="after")
    def _one_test(self) -> ScoreTest:
        _exactly_one(self, ("gte", "gt", "lte", "lt"), "a score test")
        return self


class BandTest(Strict):
    score: Ref
    is_: Ref | None = Field(default=None, alias="is")
    at_least: Ref | None = None
    at_most: Ref | None = None

    @model_validator(mode="after")
    def _one_test(self) -> BandTest:
        _exactly_one(self, ("is_", "at_least", "at_most"), "a band test")
        return self


FlagLevel = Literal["urgent", "review", "any"]


class FlagTest(Strict):
    level: FlagLevel = "any"
    screener: Id | None = None


CountryCode = Annotated[StrictStr, Field(min_length=1, max_length=20)]
"""Checked against the known countries in :mod:`toolkit.content.condition_checks`."""


class Condition(Strict):
    all_: list[Condition] | None = Field(default=None, alias="all", min_length=1)
    any_: list[Condition] | None = Field(default=None, alias="any", min_length=1)
    not_: Condition | None = Field(default=None, alias="not")
    answer: AnswerTest | None = None
    score: ScoreTest | None = None
    band: BandTest | None = None
    outcome: Ref | None = None
    flag: FlagTest | None = None
    screened: Id | None = None
    country: list[CountryCode] | None = Field(default=None, min_length=1)

    @model_validator(mode="after")
    def _one_key(self) -> Condition:
        _exactly_one(self, LEAVES_AND_GROUPS, "a condition")
        return self


LEAVES = ("answer", "score", "band", "outcome", "flag", "screened", "country")
CLIENT_FREE = ("country",)
"""Leaf kinds that depend on no client's answers (the practice's country)."""
LEAVES_AND_GROUPS = ("all_", "any_", "not_", *LEAVES)


def client_free(cond: Condition) -> bool:
    """True when no leaf of the condition depends on a client (only the practice's country)."""
    return all(kind in CLIENT_FREE for kind, _, _ in walk(cond))


def walk(cond: Condition, path: tuple = ()):
    """Yield (leaf-kind, leaf, path) for every leaf of a condition tree."""
    for name in ("all_", "any_"):
        children = getattr(cond, name)
        if children is not None:
            for i, child in enumerate(children):
                yield from walk(child, path + (_alias(name), i))
            return
    if cond.not_ is not None:
        yield from walk(cond.not_, path + ("not",))
        return
    for name in LEAVES:
        leaf = getattr(cond, name)
        if leaf is not None:
            yield name, leaf, path + (name,)
            return


class Context(Protocol):
    """What a compiled condition reads; scope (local or qualified refs) is the context's."""

    def answer(self, ref: str) -> Any: ...
    def score_value(self, ref: str) -> float | None: ...
    def band_rank(self, ref: str) -> int | None: ...
    def outcome(self, ref: str) -> bool: ...
    def has_flag(self, level: str, screener: str | None) -> bool: ...
    def screened(self, screener: str) -> bool: ...
    def country(self) -> str: ...  # the practice's country code, as same_country spells it; "" unknown


Check = Callable[[Context], bool]
BandRanks = Callable[[str, str], int]


def compile_condition(cond: Condition, band_rank: BandRanks) -> Check:
    """Turn a (validated) condition into a closure ``check(ctx) -> bool``.

    ``band_rank(score_ref, band_id)`` gives the position of a band in its score's
    band list, so ``at_least: moderate`` is a comparison of ranks.
    """
    if cond.all_ is not None:
        parts = tuple(compile_condition(c, band_rank) for c in cond.all_)
        return lambda ctx: all(p(ctx) for p in parts)
    if cond.any_ is not None:
        parts = tuple(compile_condition(c, band_rank) for c in cond.any_)
        return lambda ctx: any(p(ctx) for p in parts)
    if cond.not_ is not None:
        inner = compile_condition(cond.not_, band_rank)
        return lambda ctx: not inner(ctx)
    if cond.answer is not None:
        return _compile_answer(cond.answer)
    if cond.score is not None:
        return _compile_score(cond.score)
    if cond.band is not None:
        return _compile_band(cond.band, band_rank)
    if cond.flag is not None:
        level, sid = cond.flag.level, cond.flag.screener
        return lambda ctx: ctx.has_flag(level, sid)
    if cond.screened is not None:
        screener = cond.screened
        return lambda ctx: ctx.screened(screener)
    if cond.country is not None:
        codes = frozenset(same_country(c) for c in cond.country)
        return lambda ctx: ctx.country() in codes
    ref = cond.outcome
    assert ref is not None  # _one_key: a condition that is none of the kinds above is an outcome test
    return lambda ctx: ctx.outcome(ref)


def _compile_answer(t: AnswerTest) -> Check:
    item = t.item
    if t.answered is not None:
        want = t.answered
        return lambda ctx: (ctx.answer(item) is not None) == want
    if t.equals is not None:
        target = t.equals
        return lambda ctx: _same(ctx.answer(item), target)
    if t.in_ is not None:
        targets = tuple(t.in_)
        return lambda ctx: any(_same(ctx.answer(item), x) for x in targets)
    if t.at_least is not None:
        lo = t.at_least
        return lambda ctx: (a := _num(ctx.answer(item))) is not None and a >= lo
    hi = t.at_most
    return lambda ctx: (a := _num(ctx.answer(item))) is not None and a <= hi


def _same(answer: Any, target: Any) -> bool:
    return answer is not None and type(answer) is type(target) and answer == target


def _num(answer: Any) -> Any:
    return answer if isinstance(answer, int) and not isinstance(answer, bool) else None


def _compile_score(t: ScoreTest) -> Check:
    ref = t.score
    op: Literal["gte", "gt", "lte", "lt"]
    for op in ("gte", "gt", "lte", "lt"):
        bound = getattr(t, op)
        if bound is not None:
            break
    compare = {"gte": lambda v: v >= bound, "gt": lambda v: v > bound,
               "lte": lambda v: v <= bound, "lt": lambda v: v < bound}[op]

    def check(ctx: Context) -> bool:
        value = ctx.score_value(ref)
        return value is not None and compare(value)
    return check


def _compile_band(t: BandTest, band_rank: BandRanks) -> Check:
    ref = t.score
    if t.is_ is not None:
        want = band_rank(ref, t.is_)
        return lambda ctx: ctx.band_rank(ref) == want
    if t.at_least is not None:
        lo = band_rank(ref, t.at_least)
        return lambda ctx: (r := ctx.band_rank(ref)) is not None and r >= lo
    assert t.at_most is not None  # _one_test: a band test that is neither of the above is at_most
    hi = band_rank(ref, t.at_most)
    return lambda ctx: (r := ctx.band_rank(ref)) is not None and r <= hi
