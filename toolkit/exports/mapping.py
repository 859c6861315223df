"""Mapping files: which column of an export holds what (see docs/exports.md).

```yaml
format: google-forms            # toolkit | redcap | google-forms | qualtrics | csv
client:
  id: Client number             # the column with the client id (required)
  name: Full name               # optional; client data, never echoed
  sex: Sex                      # optional: female, male, other or not-given ...
  sex_codes: {F: female, M: male, "1": female, "2": male}   # ... or the export's own codes
date:
  column: Timestamp
  format: YYYY/MM/DD            # the time after the date is ignored
columns:
  "Over the last 2 weeks ... [Little interest or pleasure in doing things]": phq9.q1
recode:
  scales:  {phq9.frequency: {1: 0, 2: 1, 3: 2, 4: 3}}
  columns: {Q10: {1: "yes", 2: "no", 3: declined}}
wave: {column: Visit, order: [baseline, week 4]}   # optional: orders rows sharing a date
missing: {all: ["", NA, nan, "-99"], screeners: {phq9: ["7", "9"]}}   # "not answered" codes
not_asked: [phq9.q9]            # items this export did not ask (the only way to leave
                                # a critical item unmapped)
```

``date`` is either ``column`` (with ``format``) or ``fixed: YYYY-MM-DD`` (the
export has no date column; every row gets that date).

:func:`load_mapping` reads the file with the safe YAML reader, validates it
with a strict model (errors at ``file:line:col``) and checks it against the
screener catalog; :func:`toolkit.exports.header.check_header` checks it against an
export's header.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Collection, Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, Field, StrictInt, StrictStr, model_validator

from ..content.catalog import Catalog
from ..content.screener_model import Item, Screener
from ..core.errors import Problem, ProblemList
from ..core.messages import show
from ..core.model_errors import validate
from ..core.model_types import Strict, Text
from ..core.yaml_reader import SourceMap, read_yaml_file
from ..intake.answers import lookup_for, normalise
from ..intake.model import SexValue

MAX_MAPPING_BYTES = 1024 * 1024
FORMATS = ("toolkit", "redcap", "google-forms", "qualtrics", "csv")
Format = Literal["toolkit", "redcap", "google-forms", "qualtrics", "csv"]

# Named date formats: digits in this order; anything after the date (a time, a
# time zone such as "9:14:03 AM GMT") is allowed and ignored.
DATE_FORMATS: dict[str, tuple[str, str]] = {
    "YYYY-MM-DD": (r"(\d{4})-(\d{1,2})-(\d{1,2})", "ymd"),
    "YYYY/MM/DD": (r"(\d{4})/(\d{1,2})/(\d{1,2})", "ymd"),
    "MM/DD/YYYY": (r"(\d{1,2})/(\d{1,2})/(\d{4})", "mdy"),
    "DD/MM/YYYY": (r"(\d{1,2})/(\d{1,2})/(\d{4})", "dmy"),
    "DD.MM.YYYY": (r"(\d{1,2})\.(\d{1,2})\.(\d{4})", "dmy"),
    "MM-DD-YYYY": (r"(\d{1,2})-(\d{1,2})-(\d{4})", "mdy"),
    "DD-MM-YYYY": (r"(\d{1,2})-(\d{1,2})-(\d{4})", "dmy"),
}
DateFormat = Literal["YYYY-MM-DD", "YYYY/MM/DD", "MM/DD/YYYY", "DD/MM/YYYY", "DD.MM.YYYY",
                     "MM-DD-YYYY", "DD-MM-YYYY"]
_TIME = (r"(?:[T ]\s*\d{1,2}:\d{2}(?::\d{2}(?:[.,]\d+)?)?\s*(?:[AaPp]\.?[Mm]\.?)?"
         r"\s*(?:Z|UTC|GMT|[A-Z]{2,5})?\s*(?:[+-]\d{1,2}(?::?\d{2})?)?)?")
_DATE_RES = {name: re.compile(rf"^{pattern}{_TIME}$") for name, (pattern, _) in DATE_FORMATS.items()}

Column = Annotated[StrictStr, Field(min_length=1, max_length=5000)]
_ITEM_REF = re.compile(r"^[a-z0-9][a-z0-9_-]{0,63}\.[a-z0-9][a-z0-9_-]{0,63}$")


def _item_ref(value: str) -> str:
    if not _ITEM_REF.match(value):
        raise ValueError(f"{show(value)} is not <screener>.<item>, such as phq9.q1")
    return value


ItemRef = Annotated[StrictStr, AfterValidator(_item_ref)]
Code = Annotated[StrictStr, Field(min_length=1, max_length=200)]
Target = StrictInt | Annotated[StrictStr, Field(min_length=1, max_length=200)] | None


class ClientColumns(Strict):
    id: Column
    name: Column | None = None
    preferred_name: Column | None = None
    language: Column | None = None
    date_of_birth: Column | None = None
    date_of_birth_format: DateFormat = "YYYY-MM-DD"
    sex: Column | None = None
    # the export's codes for sex (e.g. REDCap's 1 and 2), compared trimmed and ignoring case;
    # without them a cell must read female, male, other or not-given
    sex_codes: dict[Annotated[StrictStr, Field(min_length=1, max_length=200)], SexValue] | None = None

    @model_validator(mode="after")
    def _codes_need_column(self) -> ClientColumns:
        if self.sex_codes is not None and self.sex is None:
            raise ValueError("sex_codes needs the sex column as well (sex: <column title>)")
        return self


CLIENT_FIELDS = ("name", "preferred_name", "language", "date_of_birth", "sex")


_ISO = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")


def _fixed_date(value: str) -> str:
    if not _ISO.match(value.strip()):
        raise ValueError(f"{show(value)} is not a date written as YYYY-MM-DD, such as 2026-11-20")
    try:
        dt.date.fromisoformat(value.strip())
    except ValueError:
        raise ValueError(f"{show(value)} is not a real date (check the month and the day)") from None
    return value.strip()


FixedDate = Annotated[StrictStr, AfterValidator(_fixed_date)]


class DateColumn(Strict):
    """The intake date: a column (with its format) or one fixed date for every row."""

    column: Column | None = None
    format: DateFormat | None = None
    fixed: FixedDate | None = None

    @model_validator(mode="after")
    def _one_way(self) -> DateColumn:
        if self.fixed is not None and (self.column is not None or self.format is not None):
            raise ValueError("give either column (with format) or fixed, not both")
        if self.fixed is None and self.column is None:
            raise ValueError("give the date column (column: ...) or, when the export has no date, "
                             "a fixed date for every row (fixed: YYYY-MM-DD)")
        return self

    @property
    def date_format(self) -> str:
        return self.format or "YYYY-MM-DD"


class Wave(Strict):
    """A wave or visit column ordering a client's rows that share a date."""

    column: Column
    order: list[Annotated[StrictStr, Field(min_length=1, max_length=200)]] | None = Field(
        default=None, min_length=1)


