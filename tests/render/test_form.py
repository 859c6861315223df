"""``toolkit form``: printable and fillable checklists (toolkit.render.form, form_notes, form_names).

What is checked here: every item text and option label is in the PDF; items asked
only sometimes carry a plain note; fillable forms have one radio group per item
named ``<screener>:<item>`` whose buttons export the option values, text fields
for the client, and a hidden read-only marker; option boxes never run past the
page at 12, 18 or 24 pt; the same input gives the same bytes; the file is 0600;
metadata holds fixed words; fonts are embedded (a fillable form adds only the
standard Helvetica that ReportLab uses for typed text, see form_pdf's docstring);
practice branding and hostile practice text are drawn literally; the command's
errors are plain and write nothing.
"""

from __future__ import annotations

import re
import shutil
import stat
import subprocess
from io import BytesIO
from pathlib import Path

import pytest
from pypdf import PdfReader

from toolkit.content.catalog import Catalog
from toolkit.content.screener_model import Screener
from toolkit.core.errors import ProblemList
from toolkit.documents.handout import Branding
from toolkit.intake.form_names import (
    MARKER_FIELD,
    MarkerError,
    export_names,
    item_field,
    marker,
    parse_marker,
    split_item_field,
)
from toolkit.pipelines.form import load_screeners, write_form
from toolkit.planning.form_notes import GENERIC, show_if_note
from toolkit.render.fonts import font_set
from toolkit.render.form import METADATA_TITLE, render_form
from toolkit.render.form_flowables import OptionBoxes

CATALOG = Catalog(None)
BUILTIN = CATALOG.ids()


def words(pdf: bytes) -> str:
    reader = PdfReader(BytesIO(pdf))
    return " ".join(" ".join(page.extract_text().split()) for page in reader.pages)


def squash(s: str) -> str:
    return " ".join(s.split())


# --- content -----------------------------------------------------------------------------

@pytest.mark.parametrize("sid", BUILTIN)
@pytest.mark.parametrize("fillable", [False, True])
def test_every_item_and_option_is_printed(sid: str, fillable: bool, make_form):
    s = CATALOG.get(sid)
    text = words(make_form(sid, fillable=fillable))
    for needed in [s.title, s.timeframe, s.instructions, *(it.text for it in s.items),
                   *(o.label for opts in s.scales.values() for o in opts)]:
        assert squash(needed) in text, needed
    for it in s.items:
        note = show_if_note(s, it.id)
        assert (note is not None) == (it.show_if is not None)
        if note:
            assert squash(note) in text
    if s.kind == "validated":
        assert squash(s.citation)[:60] in text
    for label in ("Name", "Client ID", "Date (YYYY-MM-DD)", "Please tick one box for each question"):
        assert label in text


def test_show_if_notes_in_plain_words():
    assert show_if_note(CATALOG.get("phq9"), "q10") == (
        'Answer this only if you ticked an answer other than "Not at all" for any of questions 1 to 9.')
    assert show_if_note(CATALOG.get("asq"), "q5") == (
        'Answer this only if you ticked "Yes" or "Declined to answer" for any of questions 1 to 4.')
    assert show_if_note(CATALOG.get("medication"), "recent-change") == (
        'Answer this only if you ticked an answer other than "I do not take an antidepressant" '
        "for question 1.")
    assert show_if_note(CATALOG.get("phq9"), "q1") is None


def _screener(show_if: dict) -> Screener:
    return Screener.model_validate({
        "id": "t", "version": "1", "title": "T", "kind": "checklist", "citation": "c",
        "licence": {"status": "original", "text": "x"}, "timeframe": "now", "instructions": "i",
        "scales": {"yn": [{"value": "yes", "label": "Yes"}, {"value": "no", "label": "No"}],
                   "n": [{"value": 0, "label": "None"}, {"value": 1, "label": "Some"},
                         {"value": 2, "label": "Much"}]},
        "items": [{"id": "a", "text": "A?", "scale": "yn"}, {"id": "b", "text": "B?", "scale": "n"},
                  {"id": "c", "text": "C?", "scale": "yn", "show_if": show_if}]})


