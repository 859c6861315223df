"""Planning the clinician summary: pure, on plain results; no PDF is drawn here."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

import pytest

from toolkit import Catalog, load_screener, score
from toolkit.api import read_intakes
from toolkit.core.errors import ProblemList
from toolkit.documents.handout import Branding
from toolkit.documents.report import ReportDoc
from toolkit.pipelines.report import build_report
from toolkit.planning.report import (
    CHECKLIST_TEXT,
    NOT_ANSWERED,
    SKIPPED,
    ReportInputs,
    plan_report,
    select_intakes,
    short_title,
)
from toolkit.practice.loader import load_practice
from toolkit.scoring.results import IntakeResult

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "examples" / "intakes"
PHQ9_ALL = {f"q{i}": 1 for i in range(1, 10)}
INPUTS = ReportInputs(Branding("Test practice"), client_name="Ana")


@pytest.fixture(scope="module")
def screeners():
    catalog = Catalog()
    return {sid: catalog.get(sid) for sid in catalog.ids()}


def result_of(date: str = "2026-11-20", **answers_by_screener) -> IntakeResult:
    results = tuple(score(load_screener(sid), answers) for sid, answers in answers_by_screener.items())
    return IntakeResult("C-1", date, results)


def plan_of(screeners, current: IntakeResult, *history: IntakeResult) -> ReportDoc:
    return plan_report(current, history, screeners, INPUTS)


def test_urgent_flags_come_first_with_item_answer_and_action(screeners):
    doc = plan_of(screeners, result_of(
        numbness={"cry": 3, "flat": 2, "duration": "over-6-months", "interference": 3},
        phq9={**PHQ9_ALL, "q9": 2},
        asq={"q1": "yes", "q2": "no", "q3": "no", "q4": "no", "q5": "yes"}))
    assert [(f.screener_id, f.flag_id) for f in doc.urgent] == [("phq9", "self-harm"), ("asq", "acute-positive")]
    phq = doc.urgent[0]
    assert phq.level == "urgent" and phq.screener_title == "Patient Health Questionnaire-9 (PHQ-9)"
    [item] = phq.items
    assert item.item_id == "q9" and item.text.startswith("Thoughts that you would be better off dead")
    assert item.answer == "More than half the days (2)"
    assert "Assess suicide risk today" in phq.action
    asq = doc.urgent[1]
    assert asq.outcome == "Acute positive screen (imminent risk)"
    assert [(i.item_id, i.answer) for i in asq.items] == [("q5", "Yes")]
    assert "STAT" in asq.action
    assert all(f.level == "review" for f in doc.review)
    assert doc.no_flag_notes == ()  # the "does not rule out" notes are for calm reports only


def test_every_urgent_flag_is_planned_and_unanswered_critical_items_say_so(screeners):
    current = result_of(phq9={**PHQ9_ALL, "q9": None},
                        asq={"q1": "yes", "q2": "declined", "q3": "no", "q4": "no"})
    doc = plan_of(screeners, current)
    urgent_in_result = [(sid, f.id) for sid, f in current.flags if f.level == "urgent"]
    assert [(f.screener_id, f.flag_id) for f in doc.urgent] == urgent_in_result == [("asq", "non-acute-positive")]
    assert [(i.item_id, i.answer) for i in doc.urgent[0].items] == [
        ("q1", "Yes"), ("q2", "Declined to answer (declined)"), ("q3", "No"), ("q4", "No")]
    review = {(f.screener_id, f.flag_id): f for f in doc.review}
    assert set(review) == {("phq9", "self-harm-unanswered"), ("asq", "asq-q5-unanswered")}
    assert review[("phq9", "self-harm-unanswered")].items[0].answer == NOT_ANSWERED
    assert "Ask about it directly" in review[("phq9", "self-harm-unanswered")].action


def test_no_flags_gives_the_rule_out_notes_of_the_screeners_given(screeners):
    doc = plan_of(screeners, result_of(phq9={**PHQ9_ALL, "q9": 0}, gad7={f"q{i}": 0 for i in range(1, 8)}))
    assert doc.urgent == () and doc.review == ()
    assert doc.no_flag_notes == ("PHQ-9: A 0 on item 9 does not rule out risk. Ask about safety directly "
                                 "whenever there is concern.",)
    calm = plan_of(screeners, result_of(gad7={f"q{i}": 0 for i in range(1, 8)}))
    assert calm.no_flag_notes == ()  # no PHQ-9, no PHQ-9 note


def test_incomplete_score_has_no_value_and_no_band(screeners):
    doc = plan_of(screeners, result_of(phq9={"q1": 3, "q2": 3, "q3": 3, "q4": 3, "q5": 3, "q9": 0}))
    [sc] = doc.screeners[0].scores
    assert not sc.complete and sc.value is None and sc.band is None
    assert sc.value_text == "incomplete: 6 of 9 answered; not scored"
    assert len(sc.bands) == 5  # the bands are known, just not applied
    assert any("too few to score; no value and no band" in c for c in doc.screeners[0].completeness)


def test_prorated_score_says_so(screeners):
    doc = plan_of(screeners, result_of(phq9={**PHQ9_ALL, "q3": None, "q9": 0}))
    [sc] = doc.screeners[0].scores
    assert sc.complete and sc.prorated and sc.value == 8  # round(7 x 9 / 8)
    assert sc.value_text == "8 (prorated from 8 of 9 answers)"
    assert sc.band.label == "Mild" and sc.band.range_text == "5\u20139"
    assert "Kroenke" in sc.citation
    assert "Total score: prorated from 8 of 9 answers." in doc.screeners[0].completeness


def test_fractional_bands_read_below(screeners):
    cbi = {"personal-tired": 100, "personal-worn-out": 50, "personal-weak": 0}
    [sc] = [s for s in plan_of(screeners, result_of(cbi=cbi)).screeners[0].scores if s.score_id == "personal"]
    assert sc.value == 50 and sc.band.label == "High"
    assert [b.range_text for b in sc.bands] == ["0 to below 50", "50\u2013100"]


def test_checklists_say_they_are_conversation_aids_and_answers_are_labelled(screeners):
    doc = plan_of(screeners, result_of(
        medication={"antidepressant": "none", "menopause": "no", "after-birth": "no", "thyroid": "no"}))
    [med] = doc.screeners
    assert med.kind == "checklist" and med.kind_text == CHECKLIST_TEXT
    rows = {r.item_id: r for r in med.answers}
    assert rows["recent-change"].answer == SKIPPED  # skipped by show_if (no antidepressant)
    assert rows["tears-changed"].answer == NOT_ANSWERED and not rows["tears-changed"].answered
    assert rows["antidepressant"].answer.endswith("(none)")
    phq = plan_of(screeners, result_of(phq9={**PHQ9_ALL, "q9": 0})).screeners[0]
    assert [r.item_id for r in phq.answers if r.critical] == ["q9"]
    assert phq.kind_text == "Validated instrument"


def test_outcomes_are_listed_by_label(screeners):
    doc = plan_of(screeners, result_of(
        numbness={"cry": 3, "flat": 2, "duration": "over-6-months", "interference": 3}))
    assert "Wants to cry but cannot" in doc.screeners[0].outcomes


def test_history_gives_a_trend_per_score_of_complete_values(screeners):
    older = [result_of("2026-08-01", phq9={**PHQ9_ALL, "q9": 0}, gad7={f"q{i}": 2 for i in range(1, 8)}),
             result_of("2026-09-01", phq9={"q1": 1, "q2": 1}),  # incomplete
             result_of("2026-10-01", phq9={**PHQ9_ALL, "q9": 1})]
    doc = plan_of(screeners, result_of("2026-11-20", phq9={**PHQ9_ALL, "q9": 0}), *reversed(older))
    assert doc.history_dates == ("2026-08-01", "2026-09-01", "2026-10-01")
    [trend] = doc.trends  # GAD-7 was given once only
    assert (trend.screener_id, trend.score_id) == ("phq9", "total")
    assert [(p.date, p.value) for p in trend.points] == [("2026-08-01", 8), ("2026-10-01", 9), ("2026-11-20", 8)]
    assert trend.dates == ("2026-08-01", "2026-09-01", "2026-10-01", "2026-11-20")
    assert trend.omitted == ("2026-09-01 (incomplete: 2 of 9 answered)",)
    assert [b.label for b in trend.bands][0] == "Minimal"
    assert [(e.date, e.urgent) for e in doc.earlier_flags] == [("2026-09-01", 0), ("2026-10-01", 1)]
    assert plan_of(screeners, result_of(phq9=PHQ9_ALL)).trends == ()


@dataclass
class _Client:
    id: str


@dataclass
class _Intake:
    client: _Client
    date: dt.date
    source: str = "a.yaml"
    wave: str | None = None
    visit: tuple = ()

    @property
    def sort_key(self) -> tuple:
        return (self.date, self.visit)


def _i(cid: str, day: int, source: str = "a.yaml") -> _Intake:
    return _Intake(_Client(cid), dt.date(2026, 11, day), source)


def test_select_intakes_sorts_one_clients_intakes_by_date():
    got = select_intakes([_i("C-1", 20), _i("C-1", 3), _i("C-1", 11)])
    assert [i.date.day for i in got] == [3, 11, 20]
    chosen = select_intakes([_i("C-1", 20), _i("C-2", 3), _i("C-1", 4)], client_id="C-1")
    assert [(i.client.id, i.date.day) for i in chosen] == [("C-1", 4), ("C-1", 20)]


@pytest.mark.parametrize("intakes, client, message", [
    ([_i("C-1", 20, "a.yaml"), _i("C-1", 20, "b.yaml")], None,
     "two intakes of this client are dated 2026-11-20 (in a.yaml and b.yaml); keep one per date"),
    ([_i("Secret-1", 20), _i("Secret-2", 3), _i("Secret-3", 4)], None,
     "these intakes are of 3 different clients; choose one with --client ID (or use toolkit batch)"),
    ([_i("Secret-1", 20)], "Secret-9", "no intake has the client id given with --client"),
    ([], None, "no intake to report"),
])
def test_select_intakes_errors_never_name_a_client(intakes, client, message):
    with pytest.raises(ProblemList) as exc:
        select_intakes(intakes, client)
    assert [p.message for p in exc.value.problems] == [message]
    assert "Secret" not in str(exc.value)


def test_build_report_from_a_csv_with_several_rows_for_one_client(tmp_path):
    csv = tmp_path / "day.csv"
    csv.write_text("client_id,date,phq9.q1,phq9.q2\nC-5,2026-11-20,3,3\nC-6,2026-11-20,0,0\n"
                   "C-5,2026-10-01,1,1\n", encoding="utf-8")
    catalog = Catalog()
    doc = build_report(read_intakes(csv, catalog=catalog), catalog=catalog, context=load_practice(None),
                       client_id="C-5")
    assert doc.client_id == "C-5" and doc.date == "2026-11-20" and doc.history_dates == ("2026-10-01",)


def test_build_report_is_cheap_to_repeat_and_gives_equal_plans():
    catalog, practice = Catalog(), load_practice(None)
    intakes = read_intakes(EXAMPLES / "dev.yaml", catalog=catalog)
    assert build_report(intakes, catalog=catalog, context=practice) == \
        build_report(intakes, catalog=catalog, context=practice)


def test_short_title():
    assert short_title("Patient Health Questionnaire-9 (PHQ-9)") == "PHQ-9"
    assert short_title("Emotional numbness checklist") == "Emotional numbness checklist"
