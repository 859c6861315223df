"""``toolkit verify``: the built-in reference cases, the report, and broken or
wrong case files."""

from __future__ import annotations

import datetime as dt
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from toolkit import __version__, score
from toolkit.content.catalog import Catalog, builtin_dir
from toolkit.core.errors import ProblemList
from toolkit.quality.reference_cases import load_reference_file
from toolkit.quality.verify import default_report_name, to_markdown, verify, write_report

BUILTIN = ("phq9", "gad7", "phq2", "gad2", "phq4", "cbi", "asq", "pcptsd5", "pcl5", "numbness", "contributors",
           "medication", "auditc", "wsas")
REFERENCE = builtin_dir("screeners") / "reference"


def run(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "toolkit", *args], capture_output=True, text=True,
                          cwd=cwd, timeout=120)


@pytest.fixture(scope="module")
def report():
    return verify(now=dt.datetime(2026, 11, 22, 9, 30, tzinfo=dt.timezone.utc))


def test_every_builtin_case_passes(report):
    assert report.ok, to_markdown(report)
    assert sorted(i.id for i in report.instruments) == sorted(BUILTIN)
    for inst in report.instruments:
        assert inst.passed >= 8 and not inst.failures and not inst.problems, inst.id
        assert inst.origin == "built-in"
    passed, failed = report.cases
    assert failed == 0 and passed >= 100


def test_reference_folder_is_not_read_as_screeners():
    assert "reference" not in Catalog().ids()
    assert sorted(Catalog().ids()) == sorted(BUILTIN)


# --- the cases cover what the published rules say -------------------------------

def _cases(sid):
    screener = Catalog().get(sid)
    return screener, load_reference_file(REFERENCE / f"{sid}.yaml", screener).cases


@pytest.mark.parametrize("sid", BUILTIN)
def test_cases_reach_every_band_boundary_flag_and_outcome(sid):
    screener, cases = _cases(sid)
    for sc in screener.scores:
        values = {c.case.expect.scores[sc.id].value for c in cases}
        assert None in values, f"{sid}.{sc.id}: no not-scored case"
        for band in sc.bands:
            assert band.min in values, f"{sid}.{sc.id}: band {band.id} lowest value {band.min} untested"
            if band.max is not None:
                assert band.max in values, f"{sid}.{sc.id}: band {band.id} highest value {band.max} untested"
            got = {c.case.expect.scores[sc.id].band for c in cases}
            assert band.id in got
        if sc.missing.prorate or sc.method == "mean":
            assert any(c.case.expect.scores[sc.id].prorated for c in cases), f"{sid}.{sc.id}: no prorated case"
        if sc.stop is not None:  # the instrument's stop rule: a case where it holds, and one where it does not
            stopped = {score(screener, c.answers).score(sc.id).stopped for c in cases}
            assert stopped == {True, False}, f"{sid}.{sc.id}: the stop rule is not tested both ways"
    flags = {(f.id, f.level) for c in cases for f in c.case.expect.flags}
    for it in screener.items:
        if it.critical is not None:
            assert (it.critical.id + "-unanswered", "review") in flags, f"{sid}.{it.id} unanswered untested"
            if it.critical.level is not None:
                assert (it.critical.id, it.critical.level) in flags, f"{sid}.{it.id} trigger untested"
    outcomes = {o for c in cases for o in c.case.expect.outcomes}
    assert outcomes == {o.id for o in screener.outcomes}
    for o in screener.outcomes:
        if o.flag is not None:
            assert (o.id, o.flag.level) in flags
    assert any(not c.answers for c in cases), f"{sid}: no case with nothing answered"


def test_phq9_prorating_cases_follow_round_half_up():
    _, cases = _cases("phq9")
    checked = 0
    for c in cases:
        exp = c.case.expect.scores["total"]
        items = {k: v for k, v in c.answers.items() if k != "q10"}
        if exp.value is None or len(items) == 9:
            continue
        total = sum(items.values())
        assert exp.value == int(total * 9 / len(items) + 0.5), c.case.id  # halves up; exact here
        checked += 1
    assert checked >= 12
    assert {len({k for k in c.answers if k != "q10"}) for c in cases} >= {7, 8, 9}