@pytest.mark.parametrize("show_if, note", [
    ({"answer": {"item": "a", "equals": "yes"}}, 'Answer this only if you ticked "Yes" for question 1.'),
    ({"not": {"answer": {"item": "a", "equals": "yes"}}}, 'Answer this only if you ticked "No" for question 1.'),
    ({"answer": {"item": "b", "at_least": 1}}, 'Answer this only if you ticked "Some" or "Much" for question 2.'),
    ({"answer": {"item": "b", "at_most": 0}}, 'Answer this only if you ticked "None" for question 2.'),
    ({"answer": {"item": "a", "answered": True}}, "Answer this only if you answered question 1."),
    ({"all": [{"answer": {"item": "a", "equals": "yes"}}, {"answer": {"item": "b", "in": [2]}}]},
     'Answer this only if you ticked "Yes" for question 1 and you ticked "Much" for question 2.'),
    ({"any": [{"answer": {"item": "a", "equals": "yes"}}, {"answer": {"item": "b", "equals": 2}}]},
     'Answer this only if you ticked "Yes" for question 1, or you ticked "Much" for question 2.'),
    ({"score": {"score": "x", "gte": 3}}, GENERIC),
    ({"any": [{"answer": {"item": "a", "equals": "yes"}}, {"outcome": "x"}]}, GENERIC),
])
def test_show_if_note_wording(show_if: dict, note: str):
    assert show_if_note(_screener(show_if), "c") == note


# --- fields ------------------------------------------------------------------------------

def fields_of(pdf: bytes) -> dict:
    reader = PdfReader(BytesIO(pdf))
    return {str(r.get_object()["/T"]): r.get_object() for r in reader.trailer["/Root"]["/AcroForm"]["/Fields"]}


@pytest.mark.parametrize("sid", BUILTIN)
def test_fillable_fields_are_named_to_be_read_back(sid: str, make_form):
    s = CATALOG.get(sid)
    pdf = make_form(sid)
    fields = fields_of(pdf)
    expected = {item_field(sid, it.id) for it in s.items} | {"client_name", "client_id", "date", MARKER_FIELD}
    assert set(fields) == expected
    for it in s.items:
        group = fields[item_field(sid, it.id)]
        assert group["/FT"] == "/Btn" and int(group["/Ff"]) & (1 << 15)  # a radio group
        assert not int(group["/Ff"]) & (1 << 14)  # a ticked box can be cleared again
        exports = [[k for k in kid.get_object()["/AP"]["/N"] if k != "/Off"][0][1:] for kid in group["/Kids"]]
        assert exports == export_names(s.scale_of(it.id))
        assert exports == [str(o.value) for o in s.scale_of(it.id)]  # built-in values are plain names
        assert "/V" not in group or group["/V"] in ("/Off", None)
    for name in ("client_name", "client_id", "date"):
        assert fields[name]["/FT"] == "/Tx" and fields[name]["/V"] == ""
    mark = fields[MARKER_FIELD]
    assert mark["/V"] == f"cry-toolkit-form/1 {sid}@{s.version}"
    assert int(mark["/F"]) & 2 and int(mark["/Ff"]) & 1  # hidden, read-only


def test_every_widget_sits_on_its_own_page(make_form):
    """Fields are made while pages are still being drawn; each widget must name the page
    whose /Annots hold it, and lie inside the page's margins."""
    pdf = make_form("cbi", "phq9", "medication")
    reader = PdfReader(BytesIO(pdf))
    assert len(reader.pages) > 3
    seen = 0
    for page in reader.pages:
        w, h = float(page.mediabox.width), float(page.mediabox.height)
        for annot in page.get("/Annots", []):
            a = annot.get_object()
            assert a["/P"].get_object() == page.get_object()
            x0, y0, x1, y1 = (float(v) for v in a["/Rect"])
            if not int(a.get("/F", 0)) & 2:  # the hidden marker may sit anywhere
                assert 54 <= x0 < x1 <= w - 54 + 0.01 and 30 < y0 < y1 < h - 30
            seen += 1
    assert seen == sum(len(CATALOG.get(s).scale_of(it.id)) for s in ("cbi", "phq9", "medication")
                       for it in CATALOG.get(s).items) + 4


