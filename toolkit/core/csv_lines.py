"""The physical lines of a CSV file, within limits, for :mod:`toolkit.core.csv_stream`.

:func:`read_lines` reads a file in chunks (so a pass can digest every byte it read,
:class:`PassDigest`) and yields its lines with their endings; a line over
``MAX_LINE_CHARS`` is skipped, never held, and stands as :data:`OVERLONG`.
:class:`Feed` hands the lines to the csv module, keeps those of the record being
read (so a broken record can be read again from its next line) and stops a record
over ``MAX_RECORD_LINES`` / ``MAX_RECORD_CHARS`` or a line with far too many cells.
"""

from __future__ import annotations

import codecs
import hashlib
import os
import re
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

CHUNK = 1024 * 1024
MAX_CELL = 16 * 1024 * 1024
MAX_COLUMNS = 16_384  # as many as a spreadsheet holds; a header past it is refused
MAX_LINE_CHARS = 2 * MAX_CELL  # a longer line is reported and skipped, never held
MAX_RECORD_CHARS = 2 * MAX_CELL  # a row (quoted line breaks included) past these is broken
MAX_RECORD_LINES = 10_000


def too_wide() -> str:
    return f"row has more than {MAX_COLUMNS:,} cells (the limit for one row)"


class TooLong(Exception):  # noqa: N818 - a record over the limits, handled like a CSV error
    """A line or record over the limits; ``line``: the line that is, when one is."""

    def __init__(self, text: str, line: int | None = None, *, message: str | None = None):
        super().__init__(text)
        self.line = line
        self.message = message or f"CSV format error: {text}"


OVERLONG = "\x00overlong line\x00"  # stands for a line over MAX_LINE_CHARS (the NUL cannot be in text)
_LINE_END = re.compile(r"\r\n|\r|\n")


def read_lines(raw: BinaryIO, digest: PassDigest | None) -> Iterator[tuple[int, str]]:
    """(line number, text with its line ending) for every physical line; a line over
    MAX_LINE_CHARS is skipped and stands as :data:`OVERLONG`."""
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
            yield number, (OVERLONG if too_long else text[start:m.end()])
            skipping = False
            start = m.end()
        pending = text[start:]
        if len(pending) > MAX_LINE_CHARS:
            pending, skipping = "", True
        if not chunk:
            if pending or skipping:
                number += 1
                yield number, (OVERLONG if skipping or len(pending) > MAX_LINE_CHARS else pending)
            return


class Feed:
    """The lines the csv module reads: from the file, or again after a broken record
    (``replay``); ``current`` holds the lines of the record being read, within bounds."""

    def __init__(self, lines: Iterator[tuple[int, str]], sep: str):
        self._lines = lines
        self._sep = sep
        self._again: list[tuple[int, str]] = []  # reversed: pop() gives the next
        self.current: list[tuple[int, str]] = []
        self._chars = 0

    def __iter__(self) -> Feed:
        return self

    def start_record(self) -> None:
        self.current = []
        self._chars = 0

    def replay(self, lines: list[tuple[int, str]]) -> None:
        self._again.extend(reversed(lines))

    def __next__(self) -> str:
        number, line = self._again.pop() if self._again else next(self._lines)
        self.current.append((number, line))
        if line is OVERLONG:
            raise TooLong(f"line {number} is longer than {MAX_LINE_CHARS:,} characters", number)
        self._chars += len(line)
        if len(self.current) > MAX_RECORD_LINES:
            raise TooLong(f"{MAX_RECORD_LINES:,} lines")
        if self._chars > MAX_RECORD_CHARS:
            raise TooLong(f"{MAX_RECORD_CHARS:,} characters")
        if line.count(self._sep) > 4 * MAX_COLUMNS:  # refused before the csv module splits it
            raise TooLong(too_wide(), number, message=too_wide())
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


