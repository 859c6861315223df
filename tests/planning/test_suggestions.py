"""Results point to handouts (issue 15, item 3): each handout's `suggest:` entries,
checked against one client's results, in every place a clinician looks (`toolkit
score` table and JSON, the clinician summary, the batch's summary.csv).

Expected suggestions are written by hand from the `suggest:` rules documented in
docs/content-notes.md ("Suggested handouts"), not computed from the templates."""

from __future__ import annotations

import csv
import json
import textwrap
from pathlib import Path

import pytest

from toolkit import Catalog, load_screener, score
from toolkit.api import build_report, run_batch, suggest_handouts
from toolkit.content.catalog import ScreenerMap
from toolkit.content.handout_loader import HandoutCatalog
from toolkit.planning.suggestions import suggest_handouts as plan_suggestions
from toolkit.scoring.results import IntakeResult

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "examples" / "intakes"


@pytest.fixture(scope="module")
def builtin():
    catalog = Catalog()
    return HandoutCatalog(None, catalog).all(), ScreenerMap(catalog)


def result_of(**answers_by_screener) -> IntakeResult:
    results = tuple(score(load_screener(sid), answers) for sid, answers in answers_by_screener.items())
    return IntakeResult("C-1", "2026-11-20", results)


def suggested(builtin, country: str = "", **answers) -> dict[str, tuple[str, ...]]:
    handouts, screeners = builtin
    return {s.handout_id: s.reasons for s in plan_suggestions(handouts, result_of(**answers), screeners, country)}


def test_nothing_of_note_suggests_nothing(builtin):
    assert suggested(builtin, numbness={"cry": 0, "flat": 0}, phq9={f"q{i}": 0 for i in range(1, 10)}) == {}
    assert suggested(builtin) == {}


def test_numbness_checklist_suggests_the_numbness_handout(builtin):
    assert suggested(builtin, numbness={"cry": 2}) == {
        "numbness": ("The numbness checklist shows numbness experiences.",)}
    assert suggested(builtin, numbness={"cry": 1}) == {}  # "a little" is below the line


def test_each_reason_once_in_template_order(builtin):
    found = suggested(builtin, numbness={"cry": 3}, contributors={"grief": "yes", "hard-to-name": 2})
    assert found["numbness"] == (
        "The numbness checklist shows numbness experiences.",
        "The client is grieving a loss; the handout has a short section on grief.",
        "The client has always found feelings hard to name; the handout has a section on that.")


def test_grief_kept_private_suggests_nothing(builtin):
    assert suggested(builtin, contributors={"grief": "rather-not-say"}) == {}


def test_cbi_high_suggests_burnout(builtin):
    cbi = load_screener("cbi")
    top = {item.id: max(o.value for o in cbi.scales[item.scale]) for item in cbi.items}
    answers = {i: (v if i.startswith("work-") else 0) for i, v in top.items()}  # work high, the rest low
    found = suggested(builtin, cbi=answers)
    assert found == {"burnout": ("A CBI scale is high (50 or more, the toolkit's cautious line).",)}


def test_medication_outcomes_suggest_the_medication_handout(builtin):
    found = suggested(builtin, medication={"antidepressant": "ssri", "flat-since-starting": "yes",
                                           "recent-change": "yes"})
    assert list(found) == ["medication-and-feelings", "talking-with-your-prescriber"]
    assert found["medication-and-feelings"] == (
        "The client noticed flatter feelings since starting a medicine; to explore with the prescriber.",
        "A medicine was started, stopped or changed recently.")


def test_handouts_are_listed_by_id(builtin):
    found = suggested(builtin, numbness={"cry": 2, "detached": 3}, contributors={"hold-back": 3})
    assert list(found) == ["for-partners", "numbness", "reconnecting-with-feelings"]


# ---- a practice's own handouts take part ---------------------------------------------

PRACTICE_YAML = "name: Riverside Therapy\ncountry: {country}\n"
SAFETY_PLAN = """\
    id: our-safety-plan
    version: "1.0"
    title: Our safety plan
    suggest:
      - when: {flag: {level: urgent}}
        because: An urgent flag was raised; make a safety plan with the client.
      - when: {country: [UK]}
        because: Our UK clinics give this to everyone.
    sections:
      - id: plan
        heading: My plan
        body: Write your plan here.
      - id: crisis
        heading: Help now
        safety: true
        body: Call {crisis.emergency}.
"""
QUIET_NUMBNESS = """\
    id: numbness
    extends: numbness
    suggest: []
"""


