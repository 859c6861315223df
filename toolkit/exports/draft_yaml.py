"""A drafted mapping (``toolkit mapping init``): what was found (:class:`Draft`) and
its text, a commented YAML file that says first of all which critical items are
left out, and why each column was matched."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from .formats import LABELS
from .mapping import DATE_FORMATS


@dataclass
class Draft:
    """What ``mapping init`` found: the YAML text and a report."""

    format: str
    text: str
    matched: list[tuple[int, str, str]] = field(default_factory=list)  # (column number, column, item ref)
    unmatched: list[tuple[int, str]] = field(default_factory=list)  # answer-like columns left for a person
    metadata: list[tuple[int, str]] = field(default_factory=list)  # export bookkeeping columns
    client: dict[str, str] = field(default_factory=dict)  # intake field -> column
    date_column: str | None = None
    date_format: str | None = None
    dob_format: str | None = None
    fixed_date: str | None = None  # --date: every row gets this date
    wave_column: str | None = None
    notes: list[str] = field(default_factory=list)
    reasons: dict[int, str] = field(default_factory=dict)  # column number -> why it was matched
    warnings: list[str] = field(default_factory=list)  # critical items left unmapped: said first
    missing: dict[str, list[str]] = field(default_factory=dict)  # "all" / screener id -> codes seen
    recode_source: str = ""  # "dictionary" when the data dictionary gave the codings


def _q(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)


def comment(text: str, limit: int = 100) -> str:
    """One line of at most ``limit`` characters."""
    one = " ".join(text.split())
    return one if len(one) <= limit else one[: limit - 3] + "..."


def draft_yaml(draft: Draft, name: str, questions: list[str], recode: dict[str, dict[str, object]]) -> str:
    """The commented mapping file of a draft: warnings first, then every key with why."""
    fmt = draft.format
    lines = []
    for warning in draft.warnings:  # first and loudest
        lines.append(f"# WARNING: {warning}")
    if draft.warnings:
        refs = ", ".join(w.split(" ", 1)[0] for w in draft.warnings)
        lines += ["# Until then `toolkit mapping check` and the batch command refuse this mapping. If the",
                  "# export never asked it, uncomment:",
                  f"#   not_asked: [{refs}]", ""]
    lines += [
        f"# Mapping for {Path(name).name}: a {LABELS.get(fmt, 'generic CSV')} export, drafted by "
        "`toolkit mapping init`.",
        "# Check every line, then use it with the batch command or `toolkit mapping check`.",
        "# Format reference: docs/exports.md",
        f"format: {fmt}",
        "",
        "# Client columns: the id is required; name, preferred name, language and date",
        "# of birth are optional. They are client data and never appear in messages.",
        "client:",
    ]
    if "id" in draft.client:
        lines.append(f"  id: {_q(draft.client['id'])}")
    else:
        lines.append('  id: "CHANGE ME"  # no client id column found: name the column that holds it')
    for field_name in ("name", "preferred_name", "language", "date_of_birth"):
        if field_name in draft.client:
            lines.append(f"  {field_name}: {_q(draft.client[field_name])}")
    if "date_of_birth" in draft.client:
        lines.append(f"  date_of_birth_format: {draft.dob_format or 'YYYY-MM-DD'}  # one of: "
                     + ", ".join(DATE_FORMATS))
    if draft.fixed_date is not None:
        lines += ["", "# The export has no date column: every row is taken as answered on this date (--date).",
                  "date:", f"  fixed: {draft.fixed_date}"]
    else:
        lines += ["", "# The date of the intake. Anything after the date (a time, a time zone) is ignored.",
                  "date:"]
        if draft.date_column is not None:
            lines.append(f"  column: {_q(draft.date_column)}")
        else:
            lines += ["  # A DATE IS NEEDED: this export has no date column. Run `toolkit mapping init` again",
                      "  # with --date YYYY-MM-DD (or write `fixed: YYYY-MM-DD` here instead of column/format),",
                      "  # or name the column that holds the date of the questionnaire.",
                      '  column: "CHANGE ME"']
        lines.append(f"  format: {draft.date_format or 'YYYY-MM-DD'}  # one of: {', '.join(DATE_FORMATS)}")
    if draft.wave_column is not None:
        lines += ["", "# The wave or visit of each row: orders a client's rows that share a date (numbers",
                  "# numerically, other text in order of first appearance; add `order: [...]` to set it).",
                  "wave:", f"  column: {_q(draft.wave_column)}"]
    lines += ["", "# Export column: <screener>.<item> (`toolkit screeners show ID` lists the items);",
              "# the comment says why each column was matched.", "columns:"]
    for col, title, ref in draft.matched:
        q = questions[col - 1]
        note = f"  # column {col}: {draft.reasons.get(col, 'matched')}" \
               + (f"; {comment(q, 70)}" if fmt == "qualtrics" and q else "")
        if len(_q(title)) > 1000:  # YAML keys past 1024 characters must be written as explicit keys
            lines += [f"  ? {_q(title)}", f"  : {ref}{note}"]
        else:
            lines.append(f"  {_q(title)}: {ref}{note}")
    if draft.unmatched:
        lines += ["", "# Not matched (add the ones that are screener items above; the rest are ignored):"]
        for col, title in draft.unmatched:
            q = questions[col - 1]
            lines.append(f"#   column {col}: {comment(_q(title))}" + (f"  ({comment(q, 60)})" if q else ""))
    if recode:
        if draft.recode_source == "dictionary":
            lines += ["", "# Codes in the export -> the scale's values, from the data dictionary's choice labels."]
        else:
            lines += ["", "# Codes in the export -> the scale's values, drafted as 1 = first option, 2 = second ...",
                      "# (Qualtrics numbers choices from 1 unless the survey sets recode values).",
                      "# CHECK these against the survey's codes before use."]
        lines += ["recode:", "  scales:"]
        for key, table in recode.items():
            pairs = ", ".join(f"{code}: {_q(v) if isinstance(v, str) else v}" for code, v in table.items())
            lines.append(f"    {key}: {{{pairs}}}")
    if draft.missing:
        lines += ["", "# Codes seen in answer columns that are not answers: each counts as \"not answered\".",
                  "# (Whole-number decimals such as 1.0 are answers, not missing codes.) CHECK them:",
                  "# a code that is a real answer must not be here.", "missing:"]
        if "all" in draft.missing:
            lines.append(f"  all: [{', '.join(_q(c) for c in draft.missing['all'])}]")
        by_screener = {k: v for k, v in draft.missing.items() if k != "all"}
        if by_screener:
            lines.append("  screeners:")
            lines += [f"    {sid}: [{', '.join(_q(c) for c in codes)}]" for sid, codes in by_screener.items()]
    return "\n".join(lines) + "\n"
