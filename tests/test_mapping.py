"""Broken mapping files and broken exports: the exact problem lines, run through
the real command line (``toolkit mapping check EXPORT --mapping MAPPING``).

Each case writes a small real-shaped export (``export.csv``) and mapping
(``mapping.yaml``) into a fresh folder, each a variant of one good pair, and
compares stderr with ``tests/data/exports/bad/<case>.errors`` (without the
final "N problems found." line).  To regenerate after an intended change of
wording:

    UPDATE_GOLDENS=1 .venv/bin/pytest tests/test_mapping.py

then read every changed file (``git diff tests/data/exports``): each message
must point at the right file:line:col (the mapping's line, or the export's
spreadsheet row and column) and never show a client id, name, birth date or
free text.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Callable

import pytest
from golden import UPDATE, problem_lines, run_toolkit

from toolkit.content.catalog import Catalog
from toolkit.core.errors import ProblemList
from toolkit.exports.mapping import DATE_FORMATS, load_mapping, parse_date

GOLDEN_DIR = Path(__file__).resolve().parent / "data" / "exports" / "bad"
STEM = "Over the last 2 weeks, how often have you been bothered by any of the following problems?"
Q1 = f"{STEM} [Little interest or pleasure in doing things]"
Q2 = f"{STEM} [Feeling down, depressed, or hopeless]"
SECRET_ID = "C-7731"
SECRET_NAME = "Zoë Quintana"
SECRET_DOB = "04/02/1990"
FORMULA = '=HYPERLINK("http://evil.example","x")'

HEADER = f'Timestamp,Client ID,Full name,Date of birth,"{Q1}","{Q2}",Anything else?\r\n'
ROWS = [
    f'2026/11/20 9:14:03 AM GMT,{SECRET_ID},{SECRET_NAME},{SECRET_DOB},Several days,Nearly every day,"{FORMULA.replace(chr(34), chr(34) * 2)}"\r\n',
    '2026/11/20 9:20:41 AM GMT,C-0002,Ben Okafor,12/30/1985,Not at all,Several days,"two\r\nlines"\r\n',
    '2026/11/21 10:02:00 AM GMT,C-0003,Chloé Martin,07/15/2001,More than half the days,Not at all,\r\n',
]
EXPORT = "\ufeff" + HEADER + "".join(ROWS)
MAPPING = f"""\
format: google-forms
client:
  id: Client ID
  name: Full name
  date_of_birth: Date of birth
  date_of_birth_format: MM/DD/YYYY
date:
  column: Timestamp
  format: YYYY/MM/DD
columns:
  "{Q1}": phq2.q1
  "{Q2}": phq2.q2
"""

REDCAP_EXPORT = ("record_id,redcap_event_name,visit_date,phq2_1,phq2_2,asq_1,phq2_complete\n"
                 "C-0001,intake_arm_1,2026-11-20,1,2,0,2\n")
REDCAP_MAPPING = """\
format: redcap
client: {id: record_id}
date: {column: visit_date}
columns: {phq2_1: phq2.q1, phq2_2: phq2.q2, asq_1: asq.q1}
recode:
  columns:
    asq_1: {1: "yes", 0: "no"}
"""
QUALTRICS_EXPORT = (
    "StartDate,EndDate,RecordedDate,ResponseId,Q1,QID2_1,QID2_2\n"
    "Start Date,End Date,Recorded Date,Response ID,Client ID,"
    f"{STEM} - Little interest or pleasure in doing things,{STEM} - Feeling down depressed or hopeless\n"
    '"{""ImportId"":""startDate""}","{""ImportId"":""endDate""}","{""ImportId"":""recordedDate""}",'
    '"{""ImportId"":""_recordId""}","{""ImportId"":""QID1_TEXT""}","{""ImportId"":""QID2_1""}",'
    '"{""ImportId"":""QID2_2""}"\n'
    "2026-11-20 09:00:00,2026-11-20 09:05:00,2026-11-20 09:05:01,R_abc,C-0001,1,4\n"
    "2026-11-20 09:00:00,2026-11-20 09:05:00,2026-11-20 09:05:01,R_abd,C-0002,5,2\n")
QUALTRICS_MAPPING = """\
format: qualtrics
client: {id: Q1}
date: {column: RecordedDate, format: YYYY-MM-DD}
columns: {QID2_1: phq2.q1, QID2_2: phq2.q2}
recode:
  scales: {phq2.frequency: {1: 0, 2: 1, 3: 2, 4: 3}}
