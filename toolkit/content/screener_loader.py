"""Read one screener file: safe YAML -> strict model -> cross-reference checks."""

from __future__ import annotations

from pathlib import Path

from ..core.errors import Problem, ProblemList
from ..core.hidden_text import direction_problems
from ..core.model_errors import validate
from ..core.yaml_reader import read_yaml_file
from .screener_checks import check_screener
from .screener_model import Screener


def load_screener_file(path: str | Path, *, display: str | None = None) -> Screener:
    """Load and fully validate a screener; raise ProblemList listing every problem."""
    doc = read_yaml_file(path, display=display)
    src = doc.source
    if not isinstance(doc.data, dict):
        raise ProblemList([src.problem((), "a screener file must be a mapping of fields (id, title, items, ...)")])
    hidden = direction_problems(doc.data, src)
    screener, problems = validate(Screener, doc.data, src)
    if screener is None:
        raise ProblemList(problems + hidden)
    found = hidden + [src.problem(path_, msg) for path_, msg in check_screener(screener)]
    stem = Path(path).stem
    if stem != screener.id:
        found.append(src.problem(("id",), f"'{screener.id}' does not match the file name '{stem}.yaml'; "
                                          "the id and the file name must be the same"))
    if found:
        raise ProblemList(found)
    return screener


__all__ = ["load_screener_file", "Problem"]
