"""Normalise raw intake answers to option values.

An answer may be the option's value (``2``, ``"2"``, ``yes``) or its label
(``More than half the days``), matched ignoring case and runs of spaces.  Empty
means unanswered.  Anything else is a problem naming the item and the kind of
value found (never the value: it is client data): never a silent 0.
``true``/``false`` and decimals such as ``2.0`` are refused.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from ..content.screener_model import Screener
from ..core.messages import kind_of, show
from ..core.yaml_reader import RawInt

Locate = Callable[[str], tuple[str, int, int]]  # item id -> (file, line, col)

_LOOKUPS: dict[int, tuple[Screener, dict[str, dict[Any, Any]], dict[str, str]]] = {}


def _key(text: str) -> str:
    return " ".join(text.split()).casefold()


def lookup_for(screener: Screener) -> tuple[dict[str, dict[Any, Any]], dict[str, str]]:
    """Per item: accepted spellings -> value; and a short 'what is allowed' text."""
    cached = _LOOKUPS.get(id(screener))
    if cached is not None and cached[0] is screener:
        return cached[1], cached[2]
    table: dict[str, dict[Any, Any]] = {}
    allowed: dict[str, str] = {}
    for item in screener.items:
        options = screener.scales[item.scale]
        accept: dict[Any, Any] = {}
        for opt in options:
            accept[opt.label] = opt.value  # exactly as printed: the common case, no folding needed
            accept[_key(opt.label)] = opt.value
        for opt in options:  # values win over labels when both could match
            if isinstance(opt.value, int):
                accept[opt.value] = opt.value
                accept[str(opt.value)] = opt.value
            else:
                accept[_key(opt.value)] = opt.value
        table[item.id] = accept
        allowed[item.id] = "; ".join(
            (f"{o.value} = {o.label}" if isinstance(o.value, int) else o.label) for o in options)
    _LOOKUPS[id(screener)] = (screener, table, allowed)
    return table, allowed


def normalise(screener: Screener, raw: Mapping[str, Any], *,
              quote: bool = False) -> tuple[dict[str, Any], list[tuple[str, str]]]:
    """Return (item -> value, problems as (item id, message)).  ``quote``: the answers are an
    author's (a screener's reference cases), so a message may show the value; a client's never."""
    table, allowed = lookup_for(screener)
    answers: dict[str, Any] = {}
    problems: list[tuple[str, str]] = []
    for item_id, value in raw.items():
        accept = table.get(item_id) if isinstance(item_id, str) else None
        if accept is None:
            known = ", ".join(table)
            problems.append((str(item_id),
                             f"unknown item {show(item_id)} in screener '{screener.id}' (items: {known})"))
            continue
        if value is None:
            continue
        if isinstance(value, (bool, float, dict, list)):
            problems.append((item_id, _bad(value, allowed[item_id], quote)))
            continue
        if type(value) is str:
            found = accept.get(value)
            if found is None:
                if not value.strip():
                    continue  # an empty cell: unanswered
                found = accept.get(_key(value))
        elif isinstance(value, RawInt):  # as written: "0x3", "+2" or "02" are not "3" or "2"
            found = accept.get(_key(value.raw))
        elif isinstance(value, int):
            found = accept.get(int(value))
        elif isinstance(value, str):
            if not value.strip():
                continue  # an empty cell: unanswered
            found = accept.get(_key(value))
        else:  # pragma: no cover - readers only produce the types above
            found = None
        if found is None:
            problems.append((item_id, _bad(value, allowed[item_id], quote)))
        else:
            answers[item_id] = found
    return answers, problems


def _bad(value: Any, allowed: str, quote: bool = False) -> str:
    """Names the item (by its place) and what kind of value was found, never the value:
    an answer is client data, and a shifted column puts a name or a birth date here."""
    if quote:
        why = {bool: " (true/false is not an answer)", float: " (whole numbers only)"}.get(type(value), "")
        return f"{show(value)} is not an answer to this item{why}; use one of: {allowed}"
    kind = kind_of(value)
    why = {"true or false": "true/false is not an answer",
           "a decimal number": "a decimal number; whole numbers only",
           "a number": "a number not on its scale",
           "text": "text that is none of its values or labels"}.get(kind, kind)
    return f"is not an answer to this item ({why}); use one of: {allowed}"
