"""Draft a mapping file for an export: ``toolkit mapping init EXPORT.csv``.

Any CSV is an export: one that is not our own CSV, REDCap, Google Forms or
Qualtrics is drafted as the generic ``csv`` format.  Each column is matched to
a screener item by its name or its text, and the reason is kept (see
:mod:`toolkit.exports.match`): a column that is not clearly one item is left
for a person to map.  A REDCap data dictionary, when given, adds each field's
label as its text and supplies the codings.  A screener with some items mapped
but a critical item (PHQ-9 item 9, an ASQ question) unmapped is a warning,
first in the draft and first in the terminal.  When the same
sentence belongs to several screeners (PHQ-9 item 1 is also PHQ-2 and PHQ-4
item 1), the screener that explains most of the columns takes them, then the
next one (ties: a screener all of whose items are there, then the one with more items).

Nothing here reads answers beyond the first rows of the date column (to guess
its format) and of the answer columns (to see whether codes start at 1, and
which codes are not answers: proposed as missing-value codes, shown only when
they look like codes, such as ``NA`` or ``-99``).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from pathlib import Path

from ..content.catalog import Catalog
from ..content.screener_model import Screener
from ..core.atomic_write import write_atomic
from ..core.csv_stream import CsvFormatError, is_blank, records
from ..core.errors import problem
from ..core.output_check import check_output_file
from ..core.whole_numbers import as_whole_number, small_number
from ..intake.answers import normalise as normalise_answers
from .draft_yaml import Draft, comment, draft_yaml
from .formats import (
    QUALTRICS_META,
    REDCAP_META,
    TIMESTAMP_HEADERS,
    sniff,
)
from .mapping import DATE_FORMATS, parse_date, unmapped_critical
from .match import by_name, candidate_texts, item_table, match, near_typos, normalise
from .redcap_dictionary import DictionaryFields, read_dictionary

SAMPLE_ROWS = 200
GENERIC = "csv"  # any other CSV: a mapping names every column
DRAFT_FORMATS = ("toolkit", "redcap", "google-forms", "qualtrics", GENERIC)
# codes that mean "no answer" as exports write them; other text is never shown
_NA_WORDS = ("na", "n a", "nan", "none", "null", "missing", "refused", "dk", "dont know", "not asked", "skip",
             "skipped", "unknown", "not applicable")
_CODE = re.compile(r"^-?\d{1,6}(?:\.\d{1,4})?$")
# date columns that are not the date of a questionnaire
_OTHER_DATES = ("consent", "enrol", "enroll", "enrolment", "enrollment", "birth", "dob", "death", "discharge",
                "admission", "admit", "withdrawal", "withdraw", "randomisation", "randomization", "registration",
                "diagnosis", "onset")
_WAVE_WORDS = ("wave", "visit", "week", "timepoint", "session", "phase", "round", "tp", "time point", "follow up",
               "followup", "occasion")


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
             "participant id", "mrn", "id number", "clinic id", "client_id", "subject id", "respondent id",
             "user id", "study id", "seqn", "id", "uid", "pid", "participant", "subject", "record",
             "respondent")
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


def draft_mapping(path: str | Path, catalog: Catalog, *, fmt: str | None = None, date: str | None = None,
                  dictionary: str | Path | None = None) -> Draft:
    """Match an export's columns to screener items; the draft YAML and what was (not) found.
    ``fmt`` forces a format; ``date`` (YYYY-MM-DD) is the date of every row of an export
    without a date column; ``dictionary`` is a REDCap data dictionary (CSV)."""
    name = str(path)
    if fmt is not None and fmt not in DRAFT_FORMATS:
        raise problem(name, f"unknown format {fmt!r}: use one of {', '.join(DRAFT_FORMATS)}")
    fixed = None if date is None else _fixed_date(name, date)
    found = sniff(path, name, assume=fmt)
    fmt = fmt or found.format or GENERIC
    titles = [t.strip() for t in found.header]
    questions = [q.strip() for q in found.questions] + [""] * (len(titles) - len(found.questions))
    fields = read_dictionary(dictionary) if dictionary is not None else {}
    for i, title in enumerate(titles):
        if title in fields and not questions[i]:
            questions[i] = fields[title][0]
    screeners = {s.id: s for s in catalog.all()}
    table = item_table(list(screeners.values()))
    sample = _sample(path, name, found.header_rows, len(titles))

    draft = Draft(fmt, "", fixed_date=fixed)
    candidates: dict[int, set[tuple[str, str]]] = {}
    why: dict[int, str] = {}
    named: dict[int, tuple[str, tuple[str, str]]] = {}
    taken: set[int] = set()
    for i, title in enumerate(titles):
        if not title:
            continue
        if _is_metadata(fmt, title, i):
            draft.metadata.append((i + 1, title))
            taken.add(i)
            continue
        items, reason = by_name(title, screeners)
        if items:
            candidates[i], why[i] = items, reason
            if len(items) == 1:
                named[i] = (title, next(iter(items)))
    unnamed = {i: t for i, t in enumerate(titles) if t and i not in taken and i not in candidates}
    mapped = {one for found in candidates.values() for one in found}
    for i, (typo, reason) in near_typos(unnamed, named, mapped).items():
        candidates[i], why[i] = {typo}, reason
    for i, title in enumerate(titles):
        if title and i not in taken and i not in candidates:
            items, reason = match(candidate_texts(fmt, title, questions[i]), table)
            if items:
                candidates[i], why[i] = items, reason + (" of its data-dictionary label" if title in fields else "")
    # the same sentence in several screeners (PHQ-9 item 1 is PHQ-2 and PHQ-4 item 1):
    # the screener that explains most of the columns left takes them, then the next
    chosen: dict[int, tuple[str, str]] = {}
    left = dict(candidates)
    while left:
        votes: dict[str, int] = {}
        for items in left.values():
            for sid in {s for s, _ in items}:
                votes[sid] = votes.get(sid, 0) + 1
        # ties: a screener whose every item is here (two PHQ-2 sentences are a PHQ-2, not a
        # PHQ-9 without item 9), then the screener with more items
        best = max(votes, key=lambda sid: (votes[sid], votes[sid] == len(screeners[sid].items),
                                           len(screeners[sid].items), sid))
        for i in [i for i, items in left.items() if any(s == best for s, _ in items)]:
            chosen[i] = min(c for c in left.pop(i) if c[0] == best)
    given: dict[str, int] = {}
    for i in sorted(chosen):
        sid, item_id = chosen[i]
        ref = f"{sid}.{item_id}"
        if ref in given:
            draft.notes.append(f"column {i + 1} also looks like {ref} (already column {given[ref] + 1}); "
                               "left unmapped")
            draft.unmatched.append((i + 1, titles[i]))
            taken.add(i)
            continue
        given[ref] = i
        draft.matched.append((i + 1, titles[i], ref))
        draft.reasons[i + 1] = why[i]
        taken.add(i)
    if not draft.matched:
        raise problem(name, f"no column matched a screener item ({len(titles)} columns read): name the "
                            "columns by hand in a mapping file (see docs/exports.md)", line=1, col=1)
    draft.warnings = _unmapped_critical(draft, screeners)

    _guess_client(draft, fmt, titles, questions, taken)
    if fixed is None:
        _guess_date(draft, fmt, titles, questions, taken, sample)
    elif "date_of_birth" in draft.client:
        dob = titles.index(draft.client["date_of_birth"])
        draft.dob_format = _date_format(draft, "client.date_of_birth_format", [row[dob] for row in sample])
    if fixed is None and draft.date_column is None:
        draft.notes.append("this export has no date column: a date is needed. Run again with "
                           "--date YYYY-MM-DD (the date every row was answered), or name the column "
                           "under date: column:")
    _guess_wave(draft, titles, taken)
    for i, title in enumerate(titles):
        if i not in taken and title:
            draft.unmatched.append((i + 1, title))
    draft.unmatched.sort()
    if fields:
        recode = _dictionary_recode(draft, fields, screeners)
    else:
        recode = _guess_recode(draft, fmt, titles, screeners, sample)
    _guess_missing(draft, screeners, sample, recode, fields)
    draft.text = draft_yaml(draft, name, questions, recode)
    return draft


def _fixed_date(name: str, text: str) -> str:
    """``--date``: a real date written YYYY-MM-DD, or ProblemList."""
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text.strip()):
        try:
            return dt.date.fromisoformat(text.strip()).isoformat()
        except ValueError:
            pass
    raise problem(name, "--date must be a real date written YYYY-MM-DD, such as 2026-11-20")


def _unmapped_critical(draft: Draft, screeners: dict[str, Screener]) -> list[str]:
    """A screener with some items mapped: each critical item it leaves unmapped."""
    return [f"{ref} is not mapped: it is a critical item of {screener.title} "
            f"({comment(item.text, 60)}), so a client's answer to it would never be seen. "
            f"Map its column under columns:, or, if this export never asked it, add "
            f"not_asked: [{ref}] (every output will then say it was not asked)"
            for ref, screener, item in unmapped_critical([ref for _, _, ref in draft.matched], screeners.get)]


def _sample(path: str | Path, name: str, header_rows: int, width: int) -> list[list[str]]:
    out: list[list[str]] = []
    for record in records(path, name):
        if isinstance(record, CsvFormatError):
            continue
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
        at = _date_column(draft, titles, questions, taken)
    if at is not None:
        draft.date_column = titles[at]
        taken.add(at)
        if (at + 1, titles[at]) in draft.metadata:
            draft.metadata.remove((at + 1, titles[at]))
        draft.date_format = _date_format(draft, "date.format", [row[at] for row in sample])
    if "date_of_birth" in draft.client:
        dob = titles.index(draft.client["date_of_birth"])
        draft.dob_format = _date_format(draft, "client.date_of_birth_format", [row[dob] for row in sample])


def _date_column(draft: Draft, titles: list[str], questions: list[str], taken: set[int]) -> int | None:
    """The first date-like column that is not another kind of date (a consent, enrolment
    or birth date); the others are named in a note, never silently taken."""
    others = []
    for i, title in enumerate(titles):
        words = normalise(f"{questions[i]} {title}").split()
        if i in taken or not ("date" in words or "timestamp" in words or title.endswith("_timestamp")):
            continue
        if any(w.startswith(other) for w in words for other in _OTHER_DATES):
            others.append(title)
            continue
        return i
    if others:
        draft.notes.append("date column(s) " + ", ".join(others) + " not used: they do not look like the "
                           "date of the questionnaire; if one is, name it under date: column:")
    return None


def _guess_wave(draft: Draft, titles: list[str], taken: set[int]) -> None:
    """A wave, visit, week or time-point column, to order a client's rows that share a date."""
    for i, title in enumerate(titles):
        norm = normalise(title)
        if i in taken or len(norm.split()) > 3 or not any(f" {w} " in f" {norm} " for w in _WAVE_WORDS):
            continue
        draft.wave_column = title
        taken.add(i)
        return


