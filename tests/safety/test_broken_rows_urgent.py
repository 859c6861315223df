"""A broken CSV row never hides an urgent answer, on it or after it (issue 14, item 2).

* a row with a cell too many or too few is never scored, but its answers are read at
  every shift its cells may have; when any reading raises an urgent flag the row is
  named ``URGENT:`` on the terminal, counted among the urgent clients in the run's
  summary line and marked ``URGENT`` in errors.csv;
* a quote never closed (or closed rows later by a stray quote) is reported where it
  starts (row, cell, file line and character), and the rows after it are still read,
  scored and flagged;
* the export read twice by ``toolkit batch`` must be the same bytes both times: a
  file changed between or during the passes is refused, never silently short.
"""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from toolkit.batch.run import BatchOptions, run_batch
from toolkit.core.errors import ProblemList

PHQ = [f"phq9.q{i}" for i in range(1, 10)]
HEADER = ",".join(["client_id", "client_preferred_name", "date", *PHQ])
CALM = "1,1,1,1,1,1,1,1,0"
URGENT = "1,1,1,1,1,1,1,1,3"
URGENT_LINE = "URGENT: row {} has an urgent safety flag"


def write(path: Path, rows: list[str]) -> Path:
    path.write_bytes(("\n".join([HEADER, *rows]) + "\n").encode("utf-8"))
    return path


def batch(run_cli, tmp_path: Path, rows: list[str], *more: str):
    src = write(tmp_path / "day.csv", rows)
    return run_cli("batch", str(src), "--out", str(tmp_path / "out"), "--no-handouts", "--quiet", *more,
                   cwd=tmp_path)


