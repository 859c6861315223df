"""Planning: for given results, exactly which sections of the built-in numbness
handout appear, and in what order.  Expected lists are written out by hand from
the handout's design (docs/content-notes.md), not computed from its conditions."""

from __future__ import annotations

import pytest

from toolkit import Catalog, load_screener, score
from toolkit.content.catalog import ScreenerMap
from toolkit.content.handout_loader import HandoutCatalog
from toolkit.documents.handout import Branding, Callout, CrisisBlock, CrisisLine, Paragraph
from toolkit.planning.handout import PlanInputs, choose_sections, plan
from toolkit.scoring.results import IntakeResult

BASE = ["welcome", "what-it-is", "why-it-matters", "coping", "naming-feelings", "permission",
        "writing", "movement", "professional-help", "therapist-elsewhere", "main-points", "when-to-get-help"]
# (chosen() plans for a practice in no known country: the neutral "finding a therapist")
ORDER = ["welcome", "what-it-is", "cant-cry", "far-away", "stress-worry", "holding-back",
         "past-hurt", "grief", "low-mood", "body-changes", "medication", "medication-general",
         "recent-change", "why-it-matters", "coping", "naming-feelings", "hard-to-name", "permission", "writing",
         "movement", "numbing-habits", "professional-help", "therapist-uk", "therapist-us", "therapist-ie",
         "therapist-ca", "therapist-au", "therapist-elsewhere", "long-lasting", "main-points", "crisis",
         "when-to-get-help"]
NO_NUMBNESS = {"cry": 0, "flat": 0, "pleasant-muted": 0, "pressure": 0, "detached": 0,
               "body-silent": 0, "guilt": 0, "duration": "under-2-weeks", "interference": 0}


@pytest.fixture(scope="module")
def handout():
    return HandoutCatalog().get("numbness")


@pytest.fixture(scope="module")
def screeners():
    return ScreenerMap(Catalog())


def result_of(**answers_by_screener) -> IntakeResult:
    results = tuple(score(load_screener(sid), answers) for sid, answers in answers_by_screener.items())
    return IntakeResult("C-1", "2026-11-20", results)


def chosen(handout, screeners, **answers) -> list[str]:
    answers.setdefault("numbness", NO_NUMBNESS)
    return [s.spec.id for s in choose_sections(handout, result_of(**answers), screeners)]


def with_sections(*extra: str) -> list[str]:
    """The baseline plus ``extra``, in handout order."""
    wanted = set(BASE) | set(extra)
    return [s for s in ORDER if s in wanted]


def phq9_with_total(total: int) -> dict:
    answers, left = {}, total
    for i in range(1, 9):
        answers[f"q{i}"] = min(3, left)
        left -= answers[f"q{i}"]
    assert left == 0
    return {**answers, "q9": 0, "q10": 1}


def sum_items(items: list[str], total: int) -> dict:
    answers, left = {}, total
    for item in items:
        answers[item] = min(3, left)
        left -= answers[item]
    assert left == 0
    return answers


def test_handout_order_is_as_designed(handout):
    assert handout.section_ids() == ORDER


def test_baseline_no_results_beyond_the_checklist(handout, screeners):
    assert chosen(handout, screeners) == BASE


@pytest.mark.parametrize("total, band, low_mood", [
    (0, "minimal", False), (4, "minimal", False), (5, "mild", True), (9, "mild", True),
    (10, "moderate", True), (14, "moderate", True), (15, "moderately-severe", True),
    (19, "moderately-severe", True), (20, "severe", True), (24, "severe", True)])
def test_every_phq9_band(handout, screeners, total, band, low_mood):
    r = result_of(phq9=phq9_with_total(total))
    assert r.results[0].score("total").band.id == band
    expected = with_sections("low-mood") if low_mood else BASE
    assert chosen(handout, screeners, phq9=phq9_with_total(total)) == expected


@pytest.mark.parametrize("total, band, stress", [
    (0, "minimal", False), (4, "minimal", False), (5, "mild", True), (10, "moderate", True),
    (15, "severe", True), (21, "severe", True)])
def test_every_gad7_band(handout, screeners, total, band, stress):
    answers = sum_items([f"q{i}" for i in range(1, 8)], total)
    assert score(load_screener("gad7"), answers).score("total").band.id == band
    assert chosen(handout, screeners, gad7=answers) == (with_sections("stress-worry") if stress else BASE)


