"""Which character separates a CSV file's cells: commas, or the semicolons Excel
writes when it is set to a European language (issue 12, item 18)."""

from __future__ import annotations

from pathlib import Path

import pytest

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
