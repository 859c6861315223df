"""The page furniture every toolkit PDF shares, and the one place a PDF is built.

* a header with the practice's name (cut to two lines) and logo;
* an optional running line under it (a clinician report prints the client id and
  date on every page);
* a footer with fixed lines (the "educational, not a diagnosis" line, the
  practice footer) and "Page x of y";
* ReportLab's invariant mode (same input, same bytes) and metadata with no
  client data: title, author and subject are the caller's fixed words.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from io import BytesIO

from reportlab import rl_config
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, LETTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase.pdfdoc import PDFObjectReference
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Flowable, Frame, PageTemplate

from ..core.errors import problem
from ..documents.handout import Branding
from .flowables import RULE, NumberedCanvas, RLParagraph
from .fonts import FontSet, clean_text, font_failure
from .styles import MUTED, Styles, text

MARGIN = 54.0           # 0.75 inch
LOGO_HEIGHT = 36.0
LOGO_MAX_WIDTH = 150.0


def fit(markup_text: str, style: ParagraphStyle, width: float, max_lines: int) -> RLParagraph:
    """A paragraph cut (with an ellipsis) to at most ``max_lines`` lines; pass plain escaped text."""
    p = RLParagraph(markup_text, style)
    p.wrap(width, 1e9)
    if len(p.blPara.lines) <= max_lines:
        return p
    raw = markup_text
    lo, hi = 0, len(raw)
    while lo < hi:  # longest prefix that fits
        mid = (lo + hi + 1) // 2
        cut = raw[:mid].rsplit("&", 1)[0] if "&" in raw[max(0, mid - 6):mid] else raw[:mid]
        q = RLParagraph(cut + "\u2026", style)
        q.wrap(width, 1e9)
        lo, hi = (mid, hi) if len(q.blPara.lines) <= max_lines else (lo, mid - 1)
    cut = raw[:lo].rsplit("&", 1)[0] if "&" in raw[max(0, lo - 6):lo] else raw[:lo]
    p = RLParagraph(cut + "\u2026", style)
    p.wrap(width, 1e9)
    return p


def fields_on_their_pages(canv: Canvas) -> None:
    """For documents with form fields (``on_canvas`` of :func:`build_pdf`): NumberedCanvas
    draws every page before the first is saved, so the document's "this page" is still
    page 1 while form fields are made; give each field the page it is drawn on."""
    doc = canv._doc
    doc.thisPageRef = lambda: PDFObjectReference(f"Page{canv.getPageNumber()}")


def paper(branding: Branding) -> tuple[float, float]:
    """The practice's page size in points: A4 or US Letter (``Branding.page_size``)."""
    return A4 if branding.page_size.upper() == "A4" else LETTER


def text_width(branding: Branding) -> float:
    """The width of the body frame on the practice's paper."""
    return paper(branding)[0] - 2 * MARGIN


