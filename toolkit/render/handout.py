"""Draw a handout :class:`~toolkit.documents.handout.HandoutDoc` as a PDF with ReportLab Platypus.

Rules this module keeps (see DESIGN.md, Rendering):
- only embedded TrueType fonts (Vera by default, or the practice's own TTFs), and a
  character the font cannot draw is reported (:func:`check_glyphs`), never drawn as a box;
- every text is literal (see :mod:`toolkit.render.styles`);
- the PDF metadata carries no client data, and invariant mode makes the same input
  give the same bytes (see :mod:`toolkit.render.page`);
- nothing is drawn in a table, so no text can overflow a cell: boxes are frame
  backgrounds behind ordinary paragraphs, which wrap long words and split across pages;
- a heading never ends a page alone, ruled writing lines stay on the page of the words
  that lead into them, and a short list is not cut after its first item;
- with ``fillable``, writing lines are also empty PDF text fields (see :class:`WriteLines`).
"""

from __future__ import annotations

from reportlab.lib import colors
from reportlab.platypus import Flowable, KeepTogether, Spacer
from reportlab.platypus.flowables import HRFlowable

from ..core.errors import ProblemList
from ..documents.handout import (
    Block,
    Callout,
    CrisisBlock,
    HandoutDoc,
    Heading,
    ListBlock,
    Paragraph,
    TreatmentLines,
    WriteSpace,
)
from .crisis_box import boxed, line_flowables, safety_box, treatment_flowables
from .flowables import RLParagraph, WriteLines
from .fonts import check_glyphs, clean_text, font_set
from .page import build_pdf, fields_on_their_pages
from .styles import Styles, markup, text

SHORT_LIST = 6  # items


def _blocks(blocks: tuple[Block, ...], st: Styles, indent: float = 0.0, fillable: bool = False) -> list[Flowable]:
    s, out = st.size, []
    for b in blocks:
        if isinstance(b, Heading):
            out.append(RLParagraph(text(b.text), st.get("h1" if b.level <= 1 else "h2", indent)))
        elif isinstance(b, Paragraph):
            out.append(RLParagraph(markup(b.runs, st.primary), st.get("body", indent)))
        elif isinstance(b, ListBlock):
            items: list[Flowable] = [
                RLParagraph(markup(item, st.primary), st.get("item", indent),
                            bulletText=f"{i}." if b.ordered else "\u2022") for i, item in enumerate(b.items, 1)]
            # a short list is not cut after its first item (not inside a box: KeepTogether never nests)
            out.extend([KeepTogether(items)] if not indent and len(items) <= SHORT_LIST else items)
            out.append(Spacer(1, s * 0.3))
        elif isinstance(b, WriteSpace):
            field = (b.name, clean_text(b.label)) if fillable and b.name else ("", "")
            lines = WriteLines(b.lines, s * 2.2, indent, *field, font_size=s)
            # the lines stay on the page of the words that lead into them ("People I trust, ...:");
            # not inside a box (indented), which is kept together already: KeepTogether never nests
            lead = out.pop() if not indent and out and isinstance(out[-1], RLParagraph) else None
            out.append(KeepTogether([lead, lines]) if lead is not None else lines)
            out.append(Spacer(1, s * 0.6))
        elif isinstance(b, CrisisBlock):
            out.extend(_crisis(b, st, indent))
        elif isinstance(b, TreatmentLines):
            out.extend(treatment_flowables(b.lines, st, indent))
        elif isinstance(b, Callout):
            out.extend(_callout(b, st, indent, fillable))
    return out


def _callout(b: Callout, st: Styles, indent: float, fillable: bool) -> list[Flowable]:
    pad = indent + st.size * 0.9
    inner = _blocks(b.blocks, st, pad, fillable)
    if b.style == "safety":
        return safety_box(inner, st)
    return boxed(inner, st, colors.HexColor(st.accent))


def _crisis(b: CrisisBlock, st: Styles, indent: float) -> list[Flowable]:
    pad = indent + st.size * 0.9
    inner: list[Flowable] = [RLParagraph(f"In an emergency call {text(b.emergency)}", st.get("crisis_lead", pad)),
                             *line_flowables(b.lines, st, pad)]
    return safety_box(inner, st)


def _story(doc: HandoutDoc, st: Styles, fillable: bool) -> list[Flowable]:
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
        flowables = _blocks(sec.blocks, st, fillable=fillable)
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
    else:  # the crisis text points here for the contact details: never a bare name
        closing.append(RLParagraph("Ask your clinician for the practice's phone number and address.",
                                   st.get("body")))
    story += [Spacer(1, st.size * 0.5), KeepTogether(closing)]
    sources = list(dict.fromkeys(s.sources.strip() for s in doc.sections if s.sources.strip()))
    if sources:  # each distinct note once, in the order the sections use them
        story.append(RLParagraph("Where this comes from", st.get("h2")))
        for src in sources:
            story.append(RLParagraph(text(src), st.get("item"), bulletText="\u2022"))
    return story


def render_pdf(doc: HandoutDoc, *, large_print: bool = False, fillable: bool = False) -> bytes:
    """The handout as PDF bytes.  Raises :class:`ProblemList` if the font cannot draw some text
    or a font/logo cannot be used; the same input always gives the same bytes.

    With ``fillable`` every write-in space is also an empty multi-line PDF text field,
    named after its section id, with the section heading as its tooltip (never client data)."""
    problems = check_glyphs(doc)
    if problems:
        raise ProblemList(problems)
    b = doc.branding
    fs = font_set(dict(b.fonts))
    size = 18.0 if large_print else max(12.0, float(b.base_font_size))
    st = Styles(fs, size, b.primary_colour, b.accent_colour)
    # the metadata title is planned without client placeholders (planning.handout.metadata_title)
    return build_pdf(_story(doc, st, fillable), branding=b, fonts=fs, styles=st,
                     footer_texts=(doc.disclaimer, b.footer), title=doc.metadata_title, language=doc.language,
                     on_canvas=fields_on_their_pages if fillable else None)
