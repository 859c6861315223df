"""Batch runs into the same folder: an earlier run's record is never lost or mixed
with a new one (--force replaces it, --resume continues it); what is complete is
always recorded, so --resume after any run makes only what is missing; an
interrupted run says how far it got; errors.csv names the client when it can."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from toolkit.batch.run import BatchOptions, run_batch

PHQ = [f"phq9.q{i}" for i in range(1, 10)]
CALM = [0, 1, 0, 1, 0, 0, 1, 0, 0]
RECORD = ("summary.csv", "errors.csv", "run.json")


def write_csv(path: Path, rows: list[list], columns: list[str] | None = None) -> Path:
    columns = columns or ["client_id", "date", *PHQ]
    with open(path, "w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(columns)
        w.writerows(rows)
    return path


def calm(cid: str, date: str = "2026-11-23") -> list:
    return [cid, date, *CALM]


def read_csv(path: Path) -> list[dict]:
    with open(path, newline="", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def mtimes(out: Path) -> dict[str, int]:
    return {p.name: p.stat().st_mtime_ns for p in sorted(out.glob("*.pdf"))}


# --- item 13: an earlier run is never lost or mixed --------------------------------------------------

@pytest.mark.parametrize("earlier", [*RECORD, "A-1-handout.pdf", ".batch-state.jsonl"])
def test_a_folder_holding_an_earlier_run_is_refused_without_force(earlier, tmp_path, run_cli, snapshot,
                                                                  assert_refused_cleanly):
    src = write_csv(tmp_path / "day.csv", [calm("A-1"), calm("A-2")])
    out = tmp_path / "out"
    out.mkdir()
    (out / earlier).write_bytes(b"yesterday's file\n")
    before = snapshot(tmp_path)
    [line] = assert_refused_cleanly(run_cli("batch", src, "--out", out, "--quiet"))
    assert line.startswith(f"{out}  holds an earlier run ({earlier})"), line
    assert "--force" in line and "--resume" in line, line
    assert snapshot(tmp_path) == before


def test_a_second_run_into_the_same_folder_keeps_the_first_runs_record(tmp_path, run_cli, snapshot,
                                                                       assert_refused_cleanly):
    src = write_csv(tmp_path / "day.csv", [calm("A-1"), ["A-2", "2026-11-23", 0, 9, 0, 0, 0, 0, 0, 0, 0]])
    out = tmp_path / "out"
    first = run_cli("batch", src, "--out", out, "--quiet")
    assert first.returncode == 1, first.stderr  # one bad row: errors.csv has it
    yesterday = snapshot(out)
    write_csv(src, [calm("B-1")])  # today's export, other clients
    [line] = assert_refused_cleanly(run_cli("batch", src, "--out", out, "--quiet"))
    assert "holds an earlier run" in line
    assert snapshot(out) == yesterday  # summary.csv, errors.csv, run.json and PDFs as they were


def test_force_replaces_the_earlier_runs_record(tmp_path, run_cli):
    src = write_csv(tmp_path / "day.csv", [calm("A-1")])
    out = tmp_path / "out"
    assert run_cli("batch", src, "--out", out, "--quiet").returncode == 0
    write_csv(src, [calm("B-1")])
    again = run_cli("batch", src, "--out", out, "--quiet", "--force")
    assert again.returncode == 0, again.stderr
    assert [r["client_id"] for r in read_csv(out / "summary.csv")] == ["B-1"]


def test_resume_continues_an_earlier_run_without_force(tmp_path, run_cli):
    src = write_csv(tmp_path / "day.csv", [calm("A-1")])
    out = tmp_path / "out"
    assert run_cli("batch", src, "--out", out, "--quiet").returncode == 0
    again = run_cli("batch", src, "--out", out, "--quiet", "--resume")
    assert again.returncode == 0, again.stderr


def test_a_folder_of_other_files_is_fine(tmp_path, run_cli):
    """The export may sit in the output folder; only an earlier run's files are guarded."""
    out = tmp_path / "day"
    out.mkdir()
    src = write_csv(out / "export.csv", [calm("A-1")])
    (out / "notes.txt").write_text("mine\n")
    result = run_cli("batch", src, "--out", out, "--quiet")
    assert result.returncode == 0, result.stderr
    assert (out / "notes.txt").read_text() == "mine\n" and (out / "A-1-handout.pdf").is_file()


@pytest.mark.parametrize("name", RECORD)
def test_an_input_named_like_a_run_file_is_never_replaced_even_with_force(name, tmp_path, run_cli, snapshot,
                                                                           assert_refused_cleanly):
    out = tmp_path / "out"
    out.mkdir()
    src = write_csv(out / name, [calm("A-1")])
    before = snapshot(tmp_path)
    [line] = assert_refused_cleanly(run_cli("batch", src, "--out", out, "--quiet", "--force"))
    assert line.startswith(str(out / name)) and "is one of the inputs" in line, line
    assert snapshot(tmp_path) == before


