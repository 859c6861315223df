"""A handout for someone other than the client (``tailored: false``, the built-in
``for-partners``) is the same for every client result: the same sections in the same
order, the same page 1, the same bytes.  Otherwise a partner could read a positive
suicide screen off the page (issue 12, item 7; hazard "disclosure to a third party").

The results tried are one example of every variant of the ``numbness`` handout
(which reads every built-in screener and every kind of flag: calm, review, urgent
from PHQ-9 item 9, ASQ acute and non-acute positive), plus the five bundled example
intakes.  The client's name is the same in every plan, so any difference would come
from the results; and the name itself must not be printed on it either.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from toolkit import Catalog, load_screener, score
from toolkit.content.catalog import ScreenerMap
from toolkit.content.handout_loader import HandoutCatalog
from toolkit.documents.handout import CrisisBlock, Paragraph
from toolkit.pipelines.handout import build_handout, render_handout
from toolkit.planning.handout import choose_sections, plan, plan_inputs
from toolkit.practice.loader import load_practice
from toolkit.quality.variants import variants
from toolkit.scoring.results import IntakeResult

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "examples" / "intakes"
HANDOUTS = HandoutCatalog()
SCREENERS = ScreenerMap(Catalog())
NAME, PREFERRED = "Ana Lopez", "Ana"


def _results() -> list[tuple[str, IntakeResult]]:
    found = variants(HANDOUTS.get("numbness"), SCREENERS, date="2026-11-20")
    out = [(v.description, v.result) for v in found]
    asq = load_screener("asq")
    out += [("ASQ acute positive", IntakeResult("C-1", "2026-11-20", (score(asq, {
        "q1": "yes", "q2": "no", "q3": "no", "q4": "no", "q5": "yes"}),))),
            ("ASQ declined", IntakeResult("C-1", "2026-11-20", (score(asq, {
                "q1": "declined", "q2": "no", "q3": "no", "q4": "no", "q5": "declined"}),)))]
    return out


RESULTS = _results()


def _levels(result: IntakeResult) -> set[str]:
    return {f.level for _, f in result.flags}


def test_the_results_tried_cover_calm_review_and_urgent_clients():
    levels = [_levels(r) for _, r in RESULTS]
    assert set() in levels and {"review"} in levels and any("urgent" in lv for lv in levels)
    assert len(RESULTS) > 40


def test_for_partners_is_not_tailored():
    handout = HANDOUTS.get("for-partners")
    assert handout.tailored is False
    assert all(hs.spec.when is None for hs in handout.sections)


def test_same_sections_in_the_same_order_for_every_client_result():
    handout = HANDOUTS.get("for-partners")
    lists = {tuple(hs.spec.id for hs in choose_sections(handout, r, SCREENERS)) for _, r in RESULTS}
    assert lists == {tuple(handout.section_ids())}
    assert "crisis" in handout.section_ids()  # the crisis help is always there, calm or not


def test_same_planned_document_for_every_client_result():
    handout = HANDOUTS.get("for-partners")
    inputs = plan_inputs(load_practice(None), NAME, PREFERRED)
    docs = [plan(handout, r, SCREENERS, inputs) for _, r in RESULTS]
    doc = docs[0]
    assert all(d == doc for d in docs)
    assert doc.prepared_for == ""  # the client's name is not printed on a handout for someone else
    runs = [r.text for s in doc.sections for b in s.blocks if isinstance(b, Paragraph) for r in b.runs]
    assert not any(NAME in t or PREFERRED in t for t in runs)
    # the crisis lines are on it for everyone, in the crisis section near the top of page 1
    assert doc.sections[1].id == "crisis" and doc.sections[1].safety
    assert any(isinstance(b, CrisisBlock) for b in doc.sections[1].blocks)


@pytest.mark.parametrize("large_print", [False, True], ids=["normal", "large-print"])
def test_same_pdf_bytes_for_a_calm_a_review_and_urgent_clients(large_print):
    handout = HANDOUTS.get("for-partners")
    inputs = plan_inputs(load_practice(None), NAME, PREFERRED)
    picks = {"calm": next(r for _, r in RESULTS if not _levels(r)),
             "review": next(r for _, r in RESULTS if _levels(r) == {"review"}),
             "PHQ-9 item 9": next(r for d, r in RESULTS if "urgent" in _levels(r) and "PHQ-9 q9" in d),
             "ASQ acute": next(r for d, r in RESULTS if d == "ASQ acute positive")}
    pdfs = {who: render_handout(plan(handout, r, SCREENERS, inputs), large_print=large_print)
            for who, r in picks.items()}
    assert len(set(pdfs.values())) == 1, sorted(pdfs)


def test_the_bundled_examples_give_the_same_partner_handout():
    """Through the whole pipeline (read, score, plan) from the five example intakes, one of
    them urgent: the same plan, apart from the intake date printed under the title."""
    docs = [build_handout(EXAMPLES / f"{who}.yaml", handout_id="for-partners")[0]
            for who in ("ana", "ben", "chloe", "dev", "eli")]
    assert len({d.sections for d in docs}) == 1
    assert {d.prepared_for for d in docs} == {""}
