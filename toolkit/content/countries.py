"""The countries whose practices get built-in content: crisis lines
(:mod:`toolkit.practice.crisis_lines`) and the handout sections that a
``country`` condition chooses (docs/handout-format.md).

Kept here, below ``practice/``, so that handout checks can name them; the
crisis lines are tested to cover exactly these countries.
"""

from __future__ import annotations

KNOWN_COUNTRIES = ("US", "UK", "IE", "CA", "AU")
"""Countries with built-in crisis lines and country sections, in the order they are listed."""

COUNTRY_ALIASES = {"GB": "UK"}
"""Other codes for the same country (ISO 3166 says GB; people write UK)."""


def same_country(code: str) -> str:
    """The code as the toolkit spells it: ``gb`` and ``GB`` are ``UK``; unknown codes upper-cased."""
    upper = code.strip().upper()
    return COUNTRY_ALIASES.get(upper, upper)


def country_codes_listed() -> str:
    """``US, UK (or GB), IE, CA, AU`` - for messages."""
    also = {v: k for k, v in COUNTRY_ALIASES.items()}
    return ", ".join(f"{c} (or {also[c]})" if c in also else c for c in KNOWN_COUNTRIES)
