"""Built-in crisis lines per country (from the content sheet, docs/content/facts.md).

A practice in one of these countries gets these lines unless its
``practice.yaml`` lists its own ``crisis_lines`` (which then replace them) or
its own ``emergency_number``.  Elsewhere there are no built-in lines: the
practice must list ``crisis_lines`` and ``emergency_number`` itself.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..documents.handout import CrisisLine


@dataclass(frozen=True)
class CountryCrisis:
    """A country's built-in crisis lines and its emergency number."""

    country: str
    lines: tuple[CrisisLine, ...]
    emergency: str


_SAMARITANS = CrisisLine("Samaritans", "116 123")

BUILTIN: dict[str, CountryCrisis] = {
    "US": CountryCrisis("US", (
        CrisisLine("988 Suicide & Crisis Lifeline", "988", "call or text"),
        CrisisLine("SAMHSA National Helpline", "1-800-662-4357",
                   "free, confidential, 24/7; treatment referral and information"),
    ), "911"),
    "UK": CountryCrisis("UK", (_SAMARITANS, CrisisLine("NHS", "111")), "999"),
    "IE": CountryCrisis("IE", (_SAMARITANS,), "112 or 999"),
    "CA": CountryCrisis("CA", (
        CrisisLine("9-8-8 Suicide Crisis Helpline", "988", "call or text"),
    ), "911"),
    "AU": CountryCrisis("AU", (CrisisLine("Lifeline", "13 11 14"),), "000"),
}

ALIASES = {"GB": "UK"}
"""Other codes for the same country (ISO 3166 says GB; people write UK)."""

KNOWN = tuple(BUILTIN)
"""Countries with built-in lines, in the order they are listed to users."""

ELSEWHERE_NOTE = "112 works from mobile phones across Europe"


def builtin_crisis(country: str) -> CountryCrisis | None:
    """The built-in lines for a two-letter country code, or None if there are none."""
    code = country.upper()
    return BUILTIN.get(ALIASES.get(code, code))


def known_list() -> str:
    """``US, UK, IE, CA, AU`` - for messages."""
    return ", ".join(KNOWN)


__all__ = ["BUILTIN", "ALIASES", "KNOWN", "ELSEWHERE_NOTE", "CountryCrisis",
           "CrisisLine", "builtin_crisis", "known_list"]
