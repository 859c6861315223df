"""toolkit batch: a clinic day from one export, nothing lost, resumable."""

from __future__ import annotations

import csv
import json
import os
import signal
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest
from pypdf import PdfReader

from toolkit.batch.files import CsvFile
from toolkit.batch.jobs import iter_client_jobs
from toolkit.batch.names import parse_pattern
from toolkit.batch.run import BatchOptions, run_batch
from toolkit.content.catalog import Catalog
from toolkit.core.errors import ProblemList

ROOT = Path(__file__).resolve().parents[2]
DAY = ROOT / "examples" / "intakes" / "clinic-day.csv"
PHQ = [f"phq9.q{i}" for i in range(1, 10)]


def write_csv(path: Path, rows: list[dict], columns: list[str] | None = None) -> Path:
    columns = columns or ["client_id", "client_preferred_name", "date", *PHQ]
    with open(path, "w", newline="", encoding="utf-8") as fh:
        w = csv.DictWriter(fh, fieldnames=columns)
        w.writeheader()
        for r in rows:
            w.writerow(r)
    return path


def client(cid: str, q: list[int | str], date: str = "2026-11-23", name: str = "Sam") -> dict:
    return {"client_id": cid, "client_preferred_name": name, "date": date, **dict(zip(PHQ, q, strict=True))}


CALM = [0, 1, 0, 1, 0, 0, 1, 0, 0]
URGENT = [2, 2, 2, 2, 1, 1, 1, 1, 2]  # item 9 above 0


def pdfs(out: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(out.glob("*.pdf"))}


