"""A --practice folder that does not exist is refused by every command and by the
Python API: a misspelled folder must never fall back silently to the built-in
practice (another country's crisis lines, no own screeners)."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
ANA = ROOT / "examples" / "intakes" / "ana.yaml"
DAY = ROOT / "examples" / "intakes" / "clinic-day.csv"

COMMANDS = {
    "score": lambda t: ["score", ANA],
    "screeners-list": lambda t: ["screeners", "list"],
    "screeners-show": lambda t: ["screeners", "show", "phq9"],
    "mapping-init": lambda t: ["mapping", "init", DAY, "-o", t / "mapping.yaml"],
    "mapping-check": lambda t: ["mapping", "check", DAY],
    "handout": lambda t: ["handout", ANA, "-o", t / "h.pdf"],
    "report": lambda t: ["report", ANA, "-o", t / "r.pdf"],
    "form": lambda t: ["form", "phq9", "-o", t / "f.pdf"],
    "batch": lambda t: ["batch", DAY, "--out", t / "out", "--quiet"],
    "lint": lambda t: ["lint"],
    "preview": lambda t: ["preview", "--out", t / "preview"],
    "verify": lambda t: ["verify", "-o", t / "v.md"],
}


def test_every_command_with_practice_is_listed(run_cli):
    """A new command with --practice must be added to COMMANDS (and so be tested)."""
    from typer.main import get_command

    from toolkit.cli.app import app

    found = set()

    def walk(cmd, prefix):
        for name, sub in getattr(cmd, "commands", {}).items():
            walk(sub, [*prefix, name])
        if any("--practice" in p.opts for p in getattr(cmd, "params", [])):
            found.add("-".join(prefix))

    walk(get_command(app), [])
    assert found == set(COMMANDS), found ^ set(COMMANDS)


@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_a_practice_folder_that_does_not_exist_is_refused(command, tmp_path, run_cli, snapshot,
                                                          assert_refused_cleanly):
    missing = tmp_path / "my-practise"  # a typo for my-practice
    before = snapshot(tmp_path)
    result = run_cli(*COMMANDS[command](tmp_path), "--practice", missing, cwd=tmp_path)
    [line] = assert_refused_cleanly(result)
    assert line == f"{missing}  practice folder not found", line
    assert snapshot(tmp_path) == before  # nothing written


def test_a_file_given_as_practice_folder_is_refused(tmp_path, run_cli, assert_refused_cleanly):
    given = tmp_path / "practice.yaml"
    given.write_text("name: x\n")
    [line] = assert_refused_cleanly(run_cli("score", ANA, "--practice", given))
    assert line.startswith(f"{given}  is a file, not a practice folder"), line


@pytest.mark.parametrize("call", ["load_screener", "load_screeners", "read_intakes", "score_intake", "check_export",
                                  "draft_mapping", "build_handout", "build_report", "build_form", "lint",
                                  "Catalog"])
def test_python_api_refuses_a_missing_practice_folder(call, tmp_path):
    import toolkit.api as api

    missing = tmp_path / "nope"
    calls = {
        "load_screener": lambda: api.load_screener("phq9", practice=missing),
        "load_screeners": lambda: api.load_screeners(practice=missing),
        "read_intakes": lambda: api.read_intakes(ANA, practice=missing),
        "score_intake": lambda: api.score_intake(api.read_intakes(ANA)[0], practice=missing),
        "check_export": lambda: api.check_export(DAY, practice=missing),
        "draft_mapping": lambda: api.draft_mapping(DAY, practice=missing),
        "build_handout": lambda: api.build_handout(ANA, practice=missing),
        "build_report": lambda: api.build_report([ANA], practice=missing),
        "build_form": lambda: api.build_form(["phq9"], practice=missing),
        "lint": lambda: api.lint(practice=missing),
        "Catalog": lambda: api.Catalog(missing),
    }
    with pytest.raises(api.ProblemList) as exc:
        calls[call]()
    assert [str(p) for p in exc.value.problems] == [f"{missing}  practice folder not found"]
