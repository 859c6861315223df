"""The practice's part of a batch fingerprint: a digest of the files the practice
format defines, so ``--resume`` remakes documents when the practice changed.

Only those files are read: ``practice.yaml``, the logo and fonts it names (as
:func:`toolkit.practice.loader.load_practice` resolved and checked them) and
``handouts/*.yaml`` and ``screeners/*.yaml``.  Anything else in the folder (notes,
a FIFO, a link to ``/dev/zero``) is never opened.  Each file must be a regular file
inside the folder (a link is followed only when it lands inside), is opened without
blocking and read up to its size limit; anything else is refused with a plain
message before any document is made.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from ..core.errors import problem
from ..core.folder_files import regular_inside, yaml_entries
from ..core.regular_files import FileTooLargeError, NotRegularFileError, read_regular
from ..core.yaml_reader import MAX_BYTES as MAX_YAML_BYTES
from ..practice.context import PracticeContext
from ..practice.files import MAX_FONT_BYTES
from ..practice.logo import MAX_BYTES as MAX_LOGO_BYTES

KINDS = ("handouts", "screeners")  # folders of YAML files, one per id (toolkit.content.catalog)
MAX_FILES = 2000  # of each kind: far more than a practice has


def practice_digest(practice: PracticeContext) -> str:
    """A digest of the practice's files (``"built-in"`` for the built-in practice)."""
    if practice.folder is None:
        return "built-in"
    folder = Path(practice.folder)
    try:
        root = folder.resolve(strict=True)
    except OSError:
        raise problem(str(folder), "the practice folder cannot be opened") from None
    files: list[tuple[str, Path, int]] = [("practice.yaml", folder / "practice.yaml", MAX_YAML_BYTES)]
    if practice.logo_path is not None:
        files.append(("logo", Path(practice.logo_path), MAX_LOGO_BYTES))
    for style, path in sorted(practice.font_paths.items()):
        files.append((f"fonts.{style}", Path(path), MAX_FONT_BYTES))
    for kind in KINDS:
        entries = yaml_entries(folder, folder / kind)  # the catalogue's own listing of the folder
        if len(entries) > MAX_FILES:
            raise problem(str(folder / kind), f"holds more than {MAX_FILES} .yaml files; a practice "
                                              "folder holds its own handouts and screeners only")
        files += [(f"{kind}/{path.name}", path, MAX_YAML_BYTES) for path, _ in entries.values()]
    h = hashlib.sha256()
    for label, path, limit in files:
        h.update(label.encode("utf-8", "surrogatepass") + b"\0")
        data = _read(root, path, limit)
        h.update(len(data).to_bytes(8, "big") + data)
    return h.hexdigest()


def _read(root: Path, path: Path, limit: int) -> bytes:
    """The bytes of one practice file: regular, inside ``root``, at most ``limit``."""
    target, why = regular_inside(root, path)  # the rule every practice file follows
    if why:
        raise problem(str(path), why)
    try:
        return read_regular(target, limit)
    except NotRegularFileError as exc:
        raise problem(str(path), f"{exc.strerror}; practice files are regular files") from None
    except FileTooLargeError:
        raise problem(str(path), f"is larger than {limit // 1024} KiB, the limit for this practice "
                                 "file") from None
    except OSError as exc:
        raise problem(str(path), f"cannot be read ({exc.strerror or type(exc).__name__})") from None


__all__ = ["MAX_FILES", "practice_digest"]