@pytest.mark.parametrize("scale", ["personal", "work", "client"])
@pytest.mark.parametrize("value, band", [(0, "low"), (25, "low"), (50, "high"), (100, "high")])
def test_every_cbi_band(handout, screeners, scale, value, band):
    cbi = load_screener("cbi")
    items = [it for it in cbi.items if it.id.startswith(scale + "-")]
    answers = {it.id: (100 - value if it.reverse else value) for it in items}
    assert score(cbi, answers).score(scale).band.id == band
    expected = with_sections("stress-worry") if band == "high" else BASE
    assert chosen(handout, screeners, cbi=answers) == expected


@pytest.mark.parametrize("sid, score_id, items, section", [
    ("phq2", "total", ["q1", "q2"], "low-mood"),
    ("gad2", "total", ["q1", "q2"], "stress-worry"),
])
@pytest.mark.parametrize("total", [0, 2, 3, 6])
def test_two_item_screens(handout, screeners, sid, score_id, items, section, total):
    answers = sum_items(items, total)
    expected = with_sections(section) if total >= 3 else BASE
    assert chosen(handout, screeners, **{sid: answers}) == expected


@pytest.mark.parametrize("anxiety, depression", [(0, 0), (3, 0), (0, 3), (6, 6), (2, 2)])
def test_phq4_subscales(handout, screeners, anxiety, depression):
    phq4 = load_screener("phq4")
    ids = [it.id for it in phq4.items]
    answers = {**sum_items(ids[:2], anxiety), **sum_items(ids[2:], depression)}
    extra = (["stress-worry"] if anxiety >= 3 else []) + (["low-mood"] if depression >= 3 else [])
    assert chosen(handout, screeners, phq4=answers) == with_sections(*extra)


# Every outcome of our three checklists, and the section it brings (by design).
NUMBNESS_OUTCOMES = [
    ({"cry": 2}, ["cant-cry"]),
    ({"pressure": 3}, ["cant-cry"]),
    ({"body-silent": 2}, ["cant-cry", "hard-to-name"]),  # upset, but the body does not respond
    ({"flat": 2}, ["far-away"]),
    ({"pleasant-muted": 2}, ["far-away"]),
    ({"detached": 3}, ["far-away"]),
    ({"guilt": 2}, ["far-away"]),
    ({"duration": "up-to-3-months"}, ["long-lasting"]),
    ({"duration": "over-6-months"}, ["long-lasting"]),
    ({"interference": 2}, ["long-lasting"]),
    ({"duration": "up-to-6-months", "interference": 3}, ["long-lasting"]),
    ({"cry": 1, "flat": 1}, []),  # "a little" is not enough to choose a section
]


@pytest.mark.parametrize("change, extra", NUMBNESS_OUTCOMES)
def test_numbness_outcomes(handout, screeners, change, extra):
    assert chosen(handout, screeners, numbness={**NO_NUMBNESS, **change}) == with_sections(*extra)


CONTRIBUTOR_OUTCOMES = [
    ({"stress": 2}, ["stress-worry"]),
    ({"exhausted": 3}, ["stress-worry"]),
    ({"small-tasks": 2}, ["stress-worry"]),
    ({"worry": 2}, ["stress-worry"]),
    ({"hold-back": 2}, ["holding-back"]),
    ({"cultural-messages": "yes"}, ["holding-back"]),
    ({"fear-of-judgement": 3}, ["holding-back"]),
    ({"past-hurt": "yes"}, ["past-hurt"]),
    ({"past-hurt": "rather-not-say"}, []),
    ({"grief": "yes"}, ["grief"]),
    ({"grief": "not-sure"}, []),
    ({"grief": "rather-not-say"}, []),
    ({"hard-to-name": 2}, ["hard-to-name"]),
    ({"hard-to-name": 1}, []),
    ({"sleep": 2}, ["numbing-habits"]),
    ({"alcohol": 2}, ["numbing-habits"]),
    ({"screens": 3}, ["numbing-habits"]),
    ({"stress": 1, "sleep": 1}, []),
]


@pytest.mark.parametrize("answers, extra", CONTRIBUTOR_OUTCOMES)
def test_contributor_outcomes(handout, screeners, answers, extra):
    assert chosen(handout, screeners, contributors=answers) == with_sections(*extra)


