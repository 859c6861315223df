"""`toolkit handout` end to end, as a clinician runs it: the PDF that comes out."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

pypdf = pytest.importorskip("pypdf")

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "examples" / "intakes"
DEJAVU = Path("/usr/share/fonts/truetype/dejavu")


def run(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "toolkit", *args], capture_output=True, text=True,
                          cwd=cwd, timeout=120)


def pdf_text(path: Path, page: int | None = None) -> str:
    reader = pypdf.PdfReader(str(path))
    pages = reader.pages if page is None else [reader.pages[page]]
    return "\n".join(p.extract_text() for p in pages)


def flat(text: str) -> str:
    return "".join(text.split())


def body_flat(path: Path, practice_name: str = "Your care team") -> str:
    """All pages' text without whitespace, page headers and footers, so text that
    runs over a page break reads as one piece again."""
    import re

    out = []
    for page in pypdf.PdfReader(str(path)).pages:
        text = flat(page.extract_text())
        for furniture in (flat("This handout is educational. It is not a diagnosis and does not "
                               "replace care from a health professional."), flat(practice_name)):
            text = text.replace(furniture, "")
        out.append(re.sub(r"Page\d+of\d+", "", text))
    return "".join(out)


def intake(tmp_path: Path, name: str = "Ana López", preferred: str | None = None, **extra: str) -> Path:
    path = tmp_path / "intake.yaml"
    client = {"id": "C-77", "name": name, "preferred_name": preferred or name}
    lines = ["client:"] + [f"  {k}: {yaml_quote(v)}" for k, v in client.items()]
    lines += ["date: 2026-11-20", "answers:", "  numbness: {cry: 3, flat: 2, duration: over-6-months, interference: 2}"]
    lines += [f"  {k}: {v}" for k, v in extra.items()]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def yaml_quote(value: str) -> str:
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def test_handout_for_each_example_is_written_privately(tmp_path):
    for name in ("ana", "ben", "chloe", "dev", "eli"):
        out = tmp_path / f"{name}.pdf"
        result = run("handout", str(EXAMPLES / f"{name}.yaml"), "-o", str(out))
        assert result.returncode == 0, result.stderr
        assert out.read_bytes().startswith(b"%PDF")
        assert (out.stat().st_mode & 0o777) == 0o600
    assert sorted(p.name for p in tmp_path.iterdir()) == [f"{n}.pdf" for n in ("ana", "ben", "chloe", "dev", "eli")]


def test_urgent_flag_puts_crisis_lines_on_page_one(tmp_path):
    out = tmp_path / "dev.pdf"
    assert run("handout", str(EXAMPLES / "dev.yaml"), "-o", str(out)).returncode == 0
    first = flat(pdf_text(out, 0))
    assert "988" in first and "911" in first
    calm = tmp_path / "ben.pdf"
    assert run("handout", str(EXAMPLES / "ben.yaml"), "-o", str(calm)).returncode == 0
    assert flat("You deserve support right now") not in flat(pdf_text(calm))


def test_urgent_crisis_lines_are_on_page_one_in_large_print_too(tmp_path):
    """The whole crisis box (the SAMHSA treatment line is not a crisis line: it follows the
    section's text, see test_samhsa_is_listed_after_the_crisis_box_as_a_treatment_line)."""
    out = tmp_path / "dev.pdf"
    assert run("handout", str(EXAMPLES / "dev.yaml"), "--large-print", "-o", str(out)).returncode == 0
    first = flat(pdf_text(out, 0))
    assert "Inanemergencycall911" in first and "988Suicide&CrisisLifeline:988" in first
    assert "callortext,free,24/7" in first


def test_every_page_says_educational_and_page_x_of_y(tmp_path):
    out = tmp_path / "ana.pdf"
    assert run("handout", str(EXAMPLES / "ana.yaml"), "-o", str(out)).returncode == 0
    reader = pypdf.PdfReader(str(out))
    n = len(reader.pages)
    for i, page in enumerate(reader.pages, start=1):
        text = flat(page.extract_text())
        assert flat(f"Page {i} of {n}") in text
        assert flat("This handout is educational") in text


def test_same_input_same_bytes(tmp_path):
    a, b = tmp_path / "a.pdf", tmp_path / "b.pdf"
    for out in (a, b):
        assert run("handout", str(EXAMPLES / "eli.yaml"), "-o", str(out)).returncode == 0
    assert a.read_bytes() == b.read_bytes()


def test_metadata_and_file_carry_no_client_data(tmp_path):
    out = tmp_path / "h.pdf"
    path = intake(tmp_path, name="Canaryname Zqx", preferred="Canarypref")
    assert run("handout", str(path), "-o", str(out)).returncode == 0
    meta = pypdf.PdfReader(str(out)).metadata or {}
    blob = " ".join(str(v) for v in meta.values())
    assert "Canary" not in blob and "C-77" not in blob and "2026-11-20" not in blob
    raw = out.read_bytes()
    assert b"C-77" not in raw  # the client id is never printed in a handout
    assert "Canarypref" in pdf_text(out)  # the name is shown on the page itself


@pytest.mark.parametrize("name", [
    "<b>Ana", "A & B", "&nbsp;", '<img src="x.png"/>', '<a href="https://evil.example">Ana</a>',
    "<font color=white>Ana</font>", "<br/>" * 5000, "Ana" * 3334,
])
def test_hostile_names_come_out_as_the_same_plain_text(tmp_path, name):
    out = tmp_path / "h.pdf"
    result = run("handout", str(intake(tmp_path, name=name)), "-o", str(out))
    assert result.returncode == 0, result.stderr
    assert flat(name) in body_flat(out)
    reader = pypdf.PdfReader(str(out))
    for page in reader.pages:
        for annot in page.get("/Annots") or []:
            uri = annot.get_object().get("/A", {}).get("/URI", "")
            assert "evil" not in str(uri)
        resources = page.get("/Resources") or {}
        xobjects = resources.get("/XObject") or {}
        assert not any(x.get_object().get("/Subtype") == "/Image" for x in xobjects.values())


def test_control_characters_in_a_name_are_refused_clearly(tmp_path):
    out = tmp_path / "h.pdf"
    result = run("handout", str(intake(tmp_path, name="Ana\u0007Bell")), "-o", str(out))
    assert result.returncode == 1 and "control character (U+0007)" in result.stderr
    assert not out.exists() and "Bell" not in result.stderr


def test_spanish_names_render_with_the_default_font(tmp_path):
    out = tmp_path / "h.pdf"
    result = run("handout", str(intake(tmp_path, name="Begoña Núñez Ibáñez")), "-o", str(out))
    assert result.returncode == 0, result.stderr
    assert "Begoña Núñez Ibáñez" in pdf_text(out)


@pytest.mark.parametrize("name, missing", [("Żaneta Wójcik", "1 of its characters (Latin letters)"),
                                           ("Ελένη Παπαδοπούλου", "(Greek letters)")])
def test_missing_glyphs_are_named_never_drawn_as_boxes(tmp_path, name, missing):
    out = tmp_path / "h.pdf"
    result = run("handout", str(intake(tmp_path, name=name)), "-o", str(out))
    assert result.returncode == 1
    assert missing in result.stderr and "font" in result.stderr and "Traceback" not in result.stderr
    assert result.stderr.startswith(f"{tmp_path / 'intake.yaml'}  client.preferred_name: cannot draw")
    assert not {c for c in name if ord(c) > 127} & set(result.stderr)  # not even the letters the font lacks
    assert "Wójcik" not in result.stderr and "Ελένη" not in result.stderr
    assert not out.exists()


@pytest.mark.skipif(not (DEJAVU / "DejaVuSans.ttf").exists(), reason="DejaVu fonts not installed "
                    "(.ci/run installs fonts-dejavu-core)")
@pytest.mark.parametrize("name", ["Żaneta Wójcik-Łęcka", "Ελένη Παπαδοπούλου", "Begoña Núñez"])
def test_a_practice_font_draws_polish_and_greek(tmp_path, name):
    practice = tmp_path / "practice"
    (practice / "fonts").mkdir(parents=True)
    for style in ("DejaVuSans.ttf", "DejaVuSans-Bold.ttf", "DejaVuSans-Oblique.ttf", "DejaVuSans-BoldOblique.ttf"):
        shutil.copy(DEJAVU / style, practice / "fonts" / style)
    (practice / "practice.yaml").write_text(
        "name: Riverside Therapy\ncountry: UK\nfonts:\n  regular: fonts/DejaVuSans.ttf\n"
        "  bold: fonts/DejaVuSans-Bold.ttf\n  italic: fonts/DejaVuSans-Oblique.ttf\n"
        "  bold_italic: fonts/DejaVuSans-BoldOblique.ttf\n", encoding="utf-8")
    out = tmp_path / "h.pdf"
    result = run("handout", str(intake(tmp_path, name=name)), "--practice", str(practice), "-o", str(out))
    assert result.returncode == 0, result.stderr
    assert flat(name) in flat(pdf_text(out))
    assert "116123" in flat(pdf_text(out))  # the UK practice's crisis line (Samaritans)


@pytest.mark.skipif(shutil.which("pdffonts") is None, reason="pdffonts (poppler-utils) not installed")
def test_every_font_is_embedded(tmp_path):
    out = tmp_path / "h.pdf"
    assert run("handout", str(EXAMPLES / "ana.yaml"), "-o", str(out)).returncode == 0
    listing = subprocess.run(["pdffonts", str(out)], capture_output=True, text=True).stdout.splitlines()[2:]
    assert listing and all(" yes " in line.split("Identity-H")[-1] or line.split()[-5] == "yes"
                           for line in listing)
    for line in listing:
        assert "Type 1" not in line  # no base-14 fonts
        emb = line.split()[-5]
        assert emb == "yes", line


def test_large_print_uses_18_point_text(tmp_path):
    normal, large = tmp_path / "n.pdf", tmp_path / "l.pdf"
    assert run("handout", str(EXAMPLES / "ben.yaml"), "-o", str(normal)).returncode == 0
    assert run("handout", str(EXAMPLES / "ben.yaml"), "-o", str(large), "--large-print").returncode == 0
    sizes = {}
    for label, path in (("normal", normal), ("large", large)):
        found = set()
        for page in pypdf.PdfReader(str(path)).pages:
            page.extract_text(visitor_text=lambda t, cm, tm, font, size, found=found:
                              found.add(round(size * tm[0], 1)) if t.strip() else None)
        sizes[label] = found
    assert 12.0 in sizes["normal"] and min(s for s in sizes["normal"]) >= 8
    assert 18.0 in sizes["large"]
    assert len(pypdf.PdfReader(str(large)).pages) > len(pypdf.PdfReader(str(normal)).pages)


def test_nothing_written_when_input_is_bad(tmp_path):
    out = tmp_path / "h.pdf"
    bad = tmp_path / "bad.yaml"
    bad.write_text("client: {id: X}\ndate: 2026-11-20\nanswers:\n  phq9: {q1: lots}\n", encoding="utf-8")
    result = run("handout", str(bad), "-o", str(out))
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert list(tmp_path.iterdir()) == [bad]


def test_previous_file_survives_a_failed_run(tmp_path):
    out = tmp_path / "h.pdf"
    out.write_bytes(b"%PDF previous")
    bad = intake(tmp_path, name="Ελένη")  # cannot be drawn with the default font
    assert run("handout", str(bad), "-o", str(out)).returncode == 1
    assert out.read_bytes() == b"%PDF previous"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["h.pdf", "intake.yaml"]


def test_csv_needs_a_client_choice(tmp_path):
    csv_file = EXAMPLES / "clinic-day.csv"
    out = tmp_path / "h.pdf"
    many = run("handout", str(csv_file), "-o", str(out))
    assert many.returncode == 1 and "--client" in many.stderr
    first_id = csv_file.read_text(encoding="utf-8").splitlines()[1].split(",")[0]
    one = run("handout", str(csv_file), "--client", first_id, "-o", str(out))
    assert one.returncode == 0, one.stderr and out.exists()


@pytest.mark.parametrize("target, message", [("folder", "is a folder"), ("nowhere/h.pdf", "does not exist"),
                                             ("h.txt", "must end in .pdf")])
def test_bad_output_paths(tmp_path, target, message):
    (tmp_path / "folder").mkdir()
    result = run("handout", str(EXAMPLES / "ana.yaml"), "-o", str(tmp_path / target))
    assert result.returncode == 1 and message in result.stderr


def test_practice_branding_and_crisis_lines(tmp_path):
    practice = tmp_path / "p"
    assert run("practice", "init", str(practice), "--country", "AU").returncode == 0
    text = (practice / "practice.yaml").read_text(encoding="utf-8")
    (practice / "practice.yaml").write_text(text.replace("name:", "name: Harbour Psychology #", 1)
                                            if "name: " not in text else text, encoding="utf-8")
    out = tmp_path / "h.pdf"
    result = run("handout", str(EXAMPLES / "dev.yaml"), "--practice", str(practice), "-o", str(out))
    assert result.returncode == 0, result.stderr
    first = flat(pdf_text(out, 0))
    assert "131114" in first and "000" in first  # Lifeline and the Australian emergency number
    assert "988" not in first


@pytest.mark.parametrize("country, numbers", [
    ("US", ["988Suicide&CrisisLifeline:988", "callortext,free,24/7", "911"]),
    ("UK", ["Samaritans:116123", "Shout:85258", "NHS:111", "inEngland,ScotlandandWales", "999"]),
    ("IE", ["Samaritans:116123", "Crisistextline:50808", "112or999"]),
    ("CA", ["9-8-8SuicideCrisisHelpline:988", "911"]),
    ("AU", ["Lifeline:131114", "BeyondBlue:1300224636", "000"]),
])
def test_each_countrys_crisis_lines_are_on_page_one_when_urgent(tmp_path, country, numbers):
    practice = tmp_path / f"p-{country}"
    assert run("practice", "init", str(practice), "--country", country).returncode == 0
    out = tmp_path / "dev.pdf"
    result = run("handout", str(EXAMPLES / "dev.yaml"), "--practice", str(practice), "-o", str(out))
    assert result.returncode == 0, result.stderr
    first = flat(pdf_text(out, 0))
    for needed in numbers:
        assert needed in first, needed
    assert "SAMHSA" not in first or country == "US"


def test_samhsa_is_listed_after_the_crisis_box_as_a_treatment_line(tmp_path):
    """The crisis box opens page 1 unchanged; the treatment-referral line follows the urgent
    section's text, labelled as not a crisis line."""
    out = tmp_path / "dev.pdf"
    assert run("handout", str(EXAMPLES / "dev.yaml"), "-o", str(out)).returncode == 0
    first = flat(pdf_text(out, 0))
    box, urgent_text = first.index("988Suicide&CrisisLifeline:988"), first.index("Calloneofthelinesinthebox")
    assert box < urgent_text < first.index("Findingtreatment") < first.index("SAMHSANationalHelpline:1-800-662-4357")
    assert "notacrisisline" in first
    assert flat(pdf_text(out)).count("1-800-662-4357") == 1  # once, with the crisis lines' first appearance


def medication_practice(tmp_path: Path) -> tuple[Path, Path, Path]:
    """A practice whose own templates carry a risky medication sentence: an overlay
    of the default handout (line 9) and a handout of its own (line 13)."""
    practice = tmp_path / "p"
    (practice / "handouts").mkdir(parents=True)
    (practice / "practice.yaml").write_text("name: Test Practice\ncountry: US\n", encoding="utf-8")
    overlay = practice / "handouts" / "numbness.yaml"
    overlay.write_text(
        "id: numbness\nextends: numbness\nsections:\n  - id: local\n    heading: Groups near you\n"
        "    after: coping\n    sources: Our own groups.\n    body: |\n"
        "      Tuesday evenings at the clinic. Some people take a break from their antidepressant first.\n",
        encoding="utf-8")
    own = practice / "handouts" / "ours.yaml"
    own.write_text(
        "id: ours\nversion: \"1.0\"\ntitle: Our handout\nsections:\n"
        "  - id: help\n    heading: Get help\n    safety: true\n    body: Call {crisis.emergency} any time.\n"
        "    sources: Our own notes.\n"
        "  - id: meds\n    heading: Your medicine\n"
        "    sources: Our own notes.\n    body: You may not need your tablets much longer.\n", encoding="utf-8")
    return practice, overlay, own


@pytest.mark.parametrize("which", ["overlay", "own"])
def test_a_practice_template_that_suggests_changing_a_medicine_is_refused(tmp_path, which):
    practice, overlay, own = medication_practice(tmp_path)
    out = tmp_path / "h.pdf"
    args = ["--handout", "ours"] if which == "own" else []
    result = run("handout", str(EXAMPLES / "ana.yaml"), "--practice", str(practice), *args, "-o", str(out))
    assert result.returncode == 1 and "Traceback" not in result.stderr
    first, *_, last = result.stderr.splitlines()
    where = (f"{overlay}:9:39  sections[0].body: \"Some people take a break from their antidepressant first.\""
             if which == "overlay" else
             f"{own}:13:11  sections[1].body: \"You may not need your tablets much longer.\"")
    assert first.startswith(where + " may suggest stopping, skipping, pausing, reducing or changing a medicine")
    assert last == "1 problem found."
    assert not out.exists()


def test_built_in_handouts_are_not_refused_with_a_practice(tmp_path):
    practice, overlay, own = medication_practice(tmp_path)
    overlay.unlink()
    out = tmp_path / "h.pdf"
    result = run("handout", str(EXAMPLES / "ana.yaml"), "--practice", str(practice), "-o", str(out))
    assert result.returncode == 0, result.stderr
    assert out.exists()


def test_a_wrong_handout_id_lists_every_known_id_a_practice_handout_too(tmp_path, run_cli, assert_refused_cleanly):
    """`toolkit handout --handout WRONG` names what there is, the practice's own handouts included."""
    folder = tmp_path / "practice"
    (folder / "handouts").mkdir(parents=True)
    (folder / "practice.yaml").write_text("name: Riverside\ncountry: UK\n", encoding="utf-8")
    (folder / "handouts" / "our-groups.yaml").write_text(
        "id: our-groups\nversion: '1'\ntitle: Our groups\n"
        "sections: [{id: help, heading: Help now, body: 'Call {crisis.emergency}.', safety: true}]\n",
        encoding="utf-8")
    out = tmp_path / "out.pdf"
    [line] = assert_refused_cleanly(run_cli("handout", EXAMPLES / "ana.yaml", "--out", out, "--practice", folder,
                                            "--handout", "numbnes"))
    assert "no handout with id 'numbnes'" in line
    known = line.split("(known: ", 1)[1].rstrip(")").split(", ")
    assert known == sorted(known)  # other built-in handouts may join the list
    assert {"burnout", "for-partners", "medication-and-feelings", "numbness", "our-groups",
            "reconnecting-with-feelings"} <= set(known)
    assert not out.exists()
