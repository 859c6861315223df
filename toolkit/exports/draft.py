"""Draft a mapping file for an export: ``toolkit mapping init EXPORT.csv``.

Each column is matched to a screener item by its text (see
:mod:`toolkit.exports.match`): a column that is not clearly one item is left
for a person to map.  When the same
sentence belongs to several screeners (PHQ-9 item 1 is also PHQ-2 and PHQ-4
item 1), the screener that explains most of the columns takes them, then the
next one (ties: the screener with more items).

Nothing here reads answers beyond the first rows of the date column (to guess
its format) and of the answer columns (to see whether codes start at 1).
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from ..content.catalog import Catalog
from ..content.screener_model import Screener
from ..core.atomic_write import write_atomic
from ..core.csv_stream import CsvFormatError, is_blank, records
from ..core.errors import ProblemList
from ..core.output_check import check_output_file
from ..intake.answers import normalise as normalise_answers
from .formats import (
    LABELS,
    QUALTRICS_META,
    REDCAP_META,
    TIMESTAMP_HEADERS,
    sniff,
    unknown_format,
)
from .mapping import DATE_FORMATS, parse_date
from .match import by_name, candidate_texts, item_table, match, normalise

SAMPLE_ROWS = 200


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
    notes: list[str] = field(default_factory=list)


def _is_metadata(fmt: str, title: str, col: int) -> bool:
    t = title.strip()
    if fmt == "redcap":
        return t in REDCAP_META or t.endswith("_complete") or t.endswith("_timestamp") or t == "record_id"
    if fmt == "qualtrics":
        return t in QUALTRICS_META
    if fmt == "google-forms":
        return col == 0 and t in TIMESTAMP_HEADERS
    return False


_ID_WORDS = ("client id", "client number", "client no", "client code", "record id", "patient id",
             "participant id", "mrn", "id number", "clinic id", "client_id")
_NAME_WORDS = ("full name", "your name", "client name", "name")
_PREFERRED_WORDS = ("preferred name", "what should we call you", "nickname")
_DOB_WORDS = ("date of birth", "birth date", "birthdate", "dob", "birthday")
_LANGUAGE_WORDS = ("language", "preferred language")


def _find(titles: list[str], words: tuple[str, ...], taken: set[int]) -> int | None:
    """The first column whose text is one of ``words``, or holds one of the
    multi-word ones ("client id" in "Client ID number"); a single word must be
    the whole text ("name", not "medication name")."""
    for word in words:
        key = normalise(word)
        for i, title in enumerate(titles):
            norm = normalise(title)
            if i in taken:
                continue
            if norm == key or norm.split(" ")[-1:] == [key] and norm.startswith(("what is your", "your")) \
                    or (" " in key and f" {key} " in f" {norm} "):
                return i
    return None


def draft_mapping(path: str | Path, catalog: Catalog) -> Draft:
    """Match an export's columns to screener items; the draft YAML and what was (not) found."""
    name = str(path)
    found = sniff(path, name)
    if found.format is None:
        raise ProblemList([unknown_format(name)])
    fmt = found.format
    titles = [t.strip() for t in found.header]
    questions = [q.strip() for q in found.questions] + [""] * (len(titles) - len(found.questions))
    screeners = {s.id: s for s in catalog.all()}
    table = item_table(list(screeners.values()))
    sample = _sample(path, name, found.header_rows, len(titles))

    draft = Draft(fmt, "")
    candidates: dict[int, set[tuple[str, str]]] = {}
    taken: set[int] = set()
    for i, title in enumerate(titles):
        if not title:
            continue
        if _is_metadata(fmt, title, i):
            draft.metadata.append((i + 1, title))
            taken.add(i)
            continue
        found_items = by_name(title, screeners) if fmt in ("redcap", "qualtrics", "toolkit") else set()
        if not found_items:
            found_items = match(candidate_texts(fmt, title, questions[i]), table)
        if found_items:
            candidates[i] = found_items
    # the same sentence in several screeners (PHQ-9 item 1 is PHQ-2 and PHQ-4 item 1):
    # the screener that explains most of the columns left takes them, then the next
    chosen: dict[int, tuple[str, str]] = {}
    left = dict(candidates)
    while left:
        votes: dict[str, int] = {}
        for items in left.values():
            for sid in {s for s, _ in items}:
                votes[sid] = votes.get(sid, 0) + 1
        best = max(votes, key=lambda sid: (votes[sid], len(screeners[sid].items), sid))
        for i in [i for i, items in left.items() if any(s == best for s, _ in items)]:
            chosen[i] = min(c for c in left.pop(i) if c[0] == best)
    given: dict[str, int] = {}
    for i in sorted(chosen):
        sid, item = chosen[i]
        ref = f"{sid}.{item}"
        if ref in given:
            draft.notes.append(f"column {i + 1} also looks like {ref} (already column {given[ref] + 1}); "
                               "left unmapped")
            draft.unmatched.append((i + 1, titles[i]))
            taken.add(i)
            continue
        given[ref] = i
        draft.matched.append((i + 1, titles[i], ref))
        taken.add(i)

    _guess_client(draft, fmt, titles, questions, taken)
    _guess_date(draft, fmt, titles, questions, taken, sample)
    for i, title in enumerate(titles):
        if i not in taken and title:
            draft.unmatched.append((i + 1, title))
    draft.unmatched.sort()
    recode = _guess_recode(draft, fmt, titles, screeners, sample)
    draft.text = _yaml(draft, name, titles, questions, recode)
    return draft


