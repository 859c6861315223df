"""Stream a CSV file record by record, with spreadsheet row numbers.

Nothing here holds the whole file: :func:`check_file` reads it once in 1 MiB
chunks (UTF-8, no NUL byte, not empty) so that file-level problems are raised
before any row is used, and :func:`records` then yields one record at a time.
A record is a spreadsheet row: a cell with a quoted line break is still one row,
so row numbers are the ones a practice manager sees (the header is row 1).

Cells are separated by commas or, in files saved by Excel set to a European
language, by semicolons: :func:`separator` tells which from the first rows, and
:func:`records` uses it, so every reader takes both.
"""

from __future__ import annotations

import codecs
import csv
import hashlib
import io
import os
import re
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

from .errors import ProblemList, problem, read_problem

CHUNK = 1024 * 1024
MAX_CELL = 16 * 1024 * 1024
MAX_COLUMNS = 16_384  # as many as a spreadsheet holds; a header past it is refused
MAX_LINE_CHARS = 2 * MAX_CELL  # a longer line is reported and skipped, never held
MAX_RECORD_CHARS = 2 * MAX_CELL  # a row (quoted line breaks included) past these is broken
MAX_RECORD_LINES = 10_000
# A long free-text answer must not end the file for every row after it: the csv
# module's default cell limit (128 KiB) is raised, once, for the whole process.
if csv.field_size_limit() < MAX_CELL:
    csv.field_size_limit(MAX_CELL)


class CsvFormatError:
    """A record the CSV parser cannot read: its row, a message that says where it
    starts (``col``: the cell where its quoting breaks, else 1; ``line``: its first line
    in the file), and ``cells``, its first line split without quotes when it could be
    (what can be read of the row: an urgent answer on it must still be seen)."""

    __slots__ = ("row", "message", "cells", "col", "line")

    def __init__(self, row: int, message: str, cells: list[str] | None = None, *, col: int = 1,
                 line: int = 0):
        self.row = row
        self.message = message
        self.cells = cells
        self.col = col
        self.line = line


def open_binary(path: str | Path, name: str) -> BinaryIO:
    try:
        return open(path, "rb")
    except OSError as exc:
        raise ProblemList([read_problem(name, exc)]) from None


def check_file(path: str | Path, name: str, *, max_bytes: int | None = None) -> None:
    """Raise ProblemList if the file is missing, too large, not UTF-8, holds a NUL
    byte, or is empty.  Reads in chunks: memory stays flat whatever the size."""
    decoder = codecs.getincrementaldecoder("utf-8-sig")("strict")
    newlines = 0  # line breaks before the current chunk
    size = 0
    seen_text = False
    with open_binary(path, name) as fh:
        if max_bytes is not None:
            try:
                size = Path(path).stat().st_size
            except OSError:
                size = 0
            if size > max_bytes:
                raise problem(name, f"file is larger than the "
                                    f"{max_bytes // (1024 * 1024)} MiB limit for one CSV", line=1, col=1)
        while True:
            try:
                chunk = fh.read(CHUNK)
            except OSError as exc:
                raise ProblemList([read_problem(name, exc)]) from None
            pending = len(decoder.getstate()[0])
            try:
                text = decoder.decode(chunk, final=not chunk)
            except UnicodeDecodeError as exc:
                at = max(0, exc.start - pending)
                line = newlines + chunk[:at].count(b"\n") + 1
                raise problem(name, "file is not UTF-8 text; export or save it as 'CSV UTF-8'",
                              line=line, col=1) from None
            if "\x00" in text:
                line = newlines + text[: text.index("\x00")].count("\n") + 1
                raise problem(name, "file contains a NUL character; is it really a CSV file?", line=line, col=1)
            if not seen_text and text.strip():
                seen_text = True
            newlines += chunk.count(b"\n")
            if not chunk:
                break
    if not seen_text:
        raise problem(name, "file is empty", line=1, col=1)


def csv_error_message(exc: csv.Error) -> str:
    """A csv module error with no quoting fault found (those are said by :func:`_broken`)."""
    text = str(exc)
    if "field larger than field limit" in text:
        return f"CSV format error: a cell is longer than {csv.field_size_limit():,} characters"
    return f"CSV format error: {text}"


