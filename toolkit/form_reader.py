"""Read a filled fillable form (``toolkit form --fillable``) back as an intake.

``read_pdf_intakes(path, catalog)`` opens the PDF with pypdf, finds the marker
field that says which screeners (and versions) the form holds, reads each item's
tick-box group (an unticked item is unanswered, so it is left out of the
answers) and the client name, client ID and date fields, and validates the
result exactly like a YAML intake (:func:`toolkit.intake.intake_from_mapping`).

Anything else is refused with one plain message and nothing is scored: a file
that is not a PDF, damaged or truncated, encrypted, too large (20 MB), with too
many pages or fields, without form fields, with fields that are not ours, made
for a screener this toolkit does not have or for another version of it, a tick
that is not one of the item's options.  Problems name the file and the field
(``filled.pdf  phq9:q3: ...``); a client's name, ID and birth date are never
shown.  pypdf's own warnings are kept off the screen (nothing is logged).
"""

from __future__ import annotations

import io
import logging
import warnings
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Iterator, Optional

from .answers import show
from .catalog import Catalog
from .errors import Problem, ProblemList
from .form_names import (
    CLIENT_FIELDS,
    FIELD_OF_PATH,
    MARKER_FIELD,
    MarkerError,
    export_names,
    item_field,
    parse_marker,
    split_item_field,
)
from .intake import Intake, intake_from_mapping
from .yaml_reader import SourceMap

MAX_FORM_BYTES = 20 * 1024 * 1024
MAX_PAGES = 200
MAX_FIELDS = 2000      # field dictionaries visited, widgets included
MAX_DEPTH = 12         # levels of /Kids
MAX_TEXT = 100_000     # characters in one text field (the intake rules are stricter)
NEW_FORM = "print a new form with toolkit form SCREENER... --fillable"


@dataclass
class FormField:
    """One terminal field: its full name, type, value and the states of its widgets."""

    name: str
    kind: str                       # "/Btn", "/Tx", ... or "" when not given
    value: Any = None               # ("name", str) | ("text", str) | ("other", type name) | None
    states: list[str] = field(default_factory=list)  # widgets' /AS other than /Off


def read_pdf_intakes(path: str | Path, catalog: Catalog) -> list[Intake]:
    """The one intake in a filled form; raise ProblemList with a clear message."""
    name = str(path)
    raw = _read_bytes(Path(path), name)
    fields = _read_fields(raw, name)
    data = _intake_data(fields, name, catalog)
    try:
        return [intake_from_mapping(data, SourceMap(name), catalog)]
    except ProblemList as exc:
        raise ProblemList([_field_problem(p) for p in exc.problems]) from None


def _problem(name: str, message: str, path: str = "") -> ProblemList:
    return ProblemList([Problem(name, 0, 0, path, message)])