def _sample(path: str | Path, name: str, header_rows: int, width: int) -> list[list[str]]:
    out: list[list[str]] = []
    for record in records(path, name):
        if isinstance(record, CsvFormatError):
            break
        row, cells = record
        if row <= header_rows or is_blank(cells) or len(cells) != width:
            continue
        out.append(cells)
        if len(out) >= SAMPLE_ROWS:
            break
    return out


def _guess_client(draft: Draft, fmt: str, titles: list[str], questions: list[str], taken: set[int]) -> None:
    texts = [f"{q} {t}" if q else t for t, q in zip(titles, questions, strict=True)]
    if fmt == "toolkit":
        for col, field_name in (("client_id", "id"), ("client_name", "name"),
                                ("client_preferred_name", "preferred_name"),
                                ("client_language", "language"), ("client_date_of_birth", "date_of_birth")):
            if col in titles:
                draft.client[field_name] = col
                taken.add(titles.index(col))
        return
    at = None
    if fmt == "redcap":
        at = 0 if titles and titles[0] else None
        if "record_id" in titles:
            at = titles.index("record_id")
    if at is None:
        at = _find(texts, _ID_WORDS, taken)
    if at is None and fmt == "qualtrics" and "ExternalReference" in titles:
        at = titles.index("ExternalReference")
    if at is not None:
        draft.client["id"] = titles[at]
        taken.add(at)
        if (at + 1, titles[at]) in draft.metadata:
            draft.metadata.remove((at + 1, titles[at]))
    for field_name, words in (("preferred_name", _PREFERRED_WORDS), ("date_of_birth", _DOB_WORDS),
                              ("name", _NAME_WORDS), ("language", _LANGUAGE_WORDS)):
        found = _find(texts, words, taken)
        if found is not None:
            draft.client[field_name] = titles[found]
            taken.add(found)


def _guess_date(draft: Draft, fmt: str, titles: list[str], questions: list[str], taken: set[int],
                sample: list[list[str]]) -> None:
    at = None
    if fmt == "toolkit" and "date" in titles:
        at = titles.index("date")
    elif fmt == "google-forms" and titles and titles[0] in TIMESTAMP_HEADERS:
        at = 0
    elif fmt == "qualtrics":
        for col in ("RecordedDate", "EndDate", "StartDate"):
            if col in titles:
                at = titles.index(col)
                break
    if at is None:
        for i, title in enumerate(titles):
            norm = normalise(f"{questions[i]} {title}")
            if (i not in taken and ("date" in norm.split() or title.endswith("_timestamp")
                                    or "timestamp" in norm) and not any(w in norm for w in ("birth", "dob"))):
                at = i
                break
    if at is None:
        return
    draft.date_column = titles[at]
    taken.add(at)
    if (at + 1, titles[at]) in draft.metadata:
        draft.metadata.remove((at + 1, titles[at]))
    draft.date_format = _date_format(draft, "date.format", [row[at] for row in sample])
    if "date_of_birth" in draft.client:
        dob = titles.index(draft.client["date_of_birth"])
        draft.dob_format = _date_format(draft, "client.date_of_birth_format", [row[dob] for row in sample])


def _date_format(draft: Draft, key: str, values: list[str]) -> str | None:
    """The first named format every sampled value fits (values are not kept or shown)."""
    values = [v for v in values if v.strip()]
    for fmt_name in DATE_FORMATS:
        if values and all(parse_date(v, fmt_name) is not None for v in values):
            if fmt_name in ("MM/DD/YYYY", "DD/MM/YYYY") and all(parse_date(v, "DD/MM/YYYY") for v in values):
                draft.notes.append(f"the dates could be MM/DD/YYYY or DD/MM/YYYY: check {key}")
            return fmt_name
    return None


