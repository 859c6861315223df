"""Intakes: one client's answers on one date, from YAML/JSON files or CSV rows.

``read_intakes(path, catalog)`` returns every intake in the file, normalised
against the screeners, or raises :class:`ProblemList` with every problem found
(file:line:col, or for CSV the spreadsheet row:column).
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Annotated, Any, Callable, Optional

from pydantic import AfterValidator, BeforeValidator

from .answers import normalise, show
from .catalog import Catalog
from .errors import Problem, ProblemList
from .model_errors import validate
from .model_types import Strict, Text
from .yaml_reader import SourceMap, read_yaml_file

MAX_INTAKE_BYTES = 1024 * 1024
FORMULA_START = ("=", "+", "-", "@")
_ISO_DATE = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")
_LANGUAGE = re.compile(r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$")
_DATE_HINT = "write it as YYYY-MM-DD, for example 2026-11-20"
_SCREENER_ID = re.compile(r"^[a-z0-9][a-z0-9_-]{0,63}$")  # the screener id rule (model_types.Id)


def known_screener(catalog: Catalog, sid: Any) -> bool:
    """True when ``sid`` names a screener.  Anything that is not an id is unknown
    without asking the catalog, so client text never becomes a file path
    (``../x``, ``a/b``, a name too long for the file system)."""
    return isinstance(sid, str) and bool(_SCREENER_ID.match(sid)) and catalog.has(sid)


def _client_text(limit: int) -> Callable[[str], str]:
    """Client text: one line, no control characters, no spreadsheet formula, at most ``limit``."""

    def check(value: str) -> str:
        value = value.strip()
        if not value:
            raise ValueError("must not be empty")
        for ch in value:
            if ch in "\r\n" or unicodedata.category(ch) in ("Zl", "Zp"):
                raise ValueError("contains a line break; put it on one line")
            if unicodedata.category(ch) in ("Cc", "Cf") and ch not in "\u200d\u200c":
                raise ValueError(f"contains a control character (U+{ord(ch):04X}); remove it")
        if len(value) > limit:
            raise ValueError(f"is {len(value)} characters long; the limit is {limit}")
        if value.startswith(FORMULA_START):
            raise ValueError(f"starts with '{value[0]}', so a spreadsheet would read it as a formula")
        return value

    return check


def _language(value: str) -> str:
    if not _LANGUAGE.match(value):
        raise ValueError(f"{show(value)} is not a language code; use a code such as en, es, fr or pt-BR")
    return value


def _date_check(echo: bool) -> Callable[[Any], Any]:
    """A date written as YYYY-MM-DD (text, as the YAML reader keeps it).  A birth
    date is client data: its value is never echoed in a message."""

    def check(value: Any) -> Any:
        shown = f"{show(value)} " if echo else ""
        if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
            return value  # from a Python caller
        if value is None or (isinstance(value, str) and not value.strip()):
            raise ValueError(f"is empty; {_DATE_HINT}")
        if isinstance(value, str) and _ISO_DATE.match(value.strip()):
            try:
                return dt.date.fromisoformat(value.strip())
            except ValueError:
                raise ValueError(f"{shown or 'this '}is not a real date (check the month and the day); "
                                 f"{_DATE_HINT}") from None
        raise ValueError(f"{shown or 'this '}is not a date; {_DATE_HINT}")

    return check


ClientId = Annotated[Text, AfterValidator(_client_text(64))]
ClientText = Annotated[Text, AfterValidator(_client_text(32_000))]  # generous: robustness, not a norm
Language = Annotated[Text, AfterValidator(_language)]
DateField = Annotated[dt.date, BeforeValidator(_date_check(echo=True))]
BirthDate = Annotated[dt.date, BeforeValidator(_date_check(echo=False))]


class Client(Strict):
    id: ClientId
    name: Optional[ClientText] = None
    preferred_name: Optional[ClientText] = None
    language: Optional[Language] = None
    date_of_birth: Optional[BirthDate] = None


class IntakeFile(Strict):
    client: Client
    date: DateField
    answers: dict[str, Any]


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
    if suffix == ".pdf":
        from .form_reader import read_pdf_intakes
        return read_pdf_intakes(path, catalog)
    if suffix not in (".yaml", ".yml", ".json"):
        raise ProblemList([Problem(str(path), 0, 0, "",
                                   "unknown intake file type; use .yaml, .yml, .json, .csv or .pdf")])
    try:
        doc = read_yaml_file(path, max_bytes=MAX_INTAKE_BYTES)
    except ProblemList as exc:
        if suffix != ".json":
            raise
        raise ProblemList([replace(p, message=p.message.replace("YAML syntax error", "JSON syntax error"))
                           for p in exc.problems]) from None
    return [intake_from_mapping(doc.data, doc.source, catalog)]


def intake_from_mapping(data: Any, source: SourceMap, catalog: Catalog) -> Intake:
    """Validate one intake mapping (with its source map); raise ProblemList."""
    if not isinstance(data, dict):
        raise ProblemList([source.problem((), "an intake must be a mapping with client, date and answers")])
    model, problems = validate(IntakeFile, data, source, private=("client",))
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
        if not known_screener(catalog, sid):
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