SEPARATORS = (",", ";")
SNIFF_BYTES = 64 * 1024


def separator(path: str | Path, name: str) -> str:
    """The cell separator of a CSV file: ``;`` when its header row splits on
    semicolons and either not on commas, or, when it splits on both (question text
    with commas as headers), the next row splits on semicolons into as many cells as
    the header; else ``,``."""
    with open_binary(path, name) as raw:
        head = raw.read(SNIFF_BYTES).decode("utf-8-sig", errors="replace")
    split = {sep: _first_rows(head, sep) for sep in SEPARATORS}
    comma, semicolon = split[","], split[";"]
    if not semicolon or len(semicolon[0]) < 2:
        return ","
    if not comma or len(comma[0]) < 2:
        return ";"
    fits = {sep: len(rows) > 1 and len(rows[1]) == len(rows[0]) for sep, rows in split.items()}
    return ";" if fits[";"] and not fits[","] else ","


def _first_rows(text: str, sep: str) -> list[list[str]]:
    """The header and the first non-blank row after it, split on ``sep``."""
    rows: list[list[str]] = []
    try:
        for cells in csv.reader(io.StringIO(text, newline=""), delimiter=sep):
            if rows and is_blank(cells):
                continue
            rows.append(cells)
            if len(rows) == 2:
                break
    except csv.Error:  # reported, with its row, when the file is read
        pass
    return rows


def records(path: str | Path, name: str, *,
            digest: PassDigest | None = None) -> Iterator[tuple[int, list[str]] | CsvFormatError]:
    """Yield ``(row number, cells)`` for every record, header included (row 1),
    split on the file's :func:`separator`.

    A record the CSV parser cannot read (a quote never closed, text after a closing
    quote, a line or a row over the limits) yields one :class:`CsvFormatError` that
    says where it starts, with the cells of its first line read without quotes, and
    the reading goes on from the line after the one where that record started: a
    broken row never swallows the rows after it.  ``digest``, when given, receives
    every byte read (see :class:`PassDigest`).  Call :func:`check_file` first:
    undecodable bytes are replaced here, not reported."""
    sep = separator(path, name)
    with open_binary(path, name) as raw:
        if digest is not None:
            digest.opened(raw)
        yield from _parse(_Feed(_lines(raw, digest), sep), sep)


def _parse(feed: _Feed, sep: str) -> Iterator[tuple[int, list[str]] | CsvFormatError]:
    reader = csv.reader(feed, delimiter=sep, strict=True)
    row = 0
    width: int | None = None  # the header's cells: a row spanning lines with another count is suspect
    while True:
        feed.start_record()
        try:
            cells = next(reader)
        except StopIteration:
            return
        except (csv.Error, _TooLong) as exc:
            broken = feed.current
            if not broken:
                return
            row += 1
            yield _broken(row, broken, sep, exc)
            feed.replay(broken[1:])  # read on from the line after the one where it started
            reader = csv.reader(feed, delimiter=sep, strict=True)
            continue
        row += 1
        lines = feed.current
        if len(cells) > MAX_COLUMNS:
            yield CsvFormatError(row, _too_wide(), line=lines[0][0] if lines else 0)
            continue
        if width is None:
            width = len(cells)
        elif len(lines) > 1 and _swallows(lines, width, sep):
            # a quote closed lines later by a stray one: the rows in between were swallowed
            yield _broken(row, lines, sep, _Swallowed(len(cells), width))
            feed.replay(lines[1:])
            reader = csv.reader(feed, delimiter=sep, strict=True)
            continue
        yield row, cells


def _swallows(lines: list[tuple[int, str]], width: int, sep: str) -> bool:
    """A record over several lines that looks like rows swallowed by a quote: a line
    after its first splits into as many cells as a row (the lines of a quoted free-text
    answer rarely do)."""
    return width > 2 and any(line.count(sep) >= width - 1 for _, line in lines[1:])


