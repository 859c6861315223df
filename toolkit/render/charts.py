"""Vector charts for the clinician summary, drawn with ``reportlab.graphics``.

* :func:`score_bar`: one score against its bands, a horizontal bar of grey
  rectangles (lighter to darker) with the band labels and ranges, and a black
  marker at the score;
* :func:`trend_chart`: one score over the client's dated intakes, a line with
  points over the band regions shaded as horizontal stripes, dates under the axis.

Grey levels and words, never colour alone, so both read in black and white.
Nothing here is an image: every shape is a PDF path or text.
"""

from __future__ import annotations

import datetime as dt

from reportlab.graphics.shapes import (
    Circle,
    Drawing,
    Line,
    Polygon,
    PolyLine,
    Rect,
    String,
)
from reportlab.lib import colors
from reportlab.pdfbase.pdfmetrics import stringWidth

from ..documents.report import BandSpan, ScoreEntry, Trend, num
from .fonts import FontSet, clean_text

INK = colors.black
EDGE = colors.Color(0.35, 0.35, 0.35)
LABEL_SIZE = 7.0


def band_grey(i: int, n: int) -> colors.Color:
    """Band ``i`` of ``n``: light for the lowest band, darker for higher ones."""
    g = 0.94 if n <= 1 else 0.95 - i * (0.95 - 0.62) / (n - 1)
    return colors.Color(g, g, g)


def _integer_scale(lo, hi, bands: tuple[BandSpan, ...]) -> bool:
    values = [lo, hi] + [b.min for b in bands] + [b.max for b in bands]
    return all(float(v).is_integer() for v in values) and not any(b.max_exclusive for b in bands)


class _Axis:
    """Maps score values to positions; whole-number scales give each value a cell."""

    def __init__(self, lo, hi, bands: tuple[BandSpan, ...], start: float, length: float):
        self.integer = _integer_scale(lo, hi, bands)
        self.lo = float(lo) - (0.5 if self.integer else 0.0)
        self.hi = float(hi) + (0.5 if self.integer else 0.0)
        self.start, self.length = start, length

    def __call__(self, v: float) -> float:
        span = self.hi - self.lo or 1.0
        v = min(max(float(v), self.lo), self.hi)
        return self.start + (v - self.lo) / span * self.length

    def band_edges(self, b: BandSpan) -> tuple[float, float]:
        pad = 0.5 if self.integer else 0.0
        return self(float(b.min) - pad), self(float(b.max) + pad)


def _text(x: float, y: float, s: str, font: str, size: float = LABEL_SIZE, anchor: str = "middle",
          colour=INK) -> String:
    return String(x, y, clean_text(s), fontName=font, fontSize=size, fillColor=colour, textAnchor=anchor)


def _fits(s: str, font: str, size: float, room: float) -> bool:
    return stringWidth(clean_text(s), font, size) <= room


def score_bar(score: ScoreEntry, width: float, fonts: FontSet) -> Drawing:
    """A horizontal bar of the score's bands with a marker at the value (none when not scored).

    The bar itself carries no text (the marker crosses it); each band's label and
    range are written under its own stretch of the bar when they fit there."""
    height, bar_y, bar_h = 50.0, 19.0, 13.0
    d = Drawing(width, height)
    margin = 8.0
    axis = _Axis(score.min, score.max, score.bands, margin, width - 2 * margin)
    bands = score.bands or (BandSpan("", "no bands (no cut-off)", score.min, score.max),)
    for i, b in enumerate(bands):
        x0, x1 = axis.band_edges(b)
        d.add(Rect(x0, bar_y, x1 - x0, bar_h, fillColor=band_grey(i, len(bands)), strokeColor=EDGE,
                   strokeWidth=0.5))
        room = x1 - x0 - 4
        if _fits(b.label, fonts.regular, LABEL_SIZE, room):
            d.add(_text((x0 + x1) / 2, bar_y - LABEL_SIZE - 1.5, b.label, fonts.regular))
        rng = b.range_text if score.bands else f"{num(score.min)}\u2013{num(score.max)}"
        if _fits(rng, fonts.regular, LABEL_SIZE - 0.5, room):
            d.add(_text((x0 + x1) / 2, bar_y - 2 * LABEL_SIZE - 3, rng, fonts.regular, LABEL_SIZE - 0.5, colour=EDGE))
    if score.complete and score.value is not None:
        x = axis(score.value)
        d.add(Line(x, bar_y - 1.5, x, bar_y + bar_h + 1.5, strokeColor=INK, strokeWidth=2.4))
        top = bar_y + bar_h + 2
        d.add(Polygon([x - 4.5, top + 7, x + 4.5, top + 7, x, top], fillColor=INK, strokeColor=INK,
                      strokeWidth=0.5))
        label = num(score.value)
        w = stringWidth(label, fonts.bold, LABEL_SIZE + 1)
        lx = min(max(x, margin + w / 2), width - margin - w / 2)
        d.add(_text(lx, top + 9, label, fonts.bold, LABEL_SIZE + 1))
    return d


