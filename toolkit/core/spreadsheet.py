"""Spreadsheet safety: text a spreadsheet would run as a formula.

Client text that starts like a formula is refused on the way in
(:mod:`toolkit.intake.model`); every cell the toolkit writes to a CSV goes
through :func:`safe_cell` on the way out.
"""

from __future__ import annotations

from typing import Any

FORMULA_START = ("=", "+", "-", "@")


def safe_cell(value: Any) -> Any:
    """Neutralise text a spreadsheet would run as a formula; numbers stay numbers."""
    if isinstance(value, str) and value[:1] in (*FORMULA_START, "\t", "\r"):
        return "'" + value
    return value