def _guess_recode(draft: Draft, fmt: str, titles: list[str], screeners: dict[str, Screener],
                  sample: list[list[str]]) -> dict[str, dict[str, object]]:
    """Draft a per-scale recode: code k -> the k-th option of the scale.

    Qualtrics numbers the choices 1, 2, 3 ... by default, so its scales are
    always drafted (when the sampled codes fit 1..n).  Elsewhere only a scale
    whose sampled values are not answers as they stand gets one (REDCap codes
    for a yes/no scale, say), and only when they fit 1..n; otherwise a note."""
    if fmt not in ("qualtrics", "redcap"):
        return {}
    out: dict[str, dict[str, object]] = {}
    by_scale: dict[str, tuple[str, set[str]]] = {}
    for col, _, ref in draft.matched:
        sid, _, item = ref.partition(".")
        key = f"{sid}.{screeners[sid].item(item).scale}"
        codes = by_scale.setdefault(key, (item, set()))[1]
        codes.update(row[col - 1].strip() for row in sample if row[col - 1].strip())
    for key, (item, codes) in by_scale.items():
        sid, _, scale = key.partition(".")
        options = screeners[sid].scales[scale]
        fits = all(c.isdigit() and 1 <= int(c) <= len(options) for c in codes)
        if fmt == "redcap":
            valid = all(not normalise_answers(screeners[sid], {item: c})[1] for c in codes)
            if valid:
                continue
            if not fits:
                draft.notes.append(f"the values of {key} are not its answers: add a recode for it "
                                   "(see docs/exports.md)")
                continue
        elif codes and not fits:
            draft.notes.append(f"the codes of {key} are not 1..{len(options)}: check them and add a recode")
            continue
        out[key] = {str(k): o.value for k, o in enumerate(options, start=1)}
    return out


def _q(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)


def _comment(text: str, limit: int = 100) -> str:
    one = " ".join(text.split())
    return one if len(one) <= limit else one[: limit - 3] + "..."


def _yaml(draft: Draft, name: str, titles: list[str], questions: list[str],
          recode: dict[str, dict[str, object]]) -> str:
    fmt = draft.format
    lines = [
        f"# Mapping for {Path(name).name}: a {LABELS[fmt]} export, drafted by `toolkit mapping init`.",
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
    lines += ["", "# The date of the intake. Anything after the date (a time, a time zone) is ignored.",
              "date:"]
    if draft.date_column is not None:
        lines.append(f"  column: {_q(draft.date_column)}")
    else:
        lines.append('  column: "CHANGE ME"  # no date column found')
    lines.append(f"  format: {draft.date_format or 'YYYY-MM-DD'}  # one of: {', '.join(DATE_FORMATS)}")
    lines += ["", "# Export column: <screener>.<item> (`toolkit screeners show ID` lists the items).",
              "columns:"]
    for col, title, ref in draft.matched:
        q = questions[col - 1]
        note = f"  # column {col}" + (f": {_comment(q, 70)}" if fmt == "qualtrics" and q else "")
        if len(_q(title)) > 1000:  # YAML keys past 1024 characters must be written as explicit keys
            lines += [f"  ? {_q(title)}", f"  : {ref}{note}"]
        else:
            lines.append(f"  {_q(title)}: {ref}{note}")
    if draft.unmatched:
        lines += ["", "# Not matched (add the ones that are screener items above; the rest are ignored):"]
        for col, title in draft.unmatched:
            q = questions[col - 1]
            lines.append(f"#   column {col}: {_comment(_q(title))}" + (f"  ({_comment(q, 60)})" if q else ""))
    if recode:
        lines += ["", "# Codes in the export -> the scale's values, drafted as 1 = first option, 2 = second ...",
                  "# (Qualtrics numbers choices from 1 unless the survey sets recode values).",
                  "# CHECK these against the survey's codes before use.",
                  "recode:", "  scales:"]
        for key, table in recode.items():
            pairs = ", ".join(f"{code}: {_q(v) if isinstance(v, str) else v}" for code, v in table.items())
            lines.append(f"    {key}: {{{pairs}}}")
    return "\n".join(lines) + "\n"


def write_draft(draft: Draft, out: Path, *, force: bool = False,
                inputs: Iterable[Path | str | None] = ()) -> None:
    """Write the draft atomically (mode 0600); never over one of ``inputs`` (the
    export, the practice folder), never over an existing file without ``force``."""
    check_output_file(out, inputs=inputs, force=force)
    write_atomic(out, draft.text.encode("utf-8"))
