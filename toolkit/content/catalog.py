"""Where screeners come from: a practice folder first, then the built-in set.

Built-in data ships inside the wheel (``toolkit/_data/...``) and is read through
``importlib.resources``; in a source checkout it is read from the top-level
``screeners/`` and ``handouts/`` folders.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from importlib import resources
from pathlib import Path
from typing import Any

from ..core.errors import Problem, ProblemList, load_each, problem
from ..core.folder_files import NOT_AN_ID, yaml_entries
from ..core.messages import show
from ..core.model_types import ID_RULE, is_id
from .screener_loader import load_screener_file
from .screener_model import Screener

KINDS = ("screeners", "handouts")
"""The folders of catalogue files, in a practice folder and in the built-in data."""


def check_practice_folder(folder: str | Path) -> Path:
    """A practice folder that exists and is a folder, or :class:`ProblemList`: a
    misspelled ``--practice`` must never fall back to the built-in practice."""
    folder = Path(folder)
    if not folder.exists():
        raise problem(str(folder), "practice folder not found")
    if not folder.is_dir():
        raise problem(str(folder), "is a file, not a practice folder "
                                   "(give the folder that holds practice.yaml)")
    return folder


def practice_file_problems(folder: Path, *, names: bool = True) -> list[Problem]:
    """Every ``screeners/*.yaml`` and ``handouts/*.yaml`` of a practice folder that cannot
    be used: a link to a file outside the folder, a pipe or device, a folder, a broken link;
    with ``names``, also a file name that is not an id.  Nothing is opened."""
    return [Problem(str(path), 0, 0, "", message)
            for kind in KINDS
            for path, message in yaml_entries(folder, folder / kind).values()
            if message and (names or message != NOT_AN_ID)]


def builtin_dir(kind: str) -> Path:
    """Folder of built-in ``screeners`` or ``handouts``."""
    packaged = resources.files("toolkit") / "_data" / kind
    if packaged.is_dir():
        return Path(str(packaged))
    return Path(__file__).resolve().parents[2] / kind  # source checkout


class SearchPath:
    """Files of one kind (``screeners`` or ``handouts``) by id: the practice
    folder first, then the built-in set.

    An id only ever names an entry of these folders, listed once: it is never joined
    onto a folder, so ``../x`` or ``a/b`` cannot reach a file anywhere else.  A
    practice's entry must be a regular file inside the practice folder (a link to a file
    elsewhere, a pipe or a folder is reported when its id is asked for)."""

    def __init__(self, kind: str, practice: str | Path | None = None):
        self.kind = kind
        self.search_path: list[tuple[str, Path]] = []
        self._roots: dict[str, Path] = {}
        if practice is not None:
            root = check_practice_folder(practice)
            self.search_path.append(("practice", root / kind))
            self._roots["practice"] = root
        self.search_path.append(("built-in", builtin_dir(kind)))
        self._entries: list[tuple[str, dict[str, tuple[Path, str]]]] | None = None

    def entries(self) -> list[tuple[str, dict[str, tuple[Path, str]]]]:
        """(origin, id -> (path, problem)) along the search path, listed on first use."""
        if self._entries is None:
            self._entries = [(origin, yaml_entries(self._roots.get(origin, folder), folder))
                             for origin, folder in self.search_path]
        return self._entries

    def ids(self) -> list[str]:
        return sorted({sid for _, found in self.entries() for sid in found})

    def locate(self, file_id: object, *, builtin_only: bool = False) -> tuple[str, Path, str] | None:
        """(origin, path, problem) of the first entry with this id, or None (always None for
        anything that is not an id).  Nothing is opened."""
        if not is_id(file_id):
            return None
        assert isinstance(file_id, str)
        for origin, found in self.entries():
            if (builtin_only and origin != "built-in") or file_id not in found:
                continue
            path, message = found[file_id]
            return origin, path, message
        return None

    def find(self, file_id: str, *, builtin_only: bool = False) -> tuple[str, Path] | None:
        """(origin, path) of the first file with this id, or None; :class:`ProblemList` when
        that entry cannot be used (a link leaving the practice folder, a pipe, a folder)."""
        found = self.locate(file_id, builtin_only=builtin_only)
        if found is None:
            return None
        origin, path, message = found
        if message:
            raise problem(str(path), message)
        return origin, path

    def unknown(self, file_id: object, message: str) -> ProblemList:
        """The problem of an id that names nothing, ready to raise: ``message`` (such as
        'no screener with this id') when it is an id, else that it is not one; both list
        the known ids."""
        known = ", ".join(self.ids())
        if is_id(file_id):
            return problem(str(file_id), f"{message} (known: {known})")
        return problem(show(file_id), f"is not a {self.kind[:-1]} id: an id is {ID_RULE}, never a path "
                                      f"or a file name (known: {known})")


class Catalog(SearchPath):
    """Finds and caches screeners by id along the search path."""

    def __init__(self, practice: str | Path | None = None):
        super().__init__("screeners", practice)
        self._cache: dict[str, Screener] = {}

    def origin(self, screener_id: str) -> tuple[str, Path] | None:
        found = self.locate(screener_id)
        return found[:2] if found else None

    def display(self, screener_id: str) -> str:
        """How messages name the file a screener comes from (its id when there is none)."""
        found = self.origin(screener_id)
        return _display(*found) if found else screener_id

    def has(self, screener_id: Any) -> bool:
        """True when ``screener_id`` names a screener.  Anything that is not an id
        (``../x``, ``a/b``, a name too long for the file system, not text at all) is
        unknown without looking at the disk, so client text never becomes a path."""
        return self.locate(screener_id) is not None

    def get(self, screener_id: str) -> Screener:
        if screener_id in self._cache:
            return self._cache[screener_id]
        found = self.find(screener_id)
        if found is None:
            raise self.unknown(screener_id, "no screener with this id")
        origin, path = found
        screener = load_screener_file(path, display=_display(origin, path))
        if origin == "built-in" and screener.licence.status == "restricted":
            raise problem(_display(origin, path), "restricted instruments are never shipped with the toolkit",
                          path="licence")
        self._cache[screener_id] = screener
        return screener

    def all(self) -> list[Screener]:
        """Every screener on the search path; all problems of all files together."""
        return self.get_many(self.ids())

    def get_many(self, screener_ids) -> list[Screener]:
        """The screeners by id, in the order given (a repeated id once); every
        problem of every file together."""
        return load_each(dict.fromkeys(screener_ids), self.get)


class ScreenerMap(Mapping):
    """The catalog's screeners as a read-only mapping by id, each loaded on first use
    (what planning, variants and lint look screeners up in)."""

    def __init__(self, catalog: Catalog):
        self.catalog = catalog

    def __getitem__(self, sid: str) -> Screener:
        return self.catalog.get(sid)

    def __contains__(self, sid: object) -> bool:
        return self.catalog.has(sid)

    def __iter__(self) -> Iterator[str]:
        return iter(self.catalog.ids())

    def __len__(self) -> int:
        return len(self.catalog.ids())


def _display(origin: str, path: Path) -> str:
    return f"<built-in>/screeners/{path.name}" if origin == "built-in" else str(path)
