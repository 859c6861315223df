"""The clinician summary PDF: flags on page one, no band for an incomplete score,
history charts, vector graphics, private metadata, invariance, literal client text."""

from __future__ import annotations

import io
import re
from dataclasses import replace
from pathlib import Path

import pytest
from pypdf import PdfReader

from toolkit import Catalog
from toolkit.api import read_intakes
from toolkit.core.errors import ProblemList
from toolkit.pipelines.report import build_report, render_report, write_report
from toolkit.practice.loader import load_practice

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "examples" / "intakes"
BANDS = ("Minimal", "Mild", "Moderate", "Moderately severe", "Severe")


def flat(s: str) -> str:
    return "".join(s.split())


def page_texts(pdf: bytes | Path) -> list[str]:
    data = pdf.read_bytes() if isinstance(pdf, Path) else pdf
    return [p.extract_text() for p in PdfReader(io.BytesIO(data)).pages]


def write_intake(folder: Path, name: str, *, client_id: str = "C-77", client_name: str = "Ana Test",
                 date: str = "2026-11-20", **answers: str) -> Path:
    path = folder / name
    lines = ["client:", f"  id: {quote(client_id)}", f"  name: {quote(client_name)}", f"date: {date}", "answers:"]
    lines += [f"  {sid}: {block}" for sid, block in answers.items()]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def quote(value: str) -> str:
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def phq9(q9: str = "0", missing: tuple[int, ...] = ()) -> str:
    items = [f"q{i}: 1" for i in range(1, 9) if i not in missing]
    return "{" + ", ".join(items + ([f"q9: {q9}"] if q9 else [])) + "}"


def report(*paths: Path, **kw) -> bytes:
    catalog = Catalog()
    intakes = [i for p in paths for i in read_intakes(p, catalog=catalog)]
    return render_report(build_report(intakes, catalog=catalog, context=load_practice(None), **kw))


def test_every_urgent_flag_is_on_page_one(tmp_path):
    path = write_intake(tmp_path, "a.yaml", phq9=phq9("2"),
                        asq="{q1: 'yes', q2: 'no', q3: 'no', q4: 'no', q5: 'yes'}",
                        numbness="{cry: 3, flat: 3, duration: over-6-months, interference: 3}")
    first = flat(page_texts(report(path))[0])
    assert first.count("URGENT·") == 2
    for text in ("Patient Health Questionnaire-9 (PHQ-9)", "Item q9: Thoughts that you would be better off dead",
                 "Answer: More than half the days (2)", "Assess suicide risk today",
                 "Ask Suicide-Screening Questions (ASQ)", "Result: Acute positive screen (imminent risk)",
                 "Answer: Yes", "must not leave until that evaluation is done"):
        assert flat(text) in first, text


def test_dev_example_urgent_flags_are_on_page_one():
    pdf = report(EXAMPLES / "dev.yaml")
    first = flat(page_texts(pdf)[0])
    assert flat("URGENT: 2 flags to act on today") in first
    assert flat("Item 9 (thoughts of being better off dead or of self-harm) was answered above 0") in first
    assert flat("ASQ non-acute positive: potential risk identified") in first


def test_unanswered_item_9_is_a_review_flag_on_page_one(tmp_path):
    path = write_intake(tmp_path, "a.yaml", phq9=phq9(q9=""))
    first = flat(page_texts(report(path))[0])
    assert flat("REVIEW: 1 flag to check before the client leaves") in first
    assert flat("Item q9: Thoughts that you would be better off dead") in first
    assert flat("Answer: not answered") in first
    assert flat("Item 9 (thoughts of death or self-harm) was not answered") in first
    assert "URGENT" not in first


def test_no_flags_says_so_with_the_phq9_note(tmp_path):
    first = flat(page_texts(report(write_intake(tmp_path, "a.yaml", phq9=phq9())))[0])
    assert flat("No safety flags raised by these screeners.") in first
    assert flat("PHQ-9: A 0 on item 9 does not rule out risk.") in first


def test_an_incomplete_score_shows_no_band(tmp_path):
    path = write_intake(tmp_path, "a.yaml", phq9=phq9(missing=(1, 2, 3)))
    text = " ".join(page_texts(report(path)))
    assert flat("Total score: incomplete: 6 of 9 answered; not scored") in flat(text)
    for band in BANDS:
        assert not re.search(rf"\b{band}\b", text), band
    complete = " ".join(page_texts(report(write_intake(tmp_path, "b.yaml", phq9=phq9(missing=(1,))))))
    assert flat("8 (prorated from 8 of 9 answers)") in flat(complete) and "Mild" in complete


