"""No command loses a file: an output that is one of the inputs is refused whatever
--force says, and an existing file is replaced only with --force.  The check comes
before any work, so a refused run leaves every file exactly as it was."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "examples" / "intakes"
OLD = b"%PDF-1.4 yesterday's file: bytes that must survive\n"


@pytest.fixture
def work(tmp_path: Path) -> Path:
    shutil.copytree(EXAMPLES, tmp_path / "in")
    return tmp_path


def _filled_form(folder: Path, make_form, fill_answers) -> Path:
    pdf = fill_answers(make_form("phq9"), {"phq9": {f"q{i}": 1 for i in range(1, 10)}},
                       client_id="C-9", date="2026-11-20")
    path = folder / "filled.pdf"
    path.write_bytes(pdf)
    return path


# --- an output that is an input: refused, with or without --force ---------------------------------

@pytest.mark.parametrize("force", [[], ["--force"]], ids=["plain", "force"])
@pytest.mark.parametrize("command", ["handout", "report"])
def test_a_filled_form_is_never_replaced_by_its_own_handout_or_report(command, force, work, run_cli, snapshot,
                                                                       assert_refused_cleanly, make_form,
                                                                       fill_answers):
    form = _filled_form(work / "in", make_form, fill_answers)
    before = snapshot(work)
    result = run_cli(command, form, "-o", form, *force)
    [line] = assert_refused_cleanly(result)
    assert line.startswith(str(form)) and "is one of the inputs" in line, line
    assert snapshot(work) == before


@pytest.mark.parametrize("how", ["relative", "symlink", "hardlink"])
def test_the_same_file_under_another_name_is_an_input_too(how, work, run_cli, snapshot, assert_refused_cleanly,
                                                          make_form, fill_answers):
    form = _filled_form(work / "in", make_form, fill_answers)
    out = work / "in" / "copy.pdf"
    if how == "symlink":
        out.symlink_to(form)
    elif how == "hardlink":
        os.link(form, out)
    else:
        out = Path("in") / "." / "filled.pdf"
    before = snapshot(work)
    result = run_cli("handout", form, "-o", out, "--force", cwd=work)
    [line] = assert_refused_cleanly(result)
    assert "is one of the inputs" in line, line
    assert snapshot(work) == before


def test_report_refuses_any_of_its_intakes_as_output(work, run_cli, snapshot, assert_refused_cleanly,
                                                     make_form, fill_answers):
    form = _filled_form(work / "in", make_form, fill_answers)
    earlier = work / "in" / "earlier.pdf"
    shutil.copy(form, earlier)
    before = snapshot(work)
    result = run_cli("report", earlier, form, "-o", earlier, "--force")
    [line] = assert_refused_cleanly(result)
    assert "is one of the inputs" in line
    assert snapshot(work) == before


@pytest.mark.parametrize("command", ["handout", "report", "form"])
def test_a_file_of_the_practice_folder_is_never_an_output(command, work, run_cli, snapshot,
                                                          assert_refused_cleanly):
    practice = work / "practice"
    assert run_cli("practice", "init", practice, "--country", "US").returncode == 0
    (practice / "notes.pdf").write_bytes(OLD)  # a practice keeps its own PDF there
    out = work / "link.pdf"
    out.symlink_to(practice / "notes.pdf")
    args = {"handout": ["handout", work / "in" / "ana.yaml"], "report": ["report", work / "in" / "ana.yaml"],
            "form": ["form", "phq9"]}[command]
    before = snapshot(work)
    result = run_cli(*args, "--practice", practice, "-o", out, "--force")
    [line] = assert_refused_cleanly(result)
    assert "practice folder" in line, line
    assert snapshot(work) == before


# --- an existing file: refused without --force, replaced with it ------------------------------------

WRITERS = {
    "handout": lambda i, out: ["handout", i / "ana.yaml", "-o", out],
    "report": lambda i, out: ["report", i / "dev.yaml", "-o", out],
    "form": lambda i, out: ["form", "phq9", "gad7", "-o", out],
}


@pytest.mark.parametrize("command", sorted(WRITERS))
def test_an_existing_pdf_is_replaced_only_with_force(command, work, run_cli, snapshot, assert_refused_cleanly):
    out = work / "out.pdf"
    out.write_bytes(OLD)
    before = snapshot(work)
    result = run_cli(*WRITERS[command](work / "in", out))
    [line] = assert_refused_cleanly(result)
    assert line == f"{out}  already exists; use --force to replace it", line
    assert snapshot(work) == before
    result = run_cli(*WRITERS[command](work / "in", out), "--force")
    assert result.returncode == 0, result.stderr
    assert out.read_bytes().startswith(b"%PDF") and out.read_bytes() != OLD
    assert (out.stat().st_mode & 0o777) == 0o600


@pytest.mark.parametrize("command", sorted(WRITERS))
def test_a_dangling_symlink_counts_as_an_existing_file(command, work, run_cli, assert_refused_cleanly):
    out = work / "out.pdf"
    out.symlink_to(work / "nowhere.pdf")
    [line] = assert_refused_cleanly(run_cli(*WRITERS[command](work / "in", out)))
    assert "already exists" in line
    assert out.is_symlink() and not (work / "nowhere.pdf").exists()


def test_the_check_comes_before_any_work(work, run_cli, assert_refused_cleanly, monkeypatch):
    """A refused run reads no intake and renders nothing (it would fail here if it did)."""
    import toolkit.pipelines.handout

    def boom(*args, **kwargs):
        raise AssertionError("the handout was built before the output was checked")

    monkeypatch.setattr(toolkit.pipelines.handout, "build_handout", boom)
    out = work / "out.pdf"
    out.write_bytes(OLD)
    assert_refused_cleanly(run_cli("handout", work / "in" / "ana.yaml", "-o", out))
    assert out.read_bytes() == OLD


def test_python_api_refuses_without_force_and_replaces_with_it(work):
    from toolkit.api import ProblemList, write_form, write_handout, write_report

    for call in (lambda out, **kw: write_handout(work / "in" / "ana.yaml", out, **kw),
                 lambda out, **kw: write_report([work / "in" / "dev.yaml"], out, **kw),
                 lambda out, **kw: write_form(["phq9"], out, **kw)):
        out = work / "api.pdf"
        out.write_bytes(OLD)
        with pytest.raises(ProblemList, match="already exists; use --force"):
            call(out)
        assert out.read_bytes() == OLD
        call(out, force=True)
        assert out.read_bytes() != OLD
        out.unlink()
        call(out)  # a new file needs no force
        assert out.is_file()


# --- the other commands that write files the user names ---------------------------------------------

def test_verify_report_is_not_replaced_without_force(work, run_cli, snapshot, assert_refused_cleanly):
    out = work / "report.md"
    out.write_text("the clinic's filed report\n")
    before = snapshot(work)
    [line] = assert_refused_cleanly(run_cli("verify", "-o", out))
    assert line == f"{out}  already exists; use --force to replace it"
    assert snapshot(work) == before
    result = run_cli("verify", "-o", out, "--force")
    assert result.returncode == 0, result.stderr
    assert out.read_text().startswith("#")


def test_verify_default_report_name_is_not_replaced_without_force(work, run_cli, assert_refused_cleanly):
    first = run_cli("verify", cwd=work)
    assert first.returncode == 0, first.stderr
    [written] = list(work.glob("validation-report-*.md"))
    written.write_text("filed this morning\n")
    [line] = assert_refused_cleanly(run_cli("verify", cwd=work))
    assert written.name in line and "already exists; use --force" in line
    assert written.read_text() == "filed this morning\n"


def test_verify_never_writes_over_a_practice_file(work, run_cli, assert_refused_cleanly):
    practice = work / "practice"
    assert run_cli("practice", "init", practice, "--country", "US").returncode == 0
    target = practice / "practice.yaml"
    before = target.read_bytes()
    [line] = assert_refused_cleanly(run_cli("verify", "--practice", practice, "-o", target, "--force"))
    assert "a file of the practice folder" in line and "one of the inputs" in line, line
    assert target.read_bytes() == before


def test_schema_files_are_not_replaced_without_force(work, run_cli, assert_refused_cleanly):
    out = work / "schemas"
    assert run_cli("schema", "--out", out).returncode == 0
    mine = out / "practice.schema.json"
    assert mine.is_file(), sorted(p.name for p in out.iterdir())
    mine.write_text("{}\n")
    lines = assert_refused_cleanly(run_cli("schema", "--out", out))
    assert lines == [f"{out / name}  already exists; use --force to replace it"
                     for name in sorted(p.name for p in out.iterdir())]
    assert mine.read_text() == "{}\n"
    assert run_cli("schema", "--out", out, "--force").returncode == 0
    assert mine.read_text() != "{}\n"


def test_preview_does_not_write_over_earlier_previews_without_force(work, run_cli, snapshot,
                                                                    assert_refused_cleanly):
    out = work / "preview"
    first = run_cli("preview", "--out", out, "--handout", "for-partners")
    assert first.returncode == 0, first.stderr
    (out / "index.md").write_text("my notes on the previews\n")
    before = snapshot(out)
    [line] = assert_refused_cleanly(run_cli("preview", "--out", out, "--handout", "for-partners"))
    assert line.startswith(str(out)) and "previews" in line and "--force" in line, line
    assert snapshot(out) == before
    again = run_cli("preview", "--out", out, "--handout", "for-partners", "--force")
    assert again.returncode == 0, again.stderr
    assert (out / "index.md").read_text() != "my notes on the previews\n"


def test_preview_into_a_folder_of_other_files_is_fine(work, run_cli):
    out = work / "docs"
    out.mkdir()
    (out / "readme.txt").write_text("not a preview\n")
    assert run_cli("preview", "--out", out, "--handout", "for-partners").returncode == 0
    assert (out / "readme.txt").read_text() == "not a preview\n"


def test_mapping_init_never_writes_over_the_export(work, run_cli, assert_refused_cleanly):
    export = work / "in" / "clinic-day.csv"
    before = export.read_bytes()
    [line] = assert_refused_cleanly(run_cli("mapping", "init", export, "-o", export, "--force"))
    assert "is one of the inputs" in line
    assert export.read_bytes() == before


def test_force_is_one_option_with_one_help_text(run_cli):
    """Every command that writes a file the user names has --force, with one help text."""
    from typer.main import get_command

    from toolkit.cli import options
    from toolkit.cli.app import app

    root = get_command(app)
    helps = {}
    for path in (["handout"], ["report"], ["form"], ["verify"], ["schema"], ["preview"], ["batch"],
                 ["mapping", "init"]):
        cmd = root
        for name in path:
            cmd = cmd.commands[name]
        [force] = [p for p in cmd.params if "--force" in p.opts]
        helps[" ".join(path)] = force.help
        assert "--force" in run_cli(*path, "--help").stdout, path
    assert len(set(helps.values())) == 1, helps
    assert hasattr(options, "ForceOpt")
