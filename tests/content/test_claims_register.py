"""The claims register (docs/content/claims.md) covers every built-in handout,
section by section and sentence by sentence, so it cannot silently go stale.

For each section of each built-in handout the register has a `### handout/section`
entry with a table: the sentence (quoted exactly as the handout has it, Markdown
marks and list markers left out), what kind of claim it is (a source key from
the register's Sources table, "toolkit's own rule" or "not a factual claim"),
and the sentence of the source it rests on (a line of facts.md is quoted in
“curly quotes” and must still be in facts.md). When a handout sentence is added,
changed or removed, this test names it until the register is brought up to date.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from toolkit.content.catalog import builtin_dir

ROOT = Path(__file__).resolve().parents[2]
REGISTER = ROOT / "docs" / "content" / "claims.md"
FACTS = ROOT / "docs" / "content" / "facts.md"
OWN_RULE = "toolkit's own rule"
NOT_A_CLAIM = "not a factual claim"


def plain(text: str) -> str:
    """Section text as a reader sees it: no bold/italic marks or list markers, one space."""
    text = re.sub(r"(?m)^\s*(?:[-*]|\d+\.)\s+", "", text)
    text = text.replace("**", "").replace("*", "")
    return " ".join(text.split())


def builtin_sections() -> dict[str, str]:
    out = {}
    for path in sorted(builtin_dir("handouts").glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        for s in data["sections"]:
            out[f"{data['id']}/{s['id']}"] = plain(s["body"])
    return out


def cells(line: str) -> list[str]:
    return [c.strip() for c in line.strip().strip("|").split("|")]


def read_register() -> tuple[dict[str, str], dict[str, list[tuple[int, str, str, str]]]]:
    """The Sources table (key -> citation) and, per `### handout/section`, its rows."""
    sources: dict[str, str] = {}
    entries: dict[str, list[tuple[int, str, str, str]]] = {}
    current: str | None = None
    in_sources = False
    for number, line in enumerate(REGISTER.read_text(encoding="utf-8").splitlines(), 1):
        if line.startswith("## "):
            in_sources = line.strip() == "## Sources"
            current = None
        elif line.startswith("### "):
            current = line[4:].strip()
            assert current not in entries, f"claims.md:{number}: {current} appears twice"
            entries[current] = []
            in_sources = False
        elif line.startswith("|") and not re.match(r"^\|[\s|:-]+\|$", line):
            row = cells(line)
            if in_sources and row[0] != "key":
                sources[row[0].strip("`")] = row[1]
            elif current is not None and row[0] != "sentence":
                assert len(row) == 3, f"claims.md:{number}: a row needs 3 cells (sentence | claim | rests on)"
                entries[current].append((number, " ".join(row[0].split()), row[1].strip("`"), row[2]))
    return sources, entries


def test_every_builtin_handout_section_has_an_entry_and_no_entry_is_stale():
    _, entries = read_register()
    sections = builtin_sections()
    assert sorted(set(sections) - set(entries)) == [], "sections missing from docs/content/claims.md"
    assert sorted(set(entries) - set(sections)) == [], "entries in claims.md for sections that no longer exist"


@pytest.mark.parametrize("key", sorted(builtin_sections()))
def test_register_quotes_every_sentence_of_the_section_as_it_is_now(key):
    _, entries = read_register()
    rows = entries.get(key)
    assert rows, f"docs/content/claims.md has no rows for {key}"
    remaining = builtin_sections()[key]
    for number, sentence, _, _ in rows:
        assert sentence in remaining, (
            f"claims.md:{number}: not in the current text of {key} (changed, removed or listed twice): "
            f"{sentence!r}")
        remaining = remaining.replace(sentence, " ", 1)
    assert remaining.strip() == "", f"sentences of {key} missing from docs/content/claims.md: {remaining.strip()!r}"


def test_every_claim_names_a_known_source_and_the_sentence_it_rests_on():
    sources, entries = read_register()
    facts = plain(FACTS.read_text(encoding="utf-8"))
    assert "facts" in sources
    for key, rows in entries.items():
        for number, _, kind, rests_on in rows:
            where = f"claims.md:{number} ({key})"
            assert kind in sources or kind in (OWN_RULE, NOT_A_CLAIM), f"{where}: unknown claim kind {kind!r}"
            if kind in sources:
                assert rests_on.strip(), f"{where}: say which sentence of {kind} it rests on"
            if kind == "facts":  # each “quoted” line must still be in the fact sheet
                quotes = re.findall(r"“(.+?)”", rests_on)
                assert quotes, f"{where}: quote the line of facts.md in “curly quotes”"
                for quote in quotes:
                    found = plain(quote) in facts
                    assert found, f"{where}: not found in docs/content/facts.md: {quote!r}"
