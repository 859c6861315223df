"""``toolkit mapping init``: a drafted mapping for each format, which columns it
matched and which it could not, and that the draft reads the export it came from."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from toolkit.content.catalog import Catalog
from toolkit.exports.draft import draft_mapping
from toolkit.exports.mapping import load_mapping
from toolkit.exports.match import normalise
from toolkit.exports.rows import RowError, RowOk, iter_export

CATALOG = Catalog()
PHQ9 = [f"phq9.q{i}" for i in range(1, 10)]
GAD7 = [f"gad7.q{i}" for i in range(1, 8)]
ASQ = [f"asq.q{i}" for i in range(1, 6)]

# format -> (columns it must leave unmatched, client fields, date column, date format)
EXPECTED = {
    "google-forms": (["Anything else you would like us to know?", "How did you hear about us?"],
                     {"id": "Client ID", "name": "Full name", "date_of_birth": "Date of birth"},
                     "Timestamp", "YYYY/MM/DD"),
    "redcap": (["notes", "medication_name"], {"id": "record_id", "date_of_birth": "dob"},
               "intake_date", "YYYY-MM-DD"),
    "qualtrics": (["Q6"], {"id": "Q1", "name": "Q2"}, "RecordedDate", "YYYY-MM-DD"),
    "toolkit": ([], {"id": "client_id", "name": "client_name", "date_of_birth": "client_date_of_birth"},
                "date", "YYYY-MM-DD"),
}


@pytest.mark.parametrize("fmt", sorted(EXPECTED))
def test_init_drafts_a_mapping_that_reads_the_export(fmt: str, tmp_path: Path, real_exports, run_toolkit):
    export, _ = real_exports.make(fmt, tmp_path)
    result = run_toolkit("mapping", "init", export.name, "-o", "drafted.yaml", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    unmatched, client, date_column, date_format = EXPECTED[fmt]
    draft = draft_mapping(export, CATALOG)
    assert draft.format == fmt
    assert [ref for _, _, ref in draft.matched] == PHQ9 + GAD7 + ASQ
    assert [title for _, title in draft.unmatched] == unmatched
    assert draft.client == client
    assert (draft.date_column, draft.date_format) == (date_column, date_format)
    # the report names every unmatched column
    out = result.stdout
    assert f"matched {len(PHQ9 + GAD7 + ASQ)} columns to screener items:" in out
    if unmatched:
        assert f"could not match {len(unmatched)} column" in out
        for title in unmatched:
            assert repr(title) in out
    else:
        assert "could not match" not in out
    # written privately, and it reads the export: every client, only the duplicate refused
    path = tmp_path / "drafted.yaml"
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    mapping = load_mapping(path, CATALOG)
    rows = list(iter_export(export, CATALOG, mapping=mapping))
    assert sum(isinstance(r, RowOk) for r in rows) == len(real_exports.CLIENTS)
    [dup] = [r for r in rows if isinstance(r, RowError)]
    assert dup.problems[0].message.startswith("same client id and date as row")
    # the drafted answers are the real answers
    ok = [r for r in rows if isinstance(r, RowOk)]
    assert ok[1].intake.answers["phq9"] == {f"q{i}": v for i, v in enumerate(real_exports.CLIENTS[1][4], 1)}
    assert ok[1].intake.answers["asq"]["q1"] == "yes"


def test_qualtrics_draft_recodes_from_1(tmp_path: Path, real_exports):
    export, _ = real_exports.make("qualtrics", tmp_path)
    text = draft_mapping(export, CATALOG).text
    assert "phq9.frequency: {1: 0, 2: 1, 3: 2, 4: 3}" in text
    assert 'asq.yes_no_declined: {1: "yes", 2: "no", 3: "declined"}' in text
    assert "CHECK" in text


def test_google_forms_draft_needs_no_recode(tmp_path: Path, real_exports):
    export, _ = real_exports.make("google-forms", tmp_path)
    assert "recode" not in draft_mapping(export, CATALOG).text


def test_refuses_to_overwrite_without_force(tmp_path: Path, real_exports, run_toolkit):
    export, _ = real_exports.make("redcap", tmp_path)
    (tmp_path / "mapping.yaml").write_text("# mine\n", encoding="utf-8")
    result = run_toolkit("mapping", "init", export.name, cwd=tmp_path)
    assert result.returncode == 1
    assert result.stderr.splitlines()[0] == "mapping.yaml  already exists; use --force to replace it"
    assert (tmp_path / "mapping.yaml").read_text(encoding="utf-8") == "# mine\n"
    result = run_toolkit("mapping", "init", export.name, "--force", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "mapping.yaml").read_text(encoding="utf-8").startswith("# Mapping for")


def test_a_csv_with_nothing_to_map_is_refused(tmp_path: Path, run_toolkit):
    """Issue 13: any CSV is an export (it was "unknown export format"); one with no column
    like a screener item is refused, and no draft (it would be invalid) is written."""
    (tmp_path / "x.csv").write_text("when,who\n2026-11-20,C-1\n", encoding="utf-8")
    result = run_toolkit("mapping", "init", "x.csv", cwd=tmp_path)
    assert result.returncode == 1
    assert result.stderr.startswith("x.csv:1:1  no column matched a screener item")
    assert not (tmp_path / "mapping.yaml").exists()


def _google(tmp_path: Path, questions: list[str]) -> Path:
    path = tmp_path / "form.csv"
    cells = ",".join(f'"{q}"' for q in questions)
    path.write_text(f"Timestamp,Client number,{cells}\n2026/11/20 9:00:00 AM GMT,C-1,"
                    + ",".join("Not at all" for _ in questions) + "\n", encoding="utf-8")
    return path


def test_near_exact_text_matches_and_wild_guesses_do_not(tmp_path: Path, real_exports):
    export = _google(tmp_path, [
        f"{real_exports.PHQ9_STEM} [little interest or pleasure in doing things.]",  # case and punctuation
        f"{real_exports.PHQ9_STEM} [Feeling down depressed or hopeless]",  # commas dropped
        f"{real_exports.PHQ9_STEM} [Trouble falling asleep or staying asleep, or sleeping too much]",  # nearly the same
        f"{real_exports.PHQ9_STEM} [Trouble concentrating at work]",  # shares words with q7, but is not it
        f"{real_exports.GAD7_STEM} [Feeling nervous, anxious or on  edge]",
        "How often do you feel tired?",  # CBI personal
        "How often do you feel tired at work?",  # close, but another question: not guessed
        "Do you feel sad?",  # nothing like it
    ])
    draft = draft_mapping(export, CATALOG)
    assert [(col, ref) for col, _, ref in draft.matched] == [
        (3, "phq9.q1"), (4, "phq9.q2"), (5, "phq9.q3"), (7, "gad7.q1"), (8, "cbi.personal-tired")]
    assert [col for col, _ in draft.unmatched] == [6, 9, 10]
    assert draft.client == {"id": "Client number"}


def test_shared_item_text_goes_to_the_screener_with_most_columns(tmp_path: Path, real_exports):
    """PHQ-2 items are PHQ-9 items 1 and 2: with only those two, phq9, phq4 and
    phq2 tie; the screener they complete wins (issue 13: it was phq9, the longer one,
    a PHQ-9 without item 9 that the runtime now refuses).  Three PHQ-9 sentences:
    phq9.  The four PHQ-4 sentences: phq4."""
    phq9, gad7 = real_exports.PHQ9_STEM, real_exports.GAD7_STEM
    two = draft_mapping(_google(tmp_path, [f"{phq9} [Little interest or pleasure in doing things]",
                                           f"{phq9} [Feeling down, depressed, or hopeless]"]), CATALOG)
    assert {ref.split(".")[0] for _, _, ref in two.matched} == {"phq2"}
    assert two.warnings == []
    three = draft_mapping(_google(tmp_path, [f"{phq9} [Little interest or pleasure in doing things]",
                                             f"{phq9} [Feeling down, depressed, or hopeless]",
                                             f"{phq9} [Poor appetite or overeating]"]), CATALOG)
    assert {ref.split(".")[0] for _, _, ref in three.matched} == {"phq9"}
    assert [w.split(":")[0] for w in three.warnings] == ["phq9.q9 is not mapped"]
    four = draft_mapping(_google(tmp_path, [f"{phq9} [Little interest or pleasure in doing things]",
                                            f"{phq9} [Feeling down, depressed, or hopeless]",
                                            f"{gad7} [Feeling nervous, anxious, or on edge]",
                                            f"{gad7} [Not being able to stop or control worrying]"]), CATALOG)
    assert [ref for _, _, ref in four.matched] == ["phq4.q3", "phq4.q4", "phq4.q1", "phq4.q2"]


def test_qualtrics_with_two_header_rows(tmp_path: Path, real_exports):
    """Older Qualtrics exports have no ImportId row: data starts on row 3."""
    export = tmp_path / "legacy.csv"
    export.write_text(
        "StartDate,EndDate,RecordedDate,ResponseId,Q1,QID2_1\n"
        'Start Date,End Date,Recorded Date,Response ID,Client ID,'
        f'"{real_exports.PHQ9_STEM} - Little interest or pleasure in doing things"\n'
        "2026-11-20 09:00:00,2026-11-20 09:05:00,2026-11-20 09:05:01,R_1,C-0001,3\n", encoding="utf-8")
    draft = draft_mapping(export, CATALOG)
    assert [ref for _, _, ref in draft.matched] == ["phq9.q1"]
    # the export asked PHQ-9 item 1 only: item 9 must be declared not asked (issue 13)
    (tmp_path / "m.yaml").write_text(draft.text + "not_asked: [phq9.q9]\n", encoding="utf-8")
    [row] = list(iter_export(export, CATALOG, mapping=tmp_path / "m.yaml"))
    assert row.row == 3 and row.intake.answers == {"phq9": {"q1": 2}}


def test_normalise():
    assert normalise("  Feeling  down, Depressed — or ‘hopeless’? ") == "feeling down depressed or hopeless"


def test_numbers_longer_than_python_reads_do_not_crash_init(tmp_path: Path, run_cli):
    """Issue 14 item 9: a column named with thousands of digits, and an answer code of
    thousands of digits written as a decimal, are drafted past (not an internal error)."""
    big = "9" * 5000
    (tmp_path / "export.csv").write_text(
        f"record_id,visit_date,phq2_1,phq2_2,phq2_{big},x{big}\n"
        f"C-0001,2026-11-20,{big}.0,1,1,1\nC-0002,2026-11-20,2,1,1,1\n", encoding="utf-8")
    result = run_cli("mapping", "init", "export.csv", "-o", "drafted.yaml", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "internal error" not in result.stderr
    assert "could not match 2 columns" in result.stdout
    assert big not in result.stdout
