"""Fuzz the filled-PDF form reader (``toolkit.intake.form_reader.read_pdf_intakes``) with atheris.

    .venv/bin/pip install atheris          # dev-only, not a dependency
    nice .venv/bin/python benchmarks/fuzz_form_reader.py -max_total_time=600

Each input is written to a file and read back as a filled form.  Seeds: fillable
forms made by ``toolkit.render.form`` (one, two and all screeners), filled the way a
PDF viewer does (benchmarks/_fuzz_common.py) with canary client fields, plus blank,
printable and text-as-value variants.  Only toolkit code is instrumented unless
FUZZ_PYPDF=1 (then pypdf too: deeper into the PDF structure, several times slower).
Forms embed their font, so each input is 40-130 KB and a run is slow (tens of ms).

Findings: any exception other than ProblemList (pypdf errors must become plain
problems); a problem message that shows the canary client id, name or birth date
when it is not about an answer field (client data must never be echoed).
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

import atheris

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from _fuzz_common import fill, fill_answers, make_form, run  # noqa: E402 - found through the sys.path line above

# pypdf is instrumented only on request (FUZZ_PYPDF=1): it guides the fuzzer into the PDF
# structure but makes each run several times slower
with atheris.instrument_imports(include=["toolkit", "pypdf"] if os.environ.get("FUZZ_PYPDF") == "1" else ["toolkit"]):
    import pypdf  # noqa: F401 - imported here so that atheris instruments it when FUZZ_PYPDF=1

    from toolkit.content.catalog import Catalog
    from toolkit.core.errors import ProblemList
    from toolkit.intake.form_names import split_item_field
    from toolkit.intake.form_reader import read_pdf_intakes

CATALOG = Catalog()
CATALOG.all()
TMP = Path(tempfile.mkdtemp(prefix="fuzz-form-", dir="/dev/shm" if os.path.isdir("/dev/shm") else None))
PDF_PATH = TMP / "filled.pdf"

CANARY_ID = "QZXCANARYID"
CANARY_NAME = "Qzx Canaryname"
CANARY_DOB = "1931-07-29"
CANARIES = (CANARY_ID, "CANARYID", CANARY_NAME, "Canaryname", CANARY_DOB)


def test_one(data: bytes) -> None:
    PDF_PATH.write_bytes(data)
    try:
        read_pdf_intakes(PDF_PATH, CATALOG)
    except ProblemList as exc:
        for p in exc.problems:
            if p.path and split_item_field(p.path) is not None:
                continue  # about an answer field: the value shown is the answer, not client data
            shown = str(p)
            for canary in CANARIES:
                if canary in shown:
                    raise AssertionError(f"client data in a problem message: {canary!r} in {shown!r}") from None


def seeds():
    yield make_form("phq9")
    yield make_form("phq9", fillable=False)
    blank = make_form("phq9", "asq")
    yield blank
    yield fill_answers(blank, {"phq9": {"q1": 2, "q9": 1}, "asq": {"q1": "yes", "q5": "no"}},
                       client_id=CANARY_ID, name=CANARY_NAME)
    yield fill_answers(make_form("gad7", "cbi"), {"gad7": {"q1": 3}, "cbi": {"work-energy-leisure": 100}},
                       client_id=CANARY_ID, name=CANARY_NAME, as_text=True)
    yield fill(make_form("numbness", "medication"), {}, {"client_id": CANARY_ID, "client_name": CANARY_NAME,
                                                         "date": "2026-11-20"})
    yield fill(make_form("phq2"), {}, {"client_id": CANARY_ID + "\x07", "client_name": "=" + CANARY_NAME,
                                       "date": "2026-13-40"})
    yield b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj <</Type/Catalog>> endobj\ntrailer <</Root 1 0 R>>\n%%EOF\n"


if __name__ == "__main__":
    run("form_reader", test_one, seeds)