def test_wsas_item_1_not_applying_is_said_and_two_gaps_give_no_band(tmp_path):
    """The WSAS "retired or not working" box: the summary says item 1 does not apply and the
    total is prorated; with one more item missing there is no value and no band."""
    path = write_intake(tmp_path, "a.yaml", wsas="{q1: not-working, q2: 2, q3: 2, q4: 2, q5: 2}")
    text = flat(" ".join(page_texts(report(path))))
    assert flat("Total score: prorated from 4 of 5 answers (item q1 does not apply).") in text
    assert flat("If you're retired or choose not to have a job") in text and "Significantimpairment" in text
    path = write_intake(tmp_path, "b.yaml", wsas="{q1: not-working, q2: 8, q3: 8, q4: 8}")
    text = " ".join(page_texts(report(path)))
    assert flat("Total score: 3 of 5 answered (item q1 does not apply), too few to score") in flat(text)
    for band in ("Subclinical", "Significant impairment", "Moderately severe or worse"):
        assert flat(band) not in flat(text), band


def test_history_chart_from_several_files(tmp_path):
    paths = [write_intake(tmp_path, f"{d}.yaml", date=d, phq9=phq9(q9=q9, missing=m))
             for d, q9, m in (("2026-11-20", "0", ()), ("2026-08-01", "1", ()),
                              ("2026-09-01", "0", (1, 2, 3)), ("2026-10-01", "0", (4,)))]
    texts = page_texts(report(*paths))
    assert flat("Intake 2026-11-20") in flat(texts[0]) and flat("3 earlier intakes") in flat(texts[0])
    history = flat(" ".join(texts).split("History", 1)[1])
    for date in ("2026-08-01", "2026-09-01", "2026-10-01", "2026-11-20"):
        assert date in history  # date labels of the chart
    assert flat("Not drawn (too many answers missing): 2026-09-01 (incomplete: 6 of 9 answered).") in history
    assert "Severe" in history  # the band regions are labelled
    without = flat(" ".join(page_texts(report(paths[0]))))
    assert "History" not in without


def test_history_chart_from_a_csv_with_several_rows_for_one_client(tmp_path):
    csv = tmp_path / "day.csv"
    csv.write_text("client_id,date,gad7.q1,gad7.q2,gad7.q3,gad7.q4,gad7.q5,gad7.q6,gad7.q7\n"
                   "C-5,2026-11-20,1,1,1,1,1,1,1\nC-6,2026-11-20,0,0,0,0,0,0,0\n"
                   "C-5,2026-10-01,3,3,3,3,3,3,3\n", encoding="utf-8")
    text = " ".join(page_texts(report(csv, client_id="C-5")))
    assert "History" in text and "2026-10-01" in text.split("History", 1)[1]
    with pytest.raises(ProblemList, match="these intakes are of 2 different clients"):
        report(csv)


def test_charts_are_vector_and_there_are_no_links_or_images():
    pdf = report(EXAMPLES / "chloe.yaml")
    for page in PdfReader(io.BytesIO(pdf)).pages:
        xobjects = (page.get("/Resources") or {}).get("/XObject") or {}
        assert not any(x.get_object().get("/Subtype") == "/Image" for x in xobjects.values())
        assert not page.get("/Annots")
    assert b"/Subtype /Image" not in pdf


def test_metadata_has_fixed_words_only_and_same_input_gives_same_bytes(tmp_path):
    path = write_intake(tmp_path, "a.yaml", client_id="C-Canary9", client_name="Canaryname Zqx", phq9=phq9())
    pdf = report(path)
    meta = PdfReader(io.BytesIO(pdf)).metadata or {}
    assert meta.get("/Title") == "Clinician summary"
    blob = " ".join(str(v) for v in meta.values())
    assert "Canary" not in blob and "2026-11-20" not in blob
    assert pdf == report(path)
    for text in page_texts(pdf):  # the id and date on every page (the running line)
        assert flat("Client C-Canary9 · Intake 2026-11-20 · Confidential") in flat(text)
    assert "Canaryname Zqx" in page_texts(pdf)[0]


def test_written_privately_and_nothing_written_on_failure(tmp_path):
    out = tmp_path / "r.pdf"
    doc = write_report([EXAMPLES / "ana.yaml"], out)
    assert (out.stat().st_mode & 0o777) == 0o600 and doc.client_id == "C-0001"
    assert [p.name for p in tmp_path.iterdir()] == ["r.pdf"]
    bad = tmp_path / "bad.pdf"
    with pytest.raises(ProblemList):
        write_report([EXAMPLES / "ana.yaml", EXAMPLES / "dev.yaml"], bad)
    assert not bad.exists()


