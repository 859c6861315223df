"""Where screeners come from: a practice folder first, then the built-in set.

Built-in data ships inside the wheel (``toolkit/_data/...``) and is read through
``importlib.resources``; in a source checkout it is read from the top-level
``screeners/`` and ``handouts/`` folders.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from importlib import resources
from pathlib import Path
from typing import Any

from ..core.errors import ProblemList, problem
from .screener_loader import load_screener_file
from .screener_model import Screener

_SCREENER_ID = re.compile(r"^[a-z0-9][a-z0-9_-]{0,63}$")  # the id rule of core.model_types.Id


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


def builtin_dir(kind: str) -> Path:
    """Folder of built-in ``screeners`` or ``handouts``."""
    packaged = resources.files("toolkit") / "_data" / kind
    if packaged.is_dir():
        return Path(str(packaged))
    return Path(__file__).resolve().parents[2] / kind  # source checkout


class SearchPath:
    """Files of one kind (``screeners`` or ``handouts``) by id: the practice
    folder first, then the built-in set."""

    def __init__(self, kind: str, practice: str | Path | None = None):
        self.search_path: list[tuple[str, Path]] = []
        if practice is not None:
            self.search_path.append(("practice", check_practice_folder(practice) / kind))
        self.search_path.append(("built-in", builtin_dir(kind)))

    def ids(self) -> list[str]:
        found: set[str] = set()
        for _, folder in self.search_path:
            if folder.is_dir():
                found.update(p.stem for p in folder.glob("*.yaml"))
        return sorted(found)

    def find(self, file_id: str, *, builtin_only: bool = False) -> tuple[str, Path] | None:
        """(origin, path) of the first file with this id, or None."""
        for origin, folder in self.search_path:
            if builtin_only and origin != "built-in":
                continue
            candidate = folder / f"{file_id}.yaml"
            if candidate.is_file():
                return origin, candidate
        return None


class Catalog(SearchPath):
    """Finds and caches screeners by id along the search path."""

    def __init__(self, practice: str | Path | None = None):
        super().__init__("screeners", practice)
        self._cache: dict[str, Screener] = {}
        self._origins: dict[str, tuple[str, Path] | None] = {}  # one look at the disk per id

    def origin(self, screener_id: str) -> tuple[str, Path] | None:
        if screener_id not in self._origins:
            self._origins[screener_id] = self.find(screener_id)
        return self._origins[screener_id]

    def display(self, screener_id: str) -> str:
        """How messages name the file a screener comes from (its id when there is none)."""
        found = self.origin(screener_id)
        return _display(*found) if found else screener_id

    def has(self, screener_id: Any) -> bool:
        """True when ``screener_id`` names a screener.  Anything that is not an id
        (``../x``, ``a/b``, a name too long for the file system, not text at all) is
        unknown without looking at the disk, so client text never becomes a path."""
        return (isinstance(screener_id, str) and bool(_SCREENER_ID.match(screener_id))
                and self.origin(screener_id) is not None)

    def get(self, screener_id: str) -> Screener:
        if screener_id in self._cache:
            return self._cache[screener_id]
        found = self.origin(screener_id)
        if found is None:
            known = ", ".join(self.ids())
            raise problem(screener_id, f"no screener with this id (known: {known})")
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
        out, problems = [], []
        for sid in dict.fromkeys(screener_ids):
            try:
                out.append(self.get(sid))
            except ProblemList as exc:
                problems.extend(exc.problems)
        if problems:
            raise ProblemList(problems)
        return out


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