MEDICATION_OUTCOMES = [
    ({"antidepressant": "none"}, []),
    ({"antidepressant": "ssri", "flat-since-starting": "no"}, ["medication-general"]),
    ({"antidepressant": "snri", "flat-since-starting": "yes"}, ["medication"]),
    ({"antidepressant": "not-sure", "flat-since-starting": "not-sure"}, ["medication"]),
    ({"antidepressant": "other", "recent-change": "yes"}, ["medication-general", "recent-change"]),
    ({"antidepressant": "snri", "recent-change": "yes", "flat-since-starting": "yes"},
     ["medication", "recent-change"]),
    ({"antidepressant": "none", "recent-change": "yes"}, []),  # not on one: no early-weeks warning
    ({"antidepressant": "none", "flat-since-starting": "yes"}, []),  # not on one: no medicine section
    ({"menopause": "yes"}, ["body-changes"]),
    ({"after-birth": "yes"}, ["body-changes"]),
    ({"thyroid": "yes"}, ["body-changes"]),
    ({"tears-changed": "yes"}, ["body-changes"]),
    ({"thyroid": "not-sure"}, []),
]


@pytest.mark.parametrize("answers, extra", MEDICATION_OUTCOMES)
def test_medication_outcomes(handout, screeners, answers, extra):
    assert chosen(handout, screeners, medication=answers) == with_sections(*extra)


def test_urgent_flag_puts_crisis_sections_first(handout, screeners):
    answers = {**phq9_with_total(3), "q9": 1}
    got = chosen(handout, screeners, phq9=answers)
    assert got[:2] == ["crisis", "when-to-get-help"]
    assert got[2:] == [s for s in BASE if s != "when-to-get-help"]


def test_asq_positive_is_urgent_too(handout, screeners):
    asq = {"q1": "yes", "q2": "no", "q3": "no", "q4": "no", "q5": "no"}
    assert chosen(handout, screeners, asq=asq)[:2] == ["crisis", "when-to-get-help"]


def test_review_flag_alone_adds_no_crisis_section(handout, screeners):
    answers = phq9_with_total(3)
    del answers["q9"]  # unanswered item 9: a review flag, not urgent
    got = chosen(handout, screeners, phq9=answers)
    assert "crisis" not in got and got[-1] == "when-to-get-help"


def test_conditions_about_unscreened_instruments_are_false(handout, screeners):
    assert chosen(handout, screeners) == BASE  # no phq9/gad7/cbi/medication in the intake


def inputs(**client) -> PlanInputs:
    return PlanInputs(Branding("Riverside Therapy"), (CrisisLine("Samaritans", "116 123"),), "999",
                      {"name": "Riverside Therapy", "phone": "01234 567890"}, **client)


def test_plan_fills_placeholders_as_literal_runs_and_adds_crisis_blocks(handout, screeners):
    result = result_of(numbness=NO_NUMBNESS, phq9={**phq9_with_total(3), "q9": 2})
    doc = plan(handout, result, screeners, inputs(client_name="**Ana** <b>", client_preferred_name=""))
    assert doc.prepared_for == "**Ana** <b>"  # kept as text: never parsed as Markdown or markup
    safety = [s for s in doc.sections if s.safety]
    assert [s.id for s in doc.sections[:2]] == [s.id for s in safety] == ["crisis", "when-to-get-help"]
    # adjacent safety sections share one crisis-line block; with an urgent flag it
    # opens the first of them, right under its heading
    blocks = [[b for b in s.blocks if isinstance(b, CrisisBlock)] for s in safety]
    assert [len(b) for b in blocks] == [1, 0]
    assert isinstance(safety[0].blocks[0], CrisisBlock)
    assert blocks[0][0].emergency == "999"
    assert blocks[0][0].lines == (CrisisLine("Samaritans", "116 123"),)
    runs = [r for s in doc.sections for b in s.blocks if isinstance(b, Paragraph) for r in b.runs]
    assert any(r.text == "999" and r.origin == "practice crisis lines" for r in runs)
    assert all("{" not in r.text for r in runs)


def test_a_lone_safety_section_carries_the_crisis_lines(handout, screeners):
    doc = plan(handout, result_of(numbness=NO_NUMBNESS), screeners, inputs())
    help_ = doc.sections[-1]
    assert help_.id == "when-to-get-help" and help_.safety
    assert isinstance(help_.blocks[-1], CrisisBlock) and help_.blocks[-1].emergency == "999"  # after the body


