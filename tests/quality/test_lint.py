"""``toolkit lint``: the built-in content passes; each rule catches what it is for,
at file:line:col; text and JSON output; exit codes."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from toolkit.content.handout_loader import HandoutCatalog
from toolkit.quality.lint import lint, lint_report
from toolkit.quality.lint_rules import Locator, check_medication
from toolkit.quality.med_safety import NEEDS_PRESCRIBER, SUGGESTS_CHANGE, check_unit, classify
from toolkit.quality.readability import measure_blocks

BUILTIN = HandoutCatalog()
BUILTIN_SECTIONS = [(hid, hs) for hid in BUILTIN.ids() for hs in BUILTIN.get(hid).sections]
HARD = ("Pharmacological interventions targeting serotonergic neurotransmission frequently "
        "precipitate considerable emotional attenuation, characteristically manifesting as "
        "diminished affective responsiveness.")


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "toolkit", *args], capture_output=True, text=True,
                          timeout=120)


def practice(tmp_path: Path, sections: str, practice_yaml: str = "name: Test Practice\ncountry: US\n",
             extra: str = "") -> Path:
    """A practice folder with one handout 'test': a plain safe intro, then ``sections``."""
    (tmp_path / "handouts").mkdir(parents=True)
    (tmp_path / "practice.yaml").write_text(practice_yaml)
    head = textwrap.dedent("""\
        id: test
        version: "1.0"
        title: A test handout
        """) + extra + textwrap.dedent("""\
        sections:
          - id: help
            heading: Get help
            safety: true
            body: Call {crisis.emergency} any time.
            sources: Test facts.
        """)
    (tmp_path / "handouts" / "test.yaml").write_text(head + textwrap.indent(textwrap.dedent(sections), "  "))
    return tmp_path


def errors(findings):
    return [f for f in findings if f.level == "error"]


# --- the built-in content ---------------------------------------------------------

def test_builtin_content_lints_clean():
    found = errors(lint())
    assert found == [], "\n".join(str(f) for f in found)


@pytest.mark.parametrize("hid, hs", BUILTIN_SECTIONS, ids=[f"{h}:{s.spec.id}" for h, s in BUILTIN_SECTIONS])
def test_builtin_section_is_grade_8_or_lower(hid, hs):
    grade = measure_blocks(hs.blocks).fk_grade
    assert grade <= 8.0, f"{hid}/{hs.spec.id}: Flesch-Kincaid grade {grade}"


@pytest.mark.parametrize("hid, hs", BUILTIN_SECTIONS, ids=[f"{h}:{s.spec.id}" for h, s in BUILTIN_SECTIONS])
def test_builtin_section_has_sources(hid, hs):
    assert (hs.spec.sources or "").strip(), f"{hid}/{hs.spec.id} has no sources"


@pytest.mark.parametrize("hid", BUILTIN.ids())
def test_no_builtin_text_suggests_changing_medication_without_the_prescriber(hid):
    handout = BUILTIN.get(hid)
    found = check_medication(handout, Locator(handout))
    assert found == [], "\n".join(str(f) for f in found)


# --- the medication rule, sentence by sentence ---------------------------------------

@pytest.mark.parametrize("sentence", [
    "Stop taking your medicine if you feel numb.",
    "You could try lowering your dose.",
    "Some people come off their antidepressants to feel again.",
    "Consider switching to a different medication.",
    "Cutting back on your pills may help.",
    "It may help to skip a dose now and then.",
    "Your medicine can be stopped if it makes you numb.",
    "If your pills make you numb, stop taking them.",
    "Don't be afraid to stop your medicine, your doctor will understand.",
    "Ask your doctor, then stop your medicine.",
    "Talk to your prescriber about changing your dose.",
    "Stopping your SSRI suddenly can be harmful.",
    "Getting off your meds may bring feelings back.",
    "Halve your dose of sertraline.",
])
def test_sentences_that_suggest_changing_a_medicine(sentence):
    assert classify(sentence) == SUGGESTS_CHANGE


@pytest.mark.parametrize("sentence", [
    "Do not stop your medicine.",
    "Never suddenly stop or change your pills on your own.",
])
def test_negated_without_the_prescriber(sentence):
    assert classify(sentence) == NEEDS_PRESCRIBER


@pytest.mark.parametrize("sentence", [
    "Do not stop or change your medicine without talking to your prescriber.",
    "Never change your dose unless your doctor says so.",
    "Please don't stop your antidepressant without your doctor's advice.",
    "It is not safe to stop your medicine on your own; ask your doctor.",
    "Some health conditions and medicines also change how many tears your eyes make.",
    "Talk to your prescriber before making any change.",
    "You started a medicine for your mood.",
    "The dose or type may just not be the best fit for you.",
    "Stop and breathe slowly.",
    "Changes in brain chemistry can turn feelings down.",
    "Medicines can change how you feel.",
])
def test_sentences_that_are_fine(sentence):
    assert classify(sentence) is None


def test_the_prescriber_may_be_named_in_the_next_sentence_of_the_same_paragraph():
    assert check_unit("Talk to your prescriber first. Do not stop your medicine on your own.") == []
    assert check_unit("Do not stop your medicine. Talk to your doctor.") == []
    far = "Do not stop your medicine. Rest well. Talk to your doctor."
    assert check_unit(far) == [("Do not stop your medicine.", NEEDS_PRESCRIBER)]


# --- one practice folder per rule -----------------------------------------------------

def test_hard_section_is_an_error_at_its_body(tmp_path):
    folder = practice(tmp_path, f"""\
        - id: hard
          heading: Hard words
          body: {HARD}
          sources: Test.
        """)
    found = errors(lint(folder))
    assert [f.rule for f in found] == ["reading-grade"]
    f = found[0]
    assert (f.file, f.line, f.path) == (str(folder / "handouts" / "test.yaml"), 12, "sections[1].body")
    assert "above 8" in f.message and "Pharmacological" in f.message
    assert errors(lint(folder, max_grade=40)) == []


def test_section_without_sources(tmp_path):
    folder = practice(tmp_path, """\
        - id: bare
          heading: No sources here
          body: This is plain and short.
        """)
    found = errors(lint(folder))
    assert [(f.rule, f.line, f.path) for f in found] == [("sources", 10, "sections[1]")]


def test_unreachable_section(tmp_path):
    folder = practice(tmp_path, """\
        - id: never
          heading: Never shown
          when: {all: [{band: {score: phq9.total, is: minimal}}, {band: {score: phq9.total, is: severe}}]}
          body: Nobody can see this.
          sources: Test.
        """)
    found = errors(lint(folder))
    assert [(f.rule, f.line, f.path) for f in found] == [("unreachable", 12, "sections[1].when")]
    assert "never" in found[0].message


def test_placeholder_without_a_value(tmp_path):
    sections = """\
        - id: call
          heading: Call us
          body: |
            We are here.
            Call us on {practice.phone} any day.
          sources: Test.
        """
    folder = practice(tmp_path, sections)
    found = errors(lint(folder))
    assert [(f.rule, f.line, f.col) for f in found] == [("placeholder", 14, 18)]
    assert "{practice.phone}" in found[0].message and "phone" in found[0].message
    with_phone = practice(tmp_path / "b", sections, "name: Test Practice\ncountry: US\nphone: \"555 0100\"\n")
    assert errors(lint(with_phone)) == []


def test_medication_stopping_sentence(tmp_path):
    folder = practice(tmp_path, """\
        - id: meds
          heading: About medicines
          body: |
            Numbness is common. If it bothers you,
            stop taking your medicine for a while.
          sources: Test.
        """)
    found = errors(lint(folder))
    assert [(f.rule, f.line) for f in found] == [("medication", 13)]
    assert "stop taking your medicine" in found[0].message


def test_validation_problems_are_errors_too(tmp_path):
    folder = practice(tmp_path, """\
        - id: odd
          heading: Odd
          when: {band: {score: phq99.total, is: mild}}
          body: Short and plain.
          sources: Test.
        """)
    (folder / "practice.yaml").write_text("name: Test Practice\ncountry: US\ncolours: {primary: \"#FFFFFF\"}\n")
    found = errors(lint(folder))
    assert {f.rule for f in found} == {"validate"}
    assert {f.file for f in found} == {str(folder / "handouts" / "test.yaml"), str(folder / "practice.yaml")}


def test_warnings_alone_do_not_fail(tmp_path):
    folder = practice(tmp_path, "", extra="language: es\n")
    report = lint_report(folder)
    assert report.errors == 0 and report.warnings == 1
    assert run("lint", "--practice", str(folder)).returncode == 0


# --- the command ----------------------------------------------------------------------

def test_cli_builtin_passes_with_a_summary():
    out = run("lint")
    assert out.returncode == 0, out.stdout + out.stderr
    assert out.stdout.strip().splitlines()[-1].startswith("ok: 0 errors")


def test_cli_text_lists_file_line_col_and_exits_1(tmp_path):
    folder = practice(tmp_path, """\
        - id: bare
          heading: No sources here
          body: This is plain and short.
        """)
    out = run("lint", "--practice", str(folder))
    assert out.returncode == 1
    assert f"{folder / 'handouts' / 'test.yaml'}:10:5  sections[1]: section 'bare' has no sources" in out.stdout
    assert out.stdout.strip().splitlines()[-1].startswith("lint failed: 1 error, 0 warnings")


def test_cli_json_shape(tmp_path):
    folder = practice(tmp_path, f"""\
        - id: hard
          heading: Hard words
          body: {HARD}
        """)
    out = run("lint", "--practice", str(folder), "--format", "json")
    assert out.returncode == 1
    data = json.loads(out.stdout)
    assert set(data) == {"findings", "summary"}
    assert {f["rule"] for f in data["findings"]} == {"reading-grade", "sources"}
    for f in data["findings"]:
        assert set(f) == {"level", "file", "line", "col", "path", "rule", "message"}
        assert f["level"] in ("error", "warning") and isinstance(f["line"], int)
    s = data["summary"]
    builtin = len(HandoutCatalog().ids())
    assert (s["errors"], s["warnings"], s["handouts"], s["screeners"]) == (2, 0, builtin + 1, 14)
    assert s["variants"]["test"] == 1 and s["variants"]["numbness"] > 40


@pytest.mark.parametrize("args", [["--max-grade", "hard"], ["--format", "xml"], ["--practise", "x"]])
def test_cli_usage_errors_exit_2(args):
    assert run("lint", *args).returncode == 2


def test_findings_in_an_extends_overlay_point_at_the_overlay(tmp_path):
    (tmp_path / "handouts").mkdir()
    (tmp_path / "practice.yaml").write_text("name: Test Practice\ncountry: US\n")
    overlay = tmp_path / "handouts" / "numbness.yaml"
    overlay.write_text(textwrap.dedent("""\
        id: numbness
        extends: numbness
        sections:
          - id: what-it-is
            body: |
              Numbness is common.
              Some people feel better when they come off their antidepressants.
          - id: local
            heading: Groups near you
            body: Tuesday evenings at the clinic.
            after: coping
        """))
    found = errors(lint(tmp_path))
    assert [(f.rule, f.file, f.line, f.path) for f in found] == [
        ("medication", str(overlay), 7, "sections[0].body"),
        ("sources", str(overlay), 8, "sections[1]")]
