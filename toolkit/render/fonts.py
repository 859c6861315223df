"""Embedded TrueType fonts for the PDF renderer, and the check that they can draw the text.

Fonts are registered with ReportLab once per process (cached by file path).  The
default is ReportLab's own Bitstream Vera family; a practice may name its own TTF
files.  :func:`check_glyphs` finds every character the chosen font cannot draw and
reports it against the field it came from, so no handout is ever printed with boxes.
"""

from __future__ import annotations

import hashlib
import os
import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from ..core.errors import Problem, ProblemList, problem
from ..documents.handout import (
    Callout,
    CrisisBlock,
    HandoutDoc,
    Heading,
    ListBlock,
    Paragraph,
    Run,
    TreatmentLines,
)
from ..practice.files import MAX_FONT_BYTES
from ..practice.font_file import truetype_problem

VARIANTS = ("regular", "bold", "italic", "bold_italic")
_VERA = {"regular": "Vera.ttf", "bold": "VeraBd.ttf", "italic": "VeraIt.ttf", "bold_italic": "VeraBI.ttf"}
LABELS = "Page 0123456789 of Prepared for Where this comes from Emergency: • . – ,"
"""Every character the renderer itself draws (labels, digits, bullets)."""

_REMOVE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff]")
_SPACE = re.compile(r"[\t\n\r\u2028\u2029]")


def clean_text(text: str) -> str:
    """Literal text made safe to draw: control characters and lone surrogates removed,
    tabs and line breaks turned into spaces.  (Input validation rejects these already.)"""
    return _REMOVE.sub("", _SPACE.sub(" ", text))


@dataclass(frozen=True)
class FontSet:
    """The four registered ReportLab font names of one family, and their files."""

    regular: str
    bold: str
    italic: str
    bold_italic: str
    files: tuple[str, str, str, str]
    default: bool

    def name(self, bold: bool = False, italic: bool = False) -> str:
        return (self.bold_italic if italic else self.bold) if bold else (self.italic if italic else self.regular)

    def file(self, bold: bool = False, italic: bool = False) -> str:
        return self.files[(1 if bold else 0) + (2 if italic else 0)]


def _four(values: Iterable[str]) -> tuple[str, str, str, str]:
    """One value per variant, in the order of VARIANTS."""
    regular, bold, italic, bold_italic = values
    return regular, bold, italic, bold_italic


_registered: dict[str, str] = {}   # absolute file path -> ReportLab font name
_families: dict[tuple[str, ...], FontSet] = {}


def _register(path: str, field: str) -> str:
    """Register one TTF file (once per process) and return its ReportLab name."""
    key = os.path.abspath(path)
    if key in _registered:
        return _registered[key]
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFError, TTFont

    name = "CryF" + hashlib.sha256(key.encode("utf-8", "surrogatepass")).hexdigest()[:12]

    def refuse(detail: str) -> ProblemList:
        return problem("practice.yaml", f"cannot use {os.path.basename(key)} as a TrueType font ({detail}); "
                                        "name a .ttf file (OpenType/CFF and .ttc collections are not supported)",
                       path=field)

    try:  # the structure first, with bounded work (a damaged cmap once made ReportLab grow to 16 GB)
        with open(key, "rb") as fh:
            data = fh.read(MAX_FONT_BYTES + 1)
    except OSError as exc:
        raise refuse(exc.strerror or type(exc).__name__) from None
    damage = f"larger than {MAX_FONT_BYTES // 1048576} MiB" if len(data) > MAX_FONT_BYTES else truetype_problem(data)
    if damage:
        raise refuse(damage)
    try:
        pdfmetrics.registerFont(TTFont(name, key))
    except TTFError as exc:
        raise refuse(str(exc).split(":")[-1].strip() or "unreadable") from None
    except Exception as exc:  # noqa: BLE001 - ReportLab raises assorted errors on damaged files
        raise refuse(f"damaged file: {type(exc).__name__}") from None
    _registered[key] = name
    return name


