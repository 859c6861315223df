"""Fuzz the intake readers (YAML/JSON through ``intake_from_mapping``, CSV through
``read_intakes``) with atheris.

    .venv/bin/pip install atheris          # dev-only, not a dependency
    nice .venv/bin/python benchmarks/fuzz_intake.py -max_total_time=600

The first byte of an input picks a mode; the rest is the fuzzed text:

0. a whole YAML/JSON intake file;
1. a whole CSV file;
2. a YAML intake whose ``client`` holds canary strings (id, name, preferred name,
   birth date; the first fuzzed byte decides whether each is made invalid: too long,
   a control character, a formula start), followed by the fuzzed ``date``/``answers``;
3. a CSV with canary client columns, followed by fuzzed answer columns and cells.

Findings: any exception other than ProblemList; in modes 2 and 3, a problem
message that contains a canary (client data must never be echoed), unless the
fuzzed text itself contains it.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

import atheris

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _fuzz_common import files, run

with atheris.instrument_imports(include=["toolkit"]):
    from toolkit.content.catalog import Catalog
    from toolkit.core.errors import ProblemList
    from toolkit.core.yaml_reader import read_yaml_bytes
    from toolkit.intake.read import read_intakes
    from toolkit.intake.validation import intake_from_mapping

CATALOG = Catalog()
CATALOG.all()  # load every built-in screener once
TMP = Path(tempfile.mkdtemp(prefix="fuzz-intake-", dir="/dev/shm" if os.path.isdir("/dev/shm") else None))
CSV_PATH = TMP / "fuzz.csv"

CANARY_ID = "QZXCANARYID"
CANARY_NAME = "Qzx Canaryname"
CANARY_PREFERRED = "Qzxpreferred"
CANARY_DOB = "1931-07-29"
CANARIES = (CANARY_ID, CANARY_NAME, CANARY_PREFERRED, "Canaryname", "CANARYID", CANARY_DOB, "1931")
# ways to make a canary field invalid, so its own error message is exercised
_SPOIL = ("", "\x07", "\u202e", "\n", "x" * 70, "=", "\u2028", " ")


def _spoiled(text: str, selector: int, shift: int) -> str:
    spoil = _SPOIL[(selector >> shift) & 7]
    if spoil in ("=",):
        return spoil + text
    if spoil.startswith("x"):
        return text + spoil if shift == 0 else text  # only the id has a length limit this short
    return text + spoil


def _yaml_quote(text: str) -> str:
    return '"' + text.encode("unicode_escape").decode("ascii").replace('"', '\\"') + '"'


def _check_no_canary(exc: ProblemList, fuzzed: str) -> None:
    for p in exc.problems:
        shown = str(p)
        for canary in CANARIES:
            if canary in shown and canary not in fuzzed:
                raise AssertionError(f"client data in a problem message: {canary!r} in {shown!r}")


def _yaml(body: bytes) -> None:
    try:
        doc = read_yaml_bytes(body, "fuzz.yaml")
        intake_from_mapping(doc.data, doc.source, CATALOG)
    except ProblemList:
        pass


def _csv(body: bytes) -> None:
    CSV_PATH.write_bytes(body)
    try:
        read_intakes(CSV_PATH, CATALOG)
    except ProblemList:
        pass


def _canary_yaml(body: bytes) -> None:
    if not body:
        return
    sel, rest = body[0], body[1:]
    fuzzed = rest.decode("utf-8", "replace")
    head = ("client:\n"
            f"  id: {_yaml_quote(_spoiled(CANARY_ID, sel, 0))}\n"
            f"  name: {_yaml_quote(_spoiled(CANARY_NAME, sel, 3))}\n"
            f"  preferred_name: {_yaml_quote(CANARY_PREFERRED)}\n"
            f"  date_of_birth: {CANARY_DOB if sel & 64 else CANARY_DOB.replace('-07-', '-13-')}\n")
    try:
        doc = read_yaml_bytes(head.encode() + rest, "fuzz.yaml")
        intake_from_mapping(doc.data, doc.source, CATALOG)
    except ProblemList as exc:
        _check_no_canary(exc, fuzzed)


def _canary_csv(body: bytes) -> None:
    if not body:
        return
    sel, rest = body[0], body[1:]
    fuzzed = rest.decode("utf-8", "replace")
    text = fuzzed.split("\n", 1)
    extra_header = text[0]
    extra_cells = text[1] if len(text) > 1 else ""
    client_id = _spoiled(CANARY_ID, sel, 0).replace('"', "")
    name = _spoiled(CANARY_NAME, sel, 3).replace('"', "")
    dob = CANARY_DOB if sel & 64 else "1931-13-29"
    csv_text = (f"client_id,client_name,client_preferred_name,client_date_of_birth,{extra_header}\n"
                f'"{client_id}","{name}",{CANARY_PREFERRED},{dob},{extra_cells}\n')
    CSV_PATH.write_bytes(csv_text.encode("utf-8", "surrogatepass"))
    try:
        read_intakes(CSV_PATH, CATALOG)
    except ProblemList as exc:
        _check_no_canary(exc, fuzzed)


MODES = (_yaml, _csv, _canary_yaml, _canary_csv)


def test_one(data: bytes) -> None:
    if not data:
        return
    MODES[data[0] % len(MODES)](data[1:])


def seeds():
    for f in files("examples/**/*.yaml", "examples/**/*.json", "tests/data/good_intakes/*.yaml",
                   "tests/data/good_intakes/*.json", "tests/data/bad_intakes/*.yaml",
                   "tests/data/bad_intakes/*.json"):
        raw = f.read_bytes()
        yield b"\x00" + raw
        # the same answers behind canary client fields: drop the file's own client/date lines
        lines = [ln for ln in raw.split(b"\n") if not ln.startswith((b"client", b"  id", b"  name"))]
        yield b"\x02\x40" + b"\n".join(lines)
    for f in files("examples/**/*.csv", "tests/data/good_intakes/*.csv", "tests/data/bad_intakes/*.csv"):
        raw = f.read_bytes()
        yield b"\x01" + raw
        yield (b"\x03\x40date,phq9.q1,phq9.q9,asq.q1,gad7.q2\n2026-11-20,2,1,yes,Several days")
    yield b"\x02\x00date: 2026-11-20\nanswers:\n  phq9: {q1: 2, q9: 1}\n"
    yield b"\x03\x00date,phq9.q1\n2026-11-20,3"


if __name__ == "__main__":
    run("intake", test_one, seeds)
