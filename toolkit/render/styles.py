"""Paragraph styles and literal-text markup shared by every toolkit PDF.

Every text is literal: it is escaped before it reaches ReportLab's paragraph
markup, and markup is built only from :class:`~toolkit.documents.handout.Run` flags.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from reportlab.lib import colors
from reportlab.lib.enums import TA_LEFT
from reportlab.lib.styles import ParagraphStyle

from ..documents.handout import Run
from .fonts import FontSet, clean_text


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


def text(s: str) -> str:
    """Literal text as ReportLab paragraph markup (``&``, ``<``, ``>`` escaped)."""
    return escape(clean_text(s))


def safe_link(url: str | None) -> str | None:
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


class Styles:
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
