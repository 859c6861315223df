"""Stream the rows of an intake export, one client at a time (see docs/exports.md).

```python
from toolkit.content.catalog import Catalog
from toolkit.exports.rows import RowError, RowOk, iter_export, load_mapping

catalog = Catalog()
mapping = load_mapping("mapping.yaml", catalog)        # not needed for our own CSV
for entry in iter_export("export.csv", catalog, mapping=mapping):
    if isinstance(entry, RowOk):
        ...  # entry.row (spreadsheet row), entry.intake
    else:
        ...  # entry.row, entry.problems (file:row:col, never client data)
```

* File-level problems (missing, not UTF-8, NUL byte, empty, unknown format, a
  mapping for another format, mapped columns missing from the header) raise
  :class:`~toolkit.core.errors.ProblemList` when :func:`iter_export` is called,
  before the first row.
* Then one :class:`RowOk` or :class:`RowError` per non-blank data row, in file
  order; a bad row never stops the others.  Blank rows are skipped.  The same
  client id on the same date twice: the later row is a RowError (one client's
  documents must never overwrite another's); the same id on other dates is fine.
* Memory stays flat: the file is read a record at a time (a first pass in
  1 MiB chunks checks the encoding), and only a 64-bit digest and a row number
  per (client, date), about 24 bytes, are kept to find duplicates.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, replace
from itertools import chain
from pathlib import Path
from typing import Any

from ..content.catalog import Catalog, ScreenerMap
from ..core.csv_stream import CsvFormatError, PassDigest, is_blank, records
from ..core.errors import ProblemCollector, ProblemList, problem
from ..core.messages import kind_of
from ..core.whole_numbers import as_whole_number
from ..intake.csv_file import plan_from_header
from ..intake.rows import NO_ANSWERS, UNANSWERED, Cell, RowError, RowOk, RowPlan, RowResult, iter_rows
from ..scoring.intakes import raises_urgent_flag
from .formats import (
    GENERIC,
    LABELS,
    REDCAP_META,
    Sniffed,
    detect_format,
    sniff,
    unknown_format,
)
from .header import check_header
from .mapping import FORMATS, ExportMapping, load_mapping, read_date

__all__ = ["FORMATS", "ExportRows", "ExportMapping", "RowError", "RowOk", "RowResult", "count_rows",
           "detect_format", "iter_export", "load_mapping"]


class ExportRows:
    """The rows of one export: an iterator of RowOk / RowError.

    ``format`` is the export's format, ``first_row`` the spreadsheet row number
    of the first data row (``header_rows`` + 1).  A RowError whose readable
    answers raise an urgent safety flag (in any reading of a row whose cells do not
    line up with the header) comes with ``urgent`` set.  ``digest`` receives every
    byte read, so two passes can tell that they read the same file.  Close it (or
    use it in a ``with`` block) to release the file early; it is closed when
    exhausted."""

    def __init__(self, fmt: str, first_row: int, rows: Iterator[RowResult], path: str | Path,
                 catalog: Catalog, digest: PassDigest | None = None):
        self.format = fmt
        self.first_row = first_row
        self.header_rows = first_row - 1
        self.path = path
        self.digest = digest if digest is not None else PassDigest()
        self._rows = rows
        self._catalog = catalog

    def __iter__(self) -> ExportRows:
        return self

    def __next__(self) -> RowResult:
        entry = next(self._rows)
        if isinstance(entry, RowError) and entry.readings():
            screeners = ScreenerMap(self._catalog)
            return replace(entry, urgent=any(raises_urgent_flag(r, screeners) for r in entry.readings()))
        return entry

    def close(self) -> None:
        close = getattr(self._rows, "close", None)
        if close is not None:
            close()

    def __enter__(self) -> ExportRows:
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()


def iter_export(path: str | Path, catalog: Catalog, *,
                mapping: ExportMapping | str | Path | None = None) -> ExportRows:
    """Stream an export's rows as RowOk / RowError (see the module notes).

    ``mapping``: a :class:`ExportMapping` (from :func:`load_mapping`) or the path of a
    mapping file; needed for every format but our own CSV."""
    name = str(path)
    digest = PassDigest()
    if isinstance(mapping, (str, Path)):
        mapping = load_mapping(mapping, catalog)
    found = sniff(path, name, assume=mapping.format if mapping is not None else None)
    if mapping is None:
        if found.format is None:
            raise ProblemList([unknown_format(name)])
        if found.format != "toolkit":
            raise problem(name, f"this looks like a {LABELS[found.format]} export; "
                                f"it needs a mapping file (draft one with "
                                f"`toolkit mapping init {Path(name).name}`)", line=1, col=1)
        plan = plan_from_header(found.header, name, catalog)
        return ExportRows("toolkit", 2, iter_rows(_data(path, name, 1, digest), plan, name, catalog), path,
                          catalog, digest)
    if mapping.format != GENERIC and found.format is not None and found.format != mapping.format:
        raise ProblemList([mapping.source.problem(("format",), (
            f"the mapping is for {LABELS[mapping.format]} exports, but {name} looks like a "
            f"{LABELS[found.format]} export"))])
    plan = mapping_plan(mapping, found, name)
    rows = iter_rows(_data(path, name, found.header_rows, digest), plan, name, catalog)
    return ExportRows(mapping.format, found.header_rows + 1, rows, path, catalog, digest)


def _data(path: str | Path, name: str, header_rows: int, digest: PassDigest | None = None) -> Iterator:
    stream = records(path, name, digest=digest)
    for _ in range(header_rows):
        record = next(stream, None)
        if isinstance(record, CsvFormatError):
            return chain([record], stream)  # reported at its row; the rows after it are read on
    return stream


def mapping_plan(mapping: ExportMapping, found: Sniffed, name: str) -> RowPlan:
    """The plan of a mapped export; ProblemList if a mapped column is missing or doubled."""
    index, problems = check_header(mapping, found.header, name)
    if problems:
        raise ProblemList(problems)
    model = mapping.model
    cells: list[Cell] = []
    for field, column in mapping.client_columns().items():
        convert = _birth_date(model.client.date_of_birth_format) if field == "date_of_birth" else None
        if field == "sex" and model.client.sex_codes is not None:
            convert = _sex_code(model.client.sex_codes)
        cells.append(Cell(index[column], ("client", field), f"client.{field}", convert))
    fixed: dict[tuple, Any] = {}
    if model.date.fixed is not None:
        fixed[("date",)] = model.date.fixed
    else:
        assert model.date.column is not None  # the model requires column or fixed
        cells.append(Cell(index[model.date.column], ("date",), "date", _date(model.date.date_format)))
    wave = None
    if model.wave is not None:
        wave = Cell(index[model.wave.column], ("wave",), "wave", _wave(model.wave.order))
    answer_cells = []
    for column, ref in model.columns.items():
        sid, _, item = ref.partition(".")
        cell = Cell(index[column], ("answers", sid, item), ref,
                    _answer(mapping.recode_for(column), mapping.missing_for(column)))
        cells.append(cell)
        answer_cells.append(cell.index)
    skip = None
    titles = [t.strip() for t in found.header]
    meta = [titles.index(t) for t in ("redcap_event_name", "redcap_repeat_instrument") if t in titles]
    if mapping.format == "redcap" and meta:

        def skip(cells: list[str]) -> bool:
            """A row of another event or repeating instrument, with none of the mapped answers:
            not an intake (a longitudinal project has one such row per event and record)."""
            return any(cells[i].strip() for i in meta) and all(not cells[i].strip() for i in answer_cells)
    return RowPlan(tuple(cells), len(found.header), skip=skip, fixed=fixed,
                   not_asked=frozenset(model.not_asked), wave=wave)


def _date(fmt: str):
    def convert(text: str) -> tuple[str | None, str | None]:
        value = read_date(text, fmt)
        if value == "real":
            return None, "is not a real date (check the month and the day)"  # a cell is client data: never shown
        if isinstance(value, str):
            return None, f"is not a date written as {fmt} (the mapping's date format)"
        return value.isoformat(), None
    return convert


def _birth_date(fmt: str):
    def convert(text: str) -> tuple[str | None, str | None]:
        value = read_date(text, fmt)  # client data: the value is never shown
        if value == "real":
            return None, "is not a real date (check the month and the day)"
        if isinstance(value, str):
            return None, f"is not a date written as {fmt} (the mapping's date_of_birth_format)"
        return value.isoformat(), None
    return convert


def _sex_code(codes: Mapping[str, str]):
    """A sex cell read through the mapping's sex_codes (trimmed, ignoring case)."""
    table = {code.strip().casefold(): value for code, value in codes.items()}

    def convert(text: str) -> tuple[str | None, str | None]:
        value = table.get(text.strip().casefold())
        if value is None:  # client data: the cell is never shown
            return None, f"is not one of the mapping's sex_codes ({', '.join(codes)})"
        return value, None
    return convert


