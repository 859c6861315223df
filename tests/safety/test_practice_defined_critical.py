"""A practice-defined critical item is flagged exactly like PHQ-9 item 9.

The EPDS may not be shipped (the Royal College of Psychiatrists requires written
permission to distribute it), so a practice that holds permission defines it in its own
folder.  These tests use the worked example of docs/practice-defined-instruments.md, as
written there: its item texts and answer labels are placeholders this project wrote, never
the licensed wording.  Item 10 (thoughts of self-harm) above 0 must reach every output
that PHQ-9 item 9 reaches: the score table and JSON (with the same exit code), page 1 of
the clinician summary, the handout (crisis section first, crisis lines on page 1) and the
batch summary.csv; item 10 left blank must give the review flag.  The reverse-scored items
are checked against an independent reference written from the published scoring.
"""

from __future__ import annotations

import csv
import io
import json
import random
import re
from pathlib import Path

import pytest
from pypdf import PdfReader

from toolkit.content.catalog import Catalog
from toolkit.intake.answers import normalise
from toolkit.practice.loader import load_practice
from toolkit.scoring.scorer import score

ROOT = Path(__file__).resolve().parents[2]
DOC = ROOT / "docs" / "practice-defined-instruments.md"
ITEMS = [f"q{i}" for i in range(1, 11)]
FORWARD = {"q1", "q2", "q4"}  # Cox et al. 1987: printed answers score 0-3; the others 3-0
POSITION = ["first answer from your licensed copy", "second answer", "third answer", "fourth answer"]
URGENT_MESSAGE = "Item 10 (thoughts of self-harm) was answered above 0. Assess risk today"
REVIEW_MESSAGE = "Item 10 (thoughts of self-harm) was not answered"


def example_yaml() -> str:
    """The worked example, exactly as the documentation gives it."""
    found = re.search(r"```yaml\n# my-practice/screeners/epds.yaml\n(.*?)```", DOC.read_text(encoding="utf-8"),
                      re.S)
    assert found, "the worked EPDS example is missing from docs/practice-defined-instruments.md"
    return found.group(1)


def label(item: str, position: int) -> str:
    """The placeholder label of an item's answer printed at ``position`` (0 = first)."""
    return f"Item {item[1:]}, {POSITION[position]}"


def ref_score(item: str, position: int) -> int:
    """The published score of the answer printed at ``position``: 0-3 down the list for
    items 1, 2 and 4; 3-0 for the reverse-scored items 3 and 5-10."""
    return position if item in FORWARD else 3 - position


def ref_band(total: int) -> str:
    # 10 or more (the scoring notes, greater sensitivity); 13 or more (Cox 1987, 12/13)
    return "below-10" if total <= 9 else "ten-to-12" if total <= 12 else "thirteen-or-more"