MissingCode = Annotated[StrictStr, Field(max_length=200)]


class Missing(Strict):
    """Codes that mean "not answered" (compared after trimming, ignoring case)."""

    all: list[MissingCode] = Field(default_factory=list)
    screeners: dict[Text, list[MissingCode]] = Field(default_factory=dict)
    columns: dict[Column, list[MissingCode]] = Field(default_factory=dict)


class Recode(Strict):
    scales: dict[Text, dict[Code, Target]] = Field(default_factory=dict)
    columns: dict[Column, dict[Code, Target]] = Field(default_factory=dict)


class MappingFile(Strict):
    format: Format
    client: ClientColumns
    date: DateColumn
    columns: dict[Column, ItemRef] = Field(min_length=1)
    recode: Recode = Recode()
    wave: Wave | None = None
    missing: Missing = Missing()
    not_asked: list[ItemRef] = Field(default_factory=list)


@dataclass(frozen=True)
class ExportMapping:
    """A checked mapping file: the model, where it came from, and per column the item."""

    file: str
    model: MappingFile
    source: SourceMap
    scale_recode: dict[str, dict[str, Any]] = field(default_factory=dict)  # answer column -> table

    @property
    def format(self) -> str:
        return self.model.format

    def client_columns(self) -> dict[str, str]:
        """Intake field -> export column, for the client fields given."""
        c = self.model.client
        out = {"id": c.id}
        for name in CLIENT_FIELDS:
            value = getattr(c, name)
            if value is not None:
                out[name] = value
        return out

    def used_columns(self) -> list[tuple[str, tuple]]:
        """(export column, mapping path of where it is named), in mapping order."""
        out = [(col, ("client", f)) for f, col in self.client_columns().items()]
        if self.model.date.column is not None:
            out.append((self.model.date.column, ("date", "column")))
        if self.model.wave is not None:
            out.append((self.model.wave.column, ("wave", "column")))
        out += [(col, ("columns", col)) for col in self.model.columns]
        return out

    def missing_for(self, column: str) -> frozenset[str]:
        """The codes that mean "not answered" in one answer column (trimmed, casefolded)."""
        m = self.model.missing
        sid = self.model.columns[column].partition(".")[0]
        codes = [*m.all, *m.screeners.get(sid, ()), *m.columns.get(column, ())]
        return frozenset(code.strip().casefold() for code in codes)

    def recode_for(self, column: str) -> dict[str, Any] | None:
        """The recode table of one answer column (per column first, else per scale), or None."""
        if column in self.model.recode.columns:
            return self.model.recode.columns[column]
        return self.scale_recode.get(column)


