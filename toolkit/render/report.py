"""Draw a clinician summary (:class:`~toolkit.documents.report.ReportDoc`) as a PDF.

Page one opens with the safety flags: urgent ones in a box with a thick dark-red
border and the word URGENT on every flag (so it survives black-and-white
printing), review flags in a thinner box.  Then each screener (scores with a bar
chart against the bands, outcomes, completeness, notes, item-level answers in a
table of wrapping paragraph cells) and, with earlier intakes, the trend charts.
The client id and intake date are on every page (the running line); the PDF
metadata holds fixed words only.  Every text is literal (:func:`text`).
"""

from __future__ import annotations

from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import (
    CondPageBreak,
    Flowable,
    KeepTogether,
    Spacer,
    Table,
    TableStyle,
)
from reportlab.platypus.flowables import FrameBG

from ..core.errors import ProblemList
from ..documents.report import FlagEntry, ReportDoc, ScoreEntry, ScreenerEntry, Trend
from .charts import score_bar, trend_chart
from .flowables import RLParagraph
from .fonts import font_set
from .page import MARGIN, fit
from .report_glyphs import check_report_glyphs
from .styles import MUTED, Styles, text

REPORT_SIZE = 10.0
URGENT_BG = colors.HexColor("#FDECEC")
URGENT_INK = colors.HexColor("#A00018")
REVIEW_BG = colors.HexColor("#FFF6DB")
REVIEW_INK = colors.HexColor("#7A5A00")
CALM_BG = colors.HexColor("#F1F3F4")
PAGE_WIDTH = 612.0 - 2 * MARGIN  # Letter


class _Look:
    """The report's paragraph styles, derived from the shared :class:`Styles`."""

    def __init__(self, st: Styles):
        s, fs = st.size, st.fs
        body = st.get("body")
        self.st, self.size = st, s
        self.body = ParagraphStyle("r-body", parent=body, leading=s * 1.35, spaceAfter=s * 0.35)
        self.small = ParagraphStyle("r-small", parent=self.body, fontSize=s * 0.85, leading=s * 1.15,
                                    textColor=MUTED, spaceAfter=s * 0.25)
        self.cell = ParagraphStyle("r-cell", parent=self.body, fontSize=s * 0.9, leading=s * 1.15,
                                   spaceAfter=0, embeddedHyphenation=1)  # item ids break at their hyphens
        self.cell_head = ParagraphStyle("r-cell-head", parent=self.cell, fontName=fs.bold)
        self.h1 = ParagraphStyle("r-h1", parent=st.get("h1"), spaceBefore=s * 1.0)
        self.h2 = ParagraphStyle("r-h2", parent=st.get("h2"), fontSize=s * 1.1, leading=s * 1.4)
        self.h2_free = ParagraphStyle("r-h2-free", parent=self.h2, keepWithNext=0)
        self.title = ParagraphStyle("r-title", parent=st.get("title"), fontSize=s * 2, leading=s * 2.4)
        self.box_pad = s * 0.9
        self.in_box = ParagraphStyle("r-in-box", parent=self.body, leftIndent=self.box_pad,
                                     rightIndent=self.box_pad)
        self.box_head = ParagraphStyle("r-box-head", parent=self.in_box, fontName=fs.bold,
                                       fontSize=s * 1.15, leading=s * 1.5)
        self.flag_head = ParagraphStyle("r-flag-head", parent=self.in_box, fontName=fs.bold,
                                        spaceBefore=s * 0.4, spaceAfter=s * 0.15, keepWithNext=1)
        self.flag_line = ParagraphStyle("r-flag-line", parent=self.in_box, leftIndent=self.box_pad + s * 1.2,
                                        spaceAfter=s * 0.15)


def _box(inner: list[Flowable], look: _Look, fill, stroke, width: float, keep: bool) -> list[Flowable]:
    """A tinted box with a border; kept together only when asked (the urgent box
    must start on page one, so it may split rather than move)."""
    box = [FrameBG(color=fill, start=True, strokeColor=stroke, strokeWidth=width),
           Spacer(1, look.box_pad * 0.6), *inner, Spacer(1, look.box_pad * 0.4), FrameBG(start=False)]
    return ([KeepTogether(box)] if keep else box) + [Spacer(1, look.size * 0.8)]


def _flag(f: FlagEntry, look: _Look, word: str, ink) -> list[Flowable]:
    hex_ink = ink.hexval()[2:]
    out = [RLParagraph(f'<font color="#{hex_ink}">{word}</font> \u00b7 {text(f.screener_title)}',
                       look.flag_head)]
    if f.outcome:
        out.append(RLParagraph(f"<b>Result:</b> {text(f.outcome)}", look.flag_line))
    for it in f.items:
        item = f"<b>Item {text(it.item_id)}:</b> {text(it.text)}"
        answer = f"<b>Answer:</b> {text(it.answer)}"
        if f.outcome:  # the answers the outcome's rule read: one line each
            out.append(RLParagraph(f"{item} \u00b7 {answer}", look.flag_line))
        else:
            out += [RLParagraph(item, look.flag_line), RLParagraph(answer, look.flag_line)]
    out.append(RLParagraph(f"<b>Action:</b> {text(f.action)}", look.flag_line))
    return out


