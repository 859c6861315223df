"""``toolkit validate``: check screener files and folders, all problems together."""

from __future__ import annotations

from pathlib import Path

from .errors import Problem, ProblemList
from .screener_loader import load_screener_file


def validate_paths(paths: list[Path]) -> int:
    """Validate every file (folders: every *.yaml inside); return how many were checked."""
    files: list[Path] = []
    problems: list[Problem] = []
    for path in paths:
        if path.is_dir():
            found = sorted(path.glob("*.yaml")) + sorted(path.glob("*.yml"))
            if not found:
                problems.append(Problem(str(path), 0, 0, "", "folder holds no .yaml files"))
            files.extend(found)
        elif path.exists():
            files.append(path)
        else:
            problems.append(Problem(str(path), 0, 0, "", "file not found"))
    for file in files:
        try:
            load_screener_file(file)
        except ProblemList as exc:
            problems.extend(exc.problems)
    if problems:
        raise ProblemList(problems)
    return len(files)