def font_failure(exc: BaseException, fs: FontSet) -> ProblemList | None:
    """The problem to report when drawing or embedding failed inside ReportLab's TrueType
    code (a font file it read without complaint but cannot subset), else None."""
    tb, inside, file = exc.__traceback__, False, None
    while tb is not None:  # the innermost frame of ReportLab's TrueType code that knows its file
        frame = tb.tb_frame
        if frame.f_code.co_filename.replace("\\", "/").endswith("reportlab/pdfbase/ttfonts.py"):
            inside = True
            me = frame.f_locals.get("self")
            found = getattr(me, "filename", None) or getattr(getattr(me, "face", None), "filename", None)
            file = found if isinstance(found, str) and found else file
        tb = tb.tb_next
    if not inside:
        return None
    shown = os.path.basename(file) if file else "the font"
    variant = next((v for v, f in zip(VARIANTS, fs.files, strict=True) if os.path.basename(f) == shown), "regular")
    return problem("practice.yaml", f"cannot embed {shown} in the PDF: the font file is damaged "
                                    f"({type(exc).__name__}); name another .ttf file", path=f"fonts.{variant}")


def font_set(fonts: dict[str, str]) -> FontSet:
    """Register and return the family named by ``Branding.fonts`` (Vera when empty).

    Missing variants fall back to the regular file.  Raises :class:`ProblemList` when a
    file cannot be read as a TrueType font.
    """
    if fonts and fonts.get("regular"):
        files = tuple(fonts.get(v) or fonts["regular"] for v in VARIANTS)
        default = False
    else:
        import reportlab

        base = os.path.join(os.path.dirname(reportlab.__file__), "fonts")
        files = tuple(os.path.join(base, _VERA[v]) for v in VARIANTS)
        default = True
    key = _four(os.path.abspath(f) for f in files)
    if key in _families:
        return _families[key]
    names = _four(_register(f, f"fonts.{v}") for f, v in zip(files, VARIANTS, strict=True))
    from reportlab.pdfbase import pdfmetrics

    pdfmetrics.registerFontFamily(names[0], normal=names[0], bold=names[1], italic=names[2], boldItalic=names[3])
    fs = FontSet(*names, files=key, default=default)
    _families[key] = fs
    return fs


def _cmap(name: str) -> dict[int, int]:
    from reportlab.pdfbase import pdfmetrics

    return pdfmetrics.getFont(name).face.charToGlyph


def _texts(doc: HandoutDoc) -> Iterator[tuple[str, str, str, bool, bool]]:
    """Every drawn text as (file, field path, text, bold, italic)."""
    b = doc.branding

    def where(origin: str, file: str, path: str) -> tuple[str, str]:
        if not origin:
            return file, path
        if origin.startswith("client."):
            return CLIENT, origin
        if origin.startswith("practice."):
            return "practice.yaml", origin[len("practice."):]
        head, sep, tail = origin.partition(": ")
        return (head, tail) if sep else ("<handout>", origin)

    def runs(rs: tuple[Run, ...], file: str, path: str):
        for r in rs:
            yield (*where(r.origin, file, path), r.text, r.bold, r.italic)

    yield "<handout>", "title", doc.title, True, False
    yield "<handout>", "subtitle", doc.subtitle, False, True
    yield CLIENT, "client.preferred_name", doc.prepared_for, False, False
    yield CLIENT, "date", doc.date, False, False
    yield "<handout>", "disclaimer", doc.disclaimer, False, False
    yield "practice.yaml", "name", b.practice_name, True, False
    yield "practice.yaml", "contact details", b.contact_line, False, False
    yield "practice.yaml", "footer", b.footer, False, False
    for s in doc.sections:
        sp = f"section {s.id}"
        yield (*where(s.heading.origin, "<handout>", sp + " heading"), s.heading.text, True, False)
        yield "<handout>", sp + " sources", s.sources, False, False

        def blocks(bs, path: str):
            for blk in bs:
                if isinstance(blk, Heading):
                    yield (*where(blk.origin, "<handout>", path), blk.text, True, False)
                elif isinstance(blk, Paragraph):
                    yield from runs(blk.runs, "<handout>", path)
                elif isinstance(blk, ListBlock):
                    for item in blk.items:
                        yield from runs(item, "<handout>", path)
                elif isinstance(blk, Callout):
                    yield from blocks(blk.blocks, path)
                elif isinstance(blk, CrisisBlock):
                    yield "practice.yaml", "emergency_number", blk.emergency, True, False
                    for i, line in enumerate(blk.lines):
                        yield "practice.yaml", f"crisis_lines[{i}].name", line.name, True, False
                        yield "practice.yaml", f"crisis_lines[{i}].number", line.number, True, False
                        yield "practice.yaml", f"crisis_lines[{i}].note", line.note, False, False
                elif isinstance(blk, TreatmentLines):  # built-in lines only: no practice field to name
                    for line in blk.lines:
                        yield "<built-in crisis lines>", "treatment lines", line.name, True, False
                        yield "<built-in crisis lines>", "treatment lines", line.number, False, False
                        yield "<built-in crisis lines>", "treatment lines", line.note, False, False
        yield from blocks(s.blocks, sp)