def build_pdf(story: list[Flowable], *, branding: Branding, fonts: FontSet, styles: Styles,
              footer_texts: Sequence[str], title: str, language: str | None = None,
              running: str = "", on_canvas: Callable[[Canvas], None] | None = None) -> bytes:
    """Lay ``story`` out on the practice's paper (:func:`paper`) with the shared header and footer; PDF bytes.

    ``title`` goes into the metadata: pass fixed words, never client data.
    ``running`` (plain text) is printed under the header on every page.
    ``on_canvas`` is called with the canvas before the story is drawn (e.g. to add
    form fields' fonts)."""
    b = branding
    size = styles.size
    page_w, page_h = paper(b)
    width = text_width(b)

    logo, logo_w = None, 0.0
    if b.logo_path:
        logo, logo_w = logo_reader(b.logo_path)
    name_p = fit(text(b.practice_name), styles.get("header"), width - (logo_w + 12 if logo else 0), 2)
    header_h = max(LOGO_HEIGHT if logo else 0, name_p.height) + 10
    small = styles.get("small")
    run_p = fit(text(running), small, width, 1) if running.strip() else None
    running_h = run_p.height + 6 if run_p else 0.0
    from reportlab.pdfbase.pdfmetrics import stringWidth

    label_w = stringWidth("Page 999 of 999", fonts.regular, small.fontSize) + 12  # room for "Page x of y"
    foot_parts = [fit(text(t), small, width - label_w, 4) for t in footer_texts if t.strip()]
    footer_h = sum(p.height for p in foot_parts) + 4 * len(foot_parts) + 12
    primary = colors.HexColor(b.primary_colour)

    def on_page(canv: Canvas, _doc) -> None:
        canv.saveState()
        top = page_h - MARGIN * 0.7
        name_p.drawOn(canv, MARGIN, top - name_p.height - (max(0, LOGO_HEIGHT - name_p.height) / 2 if logo else 0))
        if logo:
            canv.drawImage(logo, page_w - MARGIN - logo_w, top - LOGO_HEIGHT, logo_w, LOGO_HEIGHT, mask="auto")
        canv.setStrokeColor(primary)
        canv.setLineWidth(1)
        canv.line(MARGIN, top - header_h, page_w - MARGIN, top - header_h)
        if run_p:
            run_p.drawOn(canv, MARGIN, top - header_h - 4 - run_p.height)
        canv.setStrokeColor(RULE)
        canv.setLineWidth(0.5)
        y = MARGIN * 0.7 + footer_h - 6
        canv.line(MARGIN, y, page_w - MARGIN, y)
        y -= 6
        for p in foot_parts:
            y -= p.height
            p.drawOn(canv, MARGIN, y)
            y -= 4
        canv.restoreState()

    def page_label(canv: Canvas, number: int, total: int) -> None:
        canv.saveState()
        canv.setFont(fonts.regular, small.fontSize)
        canv.setFillColor(MUTED)
        canv.drawRightString(page_w - MARGIN, MARGIN * 0.7 + footer_h - 12 - small.fontSize,
                             f"Page {number} of {total}")
        canv.restoreState()

    frame_top = page_h - MARGIN * 0.7 - header_h - running_h - size
    frame_bottom = MARGIN * 0.7 + footer_h + size * 0.5
    frame = Frame(MARGIN, frame_bottom, width, frame_top - frame_bottom, id="body",
                  leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)
    out = BytesIO()
    template = BaseDocTemplate(
        out, pagesize=(page_w, page_h), invariant=1, initialFontName=fonts.regular, initialFontSize=size,
        title=clean_text(title), author=clean_text(b.practice_name), subject="", keywords=[],
        creator="cry-toolkit", producer="cry-toolkit", lang=language or None, displayDocTitle=True,
        leftMargin=MARGIN, rightMargin=MARGIN, topMargin=MARGIN, bottomMargin=MARGIN)
    template.addPageTemplates([PageTemplate(id="page", frames=[frame], onPage=on_page)])

    def canvasmaker(*args, **kwargs):
        canv = NumberedCanvas(*args, page_label=page_label, **kwargs)
        if on_canvas:
            on_canvas(canv)
        return canv

    use_a85 = rl_config.useA85
    rl_config.useA85 = 0  # binary streams: smaller and faster than ASCII85 text
    try:
        template.build(story, canvasmaker=canvasmaker)
    except Exception as exc:  # re-raised unless it is a damaged font (the user's input: a plain message)
        failure = font_failure(exc, fonts)
        if failure is None:
            raise
        raise failure from None
    finally:
        rl_config.useA85 = use_a85
    return out.getvalue()


def logo_reader(path: str):
    """An ImageReader for the (already checked) logo and its drawn width at the fixed height."""
    from reportlab.lib.utils import ImageReader


    try:
        reader = ImageReader(path)
        w, h = reader.getSize()
    except Exception as exc:  # noqa: BLE001 - any decoder failure becomes a plain message
        raise problem("practice.yaml", f"the logo cannot be drawn ({type(exc).__name__})", path="logo") from None
    return reader, min(LOGO_MAX_WIDTH, LOGO_HEIGHT * w / max(h, 1))
