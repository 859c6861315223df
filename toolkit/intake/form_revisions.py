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
so no earlier answer is missed).  The reader attaches them to the intake; the
scorer raises a review flag for each changed question and, for a critical
question, the question's own flag when any earlier answer raises it: an urgent
answer given in any saved version never silently disappears.  Work is bounded:
at most :data:`MAX_REVISIONS` versions are read (a form saved more often is
refused), each within the reader's size and field limits.

A file written again as a whole keeps no earlier versions; such a form is read as
the page shows it (:mod:`toolkit.intake.form_reader`), with nothing to compare.
"""

from __future__ import annotations

import re
from typing import Any

from ..content.screener_model import Screener
from ..core.errors import ProblemList, problem
from .form_fields import NEW_FORM, FormField, read_fields
from .form_names import export_names, item_field

MAX_REVISIONS = 50
_VERSION_END = re.compile(rb"startxref\s{1,64}[0-9]{1,20}\s{0,64}%%EOF")

Held = dict[tuple[str, str], frozenset[Any]]


def earlier_versions(raw: bytes, name: str) -> list[bytes]:
    """The file as each earlier saved version left it, oldest first (not the file itself)."""
    ends = [m.end() for m in _VERSION_END.finditer(raw)]
    if len(ends) > MAX_REVISIONS:
        raise problem(name, f"was saved more than {MAX_REVISIONS} times over (incremental updates); a filled "
                            f"toolkit form is saved a few times, so it is not read: {NEW_FORM}")
    return [raw[:end] for end in ends if raw[end:].strip()]


def changed_answers(raw: bytes, name: str, screeners: list[Screener],
                    final: dict[str, FormField]) -> dict[str, dict[str, tuple[Any, ...]]]:
    """screener -> item -> the answers earlier saved versions held, for every item whose
    answer a later version changed; empty for a form saved once (or filled in sittings)."""
    history: list[Held] = []
    for version in earlier_versions(raw, name):
        try:
            fields = read_fields(version, name).fields
        except ProblemList:
            continue  # not a form on its own (a damaged or linearised first part): nothing it held can be read
        history.append(held_answers(fields, screeners))
    if not history:
        return {}
    history.append(held_answers(final, screeners))
    out: dict[str, dict[str, tuple[Any, ...]]] = {}
    for s in screeners:
        for it in s.items:
            seen = [h.get((s.id, it.id), frozenset()) for h in history]
            first = next((i for i, values in enumerate(seen) if values), None)
            if first is None or all(values == seen[first] for values in seen[first + 1:]):
                continue
            earlier = frozenset().union(*seen[:-1])
            out.setdefault(s.id, {})[it.id] = tuple(sorted(earlier, key=repr))
    return out


def held_answers(fields: dict[str, FormField], screeners: list[Screener]) -> Held:
    """(screener, item) -> every option value one version of the form gives the item
    anywhere: its stored value, its boxes' own values, its ticked boxes (shown or not)."""
    out: Held = {}
    for s in screeners:
        for it in s.items:
            f = fields.get(item_field(s.id, it.id)) or fields.get(f"{s.id}.{it.id}")
            if f is None:
                continue
            options = s.scales[it.scale]
            exports = export_names(options)
            names = [stored_name(f.value), *(stored_name(w.value) for w in f.widgets), *f.states]
            values = set()
            for n in names:
                if n is None or n == "Off":
                    continue
                if len(options) == 1 and n == "Yes":
                    n = exports[0]
                if n in exports:
                    values.add(options[exports.index(n)].value)
            if values:
                out[(s.id, it.id)] = frozenset(values)
    return out


def stored_name(value: Any) -> str | None:
    """A stored value as the box name it means ("/1" written as text means 1); None when
    nothing is stored."""
    if value is None or value[0] not in ("name", "text"):
        return None
    return str(value[1]).strip().removeprefix("/") or None