def _answer(table: dict[str, Any] | None, missing: frozenset[str]):
    """An answer cell as exports write it: a missing-value code is unanswered, a
    whole-number decimal (``1.0``) is the whole number, then the recode (if any)."""
    recode = _recode(table) if table is not None else None
    if recode is None and not missing:
        return _whole

    def convert(text: str) -> tuple[Any, str | None]:
        value, _ = _whole(text)
        if text.strip().casefold() in missing or value.strip().casefold() in missing:
            return UNANSWERED, None  # "9.0" is the code "9"
        if recode is None:
            return value, None
        if value != text and value not in recode.codes and text in recode.codes:
            value = text  # the recode names "1.0" itself
        return recode(value)
    return convert


def _whole(text: str) -> tuple[str, None]:
    return as_whole_number(text), None


def _wave(order: list[str] | None):
    """A wave cell -> ((wave text, sort key), problem): with an order, its place in it; else
    numbers numerically, then text in order of first appearance."""
    if order is not None:
        place = {w.strip().casefold(): i for i, w in enumerate(order)}
        shown = ", ".join(order)
        if len(shown) > 80:
            shown = shown[:77] + "..."

        def by_order(text: str) -> tuple[Any, str | None]:
            key = text.strip().casefold()
            if key not in place:
                return (None, ()), f"is not one of the waves in the mapping's order ({shown})"
            return (key, (place[key],)), None
        return by_order
    seen: dict[str, int] = {}

    def natural(text: str) -> tuple[Any, str | None]:
        key = text.strip().casefold()
        try:
            number = float(key)
        except ValueError:
            number = None
        if number is not None and number == number and abs(number) != float("inf"):
            return (f"{number:g}", (0, number, 0)), None
        if key not in seen and len(seen) < 10_000:
            seen[key] = len(seen)
        return (key, (1, 0.0, seen.get(key, len(seen)))), None
    return natural


