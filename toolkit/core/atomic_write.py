"""Write a file all at once: readers see the old file or the new one, never half of one.

The data goes to a hidden temporary file in the target folder (created with mode
0600, so a client's handout is never readable by other users, not even briefly),
is flushed and fsynced, then renamed over the target with :func:`os.replace`, and
the folder is fsynced.  On any failure, including Ctrl-C, the temporary file is
removed and the previous target is left untouched.
"""

from __future__ import annotations

import errno
import os
import secrets
from collections.abc import Iterable
from pathlib import Path

from .errors import problem
from .output_check import check_output_file, not_a_regular_file

_MODE = 0o600


def check_pdf_output(out: Path, example: str, *, inputs: Iterable[Path | str | None] = (),
                     force: bool = False) -> None:
    """Refuse an output that cannot be a new PDF file, before any work is done: a
    folder, a missing folder, another suffix, one of ``inputs`` (intake files, the
    practice folder), or an existing file without ``force``."""
    out = Path(out)
    if out.is_dir():
        raise problem(str(out), f"is a folder; give a file name such as {example}")
    if not out.parent.is_dir():
        raise problem(str(out), f"the folder {out.parent} does not exist")
    if out.suffix.lower() != ".pdf":
        raise problem(str(out), "the output file name must end in .pdf")
    check_output_file(out, inputs=inputs, force=force)


def write_atomic(path: Path, data: bytes) -> None:
    """Atomically replace ``path`` with ``data`` (mode 0600).

    Raises :class:`ProblemList` with a plain message for expected failures (missing
    folder, permission denied, disk full, target is a folder); re-raises anything else
    (including ``KeyboardInterrupt``) after cleaning up.
    """
    path = Path(path)
    folder = path.parent if str(path.parent) else Path(".")
    tmp = folder / f".{secrets.token_hex(8)}.tmp"  # never derived from the (client) file name
    fd = -1
    created = False
    try:
        flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0) | getattr(os, "O_NOFOLLOW", 0)
        fd = os.open(tmp, flags, _MODE)
        created = True
        if hasattr(os, "fchmod"):
            os.fchmod(fd, _MODE)  # a strange umask can only remove bits; make it exactly 0600
        view = memoryview(data)
        while view:
            written = os.write(fd, view)
            view = view[written:]
        os.fsync(fd)
        os.close(fd)
        fd = -1
        if path.is_dir():
            raise IsADirectoryError(errno.EISDIR, "Is a directory", str(path))
        _refuse_special(path)
        os.replace(tmp, path)
        created = False
        _fsync_folder(folder)
    except BaseException as exc:
        if fd >= 0:
            try:
                os.close(fd)
            except OSError:
                pass
        # an interrupt can land after os.open made the file but before ``created`` was
        # set: the name is random and opened with O_EXCL, so a file there is ours
        if created or not isinstance(exc, OSError):
            try:
                os.unlink(tmp)
            except OSError:
                pass
        if isinstance(exc, OSError):
            raise problem(str(path), _message(exc, folder)) from None
        raise


class _NotRegularError(OSError):
    """The target is a device, a FIFO, a socket or a folder: never renamed over."""


def _refuse_special(path: Path) -> None:
    """Checked again just before the rename: something may have appeared since the
    command's first check (and some callers write files they never checked)."""
    why = not_a_regular_file(path)
    if why:
        raise _NotRegularError(why)


def _fsync_folder(folder: Path) -> None:
    """Make the rename durable; some systems cannot open or fsync a folder, which is fine."""
    try:
        dfd = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    except OSError:
        return
    try:
        os.fsync(dfd)
    except OSError:
        pass
    finally:
        os.close(dfd)


def _message(exc: OSError, folder: Path) -> str:
    if isinstance(exc, _NotRegularError):
        return str(exc)
    code = exc.errno
    if code == errno.ENOENT:
        return f"cannot write: the folder {folder} does not exist"
    if code in (errno.EACCES, errno.EPERM, errno.EROFS):
        return f"cannot write: permission denied in the folder {folder}"
    if code == errno.EISDIR:
        return "cannot write: this is a folder; give a file name such as handout.pdf"
    if code == errno.ENOTDIR:
        return f"cannot write: {folder} is not a folder"
    if code == errno.ENOSPC:
        return "cannot write: the disk is full"
    return f"cannot write ({exc.strerror or type(exc).__name__})"


class AtomicTextFile:
    """A text file written bit by bit (a batch's summary.csv) that appears all at
    once: lines go to a hidden temporary file (mode 0600) and :meth:`commit` renames
    it into place; :meth:`discard` (or an exception inside ``with``) removes it and
    leaves any previous file untouched."""

    def __init__(self, path: Path):
        self.path = Path(path)
        folder = self.path.parent if str(self.path.parent) else Path(".")
        self._folder = folder
        self._tmp = folder / f".{secrets.token_hex(8)}.tmp"
        flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0)
        fd = -1
        try:
            fd = os.open(self._tmp, flags, _MODE)
            if hasattr(os, "fchmod"):
                os.fchmod(fd, _MODE)
            self._fh = os.fdopen(fd, "w", encoding="utf-8", newline="")
        except BaseException as exc:
            if fd >= 0:
                os.close(fd)
            if fd >= 0 or not isinstance(exc, OSError):
                try:
                    os.unlink(self._tmp)
                except OSError:
                    pass
            if isinstance(exc, OSError):
                raise problem(str(self.path), _message(exc, folder)) from None
            raise

    def write(self, text: str) -> None:
        try:
            self._fh.write(text)
        except OSError as exc:
            self.discard()
            raise problem(str(self.path), _message(exc, self._folder)) from None

    def commit(self) -> None:
        try:
            self._fh.flush()
            os.fsync(self._fh.fileno())
            self._fh.close()
            _refuse_special(self.path)
            os.replace(self._tmp, self.path)
        except OSError as exc:
            self.discard()
            raise problem(str(self.path), _message(exc, self._folder)) from None
        _fsync_folder(self._folder)

    def discard(self) -> None:
        try:
            self._fh.close()
        except OSError:
            pass
        try:
            os.unlink(self._tmp)
        except OSError:
            pass

    def __enter__(self) -> AtomicTextFile:
        return self

    def __exit__(self, exc_type, exc, tb) -> None:
        if exc_type is None:
            self.commit()
        else:
            self.discard()