# --- item 14: the resume state is always kept --------------------------------------------------------

def test_resume_after_a_plain_run_makes_nothing_again(tmp_path):
    src = write_csv(tmp_path / "day.csv", [calm(f"R-{i}") for i in range(3)])
    out = tmp_path / "out"
    first = run_batch(BatchOptions(src, out))
    assert first.counts["handouts_written"] == 3
    before = mtimes(out)
    again = run_batch(BatchOptions(src, out, resume=True))
    assert again.counts["clients_skipped_current"] == 3
    assert again.counts["handouts_written"] == again.counts["reports_written"] == 0
    assert mtimes(out) == before


def test_a_forced_fresh_run_forgets_the_earlier_state(tmp_path):
    src = write_csv(tmp_path / "day.csv", [calm("R-1")])
    out = tmp_path / "out"
    run_batch(BatchOptions(src, out))
    fresh = run_batch(BatchOptions(src, out, force=True))
    assert fresh.counts["handouts_written"] == 1  # a plain run remakes everything, as asked


def test_an_interrupted_run_says_how_far_it_got_and_resume_finishes(tmp_path, run_cli, monkeypatch):
    from toolkit.batch.worker import Worker

    src = write_csv(tmp_path / "day.csv", [calm(f"S-{i}") for i in range(5)])
    out = tmp_path / "out"
    real = Worker.run_job
    calls = []

    def stop_at_third(self, job):
        calls.append(job.row)
        if len(calls) == 3:
            raise KeyboardInterrupt  # Ctrl-C while the third client is being made
        return real(self, job)

    monkeypatch.setattr(Worker, "run_job", stop_at_third)
    result = run_cli("batch", src, "--out", out, "--quiet")
    assert result.returncode == 130 and "Traceback" not in result.stderr
    assert "stopped after 2 of 5 clients; run again with --resume" in result.stderr, result.stderr
    assert not (out / "summary.csv").exists()
    monkeypatch.setattr(Worker, "run_job", real)
    resumed = run_cli("batch", src, "--out", out, "--quiet", "--resume")
    assert resumed.returncode == 0, resumed.stderr
    record = json.loads((out / "run.json").read_text())
    assert record["counts"]["clients_skipped_current"] == 2
    assert record["counts"]["handouts_written"] == 3
    assert [r["client_id"] for r in read_csv(out / "summary.csv")] == [f"S-{i}" for i in range(5)]


# --- item 19: errors.csv names the client when the id could be read ---------------------------------

def test_errors_csv_names_the_client_of_a_bad_row(tmp_path):
    src = write_csv(tmp_path / "day.csv", [
        calm("E-1"),
        ["E-2", "2026-11-23", 0, 9, 0, 0, 0, 0, 0, 0, 0],  # an answer out of range: the id is readable
        ["", "2026-11-23", *CALM],  # no id at all
        calm("E-1"),  # the same client and date twice
    ])
    out = tmp_path / "out"
    run_batch(BatchOptions(src, out))
    with open(out / "errors.csv", newline="", encoding="utf-8") as fh:
        header = next(csv.reader(fh))
    assert header == ["row", "client_id", "column", "reason"]
    errors = read_csv(out / "errors.csv")
    assert [(e["row"], e["client_id"]) for e in errors] == [("3", "E-2"), ("4", ""), ("5", "E-1")]
    assert (out / "errors.csv").stat().st_mode & 0o777 == 0o600


def test_errors_csv_names_a_client_whose_documents_failed(tmp_path):
    # Vera cannot draw this name, so the handout cannot be made
    src = write_csv(tmp_path / "day.csv", [["F-1", "Żaneta", "2026-11-23", *CALM], calm("F-2")[:1] + ["Sam"]
                                           + calm("F-2")[1:]],
                    columns=["client_id", "client_preferred_name", "date", *PHQ])
    out = tmp_path / "out"
    run_batch(BatchOptions(src, out))
    errors = read_csv(out / "errors.csv")
    assert errors and {e["client_id"] for e in errors} == {"F-1"}
    assert "Żaneta" not in (out / "errors.csv").read_text(encoding="utf-8")


def test_a_client_id_that_looks_like_a_formula_is_neutralised(tmp_path):
    src = write_csv(tmp_path / "day.csv", [["=HYPERLINK(1)", "2026-11-23", 0, 9, 0, 0, 0, 0, 0, 0, 0]])
    out = tmp_path / "out"
    run_batch(BatchOptions(src, out))
    errors = read_csv(out / "errors.csv")
    assert errors and all(not e["client_id"].startswith("=") for e in errors), errors
