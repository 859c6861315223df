"""Hostile or broken intakes: each gets the right problems and exit code 1, and a
correct intake next to it still scores.

Each ``tests/data/bad_intakes/<case>.(yaml|yml|json|csv|txt)`` is a small intake
broken on purpose (some in several ways, to prove every problem is reported
together).  ``<case>.errors`` holds the exact lines ``toolkit score <file>``
prints on stderr, run from that folder, without the final "N problems found."
line.  Each case runs the command line in-process (``run_cli``:
``toolkit.cli.app.main`` with the console script's argument parsing and exit-code
mapping, about 50 times faster than a new process); the intakes that must be
accepted are scored by a real ``python -m toolkit score`` process.

To regenerate the golden files after an intended change of wording, run

    UPDATE_GOLDENS=1 .venv/bin/pytest tests/intake/test_intake_errors.py

then read every changed ``.errors`` file (``git diff tests/data``) and check by
hand that each message is right, names the item and the value, and points at
the right line:column (CSV: spreadsheet row:column).

Files that would be awkward to commit (20 MB, 2 MB, not UTF-8, a NUL byte, a
folder, a missing file) are made at run time in ``tmp_path`` (``RUNTIME_INTAKES`` in tests/conftest.py).

``tests/data/good_intakes/`` holds intakes that must be accepted (leniency:
spaces and case in labels, numbers written as text, BOM, blank rows, empty
cells, unquoted yes/no, JSON); ``<case>.expected.json`` lists the scores,
outcomes and flags worked out by hand.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
BAD_DIR = Path(__file__).resolve().parents[1] / "data" / "bad_intakes"
GOOD_DIR = Path(__file__).resolve().parents[1] / "data" / "good_intakes"
GOOD_INTAKE = ROOT / "examples" / "intakes" / "ana.yaml"

GOOD_CASES = sorted(p.name for p in GOOD_DIR.iterdir() if p.suffix in (".yaml", ".json", ".csv")
                    and not p.name.endswith(".expected.json"))

PHQ2 = "0 = Not at all; 1 = Several days; 2 = More than half the days; 3 = Nearly every day"


@pytest.fixture
def score_cmd(run_cli):
    """``toolkit score ARGS`` run from ``cwd``, in-process."""
    return lambda *args, cwd: run_cli("score", *args, cwd=cwd)


@pytest.fixture
def refused(problem_lines):
    """``refused(result) -> lines``: exit 1, nothing on stdout, no traceback."""
    def check(result) -> list[str]:
        assert "Traceback" not in result.stderr
        assert "internal error" not in result.stderr, result.stderr
        assert result.returncode == 1, result.stderr
        assert result.stdout == ""
        return problem_lines(result)
    return check


@pytest.fixture
def good_intake_still_scores(score_cmd):
    def check(folder: Path) -> None:
        shutil.copy(GOOD_INTAKE, folder / "ana.yaml")
        result = score_cmd("ana.yaml", cwd=folder)
        assert result.returncode == 0, result.stderr
        assert result.stderr == ""
        assert "C-0001" in result.stdout
    return check


# --- the committed corpus --------------------------------------------------------------

def test_golden_names_are_unique(corpora):
    stems = [Path(name).stem for name in corpora["intake_file"]]
    assert len(stems) == len(set(stems))


def test_no_stray_goldens(corpora):
    stems = {Path(name).stem for name in corpora["intake_file"]}
    assert sorted(p.stem for p in BAD_DIR.glob("*.errors") if p.stem not in stems) == []


def test_corpus_is_large_enough(corpora):
    assert len(corpora["intake_file"]) + len(corpora["runtime_intake"]) >= 60


def test_bad_intake(intake_file: str, tmp_path: Path, score_cmd, refused, good_intake_still_scores, update_goldens):
    name = intake_file
    golden = BAD_DIR / f"{Path(name).stem}.errors"
    result = score_cmd(name, cwd=BAD_DIR)
    lines = refused(result)
    if update_goldens:
        golden.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert lines == golden.read_text(encoding="utf-8").splitlines()
    for line in lines:  # every problem names this file and a place in it
        assert line.startswith(name), line
    # the same file beside a correct intake: same problems, and the correct one scores
    shutil.copy(BAD_DIR / name, tmp_path / name)
    assert refused(score_cmd(name, cwd=tmp_path)) == lines
    good_intake_still_scores(tmp_path)


# --- cases made at run time (tests/conftest.py: RUNTIME_INTAKES) ----------------------------

def test_bad_intake_made_at_run_time(runtime_intake: str, runtime_intakes, tmp_path: Path, score_cmd, refused,
                                     good_intake_still_scores):
    make, expected = runtime_intakes[runtime_intake]
    make(tmp_path / runtime_intake)
    assert refused(score_cmd(runtime_intake, cwd=tmp_path)) == expected
    good_intake_still_scores(tmp_path)


def test_problems_do_not_poison_the_next_intake(tmp_path: Path):
    """In one Python process: a bad intake, then a correct one, then the bad one again."""
    from toolkit import read_intakes, score_intake
    from toolkit.content.catalog import Catalog
    from toolkit.core.errors import ProblemList

    catalog = Catalog()
    for name in ("several-problems.yaml", "csv-bad-value.csv", "hex-number.yaml"):
        with pytest.raises(ProblemList) as first:
            read_intakes(BAD_DIR / name, catalog=catalog)
        [intake] = read_intakes(GOOD_INTAKE, catalog=catalog)
        assert score_intake(intake, catalog=catalog).results
        with pytest.raises(ProblemList) as again:
            read_intakes(BAD_DIR / name, catalog=catalog)
        assert again.value.problems == first.value.problems


def test_several_problems_in_one_answer_message():
    """The message names the item, the kind of value written (never the value: it is
    client data) and what is allowed."""
    lines = (BAD_DIR / "several-problems.errors").read_text(encoding="utf-8").splitlines()
    assert ('several-problems.yaml:8:9  answers.phq9.q1: is not an answer to this item (a number not on its scale); '
            f"use one of: {PHQ2}") in lines
    assert len(lines) == 10


# --- intakes that must be accepted --------------------------------------------------------

@pytest.mark.parametrize("name", GOOD_CASES)
def test_good_intake_scores(name: str, run_toolkit):
    stem = name.rsplit(".", 1)[0]
    expected = json.loads((GOOD_DIR / f"{stem}.expected.json").read_text(encoding="utf-8"))
    result = run_toolkit("score", name, "--format", "json", cwd=GOOD_DIR)
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    data = json.loads(result.stdout)
    intakes = data if isinstance(data, list) else [data]
    scores = [{"client": i["client"]["id"], "date": i["date"], "screener": r["screener"],
               "score": s["id"], "value": s["value"], "band": s["band"]["id"] if s["band"] else None,
               "answered": s["answered"]}
              for i in intakes for r in i["results"] for s in r["scores"]
              if r["screener"] in {e["screener"] for e in expected["scores"]}]
    assert scores == expected["scores"]
    outcomes = {i["client"]["id"]: [o["id"] for r in i["results"] for o in r["outcomes"]] for i in intakes}
    flags = {i["client"]["id"]: [f["id"] for r in i["results"] for f in r["flags"]] for i in intakes}
    assert outcomes == expected["outcomes"]
    assert flags == expected["flags"]


def test_lenient_answers_are_normalised_to_option_values():
    from toolkit import read_intakes

    [intake] = read_intakes(GOOD_DIR / "labels-spaces-and-case.yaml")
    assert intake.client.id == "C-0301"
    assert intake.answers == {"phq2": {"q1": 1, "q2": 2}, "gad2": {"q1": 2, "q2": 0},
                              "numbness": {"duration": "up-to-6-months"}}
    [intake] = read_intakes(GOOD_DIR / "asq-yes-no-unquoted.yaml")
    assert intake.answers == {"asq": {"q1": "yes", "q2": "no", "q3": "no", "q4": "no", "q5": "no"}}
    first, second = read_intakes(GOOD_DIR / "bom-blank-rows.csv")
    assert (first.client.id, first.client.name, second.date.isoformat()) == ("C-0305", "Test Client",
                                                                             "2026-11-21")
    assert first.answers == {"phq2": {"q1": 3, "q2": 3}, "gad2": {}}
