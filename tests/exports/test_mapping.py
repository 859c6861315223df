"""Broken mapping files and broken exports: the exact problem lines of
``toolkit mapping check EXPORT --mapping MAPPING``, run in-process (``run_cli``: the
console script's ``main``, its parsing and exit codes); the good pair is checked by a
real ``python -m toolkit`` process.

Each case (``BadExports`` in tests/conftest.py, shared with the hostile-input suite)
writes a small real-shaped export (``export.csv``) and mapping (``mapping.yaml``) into
a fresh folder, each a variant of one good pair, and compares stderr with
``tests/data/exports/bad/<case>.errors`` (without the final "N problems found." line).
To regenerate after an intended change of wording:

    UPDATE_GOLDENS=1 .venv/bin/pytest tests/exports/test_mapping.py

then read every changed file (``git diff tests/data/exports``): each message
must point at the right file:line:col (the mapping's line, or the export's
spreadsheet row and column) and never show a client id, name, birth date or
free text.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from toolkit.content.catalog import Catalog
from toolkit.core.errors import ProblemList
from toolkit.exports.mapping import DATE_FORMATS, load_mapping, parse_date


@pytest.fixture
def mapping_check(bad_exports, run_cli):
    """``mapping_check(case, folder)``: the case's files written, then ``toolkit mapping check``."""
    def run(case: str, folder: Path):
        args = bad_exports.write(case, folder)
        return run_cli("mapping", "check", "export.csv", *args, cwd=folder)
    return run


def test_enough_cases(corpora):
    assert len(corpora["export_case"]) >= 30


def test_no_stray_goldens(bad_exports, corpora):
    assert sorted(p.stem for p in bad_exports.DIR.glob("*.errors") if p.stem not in corpora["export_case"]) == []


def test_broken_mapping_or_export(export_case: str, tmp_path: Path, mapping_check, bad_exports, problem_lines,
                                  update_goldens):
    case = export_case
    result = mapping_check(case, tmp_path)
    assert "Traceback" not in result.stderr
    assert "internal error" not in result.stderr, result.stderr
    assert result.returncode == 1, result.stderr + result.stdout
    assert result.stdout == ""
    lines = problem_lines(result)
    golden = bad_exports.DIR / f"{case}.errors"
    if update_goldens:
        golden.parent.mkdir(parents=True, exist_ok=True)
        golden.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert lines == golden.read_text(encoding="utf-8").splitlines()
    for line in lines:
        assert line.startswith(("export.csv", "mapping.yaml", "nowhere.yaml", "... and ")), line
        for secret in bad_exports.PRIVATE:
            assert secret not in line, (secret, line)


