"""Problems in user input, reported all together as ``file:line:col  path: message``."""

from __future__ import annotations

from dataclasses import dataclass


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


class ProblemList(Exception):  # noqa: N818 - not an error of the toolkit: the user's input has problems
    """Raised when input is invalid; carries every problem found, in file order."""

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(set(problems), key=lambda p: (p.file, p.line, p.col, p.path, p.message))
        super().__init__(f"{len(self.problems)} problem(s) found")

    def __str__(self) -> str:
        return "\n".join(str(p) for p in self.problems)


def problem(file: str, message: str, *, line: int = 0, col: int = 0, path: str = "") -> ProblemList:
    """One problem, ready to raise: ``raise problem(name, "file not found")``."""
    return ProblemList([Problem(file, line, col, path, message)])


def read_problem(name: str, exc: OSError) -> Problem:
    """A file that cannot be opened or read, in plain words (no path beyond ``name``)."""
    if isinstance(exc, FileNotFoundError):
        return Problem(name, 0, 0, "", "file not found")
    if isinstance(exc, IsADirectoryError):
        return Problem(name, 0, 0, "", "is a folder, not a file")
    return Problem(name, 0, 0, "", f"cannot be read ({exc.strerror or type(exc).__name__})")
