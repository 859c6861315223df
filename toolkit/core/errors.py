"""Problems in user input, reported all together as ``file:line:col  path: message``."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TypeVar

from .regular_files import NotRegularFileError

K = TypeVar("K")
T = TypeVar("T")


@dataclass(frozen=True, order=True)
class Problem:
    file: str
    line: int
    col: int
    path: str
    message: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}:{self.col}" if self.line else self.file
        return f"{where}  {self.path}: {self.message}" if self.path else f"{where}  {self.message}"


MAX_SHOWN = 100  # problems a command prints; the rest are counted ("... and N more problems")
MAX_KEPT = 10_000  # problems a reader of a long file keeps; the rest are counted


class ProblemList(Exception):  # noqa: N818 - not an error of the toolkit: the user's input has problems
    """Raised when input is invalid; carries every problem found, in file order
    (``more``: problems found past those kept, counted only)."""

    def __init__(self, problems: list[Problem], more: int = 0):
        self.problems = sorted(set(problems), key=lambda p: (p.file, p.line, p.col, p.path, p.message))
        self.more = more
        super().__init__(f"{self.total} problem(s) found")

    @property
    def total(self) -> int:
        return len(self.problems) + self.more

    def report(self, limit: int = MAX_SHOWN) -> list[str]:
        """The lines a command prints: the first ``limit`` problems, then how many more."""
        lines = [str(p) for p in self.problems[:limit]]
        hidden = self.total - len(lines)
        if hidden:
            lines.append(f"... and {hidden} more problem{'s' if hidden != 1 else ''}")
        return lines

    def __str__(self) -> str:
        return "\n".join(self.report())


class ProblemCollector:
    """Problems gathered over a long input (every row of an export): the first
    ``MAX_KEPT`` are kept, the rest only counted, so memory stays bounded."""

    def __init__(self, keep: int | None = None):
        self.kept: list[Problem] = []
        self.more = 0
        self._keep = MAX_KEPT if keep is None else keep

    def extend(self, problems: Iterable[Problem]) -> None:
        for p in problems:
            if len(self.kept) < self._keep:
                self.kept.append(p)
            else:
                self.more += 1

    def __bool__(self) -> bool:
        return bool(self.kept or self.more)

    def error(self) -> ProblemList:
        return ProblemList(self.kept, self.more)


def load_each(keys: Iterable[K], load: Callable[[K], T]) -> list[T]:
    """``[load(k) for k in keys]``, except that every key is tried and the problems of
    all of them are raised together, as one ProblemList."""
    out: list[T] = []
    problems: list[Problem] = []
    for key in keys:
        try:
            out.append(load(key))
        except ProblemList as exc:
            problems.extend(exc.problems)
    if problems:
        raise ProblemList(problems)
    return out


def problem(file: str, message: str, *, line: int = 0, col: int = 0, path: str = "") -> ProblemList:
    """One problem, ready to raise: ``raise problem(name, "file not found")``."""
    return ProblemList([Problem(file, line, col, path, message)])


def read_problem(name: str, exc: OSError) -> Problem:
    """A file that cannot be opened or read, in plain words (no path beyond ``name``)."""
    if isinstance(exc, FileNotFoundError):
        return Problem(name, 0, 0, "", "file not found")
    if isinstance(exc, IsADirectoryError) or (isinstance(exc, NotRegularFileError) and exc.what == "a folder"):
        return Problem(name, 0, 0, "", "is a folder, not a file")
    if isinstance(exc, NotRegularFileError):
        return Problem(name, 0, 0, "", "is not a regular file (a pipe or a device); give a file")
    return Problem(name, 0, 0, "", f"cannot be read ({exc.strerror or type(exc).__name__})")
