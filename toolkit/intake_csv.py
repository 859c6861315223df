"""CSV intakes: one row per client.

Columns: ``client_id``, ``date``, optionally ``client_name``,
``client_preferred_name``, ``client_language``, ``client_date_of_birth``, then
``<screener>.<item>`` answer columns.  A UTF-8 byte-order mark is accepted.
Locations are spreadsheet row and column numbers (the header is row 1), so
``day.csv:3:5`` is the cell a practice manager sees as row 3, column E.
"""

from __future__ import annotations

import csv
import io
from dataclasses import replace
from pathlib import Path
from typing import Iterator, Union

from .catalog import Catalog
from .errors import Problem, ProblemList
from .intake import Intake, intake_from_mapping, known_screener
from .yaml_reader import SourceMap

MAX_CSV_BYTES = 10 * 1024 * 1024
CLIENT_COLUMNS = {
    "client_id": ("client", "id"),
    "client_name": ("client", "name"),
    "client_preferred_name": ("client", "preferred_name"),
    "client_language": ("client", "language"),
    "client_date_of_birth": ("client", "date_of_birth"),
    "date": ("date",),
}
REQUIRED = ("client_id", "date")
REQUIRED_PATHS = tuple(CLIENT_COLUMNS[c] for c in REQUIRED)
COLUMN_OF_PATH = {".".join(path): column for column, path in CLIENT_COLUMNS.items()}


def read_csv_intakes(path: str | Path, catalog: Catalog) -> list[Intake]:
    """Every row as an intake, or ProblemList with every problem of every row."""
    intakes: list[Intake] = []
    problems: list[Problem] = []
    for entry in iter_csv_intakes(path, catalog):
        if isinstance(entry, ProblemList):
            problems.extend(entry.problems)
        else:
            intakes.append(entry)
    if problems:
        raise ProblemList(problems)
    if not intakes:
        raise ProblemList([Problem(str(path), 1, 1, "", "no client rows: the file has a header but no answers")])
    return intakes


def iter_csv_intakes(path: str | Path, catalog: Catalog) -> Iterator[Union[Intake, ProblemList]]:
    """Yield each row as an Intake, or a ProblemList for a bad row; file-level
    problems (size, encoding, header) raise ProblemList before any row."""
    name = str(path)
    text = _read_text(path, name)
    if not text.strip():
        raise ProblemList([Problem(name, 1, 1, "", "file is empty")])
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        header = next(reader)
    except csv.Error as exc:
        raise ProblemList([Problem(name, 1, 1, "", _csv_error(exc))]) from None
    if not any(cell.strip() for cell in header):
        raise ProblemList([Problem(name, 1, 1, "", "row 1 is empty; it must be the header row "
                                                   "(client_id, date, then columns such as phq9.q1)")])
    columns = _header(header, name, catalog)
    seen: dict[tuple[str, str], int] = {}
    row_number = 1
    while True:
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            yield ProblemList([Problem(name, row_number + 1, 1, "", _csv_error(exc))])
            return
        row_number += 1
        if not any(cell.strip() for cell in row):
            continue  # blank rows are allowed
        if len(row) != len(header):
            yield ProblemList([Problem(name, row_number, 1, "",
                                       f"row has {len(row)} cells but the header has {len(header)} columns")])
            continue
        try:
            intake = _row_intake(row, row_number, columns, name, catalog)
        except ProblemList as exc:
            yield exc
            continue
        key = (intake.client.id, intake.date.isoformat())
        if key in seen:
            yield ProblemList([Problem(name, row_number, 1, "",
                                       f"same client id and date as row {seen[key]}")])
            continue
        seen[key] = row_number
        yield intake


def _csv_error(exc: csv.Error) -> str:
    text = str(exc)
    if "unexpected end of data" in text:
        return 'CSV format error: a cell that starts with a quote (") is never closed'
    if "expected after" in text:
        return ('CSV format error: text after the closing quote of a cell; '
                'a quote inside a quoted cell must be doubled ("")')
    return f"CSV format error: {text}"


def _read_text(path: str | Path, name: str) -> str:
    try:
        with open(path, "rb") as fh:
            raw = fh.read(MAX_CSV_BYTES + 1)
    except FileNotFoundError:
        raise ProblemList([Problem(name, 0, 0, "", "file not found")]) from None
    except IsADirectoryError:
        raise ProblemList([Problem(name, 0, 0, "", "is a folder, not a file")]) from None
    except OSError as exc:
        raise ProblemList([Problem(name, 0, 0, "", f"cannot be read ({exc.strerror})")]) from None
    if len(raw) > MAX_CSV_BYTES:
        raise ProblemList([Problem(name, 1, 1, "", f"file is larger than the {MAX_CSV_BYTES // (1024 * 1024)} MiB limit for one CSV")])
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise ProblemList([Problem(name, line, 1, "",
                                   "file is not UTF-8 text; export or save it as 'CSV UTF-8'")]) from None
    if "\x00" in text:
        raise ProblemList([Problem(name, text[: text.index("\x00")].count("\n") + 1, 1, "",
                                   "file contains a NUL character; is it really a CSV file?")])
    return text


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
        if not known_screener(catalog, sid):
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


def _row_intake(row: list[str], row_number: int, columns: list[tuple], name: str,
                catalog: Catalog) -> Intake:
    data: dict = {"client": {}, "answers": {}}
    source = SourceMap(f"{name}")
    source.values[()] = (row_number, 1)
    source.values[("client",)] = (row_number, 1)
    source.values[("answers",)] = (row_number, 1)
    for col, (path, cell) in enumerate(zip(columns, row), start=1):
        value = cell.strip()
        source.values[path] = (row_number, col)
        source.keys[path] = (row_number, col)
        if path[0] == "answers":
            data["answers"].setdefault(path[1], {})[path[2]] = value if value else None
            source.values[path[:2]] = (row_number, col)
        elif value or path in REQUIRED_PATHS:  # an empty required cell is reported at its column
            target = data
            for part in path[:-1]:
                target = target[part]
            target[path[-1]] = value
    if not any(v is not None for items in data["answers"].values() for v in items.values()):
        raise ProblemList([Problem(name, row_number, 1, "", "row has no answers")])
    try:
        return intake_from_mapping(data, source, catalog)
    except ProblemList as exc:  # name the column as it is in the header: phq9.q1, client_id
        raise ProblemList([replace(p, path=_column_name(p.path)) for p in exc.problems]) from None


def _column_name(path: str) -> str:
    if path.startswith("answers."):
        return path[len("answers."):]
    return COLUMN_OF_PATH.get(path, path)
