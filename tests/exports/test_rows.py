"""The streaming API the batch command uses: iter_export yields RowOk / RowError
one row at a time, raises file-level problems before the first row, and keeps
memory flat for a 100,000-row export."""

from __future__ import annotations

import tracemalloc
from pathlib import Path

import pytest

from toolkit.content.catalog import Catalog
from toolkit.core.errors import ProblemList
from toolkit.exports.rows import (
    ExportRows,
    RowError,
    RowOk,
    count_rows,
    detect_format,
    iter_export,
)
from toolkit.intake.csv_file import iter_csv_intakes, read_csv_intakes
from toolkit.intake.rows import SeenKeys

CATALOG = Catalog()
HEADER = "client_id,client_name,date,phq2.q1,phq2.q2\n"
NOTE = "I have felt far away from everyone, " * 7  # ~250 characters of free text per row

REDCAP_MAPPING = ("format: redcap\nclient: {id: record_id}\ndate: {column: visit_date}\n"
                  "columns: {phq2_1: phq2.q1, phq2_2: phq2.q2}\n")


def _big_redcap(folder: Path, rows: int) -> tuple[Path, Path]:
    export = folder / "big.csv"
    with export.open("w", encoding="utf-8", newline="") as fh:
        fh.write("\ufeffrecord_id,visit_date,phq2_1,phq2_2,notes,phq2_complete\r\n")
        for i in range(rows):
            fh.write(f'C-{i:07d},2026-11-20,{i % 4},{(i // 4) % 4},"{NOTE}{i}\r\nsecond line",2\r\n')
    mapping = folder / "mapping.yaml"
    mapping.write_text(REDCAP_MAPPING, encoding="utf-8")
    return export, mapping


def test_memory_stays_flat_for_100000_rows(tmp_path: Path):
    """The whole file is checked (in chunks) and the first rows come out while the
    traced peak stays a small fraction of the file's size; then every row is read."""
    export, mapping = _big_redcap(tmp_path, 100_000)
    size = export.stat().st_size
    assert size > 25_000_000
    tracemalloc.start()
    try:
        rows = iter_export(export, CATALOG, mapping=mapping)
        first = [next(rows) for _ in range(2000)]
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert all(isinstance(r, RowOk) for r in first)
    assert peak < size / 5, (peak, size)
    assert peak < 8_000_000, peak
    rest = sum(1 for r in rows if isinstance(r, RowOk))
    assert rest == 100_000 - 2000
    assert first[1].row == 3  # the quoted line break keeps each record on one spreadsheet row


def test_duplicate_detection_is_small_per_row():
    """What grows with the file: about 24 bytes a client (a digest and a row number)."""
    tracemalloc.start()
    try:
        seen = SeenKeys()
        for i in range(1, 100_001):
            seen.add((i * 0x9E3779B97F4A7C15) % (1 << 64) or 1, i)
        current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert len(seen) == 100_000
    assert seen.get((5 * 0x9E3779B97F4A7C15) % (1 << 64)) == 5
    assert seen.get(12345) is None
    assert current < 4_000_000 and peak < 6_000_000, (current, peak)


def test_it_yields_before_reading_the_rest(tmp_path: Path):
    """A broken row at the very end does not stop the first rows from coming out first."""
    export = tmp_path / "day.csv"
    export.write_text(HEADER + "".join(f"C-{i:04d},Client,2026-11-20,1,1\n" for i in range(50))
                      + 'C-9999,"never closed,2026-11-20,1,1\n', encoding="utf-8")
    rows = iter_export(export, CATALOG)
    assert isinstance(rows, ExportRows)
    assert rows.format == "toolkit" and rows.first_row == 2
    assert isinstance(next(rows), RowOk)
    rest = list(rows)
    assert isinstance(rest[-1], RowError)
    assert rest[-1].problems[0].message.startswith("CSV format error")
    assert len(rest) == 50


@pytest.mark.parametrize("content,message", [
    (b"", "file is empty"),
    (b"\xff\xfeclient_id\n", "file is not UTF-8 text; export or save it as 'CSV UTF-8'"),
    (HEADER.encode() + b"C-1,Te\x00st,2026-11-20,1,1\n", "file contains a NUL character; is it really a CSV file?"),
    (b"when,who\n2026-11-20,C-1\n", "unknown export format"),
    (b"record_id,phq2_1\nC-1,1\n", "this looks like a REDCap export"),
])
def test_file_level_problems_raise_at_the_call(tmp_path: Path, content: bytes, message: str):
    export = tmp_path / "x.csv"
    export.write_bytes(content)
    with pytest.raises(ProblemList) as caught:
        iter_export(export, CATALOG)  # not even one next(): the call itself raises
    assert caught.value.problems[0].message.startswith(message)


def test_missing_file_and_folder(tmp_path: Path):
    with pytest.raises(ProblemList, match="file not found"):
        iter_export(tmp_path / "nope.csv", CATALOG)
    with pytest.raises(ProblemList, match="folder"):
        iter_export(tmp_path, CATALOG)
    with pytest.raises(ProblemList, match="file not found"):
        detect_format(tmp_path / "nope.csv")


