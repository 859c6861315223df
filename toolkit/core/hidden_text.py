"""Invisible characters that change what a reader sees or which record is meant.

* Text-direction controls (U+202A-U+202E, U+2066-U+2069, U+200E, U+200F, U+061C)
  reorder the characters around them when drawn: ``Call 988 \u202eesle\u202c`` can show
  words that are not in the file ("Trojan Source").  Authored text (screeners,
  handouts, practice.yaml) never needs them, so they are refused where they sit.
* Zero-width characters (U+200B-U+200D, U+2060, U+FEFF) and the soft hyphen
  (U+00AD) draw nothing: ``C\u200d-1`` looks like ``C-1`` but is another client.
"""

from __future__ import annotations

from typing import Any

from .errors import Problem
from .text_position import text_position
from .yaml_reader import SourceMap, format_path

DIRECTION_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c")
ZERO_WIDTH = frozenset("\u200b\u200c\u200d\u2060\ufeff\u00ad")


def direction_message(ch: str) -> str:
    return (f"contains an invisible text-direction character (U+{ord(ch):04X}) that can hide "
            "or reorder text; remove it")


def direction_problems(data: Any, source: SourceMap, path: tuple = ()) -> list[Problem]:
    """One problem per text value (or key) of a file that holds a text-direction control,
    at the character itself (the value's start when escapes make that a guess)."""
    if isinstance(data, dict):
        out = []
        for key, value in data.items():
            if isinstance(key, str) and DIRECTION_CONTROLS.intersection(key):
                ch = next(c for c in key if c in DIRECTION_CONTROLS)
                out.append(source.problem(path + (key,), direction_message(ch), key=True))
            out += direction_problems(value, source, path + (key,))
        return out
    if isinstance(data, list):
        return [p for i, value in enumerate(data) for p in direction_problems(value, source, path + (i,))]
    if not isinstance(data, str) or not DIRECTION_CONTROLS.intersection(data):
        return []
    for n, line in enumerate(data.splitlines()):
        for col, ch in enumerate(line):
            if ch in DIRECTION_CONTROLS:
                at_line, at_col = text_position(source, path, n, col)
                return [Problem(source.file, at_line, at_col, format_path(path), direction_message(ch))]
    return []  # pragma: no cover - a control is on some line
