"""The saved versions of a filled form, and the answers a later one changed.

A PDF viewer may save a filled form as an *incremental update*: the changed
objects, a cross-reference section and a trailer are appended after the file's
``%%EOF``, and the older bytes stay in the file.  Each ``startxref ... %%EOF``
ends one saved version; the bytes up to it are a PDF of their own (pypdf reads
that prefix as the file was then).  Filling our blank form in a viewer is itself
one such update and an unanswered question answered in a later save is filling
it in two sittings: neither is a change.  A question that an earlier version
already answered and a later version answers differently (or clears) *is*: the
form was changed after it was filled, by the client, a clinician or a program.

:func:`changed_answers` returns, for each such question, every answer the earlier
versions held (from its stored value, its boxes' own values and its ticked boxes,
so no earlier answer is missed), and the answers each earlier version's page
showed.  The reader attaches them to the intake; the scorer raises a review flag
for each changed question, a critical question's own flag when any earlier answer
raises it, and every flag an earlier version's answers raise (an outcome such as
a positive ASQ) that the last version's do not: an urgent answer given in any
saved version never silently disappears.  Work is bounded:
at most :data:`MAX_REVISIONS` versions are read (a form saved more often is
refused), each within the reader's size and field limits.

A file written again as a whole keeps no earlier versions; such a form is read as
the page shows it (:mod:`toolkit.intake.form_reader`), with nothing to compare.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from ..content.screener_model import Screener
from ..core.errors import ProblemList, problem
from .form_fields import NEW_FORM, FormField, read_fields
from .form_names import export_names, item_field

MAX_REVISIONS = 50
_VERSION_END = re.compile(rb"startxref\s{1,64}[0-9]{1,20}\s{0,64}%%EOF")

Held = dict[tuple[str, str], frozenset[Any]]
Answers = dict[str, dict[str, Any]]


def earlier_versions(raw: bytes, name: str) -> list[int]:
    """Where each earlier saved version of the file ends, oldest first (not the file itself):
    ``raw[:end]`` is the file as that version left it."""
    ends = [m.end() for m in _VERSION_END.finditer(raw)]
    if len(ends) > MAX_REVISIONS:
        raise problem(name, f"was saved more than {MAX_REVISIONS} times (incremental updates); a filled "
                            f"toolkit form is saved a few times, so it is not read: {NEW_FORM}")
    return [end for end in ends if raw[end:end + 4096].strip() or raw[end + 4096:].strip()]


@dataclass(frozen=True)
class Changes:
    """What a form's later saved versions changed (both empty when nothing was changed)."""

    items: dict[str, dict[str, tuple[Any, ...]]] = field(default_factory=dict)
    """screener -> item -> every answer the earlier versions held, for each changed item"""
    versions: tuple[dict[str, dict[str, Any]], ...] = ()
    """each earlier version's answers as its page showed them (screener -> item -> answer)"""


def changed_answers(raw: bytes, name: str, screeners: list[Screener], final: dict[str, FormField]) -> Changes:
    """The items whose answer a later saved version changed, with what the earlier versions
    held; nothing for a form saved once, or filled in sittings without changing an answer."""
    history: list[tuple[Held, Answers]] = []
    for end in earlier_versions(raw, name):
        try:
            fields = read_fields(raw[:end], name).fields  # one copy at a time: memory stays bounded
        except ProblemList:
            continue  # not a form on its own (a damaged or linearised first part): nothing it held can be read
        history.append(_version(fields, screeners))
    if not history:
        return Changes()
    held = [h for h, _ in history] + [_version(final, screeners)[0]]
    items: dict[str, dict[str, tuple[Any, ...]]] = {}
    for s in screeners:
        for it in s.items:
            seen = [h.get((s.id, it.id), frozenset()) for h in held]
            first = next((i for i, values in enumerate(seen) if values), None)
            if first is None or all(values == seen[first] for values in seen[first + 1:]):
                continue
            earlier = frozenset().union(*seen[:-1])
            items.setdefault(s.id, {})[it.id] = tuple(sorted(earlier, key=repr))
    if not items:
        return Changes()
    return Changes(items, tuple(shown for _, shown in history))


def _version(fields: dict[str, FormField], screeners: list[Screener]) -> tuple[Held, Answers]:
    """What one saved version gives each item: (screener, item) -> every option value it
    holds anywhere (its stored value, its boxes' own values, its ticked boxes, shown or
    not), and the answers its page showed (the one ticked value, else the one stored value;
    an item whose values conflict is left out: the first mapping has them all)."""
    held: Held = {}
    shown: Answers = {}
    for s in screeners:
        for it in s.items:
            f = fields.get(item_field(s.id, it.id)) or fields.get(f"{s.id}.{it.id}")
            if f is None:
                continue
            options = s.scales[it.scale]
            ticked = {v for box in f.states if (v := _option_value(box, options)) is not None}
            stored = {v for box in (stored_name(f.value), *(stored_name(w.value) for w in f.widgets))
                      if (v := _option_value(box, options)) is not None}
            if ticked | stored:
                held[(s.id, it.id)] = frozenset(ticked | stored)
            page = ticked or stored
            if len(page) == 1:
                shown.setdefault(s.id, {})[it.id] = next(iter(page))
    return held, shown


def _option_value(box: str | None, options: list) -> Any | None:
    """The option a box name stands for (a single option's check box is "Yes"); None for
    "Off", nothing, or a name that is not one of the question's boxes."""
    exports = export_names(options)
    if len(options) == 1 and box == "Yes":
        box = exports[0]
    return options[exports.index(box)].value if box in exports else None


def stored_name(value: Any) -> str | None:
    """A stored value as the box name it means ("/1" written as text means 1); None when
    nothing is stored."""
    if value is None or value[0] not in ("name", "text"):
        return None
    return str(value[1]).strip().removeprefix("/") or None
