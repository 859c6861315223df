"""Real-shaped exports as published studies write them (issue 13), read through a
mapping file: the generic ``csv`` format, a fixed date for a file without one, a
wave column, whole-number decimals (``1.0``), missing-value codes (``9.0`` = "don't
know" in NHANES), and a critical item that can never be silently unmapped.

Each test writes its own export, in the shape of the real one:
* NHANES ``DPQ_J``: ``SEQN``, ``DPQ010``..``DPQ100``, answers ``0.0``..``3.0``, ``7.0``
  (refused) and ``9.0`` (don't know), and rows with no answer at all; no date.
* a research app's table dump: ``phq9_1``..``phq9_9`` with ``1.0``.
* a medical-school survey: ``phq1``..``phq9``, ``gad1``..``gad7``, no date.
* a weekly study with a ``Visit`` column (two visits of a client on one date).
"""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from pypdf import PdfReader

from toolkit.content.catalog import Catalog, ScreenerMap
from toolkit.core.errors import ProblemList
from toolkit.exports.formats import detect_format
from toolkit.exports.mapping import load_mapping
from toolkit.exports.rows import RowError, RowOk, check_export, iter_export
from toolkit.scoring.formats import to_csv, to_json
from toolkit.scoring.intakes import score_intake

DPQ = [f"DPQ0{n}0" for n in range(1, 10)] + ["DPQ100"]
NHANES_ROWS = [
    ["93703"] + [""] * 10,                                                   # nothing answered
    ["93704", "0.0", "0.0", "1.0", "1.0", "0.0", "0.0", "0.0", "0.0", "0.0", "0.0"],
    ["93705", "9.0", "1.0", "1.0", "2.0", "0.0", "1.0", "0.0", "0.0", "0.0", "1.0"],  # q1 don't know
    ["93706", "1.0", "1.0", "1.0", "1.0", "1.0", "1.0", "1.0", "1.0", "9.0", "1.0"],  # q9 don't know
    ["93707", "0.0", "1.0", "0.0", "0.0", "0.0", "0.0", "0.0", "0.0", "2.0", ""],    # q9 answered 2
    ["93708"] + [""] * 10,                                                   # nothing answered
]
NHANES_MAPPING = ("format: csv\nclient: {id: SEQN}\ndate: {fixed: 2018-06-01}\ncolumns:\n"
                  + "".join(f"  {col}: phq9.q{i}\n" for i, col in enumerate(DPQ, 1))
                  + 'missing:\n  screeners: {phq9: ["7", "9"]}\n')


