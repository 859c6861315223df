"""Practice folders: loading, the built-in default, crisis lines, shadowing, ``practice init``."""

from __future__ import annotations

import shutil
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from toolkit.content.catalog import Catalog, builtin_dir
from toolkit.core.errors import ProblemList
from toolkit.documents.handout import Branding, CrisisLine
from toolkit.practice.crisis_lines import BUILTIN, KNOWN, builtin_crisis
from toolkit.practice.files import vera_fonts
from toolkit.practice.loader import DEFAULT_PRACTICE, load_practice
from toolkit.practice.scaffold import SCHEMA_LINE, init_practice


def png_bytes() -> bytes:
    from io import BytesIO

    from PIL import Image

    out = BytesIO()
    Image.new("RGB", (40, 20), "#1F4E79").save(out, format="PNG")
    return out.getvalue()


def write_practice(folder: Path, text: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "practice.yaml").write_text(text, encoding="utf-8")
    return folder


# --- the built-in default ---------------------------------------------------

def test_default_practice_needs_no_folder():
    ctx = load_practice(None)
    assert ctx.folder is None and ctx.model is DEFAULT_PRACTICE
    assert ctx.model.name == "Your care team" and ctx.model.country == "US"
    assert ctx.emergency_number == "911"
    assert ctx.crisis_lines == BUILTIN["US"].lines
    b = ctx.branding()
    assert isinstance(b, Branding)
    assert b.practice_name == "Your care team" and b.logo_path is None
    assert (b.primary_colour, b.accent_colour) == ("#1F4E79", "#E8F0F7")
    assert b.base_font_size == 12
    assert set(b.fonts) == {"regular", "bold", "italic", "bold_italic"}
    assert Path(b.fonts["regular"]).name == "Vera.ttf"


def test_vera_fonts_exist():
    fonts = vera_fonts()
    assert fonts and all(Path(p).is_file() for p in fonts.values())


# --- crisis lines per country -------------------------------------------------

@pytest.mark.parametrize("country, emergency, first", [
    ("US", "911", CrisisLine("988 Suicide & Crisis Lifeline", "988", "call or text, free, 24/7")),
    ("UK", "999", CrisisLine("Samaritans", "116 123", "call, free, 24/7")),
    ("GB", "999", CrisisLine("Samaritans", "116 123", "call, free, 24/7")),
    ("IE", "112 or 999", CrisisLine("Samaritans", "116 123", "call, free, 24/7")),
    ("CA", "911", CrisisLine("9-8-8 Suicide Crisis Helpline", "988", "call or text, free, 24/7")),
    ("AU", "000", CrisisLine("Lifeline", "13 11 14", "call, 24/7")),
])
def test_builtin_crisis_lines_per_country(tmp_path, country, emergency, first):
    ctx = load_practice(write_practice(tmp_path / "p", f"name: P\ncountry: {country}\n"))
    assert ctx.emergency_number == emergency
    assert ctx.crisis_lines[0] == first
    assert ctx.crisis_lines == builtin_crisis(country).lines
    assert ctx.treatment_lines == builtin_crisis(country).treatment_lines


# Every built-in line, word for word against docs/content/facts.md, with its source and check
# date: tests/practice/test_crisis_lines.py.


def test_own_crisis_lines_replace_the_builtin_treatment_lines_too(tmp_path):
    us = load_practice(write_practice(tmp_path / "us", "name: P\ncountry: US\n"))
    assert [x.name for x in us.treatment_lines] == ["SAMHSA National Helpline"]
    own = load_practice(write_practice(tmp_path / "own", (
        "name: P\ncountry: US\ncrisis_lines:\n  - {name: Our line, number: \"555-0100\"}\n")))
    assert own.treatment_lines == ()
    assert BUILTIN["US"].treatment_lines and all(not BUILTIN[c].treatment_lines for c in KNOWN if c != "US")


def test_own_crisis_lines_replace_builtin_and_elsewhere_works(tmp_path):
    folder = write_practice(tmp_path / "de", (
        "name: Praxis am See\ncountry: DE\nemergency_number: \"112\"\n"
        "crisis_lines:\n  - name: Telefonseelsorge\n    number: \"0800 111 0 111\"\n"
        "    note: free, 24/7\n"))
    ctx = load_practice(folder)
    assert ctx.crisis_lines == (CrisisLine("Telefonseelsorge", "0800 111 0 111", "free, 24/7"),)
    assert ctx.emergency_number == "112"
    us = load_practice(write_practice(tmp_path / "us", (
        "name: P\ncrisis_lines:\n  - {name: Our line, number: \"555-0100\"}\n")))
    assert us.crisis_lines == (CrisisLine("Our line", "555-0100"),) and us.emergency_number == "911"


