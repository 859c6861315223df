"""A REDCap data dictionary (the CSV REDCap's "Data Dictionary" page downloads), read
for ``toolkit mapping init --dictionary``: each field's label, for matching item text,
and its coded choices ("1, Not at all | 2, Several days | ..."), for recodes."""

from __future__ import annotations

import re
from pathlib import Path

from ..core.csv_stream import CsvFormatError, check_file, records
from ..core.errors import problem
from .match import normalise

DictionaryFields = dict[str, tuple[str, list[tuple[str, str]]]]
"""field name -> (field label, [(code, label) ...])"""


def read_dictionary(path: str | Path) -> DictionaryFields:
    """A REDCap data dictionary (CSV): field name -> (field label, [(code, label) ...])."""
    name = str(path)
    check_file(path, name)
    header: list[str] = []
    out: DictionaryFields = {}
    for record in records(path, name):
        if isinstance(record, CsvFormatError):
            raise problem(name, record.message, line=record.row, col=record.col)
        row, cells = record
        if row == 1:
            header = [normalise(c) for c in cells]
            if "variable field name" not in header:
                raise problem(name, 'not a REDCap data dictionary: no "Variable / Field Name" column',
                              line=1, col=1)
            continue
        cell = dict(zip(header, cells, strict=False))
        field_name = cell.get("variable field name", "").strip()
        if not field_name:
            continue
        label = re.sub(r"<[^>]*>", " ", cell.get("field label", "")).strip()
        choices = []
        for part in cell.get("choices calculations or slider labels", "").split("|"):
            code, sep, text = part.partition(",")
            if sep and code.strip():
                choices.append((code.strip(), text.strip()))
        out[field_name] = (label, choices)
    return out
