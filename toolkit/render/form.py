"""Drawing printable and fillable checklists (``toolkit form``; the job is
:mod:`toolkit.pipelines.form`).

One PDF for one or more screeners: the practice's header and footer, a title,
client name / client ID / date boxes, then each screener's title, time frame,
instructions and items, every option with a tick box.  Items asked only after
certain answers (``show_if``) carry a plain-language note (:mod:`toolkit.planning.form_notes`);
validated instruments carry their citation and licence in small print.

Made for black-and-white printing: boxes have black outlines, text is 12 pt or
larger (the practice's base size), nothing is said by colour alone.

With ``fillable=True`` the boxes are also real PDF form fields (ReportLab
AcroForm), named as :mod:`toolkit.intake.form_names` says, so :mod:`toolkit.intake.form_reader`
can read a filled form back.  ReportLab draws typed text in form fields with a
standard PDF font (Helvetica), which viewers supply and which cannot be embedded
through ReportLab: a fillable form lists that one unembedded font, used only to
show what the client types into the name, ID and date fields.  Printable forms
have embedded fonts only.

Every text is literal (escaped); PDF metadata holds fixed words and the
practice name; the same input gives the same bytes.
"""

from __future__ import annotations

from collections.abc import Iterable

from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Flowable, KeepTogether, Spacer

from ..content.catalog import Catalog
from ..content.screener_model import Screener
from ..core.errors import ProblemList
from ..documents.handout import Branding, CrisisLine
from ..intake.form_names import export_names, item_field, marker
from ..planning.form_notes import CrisisHelp, client_help, clinician_help, has_critical, show_if_note
from ..practice.context import BUILTIN_PRACTICE_FILE
from ..practice.crisis_lines import builtin_crisis
from ..practice.loader import DEFAULT_PRACTICE
from .crisis_box import line_flowables, safety_box
from .flowables import RLParagraph
from .fonts import clean_text, font_set, missing_glyphs
from .form_flowables import CLIENT_LABELS, ClientBoxes, OptionBoxes
from .page import build_pdf, fields_on_their_pages
from .styles import MUTED, Styles, text

TITLE = "Questionnaire"
METADATA_TITLE = "Screening questionnaire"  # fixed words: never client data
FOOTER = ("Your answers are private to you and your care team. "
          "This questionnaire is not a diagnosis.")
HOW_PRINTED = "Please tick one box for each question."
HOW_FILLABLE = ("Please tick one box for each question (on screen: click a box; click it again to "
                "clear it). Then save the file and return it to your care team.")
CLINICIAN_TITLE = "Questionnaire for the clinician"
CLINICIAN_FOOTER = "For the clinician. This questionnaire is not a diagnosis."
CLINICIAN_HOW = ("For the clinician: ask the patient each question in private and tick their answer. "
                 "Do not give this form to the patient to fill in.")
CLINICIAN_HOW_FILLABLE = "On screen: click a box to tick it; click it again to clear it."
NOTES_LEAD = "Notes for the clinician"
_SAMPLE_HELP = (client_help((), "911"), clinician_help((), "911"))
FIXED_TEXTS = (TITLE, FOOTER, HOW_PRINTED, HOW_FILLABLE, CLINICIAN_TITLE, CLINICIAN_FOOTER, CLINICIAN_HOW,
               CLINICIAN_HOW_FILLABLE, NOTES_LEAD, *CLIENT_LABELS.values(),
               *(t for h in _SAMPLE_HELP for t in (h.lead, h.ask, h.danger)),
               "Time frame: ", "Form ", "version", "0123456789.,;: ")


