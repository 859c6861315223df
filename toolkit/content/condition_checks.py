"""Reference checks for conditions, shared by screeners (local refs such as
``q9``) and handouts (qualified refs such as ``phq9.q9``).

A :class:`Scope` answers "what does this reference name?" with the thing found
or a plain-English message saying why nothing was found; :func:`check_condition`
walks a condition and reports every reference that names nothing, every answer
value not on the item's scale, every comparison no answer can satisfy (an
``at_least`` above the item's scale, a ``gte`` above the score's highest
possible value), and every leaf the scope does not allow.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Protocol

from .conditions import Condition, ScoreTest, walk
from .countries import KNOWN_COUNTRIES, country_codes_listed, same_country
from .score_values import bounds, number
from .screener_model import Item, Outcome, Score, Screener

Found = Iterator[tuple[tuple, str]]


Lookup = tuple[object | None, str]  # (what the reference names, or None and why)


class Scope(Protocol):
    @property
    def allowed(self) -> tuple[str, ...]: ...  # leaf kinds allowed here (read only)

    def not_allowed(self, kind: str) -> str: ...
    def item(self, ref: str) -> tuple[tuple[Screener, Item] | None, str]: ...
    def score(self, ref: str) -> tuple[tuple[Screener, Score] | None, str]: ...
    def outcome(self, ref: str) -> tuple[Outcome | None, str]: ...
    def screener(self, sid: str) -> tuple[Screener | None, str]: ...


def unknown(what: str, name, known: list, suffix: str = "") -> str:
    listed = ", ".join(str(k) for k in known) if known else "none defined"
    return f"unknown {what} '{name}'{(' ' + suffix) if suffix else ''} (known: {listed})"


def check_condition(cond: Condition, path: tuple, scope: Scope, *, self_item: str | None = None) -> Found:
    for kind, leaf, lpath in walk(cond):
        p = path + lpath
        if kind not in scope.allowed:
            yield p, scope.not_allowed(kind)
            continue
        if kind == "answer":
            yield from _answer(leaf, p, scope, self_item)
        elif kind in ("score", "band"):
            found, why = scope.score(leaf.score)
            if found is None:
                yield p + ("score",), why
                continue
            owner, score = found
            if kind == "score":
                yield from _score_reachable(leaf, p, owner, score)
            else:
                band_ids = [b.id for b in score.bands]
                for name, alias in (("is_", "is"), ("at_least", "at_least"), ("at_most", "at_most")):
                    ref = getattr(leaf, name)
                    if ref is not None and ref not in band_ids:
                        yield p + (alias,), unknown("band", ref, band_ids, f"of score '{leaf.score}'")
        elif kind == "outcome":
            outcome, why = scope.outcome(leaf)
            if outcome is None:
                yield p, why
        elif kind == "flag":
            if leaf.screener is not None:
                screener, why = scope.screener(leaf.screener)
                if screener is None:
                    yield p + ("screener",), why
        elif kind == "screened":
            screener, why = scope.screener(leaf)
            if screener is None:
                yield p, why
        elif kind == "country":
            for j, code in enumerate(leaf):
                if same_country(code) not in KNOWN_COUNTRIES:
                    yield p + (j,), (f"unknown country '{code}' (known: {country_codes_listed()}); a practice "
                                     "elsewhere gets the sections for no known country, such as "
                                     "not: {country: [...]}")


def _answer(leaf, p: tuple, scope: Scope, self_item: str | None) -> Found:
    found, why = scope.item(leaf.item)
    if found is None:
        if why:
            yield p + ("item",), why
        return
    screener, item = found
    if leaf.item == self_item:
        yield p + ("item",), "an item's show_if cannot depend on its own answer"
    options = screener.scales.get(item.scale)
    if options is None:
        return  # the unknown scale is reported on the item itself
    allowed = [o.value for o in options]
    numbers = [o.value for o in options if o.applies]  # "does not apply" is never compared
    numeric = all(isinstance(v, int) for v in numbers)
    if (leaf.at_least is not None or leaf.at_most is not None) and not numeric:
        test = "at_least" if leaf.at_least is not None else "at_most"
        yield p + (test,), f"item '{leaf.item}' has text answers, so {test} cannot apply; use equals or in"
    elif numbers and leaf.at_least is not None and leaf.at_least > max(numbers):
        yield p + ("at_least",), (f"{unreachable_answer(leaf.item, item.scale, numbers, leaf.at_least, 'or more')}, "
                                  "so this can never be true")
    elif numbers and leaf.at_most is not None and leaf.at_most < min(numbers):
        yield p + ("at_most",), (f"{unreachable_answer(leaf.item, item.scale, numbers, leaf.at_most, 'or less')}, "
                                 "so this can never be true")
    values = [leaf.equals] if leaf.equals is not None else list(leaf.in_ or [])
    for j, v in enumerate(values):
        if v not in allowed:
            where = p + (("equals",) if leaf.equals is not None else ("in", j))
            yield where, unknown("answer value", v, allowed, f"of item '{leaf.item}'")


def unreachable_answer(item: str, scale: str, values: list, bound: int, direction: str) -> str:
    """ "no answer to item 'q1' is 5 or more (its scale 'frequency' goes from 0 to 3)" """
    return (f"no answer to item '{item}' is {bound} {direction} (its scale '{scale}' goes from "
            f"{min(values)} to {max(values)})")


_SCORE_TESTS = {"gte": "of {} or more", "gt": "above {}", "lte": "of {} or less", "lt": "below {}"}


def _scorable(screener: Screener, score: Score) -> bool:
    items = {it.id: it for it in screener.items}
    scales = [screener.scales.get(items[ref].scale) if ref in items else None for ref in score.items]
    return all(options and all(isinstance(o.value, int) for o in options if o.applies) for options in scales)


def _score_reachable(leaf: ScoreTest, p: tuple, screener: Screener, score: Score) -> Found:
    """A score comparison some answers can satisfy: not ``gte`` above the score's
    highest possible value, nor ``lt`` at or below its lowest."""
    if not _scorable(screener, score):
        return  # the score's own items are reported by the screener's checks
    lo, hi = bounds(screener, score)
    for op, words in _SCORE_TESTS.items():
        bound = getattr(leaf, op)
        if bound is None:
            continue
        never = {"gte": bound > hi, "gt": bound >= hi, "lte": bound < lo, "lt": bound <= lo}[op]
        if never:
            yield p + (op,), (f"no answers give score '{leaf.score}' a value {words.format(number(bound))} "
                              f"(it goes from {number(lo)} to {number(hi)}), so this can never be true")
