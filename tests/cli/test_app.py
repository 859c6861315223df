"""The command line as a user meets it: commands, formats and exit codes."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "examples" / "intakes"


def run(*args: str, cwd: Path | None = None, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "toolkit", *args], capture_output=True,
                          text=True, cwd=cwd, env=env, timeout=60)


def test_help_lists_commands():
    out = run("--help")
    assert out.returncode == 0
    for cmd in ("score", "validate", "screeners"):
        assert cmd in out.stdout


def test_screeners_list_shows_every_builtin():
    out = run("screeners", "list")
    assert out.returncode == 0
    for sid in ("phq9", "gad7", "phq2", "gad2", "phq4", "cbi", "asq", "pcptsd5", "pcl5",
                "numbness", "contributors", "medication"):
        assert sid in out.stdout


def test_screeners_show_json_lists_items_in_order_with_options():
    out = run("screeners", "show", "phq9", "--format", "json")
    assert out.returncode == 0
    data = json.loads(out.stdout)
    assert data["id"] == "phq9" and data["kind"] == "validated"
    assert [i["id"] for i in data["items"]] == [f"q{n}" for n in range(1, 11)]
    assert data["items"][0]["text"] == "Little interest or pleasure in doing things"
    assert data["items"][0]["options"] == [
        {"value": 0, "label": "Not at all"}, {"value": 1, "label": "Several days"},
        {"value": 2, "label": "More than half the days"}, {"value": 3, "label": "Nearly every day"}]


def test_screeners_show_text_and_unknown_id():
    assert "Little interest" in run("screeners", "show", "phq9").stdout
    bad = run("screeners", "show", "phq99")
    assert bad.returncode == 1 and "no screener with this id" in bad.stderr


def test_score_json_follows_the_contract(tmp_path):
    intake = tmp_path / "c.yaml"
    intake.write_text(
        "client: {id: C-0042, name: Ana López, preferred_name: Ana}\n"
        "date: 2026-11-20\n"
        "answers:\n"
        "  phq9: {q1: 2, q2: More than half the days, q3: 1, q4: 1, q5: 1, q6: 1,"
        " q7: 1, q8: 1, q9: 0, q10: Somewhat difficult}\n", encoding="utf-8")
    out = run("score", str(intake), "--format", "json")
    assert out.returncode == 0, out.stderr
    data = json.loads(out.stdout)
    assert data == {
        "client": {"id": "C-0042"}, "date": "2026-11-20",
        "results": [{
            "screener": "phq9", "version": "1.0",
            "scores": [{"id": "total", "label": "Total score", "value": 10, "min": 0, "max": 27,
                        "band": {"id": "moderate", "label": "Moderate", "min": 10, "max": 14},
                        "answered": 9, "expected": 9, "prorated": False, "complete": True}],
            "flags": [], "outcomes": [], "missing": []}],
        "suggested_handouts": []}  # a moderate PHQ-9 alone suggests no built-in handout
    assert "Ana" not in out.stdout  # only the client id leaves the intake


def test_score_says_when_wsas_item_1_does_not_apply(tmp_path):
    """The WSAS "retired or choose not to have a job" box: the table and the JSON say that
    item 1 does not apply and that the total is prorated from the other four (NHS rule)."""
    intake = tmp_path / "c.yaml"
    intake.write_text("client: {id: C-0043}\ndate: 2026-11-20\n"
                      "answers:\n  wsas: {q1: not-working, q2: 4, q3: 4, q4: 2, q5: 0}\n", encoding="utf-8")
    out = run("score", str(intake), "--format", "json")
    assert out.returncode == 0, out.stderr
    total = json.loads(out.stdout)["results"][0]["scores"][0]
    assert (total["value"], total["band"]["id"], total["prorated"], total["not_applicable"]) == (
        13, "significant", True, ["q1"])  # 10 x 5 / 4 = 12.5, halves up
    def cells(out: str) -> str:  # the table's text without spaces and cell walls (a long note wraps)
        return "".join(ch for ch in out if not ch.isspace() and ch != "\u2502")

    table = cells(run("score", str(intake)).stdout)
    assert "Significantimpairment" in table and "4/5" in table
    assert "proratedfrom4/5;itemq1doesnotapply" in table
    intake.write_text("client: {id: C-0043}\ndate: 2026-11-20\n"
                      "answers:\n  wsas: {q1: not-working, q2: 8, q3: 8, q4: 8}\n", encoding="utf-8")
    table = cells(run("score", str(intake)).stdout)
    assert "notscored:1missing;itemq1doesnotapply" in table and "(none:incomplete)" in table
    assert "Moderatelysevere" not in table


def test_score_table_shows_urgent_flag_before_scores():
    out = run("score", str(EXAMPLES / "dev.yaml"))
    assert out.returncode == 0
    text = out.stdout
    assert "URGENT" in text and "self-harm" in text
    assert text.index("URGENT") < text.index("Total")


def test_score_incomplete_shows_no_band(tmp_path):
    intake = tmp_path / "i.yaml"
    intake.write_text("client: {id: X1}\ndate: 2026-11-20\nanswers:\n  phq9: {q1: 3, q2: 3, q3: 3}\n")
    data = json.loads(run("score", str(intake), "--format", "json").stdout)
    total = data["results"][0]["scores"][0]
    assert total["value"] is None and total["band"] is None and total["complete"] is False
    assert [f["id"] for f in data["results"][0]["flags"]] == ["self-harm-unanswered"]
    table = run("score", str(intake)).stdout
    assert "Minimal" not in table and "not scored" in table and "REVIEW" in table


def test_score_csv_one_row_per_score():
    out = run("score", str(EXAMPLES / "clinic-day.csv"), "--format", "csv")
    assert out.returncode == 0, out.stderr
    rows = list(csv.DictReader(io.StringIO(out.stdout)))
    assert {r["screener"] for r in rows} == {"phq9", "gad7", "numbness"}
    assert len({r["client_id"] for r in rows}) == 5
    phq = [r for r in rows if r["screener"] == "phq9"]
    assert all(r["score"] == "total" and r["value"] != "" for r in phq)


def test_score_csv_input_gives_json_list():
    out = run("score", str(EXAMPLES / "clinic-day.csv"), "--format", "json")
    data = json.loads(out.stdout)
    assert isinstance(data, list) and len(data) == 5


@pytest.mark.parametrize("name", sorted(p.name for p in EXAMPLES.iterdir()))
def test_every_example_intake_scores(name):
    out = run("score", str(EXAMPLES / name), "--format", "json")
    assert out.returncode == 0, out.stderr


def test_usage_error_exits_2():
    assert run("score").returncode == 2
    assert run("score", "x.yaml", "--format", "xml").returncode == 2
    assert run("no-such-command").returncode == 2


def test_invalid_intake_exits_1_without_traceback(tmp_path):
    intake = tmp_path / "bad.yaml"
    intake.write_text("client: {id: X1}\ndate: 2026-11-20\nanswers:\n  phq9: {q1: Sevral days}\n")
    out = run("score", str(intake))
    assert out.returncode == 1
    assert "Traceback" not in out.stderr and out.stdout == ""
    assert f"{intake}:4:14  answers.phq9.q1: is not an answer to this item (text" in out.stderr
    assert "Sevral" not in out.stderr  # an answer is client data: never shown (issue 14, item 12)


def test_internal_error_exits_3_without_client_data(tmp_path):
    intake = tmp_path / "i.yaml"
    intake.write_text("client: {id: CANARY-ID, name: Canary Name}\ndate: 2026-11-20\n"
                      "answers:\n  phq9: {q1: 1}\n")
    code = ("import sys, toolkit.scoring.scorer as s\n"
            "def boom(screener, answers, **options):\n"
            "    raise RuntimeError('client Canary Name CANARY-ID ' + repr(answers))\n"
            "s.score = boom\n"
            "import toolkit.api as a; a.score = boom\n"
            "from toolkit.cli.app import main\n"
            f"sys.argv = ['toolkit', 'score', {str(intake)!r}]\n"
            "main()\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert out.returncode == 3
    assert "internal error" in out.stderr and "RuntimeError" in out.stderr
    assert "Canary" not in out.stderr + out.stdout and "CANARY" not in out.stderr + out.stdout
    assert "Traceback" not in out.stderr


def test_validate_builtin_folder_and_missing_path():
    ok = run("validate", str(ROOT / "screeners"))
    assert ok.returncode == 0 and "no problems" in ok.stdout
    missing = run("validate", "nowhere.yaml")
    assert missing.returncode == 1 and "nowhere.yaml  file not found" in missing.stderr


def test_python_dash_m_and_console_script_agree():
    import shutil
    exe = shutil.which("toolkit", path=str(Path(sys.executable).parent))
    if exe is None:
        pytest.skip("console script not installed next to this interpreter")
    a = subprocess.run([exe, "version"], capture_output=True, text=True)
    assert a.returncode == 0 and a.stdout == run("version").stdout
