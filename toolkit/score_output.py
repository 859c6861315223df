"""Formatting score results: JSON (the contract), CSV, and a terminal table."""

from __future__ import annotations

import csv
import io
import json
from typing import Any

from .results import IntakeResult

CSV_COLUMNS = ["client_id", "date", "screener", "version", "score", "value", "band",
               "complete", "prorated", "answered", "expected", "outcomes", "urgent_flags",
               "review_flags"]


def to_json(results: list[IntakeResult]) -> str:
    """One intake: the contract object.  Several (a CSV file): a list of them."""
    data: Any = results[0].to_dict() if len(results) == 1 else [r.to_dict() for r in results]
    return json.dumps(data, ensure_ascii=False, indent=2)


def safe_cell(value: Any) -> Any:
    """Neutralise text a spreadsheet would run as a formula; numbers stay numbers."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


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
            rows = [[s.id, s.value, s.band.id if s.band else "", s.complete, s.prorated,
                     s.answered, s.expected] for s in r.scores] or [["", "", "", "", "", "", ""]]
            for row in rows:
                cells = [ir.client_id, ir.date, r.screener, r.version, *row, outcomes, urgent, review]
                writer.writerow([safe_cell(_csv_value(c)) for c in cells])
    return buf.getvalue()


def _csv_value(value: Any) -> Any:
    if isinstance(value, bool):
        return "true" if value else "false"
    return "" if value is None else value


def fmt_number(value: Any) -> str:
    if value is None:
        return "-"
    if isinstance(value, float):
        return f"{value:.1f}"
    return str(value)


def print_table(results: list[IntakeResult], console: Any) -> None:
    """Flags first (urgent in red, review in yellow), then each screener's scores."""
    from rich.panel import Panel
    from rich.table import Table
    from rich.text import Text

    for ir in results:
        console.print(Text(f"Client {ir.client_id}  ·  {ir.date}", style="bold"))
        flags = ir.flags
        if flags:
            body = Text()
            for n, (sid, f) in enumerate(flags):
                if n:
                    body.append("\n")
                style = "bold red" if f.level == "urgent" else "bold yellow"
                body.append(f"{f.level.upper():7}", style=style)
                body.append(f" {sid}" + (f".{f.item}" if f.item else "") + f" ({f.id}): ", style="bold")
                body.append(f.message)
            urgent = any(f.level == "urgent" for _, f in flags)
            title = "URGENT SAFETY FLAGS" if urgent else "Flags to review"
            console.print(Panel(body, title=title, title_align="left",
                                border_style="red" if urgent else "yellow"))
        else:
            console.print(Text("No safety flags.", style="green"))
        table = Table(show_lines=False, header_style="bold")
        for col in ("Screener", "Score", "Value", "Range", "Band", "Answered", "Notes"):
            table.add_column(col, justify="right" if col in ("Value", "Answered") else "left")
        for r in ir.results:
            if not r.scores:
                answered = len(r.answers)
                table.add_row(Text(r.screener), Text("(no scores)"), Text("-"), Text("-"), Text("-"),
                              Text(f"{answered}"), Text("see outcomes below" if r.outcomes else ""))
                continue
            for i, s in enumerate(r.scores):
                notes: list[str] = []
                if not s.complete:
                    notes.insert(0, f"not scored: {s.expected - s.answered} missing")
                elif s.prorated:
                    notes.insert(0, f"prorated from {s.answered}/{s.expected}")
                band = s.band.label if s.band else ("-" if s.complete else "(none: incomplete)")
                table.add_row(Text(r.screener if i == 0 else ""), Text(s.label), Text(fmt_number(s.value)),
                              Text(f"{fmt_number(s.min)}-{fmt_number(s.max)}"), Text(band),
                              Text(f"{s.answered}/{s.expected}"), Text("; ".join(notes)))
        console.print(table)
        for r in ir.results:
            if r.outcomes:
                line = Text(f"{r.screener}: ", style="bold")
                line.append("; ".join(o.label for o in r.outcomes))
                console.print(line)
        if not any(r.outcomes for r in ir.results):
            console.print(Text("No checklist outcomes."))
        console.print()