def _show(ch: str) -> str:
    if unicodedata.category(ch)[0] in "LNPS":
        return f'"{ch}"'
    return f"U+{ord(ch):04X} ({unicodedata.name(ch, 'unnamed character').lower()})"


Drawn = tuple[str, str, str, bool, bool]  # (file, field path, text, bold, italic)


def check_glyphs(doc: HandoutDoc) -> list[Problem]:
    """One problem per field of a handout whose text has characters the chosen font cannot draw."""
    fs = font_set(dict(doc.branding.fonts))
    return missing_glyphs([*_texts(doc), ("practice.yaml", "fonts.regular", LABELS, False, False)], fs)


def missing_glyphs(texts: Iterable[Drawn], fs: FontSet) -> list[Problem]:
    """One problem per (file, field) whose text has characters its face of ``fs`` cannot
    draw.  The message names only the missing characters, never the rest of the text.
    Shared by the handout, the clinician report and the forms."""
    missing: dict[tuple[str, str], tuple[list[str], list[str]]] = {}
    for file, path, text, bold, italic in texts:
        cmap = _cmap(fs.name(bold, italic))
        if set(map(ord, text)).issubset(cmap.keys()):  # the usual case: nothing to report
            continue
        for ch in clean_text(text):
            if ord(ch) not in cmap and ch != " ":
                chars, fonts = missing.setdefault((file, path), ([], []))
                font = "Vera" if fs.default else os.path.basename(fs.file(bold, italic))
                if ch not in chars:
                    chars.append(ch)
                if font not in fonts:
                    fonts.append(font)
    return [Problem(file, 0, 0, path,
                    f"cannot draw {_missing(file, chars)} with font {' / '.join(fonts)}; "
                    "name a font that has them in practice.yaml (fonts: regular: fonts/DejaVuSans.ttf)")
            for (file, path), (chars, fonts) in missing.items()]


CLIENT = "<client>"
"""The file of a client's own text (name, id, date): the pipeline puts the intake's name there."""


def _missing(file: str, chars: list[str]) -> str:
    """The characters a font lacks: listed for the practice's and the authors' texts; for a
    client's text only counted, with their scripts (listing them would spell the name).
    Invisible characters (no part of how a name reads) are named by code point either way."""
    if file != CLIENT:
        return ", ".join(_show(c) for c in chars)
    seen = [c for c in chars if unicodedata.category(c)[0] in "LNPS"]
    scripts = sorted({unicodedata.name(c, "UNNAMED").split()[0].capitalize()
                      for c in seen if unicodedata.category(c)[0] == "L"})
    kinds = ([f"{', '.join(scripts)} letters"] if scripts else []) + (
        ["signs"] if any(unicodedata.category(c)[0] != "L" for c in seen) else [])
    parts = [f"{len(seen)} of its characters ({' and '.join(kinds)})"] if seen else []
    return ", ".join(parts + [_show(c) for c in chars if c not in seen])
