"""Variants: every distinct section list a handout can produce, with an example
result that really produces it; answer patterns that reach every band, outcome
and flag; sections no result can reach."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from toolkit import Catalog
from toolkit.api import load_screener, score
from toolkit.content.catalog import ScreenerMap
from toolkit.content.handout_loader import HandoutCatalog
from toolkit.planning.handout import choose_sections
from toolkit.quality.answer_patterns import reached, screener_patterns, targets
from toolkit.quality.variants import (
    relevant_screeners,
    representative,
    substitute,
    unreachable_sections,
    variants,
)
from toolkit.scoring.results import IntakeResult

BUILTIN_SCREENERS = ["asq", "auditc", "cbi", "contributors", "gad2", "gad7", "medication", "numbness",
                     "phq2", "phq4", "phq9"]


def practice_with(tmp_path: Path, handout_yaml: str, hid: str = "test") -> Path:
    (tmp_path / "handouts").mkdir(parents=True, exist_ok=True)
    (tmp_path / "practice.yaml").write_text("name: Test Practice\ncountry: US\n")
    (tmp_path / "handouts" / f"{hid}.yaml").write_text(textwrap.dedent(handout_yaml))
    return tmp_path


SMALL = """\
    id: test
    version: "1.0"
    title: A small handout
    sections:
      - id: intro
        heading: Hello
        body: This is for you.
        sources: Test.
      - id: mood
        heading: Mood
        when: {band: {score: phq9.total, at_least: moderate}}
        body: Your mood may be low.
        sources: Test.
      - id: medicine
        heading: Medicine
        when: {outcome: medication.medication-may-contribute}
        body: Talk to your prescriber.
        sources: Test.
      - id: never
        heading: Never
        when: {all: [{band: {score: phq9.total, is: minimal}}, {band: {score: phq9.total, is: severe}}]}
        body: You will not see this.
        sources: Test.
      - id: help
        heading: Help
        safety: true
        body: Call {crisis.emergency}.
        sources: Test.
