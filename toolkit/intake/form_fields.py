"""The PDF side of reading a filled form: the file (size cap), pypdf kept quiet,
and every terminal form field with its value and its boxes (widgets), walked with
caps on pages, fields and nesting so a hostile PDF cannot run away with the reader.

For each box it records what the page shows: its ticked state (``/AS``), its own
stored value (``/V``, which pypdf writes on radio buttons), whether a viewer
draws it at all (on a page's annotation list, not hidden, with an area, and with
a drawing for its ticked state) and a digest of its two looks (the normal
appearances of its "on" and "Off" states).  Boxes on a page that belong to no
field are counted too.  :mod:`toolkit.intake.form_reader` turns the fields into an
intake and decides what is refused."""

from __future__ import annotations

import io
import logging
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from ..core.errors import ProblemList, problem, read_problem
from ..core.messages import show
from ..core.regular_files import open_for_reading
from .form_widgets import Widget, is_ticked_widget, page_annotations, parent_name, read_widget

MAX_FORM_BYTES = 20 * 1024 * 1024
MAX_PAGES = 200
MAX_FIELDS = 2000      # field dictionaries visited, widgets included
MAX_DEPTH = 12         # levels of /Kids
MAX_TEXT = 100_000     # characters in one text field (the intake rules are stricter)
NEW_FORM = "print a new form with toolkit form SCREENER... --fillable"


@dataclass
class FormField:
    """One terminal field: its full name, type, value and its boxes."""

    name: str
    kind: str                       # "/Btn", "/Tx", ... or "" when not given
    value: Any = None               # ("name", str) | ("text", str) | ("other", type name) | None
    states: list[str] = field(default_factory=list)  # widgets' /AS other than /Off
    widgets: list[Widget] = field(default_factory=list)


@dataclass
class FormFields:
    """Every terminal field by full name, and the ticked boxes on pages that belong to no
    field's boxes: the name their /Parent gives (a box moved out of its group), or ""."""

    fields: dict[str, FormField]
    stray_ticked: list[str] = field(default_factory=list)


def read_bytes(path: Path, name: str) -> bytes:
    try:
        with open_for_reading(path) as fh:  # never waits on a pipe
            raw = fh.read(MAX_FORM_BYTES + 1)
    except OSError as exc:
        raise ProblemList([read_problem(name, exc)]) from None
    if len(raw) > MAX_FORM_BYTES:
        raise problem(name, f"file is larger than the {MAX_FORM_BYTES // (1024 * 1024)} MB limit for a form")
    if not raw.strip():
        raise problem(name, "file is empty")
    if b"%PDF-" not in raw[:1024]:
        raise problem(name, "is not a PDF file (it does not start with %PDF-); "
                            "give the filled form that toolkit form --fillable made")
    return raw


@contextmanager
def _quiet() -> Iterator[None]:
    """pypdf reports repairs through logging and warnings: keep both off stderr."""
    logger = logging.getLogger("pypdf")  # pypdf's modules log to children of this logger
    quiet = logging.NullHandler()
    propagate = logger.propagate
    logger.addHandler(quiet)  # records stop here: no root handler, no last-resort stderr
    logger.propagate = False
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            yield
    finally:
        logger.propagate = propagate
        logger.removeHandler(quiet)


def read_fields(raw: bytes, name: str) -> FormFields:
    """Every terminal form field by full name, and what the pages show (pypdf, with limits)."""
    from pypdf import PdfReader
    from pypdf.errors import LimitReachedError

    with _quiet():
        try:
            reader = PdfReader(io.BytesIO(raw), strict=False)
            if reader.is_encrypted:
                raise problem(name, "is encrypted (password-protected); save an unprotected copy "
                                    "of the filled form and read that")
            root: Any = reader.trailer["/Root"].get_object()  # foreign bytes: any shape, failures end below
            tree = root["/Pages"]
            pages = tree["/Count"] if "/Count" in tree else 0  # noqa: SIM401 - [] resolves an indirect count
            if not isinstance(pages, int) or pages < 0:
                raise problem(name, "cannot be read as a PDF (the page tree is damaged)")
            if pages > MAX_PAGES:
                raise problem(name, f"has {pages} pages; a toolkit form has at most {MAX_PAGES}")
            acro: Any = root.get("/AcroForm")
            acro = acro.get_object() if acro is not None else None
            top = acro.get("/Fields") if hasattr(acro, "get") else None
            top = top.get_object() if top is not None else None
            if not top:
                raise problem(name, "has no form fields: it is not a fillable toolkit form "
                                    "(made with toolkit form --fillable); type paper answers into "
                                    "an intake file instead")
            on_pages = page_annotations(reader, name, MAX_FIELDS)
            found = _walk_fields(top, name, set(on_pages))
            stray = [parent_name(annot) for num, annot in on_pages.items()
                     if num not in found.widget_ids and is_ticked_widget(annot)]
            return FormFields(found.fields, stray)
        except ProblemList:
            raise
        except LimitReachedError:
            raise problem(name, "is refused: a compressed part of it unpacks to more than the safety limit "
                                "(a toolkit form is small)") from None
        except RecursionError:
            raise problem(name, "cannot be read as a PDF (its structure is nested too deeply)") from None
        except Exception as exc:  # noqa: BLE001 - any parser failure on foreign bytes is a plain message
            raise problem(name, f"cannot be read as a PDF: it is damaged or truncated "
                                f"({type(exc).__name__})") from None


