"""Showing a screener: JSON (items in order with their options) and terminal text."""

from __future__ import annotations

import json
from typing import Any

from .screener_model import Screener


def screener_dict(s: Screener) -> dict[str, Any]:
    """The screener's fields, with each item's answer options spelt out."""
    data = s.model_dump(mode="json", by_alias=True, exclude_none=True)
    for item, item_data in zip(s.items, data["items"]):
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
        for b in sc.bands:
            top = f"{b.max}" if b.max is not None else f"below {b.below}"
            parts.append(Text(f"  {b.label}: {b.min} to {top}"))
    for oc in s.outcomes:
        parts.append(Text(f"Outcome {oc.id}: {oc.label}"))
    return Group(*parts)