def _date(s: str) -> int:
    try:
        return dt.date.fromisoformat(s).toordinal()
    except ValueError:
        return 0


def trend_chart(trend: Trend, width: float, fonts: FontSet) -> Drawing:
    """The score over the dates: band stripes, a line through the complete values, date labels."""
    height = 150.0
    left, right, bottom, top = 30.0, 96.0, 24.0, 12.0
    plot_w, plot_h = width - left - right, height - bottom - top
    d = Drawing(width, height)
    yaxis = _Axis(trend.min, trend.max, trend.bands, bottom, plot_h)
    bands = trend.bands or (BandSpan("", "no bands", trend.min, trend.max),)
    last_tick = -100.0
    for i, b in enumerate(bands):
        y0, y1 = yaxis.band_edges(b)
        d.add(Rect(left, y0, plot_w, y1 - y0, fillColor=band_grey(i, len(bands)), strokeColor=None))
        d.add(Line(left, y0, left + plot_w, y0, strokeColor=EDGE, strokeWidth=0.4))
        if y1 - y0 >= LABEL_SIZE + 1:
            label = b.label if _fits(b.label, fonts.regular, LABEL_SIZE, right - 6) else ""
            if label:
                d.add(_text(left + plot_w + 4, (y0 + y1) / 2 - LABEL_SIZE * 0.35, label, fonts.regular,
                            anchor="start"))
        y = yaxis(b.min)  # a tick at the band's lowest value
        if y - last_tick >= LABEL_SIZE + 1:
            d.add(Line(left - 3, y, left, y, strokeColor=EDGE, strokeWidth=0.6))
            d.add(_text(left - 5, y - LABEL_SIZE * 0.35, num(b.min), fonts.regular, anchor="end"))
            last_tick = y
    y_top = yaxis(trend.max)
    if y_top - last_tick >= LABEL_SIZE + 1:
        d.add(Line(left - 3, y_top, left, y_top, strokeColor=EDGE, strokeWidth=0.6))
        d.add(_text(left - 5, y_top - LABEL_SIZE * 0.35, num(trend.max), fonts.regular, anchor="end"))
    d.add(Rect(left, bottom, plot_w, plot_h, fillColor=None, strokeColor=EDGE, strokeWidth=0.6))

    days = [_date(s) for s in trend.dates] or [0]
    first, last = min(days), max(days)
    pad = 18.0

    def x_of(date: str) -> float:
        if last == first:
            return left + plot_w / 2
        return left + pad + (_date(date) - first) / (last - first) * (plot_w - 2 * pad)

    placed: list[float] = []  # date labels from the latest back, skipping any that would overlap
    for date in sorted(set(trend.dates), reverse=True):
        x = x_of(date)
        d.add(Line(x, bottom, x, bottom - 3, strokeColor=EDGE, strokeWidth=0.6))
        w = stringWidth(date, fonts.regular, LABEL_SIZE - 0.5)
        if all(abs(x - p) >= w + 4 for p in placed):
            d.add(_text(x, bottom - 4 - LABEL_SIZE, date, fonts.regular, LABEL_SIZE - 0.5))
            placed.append(x)
    pts = [(x_of(p.date), yaxis(p.value), p) for p in trend.points]
    if len(pts) >= 2:
        d.add(PolyLine([c for x, y, _ in pts for c in (x, y)], strokeColor=INK, strokeWidth=1.6))
    for x, y, p in pts:
        d.add(Circle(x, y, 3.2, fillColor=INK, strokeColor=colors.white, strokeWidth=0.8))
        ly = y + 5 if y + 5 + LABEL_SIZE < bottom + plot_h else y - 5 - LABEL_SIZE
        d.add(_text(x, ly, num(p.value), fonts.bold, LABEL_SIZE))
    return d
