"""Tailoring says only what the answers support (issue 12, item 10).

A sentence that speaks for the client's answers ("Your answers mention ... drinking
more to cope", "You told us ...") or takes a medicine for granted ("questions about
your medicine") is only true for some results.  ``toolkit.quality.answer_claims``
declares each such phrase with the condition that makes it true; these tests check
every built-in handout against it: exhaustively (no result brings a section while
one of its claims is false) and for the example result of every variant
``toolkit preview`` renders.  Plus the concrete cases of the issue, as a client
would meet them."""

from __future__ import annotations

import textwrap
from functools import partial
from pathlib import Path

import pytest

from toolkit import Catalog, load_screener, score
from toolkit.content.catalog import ScreenerMap
from toolkit.content.condition_checks import check_condition
from toolkit.content.conditions import compile_condition
from toolkit.content.handout_checks import HandoutScope
from toolkit.content.handout_loader import HandoutCatalog
from toolkit.planning.handout import HandoutCtx, band_rank, choose_sections
from toolkit.quality.answer_claims import CLAIMS, asserts, claims_in, sentences, undeclared, unsupported
from toolkit.quality.lint import lint
from toolkit.quality.variants import variants
from toolkit.scoring.results import IntakeResult

CATALOG = Catalog()
HANDOUTS = HandoutCatalog(None, CATALOG)
SCREENERS = ScreenerMap(CATALOG)
IDS = HANDOUTS.ids()


def result_of(**answers_by_screener) -> IntakeResult:
    return IntakeResult("C-1", "2026-11-20", tuple(score(load_screener(sid), answers)
                                                   for sid, answers in answers_by_screener.items()))


def read_sentences(hid: str, result: IntakeResult) -> list[str]:
    return [s for hs in choose_sections(HANDOUTS.get(hid), result, SCREENERS) for s in sentences(hs)]


# --- the declared claims themselves ---------------------------------------------------------------

@pytest.mark.parametrize("claim", [c for c in CLAIMS if c.when is not None], ids=lambda c: c.says)
def test_every_declared_claim_names_real_screeners_items_and_bands(claim):
    assert list(check_condition(claim.when, ("claim",), HandoutScope(CATALOG))) == []


def test_a_conditional_sentence_or_a_medicine_safety_instruction_is_not_a_claim():
    assert not asserts("If you take a medicine, keep taking it as prescribed until you have talked.")
    assert not asserts("Keep taking your medicine as prescribed until you have talked.")
    assert not asserts("Do not stop or change your medicine without your prescriber.")
    assert asserts("A prescriber, for questions about your medicine.")
    assert asserts("It does not mean your medicine is failing.")
    assert asserts("You told us you take an SSRI or an SNRI.")
    assert not asserts("Some habits can numb feelings: too little sleep, drinking more to cope.")


# --- the built-in handouts ---------------------------------------------------------------------------

@pytest.mark.parametrize("hid", IDS)
def test_no_section_says_more_than_the_answers_that_bring_it(hid):
    """Exhaustive: for every claim in every section, no result (over every combination the
    variant finder knows) brings the section while the claim is false."""
    found = [(u.section, u.sentence, u.claim.says, u.example) for u in unsupported(HANDOUTS.get(hid), SCREENERS)]
    assert found == []


@pytest.mark.parametrize("hid", IDS)
def test_every_sentence_that_speaks_for_the_answers_is_declared(hid):
    assert undeclared(HANDOUTS.get(hid)) == []


@pytest.mark.parametrize("hid", IDS)
def test_the_example_result_of_every_variant_supports_what_its_sections_say(hid):
    """The same check the other way round, on what ``toolkit preview`` renders: each variant's
    example result makes every claim of every section it gets true."""
    handout = HANDOUTS.get(hid)
    rank = partial(band_rank, SCREENERS)
    for v in variants(handout, SCREENERS):
        ctx = HandoutCtx(v.result, SCREENERS)
        for hs in choose_sections(handout, v.result, SCREENERS):
            for sentence in sentences(hs):
                for claim in claims_in(sentence):
                    if claim.when is not None:
                        assert compile_condition(claim.when, rank)(ctx), (hid, v.description, hs.spec.id, sentence)


