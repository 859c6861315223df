"""The built-in crisis lines (toolkit/practice/crisis_lines.py), checked against the content
sheet (docs/content/facts.md, "Crisis resources"): every number and label as the sheet gives
it, every line with its source (the service's own web address) and the date it was last
compared with the sheet, the SAMHSA treatment-referral line kept out of the crisis box, and
NHS 111 not claimed for Northern Ireland."""

from __future__ import annotations

import re
from datetime import date

import pytest

from toolkit.documents.handout import CrisisLine
from toolkit.practice.crisis_lines import BUILTIN, KNOWN, BuiltinLine, builtin_crisis

SOURCE = re.compile(r"https://[a-z0-9-]+(\.[a-z0-9-]+)+(/\S*)?")


def provenance_problems(line: BuiltinLine) -> list[str]:
    """What a built-in line lacks: a source on the service's own site, a real check date."""
    problems = []
    if not SOURCE.fullmatch(line.source or ""):
        problems.append(f"{line.name}: no source (the service's own https:// address)")
    try:
        checked = date.fromisoformat(line.facts_checked or "")
    except ValueError:
        problems.append(f"{line.name}: no check date (YYYY-MM-DD)")
    else:
        if not date(2026, 1, 1) <= checked <= date.today():
            problems.append(f"{line.name}: check date {checked} is not a real past date")
    return problems


def every_builtin_line() -> list[tuple[str, BuiltinLine]]:
    return [(code, line) for code, country in BUILTIN.items() for line in (*country.crisis, *country.treatment)]


def test_every_builtin_line_has_a_source_and_a_check_date():
    lines = every_builtin_line()
    assert len(lines) >= 10
    assert [(code, p) for code, line in lines for p in provenance_problems(line)] == []


def test_the_provenance_check_can_fail():
    good = BuiltinLine("Line", "1", "", source="https://example.org/help", facts_checked="2026-12-02")
    assert provenance_problems(good) == []
    assert provenance_problems(BuiltinLine("Line", "1", "", source="", facts_checked="2026-12-02")) == [
        "Line: no source (the service's own https:// address)"]
    assert provenance_problems(BuiltinLine("Line", "1", "", source="https://example.org", facts_checked="")) == [
        "Line: no check date (YYYY-MM-DD)"]


def test_crisis_lines_match_the_fact_sheet_exactly():
    """Names, numbers and labels as docs/content/facts.md gives them; nothing it does not say
    (NHS 111's hours are not in the sheet, so they are not claimed)."""
    box = {c: [(x.name, x.number, x.note) for x in BUILTIN[c].lines] for c in KNOWN}
    assert box == {
        "US": [("988 Suicide & Crisis Lifeline", "988", "call or text, free, 24/7")],
        "UK": [("Samaritans", "116 123", "call, free, 24/7"),
               ("Shout", "85258", "text, free, 24/7"),
               ("NHS", "111", "in England, Scotland and Wales")],
        "IE": [("Samaritans", "116 123", "call, free, 24/7"),
               ("Crisis text line", "50808", "text, free, 24/7")],
        "CA": [("9-8-8 Suicide Crisis Helpline", "988", "call or text, free, 24/7")],
        "AU": [("Lifeline", "13 11 14", "call, 24/7"),
               ("Beyond Blue", "1300 22 4636", "call or chat online, free, 24/7")],
    }
    treatment = {c: [(x.name, x.number, x.note) for x in BUILTIN[c].treatment_lines] for c in KNOWN}
    assert treatment == {
        "US": [("SAMHSA National Helpline", "1-800-662-4357",
                "free, confidential, 24/7; for finding treatment and information, not a crisis line")],
        "UK": [], "IE": [], "CA": [], "AU": [],
    }
    assert {c: BUILTIN[c].emergency for c in KNOWN} == {
        "US": "911", "UK": "999", "IE": "112 or 999", "CA": "911", "AU": "000"}
    assert builtin_crisis("gb") is BUILTIN["UK"] and builtin_crisis("DE") is None


def test_samhsa_is_not_a_crisis_line():
    """The crisis box says "call one of the lines in the box": a treatment-referral line is not
    one of them."""
    for country in BUILTIN.values():
        assert all("SAMHSA" not in line.name and line.number != "1-800-662-4357" for line in country.lines)


def test_nhs_111_is_not_claimed_for_northern_ireland():
    [nhs] = [line for line in BUILTIN["UK"].lines if line.number == "111"]
    assert "England, Scotland and Wales" in nhs.note
    assert "Northern Ireland" not in nhs.note and "UK" not in nhs.note


@pytest.mark.parametrize("code", KNOWN)
def test_lines_are_plain_crisis_lines_for_the_renderer(code: str):
    """What the handout draws is the plain CrisisLine: provenance stays with the built-in table."""
    for line in (*BUILTIN[code].lines, *BUILTIN[code].treatment_lines):
        assert type(line) is CrisisLine
