"""Reading level of handout text, measured with ``textstat``.  Pure (no I/O).

The text measured is what a client reads: the section body's words with the
Markdown marks gone (parsed by :mod:`toolkit.content.markdown_body`), placeholders
replaced by short sample words, and every paragraph and list item ended as a
sentence (a list item without a full stop is still read as one unit).

* Flesch-Kincaid grade: the main measure (``lint`` fails above the limit).
* SMOG: advisory only.  SMOG was built for samples of 30 sentences or more;
  on a shorter text its figure is reported but marked as not reliable.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from ..content.markdown_body import PLACEHOLDERS, TBlock, TRun, fill

SMOG_MIN_SENTENCES = 30
SAMPLE_VALUES = {
    "client.preferred_name": "Sam", "client.name": "Sam Lee", "date": "today",
    "practice.name": "your care team", "practice.phone": "555 0100",
    "practice.email": "care@example.org", "practice.website": "example.org",
    "practice.address": "1 Main Street", "practice.clinician": "Dr Lee",
    "crisis.emergency": "911", "crisis.line": "the 988 crisis line",
}
assert set(SAMPLE_VALUES) == set(PLACEHOLDERS)
_SENTENCE = re.compile(r"\b[^.!?]+[.!?]*")  # as textstat counts them
_END = re.compile(r"[.!?][\"'”’)\]*_]*$")


@dataclass(frozen=True)
class Readability:
    fk_grade: float          # Flesch-Kincaid grade level
    smog: float              # SMOG grade (0 for fewer than 3 sentences)
    sentences: int
    words: int
    hardest: str             # the sentence with the highest Flesch-Kincaid grade

    @property
    def smog_reliable(self) -> bool:
        return self.sentences >= SMOG_MIN_SENTENCES


def _unit(runs: tuple[TRun, ...]) -> str:
    values = {k: (v, "") for k, v in SAMPLE_VALUES.items()}
    text = " ".join("".join(r.text for r in fill(runs, values, "")).split())
    if not text:
        return ""
    if _END.search(text):
        return text
    return text.rstrip(":;,-–— ") + "."


def plain_text(blocks: Iterable[TBlock]) -> str:
    """The words a client reads, one paragraph or list item per line."""
    return "\n".join(u for b in blocks for u in (_unit(item) for item in b.items) if u)


def fill_sample(text: str) -> str:
    """A heading or title with sample words for its placeholders."""
    return _unit((TRun(text),)).rstrip(".")


def sentences(text: str) -> list[str]:
    return [s.strip() for s in _SENTENCE.findall(text) if s.strip()]


def measure(text: str) -> Readability:
    """Flesch-Kincaid grade and SMOG of ``text`` (plain text)."""
    import textstat

    if not text.strip():
        return Readability(0.0, 0.0, 0, 0, "")
    grade = float(textstat.flesch_kincaid_grade(text))
    smog = float(textstat.smog_index(text))
    hardest = max((s for s in sentences(text) if len(s.split()) >= 3),
                  key=lambda s: float(textstat.flesch_kincaid_grade(s)), default="")
    return Readability(grade, smog, int(textstat.sentence_count(text)),
                       int(textstat.lexicon_count(text)), hardest)


def measure_blocks(blocks: Iterable[TBlock]) -> Readability:
    return measure(plain_text(blocks))