def test_a_group_stays_on_one_page(make_form):
    reader = PdfReader(BytesIO(make_form(*BUILTIN)))
    page_of: dict[str, set[int]] = {}
    for n, page in enumerate(reader.pages):
        for annot in page.get("/Annots", []):
            a = annot.get_object()
            name = str(a["/Parent"]["/T"]) if "/Parent" in a else str(a["/T"])
            page_of.setdefault(name, set()).add(n)
    assert all(len(pages) == 1 for pages in page_of.values())


def test_field_names_and_marker_round_trip():
    assert split_item_field("phq9:q1") == ("phq9", "q1")
    assert split_item_field("phq9.q1") == ("phq9", "q1")  # a viewer that made a hierarchy
    assert split_item_field("medication:recent-change") == ("medication", "recent-change")
    for bad in ("phq9", "client_id", ":q1", "phq9:", "a:b:c"):
        assert split_item_field(bad) is None
    ss = [CATALOG.get("phq9"), CATALOG.get("gad7")]
    assert marker(ss) == "cry-toolkit-form/1 phq9@1.0 gad7@1.0"
    assert parse_marker(marker(ss)) == [("phq9", "1.0"), ("gad7", "1.0")]
    for bad in ("", "hello", "cry-toolkit-form/1", "cry-toolkit-form/1 phq9", "cry-toolkit-form/1 A@1",
                "cry-toolkit-form/1 phq9@1 phq9@1", "cry-toolkit-form/9 phq9@1"):
        with pytest.raises(MarkerError):
            parse_marker(bad)


def test_export_names_for_awkward_values():
    from toolkit.content.screener_model import Option

    opts = [Option(value="Off", label="Off"), Option(value="sí", label="Sí"), Option(value="a b", label="A B"),
            Option(value=3, label="Three"), Option(value="yes", label="Yes")]
    assert export_names(opts) == ["opt1", "opt2", "opt3", "3", "yes"]
    clash = [Option(value="a b", label="x"), Option(value="opt1", label="y")]
    assert export_names(clash) == ["opt1", "opt2"]


PRACTICE_SCREENER = """\
id: custom
version: "2.5 beta"
title: Custom check <b>in</b> & more
kind: checklist
citation: Ours.
licence: {status: original, text: Ours.}
timeframe: Today
instructions: Tick one.
scales:
  odd:
    - {value: "Off", label: Switched off}
    - {value: "sí", label: Sí}
    - {value: "a b", label: A and B}
  single:
    - {value: applies, label: This applies to me}
items:
  - {id: q1, text: First?, scale: odd}
  - {id: q2, text: Second?, scale: odd}
  - {id: q3, text: Third?, scale: single}
"""