# --- loading and branding ----------------------------------------------------------

def test_full_practice_branding(tmp_path):
    folder = write_practice(tmp_path / "p", (
        "name: Riverside Counselling\naddress: |\n  12 High Street\n  Springfield\n"
        "phone: \"555-0100\"\nemail: office@example.org\nwebsite: https://example.org\n"
        "logo: logo.png\ncolours: {primary: \"#1f4e79\", accent: \"#ffffff\"}\n"
        "fonts: {regular: fonts/R.ttf, bold: fonts/B.ttf}\nfooter: Call us any time.\n"
        "base_font_size: 13\n"))
    (folder / "logo.png").write_bytes(png_bytes())
    (folder / "fonts").mkdir()
    shutil.copy(vera_fonts()["regular"], folder / "fonts" / "R.ttf")
    shutil.copy(vera_fonts()["bold"], folder / "fonts" / "B.ttf")
    b = load_practice(folder).branding()
    assert b.contact_line == ("12 High Street, Springfield · 555-0100 · office@example.org"
                              " · https://example.org")
    assert b.logo_path == str((folder / "logo.png").resolve())
    assert b.primary_colour == "#1F4E79" and b.accent_colour == "#FFFFFF"
    root = folder.resolve()
    assert b.fonts == {"regular": str(root / "fonts/R.ttf"), "bold": str(root / "fonts/B.ttf"),
                       "italic": str(root / "fonts/R.ttf"), "bold_italic": str(root / "fonts/R.ttf")}
    assert b.footer == "Call us any time." and b.base_font_size == 13


@pytest.mark.parametrize("base, expected", [(12, 18), (14, 18), (20, 20)])
def test_large_print_sets_body_size_to_18(tmp_path, base, expected):
    ctx = load_practice(write_practice(tmp_path / "p", f"name: P\nbase_font_size: {base}\n"
                                                       "large_print: true\n"))
    assert ctx.branding().base_font_size == expected


def test_numbers_written_without_quotes_keep_their_spelling(tmp_path):
    ctx = load_practice(write_practice(tmp_path / "p", "name: P\ncountry: AU\nphone: 0400123456\n"
                                                       "emergency_number: 000\n"))
    assert ctx.model.phone == "0400123456" and ctx.emergency_number == "000"


def test_all_problems_are_reported_together(tmp_path):
    folder = write_practice(tmp_path / "p", "name: ''\nlogo: missing.png\ncolours: {primary: '#FFFF00'}\n")
    with pytest.raises(ProblemList) as info:
        load_practice(folder)
    assert [p.path for p in info.value.problems] == ["name", "logo", "colours.primary"]


# --- shadowing --------------------------------------------------------------------

