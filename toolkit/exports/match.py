"""Matching an export's columns to screener items, for ``toolkit mapping init``.

Two ways, each saying why it matched (the reason is printed and written as a
YAML comment):

* **By name** (:func:`by_name`): common variable-naming schemes, ``phq9_1``,
  ``phq_9_q1``, ``phq1``, ``PHQ9_01``, ``gad7_3``, ``cbi_personal_tired`` and
  NHANES ``DPQ010``..``DPQ100`` (PHQ-9 items 1-10).
* **By text** (:func:`match`): a column's text (the header; a Google Forms
  grid's text in brackets; a Qualtrics question, or the part after " - " of a
  matrix question; the part after a question stem ending in ":" or "?") is
  normalised for case, punctuation and spaces and compared with every item's
  text: the same text; nearly the same (difflib ratio of at least 0.92); the
  start of one item's text, cut short (at least four words); or slightly
  different wording (ratio of at least 0.80 when the column's words are
  nearly all the item's, at least 0.88 otherwise), and then only when no other
  item comes close.

Near-typos of a naming scheme (``pqh_9_q7`` among ``phq_9_q1``..) are found by
:func:`near_typos`, from the names the other columns already matched.
"""

from __future__ import annotations

import difflib
import re
import unicodedata

from ..content.screener_model import Screener
from ..core.whole_numbers import small_number

THRESHOLD = 0.92  # nearly the same text
SIMILAR = 0.88  # different wording, no other item close
SIMILAR_WORDS = 0.80  # different wording whose words are nearly all the item's
MARGIN = 0.10  # how far ahead of every other item a similar-wording match must be
TRUNCATED_WORDS = 4  # the fewest words of an item's start that count as that item
TYPO = 0.85  # a name this close to the name the scheme expects is that name, misspelt

Match = tuple[str, str]  # (screener id, item id)


def normalise(text: str) -> str:
    """Lower case, no punctuation, single spaces; dashes and quotes of any kind alike."""
    text = unicodedata.normalize("NFKC", text).casefold()
    text = re.sub(r"[\u2018\u2019\u201c\u201d'\"`]", "", text)
    text = re.sub(r"[^\w\s]|_", " ", text)
    return " ".join(text.split())


# a survey tool's question number before the text: "Q8. ", "8) ", "Question 9: ", "(9) ", "#3 "
_NUMBERING = re.compile(r"^\s*(?:(?:q|question|item)\s*)?[#(]?\s*\d+[a-z]?\s*[.):\]-]?\s+", re.IGNORECASE)


def candidate_texts(fmt: str, header: str, question: str) -> list[str]:
    """The texts of one column worth comparing with item text, most specific first."""
    out = []
    texts = []
    for text in (question, header):
        unnumbered = _NUMBERING.sub("", text, count=1)
        texts += [unnumbered, text] if unnumbered.strip() and unnumbered != text else [text]
    for text in texts:
        if not text.strip():
            continue
        grid = re.search(r"\[([^\[\]]+)\]\s*$", text)
        if grid:
            out.append(grid.group(1))
        if " - " in text:
            out.append(text.rsplit(" - ", 1)[1])
        for stop in (": ", "? "):  # a question stem, then the item
            if stop in text.rstrip():
                out.append(text.rstrip().rsplit(stop, 1)[1])
        out.append(text)
    return [t for t in out if t.strip()]


def item_table(screeners: list[Screener]) -> dict[str, set[Match]]:
    table: dict[str, set[Match]] = {}
    for screener in screeners:
        for item in screener.items:
            table.setdefault(normalise(item.text), set()).add((screener.id, item.id))
    return table


def _aliases(sid: str, screeners: dict[str, Screener]) -> list[str]:
    """Name prefixes for a screener id: phq9 -> phq9, phq_9, phq-9, and phq (letters alone)
    for the screener with the most items of those whose id starts so (phq9, not phq2)."""
    out = [re.escape(sid), re.escape(sid.replace("-", "_"))]
    split = re.match(r"^([a-z]+)(\d+)$", sid)
    if split:
        out.append(rf"{split.group(1)}[_\-. ]?{split.group(2)}")
        kin = [s for s in screeners if re.fullmatch(rf"{split.group(1)}\d+", s)]
        if max(kin, key=lambda s: (len(screeners[s].items), s)) == sid:
            out.append(split.group(1))
    return out