def _broken(row: int, lines: list[tuple[int, str]], sep: str, exc: Exception) -> CsvFormatError:
    """The CsvFormatError of a record that starts on ``lines[0]``: where, and the cells of
    that first line split without quotes (what can be read of the row)."""
    first_no, first = lines[0]
    if isinstance(exc, _TooLong) and exc.line is not None and exc.line == first_no:
        return CsvFormatError(row, exc.message, line=first_no)
    text = "".join(line for _, line in lines if line is not _OVERLONG)
    where = _scan(text, sep)
    cells = _plain_cells(first, sep)
    if where is not None:
        kind, offset, cell, opened = where
        line_no, char = _position(lines, opened)
        at = f"cell {cell + 1} (line {line_no}, character {char})"
        if kind == "after":
            line_no, char = _position(lines, offset)
            message = (f'CSV format error: the quote (") that opens {at} is followed by text after its '
                       f"closing quote (line {line_no}, character {char}): a quote is missing, or one "
                       'inside the cell is not doubled ("")')
        elif isinstance(exc, _Swallowed):
            shape = (f"the row has {exc.cells} cells, not {exc.width}" if exc.cells != exc.width
                     else "what it spans looks like whole rows")
            message = (f'CSV format error: the quote (") that opens {at} is closed only on line '
                       f"{lines[-1][0]} and {shape}: a quote is probably missing")
        elif isinstance(exc, _TooLong) and exc.line is not None:
            message = (f'CSV format error: the quote (") that opens {at} is not closed before line '
                       f"{exc.line}, which is too long or has too many cells to read")
        elif isinstance(exc, _TooLong):
            message = f'CSV format error: the quote (") that opens {at} is not closed within {exc}'
        else:
            message = f'CSV format error: the quote (") that opens {at} is never closed'
        return CsvFormatError(row, message + "; the rows after it are read from the next line",
                              cells, col=cell + 1, line=first_no)
    if isinstance(exc, _TooLong):
        return CsvFormatError(row, f"CSV format error: {exc}", cells, line=first_no)
    return CsvFormatError(row, csv_error_message(exc) if isinstance(exc, csv.Error) else str(exc),
                          cells, line=first_no)


def _scan(text: str, sep: str) -> tuple[str, int, int, int] | None:
    """The first quoting fault of a record's text, as (kind, offset, 0-based cell, offset
    of the cell's opening quote): "after" for text after a closing quote (at offset),
    "open" for a quote still open at the end, "spans" for the first quoted cell that
    holds a line break; or None."""
    quoted = False
    cell = 0
    at_start = True
    opened = opened_cell = 0
    spans: tuple[str, int, int, int] | None = None
    i, n = 0, len(text)
    while i < n:
        ch = text[i]
        if quoted:
            if ch == '"':
                if i + 1 < n and text[i + 1] == '"':
                    i += 2
                    continue
                quoted = False
                if i + 1 < n and text[i + 1] not in (sep, "\r", "\n"):
                    return "after", i + 1, opened_cell, opened
            elif ch in "\r\n" and spans is None:
                spans = ("spans", opened, opened_cell, opened)
        elif ch == sep:
            cell += 1
            at_start = True
            i += 1
            continue
        elif ch in "\r\n":
            cell, at_start = 0, True
            i += 1
            continue
        elif ch == '"' and at_start:
            quoted, opened, opened_cell = True, i, cell
        at_start = False
        i += 1
    return ("open", opened, opened_cell, opened) if quoted else spans


def _position(lines: list[tuple[int, str]], offset: int) -> tuple[int, int]:
    """(file line, 1-based character) of an offset into the joined lines."""
    for number, line in lines:
        if line is _OVERLONG:
            continue
        if offset < len(line):
            return number, offset + 1
        offset -= len(line)
    return lines[-1][0], 1


def _plain_cells(line: str, sep: str) -> list[str] | None:
    """A line's cells split on the separator with quotes taken as text: what can be read
    of a row whose quoting is broken (None for a line over the limits)."""
    if line is _OVERLONG or line.count(sep) >= MAX_COLUMNS:
        return None
    return line.rstrip("\r\n").split(sep)


def _too_wide() -> str:
    return f"row has more than {MAX_COLUMNS:,} cells (the limit for one row)"


class _TooLong(Exception):  # noqa: N818 - a record over the limits, handled like a CSV error
    """A line or record over the limits; ``line``: the line that is, when one is."""

    def __init__(self, text: str, line: int | None = None, *, message: str | None = None):
        super().__init__(text)
        self.line = line
        self.message = message or f"CSV format error: {text}"