def test_wsas_not_working_and_missing_cases_follow_the_nhs_rule():
    """Item 1's "retired or not working" box, or one missing item: round(sum x 5 / 4),
    halves up (NHS Data Dictionary: the average of the other items stands in); both
    together, or two missing: not scored."""
    _, cases = _cases("wsas")
    not_working = [c for c in cases if str(c.answers.get("q1", "")).casefold() == "not-working"]
    assert len(not_working) >= 5
    for c in cases:
        exp = c.case.expect.scores["total"]
        numbers = [v for v in c.answers.values() if isinstance(v, int)]
        if len(numbers) < 4:
            assert exp.value is None, c.case.id
        elif len(numbers) == 4:
            assert exp.value == int(sum(numbers) * 5 / 4 + 0.5) and exp.prorated, c.case.id
        else:
            assert exp.value == sum(numbers), c.case.id
    assert any(exp.not_applicable == ["q1"] and exp.value is None
               for exp in (c.case.expect.scores["total"] for c in not_working))


def test_cbi_reverse_item_is_in_the_cases():
    _, cases = _cases("cbi")
    assert sum("work-energy-leisure" in c.answers for c in cases) >= 4


@pytest.mark.parametrize("outcome", ["negative", "non-acute-positive", "acute-positive"])
def test_asq_outcomes_and_declined(outcome):
    _, cases = _cases("asq")
    assert any(c.case.expect.outcomes == [outcome] for c in cases)
    assert any("declined" in c.answers.values() and outcome in c.case.expect.outcomes
               for c in cases) or outcome == "negative"


# --- the report -------------------------------------------------------------------

def test_report_names_version_instruments_counts_date_and_platform(report):
    text = to_markdown(report)
    assert "**Result: PASS**" in text
    assert f"| toolkit version | {__version__} |" in text
    assert "| date and time | 2026-11-22 09:30:00 +0000 |" in text
    assert f"| Python | {sys.version.split()[0]}" in text
    assert "| platform | " in text
    for sid in BUILTIN:
        screener = Catalog().get(sid)
        inst = next(i for i in report.instruments if i.id == sid)
        row = f"| {sid} | {screener.title} | {screener.version} | {screener.kind} | built-in | {inst.passed} | 0 |"
        assert row + " pass |" in text
    assert "## Failures\n\nNone." in text
    assert default_report_name(report) == "validation-report-2026-11-22.md"


def test_cli_writes_default_report_0600(tmp_path):
    out = run("verify", cwd=tmp_path)
    assert out.returncode == 0, out.stderr
    files = list(tmp_path.iterdir())
    assert len(files) == 1 and files[0].name.startswith("validation-report-") and files[0].suffix == ".md"
    assert dt.date.fromisoformat(files[0].stem[len("validation-report-"):])
    assert stat.S_IMODE(files[0].stat().st_mode) == 0o600
    text = files[0].read_text()
    assert "**Result: PASS**" in text and "phq9" in text
    assert out.stdout.startswith(f"wrote {files[0].name}\nPASS: ")


def test_cli_prints_report_with_dash(tmp_path):
    out = run("verify", "-o", "-", cwd=tmp_path)
    assert out.returncode == 0, out.stderr
    assert out.stdout.startswith("# Validation report")
    assert "PASS: " in out.stderr
    assert not list(tmp_path.iterdir())


def test_write_report_is_atomic_and_private(tmp_path, report):
    target = tmp_path / "r.md"
    target.write_text("old")
    with pytest.raises(ProblemList, match="already exists; use --force"):  # a filed report stays
        write_report(report, target)
    assert target.read_text() == "old"
    write_report(report, target, force=True)
    assert target.read_text().startswith("# Validation report")
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert [p.name for p in tmp_path.iterdir()] == ["r.md"]


