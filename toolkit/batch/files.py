"""Where a batch run puts things: output file names, the summary and error CSVs,
the run record, and the resume state.

File names come from a pattern.  The default uses only the client id and the
document kind; a client's name or birth date goes into a file name only when the
practice asks for it (``allow_names``).  Every value is reduced to letters,
digits, ``.``, ``_`` and ``-`` so no name can climb out of the output folder.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import os
import re
import string
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..core.atomic_write import AtomicTextFile, write_atomic
from ..core.errors import Problem, ProblemList, problem
from ..core.spreadsheet import safe_cell
from ..core.whole_numbers import whole_part
from ..intake.model import Intake
from ..scoring.results import IntakeResult

DEFAULT_PATTERN = "{client_id}-{kind}"
SAFE_FIELDS = {"client_id", "date", "row", "kind"}
NAME_FIELDS = {"name", "preferred_name", "date_of_birth"}
STATE_FILE = ".batch-state.jsonl"
TOTALS_FILE = "totals-check.csv"  # --check-totals (toolkit/batch/totals.py)
RUN_FILES = ("summary.csv", "errors.csv", "run.json", STATE_FILE, TOTALS_FILE)  # a run's record, besides its PDFs
_TEMP = re.compile(r"^\.[0-9a-f]{16}\.tmp$")  # toolkit.core.atomic_write's temporary files
_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")


def check_pattern(pattern: str, *, allow_names: bool) -> None:
    """Refuse a pattern with unknown fields, or with client names unless allowed."""
    problems = []
    try:
        fields = [f for _, f, _, _ in string.Formatter().parse(pattern) if f is not None]
    except ValueError:
        raise problem("--names", "the name pattern has an unmatched { or }") from None
    for f in fields:
        if f in NAME_FIELDS and not allow_names:
            problems.append(Problem("--names", 0, 0, "", f"{{{f}}} puts client data into file names; "
                                                          "add --allow-names if the practice wants that"))
        elif f not in SAFE_FIELDS | NAME_FIELDS:
            problems.append(Problem("--names", 0, 0, "", f"unknown field {{{f}}}; use "
                                                          "{client_id}, {date}, {row} and {kind}"))
    if "{kind}" not in pattern:
        problems.append(Problem("--names", 0, 0, "", "the name pattern must contain {kind}, "
                                                      "so a handout and a report never share a name"))
    if problems:
        raise ProblemList(problems)


def _safe(value: str) -> str:
    return _UNSAFE.sub("_", value).strip("._")[:80] or "_"


def id_for_file_name(client_id: str) -> str:
    """An id as a file name uses it: a whole-number decimal counts as the whole
    number, as answers do (NHANES writes participant ``93705`` as ``93705.0``);
    :func:`file_stem` then reduces it to safe characters like every value."""
    whole = whole_part(client_id)
    return whole if whole is not None and whole.isdigit() else client_id


def file_stem(pattern: str, intake: Intake, row: int, kind: str) -> str:
    c = intake.client
    values = {"client_id": id_for_file_name(c.id), "date": intake.date.isoformat(), "row": str(row), "kind": kind,
              "name": c.name or "", "preferred_name": c.preferred_name or "",
              "date_of_birth": c.date_of_birth.isoformat() if c.date_of_birth else ""}
    return pattern.format(**{k: _safe(v) for k, v in values.items()})


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
    cols += ["outcomes", "handout", "report"]
    return cols


def summary_cells(result: IntakeResult, row: int, earlier: int, score_columns: list[tuple[str, str]],
                  files: dict[str, str], urgent_at: UrgentRow | None = None) -> list[Any]:
    """One client's line of summary.csv: ``result`` is their latest row (``row``);
    ``urgent_at`` the latest of any of their rows that raised an urgent flag (by
    default: the latest row, when it did), so an earlier week's item 9 answer is
    never lost behind a calm latest row."""
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
            cells += [s.value, s.band.id if s.band and s.complete else "", s.complete, s.prorated]
    outcomes = "; ".join(f"{r.screener} {o.id}" for r in result.results for o in r.outcomes)
    cells += [outcomes, files.get("handout", ""), files.get("report", "")]
    return cells


# --- the run record and the resume state -------------------------------------------

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


def tree_digest(folder: Path | None) -> str:
    """A digest of every file in a practice folder (its look and content)."""
    if folder is None:
        return "built-in"
    h = hashlib.sha256()
    for root, dirs, files in os.walk(folder):
        dirs.sort()
        for name in sorted(files):
            p = Path(root) / name
            h.update(str(p.relative_to(folder)).encode("utf-8", "surrogatepass"))
            try:
                h.update(p.read_bytes())
            except OSError:
                h.update(b"<unreadable>")
    return h.hexdigest()


@dataclass
class ResumeState:
    """Which documents are complete: one JSON line per client, appended and synced
    after the client's files are in place."""

    path: Path
    done: dict[str, str]
    fresh: bool = False  # a new run: the first record replaces what an earlier run noted

    @classmethod
    def fresh_state(cls, out: Path) -> ResumeState:
        """The state of a run that remakes everything (no ``--resume``); nothing is
        written until the first client is complete."""
        return cls(out / STATE_FILE, {}, fresh=True)

    @classmethod
    def load(cls, out: Path) -> ResumeState:
        done: dict[str, str] = {}
        path = out / STATE_FILE
        try:
            with open(path, encoding="utf-8") as fh:
                for line in fh:
                    try:
                        entry = json.loads(line)
                        done[entry["key"]] = entry["fingerprint"]
                    except (ValueError, KeyError, TypeError):
                        continue  # a line cut short by a kill
        except FileNotFoundError:
            pass
        return cls(path, done)

    def is_current(self, key: str, fp: str, files: list[Path]) -> bool:
        return self.done.get(key) == fp and all(f.is_file() for f in files)

    def record(self, key: str, fp: str) -> None:
        line = json.dumps({"key": key, "fingerprint": fp}) + "\n"
        flags = os.O_WRONLY | os.O_CREAT | os.O_APPEND | (os.O_TRUNC if self.fresh else 0)
        fd = os.open(self.path, flags, 0o600)
        try:
            os.write(fd, line.encode("utf-8"))
            os.fsync(fd)
        finally:
            os.close(fd)
        self.fresh = False
        self.done[key] = fp
