"""One spreadsheet row -> one intake, shared by our own CSV and the export formats.

A :class:`RowPlan` says, for each column used, where its cell goes in an intake
(``client.id``, ``date``, ``answers.<screener>.<item>``), how to convert it
(a date written as MM/DD/YYYY, a Qualtrics code recoded to the scale's value)
and what a message calls it.  :func:`iter_rows` turns a stream of records into
:class:`RowOk` / :class:`RowError`, one per non-blank data row, so a bad row
never stops the others.

Messages never hold client data: the client id, name and birth date are never
echoed, and columns the plan does not use (free text, e-mail addresses) are
never read at all.  An answer value of a coded item is named in the message
about that value, as for YAML intakes.
"""

from __future__ import annotations

import hashlib
from array import array
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace
from typing import Any

from ..content.catalog import Catalog
from ..core.csv_stream import CsvFormatError, is_blank
from ..core.errors import Problem, ProblemList
from ..core.yaml_reader import SourceMap
from .model import Intake
from .validation import intake_from_mapping

Convert = Callable[[str], tuple[Any, str | None]]  # cell text -> (value, problem message or None)


@dataclass(frozen=True)
class RowOk:
    """A data row that became an intake; ``row`` is its spreadsheet row number."""

    row: int
    intake: Intake


@dataclass(frozen=True)
class RowError:
    """A data row that could not become an intake, with every problem found in it.

    ``answers`` holds the row's answer cells that could be read (screener -> item
    -> raw text), so a stage that may score can tell whether they raise an urgent
    safety flag (:func:`toolkit.scoring.intakes.raises_urgent_flag`): such a row
    must never sit unseen in an error list.  ``urgent`` is that verdict, filled in
    by the export reader (:func:`toolkit.exports.rows.iter_export`); a reader
    never scores."""

    row: int
    problems: tuple[Problem, ...]
    answers: dict[str, dict[str, Any]] = field(default_factory=dict, compare=False, repr=False)
    urgent: bool = False
    client_id: str | None = field(default=None, compare=False, repr=False)  # when it could be read
    # a row with more or fewer cells than the header: its answers read at each shift its
    # cells could have (``answers`` is the reading as the cells stand); any may be the true one
    other_readings: tuple[dict[str, dict[str, Any]], ...] = field(default=(), compare=False, repr=False)

    def readings(self) -> tuple[dict[str, dict[str, Any]], ...]:
        """Every reading of the row's answers that may be the true one."""
        return (self.answers, *self.other_readings) if self.answers or self.other_readings else ()


RowResult = RowOk | RowError


@dataclass(frozen=True)
class Cell:
    """One used column: 0-based index, intake path, name in messages, converter."""

    index: int
    path: tuple
    label: str
    convert: Convert | None = None


@dataclass(frozen=True)
class RowPlan:
    cells: tuple[Cell, ...]
    width: int  # cells a complete row has (the header's length)
    required: tuple[tuple, ...] = (("client", "id"), ("date",))
    skip: Callable[[list[str]], bool] | None = None  # rows that are not intakes (REDCap repeats)
    rename: dict[str, str] = field(default_factory=dict)  # intake path -> name in messages
    fixed: dict[tuple, Any] = field(default_factory=dict)  # intake path -> the same value for every row
    not_asked: frozenset[str] = frozenset()  # "<screener>.<item>" the export did not ask
    wave: Cell | None = None  # a wave/visit column; its converter returns (wave text, sort key)


class Unanswered(str):
    """A converter's value for a missing-value code ("NA", "-99"): not answered, not a problem."""


UNANSWERED = Unanswered("")
NO_ANSWERS = "row has no answers"
"""The one problem of a row with none of the mapped answers (``toolkit batch`` skips such rows)."""


def _label(plan: RowPlan, path: str) -> str:
    if path in plan.rename:
        return plan.rename[path]
    if path.startswith("answers."):
        return path[len("answers."):]
    return path


