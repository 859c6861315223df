"""Draw a :class:`~toolkit.document.Document` as a PDF with ReportLab Platypus.

Rules this module keeps (see DESIGN.md, Rendering):
- only embedded TrueType fonts (Vera by default, or the practice's own TTFs), and a
  character the font cannot draw is reported (:func:`check_glyphs`), never drawn as a box;
- every text is literal: it is escaped before it reaches ReportLab's paragraph markup,
  and markup is built only from Run flags (bold, italic, a link with a safe scheme);
- the PDF metadata carries no client data, and invariant mode makes the same input
  give the same bytes;
- nothing is drawn in a table, so no text can overflow a cell: boxes are frame
  backgrounds behind ordinary paragraphs, which wrap long words and split across pages.
"""

from __future__ import annotations

import functools
from io import BytesIO
from typing import Optional
from urllib.parse import urlsplit

from reportlab import rl_config
from reportlab.lib import colors
from reportlab.lib.enums import TA_LEFT
from reportlab.lib.pagesizes import LETTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    Flowable,
    Frame,
    KeepTogether,
    PageTemplate,
    Spacer,
)
from reportlab.platypus.flowables import FrameBG, HRFlowable

from .document import (
    Block,
    Callout,
    CrisisBlock,
    Document,
    Heading,
    ListBlock,
    Paragraph,
    Run,
    WriteSpace,
)
from .errors import ProblemList
from .pdf_flowables import RULE, NumberedCanvas, RLParagraph, WriteLines
from .pdf_fonts import FontSet, check_glyphs, clean_text, font_set


def escape(s: str, *, quote: bool = False) -> str:
    """``&``, ``<`` and ``>`` (and ``"`` with ``quote``) as entities.  Written here
    rather than taken from xml.sax.saxutils, which pulls in urllib.request, http,
    ssl and email at start-up: about 25 ms of every cold ``toolkit handout``."""
    s = s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return s.replace('"', "&quot;") if quote else s

TEXT = colors.HexColor("#1A1A1A")
MUTED = colors.HexColor("#4A4A4A")
SAFETY_BG = colors.HexColor("#FFF4E0")
SAFETY_BORDER = colors.HexColor("#9A4A00")
SAFE_SCHEMES = {"http", "https", "mailto", "tel"}
MARGIN = 54.0           # 0.75 inch
LOGO_HEIGHT = 36.0
LOGO_MAX_WIDTH = 150.0


def text(s: str) -> str:
    """Literal text as ReportLab paragraph markup (``&``, ``<``, ``>`` escaped)."""
    return escape(clean_text(s))


def safe_link(url: Optional[str]) -> Optional[str]:
    """The link if its scheme is http, https, mailto or tel; otherwise None (dropped)."""
    if not url or clean_text(url) != url or any(c.isspace() for c in url):
        return None
    try:
        scheme = urlsplit(url).scheme.lower()
    except ValueError:
        return None
    return url if scheme in SAFE_SCHEMES else None


def markup(runs: tuple[Run, ...], link_colour: str) -> str:
    """Paragraph markup built only from the Run flags; run text is always escaped."""
    out = []
    for r in runs:
        m = text(r.text)
        if r.italic:
            m = f"<i>{m}</i>"
        if r.bold:
            m = f"<b>{m}</b>"
        url = safe_link(r.link)
        if url:
            m = f'<a href="{escape(url, quote=True)}" color="{link_colour}"><u>{m}</u></a>'
        out.append(m)
    return "".join(out)


