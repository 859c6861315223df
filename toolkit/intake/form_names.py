"""How a fillable form names its fields, shared by the writer and the reader.

Kept free of ReportLab and pypdf so both sides (and their tests) agree on one
definition:

* one radio group per item (a check box, "on" value ``Yes``, when the item has a
  single option), named ``<screener>:<item>`` (``phq9:q1``).  PDF does
  not allow a period inside a field name (ISO 32000-1, 12.7.3.2: a period
  separates the levels of a field hierarchy), so a colon stands where CSV columns
  have the period; the reader also accepts ``phq9.q1``, which is what a viewer
  that turns the name into a hierarchy would produce.  Screener and item ids
  never contain ``:`` or ``.``, so the split is unambiguous;
* each radio button's export value is the option's value (``2``, ``yes``) when
  that is a plain PDF name, else ``opt<N>`` (N = the option's position, from 1);
* text fields ``client_name``, ``client_id`` and ``date``, as the CSV columns;
* a hidden, read-only text field ``toolkit_form`` whose value says which
  screeners (and versions) the form was made for:
  ``cry-toolkit-form/1 phq9@1.0 gad7@1.0`` (versions percent-encoded).
"""

from __future__ import annotations

import re
from urllib.parse import quote, unquote

from ..content.screener_model import Option, Screener

FORMAT = "cry-toolkit-form/1"
MARKER_FIELD = "toolkit_form"
CLIENT_FIELDS: dict[str, tuple[str, ...]] = {
    "client_name": ("client", "name"),
    "client_id": ("client", "id"),
    "date": ("date",),
}
"""Text field name -> where its value goes in an intake mapping."""
FIELD_OF_PATH = {".".join(path): name for name, path in CLIENT_FIELDS.items()}

_PLAIN_NAME = re.compile(r"^[A-Za-z0-9_-]{1,64}$")
_SEPARATORS = (":", ".")


def item_field(screener_id: str, item_id: str) -> str:
    """The radio group's name for one item: ``phq9:q1``."""
    return f"{screener_id}:{item_id}"


def split_item_field(name: str) -> tuple[str, str] | None:
    """``phq9:q1`` (or ``phq9.q1``) -> ("phq9", "q1"); None for any other name."""
    for sep in _SEPARATORS:
        head, found, tail = name.partition(sep)
        if found and head and tail and sep not in tail:
            return head, tail
    return None


def export_names(options: list[Option]) -> list[str]:
    """The export value of each option's radio button, in option order."""
    out = []
    for i, opt in enumerate(options, 1):
        value = str(opt.value)
        plain = _PLAIN_NAME.match(value) and value.casefold() != "off"  # /Off means "not ticked"
        out.append(value if plain else f"opt{i}")
    if len(set(out)) != len(out):  # e.g. a value "opt2" next to an option that needed it
        out = [f"opt{i}" for i in range(1, len(options) + 1)]
    return out


def marker(screeners: list[Screener]) -> str:
    """The marker field's value for a form of these screeners."""
    return " ".join([FORMAT] + [f"{s.id}@{quote(s.version, safe='')}" for s in screeners])


class MarkerError(ValueError):
    """The marker value is not one this toolkit wrote (the message says why)."""


def parse_marker(value: str) -> list[tuple[str, str]]:
    """(screener id, version) pairs from a marker value; raise MarkerError."""
    parts = value.split()
    if not parts or not parts[0].startswith("cry-toolkit-form/"):
        raise MarkerError("is not a cry-toolkit form marker")
    if parts[0] != FORMAT:
        raise MarkerError("was written by a newer toolkit (a form format this version cannot read); "
                          "update the toolkit or print a new form")
    out: list[tuple[str, str]] = []
    for part in parts[1:]:
        sid, at, version = part.partition("@")
        if not at or not re.match(r"^[a-z0-9][a-z0-9_-]{0,63}$", sid) or not version:
            raise MarkerError("is damaged (a screener entry is not id@version)")
        out.append((sid, unquote(version)))
    if not out:
        raise MarkerError("names no screener")
    if len({sid for sid, _ in out}) != len(out):
        raise MarkerError("names a screener twice")
    return out
