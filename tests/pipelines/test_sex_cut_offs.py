"""Client sex (optional) selects the AUDIT-C cut-off, read from every intake reader, and
every output says which cut-off was used (Bradley 2007 and the VA/DoD rule: 4 or more for
men, 3 or more for women; without a sex the lower cut-off, 3).  Sex is client data: it is
kept out of file names and PDF metadata."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from pypdf import PdfReader

from toolkit import iter_export, score_intake
from toolkit.batch.run import BatchOptions, run_batch

THREE = {"q1": 2, "q2": 1, "q3": 0}  # a total of 3: positive for women and without a sex, negative for men


def write_intake(folder: Path, name: str, sex: str | None, answers=THREE) -> Path:
    sex_line = f"  sex: {sex}\n" if sex else ""
    body = ", ".join(f"{k}: {v}" for k, v in answers.items())
    path = folder / f"{name}.yaml"
    path.write_text(f"client:\n  id: C-0100\n{sex_line}date: 2026-11-20\nanswers:\n  auditc: {{{body}}}\n",
                    encoding="utf-8")
    return path


@pytest.mark.parametrize(("sex", "band", "words"), [
    (None, "Positive screen", "cut-off 3, used when sex is not given"),
    ("not-given", "Positive screen", "cut-off 3, used when sex is not given"),
    ("female", "Positive screen", "cut-off 3 for women"),
    ("Male", "Negative screen", "cut-off 4 for men"),
    ("other", "Positive screen", "cut-off 3, used when the published cut-offs do not cover the client's sex"),
])
def test_score_table_and_json_say_which_cut_off(tmp_path, run_cli, sex, band, words):
    intake = write_intake(tmp_path, "c", sex)
    table = run_cli("score", intake)
    assert table.returncode == 0, table.stderr
    cells = [line.split("│")[5].strip() for line in table.stdout.splitlines() if line.count("│") == 8]
    assert " ".join(cells) == f"{band} ({words})"  # the Band column, its wrapped lines joined
    data = json.loads(run_cli("score", intake, "--format", "json").stdout)
    total = data["results"][0]["scores"][0]
    assert total["value"] == 3 and total["band"]["label"] == band
    assert total["cut_off"]["text"] == words
    assert "sex" not in json.dumps(data["client"])
    rows = list(csv.DictReader(run_cli("score", intake, "--format", "csv").stdout.splitlines()))
    assert rows[0]["band"] == f"{total['band']['id']} ({words})"


def test_the_same_answers_read_from_json_and_csv(tmp_path, run_cli):
    (tmp_path / "c.json").write_text(json.dumps({"client": {"id": "C-1", "sex": "male"}, "date": "2026-11-20",
                                                 "answers": {"auditc": THREE}}), encoding="utf-8")
    (tmp_path / "c.csv").write_text("client_id,date,client_sex,auditc.q1,auditc.q2,auditc.q3\n"
                                    "C-1,2026-11-20,male,2,1,0\nC-2,2026-11-20,,2,1,0\n", encoding="utf-8")
    from_json = json.loads(run_cli("score", tmp_path / "c.json", "--format", "json").stdout)
    assert from_json["results"][0]["scores"][0]["band"]["id"] == "negative"
    from_csv = json.loads(run_cli("score", tmp_path / "c.csv", "--format", "json").stdout)
    bands = [r["results"][0]["scores"][0]["cut_off"]["text"] for r in from_csv]
    assert bands == ["cut-off 4 for men", "cut-off 3, used when sex is not given"]  # an empty cell: not given


def test_export_mapping_reads_sex_codes(tmp_path):
    (tmp_path / "export.csv").write_text("record_id,visit_date,sex,a1,a2,a3\n"
                                         "C-1,2026-11-20,1,2,1,0\nC-2,2026-11-20,2,2,1,0\n", encoding="utf-8")
    (tmp_path / "mapping.yaml").write_text(
        "format: redcap\nclient: {id: record_id, sex: sex, sex_codes: {'1': female, '2': male}}\n"
        "date: {column: visit_date}\ncolumns: {a1: auditc.q1, a2: auditc.q2, a3: auditc.q3}\n", encoding="utf-8")
    rows = list(iter_export(tmp_path / "export.csv", mapping=tmp_path / "mapping.yaml"))
    assert [r.intake.client.sex for r in rows] == ["female", "male"]
    results = [score_intake(r.intake) for r in rows]
    assert [r.results[0].scores[0].band_text for r in results] == ["Positive screen (cut-off 3 for women)",
                                                                   "Negative screen (cut-off 4 for men)"]


def test_clinician_summary_says_the_cut_off_and_keeps_sex_out_of_metadata(tmp_path, run_cli):
    out = tmp_path / "summary.pdf"
    r = run_cli("report", write_intake(tmp_path, "c", "female"), "-o", out)
    assert r.returncode == 0, r.stderr
    reader = PdfReader(out)
    text = " ".join(" ".join(page.extract_text() for page in reader.pages).split())
    assert "band Positive screen (3–12) · cut-off 3 for women" in text
    meta = " ".join(str(v) for v in (reader.metadata or {}).values()).casefold()
    assert "female" not in meta and "women" not in meta


def test_skipped_questions_are_named_in_the_summary(tmp_path, run_cli):
    out = tmp_path / "summary.pdf"
    r = run_cli("report", write_intake(tmp_path, "c", None, {"q1": "Never"}), "-o", out)
    assert r.returncode == 0, r.stderr
    text = " ".join(" ".join(p.extract_text() for p in PdfReader(out).pages).split())
    assert "Total score: 0" in text and "q2, q3 skipped, counted as 0" in text


def test_batch_summary_says_the_cut_off_and_file_names_hold_no_sex(tmp_path):
    src = tmp_path / "day.csv"
    src.write_text("client_id,date,client_sex,auditc.q1,auditc.q2,auditc.q3\n"
                   "S-1,2026-11-20,female,2,1,0\nS-2,2026-11-20,male,2,1,0\nS-3,2026-11-20,,2,1,0\n",
                   encoding="utf-8")
    res = run_batch(BatchOptions(src, tmp_path / "out", handouts=False))
    assert not res.failed
    with open(tmp_path / "out" / "summary.csv", encoding="utf-8") as fh:
        rows = {r["client_id"]: r["auditc.total.band"] for r in csv.DictReader(fh)}
    assert rows == {"S-1": "positive (cut-off 3 for women)", "S-2": "negative (cut-off 4 for men)",
                    "S-3": "positive (cut-off 3, used when sex is not given)"}
    for f in (tmp_path / "out").rglob("*"):
        assert not any(w in f.name.casefold() for w in ("female", "male", "women")), f.name