def _flags(doc: ReportDoc, look: _Look) -> list[Flowable]:
    out: list[Flowable] = [RLParagraph("Safety flags", look.h1)]
    if doc.urgent:
        n = len(doc.urgent)
        inner = [RLParagraph(f'<font color="#{URGENT_INK.hexval()[2:]}">URGENT</font>: {n} flag'
                             f"{'s' if n != 1 else ''} to act on today", look.box_head)]
        for f in doc.urgent:
            inner += _flag(f, look, "URGENT", URGENT_INK)
        out += _box(inner, look, URGENT_BG, URGENT_INK, 3.5, keep=False)
    elif not doc.review:
        inner = [RLParagraph("No safety flags raised by these screeners.", look.box_head)]
        inner += [RLParagraph(text(n), look.in_box) for n in doc.no_flag_notes]
        out += _box(inner, look, CALM_BG, MUTED, 0.8, keep=True)
    if doc.review:
        n = len(doc.review)
        inner = [RLParagraph(f"REVIEW: {n} flag{'s' if n != 1 else ''} to check before the client leaves",
                             look.box_head)]
        for f in doc.review:
            inner += _flag(f, look, "REVIEW", REVIEW_INK)
        if not doc.urgent:
            inner.append(RLParagraph("No urgent flags.", look.flag_head))
            inner += [RLParagraph(text(n), look.in_box) for n in doc.no_flag_notes]
        out += _box(inner, look, REVIEW_BG, REVIEW_INK, 1.2, keep=False)
    return out


def _score(sc: ScoreEntry, look: _Look, cited: bool = False) -> list[Flowable]:
    """The score's lines and chart: to be kept together (the caller wraps them).
    ``cited``: an earlier score of this screener gave the same citation."""
    parts = [f"<b>{text(sc.label)}</b>: {text(sc.value_text)}", f"range {text(sc.range_text)}"]
    if sc.band is not None:
        parts.append(f"band <b>{text(sc.band.label)}</b> ({text(sc.band.range_text)})")
    elif sc.complete and not sc.bands:
        parts.append("no bands (no cut-off)")
    if sc.cut_off:
        parts.append(text(sc.cut_off))
    if sc.skipped:
        parts.append(text(sc.skipped))
    group: list[Flowable] = [RLParagraph(" \u00b7 ".join(parts), look.body)]
    if sc.complete and sc.value is not None:
        group.append(score_bar(sc, PAGE_WIDTH, look.st.fs))
        if sc.citation:
            group.append(RLParagraph("Bands: as above." if cited else f"Bands: {text(sc.citation)}",
                                     look.small))
    elif sc.rule:
        group.append(RLParagraph(text(sc.rule), look.small))
    group.append(Spacer(1, look.size * 0.4))
    return group


def _answers(s: ScreenerEntry, look: _Look) -> list[Flowable]:
    head = [RLParagraph("Item", look.cell_head), RLParagraph("Question", look.cell_head),
            RLParagraph("Answer", look.cell_head)]
    rows, style = [head], [
        ("GRID", (0, 0), (-1, -1), 0.4, colors.HexColor("#B8BEC4")),
        ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor(look.st.accent)),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), 4), ("RIGHTPADDING", (0, 0), (-1, -1), 4),
        ("TOPPADDING", (0, 0), (-1, -1), 2.5), ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
    ]
    for i, row in enumerate(s.answers, 1):
        item = f"<b>{text(row.item_id)}</b>" + ("<br/>critical" if row.critical else "")
        answer = text(row.answer) if row.answered else f"<i>{text(row.answer)}</i>"
        rows.append([RLParagraph(item, look.cell), RLParagraph(text(row.text), look.cell),
                     RLParagraph(answer, look.cell)])
        if row.critical:
            style.append(("BACKGROUND", (0, i), (-1, i), colors.HexColor("#EDEDED")))
            style.append(("LINEBEFORE", (0, i), (0, i), 2.5, colors.black))
    widths = [PAGE_WIDTH * 0.2, PAGE_WIDTH * 0.5, PAGE_WIDTH * 0.3]
    return [Table(rows, colWidths=widths, repeatRows=1, splitInRow=1, style=TableStyle(style),
                  hAlign="LEFT")]