def by_name(title: str, screeners: dict[str, Screener]) -> tuple[set[Match], str]:
    """Items a variable name stands for, and why: phq9_1, phq_9_q1, phq1, PHQ9_01,
    gad7_3, cbi_personal_tired, NHANES DPQ010..DPQ100."""
    key = title.strip().lower()
    nhanes = re.fullmatch(r"dpq0?(\d{2})0", key)
    if nhanes and "phq9" in screeners and f"q{int(nhanes.group(1))}" in {i.id for i in screeners["phq9"].items}:
        n = int(nhanes.group(1))
        return {("phq9", f"q{n}")}, f"NHANES name: {title.strip()} is PHQ-9 item {n}"
    found: set[Match] = set()
    for sid, screener in screeners.items():
        ids = {it.id.replace("-", "_"): it.id for it in screener.items}
        for alias in _aliases(sid, screeners):
            m = re.fullmatch(rf"{alias}[_\-. ]*(?:q|item|i)?[_\-. ]*0*(\d+)", key)
            if m and f"q{small_number(m.group(1))}" in ids:
                found.add((sid, f"q{small_number(m.group(1))}"))
                break
            m = re.fullmatch(rf"{alias}[_\-. ]+([a-z][a-z0-9_\-]*)", key)
            if m and m.group(1).replace("-", "_") in ids:
                found.add((sid, ids[m.group(1).replace("-", "_")]))
                break
    if not found:
        return set(), ""
    return found, f"name {title.strip()}: " + " or ".join(f"{sid} {item}" for sid, item in sorted(found))


def near_typos(unmatched: dict[int, str], by_names: dict[int, tuple[str, Match]],
               mapped: set[Match]) -> dict[int, tuple[Match, str]]:
    """Columns whose name is a near-typo of the name the other columns' scheme
    gives an item no column has: ``pqh_9_q7`` among ``phq_9_q1``..``phq_9_q9``.
    ``unmatched``: column -> name, not matched; ``by_names``: column -> (name,
    item) matched by name; ``mapped``: every item some column has."""
    schemes: dict[tuple[str, str], str] = {}  # (screener, name before the number) -> an example name
    for name, (sid, item) in by_names.values():
        m = re.fullmatch(r"(.*?)(\d+)", name.strip())
        if m and item == f"q{small_number(m.group(2))}":
            schemes.setdefault((sid, m.group(1)), name.strip())
    out: dict[int, tuple[Match, str]] = {}
    for col, name in unmatched.items():
        m = re.fullmatch(r"(.*?)(\d+)", name.strip())
        if not m or not m.group(1) or small_number(m.group(2)) is None:
            continue
        fits: list[tuple[Match, str]] = []
        for (sid, prefix), example in schemes.items():
            wanted = (sid, f"q{small_number(m.group(2))}")
            if wanted in mapped:
                continue
            ratio = difflib.SequenceMatcher(None, m.group(1).lower(), prefix.lower()).ratio()
            if ratio >= TYPO and m.group(1) != prefix:
                fits.append((wanted, f"near-typo of {prefix}{m.group(2)} (the other columns are named "
                                   f"like {example})"))
        if len({found for found, _ in fits}) == 1:
            out[col] = fits[0]
    return out


def _words(text: str) -> set[str]:
    return set(text.split())


def match(texts: list[str], table: dict[str, set[Match]]) -> tuple[set[Match], str]:
    """Items one column's text stands for, and why (see the module's docstring)."""
    keys = list(table)
    for text in texts:
        norm = normalise(text).removesuffix(" etc")
        if not norm:
            continue
        if norm in table:
            return set(table[norm]), "item text"
        ratios = sorted(((difflib.SequenceMatcher(None, norm, k).ratio(), k) for k in keys), reverse=True)
        best, key = ratios[0]
        rivals = [r for r, k in ratios[1:] if table[k] != table[key]]
        second = rivals[0] if rivals else 0.0
        if best >= THRESHOLD and best - second > 0.04:
            return set(table[key]), f"item text, nearly the same (similarity {best:.2f})"
        starts = {k for k in keys if k.startswith(norm + " ")}
        if len(norm.split()) >= TRUNCATED_WORDS and starts and len({frozenset(table[k]) for k in starts}) == 1:
            return set(table[next(iter(starts))]), "the start of the item text (cut short)"
        if best - second >= MARGIN:
            words, item_words = _words(norm), _words(key)
            covered = len(words & item_words) / len(words)
            if best >= SIMILAR or (best >= SIMILAR_WORDS and covered >= 0.85
                                   and len(words & item_words) / len(item_words) >= 0.6):
                return set(table[key]), f"item text, worded a little differently (similarity {best:.2f})"
    return set(), ""
