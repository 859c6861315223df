"""CSV intakes: one row per client.

Columns: ``client_id``, ``date``, optionally ``client_name``,
``client_preferred_name``, ``client_language``, ``client_date_of_birth``, ``client_sex``, then
``<screener>.<item>`` answer columns.  A UTF-8 byte-order mark is accepted.
Locations are spreadsheet row and column numbers (the header is row 1), so
``day.csv:3:5`` is the cell a practice manager sees as row 3, column E.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from ..content.catalog import Catalog
from ..core.csv_stream import CsvFormatError, check_file, records
from ..core.errors import Problem, ProblemCollector, ProblemList, problem
from .model import Intake
from .rows import Cell, RowError, RowOk, RowPlan, RowResult, iter_rows

MAX_CSV_BYTES = 10 * 1024 * 1024
CLIENT_COLUMNS = {
    "client_id": ("client", "id"),
    "client_name": ("client", "name"),
    "client_preferred_name": ("client", "preferred_name"),
    "client_language": ("client", "language"),
    "client_date_of_birth": ("client", "date_of_birth"),
    "client_sex": ("client", "sex"),
    "date": ("date",),
}
REQUIRED = ("client_id", "date")
REQUIRED_PATHS = tuple(CLIENT_COLUMNS[c] for c in REQUIRED)
COLUMN_OF_PATH = {".".join(path): column for column, path in CLIENT_COLUMNS.items()}


def read_csv_intakes(path: str | Path, catalog: Catalog) -> list[Intake]:
    """Every row as an intake, or ProblemList with every problem of every row."""
    intakes: list[Intake] = []
    problems = ProblemCollector()
    for entry in iter_csv_rows(path, catalog, max_bytes=MAX_CSV_BYTES):
        if isinstance(entry, RowError):
            problems.extend(entry.problems)
        else:
            intakes.append(entry.intake)
    if problems:
        raise problems.error()
    if not intakes:
        raise problem(str(path), "no client rows: the file has a header but no answers", line=1, col=1)
    return intakes


def iter_csv_intakes(path: str | Path, catalog: Catalog) -> Iterator[Intake | ProblemList]:
    """Yield each row as an Intake, or a ProblemList for a bad row; file-level
    problems (size, encoding, header) raise ProblemList before any row."""
    for entry in iter_csv_rows(path, catalog, max_bytes=MAX_CSV_BYTES):
        yield entry.intake if isinstance(entry, RowOk) else ProblemList(list(entry.problems))


def iter_csv_rows(path: str | Path, catalog: Catalog, *,
                  max_bytes: int | None = None) -> Iterator[RowResult]:
    """Stream the rows of one of our own CSV files as RowOk / RowError.

    File-level problems (missing, too large, not UTF-8, bad header) raise
    ProblemList here, before the first row; the rows are then read one at a
    time, so memory stays flat whatever the file's size."""
    name = str(path)
    plan = csv_plan(path, name, catalog, max_bytes=max_bytes)
    return iter_rows(_data_records(path, name), plan, name, catalog)


def csv_plan(path: str | Path, name: str, catalog: Catalog, *, max_bytes: int | None = None) -> RowPlan:
    """Check the file and read its header: the plan of our own CSV format."""
    check_file(path, name, max_bytes=max_bytes)
    first = next(records(path, name), None)
    if isinstance(first, CsvFormatError):
        raise problem(name, first.message, line=1, col=first.col)
    header = first[1] if first is not None else []
    return plan_from_header(header, name, catalog)


def plan_from_header(header: list[str], name: str, catalog: Catalog) -> RowPlan:
    """The plan of our own CSV format from its header row; ProblemList for a bad header."""
    if not any(cell.strip() for cell in header):
        raise problem(name, "row 1 is empty; it must be the header row "
                            "(client_id, date, then columns such as phq9.q1)", line=1, col=1)
    columns = _header(header, name, catalog)
    cells = tuple(Cell(i, p, _column_name(".".join(p))) for i, p in enumerate(columns) if p)
    return RowPlan(cells, len(header), rename=dict(COLUMN_OF_PATH))


def _data_records(path: str | Path, name: str) -> Iterator:
    stream = records(path, name)
    next(stream, None)  # the header, read by csv_plan
    return stream


def _header(header: list[str], name: str, catalog: Catalog) -> list[tuple]:
    """Map each column to a data path; raise ProblemList for a bad header."""
    problems: list[Problem] = []
    columns: list[tuple] = []
    seen: dict[str, int] = {}
    for col, raw in enumerate(header, start=1):
        title = raw.strip()
        key = title.lower()
        if key in seen:
            problems.append(Problem(name, 1, col, "", f"column '{title}' appears twice (first in column {seen[key]})"))
        seen[key] = col
        if key in CLIENT_COLUMNS:
            columns.append(CLIENT_COLUMNS[key])
            continue
        sid, dot, item = title.partition(".")
        if not dot or not sid or not item:
            problems.append(Problem(name, 1, col, "",
                                    f"unknown column '{title}'; expected client_id, client_name, date "
                                    "or <screener>.<item> such as phq9.q1"))
            columns.append(())
            continue
        if not catalog.has(sid):
            problems.append(Problem(name, 1, col, "", f"column '{title}': unknown screener '{sid}' "
                                                      f"(known: {', '.join(catalog.ids())})"))
            columns.append(())
            continue
        try:
            items = [it.id for it in catalog.get(sid).items]
        except ProblemList as exc:  # a broken practice screener
            problems.extend(exc.problems)
            items = [item]
        if item not in items:
            problems.append(Problem(name, 1, col, "", f"column '{title}': screener '{sid}' has no item "
                                                      f"'{item}' (items: {', '.join(items)})"))
            columns.append(())
            continue
        columns.append(("answers", sid, item))
    for required in REQUIRED:
        if required not in seen:
            problems.append(Problem(name, 1, 1, "", f"required column '{required}' is missing"))
    if problems:
        raise ProblemList(problems)
    return columns


def _column_name(path: str) -> str:
    if path.startswith("answers."):
        return path[len("answers."):]
    return COLUMN_OF_PATH.get(path, path)
