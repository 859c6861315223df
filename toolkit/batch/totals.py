"""``--check-totals``: compare an export's own total column with the toolkit's score.

A spec is ``SCREENER[.SCORE]=COLUMN`` (``phq9=PHQ9_total``; the score defaults to
the screener's first, its total).  The column is checked against the export's
header before any work; during the run the toolkit's score of every readable row
is noted (a number per row), and at the end the export is read once more, row by
row, and each row whose column differs goes to ``totals-check.csv`` in the run
folder (the clinician's file, mode 0600).  Rows that could not be read are not
compared (they are in ``errors.csv``).  A difference is reported, never fixed:
it usually means a recode or a column is wrong in the mapping, or the export's
own formula counts differently.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from pathlib import Path

from ..content.catalog import Catalog
from ..core.csv_stream import CsvFormatError, records
from ..core.errors import Problem, ProblemList
from ..exports.formats import sniff
from ..scoring.results import IntakeResult
from .files import TOTALS_FILE, CsvFile

__all__ = ["TOTALS_FILE", "TOTALS_HEADER", "TotalsCheck", "compare", "find_columns", "parse_checks"]
TOTALS_HEADER = ["row", "client_id", "column", "export_total", "toolkit_total", "toolkit_complete",
                 "toolkit_prorated", "reason"]
OPTION = "--check-totals"


@dataclass
class TotalsCheck:
    """One ``SCREENER.SCORE=COLUMN`` check and, after the run, what it found."""

    screener: str
    score: str
    column: str
    index: int = -1  # the column's 0-based position in the export's header
    checked: int = 0
    differ: int = 0
    # row -> (client id, the toolkit's value, complete, prorated); None: screener not answered
    toolkit: dict[int, tuple[str, float | int | None, bool, bool]] = field(default_factory=dict, repr=False)

    def note(self, row: int, result: IntakeResult) -> None:
        score = next((s for r in result.results if r.screener == self.screener
                      for s in r.scores if s.id == self.score), None)
        if score is None:
            self.toolkit[row] = (result.client_id, None, False, False)
        else:
            self.toolkit[row] = (result.client_id, score.value, score.complete, score.prorated)


def parse_checks(specs: list[str] | tuple[str, ...], catalog: Catalog) -> list[TotalsCheck]:
    """The checks of ``--check-totals`` options, or ProblemList naming each bad one."""
    checks, problems = [], []
    for spec in specs:
        target, eq, column = spec.partition("=")
        sid, _, score = target.strip().partition(".")
        column = column.strip()
        if not eq or not sid or not column:
            problems.append(Problem(OPTION, 0, 0, "", f"{spec!r} is not SCREENER=COLUMN "
                                                      "(for example phq9=PHQ9_total)"))
            continue
        if sid not in catalog.ids():
            problems.append(Problem(OPTION, 0, 0, "", f"unknown screener {sid!r} in {spec!r}"))
            continue
        try:
            scores = [s.id for s in catalog.get(sid).scores]
        except ProblemList as exc:
            problems.extend(exc.problems)
            continue
        if not scores:
            problems.append(Problem(OPTION, 0, 0, "", f"screener {sid!r} has no score to compare"))
            continue
        score = score or scores[0]
        if score not in scores:
            problems.append(Problem(OPTION, 0, 0, "", f"screener {sid!r} has no score {score!r} "
                                                      f"(it has {', '.join(scores)})"))
            continue
        checks.append(TotalsCheck(sid, score, column))
    if problems:
        raise ProblemList(problems)
    return checks


def find_columns(checks: list[TotalsCheck], path: Path, fmt: str | None) -> int:
    """Find each check's column in the export's header (ProblemList when one is not
    there); return the number of header rows."""
    found = sniff(path, str(path), assume=fmt)
    titles = [t.strip() for t in found.header]
    problems = []
    for check in checks:
        if check.column not in titles:
            problems.append(Problem(OPTION, 0, 0, "", f"the export has no column {check.column!r}"))
        elif titles.count(check.column) > 1:
            problems.append(Problem(OPTION, 0, 0, "", f"the export has the column {check.column!r} "
                                                      "more than once"))
        else:
            check.index = titles.index(check.column)
    if problems:
        raise ProblemList(problems)
    return found.header_rows


def _number(text: str) -> float | None:
    try:
        value = float(text)
    except ValueError:
        return None
    return value if math.isfinite(value) else None


def _differs(export: str, toolkit: float | int | None) -> str:
    """Why the export's cell and the toolkit's value differ, or "" when they agree."""
    if not export:
        return "" if toolkit is None else "the export's total is empty"
    value = _number(export)
    if value is None:
        return "the export's total is not a number"
    if toolkit is None:
        return "the toolkit has no score: the row has no answers for this screener"
    return "" if abs(value - toolkit) < 1e-9 else "the totals differ"


def compare(checks: list[TotalsCheck], path: Path, header_rows: int, out: CsvFile) -> None:
    """Read the export once more and write every row whose total differs."""
    if not checks:
        return
    for record in records(path, str(path)):
        if isinstance(record, CsvFormatError):
            continue  # reported in errors.csv by the run's own reading
        row, cells = record
        if row <= header_rows:
            continue
        for check in checks:
            noted = check.toolkit.get(row)
            if noted is None:
                continue  # a row that did not become an intake
            client_id, value, complete, prorated = noted
            cell = cells[check.index].strip() if check.index < len(cells) else ""
            check.checked += 1
            reason = _differs(cell, value)
            if reason:
                check.differ += 1
                out.write([row, client_id, check.column, cell, value, complete, prorated, reason])
