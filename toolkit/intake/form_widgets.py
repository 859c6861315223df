"""What one box (widget annotation) of a filled form shows, as a viewer draws it.

A box is drawn when it is on a page's annotation list, not hidden (the Hidden and
NoView flags), with an area, and with a normal appearance for its ticked state.
Its look is a digest of its two normal appearances ("on" and "Off"): the content,
box and matrix of each, so a box whose drawing was replaced (a tick drawn for
"Off", nothing drawn for "on") no longer looks like the form's other boxes.
:mod:`toolkit.intake.form_fields` records these for every field; the reader decides.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from typing import Any

from ..core.errors import problem

HIDDEN_FLAGS = 2 | 32  # annotation flags Hidden and NoView: a viewer does not draw the box


@dataclass
class Widget:
    """One box (widget annotation) of a field, as a viewer draws it."""

    state: str | None = None        # its /AS without the slash, None when /Off or absent (not ticked)
    value: Any = None               # its own /V (as FormField.value), for a box that is not the field itself
    shown: bool = True              # on a page, not hidden, with an area, and a drawing for its state
    look: tuple[str, str] | None = None  # digests of its normal "on" and "Off" appearances


def page_annotations(reader: Any, name: str, limit: int) -> dict[tuple[int, int], Any]:
    """The annotations on the pages, by reference (the boxes a viewer can draw)."""
    from pypdf.generic import IndirectObject

    out: dict[tuple[int, int], Any] = {}
    for page in reader.pages:
        annots = page.get("/Annots")
        annots = annots.get_object() if annots is not None else None
        if not isinstance(annots, list):
            continue
        if len(out) + len(annots) > limit:
            raise problem(name, f"has more than {limit} form fields; it is not a toolkit form")
        for ref in annots:
            if isinstance(ref, IndirectObject):
                out[(ref.idnum, ref.generation)] = ref
    return out


def is_ticked_widget(ref: Any) -> bool:
    from pypdf.generic import DictionaryObject

    annot = ref.get_object()
    return (isinstance(annot, DictionaryObject) and annot.get("/Subtype") == "/Widget"
            and annot.get("/AS") is not None and str(annot["/AS"]) != "/Off")


def parent_name(ref: Any) -> str:
    """The name a stray box's /Parent gives ("" when it has none)."""
    from pypdf.generic import DictionaryObject

    parent: Any = ref.get_object().get("/Parent")
    parent = parent.get_object() if parent is not None else None
    title = parent.get("/T") if isinstance(parent, DictionaryObject) else None
    return str(title.get_object()) if title is not None else ""


def read_widget(w: Any, ref: Any, on_pages: set[tuple[int, int]], looks: dict[tuple[int, int], str]) -> Widget:
    """One box as a viewer draws it."""
    from pypdf.generic import DictionaryObject, IndirectObject

    st = str(w["/AS"]) if w.get("/AS") is not None else "/Off"
    state = None if st == "/Off" else st.removeprefix("/")
    flags = w.get("/F")
    flags = flags.get_object() if flags is not None else 0
    hidden = isinstance(flags, int) and bool(flags & HIDDEN_FLAGS)
    on_page = isinstance(ref, IndirectObject) and (ref.idnum, ref.generation) in on_pages
    ap = w.get("/AP")
    ap = ap.get_object() if ap is not None else None
    normal = ap.get("/N") if isinstance(ap, DictionaryObject) else None
    normal = normal.get_object() if normal is not None else None
    look = None
    drawn = True
    if isinstance(normal, DictionaryObject):
        on = [k for k in normal if k != "/Off"]
        drawn = state is None or f"/{state}" in normal
        if len(on) == 1 and "/Off" in normal:
            look = (_digest(normal.raw_get(on[0]), looks), _digest(normal.raw_get("/Off"), looks))
    shown = on_page and not hidden and _has_area(w.get("/Rect")) and drawn
    return Widget(state, None, shown, look)


def _has_area(rect: Any) -> bool:
    try:
        x1, y1, x2, y2 = (float(v) for v in rect.get_object())
    except (TypeError, ValueError, AttributeError):
        return False
    return abs(x2 - x1) >= 1 and abs(y2 - y1) >= 1


def _digest(ref: Any, looks: dict[tuple[int, int], str]) -> str:
    """What an appearance draws, as a digest of its content, box and matrix (cached by object)."""
    from pypdf.generic import IndirectObject, StreamObject

    key = (ref.idnum, ref.generation) if isinstance(ref, IndirectObject) else None
    if key is not None and key in looks:
        return looks[key]
    stream = ref.get_object() if ref is not None else None
    h = hashlib.sha256()
    if isinstance(stream, StreamObject):
        h.update(stream.get_data())
        for k in ("/BBox", "/Matrix", "/Resources"):
            h.update(re.sub(r", \d+\)", ")", repr(stream.get(k))).encode())  # no reader's address
    else:
        h.update(b"<not a drawing>")
    digest = h.hexdigest()
    if key is not None:
        looks[key] = digest
    return digest
