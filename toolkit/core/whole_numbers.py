"""Whole numbers as exports write them: ``1.0``, ``93705.0``, ``-99.00`` (a statistics
package or a spreadsheet saving every number as a decimal)."""

from __future__ import annotations

import re

_WHOLE_DECIMAL = re.compile(r"^([+-]?[0-9]+)\.0+$")
MAX_DIGITS = 18
"""A whole number longer than this is no code or answer of any scale: it stays as written
(and ``int()`` is never asked to read thousands of digits, which Python refuses)."""


def whole_part(text: str) -> str | None:
    """The digits (and sign) before ``.0...`` as written, ``" 93705.0 "`` -> ``"93705"``;
    None when ``text`` is not a whole-number decimal (``1.5``, ``1``, ``NA``)."""
    match = _WHOLE_DECIMAL.match(text.strip())
    return match.group(1) if match else None


def as_whole_number(text: str) -> str:
    """A whole-number decimal as the whole number (``"1.0"`` -> ``"1"``, ``"-00.0"`` -> ``"0"``);
    anything else, or a number of more than MAX_DIGITS digits, as it is."""
    whole = whole_part(text)
    if whole is None or len(whole.lstrip("+-")) > MAX_DIGITS:
        return text
    return str(int(whole))


def small_number(digits: str) -> int | None:
    """Digits (as a regular expression's ``\\d+`` found them) as a number, or None when
    there are more than MAX_DIGITS of them."""
    return int(digits) if len(digits) <= MAX_DIGITS else None
