"""A TrueType file's structure, checked with bounded work before the PDF engine reads it.

ReportLab's TrueType parser trusts the file: one character-map group claiming the
range 0..0xFFFFFFFF makes it build a dictionary of four billion entries (validation grew
to 16 GB), a glyph index past the end of the font or a table that runs past the end of
the file crashes it while the PDF is being written.  :func:`truetype_problem` reads
every part of the file ReportLab reads (the table directory, ``head``, ``hhea``,
``maxp``, ``hmtx``, ``loca``, ``glyf`` with its composite glyphs, ``post``, ``OS/2``,
``name`` and the character map ReportLab will choose) with every count and offset
checked against the file, in time and memory proportional to the file's size (at most
:data:`MAX_CODE_POINTS` characters mapped), and says in plain words what is wrong.
Pure Python (``struct``); nothing here imports the PDF engine.
"""

from __future__ import annotations

import struct

MAX_CODE_POINTS = 0x30000
"""Characters a font may map; a real font maps at most about 65,000 (a CJK font), and
ReportLab keeps three dictionaries of this size."""

_REQUIRED = ("cmap", "glyf", "head", "hhea", "hmtx", "loca", "maxp", "name", "post")
_CMAP_FORMATS = (0, 4, 6, 10, 12, 13)
_MORE_COMPONENTS, _WORDS, _SCALE, _XY_SCALE, _TWO_BY_TWO = 0x20, 0x01, 0x08, 0x40, 0x80


class FontDamage(Exception):  # noqa: N818 - a finding about the file, not a failure of the code
    """What is damaged in the file, in plain words."""


class NotTrueType(FontDamage):
    """The file is whole but not a font ReportLab can use (CFF outlines, a collection)."""


class _Reader:
    """Big-endian numbers at absolute offsets of the file, every read checked."""

    def __init__(self, data: bytes):
        self.data = data

    def need(self, offset: int, length: int, what: str) -> None:
        if offset < 0 or length < 0 or offset + length > len(self.data):
            raise FontDamage(f"{what} runs past the end of the file")

    def u8(self, offset: int, what: str) -> int:
        self.need(offset, 1, what)
        return self.data[offset]

    def u16(self, offset: int, what: str) -> int:
        self.need(offset, 2, what)
        return int(struct.unpack_from(">H", self.data, offset)[0])

    def i16(self, offset: int, what: str) -> int:
        self.need(offset, 2, what)
        return int(struct.unpack_from(">h", self.data, offset)[0])

    def u32(self, offset: int, what: str) -> int:
        self.need(offset, 4, what)
        return int(struct.unpack_from(">L", self.data, offset)[0])


def truetype_problem(data: bytes) -> str:
    """'' when ReportLab can read, measure and embed this TrueType font without
    surprises; otherwise what is wrong, in plain words."""
    try:
        _check(_Reader(data))
    except NotTrueType as exc:
        return str(exc)
    except FontDamage as exc:
        return f"the file is damaged ({exc}); download the font again, or name another .ttf file"
    return ""


def _check(r: _Reader) -> None:
    version = r.u32(0, "the font header")
    if version == 0x4F54544F:  # 'OTTO'
        raise NotTrueType("it holds PostScript (CFF) outlines; use a TrueType .ttf version of the font")
    if version == 0x74746366:  # 'ttcf'
        raise NotTrueType("it is a font collection (.ttc); use a single TrueType .ttf font")
    if version not in (0x00010000, 0x74727565):  # 1.0, 'true'
        raise NotTrueType("it is not a TrueType font file")
    tables = _tables(r)
    missing = [t for t in _REQUIRED if t not in tables]
    if missing:
        raise FontDamage(f"the font has no {', '.join(missing)} table")
    index_format = _head(r, tables["head"])
    glyphs = _maxp(r, tables["maxp"])
    _hhea_hmtx(r, tables["hhea"], tables["hmtx"], glyphs)
    _name(r, tables["name"])
    _post(r, tables["post"])
    if "OS/2" in tables:
        _os2(r, tables["OS/2"])
    positions = _loca(r, tables["loca"], glyphs, index_format, tables["glyf"][1])
    _glyf(r, tables["glyf"][0], positions, glyphs)
    _cmap(r, tables["cmap"], glyphs)


def _tables(r: _Reader) -> dict[str, tuple[int, int]]:
    count = r.u16(4, "the table directory")
    if not 1 <= count <= 200:
        raise FontDamage(f"the table directory lists {count} tables")
    r.need(12, count * 16, "the table directory")
    tables: dict[str, tuple[int, int]] = {}
    for i in range(count):
        at = 12 + i * 16
        tag = r.data[at:at + 4].decode("latin-1")
        offset, length = r.u32(at + 8, "the table directory"), r.u32(at + 12, "the table directory")
        r.need(offset, length, f"the {tag.strip()} table")
        tables[tag] = (offset, length)
    return tables


