"""The broken-handout corpus: every problem in a handout template is reported, in
plain English, at the right place.

Most cases are one file, ``tests/data/broken_handouts/<case>.yaml``: a small handout
broken on purpose (its first line says how), checked with ``toolkit validate
<case>.yaml``.  Cases about ``extends:`` overlays are practice folders,
``tests/data/broken_handouts/<case>/`` (a minimal ``practice.yaml`` whose first line
says how, and ``handouts/<id>.yaml``), checked with ``toolkit validate <case>``.
``<case>.errors`` (for a folder: ``<case>/expected.errors``) holds the exact lines
the command prints on stderr, run from ``tests/data/broken_handouts``, without the
final "N problems found." line.  Each case runs the command line in-process
(``run_cli``: ``toolkit.cli.app.main`` with the console script's argument parsing and
exit-code mapping, about 50 times faster than a new process);
test_built_in_handouts_are_valid runs a real ``python -m toolkit validate`` process.

To regenerate the golden files after an intended change of wording, run

    UPDATE_GOLDENS=1 .venv/bin/pytest tests/content/test_handout_errors.py

then read every changed golden file (``git diff tests/data``) and check by hand
that each message is right and points at the right line:column (for a problem in
a body, the line inside the ``|`` block).
"""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CASES_DIR = Path(__file__).resolve().parents[1] / "data" / "broken_handouts"


@pytest.fixture
def validate(run_cli):
    """``toolkit validate ARGS`` run from ``cwd``, in-process."""
    return lambda *args, cwd: run_cli("validate", *args, cwd=cwd)


def is_folder(case: str) -> bool:
    return (CASES_DIR / case).is_dir()


def golden_path(case: str) -> Path:
    return CASES_DIR / case / "expected.errors" if is_folder(case) else CASES_DIR / f"{case}.errors"


def test_corpus_is_large_enough(corpora):
    assert len(corpora["handout_case"]) >= 25


def test_broken_handout(handout_case: str, validate, problem_lines, update_goldens):
    case = handout_case
    name = case if is_folder(case) else f"{case}.yaml"
    result = validate(name, cwd=CASES_DIR)
    assert "Traceback" not in result.stderr
    assert result.returncode == 1, result.stderr
    assert result.stdout == ""
    lines = problem_lines(result)
    golden = golden_path(case)
    if update_goldens:
        golden.write_text("".join(line + "\n" for line in lines), encoding="utf-8")
    assert golden.exists(), f"no golden file {golden.name}; run with UPDATE_GOLDENS=1"
    assert lines == golden.read_text(encoding="utf-8").splitlines()


def test_every_case_has_a_golden_and_a_description(corpora):
    files, folders = corpora["handout_file_case"], corpora["handout_folder_case"]
    assert sorted(p.stem for p in CASES_DIR.glob("*.errors")) == files
    assert not set(files) & set(folders)
    assert corpora["handout_case"] == sorted(files + folders)
    for case in corpora["handout_case"]:
        first = CASES_DIR / case / "practice.yaml" if case in folders else CASES_DIR / f"{case}.yaml"
        assert first.read_text(encoding="utf-8").startswith("# Broken on purpose: "), case
        assert golden_path(case).exists(), case


def test_built_in_handouts_are_valid(run_toolkit):
    result = run_toolkit("validate", "handouts/", cwd=ROOT)
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    assert result.stdout.startswith("ok: ")