def _date_format(draft: Draft, key: str, values: list[str]) -> str | None:
    """The first named format every sampled value fits (values are not kept or shown)."""
    values = [v for v in values if v.strip()]
    for fmt_name in DATE_FORMATS:
        if values and all(parse_date(v, fmt_name) is not None for v in values):
            if fmt_name in ("MM/DD/YYYY", "DD/MM/YYYY") and all(parse_date(v, "DD/MM/YYYY") for v in values):
                draft.notes.append(f"the dates could be MM/DD/YYYY or DD/MM/YYYY: check {key}")
            return fmt_name
    return None


def _dictionary_recode(draft: Draft, fields: DictionaryFields,
                       screeners: dict[str, Screener]) -> dict[str, dict[str, object]]:
    """Per scale, the dictionary's codes -> the scale's values, by the choice labels (a
    code whose label is no option, such as "99, Refused", is a missing code)."""
    draft.recode_source = "dictionary"
    tables: dict[str, list[dict[str, object]]] = {}
    for _, title, ref in draft.matched:
        sid, _, item = ref.partition(".")
        scale = screeners[sid].item(item).scale
        by_label = {normalise(o.label): o.value for o in screeners[sid].scales[scale]}
        by_value = {str(o.value): o.value for o in screeners[sid].scales[scale]}
        choices = fields.get(title, ("", []))[1]
        if not choices:
            continue
        table: dict[str, object] = {}
        for code, label in choices:
            if normalise(label) in by_label:
                table[code] = by_label[normalise(label)]
            else:
                draft.missing.setdefault(sid, []).append(code)
        if table and table != {c: by_value.get(c) for c in table}:  # the codes are not the values
            tables.setdefault(f"{sid}.{scale}", []).append(table)
    out: dict[str, dict[str, object]] = {}
    for key, found in tables.items():
        if all(t == found[0] for t in found):
            out[key] = found[0]
        else:
            draft.notes.append(f"the data dictionary codes {key} differently from field to field: "
                               "add a recode per column")
    return out


