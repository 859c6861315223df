"""Load a practice folder (``practice.yaml`` and the files it names), all problems at once.

``load_practice(None)`` gives the built-in default practice, so every command
works without ``--practice``.  A folder is checked in full before anything is
used: the YAML and the model, control characters in any text, crisis lines for
the country, the logo and fonts (inside the folder, present, loadable), the
colours' contrast, and that every ``screeners/*.yaml`` and ``handouts/*.yaml`` is a
regular file inside the folder.  Every problem names ``<folder>/practice.yaml:line:col``.
"""

from __future__ import annotations

import unicodedata
from pathlib import Path
from typing import Any

from ..content.catalog import check_practice_folder, practice_file_problems
from ..core.errors import Problem, ProblemList, problem
from ..core.hidden_text import DIRECTION_CONTROLS, direction_message
from ..core.model_errors import validate
from ..core.yaml_reader import SourceMap, read_yaml_file
from ..documents.handout import CrisisLine
from .context import PracticeContext
from .crisis_lines import ELSEWHERE_NOTE, builtin_crisis, known_list
from .files import check_fonts_field, check_logo_field
from .model import MULTILINE_FIELDS, Practice

DEFAULT_PRACTICE = Practice(name="Your care team", country="US")


def load_practice(folder: Path | str | None) -> PracticeContext:
    """Load and check a practice folder; raise :class:`ProblemList` listing every problem."""
    if folder is None:
        crisis = builtin_crisis(DEFAULT_PRACTICE.country)
        assert crisis is not None
        return PracticeContext(None, DEFAULT_PRACTICE, crisis.lines, crisis.emergency,
                               treatment_lines=crisis.treatment_lines)
    folder = Path(folder)
    yaml_path = folder / "practice.yaml"
    name = str(yaml_path)
    _check_folder(folder, yaml_path)
    try:
        doc = read_yaml_file(yaml_path, display=name)
    except ProblemList as exc:
        raise ProblemList([_explain_empty(p) for p in exc.problems]) from None
    src, data = doc.source, doc.data
    if not isinstance(data, dict):
        raise ProblemList([src.problem((), "practice.yaml must be a mapping of fields "
                                            "(name: ..., country: ..., and so on), not "
                                            + ("a list" if isinstance(data, list) else "a single value"))])
    model, problems = validate(Practice, data, src)
    problems = [_explain(p, data, src) for p in problems]
    problems += _control_characters(data, (), src)
    bad = {p.path for p in problems}
    problems += _crisis_problems(data, src, bad)
    logo, found = check_logo_field(folder, data, src, bad)
    problems += found
    fonts, found = check_fonts_field(folder, data, src, bad)
    problems += found
    problems += _colour_problems(data, src, bad)
    problems += practice_file_problems(folder, names=False)  # links out, pipes: before any is opened
    if problems or model is None:
        raise ProblemList(problems)
    lines, emergency, treatment = _crisis_for(model)
    return PracticeContext(folder, model, lines, emergency, logo, fonts, treatment)


def _explain_empty(problem: Problem) -> Problem:
    if problem.message == "file is empty":
        return Problem(problem.file, problem.line, problem.col, problem.path,
                       "file is empty: a practice.yaml needs at least a line such as "
                       "name: Riverside Counselling")
    return problem


def _check_folder(folder: Path, yaml_path: Path) -> None:
    """The folder exists and holds a practice.yaml (the YAML reader does the rest)."""
    check_practice_folder(folder)
    if not yaml_path.is_file():
        hint = ("rename practice.yml to practice.yaml" if (folder / "practice.yml").is_file()
                else f"create one with: toolkit practice init {folder} --country US")
        what = "is a folder, not a file" if yaml_path.is_dir() else "not found"
        raise problem(str(yaml_path), f"{what}: a practice folder needs a "
                                      f"practice.yaml file ({hint})")


