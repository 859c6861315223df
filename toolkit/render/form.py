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
from reportlab.pdfbase.pdfdoc import PDFObjectReference
from reportlab.platypus import Flowable, KeepTogether, Spacer

from ..content.catalog import Catalog
from ..content.screener_model import Screener
from ..core.errors import ProblemList
from ..documents.handout import Branding
from ..intake.form_names import export_names, item_field, marker
from ..planning.form_notes import show_if_note
from ..practice.context import BUILTIN_PRACTICE_FILE
from .flowables import RLParagraph
from .fonts import clean_text, font_set, missing_glyphs
from .form_flowables import CLIENT_LABELS, ClientBoxes, OptionBoxes
from .page import build_pdf
from .styles import MUTED, Styles, text

TITLE = "Questionnaire"
METADATA_TITLE = "Screening questionnaire"  # fixed words: never client data
FOOTER = ("Your answers are private to you and your care team. "
          "This questionnaire is not a diagnosis.")
HOW_PRINTED = "Please tick one box for each question."
HOW_FILLABLE = ("Please tick one box for each question (on screen: click a box; click it again to "
                "clear it). Then save the file and return it to your care team.")
FIXED_TEXTS = (TITLE, FOOTER, HOW_PRINTED, HOW_FILLABLE, *CLIENT_LABELS.values(),
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


def _screener_story(s: Screener, st: Styles, ps: dict[str, ParagraphStyle], fillable: bool) -> list[Flowable]:
    size = st.size
    story: list[Flowable] = []
    # the title, time frame and instructions are kept with the first question
    intro: list[Flowable] = [RLParagraph(text(s.title), st.get("h1")),
                             RLParagraph(f"<b>Time frame:</b> {text(s.timeframe)}", st.get("body")),
                             RLParagraph(text(s.instructions), st.get("body"))]
    for n, item in enumerate(s.items, 1):
        options = s.scales[item.scale]
        group: list[Flowable] = intro if n == 1 else []
        group.append(RLParagraph(text(item.text), ps["question"], bulletText=f"{n}."))
        note = show_if_note(s, item.id)
        if note:
            group.append(RLParagraph(text(note), ps["note"]))
        field = item_field(s.id, item.id) if fillable else None
        group.append(OptionBoxes([o.label for o in options], st.fs, size, size * 2.2, field=field,
                                 exports=export_names(options), tooltip=f"{n}. {clean_text(item.text)}"))
        group.append(Spacer(1, size * 0.9))
        story.append(KeepTogether(group))
    if s.kind == "validated":  # the source in small print, never split across pages
        story.append(KeepTogether([RLParagraph(f"{text(s.citation)} {text(s.licence.text)}", st.get("small")),
                                   Spacer(1, size)]))
    return story


def _story(screeners: list[Screener], branding: Branding, st: Styles, fillable: bool) -> list[Flowable]:
    ps = _styles(st)
    story: list[Flowable] = [RLParagraph(text(TITLE), st.get("title"))]
    if branding.contact_line:
        story.append(RLParagraph(text(branding.contact_line), st.get("meta")))
    story.append(Spacer(1, st.size * 0.6))
    story.append(ClientBoxes(st.fs, st.size, fillable, marker(screeners)))
    story.append(Spacer(1, st.size * 1.0))
    story.append(RLParagraph(text(HOW_FILLABLE if fillable else HOW_PRINTED), ps["how"]))
    for s in screeners:
        story.extend(_screener_story(s, st, ps, fillable))
    return story


# --------------------------------------------------------------------------- checks

def _texts(screeners: list[Screener], catalog: Catalog, branding: Branding,
           practice_file: str) -> Iterable[tuple[str, str, str, bool, bool]]:
    """Every drawn text as (file, field path, text, bold, italic)."""
    for t in FIXED_TEXTS:
        yield "<form>", "labels", t, True, False
        yield "<form>", "labels", t, False, False
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
        for i, item in enumerate(s.items):
            yield file, f"items[{i}].text", item.text, False, False
            note = show_if_note(s, item.id)
            if note:
                yield file, f"items[{i}].show_if", note, False, True
        for key, options in s.scales.items():
            for j, opt in enumerate(options):
                yield file, f"scales.{key}[{j}].label", opt.label, False, False


# --------------------------------------------------------------------------- entry points

def render_form(screeners: list[Screener], *, branding: Branding, catalog: Catalog, fillable: bool = False,
                language: str | None = None, practice_file: str = BUILTIN_PRACTICE_FILE) -> bytes:
    """The form as PDF bytes; raises ProblemList when the font cannot draw some text."""
    fs = font_set(dict(branding.fonts))
    problems = missing_glyphs(_texts(screeners, catalog, branding, practice_file), fs)
    if problems:
        raise ProblemList(problems)
    size = max(12.0, float(branding.base_font_size))
    st = Styles(fs, size, branding.primary_colour, branding.accent_colour)
    codes = ", ".join(f"{s.id} {s.version}" for s in screeners)

    def on_canvas(canv) -> None:
        # NumberedCanvas draws every page before the first is saved, so the document's
        # "this page" is still page 1 while form fields are made: give fields their page.
        doc = canv._doc
        doc.thisPageRef = lambda: PDFObjectReference(f"Page{canv.getPageNumber()}")

    return build_pdf(_story(screeners, branding, st, fillable), branding=branding, fonts=fs, styles=st,
                     footer_texts=(FOOTER, branding.footer, f"Form {codes}"),
                     title=METADATA_TITLE, language=language, on_canvas=on_canvas if fillable else None)
