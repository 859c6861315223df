"""HZ-01 through a filled form: an urgent answer is never lost to a change made after filling
(issue 14, item 1).

The attack of the issue, from outside: ``toolkit form phq9 --fillable``, filled with pypdf
(items 1-8 "Several days", item 9 "Nearly every day": 11 and the urgent flag), then a few
hundred bytes appended by hand as an INCREMENTAL UPDATE (the changed objects, a
cross-reference section, a trailer with /Prev).  ``bad_forms`` (tests/conftest.py) builds each
variant at run time:

* refused (``bad_forms.UPDATES``, goldens in tests/data/bad_forms/): the update makes the page
  show one answer and the fields say another (the stored value only, the boxes only, a box's
  own value, a second ticked box, a box moved out of its question, hidden boxes, boxes of no
  size, swapped looks).  ``score``, ``handout`` and ``report`` all refuse it, name item 9 with
  "this is a safety question: check the answer with the client today", and write nothing;
* read (``bad_forms.CHANGED``): the update changes item 9 consistently (to 0, cleared, in two
  steps).  The page shows the new answer, so it is scored, but the answer an earlier saved
  version held still raises the urgent flag (``self-harm-earlier``) and every changed question
  a review flag (``changed-after-filling``), in the score table, JSON and CSV, on the handout
  (crisis help on page 1) and in the clinician summary (urgent flags on page 1);
* without noise: our blank form filled by a viewer's own incremental save, or in two
  sittings (questions answered for the first time), raises no "changed" flag.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pypdf import PdfReader

from toolkit.api import score_intake
from toolkit.content.catalog import Catalog
from toolkit.intake.model import Client, Intake

SAFETY = "this is a safety question: check the answer with the client today"
UPDATE_CASES = ("update-item-9-stored-0", "update-item-9-boxes-off", "update-item-9-box-value-0",
                "update-item-9-second-box", "update-item-9-box-moved-off-page", "update-item-9-boxes-hidden",
                "update-item-9-looks-swapped", "update-item-9-box-without-size")
COMMANDS = {"score": ["score", "f.pdf"], "handout": ["handout", "f.pdf", "-o", "out.pdf"],
            "report": ["report", "f.pdf", "-o", "out.pdf"]}


def test_the_issue_attack_is_a_small_incremental_update(tmp_path: Path, bad_forms):
    """The case is what the issue describes: the filled form's bytes unchanged, then an update
    of a few hundred bytes that sets item 9's stored value to /0 (its ticked box untouched)."""
    bad_forms.make("update-item-9-stored-0", tmp_path / "f.pdf")
    raw = (tmp_path / "f.pdf").read_bytes()
    first_end = raw.index(b"%%EOF") + len(b"%%EOF\n")
    update = raw[first_end:]
    assert raw.count(b"%%EOF") == 2 and 250 < len(update) < 600, len(update)
    assert re.search(rb"/V /0", update) and b"/Prev" in update and b"/AS" not in update


@pytest.mark.parametrize("command", sorted(COMMANDS))
@pytest.mark.parametrize("case", UPDATE_CASES)
def test_a_form_that_shows_one_answer_and_holds_another_is_refused_with_the_safety_note(
        case: str, command: str, tmp_path: Path, bad_forms, run_cli, problem_lines):
    bad_forms.make(case, tmp_path / "f.pdf")
    result = run_cli(*COMMANDS[command], cwd=tmp_path)
    assert result.returncode == 1 and result.stdout == "", (result.stdout, result.stderr)
    [line] = problem_lines(result)
    assert line.startswith("f.pdf  phq9:q9: ") and line.endswith(SAFETY), line
    assert sorted(p.name for p in tmp_path.iterdir()) == ["f.pdf"]  # nothing written


def test_every_update_case_is_in_the_safety_test(bad_forms):
    assert sorted(bad_forms.UPDATES) == sorted(UPDATE_CASES)


@pytest.mark.parametrize("case", ["item-9-changed-to-0", "item-9-cleared", "item-9-changed-twice",
                                  "item-9-raised-later", "item-3-changed", "asq-q1-changed-to-no",
                                  "asq-q1-cleared", "blank-filled-by-a-viewer", "filled-in-two-sittings"])
def test_score_flags_a_form_changed_after_filling(case: str, tmp_path: Path, bad_forms, run_cli):
    make, urgent, review = bad_forms.CHANGED[case]
    (tmp_path / "f.pdf").write_bytes(make())
    result = run_cli("score", "f.pdf", "--format", "csv", cwd=tmp_path)
    assert result.returncode == 0 and result.stderr == "", result.stderr
    header, row = result.stdout.splitlines()
    flags = dict(zip(header.split(","), row.split(","), strict=True))
    assert (flags["urgent_flags"], flags["review_flags"]) == (urgent, review)


def test_every_changed_form_case_is_in_the_safety_test(bad_forms):
    assert len(bad_forms.CHANGED) == 9