def errors_csv(tmp_path: Path) -> list[dict]:
    with open(tmp_path / "out" / "errors.csv", newline="", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def summary_csv(tmp_path: Path) -> dict[str, dict]:
    with open(tmp_path / "out" / "summary.csv", newline="", encoding="utf-8") as fh:
        return {r["client_id"]: r for r in csv.DictReader(fh)}


@pytest.mark.parametrize("bad, why", [
    (f"U-1,Sam,2026-11-23,{URGENT},extra", "one cell too many after the answers"),
    ("U-1,Sam, Jr,2026-11-23,0,0,0,0,0,0,0,0,3", "an unquoted comma in the name moves every answer right"),
    (f"U-1,2026-11-23,{URGENT}", "the name cell missing moves every answer left"),
    ("U-1,Sam,2026-11-23,1,1,1,1,1,1,1,3", "an answer missing before item 9"),
    (f"U-1,Sam,2026-11-23,{URGENT},x,y,z,w", "four cells too many"),
])
def test_an_urgent_answer_on_a_misaligned_row_is_named(tmp_path, run_cli, bad, why):
    r = batch(run_cli, tmp_path, [f"C-1,Ann,2026-11-23,{CALM}", bad, f"C-3,Bo,2026-11-23,{CALM}"])
    assert r.returncode == 1, why
    assert URGENT_LINE.format(3) in r.stderr, (why, r.stderr)
    assert "2 clients from 2 rows" in r.stdout and "1 with urgent flags" in r.stdout, (why, r.stdout)
    rows = errors_csv(tmp_path)
    assert [e["row"] for e in rows] == ["3", "3"], rows
    assert "cells but the header has 12 columns" in rows[0]["reason"]
    assert rows[1]["reason"].startswith("URGENT:"), rows
    assert "Traceback" not in r.stderr
    assert set(summary_csv(tmp_path)) == {"C-1", "C-3"}  # never scored as if fine


def test_a_misaligned_row_without_an_urgent_answer_is_not_called_urgent(tmp_path, run_cli):
    r = batch(run_cli, tmp_path, [f"C-1,Ann,2026-11-23,{CALM}", f"C-2,Bo,2026-11-23,{CALM},extra"])
    assert r.returncode == 1
    assert "URGENT" not in r.stderr and "0 with urgent flags" in r.stdout
    assert [e["row"] for e in errors_csv(tmp_path)] == ["3"]


def test_an_unclosed_quote_says_where_it_starts_and_the_rows_after_it_are_flagged(tmp_path, run_cli):
    """The attack of issue 14: an unclosed quote in row 2 swallowed every later row and the
    run said "0 clients ... 0 with urgent flags"."""
    r = batch(run_cli, tmp_path, [f'Q-1,"Sam,2026-11-23,{CALM}', f"Q-2,Ann,2026-11-23,{URGENT}",
                                  f"Q-3,Bo,2026-11-23,{CALM}", f"Q-4,Cy,2026-11-23,{URGENT}"])
    assert r.returncode == 1
    assert "3 clients from 3 rows" in r.stdout and "2 with urgent flags" in r.stdout, r.stdout
    rows = summary_csv(tmp_path)
    assert (rows["Q-2"]["urgent"], rows["Q-3"]["urgent"], rows["Q-4"]["urgent"]) == ("yes", "no", "yes")
    (err,) = errors_csv(tmp_path)
    assert (err["row"], err["column"]) == ("2", "2")
    assert 'the quote (") that opens cell 2 (line 2, character 5) is never closed' in err["reason"]
    assert "Sam" not in r.stderr + err["reason"]


def test_an_urgent_answer_on_the_row_with_the_unclosed_quote_is_named(tmp_path, run_cli):
    r = batch(run_cli, tmp_path, [f"Q-1,Ann,2026-11-23,{CALM}", f'Q-2,"Sam,2026-11-23,{URGENT}',
                                  f"Q-3,Bo,2026-11-23,{CALM}"])
    assert r.returncode == 1
    assert URGENT_LINE.format(3) in r.stderr, r.stderr
    assert "1 with urgent flags" in r.stdout


def test_a_quote_closed_rows_later_does_not_swallow_the_rows_between(tmp_path, run_cli):
    """A stray quote further down closes the unclosed one: the record has the right
    number of cells, but the lines it swallowed are rows (one with item 9 at 3)."""
    r = batch(run_cli, tmp_path, [f'S-1,"Sam,2026-11-23,{CALM}', f"S-2,Ann,2026-11-23,{URGENT}",
                                  f'S-3,Bo",2026-11-23,{CALM}', f"S-4,Cy,2026-11-23,{CALM}"])
    assert r.returncode == 1
    assert "is closed only on line 4" in errors_csv(tmp_path)[0]["reason"]
    rows = summary_csv(tmp_path)
    assert rows["S-2"]["urgent"] == "yes" and "S-4" in rows
    assert "1 with urgent flags" in r.stdout


def test_text_after_a_closing_quote_does_not_end_the_file(tmp_path, run_cli):
    r = batch(run_cli, tmp_path, [f'T-1,"Sam"my,2026-11-23,{CALM}', f"T-2,Ann,2026-11-23,{URGENT}"])
    assert r.returncode == 1
    assert summary_csv(tmp_path)["T-2"]["urgent"] == "yes"
    assert ("that opens cell 2 (line 2, character 5) is followed by text after its closing quote "
            "(line 2, character 10)") in errors_csv(tmp_path)[0]["reason"]


def test_mapping_check_lists_every_broken_row_and_reads_on(tmp_path, run_cli):
    src = write(tmp_path / "day.csv", [f'Q-1,"Sam,2026-11-23,{CALM}', f"Q-2,Ann,2026-11-23,{URGENT},x"])
    r = run_cli("mapping", "check", str(src), cwd=tmp_path)
    assert r.returncode == 1
    assert r.stderr.splitlines()[:2] == [
        f"{src}:2:2  CSV format error: the quote (\") that opens cell 2 (line 2, character 5) is never "
        "closed; the rows after it are read from the next line",
        f"{src}:3:1  row has 13 cells but the header has 12 columns"]


# --- both passes read the same bytes ---------------------------------------------------------

def _changing_run(tmp_path: Path, when: str):
    """A batch whose export is rewritten (one client's item 9 answer raised to 3, a row
    added) when the first pass has indexed it (``total``) or while the second pass
    makes documents (the first ``advance``)."""
    src = write(tmp_path / "day.csv", [f"F-1,Ann,2026-11-23,{CALM}", f"F-2,Bo,2026-11-23,{CALM}"])
    changed = []

    def progress(what: str, n: int) -> None:
        if what == when and not changed:
            write(src, [f"F-1,Ann,2026-11-23,{CALM}", f"F-2,Bo,2026-11-23,{URGENT}",
                        f"F-3,Cy,2026-11-23,{URGENT}"])
            changed.append(True)

    opts = BatchOptions(input=src, out=tmp_path / "out", handouts=False)
    with pytest.raises(ProblemList) as caught:
        run_batch(opts, progress=progress)
    assert changed
    return caught.value


@pytest.mark.parametrize("when", ["total", "advance"])
def test_an_export_changed_between_or_during_the_passes_is_refused(tmp_path, when):
    exc = _changing_run(tmp_path, when)
    (message,) = exc.report()
    assert "day.csv:1:1" in message and "changed while the batch was reading it" in message
    assert not (tmp_path / "out" / "summary.csv").exists()  # no summary that leaves a client out


# --- the export corpus (tests/conftest.py, EXPORT_CASES): the urgent answers it hides ----------

@pytest.mark.parametrize("case, urgent_rows, summary", [
    ("row-redcap-cell-too-many-asq-yes", [2], "1 with urgent flags (1 on rows that could not be read)"),
    ("row-redcap-cell-too-few-asq-yes", [2], "1 with urgent flags (1 on rows that could not be read)"),
    ("row-redcap-unclosed-quote", [], "4 clients from 4 rows: 4 reports; 2 with urgent flags."),
    ("row-redcap-quote-closed-rows-later", [], "2 with urgent flags."),
])
def test_the_corpus_rows_that_hide_an_urgent_answer_name_it(case, urgent_rows, summary, tmp_path, bad_exports,
                                                            run_cli):
    args = bad_exports.write(case, tmp_path)
    r = run_cli("batch", "export.csv", *args, "--out", "out", "--quiet", "--no-handouts", cwd=tmp_path)
    assert r.returncode == 1, r.stderr
    assert summary in r.stdout, r.stdout
    assert [line.split()[2] for line in r.stderr.splitlines() if line.startswith("URGENT:")] == \
        [str(n) for n in urgent_rows], r.stderr
