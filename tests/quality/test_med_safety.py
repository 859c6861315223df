"""The medication rule on a corpus: every risky sentence in
tests/data/med_safety/risky.txt is reported, every safe one in safe.txt passes.

The risky lines cover each way of changing a medicine (stopping, skipping or
missing, reducing or fewer or less, pausing or a break, tapering or weaning,
coming off, not needing it, changing, switching, increasing) as imperatives,
questions, conditionals, passives and "it"/"them" references, with brand and
generic names in UK and US wording.  The safe lines are negated instructions that
name the prescriber, and breaks, skipping and cutting down that are not about a
medicine (sleep, alcohol, screens)."""

from __future__ import annotations

from pathlib import Path

import pytest

from toolkit.quality.med_safety import SUGGESTS_CHANGE, check_unit

DATA = Path(__file__).resolve().parents[1] / "data" / "med_safety"


def corpus(name: str) -> list[str]:
    lines = (DATA / name).read_text(encoding="utf-8").splitlines()
    return [line.strip() for line in lines if line.strip() and not line.lstrip().startswith("#")]


RISKY = corpus("risky.txt")
SAFE = corpus("safe.txt")


def test_the_corpus_is_large_enough_and_has_no_line_twice():
    assert len(RISKY) >= 60 and len(SAFE) >= 60
    assert len(set(RISKY)) == len(RISKY) and len(set(SAFE)) == len(SAFE)
    assert not set(RISKY) & set(SAFE)


@pytest.mark.parametrize("text", RISKY)
def test_risky_sentence_is_reported(text):
    verdicts = [verdict for _, verdict in check_unit(text)]
    assert SUGGESTS_CHANGE in verdicts, f"not reported: {text!r}"


@pytest.mark.parametrize("text", SAFE)
def test_safe_sentence_passes(text):
    assert check_unit(text) == [], f"reported, but safe: {text!r}"