def test_practice_screener_with_awkward_values_round_trips(tmp_path: Path, fill_answers, problem_lines, run_toolkit):
    practice = tmp_path / "practice"
    assert run_toolkit("practice", "init", str(practice), "--country", "UK", cwd=tmp_path).returncode == 0
    (practice / "screeners" / "custom.yaml").write_text(PRACTICE_SCREENER, encoding="utf-8")
    out = tmp_path / "form.pdf"
    done = run_toolkit("form", "custom", "phq2", "--fillable", "--practice", str(practice), "-o", str(out),
                       cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    pdf = out.read_bytes()
    assert "Custom check <b>in</b> & more" in words(pdf)
    assert fields_of(pdf)[MARKER_FIELD]["/V"] == "cry-toolkit-form/1 custom@2.5%20beta phq2@1.0"
    catalog = Catalog(practice)
    filled = tmp_path / "filled.pdf"
    assert fields_of(pdf)["custom:q3"]["/FT"] == "/Btn" and "/Kids" not in fields_of(pdf)["custom:q3"]
    filled.write_bytes(fill_answers(pdf, {"custom": {"q1": "Off", "q2": "sí", "q3": "applies"}, "phq2": {"q1": 3}},
                                    catalog=catalog))
    result = run_toolkit("score", "filled.pdf", "--practice", str(practice), "--format", "json", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert '"screener": "custom"' in result.stdout
    from toolkit.intake.form_reader import read_pdf_intakes

    [intake] = read_pdf_intakes(filled, catalog)
    assert intake.answers == {"custom": {"q1": "Off", "q2": "sí", "q3": "applies"}, "phq2": {"q1": 3}}
    blank = tmp_path / "blank.pdf"  # the check box left empty: unanswered
    blank.write_bytes(fill_answers(pdf, {"custom": {"q1": "sí"}}, catalog=catalog))
    assert read_pdf_intakes(blank, catalog)[0].answers == {"custom": {"q1": "sí"}, "phq2": {}}
    # without the practice the screener is unknown: one clear message
    refused = run_toolkit("score", "filled.pdf", cwd=tmp_path)
    assert refused.returncode == 1
    assert problem_lines(refused)[0].startswith("filled.pdf  toolkit_form: the form is for the screener 'custom'")


# --- layout --------------------------------------------------------------------------------

@pytest.mark.parametrize("size", [12.0, 18.0, 24.0])
def test_option_boxes_stay_inside_the_frame(size: float):
    fs = font_set({})
    width = 612 - 2 * 54
    from reportlab.pdfbase.pdfmetrics import stringWidth

    for sid in BUILTIN:
        s = CATALOG.get(sid)
        for it in s.items:
            labels = [o.label for o in s.scale_of(it.id)]
            boxes = OptionBoxes(labels, fs, size, size * 2.2)
            boxes.wrap(width, 1e6)
            assert len(boxes.cells) == len(labels)
            for x, top, lines in boxes.cells:
                assert x >= size * 2.2 and top >= 0
                for line in lines:
                    right = x + boxes.box + boxes.gap + stringWidth(line, fs.regular, size)
                    assert right <= width + 0.01, (sid, it.id, line)
            assert [w for _, _, ls in boxes.cells for w in ls] == " ".join(labels).split() or \
                " ".join(w for _, _, ls in boxes.cells for w in ls) == " ".join(labels)
            # no two boxes overlap
            spots = sorted((top, x) for x, top, _ in boxes.cells)
            assert len(set(spots)) == len(spots)


def test_large_print_practice(tmp_path: Path, run_toolkit):
    practice = tmp_path / "p"
    run_toolkit("practice", "init", str(practice), "--country", "US", cwd=tmp_path)
    yaml = (practice / "practice.yaml").read_text(encoding="utf-8")
    (practice / "practice.yaml").write_text(yaml.replace("large_print: false", "large_print: true"),
                                            encoding="utf-8")
    out = tmp_path / "big.pdf"
    info = write_form(["phq9", "medication"], out, practice=practice, fillable=True)
    assert info.questions == 17
    text = words(out.read_bytes())
    assert squash(CATALOG.get("medication").scale_of("antidepressant")[2].label) in text


# --- bytes, file, metadata, fonts ----------------------------------------------------------

def test_same_input_same_bytes(tmp_path: Path):
    def render(fillable: bool) -> bytes:  # not the make_form fixture: that one renders a form once and keeps it
        return render_form([CATALOG.get("phq9"), CATALOG.get("asq")], branding=Branding("Test practice"),
                           catalog=CATALOG, fillable=fillable)

    for fillable in (False, True):
        assert render(fillable) == render(fillable)
        a, b = tmp_path / f"a-{fillable}.pdf", tmp_path / f"b-{fillable}.pdf"  # new files: no --force
        write_form(["gad7", "numbness"], a, fillable=fillable)
        write_form(["gad7", "numbness"], b, fillable=fillable)
        assert a.read_bytes() == b.read_bytes()


def test_written_0600_with_fixed_metadata(tmp_path: Path, fill_answers):
    out = tmp_path / "form.pdf"
    write_form(["phq9"], out, fillable=True)
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    meta = PdfReader(out).metadata
    assert meta.title == METADATA_TITLE == "Screening questionnaire"
    assert meta.author == "Your care team"
    assert not meta.subject
    # a filled copy carries the client's answers only in its fields, not in the metadata
    filled = fill_answers(out.read_bytes(), {"phq9": {"q1": 1}}, name="Ana López")
    meta = PdfReader(BytesIO(filled)).metadata
    assert "Ana" not in " ".join(str(v) for v in meta.values()) and "C-0042" not in str(meta)


def _pdffonts(path: Path) -> list[list[str]]:
    out = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True).stdout
    return [row.split() for row in out.splitlines()[2:]]


@pytest.mark.skipif(not shutil.which("pdffonts"), reason="pdffonts is not installed (poppler-utils)")
def test_fonts_embedded(tmp_path: Path, make_form):
    printable, fillable = tmp_path / "p.pdf", tmp_path / "f.pdf"
    printable.write_bytes(make_form(*BUILTIN, fillable=False))
    fillable.write_bytes(make_form(*BUILTIN, fillable=True))
    assert all(row[-5] == "yes" for row in _pdffonts(printable))
    rows = _pdffonts(fillable)
    assert all(row[-5] == "yes" for row in rows if row[0] != "Helvetica")
    # the one exception, documented: ReportLab's text fields name the standard Helvetica
    # for the text a client types (viewers supply it; ReportLab cannot embed a field font)
    assert {row[0] for row in rows if row[-5] == "no"} == {"Helvetica"}


# --- branding and hostile practice text ------------------------------------------------------

def test_practice_branding_is_literal(make_form):
    b = Branding("<b>Clinic</b> & Co", contact_line="1 Main St · 555-0100 <i>", footer="Footer <font>x")
    pdf = make_form("gad2", branding=b)
    text = words(pdf)
    assert "<b>Clinic</b> & Co" in text and "1 Main St · 555-0100 <i>" in text and "Footer <font>x" in text
    assert "Form gad2 1.0" in text


def test_a_character_the_font_cannot_draw_is_an_error():
    s = CATALOG.get("gad2").model_copy(update={"title": "Check ☺"})
    with pytest.raises(ProblemList) as exc:
        render_form([s], branding=Branding("P"), catalog=CATALOG)
    [p] = exc.value.problems
    assert p.path == "title" and '"☺"' in p.message and p.file.endswith("gad2.yaml")


# --- the command ---------------------------------------------------------------------------

def test_cli_writes_a_form(tmp_path: Path, run_toolkit):
    done = run_toolkit("form", "phq9", "gad7", "numbness", "-o", "intake.pdf", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "wrote intake.pdf (3 screeners, 27 questions)"
    done = run_toolkit("form", "phq9", "phq9", "--fillable", "-o", "f.pdf", cwd=tmp_path)
    assert done.stdout.strip() == "wrote f.pdf (1 screener, 10 questions; fillable)"
    assert "/AcroForm" in (tmp_path / "f.pdf").read_bytes().decode("latin-1")


@pytest.mark.parametrize("args, message", [
    (["bdi", "-o", "x.pdf"], "bdi  no screener with this id (known: "),
    (["phq9", "-o", "x.txt"], "x.txt  the output file name must end in .pdf"),
    (["phq9", "-o", "nowhere/x.pdf"], "nowhere/x.pdf  the folder nowhere does not exist"),
    (["phq9", "-o", "."], ".  is a folder; give a file name such as form.pdf"),
])
def test_cli_errors_write_nothing(args, message, tmp_path: Path, problem_lines, run_toolkit):
    done = run_toolkit("form", *args, cwd=tmp_path)
    assert done.returncode == 1 and "Traceback" not in done.stderr
    assert problem_lines(done)[0].startswith(message)
    assert sorted(p.name for p in tmp_path.iterdir()) == []


def test_cli_usage(run_toolkit, tmp_path: Path):
    done = run_toolkit("form", "-o", "x.pdf", cwd=tmp_path)
    assert done.returncode == 2
    assert list(tmp_path.iterdir()) == []
    done = run_toolkit("form", "--help", cwd=tmp_path)
    assert done.returncode == 0 and re.search(r"--fillable", done.stdout)


def test_load_screeners_reports_every_unknown_id():
    with pytest.raises(ProblemList) as exc:
        load_screeners(["nope", "phq9", "zzz"], CATALOG)
    assert [p.file for p in exc.value.problems] == ["nope", "zzz"]


# --- crisis help on forms with a critical item, and clinician-administered screeners -------------
#
# Issue 12, item 1: a form holding a critical item (PHQ-9 item 9, the ASQ) prints the practice's
# crisis lines and a plain "we may not read this today" on page 1 and right next to that item;
# the ASQ is asked by a clinician, so it is never a form for the client to fill in.

HELP = ("We may not read your answers today. If you are thinking of harming yourself, "
        "call or text one of these lines now:")


def page_texts(pdf: bytes) -> list[str]:
    return [squash(p.extract_text()) for p in PdfReader(BytesIO(pdf)).pages]


@pytest.mark.parametrize("fillable", [False, True])
def test_a_critical_item_brings_crisis_help_to_page_one_and_next_to_the_item(fillable: bool, tmp_path: Path):
    out = tmp_path / "form.pdf"
    write_form(["gad7", "phq9", "numbness"], out, fillable=fillable)
    pages = page_texts(out.read_bytes())
    assert HELP in pages[0]
    assert "988 Suicide & Crisis Lifeline: 988" in pages[0] and "If you are in danger now, call 911." in pages[0]
    assert pages[0].index(HELP) < pages[0].index(squash(CATALOG.get("gad7").items[0].text))  # before the questions
    phq9 = CATALOG.get("phq9")
    q9, q10 = squash(phq9.item("q9").text), squash(phq9.item("q10").text)
    [page] = [p for p in pages if q9 in p]
    at = page.index(q9)
    assert at < page.index(HELP, at) < page.index(squash("If you are in danger now, call 911."), at) < page.index(q10)
    assert page.count(HELP) == (2 if page is pages[0] else 1)
    assert "SAMHSA" not in " ".join(pages)  # a treatment-referral line is not a crisis line


def test_a_form_without_a_critical_item_has_no_crisis_box(tmp_path: Path):
    out = tmp_path / "form.pdf"
    write_form(["gad7", "numbness", "medication"], out)
    assert "We may not read your answers today" not in words(out.read_bytes())


@pytest.mark.parametrize("country, lines, emergency", [
    ("US", ["988 Suicide & Crisis Lifeline: 988"], "911"),
    ("UK", ["Samaritans: 116 123", "Shout: 85258", "NHS: 111"], "999"),
    ("IE", ["Samaritans: 116 123", "Crisis text line: 50808"], "112 or 999"),
    ("CA", ["9-8-8 Suicide Crisis Helpline: 988"], "911"),
    ("AU", ["Lifeline: 13 11 14", "Beyond Blue: 1300 22 4636"], "000"),
])
def test_each_countrys_crisis_lines_are_on_page_one_of_a_phq9_form(country, lines, emergency, tmp_path: Path,
                                                                  run_toolkit):
    practice = tmp_path / f"p-{country}"
    assert run_toolkit("practice", "init", str(practice), "--country", country, cwd=tmp_path).returncode == 0
    done = run_toolkit("form", "phq9", "--fillable", "--practice", str(practice), "-o", "f.pdf", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    first = page_texts((tmp_path / "f.pdf").read_bytes())[0]
    for line in lines:
        assert line in first, line
    assert f"If you are in danger now, call {emergency}." in first


@pytest.mark.parametrize("country", ["UK", "AU"])
def test_crisis_help_is_on_page_one_in_large_print_too(country: str, tmp_path: Path, run_toolkit):
    """Three lines with their notes at 18 pt still fit on page 1, with the name boxes."""
    practice = tmp_path / "p"
    assert run_toolkit("practice", "init", str(practice), "--country", country, cwd=tmp_path).returncode == 0
    yaml = (practice / "practice.yaml").read_text(encoding="utf-8")
    (practice / "practice.yaml").write_text(yaml.replace("large_print: false", "large_print: true"),
                                            encoding="utf-8")
    done = run_toolkit("form", "phq9", "gad7", "--fillable", "--practice", str(practice), "-o", "f.pdf",
                       cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    first = page_texts((tmp_path / "f.pdf").read_bytes())[0]
    assert HELP in first
    for line in load_practice_lines(practice):
        assert line in first, line
    assert "Client ID" in first


def load_practice_lines(folder: Path) -> list[str]:
    from toolkit.practice.loader import load_practice

    ctx = load_practice(folder)
    return [f"{x.name}: {x.number}" for x in ctx.crisis_lines] + [f"call {ctx.emergency_number}."]


def test_the_crisis_help_reads_at_grade_8_or_lower():
    from toolkit.planning.form_notes import client_help
    from toolkit.practice.loader import load_practice
    from toolkit.quality.readability import measure

    ctx = load_practice(None)
    help_ = client_help(ctx.crisis_lines, ctx.emergency_number)
    grade = measure(" ".join([help_.lead, help_.ask, *(f"{x.name}: {x.number}." for x in help_.lines),
                              help_.danger])).fk_grade
    assert grade <= 8, grade


def test_screeners_say_who_answers_them():
    assert {sid: CATALOG.get(sid).administration for sid in BUILTIN} == {
        sid: ("clinician" if sid == "asq" else "self-report") for sid in BUILTIN}


@pytest.mark.parametrize("args", [["asq"], ["phq9", "asq"], ["asq", "--fillable"]])
def test_the_asq_is_never_a_client_form(args, tmp_path: Path, problem_lines, run_toolkit):
    done = run_toolkit("form", *args, "-o", "form.pdf", cwd=tmp_path)
    assert done.returncode == 1 and "Traceback" not in done.stderr
    assert problem_lines(done) == [
        "asq  is asked by a clinician (\"Ask the patient ...\"), so it is not printed for the client to "
        "fill in: print it on its own form for the clinician with --clinician"]
    assert list(tmp_path.iterdir()) == []


def test_a_client_screener_is_not_put_on_a_clinician_form(tmp_path: Path, problem_lines, run_toolkit):
    done = run_toolkit("form", "asq", "phq9", "--clinician", "-o", "form.pdf", cwd=tmp_path)
    assert done.returncode == 1
    assert problem_lines(done) == [
        "phq9  is filled in by the client, so it does not go on a clinician's form: print it on a "
        "form of its own without --clinician"]
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("fillable", [False, True])
def test_the_asq_clinician_form(fillable: bool, tmp_path: Path, run_toolkit):
    args = ["form", "asq", "--clinician", "-o", "asq.pdf"] + (["--fillable"] if fillable else [])
    done = run_toolkit(*args, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == ("wrote asq.pdf (1 screener, 5 questions; for the clinician"
                                   + ("; fillable)" if fillable else ")"))
    pages = page_texts((tmp_path / "asq.pdf").read_bytes())
    text = " ".join(pages)
    assert "Questionnaire for the clinician" in pages[0]
    assert ("For the clinician: ask the patient each question in private and tick their answer. "
            "Do not give this form to the patient to fill in.") in pages[0]
    # the crisis lines, to give to every patient who screens positive (the ASQ's own advice)
    assert "Give these crisis lines to every patient who screens positive:" in pages[0]
    assert "988 Suicide & Crisis Lifeline: 988" in pages[0] and "In an emergency, call 911." in pages[0]
    asq = CATALOG.get("asq")
    for note in asq.notes:  # the instrument's notes for the clinician
        assert squash(note) in text
    assert 'Ask this only if you ticked "Yes" or "Declined to answer" for any of questions 1 to 4.' in text
    assert "return it to your care team" not in text and "We may not read your answers today" not in text
    assert "Your answers are private" not in text


def test_a_filled_clinician_asq_form_is_read_back(tmp_path: Path, fill_answers, run_toolkit):
    assert run_toolkit("form", "asq", "--clinician", "--fillable", "-o", "asq.pdf", cwd=tmp_path).returncode == 0
    answers = {"q1": "yes", "q2": "no", "q3": "no", "q4": "no", "q5": "no"}
    (tmp_path / "filled.pdf").write_bytes(fill_answers((tmp_path / "asq.pdf").read_bytes(), {"asq": answers}))
    done = run_toolkit("score", "filled.pdf", "--format", "json", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    import json

    [result] = json.loads(done.stdout)["results"]
    assert [f["level"] for f in result["flags"]] == ["urgent"]  # a non-acute positive screen


def test_show_if_notes_for_the_clinician():
    assert show_if_note(CATALOG.get("asq"), "q5", clinician=True) == (
        'Ask this only if you ticked "Yes" or "Declined to answer" for any of questions 1 to 4.')
    assert show_if_note(_screener({"score": {"score": "x", "gte": 3}}), "c", clinician=True) == (
        "Ask this only when the other answers call for it.")