# --- the cases of the issue, as a client meets them ----------------------------------------------------

@pytest.mark.parametrize("hid", ["numbness", "burnout"])
def test_a_client_who_drinks_no_more_than_before_is_not_told_they_do(hid):
    result = result_of(contributors={"sleep": 3, "alcohol": 0, "screens": 0})
    said = [s for s in read_sentences(hid, result) if asserts(s) and "drink" in s.lower()]
    assert said == []


@pytest.mark.parametrize("hid", ["numbness", "burnout", "medication-and-feelings"])
@pytest.mark.parametrize("answers", [{}, {"medication": {"antidepressant": "none"}}], ids=["unscreened", "none"])
def test_a_client_on_no_medicine_is_never_told_about_their_medicine(hid, answers):
    said = [s for s in read_sentences(hid, result_of(**answers)) if asserts(s)
            and any(c.says == "the client takes a medicine for their mood" for c in claims_in(s))]
    assert said == []


def test_going_through_the_motions_does_not_bring_worn_out():
    """The burnout handout's "worn out" section speaks of being tired and worn out: the
    going-through-the-motions item alone does not bring it, feeling worn out does."""
    def ids(**c):
        return [hs.spec.id for hs in choose_sections(HANDOUTS.get("burnout"), result_of(**c), SCREENERS)]
    assert "worn-out" not in ids(contributors={"going-through-motions": 3})
    assert "worn-out" not in ids(contributors={"small-tasks": 3})
    assert "worn-out" in ids(contributors={"exhausted": 2})


# --- the rule in toolkit lint, for a practice's own text ------------------------------------------------

def practice(tmp_path: Path, when: str) -> Path:
    (tmp_path / "handouts").mkdir(parents=True)
    (tmp_path / "practice.yaml").write_text("name: Test Practice\ncountry: US\n")
    (tmp_path / "handouts" / "test.yaml").write_text(textwrap.dedent(f"""\
        id: test
        version: "1.0"
        title: A test handout
        sections:
          - id: habits
            heading: Habits
            when: {when}
            body: |
              Your answers mention drinking more to cope.
            sources: Test.
          - id: help
            heading: Help
            safety: true
            body: Call {{crisis.emergency}}.
            sources: Test.
        """))
    return tmp_path


def test_lint_reports_a_claim_its_section_does_not_support(tmp_path):
    folder = practice(tmp_path, "{outcome: contributors.numbing-habits}")
    found = [f for f in lint(folder) if f.rule == "answer-claim"]
    assert [(f.file, f.line, f.col, f.path) for f in found] == [
        (str(folder / "handouts" / "test.yaml"), 9, 7, "sections[0].body")]
    assert "drinks more to cope" in found[0].message and found[0].level == "error"


def test_lint_accepts_the_claim_when_the_section_requires_it(tmp_path):
    folder = practice(tmp_path, "{answer: {item: contributors.alcohol, at_least: 2}}")
    assert [f for f in lint(folder) if f.rule == "answer-claim"] == []


@pytest.mark.parametrize("sid, oid", [("contributors", "burnout"), ("medication", "medication-may-contribute")])
def test_outcomes_that_could_read_as_findings_are_worded_as_things_to_explore(sid, oid):
    """"Signs of burnout" (which going through the motions alone brings) and "Medication may
    be contributing" read, in the terminal and the clinician summary, as findings: they are
    worded as something to explore."""
    label = next(o.label for o in load_screener(sid).outcomes if o.id == oid)
    assert label.startswith("To explore"), label
    assert "Signs of burnout" not in label and "may be contributing" not in label