def test_a_row_without_answers_is_said_not_a_problem(tmp_path: Path, bad_exports, run_toolkit, run_cli):
    """A row with a client id and no answer at all (NHANES writes one per participant not
    asked) is not a problem: `mapping check` says how many, `batch` skips and counts them."""
    (tmp_path / "export.csv").write_text(bad_exports.EXPORT_ROW_WITHOUT_ANSWERS, encoding="utf-8")
    (tmp_path / "mapping.yaml").write_text(bad_exports.MAPPING, encoding="utf-8")
    result = run_toolkit("mapping", "check", "export.csv", "--mapping", "mapping.yaml", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout == "ok: 2 rows read, no problems; 1 row had no answers (batch skips it)\n"
    batch = run_cli("batch", "export.csv", "--mapping", "mapping.yaml", "--out", "out", "--no-reports",
                    cwd=tmp_path)
    assert batch.returncode == 0, batch.stderr
    assert "1 row had no answers and was skipped" in batch.stdout
    assert json.loads((tmp_path / "out" / "run.json").read_text())["rows_skipped_no_answers"] == [4]
    assert (tmp_path / "out" / "errors.csv").read_text(encoding="utf-8").count("\n") == 1  # the header only


def test_the_good_pair_reads(tmp_path: Path, bad_exports, run_toolkit):
    (tmp_path / "export.csv").write_text(bad_exports.EXPORT, encoding="utf-8")
    (tmp_path / "mapping.yaml").write_text(bad_exports.MAPPING, encoding="utf-8")
    result = run_toolkit("mapping", "check", "export.csv", "--mapping", "mapping.yaml", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout == "ok: 3 rows read, no problems\n"


# --- the library ----------------------------------------------------------------------------

def test_load_mapping_resolves_recodes(tmp_path: Path, bad_exports):
    path = tmp_path / "m.yaml"
    path.write_text(bad_exports.QUALTRICS_MAPPING + "  columns: {QID2_2: {1: 3, 2: 2, 3: 1, 4: 0, -99: null}}\n",
                    encoding="utf-8")
    mapping = load_mapping(path, Catalog())
    assert mapping.format == "qualtrics"
    assert mapping.recode_for("QID2_1") == {"1": 0, "2": 1, "3": 2, "4": 3}
    assert mapping.recode_for("QID2_2") == {"1": 3, "2": 2, "3": 1, "4": 0, "-99": None}  # per column wins
    assert mapping.client_columns() == {"id": "Q1"}


def test_a_recode_to_null_means_unanswered(tmp_path: Path, bad_exports):
    from toolkit.exports.rows import RowOk, iter_export

    sub = bad_exports.sub
    (tmp_path / "e.csv").write_text(sub(bad_exports.QUALTRICS_EXPORT, "C-0002,5,2", "C-0002,-99,2"), encoding="utf-8")
    (tmp_path / "m.yaml").write_text(sub(bad_exports.QUALTRICS_MAPPING, "4: 3}", "4: 3, -99: null}"),
                                     encoding="utf-8")
    rows = list(iter_export(tmp_path / "e.csv", Catalog(), mapping=tmp_path / "m.yaml"))
    assert all(isinstance(r, RowOk) for r in rows)
    assert rows[1].intake.answers == {"phq2": {"q2": 1}}


@pytest.mark.parametrize("text,fmt,expected", [
    ("2026-11-20", "YYYY-MM-DD", dt.date(2026, 11, 20)),
    ("2026-11-20 09:14:03", "YYYY-MM-DD", dt.date(2026, 11, 20)),
    ("2026-11-20T09:14:03Z", "YYYY-MM-DD", dt.date(2026, 11, 20)),
    ("2026/11/20 9:14:03 AM GMT", "YYYY/MM/DD", dt.date(2026, 11, 20)),
    ("2026/11/20 9:14:03 pm GMT+1", "YYYY/MM/DD", dt.date(2026, 11, 20)),
    ("11/20/2026 9:14:03", "MM/DD/YYYY", dt.date(2026, 11, 20)),
    ("20/11/2026 21:14", "DD/MM/YYYY", dt.date(2026, 11, 20)),
    ("20.11.2026", "DD.MM.YYYY", dt.date(2026, 11, 20)),
    ("20/11/2026", "MM/DD/YYYY", None),
    ("2026-02-30", "YYYY-MM-DD", None),
    ("2026-11-20 and then some", "YYYY-MM-DD", None),
    ("11/20/26", "MM/DD/YYYY", None),
])
def test_parse_date(text: str, fmt: str, expected):
    assert fmt in DATE_FORMATS
    assert parse_date(text, fmt) == expected


def test_mapping_problems_do_not_leak_between_loads(tmp_path: Path, bad_exports):
    catalog = Catalog()
    bad, good = tmp_path / "bad.yaml", tmp_path / "good.yaml"
    bad.write_text(bad_exports.sub(bad_exports.MAPPING, ": phq2.q2", ": phq2.q12"), encoding="utf-8")
    good.write_text(bad_exports.MAPPING, encoding="utf-8")
    with pytest.raises(ProblemList) as first:
        load_mapping(bad, catalog)
    load_mapping(good, catalog)
    with pytest.raises(ProblemList) as again:
        load_mapping(bad, catalog)
    assert first.value.problems == again.value.problems

