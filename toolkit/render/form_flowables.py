"""The drawn parts of a form: an item's options with tick boxes, and the client's
name / ID / date boxes.  With ``fillable`` each box is also a PDF form field
(ReportLab AcroForm) placed exactly over the drawn box, named as
:mod:`toolkit.intake.form_names` says."""

from __future__ import annotations

from collections.abc import Sequence

from reportlab.lib import colors
from reportlab.lib.utils import simpleSplit
from reportlab.pdfbase import pdfmetrics
from reportlab.platypus import Flowable

from ..intake.form_names import CLIENT_FIELDS, MARKER_FIELD
from .fonts import FontSet, clean_text

BLACK = colors.black
CLIENT_LABELS = {"client_name": "Name", "client_id": "Client ID", "date": "Date (YYYY-MM-DD)"}


class OptionBoxes(Flowable):
    """The answer options of one item: a tick box and its label per option.

    Laid out in one row when all fit, else in equal columns (two rows), else one
    option per line with the label wrapped.  When ``field`` is given, each box is
    also a radio button of the group ``field`` whose export value is ``exports[i]``
    (an item with a single option gets a check box, whose "on" value is ``Yes``).
    """

    def __init__(self, labels: Sequence[str], fs: FontSet, size: float, indent: float,
                 field: str | None = None, exports: Sequence[str] = (), tooltip: str = ""):
        super().__init__()
        self.labels = [clean_text(label) for label in labels]
        self.fs, self.size, self.indent = fs, size, indent
        self.field, self.exports, self.tooltip = field, list(exports), tooltip
        self.box = round(size * 1.15, 2)
        self.gap = size * 0.5          # box to label
        self.col_gap = size * 1.6      # option to option
        self.leading = size * 1.3
        self.row_gap = size * 0.45
        self.cells: list[tuple[float, float, list[str]]] = []  # (x, top offset, label lines)

    def _width(self, label: str) -> float:
        return pdfmetrics.stringWidth(label, self.fs.regular, self.size)

    def wrap(self, aw: float, ah: float) -> tuple[float, float]:
        avail = aw - self.indent
        unit = self.box + self.gap
        widths = [unit + self._width(label) for label in self.labels]
        n = len(widths)
        cells: list[tuple[float, float, list[str]]] = []
        if sum(widths) + (n - 1) * self.size <= avail:  # one row, natural widths
            gap = min(self.col_gap, (avail - sum(widths)) / max(n - 1, 1))
            x = self.indent
            for label, w in zip(self.labels, widths, strict=True):
                cells.append((x, 0.0, [label]))
                x += w + gap
            rows = 1
        else:
            cols = (n + 1) // 2
            col_w = (avail - (cols - 1) * self.col_gap) / cols if cols > 1 else avail
            if cols > 1 and max(widths) <= col_w:  # equal columns, row by row
                for i, label in enumerate(self.labels):
                    row, col = divmod(i, cols)
                    cells.append((self.indent + col * (col_w + self.col_gap), row, [label]))
                rows = (n + cols - 1) // cols
            else:  # one option per line, long labels wrapped
                for i, label in enumerate(self.labels):
                    cells.append((self.indent, i, simpleSplit(label, self.fs.regular, self.size,
                                                              avail - unit) or [""]))
                rows = n
        # rows -> top offsets, each row as tall as its longest label
        heights: dict[float, int] = {}
        for _, r, lines in cells:
            heights[r] = max(heights.get(r, 1), len(lines))
        tops, y = {}, 0.0
        for r in sorted(heights):
            tops[r] = y
            y += heights[r] * self.leading + self.row_gap
        self.cells = [(x, tops[r], lines) for x, r, lines in cells]
        self.width, self.height = aw, y - self.row_gap + self.size * 0.3 if rows else 0.0
        return self.width, self.height

    def draw(self) -> None:
        c = self.canv
        c.saveState()
        for i, (x, top, lines) in enumerate(self.cells):
            baseline = self.height - top - self.size
            bx, by = x, baseline + self.size * 0.34 - self.box / 2  # centred on the first line
            c.setStrokeColor(BLACK)
            c.setFillColor(colors.white)
            c.setLineWidth(1)
            c.rect(bx + 0.5, by + 0.5, self.box - 1, self.box - 1, stroke=1, fill=1)
            c.setFillColor(BLACK)
            c.setFont(self.fs.regular, self.size)
            for j, line in enumerate(lines):
                c.drawString(bx + self.box + self.gap, baseline - j * self.leading, line)
            if self.field and len(self.cells) == 1:  # a radio group needs two buttons: a check box
                ax, ay = c.absolutePosition(bx, by)
                c.acroForm.checkbox(name=self.field, checked=False, x=ax, y=ay, size=self.box, shape="square",
                                    buttonStyle="check", borderColor=BLACK, fillColor=colors.white,
                                    textColor=BLACK, borderWidth=1, fieldFlags="", tooltip=self.tooltip[:200])
            elif self.field:
                ax, ay = c.absolutePosition(bx, by)
                c.acroForm.radio(name=self.field, value=self.exports[i], selected=False, x=ax, y=ay,
                                 size=self.box, shape="square", buttonStyle="check",
                                 borderColor=BLACK, fillColor=colors.white, textColor=BLACK,
                                 borderWidth=1, fieldFlags="radio", tooltip=self.tooltip[:200])
        c.restoreState()


