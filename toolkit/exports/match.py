"""Matching an export's columns to screener items, for ``toolkit mapping init``.

A column's text (the header; a Google Forms grid's text in brackets; a Qualtrics
question, or the part after " - " of a matrix question) is normalised for case,
punctuation and spaces and compared with every item's text.  Only an exact or
near-exact match counts (difflib ratio of at least 0.92).  REDCap variable
names are matched by pattern (``phq9_1``, ``phq9_q1``).
"""

from __future__ import annotations

import difflib
import re
import unicodedata

from ..content.screener_model import Screener

THRESHOLD = 0.92


def normalise(text: str) -> str:
    """Lower case, no punctuation, single spaces; dashes and quotes of any kind alike."""
    text = unicodedata.normalize("NFKC", text).casefold()
    text = re.sub(r"[\u2018\u2019\u201c\u201d'\"`]", "", text)
    text = re.sub(r"[^\w\s]|_", " ", text)
    return " ".join(text.split())


def candidate_texts(fmt: str, header: str, question: str) -> list[str]:
    """The texts of one column worth comparing with item text, most specific first."""
    out = []
    for text in (question, header):
        if not text.strip():
            continue
        grid = re.search(r"\[([^\[\]]+)\]\s*$", text)
        if grid:
            out.append(grid.group(1))
        if " - " in text:
            out.append(text.rsplit(" - ", 1)[1])
        out.append(text)
    return out


def item_table(screeners: list[Screener]) -> dict[str, set[tuple[str, str]]]:
    table: dict[str, set[tuple[str, str]]] = {}
    for screener in screeners:
        for item in screener.items:
            table.setdefault(normalise(item.text), set()).add((screener.id, item.id))
    return table


def by_name(title: str, screeners: dict[str, Screener]) -> set[tuple[str, str]]:
    """REDCap-style variable names: phq9_1, phq9_q1, gad7_3, cbi_personal_tired."""
    key = title.strip().lower()
    for sid, screener in screeners.items():
        for prefix in (sid + "_", sid.replace("-", "_") + "_", sid + "."):
            if key.startswith(prefix):
                rest = key[len(prefix):]
                ids = {it.id.replace("-", "_"): it.id for it in screener.items}
                if rest in ids:
                    return {(sid, ids[rest])}
                if rest.isdigit() and f"q{int(rest)}" in ids:
                    return {(sid, f"q{int(rest)}")}
    return set()


def match(texts: list[str], table: dict[str, set[tuple[str, str]]]) -> set[tuple[str, str]]:
    keys = list(table)
    for text in texts:
        norm = normalise(text)
        if not norm:
            continue
        if norm in table:
            return set(table[norm])
        close = difflib.get_close_matches(norm, keys, n=2, cutoff=THRESHOLD)
        if len(close) == 1 or (len(close) == 2 and table[close[0]] == table[close[1]]):
            return set(table[close[0]])
        if len(close) == 2:  # two different items are both near: do not guess
            ratios = [difflib.SequenceMatcher(None, norm, c).ratio() for c in close]
            if ratios[0] - ratios[1] > 0.04:
                return set(table[close[0]])
    return set()
