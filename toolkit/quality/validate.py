"""``toolkit validate``: check screener files, handout templates and practice
folders; every problem of every path is reported together."""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import partial
from pathlib import Path

from ..core.errors import Problem, ProblemList, problem
from ..core.regular_files import open_for_reading


def validate_paths(paths: list[Path]) -> int:
    """Validate each path; return how many files were checked, or raise ProblemList.

    A folder holding ``practice.yaml`` is a practice folder (its practice.yaml,
    screeners and handouts are checked); another folder: every ``*.yaml`` in it.
    A file is a handout when it has ``sections``, else a screener.
    """
    counts: list[int] = []
    _all_together([lambda p=p: counts.append(_validate_one(p)) for p in paths])
    return sum(counts)


def _validate_one(path: Path) -> int:
    if path.is_dir():
        if (path / "practice.yaml").exists() or (path / "practice.yml").exists():
            return _validate_practice(path)
        files = sorted(path.glob("*.yaml")) + sorted(path.glob("*.yml"))
        if not files:
            raise problem(str(path), "folder holds no .yaml files and no practice.yaml")
        _all_together([lambda f=f: _validate_file(f) for f in files])
        return len(files)
    if not path.exists():
        raise problem(str(path), "file not found")
    if path.name == "practice.yaml":
        return _validate_practice(path.parent)
    _validate_file(path)
    return 1


def _practice_of(path: Path) -> Path | None:
    """The practice folder a screener or handout file sits in, if any."""
    parent = path.resolve().parent
    if parent.name in ("handouts", "screeners") and (parent.parent / "practice.yaml").exists():
        return parent.parent
    return None


_INTAKE_KEYS = re.compile(rb"^(client|answers)[ \t]*:", re.MULTILINE)


def _looks_like_intake(path: Path) -> bool:
    """A top-level ``client:`` or ``answers:`` line: client data, never quoted back."""
    try:
        with open_for_reading(path) as fh:  # a pipe never makes us wait
            return bool(_INTAKE_KEYS.search(fh.read(2 * 1024 * 1024)))
    except OSError:
        return False


def _kind(path: Path) -> str:
    """'handout' or 'screener': by the file's keys, else by its folder's name."""
    from ..core.yaml_reader import read_yaml_file

    try:
        data = read_yaml_file(path, client_data=True).data
    except ProblemList:
        if _looks_like_intake(path):
            raise  # an intake given by mistake: its own problems, worded without its values
        data = None  # the real loader reports the problem
    if isinstance(data, dict):
        if "sections" in data or "extends" in data:
            return "handout"
        if any(k in data for k in ("items", "scales", "kind")):
            return "screener"
    if path.resolve().parent.name in ("handouts", "screeners"):
        return path.resolve().parent.name[:-1]
    if isinstance(data, dict):
        raise problem(str(path), "cannot tell whether this is a screener (it "
                                 "would have items) or a handout (it would have sections)", line=1, col=1)
    return "screener"  # not a mapping, or unreadable: the loader says what is wrong


def _validate_file(path: Path) -> None:
    if _kind(path) == "handout":
        from ..content.handout_loader import HandoutCatalog
        HandoutCatalog(_practice_of(path)).load_path(path)
    else:
        from ..content.screener_loader import load_screener_file
        load_screener_file(path)


def _validate_practice(folder: Path) -> int:
    from ..content.catalog import Catalog, practice_file_problems
    from ..content.handout_loader import HandoutCatalog
    from ..practice.loader import load_practice

    catalog = Catalog(folder)
    handouts = HandoutCatalog(folder, catalog)
    unusable = practice_file_problems(folder)  # links out, pipes, names that are not ids
    checks: list[Callable[[], object]] = [lambda: load_practice(folder)]
    if unusable:
        checks.append(partial(_raise, unusable))
    for search, get in ((catalog, catalog.get), (handouts, handouts.get)):
        origin, entries = search.entries()[0]
        assert origin == "practice"
        checks += [partial(get, sid) for sid, (_, message) in entries.items() if not message]
    _all_together(checks)
    return len(checks)  # practice.yaml and each file (with an unusable file, ProblemList instead)


def _raise(problems: list[Problem]) -> None:
    raise ProblemList(problems)


def _all_together(checks) -> None:
    """Run every check; raise one ProblemList with all their problems."""
    problems: list[Problem] = []
    for check in checks:
        try:
            check()
        except ProblemList as exc:
            problems.extend(exc.problems)
    if problems:
        raise ProblemList(problems)
