"""``toolkit validate``: check screener files, handout templates and practice
folders; every problem of every path is reported together."""

from __future__ import annotations

from pathlib import Path

from .errors import Problem, ProblemList


def validate_paths(paths: list[Path]) -> int:
    """Validate each path; return how many files were checked, or raise ProblemList.

    A folder holding ``practice.yaml`` is a practice folder (its practice.yaml,
    screeners and handouts are checked); another folder: every ``*.yaml`` in it.
    A file is a handout when it has ``sections``, else a screener.
    """
    checked = 0
    problems: list[Problem] = []
    for path in paths:
        try:
            checked += _validate_one(path)
        except ProblemList as exc:
            problems.extend(exc.problems)
            checked += 1
    if problems:
        raise ProblemList(problems)
    return checked


def _validate_one(path: Path) -> int:
    if path.is_dir():
        if (path / "practice.yaml").exists() or (path / "practice.yml").exists():
            return _validate_practice(path)
        files = sorted(path.glob("*.yaml")) + sorted(path.glob("*.yml"))
        if not files:
            raise ProblemList([Problem(str(path), 0, 0, "", "folder holds no .yaml files and no practice.yaml")])
        problems: list[Problem] = []
        for file in files:
            try:
                _validate_file(file)
            except ProblemList as exc:
                problems.extend(exc.problems)
        if problems:
            raise ProblemList(problems)
        return len(files)
    if not path.exists():
        raise ProblemList([Problem(str(path), 0, 0, "", "file not found")])
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


def _kind(path: Path) -> str:
    """'handout' or 'screener': by the file's keys, else by its folder's name."""
    from .yaml_reader import read_yaml_file

    try:
        data = read_yaml_file(path).data
    except ProblemList:
        data = None  # the real loader reports the problem
    if isinstance(data, dict):
        if "sections" in data or "extends" in data:
            return "handout"
        if any(k in data for k in ("items", "scales", "kind")):
            return "screener"
    if path.resolve().parent.name in ("handouts", "screeners"):
        return path.resolve().parent.name[:-1]
    if isinstance(data, dict):
        raise ProblemList([Problem(str(path), 1, 1, "", "cannot tell whether this is a screener (it "
                                   "would have items) or a handout (it would have sections)")])
    return "screener"  # not a mapping, or unreadable: the loader says what is wrong


def _validate_file(path: Path) -> None:
    if _kind(path) == "handout":
        from .handout_loader import HandoutCatalog
        HandoutCatalog(_practice_of(path)).load_path(path)
    else:
        from .screener_loader import load_screener_file
        load_screener_file(path)


def _validate_practice(folder: Path) -> int:
    from .catalog import Catalog
    from .handout_loader import HandoutCatalog
    from .practice import load_practice

    problems: list[Problem] = []
    checked = 1
    try:
        load_practice(folder)
    except ProblemList as exc:
        problems.extend(exc.problems)
    catalog = Catalog(folder)
    for sub, check in (("screeners", lambda p: catalog.get(p.stem)),
                       ("handouts", lambda p: HandoutCatalog(folder, catalog).get(p.stem))):
        for file in sorted((folder / sub).glob("*.yaml")) if (folder / sub).is_dir() else []:
            checked += 1
            try:
                check(file)
            except ProblemList as exc:
                problems.extend(exc.problems)
    if problems:
        raise ProblemList(problems)
    return checked