class _Styles:
    """Paragraph styles for one render, derived from the base size and brand colours."""

    def __init__(self, fs: FontSet, size: float, primary: str, accent: str):
        self.fs, self.size, self.primary, self.accent = fs, size, primary, accent
        self._cache: dict[tuple[str, float], ParagraphStyle] = {}

    def get(self, kind: str, indent: float = 0.0) -> ParagraphStyle:
        key = (kind, indent)
        if key not in self._cache:
            self._cache[key] = self._make(kind, indent)
        return self._cache[key]

    def _make(self, kind: str, indent: float) -> ParagraphStyle:
        s, fs, primary = self.size, self.fs, colors.HexColor(self.primary)
        base = dict(fontName=fs.regular, fontSize=s, leading=s * 1.45, textColor=TEXT, alignment=TA_LEFT,
                    leftIndent=indent, rightIndent=indent, spaceAfter=s * 0.6, splitLongWords=1,
                    bulletFontName=fs.regular, bulletFontSize=s, allowWidows=0, allowOrphans=0)
        extra = {
            "body": {},
            "title": dict(fontName=fs.bold, fontSize=s * 2, leading=s * 2.4, textColor=primary, spaceAfter=s * 0.3),
            "subtitle": dict(fontSize=s * 1.25, leading=s * 1.6, textColor=MUTED, spaceAfter=s * 0.5),
            "meta": dict(textColor=MUTED, spaceAfter=s * 0.2),
            "h1": dict(fontName=fs.bold, fontSize=s * 1.4, leading=s * 1.8, textColor=primary,
                       spaceBefore=s * 1.2, spaceAfter=s * 0.45, keepWithNext=1),
            "h2": dict(fontName=fs.bold, fontSize=s * 1.15, leading=s * 1.5, textColor=primary,
                       spaceBefore=s * 0.6, spaceAfter=s * 0.3, keepWithNext=1),
            "item": dict(leftIndent=indent + s * 1.6, bulletIndent=indent + s * 0.35, spaceAfter=s * 0.3,
                         bulletColor=primary),
            "crisis_lead": dict(fontName=fs.bold, fontSize=s * 1.15, leading=s * 1.5, spaceAfter=s * 0.5),
            "crisis_line": dict(spaceAfter=s * 0.1, keepWithNext=1),
            "crisis_note": dict(textColor=MUTED, spaceAfter=s * 0.5, leftIndent=indent + s * 0.8),
            "small": dict(fontSize=s * 0.8, leading=s * 1.1, textColor=MUTED, spaceAfter=0),
            "header": dict(fontName=fs.bold, fontSize=s * 0.95, leading=s * 1.2, textColor=primary, spaceAfter=0),
        }[kind]
        return ParagraphStyle(kind, **{**base, **extra})


def _blocks(blocks: tuple[Block, ...], st: _Styles, indent: float = 0.0) -> list[Flowable]:
    s, out = st.size, []
    for b in blocks:
        if isinstance(b, Heading):
            out.append(RLParagraph(text(b.text), st.get("h1" if b.level <= 1 else "h2", indent)))
        elif isinstance(b, Paragraph):
            out.append(RLParagraph(markup(b.runs, st.primary), st.get("body", indent)))
        elif isinstance(b, ListBlock):
            for i, item in enumerate(b.items, 1):
                bullet = f"{i}." if b.ordered else "\u2022"
                out.append(RLParagraph(markup(item, st.primary), st.get("item", indent), bulletText=bullet))
            out.append(Spacer(1, s * 0.3))
        elif isinstance(b, WriteSpace):
            out.append(WriteLines(b.lines, s * 2.2, indent))
            out.append(Spacer(1, s * 0.6))
        elif isinstance(b, CrisisBlock):
            out.extend(_crisis(b, st, indent))
        elif isinstance(b, Callout):
            out.extend(_callout(b, st, indent))
    return out


def _boxed(inner: list[Flowable], st: _Styles, fill, stroke=None) -> list[Flowable]:
    """A tinted box, kept on one page when it fits (a box cut by a page break
    would leave an empty sliver at the foot of the page)."""
    pad = st.size * 0.8
    box = [FrameBG(color=fill, start=True, strokeColor=stroke, strokeWidth=1.5 if stroke else None),
           Spacer(1, pad), *inner, FrameBG(start=False)]
    return [Spacer(1, st.size * 0.3), KeepTogether(box), Spacer(1, st.size * 0.8)]


def _callout(b: Callout, st: _Styles, indent: float) -> list[Flowable]:
    pad = indent + st.size * 0.9
    inner = _blocks(b.blocks, st, pad)
    if b.style == "safety":
        return _boxed(inner, st, SAFETY_BG, SAFETY_BORDER)
    return _boxed(inner, st, colors.HexColor(st.accent))


def _crisis(b: CrisisBlock, st: _Styles, indent: float) -> list[Flowable]:
    pad = indent + st.size * 0.9
    inner: list[Flowable] = [RLParagraph(f"In an emergency call {text(b.emergency)}", st.get("crisis_lead", pad))]
    for line in b.lines:
        inner.append(RLParagraph(f"<b>{text(line.name)}</b>: {text(line.number)}",
                                 st.get("crisis_line" if line.note else "body", pad)))
        if line.note:
            inner.append(RLParagraph(text(line.note), st.get("crisis_note", pad)))
    return _boxed(inner, st, SAFETY_BG, SAFETY_BORDER)


