"""Regressions found by the fuzzing harness (benchmarks/fuzz_intake.py)."""

from __future__ import annotations

import pytest

from toolkit.core.errors import ProblemList
from toolkit.intake.read import read_intakes


@pytest.mark.parametrize("sid", ["p" * 300, "reference/phq9", "PHQ9"])
def test_csv_column_screener_that_is_not_an_id_is_unknown(tmp_path, sid):
    # a 300-character screener name used to reach the file system (OSError: file
    # name too long: an internal error); a path used to look for files outside screeners/
    path = tmp_path / "day.csv"
    path.write_text(f"client_id,date,{sid}.q1\nC-1,2026-11-20,1\n", encoding="utf-8")
    with pytest.raises(ProblemList) as exc:
        read_intakes(path)
    [problem] = exc.value.problems
    assert (problem.line, problem.col) == (1, 3)
    assert "unknown screener" in problem.message


@pytest.mark.parametrize("sid", ["p" * 300, "reference/phq9", "../screeners/phq9"])
def test_yaml_answers_screener_that_is_not_an_id_is_unknown(tmp_path, sid):
    path = tmp_path / "intake.yaml"
    path.write_text(f'client: {{id: C-1}}\ndate: 2026-11-20\nanswers:\n  "{sid}": {{q1: 1}}\n',
                    encoding="utf-8")
    with pytest.raises(ProblemList) as exc:
        read_intakes(path)
    [problem] = exc.value.problems
    assert (problem.line, problem.col) == (4, 3)
    assert "unknown screener" in problem.message
