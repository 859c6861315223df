"""Plain-language notes for a form: items that are asked only sometimes (``show_if``),
and the crisis help printed with a critical item.

A printed form cannot hide a question, so each conditional item gets a note
such as 'Answer this only if you ticked "Yes" or "Declined to answer" for any of
questions 1 to 4.'  Simple conditions (answer tests, and ``any`` / ``all`` /
``not`` over them) are put into words from the screener's own labels; anything
else gets a generic note.  Pure: no I/O, no ReportLab.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..content.conditions import AnswerTest, Condition
from ..content.screener_model import Screener
from ..documents.handout import CrisisLine

GENERIC = ("Some people skip this question, depending on their other answers. "
           "Answer it if it applies to you.")
GENERIC_CLINICIAN = "Ask this only when the other answers call for it."


def show_if_note(screener: Screener, item_id: str, *, clinician: bool = False) -> str | None:
    """The note for one item, or None when the item is always asked.  On a form for the
    clinician (who asks the questions and ticks the answers) it says "Ask this only if"."""
    item = screener.item(item_id)
    if item.show_if is None:
        return None
    words = _describe(screener, item.show_if)
    if clinician:
        return f"Ask this only if {words}." if words else GENERIC_CLINICIAN
    return f"Answer this only if {words}." if words else GENERIC


# --------------------------------------------------------------------------- crisis help

@dataclass(frozen=True)
class CrisisHelp:
    """The words printed with the crisis lines on a form: on page 1 and next to each item
    that asks about self-harm (client forms), or once on a clinician's form."""

    lead: str
    ask: str
    lines: tuple[CrisisLine, ...]
    danger: str


def client_help(lines: tuple[CrisisLine, ...], emergency: str) -> CrisisHelp:
    """For a client's form with a critical item: the form may not be read today, so the
    lines to use now, and the emergency number."""
    return CrisisHelp("We may not read your answers today.",
                      "If you are thinking of harming yourself, call or text one of these lines now:",
                      lines, _danger("If you are in danger now, call", emergency))


def clinician_help(lines: tuple[CrisisLine, ...], emergency: str) -> CrisisHelp:
    """For a clinician's form: the lines to give a patient who screens positive."""
    return CrisisHelp("", "Give these crisis lines to every patient who screens positive:",
                      lines, _danger("In an emergency, call", emergency))


def _danger(words: str, emergency: str) -> str:
    return f"{words} {emergency}." if emergency else f"{words} your local emergency number."


def has_critical(screener: Screener) -> bool:
    """Whether the screener asks about self-harm (an item with a critical rule)."""
    return any(it.critical is not None for it in screener.items)


def _number(screener: Screener, item_id: str) -> int | None:
    for i, it in enumerate(screener.items, 1):
        if it.id == item_id:
            return i
    return None


def _matching(screener: Screener, test: AnswerTest, negate: bool) -> tuple[str, ...] | None:
    """Labels of the options that satisfy the test (or its negation), in scale order."""
    try:
        options = screener.scale_of(test.item)
    except KeyError:
        return None

    def holds(value: Any) -> bool:
        if test.equals is not None:
            return value == test.equals
        if test.in_ is not None:
            return value in test.in_
        if test.at_least is not None:
            return isinstance(value, int) and value >= test.at_least
        if test.at_most is not None:
            return isinstance(value, int) and value <= test.at_most
        return False

    labels = tuple(o.label for o in options if holds(o.value) != negate)
    return labels if 0 < len(labels) < len(options) else None


def _choice(screener: Screener, labels: tuple[str, ...], item_id: str) -> str:
    options = screener.scale_of(item_id)
    if len(labels) == len(options) - 1 and len(labels) >= 3:  # shorter than listing them
        other = next(o.label for o in options if o.label not in labels)
        return f'an answer other than "{other}"'
    quoted = [f'"{label}"' for label in labels]
    return quoted[0] if len(quoted) == 1 else ", ".join(quoted[:-1]) + " or " + quoted[-1]


def _questions(numbers: list[int]) -> str:
    numbers = sorted(numbers)
    if len(numbers) == 1:
        return f"question {numbers[0]}"
    if numbers == list(range(numbers[0], numbers[-1] + 1)) and len(numbers) > 2:
        return f"any of questions {numbers[0]} to {numbers[-1]}"
    return "any of questions " + ", ".join(map(str, numbers[:-1])) + f" or {numbers[-1]}"


def _leaf(screener: Screener, cond: Condition, negate: bool) -> tuple[str, str, int] | None:
    """(kind, wording of what was ticked, question number) for one answer test."""
    test = cond.answer
    if test is None:
        return None
    number = _number(screener, test.item)
    if number is None:
        return None
    if test.answered is not None:
        answered = test.answered != negate
        return ("answered" if answered else "blank", "", number)
    labels = _matching(screener, test, negate)
    if labels is None:
        return None
    return ("ticked", _choice(screener, labels, test.item), number)


def _describe(screener: Screener, cond: Condition) -> str | None:
    if cond.not_ is not None:
        leaf = _leaf(screener, cond.not_, negate=True)
        return _join_any(screener, [leaf]) if leaf else None
    if cond.answer is not None:
        leaf = _leaf(screener, cond, negate=False)
        return _join_any(screener, [leaf]) if leaf else None
    if cond.any_ is not None:
        leaves = [_leaf(screener, c.not_, True) if c.not_ is not None else _leaf(screener, c, False)
                  for c in cond.any_]
        return _join_any(screener, leaves) if all(leaves) else None
    if cond.all_ is not None:
        parts = [_describe(screener, c) for c in cond.all_]
        described = [p for p in parts if p]
        return " and ".join(described) if len(described) == len(parts) else None
    return None


def _join_any(screener: Screener, leaves: list) -> str:
    """Leaves joined by 'or'; the same answer asked of several questions is said once."""
    groups: dict[tuple[str, str], list[int]] = {}
    for kind, wording, number in leaves:
        groups.setdefault((kind, wording), []).append(number)
    parts = []
    for (kind, wording), numbers in groups.items():
        where = _questions(numbers)
        if kind == "answered":
            parts.append(f"you answered {where}")
        elif kind == "blank":
            parts.append(f"you left {where} blank")
        else:
            parts.append(f"you ticked {wording} for {where}")
    return ", or ".join(parts)
