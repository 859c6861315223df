"""The PC-PTSD-5 and the PCL-5 as a clinician meets them on the command line: listed,
printed on a form, scored, and in the clinician summary (the PC-PTSD-5's stop rule:
"No" to the first question is a complete total of 0, said in words)."""

from __future__ import annotations

import json
from pathlib import Path

from pypdf import PdfReader

PCL5_ANSWERS = ", ".join(f"q{i}: {2 if i <= 16 else 0}" for i in range(1, 21))  # 32: at or above 31


def _intake(tmp_path: Path, pcptsd5: str, pcl5: str = PCL5_ANSWERS) -> Path:
    path = tmp_path / "intake.yaml"
    path.write_text(f"""\
client: {{id: T-0001, name: "Test Client"}}
date: 2026-11-21
answers:
  pcptsd5: {pcptsd5}
  pcl5: {{{pcl5}}}
""", encoding="utf-8")
    return path


def _text(pdf: Path) -> str:
    return " ".join(" ".join((page.extract_text() or "").split()) for page in PdfReader(pdf).pages)


def test_screeners_list_shows_both(run_cli):
    out = run_cli("screeners", "list")
    assert out.returncode == 0
    assert "PTSD Checklist for DSM-5 (PCL-5)" in out.stdout
    assert "Primary Care PTSD Screen for DSM-5 (PC-PTSD-5)" in out.stdout


def test_form_prints_both_with_the_skip_note(run_cli, tmp_path: Path):
    out = run_cli("form", "pcptsd5", "pcl5", "-o", tmp_path / "form.pdf")
    assert out.returncode == 0, out.stderr
    text = _text(tmp_path / "form.pdf")
    assert "Have you ever experienced this kind of event?" in text
    assert 'Answer this only if you ticked "Yes" for question 1.' in text
    assert "please answer the next five questions" in text
    assert "Trouble falling or staying asleep?" in text
    assert "Quite a bit" in text and "Extremely" in text
    assert "public domain" in text


def test_score_no_exposure_is_a_complete_zero(run_cli, tmp_path: Path):
    out = run_cli("score", _intake(tmp_path, '{exposure: "No"}'), "--format", "json")
    assert out.returncode == 0, out.stderr
    results = {r["screener"]: r for r in json.loads(out.stdout)["results"]}
    [total] = results["pcptsd5"]["scores"]
    assert (total["value"], total["band"]["id"], total["complete"], total["stopped"]) == (0, "negative", True, True)
    assert results["pcptsd5"]["flags"] == []
    pcl5 = {s["id"]: (s["value"], s["band"]["id"] if s["band"] else None) for s in results["pcl5"]["scores"]}
    assert pcl5 == {"total": (32, "probable-ptsd"), "intrusion": (10, None), "avoidance": (4, None),
                    "cognition-mood": (14, None), "arousal": (4, None)}


def test_score_table_says_the_stop_rule_set_the_total(run_cli, tmp_path: Path):
    out = run_cli("score", _intake(tmp_path, '{exposure: "no"}'))
    assert out.returncode == 0
    assert "stop rule" in out.stdout
    assert "Negative screen" in out.stdout


def test_positive_screen_and_missing_pcl5_item(run_cli, tmp_path: Path):
    answers = '{exposure: "yes", q1: "yes", q2: "yes", q3: "yes", q4: "no", q5: "no"}'
    pcl5 = ", ".join(f"q{i}: 4" for i in range(1, 20))  # item 20 unanswered
    out = run_cli("score", _intake(tmp_path, answers, pcl5), "--format", "json")
    assert out.returncode == 0
    results = {r["screener"]: r for r in json.loads(out.stdout)["results"]}
    [total] = results["pcptsd5"]["scores"]
    assert (total["value"], total["band"]["id"]) == (3, "positive") and "stopped" not in total
    pcl5_total = results["pcl5"]["scores"][0]
    assert pcl5_total["value"] is None and pcl5_total["band"] is None  # no prorating: no band
    assert results["pcl5"]["missing"] == ["q20"]


def test_report_explains_the_stop_rule_and_flags_contradictions(run_cli, tmp_path: Path):
    intake = _intake(tmp_path, '{exposure: "no", q1: "yes", q2: "yes", q3: "yes"}')
    out = run_cli("report", intake, "-o", tmp_path / "summary.pdf")
    assert out.returncode == 0, out.stderr
    text = _text(tmp_path / "summary.pdf")
    assert "Total score: 0, set by the instrument's stop rule." in text
    assert "If no, screen total = 0. Please stop here" in text
    assert 'answered "No" to the first PC-PTSD-5 question' in text  # the review flag's message
    assert "At or above the cut-off (probable PTSD)" in text
