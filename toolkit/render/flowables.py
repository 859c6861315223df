"""ReportLab building blocks for the handout renderer: a paragraph that is not
broken into lines twice, ruled writing lines, and a canvas that numbers pages
"x of y"."""

from __future__ import annotations

from reportlab.lib import colors
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable
from reportlab.platypus import Paragraph as _Paragraph

RULE = colors.HexColor("#8C99A6")  # the writing lines

class RLParagraph(_Paragraph):
    """A ReportLab paragraph that does not break its lines again for the same width.

    Platypus wraps a paragraph more than once (keep-together groups measure their
    content, then the frame wraps each piece again); line breaking is the largest cost
    of a render, so the last result is reused.  Split pieces are new objects.
    """

    _wrapped_for: float | None = None
    frags: list  # set by Paragraph._setup

    def _setup(self, text, style, bulletText, frags, cleaner):  # noqa: N803 - ReportLab's names
        super()._setup(text, style, bulletText, frags, cleaner)
        if frags is None:  # parsed from markup (split pieces arrive as line fragments: keep them)
            self.frags = _merge_frags(self.frags)

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # noqa: N803 - ReportLab's names
        if self._wrapped_for == availWidth and "blPara" in self.__dict__:  # split() may drop it
            return self.width, self.height
        result = super().wrap(availWidth, availHeight)
        self._wrapped_for = availWidth
        return result


_SPECIAL_FRAG = ("lineBreak", "cbDefn", "_selfClosingTag")


def _merge_frags(frags: list) -> list:
    """Join neighbouring text fragments of the same style into one.

    ReportLab's parser gives every escaped character (``&lt;``) its own fragment; a long
    client text full of ``<`` then becomes thousands of fragments and line breaking turns
    quadratic.  Joining them keeps the text and its styles exactly as they were.
    """
    if len(frags) < 2:
        return frags
    out: list = []
    texts: list[str] = []
    key = None
    for f in frags:
        d = getattr(f, "__dict__", None)
        k = None if d is None or any(a in d for a in _SPECIAL_FRAG) else {a: v for a, v in d.items() if a != "text"}
        if k is not None and k == key:
            texts.append(f.text)
            continue
        if texts and len(texts) > 1:
            out[-1] = out[-1].clone(text="".join(texts))
        out.append(f)
        texts, key = ([f.text] if k is not None else []), k
    if len(texts) > 1:
        out[-1] = out[-1].clone(text="".join(texts))
    return out


class WriteLines(Flowable):
    """Ruled lines for the client to write on; splits across pages.

    With ``field`` (a name) the lines are also one multi-line PDF text field, laid
    over them, with ``tooltip`` as its description for screen readers; such lines
    are never split, so the field stays whole on one page.  Typed text is drawn by
    the viewer in a standard PDF font (Helvetica), as in :mod:`toolkit.render.form`.
    """

    def __init__(self, lines: int, gap: float, indent: float = 0.0, field: str = "", tooltip: str = "",
                 font_size: float = 12.0):
        super().__init__()
        self.lines, self.gap, self.indent = max(0, lines), gap, indent
        self.field, self.tooltip, self.font_size = field, tooltip, font_size

    def wrap(self, aw: float, ah: float) -> tuple[float, float]:
        self.width = aw
        return aw, self.lines * self.gap + self.gap * 0.4

    def split(self, aw: float, ah: float) -> list[Flowable]:
        fit = int((ah - self.gap * 0.4) // self.gap)
        if self.field or fit < 1 or fit >= self.lines:
            return []
        return [WriteLines(fit, self.gap, self.indent), WriteLines(self.lines - fit, self.gap, self.indent)]

    def draw(self) -> None:
        c = self.canv
        c.setStrokeColor(RULE)
        c.setLineWidth(0.6)
        for i in range(1, self.lines + 1):
            y = self.lines * self.gap + self.gap * 0.4 - i * self.gap
            c.line(self.indent, y, self.width - self.indent, y)
        if self.field and self.lines:
            x, y = c.absolutePosition(self.indent, self.gap * 0.4 - self.font_size * 0.3)
            c.acroForm.textfield(name=self.field, value="", x=x, y=y, width=self.width - 2 * self.indent,
                                 height=self.lines * self.gap, borderWidth=0, borderColor=None, fillColor=None,
                                 textColor=colors.black, fontName="Helvetica", fontSize=self.font_size,
                                 fieldFlags="multiline", maxlen=0, tooltip=self.tooltip[:200])


class NumberedCanvas(Canvas):
    """A canvas that draws "Page x of y" on every page once the total is known."""

    def __init__(self, *args, page_label=None, **kwargs):
        super().__init__(*args, **kwargs)
        self._pages: list[dict] = []
        self._page_label = page_label

    def showPage(self) -> None:  # noqa: N802 - ReportLab's name
        self._pages.append(dict(self.__dict__))
        self._startPage()

    def save(self) -> None:
        total = len(self._pages)
        for state in self._pages:
            self.__dict__.update(state)
            self._page_label(self, self._pageNumber, total)
            Canvas.showPage(self)
        Canvas.save(self)