def test_bad_rows_do_not_stop_the_others(tmp_path: Path):
    export = tmp_path / "day.csv"
    export.write_text(
        "\ufeff" + HEADER
        + "C-0001,Ana,2026-11-20,1,1\n"
        + "\n,,,,\n"  # blank rows: skipped, not errors
        + "C-0002,Ben,2026-11-20,9,1\n"  # bad answer
        + "C-0003,Cy,2026-11-20,1\n"  # too few cells
        + '"=HYPERLINK(""http://x"",""y"")",Dee,2026-11-20,1,1\n'  # formula id: refused, never echoed
        + "C-0001,Ana,2026-11-27,2,2\n"  # same client, another date: history
        + "C-0001,Ana,2026-11-20,0,0\n"  # same client, same date: refused
        + "C-0004,Eve,2026-11-20,0,0\n",
        encoding="utf-8")
    rows = list(iter_export(export, CATALOG))
    assert [(type(r).__name__, r.row) for r in rows] == [
        ("RowOk", 2), ("RowError", 5), ("RowError", 6), ("RowError", 7), ("RowOk", 8), ("RowError", 9),
        ("RowOk", 10)]
    assert [p.message for p in rows[5].problems] == ["same client id and date as row 2"]
    assert "HYPERLINK" not in repr(rows[3])
    assert all(isinstance(p, type(rows[1].problems[0])) for r in rows if isinstance(r, RowError)
               for p in r.problems)
    assert count_rows(export) == 7


def test_read_csv_intakes_keeps_its_behaviour(tmp_path: Path):
    export = tmp_path / "day.csv"
    export.write_text(HEADER + "C-0001,Ana,2026-11-20,1,1\nC-0002,Ben,2026-11-20,9,1\n", encoding="utf-8")
    with pytest.raises(ProblemList) as caught:
        read_csv_intakes(export, CATALOG)
    assert [str(p) for p in caught.value.problems] == [
        f"{export}:3:4  phq2.q1: is not an answer to this item (a number not on its scale); "
        "use one of: 0 = Not at all; "
        "1 = Several days; 2 = More than half the days; 3 = Nearly every day"]
    entries = list(iter_csv_intakes(export, CATALOG))
    assert entries[0].client.id == "C-0001"
    assert isinstance(entries[1], ProblemList)


def test_the_file_is_released_on_close(tmp_path: Path):
    export = tmp_path / "day.csv"
    export.write_text(HEADER + "C-0001,Ana,2026-11-20,1,1\nC-0002,Ben,2026-11-20,1,1\n", encoding="utf-8")
    with iter_export(export, CATALOG) as rows:
        next(rows)
    assert list(rows) == []  # closed: nothing more comes


def test_a_very_long_free_text_cell_does_not_end_the_file(tmp_path: Path):
    export, mapping = _big_redcap(tmp_path, 3)
    text = export.read_text(encoding="utf-8-sig").replace(NOTE + "1", "x" * 300_000, 1)
    export.write_text(text, encoding="utf-8")
    rows = list(iter_export(export, CATALOG, mapping=mapping))
    assert [type(r).__name__ for r in rows] == ["RowOk"] * 3


def test_count_rows_knows_the_qualtrics_header(tmp_path: Path, real_exports):
    export, _ = real_exports.make("qualtrics", tmp_path)
    assert count_rows(export) == len(real_exports.CLIENTS) + 1  # the duplicate is a data row too
    assert iter_export(export, CATALOG, mapping=tmp_path / "qualtrics-mapping.yaml").header_rows == 3


def test_a_qualtrics_mapping_on_an_unrecognised_header_still_skips_three_rows(tmp_path: Path):
    """Columns renamed in Qualtrics (no StartDate, no ResponseId): the mapping's format decides."""
    export = tmp_path / "renamed.csv"
    export.write_text('client,when,phq_a,phq_b\nClient ID,Date,Interest,Mood\n'
                      '"{""ImportId"":""QID1""}","{""ImportId"":""QID2""}","{""ImportId"":""QID3_1""}",'
                      '"{""ImportId"":""QID3_2""}"\nC-1,2026-11-20,1,4\n', encoding="utf-8")
    mapping = tmp_path / "m.yaml"
    mapping.write_text("format: qualtrics\nclient: {id: client}\ndate: {column: when}\n"
                       "columns: {phq_a: phq2.q1, phq_b: phq2.q2}\n"
                       "recode: {scales: {phq2.frequency: {1: 0, 2: 1, 3: 2, 4: 3}}}\n", encoding="utf-8")
    [row] = list(iter_export(export, CATALOG, mapping=mapping))
    assert row.row == 4 and row.intake.answers == {"phq2": {"q1": 0, "q2": 3}}


def test_a_legacy_qualtrics_export_with_renamed_columns(tmp_path: Path):
    export = tmp_path / "legacy.csv"
    export.write_text("client,when,phq_a\nClient ID,Date,Interest\nC-1,2026-11-20,2\n", encoding="utf-8")
    mapping = tmp_path / "m.yaml"
    mapping.write_text("format: qualtrics\nclient: {id: client}\ndate: {column: when}\n"
                       "columns: {phq_a: phq2.q1}\nrecode: {scales: {phq2.frequency: {1: 0, 2: 1, 3: 2, 4: 3}}}\n",
                       encoding="utf-8")
    [row] = list(iter_export(export, CATALOG, mapping=mapping))
    assert row.row == 3 and row.intake.answers == {"phq2": {"q1": 1}}
