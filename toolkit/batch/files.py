"""Where a batch run puts things: the names of a run's files, the summary and
error CSVs, and the run record.

The documents' file names are :mod:`toolkit.batch.names`'s, the resume state is
:mod:`toolkit.batch.resume_state`'s and the lock of the output folder is
:mod:`toolkit.batch.folder_lock`'s.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import os
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..core.atomic_write import AtomicTextFile, write_atomic
from ..core.errors import Problem
from ..core.spreadsheet import safe_cell
from ..documents.report import SuggestedHandout
from ..intake.model import Intake
from ..scoring.results import IntakeResult

STATE_FILE = ".batch-state.jsonl"
TOTALS_FILE = "totals-check.csv"  # --check-totals (toolkit/batch/totals.py)
RUN_FILES = ("summary.csv", "errors.csv", "run.json", STATE_FILE, TOTALS_FILE)  # a run's record, besides its PDFs
_TEMP = re.compile(r"^\.[0-9a-f]{16}\.tmp$")  # toolkit.core.atomic_write's temporary files


def earlier_run_files(out: Path) -> list[str]:
    """The names of an earlier run's files in ``out`` (its record and PDFs), sorted;
    other files (the export itself, notes) are no run's."""
    if not out.is_dir():
        return []
    return sorted(e.name for e in os.scandir(out)
                  if e.name in RUN_FILES or e.name.lower().endswith(".pdf"))


def remove_stale_temp_files(out: Path) -> int:
    """Temporary files a killed run left behind (never finished documents)."""
    removed = 0
    for entry in os.scandir(out):
        if _TEMP.match(entry.name) and entry.is_file(follow_symlinks=False):
            try:
                os.unlink(entry.path)
                removed += 1
            except OSError:
                pass
    return removed


# --- summary.csv and errors.csv -------------------------------------------------------

class CsvFile:
    """A CSV written row by row (memory stays flat) that appears all at once, mode
    0600, when :meth:`close` is called; :meth:`discard` leaves any previous file."""

    def __init__(self, path: Path, header: list[str]):
        self.path = path
        self._file = AtomicTextFile(path)
        self._buf = io.StringIO()
        self._writer = csv.writer(self._buf, lineterminator="\n")
        self.rows = 0
        self._emit(header)

    def _emit(self, cells: list[Any]) -> None:
        self._writer.writerow(cells)
        self._file.write(self._buf.getvalue())
        self._buf.seek(0)
        self._buf.truncate()

    def write(self, cells: Iterable[Any]) -> None:
        self._emit([safe_cell(_cell(c)) for c in cells])
        self.rows += 1

    def close(self) -> None:
        self._file.commit()

    def discard(self) -> None:
        self._file.discard()


def _cell(value: Any) -> Any:
    if isinstance(value, bool):
        return "yes" if value else "no"
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return value
    return value


ERROR_HEADER = ["row", "client_id", "column", "reason"]


def error_cells(problem: Problem, client_id: str | None = None) -> list[Any]:
    """One line of errors.csv; the client id when it could be read (the file is the
    clinician's, mode 0600, like summary.csv)."""
    column = problem.path or (str(problem.col) if problem.col else "")
    return [problem.line or "", client_id or "", column, problem.message]


@dataclass(frozen=True)
class UrgentRow:
    """The row of a client's export rows that raised an urgent flag (the latest such
    row when several did): its spreadsheet row, its date and its flags."""

    row: int
    date: str
    flags: str


def flag_text(result: IntakeResult, level: str | None = None) -> str:
    """The flags of one scored intake as one cell (``level``: only that level)."""
    return "; ".join(f"{f.level}: {sid} {f.id}" + (f" (item {f.item})" if f.item else "")
                     for sid, f in result.flags if level is None or f.level == level)


def urgent_row(result: IntakeResult, row: int) -> UrgentRow | None:
    """The row's urgent flags, or None when it raised none."""
    text = flag_text(result, "urgent")
    return UrgentRow(row, result.date, text) if text else None


def summary_header(score_columns: list[tuple[str, str]]) -> list[str]:
    cols = ["client_id", "date", "row", "earlier_intakes", "urgent", "urgent_date", "urgent_row",
            "urgent_flags", "flags"]
    for sid, score in score_columns:
        cols += [f"{sid}.{score}", f"{sid}.{score}.band", f"{sid}.{score}.complete",
                 f"{sid}.{score}.prorated"]
    cols += ["outcomes", "suggested_handouts", "handout", "report"]
    return cols


def summary_cells(result: IntakeResult, row: int, earlier: int, score_columns: list[tuple[str, str]],
                  files: dict[str, str], urgent_at: UrgentRow | None = None,
                  suggested: Sequence[SuggestedHandout] = ()) -> list[Any]:
    """One client's line of summary.csv: ``result`` is their latest row (``row``);
    ``urgent_at`` the latest of any of their rows that raised an urgent flag (by
    default: the latest row, when it did), so an earlier week's item 9 answer is
    never lost behind a calm latest row; ``suggested``: the handouts that fit the
    latest row, their ids separated by spaces (the reasons are in the clinician summary)."""
    if urgent_at is None:
        urgent_at = urgent_row(result, row)
    by_score = {(r.screener, s.id): s for r in result.results for s in r.scores}
    cells: list[Any] = [result.client_id, result.date, row, earlier, urgent_at is not None]
    cells += [urgent_at.date, urgent_at.row, urgent_at.flags] if urgent_at else ["", "", ""]
    cells.append(flag_text(result))
    for key in score_columns:
        s = by_score.get(key)
        if s is None:
            cells += ["", "", "", ""]
        else:
            band = s.band.id if s.band and s.complete else ""
            if band and s.cut_off:  # sex-specific cut-offs: say which were used
                band += f" ({s.cut_off})"
            cells += [s.value, band, s.complete, s.prorated]
    outcomes = "; ".join(f"{r.screener} {o.id}" for r in result.results for o in r.outcomes)
    cells += [outcomes, " ".join(s.handout_id for s in suggested), files.get("handout", ""),
              files.get("report", "")]
    return cells


# --- the run record and each client's fingerprint -------------------------------------------

def write_record(out: Path, record: dict[str, Any]) -> None:
    write_atomic(out / "run.json", (json.dumps(record, indent=2, sort_keys=True) + "\n").encode("utf-8"))


def fingerprint(intakes: list[Intake], settings: dict[str, Any]) -> str:
    """What a client's documents were made from: their intakes and the run settings."""
    def one(i: Intake) -> dict[str, Any]:
        return {"client": i.client.model_dump(mode="json"), "date": i.date.isoformat(),
                "answers": i.answers}
    text = json.dumps({"intakes": [one(i) for i in intakes], "settings": settings},
                      sort_keys=True, default=str)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()