def _screener(s: ScreenerEntry, look: _Look) -> list[Flowable]:
    head: list[Flowable] = [RLParagraph(text(s.title), look.h1),
                            RLParagraph(f"Version {text(s.version)} \u00b7 {text(s.kind_text)}", look.small)]
    groups = [_score(sc, look, any(p.citation == sc.citation for p in s.scores[:i] if p.band))
              for i, sc in enumerate(s.scores)]
    outcomes: list[Flowable] = []
    if s.outcomes:
        outcomes.append(RLParagraph("Outcomes", look.h2))
        outcomes += [RLParagraph(text(o), look.body, bulletText="\u2022") for o in s.outcomes]
    elif s.kind == "checklist" or not s.scores:
        outcomes.append(RLParagraph("Outcomes: none of this screener's outcomes holds.", look.body))
    groups = groups + [outcomes] if groups else [outcomes]
    out: list[Flowable] = [KeepTogether(head + groups[0])]  # the title never ends a page alone
    out += [KeepTogether(g) for g in groups[1:] if g]
    # a few short lines: kept together, so that a page never starts with the last of them
    out.append(KeepTogether([RLParagraph("Completeness", look.h2),
                             *(RLParagraph(text(c), look.body) for c in s.completeness)]))
    if s.notes:
        out.append(RLParagraph("Notes", look.h2))
        out += [RLParagraph(text(n), look.small, bulletText="\u2022") for n in s.notes]
    # the table splits across pages; its heading moves on only when there is no room for a few rows
    out += [CondPageBreak(look.size * 9), RLParagraph("Answers", look.h2_free)]
    return out + _answers(s, look)


def _trend(t: Trend, look: _Look) -> list[Flowable]:
    group: list[Flowable] = [RLParagraph(f"{text(t.screener_title)} \u00b7 {text(t.label)}", look.h2)]
    if t.points:
        group.append(trend_chart(t, PAGE_WIDTH, look.st.fs))
    else:
        group.append(RLParagraph("No complete value on any date: nothing to draw.", look.body))
    if len(t.points) == 1:
        group.append(RLParagraph("Only one complete value, so no line is drawn.", look.small))
    if t.omitted:
        group.append(RLParagraph("Not drawn (too many answers missing): " + text("; ".join(t.omitted)) + ".",
                                 look.small))
    return [KeepTogether(group)]


def _history(doc: ReportDoc, look: _Look) -> list[Flowable]:
    if not doc.history_dates:
        return []
    n = len(doc.history_dates)
    out: list[Flowable] = [RLParagraph("History", look.h1), RLParagraph(
        f"{n} earlier intake{'s' if n != 1 else ''}: {text(', '.join(doc.history_dates))}. "
        f"The charts show complete scores over time, with the bands shaded.", look.body)]
    for e in doc.earlier_flags:
        out.append(RLParagraph(f"Intake {text(e.date)}: {e.urgent} urgent and {e.review} review "
                               "flag(s) at the time.", look.small, bulletText="\u2022"))
    if not doc.trends:
        return [KeepTogether(out + [RLParagraph("No screener was given on two or more dates.", look.body)])]
    charts = [f for t in doc.trends for f in _trend(t, look)]
    # the heading and its lines stay with the first chart (one group: never nest KeepTogether)
    return [KeepTogether(out + charts[0]._content), *charts[1:]]


def _suggested(doc: ReportDoc, look: _Look) -> list[Flowable]:
    """A short block after the flags: each suggested handout's id and title, and why."""
    if not doc.suggested:
        return []
    item = ParagraphStyle("r-suggested", parent=look.body, leftIndent=look.size * 1.2, bulletIndent=0)
    out: list[Flowable] = [RLParagraph("Suggested handouts", look.h2)]
    for sh in doc.suggested:  # each reason is a sentence of its own
        out.append(RLParagraph(f"<b>{text(sh.handout_id)}</b> ({text(sh.title)}): "
                               f"{text(' '.join(sh.reasons))}", item, bulletText="\u2022"))
    out.append(RLParagraph("Print one with: toolkit handout INTAKE --handout ID --out FILE.pdf", look.small))
    return [KeepTogether(out)]


def _story(doc: ReportDoc, look: _Look) -> list[Flowable]:
    story: list[Flowable] = [RLParagraph(text(doc.title), look.title)]
    who = f"<b>Client {text(doc.client_id)}</b>"
    if doc.client_name.strip():
        who += f" \u00b7 {text(doc.client_name)}"
    story.append(fit(who, look.body, PAGE_WIDTH, 2))
    when = f"Intake {text(doc.date)}"
    if doc.history_dates:
        n = len(doc.history_dates)
        when += f" \u00b7 {n} earlier intake{'s' if n != 1 else ''} (see History)"
    story.append(RLParagraph(when, look.body))
    story += _flags(doc, look)
    story += _suggested(doc, look)
    for s in doc.screeners:
        story += _screener(s, look)
    return story + _history(doc, look)


def render_report(doc: ReportDoc) -> bytes:
    """The clinician summary as PDF bytes; the same input always gives the same bytes.
    Raises :class:`ProblemList` when the font cannot draw some text."""
    problems = check_report_glyphs(doc)
    if problems:
        raise ProblemList(problems)
    from .page import build_pdf

    b = doc.branding
    fs = font_set(dict(b.fonts))
    st = Styles(fs, REPORT_SIZE, b.primary_colour, b.accent_colour)
    return build_pdf(_story(doc, _Look(st)), branding=b, fonts=fs, styles=st,
                     footer_texts=(doc.footer, b.footer), title="Clinician summary",
                     language=doc.language, running=doc.running)
