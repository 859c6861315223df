"""The scorer: ``score(screener, answers) -> ScreenerResult``.  Pure: no I/O.

``answers`` maps item id to an option *value* (already normalised by
:mod:`toolkit.intake.answers`); an unanswered item is simply absent (or ``None``).

Rules (docs/screener-format.md):
* reversed items count as ``scale max + scale min - value``;
* an answer whose option does not apply (``applies: false``, the WSAS's "not working"
  box) is kept and is not missing, but no score adds it: a score counts the item among
  its ``not_applicable`` items and, like a missing one, against its missing-answer rule
  (prorating included);
* ``sum`` adds answered items; with missing items allowed and ``prorate``, the
  sum is ``round(sum x items / answered)`` with halves rounded up;
* ``mean`` is the mean of answered items; ``percent`` rescales that mean to 0-100;
* too many missing answers: value ``None``, no band, ``complete`` false;
* a score's ``stop`` rule (the instrument's own, tested on answers) that holds gives
  its value, complete, whatever the items' answers (``stopped`` true);
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
from ..content.score_values import max_missing, not_applying, round_half_up, score_range, whole_values
from ..content.screener_model import Band, Screener
from .results import BandResult, Flag, OutcomeResult, ScoreResult, ScreenerResult


@dataclass(frozen=True, slots=True)
class _ScorePlan:
    id: str
    label: str
    items: tuple[tuple[str, int | None, frozenset], ...]  # (item id, reverse pivot or None, "does not apply" values)
    method: str
    max_missing: int
    min_answered: int
    prorate: bool
    lo: Any
    hi: Any
    item_lo: Any
    item_hi: Any
    bands: tuple[tuple[float, float, bool, BandResult], ...]  # (min, top, exclusive, band)
    by_sex: dict[str, tuple[tuple[float, float, bool, BandResult], ...]]  # bands_by_sex, compiled
    cut_offs: dict[str, str]  # band set ("" for the default) -> its cut-offs in words ("cut-off 3")
    stop: tuple[Check, Any] | None = None  # (when, value): the instrument's stop rule


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
        return value is not None and ((self.at_least is not None and isinstance(value, int)
                                       and value >= self.at_least) or (
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
    skipped: tuple[tuple[str, int, Check], ...]  # (item, skipped_value, show_if)


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
            pivots.append((ref, (min(values) + max(values)) if item.reverse else None, not_applying(s, ref)))
        lo, hi, _ = score_range(s, sc)
        all_values = [v for ref in sc.items for v in whole_values(s, ref)]
        m = sc.missing
        n = len(sc.items)
        most_missing = max_missing(sc)
        by_sex: dict[str, tuple] = {sex: _bands(bands) for sex, bands in sc.bands_by_sex.items()}
        cut_offs: dict[str, str] = {sex: _cut_offs(bands) for sex, bands in sc.bands_by_sex.items()}
        score_plans.append(_ScorePlan(sc.id, sc.label, tuple(pivots), sc.method, most_missing,
                                      max(1, n - most_missing), m.prorate,
                                      _plain(lo), _plain(hi), min(all_values), max(all_values),
                                      _bands(sc.bands), by_sex, {"": _cut_offs(sc.bands), **cut_offs},
                                      (compile_condition(sc.stop.when, rank), sc.stop.value)
                                      if sc.stop else None))
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
    skipped = tuple((it.id, it.skipped_value, check) for it in s.items
                    if it.skipped_value is not None and (check := compiled_show[it.id]) is not None)
    return ScoringPlan(s, tuple(score_plans), tuple(critical), visible, outcomes, band_ranks, skipped)


def _bands(bands: Sequence[Band]) -> tuple[tuple[float, float, bool, BandResult], ...]:
    return tuple((b.min, b.top, b.below is not None, BandResult(b.id, b.label, b.min, b.top, b.below is not None))
                 for b in bands)


def _cut_offs(bands: Sequence[Band]) -> str:
    """A band set's cut-offs in words: the lowest score of each band after the first."""
    mins = [f"{_plain(b.min)}" for b in bands[1:]]
    if len(mins) < 2:
        return f"cut-off {mins[0]}" if mins else ""
    return f"cut-offs {', '.join(mins[:-1])} and {mins[-1]}"


