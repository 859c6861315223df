"""The tinted safety box and the crisis lines drawn in it, shared by the handout's crisis
block and the forms' crisis help (:mod:`toolkit.render.handout`, :mod:`toolkit.render.form`).

Nothing is drawn in a table, so no text can overflow a cell: the box is a frame background
behind ordinary paragraphs, kept on one page when it fits.
"""

from __future__ import annotations

from reportlab.platypus import Flowable, KeepTogether, Spacer
from reportlab.platypus.flowables import FrameBG

from ..documents.handout import CrisisLine
from .flowables import RLParagraph
from .styles import SAFETY_BG, SAFETY_BORDER, Styles, text

TREATMENT_LEAD = "Finding treatment"
"""The label over help lines that are not crisis lines (drawn after the box, never in it)."""


def boxed(inner: list[Flowable], st: Styles, fill, stroke=None) -> list[Flowable]:
    """A tinted box, kept on one page when it fits (a box cut by a page break
    would leave an empty sliver at the foot of the page)."""
    pad = st.size * 0.8
    box = [FrameBG(color=fill, start=True, strokeColor=stroke, strokeWidth=1.5 if stroke else None),
           Spacer(1, pad), *inner, FrameBG(start=False)]
    return [Spacer(1, st.size * 0.3), KeepTogether(box), Spacer(1, st.size * 0.8)]


def safety_box(inner: list[Flowable], st: Styles) -> list[Flowable]:
    """The safety colours: a pale background with a strong border (also clear in black and white)."""
    return boxed(inner, st, SAFETY_BG, SAFETY_BORDER)


def line_flowables(lines: tuple[CrisisLine, ...], st: Styles, pad: float) -> list[Flowable]:
    """Each line as "**name**: number", its note under it."""
    out: list[Flowable] = []
    for line in lines:
        out.append(RLParagraph(f"<b>{text(line.name)}</b>: {text(line.number)}",
                               st.get("crisis_line" if line.note else "body", pad)))
        if line.note:
            out.append(RLParagraph(text(line.note), st.get("crisis_note", pad)))
    return out


def treatment_flowables(lines: tuple[CrisisLine, ...], st: Styles, indent: float) -> list[Flowable]:
    """Help lines that are not crisis lines, labelled, for after the box."""
    if not lines:
        return []
    lead = RLParagraph(f"<b>{text(TREATMENT_LEAD)}</b>", st.get("crisis_line", indent))
    return [lead, *line_flowables(lines, st, indent)]