def _story(doc: Document, st: _Styles) -> list[Flowable]:
    story: list[Flowable] = [RLParagraph(text(doc.title), st.get("title"))]
    if doc.subtitle:
        story.append(RLParagraph(text(doc.subtitle), st.get("subtitle")))
    meta = [f"Prepared for {text(doc.prepared_for)}" if doc.prepared_for else "", text(doc.date)]
    if any(meta):
        story.append(RLParagraph(" \u2022 ".join(m for m in meta if m), st.get("meta")))
    story.append(HRFlowable(width="100%", thickness=1, color=colors.HexColor(st.accent),
                            spaceBefore=st.size * 0.4, spaceAfter=st.size * 0.2))
    for sec in doc.sections:
        heading = RLParagraph(text(sec.heading.text), st.get("h1"))
        flowables = _blocks(sec.blocks, st)
        # a heading never ends a page alone: keep it with the first thing under it
        # (a whole box, when the section opens with one)
        first = next((i for i, f in enumerate(flowables) if not isinstance(f, Spacer)), 0) + 1
        group: list[Flowable] = [heading]
        for f in flowables[:first]:  # never nest KeepTogether: the outer one would
            group.extend(f._content if isinstance(f, KeepTogether) else [f])  # always break
        story.append(KeepTogether(group))
        story.extend(flowables[first:])
    b = doc.branding  # the practice's contact details first: they matter more than sources
    closing: list[Flowable] = [RLParagraph(text(b.practice_name), st.get("h2"))]
    if b.contact_line:
        closing.append(RLParagraph(text(b.contact_line), st.get("body")))
    story += [Spacer(1, st.size * 0.5), KeepTogether(closing)]
    sources = list(dict.fromkeys(s.sources.strip() for s in doc.sections if s.sources.strip()))
    if sources:  # each distinct note once, in the order the sections use them
        story.append(RLParagraph("Where this comes from", st.get("h2")))
        for src in sources:
            story.append(RLParagraph(text(src), st.get("item"), bulletText="\u2022"))
    return story


def _fit(markup_text: str, style: ParagraphStyle, width: float, max_lines: int) -> RLParagraph:
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


def render_pdf(doc: Document, *, large_print: bool = False) -> bytes:
    """The handout as PDF bytes.  Raises :class:`ProblemList` if the font cannot draw some text
    or a font/logo cannot be used; the same input always gives the same bytes."""
    problems = check_glyphs(doc)
    if problems:
        raise ProblemList(problems)
    b = doc.branding
    fs = font_set(dict(b.fonts))
    size = 18.0 if large_print else max(12.0, float(b.base_font_size))
    st = _Styles(fs, size, b.primary_colour, b.accent_colour)
    page_w, page_h = LETTER
    width = page_w - 2 * MARGIN

    logo, logo_w = None, 0.0
    if b.logo_path:
        logo, logo_w = _logo(b.logo_path)
    name_p = _fit(text(b.practice_name), st.get("header"), width - (logo_w + 12 if logo else 0), 2)
    header_h = max(LOGO_HEIGHT if logo else 0, name_p.height) + 10
    small = st.get("small")
    foot_parts = [_fit(text(t), small, width - 90, 4) for t in (doc.disclaimer, b.footer) if t.strip()]
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
        canv.setFont(fs.regular, small.fontSize)
        canv.setFillColor(MUTED)
        canv.drawRightString(page_w - MARGIN, MARGIN * 0.7 + footer_h - 12 - small.fontSize,
                             f"Page {number} of {total}")
        canv.restoreState()

    frame_top = page_h - MARGIN * 0.7 - header_h - size
    frame_bottom = MARGIN * 0.7 + footer_h + size * 0.5
    frame = Frame(MARGIN, frame_bottom, width, frame_top - frame_bottom, id="body",
                  leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)
    out = BytesIO()
    title = clean_text(doc.title)
    if doc.prepared_for and clean_text(doc.prepared_for).strip().lower() in title.lower():
        title = "Handout"  # never put the client's name in metadata
    template = BaseDocTemplate(
        out, pagesize=LETTER, invariant=1, initialFontName=fs.regular, initialFontSize=size,
        title=title, author=clean_text(b.practice_name), subject="", keywords=[], creator="cry-toolkit",
        producer="cry-toolkit", lang=doc.language or None, displayDocTitle=True,
        leftMargin=MARGIN, rightMargin=MARGIN, topMargin=MARGIN, bottomMargin=MARGIN)
    template.addPageTemplates([PageTemplate(id="page", frames=[frame], onPage=on_page)])
    use_a85 = rl_config.useA85
    rl_config.useA85 = 0  # binary streams: smaller and faster than ASCII85 text
    try:
        template.build(_story(doc, st), canvasmaker=functools.partial(NumberedCanvas, page_label=page_label))
    finally:
        rl_config.useA85 = use_a85
    return out.getvalue()


def _logo(path: str):
    """An ImageReader for the (already checked) logo and its drawn width at the fixed height."""
    from reportlab.lib.utils import ImageReader

    from .errors import Problem

    try:
        reader = ImageReader(path)
        w, h = reader.getSize()
    except Exception as exc:  # noqa: BLE001 - any decoder failure becomes a plain message
        raise ProblemList([Problem("practice.yaml", 0, 0, "logo",
                                   f"the logo cannot be drawn ({type(exc).__name__})")]) from None
    return reader, min(LOGO_MAX_WIDTH, LOGO_HEIGHT * w / max(h, 1))
