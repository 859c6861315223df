"""What a screener's answers and scores can be: the range of each item's scale and
each score, and, for bands and thresholds, the exact values a score can take.
Pure (no I/O).

The scorer (:mod:`toolkit.scoring.scorer`) computes scores; this module says which
values are possible, so that validation can refuse a threshold or a band that no
answers can reach (``critical: {at_least: 4}`` on a 0-3 item; ``gte: 28`` on a
0-27 total; a band between two sums that no answers give).
"""

from __future__ import annotations

import math
from fractions import Fraction
from typing import cast

from .screener_model import Score, Screener

MAX_WORK = 300_000
"""Above this many sums to work out, :func:`possible_values` gives up (None) and the
checks fall back to the score's range: validation stays quick for a long screener."""


def whole_values(s: Screener, item_id: str) -> list[int]:
    """The values of a scored or reversed item's scale: whole numbers, as validation
    refuses a text scale there (and a screener is checked before it is scored).  An
    option that does not apply (``applies: false``) is no value a score can add."""
    return cast("list[int]", [o.value for o in s.scale_of(item_id) if o.applies])


def not_applying(s: Screener, item_id: str) -> frozenset:
    """The values of an item's options that mean "does not apply" (``applies: false``)."""
    return frozenset(o.value for o in s.scale_of(item_id) if not o.applies)


def score_range(s: Screener, score: Score) -> tuple[Fraction, Fraction, bool]:
    """(lowest, highest, whole_numbers_only) over all answer patterns the rule allows."""
    lows, highs = [], []
    for ref in score.items:
        values = whole_values(s, ref)
        lows.append(min(values))
        highs.append(max(values))
    if score.method == "sum":
        return Fraction(sum(lows)), Fraction(sum(highs)), True
    if score.method == "mean":
        return Fraction(min(lows)), Fraction(max(highs)), False
    return Fraction(0), Fraction(100), False


def max_missing(score: Score) -> int:
    """How many of the score's items may be unanswered for it to be scored."""
    m, n = score.missing, len(score.items)
    if m.max_missing is not None:
        return m.max_missing
    return n - m.min_answered if m.min_answered is not None else 0


def round_half_up(x: float) -> int:
    return math.floor(x + 0.5)


def possible_values(s: Screener, score: Score) -> list[float] | None:
    """Every value the score can take, sorted, computed the way the scorer does
    (reversed items, prorating, means rounded to 2 places); None when there are too
    many answer combinations to list."""
    n = len(score.items)
    totals: list[set[int]] = [{0}] + [set() for _ in range(n)]  # totals[k]: sums of k answered items
    work = 0
    for ref in score.items:
        values = whole_values(s, ref)
        if s.item(ref).reverse:
            values = [min(values) + max(values) - v for v in values]
        for k in range(n - 1, -1, -1):
            if totals[k]:
                work += len(totals[k]) * len(values)
                if work > MAX_WORK:
                    return None
                totals[k + 1] |= {t + v for t in totals[k] for v in values}
    all_values = [v for ref in score.items for v in whole_values(s, ref)]
    item_lo, item_hi = min(all_values), max(all_values)
    found: set[float] = set()
    fewest = min(n, max(1, n - max_missing(score)))  # a wrong missing rule is reported on its own
    for k in range(fewest, n + 1):
        for total in totals[k]:
            if score.method == "sum":
                found.add(round_half_up(total * n / k) if k < n and score.missing.prorate else total)
                continue
            mean = total / k
            if score.method == "percent":
                mean = (mean - item_lo) / (item_hi - item_lo) * 100 if item_hi > item_lo else 0.0
            found.add(round(mean, 2))
    return sorted(found)


def bounds(s: Screener, score: Score) -> tuple[float, float]:
    """The lowest and highest value the score can take."""
    values = possible_values(s, score)
    if values:
        return values[0], values[-1]
    lo, hi, _ = score_range(s, score)
    return float(lo), float(hi)


def number(x: float | Fraction | int) -> str:
    """A value as a reader writes it: 3, 2.5, -1."""
    f = Fraction(x).limit_denominator(10_000)
    return str(f.numerator) if f.denominator == 1 else f"{float(f):g}"
