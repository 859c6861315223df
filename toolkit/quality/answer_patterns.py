"""Answer patterns that reach every band, outcome and flag of a screener.  Pure.

Used by :mod:`toolkit.quality.variants` to imagine clients: for each screener a short,
deterministic list of answer sets, scored with the real scorer, such that every
band of every score, every outcome and every flag is reached by at least one of
them (when it can be reached at all), together with "nothing of note",
"nothing answered" and each critical item left unanswered.

How (in this order, simplest first, duplicates dropped):
1. every item at the same option (the lowest, the next, ..., the highest);
2. one item changed from each of those baselines, to each of its options;
3. for each score, every reachable total (or a sample of 400), spread over its
   items from the lowest up;
4. nothing answered, and each item left unanswered in turn;
5. the full product of all options when it is small (at most ``FULL_PRODUCT``);
6. only if some band, outcome or flag is still unreached: two items changed.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from itertools import combinations, product
from math import gcd, prod
from typing import Any

from ..content.screener_model import Screener
from ..scoring.results import ScreenerResult
from ..scoring.scorer import score

FULL_PRODUCT = 6000
MAX_TOTALS = 400
MAX_PAIR_TRIES = 30000


@dataclass(frozen=True)
class Pattern:
    answers: tuple[tuple[str, Any], ...]  # (item id, value), in item order
    result: ScreenerResult


def options(screener: Screener, item_id: str) -> list[Any]:
    """An item's values, lowest first for number scales, else in the listed order."""
    values = [o.value for o in screener.scale_of(item_id)]
    numbers = [v for v in values if isinstance(v, int) and not isinstance(v, bool)]
    if numbers:  # a "does not apply" answer (text, applies: false) comes after the numbers
        return sorted(numbers) + [v for v in values if v not in numbers]
    return values


def targets(screener: Screener) -> set[tuple]:
    """Everything a pattern list should reach: bands, outcomes, flags."""
    found: set[tuple] = {("band", sc.id, b.id) for sc in screener.scores for b in sc.bands}
    found |= {("outcome", o.id) for o in screener.outcomes}
    for it in screener.items:
        c = it.critical
        if c is not None:
            found.add(("flag", c.id + "-unanswered"))
            if c.at_least is not None or c.values is not None:
                found.add(("flag", c.id))
    found |= {("flag", o.id) for o in screener.outcomes if o.flag is not None}
    return found


def reached(result: ScreenerResult) -> set[tuple]:
    out: set[tuple] = {("band", s.id, s.band.id) for s in result.scores if s.band is not None}
    out |= {("outcome", o.id) for o in result.outcomes}
    out |= {("flag", f.id) for f in result.flags}
    return out


def _baselines(screener: Screener) -> list[dict[str, Any]]:
    opts = {it.id: options(screener, it.id) for it in screener.items}
    depth = max(len(v) for v in opts.values())
    return [{i: v[min(k, len(v) - 1)] for i, v in opts.items()} for k in range(depth)]


def _singles(screener: Screener, bases: list[dict[str, Any]]) -> Iterator[dict[str, Any]]:
    for base in bases:
        for it in screener.items:
            for value in options(screener, it.id):
                yield {**base, it.id: value}


def _totals(screener: Screener, low: dict[str, Any]) -> Iterator[dict[str, Any]]:
    """Every reachable total of each score, spread greedily over the score's items."""
    for sc in screener.scores:
        contrib: list[tuple[str, dict[int, Any]]] = []  # item -> {contribution: answer value}
        for ref in sc.items:
            values = [v for v in options(screener, ref) if isinstance(v, int)]  # "does not apply" aside
            if not values:
                break
            pivot = min(values) + max(values)
            reverse = screener.item(ref).reverse
            contrib.append((ref, {(pivot - v if reverse else v): v for v in values}))
        else:
            lo = sum(min(c) for _, c in contrib)
            hi = sum(max(c) for _, c in contrib)
            step = 0
            for _, c in contrib:
                for v in c:
                    step = gcd(step, v - min(c))
            step = step or 1
            totals = list(range(lo, hi + 1, step))
            if len(totals) > MAX_TOTALS:
                totals = [totals[round(i * (len(totals) - 1) / (MAX_TOTALS - 1))] for i in range(MAX_TOTALS)]
            for total in totals:
                answers, left = dict(low), total - lo
                for ref, c in contrib:
                    base = min(c)
                    best = max(k for k in c if k - base <= left)
                    answers[ref] = c[best]
                    left -= best - base
                if left == 0:
                    yield answers


def _unanswered(screener: Screener, low: dict[str, Any]) -> Iterator[dict[str, Any]]:
    yield {}
    for it in screener.items:
        yield {k: v for k, v in low.items() if k != it.id}


def _full(screener: Screener) -> Iterator[dict[str, Any]]:
    ids = [it.id for it in screener.items]
    opts = [options(screener, i) for i in ids]
    if prod(len(o) for o in opts) <= FULL_PRODUCT:
        for combo in product(*opts):
            yield dict(zip(ids, combo, strict=True))


def _pairs(screener: Screener, bases: list[dict[str, Any]]) -> Iterator[dict[str, Any]]:
    tries = 0
    for base in (bases[0], bases[-1]):
        for a, b in combinations([it.id for it in screener.items], 2):
            for va, vb in product(options(screener, a), options(screener, b)):
                tries += 1
                if tries > MAX_PAIR_TRIES:
                    return
                yield {**base, a: va, b: vb}


def screener_patterns(screener: Screener) -> list[Pattern]:
    """Deterministic answer patterns (scored) covering the screener's results."""
    bases = _baselines(screener)
    order = [it.id for it in screener.items]
    seen: set[tuple] = set()
    out: list[Pattern] = []
    want = targets(screener)
    got: set[tuple] = set()

    def add(answers: dict[str, Any]) -> None:
        key = tuple((i, answers[i]) for i in order if i in answers)
        if key not in seen:
            seen.add(key)
            result = score(screener, answers)
            out.append(Pattern(key, result))
            got.update(reached(result))

    for source in (bases, _singles(screener, bases), _totals(screener, bases[0]),
                   _unanswered(screener, bases[0]), _full(screener)):
        for answers in source:
            add(answers)
    if not want <= got:
        for answers in _pairs(screener, bases):
            add(answers)
            if want <= got:
                break
    return out
