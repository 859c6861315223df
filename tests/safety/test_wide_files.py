"""Very wide files and very many problems (issue 14, item 13): a 1M-column header once
made 2M problems (183 MB of stderr, 874 MB of memory).  A row has at most as many
cells as a spreadsheet has columns (16,384), refused in one problem that names the
limit, and a command prints at most 100 problems, then how many more."""

from __future__ import annotations

from pathlib import Path

import pytest

from toolkit.core.csv_stream import MAX_COLUMNS
from toolkit.core.errors import MAX_SHOWN

WIDE = f"row has more than {MAX_COLUMNS:,} cells (the limit for one row)"


@pytest.mark.parametrize("columns", [MAX_COLUMNS + 1, 100_000])
@pytest.mark.parametrize("command", [("score",), ("mapping", "check"), ("batch", "--out", "out", "--quiet")])
def test_a_header_wider_than_a_spreadsheet_is_one_problem(tmp_path: Path, run_cli, command, columns):
    src = tmp_path / "wide.csv"
    titles = ["client_id", "date", *(f"phq9.x{i}" for i in range(columns - 2))]
    src.write_text(",".join(titles) + "\nC-1,2026-11-20" + ",1" * (columns - 2) + "\n", encoding="utf-8")
    r = run_cli(*command[:2 if command[0] == "mapping" else 1], str(src),
                *command[2 if command[0] == "mapping" else 1:], cwd=tmp_path)
    assert r.returncode == 1
    assert r.stderr.splitlines() == [f"{src}:1:1  {WIDE}", "1 problem found."]
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").iterdir())


def test_a_command_prints_at_most_100_problems_then_how_many_more(tmp_path: Path, run_cli):
    src = tmp_path / "day.csv"
    src.write_text("client_id,date," + ",".join(f"phq9.x{i}" for i in range(1000))
                   + "\nC-1,2026-11-20" + ",1" * 1000 + "\n", encoding="utf-8")
    r = run_cli("score", str(src), cwd=tmp_path)
    lines = r.stderr.splitlines()
    assert r.returncode == 1
    assert len(lines) == MAX_SHOWN + 2
    assert lines[-2:] == [f"... and {1000 - MAX_SHOWN} more problems", "1000 problems found."]


def test_mapping_check_counts_problems_past_those_it_keeps(tmp_path: Path, run_cli, monkeypatch):
    """Every bad row of a long export is counted, but only the first MAX_KEPT are held."""
    from toolkit.core import errors

    monkeypatch.setattr(errors, "MAX_KEPT", 50)
    src = tmp_path / "day.csv"
    src.write_text("client_id,date,phq9.q1\n" + "".join(f"C-{i},2026-11-20,7\n" for i in range(300)),
                   encoding="utf-8")
    r = run_cli("mapping", "check", str(src), cwd=tmp_path)
    lines = r.stderr.splitlines()
    assert r.returncode == 1
    assert lines[-2:] == ["... and 250 more problems", "300 problems found."]
    assert len(lines) == 52
