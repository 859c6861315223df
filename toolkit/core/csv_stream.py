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
import io
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

from .errors import ProblemList, problem, read_problem

CHUNK = 1024 * 1024
MAX_CELL = 16 * 1024 * 1024
# A long free-text answer must not end the file for every row after it: the csv
# module's default cell limit (128 KiB) is raised, once, for the whole process.
if csv.field_size_limit() < MAX_CELL:
    csv.field_size_limit(MAX_CELL)


class CsvFormatError:
    """A record the CSV parser cannot read; the rest of the file cannot be trusted."""

    __slots__ = ("row", "message")

    def __init__(self, row: int, message: str):
        self.row = row
        self.message = message


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
    text = str(exc)
    if "unexpected end of data" in text:
        return 'CSV format error: a cell that starts with a quote (") is never closed'
    if "expected after" in text:
        return ('CSV format error: text after the closing quote of a cell; '
                'a quote inside a quoted cell must be doubled ("")')
    if "field larger than field limit" in text:
        return f"CSV format error: a cell is longer than {csv.field_size_limit()} characters"
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


def records(path: str | Path, name: str) -> Iterator[tuple[int, list[str]] | CsvFormatError]:
    """Yield ``(row number, cells)`` for every record, header included (row 1),
    split on the file's :func:`separator`.

    A CSV syntax error yields one :class:`CsvFormatError` (at the row after the
    last good one, where the broken cell starts) and ends the stream.  Call
    :func:`check_file` first: decoding problems are not handled here."""
    sep = separator(path, name)
    with open_binary(path, name) as raw:
        text = io.TextIOWrapper(raw, encoding="utf-8-sig", newline="")
        reader = csv.reader(text, delimiter=sep, strict=True)
        row = 0
        while True:
            try:
                cells = next(reader)
            except StopIteration:
                return
            except csv.Error as exc:
                yield CsvFormatError(row + 1, csv_error_message(exc))
                return
            row += 1
            yield row, cells


def is_blank(cells: list[str]) -> bool:
    return not any(cell.strip() for cell in cells)