class ClientBoxes(Flowable):
    """Name, client ID and date: labelled boxes to write in (text fields when fillable),
    plus the hidden marker field that says what the form is."""

    def __init__(self, fs: FontSet, size: float, fillable: bool, marker_value: str):
        super().__init__()
        self.fs, self.size, self.fillable, self.marker_value = fs, size, fillable, marker_value
        self.row_h = size * 2.0
        self.row_gap = size * 0.5

    def wrap(self, aw: float, ah: float) -> tuple[float, float]:
        self.width = aw
        self.height = len(CLIENT_FIELDS) * (self.row_h + self.row_gap) - self.row_gap
        return self.width, self.height

    def draw(self) -> None:
        c = self.canv
        label_w = max(pdfmetrics.stringWidth(label, self.fs.bold, self.size)
                      for label in CLIENT_LABELS.values()) + self.size
        widths = {"client_name": self.width - label_w, "client_id": min(self.width - label_w, self.size * 22),
                  "date": min(self.width - label_w, self.size * 10)}
        max_len = {"client_name": 200, "client_id": 64, "date": 10}
        c.saveState()
        for i, name in enumerate(CLIENT_FIELDS):
            y = self.height - (i + 1) * self.row_h - i * self.row_gap
            c.setFillColor(BLACK)
            c.setFont(self.fs.bold, self.size)
            c.drawString(0, y + (self.row_h - self.size) / 2 + self.size * 0.15, CLIENT_LABELS[name])
            c.setStrokeColor(BLACK)
            c.setLineWidth(1)
            c.rect(label_w + 0.5, y + 0.5, widths[name] - 1, self.row_h - 1, stroke=1, fill=0)
            if self.fillable:
                ax, ay = c.absolutePosition(label_w + 1.5, y + 1.5)
                c.acroForm.textfield(name=name, value="", x=ax, y=ay, width=widths[name] - 3,
                                     height=self.row_h - 3, borderWidth=0, borderColor=None, fillColor=None,
                                     textColor=BLACK, fontName="Helvetica", fontSize=self.size,
                                     maxlen=max_len[name], tooltip=CLIENT_LABELS[name])
        if self.fillable:
            ax, ay = c.absolutePosition(0, 0)
            c.acroForm.textfield(name=MARKER_FIELD, value=self.marker_value, x=ax, y=ay, width=20, height=10,
                                 borderWidth=0, borderColor=None, fillColor=None, textColor=BLACK,
                                 fontName="Helvetica", fontSize=1, maxlen=0,
                                 annotationFlags="hidden", fieldFlags="readOnly",
                                 tooltip="Which questionnaires this form holds (do not change)")
        c.restoreState()


# --------------------------------------------------------------------------- story
