"""Files opened in place (read, appended to, locked): regular files only.

:func:`open_regular` never follows a link at the last step (``O_NOFOLLOW``), never
waits on a FIFO (``O_NONBLOCK``: a FIFO with no writer opens at once and is then
refused) and refuses whatever is not a regular file (a link, folder, FIFO, device
or socket) with :class:`NotRegularFileError`, so a link planted in a folder cannot make
a command append to a file elsewhere, and ``/dev/zero`` or a FIFO can neither fill
the memory nor hang the command.  :func:`read_regular` reads such a file with a
size limit.
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path
from typing import BinaryIO

_KINDS = ((stat.S_ISDIR, "a folder"), (stat.S_ISFIFO, "a FIFO (named pipe)"), (stat.S_ISCHR, "a device"),
          (stat.S_ISBLK, "a device"), (stat.S_ISSOCK, "a socket"), (stat.S_ISLNK, "a link"))


class NotRegularFileError(OSError):
    """The path names something other than a regular file; ``what`` says what ("a link")."""

    def __init__(self, path: Path | str, what: str):
        super().__init__(errno.EINVAL, f"is {what}, not a regular file", str(path))
        self.what = what


class FileTooLargeError(OSError):
    """A regular file larger than the reader's limit."""

    def __init__(self, path: Path | str, limit: int):
        super().__init__(errno.EFBIG, f"is larger than {limit} bytes", str(path))
        self.limit = limit


def kind_of(mode: int) -> str:
    """What a file of this ``st_mode`` is, in words ("a FIFO (named pipe)")."""
    return next((what for test, what in _KINDS if test(mode)), "not a regular file")


def open_regular(path: Path | str, flags: int = os.O_RDONLY, mode: int = 0o600, *,
                 follow_links: bool = False) -> int:
    """A file descriptor of the regular file ``path`` (``flags`` as for :func:`os.open`).
    ``follow_links``: a link to a regular file is fine (a file the user named, such as
    an intake); never for files opened in place in a folder the toolkit writes.

    Raises :class:`NotRegularFileError` for a link, folder, FIFO, device or socket (nothing
    is created or changed then, except that ``O_CREAT`` makes a missing file), and
    :class:`OSError` for the rest (missing, permission denied)."""
    extra = getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)
    if not follow_links:
        extra |= getattr(os, "O_NOFOLLOW", 0)
    try:
        fd = os.open(path, flags | extra, mode)
    except OSError as exc:
        if exc.errno in (errno.ELOOP, errno.EMLINK):  # O_NOFOLLOW met a link (EMLINK on some BSDs)
            raise NotRegularFileError(path, "a link") from None
        if exc.errno in (errno.EISDIR, errno.ENXIO, errno.ENODEV, errno.ETXTBSY):
            try:
                what = kind_of(os.lstat(path).st_mode)
            except OSError:
                what = "not a regular file"
            raise NotRegularFileError(path, what) from None
        raise
    try:
        st = os.fstat(fd)
    except BaseException:
        os.close(fd)
        raise
    if not stat.S_ISREG(st.st_mode):
        os.close(fd)
        raise NotRegularFileError(path, kind_of(st.st_mode))
    return fd


def open_for_reading(path: Path | str, *, follow_links: bool = True) -> BinaryIO:
    """``open(path, "rb")`` for a regular file only, never waiting on a pipe (the same
    errors as :func:`open_regular`); a file the user named may be a link to one."""
    return open(path, "rb", opener=lambda p, flags: open_regular(p, flags, follow_links=follow_links))


def read_regular(path: Path | str, max_bytes: int) -> bytes:
    """The bytes of the regular file ``path``: :class:`NotRegularFileError` or
    :class:`FileTooLargeError` (more than ``max_bytes``) instead of reading without end."""
    fd = open_regular(path)
    try:
        chunks, size = [], 0
        while size <= max_bytes:
            chunk = os.read(fd, min(1 << 20, max_bytes + 1 - size))
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
    finally:
        os.close(fd)
    if size > max_bytes:
        raise FileTooLargeError(path, max_bytes)
    return b"".join(chunks)


__all__ = ["FileTooLargeError", "NotRegularFileError", "kind_of", "open_for_reading", "open_regular",
           "read_regular"]
