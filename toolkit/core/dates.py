"""Dates written as a person writes them in the practice's country ("21 November 2026"
in the UK, "November 21, 2026" in the US), with Babel's CLDR data (offline)."""

from __future__ import annotations

from datetime import date

from babel.dates import format_date as _babel_format_date

LOCALES = {"US": "en_US", "CA": "en_CA", "UK": "en_GB", "GB": "en_GB", "IE": "en_IE", "AU": "en_AU",
           "NZ": "en_NZ"}
"""The English locale of each country the toolkit knows; any other country: en_GB (day first)."""


def locale_for(country: str) -> str:
    return LOCALES.get(country.upper(), "en_GB")


def long_date(value: date | str, country: str) -> str:
    """``value`` (a date or an ISO string such as "2026-11-21") in the country's long form;
    a string that is not an ISO date is returned unchanged (never an error on a page)."""
    if isinstance(value, date):
        day = value
    else:
        try:
            day = date.fromisoformat(value)
        except ValueError:
            return value
    return str(_babel_format_date(day, format="long", locale=locale_for(country)))
