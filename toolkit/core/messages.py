"""How a value a person wrote appears in a message: quoted, escaped, shortened
(:func:`show`, for the authors' own files: screeners, handouts, practice, mappings);
or, for client data (any value of an intake, an export row or a filled form), only
what kind of value it is (:func:`kind_of`), never the value: a shifted column puts a
name where an answer or a date was expected."""

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


def kind_of(value: Any) -> str:
    """What kind of value a client's answer or date is, without any of it: "a number",
    "a decimal number", "text", "true or false", "a list", "a mapping", "empty"."""
    if isinstance(value, bool):
        return "true or false"
    if value is None:
        return "empty"
    if isinstance(value, (dict, list)):
        return "a mapping" if isinstance(value, dict) else "a list"
    if isinstance(value, float):
        return "a decimal number"
    if isinstance(value, int):
        return "a number"
    text = str(value).strip()
    if not text:
        return "empty"
    try:
        number = float(text)
    except ValueError:
        return "text"
    if number != number or number in (float("inf"), float("-inf")):
        return "text"
    return "a number" if number.is_integer() and "." not in text else "a decimal number"
