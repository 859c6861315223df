"""Property-based test of the safety flags (hypothesis, 2,000 examples).

Every critical answer is flagged and reaches every output: PHQ-9 item 9 above 0 or
unanswered, and a positive ASQ, give an urgent / review flag in
``IntakeResult.flags``, in the terminal table, in the CSV, in the batch summary,
first in the planned handout (a safety section opening with the crisis block), and
in the clinician report plan.  (Moved from the scoring property tests: it crosses
scoring, planning and every output format.)
"""

from __future__ import annotations

import csv
import datetime as dt
import io

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rich.console import Console

from toolkit.api import score_intake
from toolkit.batch.files import summary_cells, summary_header
from toolkit.cli.output import print_table
from toolkit.content.catalog import Catalog, ScreenerMap
from toolkit.content.handout_loader import HandoutCatalog
from toolkit.documents.handout import Branding, CrisisBlock
from toolkit.intake.model import Client, Intake
from toolkit.planning.handout import PlanInputs, plan
from toolkit.planning.report import ReportInputs, plan_report
from toolkit.practice.loader import load_practice
from toolkit.scoring.formats import to_csv

EXAMPLES = settings(max_examples=2000, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                           HealthCheck.filter_too_much])

CATALOG = Catalog()
SCREENERS = ScreenerMap(CATALOG)
HANDOUT = HandoutCatalog(None, CATALOG).get("numbness")
_PRACTICE = load_practice(None)
PLAN_INPUTS = PlanInputs(_PRACTICE.branding(), _PRACTICE.crisis_lines, _PRACTICE.emergency_number,
                         {"name": "Test practice"}, "", "Ana")
REPORT_INPUTS = ReportInputs(Branding("Test practice"))
CLIENT = Client.model_validate({"id": "C-0001"})

PHQ9_VALUE = st.one_of(st.none(), st.integers(0, 3))
ASQ_VALUE = st.one_of(st.none(), st.sampled_from(["yes", "no", "declined"]))


@st.composite
def critical_intakes(draw):
    answers = {}
    if draw(st.booleans()):
        answers["phq9"] = {f"q{i}": draw(PHQ9_VALUE) for i in range(1, 11)}
    if draw(st.booleans()) or not answers:
        answers["asq"] = {f"q{i}": draw(ASQ_VALUE) for i in range(1, 6)}
    if draw(st.booleans()):
        answers["gad7"] = {"q1": draw(st.integers(0, 3))}
    answers = {sid: {k: v for k, v in items.items() if v is not None} for sid, items in answers.items()}
    return Intake(CLIENT, dt.date(2026, 11, 20), answers)


def expected_critical(answers: dict) -> set[tuple[str, str, str]]:
    """(screener, flag id, level) every critical answer must raise (published rules)."""
    out = set()
    if "phq9" in answers:
        q9 = answers["phq9"].get("q9")
        if q9 is None:
            out.add(("phq9", "self-harm-unanswered", "review"))
        elif q9 > 0:
            out.add(("phq9", "self-harm", "urgent"))
    if "asq" in answers:
        a = answers["asq"]
        positive = any(a.get(f"q{i}") in ("yes", "declined") for i in range(1, 5))
        acute = a.get("q5") in ("yes", "declined")
        if acute:
            out.add(("asq", "acute-positive", "urgent"))
        elif positive:
            out.add(("asq", "non-acute-positive", "urgent"))
        for i in range(1, 5):
            if a.get(f"q{i}") is None:
                out.add(("asq", f"asq-q{i}-unanswered", "review"))
        if positive and a.get("q5") is None:
            out.add(("asq", "asq-q5-unanswered", "review"))
    return out


@EXAMPLES
@given(critical_intakes())
def test_every_critical_answer_is_flagged_in_every_output(intake):
    result = score_intake(intake, catalog=CATALOG)
    want = expected_critical(intake.answers)
    got = {(sid, f.id, f.level) for sid, f in result.flags}
    assert want <= got, want - got
    levels = [f.level for _, f in result.flags]
    assert levels == sorted(levels, key=lambda lv: lv != "urgent"), "urgent flags come first"
    urgent = any(level == "urgent" for _, _, level in want)

    # the terminal table
    console = Console(record=True, width=160, file=io.StringIO(), color_system=None, highlight=False)
    print_table([result], console)
    text = console.export_text()
    for sid, fid, level in want:
        assert f"{level.upper():7} {sid}" in text and f"({fid}):" in text, (sid, fid)
    assert ("URGENT SAFETY FLAGS" in text) == urgent

    # the summary CSV: every row of that screener carries the flag id in its column
    rows = list(csv.DictReader(io.StringIO(to_csv([result]))))
    for sid, fid, level in want:
        mine = [r for r in rows if r["screener"] == sid]
        assert mine and all(fid in r[f"{level}_flags"].split(";") for r in mine), (sid, fid)

    # the batch summary.csv: one row per client, with every flag and the urgent column
    cells = summary_cells(result, 2, 0, [], {})
    row = dict(zip(summary_header([]), cells, strict=True))
    assert row["urgent"] is urgent
    for sid, fid, level in want:
        assert f"{level}: {sid} {fid}" in row["flags"], (sid, fid)

    # the handout: with an urgent flag, a safety section opening with the crisis block comes first
    doc = plan(HANDOUT, result, SCREENERS, PLAN_INPUTS)
    assert doc.has_crisis_block
    if urgent:
        first = doc.sections[0]
        assert first.safety and isinstance(first.blocks[0], CrisisBlock)
        assert first.blocks[0].lines and first.blocks[0].emergency

    # the clinician report plan: urgent entries, then review entries, each flag once
    report = plan_report(result, [], SCREENERS, REPORT_INPUTS)
    in_report = {(e.screener_id, e.flag_id, e.level) for e in (*report.urgent, *report.review)}
    assert want <= in_report, want - in_report
    assert all(e.level == "urgent" for e in report.urgent) and all(e.level == "review" for e in report.review)