"""


@pytest.fixture(scope="module")
def builtin():
    catalog = Catalog()
    return HandoutCatalog(None, catalog), ScreenerMap(catalog)


@pytest.mark.parametrize("sid", BUILTIN_SCREENERS)
def test_patterns_reach_every_band_outcome_and_flag(sid):
    screener = Catalog().get(sid)
    got = set().union(*(reached(p.result) for p in screener_patterns(screener)))
    assert targets(screener) <= got


def test_phq9_patterns_include_urgent_review_only_and_incomplete():
    results = [p.result for p in screener_patterns(Catalog().get("phq9"))]
    assert any(f.level == "urgent" and f.item == "q9" for r in results for f in r.flags)
    assert any(r.flags and all(f.level == "review" for f in r.flags) for r in results)
    assert any(not r.scores[0].complete for r in results)
    bands = {r.scores[0].band.id for r in results if r.scores[0].band}
    assert bands == {"minimal", "mild", "moderate", "moderately-severe", "severe"}


def test_asq_patterns_reach_acute_non_acute_and_negative():
    outcomes = {o.id for p in screener_patterns(Catalog().get("asq")) for o in p.result.outcomes}
    assert {"acute-positive", "non-acute-positive", "negative"} <= outcomes


def test_patterns_are_deterministic():
    s = Catalog().get("numbness")
    assert [p.answers for p in screener_patterns(s)] == [p.answers for p in screener_patterns(s)]


def test_substitute_simplifies():
    e = ("any", (("leaf", 0), ("all", (("leaf", 1), ("not", ("leaf", 2))))))
    assert substitute(e, {0: True}) is True
    assert substitute(e, {0: False, 1: True}) == ("not", ("leaf", 2))
    assert substitute(e, {0: False, 1: True, 2: True}) is False
    assert substitute(e, {}) == e


def test_small_handout_has_exactly_its_combinations(tmp_path):
    folder = practice_with(tmp_path, SMALL)
    catalog = Catalog(folder)
    handout = HandoutCatalog(folder, catalog).get("test")
    screeners = ScreenerMap(catalog)
    assert relevant_screeners(handout, screeners)[:2] == ["phq9", "medication"]
    found = variants(handout, screeners)
    lists = {v.sections for v in found}
    calm = {("intro", "help"), ("intro", "mood", "help"), ("intro", "medicine", "help"),
            ("intro", "mood", "medicine", "help")}
    urgent = {("help",) + tuple(s for s in sections if s != "help") for sections in calm}
    assert lists == calm | urgent
    assert unreachable_sections(handout, found) == ["never"]
    assert found[0].sections == ("intro", "help") and found[0].description == "nothing screened"


def test_builtin_variants_are_real_distinct_and_cover_every_section(builtin):
    handouts, screeners = builtin
    for hid in handouts.ids():
        handout = handouts.get(hid)
        found = variants(handout, screeners)
        assert len({v.sections for v in found}) == len(found)
        for v in found:
            assert tuple(s.spec.id for s in choose_sections(handout, v.result, screeners)) == v.sections
            assert v.description and len(v.description) < 600
        assert unreachable_sections(handout, found, screeners) == []
        if handout.tailored:
            assert any(v.urgent for v in found) and any(not v.urgent for v in found)
        else:  # the same for every result (for-partners): one variant, every section in it
            assert [v.sections for v in found] == [tuple(handout.section_ids())], hid


def test_builtin_numbness_example_descriptions(builtin):
    handouts, screeners = builtin
    found = variants(handouts.get("numbness"), screeners)
    assert found[0].description == "nothing screened"
    urgent = [v for v in found if v.urgent]
    assert "urgent flag" in urgent[0].description
    assert urgent[0].sections[0] == "crisis"


def test_every_builtin_handout_has_variants_starting_with_nothing_screened(builtin):
    """Every built-in handout's variants can be found (how long that takes is measured by
    benchmarks/bench_variants.py, not asserted here), the first being the empty intake."""
    handouts, screeners = builtin
    for hid in handouts.ids():
        found = variants(handouts.get(hid), screeners)
        assert found and found[0].description == "nothing screened", hid
        assert not found[0].urgent, hid


def test_representative_set_covers_sections_and_extremes(builtin):
    handouts, screeners = builtin
    found = variants(handouts.get("numbness"), screeners)
    assert len(found) > 40
    chosen = representative(found, 40)
    assert len(chosen) <= 40
    assert {s for v in chosen for s in v.sections} == {s for v in found for s in v.sections}
    assert found[0] in chosen
    assert max(len(v.sections) for v in chosen) == max(len(v.sections) for v in found)
    assert any(v.urgent for v in chosen)
    tiny = representative(found, 3)  # below what covering needs: a greedy cover
    assert {s for v in tiny for s in v.sections} == {s for v in found for s in v.sections}
    assert representative(found[:5], 40) == found[:5]


URGENT = IntakeResult("C1", "2026-01-15", (score(load_screener("phq9"), {"q9": 2}),))
THERAPIST = {"US": "therapist-us", "UK": "therapist-uk", "GB": "therapist-uk", "IE": "therapist-ie",
             "CA": "therapist-ca", "AU": "therapist-au", "NZ": "therapist-elsewhere", "": "therapist-elsewhere"}


@pytest.mark.parametrize("country", sorted(THERAPIST))
def test_finding_a_therapist_is_the_practice_countrys_own(builtin, country):
    """Every variant for a practice in one country carries that country's "finding a
    therapist" section and no other country's (GB is the UK; a country without its own
    section gets the neutral one)."""
    handouts, screeners = builtin
    handout = handouts.get("numbness")
    for result in (IntakeResult("C1", "2026-01-15", ()), URGENT):
        chosen = [s.spec.id for s in choose_sections(handout, result, screeners, country)]
        assert [s for s in chosen if s.startswith("therapist-")] == [THERAPIST[country]]


def test_another_countrys_section_is_not_unreachable(builtin):
    handouts, screeners = builtin
    handout = handouts.get("numbness")
    found = variants(handout, screeners, country="UK")
    assert "therapist-us" in unreachable_sections(handout, found)  # for a UK practice's clients
    assert unreachable_sections(handout, found, screeners) == []    # but some practice's clients see it