@pytest.mark.parametrize("case", ["item-9-changed-to-0", "item-9-cleared", "item-9-changed-twice"])
def test_an_urgent_answer_of_an_earlier_saved_version_reaches_every_output(case: str, tmp_path: Path, bad_forms,
                                                                           run_cli):
    """Item 9 was "Nearly every day" when the form was filled and is 0 or blank now: the urgent
    flag is in the table, the JSON, the handout and the clinician summary; messages name the
    question, never an answer or the client."""
    (tmp_path / "f.pdf").write_bytes(bad_forms.CHANGED[case][0]())
    table = run_cli("score", "f.pdf", cwd=tmp_path)
    assert table.returncode == 0, table.stderr
    assert "URGENT SAFETY FLAGS" in table.stdout and "URGENT  phq9.q9 (self-harm-earlier)" in table.stdout
    assert "phq9.q9 (changed-after-filling)" in table.stdout
    text = " ".join(table.stdout.split())
    assert "changed after the form was filled" in text and "check the answers with the client today" in text
    for secret in (bad_forms.CLIENT_NAME, "Nearly every day", "Not at all"):
        assert secret not in table.stdout
    data = json.loads(run_cli("score", "f.pdf", "--format", "json", cwd=tmp_path).stdout)
    [(level, item)] = [(f["level"], f["item"]) for f in data["results"][0]["flags"]
                       if f["id"] == "self-harm-earlier"]
    assert (level, item) == ("urgent", "q9")
    handout = run_cli("handout", "f.pdf", "-o", "h.pdf", cwd=tmp_path)
    assert handout.returncode == 0 and "crisis help is on page 1" in handout.stdout, handout.stdout
    report = run_cli("report", "f.pdf", "-o", "r.pdf", cwd=tmp_path)
    assert report.returncode == 0 and "1 urgent flag on page 1" in report.stdout, report.stdout
    page1 = " ".join(PdfReader(tmp_path / "r.pdf").pages[0].extract_text().split())
    assert "An earlier saved version of this form raised this flag" in page1
    # the answer line under the urgent flag says it is today's answer, not the one that raised it
    assert "now; an earlier saved version of the form held the answer that raised this flag" in page1
    assert "changed after the form was filled" in page1


def test_a_form_filled_by_a_viewer_reads_like_one_written_at_once(tmp_path: Path, bad_forms, run_cli, fill,
                                                                  make_form):
    """No noise: our blank form plus one incremental update (a viewer's save) scores exactly like
    the same answers written in one go."""
    (tmp_path / "viewer.pdf").write_bytes(bad_forms.CHANGED["blank-filled-by-a-viewer"][0]())
    ticks = {**{f"phq9:q{i}": "1" for i in range(1, 9)}, "phq9:q9": "3"}
    (tmp_path / "once.pdf").write_bytes(fill(make_form("phq9"), ticks,
                                             {"client_id": bad_forms.CLIENT_ID, "date": bad_forms.DATE}))
    for fmt in ("table", "json", "csv"):
        viewer = run_cli("score", "viewer.pdf", "--format", fmt, cwd=tmp_path)
        once = run_cli("score", "once.pdf", "--format", fmt, cwd=tmp_path)
        assert viewer.returncode == 0 and viewer.stdout == once.stdout
        assert "changed" not in viewer.stdout


def test_too_many_saved_versions_are_refused_before_any_is_read(tmp_path: Path, bad_forms, run_cli,
                                                                 problem_lines):
    bad_forms.make("saved-51-times", tmp_path / "f.pdf")
    result = run_cli("score", "f.pdf", cwd=tmp_path)
    assert result.returncode == 1
    assert problem_lines(result) == ["f.pdf  was saved more than 50 times (incremental updates); a filled "
                                     "toolkit form is saved a few times, so it is not read: print a new form "
                                     "with toolkit form SCREENER... --fillable"]


# --- the rule, for any answers: an urgent flag of any saved version is raised ------------------

PHQ9_VALUE = st.one_of(st.none(), st.integers(0, 3))
ASQ_VALUE = st.one_of(st.none(), st.sampled_from(["yes", "no", "declined"]))


@st.composite
def saved_versions(draw):
    """2-4 saved versions of one PHQ-9 + ASQ form, oldest first (None: unanswered)."""
    def one():
        return {"phq9": {f"q{i}": draw(PHQ9_VALUE) for i in range(1, 11)},
                "asq": {f"q{i}": draw(ASQ_VALUE) for i in range(1, 6)}}
    versions = [one() for _ in range(draw(st.integers(2, 4)))]
    return [{sid: {k: v for k, v in items.items() if v is not None} for sid, items in v.items()} for v in versions]


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(saved_versions())
def test_no_urgent_flag_of_any_saved_version_is_lost(versions):
    """What the reader gives the scorer for a changed form (the last version's answers, each
    changed item with the earlier answers, the earlier versions' answers): every urgent flag
    any version raises is raised, and every changed item has its review flag."""
    catalog = Catalog()
    *earlier, last = versions
    changed: dict = {}
    for sid in last:
        for item in {k for v in versions for k in v[sid]}:
            seen = [v[sid].get(item) for v in versions]
            given_at = [i for i, value in enumerate(seen) if value is not None]
            if given_at and any(value != seen[given_at[0]] for value in seen[given_at[0]:]):
                changed.setdefault(sid, {})[item] = tuple(x for x in seen[:-1] if x is not None)
    intake = Intake(Client.model_validate({"id": "C-0001"}), dt.date(2026, 11, 20), last, changed=changed,
                    earlier=tuple(earlier) if changed else ())
    flags = score_intake(intake, catalog=catalog).flags
    got = {(sid, f.id.removesuffix("-earlier"), f.level) for sid, f in flags}
    for version in versions if changed else [last]:
        alone = score_intake(Intake(intake.client, intake.date, version), catalog=catalog)
        urgent = {(sid, f.id, f.level) for sid, f in alone.flags if f.level == "urgent"}
        assert urgent <= got, (urgent - got, version)
    review = {(sid, f.item) for sid, f in flags if f.id == "changed-after-filling"}
    assert review == {(sid, item) for sid, items in changed.items() for item in items}