def _styles(st: Styles) -> dict[str, ParagraphStyle]:
    s = st.size
    return {
        "question": ParagraphStyle("question", parent=st.get("body"), leftIndent=s * 2.2, bulletIndent=0,
                                   bulletFontName=st.fs.bold, spaceAfter=s * 0.35, keepWithNext=1),
        "note": ParagraphStyle("note", parent=st.get("body"), fontName=st.fs.italic, leftIndent=s * 2.2,
                               textColor=MUTED, spaceAfter=s * 0.35, keepWithNext=1),
        "how": ParagraphStyle("how", parent=st.get("body"), fontName=st.fs.bold),
    }


def _help_box(help_: CrisisHelp, st: Styles) -> list[Flowable]:
    """The crisis lines in the safety box, under what to do with them."""
    pad = st.size * 0.9
    words = " ".join(t for t in (help_.lead, help_.ask) if t)
    return safety_box([RLParagraph(f"<b>{text(words)}</b>", st.get("body", pad)),
                       *line_flowables(help_.lines, st, pad),
                       RLParagraph(f"<b>{text(help_.danger)}</b>", st.get("body", pad))], st)


def _screener_story(s: Screener, st: Styles, ps: dict[str, ParagraphStyle], fillable: bool,
                    help_: CrisisHelp | None, clinician: bool) -> list[Flowable]:
    size = st.size
    story: list[Flowable] = []
    # the title, time frame and instructions are kept with the first question
    intro: list[Flowable] = [RLParagraph(text(s.title), st.get("h1")),
                             RLParagraph(f"<b>Time frame:</b> {text(s.timeframe)}", st.get("body")),
                             RLParagraph(text(s.instructions), st.get("body"))]
    if clinician and s.notes:  # the instrument's own notes are for the one who asks, before the questions
        intro.append(RLParagraph(f"<b>{text(NOTES_LEAD)}</b>", st.get("body")))
        intro.extend(RLParagraph(text(note), st.get("body", size), bulletText="\u2022") for note in s.notes)
        story.append(KeepTogether(intro))
        intro = []
    for n, item in enumerate(s.items, 1):
        options = s.scales[item.scale]
        group: list[Flowable] = intro if n == 1 else []
        group.append(RLParagraph(text(item.text), ps["question"], bulletText=f"{n}."))
        note = show_if_note(s, item.id, clinician=clinician)
        if note:
            group.append(RLParagraph(text(note), ps["note"]))
        field = item_field(s.id, item.id) if fillable else None
        group.append(OptionBoxes([o.label for o in options], st.fs, size, size * 2.2, field=field,
                                 exports=export_names(options), tooltip=f"{n}. {clean_text(item.text)}"))
        following = s.items[n] if n < len(s.items) else None
        if help_ is not None and not clinician and item.critical is not None and (
                following is None or following.critical is None):  # after a run of such items, once
            group.extend(_help_box(help_, st))  # on the same page as the item
        else:
            group.append(Spacer(1, size * 0.9))
        if n == len(s.items) and s.kind == "validated":  # the source in small print, kept with the
            group += [RLParagraph(f"{text(s.citation)} {text(s.licence.text)}", st.get("small")),  # last
                      Spacer(1, size)]  # question: never split, never alone on a page
        story.append(KeepTogether(group))
    return story


def _story(screeners: list[Screener], branding: Branding, st: Styles, fillable: bool,
           help_: CrisisHelp | None, clinician: bool) -> list[Flowable]:
    ps = _styles(st)
    story: list[Flowable] = [RLParagraph(text(CLINICIAN_TITLE if clinician else TITLE), st.get("title"))]
    if branding.contact_line:
        story.append(RLParagraph(text(branding.contact_line), st.get("meta")))
    story.append(Spacer(1, st.size * 0.6))
    if help_ is not None:  # first, so it is on page 1 even in large print with several lines
        story.extend(_help_box(help_, st))
    story.append(ClientBoxes(st.fs, st.size, fillable, marker(screeners)))
    story.append(Spacer(1, st.size * 1.0))
    if clinician:
        how = CLINICIAN_HOW + (" " + CLINICIAN_HOW_FILLABLE if fillable else "")
    else:
        how = HOW_FILLABLE if fillable else HOW_PRINTED
    story.append(RLParagraph(text(how), ps["how"]))
    for s in screeners:
        story.extend(_screener_story(s, st, ps, fillable, help_, clinician))
    return story


