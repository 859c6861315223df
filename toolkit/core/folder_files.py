"""Files of a folder a person gives (a practice folder): regular files inside it, or a problem.

A practice folder names its own files (``logo``, ``fonts``) and holds others by
convention (``screeners/*.yaml``, ``handouts/*.yaml``, reference cases).  Every one
must be a regular file inside the folder: absolute paths and ``..`` are refused, links
are followed and must land inside the folder, and a folder, a pipe or a device where
a file belongs is refused before anything opens it (opening a pipe waits forever,
reading a device never ends).
"""

from __future__ import annotations

import os
import stat
from pathlib import Path, PurePosixPath, PureWindowsPath

from .model_types import ID_RULE, is_id

OUTSIDE = "points outside the practice folder (through a link); copy the file into the folder"
NOT_AN_ID = f"the file name must be the id ({ID_RULE}) followed by .yaml"


def regular_inside(root: Path, path: Path) -> tuple[Path, str]:
    """``path`` (links followed) as a regular file inside ``root``: (resolved path, '') or
    (path, a problem worded to follow the file's name, such as 'is a folder, not a file')."""
    try:
        top = root.resolve(strict=True)
        target = path.resolve(strict=True)
    except FileNotFoundError:
        return path, "file not found" + (" (a broken link?)" if path.is_symlink() else "")
    except (OSError, RuntimeError):  # RuntimeError: a link loop on older Pythons
        return path, "cannot be opened (a broken or looping link?)"
    if not target.is_relative_to(top):
        return path, OUTSIDE
    try:
        mode = os.stat(target).st_mode
    except OSError as exc:
        return path, f"cannot be read ({exc.strerror or type(exc).__name__})"
    if stat.S_ISDIR(mode):
        return path, "is a folder, not a file"
    if not stat.S_ISREG(mode):
        return path, "is not a regular file (a pipe or a device); put a file here"
    return target, ""


def resolve_inside(folder: Path, rel: str, what: str, example: str) -> tuple[Path, str]:
    """``rel`` (a path written in practice.yaml) resolved to a regular file inside ``folder``:
    (path, '') or (path, a plain-English problem).  ``what``: 'font', 'logo'; ``example``: a
    good value, for the message."""
    target = folder / rel
    if PurePosixPath(rel).is_absolute() or PureWindowsPath(rel).is_absolute() or PureWindowsPath(rel).drive:
        return target, (f"give the {what} as a path inside the practice folder (such as "
                        f"{example}), not a full path")
    if ".." in PurePosixPath(rel.replace("\\", "/")).parts:
        return target, f"the {what} must be inside the practice folder ('..' is not allowed)"
    if not folder.is_dir():
        return target, f"file not found: {rel} (looked inside {folder})"
    path, message = regular_inside(folder, target)
    if message.startswith("file not found"):
        return path, f"file not found: {rel} (looked inside {folder})"
    return path, f"{rel} {message}" if message else ""


def yaml_entries(root: Path, folder: Path) -> dict[str, tuple[Path, str]]:
    """The ``*.yaml`` files of ``folder`` (inside ``root``) by id: id -> (path, problem).

    The problem is '' for a regular file inside ``root``; otherwise it says why the entry
    cannot be used (a link leaving the folder, a folder, a pipe, a broken link).  A file
    whose name is not an id is listed under its name with that problem; hidden files (an
    editor's ``.#phq9.yaml`` lock) are not entries.  Nothing is opened."""
    if not folder.is_dir():
        return {}
    entries: dict[str, tuple[Path, str]] = {}
    for path in sorted(folder.glob("*.yaml")):
        if path.name.startswith("."):
            continue
        _, message = regular_inside(root, path)
        if not message and not is_id(path.stem):
            message = NOT_AN_ID
        entries[path.stem] = (path, message)
    return entries


__all__ = ["OUTSIDE", "NOT_AN_ID", "regular_inside", "resolve_inside", "yaml_entries"]
