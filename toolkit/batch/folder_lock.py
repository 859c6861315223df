"""One batch run per output folder at a time.

A run holds an exclusive ``flock`` on ``.batch.lock`` inside ``--out`` from before it
looks at the folder (the earlier-run check, the clean-up of temporary files a
killed run left) until its record is written.  A second run into the same folder
is refused at once, before it changes anything: "another toolkit batch is writing
to this folder (pid N)".  The kernel releases the lock when the process ends, even
by ``kill -9``, so a stale lock file never blocks the next run.  The lock file holds
only the pid; it is a regular file opened without following links (a link, FIFO or
folder there is refused) and is removed, while still locked, when the run ends.
"""

from __future__ import annotations

import fcntl
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from ..core.errors import problem
from ..core.regular_files import NotRegularFileError, open_regular, read_regular

LOCK_FILE = ".batch.lock"


@contextmanager
def locked_folder(out: Path) -> Iterator[Path]:
    """Hold ``out``'s batch lock for the ``with`` block (``out`` must exist)."""
    path = out / LOCK_FILE
    fd = _acquire(path)
    try:
        yield path
    finally:
        try:
            os.unlink(path)  # still locked: a run waiting on this file sees it gone and makes its own
        except OSError:
            pass
        os.close(fd)


def _acquire(path: Path) -> int:
    while True:
        try:
            fd = open_regular(path, os.O_RDWR | os.O_CREAT)
        except NotRegularFileError as exc:
            raise problem(str(path), f"{exc.strerror}; it is the batch lock file: remove it and run "
                                     "again") from None
        except OSError as exc:
            raise problem(str(path), f"cannot create the batch lock file ({exc.strerror})") from None
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(fd)
            raise problem(str(path.parent), "another toolkit batch is writing to this folder"
                                            + _holder(path) + "; wait for it to finish, or give "
                                            "another --out") from None
        except OSError as exc:
            os.close(fd)
            raise problem(str(path), f"cannot lock the batch lock file ({exc.strerror})") from None
        if _same_file(fd, path):
            break
        os.close(fd)  # the run before removed it after we opened it: lock the new one
    try:
        os.ftruncate(fd, 0)
        os.write(fd, f"{os.getpid()}\n".encode("ascii"))
    except OSError:
        pass  # the lock holds without it; a second run then cannot say which pid
    return fd


def _same_file(fd: int, path: Path) -> bool:
    try:
        a, b = os.fstat(fd), os.lstat(path)
    except OSError:
        return False
    return (a.st_dev, a.st_ino) == (b.st_dev, b.st_ino)


def _holder(path: Path) -> str:
    """`` (pid N)`` of the run holding the lock, when its lock file says."""
    try:
        text = read_regular(path, 64).decode("ascii").strip()
    except (OSError, UnicodeDecodeError):
        return ""
    return f" (pid {text})" if text.isdigit() else ""


__all__ = ["LOCK_FILE", "locked_folder"]