def _head(r: _Reader, table: tuple[int, int]) -> int:
    at, length = table
    if length < 54:
        raise FontDamage("the head table is too short")
    if r.u16(at, "head") != 1 or r.u32(at + 12, "head") != 0x5F0F3CF5:
        raise FontDamage("the head table is damaged (wrong version or magic number)")
    units = r.u16(at + 18, "head")
    if not 16 <= units <= 16384:
        raise FontDamage(f"the head table gives {units} units per em, where 16 to 16384 are possible")
    index_format, glyph_format = r.u16(at + 50, "head"), r.u16(at + 52, "head")
    if index_format not in (0, 1) or glyph_format != 0:
        raise FontDamage("the head table is damaged (unknown glyph location or data format)")
    return index_format


def _maxp(r: _Reader, table: tuple[int, int]) -> int:
    at, length = table
    if length < 6 or r.u16(at, "maxp") != 1:
        raise FontDamage("the maxp table is damaged (a TrueType font has maxp version 1.0)")
    glyphs = r.u16(at + 4, "maxp")
    if glyphs < 1:
        raise FontDamage("the font has no glyphs")
    return glyphs


def _hhea_hmtx(r: _Reader, hhea: tuple[int, int], hmtx: tuple[int, int], glyphs: int) -> None:
    at, length = hhea
    if length < 36 or r.u16(at, "hhea") != 1 or r.u16(at + 32, "hhea") != 0:
        raise FontDamage("the hhea table is damaged")
    metrics = r.u16(at + 34, "hhea")
    if not 1 <= metrics <= glyphs:
        raise FontDamage(f"the hhea table gives {metrics} horizontal metrics for {glyphs} glyphs")
    if hmtx[1] < metrics * 4 + (glyphs - metrics) * 2:
        raise FontDamage("the hmtx table is shorter than the glyphs it must measure")


def _name(r: _Reader, table: tuple[int, int]) -> None:
    at, length = table
    if r.u16(at, "the name table") != 0:
        raise FontDamage("the name table is in an unknown format")
    records = r.u16(at + 2, "the name table")
    if length < 6 + records * 12:
        raise FontDamage("the name table is shorter than the names it lists")
    strings = at + r.u16(at + 4, "the name table")
    for i in range(records):
        rec = at + 6 + i * 12
        if r.u16(rec + 6, "the name table") in (1, 2, 3, 4, 6):
            r.need(strings + r.u16(rec + 10, "the name table"), r.u16(rec + 8, "the name table"),
                   "a name of the name table")


def _post(r: _Reader, table: tuple[int, int]) -> None:
    at, length = table
    if length < 16 or r.u16(at, "post") not in (1, 2, 3, 4):
        raise FontDamage("the post table is damaged")


def _os2(r: _Reader, table: tuple[int, int]) -> None:
    at, length = table
    if length < 72 or (r.u16(at, "OS/2") > 1 and length < 90):
        raise FontDamage("the OS/2 table is too short")


def _loca(r: _Reader, table: tuple[int, int], glyphs: int, index_format: int, glyf_length: int) -> list[int]:
    at, length = table
    size = 4 if index_format else 2
    if length < (glyphs + 1) * size:
        raise FontDamage("the loca table is shorter than the glyphs it must place")
    fmt = f">{glyphs + 1}{'L' if size == 4 else 'H'}"
    positions = [p * (1 if size == 4 else 2) for p in struct.unpack_from(fmt, r.data, at)]
    if any(b < a for a, b in zip(positions, positions[1:], strict=False)) or positions[-1] > glyf_length:
        raise FontDamage("the loca table places glyphs outside the glyf table")
    return positions


def _glyf(r: _Reader, start: int, positions: list[int], glyphs: int) -> None:
    """Every composite glyph's components: inside the glyph, naming glyphs that exist."""
    for g in range(glyphs):
        pos, end = start + positions[g], start + positions[g + 1]
        if end - pos < 2 or r.i16(pos, "a glyph") >= 0:
            continue
        if end - pos < 10:
            raise FontDamage(f"glyph {g} is cut short")
        at, flags = pos + 10, _MORE_COMPONENTS
        while flags & _MORE_COMPONENTS:
            if at + 4 > end:
                raise FontDamage(f"glyph {g} is cut short")
            flags, part = r.u16(at, "a glyph"), r.u16(at + 2, "a glyph")
            if part >= glyphs:
                raise FontDamage(f"glyph {g} is made of glyph {part}, which the font does not have")
            at += 4 + (4 if flags & _WORDS else 2)
            at += 2 if flags & _SCALE else 4 if flags & _XY_SCALE else 8 if flags & _TWO_BY_TWO else 0
            if at > end:
                raise FontDamage(f"glyph {g} is cut short")


