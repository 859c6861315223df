"""Formatting score results: JSON (the contract), CSV, and a terminal table."""

from __future__ import annotations

import csv
import io
import json
from typing import Any

from ..core.spreadsheet import safe_cell
from .results import IntakeResult, ScoreResult

CSV_COLUMNS = ["client_id", "date", "screener", "version", "score", "value", "band",
               "complete", "prorated", "answered", "expected", "outcomes", "urgent_flags",
               "review_flags"]


def to_json(results: list[IntakeResult], extras: list[dict[str, Any]] | None = None) -> str:
    """One intake: the contract object.  Several (a CSV file): a list of them.  ``extras``:
    for each result, fields to add after its own (``toolkit score`` adds ``suggested_handouts``)."""
    dicts = [r.to_dict() for r in results]
    for d, extra in zip(dicts, extras or [], strict=False):
        d.update(extra)
    data: Any = dicts[0] if len(dicts) == 1 else dicts
    return json.dumps(data, ensure_ascii=False, indent=2)


def to_csv(results: list[IntakeResult]) -> str:
    """Long format: one row per score (a screener without scores gets one row)."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for ir in results:
        for r in ir.results:
            outcomes = ";".join(o.id for o in r.outcomes)
            urgent = ";".join(f.id for f in r.flags if f.level == "urgent")
            review = ";".join(f.id for f in r.flags if f.level == "review")
            rows = [[s.id, s.value, _band(s), s.complete, s.prorated,
                     s.answered, s.expected] for s in r.scores] or [["", "", "", "", "", "", ""]]
            for row in rows:
                cells = [ir.client_id, ir.date, r.screener, r.version, *row, outcomes, urgent, review]
                writer.writerow([safe_cell(_csv_value(c)) for c in cells])
    return buf.getvalue()


def _band(s: ScoreResult) -> str:
    """The band id, with the cut-off used when the score has sex-specific cut-offs."""
    if s.band is None:
        return ""
    return f"{s.band.id} ({s.cut_off})" if s.cut_off else s.band.id


def _csv_value(value: Any) -> Any:
    if isinstance(value, bool):
        return "true" if value else "false"
    return "" if value is None else value
