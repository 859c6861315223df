"""Built-in crisis lines per country (from the content sheet, docs/content/facts.md,
"Crisis resources").

A practice in one of these countries gets these lines unless its
``practice.yaml`` lists its own ``crisis_lines`` (which then replace them) or
its own ``emergency_number``.  Elsewhere there are no built-in lines: the
practice must list ``crisis_lines`` and ``emergency_number`` itself.

Two kinds of line:

* ``crisis``: the lines a client in crisis is told to call or text ("call one of
  the lines in the box"); the handout's crisis box and the forms print them;
* ``treatment``: help lines that are not crisis lines (the SAMHSA National
  Helpline is for treatment referral and information): printed after the crisis
  box, labelled, never inside it.

Every line keeps its provenance beside its number:

* ``source``: the service's own web address, where the number, hours and cost
  are to be checked;
* ``facts_checked``: the date on which the name, number and label were compared,
  word for word, with docs/content/facts.md.  It is NOT the date of a check
  against the live service: the facts sheet asks for that check before
  shipping, and it needs someone with the service's site open in front of them.

Labels say only what the facts sheet says: where it gives no hours or cost (NHS
111) none are claimed.  NHS 111 is labelled for England, Scotland
and Wales: the sheet leaves Northern Ireland open, so it is not claimed there.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..content.countries import COUNTRY_ALIASES
from ..documents.handout import CrisisLine

FACTS_CHECKED = "2026-12-02"
"""When every line below was last compared with docs/content/facts.md."""


@dataclass(frozen=True)
class BuiltinLine:
    """One built-in line: what is printed (name, number, note) and where it comes from."""

    name: str
    number: str
    note: str
    source: str          # the service's own web address
    facts_checked: str   # YYYY-MM-DD: compared with docs/content/facts.md (not with the live service)

    @property
    def line(self) -> CrisisLine:
        """The line as documents carry it (no provenance: renderers do not need it)."""
        return CrisisLine(self.name, self.number, self.note)


@dataclass(frozen=True)
class CountryCrisis:
    """A country's built-in crisis lines, other help lines and its emergency number."""

    country: str
    crisis: tuple[BuiltinLine, ...]
    emergency: str
    treatment: tuple[BuiltinLine, ...] = ()

    @property
    def lines(self) -> tuple[CrisisLine, ...]:
        """The crisis lines, as the crisis box prints them."""
        return tuple(b.line for b in self.crisis)

    @property
    def treatment_lines(self) -> tuple[CrisisLine, ...]:
        """Help lines that are not crisis lines, printed after the crisis box."""
        return tuple(b.line for b in self.treatment)


def _line(name: str, number: str, note: str, source: str) -> BuiltinLine:
    return BuiltinLine(name, number, note, source, FACTS_CHECKED)


_SAMARITANS_UK = _line("Samaritans", "116 123", "call, free, 24/7", "https://www.samaritans.org")
_SAMARITANS_IE = _line("Samaritans", "116 123", "call, free, 24/7", "https://www.samaritans.org/ireland/")

BUILTIN: dict[str, CountryCrisis] = {
    "US": CountryCrisis("US", (
        _line("988 Suicide & Crisis Lifeline", "988", "call or text, free, 24/7", "https://988lifeline.org"),
    ), "911", treatment=(
        _line("SAMHSA National Helpline", "1-800-662-4357",
              "free, confidential, 24/7; for finding treatment and information, not a crisis line",
              "https://www.samhsa.gov/find-help/national-helpline"),
    )),
    "UK": CountryCrisis("UK", (
        _SAMARITANS_UK,
        _line("Shout", "85258", "text, free, 24/7", "https://giveusashout.org"),
        _line("NHS", "111", "in England, Scotland and Wales", "https://111.nhs.uk"),
    ), "999"),
    "IE": CountryCrisis("IE", (
        _SAMARITANS_IE,
        _line("Crisis text line", "50808", "text, free, 24/7", "https://text50808.ie"),
    ), "112 or 999"),
    "CA": CountryCrisis("CA", (
        _line("9-8-8 Suicide Crisis Helpline", "988", "call or text, free, 24/7", "https://988.ca"),
    ), "911"),
    "AU": CountryCrisis("AU", (
        _line("Lifeline", "13 11 14", "call, 24/7", "https://www.lifeline.org.au"),
        _line("Beyond Blue", "1300 22 4636", "call or chat online, free, 24/7", "https://www.beyondblue.org.au"),
    ), "000"),
}

ALIASES = COUNTRY_ALIASES
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


__all__ = ["BUILTIN", "ALIASES", "KNOWN", "ELSEWHERE_NOTE", "FACTS_CHECKED", "BuiltinLine", "CountryCrisis",
           "CrisisLine", "builtin_crisis", "known_list"]
