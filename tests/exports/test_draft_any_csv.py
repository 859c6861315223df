"""``toolkit mapping init`` on exports as they come (issue 13): any CSV, item text
with small wording differences, the common naming schemes (``phq9_1``, ``phq1``,
``PHQ9_01``, NHANES ``DPQ010``, REDCap ``phq_9_q1`` with a typo and a data
dictionary), no date column, a wave column, missing-value codes, and an unmapped
critical item said first and loudest."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from toolkit.content.catalog import Catalog
from toolkit.core.yaml_reader import read_yaml_text
from toolkit.exports.draft import draft_mapping
from toolkit.exports.mapping import load_mapping

CATALOG = Catalog()
PHQ9 = [f"phq9.q{i}" for i in range(1, 10)]
GAD7 = [f"gad7.q{i}" for i in range(1, 8)]
FREQ = ["Not at all", "Several days", "More than half the days", "Nearly every day"]
# question text as a student-life study wrote it: small wording differences, item 9 without "in some way"
PHQ9_TEXT = [
    "Little interest or pleasure in doing things?",
    "Feeling down, depressed or hopeless",
    "Trouble falling/staying asleep, sleeping too much",
    "Feeling tired or having low energy",
    "Poor appetite or overeating",
    "Feeling bad about yourself or that you are a failure or have let yourself or your family down",
    "Trouble concentrating on things, such as reading the newspaper or watching TV",
    "Moving or speaking so slowly that other people could have noticed. Or the opposite; being so "
    "fidgety or restless that you have been moving around a lot more than usual",
    "Thoughts that you would be better off dead or of hurting yourself",
]
ANSWERS = [[1, 2, 1, 2, 0, 1, 1, 0, 0], [3, 3, 2, 3, 2, 2, 1, 1, 1], [0, 0, 0, 1, 0, 0, 0, 0, 0]]


def write_csv(path: Path, rows: list[list[str]]) -> Path:
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\r\n").writerows(rows)
    path.write_text(buf.getvalue(), encoding="utf-8")
    return path


def refs(draft) -> list[str]:
    return [ref for _, _, ref in draft.matched]


def data(draft) -> dict:
    return read_yaml_text(draft.text, "draft.yaml").data


def question_text_export(tmp_path: Path, *, drop: int | None = None) -> Path:
    """A study's own CSV: an id, the week, question text as headers (PHQ-9 with small wording
    differences, item 9 cut short) and labels as answers; no date column."""
    items = [(i, t) for i, t in enumerate(PHQ9_TEXT, 1) if i != drop]
    rows = [["participant_id", "Week", "How did you sleep?"] + [t for _, t in items]]
    for n, answers in enumerate(ANSWERS):
        rows.append([f"u{n:02d}", str(n % 2 + 1), "fine"] + [FREQ[answers[i - 1]] for i, _ in items])
    return write_csv(tmp_path / "study.csv", rows)


def test_numbered_question_headers_match_even_when_cut_short(tmp_path: Path):
    """Survey tools number their questions ("Q8. ...", "8) ...", "Question 9: ..."): the
    number is not part of the item's text, so a cut-short item 8 still matches; a
    "Respondent" column is the client id."""
    numbered = [f"Q{i}. {t}" for i, t in enumerate(PHQ9_TEXT[:4], 1)]
    numbered += [f"{i}) {t}" for i, t in enumerate(PHQ9_TEXT[4:7], 5)]
    numbered += ["Question 8: Moving or speaking so slowly that other people could have noticed",
                 "(9) " + PHQ9_TEXT[8]]
    rows = [["Respondent", "Survey date"] + numbered, ["r1", "2026-11-03"] + [str(a) for a in ANSWERS[0]]]
    draft = draft_mapping(write_csv(tmp_path / "numbered.csv", rows), CATALOG)
    assert sorted(refs(draft)) == sorted(PHQ9)
    assert data(draft)["client"]["id"] == "Respondent"


# --- 4. a critical item left out is said first and loudest -------------------------------------

def test_an_unmapped_item_9_is_said_first_in_the_terminal_and_at_the_top_of_the_yaml(tmp_path: Path, run_cli):
    """PHQ-9 items 1-8 but no item 9: before anything else, the terminal and the draft name
    phq9.q9 and both fixes; the draft does not quietly mark it not asked."""
    rows = [["Timestamp", "Client ID"] + [f"{t}" for t in PHQ9_TEXT[:8]]]
    rows.append(["2026/11/20 9:00:00 AM GMT", "C-1"] + [FREQ[a] for a in ANSWERS[1][:8]])
    export = write_csv(tmp_path / "form.csv", rows)
    result = run_cli("mapping", "init", export, "-o", tmp_path / "m.yaml")
    assert result.returncode == 0, result.stderr
    first = result.stdout.splitlines()[0]
    assert first.startswith("WARNING") and "phq9.q9" in first
    assert "not_asked" in result.stdout.split("\n", 2)[1] or "not_asked" in first
    text = (tmp_path / "m.yaml").read_text(encoding="utf-8")
    top = text.splitlines()[0]
    assert top.startswith("# WARNING") and "phq9.q9" in top
    assert "not_asked: [phq9.q9]" in text.split("\nformat:")[0]  # the fix, shown as a comment
    assert "not_asked" not in data(draft_mapping(export, CATALOG))


def test_asq_questions_left_out_are_each_named(tmp_path: Path):
    rows = [["record_id", "intake_date", "asq_1", "asq_2", "asq_3"], ["1", "2026-11-20", "2", "2", "2"]]
    draft = draft_mapping(write_csv(tmp_path / "r.csv", rows), CATALOG)
    assert refs(draft) == ["asq.q1", "asq.q2", "asq.q3"]
    assert [w.split(":")[0] for w in draft.warnings] == ["asq.q4 is not mapped", "asq.q5 is not mapped"]
    assert draft.text.startswith("# WARNING: asq.q4 is not mapped")


def test_a_complete_phq9_has_no_warning(tmp_path: Path):
    draft = draft_mapping(question_text_export(tmp_path), CATALOG)
    assert draft.warnings == []
    assert "WARNING" not in draft.text


# --- 1. any CSV, item text with small differences, naming schemes, reasons ---------------------

def test_question_text_headers_with_small_wording_differences_match_every_item(tmp_path: Path, run_cli):
    export = question_text_export(tmp_path)
    draft = draft_mapping(export, CATALOG)
    assert draft.format == "csv"
    assert refs(draft) == PHQ9
    assert draft.reasons[12] == "the start of the item text (cut short)"  # item 9, without "in some way"
    assert draft.reasons[4] == "item text"
    assert [title for _, title in draft.unmatched] == ["How did you sleep?"]
    result = run_cli("mapping", "init", export, "-o", tmp_path / "m.yaml")
    assert result.returncode == 0, result.stderr
    assert "-> phq9.q9 (the start of the item text (cut short))" in result.stdout
    assert "phq9.q9  # column 12: the start of the item text (cut short)" in draft.text


def test_format_can_be_forced(tmp_path: Path):
    rows = [["Timestamp", "Client ID", "phq9_1"], ["2026/11/20 9:00:00 AM GMT", "C-1", "1"]]
    export = write_csv(tmp_path / "f.csv", rows)
    assert draft_mapping(export, CATALOG).format == "google-forms"
    assert draft_mapping(export, CATALOG, fmt="csv").format == "csv"
    assert data(draft_mapping(export, CATALOG, fmt="csv"))["format"] == "csv"


SCHEMES = {
    "phq9_1": ([f"phq9_{i}" for i in range(1, 10)], PHQ9),
    "phq1": ([f"phq{i}" for i in range(1, 10)] + [f"gad{i}" for i in range(1, 8)], PHQ9 + GAD7),
    "PHQ9_01": ([f"PHQ9_{i:02d}" for i in range(1, 10)] + [f"GAD7_{i}" for i in range(1, 8)], PHQ9 + GAD7),
    "gad7_3": ([f"gad7_{i}" for i in range(1, 8)] + [f"phq_9_q{i}" for i in range(1, 10)], GAD7 + PHQ9),
    "DPQ010": ([f"DPQ{i:02d}0" for i in range(1, 11)], PHQ9 + ["phq9.q10"]),
}


@pytest.mark.parametrize("scheme", sorted(SCHEMES))
def test_naming_schemes_match_by_name_and_say_so(scheme: str, tmp_path: Path):
    names, expected = SCHEMES[scheme]
    id_col = "SEQN" if scheme == "DPQ010" else "id"
    rows = [[id_col, "age"] + names, ["93705.0", "44"] + ["1"] * len(names)]
    draft = draft_mapping(write_csv(tmp_path / "x.csv", rows), CATALOG)
    assert refs(draft) == expected
    assert draft.client == {"id": id_col}
    assert all("name" in draft.reasons[col] for col, _, _ in draft.matched)
    if scheme == "DPQ010":
        assert draft.reasons[3] == "NHANES name: DPQ010 is PHQ-9 item 1"
    assert [title for _, title in draft.unmatched] == ["age"]


def redcap_export(tmp_path: Path, *, date: bool = False) -> tuple[Path, Path]:
    """A REDCap raw export with many columns, phq_9_q1 fields (q7 typo'd as pqh_9_q7),
    gad_7_q1 fields, answers coded 1-4, a consent date; and its data dictionary."""
    filler = [f"demo_{i}" for i in range(120)]
    phq = [f"phq_9_q{i}" if i != 7 else "pqh_9_q7" for i in range(1, 10)]
    gad = [f"gad_7_q{i}" for i in range(1, 8)]
    header = (["record_id", "redcap_event_name", "consent_date", "consent_complete"] + filler
              + (["phq_date"] if date else []) + phq + ["phq_9_complete"] + gad + ["gad_7_complete"])
    rows = [header]
    for n, answers in enumerate(ANSWERS):
        rows.append([str(n + 1), "baseline_arm_1", "2026-01-05", "2"] + ["x"] * len(filler)
                    + (["2026-11-20"] if date else []) + [str(a + 1) for a in answers] + ["2"]
                    + [str(a % 4 + 1) for a in answers[:7]] + ["2"])
    export = write_csv(tmp_path / "redcap.csv", rows)
    choices = "1, Not at all | 2, Several days | 3, More than half the days | 4, Nearly every day"
    head = ["Variable / Field Name", "Form Name", "Section Header", "Field Type", "Field Label",
            "Choices, Calculations, OR Slider Labels", "Field Note"]
    dictionary = [head, ["record_id", "consent", "", "text", "Record ID", "", ""]]
    dictionary += [[f, "demographics", "", "text", f, "", ""] for f in filler]
    dictionary += [[f, "phq_9", "", "radio", t, choices, ""] for f, t in zip(phq, PHQ9_TEXT, strict=True)]
    dictionary += [[f, "gad_7", "", "radio", f"GAD item {i}", choices, ""] for i, f in enumerate(gad, 1)]
    return export, write_csv(tmp_path / "dictionary.csv", dictionary)


def test_redcap_export_with_a_typo_and_a_dictionary(tmp_path: Path):
    export, dictionary = redcap_export(tmp_path)
    draft = draft_mapping(export, CATALOG, dictionary=dictionary)
    assert sorted(refs(draft)) == sorted(PHQ9 + GAD7)
    typo = next(col for col, title, _ in draft.matched if title == "pqh_9_q7")
    assert draft.reasons[typo] == "near-typo of phq_9_q7 (the other columns are named like phq_9_q1)"
    assert sorted(data(draft)["recode"]["scales"]) == ["gad7.frequency", "phq9.frequency"]
    assert "phq9.frequency: {1: 0, 2: 1, 3: 2, 4: 3}" in draft.text
    assert "gad7.frequency: {1: 0, 2: 1, 3: 2, 4: 3}" in draft.text
    assert "from the data dictionary" in draft.text


def test_dictionary_and_format_options_on_the_command_line(tmp_path: Path, run_cli):
    export, dictionary = redcap_export(tmp_path)
    result = run_cli("mapping", "init", export, "-o", tmp_path / "m.yaml", "--dictionary", dictionary,
                     "--format", "redcap")
    assert result.returncode == 0, result.stderr
    assert "'pqh_9_q7' -> phq9.q7 (near-typo of phq_9_q7" in result.stdout
    assert "consent_date not used" in result.stdout
    bad = run_cli("mapping", "init", export, "-o", tmp_path / "n.yaml", "--format", "spss")
    assert bad.returncode == 1 and "unknown format 'spss'" in bad.stderr


def test_a_redcap_draft_is_valid_and_reads_the_export(tmp_path: Path):
    """Item 5: the draft of a REDCap export with phq_9_q1 fields is a valid mapping (it was
    'columns: must be a mapping ... not empty')."""
    export, dictionary = redcap_export(tmp_path, date=True)
    draft = draft_mapping(export, CATALOG, dictionary=dictionary)
    assert draft.date_column == "phq_date"
    path = tmp_path / "m.yaml"
    path.write_text(draft.text, encoding="utf-8")
    mapping = load_mapping(path, CATALOG)
    assert len(mapping.model.columns) == 16


def test_nothing_to_map_is_refused_without_an_invalid_draft(tmp_path: Path, run_cli):
    export = write_csv(tmp_path / "x.csv", [["id", "age", "sleep"], ["1", "44", "ok"]])
    result = run_cli("mapping", "init", export, "-o", tmp_path / "m.yaml")
    assert result.returncode == 1
    assert "no column matched a screener item" in result.stderr
    assert not (tmp_path / "m.yaml").exists()


# --- 2. dates and waves -------------------------------------------------------------------------

def test_no_date_column_says_a_date_is_needed_and_date_option_fixes_it(tmp_path: Path, run_cli):
    export = question_text_export(tmp_path)
    draft = draft_mapping(export, CATALOG)
    assert draft.date_column is None
    assert any("--date YYYY-MM-DD" in note for note in draft.notes)
    result = run_cli("mapping", "init", export, "-o", tmp_path / "m.yaml", "--date", "2026-11-20")
    assert result.returncode == 0, result.stderr
    mapping = read_yaml_text((tmp_path / "m.yaml").read_text(encoding="utf-8"), "m").data
    assert str(mapping["date"]["fixed"]) == "2026-11-20"
    assert mapping["wave"] == {"column": "Week"}
    bad = run_cli("mapping", "init", export, "-o", tmp_path / "n.yaml", "--date", "20/11/2026")
    assert bad.returncode == 1 and "YYYY-MM-DD" in bad.stderr


def test_a_consent_date_is_not_taken_for_the_questionnaire_date(tmp_path: Path):
    export, dictionary = redcap_export(tmp_path)
    draft = draft_mapping(export, CATALOG, dictionary=dictionary)
    assert draft.date_column is None
    assert any("consent_date" in note and "not used" in note for note in draft.notes)
    assert 'column: "CHANGE ME"' not in draft.text or "--date" in draft.text


# --- 3. missing codes ---------------------------------------------------------------------------

def test_codes_that_are_not_answers_are_proposed_as_missing(tmp_path: Path):
    names = [f"DPQ{i:02d}0" for i in range(1, 11)]
    rows = [["SEQN"] + names]
    rows.append(["93705.0"] + ["1.0", "0.0", "2.0", "3.0", "0.0", "1.0", "0.0", "0.0", "9.0", "1.0"])
    rows.append(["93706.0"] + ["7.0", "NA", "", "nan", "-99", "0.0", "0.0", "0.0", "0.0", ""])
    rows.append(["93707.0"] + [""] * 10)
    draft = draft_mapping(write_csv(tmp_path / "nhanes.csv", rows), CATALOG)
    missing = data(draft)["missing"]
    assert missing == {"all": ["-99", "NA", "nan"], "screeners": {"phq9": ["7.0", "9.0"]}}
    assert "1.0" not in str(missing) and "0.0" not in str(missing)
    assert "whole-number decimals such as 1.0 are answers" in draft.text.lower()


# --- end to end: mapping init -> mapping check -> batch, with no hand edits -----------------------

def _nhanes(tmp_path: Path) -> Path:
    names = [f"DPQ{i:02d}0" for i in range(1, 11)]
    rows = [["SEQN", "RIAGENDR"] + names]
    for n, answers in enumerate(ANSWERS):
        rows.append([f"{93705 + n}.0", "2"] + [f"{a}.0" for a in answers] + ["1.0"])
    rows.append(["93709.0", "1"] + ["7.0", "9.0"] + ["0.0"] * 8)  # refused / don't know
    rows.append(["93710.0", "1"] + [""] * 10)  # a participant not asked: no answers at all
    rows.append(["93711.0", "2"] + [""] * 10)
    return write_csv(tmp_path / "nhanes.csv", rows)


def _weekly_study(tmp_path: Path) -> Path:
    """A weekly study: question text as headers, no date column, a week column, the same
    participants every week; p01 answered item 9 above 0 in week 1 only."""
    rows = [["participant_id", "week"] + PHQ9_TEXT]
    weeks = {"p01": [ANSWERS[1], ANSWERS[0], ANSWERS[2]], "p02": [ANSWERS[0], ANSWERS[2], ANSWERS[0]]}
    for week in (1, 2, 3):
        for pid, answers in weeks.items():
            rows.append([pid, str(week)] + [FREQ[a] for a in answers[week - 1]])
    return write_csv(tmp_path / "weekly.csv", rows)


def _medical_school(tmp_path: Path) -> Path:
    names = [f"phq{i}" for i in range(1, 10)] + [f"gad{i}" for i in range(1, 8)]
    rows = [["id", "year", "sex"] + names]
    for n, answers in enumerate(ANSWERS):
        rows.append([str(n + 1), "2", "F"] + [str(a) for a in answers] + [str(a % 4) for a in answers[:7]])
    return write_csv(tmp_path / "school.csv", rows)


def _research_app(tmp_path: Path) -> Path:
    """A research app's table dump: phq9_1..phq9_9 and gad7_1..gad7_7, answers written 1.0."""
    names = [f"phq9_{i}" for i in range(1, 10)] + [f"gad7_{i}" for i in range(1, 8)]
    rows = [["uid", "created_at"] + names]
    for n, answers in enumerate(ANSWERS):
        rows.append([f"app-{n}", f"2026-11-{10 + n} 08:00:00"] + [f"{a}.0" for a in answers]
                    + [f"{a % 4}.0" for a in answers[:7]])
    return write_csv(tmp_path / "app.csv", rows)


def _zero_padded(tmp_path: Path) -> Path:
    """PHQ9_01..PHQ9_09 and GAD7_01..GAD7_07 in capitals, plain codes."""
    names = [f"PHQ9_{i:02d}" for i in range(1, 10)] + [f"GAD7_{i:02d}" for i in range(1, 8)]
    rows = [["ID"] + names]
    for n, answers in enumerate(ANSWERS):
        rows.append([str(n + 100)] + [str(a) for a in answers] + [str(a % 4) for a in answers[:7]])
    return write_csv(tmp_path / "padded.csv", rows)


EXPORTS = {
    "research-app-decimals": lambda tmp: (_research_app(tmp), []),
    "PHQ9_01-zero-padded": lambda tmp: (_zero_padded(tmp), []),
    "question-text": lambda tmp: (question_text_export(tmp), []),
    "nhanes": lambda tmp: (_nhanes(tmp), []),
    "phq1-gad7": lambda tmp: (_medical_school(tmp), []),
    "weekly-study": lambda tmp: (_weekly_study(tmp), []),
    "redcap-dictionary": lambda tmp: (redcap_export(tmp)[0], ["--dictionary", tmp / "dictionary.csv"]),
}


@pytest.mark.parametrize("kind", sorted(EXPORTS))
def test_init_then_check_then_batch_with_no_hand_edits(kind: str, tmp_path: Path, run_cli):
    export, extra = EXPORTS[kind](tmp_path)
    mapping = tmp_path / "m.yaml"
    init = run_cli("mapping", "init", export, "-o", mapping, "--date", "2026-11-20", *extra)
    assert init.returncode == 0, init.stderr
    assert "WARNING" not in init.stdout
    check = run_cli("mapping", "check", export, "--mapping", mapping)
    assert check.returncode == 0, check.stderr
    if kind == "nhanes":  # two participants not asked: said, and not a problem
        assert check.stdout.strip() == "ok: 4 rows read, no problems; 2 rows had no answers (batch skips them)"
    batch = run_cli("batch", export, "--mapping", mapping, "--out", tmp_path / "out", "--no-handouts", "--quiet")
    assert batch.returncode == 0, batch.stderr
    with open(tmp_path / "out" / "summary.csv", encoding="utf-8", newline="") as f:
        urgent = [row for row in csv.DictReader(f) if row["urgent"].strip().lower() in ("true", "yes", "1")]
    # only the second client answered item 9 above 0 (1, coded 2 in the REDCap export): urgent
    assert len(urgent) == 1


def test_item_9_dropped_init_warns_and_check_and_batch_refuse(tmp_path: Path, run_cli):
    export = question_text_export(tmp_path, drop=9)
    mapping = tmp_path / "m.yaml"
    init = run_cli("mapping", "init", export, "-o", mapping, "--date", "2026-11-20")
    assert init.returncode == 0 and init.stdout.startswith("WARNING: phq9.q9 is not mapped")
    check = run_cli("mapping", "check", export, "--mapping", mapping)
    assert check.returncode == 1 and "phq9.q9" in check.stderr and "not_asked" in check.stderr
    batch = run_cli("batch", export, "--mapping", mapping, "--out", tmp_path / "out", "--quiet")
    assert batch.returncode == 1 and "phq9.q9" in batch.stderr
    # the fix the draft names: uncomment not_asked, and the mapping is accepted
    text = mapping.read_text(encoding="utf-8").replace("#   not_asked: [phq9.q9]", "not_asked: [phq9.q9]")
    mapping.write_text(text, encoding="utf-8")
    assert run_cli("mapping", "check", export, "--mapping", mapping).returncode == 0
