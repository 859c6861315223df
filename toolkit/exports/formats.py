"""Which kind of export a CSV file is, from its first rows (see docs/exports.md).

* ``toolkit``: our own CSV (``client_id``, ``date``, ``phq9.q1`` ...).
* ``redcap``: a REDCap raw record export (``record_id``, ``redcap_event_name``,
  ``redcap_repeat_instrument``, ``<instrument>_complete`` ...).
* ``google-forms``: a Google Forms response sheet (first column ``Timestamp``,
  question text as headers, answer labels as values).
* ``qualtrics``: a Qualtrics export (row 1 column ids such as ``QID1_1``, row 2
  the question text, row 3 ``{"ImportId":"QID1_1"}``; ``StartDate``,
  ``EndDate``, ``RecordedDate``, ``ResponseId`` columns).
* ``csv``: any other CSV (a research table, a survey dump, NHANES): it is read
  only through a mapping file that names the format ``csv``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from ..core.csv_stream import CsvFormatError, check_file, records
from ..core.errors import Problem, problem

FORMATS = ("toolkit", "redcap", "google-forms", "qualtrics", "csv")
GENERIC = "csv"  # any other CSV: read through a mapping only
LABELS = {"toolkit": "toolkit CSV", "redcap": "REDCap", "google-forms": "Google Forms",
          "qualtrics": "Qualtrics", "csv": "generic CSV"}
REDCAP_META = ("redcap_event_name", "redcap_repeat_instrument", "redcap_repeat_instance",
               "redcap_survey_identifier", "redcap_data_access_group")
QUALTRICS_META = ("StartDate", "EndDate", "Status", "IPAddress", "Progress", "Duration (in seconds)",
                  "Finished", "RecordedDate", "ResponseId", "RecipientLastName", "RecipientFirstName",
                  "RecipientEmail", "ExternalReference", "LocationLatitude", "LocationLongitude",
                  "DistributionChannel", "UserLanguage", "ResponseID")
TIMESTAMP_HEADERS = ("Timestamp", "Marca temporal", "Horodateur", "Zeitstempel", "Carimbo de data/hora",
                     "Informazioni cronologiche", "Tijdstempel")
_REDCAP_NAME = re.compile(r"^[a-z][a-z0-9_]*$")


@dataclass(frozen=True)
class Sniffed:
    """The first rows of an export: its format (or None), header, and header row count."""

    format: str | None
    header: list[str]
    header_rows: int  # data starts on row header_rows + 1
    questions: list[str]  # Qualtrics: row 2, the question text; else empty


def sniff(path: str | Path, name: str, *, assume: str | None = None) -> Sniffed:
    """Check the file (raises ProblemList: missing, not UTF-8, empty) and read its header rows.
    ``assume``: the format to count header rows for when the header is not recognised
    (a mapping's format)."""
    check_file(path, name)
    first: list[list[str]] = []
    for record in records(path, name):
        if isinstance(record, CsvFormatError):
            if not first:
                raise problem(name, record.message, line=record.row, col=record.col)
            break
        first.append(record[1])
        if len(first) == 3:
            break
    header = first[0] if first else []
    if not any(cell.strip() for cell in header):
        raise problem(name, "row 1 is empty; it must be the header row", line=1, col=1)
    titles = [cell.strip() for cell in header]
    fmt = _format(titles, first)
    header_rows, questions = 1, []
    if (fmt or assume) == "qualtrics":
        questions = first[1] if len(first) > 1 else []
        header_rows = 3 if len(first) > 2 and _import_ids(first[2]) else 2
    return Sniffed(fmt, header, header_rows, questions)


def _import_ids(cells: list[str]) -> bool:
    return any(cell.strip().startswith('{"ImportId"') for cell in cells)


def _format(titles: list[str], first: list[list[str]]) -> str | None:
    present = set(titles)
    if ({"StartDate", "EndDate"} <= present and ("ResponseId" in present or "ResponseID" in present)) \
            or (len(first) > 2 and _import_ids(first[2])):
        return "qualtrics"
    if "record_id" in present or present & set(REDCAP_META) or (
            any(t.endswith("_complete") for t in titles) and all(_REDCAP_NAME.match(t) for t in titles if t)):
        return "redcap"
    if titles and titles[0] in TIMESTAMP_HEADERS:
        return "google-forms"
    if "client_id" in present or any(re.match(r"^[a-z0-9][a-z0-9_-]*\.[a-z0-9][a-z0-9_-]*$", t)
                                     for t in titles):
        return "toolkit"
    return None


def detect_format(path: str | Path) -> str:
    """"toolkit", "redcap", "google-forms", "qualtrics", or "csv" for any other CSV
    (it needs a mapping file); ProblemList if the file cannot be read."""
    return sniff(path, str(path)).format or GENERIC


def unknown_format(name: str) -> Problem:
    return Problem(name, 1, 1, "", "unknown export format: the header is not our own CSV (client_id, date, "
                                   "phq9.q1 ...), a REDCap, Google Forms or Qualtrics export; write a mapping "
                                   "file with the format named (see docs/exports.md)")
