"""Which character separates a CSV file's cells: commas, or the semicolons Excel
writes when it is set to a European language (issue 12, item 18)."""

from __future__ import annotations

from pathlib import Path

import pytest

from toolkit.core import csv_lines, csv_stream
from toolkit.core.csv_stream import records, separator


@pytest.mark.parametrize(("text", "sep"), [
    ("client_id,date,phq2.q1\nC-1,2026-11-20,1\n", ","),
    ("client_id;date;phq2.q1\nC-1;2026-11-20;1\n", ";"),
    ("\ufeffclient_id;date;phq2.q1\r\n\r\nC-1;2026-11-20;1\r\n", ";"),  # BOM, CRLF, a blank row
    ("client_id;date;phq2.q1\n", ";"),  # a header only
    # a comma file whose headers hold semicolons, and a semicolon file whose headers hold commas
    ('Timestamp,"Q1; the first",Q2\n2026/11/20,Yes,No\n', ","),
    ("Timestamp;Over the last 2 weeks, how often [A];Over the last 2 weeks, how often [B]\n"
     "2026/11/20;Several days;Not at all\n", ";"),
    ("client_id\nC-1\n", ","),  # one column: nothing to tell, the usual comma
    ("client_id,client_name,date\nC-1,\"Rossi; Luca\",2026-11-20\n", ","),
])
def test_separator_is_told_from_the_first_rows(tmp_path: Path, text: str, sep: str):
    path = tmp_path / "day.csv"
    path.write_bytes(text.encode("utf-8"))
    assert separator(path, "day.csv") == sep


def test_records_split_semicolon_cells_and_keep_commas_inside_them(tmp_path: Path):
    path = tmp_path / "day.csv"
    path.write_bytes("client_id;client_name;date\r\nC-1;Müller, Anna;2026-11-20\r\n".encode())
    assert list(records(path, "day.csv")) == [(1, ["client_id", "client_name", "date"]),
                                               (2, ["C-1", "Müller, Anna", "2026-11-20"])]


# --- issue 14: a broken record never ends the file; lines and rows within limits ---------------

def _read(tmp_path: Path, text: str) -> list:
    path = tmp_path / "day.csv"
    path.write_bytes(text.encode("utf-8"))
    return [r if isinstance(r, tuple) else ("error", r.row, r.col, r.line, r.message, r.cells)
            for r in records(path, "day.csv")]


def test_an_unclosed_quote_is_reported_where_it_starts_and_the_next_lines_are_read(tmp_path: Path):
    got = _read(tmp_path, 'a,b,c\n1,2,3\n4,x "y,"z\n7,8,9\n')
    assert got[2][:4] == ("error", 3, 3, 3)
    assert got[2][4].startswith('CSV format error: the quote (") that opens cell 3 (line 3, character 8) '
                                "is never closed")
    assert got[2][5] == ["4", 'x "y', '"z']  # what can be read of the row
    assert got[3] == (4, ["7", "8", "9"])


def test_a_long_line_is_reported_and_skipped_without_being_held(tmp_path: Path, monkeypatch):
    monkeypatch.setattr(csv_lines, "MAX_LINE_CHARS", 50)
    monkeypatch.setattr(csv_lines, "CHUNK", 16)  # the line is seen over several chunks
    got = _read(tmp_path, "a,b\r\n1,2\r\n" + "x" * 200 + "\r\n3,4\r\n")
    assert got == [(1, ["a", "b"]), (2, ["1", "2"]),
                   ("error", 3, 1, 3, "CSV format error: line 3 is longer than 50 characters", None),
                   (4, ["3", "4"])]


def test_a_quote_open_over_too_many_lines_is_broken_and_the_lines_are_read_again(tmp_path: Path, monkeypatch):
    monkeypatch.setattr(csv_lines, "MAX_RECORD_LINES", 3)
    got = _read(tmp_path, 'a,b\n1,"x\n2,3\n4,5\n6,7\n8,"y"\n')
    assert got[1][:4] == ("error", 2, 2, 2)
    assert "is not closed within 3 lines" in got[1][4]
    assert got[2:] == [(3, ["2", "3"]), (4, ["4", "5"]), (5, ["6", "7"]), (6, ["8", "y"])]


def test_crlf_split_over_two_chunks_is_one_line_end(tmp_path: Path, monkeypatch):
    monkeypatch.setattr(csv_lines, "CHUNK", 4)
    assert _read(tmp_path, "ab,c\r\nd,e\r\n") == [(1, ["ab", "c"]), (2, ["d", "e"])]


@pytest.mark.parametrize("cells", [csv_stream.MAX_COLUMNS + 1, 4 * csv_stream.MAX_COLUMNS + 10])
def test_a_row_wider_than_a_spreadsheet_is_refused_and_the_next_read(tmp_path: Path, cells: int):
    got = _read(tmp_path, "a,b\n" + ",".join(["1"] * cells) + "\n2,3\n")
    assert got[1][:2] == ("error", 2)
    assert got[1][4] == f"row has more than {csv_stream.MAX_COLUMNS:,} cells (the limit for one row)"
    assert got[2] == (3, ["2", "3"])


def test_two_passes_tell_whether_they_read_the_same_bytes(tmp_path: Path):
    path = tmp_path / "day.csv"
    path.write_bytes(b"a,b\n1,2\n")
    first, second = csv_stream.PassDigest(), csv_stream.PassDigest()
    list(records(path, "day.csv", digest=first))
    assert first.unchanged(path)
    path.write_bytes(b"a,b\n1,3\n")
    list(records(path, "day.csv", digest=second))
    assert first.hexdigest() != second.hexdigest()
