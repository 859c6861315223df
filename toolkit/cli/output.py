"""What the commands print: a console that suits the terminal (or a pipe), the
score table (flags first), and a screener shown as text or JSON."""

from __future__ import annotations

import json
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from rich.console import Console

if TYPE_CHECKING:
    from ..content.screener_model import Screener
    from ..documents.report import SuggestedHandout
    from ..scoring.results import IntakeResult


def console(stderr: bool = False) -> Console:
    """Rich console; when output is piped or saved, a fixed 120 columns so lines
    do not wrap mid-message (colour is dropped automatically then)."""
    stream = sys.stderr if stderr else sys.stdout
    width = None if stream.isatty() else 120
    return Console(stderr=stderr, highlight=False, soft_wrap=False, width=width)


def fmt_number(value: Any) -> str:
    if value is None:
        return "-"
    if isinstance(value, float):
        return f"{value:.1f}"
    return str(value)


def print_table(results: list[IntakeResult], console: Console,
                suggested: Sequence[Sequence[SuggestedHandout]] = ()) -> None:
    """Flags first (urgent in red, review in yellow), then each screener's scores, then
    the handouts the results suggest (``suggested``: one list per result), with why."""
    from rich.panel import Panel
    from rich.table import Table
    from rich.text import Text

    for n_result, ir in enumerate(results):
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
                    notes.insert(0, f"not scored: {s.expected - s.answered - len(s.not_applicable)} missing")
                elif s.stopped:
                    notes.insert(0, "set by the instrument's stop rule")
                elif s.prorated:
                    notes.insert(0, f"prorated from {s.answered}/{s.expected}")
                if s.not_applicable:
                    notes.append(s.not_applicable_note)
                if s.skipped:
                    notes.append(s.skipped_text)
                band = s.band_text if s.band else ("-" if s.complete else "(none: incomplete)")
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
        if n_result < len(suggested):
            _print_suggested(suggested[n_result], console)
        console.print()


def _print_suggested(found: Sequence[SuggestedHandout], console: Console) -> None:
    from rich.text import Text

    if not found:
        console.print(Text("No handouts suggested by these results."))
        return
    console.print(Text("Suggested handouts:", style="bold"))
    for s in found:
        line = Text(f"  {s.handout_id}", style="bold")
        line.append(f": {' '.join(s.reasons)}")  # each reason is a sentence of its own
        console.print(line)


def screener_dict(s: Screener) -> dict[str, Any]:
    """The screener's fields, with each item's answer options spelt out."""
    data = s.model_dump(mode="json", by_alias=True, exclude_none=True)
    for item, item_data in zip(s.items, data["items"], strict=True):
        item_data["options"] = [{"value": o.value, "label": o.label} for o in s.scales[item.scale]]
    return data


def screener_json(s: Screener) -> str:
    return json.dumps(screener_dict(s), ensure_ascii=False, indent=2)


def screener_text(s: Screener) -> Any:
    from rich.console import Group
    from rich.table import Table
    from rich.text import Text

    kind = "validated instrument" if s.kind == "validated" else "checklist (a conversation aid, not a validated scale)"
    head = Text()
    head.append(f"{s.title}\n", style="bold")
    head.append(f"id {s.id} · version {s.version} · {kind}\n")
    head.append(f"Licence ({s.licence.status}): {s.licence.text}\n")
    head.append(f"Citation: {s.citation}\n")
    head.append(f"Time frame: {s.timeframe}\n")
    head.append(f"Instructions: {s.instructions}")
    parts: list[Any] = [head]
    items = Table(header_style="bold", show_lines=True)
    for col in ("item", "text", "answers"):
        items.add_column(col)
    for item in s.items:
        answers = "\n".join(f"{o.value} = {o.label}" for o in s.scales[item.scale])
        extra = []
        if item.reverse:
            extra.append("(reverse-scored)")
        if item.critical:
            extra.append(f"(critical: {item.critical.level})")
        if item.show_if:
            extra.append("(asked only in some cases)")
        items.add_row(Text(item.id), Text(" ".join([item.text, *extra])), Text(answers))
    parts.append(items)
    for sc in s.scores:
        line = Text(f"Score {sc.id}: {sc.label} ({sc.method} of {len(sc.items)} items)", style="bold")
        parts.append(line)
        sets = [("", sc.bands)] + [(f" ({'women' if sex == 'female' else 'men'})", bands)
                                   for sex, bands in sc.bands_by_sex.items()]
        if sc.bands_by_sex:
            sets[0] = (" (default: sex not given)", sc.bands)
        for where, bands in sets:
            for b in bands:
                top = f"{b.max}" if b.max is not None else f"below {b.below}"
                parts.append(Text(f"  {b.label}{where}: {b.min} to {top}"))
    for oc in s.outcomes:
        parts.append(Text(f"Outcome {oc.id}: {oc.label}"))
    return Group(*parts)
