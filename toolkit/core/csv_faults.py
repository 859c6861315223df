"""What a CSV record the csv module cannot read looks like, for :mod:`toolkit.core.csv_stream`.

:func:`broken_record` says where a broken record's quoting fails (the cell, the line
and the character where its quote opens; where text follows a closing quote; that
a quote stays open to the end of the file or past the limits, or closes only lines
later so that what it spans looks like whole rows) and reads what it can of the row:
the cells of its first line split without quotes.
"""

from __future__ import annotations

import csv

from .csv_lines import MAX_COLUMNS, OVERLONG, TooLong


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


def csv_error_message(exc: csv.Error) -> str:
    """A csv module error with no quoting fault found (those are said by :func:`broken_record`)."""
    text = str(exc)
    if "field larger than field limit" in text:
        return f"CSV format error: a cell is longer than {csv.field_size_limit():,} characters"
    return f"CSV format error: {text}"


class Swallowed(Exception):  # noqa: N818 - not raised: carries the counts of a swallowing record
    def __init__(self, cells: int, width: int):
        super().__init__()
        self.cells, self.width = cells, width


def swallows(lines: list[tuple[int, str]], width: int, sep: str) -> bool:
    """A record over several lines that looks like rows swallowed by a quote: a line
    after its first splits into as many cells as a row (the lines of a quoted free-text
    answer rarely do)."""
    return width > 2 and any(line.count(sep) >= width - 1 for _, line in lines[1:])


def broken_record(row: int, lines: list[tuple[int, str]], sep: str, exc: Exception) -> CsvFormatError:
    """The CsvFormatError of a record that starts on ``lines[0]``: where, and the cells of
    that first line split without quotes (what can be read of the row)."""
    first_no, first = lines[0]
    if isinstance(exc, TooLong) and exc.line is not None and exc.line == first_no:
        return CsvFormatError(row, exc.message, line=first_no)
    text = "".join(line for _, line in lines if line is not OVERLONG)
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
        elif isinstance(exc, Swallowed):
            shape = (f"the row has {exc.cells} cells, not {exc.width}" if exc.cells != exc.width
                     else "what it spans looks like whole rows")
            message = (f'CSV format error: the quote (") that opens {at} is closed only on line '
                       f"{lines[-1][0]} and {shape}: a quote is probably missing")
        elif isinstance(exc, TooLong) and exc.line is not None:
            message = (f'CSV format error: the quote (") that opens {at} is not closed before line '
                       f"{exc.line}, which is too long or has too many cells to read")
        elif isinstance(exc, TooLong):
            message = f'CSV format error: the quote (") that opens {at} is not closed within {exc}'
        else:
            message = f'CSV format error: the quote (") that opens {at} is never closed'
        return CsvFormatError(row, message + "; the rows after it are read from the next line",
                              cells, col=cell + 1, line=first_no)
    if isinstance(exc, TooLong):
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
        if line is OVERLONG:
            continue
        if offset < len(line):
            return number, offset + 1
        offset -= len(line)
    return lines[-1][0], 1


def _plain_cells(line: str, sep: str) -> list[str] | None:
    """A line's cells split on the separator with quotes taken as text: what can be read
    of a row whose quoting is broken (None for a line over the limits)."""
    if line is OVERLONG or line.count(sep) >= MAX_COLUMNS:
        return None
    return line.rstrip("\r\n").split(sep)


