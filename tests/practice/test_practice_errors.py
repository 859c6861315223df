"""The broken-practice corpus: every problem in a practice folder is reported, in
plain English, at the right place.

Each ``tests/data/broken_practices/<case>/`` is a practice folder broken in one way
(its ``practice.yaml`` starts with a "# Broken on purpose: " line saying how).
``expected.errors`` holds the exact problem lines that ``toolkit validate <case>``
prints on stderr, run from ``tests/data/broken_practices``, without the final
"N problems found." line.

Until ``toolkit validate`` routes practice folders to ``load_practice``, the
lines are produced by :func:`load_problems`, which formats exactly like the CLI
(``str(problem)`` per line, in ``ProblemList`` order).

Links that escape the folder are not committed: the cases in ``SYMLINKS`` are
copied into ``tmp_path`` and the link is made there, outside pointing outside
(``broken_practices`` in tests/conftest.py, shared with the hostile-input suite).

To regenerate after an intended change of wording:

    UPDATE_GOLDENS=1 .venv/bin/pytest tests/practice/test_practice_errors.py

then read every changed ``expected.errors`` (``git diff tests/data``) by hand.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from toolkit.core.errors import ProblemList
from toolkit.practice.loader import load_practice

CASES_DIR = Path(__file__).resolve().parents[1] / "data" / "broken_practices"


def load_problems(case: str) -> list[str]:
    """What ``toolkit validate <case>`` prints, one line per problem (cwd: the case's parent)."""
    with pytest.raises(ProblemList) as info:
        load_practice(Path(case))
    return [str(p) for p in info.value.problems]


def test_corpus_is_large_enough(corpora):
    assert len(corpora["practice_case"]) >= 32


def test_broken_practice(practice_case: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, broken_practices,
                         update_goldens):
    case = practice_case
    broken_practices.prepare(case, tmp_path, monkeypatch)
    lines = load_problems(case)
    assert lines, "no problems reported"
    for line in lines:
        assert line.startswith(f"{case}/") or line.startswith(f"{case} "), line
        assert "Traceback" not in line and "Input should" not in line, line
    golden = CASES_DIR / case / "expected.errors"
    if update_goldens:
        golden.write_text("".join(line + "\n" for line in lines), encoding="utf-8")
    assert golden.exists(), f"no golden file for {case}; run with UPDATE_GOLDENS=1"
    assert lines == golden.read_text(encoding="utf-8").splitlines()


def test_cli_prints_the_same_lines(corpora, broken_practices, run_toolkit):
    """``toolkit validate`` over the whole corpus in one run prints every golden line
    (the link cases need their link, and a folder without practice.yaml is not
    recognised as a practice folder by ``validate``, so those are left out)."""
    cases = [c for c in corpora["practice_case"] if c not in broken_practices.SYMLINKS and c != "no-practice-yaml"]
    result = run_toolkit("validate", *cases, cwd=CASES_DIR)
    assert result.returncode == 1 and result.stdout == "", result.stderr
    lines = result.stderr.splitlines()
    assert lines[-1] == f"{len(lines) - 1} problems found."
    expected = [line for c in cases
                for line in (CASES_DIR / c / "expected.errors").read_text(encoding="utf-8").splitlines()]
    assert sorted(lines[:-1]) == sorted(expected)


def test_every_case_says_how_it_is_broken(corpora):
    for case in corpora["practice_case"]:
        path = CASES_DIR / case / "practice.yaml"
        if case == "no-practice-yaml":
            assert not path.exists() and (CASES_DIR / case / "practice.yml").exists()
            continue
        assert path.read_bytes().startswith(b"# Broken on purpose: "), case


def test_no_escaping_links_are_committed():
    for path in CASES_DIR.rglob("*"):
        assert not path.is_symlink(), path


def test_missing_folder_and_file_instead_of_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "notes.txt").write_text("hello")
    (tmp_path / "empty").mkdir()
    for arg, expected in [
        ("nowhere", "nowhere  practice folder not found"),
        ("notes.txt", "notes.txt  is a file, not a practice folder (give the folder that holds "
                      "practice.yaml)"),
        ("empty", "empty/practice.yaml  not found: a practice folder needs a practice.yaml file "
                  "(create one with: toolkit practice init empty --country US)"),
    ]:
        with pytest.raises(ProblemList) as info:
            load_practice(Path(arg))
        assert [str(p) for p in info.value.problems] == [expected]


def test_logo_escaping_through_a_linked_folder(tmp_path: Path):
    """A link to a folder outside, then a file through it, is refused too."""
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "logo.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    practice = tmp_path / "p"
    practice.mkdir()
    (practice / "practice.yaml").write_text("name: P\nlogo: images/logo.png\n")
    (practice / "images").symlink_to(outside)
    with pytest.raises(ProblemList) as info:
        load_practice(practice)
    assert "points outside the practice folder" in str(info.value)


def test_oversized_practice_yaml(tmp_path: Path):
    (tmp_path / "practice.yaml").write_bytes(b"name: P\nfooter: " + b"x" * (1024 * 1024) + b"\n")
    with pytest.raises(ProblemList) as info:
        load_practice(tmp_path)
    assert "larger than the 1024 KiB limit" in str(info.value)


def test_invalid_utf8(tmp_path: Path):
    (tmp_path / "practice.yaml").write_bytes(b"name: Caf\xe9\n")
    with pytest.raises(ProblemList) as info:
        load_practice(tmp_path)
    assert str(info.value).endswith("practice.yaml:1:10  file is not valid UTF-8 text")