def write_csv(path: Path, header: list[str], rows: list[list[str]]) -> Path:
    with path.open("w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f)
        writer.writerow(header)
        writer.writerows(rows)
    return path


def nhanes(folder: Path, mapping: str = NHANES_MAPPING) -> tuple[Path, Path]:
    export = write_csv(folder / "DPQ_J.csv", ["SEQN", *DPQ], NHANES_ROWS)
    (folder / "mapping.yaml").write_text(mapping, encoding="utf-8")
    return export, folder / "mapping.yaml"


def read(export: Path, mapping: Path) -> dict[int, RowOk | RowError]:
    catalog = Catalog()
    with iter_export(export, catalog, mapping=load_mapping(mapping, catalog)) as rows:
        return {entry.row: entry for entry in rows}


def result_of(entry) -> object:
    assert isinstance(entry, RowOk), entry
    return score_intake(entry.intake, ScreenerMap(Catalog())).results[0]


# --- 1. any CSV is an export -------------------------------------------------------------------

def test_any_other_csv_is_detected_as_a_generic_csv(tmp_path):
    export, _ = nhanes(tmp_path)
    assert detect_format(export) == "csv"


def test_a_generic_csv_without_a_mapping_is_refused_with_the_way_out(tmp_path, run_cli):
    export, _ = nhanes(tmp_path)
    r = run_cli("mapping", "check", str(export), cwd=tmp_path)
    assert r.returncode == 1 and "unknown export format" in r.stderr and "Traceback" not in r.stderr


def test_a_csv_mapping_reads_any_header_even_one_that_looks_like_google_forms(tmp_path):
    export = write_csv(tmp_path / "forms.csv", ["Timestamp", "pid", "gad1", "gad2"],
                       [["2026/11/20 9:00:00", "P1", "1", "2"]])
    (tmp_path / "m.yaml").write_text("format: csv\nclient: {id: pid}\ndate: {column: Timestamp, format: YYYY/MM/DD}\n"
                                     "columns: {gad1: gad2.q1, gad2: gad2.q2}\n", encoding="utf-8")
    rows = read(export, tmp_path / "m.yaml")
    assert result_of(rows[2]).score("total").value == 3


# --- 3. values as exports write them --------------------------------------------------------

def test_nhanes_decimals_and_dont_know_codes_score_as_the_survey_meant(tmp_path):
    rows = read(*nhanes(tmp_path))
    assert [r for r, e in rows.items() if isinstance(e, RowError)] == [2, 7]  # the empty rows only
    assert all("row has no answers" in e.problems[0].message for e in (rows[2], rows[7]))
    plain = result_of(rows[3])
    assert plain.score("total").value == 2 and plain.flags == ()
    dont_know_q1 = result_of(rows[4])
    assert "q1" in dont_know_q1.missing and dont_know_q1.score("total").prorated  # unanswered, not refused
    dont_know_q9 = result_of(rows[5])
    assert [(f.id, f.level) for f in dont_know_q9.flags] == [("self-harm-unanswered", "review")]
    urgent = result_of(rows[6])
    assert urgent.flags[0].id == "self-harm" and urgent.flags[0].level == "urgent"


def test_missing_codes_per_column_and_for_all_columns(tmp_path):
    mapping = NHANES_MAPPING.replace('  screeners: {phq9: ["7", "9"]}', '  all: ["NA"]\n  columns: {DPQ090: ["9"]}')
    export, mapping_path = nhanes(tmp_path, mapping)
    rows = read(export, mapping_path)
    assert [f.id for f in result_of(rows[5]).flags] == ["self-harm-unanswered"]  # DPQ090 9.0: unanswered
    assert isinstance(rows[4], RowError)  # DPQ010 9.0: not a missing code there, so refused
    assert "DPQ" not in rows[4].problems[0].message and rows[4].problems[0].path == "phq9.q1"


def test_a_row_of_missing_codes_only_has_no_answers(tmp_path):
    export = write_csv(tmp_path / "e.csv", ["SEQN", *DPQ], [["1", *(["NA"] * 10)]])
    (tmp_path / "m.yaml").write_text(NHANES_MAPPING.replace('  screeners: {phq9: ["7", "9"]}', '  all: [na]'),
                                     encoding="utf-8")
    rows = read(export, tmp_path / "m.yaml")
    assert "row has no answers" in rows[2].problems[0].message


def test_research_app_answers_written_as_decimals(tmp_path):
    header = ["id", "created_at"] + [f"phq9_{i}" for i in range(1, 10)]
    export = write_csv(tmp_path / "app.csv", header, [
        ["7", "2024-03-01 10:00:00", "1.0", "2.0", "1.00", "0.0", "0.0", "0.0", "0.0", "0.0", "0.0"],
        ["8", "2024-03-01 10:00:00", "1.5", "2.0", "1.0", "0.0", "0.0", "0.0", "0.0", "0.0", "0.0"],
    ])
    (tmp_path / "m.yaml").write_text(
        "format: csv\nclient: {id: id}\ndate: {column: created_at}\ncolumns:\n"
        + "".join(f"  phq9_{i}: phq9.q{i}\n" for i in range(1, 10)), encoding="utf-8")
    rows = read(export, tmp_path / "m.yaml")
    assert result_of(rows[2]).score("total").value == 4
    assert isinstance(rows[3], RowError) and "(a decimal number; whole numbers only)" in rows[3].problems[0].message


def test_a_decimal_code_goes_through_the_recode(tmp_path):
    export = write_csv(tmp_path / "r.csv", ["pid", "gad1", "gad2"], [["P1", "4.0", "1.0"]])
    (tmp_path / "m.yaml").write_text("format: csv\nclient: {id: pid}\ndate: {fixed: 2026-11-20}\n"
                                     "columns: {gad1: gad2.q1, gad2: gad2.q2}\n"
                                     "recode: {scales: {gad2.frequency: {1: 0, 2: 1, 3: 2, 4: 3}}}\n",
                                     encoding="utf-8")
    assert result_of(read(export, tmp_path / "m.yaml")[2]).score("total").value == 3


# --- 2. dates and waves --------------------------------------------------------------------

def test_a_file_without_a_date_gets_the_mappings_fixed_date(tmp_path):
    header = ["student"] + [f"phq{i}" for i in range(1, 10)] + [f"gad{i}" for i in range(1, 8)]
    export = write_csv(tmp_path / "med.csv", header, [["s1"] + ["1"] * 16, ["s2"] + ["0"] * 16])
    (tmp_path / "m.yaml").write_text(
        "format: csv\nclient: {id: student}\ndate: {fixed: 2019-05-14}\ncolumns:\n"
        + "".join(f"  phq{i}: phq9.q{i}\n" for i in range(1, 10))
        + "".join(f"  gad{i}: gad7.q{i}\n" for i in range(1, 8)), encoding="utf-8")
    assert detect_format(export) == "csv"
    rows = read(export, tmp_path / "m.yaml")
    assert [e.intake.date.isoformat() for e in rows.values()] == ["2019-05-14", "2019-05-14"]
    assert check_export(export, Catalog(), mapping=tmp_path / "m.yaml").rows == 2


WAVES = """\
format: csv
client: {id: pid}
date: {column: day}
wave: {column: Visit, order: [baseline, week 4, follow-up]}
columns: {g1: gad2.q1, g2: gad2.q2}
"""


def weekly(folder: Path, rows: list[list[str]], mapping: str = WAVES) -> tuple[Path, Path]:
    export = write_csv(folder / "weekly.csv", ["pid", "day", "Visit", "g1", "g2"], rows)
    (folder / "m.yaml").write_text(mapping, encoding="utf-8")
    return export, folder / "m.yaml"


def test_rows_of_different_waves_on_one_date_are_distinct_visits_in_wave_order(tmp_path):
    rows = read(*weekly(tmp_path, [["P1", "2026-11-20", "Follow-up", "3", "3"],
                                   ["P1", "2026-11-20", "baseline", "0", "0"],
                                   ["P1", "2026-11-20", "follow-up", "1", "1"]]))
    assert isinstance(rows[2], RowOk) and isinstance(rows[3], RowOk)
    assert rows[4].problems[0].message == "same client id, date and wave as row 2"
    ordered = sorted([rows[2].intake, rows[3].intake], key=lambda i: i.sort_key)
    assert [i.wave for i in ordered] == ["baseline", "follow-up"]


def test_a_wave_not_in_the_order_is_a_row_problem(tmp_path):
    rows = read(*weekly(tmp_path, [["P1", "2026-11-20", "week 9", "0", "0"]]))
    problem = rows[2].problems[0]
    assert (problem.col, problem.path) == (3, "wave") and problem.message.startswith("is not one of the waves")
    assert "week 9" not in problem.message  # a row's cell is client data (issue 14, item 12)


def test_without_an_order_numbered_waves_sort_as_numbers(tmp_path):
    mapping = WAVES.replace(", order: [baseline, week 4, follow-up]", "")
    rows = read(*weekly(tmp_path, [["P1", "2026-11-20", "10", "0", "0"], ["P1", "2026-11-20", "2", "1", "1"],
                                   ["P1", "2026-11-20", "2.0", "1", "1"]], mapping))
    assert sorted((rows[2].intake, rows[3].intake), key=lambda i: i.sort_key)[0].wave == "2"
    assert "same client id, date and wave as row 3" in rows[4].problems[0].message


def test_without_a_wave_column_the_same_date_twice_is_still_refused(tmp_path):
    mapping = WAVES.replace("wave: {column: Visit, order: [baseline, week 4, follow-up]}\n", "")
    rows = read(*weekly(tmp_path, [["P1", "2026-11-20", "a", "0", "0"], ["P1", "2026-11-20", "b", "1", "1"]],
                        mapping))
    assert rows[3].problems[0].message == "same client id and date as row 2"


def test_batch_takes_the_latest_wave_as_the_current_intake(tmp_path, run_toolkit):
    export, mapping = weekly(tmp_path, [["P1", "2026-11-20", "follow-up", "3", "3"],
                                        ["P1", "2026-11-20", "baseline", "0", "0"]])
    out = tmp_path / "out"
    r = run_toolkit("batch", str(export), "--mapping", str(mapping), "--out", str(out), "--no-handouts",
                    cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    with (out / "summary.csv").open(encoding="utf-8") as f:
        (summary,) = list(csv.DictReader(f))
    assert summary["row"] == "2" and summary["earlier_intakes"] == "1"  # follow-up is later than baseline


# --- 4. a critical item is never silently unmapped ---------------------------------------------

WITHOUT_Q9 = NHANES_MAPPING.replace("  DPQ090: phq9.q9\n", "")


def test_a_mapping_that_leaves_out_phq9_item_9_is_refused(tmp_path):
    export, mapping = nhanes(tmp_path, WITHOUT_Q9)
    with pytest.raises(ProblemList) as exc:
        load_mapping(mapping, Catalog())
    (problem,) = exc.value.problems
    assert "phq9.q9 is a critical item" in problem.message
    assert "columns:" in problem.message and "not_asked: [phq9.q9]" in problem.message


def test_mapping_check_and_batch_refuse_a_mapping_without_item_9(tmp_path, run_cli):
    export, mapping = nhanes(tmp_path, WITHOUT_Q9)
    check = run_cli("mapping", "check", str(export), "--mapping", str(mapping), cwd=tmp_path)
    assert check.returncode == 1 and "phq9.q9 is a critical item" in check.stderr
    batch = run_cli("batch", str(export), "--mapping", str(mapping), "--out", str(tmp_path / "out"), cwd=tmp_path)
    assert batch.returncode == 1 and "phq9.q9 is a critical item" in batch.stderr
    assert not (tmp_path / "out" / "summary.csv").exists()


def test_every_unmapped_asq_question_is_named(tmp_path):
    write_csv(tmp_path / "a.csv", ["pid", "asq1"], [["P1", "no"]])  # the export it was drafted for
    (tmp_path / "m.yaml").write_text("format: csv\nclient: {id: pid}\ndate: {fixed: 2026-11-20}\n"
                                     "columns: {asq1: asq.q1}\n", encoding="utf-8")
    with pytest.raises(ProblemList) as exc:
        load_mapping(tmp_path / "m.yaml", Catalog())
    named = [p.message.split()[0] for p in exc.value.problems]
    assert named == ["asq.q2", "asq.q3", "asq.q4", "asq.q5"]


NOT_ASKED = WITHOUT_Q9 + "not_asked: [phq9.q9]\n"


def test_an_item_marked_not_asked_is_flagged_for_review_as_not_asked(tmp_path):
    rows = read(*nhanes(tmp_path, NOT_ASKED))
    result = score_intake(rows[3].intake, ScreenerMap(Catalog()))
    (flag,) = result.results[0].flags
    assert (flag.id, flag.level, flag.item) == ("self-harm-not-asked", "review", "q9")
    assert "was not asked in this export" in flag.message
    # the outputs of toolkit score
    assert "not asked in this export" in to_json([result])
    assert "self-harm-not-asked" in to_csv([result])


def test_score_table_says_not_asked(tmp_path):
    from rich.console import Console

    from toolkit.cli.output import print_table

    rows = read(*nhanes(tmp_path, NOT_ASKED))
    console = Console(record=True, width=200)
    print_table([score_intake(rows[3].intake, ScreenerMap(Catalog()))], console)
    assert "not asked in this export" in console.export_text()


def test_batch_outputs_say_item_9_was_not_asked(tmp_path, run_toolkit):
    export, mapping = nhanes(tmp_path, NOT_ASKED)
    out = tmp_path / "out"
    r = run_toolkit("batch", str(export), "--mapping", str(mapping), "--out", str(out), "--no-handouts",
                    cwd=tmp_path)
    assert "Traceback" not in r.stderr
    with (out / "summary.csv").open(encoding="utf-8") as f:
        summary = {row["client_id"]: row for row in csv.DictReader(f)}
    assert "self-harm-not-asked" in summary["93704"]["flags"]
    report = next(p for p in out.iterdir() if p.name.startswith("93704") and p.name.endswith("report.pdf"))
    text = " ".join(" ".join(page.extract_text().split()) for page in PdfReader(report).pages)
    assert "Answer: not asked in this export" in text and "was not asked in this export" in text


def test_not_asked_must_name_an_unmapped_item(tmp_path):
    export, mapping = nhanes(tmp_path, NHANES_MAPPING + "not_asked: [phq9.q9, phq9.q42]\n")
    with pytest.raises(ProblemList) as exc:
        load_mapping(mapping, Catalog())
    messages = [p.message for p in exc.value.problems]
    assert any("phq9.q9 is mapped under columns:" in m for m in messages)
    assert any("screener 'phq9' has no item 'q42'" in m for m in messages)


def test_json_of_a_not_asked_row_is_the_contract_shape(tmp_path):
    rows = read(*nhanes(tmp_path, NOT_ASKED))
    data = json.loads(to_json([score_intake(rows[3].intake, ScreenerMap(Catalog()))]))
    assert data["results"][0]["flags"][0]["id"] == "self-harm-not-asked"
