"""The pydantic model of a practice folder's ``practice.yaml``.

Rules that need plain-English messages (colours, country and language codes,
font size, e-mail, web address) are checked by small validators rather than
bare ``pattern``/``ge`` constraints, whose generic messages would not help a
practice manager; the same rules are still written into the JSON Schema (via
``json_schema_extra``) so an editor can check them as the file is typed.
Checks that need the folder (paths, fonts, logo, contrast, crisis lines for the
country) live in :mod:`toolkit.practice.loader`.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Annotated, Any

from pydantic import AfterValidator, Field, StrictStr

from ..core.model_types import Strict, Text

_COLOUR = r"^#[0-9A-Fa-f]{6}$"
_COUNTRY = r"^[A-Z]{2}$"
_LANGUAGE = r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$"
_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")


def _shown(value: str) -> str:
    return value if len(value) <= 40 else value[:37] + "..."


def _colour(value: str) -> str:
    if not re.match(_COLOUR, value):
        raise ValueError("must be a colour written as '#' and six hex digits, such as "
                         f"\"#1F4E79\" (in quotes), not '{_shown(value)}'")
    return value


def _country(value: str) -> str:
    if not re.match(_COUNTRY, value):
        raise ValueError("must be a two-letter country code in capitals, such as US, UK, IE, "
                         f"CA or AU, not '{_shown(value)}'")
    return value


def _language(value: str) -> str:
    if not re.match(_LANGUAGE, value):
        raise ValueError(f"must be a language code such as en, es or fr-CA, not '{_shown(value)}'")
    return value


def _font_size(value: float) -> float:
    if value < 12:
        raise ValueError("must be 12 or more (points): body text is never smaller than 12 pt")
    if value > 24:
        raise ValueError("must be 24 or less (points); for large print, use large_print: true "
                         "(18 pt)")
    return value


def _email(value: str) -> str:
    local, at, domain = value.partition("@")
    if not at or not local or "." not in domain or any(c.isspace() for c in value) or "@" in domain:
        raise ValueError(f"must be an e-mail address such as office@example.org, not '{_shown(value)}'")
    return value


def _website(value: str) -> str:
    if any(c.isspace() for c in value):
        raise ValueError("must be a web address without spaces, such as https://example.org")
    if _SCHEME.match(value) and not value.lower().startswith(("http://", "https://")):
        raise ValueError("must be a web address starting with https:// (or http://), "
                         f"not '{_shown(value)}'")
    return value


Colour = Annotated[StrictStr, AfterValidator(_colour), Field(json_schema_extra={"pattern": _COLOUR})]
RelPath = Annotated[Text, Field(max_length=255)]


def _doc(text: str, default: Any = ..., **kw: Any) -> Any:
    """A field with a plain-words description (shown by editors through the JSON Schema)."""
    return Field(default, description=text, **kw)


Text20 = Annotated[Text, Field(max_length=20)]
Text60 = Annotated[Text, Field(max_length=60)]
Text120 = Annotated[Text, Field(max_length=120)]
Text200 = Annotated[Text, Field(max_length=200)]
Text300 = Annotated[Text, Field(max_length=300)]


def _iso_date(value: str) -> str:
    try:
        date.fromisoformat(value)
    except ValueError:
        raise ValueError(f"must be a date written YYYY-MM-DD, such as 2026-12-02, not '{_shown(value)}'") from None
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        raise ValueError(f"must be a date written YYYY-MM-DD, such as 2026-12-02, not '{_shown(value)}'")
    return value


class CrisisLineModel(Strict):
    """One crisis line: who to call, the number, and an optional short note.  ``source`` and
    ``checked`` are for the practice's own records (where the number comes from and when it
    was last checked); they are not printed."""

    name: Text120 = _doc("Who answers, e.g. Samaritans.")
    number: Text60 = _doc('The number to call or text, in quotes, e.g. "116 123".')
    note: Text200 | None = _doc("A short note, e.g. call or text, 24/7.", None)
    source: Annotated[Text200, AfterValidator(_website)] | None = _doc(
        "The service's own web address, where the number and hours can be checked "
        "(not printed).", None)
    checked: Annotated[Text20, AfterValidator(_iso_date)] | None = _doc(
        "When you last checked the number with the service, YYYY-MM-DD (not printed).", None,
        json_schema_extra={"pattern": r"^\d{4}-\d{2}-\d{2}$"})


class Colours(Strict):
    """Two colours; both are checked for contrast so text stays easy to read."""

    primary: Colour = _doc("Headings and the header line; must be dark enough to read "
                           "on white.", "#1F4E79")
    accent: Colour = _doc("Background of tinted boxes; must be light enough for dark "
                          "text.", "#E8F0F7")


class Fonts(Strict):
    """TrueType files inside the practice folder.  Regular is required if any is given;
    a style left out is drawn with the regular file."""

    regular: RelPath = _doc("A .ttf file inside the practice folder, e.g. fonts/MyFont.ttf.")
    bold: RelPath | None = _doc("The bold .ttf file.", None)
    italic: RelPath | None = _doc("The italic .ttf file.", None)
    bold_italic: RelPath | None = _doc("The bold italic .ttf file.", None)


class Practice(Strict):
    """A practice's identity, branding and crisis lines (``practice.yaml``)."""

    name: Text200 = _doc("The practice's name, shown at the top of every page.")
    address: Text300 | None = _doc("Postal address (may run over several lines).", None)
    phone: Text60 | None = _doc("Phone number, in quotes.", None)
    email: Annotated[Text200, AfterValidator(_email)] | None = _doc(
        "E-mail address for clients.", None)
    website: Annotated[Text200, AfterValidator(_website)] | None = _doc(
        "Web address, e.g. https://example.org.", None)
    clinician: Text200 | None = _doc("A clinician's name to show on handouts.", None)
    country: Annotated[StrictStr, AfterValidator(_country)] = _doc(
        "Two-letter country code in capitals; chooses the built-in crisis lines "
        "(US, UK, IE, CA, AU).", "US", json_schema_extra={"pattern": _COUNTRY})
    language: Annotated[StrictStr, AfterValidator(_language)] = _doc(
        "Language code of the handouts, e.g. en.", "en",
        json_schema_extra={"pattern": _LANGUAGE})
    logo: RelPath | None = _doc("A PNG or JPEG file inside the practice folder, "
                                   "e.g. logo.png.", None)
    colours: Colours = _doc("Two colours, checked for contrast.", Colours())
    fonts: Fonts | None = _doc("Your own TrueType fonts (optional).", None)
    base_font_size: Annotated[float, AfterValidator(_font_size)] = _doc(
        "Body text size in points, 12 to 24.", 12,
        json_schema_extra={"minimum": 12, "maximum": 24})
    large_print: bool = _doc("true for large print (18 pt body text).", False)
    crisis_lines: list[CrisisLineModel] | None = _doc(
        "Crisis lines printed on every handout; they replace the built-in ones for "
        "the country.", None, min_length=1)
    emergency_number: Text20 | None = _doc("The local emergency number, in quotes.", None)
    footer: Text300 | None = _doc("A line at the bottom of every page.", None)

MULTILINE_FIELDS = ("address", "footer")
"""Fields whose text may run over several lines; every other text is one line."""
