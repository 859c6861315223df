"""One intake mapping (from any reader, with its source map) -> a validated :class:`Intake`.

Every reader ends here: a YAML or JSON file, a CSV row, a filled form.  Answers
are normalised against their screeners (labels or values; anything else is a
problem naming the item and the kind of value, never the value and never a silent 0), and every problem of
the intake is reported together at file:line:col (or row:column).
"""

from __future__ import annotations

from typing import Any

from ..content.catalog import Catalog
from ..core.errors import Problem, ProblemList
from ..core.messages import show
from ..core.model_errors import validate
from ..core.yaml_reader import SourceMap
from .answers import normalise
from .model import Intake, IntakeFile


def intake_from_mapping(data: Any, source: SourceMap, catalog: Catalog) -> Intake:
    """Validate one intake mapping (with its source map); raise ProblemList."""
    if not isinstance(data, dict):
        raise ProblemList([source.problem((), "an intake must be a mapping with client, date and answers")])
    model, problems = validate(IntakeFile, data, source, private=tuple(IntakeFile.model_fields))  # all client data
    answers, answer_problems = _answers(data.get("answers"), source, catalog)
    problems = [p for p in problems if not p.path.startswith("answers.")] + answer_problems
    if isinstance(data.get("answers"), dict) and not answer_problems and not any(answers.values()):
        problems.append(source.problem(("answers",), "no question is answered; an intake needs at least one answer"))
    if problems or model is None:
        raise ProblemList(problems)
    return Intake(model.client, model.date, answers, source.file)


def _answers(raw: Any, source: SourceMap, catalog: Catalog) -> tuple[dict, list[Problem]]:
    if not isinstance(raw, dict):
        return {}, []  # the model reports the shape problem
    out: dict[str, dict[str, Any]] = {}
    problems: list[Problem] = []
    for sid, items in raw.items():
        if not catalog.has(sid):
            problems.append(source.problem(("answers", sid),
                                           f"unknown screener {show(sid)} (known: {', '.join(catalog.ids())})",
                                           key=True))
            continue
        if items is None:
            out[sid] = {}  # listed but nothing answered, as an empty mapping
            continue
        if not isinstance(items, dict):
            problems.append(source.problem(("answers", sid), "must be a mapping of item: answer"))
            continue
        try:
            screener = catalog.get(sid)
        except ProblemList as exc:
            problems.extend(exc.problems)
            continue
        values, found = normalise(screener, items)
        for item_id, message in found:
            key = item_id not in items or not any(it.id == item_id for it in screener.items)
            problems.append(source.problem(("answers", sid, item_id), message, key=key))
        out[sid] = values
    return out, problems
