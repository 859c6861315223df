"""The scorer: ``score(screener, answers) -> ScreenerResult``.  Pure: no I/O.

``answers`` maps item id to an option *value* (already normalised by
:mod:`toolkit.intake.answers`); an unanswered item is simply absent (or ``None``).

Rules (docs/screener-format.md):
* reversed items count as ``scale max + scale min - value``;
* ``sum`` adds answered items; with missing items allowed and ``prorate``, the
  sum is ``round(sum x items / answered)`` with halves rounded up;
* ``mean`` is the mean of answered items; ``percent`` rescales that mean to 0-100;
* too many missing answers: value ``None``, no band, ``complete`` false;
* a critical item that is answered at/above its trigger raises its flag; one
  that is shown but unanswered (or not asked in an export) raises a ``review`` flag; answers are never dropped
  (``show_if`` only decides whether a *missing* answer counts as missing);
* ``changed`` and ``earlier`` (a filled form changed after it was filled): each
  changed item raises the ``review`` flag ``changed-after-filling``; a critical item
  whose answer in any earlier saved version raises its flag, and every flag an
  earlier version's answers raise (an outcome such as a positive ASQ), is raised
  again as ``<flag>-earlier`` at the same level when the answers now do not.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from ..content.conditions import Check, compile_condition
from ..content.score_values import max_missing, round_half_up, score_range, whole_values
from ..content.screener_model import Screener
from .results import BandResult, Flag, OutcomeResult, ScoreResult, ScreenerResult


@dataclass(frozen=True, slots=True)
class _ScorePlan:
    id: str
    label: str
    items: tuple[tuple[str, int | None], ...]  # (item id, reverse pivot or None)
    method: str
    max_missing: int
    min_answered: int
    prorate: bool
    lo: Any
    hi: Any
    item_lo: Any
    item_hi: Any
    bands: tuple[tuple[float, float, bool, BandResult], ...]  # (min, top, exclusive, band)


@dataclass(frozen=True, slots=True)
class _CriticalPlan:
    item: str
    flag: Flag
    at_least: int | None
    values: tuple | None
    unanswered: Flag
    not_asked: Flag
    earlier: Flag
    show_if: Check | None

    def raised_by(self, value: Any) -> bool:
        return value is not None and ((self.at_least is not None and value >= self.at_least) or (
            self.values is not None and value in self.values))


CHANGED_FLAG = "changed-after-filling"
EARLIER = (" An earlier saved version of this form raised this flag, and its answers were changed after "
           "the form was filled: check the answers with the client today.")


@dataclass(frozen=True, slots=True)
class ScoringPlan:
    screener: Screener
    scores: tuple[_ScorePlan, ...]
    critical: tuple[_CriticalPlan, ...]
    visible: tuple[tuple[str, Check | None], ...]  # item id, show_if
    outcomes: tuple[tuple[str, str, Check, Flag | None], ...]
    band_ranks: dict[str, dict[str, int]]


_PLANS: dict[int, ScoringPlan] = {}


def plan_for(screener: Screener) -> ScoringPlan:
    """The compiled scoring plan of a screener (built once per screener object)."""
    plan = _PLANS.get(id(screener))
    if plan is None or plan.screener is not screener:
        plan = _compile(screener)
        _PLANS[id(screener)] = plan
    return plan


def _compile(s: Screener) -> ScoringPlan:
    band_ranks = {sc.id: {b.id: i for i, b in enumerate(sc.bands)} for sc in s.scores}

    def rank(score_ref: str, band_id: str) -> int:
        return band_ranks[score_ref][band_id]

    score_plans = []
    for sc in s.scores:
        pivots = []
        for ref in sc.items:
            item = s.item(ref)
            values = whole_values(s, ref)
            pivots.append((ref, (min(values) + max(values)) if item.reverse else None))
        lo, hi, _ = score_range(s, sc)
        all_values = [o.value for ref in sc.items for o in s.scale_of(ref)]
        m = sc.missing
        n = len(sc.items)
        most_missing = max_missing(sc)
        bands = tuple(
            (b.min, b.top, b.below is not None,
             BandResult(b.id, b.label, b.min, b.top, b.below is not None))
            for b in sc.bands)
        score_plans.append(_ScorePlan(sc.id, sc.label, tuple(pivots), sc.method, most_missing,
                                      max(1, n - most_missing), m.prorate,
                                      _plain(lo), _plain(hi), min(all_values), max(all_values),
                                      bands))
    compiled_show = {it.id: compile_condition(it.show_if, rank) if it.show_if else None
                     for it in s.items}
    critical = []
    for it in s.items:
        c = it.critical
        if c is None:
            continue
        unanswered_msg = c.unanswered_message or f"Item '{it.id}' ({it.text}) was not answered; ask about it directly."
        critical.append(_CriticalPlan(
            it.id, Flag(c.id, it.id, c.level or "review", c.message or ""), c.at_least,
            tuple(c.values) if c.values is not None else None,
            Flag(c.id + "-unanswered", it.id, "review", unanswered_msg),
            Flag(c.id + "-not-asked", it.id, "review",
                 f"Item '{it.id}' ({it.text}) was not asked in this export; ask about it directly."),
            Flag(c.id + "-earlier", it.id, c.level or "review", (c.message or "").rstrip() + EARLIER),
            compiled_show[it.id]))
    outcomes = tuple(
        (oc.id, oc.label, compile_condition(oc.when, rank),
         Flag(oc.id, None, oc.flag.level, oc.flag.message) if oc.flag else None)
        for oc in s.outcomes)
    visible = tuple((it.id, compiled_show[it.id]) for it in s.items)
    return ScoringPlan(s, tuple(score_plans), tuple(critical), visible, outcomes, band_ranks)


def _plain(x: Any) -> Any:
    """Fraction -> int when whole, else float."""
    return int(x) if x == int(x) else float(x)


class _Ctx:
    """What conditions read while one screener is scored (local references)."""

    __slots__ = ("answers", "score_values", "band_ranks", "outcomes")

    def __init__(self, answers: Mapping[str, Any]):
        self.answers = answers
        self.score_values: dict[str, Any] = {}
        self.band_ranks: dict[str, int | None] = {}
        self.outcomes: set[str] = set()

    def answer(self, ref: str) -> Any:
        return self.answers.get(ref)

    def score_value(self, ref: str) -> Any:
        return self.score_values.get(ref)

    def band_rank(self, ref: str) -> int | None:
        return self.band_ranks.get(ref)

    def outcome(self, ref: str) -> bool:
        return ref in self.outcomes

    # flag, screened and country conditions are for handouts: check_screener refuses them in a screener
    def has_flag(self, level: str, screener: str | None) -> bool:
        raise TypeError("'flag' conditions are for handouts only, not a screener's conditions")

    def screened(self, screener: str) -> bool:
        raise TypeError("'screened' conditions are for handouts only, not a screener's conditions")

    def country(self) -> str:
        raise TypeError("'country' conditions are for handouts only, not a screener's conditions")


def score(screener: Screener, answers: Mapping[str, Any], *,
          not_asked: Collection[str] = (), changed: Mapping[str, Collection[Any]] | None = None,
          earlier: Sequence[Mapping[str, Any]] = ()) -> ScreenerResult:
    """Score one screener's normalised answers.  Pure; never raises on missing answers.
    ``not_asked``: item ids the export did not ask; a critical one among them still
    raises its review flag, saying it was not asked.  ``changed``: item id -> the
    answers earlier saved versions of a filled form held, for items changed later;
    ``earlier``: those versions' answers (each flag they raise is raised again)."""
    changed = changed or {}
    plan = plan_for(screener)
    answers = {k: v for k, v in answers.items() if v is not None}
    ctx = _Ctx(answers)
    scores = []
    for sp in plan.scores:
        result = _score_one(sp, answers)
        ctx.score_values[sp.id] = result.value
        ctx.band_ranks[sp.id] = None if result.band is None else plan.band_ranks[sp.id][result.band.id]
        scores.append(result)

    flags: list[Flag] = []
    for cp in plan.critical:
        value = answers.get(cp.item)
        if value is None:
            if cp.show_if is None or cp.show_if(ctx):
                flags.append(cp.not_asked if cp.item in not_asked else cp.unanswered)
        elif cp.raised_by(value):
            flags.append(cp.flag)
        if not cp.raised_by(value) and any(cp.raised_by(v) for v in changed.get(cp.item, ())):
            flags.append(cp.earlier)  # an urgent answer in any saved version is never lost
    flags.extend(_earlier_flags(plan, earlier, {f.id for f in flags}))
    flags.extend(Flag(CHANGED_FLAG, item, "review",
                      f"Item '{item}' was changed after the form was filled (a later saved version of the "
                      "file changed its answer); check the answers with the client.")
                 for item, _ in plan.visible if item in changed)
    outcomes = []
    for oc_id, label, check, flag in plan.outcomes:
        if check(ctx):
            ctx.outcomes.add(oc_id)
            outcomes.append(OutcomeResult(oc_id, label))
            if flag is not None:
                flags.append(flag)
    missing = tuple(item for item, show in plan.visible
                    if item not in answers and (show is None or show(ctx)))
    flags.sort(key=lambda f: f.level != "urgent")
    s = plan.screener
    return ScreenerResult(s.id, s.version, s.title, s.kind, tuple(scores), tuple(flags),
                          tuple(outcomes), missing, answers)