@pytest.mark.parametrize("client_id, name", [
    ("<b>x", "<b>Ana"), ("&", "A & B &amp; &nbsp;"), ('<a href="https://evil.example">x</a>', '<a href="https://evil.example">Ana</a>'),
    ("C-1", "<font color=white>Ana</font><br/>"),
])
def test_hostile_ids_and_names_come_out_as_plain_text(tmp_path, client_id, name):
    path = write_intake(tmp_path, "a.yaml", client_id=client_id, client_name=name, phq9=phq9("1"))
    pdf = report(path)
    texts = page_texts(pdf)
    assert flat(name) in flat(texts[0])
    for text in texts:
        assert flat(f"Client {client_id} · Intake 2026-11-20") in flat(text)
    reader = PdfReader(io.BytesIO(pdf))
    assert not any(page.get("/Annots") for page in reader.pages)
    assert b"evil.example" not in pdf.split(b"stream")[0]  # nothing in the document catalogue or metadata


def test_a_10000_character_name_is_cut_and_the_flags_stay_on_page_one(tmp_path):
    path = write_intake(tmp_path, "a.yaml", client_name="Ana " * 2500, phq9=phq9("3"))
    first = flat(page_texts(report(path))[0])
    assert "URGENT·" in first and flat("Assess suicide risk today") in first
    assert "\u2026" in first


def test_long_item_text_wraps_in_its_cell(tmp_path):
    catalog = Catalog()
    doc = build_report(read_intakes(EXAMPLES / "ana.yaml", catalog=catalog), catalog=catalog,
                       context=load_practice(None))
    long_text = "Worrying about everything " * 400 + "THE-END"
    phq = doc.screeners[0]
    rows = (replace(phq.answers[0], text=long_text, item_id="a-very-long-item-id-" * 3), *phq.answers[1:])
    doc = replace(doc, screeners=(replace(phq, answers=rows), *doc.screeners[1:]))
    text = flat(" ".join(page_texts(render_report(doc))))
    assert "THE-END" in text and text.count("Worryingabouteverything") >= 390


def test_a_character_the_font_cannot_draw_is_named_not_drawn(tmp_path):
    path = write_intake(tmp_path, "a.yaml", client_name="Ελένη Test", phq9=phq9())
    out = tmp_path / "r.pdf"
    with pytest.raises(ProblemList) as exc:
        write_report([path], out)
    message = str(exc.value)
    # how many characters and their script, never the letters (issue 14, item 12)
    assert message.startswith(f"{path}  client.name: cannot draw") and "(Greek letters)" in message
    assert not set("Ελένη") & set(message) and "C-77" not in message and not out.exists()


DEJAVU = Path("/usr/share/fonts/truetype/dejavu")


@pytest.mark.skipif(not (DEJAVU / "DejaVuSans.ttf").exists(), reason="DejaVu fonts not installed "
                    "(.ci/run installs fonts-dejavu-core)")
def test_a_practice_font_and_branding_draw_greek(tmp_path):
    import shutil

    practice = tmp_path / "practice"
    (practice / "fonts").mkdir(parents=True)
    for style in ("DejaVuSans.ttf", "DejaVuSans-Bold.ttf", "DejaVuSans-Oblique.ttf", "DejaVuSans-BoldOblique.ttf"):
        shutil.copy(DEJAVU / style, practice / "fonts" / style)
    (practice / "practice.yaml").write_text(
        "name: Riverside Therapy\ncountry: UK\nfooter: Riverside footer line\nfonts:\n"
        "  regular: fonts/DejaVuSans.ttf\n  bold: fonts/DejaVuSans-Bold.ttf\n"
        "  italic: fonts/DejaVuSans-Oblique.ttf\n  bold_italic: fonts/DejaVuSans-BoldOblique.ttf\n",
        encoding="utf-8")
    path = write_intake(tmp_path, "a.yaml", client_name="Ελένη Παπαδοπούλου", phq9=phq9())
    out = tmp_path / "r.pdf"
    write_report([path], out, practice=practice)
    texts = page_texts(out)
    assert "Ελένη Παπαδοπούλου" in texts[0]
    meta = PdfReader(str(out)).metadata
    assert meta.get("/Title") == "Clinician summary" and meta.get("/Author") == "Riverside Therapy"
    for text in texts:
        assert "Riverside Therapy" in text and "Riverside footer line" in text