def test_a_referral_line_is_listed_once_while_every_crisis_box_repeats(screeners):
    """for-partners has two safety sections apart: each carries the crisis box, but a
    treatment-referral line (SAMHSA's) is printed once, after the first box."""
    partners = HandoutCatalog().get("for-partners")
    samhsa = CrisisLine("SAMHSA National Helpline", "1-800-662-4357", "not a crisis line")
    plan_inputs = PlanInputs(Branding("Riverside Therapy"), (CrisisLine("988 Lifeline", "988"),), "911",
                             {"name": "Riverside Therapy"}, treatment_lines=(samhsa,))
    doc = plan(partners, result_of(numbness=NO_NUMBNESS), screeners, plan_inputs)
    kinds = [type(b).__name__ for s in doc.sections for b in s.blocks]
    assert kinds.count("CrisisBlock") == 2
    assert kinds.count("TreatmentLines") == 1
    assert kinds.index("CrisisBlock") < kinds.index("TreatmentLines")


def test_medication_section_is_a_callout_and_never_advises_stopping(handout, screeners):
    result = result_of(numbness=NO_NUMBNESS, medication={"antidepressant": "ssri", "flat-since-starting": "yes"})
    doc = plan(handout, result, screeners, inputs())
    med = next(s for s in doc.sections if s.id == "medication")
    assert isinstance(med.blocks[0], Callout)
    text = " ".join(r.text for b in med.blocks[0].blocks if isinstance(b, Paragraph) for r in b.runs).lower()
    assert "prescriber" in text


THERAPIST = {"US": "therapist-us", "UK": "therapist-uk", "GB": "therapist-uk", "gb": "therapist-uk",
             "IE": "therapist-ie", "CA": "therapist-ca", "AU": "therapist-au", "NZ": "therapist-elsewhere"}


@pytest.mark.parametrize("country", sorted(THERAPIST))
def test_finding_a_therapist_follows_the_practice_country(handout, screeners, country):
    """The practice's country (PlanInputs.country) chooses one "finding a therapist"
    section: its own, or the neutral one for a country without its own."""
    doc = plan(handout, result_of(numbness=NO_NUMBNESS), screeners, inputs(country=country))
    assert [s.id for s in doc.sections if s.id.startswith("therapist-")] == [THERAPIST[country]]


def test_plan_inputs_carry_the_practice_country():
    from toolkit.planning.handout import plan_inputs
    from toolkit.practice.loader import load_practice

    assert plan_inputs(load_practice(None)).country == "US"  # the built-in practice


def test_an_untailored_handout_may_follow_the_practice_country(screeners, tmp_path):
    """tailored: false (for a partner) allows a `when` about the practice's country
    only: the same for every client, so it tells the reader nothing about the client."""
    folder = tmp_path / "practice"
    (folder / "handouts").mkdir(parents=True)
    (folder / "practice.yaml").write_text("name: Riverside\ncountry: UK\n", encoding="utf-8")
    (folder / "handouts" / "for-partners.yaml").write_text(
        "id: for-partners\nextends: for-partners\nsections:\n"
        "  - id: nhs\n    heading: Finding help\n    when: {country: [UK]}\n    body: Ask the GP.\n"
        "  - id: elsewhere\n    heading: Finding help\n    when: {not: {country: [UK]}}\n"
        "    body: Ask a doctor.\n", encoding="utf-8")
    partners = HandoutCatalog(folder).get("for-partners")
    assert not partners.tailored
    calm, urgent = result_of(numbness=NO_NUMBNESS), result_of(phq9={**phq9_with_total(3), "q9": 2})
    uk = [[s.id for s in plan(partners, r, screeners, inputs(country="UK")).sections] for r in (calm, urgent)]
    assert uk[0] == uk[1] and "nhs" in uk[0] and "elsewhere" not in uk[0]
    us = [s.id for s in plan(partners, calm, screeners, inputs(country="US")).sections]
    assert "elsewhere" in us and "nhs" not in us


def test_country_conditions_know_exactly_the_countries_with_crisis_lines():
    """A `country` condition is checked against the countries with built-in crisis
    lines: the two lists are one (GB is the UK in both)."""
    from toolkit.content.countries import COUNTRY_ALIASES, KNOWN_COUNTRIES
    from toolkit.practice.crisis_lines import ALIASES, KNOWN

    assert KNOWN_COUNTRIES == KNOWN and COUNTRY_ALIASES == ALIASES == {"GB": "UK"}