class _Swallowed(Exception):  # noqa: N818 - not raised: carries the counts of a swallowing record
    def __init__(self, cells: int, width: int):
        super().__init__()
        self.cells, self.width = cells, width


_OVERLONG = "\x00overlong line\x00"  # stands for a line over MAX_LINE_CHARS (the NUL cannot be in text)
_LINE_END = re.compile(r"\r\n|\r|\n")


def _lines(raw: BinaryIO, digest: PassDigest | None) -> Iterator[tuple[int, str]]:
    """(line number, text with its line ending) for every physical line; a line over
    MAX_LINE_CHARS is skipped and stands as :data:`_OVERLONG`."""
    decoder = codecs.getincrementaldecoder("utf-8-sig")("replace")
    pending = ""
    number = 0
    skipping = False
    while True:
        chunk = raw.read(CHUNK)
        if digest is not None:
            digest.update(chunk)
        text = pending + decoder.decode(chunk, final=not chunk)
        start = 0
        for m in _LINE_END.finditer(text, max(0, len(pending) - 1)):
            if m.group() == "\r" and m.end() == len(text) and chunk:
                break  # perhaps the first half of \r\n
            number += 1
            too_long = skipping or m.end() - start > MAX_LINE_CHARS
            yield number, (_OVERLONG if too_long else text[start:m.end()])
            skipping = False
            start = m.end()
        pending = text[start:]
        if len(pending) > MAX_LINE_CHARS:
            pending, skipping = "", True
        if not chunk:
            if pending or skipping:
                number += 1
                yield number, (_OVERLONG if skipping or len(pending) > MAX_LINE_CHARS else pending)
            return


class _Feed:
    """The lines the csv module reads: from the file, or again after a broken record
    (``replay``); ``current`` holds the lines of the record being read, within bounds."""

    def __init__(self, lines: Iterator[tuple[int, str]], sep: str):
        self._lines = lines
        self._sep = sep
        self._again: list[tuple[int, str]] = []  # reversed: pop() gives the next
        self.current: list[tuple[int, str]] = []
        self._chars = 0

    def __iter__(self) -> _Feed:
        return self

    def start_record(self) -> None:
        self.current = []
        self._chars = 0

    def replay(self, lines: list[tuple[int, str]]) -> None:
        self._again.extend(reversed(lines))

    def __next__(self) -> str:
        number, line = self._again.pop() if self._again else next(self._lines)
        self.current.append((number, line))
        if line is _OVERLONG:
            raise _TooLong(f"line {number} is longer than {MAX_LINE_CHARS:,} characters", number)
        self._chars += len(line)
        if len(self.current) > MAX_RECORD_LINES:
            raise _TooLong(f"{MAX_RECORD_LINES:,} lines")
        if self._chars > MAX_RECORD_CHARS:
            raise _TooLong(f"{MAX_RECORD_CHARS:,} characters")
        if line.count(self._sep) > 4 * MAX_COLUMNS:  # refused before the csv module splits it
            raise _TooLong(_too_wide(), number, message=_too_wide())
        return line


class PassDigest:
    """One pass over a file: its identity when opened and a digest of every byte read.
    Two passes that must read the same bytes (``toolkit batch``) compare theirs."""

    def __init__(self) -> None:
        self._hash = hashlib.blake2b(digest_size=16)
        self.identity: tuple[int, ...] | None = None

    def opened(self, raw: BinaryIO) -> None:
        self.identity = _identity(os.fstat(raw.fileno()))

    def update(self, chunk: bytes) -> None:
        self._hash.update(chunk)

    def hexdigest(self) -> str:
        return self._hash.hexdigest()

    def unchanged(self, path: str | Path) -> bool:
        """The file at ``path`` is still the one this pass opened, as far as its size,
        modification time and inode tell."""
        try:
            return self.identity == _identity(os.stat(path))
        except OSError:
            return False


def _identity(st: os.stat_result) -> tuple[int, ...]:
    return (st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns)


def is_blank(cells: list[str]) -> bool:
    return not any(cell.strip() for cell in cells)