def test_practice_screeners_shadow_builtins_by_id(tmp_path):
    folder = write_practice(tmp_path / "p", "name: P\n")
    (folder / "screeners").mkdir()
    text = (builtin_dir("screeners") / "gad2.yaml").read_text(encoding="utf-8")
    assert "\ntitle: " in text
    lines = [("title: GAD-2 (Riverside copy)" if ln.startswith("title: ") else ln)
             for ln in text.splitlines()]
    (folder / "screeners" / "gad2.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    catalog = Catalog(folder)
    assert catalog.get("gad2").title == "GAD-2 (Riverside copy)"
    assert catalog.origin("gad2")[0] == "practice"
    assert catalog.origin("phq9")[0] == "built-in"
    assert Catalog(None).get("gad2").title != "GAD-2 (Riverside copy)"


# --- practice init --------------------------------------------------------------------

@pytest.mark.parametrize("country", ["US", "uk", "GB", "IE", "CA", "AU"])
def test_init_then_load_round_trip(tmp_path, country):
    folder = tmp_path / "my-practice"
    written = init_practice(folder, country)
    assert {p.relative_to(folder).as_posix() for p in written} == {
        "practice.yaml", "sample-intake.yaml", "handouts/README.txt", "screeners/README.txt",
        "schemas/screener.schema.json", "schemas/handout.schema.json",
        "schemas/practice.schema.json"}
    text = (folder / "practice.yaml").read_text(encoding="utf-8")
    assert text.startswith(SCHEMA_LINE)
    ctx = load_practice(folder)
    assert ctx.model.country == country.upper()
    assert ctx.crisis_lines == builtin_crisis(country).lines
    for line in builtin_crisis(country).lines:
        assert line.number in text  # shown to the practice manager
    assert (folder / "schemas" / "practice.schema.json").is_file()


def test_uncommenting_the_crisis_lines_example_still_loads(tmp_path):
    folder = tmp_path / "p"
    init_practice(folder, "US")
    path = folder / "practice.yaml"
    text = path.read_text(encoding="utf-8")
    start = text.index("# crisis_lines:")
    end = text.index("# emergency_number:")
    end = text.index("\n", end) + 1
    block = "".join(ln[2:] + "\n" for ln in text[start:end].splitlines())
    path.write_text(text[:start] + block + text[end:], encoding="utf-8")
    ctx = load_practice(folder)
    assert ctx.model.crisis_lines is not None and ctx.crisis_lines == BUILTIN["US"].lines


def test_sample_intake_scores_with_the_practice(tmp_path):
    from toolkit.api import read_intakes, score_intake

    folder = tmp_path / "p"
    init_practice(folder, "CA")
    catalog = Catalog(folder)
    intakes = read_intakes(folder / "sample-intake.yaml", catalog=catalog)
    result = score_intake(intakes[0], catalog=catalog)
    assert result is not None


def test_init_refuses_to_overwrite(tmp_path):
    folder = tmp_path / "p"
    init_practice(folder, "US")
    (folder / "practice.yaml").write_text("name: Edited by hand\n", encoding="utf-8")
    with pytest.raises(ProblemList) as info:
        init_practice(folder, "UK")
    assert "already exists" in str(info.value)
    assert (folder / "practice.yaml").read_text(encoding="utf-8") == "name: Edited by hand\n"


def test_init_refuses_when_any_file_is_in_the_way(tmp_path):
    folder = tmp_path / "p"
    (folder / "handouts").mkdir(parents=True)
    (folder / "handouts" / "README.txt").write_text("mine")
    with pytest.raises(ProblemList) as info:
        init_practice(folder, "US")
    assert [Path(p.file).name for p in info.value.problems] == ["README.txt"]
    assert not (folder / "practice.yaml").exists()
    assert (folder / "handouts" / "README.txt").read_text() == "mine"


@pytest.mark.parametrize("country, words", [
    ("DE", "no built-in crisis lines for DE"), ("XX", "no built-in crisis lines for XX"),
    ("USA", "not a two-letter country code"), ("", "not a two-letter country code")])
def test_init_refuses_unknown_countries(tmp_path, country, words):
    with pytest.raises(ProblemList) as info:
        init_practice(tmp_path / "p", country)
    message = str(info.value)
    assert words in message and "US, UK, IE, CA, AU" in message
    assert not (tmp_path / "p").exists()


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX modes")
def test_init_file_and_folder_modes(tmp_path):
    folder = tmp_path / "new" / "p"
    written = init_practice(folder, "IE")
    for path in written:
        assert stat.S_IMODE(path.stat().st_mode) == 0o600, path
    for sub in (folder, folder / "schemas", folder / "handouts", folder / "screeners",
                tmp_path / "new"):
        assert stat.S_IMODE(sub.stat().st_mode) == 0o700, sub
    assert sorted(p.name for p in folder.iterdir()) == [
        "handouts", "practice.yaml", "sample-intake.yaml", "schemas", "screeners"]


def test_cli_practice_init_and_schema(tmp_path):
    def run(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run([sys.executable, "-m", "toolkit", *args], cwd=tmp_path,
                              capture_output=True, text=True, timeout=60)

    ok = run("practice", "init", "clinic", "--country", "AU")
    assert ok.returncode == 0, ok.stderr
    assert "wrote clinic/practice.yaml" in ok.stdout
    again = run("practice", "init", "clinic", "--country", "AU")
    assert again.returncode == 1 and "already exists" in again.stderr
    assert again.stderr.strip().endswith("1 problem found.")
    bad = run("practice", "init", "other", "--country", "FR")
    assert bad.returncode == 1 and "no built-in crisis lines for FR" in bad.stderr
    schemas = run("schema", "--out", "out")
    assert schemas.returncode == 0, schemas.stderr
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == [
        "handout.schema.json", "practice.schema.json", "screener.schema.json"]