def load_mapping(path: str | Path, catalog: Catalog) -> ExportMapping:
    """Read and check a mapping file; raise ProblemList with every problem."""
    doc = read_yaml_file(path, max_bytes=MAX_MAPPING_BYTES)
    name = doc.source.file
    if not isinstance(doc.data, dict):
        raise ProblemList([doc.source.problem((), "a mapping file must be a mapping with format, "
                                                  "client, date and columns")])
    model, problems = validate(MappingFile, doc.data, doc.source)
    if model is None:
        raise ProblemList(short_paths(problems))
    scale_table, found = _check_catalog(model, doc.source, catalog)
    problems += found
    problems += _check_columns(model, doc.source)
    if problems:
        raise ProblemList(short_paths(problems))
    return ExportMapping(name, model, doc.source, scale_table)


def elide(text: str, limit: int = 60) -> str:
    """Long column titles (Google Forms questions) shortened in the middle, so the
    distinctive end (the grid row in brackets) stays visible."""
    one = " ".join(text.split())
    if len(one) <= limit:
        return one
    head = limit // 3
    return one[:head] + "..." + one[-(limit - head - 3):]


def short_paths(problems: list[Problem]) -> list[Problem]:
    out = []
    for p in problems:
        parts = p.path.split(".")
        if parts[:1] in (["columns"], ["recode"]) and len(p.path) > 60:
            head = ".".join(parts[:2] if parts[0] == "recode" else parts[:1])
            out.append(replace(p, path=f'{head}["{elide(p.path[len(head) + 1:], 50)}"]'))
        else:
            out.append(p)
    return out


def _check_columns(model: MappingFile, source: SourceMap) -> list[Problem]:
    """A column may be used once: as one client field, the date or one item."""
    problems = []
    first: dict[str, tuple] = {}
    where = [(col, ("client", f), False) for f in ("id", *CLIENT_FIELDS)
             if (col := getattr(model.client, f)) is not None]
    if model.date.column is not None:
        where.append((model.date.column, ("date", "column"), False))
    if model.wave is not None:
        where.append((model.wave.column, ("wave", "column"), False))
    where += [(col, ("columns", col), True) for col in model.columns]
    for col, path, key in where:
        if col in first:
            problems.append(source.problem(path, f"column {show(col, 60)} is already used for "
                                                 f"{_what(first[col])}; a column can be used once", key=key))
        else:
            first[col] = path
    return problems