def _cmap(r: _Reader, table: tuple[int, int], glyphs: int) -> None:
    """The character map ReportLab chooses (its own rule: the last Windows or Unicode
    subtable, else Macintosh Roman), within the table, mapping to glyphs that exist."""
    at, length = table
    count = r.u16(at + 2, "the cmap table")
    if r.u16(at, "the cmap table") != 0 and count == 0:  # ReportLab swaps them, so do we
        count = r.u16(at, "the cmap table")
    if length < 4 + count * 8:
        raise FontDamage("the cmap table is shorter than the character maps it lists")
    chosen, kind = None, 0
    for i in range(count):
        rec = at + 4 + i * 8
        platform, encoding = r.u16(rec, "the cmap table"), r.u16(rec + 2, "the cmap table")
        offset = r.u32(rec + 4, "the cmap table")
        if platform == 3 or (platform == 1 and encoding == 1) or (platform == 0 and encoding != 5):
            chosen, kind = offset, 1
        elif platform == 1 and encoding == 0 and kind != 1:
            chosen, kind = offset, 2
    if chosen is None:
        raise FontDamage("it has no Unicode character map (cmap)")
    sub = at + chosen
    if chosen >= length:
        raise FontDamage("the character map (cmap) points outside its table")
    fmt = r.u16(sub, "the character map")
    if fmt not in _CMAP_FORMATS:
        raise FontDamage(f"its character map (cmap) is in format {fmt}, which is not supported")
    long = fmt >= 8
    sub_length = r.u32(sub + 4, "the character map") if long else r.u16(sub + 2, "the character map")
    if sub_length < (16 if long else 6) or chosen + sub_length > length:
        raise FontDamage("the character map (cmap) runs past the end of its table")
    mapped = {0: _format0, 4: _format4, 6: _format6, 10: _format10, 12: _format12, 13: _format12}[fmt](
        r, sub, sub_length, glyphs)
    if mapped > MAX_CODE_POINTS:
        raise FontDamage(f"its character map (cmap) claims {mapped:,} characters, "
                         f"more than a font can have ({MAX_CODE_POINTS:,})")


def _format0(r: _Reader, sub: int, length: int, glyphs: int) -> int:
    if length < 6 + 256:
        raise FontDamage("the character map (cmap) is cut short")
    if max(r.data[sub + 6:sub + 6 + min(256, glyphs)], default=0) >= glyphs:
        raise FontDamage("the character map (cmap) maps characters to glyphs the font does not have")
    return 256


def _format4(r: _Reader, sub: int, length: int, glyphs: int) -> int:
    segments = r.u16(sub + 6, "the character map") // 2
    if length < 16 + segments * 8:
        raise FontDamage("the character map (cmap) is shorter than the ranges it lists")
    ends, starts = sub + 14, sub + 16 + segments * 2
    total = 0
    for i in range(segments):
        first, last = r.u16(starts + 2 * i, "the character map"), r.u16(ends + 2 * i, "the character map")
        total += max(0, last - first + 1)  # an empty range (last < first) maps nothing
    return total


def _format6(r: _Reader, sub: int, length: int, glyphs: int) -> int:
    count = r.u16(sub + 8, "the character map")
    if length < 10 + count * 2:
        raise FontDamage("the character map (cmap) is shorter than the characters it lists")
    first = r.u16(sub + 6, "the character map")
    if first + count > glyphs:
        raise FontDamage("the character map (cmap) maps characters to glyphs the font does not have")
    return count


def _format10(r: _Reader, sub: int, length: int, glyphs: int) -> int:
    first, count = r.u32(sub + 12, "the character map"), r.u32(sub + 16, "the character map")
    if count > MAX_CODE_POINTS or length < 20 + count * 2:
        raise FontDamage("the character map (cmap) is shorter than the characters it lists")
    if first + count > glyphs:
        raise FontDamage("the character map (cmap) maps characters to glyphs the font does not have")
    return count


def _format12(r: _Reader, sub: int, length: int, glyphs: int) -> int:
    """Formats 12 and 13: groups of (first, last, glyph); the size of every group is
    checked before ReportLab would walk it, character by character."""
    fmt, groups = r.u16(sub, "the character map"), r.u32(sub + 12, "the character map")
    if length < 16 + groups * 12:
        raise FontDamage("the character map (cmap) is shorter than the groups it lists")
    total = 0
    for i in range(groups):
        at = sub + 16 + i * 12
        first, last, glyph = (r.u32(at, "the character map"), r.u32(at + 4, "the character map"),
                              r.u32(at + 8, "the character map"))
        if last < first or last > 0x10FFFF:
            raise FontDamage(f"group {i + 1} of its character map (cmap) runs from character "
                             f"{first:#x} to {last:#x}")
        total += last - first + 1
        if total > MAX_CODE_POINTS:
            return total
        top = glyph if fmt == 13 else glyph + (last - first)
        if top >= glyphs:
            raise FontDamage("the character map (cmap) maps characters to glyphs the font does not have")
    return total