def practice(tmp_path: Path, country: str = "US", quiet_numbness: bool = False) -> Path:
    folder = tmp_path / "practice"
    (folder / "handouts").mkdir(parents=True)
    (folder / "practice.yaml").write_text(PRACTICE_YAML.format(country=country), encoding="utf-8")
    (folder / "handouts" / "our-safety-plan.yaml").write_text(textwrap.dedent(SAFETY_PLAN), encoding="utf-8")
    if quiet_numbness:
        (folder / "handouts" / "numbness.yaml").write_text(textwrap.dedent(QUIET_NUMBNESS), encoding="utf-8")
    return folder


def test_a_practice_handout_is_suggested_for_an_urgent_flag(tmp_path):
    urgent = result_of(phq9={**{f"q{i}": 0 for i in range(1, 9)}, "q9": 1}, numbness={"cry": 2})
    [found] = suggest_handouts([urgent], practice=practice(tmp_path))
    assert [(s.handout_id, s.reasons) for s in found] == [  # an urgent flag's handouts first
        ("my-safety-plan", ("An urgent flag was raised; make a safety plan with the client today.",)),
        ("our-safety-plan", ("An urgent flag was raised; make a safety plan with the client.",)),
        ("numbness", ("The numbness checklist shows numbness experiences.",))]


def test_suggest_conditions_read_the_practice_country(tmp_path):
    calm = result_of(numbness={"cry": 0})
    assert suggest_handouts([calm], practice=practice(tmp_path / "us", "US")) == [()]
    [found] = suggest_handouts([calm], practice=practice(tmp_path / "uk", "GB"))  # GB is the UK
    assert [(s.handout_id, s.reasons) for s in found] == [
        ("our-safety-plan", ("Our UK clinics give this to everyone.",))]


def test_an_overlay_can_turn_a_built_in_handouts_suggestions_off(tmp_path):
    [found] = suggest_handouts([result_of(numbness={"cry": 3})], practice=practice(tmp_path, quiet_numbness=True))
    assert found == ()


# ---- where the clinician sees them ----------------------------------------------------

def test_score_table_and_json_show_the_suggestions(run_cli):
    table = run_cli("score", EXAMPLES / "ana.yaml")
    assert table.returncode == 0
    text = " ".join(table.stdout.split())
    assert "Suggested handouts:" in text
    assert "numbness: The numbness checklist shows numbness experiences." in text
    data = json.loads(run_cli("score", EXAMPLES / "ana.yaml", "--format", "json").stdout)
    assert [s["handout"] for s in data["suggested_handouts"]] == [
        "for-partners", "medication-and-feelings", "numbness", "reconnecting-with-feelings",
        "talking-with-your-prescriber"]
    assert data["suggested_handouts"][2] == {
        "handout": "numbness", "title": "When tears won't come",
        "reasons": ["The numbness checklist shows numbness experiences."]}


def test_score_says_when_nothing_is_suggested(run_cli, tmp_path):
    path = tmp_path / "calm.yaml"
    path.write_text("client: {id: C-1}\ndate: 2026-11-20\nanswers:\n  phq2: {q1: 0, q2: 0}\n", encoding="utf-8")
    table = run_cli("score", path)
    assert "No handouts suggested by these results." in table.stdout
    data = json.loads(run_cli("score", path, "--format", "json").stdout)
    assert data["suggested_handouts"] == []


def test_score_with_a_broken_practice_handout_is_refused_cleanly(run_cli, tmp_path, assert_refused_cleanly):
    folder = practice(tmp_path)
    (folder / "handouts" / "broken.yaml").write_text("id: broken\nversion: '1'\ntitle: x\n"
                                                     "suggest: [{when: {outcome: numbness.nope}, because: x}]\n"
                                                     "sections: [{id: a, heading: h, body: b, safety: true}]\n",
                                                     encoding="utf-8")
    [line] = assert_refused_cleanly(run_cli("score", EXAMPLES / "ana.yaml", "--practice", folder))
    assert "broken.yaml" in line and "unknown outcome 'nope'" in line