def _what(path: tuple) -> str:
    if path[0] == "client":
        return f"client.{path[1]}"
    if path[0] == "date":
        return "the date"
    if path[0] == "wave":
        return "the wave"
    return "an answer"


def _check_catalog(model: MappingFile, source: SourceMap,
                   catalog: Catalog) -> tuple[dict[str, dict[str, Any]], list[Problem]]:
    """Every item exists, no item is given twice, every recode lands on a scale value.
    Returns (answer column -> its scale's recode table, problems)."""
    problems: list[Problem] = []
    item_of: dict[str, tuple[str, str]] = {}
    given: dict[str, str] = {}
    for column, ref in model.columns.items():
        sid, _, item = ref.partition(".")
        screener = _screener(sid, catalog, source, ("columns", column), problems)
        if screener is None:
            continue
        if not any(it.id == item for it in screener.items):
            problems.append(source.problem(("columns", column), f"screener '{sid}' has no item '{item}' "
                                           f"(items: {', '.join(it.id for it in screener.items)})"))
            continue
        if ref in given:
            line = source.keys.get(("columns", given[ref]), (0, 0))[0]
            problems.append(source.problem(("columns", column), f"{ref} is already given by another column "
                                                                f"(line {line}); an item can come from one column"))
            continue
        given[ref] = column
        item_of[column] = (sid, item)
    scale_table: dict[str, dict[str, Any]] = {}
    scale_recodes: dict[tuple[str, str], dict[str, Any]] = {}
    for ref, table in model.recode.scales.items():
        sid, dot, scale = ref.partition(".")
        path = ("recode", "scales", ref)
        if not dot:
            problems.append(source.problem(path, f"{show(ref)} is not <screener>.<scale>, such as "
                                                 "phq9.frequency", key=True))
            continue
        screener = _screener(sid, catalog, source, path, problems, key=True)
        if screener is None:
            continue
        if scale not in screener.scales:
            problems.append(source.problem(path, f"screener '{sid}' has no scale '{scale}' "
                                                 f"(scales: {', '.join(screener.scales)})", key=True))
            continue
        scale_item = next(it.id for it in screener.items if it.scale == scale) if any(
            it.scale == scale for it in screener.items) else None
        problems += _check_table(table, screener, scale_item, path, source)
        scale_recodes[(sid, scale)] = table
    for column, table in model.recode.columns.items():
        path = ("recode", "columns", column)
        if column not in model.columns:
            problems.append(source.problem(path, f"column {show(column, 60)} is not one of the answer "
                                                 "columns under columns:", key=True))
            continue
        if column not in item_of:
            continue  # its item is already reported
        sid, item = item_of[column]
        problems += _check_table(table, catalog.get(sid), item, path, source)
    for column, (sid, item) in item_of.items():
        scale = catalog.get(sid).item(item).scale
        if (sid, scale) in scale_recodes:
            scale_table[column] = scale_recodes[(sid, scale)]
    problems += _check_missing(model, source, catalog)
    problems += _check_critical(model, source, catalog, given)
    return scale_table, problems


def _check_missing(model: MappingFile, source: SourceMap, catalog: Catalog) -> list[Problem]:
    problems: list[Problem] = []
    for sid in model.missing.screeners:
        _screener(sid, catalog, source, ("missing", "screeners", sid), problems, key=True)
    for column in model.missing.columns:
        if column not in model.columns:
            problems.append(source.problem(("missing", "columns", column), f"column {show(column, 60)} is not "
                                           "one of the answer columns under columns:", key=True))
    return problems


