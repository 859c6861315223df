"""Stream a CSV file record by record, with spreadsheet row numbers.

Nothing here holds the whole file: :func:`check_file` reads it once in 1 MiB
chunks (UTF-8, no NUL byte, not empty) so that file-level problems are raised
before any row is used, and :func:`records` then yields one record at a time.
A record is a spreadsheet row: a cell with a quoted line break is still one row,
so row numbers are the ones a practice manager sees (the header is row 1).

A broken record (a quote never closed, text after a closing quote, a quote closed
only lines later, a line or a row over the limits of :mod:`.csv_lines`) is one
:class:`CsvFormatError` that says where it starts (:mod:`.csv_faults`), and the
reading goes on from the line after it: one bad row never swallows the rest.

Cells are separated by commas or, in files saved by Excel set to a European
language, by semicolons: :func:`separator` tells which from the first rows, and
:func:`records` uses it, so every reader takes both.
"""

from __future__ import annotations

import codecs
import csv
import io
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

from .csv_faults import CsvFormatError, Swallowed, broken_record, swallows
from .csv_lines import CHUNK, MAX_CELL, MAX_COLUMNS, Feed, PassDigest, TooLong, read_lines, too_wide
from .errors import ProblemList, problem, read_problem
from .regular_files import open_for_reading

__all__ = ["MAX_COLUMNS", "CsvFormatError", "PassDigest", "check_file", "is_blank", "open_binary", "records",
           "separator"]

# A long free-text answer must not end the file for every row after it: the csv
# module's default cell limit (128 KiB) is raised, once, for the whole process.
if csv.field_size_limit() < MAX_CELL:
    csv.field_size_limit(MAX_CELL)


def open_binary(path: str | Path, name: str) -> BinaryIO:
    try:
        return open_for_reading(path)  # never waits on a pipe
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
        yield from _parse(Feed(read_lines(raw, digest), sep), sep)


def _parse(feed: Feed, sep: str) -> Iterator[tuple[int, list[str]] | CsvFormatError]:
    reader = csv.reader(feed, delimiter=sep, strict=True)
    row = 0
    width: int | None = None  # the header's cells: a row over lines whose lines look like rows is suspect
    while True:
        feed.start_record()
        try:
            cells = next(reader)
        except StopIteration:
            return
        except (csv.Error, TooLong) as exc:
            broken = feed.current
            if not broken:
                return
            row += 1
            yield broken_record(row, broken, sep, exc)
            feed.replay(broken[1:])  # read on from the line after the one where it started
            reader = csv.reader(feed, delimiter=sep, strict=True)
            continue
        row += 1
        lines = feed.current
        if len(cells) > MAX_COLUMNS:
            yield CsvFormatError(row, too_wide(), line=lines[0][0] if lines else 0)
            continue
        if width is None:
            width = len(cells)
        elif len(lines) > 1 and swallows(lines, width, sep):
            # a quote closed lines later by a stray one: the rows in between were swallowed
            yield broken_record(row, lines, sep, Swallowed(len(cells), width))
            feed.replay(lines[1:])
            reader = csv.reader(feed, delimiter=sep, strict=True)
            continue
        yield row, cells


def is_blank(cells: list[str]) -> bool:
    return not any(cell.strip() for cell in cells)