# --------------------------------------------------------------------------- checks

def _texts(screeners: list[Screener], catalog: Catalog, branding: Branding, practice_file: str,
           help_: CrisisHelp | None = None) -> Iterable[tuple[str, str, str, bool, bool]]:
    """Every drawn text as (file, field path, text, bold, italic)."""
    for t in FIXED_TEXTS:
        yield "<form>", "labels", t, True, False
        yield "<form>", "labels", t, False, False
    for i, line in enumerate(help_.lines if help_ else ()):
        yield practice_file, f"crisis_lines[{i}].name", line.name, True, False
        yield practice_file, f"crisis_lines[{i}].number", line.number, False, False
        yield practice_file, f"crisis_lines[{i}].note", line.note, False, False
    if help_ is not None:
        yield practice_file, "emergency_number", help_.danger, True, False
    yield practice_file, "name", branding.practice_name, True, False
    yield practice_file, "contact details", branding.contact_line, False, False
    yield practice_file, "footer", branding.footer, False, False
    for s in screeners:
        file = catalog.display(s.id)
        yield file, "title", s.title, True, False
        yield file, "version", s.version, False, False  # in the footer
        yield file, "timeframe", s.timeframe, False, False
        yield file, "instructions", s.instructions, False, False
        yield file, "citation", s.citation, False, False
        yield file, "licence.text", s.licence.text, False, False
        for i, instrument_note in enumerate(s.notes):
            yield file, f"notes[{i}]", instrument_note, False, False
        for i, item in enumerate(s.items):
            yield file, f"items[{i}].text", item.text, False, False
            for clinician in (False, True):
                note = show_if_note(s, item.id, clinician=clinician)
                if note:
                    yield file, f"items[{i}].show_if", note, False, True
        for key, options in s.scales.items():
            for j, opt in enumerate(options):
                yield file, f"scales.{key}[{j}].label", opt.label, False, False


# --------------------------------------------------------------------------- entry points

def render_form(screeners: list[Screener], *, branding: Branding, catalog: Catalog, fillable: bool = False,
                language: str | None = None, practice_file: str = BUILTIN_PRACTICE_FILE, clinician: bool = False,
                crisis_lines: tuple[CrisisLine, ...] | None = None, emergency: str | None = None) -> bytes:
    """The form as PDF bytes; raises ProblemList when the font cannot draw some text.

    ``crisis_lines`` and ``emergency`` are the practice's (default: the built-in default
    practice's); they are printed when a screener has a critical item, and always on a
    clinician's form (``clinician=True``)."""
    default = builtin_crisis(DEFAULT_PRACTICE.country)
    assert default is not None
    lines = default.lines if crisis_lines is None else crisis_lines
    number = default.emergency if emergency is None else emergency
    help_: CrisisHelp | None = None
    if clinician:
        help_ = clinician_help(lines, number)
    elif any(has_critical(s) for s in screeners):
        help_ = client_help(lines, number)
    fs = font_set(dict(branding.fonts))
    problems = missing_glyphs(_texts(screeners, catalog, branding, practice_file, help_), fs)
    if problems:
        raise ProblemList(problems)
    size = max(12.0, float(branding.base_font_size))
    st = Styles(fs, size, branding.primary_colour, branding.accent_colour)
    codes = ", ".join(f"{s.id} {s.version}" for s in screeners)

    return build_pdf(_story(screeners, branding, st, fillable, help_, clinician), branding=branding, fonts=fs,
                     styles=st, footer_texts=(CLINICIAN_FOOTER if clinician else FOOTER, branding.footer,
                                              f"Form {codes}"),
                     title=METADATA_TITLE, language=language, on_canvas=fields_on_their_pages if fillable else None)
