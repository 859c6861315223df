"""toolkit batch on real-shaped exports (issue 13, item 5): output a clinic can act on."""

from __future__ import annotations

import csv
import json
from pathlib import Path

from toolkit.batch.run import BatchOptions, run_batch

PHQ = [f"phq9.q{i}" for i in range(1, 10)]
GAD = [f"gad7.q{i}" for i in range(1, 8)]
CALM = [0, 1, 0, 1, 0, 0, 1, 0, 0]
ITEM9 = [1, 1, 1, 1, 0, 0, 1, 0, 1]  # item 9 above 0


def write_csv(path: Path, rows: list[dict], columns: list[str]) -> Path:
    with open(path, "w", newline="", encoding="utf-8") as fh:
        w = csv.DictWriter(fh, fieldnames=columns)
        w.writeheader()
        for r in rows:
            w.writerow(r)
    return path


def read_csv(path: Path) -> list[dict]:
    with open(path, newline="", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def phq_row(cid: str, date: str, answers: list) -> dict:
    return {"client_id": cid, "date": date, **dict(zip(PHQ, answers, strict=True))}


def weekly_study(tmp_path: Path) -> Path:
    """A weekly study: W-1 answered item 9 above 0 in week 2 and 0 in the latest week;
    W-2 in the latest week; W-3 never."""
    rows = [
        phq_row("W-1", "2026-10-01", CALM),
        phq_row("W-2", "2026-10-01", CALM),
        phq_row("W-3", "2026-10-01", CALM),
        phq_row("W-1", "2026-10-08", ITEM9),
        phq_row("W-2", "2026-10-08", CALM),
        phq_row("W-3", "2026-10-08", CALM),
        phq_row("W-1", "2026-10-15", CALM),
        phq_row("W-2", "2026-10-15", ITEM9),
        phq_row("W-3", "2026-10-15", CALM),
    ]
    return write_csv(tmp_path / "weekly.csv", rows, ["client_id", "date", *PHQ])


def test_a_client_is_urgent_when_an_earlier_row_raised_an_urgent_flag(tmp_path, run_toolkit):
    src = weekly_study(tmp_path)
    out = tmp_path / "out"
    r = run_toolkit("batch", str(src), "--out", str(out), "--no-handouts", cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    rows = {row["client_id"]: row for row in read_csv(out / "summary.csv")}
    assert rows["W-1"]["date"] == "2026-10-15"  # the latest row is still the one reported
    assert rows["W-1"]["urgent"] == "yes"
    assert rows["W-1"]["urgent_date"] == "2026-10-08" and rows["W-1"]["urgent_row"] == "5"
    assert "phq9 self-harm (item q9)" in rows["W-1"]["urgent_flags"]
    assert rows["W-2"]["urgent"] == "yes" and rows["W-2"]["urgent_date"] == "2026-10-15"
    assert rows["W-3"]["urgent"] == "no" and rows["W-3"]["urgent_date"] == "" and rows["W-3"]["urgent_flags"] == ""
    assert "2 with urgent flags" in r.stdout
    assert json.loads((out / "run.json").read_text())["counts"]["urgent_clients"] == 2


def test_iter_documents_says_urgent_when_an_earlier_row_raised_the_flag(tmp_path):
    from toolkit.api import iter_documents

    src = weekly_study(tmp_path)
    found = {c.client_id: c for c in iter_documents(src, kinds=("report",))}
    assert found["W-1"].urgent and found["W-1"].urgent_at is not None
    assert (found["W-1"].urgent_at.row, found["W-1"].urgent_at.date) == (5, "2026-10-08")
    assert found["W-2"].urgent and not found["W-3"].urgent


def test_rows_with_no_answers_are_skipped_not_errors(tmp_path, run_toolkit):
    # NHANES-style: a participant row with an id and a date but no answers at all
    rows = [phq_row("N-1", "2026-11-20", CALM), phq_row("N-2", "2026-11-20", [""] * 9),
            phq_row("N-3", "2026-11-20", CALM), phq_row("N-4", "2026-11-20", [""] * 9)]
    src = write_csv(tmp_path / "day.csv", rows, ["client_id", "date", *PHQ])
    out = tmp_path / "out"
    r = run_toolkit("batch", str(src), "--out", str(out), "--no-handouts", cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    assert read_csv(out / "errors.csv") == []
    record = json.loads((out / "run.json").read_text())
    assert record["counts"]["rows_skipped_no_answers"] == 2
    assert record["rows_skipped_no_answers"] == [3, 5]
    assert record["counts"].get("rows_failed", 0) == 0
    assert "2 rows had no answers and were skipped" in r.stdout
    assert {row["client_id"] for row in read_csv(out / "summary.csv")} == {"N-1", "N-3"}


def test_out_folder_is_made_with_its_parents(tmp_path, run_toolkit):
    src = write_csv(tmp_path / "day.csv", [phq_row("O-1", "2026-11-20", CALM)], ["client_id", "date", *PHQ])
    out = tmp_path / "runs" / "2026" / "day-1"
    r = run_toolkit("batch", str(src), "--out", str(out), "--no-handouts", cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    assert (out / "summary.csv").is_file() and (out / "O-1-report.pdf").is_file()


def test_prorated_totals_are_marked(tmp_path):
    rows = [phq_row("P-1", "2026-11-20", [1, 1, 1, 1, 1, 1, 1, 1, ""]),  # one item missing: prorated
            phq_row("P-2", "2026-11-20", [1, 1, 1, 1, 1, 1, 1, 1, 0])]
    src = write_csv(tmp_path / "day.csv", rows, ["client_id", "date", *PHQ])
    res = run_batch(BatchOptions(src, tmp_path / "out", reports=False))
    summary = {r["client_id"]: r for r in read_csv(tmp_path / "out" / "summary.csv")}
    assert summary["P-1"]["phq9.total.prorated"] == "yes"
    assert summary["P-2"]["phq9.total.prorated"] == "no"
    assert not res.failed


def test_summary_has_columns_only_for_the_screeners_the_export_uses(tmp_path):
    src = write_csv(tmp_path / "day.csv", [phq_row("S-1", "2026-11-20", CALM)], ["client_id", "date", *PHQ])
    run_batch(BatchOptions(src, tmp_path / "out", reports=False))
    with open(tmp_path / "out" / "summary.csv", encoding="utf-8") as fh:
        header = next(csv.reader(fh))
    screeners = {c.split(".")[0] for c in header if "." in c}
    assert screeners == {"phq9"}, header


def test_summary_keeps_every_screener_the_export_uses(tmp_path):
    columns = ["client_id", "date", *PHQ, *GAD]
    src = write_csv(tmp_path / "day.csv", [{**phq_row("S-1", "2026-11-20", CALM),
                                            **dict(zip(GAD, [0, 1, 0, 1, 0, 0, 1], strict=True))}], columns)
    run_batch(BatchOptions(src, tmp_path / "out", reports=False))
    with open(tmp_path / "out" / "summary.csv", encoding="utf-8") as fh:
        header = next(csv.reader(fh))
    assert {c.split(".")[0] for c in header if "." in c} == {"phq9", "gad7"}


def test_decimal_and_odd_ids_are_cleaned_for_file_names(tmp_path):
    # NHANES writes its participant numbers as decimals (SEQN 93705.0)
    rows = [phq_row("93705.0", "2026-11-20", CALM), phq_row("#7/x y", "2026-11-20", CALM),
            phq_row("93706.00", "2026-11-20", CALM), phq_row("93705", "2026-11-20", CALM),
            phq_row("1.5", "2026-11-20", CALM)]
    src = write_csv(tmp_path / "day.csv", rows, ["client_id", "date", *PHQ])
    res = run_batch(BatchOptions(src, tmp_path / "out", handouts=False))
    assert not res.failed
    names = sorted(p.name for p in (tmp_path / "out").glob("*.pdf"))
    # two ids that clean to one name never share a file: the later gets its row number
    assert names == ["1.5-report.pdf", "7_x_y-report.pdf", "93705-report-row5.pdf", "93705-report.pdf",
                     "93706-report.pdf"]
    summary = {r["row"]: r for r in read_csv(tmp_path / "out" / "summary.csv")}
    assert summary["2"]["report"] == "93705-report.pdf"
    assert summary["2"]["client_id"] == "93705.0"  # summary.csv keeps the id as the export wrote it


REDCAP_FIELDS = [f"phq9_{i}" for i in range(1, 10)]
REDCAP_MAPPING = ("format: redcap\nclient: {id: record_id}\ndate: {column: visit_date}\ncolumns:\n"
                  + "".join(f"  phq9_{i}: phq9.q{i}\n" for i in range(1, 10)))


def redcap_export(tmp_path: Path, rows: list[tuple[str, str, list, str]]) -> tuple[Path, Path]:
    """A REDCap raw export with the survey's own calculated total (phq9_total)."""
    columns = ["record_id", "redcap_event_name", "visit_date", *REDCAP_FIELDS, "phq9_total", "phq9_complete"]
    lines = [{"record_id": cid, "redcap_event_name": "week_1_arm_1", "visit_date": date,
              **dict(zip(REDCAP_FIELDS, answers, strict=True)), "phq9_total": total, "phq9_complete": "2"}
             for cid, date, answers, total in rows]
    src = write_csv(tmp_path / "export.csv", lines, columns)
    mapping = tmp_path / "mapping.yaml"
    mapping.write_text(REDCAP_MAPPING, encoding="utf-8")
    return src, mapping


def test_check_totals_lists_rows_whose_export_total_differs(tmp_path, run_toolkit):
    src, mapping = redcap_export(tmp_path, [
        ("T-1", "2026-11-20", CALM, "3"),                          # agrees
        ("T-2", "2026-11-20", ITEM9, "15"),                        # the toolkit's total is 6
        ("T-3", "2026-11-20", CALM, "3.0"),                        # agrees, written as a decimal
        ("T-4", "2026-11-20", [1, 1, 1, 1, 1, 1, 1, 1, ""], ""),   # REDCap left its total empty: listed
    ])
    out = tmp_path / "out"
    r = run_toolkit("batch", str(src), "--mapping", str(mapping), "--out", str(out), "--no-handouts",
                    "--check-totals", "phq9=phq9_total", cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    assert "totals check: 2 of 4 rows differ from phq9_total" in r.stdout
    diffs = read_csv(out / "totals-check.csv")
    assert [(d["row"], d["client_id"], d["column"], d["export_total"], d["toolkit_total"], d["toolkit_prorated"])
            for d in diffs] == [("3", "T-2", "phq9_total", "15", "6", "no"), ("5", "T-4", "phq9_total", "", "9", "yes")]
    assert json.loads((out / "run.json").read_text())["totals_check"] == [
        {"screener": "phq9", "score": "total", "column": "phq9_total", "rows_checked": 4, "rows_differ": 2}]


def test_check_totals_names_a_column_the_export_lacks(tmp_path, run_toolkit):
    src, mapping = redcap_export(tmp_path, [("T-1", "2026-11-20", CALM, "3")])
    for spec, message in [("phq9=PHQ_sum", "the export has no column 'PHQ_sum'"),
                          ("phq9", "is not SCREENER=COLUMN"),
                          ("phq99=phq9_total", "unknown screener 'phq99'"),
                          ("phq9.sum=phq9_total", "has no score 'sum'")]:
        r = run_toolkit("batch", str(src), "--mapping", str(mapping), "--out", str(tmp_path / "out"),
                        "--check-totals", spec, cwd=tmp_path)
        assert r.returncode == 1 and "Traceback" not in r.stderr, r.stderr
        assert message in r.stderr and "--check-totals" in r.stderr, r.stderr
        assert not (tmp_path / "out").exists()  # nothing made for a bad option


def test_a_forced_run_without_check_totals_leaves_no_stale_totals_file(tmp_path):
    src, mapping = redcap_export(tmp_path, [("T-1", "2026-11-20", ITEM9, "15")])
    out = tmp_path / "out"
    run_batch(BatchOptions(src, out, mapping=mapping, handouts=False, check_totals=("phq9=phq9_total",)))
    assert len(read_csv(out / "totals-check.csv")) == 1
    run_batch(BatchOptions(src, out, mapping=mapping, handouts=False, force=True))  # the record is replaced
    assert not (out / "totals-check.csv").exists()