def _earlier_flags(plan: ScoringPlan, versions: Sequence[Mapping[str, Any]], raised: set[str]) -> list[Flag]:
    """The flags earlier saved versions' answers raise and the answers now do not (flags of
    unanswered or not-asked items aside: an earlier version may be the blank form)."""
    quiet = {f.id for cp in plan.critical for f in (cp.unanswered, cp.not_asked)}
    out = []
    for version in versions:
        for f in score(plan.screener, version).flags:
            if f.id in quiet or f.id in raised or f.id + "-earlier" in raised:
                continue
            raised.add(f.id + "-earlier")
            out.append(Flag(f.id + "-earlier", f.item, f.level, f.message.rstrip() + EARLIER))
    return out


def _score_one(sp: _ScorePlan, answers: Mapping[str, Any]) -> ScoreResult:
    total = 0
    answered = 0
    for item, pivot in sp.items:
        v = answers.get(item)
        if v is not None:
            total += v if pivot is None else pivot - v
            answered += 1
    n = len(sp.items)
    missing = n - answered
    complete = missing <= sp.max_missing and answered >= sp.min_answered
    value: Any = None
    prorated = False
    if complete:
        if sp.method == "sum":
            if missing and sp.prorate:
                value = round_half_up(total * n / answered)
                prorated = True
            else:
                value = total
        else:
            mean = total / answered
            if sp.method == "percent":
                item_lo, item_hi = sp.item_lo, sp.item_hi
                mean = (mean - item_lo) / (item_hi - item_lo) * 100 if item_hi > item_lo else 0.0
            value = round(mean, 2)
            if value == int(value):
                value = int(value)
            prorated = missing > 0
    band = None
    if value is not None:
        for lo, top, exclusive, b in sp.bands:
            if lo <= value and (value < top if exclusive else value <= top):
                band = b
                break
    return ScoreResult(sp.id, sp.label, value, sp.lo, sp.hi, band, answered, n, prorated, complete)
