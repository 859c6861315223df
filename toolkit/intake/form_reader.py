"""Read a filled fillable form (``toolkit form --fillable``) back as an intake.

``read_pdf_intakes(path, catalog)`` opens the PDF with pypdf, finds the marker
field that says which screeners (and versions) the form holds, reads each item's
tick-box group as the page shows it (the boxes' appearance, ``/AS``: an
unticked item is unanswered, so it is left out of the answers; a stored value,
``/V``, that says otherwise refuses that question, so what is scored is always
what the client saw) and the client name, client ID and date fields, and validates the
result exactly like a YAML intake (:func:`toolkit.intake.model.intake_from_mapping`).

The PDF itself (size, pages, fields, nesting) is read by :mod:`toolkit.intake.form_fields`.
Anything else is refused with one plain message and nothing is scored: a file
that is not a PDF, damaged or truncated, encrypted, too large (20 MB), with too
many pages or fields, without form fields, with fields that are not ours, made
for a screener this toolkit does not have or for another version of it, a tick
that is not one of the item's options, a question whose saved answer and drawn
box disagree (one message per question; on a critical item it adds "check the
answer with the client today").  Problems name the file and the field
(``filled.pdf  phq9:q3: ...``); a client's name, ID and birth date are never
shown.  pypdf's own warnings are kept off the screen (nothing is logged).

What the page shows is what is read, so these are refused too (issue 14): a
box's own stored value that disagrees with what is shown, a ticked box a viewer
does not draw (hidden, without a size, on no page, or with no drawing for its
state), a box drawn differently from the form's other boxes (its look was
replaced), and a ticked box on a page that belongs to no question.  A form
changed by an incremental update after it was filled is read as its last saved
version shows it, and the questions a later version changed are attached to the
intake (:mod:`toolkit.intake.form_revisions`) so that the scorer flags them.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import replace
from pathlib import Path
from typing import Any

from ..content.catalog import Catalog
from ..content.screener_model import Screener
from ..core.errors import Problem, ProblemList, problem
from ..core.messages import show
from ..core.yaml_reader import SourceMap
from .form_fields import MAX_TEXT, NEW_FORM, FormField, FormFields, read_bytes, read_fields
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
from .form_revisions import changed_answers, earlier_versions, stored_name
from .model import Intake
from .validation import intake_from_mapping


def read_pdf_intakes(path: str | Path, catalog: Catalog) -> list[Intake]:
    """The one intake in a filled form; raise ProblemList with a clear message."""
    name = str(path)
    raw = read_bytes(Path(path), name)
    earlier_versions(raw, name)  # too many saved versions: refused before any is read
    found = read_fields(raw, name)
    data, screeners = _intake_data(found, name, catalog)
    try:
        intake = intake_from_mapping(data, SourceMap(name), catalog)
    except ProblemList as exc:
        raise ProblemList([_field_problem(p) for p in exc.problems]) from None
    changes = changed_answers(raw, name, screeners, found.fields)
    intake.changed, intake.earlier = changes.items, changes.versions
    return [intake]


def _intake_data(found: FormFields, name: str, catalog: Catalog) -> tuple[dict[str, Any], list[Screener]]:
    fields = found.fields
    marker_field = fields.get(MARKER_FIELD)
    if marker_field is None:
        raise problem(name, f"is not a toolkit form: it has form fields, but not the {MARKER_FIELD} "
                            "field that toolkit form --fillable writes")
    kind, marker_value = marker_field.value if marker_field.value else ("", "")
    if kind != "text":
        raise problem(name, "is damaged: the marker field has no text; " + NEW_FORM, path=MARKER_FIELD)
    try:
        pairs = parse_marker(marker_value)
    except MarkerError as exc:
        raise problem(name, f"{exc}", path=MARKER_FIELD) from None
    hint = f"print a new form with toolkit form {' '.join(sid for sid, _ in pairs)} --fillable"
    screeners = []
    for sid, version in pairs:
        if not catalog.has(sid):
            raise problem(name, f"the form is for the screener '{sid}', which this toolkit does not have "
                                f"(known: {', '.join(catalog.ids())}); use --practice for a practice's "
                                "own screeners", path=MARKER_FIELD)
        screener = catalog.get(sid)
        if screener.version != version:
            raise problem(name, f"the form was made for {sid} version {show(version)}, but this toolkit has "
                                f"version \"{screener.version}\"; the questions may differ, so it is not "
                                f"read: {hint}", path=MARKER_FIELD)
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
        raise problem(name, f"has form fields a toolkit form does not have ({show(unknown[0])}{more}); "
                            f"it was changed after it was made: {hint}")
    absent = [n for n in sorted(wanted) if n not in by_item] + [n for n in CLIENT_FIELDS if n not in fields]
    if absent:
        more = f" and {len(absent) - 1} more" if len(absent) > 1 else ""
        raise problem(name, f"has no field {absent[0]}{more}; it was changed after it was made: {hint}")
    for parent in found.stray_ticked:
        parts = split_item_field(parent)
        item = next((it for s in screeners for it in s.items if (s.id, it.id) == parts), None)
        if parts is None or item is None:
            raise problem(name, "has a ticked box on a page that belongs to no question (a program added "
                                f"it); it was changed after it was made: {hint}")
        raise problem(name, STRAY + (SAFETY_NOTE if item.critical is not None else ""),
                      path=item_field(*parts))

    looks = _usual_looks(by_item.values())
    answers: dict[str, dict[str, Any]] = {}
    problems: list[Problem] = []
    for s in screeners:
        answers[s.id] = {}
        for it in s.items:
            fname = item_field(s.id, it.id)
            try:
                chosen = _ticked(by_item[fname], s.scales[it.scale], name, fname, hint, looks,
                                 critical=it.critical is not None)
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
    return data, screeners


DISAGREE = ("the answer saved in the form and the box shown ticked do not match (a program changed "
            "one and not the other), so this form is not read; open it in a PDF viewer, tick the "
            "answer again, save it and read it again")
NOT_SHOWN = ("a box of this question is ticked but the page does not show it (hidden, without a size, "
             "on no page or with nothing drawn), so this form is not read; open it in a PDF viewer, "
             "tick the answer again, save it and read it again")
STRAY = ("a box of this question is ticked on the page but is not one of the question's boxes (a program "
         "moved it), so this form is not read; open it in a PDF viewer, tick the answer again, save it "
         "and read it again")
LOOK = ("a box of this question is drawn differently from the form's other boxes (a program changed "
        "how it looks), so the page may show another answer than the one saved and this form is not read; ")
SAFETY_NOTE = "; this is a safety question: check the answer with the client today"

Looks = dict[bool, tuple[str, str] | None]


def _usual_looks(fields: Any) -> Looks:
    """The look most boxes have, for radio groups (True) and single check boxes (False)."""
    counts: dict[bool, Counter] = {True: Counter(), False: Counter()}
    for f in fields:
        for w in f.widgets:
            if w.look is not None:
                counts[len(f.widgets) > 1][w.look] += 1
    return {radio: (c.most_common(1)[0][0] if c else None) for radio, c in counts.items()}


def _ticked(f: FormField, options: list, name: str, fname: str, hint: str, looks: Looks,
            critical: bool = False) -> Any | None:
    """The option value of the box the page shows ticked, or None when none is.

    A radio group keeps its answer twice: the stored value (``/V``) and the boxes'
    appearance (``/AS``, what a viewer draws and the client saw).  What is shown is
    scored; a stored value that says otherwise refuses the field (a stored answer
    with no box drawn is never scored, a drawn box is never lost).  So does a box's
    own stored value, a ticked box the page does not show, and a box drawn unlike
    the others (the page may show a tick where ``/AS`` says none)."""
    note = SAFETY_NOTE if critical else ""
    if f.kind not in ("/Btn", ""):
        raise problem(name, "is not a group of tick boxes; " + hint, path=fname)
    exports = export_names(options)
    if f.value is not None and f.value[0] not in ("name", "text"):  # some tools write the name as text
        raise problem(name, "holds a value that is not a ticked box; " + hint, path=fname)
    if any(w.state is not None and not w.shown for w in f.widgets):
        raise problem(name, NOT_SHOWN + note, path=fname)
    usual = looks[len(f.widgets) > 1]
    if any(w.look is None or w.look[0] == w.look[1] or w.look != usual for w in f.widgets):
        raise problem(name, LOOK + hint + note, path=fname)
    shown = sorted(set(f.states))
    if len(shown) > 1:
        raise problem(name, "more than one box is ticked; tick one" + note, path=fname)
    shown_export = _export(shown[0] if shown else None, options, exports, name, fname, hint)
    for value in [f.value, *(w.value for w in f.widgets)]:
        stored = stored_name(value)
        if stored is None or (value is not f.value and stored == "Off"):
            continue  # a box's own "Off" is about that box (pypdf writes it on the boxes not ticked)
        if _export(stored, options, exports, name, fname, hint) != shown_export:
            raise problem(name, DISAGREE + note, path=fname)
    if shown_export is None:
        return None
    return options[exports.index(shown_export)].value


def _export(value: str | None, options: list, exports: list[str], name: str, fname: str,
            hint: str) -> str | None:
    """A stored or drawn state as one of the item's export names (None: no box, "Off")."""
    if value in (None, "Off"):
        return None
    if len(options) == 1 and value == "Yes":  # a single option is drawn as a check box
        return exports[0]
    if value not in exports:
        allowed = "; ".join(f"{e} = {o.label}" for e, o in zip(exports, options, strict=True))
        raise problem(name, f"the stored answer is not one of this question's boxes (boxes: {allowed}); "
                            + hint, path=fname)
    return value


def _text(f: FormField, name: str, fname: str, hint: str) -> str | None:
    if f.kind not in ("/Tx", ""):
        raise problem(name, "is not a text field; " + hint, path=fname)
    if f.value is None:
        return None
    if f.value[0] != "text":
        raise problem(name, "holds something other than text; type it again", path=fname)
    if len(f.value[1]) > MAX_TEXT:
        raise problem(name, f"is {len(f.value[1])} characters long; the limit is {MAX_TEXT}", path=fname)
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
