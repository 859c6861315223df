"""Named sources in the built-in content are the real ones, or say plainly that
a rule is the toolkit's own (issue 12, item 9).

A client reads "A review indexed by the NIH" as the NIH vouching for a figure,
and "The American Psychological Association notes" as the APA's word; a
clinician reads a CBI band or an ASQ outcome as the instrument's published rule.
Each claim must name the paper it rests on, or say it is our own cautious rule.
"""

from __future__ import annotations

import re

import pytest
import yaml

from toolkit import load_screener
from toolkit.content.catalog import builtin_dir


def handouts() -> dict[str, dict]:
    return {p.stem: yaml.safe_load(p.read_text(encoding="utf-8"))
            for p in sorted(builtin_dir("handouts").glob("*.yaml"))}


def section(handout_id: str, section_id: str) -> dict:
    return next(s for s in handouts()[handout_id]["sections"] if s["id"] == section_id)


def flat(text: str) -> str:
    return " ".join(text.split())


def all_text() -> list[tuple[str, str]]:
    """Every client-facing string of every built-in handout, with where it is."""
    out = []
    for hid, data in handouts().items():
        for s in data["sections"]:
            for key in ("heading", "body", "sources"):
                out.append((f"{hid}/{s['id']}.{key}", flat(s.get(key) or "")))
    return out


@pytest.mark.parametrize("pattern", [r"\bNIH\b", r"National Institutes of Health", r"indexed by",
                                     r"American Psychological Association", r"\bAPA\b"])
def test_no_handout_borrows_an_institutions_authority(pattern):
    hits = [where for where, text in all_text() if re.search(pattern, text)]
    assert hits == []


@pytest.mark.parametrize("handout_id, section_id", [("numbness", "medication"),
                                                    ("medication-and-feelings", "noticed")])
def test_blunting_figure_is_research_suggests_about_half_from_the_named_paper(handout_id, section_id):
    s = section(handout_id, section_id)
    body = flat(s["body"])
    assert "Research suggests that about half" in body
    assert "46 in every 100" in body  # the survey's own figure, not a 40-60% range
    assert "40" not in body.replace("46", "")
    assert "Goodwin" in s["sources"] and "2017" in s["sources"]


@pytest.mark.parametrize("handout_id, section_id", [("numbness", "writing"),
                                                    ("reconnecting-with-feelings", "writing")])
def test_expressive_writing_claims_only_what_the_meta_analysis_found(handout_id, section_id):
    s = section(handout_id, section_id)
    body = flat(s["body"])
    assert "146 studies found a small benefit, on average" in body
    assert "measurable" not in body and "most of all" not in body
    assert "Frattaroli" in s["sources"] and "2006" in s["sources"]


@pytest.mark.parametrize("handout_id, section_id", [("numbness", "stress-worry"), ("burnout", "stress")])
def test_long_stress_claim_names_its_review(handout_id, section_id):
    s = section(handout_id, section_id)
    assert "A large review of studies found that stress that goes on and on can weaken" in flat(s["body"])
    assert "Segerstrom" in s["sources"] and "2004" in s["sources"]


@pytest.mark.parametrize("screener_id", ["contributors", "medication"])
def test_checklist_citations_borrow_no_institutions_authority(screener_id):
    citation = flat(load_screener(screener_id).citation or "")
    assert "American Psychological Association" not in citation
    assert "indexed by" not in citation and "(NIH)" not in citation


@pytest.mark.parametrize("score_id", ["personal", "work", "client"])
def test_cbi_50_point_line_is_called_the_toolkits_own_rule(score_id):
    score = next(s for s in load_screener("cbi").scores if s.id == score_id)
    assert "toolkit's own cautious rule" in flat(score.bands_citation or "")


def test_declined_asq_question_5_is_called_the_toolkits_own_rule():
    notes = [flat(n) for n in load_screener("asq").notes]
    assert any("declined" in n and "question 5" in n and "toolkit's own cautious rule" in n
               for n in notes)