class _Recode:
    def __init__(self, table: dict[str, Any]):
        codes = ", ".join(table)
        self.shown = codes[:77] + "..." if len(codes) > 80 else codes
        self.codes = {code.strip(): (int(v) if isinstance(v, int) else v) for code, v in table.items()}

    def __call__(self, text: str) -> tuple[Any, str | None]:
        if text in self.codes:
            value = self.codes[text]
            return (UNANSWERED if value is None else value), None
        return None, f"is {kind_of(text)}, not one of the codes in the mapping's recode ({self.shown})"


def _recode(table: dict[str, Any]) -> _Recode:
    return _Recode(table)


def count_rows(path: str | Path, *, header_rows: int | None = None) -> int:
    """Non-blank data rows of an export (a separate streaming pass, for progress bars).
    ``header_rows``: how many rows come before the data; by default from the format
    (3 for a Qualtrics export with its ImportId row, else 1)."""
    if header_rows is None:
        header_rows = sniff(path, str(path)).header_rows
    n = 0
    for record in _data(path, str(path), header_rows):
        if isinstance(record, CsvFormatError) or not is_blank(record[1]):
            n += 1
    return n


def is_redcap_meta(title: str) -> bool:
    return title in REDCAP_META or title.endswith("_complete")


@dataclass(frozen=True)
class ExportCheck:
    """What ``toolkit mapping check`` found in an export with no problem in it."""

    rows: int  # rows that became intakes
    rows_without_answers: tuple[int, ...] = ()  # row numbers with none of the mapped answers (batch skips them)


def check_export(path: str | Path, catalog: Catalog, *,
                 mapping: ExportMapping | str | Path | None = None) -> ExportCheck:
    """Read every row of an export (through its mapping); return how many rows
    became intakes and which had no mapped answer at all (not a problem: ``toolkit
    batch`` skips them), or raise :class:`ProblemList` with every problem of every
    row.  Nothing is written (``toolkit mapping check``)."""
    good = 0
    empty: list[int] = []
    problems = ProblemCollector()
    with iter_export(path, catalog, mapping=mapping) as rows:
        for entry in rows:
            if isinstance(entry, RowOk):
                good += 1
            elif has_no_answers(entry):
                empty.append(entry.row)
            else:
                problems.extend(entry.problems)
    if problems:
        raise problems.error()
    if not good:
        raise problem(str(path), "no client rows: the file has a header but no answers", line=1, col=1)
    return ExportCheck(good, tuple(empty))


def has_no_answers(error: RowError) -> bool:
    """A row with none of the mapped answers (NHANES writes one per participant who was
    not asked): nothing to score and nothing to lose.  Such a row has exactly this problem."""
    return not error.urgent and len(error.problems) == 1 and error.problems[0].message == NO_ANSWERS
