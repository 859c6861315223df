"""Every distinct variant of a handout: which combinations of sections some result
can produce, each with one example result.  Pure: no I/O.

1. Find the screeners the handout's conditions reference (plus, when the handout
   has safety sections or asks about flags from any screener, those that can
   raise such flags) and imagine answers for each (:mod:`toolkit.quality.answer_patterns`),
   plus "not screened".
2. Turn each section's ``when`` into a small boolean formula over *leaves* (one
   test about one screener).  A safety section also holds when any urgent flag
   does.  Substituting one screener's leaf values simplifies the formulas;
   patterns of a screener that leave the same formulas behind are interchangeable,
   so only one of each is kept.
3. Combine screener by screener, keeping one example per distinct set of
   remaining formulas.  At the end each state is a set of true/false values, and
   the real planner (:func:`toolkit.planning.handout.choose_sections`) is run on its
   example result to give the section list.

A section that no variant contains can never be reached by any result.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from functools import partial
from typing import Any, NamedTuple

from ..content.conditions import Check, Condition, FlagLevel, FlagTest, compile_condition, walk
from ..content.countries import KNOWN_COUNTRIES, same_country
from ..content.handout_model import Handout
from ..content.screener_model import Screener
from ..core.errors import ProblemList, problem
from ..planning.handout import HandoutCtx, band_rank, choose_sections
from ..scoring.results import IntakeResult, ScreenerResult
from ..scoring.scorer import score
from .answer_patterns import options, screener_patterns

Expr = bool | tuple
MAX_STATES = 200_000


class Variant(NamedTuple):
    sections: tuple[str, ...]   # section ids in the order the planner gives
    description: str            # one result that produces it, in a few words
    result: IntakeResult        # that result
    urgent: bool                # an urgent flag is present (safety sections first)
    country: str = ""           # the practice's country it was planned for ("": none known)


def _leaf_screener(kind: str, leaf: Any) -> str | None:
    if kind == "country":  # about the practice, not a screener
        return None
    ref = {"answer": lambda: leaf.item, "score": lambda: leaf.score, "band": lambda: leaf.score,
           "outcome": lambda: leaf, "screened": lambda: leaf, "flag": lambda: leaf.screener}[kind]()
    return ref.partition(".")[0] if ref else None


def _flag_capable(s: Screener, level: str) -> bool:
    levels = {"review"} if any(it.critical for it in s.items) else set()
    levels |= {it.critical.level for it in s.items if it.critical and it.critical.level}
    levels |= {o.flag.level for o in s.outcomes if o.flag}
    return bool(levels) if level == "any" else level in levels


def relevant_screeners(handout: Handout, screeners: Mapping[str, Screener]) -> list[str]:
    """Screeners whose answers can change which sections appear, in order of first use."""
    named: list[str] = []
    # a handout that is not tailored shows every section to everyone: no screener matters
    levels = {"urgent"} if handout.tailored and any(s.spec.safety for s in handout.sections) else set()
    for hs in handout.sections:
        if hs.spec.when is None:
            continue
        for kind, leaf, _ in walk(hs.spec.when):
            sid = _leaf_screener(kind, leaf)
            if kind == "country":
                continue
            if sid is None:
                levels.add(leaf.level)
            elif sid not in named:
                named.append(sid)
    for sid in sorted(screeners) if levels else []:
        try:
            screener = screeners[sid]
        except ProblemList:  # a broken screener no section names: reported by validation
            continue
        if sid not in named and any(_flag_capable(screener, lv) for lv in sorted(levels)):
            named.append(sid)
    return named


class _Leaves:
    """Numbered leaves (one test about one screener) and their compiled checks."""

    def __init__(self, screeners: Mapping[str, Screener], sids: list[str], country: str = ""):
        self.screeners, self.sids, self.country = screeners, sids, same_country(country)
        self.rank = partial(band_rank, screeners)
        self.index: dict[tuple, int] = {}
        self.items: list[tuple[str, Check]] = []

    def leaf(self, kind: str, leaf: Any, sid: str) -> Expr:
        key = (kind, repr(leaf))
        if key not in self.index:
            self.index[key] = len(self.items)
            self.items.append((sid, compile_condition(Condition.model_construct(**{kind: leaf}), self.rank)))
        return ("leaf", self.index[key])

    def expr(self, cond: Condition) -> Expr:
        for tag, children in (("all", cond.all_), ("any", cond.any_)):
            if children is not None:
                return (tag, tuple(self.expr(c) for c in children))
        if cond.not_ is not None:
            return ("not", self.expr(cond.not_))
        (kind, leaf, _), = walk(cond)
        if kind == "country":  # the practice's country is fixed for one run
            return self.country in {same_country(c) for c in leaf}
        sid = _leaf_screener(kind, leaf)
        if sid is not None:
            return self.leaf(kind, leaf, sid)
        return self.flag_any(leaf.level)

    def flag_any(self, level: FlagLevel) -> Expr:
        """A flag from any screener: one leaf per screener that could raise it."""
        return ("any", tuple(self.leaf("flag", FlagTest(level=level, screener=s), s) for s in self.sids))

    def values(self, sid: str, result: ScreenerResult | None) -> dict[int, bool]:
        ctx = HandoutCtx(IntakeResult("", "", (result,) if result else ()), self.screeners)
        return {i: check(ctx) for i, (s, check) in enumerate(self.items) if s == sid}


def substitute(e: Expr, known: Mapping[int, bool]) -> Expr:
    """``e`` with the known leaves replaced and simplified (True/False when decided)."""
    if isinstance(e, bool):
        return e
    tag = e[0]
    if tag == "leaf":
        return known.get(e[1], e)
    if tag == "not":
        inner = substitute(e[1], known)
        return (not inner) if isinstance(inner, bool) else ("not", inner)
    stop = tag == "any"  # the value that decides the group
    parts = []
    for child in e[1]:
        x = substitute(child, known)
        if x is stop:
            return stop
        if x is not (not stop):
            parts.append(x)
    if not parts:
        return not stop
    return parts[0] if len(parts) == 1 else (tag, tuple(parts))


def _classes(screener: Screener, leaves: _Leaves, start: tuple) -> list[tuple]:
    """(result, leaf values) for "not screened" and one pattern per distinct effect on
    the formulas; then, until nothing new turns up, every single-answer change of
    each kept pattern (so combinations of outcomes within a screener are reached)."""
    kept: dict[tuple, tuple] = {}
    todo: list[ScreenerResult] = []

    def keep(result: ScreenerResult | None) -> None:
        known = leaves.values(screener.id, result)
        key = tuple(substitute(e, known) for e in start)
        if key not in kept:
            kept[key] = (result, known)
            if result is not None:
                todo.append(result)

    keep(None)
    for p in screener_patterns(screener):
        keep(p.result)
    while todo:
        answers = todo.pop(0).answers
        for it in screener.items:
            for value in [None, *options(screener, it.id)]:
                if answers.get(it.id) != value:
                    keep(score(screener, {**answers, it.id: value}))
    return list(kept.values())


def _abbrev(s: Screener) -> str:
    m = re.search(r"\(([A-Z][A-Z0-9-]*)\)\s*$", s.title)
    return m.group(1) if m else s.id


def describe(result: IntakeResult, screeners: Mapping[str, Screener], used: set[str]) -> str:
    """A few words about a result: the bands and outcomes the handout uses
    (``used`` holds references such as ``phq9.total``), and what raised a flag."""
    parts: list[str] = []
    for r in result.results:
        name = _abbrev(screeners[r.screener])
        said = [f"{name} {sc.id if _many_bands(screeners[r.screener]) else ''}".rstrip()
                + f" {sc.band.id if sc.band else 'incomplete'}"
                for sc in r.scores if f"{r.screener}.{sc.id}" in used]
        flagged = {f.id for f in r.flags}
        outcomes = [o.id for o in r.outcomes if f"{r.screener}.{o.id}" in used or o.id in flagged]
        if outcomes:
            said.append(f"{name}: {', '.join(outcomes)}")
        for f in r.flags:
            if f.item is not None:
                value = r.answers.get(f.item)
                said.append(f"{name} {f.item} " + ("unanswered" if value is None else f"= {value}"))
        if not said:
            said.append(f"{name}: nothing of note" if r.answers else f"{name}: nothing answered")
        parts += said
    levels = {f.level for _, f in result.flags}
    if "urgent" in levels:
        parts.append("urgent flag")
    elif "review" in levels:
        parts.append("review flag")
    return "; ".join(parts) or "nothing screened"


def _many_bands(s: Screener) -> bool:
    return sum(1 for sc in s.scores if sc.bands) > 1


def variants(handout: Handout, screeners: Mapping[str, Screener], *, country: str = "",
             client_id: str = "EXAMPLE", date: str = "2026-01-15") -> list[Variant]:
    """Every distinct section list of ``handout`` for a practice in ``country`` ("": a
    country the toolkit has no sections for), fewest sections first."""
    return _variants(handout, screeners, same_country(country), client_id, date)


def _variants(handout: Handout, screeners: Mapping[str, Screener], country: str,
              client_id: str, date: str) -> list[Variant]:
    sids = relevant_screeners(handout, screeners)
    leaves = _Leaves(screeners, sids, country)
    urgent = leaves.flag_any("urgent")
    exprs: list[Expr] = []
    for hs in handout.sections:
        e: Expr = True if hs.spec.when is None else leaves.expr(hs.spec.when)
        exprs.append(("any", (e, urgent)) if hs.spec.safety and e is not True else e)
    start = tuple(exprs) + (urgent,)
    # each screener: not screened, then one pattern per distinct effect on the formulas
    choices = [_classes(screeners[sid], leaves, start) for sid in sids]
    # state -> (cost, picked results); the cheapest example is kept: fewest screeners
    # screened, then those the handout names first, then the simplest patterns
    states: dict[tuple, tuple] = {start: ((0, ()), ())}
    for n, kept in enumerate(choices):
        nxt: dict[tuple, tuple] = {}
        for state, ((count, rank), picked) in states.items():
            for k, (result, known) in enumerate(kept):
                key = tuple(substitute(e, known) for e in state)
                cost = (count + (k > 0), rank + ((n, k),) if k else rank)
                if key not in nxt or cost < nxt[key][0]:
                    nxt[key] = (cost, picked + ((result,) if result else ()))
        states = nxt
        if len(states) > MAX_STATES:
            raise problem(handout.files[-1], f"more than {MAX_STATES} "
                                             "combinations of section conditions; simplify the conditions")
    used = {leaf if kind == "outcome" else leaf.score for hs in handout.sections if hs.spec.when
            for kind, leaf, _ in walk(hs.spec.when) if kind in ("outcome", "band", "score")}
    position = {sid: i for i, sid in enumerate(handout.section_ids())}
    found: dict[tuple[str, ...], Variant] = {}
    for _, picked in states.values():
        result = IntakeResult(client_id, date, picked)
        ids = tuple(s.spec.id for s in choose_sections(handout, result, screeners, country))
        if ids not in found:
            is_urgent = any(f.level == "urgent" for _, f in result.flags)
            found[ids] = Variant(ids, describe(result, screeners, used), result, is_urgent, country)
    return sorted(found.values(), key=lambda v: (len(v.sections), [position[s] for s in v.sections]))


def unreachable_sections(handout: Handout, found: list[Variant],
                         screeners: Mapping[str, Screener] | None = None) -> list[str]:
    """Sections that appear in no variant (no result can ever include them).  With
    ``screeners``, a section that asks about the practice's country is unreachable only
    when it is so for a practice in every country (each is tried on its own, which is
    cheap: the variants of one section, not of the whole handout)."""
    seen = {s for v in found for s in v.sections}
    missing = [sid for sid in handout.section_ids() if sid not in seen]
    if screeners is None:
        return missing
    return [sid for sid in missing if not _reachable_in_some_country(handout, sid, screeners)]


def _reachable_in_some_country(handout: Handout, sid: str, screeners: Mapping[str, Screener]) -> bool:
    hs = next(s for s in handout.sections if s.spec.id == sid)
    if hs.spec.when is None or not any(kind == "country" for kind, _, _ in walk(hs.spec.when)):
        return False
    probe = Handout(handout.id, handout.version, handout.title, handout.subtitle, handout.language,
                    (hs,), handout.files, handout.tailored)
    return any(sid in v.sections for code in (*KNOWN_COUNTRIES, "")
               for v in _variants(probe, screeners, code, "EXAMPLE", "2026-01-15"))


def representative(found: list[Variant], limit: int) -> list[Variant]:
    """All variants when there are at most ``limit``.  Otherwise a representative set:
    the fewest-section variant, the most-section one, the smallest urgent one, and
    for each reachable section the smallest variant that shows it; when even that
    is more than ``limit``, a greedy cover in which every section still appears."""
    if len(found) <= limit:
        return list(found)
    order = {v.sections: i for i, v in enumerate(found)}  # found is sorted smallest first
    chosen = [found[0], max(found, key=lambda v: len(v.sections))]
    chosen += [v for v in found if v.urgent][:1]
    sections = list(dict.fromkeys(s for v in found for s in v.sections))
    per_section = [next(v for v in found if s in v.sections) for s in sections]
    unique = {v.sections: v for v in chosen + per_section}
    if len(unique) > limit:
        unique = {v.sections: v for v in chosen}
        covered = {s for v in chosen for s in v.sections}
        while not set(sections) <= covered:
            best = max(found, key=lambda v: len(set(v.sections) - covered))
            unique[best.sections] = best
            covered |= set(best.sections)
    return sorted(unique.values(), key=lambda v: order[v.sections])
