"""How a value a person wrote appears in a message: quoted, escaped, shortened."""

from __future__ import annotations

from typing import Any

from .yaml_reader import RawFloat, RawInt


def show(value: Any, limit: int = 40) -> str:
    """A value as it appears in an error message: quoted, escaped, shortened."""
    if isinstance(value, (RawInt, RawFloat)):
        text = value.raw
    elif isinstance(value, bool):
        return str(value).lower()
    elif isinstance(value, (dict, list)):
        return "a mapping" if isinstance(value, dict) else "a list"
    else:
        text = str(value)
    if len(text) > limit:
        text = text[:limit] + "..."
    text = text.encode("unicode_escape").decode("ascii") if not text.isprintable() else text
    return f'"{text}"'