def read_csv(path: Path) -> list[dict]:
    with open(path, newline="", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def test_clinic_day_example_makes_every_document(tmp_path, run_toolkit):
    out = tmp_path / "out"
    r = run_toolkit("batch", str(DAY), "--out", str(out), cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    rows = read_csv(out / "summary.csv")
    ids = [row["client_id"] for row in rows]
    assert len(ids) == len(set(ids)) > 1
    for cid in ids:
        for kind in ("handout", "report"):
            f = out / f"{cid}-{kind}.pdf"
            assert f.is_file(), f
            assert stat.S_IMODE(f.stat().st_mode) == 0o600
            assert len(PdfReader(f).pages) >= 1
    assert read_csv(out / "errors.csv") == []
    record = json.loads((out / "run.json").read_text())
    assert record["counts"]["clients"] == len(ids)
    assert record["counts"]["handouts_written"] == record["counts"]["reports_written"] == len(ids)
    assert record["screeners"]["phq9"] == "1.0" and record["toolkit"]
    for name in ("summary.csv", "errors.csv", "run.json"):
        assert stat.S_IMODE((out / name).stat().st_mode) == 0o600
    assert not [p for p in out.iterdir() if p.name.startswith(".") and p.name.endswith(".tmp")]
    assert "clients from" in r.stdout and "\x1b" not in r.stderr  # no progress bar when not a terminal


def test_summary_has_scores_bands_and_flags_per_client(tmp_path):
    src = write_csv(tmp_path / "day.csv", [client("A-1", CALM), client("A-2", URGENT),
                                           client("A-3", [1, 1, 1, "", "", "", 1, 1, 0])])
    res = run_batch(BatchOptions(src, tmp_path / "out"))
    assert not res.failed
    rows = {r["client_id"]: r for r in read_csv(tmp_path / "out" / "summary.csv")}
    assert rows["A-1"]["phq9.total"] == "3" and rows["A-1"]["phq9.total.band"] == "minimal"
    assert rows["A-1"]["urgent"] == "no" and rows["A-1"]["flags"] == ""
    assert rows["A-2"]["urgent"] == "yes" and "urgent: phq9 self-harm (item q9)" in rows["A-2"]["flags"]
    assert rows["A-3"]["phq9.total.complete"] == "no" and rows["A-3"]["phq9.total.band"] == ""
    assert rows["A-2"]["handout"] == "A-2-handout.pdf" and rows["A-2"]["report"] == "A-2-report.pdf"
    assert res.counts["urgent_clients"] == 1


def test_a_bad_row_never_stops_the_others(tmp_path, run_toolkit):
    src = write_csv(tmp_path / "day.csv", [client("B-1", CALM), client("B-2", [0, 9, 0, 0, 0, 0, 0, 0, 0]),
                                           client("B-3", CALM)])
    r = run_toolkit("batch", str(src), "--out", str(tmp_path / "out"), cwd=tmp_path)
    assert r.returncode == 1
    assert "1 row could not be read" in r.stderr and "Traceback" not in r.stderr
    errors = read_csv(tmp_path / "out" / "errors.csv")
    assert [(e["row"], e["column"]) for e in errors] == [("3", "phq9.q2")]
    assert "a number not on its scale" in errors[0]["reason"]  # never the value (issue 14, item 12)
    assert set(pdfs(tmp_path / "out")) == {"B-1-handout.pdf", "B-1-report.pdf", "B-3-handout.pdf", "B-3-report.pdf"}


def test_urgent_client_whose_documents_fail_is_named_loudly(tmp_path, run_toolkit):
    # Vera cannot draw this name, so the handout cannot be made; the row is urgent
    src = write_csv(tmp_path / "day.csv", [client("U-1", URGENT, name="Żaneta"), client("U-2", CALM)])
    r = run_toolkit("batch", str(src), "--out", str(tmp_path / "out"), cwd=tmp_path)
    assert r.returncode == 1
    assert "URGENT: row 2 has an urgent safety flag" in r.stderr
    assert "Żaneta" not in r.stderr + r.stdout
    errors = read_csv(tmp_path / "out" / "errors.csv")
    assert errors and errors[0]["row"] == "2" and "cannot draw" in errors[0]["reason"]
    assert (tmp_path / "out" / "U-2-handout.pdf").is_file()
    assert not (tmp_path / "out" / "U-1-handout.pdf").exists()
    assert json.loads((tmp_path / "out" / "run.json").read_text())["urgent_rows_without_documents"] == [2]


def test_earlier_rows_of_a_client_are_history_for_one_report(tmp_path):
    src = write_csv(tmp_path / "day.csv", [
        client("H-1", URGENT, date="2026-11-20"),
        client("H-2", CALM),
        client("H-1", CALM, date="2026-09-01"),
        client("H-1", [1, 1, 1, 1, 1, 1, 1, 1, 0], date="2026-10-01"),
    ])
    res = run_batch(BatchOptions(src, tmp_path / "out"))
    assert not res.failed and res.counts["clients"] == 2 and res.counts["rows_ok"] == 4
    rows = {r["client_id"]: r for r in read_csv(tmp_path / "out" / "summary.csv")}
    assert rows["H-1"]["date"] == "2026-11-20" and rows["H-1"]["earlier_intakes"] == "2"
    assert rows["H-1"]["urgent"] == "yes"
    assert sorted(pdfs(tmp_path / "out")) == ["H-1-handout.pdf", "H-1-report.pdf", "H-2-handout.pdf", "H-2-report.pdf"]


def test_same_client_and_date_twice_is_an_error_row(tmp_path):
    src = write_csv(tmp_path / "day.csv", [client("D-1", CALM), client("D-1", URGENT)])
    res = run_batch(BatchOptions(src, tmp_path / "out"))
    assert res.failed and res.counts["rows_failed"] == 1
    errors = read_csv(tmp_path / "out" / "errors.csv")
    assert errors[0]["row"] == "3" and "same client id and date" in errors[0]["reason"]


def test_documents_can_be_switched_off(tmp_path, run_toolkit):
    src = write_csv(tmp_path / "day.csv", [client("S-1", CALM)])
    run_batch(BatchOptions(src, tmp_path / "a", reports=False))
    run_batch(BatchOptions(src, tmp_path / "b", handouts=False))
    assert list(pdfs(tmp_path / "a")) == ["S-1-handout.pdf"]
    assert list(pdfs(tmp_path / "b")) == ["S-1-report.pdf"]
    r = run_toolkit("batch", str(src), "--out", str(tmp_path / "c"), "--no-handouts", "--no-reports", cwd=tmp_path)
    assert r.returncode == 1 and "nothing to make" in r.stderr


def test_file_names_carry_no_client_names_unless_asked(tmp_path):
    src = write_csv(tmp_path / "day.csv", [client("../../etc/x", CALM, name="Ana")])
    run_batch(BatchOptions(src, tmp_path / "out", reports=False))
    assert list(pdfs(tmp_path / "out")) == ["etc_x-handout.pdf"]
    with pytest.raises(ProblemList, match="--allow-names"):
        parse_pattern("{preferred_name}-{kind}", allow_names=False)
    parse_pattern("{preferred_name}-{kind}", allow_names=True)
    with pytest.raises(ProblemList, match="unknown field"):
        parse_pattern("{client_id}-{kind}-{answers}", allow_names=True)
    with pytest.raises(ProblemList, match="must contain"):
        parse_pattern("{client_id}", allow_names=False)
    run_batch(BatchOptions(src, tmp_path / "named", reports=False, pattern="{preferred_name}-{date}-{kind}",
                           allow_names=True))
    assert list(pdfs(tmp_path / "named")) == ["Ana-2026-11-23-handout.pdf"]


def test_two_clients_one_file_name_keep_both(tmp_path):
    src = write_csv(tmp_path / "day.csv", [client("a/b", CALM), client("a b", CALM)])
    run_batch(BatchOptions(src, tmp_path / "out", reports=False))
    assert sorted(pdfs(tmp_path / "out")) == ["a_b-handout-row3.pdf", "a_b-handout.pdf"]


def test_csv_cells_that_look_like_formulas_are_neutralised_numbers_stay(tmp_path):
    f = CsvFile(tmp_path / "x.csv", ["a", "b", "c", "d"])
    f.write(["=HYPERLINK(\"http://x\")", "+1+1", -3, 2.5])
    f.write(["@SUM(A1)", "-cmd", 0, True])
    f.close()
    with open(tmp_path / "x.csv", encoding="utf-8") as fh:
        rows = list(csv.reader(fh))
    assert rows[1] == ["'=HYPERLINK(\"http://x\")", "'+1+1", "-3", "2.5"]
    assert rows[2] == ["'@SUM(A1)", "'-cmd", "0", "yes"]


def test_workers_make_the_same_files_as_one_process(tmp_path):
    src = write_csv(tmp_path / "day.csv", [client(f"W-{i}", URGENT if i % 3 == 0 else CALM) for i in range(8)])
    run_batch(BatchOptions(src, tmp_path / "one"))
    res = run_batch(BatchOptions(src, tmp_path / "two", workers=2))
    assert res.record["workers"] == 2 and len(pdfs(tmp_path / "two")) == 16
    assert pdfs(tmp_path / "one") == pdfs(tmp_path / "two")
    assert (tmp_path / "one" / "summary.csv").read_bytes() == (tmp_path / "two" / "summary.csv").read_bytes()


def test_resume_skips_current_clients_and_remakes_changed_ones(tmp_path):
    rows = [client(f"R-{i}", CALM) for i in range(4)]
    src = write_csv(tmp_path / "day.csv", rows)
    out = tmp_path / "out"
    run_batch(BatchOptions(src, out, resume=True))
    before = {p.name: p.stat().st_mtime_ns for p in out.glob("*.pdf")}
    again = run_batch(BatchOptions(src, out, resume=True))
    assert again.counts["clients_skipped_current"] == 4 and again.counts["handouts_written"] == 0
    assert {p.name: p.stat().st_mtime_ns for p in out.glob("*.pdf")} == before
    rows[2] = client("R-2", URGENT)  # a corrected answer: that client is no longer current
    write_csv(src, rows)
    (out / "R-0-report.pdf").unlink()  # a lost file: remade too
    third = run_batch(BatchOptions(src, out, resume=True))
    assert third.counts["clients_skipped_current"] == 2 and third.counts["handouts_written"] == 2


def _wait_for(predicate, timeout: float = 60.0) -> None:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if predicate():
            return
        time.sleep(0.02)
    raise AssertionError("timed out")


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT, signal.SIGKILL])
def test_killed_midway_leaves_only_complete_files_and_resume_finishes_identically(tmp_path, sig, run_toolkit,
                                                                                  with_default_sigint):
    src = write_csv(tmp_path / "day.csv", [client(f"K-{i:02d}", URGENT if i % 4 == 0 else CALM) for i in range(30)])
    clean = tmp_path / "clean"
    run_batch(BatchOptions(src, clean, workers=2))
    out = tmp_path / "out"
    # SIGINT at its default in the child even when this process ignores it (an xdist worker, a
    # background job): a child inherits an ignored SIGINT and would never see the Ctrl-C
    argv = with_default_sigint([sys.executable, "-m", "toolkit", "batch", src, "--out", out, "--workers", "2",
                                "--resume", "--quiet"])
    proc = subprocess.Popen(argv, cwd=tmp_path, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            start_new_session=True)
    _wait_for(lambda: out.is_dir() and len(list(out.glob("*.pdf"))) >= 6)
    os.killpg(proc.pid, sig)  # the whole process group, as a terminal's Ctrl-C or a kill would
    _, err = proc.communicate(timeout=60)
    assert proc.returncode != 0
    assert b"Traceback" not in err
    made = list(out.glob("*.pdf"))
    assert 6 <= len(made) < 60
    for f in made:  # every document there is whole
        assert f.read_bytes().rstrip().endswith(b"%%EOF") and f.read_bytes() == (clean / f.name).read_bytes()
    temps = [p for p in out.iterdir() if p.name.endswith(".tmp")]
    if sig != signal.SIGKILL:  # a graceful stop cleans up after itself
        assert temps == []
    assert not (out / "summary.csv").exists()  # never a half-written summary
    r = run_toolkit("batch", str(src), "--out", str(out), "--workers", "2", "--resume", cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    assert pdfs(out) == pdfs(clean)
    assert (out / "summary.csv").read_bytes() == (clean / "summary.csv").read_bytes()
    assert [p for p in out.iterdir() if p.name.endswith(".tmp")] == []
    both = {f.name.rsplit("-", 1)[0] for f in made if (out / f.name.replace("handout", "report")).exists()}
    # clients whose two files were in place were skipped, except those the workers had in
    # hand when the run stopped (files written, not yet recorded as done)
    assert json.loads((out / "run.json").read_text())["counts"]["clients_skipped_current"] >= len(both) - 2


def test_python_api_yields_one_client_at_a_time(tmp_path):
    from toolkit.batch.worker import ClientJob, Worker, WorkerSetup
    from toolkit.exports.rows import iter_export

    src = write_csv(tmp_path / "day.csv", [client("P-1", CALM), client("P-2", URGENT)])
    catalog = Catalog(None)
    worker = Worker(WorkerSetup(None, "numbness", str(src)))
    jobs = iter_client_jobs(lambda: iter_export(src, catalog),
                            lambda intake, row: (("handout", tmp_path / f"{row}.pdf"),))
    first = next(jobs)
    assert isinstance(first, ClientJob) and first.intakes[-1].client.id == "P-1"
    docs, seconds = worker.make_documents(first)
    assert docs["handout"].startswith(b"%PDF") and seconds["handout"] > 0
    assert [j.row for j in jobs] == [3]


def test_bad_out_and_input_are_clear_errors(tmp_path, run_toolkit):
    src = write_csv(tmp_path / "day.csv", [client("E-1", CALM)])
    (tmp_path / "file").write_text("x")
    for args, message in [
        (["--out", str(tmp_path / "file")], "is a file; --out must be a folder"),
        # a missing parent is made (issue 13: tests/batch/test_batch_outputs.py); one that is a file is an error
        (["--out", str(tmp_path / "file" / "such")], "cannot create the folder"),
        (["--out", str(tmp_path / "o"), "--names", "{client_id}"], "must contain {kind}"),
    ]:
        r = run_toolkit("batch", str(src), *args, cwd=tmp_path)
        assert r.returncode == 1 and message in r.stderr and "Traceback" not in r.stderr, r.stderr
    r = run_toolkit("batch", str(tmp_path / "missing.csv"), "--out", str(tmp_path / "o2"), cwd=tmp_path)
    assert r.returncode == 1 and "file not found" in r.stderr
    assert not list((tmp_path / "o2").glob("*.pdf")) if (tmp_path / "o2").exists() else True


def test_file_stem_reduces_every_value_to_safe_characters():
    import datetime as dt

    from toolkit.intake.model import Client, Intake

    intake = Intake(Client(id="x/../y z", name="Ana López"), dt.date(2026, 11, 23), {"phq9": {"q1": 0}})
    assert parse_pattern("{client_id}-{kind}", allow_names=False).stem(intake, 4, "report") == "x_.._y_z-report"
    assert parse_pattern("{name}-{row}-{kind}", allow_names=True).stem(intake, 4, "handout") == "Ana_L_pez-4-handout"


def test_iter_documents_api_makes_documents_without_writing(tmp_path):
    from toolkit.batch.jobs import iter_documents

    src = write_csv(tmp_path / "day.csv", [client("I-1", CALM), client("I-2", [0, 9, 0, 0, 0, 0, 0, 0, 0]),
                                           client("I-3", URGENT)])
    bad = []
    got = list(iter_documents(src, kinds=("report",), errors=bad.append))
    assert [(d.row, d.client_id, d.urgent, sorted(d.documents)) for d in got] == [
        (2, "I-1", False, ["report"]), (4, "I-3", True, ["report"])]
    assert got[1].documents["report"].startswith(b"%PDF")
    assert [e.row for e in bad] == [3]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["day.csv"]


@pytest.mark.parametrize("q, why", [
    ([2, 2, 2, 2, 9, 1, 1, 1, 2], "another answer cannot be read"),
    ([2, 2, 2, 2, 1, 1, 1, 1, "Nearly every day"], "the urgent answer is a label, another is bad"),
])
def test_an_unreadable_row_with_an_urgent_answer_is_named_loudly(tmp_path, q, why, run_toolkit):
    if why.startswith("the urgent answer"):
        q = [*q[:4], "often", *q[5:]]
    src = write_csv(tmp_path / "day.csv", [client("Z-1", CALM), client("Z-2", q)])
    r = run_toolkit("batch", str(src), "--out", str(tmp_path / "out"), cwd=tmp_path)
    assert r.returncode == 1
    assert "URGENT: row 3 has an urgent safety flag" in r.stderr, why
    errors = read_csv(tmp_path / "out" / "errors.csv")
    assert [e["row"] for e in errors] == ["3", "3"]  # the problem, then the row marked urgent
    assert errors[-1]["reason"].startswith("URGENT:")


def test_an_unreadable_row_without_an_urgent_answer_is_not_called_urgent(tmp_path, run_toolkit):
    src = write_csv(tmp_path / "day.csv", [client("Y-1", [0, 0, 0, 0, 9, 0, 0, 0, 0])])
    r = run_toolkit("batch", str(src), "--out", str(tmp_path / "out"), cwd=tmp_path)
    assert r.returncode == 1 and "URGENT" not in r.stderr


def test_a_duplicate_row_with_an_urgent_answer_is_named_loudly(tmp_path, run_toolkit):
    src = write_csv(tmp_path / "day.csv", [client("X-1", CALM), client("X-1", URGENT)])
    r = run_toolkit("batch", str(src), "--out", str(tmp_path / "out"), cwd=tmp_path)
    assert r.returncode == 1 and "URGENT: row 3" in r.stderr


@pytest.mark.parametrize("fmt", ["toolkit", "redcap", "google-forms", "qualtrics"])
def test_real_shaped_exports_of_every_format_end_to_end(fmt, tmp_path, real_exports, run_toolkit):
    """The real-shaped exports (tests/conftest.py, ``real_exports``: a BOM, quoted newlines,
    blank rows, a repeated client on another date, a duplicated client id on one date, a
    free-text answer that looks like a formula) through toolkit batch."""
    export, mapping = real_exports.make(fmt, tmp_path)
    out = tmp_path / "out"
    args = ["batch", str(export), "--out", str(out), "--workers", "2"]
    args += ["--mapping", str(mapping)] if mapping else []
    r = run_toolkit(*args, cwd=tmp_path)
    assert r.returncode == 1, r.stderr  # the duplicated row
    assert "Traceback" not in r.stderr and "URGENT" not in r.stderr  # the duplicate's answers are calm
    errors = read_csv(out / "errors.csv")
    assert len(errors) == 1 and "same client id and date" in errors[0]["reason"]
    summary = {row["client_id"]: row for row in read_csv(out / "summary.csv")}
    assert sorted(summary) == sorted({c[0] for c in real_exports.CLIENTS})
    assert summary["C-0001"]["date"] == "2026-11-27" and summary["C-0001"]["earlier_intakes"] == "1"
    assert summary["C-0002"]["urgent"] == "yes" and "phq9 self-harm" in summary["C-0002"]["flags"]
    assert summary["C-0003"]["urgent"] == "no" and summary["C-0003"]["phq9.total"] == "1"
    assert sorted(pdfs(out)) == sorted(f"{cid}-{kind}.pdf" for cid in summary for kind in ("handout", "report"))
    everything = b"".join(p.read_bytes() for p in out.iterdir() if p.suffix in (".csv", ".json"))
    assert real_exports.FORMULA.encode() not in everything and b"HYPERLINK" not in everything
    report = PdfReader(out / "C-0001-report.pdf")
    assert "2026-11-20" in "".join(page.extract_text() for page in report.pages)  # the earlier intake, as history


@pytest.mark.parametrize("quiet", [False, True])
def test_progress_bar_only_on_a_terminal_and_not_with_quiet(tmp_path, quiet):
    import pty

    src = write_csv(tmp_path / "day.csv", [client(f"T-{i}", CALM) for i in range(3)])
    master, slave = pty.openpty()
    env = {**os.environ, "COLUMNS": "100", "TERM": "xterm"}
    args = [sys.executable, "-m", "toolkit", "batch", str(src), "--out", str(tmp_path / "out"), "--no-reports"]
    proc = subprocess.Popen(args + (["--quiet"] if quiet else []), cwd=tmp_path, stdout=subprocess.PIPE,
                            stderr=slave, env=env)
    os.close(slave)
    seen = b""
    while True:
        try:
            chunk = os.read(master, 4096)
        except OSError:
            break
        if not chunk:
            break
        seen += chunk
    os.close(master)
    assert proc.wait(timeout=60) == 0
    assert (b"clients" in seen) != quiet, seen[-300:]


def test_a_practice_template_that_suggests_changing_a_medicine_stops_the_batch_before_any_document(
        tmp_path, run_toolkit):
    practice = tmp_path / "p"
    (practice / "handouts").mkdir(parents=True)
    (practice / "practice.yaml").write_text("name: Test Practice\ncountry: US\n", encoding="utf-8")
    overlay = practice / "handouts" / "numbness.yaml"
    overlay.write_text("id: numbness\nextends: numbness\nsections:\n  - id: local\n    heading: Groups\n"
                       "    after: coping\n    sources: Ours.\n    body: Pause your medicine for a week.\n",
                       encoding="utf-8")
    out = tmp_path / "out"
    r = run_toolkit("batch", str(DAY), "--out", str(out), "--practice", str(practice), cwd=tmp_path)
    assert r.returncode == 1 and "Traceback" not in r.stderr
    assert r.stderr.startswith(f"{overlay}:8:11  sections[0].body: \"Pause your medicine for a week.\" may "
                               "suggest stopping")
    assert not out.exists() or list(out.glob("*.pdf")) == []


def test_a_semicolon_separated_clinic_day_makes_the_same_documents(tmp_path, run_toolkit):
    """Excel set to a European language saves 'CSV' with semicolons: batch reads it
    like the comma file (no "unknown screener 'client_id;date;...'")."""
    rows = DAY.read_text(encoding="utf-8").splitlines()
    semicolons = tmp_path / "day-semicolons.csv"
    semicolons.write_bytes(("\ufeff" + "\r\n".join(row.replace(",", ";") for row in rows) + "\r\n").encode())
    assert "\"" not in DAY.read_text(encoding="utf-8")  # so replacing every comma is exact
    r1 = run_toolkit("batch", str(DAY), "--out", str(tmp_path / "comma"), cwd=tmp_path)
    r2 = run_toolkit("batch", str(semicolons), "--out", str(tmp_path / "semicolon"), cwd=tmp_path)
    assert r1.returncode == 0 and r2.returncode == 0, r2.stderr
    assert read_csv(tmp_path / "semicolon" / "summary.csv") == read_csv(tmp_path / "comma" / "summary.csv")
    assert read_csv(tmp_path / "semicolon" / "errors.csv") == []
    assert sorted(pdfs(tmp_path / "semicolon")) == sorted(pdfs(tmp_path / "comma"))