def row_intake(cells: list[str], row: int, plan: RowPlan, name: str, catalog: Catalog) -> Intake:
    """The intake of one row, or ProblemList with every problem of the row."""
    data: dict = {"client": {}, "answers": {}}
    source = SourceMap(name)
    source.values[()] = (row, 1)
    source.values[("client",)] = (row, 1)
    source.values[("answers",)] = (row, 1)
    problems: list[Problem] = []
    failed: set[str] = set()
    answered = False
    for fixed_path, fixed_value in plan.fixed.items():
        target = data
        for part in fixed_path[:-1]:
            target = target.setdefault(part, {})
        target[fixed_path[-1]] = fixed_value
    for cell in plan.cells:
        raw = cells[cell.index].strip() if cell.index < len(cells) else ""
        path = cell.path
        col = cell.index + 1
        source.values[path] = (row, col)
        source.keys[path] = (row, col)
        value: Any = raw if raw else None
        if not raw and cell.convert is not None and path in plan.required:
            problems.append(Problem(name, row, col, cell.label, "is empty"))  # the format is the mapping's
            failed.add(".".join(path))
        given = bool(raw)
        if raw and cell.convert is not None:
            value, message = cell.convert(raw)
            if message is not None:
                problems.append(Problem(name, row, col, cell.label, message))
                failed.add(".".join(path))
                value = None
            elif isinstance(value, Unanswered):
                value, given = None, False  # a missing-value code: unanswered
        if path[0] == "answers":
            answered = answered or given
            data["answers"].setdefault(path[1], {})[path[2]] = value
            source.values[path[:2]] = (row, col)
        elif value is not None or path in plan.required:  # an empty required cell is reported at its column
            target = data
            for part in path[:-1]:
                target = target.setdefault(part, {})
            target[path[-1]] = value if value is not None else ""
    if not answered:
        raise _RowProblems([Problem(name, row, 1, "", NO_ANSWERS)], {}, _client_id(cells, plan, []))
    try:
        intake = intake_from_mapping(data, source, catalog)
    except ProblemList as exc:
        found = [replace(p, path=_label(plan, p.path)) for p in exc.problems
                 if p.path not in failed and not (failed and p.path == "answers")]
        raise _RowProblems(problems + found, data["answers"],
                           _client_id(cells, plan, problems + list(exc.problems))) from None
    if problems:
        raise _RowProblems(problems, data["answers"], intake.client.id)
    if plan.not_asked:
        intake.not_asked = plan.not_asked
    if plan.wave is not None:
        raw = cells[plan.wave.index].strip() if plan.wave.index < len(cells) else ""
        if raw and plan.wave.convert is not None:
            (wave, visit), message = plan.wave.convert(raw)
            if message is not None:
                raise _RowProblems([Problem(name, row, plan.wave.index + 1, plan.wave.label, message)],
                                   data["answers"], intake.client.id)
            intake.wave, intake.visit = wave, visit
    return intake


MAX_SHIFTS = 32  # a row misaligned by more is read at the shifts 0..32 and at its full shift


def misaligned_readings(cells: list[str], plan: RowPlan) -> tuple[dict[str, dict[str, Any]], ...]:
    """The answers of a row with more (or fewer) cells than the header, read at each
    shift its cells may have: one cell too many put in before an answer moves that
    answer one cell right, so with ``k`` cells too many every answer is at its column
    or up to ``k`` cells right of it (left, for cells too few).  Distinct readings only."""
    extra = len(cells) - plan.width
    step = 1 if extra >= 0 else -1
    shifts = sorted({*range(0, min(abs(extra), MAX_SHIFTS) + 1), abs(extra)})
    readings: list[dict[str, dict[str, Any]]] = []
    for shift in shifts:
        reading = _answers_at(cells, plan, shift * step)
        if reading not in readings:
            readings.append(reading)
    return tuple(readings)


def _answers_at(cells: list[str], plan: RowPlan, shift: int) -> dict[str, dict[str, Any]]:
    answers: dict[str, dict[str, Any]] = {}
    for cell in plan.cells:
        if cell.path[0] != "answers":
            continue
        at = cell.index + shift
        raw = cells[at].strip() if 0 <= at < len(cells) else ""
        value: Any = raw or None
        if raw and cell.convert is not None:
            value, message = cell.convert(raw)
            if message is not None or isinstance(value, Unanswered):
                value = None
        answers.setdefault(cell.path[1], {})[cell.path[2]] = value
    return answers