def _read_bytes(path: Path, name: str) -> bytes:
    try:
        with path.open("rb") as fh:
            raw = fh.read(MAX_FORM_BYTES + 1)
    except FileNotFoundError:
        raise _problem(name, "file not found") from None
    except IsADirectoryError:
        raise _problem(name, "is a folder, not a file") from None
    except OSError as exc:
        raise _problem(name, f"cannot be read ({exc.strerror or type(exc).__name__})") from None
    if len(raw) > MAX_FORM_BYTES:
        raise _problem(name, f"file is larger than the {MAX_FORM_BYTES // (1024 * 1024)} MB limit for a form")
    if not raw.strip():
        raise _problem(name, "file is empty")
    if b"%PDF-" not in raw[:1024]:
        raise _problem(name, "is not a PDF file (it does not start with %PDF-); "
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


def _read_fields(raw: bytes, name: str) -> dict[str, FormField]:
    """Every terminal form field by full name (pypdf, with limits)."""
    from pypdf import PdfReader
    from pypdf.errors import LimitReachedError

    with _quiet():
        try:
            reader = PdfReader(io.BytesIO(raw), strict=False)
            if reader.is_encrypted:
                raise _problem(name, "is encrypted (password-protected); save an unprotected copy "
                                     "of the filled form and read that")
            root = reader.trailer["/Root"].get_object()
            tree = root["/Pages"]
            pages = tree["/Count"] if "/Count" in tree else 0
            if not isinstance(pages, int) or pages < 0:
                raise _problem(name, "cannot be read as a PDF (the page tree is damaged)")
            if pages > MAX_PAGES:
                raise _problem(name, f"has {pages} pages; a toolkit form has at most {MAX_PAGES}")
            acro = root.get("/AcroForm")
            acro = acro.get_object() if acro is not None else None
            top = acro.get("/Fields") if hasattr(acro, "get") else None
            top = top.get_object() if top is not None else None
            if not top:
                raise _problem(name, "has no form fields: it is not a fillable toolkit form "
                                     "(made with toolkit form --fillable); type paper answers into "
                                     "an intake file instead")
            return _walk_fields(top, name)
        except ProblemList:
            raise
        except LimitReachedError:
            raise _problem(name, "is refused: a compressed part of it unpacks to more than the safety limit "
                                 "(a toolkit form is small)") from None
        except RecursionError:
            raise _problem(name, "cannot be read as a PDF (its structure is nested too deeply)") from None
        except Exception as exc:  # noqa: BLE001 - any parser failure on foreign bytes is a plain message
            raise _problem(name, f"cannot be read as a PDF: it is damaged or truncated "
                                 f"({type(exc).__name__})") from None


def _walk_fields(top: Any, name: str) -> dict[str, FormField]:
    from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject

    if not isinstance(top, ArrayObject):
        raise _problem(name, "cannot be read as a PDF (the form's field list is damaged)")
    out: dict[str, FormField] = {}
    seen: set[tuple[int, int]] = set()
    budget = [MAX_FIELDS]

    def visit(ref: Any, parent: str, kind: str, value: Any, depth: int) -> None:
        if depth > MAX_DEPTH:
            raise _problem(name, "has form fields nested too deeply; it is not a toolkit form")
        if isinstance(ref, IndirectObject):
            key = (ref.idnum, ref.generation)
            if key in seen:
                raise _problem(name, "cannot be read as a PDF (a form field refers back to itself)")
            seen.add(key)
        node = ref.get_object() if ref is not None else None
        if not isinstance(node, DictionaryObject):
            return
        budget[0] -= 1
        if budget[0] < 0:
            raise _problem(name, f"has more than {MAX_FIELDS} form fields; it is not a toolkit form")
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
            raise _problem(name, f"has more than {MAX_FIELDS} form fields; it is not a toolkit form")
        widgets = [k.get_object() for k in kids] or [node]
        states = []
        for w in widgets:
            if isinstance(w, DictionaryObject) and w.get("/AS") is not None:
                st = str(w["/AS"])
                if st != "/Off":
                    states.append(st[1:] if st.startswith("/") else st)
        if full in out:
            raise _problem(name, f"has two form fields named {show(full)}; it is not a toolkit form", )
        out[full] = FormField(full, kind, _plain(value), states)

    for ref in top:
        visit(ref, "", "", None, 0)
    return out


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

def _intake_data(fields: dict[str, FormField], name: str, catalog: Catalog) -> dict[str, Any]:
    marker_field = fields.get(MARKER_FIELD)
    if marker_field is None:
        raise _problem(name, f"is not a toolkit form: it has form fields, but not the {MARKER_FIELD} "
                             "field that toolkit form --fillable writes")
    kind, marker_value = marker_field.value if marker_field.value else ("", "")
    if kind != "text":
        raise _problem(name, "is damaged: the marker field has no text; " + NEW_FORM, MARKER_FIELD)
    try:
        pairs = parse_marker(marker_value)
    except MarkerError as exc:
        raise _problem(name, f"{exc}", MARKER_FIELD) from None
    hint = f"print a new form with toolkit form {' '.join(sid for sid, _ in pairs)} --fillable"
    screeners = []
    for sid, version in pairs:
        if not catalog.has(sid):
            raise _problem(name, f"the form is for the screener '{sid}', which this toolkit does not have "
                                 f"(known: {', '.join(catalog.ids())}); use --practice for a practice's "
                                 "own screeners", MARKER_FIELD)
        screener = catalog.get(sid)
        if screener.version != version:
            raise _problem(name, f"the form was made for {sid} version {show(version)}, but this toolkit has "
                                 f"version \"{screener.version}\"; the questions may differ, so it is not "
                                 f"read: {hint}", MARKER_FIELD)
        screeners.append(screener)

    by_item: dict[str, FormField] = {}
    unknown: list[str] = []
    wanted = {item_field(s.id, it.id) for s in screeners for it in s.items}
    for fname, f in fields.items():
        if fname == MARKER_FIELD or fname in CLIENT_FIELDS:
            continue
        parts = split_item_field(fname)
        canonical = item_field(*parts) if parts else None
        if canonical in wanted and canonical not in by_item:
            by_item[canonical] = f
        else:
            unknown.append(fname)
    if unknown:
        more = f" and {len(unknown) - 1} more" if len(unknown) > 1 else ""
        raise _problem(name, f"has form fields a toolkit form does not have ({show(unknown[0])}{more}); "
                             f"it was changed after it was made: {hint}")
    absent = [n for n in sorted(wanted) if n not in by_item] + [n for n in CLIENT_FIELDS if n not in fields]
    if absent:
        more = f" and {len(absent) - 1} more" if len(absent) > 1 else ""
        raise _problem(name, f"has no field {absent[0]}{more}; it was changed after it was made: {hint}")

    answers: dict[str, dict[str, Any]] = {}
    problems: list[Problem] = []
    for s in screeners:
        answers[s.id] = {}
        for it in s.items:
            fname = item_field(s.id, it.id)
            try:
                chosen = _ticked(by_item[fname], s.scales[it.scale], name, fname, hint)
            except ProblemList as exc:
                problems.extend(exc.problems)
                continue
            if chosen is not None:
                answers[s.id][it.id] = chosen
    data: dict[str, Any] = {"client": {}, "answers": answers}
    for fname, where in CLIENT_FIELDS.items():
        try:
            text = _text(fields[fname], name, fname, hint)
        except ProblemList as exc:
            problems.extend(exc.problems)
            continue
        if text is None or (fname == "client_name" and not text.strip()):
            if fname == "client_name":
                continue
            text = ""  # empty: the intake rules say what is wrong
        target = data
        for key in where[:-1]:
            target = target.setdefault(key, {})
        target[where[-1]] = text
    if problems:
        raise ProblemList(problems)
    return data


def _ticked(f: FormField, options: list, name: str, fname: str, hint: str) -> Optional[Any]:
    """The option value of the ticked box, or None when none is ticked."""
    if f.kind not in ("/Btn", ""):
        raise _problem(name, "is not a group of tick boxes; " + hint, fname)
    exports = export_names(options)
    if f.value is not None and f.value[0] not in ("name", "text"):  # some tools write the name as text
        raise _problem(name, "holds a value that is not a ticked box; " + hint, fname)
    chosen = f.value[1] if f.value is not None else None
    if chosen in (None, "Off", ""):
        ticked = sorted(set(f.states))
        if len(ticked) > 1:
            raise _problem(name, "more than one box is ticked; tick one", fname)
        chosen = ticked[0] if ticked else None
    if chosen is None:
        return None
    if len(options) == 1 and chosen == "Yes":  # a single option is drawn as a check box
        chosen = exports[0]
    if chosen not in exports:
        allowed = "; ".join(f"{e} = {o.label}" for e, o in zip(exports, options))
        raise _problem(name, f"{show(chosen)} is not one of this question's boxes (boxes: {allowed}); "
                             + hint, fname)
    return options[exports.index(chosen)].value


def _text(f: FormField, name: str, fname: str, hint: str) -> Optional[str]:
    if f.kind not in ("/Tx", ""):
        raise _problem(name, "is not a text field; " + hint, fname)
    if f.value is None:
        return None
    if f.value[0] != "text":
        raise _problem(name, "holds something other than text; type it again", fname)
    if len(f.value[1]) > MAX_TEXT:
        raise _problem(name, f"is {len(f.value[1])} characters long; the limit is {MAX_TEXT}", fname)
    return f.value[1]


def _field_problem(p: Problem) -> Problem:
    """An intake problem as the form field it is about (no line numbers in a PDF)."""
    path = p.path
    if path.startswith("answers."):
        parts = path.split(".")
        path = item_field(parts[1], ".".join(parts[2:])) if len(parts) > 2 else ""
    elif path == "answers":
        path = ""
    else:
        path = FIELD_OF_PATH.get(path, "client_id" if path == "client" else path)
    return replace(p, line=0, col=0, path=path)
