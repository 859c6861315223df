"""Whole numbers as exports write them: ``1.0``, ``93705.0``, ``-99.00`` (a statistics
package or a spreadsheet saving every number as a decimal)."""

from __future__ import annotations

import re

_WHOLE_DECIMAL = re.compile(r"^([+-]?[0-9]+)\.0+$")


def whole_part(text: str) -> str | None:
    """The digits (and sign) before ``.0...`` as written, ``" 93705.0 "`` -> ``"93705"``;
    None when ``text`` is not a whole-number decimal (``1.5``, ``1``, ``NA``)."""
    match = _WHOLE_DECIMAL.match(text.strip())
    return match.group(1) if match else None
