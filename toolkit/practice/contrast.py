"""WCAG 2.x colour contrast for practice colours (pure; no ReportLab).

The practice's primary colour is used for heading text on white, and its accent
colour as the background of callout boxes under body text.  Both pairs must reach
the WCAG AA ratio for normal text, 4.5:1.
"""

from __future__ import annotations

import re

BODY_TEXT = "#1A1A1A"
"""The colour of body text in rendered handouts."""
WHITE = "#FFFFFF"
AA_NORMAL = 4.5

_HEX = re.compile(r"^#[0-9A-Fa-f]{6}$")


def _channel(value: int) -> float:
    c = value / 255.0
    return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4


def relative_luminance(colour: str) -> float:
    """WCAG relative luminance of a ``#RRGGBB`` colour (0 = black, 1 = white)."""
    if not _HEX.match(colour):
        raise ValueError(f"not a #RRGGBB colour: {colour!r}")
    r, g, b = (int(colour[i:i + 2], 16) for i in (1, 3, 5))
    return 0.2126 * _channel(r) + 0.7152 * _channel(g) + 0.0722 * _channel(b)


def contrast_ratio(a: str, b: str) -> float:
    """The WCAG contrast ratio of two colours, from 1.0 to 21.0 (order does not matter)."""
    la, lb = relative_luminance(a), relative_luminance(b)
    hi, lo = max(la, lb), min(la, lb)
    return (hi + 0.05) / (lo + 0.05)


def check_colours(primary: str, accent: str) -> list[str]:
    """Plain-English problems with the practice colours; empty when both pass WCAG AA.

    Each message starts with the ``practice.yaml`` field it is about
    (``colours.primary`` / ``colours.accent``) followed by ``": "``.
    """
    problems: list[str] = []
    for field, colour in (("colours.primary", primary), ("colours.accent", accent)):
        if not _HEX.match(colour or ""):
            problems.append(f"{field}: {colour!r} is not a colour written as #RRGGBB")
    if problems:
        return problems
    ratio = contrast_ratio(primary, WHITE)
    if ratio < AA_NORMAL:
        problems.append(
            f"colours.primary: {primary} on white has contrast {_fmt(ratio)}:1; headings need at "
            f"least {AA_NORMAL}:1 (WCAG AA). Choose a darker colour.")
    ratio = contrast_ratio(BODY_TEXT, accent)
    if ratio < AA_NORMAL:
        problems.append(
            f"colours.accent: body text ({BODY_TEXT}) on {accent} has contrast {_fmt(ratio)}:1; "
            f"callout boxes need at least {AA_NORMAL}:1 (WCAG AA). Choose a lighter colour.")
    return problems


def _fmt(ratio: float) -> str:
    """Round down to two decimals so a failing ratio never prints as passing (4.499 -> 4.49)."""
    return f"{int(ratio * 100) / 100:.2f}"
