"""The resume state of a batch run: which clients' documents are complete.

``.batch-state.jsonl`` in ``--out`` holds one JSON line per complete client (their
first file's name and the fingerprint of what their documents were made from),
appended and synced after the client's files are in place, so ``--resume`` after
any run makes only the rest.  It is opened in place, so it must be a regular file:
a link (which would make the run append to, or empty, a file elsewhere), a folder,
a FIFO or a device there is refused before any work; a file too large to be a
state file is refused too.  A write that fails (disk full, I/O error) stops the
run with a plain message, never a traceback.
"""

from __future__ import annotations

import errno
import json
import os
from dataclasses import dataclass
from pathlib import Path

from ..core.errors import ProblemList, problem
from ..core.regular_files import NotRegularFileError, open_regular
from .files import STATE_FILE

MAX_STATE_BYTES = 256 * 1024 * 1024  # about a million clients' lines


def _refused(path: Path, exc: OSError) -> ProblemList:
    if isinstance(exc, NotRegularFileError):
        return problem(str(path), f"{exc.strerror}; it is where a batch run notes which clients are "
                                  "complete. Remove it (or give a new --out) and run again")
    if exc.errno == errno.ENOSPC:
        return problem(str(path), "cannot write the resume state: the disk is full; the documents made "
                                  "so far are complete: free some space and run again with --resume")
    return problem(str(path), f"cannot write the resume state ({exc.strerror or type(exc).__name__}); "
                              "the documents made so far are complete: run again with --resume")


def check_state_file(out: Path) -> None:
    """Refuse (before any work) a state file in ``out`` that is not a regular file."""
    path = out / STATE_FILE
    try:
        os.close(open_regular(path))
    except FileNotFoundError:
        return
    except OSError as exc:
        raise _refused(path, exc) from None


@dataclass
class ResumeState:
    """Which documents are complete: one JSON line per client, appended and synced
    after the client's files are in place."""

    path: Path
    done: dict[str, str]
    fresh: bool = False  # a new run: the first record replaces what an earlier run noted

    @classmethod
    def fresh_state(cls, out: Path) -> ResumeState:
        """The state of a run that remakes everything (no ``--resume``); nothing is
        written until the first client is complete."""
        check_state_file(out)
        return cls(out / STATE_FILE, {}, fresh=True)

    @classmethod
    def load(cls, out: Path) -> ResumeState:
        done: dict[str, str] = {}
        path = out / STATE_FILE
        try:
            fd = open_regular(path)
        except FileNotFoundError:
            return cls(path, done)
        except OSError as exc:
            raise _refused(path, exc) from None
        with os.fdopen(fd, "rb") as fh:
            if os.fstat(fh.fileno()).st_size > MAX_STATE_BYTES:
                raise problem(str(path), f"is larger than {MAX_STATE_BYTES // (1024 * 1024)} MiB: not a batch "
                                         "run's state file. Remove it (or give a new --out) and run again")
            for line in fh:
                try:
                    entry = json.loads(line)
                    done[entry["key"]] = entry["fingerprint"]
                except (ValueError, KeyError, TypeError):
                    continue  # a line cut short by a kill
        return cls(path, done)

    def is_current(self, key: str, fp: str, files: list[Path]) -> bool:
        return self.done.get(key) == fp and all(f.is_file() for f in files)

    def record(self, key: str, fp: str) -> None:
        data = (json.dumps({"key": key, "fingerprint": fp}) + "\n").encode("utf-8")
        flags = os.O_WRONLY | os.O_CREAT | os.O_APPEND | (os.O_TRUNC if self.fresh else 0)
        try:
            fd = open_regular(self.path, flags, 0o600)
        except OSError as exc:
            raise _refused(self.path, exc) from None
        try:
            view = memoryview(data)
            while view:
                view = view[os.write(fd, view):]
            os.fsync(fd)
        except OSError as exc:
            raise _refused(self.path, exc) from None
        finally:
            os.close(fd)
        self.fresh = False
        self.done[key] = fp


__all__ = ["MAX_STATE_BYTES", "ResumeState", "check_state_file"]
