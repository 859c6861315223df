"""The intake: one client's answers on one date, as every reader produces it.

:class:`Intake` holds answers already normalised to option values, keyed by
screener then item.  :class:`IntakeFile` is the strict pydantic model of an
intake written by hand (YAML or JSON) or assembled from a CSV row or a filled
form; its client fields check client text (one line, no control characters, no
spreadsheet formula) and dates (``YYYY-MM-DD``).  A birth date is client data:
its value is never echoed in a message; nor is a sex (``female``, ``male``, ``other``
or ``not-given``), which selects a score's sex-specific cut-offs.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Annotated, Any, Literal, get_args

from pydantic import AfterValidator, BeforeValidator

from ..core.hidden_text import DIRECTION_CONTROLS, ZERO_WIDTH
from ..core.model_types import Strict, Text
from ..core.spreadsheet import FORMULA_START

_ISO_DATE = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")
_LANGUAGE = re.compile(r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$")
_DATE_HINT = "write it as YYYY-MM-DD, for example 2026-11-20"


def _client_text(limit: int) -> Callable[[str], str]:
    """Client text: one line, no control characters, no spreadsheet formula, at most ``limit``."""

    def check(value: str) -> str:
        value = value.strip()
        if not value:
            raise ValueError("must not be empty")
        for ch in value:
            if ch in "\r\n" or unicodedata.category(ch) in ("Zl", "Zp"):
                raise ValueError("contains a line break; put it on one line")
            if unicodedata.category(ch) in ("Cc", "Cf") and ch not in "\u200d\u200c":
                raise ValueError(f"contains a control character (U+{ord(ch):04X}); remove it")
        if len(value) > limit:
            raise ValueError(f"is {len(value)} characters long; the limit is {limit}")
        if value.startswith(FORMULA_START):
            raise ValueError(f"starts with '{value[0]}', so a spreadsheet would read it as a formula")
        return value

    return check


def _one_spelling(value: str) -> str:
    """A client id is the same id however it was typed: composed accents (NFC, so an
    accent typed as its own mark is the same id), and no character that draws nothing
    or an unusual space, which would make an id that looks the same another client's.
    The id itself is never shown: it is client data."""
    for ch in value.strip():
        if ch in ZERO_WIDTH or ch in DIRECTION_CONTROLS:
            raise ValueError(f"contains an invisible character (U+{ord(ch):04X}), so it would not match the "
                             "same id typed without it; retype the id")
        if ch != " " and (ch.isspace() or unicodedata.category(ch) == "Zs"):
            raise ValueError(f"contains an unusual space (U+{ord(ch):04X}), so it would not match the same id "
                             "typed with an ordinary space; retype the id")
    return as_client_id(value)


def as_client_id(text: str) -> str:
    """The one spelling of a client id (also of an id given with ``--client``): composed
    accents (Unicode NFC), no spaces around it."""
    return unicodedata.normalize("NFC", text).strip()


def _language(value: str) -> str:
    if not _LANGUAGE.match(value):
        raise ValueError("is not a language code; use a code such as en, es, fr or pt-BR")  # never the value
    return value


SexValue = Literal["female", "male", "other", "not-given"]
SEXES: tuple[str, ...] = get_args(SexValue)
_SEX_HINT = "use female, male, other or not-given (or leave it out)"


def _sex(value: Any) -> Any:
    """A sex as one of the four words, case and spaces aside.  Client data: the value is
    never echoed in a message."""
    if not isinstance(value, str):
        raise ValueError(f"must be a word, not a number, a list or true/false; {_SEX_HINT}")
    word = value.strip().casefold()
    if word not in SEXES:
        raise ValueError(f"is not one of the values this field takes; {_SEX_HINT}")
    return word


def _date_check(value: Any) -> Any:
    """A date written as YYYY-MM-DD (text, as the YAML reader keeps it).  An intake's
    dates are client data: the value is never echoed in a message."""
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value  # from a Python caller
    if value is None or (isinstance(value, str) and not value.strip()):
        raise ValueError(f"is empty; {_DATE_HINT}")
    if isinstance(value, str) and _ISO_DATE.match(value.strip()):
        try:
            return dt.date.fromisoformat(value.strip())
        except ValueError:
            raise ValueError(f"this is not a real date (check the month and the day); {_DATE_HINT}") from None
    raise ValueError(f"this is not a date; {_DATE_HINT}")


ClientId = Annotated[Text, AfterValidator(_one_spelling), AfterValidator(_client_text(64))]
ClientText = Annotated[Text, AfterValidator(_client_text(32_000))]  # generous: robustness, not a norm
Language = Annotated[Text, AfterValidator(_language)]
DateField = Annotated[dt.date, BeforeValidator(_date_check)]
BirthDate = Annotated[dt.date, BeforeValidator(_date_check)]
Sex = Annotated[SexValue, BeforeValidator(_sex)]


class Client(Strict):
    id: ClientId
    name: ClientText | None = None
    preferred_name: ClientText | None = None
    language: Language | None = None
    date_of_birth: BirthDate | None = None
    sex: Sex | None = None  # selects sex-specific cut-offs (AUDIT-C); never in a file name or message


class IntakeFile(Strict):
    client: Client
    date: DateField
    answers: dict[str, Any]


@dataclass
class Intake:
    """A validated intake: answers are option values, keyed by screener then item."""

    client: Client
    date: dt.date
    answers: dict[str, dict[str, Any]] = field(default_factory=dict)
    source: str = ""  # file name (and row, for CSV): for messages, never client data
    not_asked: frozenset[str] = frozenset()  # "<screener>.<item>" the export did not ask (a mapping's not_asked)
    wave: str | None = None  # the export's wave/visit of this row, when the mapping names a wave column
    visit: tuple = ()  # orders a client's intakes that share a date (from the wave); see sort_key
    changed: dict[str, dict[str, tuple[Any, ...]]] = field(default_factory=dict)
    """A filled form's questions that a later saved version changed after it was filled:
    screener -> item -> every answer the earlier versions held (client data: never shown)."""
    earlier: tuple[dict[str, dict[str, Any]], ...] = ()
    """When ``changed`` is not empty: each earlier saved version's answers as its page showed them."""

    @property
    def sort_key(self) -> tuple:
        """Date, then wave: the order of a client's intakes."""
        return (self.date, self.visit)
