"""``toolkit preview``: one PDF per variant (or a representative set), an index of
which result produces which file, private files, clear refusals."""

from __future__ import annotations

import json
import stat
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from pypdf import PdfReader

from toolkit.content.handout_loader import HandoutCatalog
from toolkit.core.errors import ProblemList
from toolkit.quality.preview import write_previews

SMALL = """\
    id: small
    version: "1.0"
    title: A small handout
    sections:
      - id: intro
        heading: Hello
        body: This is for you.
        sources: Test.
      - id: mood
        heading: Your mood
        when: {band: {score: phq9.total, at_least: moderate}}
        body: Your mood may be low.
        sources: Test.
      - id: medicine
        heading: Your medicine
        when: {outcome: medication.medication-may-contribute}
        body: Talk to your prescriber.
        sources: Test.
      - id: help
        heading: Get help
        safety: true
        body: Call {crisis.emergency}.
        sources: Test.
"""


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "toolkit", *args], capture_output=True, text=True,
                          timeout=120)


def small_practice(tmp_path: Path) -> Path:
    folder = tmp_path / "practice"
    (folder / "handouts").mkdir(parents=True)
    (folder / "practice.yaml").write_text("name: Riverside Counselling\ncountry: US\n")
    (folder / "handouts" / "small.yaml").write_text(textwrap.dedent(SMALL))
    return folder


def check_files(out: Path, index: dict) -> list[str]:
    """Every listed file exists, opens, is private; every PDF in the folder is listed."""
    listed = [f["file"] for h in index["handouts"] for f in h["files"]]
    assert sorted(listed) == sorted(p.name for p in out.glob("*.pdf"))
    for name in listed + ["index.md", "index.json"]:
        assert stat.S_IMODE((out / name).stat().st_mode) == 0o600, name
    tailored = {f["file"]: h["id"] == "small" or HandoutCatalog().get(h["id"]).tailored
                for h in index["handouts"] for f in h["files"]}
    for name in listed:
        reader = PdfReader(out / name)
        assert len(reader.pages) >= 1
        # the sample client's name is on page 1, except on a handout for someone else
        assert ("Sam" in reader.pages[0].extract_text()) == tailored[name], name
    return listed


def test_every_variant_of_a_small_handout(tmp_path):
    folder, out = small_practice(tmp_path), tmp_path / "out" / "previews"
    previews = write_previews(out, practice=folder, handout_id="small")
    assert [(p.handout.id, p.total, len(p.chosen), p.representative) for p in previews] == [("small", 8, 8, False)]
    index = json.loads((out / "index.json").read_text())
    listed = check_files(out, index)
    assert listed == [f"small-v{n:02d}.pdf" for n in range(1, 9)]
    files = index["handouts"][0]["files"]
    assert files[0]["sections"] == ["intro", "help"] and files[0]["example"] == "nothing screened"
    assert {tuple(f["sections"]) for f in files} >= {("help", "intro", "mood", "medicine"),
                                                     ("intro", "mood", "medicine", "help")}
    assert all(f["example"] for f in files)
    md = (out / "index.md").read_text()
    assert "8 distinct variants, all rendered." in md
    for name in listed:
        assert f"| {name} |" in md
    text = PdfReader(out / "small-v01.pdf").pages[0].extract_text()
    assert "Riverside Counselling" in text and "Your mood" not in text


def test_builtin_handout_gets_a_representative_set(tmp_path):
    out = tmp_path / "out"
    previews = write_previews(out, max_variants=40)
    numbness = next(p for p in previews if p.handout.id == "numbness")
    assert numbness.total > 40 and numbness.representative
    assert len(numbness.chosen) <= 40
    index = json.loads((out / "index.json").read_text())
    check_files(out, index)
    entry = next(h for h in index["handouts"] if h["id"] == "numbness")
    assert entry["variants"] == numbness.total and entry["rendered"] == len(entry["files"])
    shown = {s for f in entry["files"] for s in f["sections"]}
    # the previews are the handout as this practice's clients get it: the built-in
    # practice is in the US, so the other countries' "finding a therapist" sections are left out
    other_countries = {"therapist-uk", "therapist-ie", "therapist-ca", "therapist-au", "therapist-elsewhere"}
    assert shown == set(numbness.handout.section_ids()) - other_countries
    assert entry["unreachable_sections"] == []  # another country's section is not "unreachable"
    assert any(f["urgent"] and f["sections"][0] == "crisis" for f in entry["files"])
    assert "a representative set of" in (out / "index.md").read_text()


def test_same_input_same_files(tmp_path):
    folder = small_practice(tmp_path)
    write_previews(tmp_path / "a", practice=folder, handout_id="small")
    write_previews(tmp_path / "b", practice=folder, handout_id="small")
    for p in (tmp_path / "a").iterdir():
        assert p.read_bytes() == (tmp_path / "b" / p.name).read_bytes(), p.name


def test_out_that_is_a_file_is_refused(tmp_path):
    target = tmp_path / "taken"
    target.write_text("x")
    with pytest.raises(ProblemList, match="is a file"):
        write_previews(target)
    out = run("preview", "--out", str(target))
    assert out.returncode == 1 and "is a file" in out.stderr


def test_unknown_handout_writes_nothing(tmp_path):
    out = run("preview", "--out", str(tmp_path / "out"), "--handout", "nope")
    assert out.returncode == 1 and "no handout with id 'nope'" in out.stderr
    assert not (tmp_path / "out").exists()


def test_cli_preview(tmp_path):
    folder, out = small_practice(tmp_path), tmp_path / "out"
    res = run("preview", "--practice", str(folder), "--out", str(out), "--max-variants", "3")
    assert res.returncode == 0, res.stderr
    assert "small: wrote a representative set of" in res.stdout
    assert "numbness: wrote a representative set of" in res.stdout
    index = json.loads((out / "index.json").read_text())
    assert [h["id"] for h in index["handouts"]] == sorted(HandoutCatalog().ids() + ["small"])
    check_files(out, index)
    assert run("preview", "--out", str(out), "--max-variants", "0").returncode == 2
    assert run("preview").returncode == 2