def unmapped_critical(mapped: Iterable[str], screener_of: Callable[[str], Screener | None],
                      not_asked: Collection[str] = ()) -> list[tuple[str, Screener, Item]]:
    """The critical items (a ``critical`` rule: PHQ-9 q9, each ASQ question ...) of every
    screener with any item in ``mapped`` that are neither mapped nor ``not_asked``, as
    (``screener.item``, screener, item), screeners in the order ``mapped`` first names
    them.  ``screener_of`` gives None for a screener already reported as unknown.
    The one rule behind ``load_mapping``'s refusal and ``mapping init``'s warning."""
    mapped = list(mapped)
    out = []
    for sid in dict.fromkeys(ref.partition(".")[0] for ref in mapped):
        screener = screener_of(sid)
        if screener is None:
            continue
        for item in screener.items:
            ref = f"{sid}.{item.id}"
            if item.critical is not None and ref not in mapped and ref not in not_asked:
                out.append((ref, screener, item))
    return out


def _known(catalog: Catalog, sid: str) -> Screener | None:
    """The screener, or None when it is unknown or broken (reported elsewhere)."""
    if not catalog.has(sid):
        return None
    try:
        return catalog.get(sid)
    except ProblemList:
        return None


def _check_critical(model: MappingFile, source: SourceMap, catalog: Catalog,
                    given: dict[str, str]) -> list[Problem]:
    """not_asked names real, unmapped items; a screener with any item mapped has each of
    its critical items mapped or listed under not_asked (never silently left out)."""
    problems: list[Problem] = []
    not_asked: set[str] = set()
    for i, ref in enumerate(model.not_asked):
        sid, _, item = ref.partition(".")
        path = ("not_asked", i)
        screener = _screener(sid, catalog, source, path, problems)
        if screener is None:
            continue
        if not any(it.id == item for it in screener.items):
            problems.append(source.problem(path, f"screener '{sid}' has no item '{item}' "
                                                 f"(items: {', '.join(it.id for it in screener.items)})"))
        elif ref in given:
            problems.append(source.problem(path, f"{ref} is mapped under columns: (column "
                                                 f"{show(given[ref], 60)}), so it was asked; remove it "
                                                 "from not_asked"))
        not_asked.add(ref)
    for ref_c, screener, _ in unmapped_critical(given, lambda sid: _known(catalog, sid), not_asked):
        problems.append(source.problem(("columns",), (
            f"{ref_c} is a critical item of {screener.id} (a safety question) and no column is mapped to it: "
            f"map its column under columns: (\"<column>\": {ref_c}), or, if this export did not ask it, "
            f"list it under not_asked: [{ref_c}] so every output says it was not asked"), key=True))
    return problems


def _screener(sid: str, catalog: Catalog, source: SourceMap, path: tuple, problems: list[Problem],
              *, key: bool = False):
    if not catalog.has(sid):
        problems.append(source.problem(path, f"unknown screener '{sid}' (known: {', '.join(catalog.ids())})",
                                       key=key))
        return None
    try:
        return catalog.get(sid)
    except ProblemList as exc:  # a broken practice screener
        problems.extend(exc.problems)
        return None


def _check_table(table: dict[str, Any], screener, item: str | None, path: tuple,
                 source: SourceMap) -> list[Problem]:
    problems: list[Problem] = []
    if item is None:
        return problems
    _, allowed = lookup_for(screener)
    for code, target in table.items():
        if target is None:
            continue  # this code means "not answered"
        _, found = normalise(screener, {item: target})
        if found:
            problems.append(source.problem(path + (code,), f"{show(target)} is not a value of this scale; "
                                                           f"use one of: {allowed[item]}"))
    return problems


def parse_date(text: str, fmt: str) -> dt.date | None:
    """The date at the start of ``text`` written in the named format, or None."""
    found = read_date(text, fmt)
    return found if isinstance(found, dt.date) else None


def read_date(text: str, fmt: str) -> dt.date | str:
    """The date, or why not: "form" (not written in this format) or "real" (no such day)."""
    match = _DATE_RES[fmt].match(text.strip())
    if match is None:
        return "form"
    a, b, c = (int(g) for g in match.groups()[:3])
    order = DATE_FORMATS[fmt][1]
    y, m, d = (a, b, c) if order == "ymd" else (c, a, b) if order == "mdy" else (c, b, a)
    try:
        return dt.date(y, m, d)
    except ValueError:
        return "real"