def _codes(draft: Draft, sample: list[list[str]]) -> dict[int, set[str]]:
    return {col: {row[col - 1].strip() for row in sample if row[col - 1].strip()} for col, _, _ in draft.matched}


def _guess_recode(draft: Draft, fmt: str, titles: list[str], screeners: dict[str, Screener],
                  sample: list[list[str]]) -> dict[str, dict[str, object]]:
    """Draft a per-scale recode: code k -> the k-th option of the scale.

    Qualtrics numbers the choices 1, 2, 3 ... by default, so its scales are
    always drafted (when the sampled codes fit 1..n).  Elsewhere only a scale
    whose sampled values are not answers as they stand and hold a code in 1..n
    that is no answer (a 4 on a 0-3 scale) gets one; codes outside 1..n (7, 9,
    -99, NA) are left for the missing codes; otherwise a note."""
    if fmt == "toolkit":
        return {}
    out: dict[str, dict[str, object]] = {}
    by_scale: dict[str, tuple[str, set[str]]] = {}
    codes_of = _codes(draft, sample)
    for col, _, ref in draft.matched:
        sid, _, item = ref.partition(".")
        key = f"{sid}.{screeners[sid].item(item).scale}"
        by_scale.setdefault(key, (item, set()))[1].update(as_whole_number(c) for c in codes_of[col])
    for key, (item, codes) in by_scale.items():
        sid, _, scale = key.partition(".")
        options = screeners[sid].scales[scale]
        in_range = {c for c in codes if c.isascii() and c.isdigit() and 1 <= (small_number(c) or 0) <= len(options)}
        if fmt != "qualtrics":
            wrong = {c for c in codes if normalise_answers(screeners[sid], {item: c})[1]}
            if not wrong & in_range or "0" in codes:
                continue
        elif codes and not codes <= in_range and not any(_CODE.match(c) for c in codes - in_range):
            draft.notes.append(f"the codes of {key} are not 1..{len(options)}: check them and add a recode")
            continue
        out[key] = {str(k): o.value for k, o in enumerate(options, start=1)}
    return out