def _explain(problem: Problem, data: dict, src: SourceMap) -> Problem:
    """Hints for two easy slips: an unquoted '#...' colour (YAML reads it as a note, so
    the value is empty) and crisis lines written without their '- '."""
    if problem.path == "crisis_lines" and isinstance(data.get("crisis_lines"), dict):
        return src.problem(("crisis_lines",), "must be a list: start each crisis line with "
                                              "'- ' (a dash and a space) before its name")
    key = problem.path.partition(".")[2]
    if (problem.path.startswith("colours.") and isinstance(data.get("colours"), dict)
            and key in data["colours"] and data["colours"][key] is None):
        return src.problem(("colours", key), "is empty: put the colour in quotes, such as "
                                             "\"#1F4E79\" (without quotes, YAML reads '#' as "
                                             "the start of a note)")
    return problem


def _control_characters(node: Any, path: tuple, src: SourceMap) -> list[Problem]:
    """Control and text-direction characters inside values (written with YAML escapes)."""
    if isinstance(node, dict):
        return [p for k, v in node.items() for p in _control_characters(v, path + (k,), src)]
    if isinstance(node, list):
        return [p for i, v in enumerate(node) for p in _control_characters(v, path + (i,), src)]
    if not isinstance(node, str):
        return []
    multiline = len(path) == 1 and path[0] in MULTILINE_FIELDS
    for ch in node:
        if ch == "\n" and not multiline:
            return [src.problem(path, "must be on one line (only address and footer may "
                                      "run over several lines)")]
        if ch == "\t":
            return [src.problem(path, "contains a tab character; use spaces instead")]
        if ch in DIRECTION_CONTROLS:
            return [src.problem(path, direction_message(ch))]
        if ch != "\n" and unicodedata.category(ch) == "Cc":
            return [src.problem(path, f"contains an invisible control character "
                                      f"(U+{ord(ch):04X}); remove it")]
    return []


def _crisis_problems(data: dict, src: SourceMap, bad: set[str]) -> list[Problem]:
    """A country without built-in lines needs the practice's own lines and emergency number."""
    country = data.get("country", "US")
    if "country" in bad or not isinstance(country, str) or builtin_crisis(country) is not None:
        return []
    missing = [f for f in ("crisis_lines", "emergency_number") if data.get(f) is None]
    if not missing:
        return []
    return [src.problem(("country",), (
        f"there are no built-in crisis lines or emergency number for {country} "
        f"(built in: {known_list()}); "
        f"add {' and '.join(missing)} to this file with your local services "
        f"({ELSEWHERE_NOTE})"))]


def _crisis_for(model: Practice) -> tuple[tuple[CrisisLine, ...], str, tuple[CrisisLine, ...]]:
    """Crisis lines, emergency number, and other help lines.  A practice's own crisis lines
    replace the built-in ones, and the built-in treatment lines with them (the practice
    chose what its handouts list)."""
    builtin = builtin_crisis(model.country)
    if model.crisis_lines is not None:
        lines = tuple(CrisisLine(c.name, c.number, c.note or "") for c in model.crisis_lines)
        treatment: tuple[CrisisLine, ...] = ()
    else:
        assert builtin is not None  # checked in _crisis_problems
        lines, treatment = builtin.lines, builtin.treatment_lines
    emergency = model.emergency_number or (builtin.emergency if builtin else "")
    return lines, emergency, treatment


def _colour_problems(data: dict, src: SourceMap, bad: set[str]) -> list[Problem]:
    if any(p == "colours" or p.startswith("colours.") for p in bad):
        return []
    colours = data.get("colours") or {}
    if not isinstance(colours, dict):
        return []
    from .contrast import check_colours

    primary = colours.get("primary", Practice.model_fields["colours"].default.primary)
    accent = colours.get("accent", Practice.model_fields["colours"].default.accent)
    out = []
    for message in check_colours(primary, accent):
        where, sep, rest = message.partition(": ")
        key = where.split(".")[-1] if sep and where.startswith("colours.") else "primary"
        out.append(src.problem(("colours", key), rest if sep else message))
    return out