"""


def sub(text: str, old: str, new: str) -> str:
    assert old in text, old
    return text.replace(old, new)


def row(n: int, old: str, new: str) -> str:
    rows = list(ROWS)
    rows[n] = sub(rows[n], old, new)
    return "\ufeff" + HEADER + "".join(rows)


# case -> (export text or bytes, mapping text or None, extra CLI args)
Case = tuple
CASES: dict[str, Case] = {
    # the mapping file itself
    "mapping-empty": (EXPORT, "# nothing here\n"),
    "mapping-a-list": (EXPORT, "- format: google-forms\n"),
    "mapping-yaml-tab": (EXPORT, sub(MAPPING, "  id: Client ID", "\tid: Client ID")),
    "mapping-unknown-key": (EXPORT, sub(MAPPING, "columns:", "colums:")),
    "mapping-missing-client": (EXPORT, sub(MAPPING, "client:\n  id: Client ID\n", "client:\n")),
    "mapping-unknown-format": (EXPORT, sub(MAPPING, "format: google-forms", "format: surveymonkey")),
    "mapping-unknown-date-format": (EXPORT, sub(MAPPING, "format: YYYY/MM/DD", "format: DD-MMM-YYYY")),
    "mapping-date-format-number": (EXPORT, sub(MAPPING, "format: YYYY/MM/DD", "format: 20261120")),
    "mapping-no-columns": (EXPORT, MAPPING.split("columns:")[0] + "columns: {}\n"),
    "mapping-unknown-screener": (EXPORT, sub(MAPPING, ": phq2.q1", ": phq8.q1")),
    "mapping-unknown-item": (EXPORT, sub(MAPPING, ": phq2.q2", ": phq2.q12")),
    "mapping-item-not-dotted": (EXPORT, sub(MAPPING, ": phq2.q2", ": phq2 q2")),
    "mapping-path-screener": (EXPORT, sub(MAPPING, ": phq2.q2", ": ../etc.q2")),
    "mapping-item-twice": (EXPORT, sub(MAPPING, ": phq2.q2", ": phq2.q1")),
    "mapping-column-used-twice": (EXPORT, MAPPING + '  "Client ID": phq9.q1\n'),
    "mapping-date-column-is-client-id": (EXPORT, sub(MAPPING, "column: Timestamp", "column: Client ID")),
    "mapping-recode-value-not-in-scale": (EXPORT, MAPPING + "recode:\n  scales:\n"
                                          "    phq2.frequency: {1: 0, 2: 1, 3: 2, 4: 4}\n"),
    "mapping-recode-unknown-scale": (EXPORT, MAPPING + "recode:\n  scales:\n    phq2.often: {1: 0}\n"),
    "mapping-recode-scale-not-dotted": (EXPORT, MAPPING + "recode:\n  scales:\n    frequency: {1: 0}\n"),
    "mapping-recode-unknown-screener": (EXPORT, MAPPING + "recode:\n  scales:\n    phq8.frequency: {1: 0}\n"),
    "mapping-recode-column-not-mapped": (EXPORT, MAPPING + "recode:\n  columns:\n    Full name: {1: 0}\n"),
    "mapping-recode-bad-label": (REDCAP_EXPORT, sub(REDCAP_MAPPING, '0: "no"', "0: Nope")),
    "mapping-recode-true": (REDCAP_EXPORT, sub(REDCAP_MAPPING, '1: "yes"', "1: true")),
    "mapping-recode-decimal": (QUALTRICS_EXPORT, sub(QUALTRICS_MAPPING, "4: 3", "4: 3.0")),
    "mapping-file-missing": (EXPORT, None, ("--mapping", "nowhere.yaml")),
    # the mapping against the export
    "format-mismatch": (QUALTRICS_EXPORT, MAPPING),
    "header-missing-columns": (EXPORT, sub(sub(sub(MAPPING, "id: Client ID", "id: Client Id"),
                                               "Little interest", "Little Interest"),
                                           "column: Timestamp", "column: Time stamp")),
    "header-column-twice": (sub(EXPORT, "Anything else?", "Full name"), MAPPING),
    "needs-a-mapping": (REDCAP_EXPORT, None),
    "unknown-format-no-mapping": ("when,who,how\n2026-11-20,C-0001,fine\n", None),
    "unknown-format-mapped": ("when,who,how\n2026-11-20,C-0001,Several days\n",
                              "format: google-forms\nclient: {id: who}\ndate: {column: when}\n"
                              "columns: {howw: phq2.q1}\n"),
    # the export file
    "export-empty": (b"", MAPPING),
    "export-latin1": (EXPORT.encode("utf-8")[3:].replace("Chloé".encode(), "Chloé".encode("latin-1")), MAPPING),
    "export-nul-byte": (sub(EXPORT, "Ben Okafor", "Ben\x00Okafor"), MAPPING),
    "export-missing": (None, MAPPING),
    "export-header-only": ("\ufeff" + HEADER + "\r\n,,,,,,\r\n", MAPPING),
    "export-blank-header": ("\r\n" + HEADER + ROWS[0], MAPPING),
    # rows: each bad row is reported, the others still read
    "row-bad-timestamp": (row(1, "2026/11/20 9:20:41 AM GMT", "20/11/2026 9:20:41"), MAPPING),
    "row-impossible-date": (row(1, "2026/11/20", "2026/02/30"), MAPPING),
    "row-bad-birth-date": (row(0, SECRET_DOB, "1990-04-02"), MAPPING),
    "row-bad-label": (row(1, "Not at all,", "Sometimes,"), MAPPING),
    "row-formula-client-id": (row(0, SECRET_ID, '"=HYPERLINK(""http://x"",""y"")"'), MAPPING),
    "row-formula-answer": (row(2, "More than half the days", "=1+1"), MAPPING),
    "row-blank-client-id": (row(0, SECRET_ID, ""), MAPPING),
    "row-blank-date": (row(2, "2026/11/21 10:02:00 AM GMT", ""), MAPPING),
    "row-no-answers": (row(2, "More than half the days,Not at all", ","), MAPPING),
    "row-duplicate-client-date": (row(1, "C-0002", SECRET_ID), MAPPING),
    "row-too-few-cells": (row(2, "Not at all,", "Not at all"), MAPPING),
    "row-unclosed-quote": (row(1, '"two\r\nlines"', '"two\r\nlines'), MAPPING),
    "row-name-line-break": (row(1, "Ben Okafor", '"Ben\nOkafor"'), MAPPING),
    "row-code-not-in-recode": (QUALTRICS_EXPORT, QUALTRICS_MAPPING),
    "row-redcap-code-not-in-recode": (sub(REDCAP_EXPORT, ",1,2,0,2", ",1,2,9,2"), REDCAP_MAPPING),
}
PRIVATE = (SECRET_ID, SECRET_NAME, "Zoë", SECRET_DOB, "1990", "HYPERLINK", "evil", "two", "lines")


def _run(case: str, folder: Path):
    export, mapping, *extra = CASES[case]
    if isinstance(export, str):
        (folder / "export.csv").write_bytes(export.encode("utf-8"))
    elif isinstance(export, bytes):
        (folder / "export.csv").write_bytes(export)
    args = ["mapping", "check", "export.csv"]
    if mapping is not None:
        (folder / "mapping.yaml").write_text(mapping, encoding="utf-8")
        args += ["--mapping", "mapping.yaml"]
    for more in extra:
        args += list(more)
    return run_toolkit(*args, cwd=folder)


def test_enough_cases():
    assert len(CASES) >= 30


def test_no_stray_goldens():
    assert sorted(p.stem for p in GOLDEN_DIR.glob("*.errors") if p.stem not in CASES) == []


@pytest.mark.parametrize("case", sorted(CASES))
def test_broken_mapping_or_export(case: str, tmp_path: Path):
    result = _run(case, tmp_path)
    assert "Traceback" not in result.stderr
    assert "internal error" not in result.stderr, result.stderr
    assert result.returncode == 1, result.stderr + result.stdout
    assert result.stdout == ""
    lines = problem_lines(result)
    golden = GOLDEN_DIR / f"{case}.errors"
    if UPDATE:
        golden.parent.mkdir(parents=True, exist_ok=True)
        golden.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert lines == golden.read_text(encoding="utf-8").splitlines()
    for line in lines:
        assert line.startswith(("export.csv", "mapping.yaml", "nowhere.yaml")), line
        for secret in PRIVATE:
            assert secret not in line, (secret, line)


def test_the_good_pair_reads(tmp_path: Path):
    (tmp_path / "export.csv").write_text(EXPORT, encoding="utf-8")
    (tmp_path / "mapping.yaml").write_text(MAPPING, encoding="utf-8")
    result = run_toolkit("mapping", "check", "export.csv", "--mapping", "mapping.yaml", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout == "ok: 3 rows read, no problems\n"


# --- the library ----------------------------------------------------------------------------

def test_load_mapping_resolves_recodes(tmp_path: Path):
    path = tmp_path / "m.yaml"
    path.write_text(QUALTRICS_MAPPING + "  columns: {QID2_2: {1: 3, 2: 2, 3: 1, 4: 0, -99: null}}\n",
                    encoding="utf-8")
    mapping = load_mapping(path, Catalog())
    assert mapping.format == "qualtrics"
    assert mapping.recode_for("QID2_1") == {"1": 0, "2": 1, "3": 2, "4": 3}
    assert mapping.recode_for("QID2_2") == {"1": 3, "2": 2, "3": 1, "4": 0, "-99": None}  # per column wins
    assert mapping.client_columns() == {"id": "Q1"}


def test_a_recode_to_null_means_unanswered(tmp_path: Path):
    from toolkit.exports.rows import RowOk, iter_export

    (tmp_path / "e.csv").write_text(sub(QUALTRICS_EXPORT, "C-0002,5,2", "C-0002,-99,2"), encoding="utf-8")
    (tmp_path / "m.yaml").write_text(sub(QUALTRICS_MAPPING, "4: 3}", "4: 3, -99: null}"), encoding="utf-8")
    rows = list(iter_export(tmp_path / "e.csv", Catalog(), mapping=tmp_path / "m.yaml"))
    assert all(isinstance(r, RowOk) for r in rows)
    assert rows[1].intake.answers == {"phq2": {"q2": 1}}


@pytest.mark.parametrize("text,fmt,expected", [
    ("2026-11-20", "YYYY-MM-DD", dt.date(2026, 11, 20)),
    ("2026-11-20 09:14:03", "YYYY-MM-DD", dt.date(2026, 11, 20)),
    ("2026-11-20T09:14:03Z", "YYYY-MM-DD", dt.date(2026, 11, 20)),
    ("2026/11/20 9:14:03 AM GMT", "YYYY/MM/DD", dt.date(2026, 11, 20)),
    ("2026/11/20 9:14:03 pm GMT+1", "YYYY/MM/DD", dt.date(2026, 11, 20)),
    ("11/20/2026 9:14:03", "MM/DD/YYYY", dt.date(2026, 11, 20)),
    ("20/11/2026 21:14", "DD/MM/YYYY", dt.date(2026, 11, 20)),
    ("20.11.2026", "DD.MM.YYYY", dt.date(2026, 11, 20)),
    ("20/11/2026", "MM/DD/YYYY", None),
    ("2026-02-30", "YYYY-MM-DD", None),
    ("2026-11-20 and then some", "YYYY-MM-DD", None),
    ("11/20/26", "MM/DD/YYYY", None),
])
def test_parse_date(text: str, fmt: str, expected):
    assert fmt in DATE_FORMATS
    assert parse_date(text, fmt) == expected


def test_mapping_problems_do_not_leak_between_loads(tmp_path: Path):
    catalog = Catalog()
    bad, good = tmp_path / "bad.yaml", tmp_path / "good.yaml"
    bad.write_text(sub(MAPPING, ": phq2.q2", ": phq2.q12"), encoding="utf-8")
    good.write_text(MAPPING, encoding="utf-8")
    with pytest.raises(ProblemList) as first:
        load_mapping(bad, catalog)
    load_mapping(good, catalog)
    with pytest.raises(ProblemList) as again:
        load_mapping(bad, catalog)
    assert first.value.problems == again.value.problems


MakeCase = Callable[[Path], None]