# --- a practice's own cases: wrong, broken, unverified -----------------------------

WRONG = """\
screener: phq9
version: "1.0"
source: a deliberately wrong case, to see verify fail
cases:
  - id: right-one
    rule: 5 is mild
    answers: {q1: 2, q2: 3, q3: 0, q4: 0, q5: 0, q6: 0, q7: 0, q8: 0, q9: 0}
    expect:
      scores: {total: {value: 5, band: mild}}
      flags: []
      outcomes: []
  - id: wrong-band-on-purpose
    rule: 5 is NOT minimal (this case is wrong on purpose)
    answers: {q1: 2, q2: 2, q3: 0, q4: 0, q5: 0, q6: 0, q7: 0, q8: 0, q9: 1}
    expect:
      scores: {total: {value: 5, band: minimal}}
      flags: []
      outcomes: []
"""


def _practice(tmp_path: Path, files: dict[str, str]) -> Path:
    practice = tmp_path / "practice"
    for name, text in files.items():
        path = practice / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return practice


def test_wrong_case_fails_and_is_named(tmp_path):
    practice = _practice(tmp_path, {"screeners/reference/phq9.yaml": WRONG})
    report = verify(practice)
    assert not report.ok
    inst = next(i for i in report.instruments if i.origin == "practice")
    assert inst.passed == 1
    [failure] = inst.failures
    assert failure.case_id == "wrong-band-on-purpose" and failure.line == 12
    assert failure.differences == ["score total: expected band minimal, got mild",
                                   "flags: expected none, got [self-harm (urgent)]"]
    text = to_markdown(report)
    assert "**Result: FAIL**" in text
    assert "case `wrong-band-on-purpose`" in text and "expected band minimal, got mild" in text

    out = run("verify", "--practice", str(practice), "-o", "report.md", cwd=tmp_path)
    assert out.returncode == 1
    assert "FAIL: 122" not in out.stdout and "FAIL: " in out.stdout
    assert "phq9 case wrong-band-on-purpose" in out.stderr
    assert "expected band minimal, got mild" in out.stderr
    assert "case `wrong-band-on-purpose`" in (tmp_path / "report.md").read_text()


def test_practice_screener_without_cases_is_listed_not_verified(tmp_path):
    own = (builtin_dir("screeners") / "gad2.yaml").read_text().replace("id: gad2", "id: mygad2", 1)
    practice = _practice(tmp_path, {"screeners/mygad2.yaml": own})
    report = verify(practice)
    assert report.ok
    assert [sid for sid, _ in report.not_verified] == ["mygad2"]
    assert "## Not verified" in to_markdown(report) and "- mygad2: no reference cases" in to_markdown(report)


def test_practice_screener_with_cases_is_verified(tmp_path):
    own = (builtin_dir("screeners") / "gad2.yaml").read_text().replace("id: gad2", "id: mygad2", 1)
    cases = (REFERENCE / "gad2.yaml").read_text().replace("screener: gad2", "screener: mygad2", 1)
    practice = _practice(tmp_path, {"screeners/mygad2.yaml": own, "screeners/reference/mygad2.yaml": cases})
    report = verify(practice)
    assert report.ok and not report.not_verified
    inst = next(i for i in report.instruments if i.id == "mygad2")
    assert inst.origin == "practice" and inst.passed == 8


def test_version_mismatch_fails(tmp_path):
    practice = _practice(tmp_path, {"screeners/reference/phq9.yaml": WRONG.replace('"1.0"', '"0.9"', 1)})
    report = verify(practice)
    assert not report.ok
    inst = next(i for i in report.instruments if i.origin == "practice")
    assert inst.problems == ["the cases were written for version 0.9; the screener is version 1.0"]


