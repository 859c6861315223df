"""Hostile or broken intakes: each gets the right problems and exit code 1, and a
correct intake next to it still scores.

Each ``tests/data/bad_intakes/<case>.(yaml|yml|json|csv|txt)`` is a small intake
broken on purpose (some in several ways, to prove every problem is reported
together).  ``<case>.errors`` holds the exact lines ``toolkit score <file>``
prints on stderr, run from that folder, without the final "N problems found."
line.  The tests run the real command line (a subprocess, so the exit-code
mapping in ``toolkit.cli.app.main`` is covered too).

To regenerate the golden files after an intended change of wording, run

    UPDATE_GOLDENS=1 .venv/bin/pytest tests/test_intake_errors.py

then read every changed ``.errors`` file (``git diff tests/data``) and check by
hand that each message is right, names the item and the value, and points at
the right line:column (CSV: spreadsheet row:column).

Files that would be awkward to commit (20 MB, 2 MB, not UTF-8, a NUL byte, a
folder, a missing file) are made at run time in ``tmp_path`` (RUNTIME_CASES).

``tests/data/good_intakes/`` holds intakes that must be accepted (leniency:
spaces and case in labels, numbers written as text, BOM, blank rows, empty
cells, unquoted yes/no, JSON); ``<case>.expected.json`` lists the scores,
outcomes and flags worked out by hand.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path
from typing import Callable

import pytest
from golden import UPDATE, problem_lines, run_toolkit


def run_score(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return run_toolkit("score", *args, cwd=cwd)


ROOT = Path(__file__).resolve().parent.parent
BAD_DIR = Path(__file__).resolve().parent / "data" / "bad_intakes"
GOOD_DIR = Path(__file__).resolve().parent / "data" / "good_intakes"
GOOD_INTAKE = ROOT / "examples" / "intakes" / "ana.yaml"

CASE_FILES = sorted(p.name for p in BAD_DIR.iterdir() if p.is_file() and p.suffix != ".errors")
GOOD_CASES = sorted(p.name for p in GOOD_DIR.iterdir() if p.suffix in (".yaml", ".json", ".csv")
                    and not p.name.endswith(".expected.json"))

PHQ2 = "0 = Not at all; 1 = Several days; 2 = More than half the days; 3 = Nearly every day"
HEADER = "client_id,client_name,date,phq2.q1,phq2.q2\n"
GOOD_YAML = "client:\n  id: C-0001\n  name: {name}\ndate: 2026-11-20\nanswers:\n  phq2: {{q1: 1, q2: 1}}\n"






def assert_refused(result: subprocess.CompletedProcess) -> list[str]:
    assert "Traceback" not in result.stderr
    assert "internal error" not in result.stderr, result.stderr
    assert result.returncode == 1, result.stderr
    assert result.stdout == ""
    return problem_lines(result)


def assert_good_intake_still_scores(folder: Path) -> None:
    shutil.copy(GOOD_INTAKE, folder / "ana.yaml")
    result = run_score("ana.yaml", cwd=folder)
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    assert "C-0001" in result.stdout


# --- the committed corpus --------------------------------------------------------------

def test_golden_names_are_unique():
    stems = [Path(name).stem for name in CASE_FILES]
    assert len(stems) == len(set(stems))


def test_no_stray_goldens():
    stems = {Path(name).stem for name in CASE_FILES}
    assert sorted(p.stem for p in BAD_DIR.glob("*.errors") if p.stem not in stems) == []


def test_corpus_is_large_enough():
    assert len(CASE_FILES) + len(RUNTIME_CASES) >= 60


@pytest.mark.parametrize("name", CASE_FILES)
def test_bad_intake(name: str, tmp_path: Path):
    golden = BAD_DIR / f"{Path(name).stem}.errors"
    result = run_score(name, cwd=BAD_DIR)
    lines = assert_refused(result)
    if UPDATE:
        golden.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert lines == golden.read_text(encoding="utf-8").splitlines()
    for line in lines:  # every problem names this file and a place in it
        assert line.startswith(name), line
    # the same file beside a correct intake: same problems, and the correct one scores
    shutil.copy(BAD_DIR / name, tmp_path / name)
    assert assert_refused(run_score(name, cwd=tmp_path)) == lines
    assert_good_intake_still_scores(tmp_path)


# --- cases made at run time --------------------------------------------------------------

def _big_csv(path: Path) -> None:
    row = "C-{:06d},Test Client,2026-11-20,1,1\n"
    with path.open("w", encoding="utf-8") as fh:
        fh.write(HEADER)
        i = 0
        while fh.tell() < 20 * 1024 * 1024:
            fh.write(row.format(i))
            i += 1


def _big_yaml(path: Path) -> None:
    notes = "".join(f"# padding line {i:07d} .................................\n" for i in range(36_000))
    path.write_text(notes + GOOD_YAML.format(name="Test Client"), encoding="utf-8")
    assert path.stat().st_size > 2_000_000


def _write(text: str, encoding: str = "utf-8") -> Callable[[Path], None]:
    return lambda path: path.write_bytes(text.encode(encoding))


RUNTIME_CASES: dict[str, tuple[Callable[[Path], None], list[str]]] = {
    "big-20mb.csv": (_big_csv, ["big-20mb.csv:1:1  file is larger than the 10 MiB limit for one CSV"]),
    "big-2mb.yaml": (_big_yaml, ["big-2mb.yaml:1:1  file is larger than the 1024 KiB limit"]),
    "latin1.csv": (_write(HEADER + "C-0001,Test Client,2026-11-20,1,1\nC-0002,José Núñez,2026-11-20,1,1\n",
                          "latin-1"),
                   ["latin1.csv:3:1  file is not UTF-8 text; export or save it as 'CSV UTF-8'"]),
    "utf16.csv": (_write(HEADER + "C-0001,Test Client,2026-11-20,1,1\n", "utf-16"),
                  ["utf16.csv:1:1  file is not UTF-8 text; export or save it as 'CSV UTF-8'"]),
    "latin1.yaml": (_write(GOOD_YAML.format(name="José"), "latin-1"),
                    ["latin1.yaml:3:12  file is not valid UTF-8 text"]),
    "nul-byte.csv": (_write(HEADER + "C-0001,Test Client,2026-11-20,1,1\nC-0002,Te\x00st,2026-11-20,1,1\n"),
                     ["nul-byte.csv:3:1  file contains a NUL character; is it really a CSV file?"]),
    "nul-byte.yaml": (_write(GOOD_YAML.format(name="Te\x00st")),
                      ["nul-byte.yaml:3:11  file contains a NUL character; is it really text?"]),
    "folder.yaml": (lambda path: path.mkdir(), ["folder.yaml  is a folder, not a file"]),
    "folder.csv": (lambda path: path.mkdir(), ["folder.csv  is a folder, not a file"]),
    "missing.yaml": (lambda path: None, ["missing.yaml  file not found"]),
    "missing.csv": (lambda path: None, ["missing.csv  file not found"]),
    "missing.json": (lambda path: None, ["missing.json  file not found"]),
    "no-extension": (_write(GOOD_YAML.format(name="Test Client")),
                     ["no-extension  unknown intake file type; use .yaml, .yml, .json, .csv or .pdf"]),
}


@pytest.mark.parametrize("name", sorted(RUNTIME_CASES))
def test_bad_intake_made_at_run_time(name: str, tmp_path: Path):
    make, expected = RUNTIME_CASES[name]
    make(tmp_path / name)
    assert assert_refused(run_score(name, cwd=tmp_path)) == expected
    assert_good_intake_still_scores(tmp_path)


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
    """The message names the item, the value written and what is allowed."""
    lines = (BAD_DIR / "several-problems.errors").read_text(encoding="utf-8").splitlines()
    assert ('several-problems.yaml:8:9  answers.phq9.q1: "4" is not an answer to this item; '
            f"use one of: {PHQ2}") in lines
    assert len(lines) == 10


# --- intakes that must be accepted --------------------------------------------------------

@pytest.mark.parametrize("name", GOOD_CASES)
def test_good_intake_scores(name: str):
    stem = name.rsplit(".", 1)[0]
    expected = json.loads((GOOD_DIR / f"{stem}.expected.json").read_text(encoding="utf-8"))
    result = run_score(name, "--format", "json", cwd=GOOD_DIR)
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
