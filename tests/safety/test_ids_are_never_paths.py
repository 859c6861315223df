"""Ids are ids, never paths; a practice's files are regular files inside its folder.

Issue 14, item 4: ``--handout ../../../../elsewhere/evil`` loaded a YAML file from
anywhere (and named it ``<built-in>/handouts/evil.yaml``), a screener id with ``../``
did the same for ``toolkit form``, and a practice's ``handouts/*.yaml`` or
``screeners/*.yaml`` that was a link to a file outside the folder was used.

Every id a person gives (``--handout``, ``form SCREENER...``, ``screeners show``,
``preview --handout``, ``batch --handout``, the Python API) must match the id rule
(lower-case letters, digits, '-' and '_') and then only ever names an entry of the
practice's or the built-in catalogue: it is never joined onto a folder.  The practice
cases made at run time (links, pipes, folders where files belong) are in
tests/safety/test_hostile_inputs.py (``PRACTICE_RUNTIME_CASES``).
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from toolkit import api
from toolkit.content.catalog import builtin_dir
from toolkit.core.errors import ProblemList

ROOT = Path(__file__).resolve().parents[2]
ANA = ROOT / "examples" / "intakes" / "ana.yaml"

# every one of these would once have been joined onto a folder (or is a near miss of an id)
NOT_IDS = ["../evil", "../../../../elsewhere/evil", "sub/evil", "..", ".", "evil.yaml", "Numbness",
           "numbness ", "numb\\ness", "-numbness", "numbness\x00", "numbness\n", "a" * 65, "ｎumbness", ""]


def _evil_outside(tmp_path: Path) -> Path:
    """A valid handout and a valid screener outside every catalogue folder, titled so that
    using them would show."""
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    text = (builtin_dir("handouts") / "numbness.yaml").read_text(encoding="utf-8")
    (outside / "evil.yaml").write_text(text.replace("id: numbness", "id: evil"), encoding="utf-8")
    text = (builtin_dir("screeners") / "phq2.yaml").read_text(encoding="utf-8")
    (outside / "evil2.yaml").write_text(text.replace("id: phq2", "id: evil2"), encoding="utf-8")
    return outside


def _escape(folder: Path, target: Path) -> str:
    """``target`` (without .yaml) written relative to ``folder``: what an attacker types."""
    return os.path.relpath(target.with_suffix(""), folder)


def _practice(tmp_path: Path) -> Path:
    p = tmp_path / "p"
    (p / "handouts").mkdir(parents=True)
    (p / "screeners").mkdir()
    (p / "practice.yaml").write_text("name: Test Practice\n", encoding="utf-8")
    return p


@pytest.mark.parametrize("bad", NOT_IDS, ids=[ascii(b)[1:-1][:20] or "empty" for b in NOT_IDS])
def test_handout_id_that_is_not_an_id_is_refused(bad: str, tmp_path: Path, run_cli, assert_refused_cleanly):
    (tmp_path / "out").mkdir()
    result = run_cli("handout", ANA, "--handout", bad, "-o", "out/h.pdf", cwd=tmp_path)
    [line] = assert_refused_cleanly(result)
    assert "is not a handout id" in line and "never a path" in line, line
    assert not list((tmp_path / "out").iterdir())


@pytest.mark.parametrize("practice", [False, True])
def test_handout_id_climbing_out_of_the_catalogue_loads_nothing(practice: bool, tmp_path: Path, run_cli,
                                                                assert_refused_cleanly):
    """The issue's attack: relative to the built-in folder, and relative to a practice's."""
    outside = _evil_outside(tmp_path)
    args = ["--practice", str(_practice(tmp_path))] if practice else []
    folder = tmp_path / "p" / "handouts" if practice else builtin_dir("handouts")
    (tmp_path / "out").mkdir()
    result = run_cli("handout", ANA, *args, "--handout", _escape(folder, outside / "evil.yaml"),
                     "-o", "out/h.pdf", cwd=tmp_path)
    [line] = assert_refused_cleanly(result)
    assert "is not a handout id" in line and "<built-in>" not in line, line
    assert not list((tmp_path / "out").iterdir())


def test_screener_ids_of_form_and_screeners_show_are_ids(tmp_path: Path, run_cli, assert_refused_cleanly):
    outside = _evil_outside(tmp_path)
    escape = _escape(builtin_dir("screeners"), outside / "evil2.yaml")
    (tmp_path / "out").mkdir()
    result = run_cli("form", "phq9", escape, "-o", "out/f.pdf", cwd=tmp_path)
    [line] = assert_refused_cleanly(result)
    assert "is not a screener id" in line, line
    assert not list((tmp_path / "out").iterdir())
    for bad in (escape, str(outside / "evil2.yaml"), "../evil2.yaml"):
        [line] = assert_refused_cleanly(run_cli("screeners", "show", bad, cwd=tmp_path))
        assert "is not a screener id" in line, line


def test_preview_and_batch_handout_ids_are_ids(tmp_path: Path, run_cli, assert_refused_cleanly):
    outside = _evil_outside(tmp_path)
    escape = _escape(builtin_dir("handouts"), outside / "evil.yaml")
    [line] = assert_refused_cleanly(run_cli("preview", "--out", "prev", "--handout", escape, cwd=tmp_path))
    assert "is not a handout id" in line, line
    assert not (tmp_path / "prev").exists()
    shutil.copy(ROOT / "examples" / "intakes" / "clinic-day.csv", tmp_path / "day.csv")
    result = run_cli("batch", "day.csv", "--out", "out", "--handout", escape, "--quiet", cwd=tmp_path)
    lines = assert_refused_cleanly(result)
    assert any("is not a handout id" in line for line in lines), lines
    assert not (tmp_path / "out").exists() or not list((tmp_path / "out").iterdir())


def test_api_takes_ids_as_ids(tmp_path: Path):
    outside = _evil_outside(tmp_path)
    escape = _escape(builtin_dir("screeners"), outside / "evil2.yaml")
    for call in (lambda: api.load_screener(escape), lambda: api.load_screeners(["phq9", escape]),
                 lambda: api.build_handout(ANA, handout_id=_escape(builtin_dir("handouts"), outside / "evil.yaml")),
                 lambda: api.build_form(["../evil2"])):
        with pytest.raises(ProblemList) as info:
            call()
        assert "id" in str(info.value) and "never a path" in str(info.value), str(info.value)
    # a path is still a path when it is plainly one: a Path, or text ending in .yaml
    assert api.load_screener(outside / "evil2.yaml").id == "evil2"
    assert api.load_screener(str(outside / "evil2.yaml")).id == "evil2"


def test_a_link_inside_the_practice_folder_still_works(tmp_path: Path, run_cli):
    """Links are not refused as such: one that stays inside the folder is a file of the folder."""
    p = _practice(tmp_path)
    (p / "shared").mkdir()
    text = (builtin_dir("handouts") / "numbness.yaml").read_text(encoding="utf-8")
    (p / "shared" / "numbness.yaml").write_text(text.replace('version: "1.1"', 'version: "1.1-ours"'), encoding="utf-8")
    (p / "handouts" / "numbness.yaml").symlink_to("../shared/numbness.yaml")
    result = run_cli("handout", ANA, "--practice", "p", "-o", "h.pdf", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "h.pdf").is_file()


@pytest.mark.parametrize("kind", ["handouts", "screeners"])
def test_validate_reports_practice_files_that_are_not_files_of_the_folder(kind: str, tmp_path: Path, run_cli,
                                                                          assert_refused_cleanly):
    outside = _evil_outside(tmp_path)
    p = _practice(tmp_path)
    name = "evil.yaml" if kind == "handouts" else "evil2.yaml"
    (p / kind / name).symlink_to(outside / name)
    (p / kind / "gone.yaml").symlink_to("nowhere.yaml")
    (p / kind / "folder.yaml").mkdir()
    os.mkfifo(p / kind / "pipe.yaml")
    lines = assert_refused_cleanly(run_cli("validate", "p", cwd=tmp_path))
    assert sorted(lines) == sorted([
        f"p/{kind}/{name}  points outside the practice folder (through a link); copy the file into the folder",
        f"p/{kind}/folder.yaml  is a folder, not a file",
        f"p/{kind}/gone.yaml  file not found (a broken link?)",
        f"p/{kind}/pipe.yaml  is not a regular file (a pipe or a device); put a file here",
    ]), lines


def test_verify_reads_only_reference_cases_inside_the_practice_folder(tmp_path: Path, run_toolkit,
                                                                      assert_refused_cleanly):
    """In a process of its own, with a time limit: reading the pipe would wait forever."""
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    shutil.copy(builtin_dir("screeners") / "reference" / "gad2.yaml", outside / "gad2.yaml")
    p = _practice(tmp_path)
    (p / "screeners" / "reference").mkdir()
    (p / "screeners" / "reference" / "gad2.yaml").symlink_to(outside / "gad2.yaml")
    os.mkfifo(p / "screeners" / "reference" / "phq9.yaml")
    lines = assert_refused_cleanly(run_toolkit("verify", "--practice", "p", "-o", "r.md", cwd=tmp_path, timeout=60))
    assert lines == [
        "p/screeners/reference/gad2.yaml  points outside the practice folder (through a link); "
        "copy the file into the folder",
        "p/screeners/reference/phq9.yaml  is not a regular file (a pipe or a device); put a file here",
    ], lines
    assert not (tmp_path / "r.md").exists()


@pytest.mark.parametrize("command", [("validate", "pipe.yaml"), ("score", "pipe.yaml"),
                                     ("handout", "pipe.yaml", "-o", "h.pdf"), ("validate", "/dev/zero")])
def test_a_yaml_file_that_is_a_pipe_or_device_is_refused_at_once(command: tuple[str, ...], tmp_path: Path,
                                                                  run_toolkit, assert_refused_cleanly):
    """Every YAML file is read through one reader, which opens without waiting and reads regular
    files only (in a process of its own, with a time limit: a pipe once waited forever)."""
    os.mkfifo(tmp_path / "pipe.yaml")
    [line] = assert_refused_cleanly(run_toolkit(*command, cwd=tmp_path, timeout=60))
    assert line.endswith("is not a regular file (a pipe or a device); give a file"), line
    assert sorted(p.name for p in tmp_path.iterdir()) == ["pipe.yaml"]


@pytest.mark.parametrize("command", [("score", "pipe.csv"), ("handout", "pipe.csv", "-o", "h.pdf"),
                                     ("score", "pipe.pdf"), ("report", "pipe.pdf", "-o", "r.pdf"),
                                     ("mapping", "check", "pipe.csv", "--mapping", "pipe.yaml"),
                                     ("batch", "pipe.csv", "--out", "out")])
def test_an_intake_or_export_that_is_a_pipe_is_refused_at_once(command: tuple[str, ...], tmp_path: Path,
                                                               run_toolkit, assert_refused_cleanly):
    """CSV intakes, exports and filled forms are opened the same way as YAML: without waiting,
    regular files only (a pipe given as an intake once waited forever)."""
    for name in ("pipe.csv", "pipe.pdf", "pipe.yaml"):
        os.mkfifo(tmp_path / name)
    lines = assert_refused_cleanly(run_toolkit(*command, cwd=tmp_path, timeout=60))
    assert lines and all(line.endswith("is not a regular file (a pipe or a device); give a file")
                         for line in lines), lines
    assert sorted(p.name for p in tmp_path.iterdir()) == ["pipe.csv", "pipe.pdf", "pipe.yaml"]
