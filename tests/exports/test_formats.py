"""Real-shaped exports of each format, written here, read end to end.

The writers (``real_exports`` in tests/conftest.py, shared with the batch and mapping
tests) make the files a practice would download: a Google Forms
response sheet (Timestamp, question text with grid brackets, answer labels), a
REDCap raw record export (record_id, events, a repeating instrument, raw
codes, ``*_complete``), a Qualtrics export (three header rows, codes from 1,
recoded by the mapping) and our own CSV.  Each carries a byte-order mark, a
quoted line break, blank rows, a duplicated client id on the same date (and the
same id on another date, which is history, not a duplicate) and a free-text
answer that looks like a spreadsheet formula.  The intakes read from each must
score exactly like the same answers written as YAML intakes.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from toolkit.api import score_intake
from toolkit.content.catalog import Catalog
from toolkit.exports.formats import detect_format
from toolkit.exports.mapping import load_mapping
from toolkit.exports.rows import RowError, RowOk, count_rows, iter_export
from toolkit.intake.read import read_intakes

CATALOG = Catalog()
FORMATS = ["google-forms", "qualtrics", "redcap", "toolkit"]


def test_every_format_has_a_writer(real_exports):
    assert list(real_exports.FORMATS) == FORMATS


def yaml_scores(folder: Path, client) -> dict:
    """The same answers as a YAML intake, scored the ordinary way."""
    cid, name, date, dob, phq, gad, asq = client
    answers = {"phq9": {f"q{i}": v for i, v in enumerate(phq, 1)},
               "gad7": {f"q{i}": v for i, v in enumerate(gad, 1)},
               "asq": {f"q{i}": a for i, a in enumerate(asq, 1) if a is not None}}
    path = folder / f"{cid}-{date}.json"
    path.write_text(json.dumps({"client": {"id": cid, "name": name, "date_of_birth": dob},
                                "date": date, "answers": answers}), encoding="utf-8")
    [intake] = read_intakes(path, CATALOG)
    return score_intake(intake, catalog=CATALOG).to_dict()


@pytest.mark.parametrize("fmt", FORMATS)
def test_detect_format(fmt: str, tmp_path: Path, real_exports):
    export, _ = real_exports.make(fmt, tmp_path)
    assert detect_format(export) == fmt


@pytest.mark.parametrize("fmt", FORMATS)
def test_each_format_end_to_end(fmt: str, tmp_path: Path, real_exports):
    export, mapping = real_exports.make(fmt, tmp_path)
    rows = list(iter_export(export, CATALOG, mapping=mapping))
    ok = [r for r in rows if isinstance(r, RowOk)]
    errors = [r for r in rows if isinstance(r, RowError)]
    assert len(ok) == len(real_exports.CLIENTS)
    for entry, client in zip(ok, real_exports.CLIENTS, strict=True):
        got = score_intake(entry.intake, catalog=CATALOG).to_dict()
        assert got == yaml_scores(tmp_path, client)
        assert entry.intake.client.id == client[0]
        assert entry.intake.date.isoformat() == client[2]
    if fmt != "qualtrics":  # Qualtrics has no birth-date column here
        assert ok[0].intake.client.date_of_birth.isoformat() == real_exports.CLIENTS[0][3]
    if fmt != "redcap":
        assert ok[2].intake.client.name == real_exports.CLIENTS[2][1]  # a quote inside a quoted cell
    # the duplicated client id on the same date: the later row is refused, naming the first
    [dup] = errors
    assert dup.row == rows[-1].row
    first_row = ok[1].row
    assert [p.message for p in dup.problems] == [f"same client id and date as row {first_row}"]
    assert "C-0002" not in str(dup.problems)


@pytest.mark.parametrize("fmt", FORMATS)
def test_row_numbers_are_spreadsheet_rows(fmt: str, tmp_path: Path, real_exports):
    """Header rows, a quoted line break and blank rows all count as the spreadsheet counts them."""
    export, mapping = real_exports.make(fmt, tmp_path)
    rows = list(iter_export(export, CATALOG, mapping=mapping))
    header_rows = 3 if fmt == "qualtrics" else 1
    text = export.read_text(encoding="utf-8-sig")
    records = list(csv.reader(io.StringIO(text, newline="")))
    expected = [i for i, rec in enumerate(records, start=1)
                if i > header_rows and any(c.strip() for c in rec)
                and not (fmt == "redcap" and (rec[2] == "medications" or rec[1] == "week_4_arm_1"))]
    assert [r.row for r in rows] == expected
    assert count_rows(export, header_rows=header_rows) == len(expected) + 2 * (fmt == "redcap")


def test_qualtrics_recode_is_applied(tmp_path: Path, real_exports):
    export, mapping = real_exports.make("qualtrics", tmp_path)
    first = next(iter(iter_export(export, CATALOG, mapping=mapping)))
    assert first.intake.answers["phq9"]["q2"] == 2  # written as code 3
    assert first.intake.answers["asq"]["q1"] == "no"  # written as code 2


def test_mapping_object_or_path(tmp_path: Path, real_exports):
    export, mapping = real_exports.make("redcap", tmp_path)
    loaded = load_mapping(mapping, CATALOG)
    by_path = [r.row for r in iter_export(export, CATALOG, mapping=mapping)]
    by_object = [r.row for r in iter_export(export, CATALOG, mapping=loaded)]
    assert by_path == by_object


def test_formula_free_text_is_never_read_or_echoed(tmp_path: Path, real_exports):
    for fmt in FORMATS:
        export, mapping = real_exports.make(fmt, tmp_path)
        for entry in iter_export(export, CATALOG, mapping=mapping):
            assert "HYPERLINK" not in repr(entry)


def semicolon_copy(path: Path) -> Path:
    """The same export as Excel set to a European language saves it: cells separated
    by ``;`` (a BOM and CRLF kept; Google Forms' question headers keep their commas)."""
    text = path.read_text(encoding="utf-8-sig")
    buf = io.StringIO()
    csv.writer(buf, delimiter=";", lineterminator="\r\n").writerows(csv.reader(io.StringIO(text, newline="")))
    out = path.with_name(f"semicolon-{path.name}")
    out.write_bytes(b"\xef\xbb\xbf" + buf.getvalue().encode("utf-8"))
    return out


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_semicolon_separated_export_reads_like_the_comma_one(fmt: str, tmp_path: Path, real_exports):
    export, mapping = real_exports.make(fmt, tmp_path)
    semicolons = semicolon_copy(export)
    assert ";" in semicolons.read_text(encoding="utf-8-sig").splitlines()[0]
    assert detect_format(semicolons) == fmt
    comma_rows = list(iter_export(export, CATALOG, mapping=mapping))
    semicolon_rows = list(iter_export(semicolons, CATALOG, mapping=mapping))
    assert [r.row for r in semicolon_rows] == [r.row for r in comma_rows]
    assert [type(r) for r in semicolon_rows] == [type(r) for r in comma_rows]
    for a, b in zip(semicolon_rows, comma_rows, strict=True):
        if isinstance(a, RowOk) and isinstance(b, RowOk):
            assert (a.intake.client, a.intake.date) == (b.intake.client, b.intake.date)
            scored = [score_intake(r.intake, catalog=CATALOG).to_dict() for r in (a, b)]
            assert scored[0] == scored[1]
    assert count_rows(semicolons) == count_rows(export)