@dataclass
class _Walk:
    fields: dict[str, FormField]
    widget_ids: set[tuple[int, int]]


def _walk_fields(top: Any, name: str, on_pages: set[tuple[int, int]]) -> _Walk:
    from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject

    if not isinstance(top, ArrayObject):
        raise problem(name, "cannot be read as a PDF (the form's field list is damaged)")
    out: dict[str, FormField] = {}
    seen: set[tuple[int, int]] = set()
    widget_ids: set[tuple[int, int]] = set()
    looks: dict[tuple[int, int], str] = {}
    budget = [MAX_FIELDS]

    def visit(ref: Any, parent: str, kind: str, value: Any, depth: int) -> None:
        if depth > MAX_DEPTH:
            raise problem(name, "has form fields nested too deeply; it is not a toolkit form")
        if isinstance(ref, IndirectObject):
            key = (ref.idnum, ref.generation)
            if key in seen:
                raise problem(name, "cannot be read as a PDF (a form field refers back to itself)")
            seen.add(key)
        node = ref.get_object() if ref is not None else None
        if not isinstance(node, DictionaryObject):
            return
        budget[0] -= 1
        if budget[0] < 0:
            raise problem(name, f"has more than {MAX_FIELDS} form fields; it is not a toolkit form")
        title = node.get("/T")
        full = parent
        if title is not None:
            part = str(title.get_object())
            full = f"{parent}.{part}" if parent else part
        kind = str(node.get("/FT", kind) or "")
        value = node.get("/V", value)
        kids = node.get("/Kids")
        kids = kids.get_object() if kids is not None else None
        kids = list(kids) if isinstance(kids, ArrayObject) else []
        named_kids = [k for k in kids if isinstance(k.get_object(), DictionaryObject) and "/T" in k.get_object()]
        if named_kids:  # a field with child fields
            for kid in kids:
                visit(kid, full, kind, value, depth + 1)
            return
        budget[0] -= len(kids)
        if budget[0] < 0:
            raise problem(name, f"has more than {MAX_FIELDS} form fields; it is not a toolkit form")
        refs = kids or [ref]
        widgets = []
        for w_ref in refs:
            if isinstance(w_ref, IndirectObject):
                widget_ids.add((w_ref.idnum, w_ref.generation))
            w = w_ref.get_object() if w_ref is not None else None
            if isinstance(w, DictionaryObject):
                box = read_widget(w, w_ref, on_pages, looks)
                widgets.append(box if w is node else replace(box, value=_plain(w.get("/V"))))
        states = [w.state for w in widgets if w.state is not None]
        if full in out:
            raise problem(name, f"has two form fields named {show(full)}; it is not a toolkit form", )
        out[full] = FormField(full, kind, _plain(value), states, widgets)

    for ref in top:
        visit(ref, "", "", None, 0)
    return _Walk(out, widget_ids)


def _plain(value: Any) -> Any:
    """A pypdf value as ("name", str), ("text", str), ("other", type) or None."""
    from pypdf.generic import ByteStringObject, NameObject, NullObject, TextStringObject

    if value is None:
        return None
    value = value.get_object()
    if isinstance(value, NullObject):
        return None
    if isinstance(value, NameObject):
        return ("name", str(value)[1:])
    if isinstance(value, TextStringObject):
        return ("text", str(value))
    if isinstance(value, ByteStringObject):
        try:
            return ("text", bytes(value).decode("utf-8"))
        except UnicodeDecodeError:
            return ("text", bytes(value).decode("latin-1"))
    return ("other", type(value).__name__)


# --------------------------------------------------------------------------- fields -> intake