def _guess_missing(draft: Draft, screeners: dict[str, Screener], sample: list[list[str]],
                   recode: dict[str, dict[str, object]],
                   fields: DictionaryFields) -> None:
    """Codes seen in answer columns that are not answers: text codes (NA, nan) and
    negative numbers for every column, other numbers (7, 9) for their screener.
    Whole-number decimals of an answer (1.0) are answers.  A value that does not
    look like a code (free text) is counted, never shown."""
    codes_of = _codes(draft, sample)
    found: dict[str, set[str]] = {k: set(v) for k, v in draft.missing.items()}
    hidden = 0
    for col, _, ref in draft.matched:
        sid, _, item = ref.partition(".")
        table = recode.get(f"{sid}.{screeners[sid].item(item).scale}")
        for code in codes_of[col]:
            whole = as_whole_number(code)
            if table is not None and (whole in table or code in table):
                continue
            if table is None and not normalise_answers(screeners[sid], {item: whole})[1]:
                continue
            if _CODE.match(code) and not code.startswith("-"):
                found.setdefault(sid, set()).add(code)
            elif _CODE.match(code) or normalise(code) in _NA_WORDS:
                found.setdefault("all", set()).add(code)
            else:
                hidden += 1
    if hidden:
        draft.notes.append(f"{hidden} other value(s) in answer columns are not answers (not shown): check "
                           "them with `toolkit mapping check`")
    draft.missing = {k: sorted(found[k]) for k in sorted(found, key=lambda k: (k != "all", k)) if found[k]}


def write_draft(draft: Draft, out: Path, *, force: bool = False,
                inputs: Iterable[Path | str | None] = ()) -> None:
    """Write the draft atomically (mode 0600); never over one of ``inputs`` (the
    export, the practice folder), never over an existing file without ``force``."""
    check_output_file(out, inputs=inputs, force=force)
    write_atomic(out, draft.text.encode("utf-8"))