def _client_id(cells: list[str], plan: RowPlan, problems: list[Problem]) -> str | None:
    """The row's client id when it could be read: its cell is there and no problem is about it."""
    for cell in plan.cells:
        if cell.path == ("client", "id"):
            raw = cells[cell.index].strip() if cell.index < len(cells) else ""
            if raw and not any(p.col == cell.index + 1 for p in problems):
                return raw
    return None


class _RowProblems(ProblemList):
    """The problems of a row, with the answers that could be read."""

    def __init__(self, problems: list[Problem], answers: dict[str, dict[str, Any]], client_id: str | None = None):
        super().__init__(problems)
        self.answers = answers
        self.client_id = client_id


def _key(intake: Intake) -> int:
    """A 64-bit digest of (client id, date, wave): duplicates are found without keeping ids in memory."""
    text = f"{intake.client.id}\x00{intake.date.isoformat()}\x00{intake.wave or ''}".encode()
    return int.from_bytes(hashlib.blake2b(text, digest_size=8).digest(), "big") or 1


class SeenKeys:
    """Digest -> first row number, in two flat arrays (open addressing, at most half
    full): about 24 bytes a row, so 100,000 clients cost about 2.4 MB, not the
    ~100 bytes a row of a dict of Python ints."""

    def __init__(self, size: int = 1024):
        self._size = size  # a power of two
        self._keys = array("Q", [0]) * size  # 0 = empty slot
        self._rows = array("I", [0]) * size
        self._count = 0

    def __len__(self) -> int:
        return self._count

    def _slot(self, key: int) -> int:
        mask = self._size - 1
        i = key & mask
        keys = self._keys
        while keys[i] != 0 and keys[i] != key:
            i = (i + 1) & mask
        return i

    def get(self, key: int) -> int | None:
        i = self._slot(key)
        return self._rows[i] if self._keys[i] == key else None

    def add(self, key: int, row: int) -> None:
        if (self._count + 1) * 2 > self._size:
            self._grow()
        i = self._slot(key)
        if self._keys[i] == 0:
            self._count += 1
            self._keys[i] = key
            self._rows[i] = row

    def _grow(self) -> None:
        keys, rows = self._keys, self._rows
        self._size *= 2
        self._keys = array("Q", [0]) * self._size
        self._rows = array("I", [0]) * self._size
        for key, row in zip(keys, rows, strict=True):
            if key:
                i = self._slot(key)
                self._keys[i] = key
                self._rows[i] = row


def iter_rows(records: Iterable[tuple[int, list[str]] | CsvFormatError], plan: RowPlan, name: str,
              catalog: Catalog) -> Iterator[RowResult]:
    """Each non-blank data record as RowOk or RowError; a record the CSV parser cannot
    read is a RowError too, and the rows after it are read on.  A row whose cells do not
    line up with the header is never scored, but its answers are read at every shift its
    cells may have (:func:`misaligned_readings`), so an urgent answer on it is seen.  The
    same client id on the same date twice: the later row is a RowError."""
    seen = SeenKeys()
    for record in records:
        if isinstance(record, CsvFormatError):
            problem = Problem(name, record.row, record.col, "", record.message)
            readings = misaligned_readings(record.cells, plan) if record.cells else ({},)
            yield RowError(record.row, (problem,), readings[0], other_readings=readings[1:])
            continue
        row, cells = record
        if is_blank(cells):
            continue  # blank rows are allowed
        if len(cells) != plan.width:
            readings = misaligned_readings(cells, plan)
            yield RowError(row, (Problem(name, row, 1, "", f"row has {len(cells)} cells but the header "
                                                           f"has {plan.width} columns"),),
                           readings[0], other_readings=readings[1:])
            continue
        if plan.skip is not None and plan.skip(cells):
            continue
        try:
            intake = row_intake(cells, row, plan, name, catalog)
        except ProblemList as exc:
            yield RowError(row, tuple(exc.problems), getattr(exc, "answers", {}),
                           client_id=getattr(exc, "client_id", None))
            continue
        key = _key(intake)
        first = seen.get(key)
        if first is not None:
            same = "same client id, date and wave" if intake.wave is not None else "same client id and date"
            yield RowError(row, (Problem(name, row, 1, "", f"{same} as row {first}"),),
                           intake.answers, client_id=intake.client.id)
            continue
        seen.add(key, row)
        yield RowOk(row, intake)
