"""Intakes: one client's answers on one date, from YAML/JSON files or CSV rows.

``read_intakes(path, catalog)`` returns every intake in the file, normalised
against the screeners, or raises :class:`ProblemList` with every problem found
(file:line:col, or for CSV the spreadsheet row:column).
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, Any, Optional

from pydantic import AfterValidator, BeforeValidator, Field

from .answers import normalise, show
from .catalog import Catalog
from .errors import Problem, ProblemList
from .model_errors import validate
from .model_types import Strict, Text
from .yaml_reader import SourceMap, read_yaml_file

MAX_INTAKE_BYTES = 1024 * 1024
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _client_text(value: str) -> str:
    for ch in value:
        if unicodedata.category(ch) in ("Cc", "Cf") and ch not in "\u200d\u200c":
            raise ValueError(f"contains a control character (U+{ord(ch):04X}); remove it")
    if value != value.strip():
        value = value.strip()
    if not value:
        raise ValueError("must not be blank")
    if value.startswith(FORMULA_START):
        raise ValueError("starts with '=', '+', '-' or '@' and would be read as a spreadsheet formula")
    return value


def _date_text(value: Any) -> Any:
    if not isinstance(value, str):
        raise ValueError("must be a date written as YYYY-MM-DD")
    return value


ClientText = Annotated[Text, AfterValidator(_client_text)]
DateField = Annotated[dt.date, BeforeValidator(_date_text), Field(strict=False)]


class Client(Strict):
    id: Annotated[ClientText, Field(max_length=64)]
    name: Optional[Annotated[ClientText, Field(max_length=10_000)]] = None
    preferred_name: Optional[Annotated[ClientText, Field(max_length=10_000)]] = None
    language: Optional[Annotated[Text, Field(pattern=r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$")]] = None
    date_of_birth: Optional[DateField] = None


class IntakeFile(Strict):
    client: Client
    date: DateField
    answers: dict[str, Any] = Field(min_length=1)


@dataclass
class Intake:
    """A validated intake: answers are option values, keyed by screener then item."""

    client: Client
    date: dt.date
    answers: dict[str, dict[str, Any]] = field(default_factory=dict)
    source: str = ""  # file name (and row, for CSV): for messages, never client data


def read_intakes(path: str | Path, catalog: Catalog | None = None) -> list[Intake]:
    """Read an intake file (.yaml, .yml, .json or .csv); raise ProblemList if anything is wrong."""
    catalog = catalog or Catalog()
    suffix = Path(path).suffix.lower()
    if suffix == ".csv":
        from .intake_csv import read_csv_intakes
        return read_csv_intakes(path, catalog)
    if suffix not in (".yaml", ".yml", ".json"):
        raise ProblemList([Problem(str(path), 0, 0, "",
                                   "unknown intake file type; use .yaml, .yml, .json or .csv")])
    doc = read_yaml_file(path, max_bytes=MAX_INTAKE_BYTES)
    return [intake_from_mapping(doc.data, doc.source, catalog)]


def intake_from_mapping(data: Any, source: SourceMap, catalog: Catalog) -> Intake:
    """Validate one intake mapping (with its source map); raise ProblemList."""
    if not isinstance(data, dict):
        raise ProblemList([source.problem((), "an intake must be a mapping with client, date and answers")])
    model, problems = validate(IntakeFile, data, source)
    answers, answer_problems = _answers(data.get("answers"), source, catalog)
    problems = [p for p in problems if not p.path.startswith("answers.")] + answer_problems
    if problems or model is None:
        raise ProblemList(problems)
    return Intake(model.client, model.date, answers, source.file)


def _answers(raw: Any, source: SourceMap, catalog: Catalog) -> tuple[dict, list[Problem]]:
    if not isinstance(raw, dict):
        return {}, []  # the model reports the shape problem
    out: dict[str, dict[str, Any]] = {}
    problems: list[Problem] = []
    for sid, items in raw.items():
        if not isinstance(sid, str) or not catalog.has(sid):
            problems.append(source.problem(("answers", sid),
                                           f"unknown screener {show(sid)} (known: {', '.join(catalog.ids())})",
                                           key=True))
            continue
        if items is None:
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
