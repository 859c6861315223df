"""Before a file is written: never over one of the command's inputs, and never over
an existing file unless the user said ``--force``.

An output is the same file as an input when both name one file on disk: the same
path written another way (``./a.pdf``, ``dir/../a.pdf``), a symbolic link to it or
a hard link to it (the same device and inode).  An input may be a folder (a
practice folder): then every file in it counts.  Writing over an input is refused
whatever ``force`` says: ``toolkit handout filled.pdf -o filled.pdf`` would replace
the client's filled form with its handout.

Only regular files are ever replaced.  An existing output that is a device (``-o
/dev/full``), a FIFO, a socket or a folder is refused whatever ``force`` says: the
atomic writer renames a new file over its name, which would delete a device node or
a FIFO that other programs use.  A symbolic link is followed only to look: a link to
a regular file (or a dangling link) may be replaced with ``--force`` (the link itself
is replaced by the new file; the file it pointed to is never written), a link to a
device, FIFO, socket or folder is refused like its target.

These checks only look (``os.lstat``/``os.stat``); they run before any work, so a
refused command leaves every file as it was.  The atomic writer asks
:func:`not_a_regular_file` again just before its rename.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterable
from pathlib import Path

from .errors import problem
from .regular_files import kind_of

FORCE_HINT = "already exists; use --force to replace it"


def check_output_file(out: Path, *, inputs: Iterable[Path | str | None] = (), force: bool = False) -> None:
    """Refuse ``out`` when it is one of ``inputs`` (always) or exists (unless ``force``).

    A dangling symbolic link counts as an existing file: replacing it is the user's call."""
    out = Path(out)
    if not (out.exists() or out.is_symlink()):
        return  # a new file cannot be an input, and replaces nothing
    special = not_a_regular_file(out)
    if special:
        raise problem(str(out), special)
    for given in inputs:
        if given is None:
            continue
        given = Path(given)
        if given.is_dir():
            inside = _file_in_folder(out, given)
            if inside is not None:
                raise problem(str(out), f"is a file of the practice folder {given} ({inside.name}), one "
                                        "of the inputs of this command; give another output name "
                                        "(--force does not change this)")
        elif same_file(out, given):
            raise problem(str(out), "is one of the inputs of this command; writing it would replace "
                                    "that input. Give another output name (--force does not change this)")
    if not force:
        raise problem(str(out), FORCE_HINT)


def not_a_regular_file(path: Path) -> str | None:
    """Why ``path`` must not be replaced by a written file, or None when it may be: it
    does not exist, it is a regular file, or a symbolic link to one or to nothing."""
    try:
        mode = os.lstat(path).st_mode
    except OSError:
        return None  # nothing there (or nothing we can see): a new file
    link = stat.S_ISLNK(mode)
    if link:
        try:
            mode = os.stat(path).st_mode
        except OSError:
            return None  # a dangling link: replacing it is the user's call (with --force)
    if stat.S_ISREG(mode):
        return None
    what = kind_of(mode)
    return (("is a link to " if link else "is ") + what + "; only a new file or a regular file is "
            "ever written (--force does not change this): give a file name")


def same_file(a: Path, b: Path) -> bool:
    """True when ``a`` and ``b`` name one file (through links too); False if either is missing."""
    try:
        return os.path.samefile(a, b)
    except OSError:
        try:
            return Path(a).resolve() == Path(b).resolve()
        except (OSError, RuntimeError):
            return False


def _file_in_folder(out: Path, folder: Path) -> Path | None:
    """The file of ``folder`` (at any depth) that ``out`` is, or None."""
    try:
        target = os.stat(out)
    except OSError:
        return None  # a dangling link is no file of the folder
    key = (target.st_dev, target.st_ino)
    for root, dirs, files in os.walk(folder):
        dirs.sort()
        for name in files:
            path = Path(root) / name
            try:
                st = os.stat(path)
            except OSError:
                continue
            if (st.st_dev, st.st_ino) == key:
                return path
    return None


def existing_files(paths: Iterable[Path]) -> list[Path]:
    """Those of ``paths`` that exist already (or are links to nowhere)."""
    return [p for p in paths if p.exists() or p.is_symlink()]
