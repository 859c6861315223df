"""A practice's handouts/ shadow the built-in ones by id; `extends:` changes,
adds and disables sections; safety sections cannot be disabled."""

from __future__ import annotations

from pathlib import Path

import pytest

from toolkit import ProblemList
from toolkit.content.handout_loader import HandoutCatalog

BUILTIN_IDS = HandoutCatalog().get("numbness").section_ids()


def practice(tmp_path: Path, **handouts: str) -> Path:
    folder = tmp_path / "practice"
    (folder / "handouts").mkdir(parents=True)
    (folder / "practice.yaml").write_text("name: Riverside Therapy\ncountry: UK\n", encoding="utf-8")
    for hid, text in handouts.items():
        (folder / "handouts" / f"{hid}.yaml").write_text(text, encoding="utf-8")
    return folder


def test_without_practice_the_builtin_is_used():
    catalog = HandoutCatalog()
    assert catalog.origin("numbness") == "built-in"
    assert catalog.get("numbness").files == ("<built-in>/handouts/numbness.yaml",)


def test_practice_file_with_same_id_replaces_the_builtin(tmp_path):
    folder = practice(tmp_path, numbness=(
        'id: numbness\nversion: "local-1"\ntitle: Our own handout\nsections:\n'
        "  - id: only\n    heading: Only\n    body: Hello.\n    safety: true\n"))
    catalog = HandoutCatalog(folder)
    assert catalog.origin("numbness") == "practice"
    h = catalog.get("numbness")
    assert (h.title, h.version, h.section_ids()) == ("Our own handout", "local-1", ["only"])
    assert HandoutCatalog().get("numbness").title != "Our own handout"  # built-in untouched


def test_extends_changes_adds_and_disables_sections(tmp_path):
    folder = practice(tmp_path, numbness=(
        "id: numbness\nextends: numbness\ntitle: When tears won't come (Riverside)\nsections:\n"
        "  - id: welcome\n    body: Welcome to Riverside.\n"
        "  - id: groups\n    heading: Groups near you\n    body: Tuesdays at 6.\n    after: coping\n"
        "  - id: past-hurt\n    disable: true\n"
        "  - id: when-to-get-help\n    heading: Getting help at Riverside\n"))
    h = HandoutCatalog(folder).get("numbness")
    expected = [i for i in BUILTIN_IDS if i != "past-hurt"]
    expected.insert(expected.index("coping") + 1, "groups")
    assert h.title == "When tears won't come (Riverside)"
    assert h.section_ids() == expected
    welcome = next(s for s in h.sections if s.spec.id == "welcome")
    assert welcome.spec.body == "Welcome to Riverside."
    assert welcome.spec.heading == HandoutCatalog().get("numbness").sections[0].spec.heading  # kept
    help_ = next(s for s in h.sections if s.spec.id == "when-to-get-help")
    assert help_.spec.heading == "Getting help at Riverside" and help_.spec.safety  # reworded, still safety
    assert h.files == ("<built-in>/handouts/numbness.yaml", str(folder / "handouts" / "numbness.yaml"))


def test_a_safety_section_cannot_be_disabled(tmp_path):
    folder = practice(tmp_path, numbness=(
        "id: numbness\nextends: numbness\nsections:\n  - id: crisis\n    disable: true\n"))
    with pytest.raises(ProblemList) as exc:
        HandoutCatalog(folder).get("numbness")
    assert str(exc.value) == (f"{folder}/handouts/numbness.yaml:5:14  sections[0].disable: 'crisis' is a "
                              "safety section and cannot be disabled; you may reword its heading and body")


def test_a_new_handout_may_extend_another_id(tmp_path):
    folder = practice(tmp_path, short=(
        "id: short\nextends: numbness\ntitle: Short version\nsections:\n"
        + "".join(f"  - id: {sid}\n    disable: true\n" for sid in
                  ("far-away", "holding-back", "past-hurt", "numbing-habits", "body-changes"))))
    catalog = HandoutCatalog(folder)
    assert catalog.ids() == sorted(HandoutCatalog().ids() + ["short"])
    assert len(catalog.get("short").sections) == len(BUILTIN_IDS) - 5


def test_search_order_practice_first_for_extends_of_another_id(tmp_path):
    # "short" extends "numbness"; the practice's own numbness (which extends the built-in)
    # is the one it builds on: practice first, then built-in.
    folder = practice(
        tmp_path,
        numbness="id: numbness\nextends: numbness\ntitle: Practice numbness\n",
        short="id: short\nextends: numbness\n")
    assert HandoutCatalog(folder).get("short").title == "Practice numbness"


def test_extends_loop_is_an_error(tmp_path):
    folder = practice(tmp_path, a="id: a\nextends: b\n", b="id: b\nextends: a\n")
    with pytest.raises(ProblemList) as exc:
        HandoutCatalog(folder).get("a")
    assert "loop" in str(exc.value)