@pytest.fixture(scope="module")
def practice(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("practice") / "my-practice"
    from toolkit.practice.scaffold import init_practice

    init_practice(folder, country="UK")
    (folder / "screeners" / "epds.yaml").write_text(example_yaml(), encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def epds(practice):
    return Catalog(practice).get("epds")


def intake(folder: Path, name: str, sid: str, answers: dict[str, object], client: str = "C-0201") -> Path:
    path = folder / name
    body = ", ".join(f"{k}: {json.dumps(v)}" for k, v in answers.items())
    path.write_text(f"client: {{id: {client}}}\ndate: 2026-11-20\nanswers:\n  {sid}: {{{body}}}\n",
                    encoding="utf-8")
    return path


def calm_epds(**changes: object) -> dict[str, object]:
    """Every item at its least troubled answer (score 0), with ``changes``; None leaves one out."""
    answers: dict[str, object] = {q: label(q, 0 if q in FORWARD else 3) for q in ITEMS}
    answers.update(changes)
    return {k: v for k, v in answers.items() if v is not None}


PHQ9_ITEM9 = {**{f"q{i}": 0 for i in range(1, 9)}, "q9": 1, "q10": 0}


def first_page(pdf: Path) -> str:
    return "".join(PdfReader(io.BytesIO(pdf.read_bytes())).pages[0].extract_text().split())


def flat(text: str) -> str:
    return "".join(text.split())


# --- the documented example ---------------------------------------------------------------------

def test_the_documented_example_is_valid_restricted_and_has_the_item_10_rule(practice, epds, run_cli):
    out = run_cli("validate", str(practice))
    assert out.returncode == 0, out.stderr
    assert epds.licence.status == "restricted" and [it.id for it in epds.items] == ITEMS
    rule = epds.item("q10").critical
    assert (rule.level, rule.at_least, rule.id) == ("urgent", 1, "self-harm")
    assert not any(it.reverse for it in epds.items)  # the values are the published scores


# --- item 10 above 0: every output, as PHQ-9 item 9 ---------------------------------------------

@pytest.mark.parametrize("position", [0, 1, 2])  # scores 3, 2, 1: every answer above 0
def test_item_10_above_0_is_urgent_in_the_table_and_json_with_phq9_item_9s_exit_code(
        position, practice, tmp_path, run_cli):
    path = intake(tmp_path, "e.yaml", "epds", calm_epds(q10=label("q10", position)))
    table = run_cli("score", str(path), "--practice", str(practice))
    phq9 = run_cli("score", str(intake(tmp_path, "p.yaml", "phq9", PHQ9_ITEM9)))
    assert table.returncode == phq9.returncode == 0, table.stderr
    text = flat(table.stdout)
    assert text.index("URGENTSAFETYFLAGS") < text.index("epds.q10(self-harm)") < text.index("Totalscore")
    assert flat(URGENT_MESSAGE) in text
    data = json.loads(run_cli("score", str(path), "--practice", str(practice), "--format", "json").stdout)
    [result] = data["results"]
    assert [f["id"] for f in result["flags"] if f["level"] == "urgent"] == ["self-harm"]
    assert result["flags"][0]["item"] == "q10"
    assert result["scores"][0]["value"] == 3 - position  # the total is low: the flag does not need it


def test_item_10_at_0_raises_no_flag(practice, tmp_path, run_cli):
    out = run_cli("score", str(intake(tmp_path, "e.yaml", "epds", calm_epds())), "--practice", str(practice),
                  "--format", "json")
    assert json.loads(out.stdout)["results"][0]["flags"] == []


def test_item_10_above_0_is_on_page_1_of_the_clinician_summary(practice, tmp_path, run_cli):
    path = intake(tmp_path, "e.yaml", "epds", calm_epds(q10=label("q10", 2)))
    out = run_cli("report", str(path), "--practice", str(practice), "-o", str(tmp_path / "r.pdf"))
    assert out.returncode == 0 and "1 urgent flag on page 1" in out.stdout, out.stderr
    page = first_page(tmp_path / "r.pdf")
    for text in ("URGENT: 1 flag to act on today", "Edinburgh Postnatal Depression Scale (EPDS)",
                 "Item q10: Item 10 wording from your licensed copy", "Answer: Item 10, third answer (1)",
                 URGENT_MESSAGE):
        assert flat(text) in page, text


def test_item_10_above_0_puts_crisis_help_first_with_the_crisis_lines_on_page_1(practice, tmp_path, run_cli):
    path = intake(tmp_path, "e.yaml", "epds", calm_epds(q10=label("q10", 2)))
    out = run_cli("handout", str(path), "--practice", str(practice), "-o", str(tmp_path / "h.pdf"))
    assert out.returncode == 0 and "crisis help is on page 1" in out.stdout, out.stderr
    page = first_page(tmp_path / "h.pdf")
    lines = load_practice(practice).crisis_lines
    assert lines and all(flat(line.number) in page for line in lines)
    assert flat("In an emergency call 999") in page
    calm = intake(tmp_path, "c.yaml", "epds", calm_epds())
    run_cli("handout", str(calm), "--practice", str(practice), "-o", str(tmp_path / "calm.pdf"))
    assert flat("In an emergency call 999") not in first_page(tmp_path / "calm.pdf")[:400]
    # the same safety section, in the same place, as PHQ-9 item 9 gives
    phq9 = intake(tmp_path, "p.yaml", "phq9", PHQ9_ITEM9)
    run_cli("handout", str(phq9), "-o", str(tmp_path / "p.pdf"), "--practice", str(practice))
    heading = "Youdeservesupportrightnow"
    assert page.index(heading) == first_page(tmp_path / "p.pdf").index(heading)


def test_item_10_above_0_reaches_the_batch_summary(practice, tmp_path, run_cli):
    rows = [["client_id", "date", *(f"epds.{q}" for q in ITEMS)]]
    rows.append(["E-1", "2026-11-20", *calm_epds(q10=label("q10", 2)).values()])
    rows.append(["E-2", "2026-11-20", *calm_epds().values()])
    rows.append(["E-3", "2026-11-20", *calm_epds(q10="").values()])
    src = tmp_path / "day.csv"
    with open(src, "w", newline="", encoding="utf-8") as fh:
        csv.writer(fh).writerows(rows)
    out = run_cli("batch", str(src), "--practice", str(practice), "--out", str(tmp_path / "out"),
                  "--no-handouts", "--quiet")
    assert out.returncode == 0, out.stderr
    with open(tmp_path / "out" / "summary.csv", encoding="utf-8") as fh:
        summary = {row["client_id"]: row for row in csv.DictReader(fh)}
    assert summary["E-1"]["urgent"] == "yes"
    assert "epds self-harm (item q10)" in summary["E-1"]["urgent_flags"]
    assert summary["E-2"]["urgent"] == "no" and summary["E-2"]["flags"] == ""
    assert summary["E-3"]["urgent"] == "no"
    assert "review: epds self-harm-unanswered (item q10)" in summary["E-3"]["flags"]
    assert summary["E-3"]["epds.total"] == "" and summary["E-3"]["epds.total.band"] == ""


# --- item 10 left blank: the review flag ----------------------------------------------------------

def test_item_10_unanswered_is_a_review_flag_in_the_table_json_and_summary(practice, tmp_path, run_cli):
    path = intake(tmp_path, "e.yaml", "epds", calm_epds(q10=None))
    table = flat(run_cli("score", str(path), "--practice", str(practice)).stdout)
    assert "Flagstoreview" in table and "epds.q10(self-harm-unanswered)" in table and "URGENT" not in table
    data = json.loads(run_cli("score", str(path), "--practice", str(practice), "--format", "json").stdout)
    [result] = data["results"]
    assert [(f["id"], f["level"]) for f in result["flags"]] == [("self-harm-unanswered", "review")]
    assert result["missing"] == ["q10"] and result["scores"][0]["value"] is None  # no band either
    assert run_cli("report", str(path), "--practice", str(practice), "-o", str(tmp_path / "r.pdf")).returncode == 0
    page = first_page(tmp_path / "r.pdf")
    assert flat("REVIEW: 1 flag to check before the client leaves") in page and flat(REVIEW_MESSAGE) in page


# --- the reverse-scored items against the published scoring ---------------------------------------

def test_every_item_scores_its_printed_answers_as_published(epds):
    """Each item alone at each printed answer (the rest at their 0 answer), by label."""
    for q in ITEMS:
        for position in range(4):
            raw = calm_epds(**{q: label(q, position)})
            answers, problems = normalise(epds, raw)
            assert not problems
            total = score(epds, answers).score("total")
            assert total.value == ref_score(q, position), (q, position)


def test_random_answer_patterns_match_the_published_scoring(epds):
    """20,000 random patterns of printed answers (and some left blank): total, band and the
    item 10 flag against the reference; an incomplete EPDS has no total and no band."""
    rng = random.Random(1987)
    for _ in range(20_000):
        positions = {q: rng.choice([0, 1, 2, 3, 0, 1, 2, 3, None]) for q in ITEMS}
        raw = {q: label(q, p) for q, p in positions.items() if p is not None}
        answers, problems = normalise(epds, raw)
        assert not problems
        result = score(epds, answers)
        total = result.score("total")
        if None in positions.values():
            assert total.value is None and total.band is None, positions
        else:
            expected = sum(ref_score(q, p) for q, p in positions.items())
            assert (total.value, total.band.id) == (expected, ref_band(expected)), positions
        flags = {(f.id, f.level) for f in result.flags}
        p10 = positions["q10"]
        if p10 is None:
            assert flags == {("self-harm-unanswered", "review")}, positions
        else:
            assert flags == ({("self-harm", "urgent")} if ref_score("q10", p10) > 0 else set()), positions