BROKEN = """\
screener: phq9
version: "1.0"
source: broken on purpose
cases:
  - id: one
    rule: an unknown field, a bad answer and an unknown band
    answers: {q1: 7, q11: 1}
    expect:
      scores: {total: {value: 5, band: medium}}
      flags: [{id: self-harm, level: urgent}, {id: nope, level: review}]
      outcomes: [happy]
      colour: red
  - id: one
    rule: the same id again, a band without a value, and no expectation for the total
    answers: {}
    expect:
      scores: {}
      flags: []
      outcomes: []
  - id: two
    rule: null value with a band
    answers: {}
    expect:
      scores: {total: {value: null, band: mild}}
      flags: [{id: self-harm-unanswered, level: maybe}]
      outcomes: []
"""


def _problems(tmp_path, text, name="phq9"):
    practice = _practice(tmp_path, {f"screeners/reference/{name}.yaml": text})
    with pytest.raises(ProblemList) as exc:
        verify(practice)
    prefix = str(practice / "screeners" / "reference") + os.sep
    return [str(p).replace(prefix, "") for p in exc.value.problems]


def test_broken_case_file_model_errors_at_file_line_col(tmp_path):
    assert _problems(tmp_path, BROKEN) == [
        "phq9.yaml:12:7  cases[0].expect.colour: unknown field 'colour' (allowed: scores, flags, outcomes, missing)",
        "phq9.yaml:24:23  cases[2].expect.scores.total: a score that is not scored (value: null) has no band; "
        "remove band",
        "phq9.yaml:25:49  cases[2].expect.flags[0].level: must be one of: urgent or review, not 'maybe'",
    ]


def test_broken_case_file_reference_errors_at_file_line_col(tmp_path):
    text = BROKEN.replace("      colour: red\n", "").replace(
        "scores: {total: {value: null, band: mild}}", "scores: {total: {value: null}}").replace(
        "level: maybe", "level: review")
    assert _problems(tmp_path, text) == [
        "phq9.yaml:7:19  cases[0].answers.q1: \"7\" is not an answer to this item; use one of: 0 = Not at all; "
        "1 = Several days; 2 = More than half the days; 3 = Nearly every day",
        "phq9.yaml:7:22  cases[0].answers.q11: unknown item \"q11\" in screener 'phq9' "
        "(items: q1, q2, q3, q4, q5, q6, q7, q8, q9, q10)",
        "phq9.yaml:9:40  cases[0].expect.scores.total.band: score 'total' has no band 'medium' "
        "(bands: minimal, mild, moderate, moderately-severe, severe)",
        "phq9.yaml:10:52  cases[0].expect.flags[1].id: screener 'phq9' raises no flag 'nope' "
        "(flags: self-harm, self-harm-unanswered)",
        "phq9.yaml:11:18  cases[0].expect.outcomes[0]: screener 'phq9' has no outcome 'happy' (outcomes: none)",
        "phq9.yaml:12:9  cases[1].id: case id 'one' is used twice (first in case 1)",
        "phq9.yaml:16:15  cases[1].expect.scores: score 'total' has no expected value "
        "(give value: null when it is not scored)",
    ]


def test_broken_case_file_yaml_syntax_and_wrong_screener(tmp_path):
    assert _problems(tmp_path, "screener: phq9\ncases:\n  - id: x\n\t rule: y\n") == [
        "phq9.yaml:4:1  YAML syntax error: a tab is used for indentation; indent with spaces only"]
    assert _problems(tmp_path / "b", WRONG, name="nosuch") == [
        "nosuch.yaml  no screener 'nosuch' for these reference cases"]
    assert _problems(tmp_path / "c", WRONG, name="gad7")[0] == (
        "gad7.yaml:1:11  screener: 'phq9' does not match the file name 'gad7.yaml'")


def test_missing_practice_folder_is_a_problem(tmp_path):
    with pytest.raises(ProblemList) as exc:
        verify(tmp_path / "nowhere")
    assert [p.message for p in exc.value.problems] == ["practice folder not found"]
