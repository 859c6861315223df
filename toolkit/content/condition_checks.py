"""Reference checks for conditions, shared by screeners (local refs such as
``q9``) and handouts (qualified refs such as ``phq9.q9``).

A :class:`Scope` answers "what does this reference name?" with the thing found
or a plain-English message saying why nothing was found; :func:`check_condition`
walks a condition and reports every reference that names nothing, every answer
value not on the item's scale, and every leaf the scope does not allow.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Protocol

from .conditions import Condition, walk
from .screener_model import Item, Outcome, Score, Screener

Found = Iterator[tuple[tuple, str]]


Lookup = tuple[object | None, str]  # (what the reference names, or None and why)


class Scope(Protocol):
    @property
    def allowed(self) -> tuple[str, ...]: ...  # leaf kinds allowed here (read only)

    def not_allowed(self, kind: str) -> str: ...
    def item(self, ref: str) -> tuple[tuple[Screener, Item] | None, str]: ...
    def score(self, ref: str) -> tuple[Score | None, str]: ...
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
            score, why = scope.score(leaf.score)
            if score is None:
                yield p + ("score",), why
            elif kind == "band":
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
    numeric = all(isinstance(v, int) for v in allowed)
    if (leaf.at_least is not None or leaf.at_most is not None) and not numeric:
        test = "at_least" if leaf.at_least is not None else "at_most"
        yield p + (test,), f"item '{leaf.item}' has text answers, so {test} cannot apply; use equals or in"
    values = [leaf.equals] if leaf.equals is not None else list(leaf.in_ or [])
    for j, v in enumerate(values):
        if v not in allowed:
            where = p + (("equals",) if leaf.equals is not None else ("in", j))
            yield where, unknown("answer value", v, allowed, f"of item '{leaf.item}'")
