"""The broken-screener corpus: every problem is reported, in plain English, at the right place.

Each ``tests/data/broken_screeners/<case>.yaml`` is a small screener broken on
purpose (its first line says how).  ``<case>.errors`` holds the exact lines
``toolkit validate <case>.yaml`` prints on stderr, run from that folder, without
the final "N problems found." line.  Each case runs the command line in-process
(``run_cli``: ``toolkit.cli.app.main`` with the console script's argument parsing and
exit-code mapping, about 50 times faster than a new process);
test_all_cases_together_report_every_problem runs the whole corpus through a real
``python -m toolkit validate`` process.

To regenerate the golden files after an intended change of wording, run

    UPDATE_GOLDENS=1 .venv/bin/pytest tests/content/test_screener_errors.py

then read every changed ``.errors`` file (``git diff tests/data``) and check by
hand that each message is right and points at the right line:column.

Cases that would mean committing awkward files (over 1 MiB, invalid UTF-8, a NUL
byte) are written at run time into ``tmp_path`` and checked below.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from toolkit.core.errors import MAX_SHOWN

ROOT = Path(__file__).resolve().parents[2]
CASES_DIR = Path(__file__).resolve().parents[1] / "data" / "broken_screeners"
SCREENERS_DIR = ROOT / "screeners"


@pytest.fixture
def validate(run_cli):
    """``toolkit validate ARGS`` run from ``cwd``, in-process."""
    return lambda *args, cwd: run_cli("validate", *args, cwd=cwd)


def test_corpus_is_large_enough(corpora):
    assert len(corpora["screener_case"]) >= 40


def test_broken_screener(screener_case: str, validate, problem_lines, update_goldens):
    case = screener_case
    result = validate(f"{case}.yaml", cwd=CASES_DIR)
    assert "Traceback" not in result.stderr
    assert result.returncode == 1, result.stderr
    assert result.stdout == ""
    lines = problem_lines(result)
    golden = CASES_DIR / f"{case}.errors"
    if update_goldens:
        golden.write_text("".join(line + "\n" for line in lines), encoding="utf-8")
    assert golden.exists(), f"no golden file {golden.name}; run with UPDATE_GOLDENS=1"
    assert lines == golden.read_text(encoding="utf-8").splitlines()


def test_every_case_has_a_golden_and_a_description(corpora):
    goldens = sorted(p.stem for p in CASES_DIR.glob("*.errors"))
    assert goldens == corpora["screener_case"]
    for case in corpora["screener_case"]:
        text = (CASES_DIR / f"{case}.yaml").read_bytes()
        assert text == b"" or text.startswith(b"# Broken on purpose: "), case


def test_all_cases_together_report_every_problem(corpora, run_toolkit, problem_lines):
    """Validating the whole folder lists every case's problems, in one run of a real process."""
    result = run_toolkit("validate", ".", cwd=CASES_DIR)
    assert "Traceback" not in result.stderr
    assert result.returncode == 1
    expected = []
    for case in corpora["screener_case"]:
        expected += (CASES_DIR / f"{case}.errors").read_text(encoding="utf-8").splitlines()
    # the folder's problems come sorted by file name; past the first 100 (MAX_SHOWN) a
    # command prints only how many more, and counts them all
    lines = problem_lines(result)
    shown = [line for line in lines if not line.startswith("... and ")]
    assert len(shown) == min(len(expected), MAX_SHOWN) and set(shown) <= set(expected)
    assert result.stderr.splitlines()[-1] == f"{len(expected)} problems found."


@pytest.mark.parametrize("name", sorted(p.name for p in SCREENERS_DIR.glob("*.yaml")))
def test_built_in_screener_is_valid(name: str, validate):
    result = validate(name, cwd=SCREENERS_DIR)
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    assert result.stdout.strip() == "ok: 1 file checked, no problems"


@pytest.fixture
def runtime_case(tmp_path: Path, validate, problem_lines):
    """``runtime_case(name, content) -> lines``: a screener written at run time, validated."""
    def check(name: str, content: bytes) -> list[str]:
        (tmp_path / name).write_bytes(content)
        result = validate(name, cwd=tmp_path)
        assert "Traceback" not in result.stderr
        assert result.returncode == 1, result.stderr
        return problem_lines(result)
    return check


def _valid_text(screener_id: str) -> str:
    return (CASES_DIR / "band-gap.yaml").read_text(encoding="utf-8").replace(
        "id: band-gap", f"id: {screener_id}").replace("min: 4, max: 6", "min: 3, max: 6")


def test_template_for_runtime_cases_is_valid(tmp_path: Path, validate):
    (tmp_path / "fine.yaml").write_text(_valid_text("fine"), encoding="utf-8")
    assert validate("fine.yaml", cwd=tmp_path).returncode == 0


def test_oversized_file(runtime_case):
    # a valid screener padded with a long comment to just over 1 MiB
    text = _valid_text("oversized") + "# " + "x" * (1024 * 1024 + 100 * 1024) + "\n"
    lines = runtime_case("oversized.yaml", text.encode())
    assert lines == ["oversized.yaml:1:1  file is larger than the 1024 KiB limit"]


def test_invalid_utf8(runtime_case):
    text = _valid_text("latin1").replace("title: Broken screener test case",
                                         "title: Caf\N{LATIN SMALL LETTER E WITH ACUTE} screener")
    lines = runtime_case("latin1.yaml", text.encode("latin-1"))
    assert lines == ["latin1.yaml:4:11  file is not valid UTF-8 text"]


def test_nul_byte(runtime_case):
    text = _valid_text("nul").replace("timeframe: Over", "timeframe: \x00Over")
    lines = runtime_case("nul.yaml", text.encode())
    assert lines == ["nul.yaml:10:12  file contains a NUL character; is it really text?"]