def test_clinician_summary_has_a_suggested_handouts_block(tmp_path):
    pypdf = pytest.importorskip("pypdf")
    from toolkit.api import write_report

    doc = build_report([EXAMPLES / "ana.yaml"])
    assert [s.handout_id for s in doc.suggested] == [
        "for-partners", "medication-and-feelings", "numbness", "reconnecting-with-feelings",
        "talking-with-your-prescriber"]
    out = tmp_path / "report.pdf"
    write_report([EXAMPLES / "ana.yaml"], out)
    text = " ".join(pypdf.PdfReader(str(out)).pages[0].extract_text().split())
    assert "Suggested handouts" in text
    assert "numbness (When tears won't come): The numbness checklist shows numbness experiences." in text


def test_summary_csv_has_the_suggested_ids(tmp_path):
    out = tmp_path / "run"
    result = run_batch(EXAMPLES / "clinic-day.csv", out)
    assert not result.failed
    with open(out / "summary.csv", encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    header = list(rows[0])
    assert header.index("suggested_handouts") == header.index("outcomes") + 1
    for row in rows:
        ids = row["suggested_handouts"].split()
        assert ids == sorted(ids) and all(i in {"burnout", "for-partners", "medication-and-feelings",
                                                "numbness", "reconnecting-with-feelings"} for i in ids)
        if "numbness present" in row["outcomes"]:
            assert "numbness" in ids
    assert any(row["suggested_handouts"] for row in rows)


# the handouts new in issue 15 (rules in docs/content-notes.md, "Suggested handouts")

URGENT_PHQ9 = {**{f"q{i}": 0 for i in range(1, 9)}, "q9": 1}


def test_an_urgent_flag_suggests_the_safety_plan_first(builtin):
    handouts, screeners = builtin
    found = plan_suggestions(handouts, result_of(phq9=URGENT_PHQ9, numbness={"cry": 2}), screeners)
    assert [s.handout_id for s in found] == ["my-safety-plan", "numbness"]
    assert "my-safety-plan" not in suggested(builtin, phq9={f"q{i}": 0 for i in range(1, 10)})
    # a review flag alone (item 9 unanswered) is not an urgent one
    assert "my-safety-plan" not in suggested(builtin, phq9={f"q{i}": 0 for i in range(1, 9)})


@pytest.mark.parametrize(("answers", "expected"), [
    ({"pcptsd5": {"exposure": "yes", "q1": 1, "q2": 1, "q3": 1, "q4": 0, "q5": 0}},
     ("The PC-PTSD-5 is positive (3 or more); it needs a fuller assessment, not a diagnosis.",)),
    ({"pcptsd5": {"exposure": "yes", "q1": 1, "q2": 1, "q3": 0, "q4": 0, "q5": 0}}, None),
    ({"pcl5": {f"q{i}": (2 if i <= 11 else 1) for i in range(1, 21)}},
     ("The PCL-5 total is at or above the provisional cut-off (31).",)),
    ({"pcl5": {f"q{i}": (2 if i <= 11 else 1) for i in range(1, 21)} | {"q20": 0}}, None),
    ({"contributors": {"past-hurt": "yes"}},
     ("The client said something painful from the past still affects them.",)),
], ids=["pcptsd5-3", "pcptsd5-2", "pcl5-31", "pcl5-30", "past-hurt"])
def test_a_positive_trauma_screen_suggests_after_hard_experiences(builtin, answers, expected):
    assert suggested(builtin, **answers).get("after-hard-experiences") == expected


@pytest.mark.parametrize("item", ["after-birth", "menopause", "thyroid"])
def test_a_hormonal_change_suggests_hormones_and_feelings(builtin, item):
    assert "hormones-and-feelings" in suggested(builtin, medication={item: "yes"})
    assert "hormones-and-feelings" not in suggested(builtin, medication={item: "no"})


def test_a_recent_medicine_change_suggests_the_prescriber_sheet(builtin):
    found = suggested(builtin, medication={"antidepressant": "ssri", "recent-change": "yes"})
    assert found["talking-with-your-prescriber"] == (
        "An antidepressant was started or its dose changed in the last 3 months; a sheet to prepare the "
        "prescriber visit.",)
    assert "talking-with-your-prescriber" not in suggested(
        builtin, medication={"antidepressant": "ssri", "recent-change": "no"})