# Which cut-off a score with sex-specific bands used, in words (the client's sex selects it).
USED_FOR_SEX = {"female": "for women", "male": "for men"}
USED_WITHOUT_SEX = "used when sex is not given"
USED_FOR_OTHER_SEX = "used when the published cut-offs do not cover the client's sex"


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
          earlier: Sequence[Mapping[str, Any]] = (), sex: str | None = None) -> ScreenerResult:
    """Score one screener's normalised answers.  Pure; never raises on missing answers.
    ``not_asked``: item ids the export did not ask; a critical one among them still
    raises its review flag, saying it was not asked.  ``changed``: item id -> the
    answers earlier saved versions of a filled form held, for items changed later;
    ``earlier``: those versions' answers (each flag they raise is raised again).
    ``sex``: the client's sex (an intake's ``client.sex``), which selects a score's
    ``bands_by_sex``; without one the default bands (the cautious choice) are used."""
    changed = changed or {}
    plan = plan_for(screener)
    answers = {k: v for k, v in answers.items() if v is not None}
    ctx = _Ctx(answers)
    values = dict(answers)  # with each skipped item's skipped_value (show_if tests answers only)
    values.update((item, value) for item, value, show in plan.skipped if item not in answers and not show(ctx))
    skipped = frozenset(values) - frozenset(answers)
    scores = []
    for sp in plan.scores:
        result = _score_one(sp, values, sex, skipped, stopped=sp.stop is not None and sp.stop[0](ctx))
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
    flags.extend(_earlier_flags(plan, earlier, {f.id for f in flags}, sex))
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


def _earlier_flags(plan: ScoringPlan, versions: Sequence[Mapping[str, Any]], raised: set[str],
                   sex: str | None) -> list[Flag]:
    """The flags earlier saved versions' answers raise and the answers now do not (flags of
    unanswered or not-asked items aside: an earlier version may be the blank form)."""
    quiet = {f.id for cp in plan.critical for f in (cp.unanswered, cp.not_asked)}
    out = []
    for version in versions:
        for f in score(plan.screener, version, sex=sex).flags:
            if f.id in quiet or f.id in raised or f.id + "-earlier" in raised:
                continue
            raised.add(f.id + "-earlier")
            out.append(Flag(f.id + "-earlier", f.item, f.level, f.message.rstrip() + EARLIER))
    return out


def _score_one(sp: _ScorePlan, answers: Mapping[str, Any], sex: str | None = None,
               skipped: frozenset[str] = frozenset(), *, stopped: bool = False) -> ScoreResult:
    total = 0
    answered = 0
    not_applicable = []
    for item, pivot, na in sp.items:
        v = answers.get(item)
        if v is not None and v in na:
            not_applicable.append(item)
        elif v is not None:
            total += v if pivot is None else pivot - v
            answered += 1
    n = len(sp.items)
    missing = n - answered
    complete = stopped or (missing <= sp.max_missing and answered >= sp.min_answered)
    value: Any = None
    prorated = False
    if stopped:
        assert sp.stop is not None
        value = sp.stop[1]
    elif complete:
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
    bands, cut_off, band_set = sp.bands, None, None
    if sp.by_sex:  # sex-specific cut-offs: say which were used
        if sex in sp.by_sex:
            bands, band_set = sp.by_sex[sex], sex
            cut_off = f"{sp.cut_offs[sex]} {USED_FOR_SEX.get(sex, '')}".strip()
        else:
            used = USED_WITHOUT_SEX if sex in (None, "not-given") else USED_FOR_OTHER_SEX
            cut_off = f"{sp.cut_offs['']}, {used}"
    if value is not None:
        for lo, top, exclusive, b in bands:
            if lo <= value and (value < top if exclusive else value <= top):
                band = b
                break
    return ScoreResult(sp.id, sp.label, value, sp.lo, sp.hi, band, answered, n, prorated, complete, stopped,
                       cut_off, band_set, tuple((item, answers[item]) for item, *_ in sp.items if item in skipped),
                       tuple(not_applicable))
