"""Every hostile input of every surface, through a command that WRITES a file:
exit code 1, a clear message (the case's golden problem lines, then "N problems
found."), no traceback, and nothing written (the output folder, and the folder the
input sits in, are byte-for-byte as they were: no PDF, no temporary file).

The golden-file tests of each stage (tests/content/test_screener_errors.py and
test_handout_errors.py, tests/intake/test_intake_errors.py and test_form_reader.py,
tests/exports/test_mapping.py, tests/practice/test_practice_errors.py) prove the exact
wording with ``toolkit validate`` / ``toolkit score`` / ``toolkit mapping check``,
which write nothing by design; this file feeds the
same corpora (tests/conftest.py, parametrised by name: ``screener_case``,
``intake_file``, ``runtime_intake``, ``export_case``, ``form_case``, ``practice_case``,
``damaged_font``, ``handout_file_case``, ``handout_folder_case``) to ``toolkit handout ... -o out/h.pdf``
(or ``toolkit batch`` for exports), in-process for speed:

- a broken screener sits in a practice folder's ``screeners/`` and an intake answers it;
- a bad intake is the handout's intake;
- a bad export and its mapping go to ``toolkit batch``;
- a filled PDF form is the handout's intake;
- a broken practice folder is the handout's ``--practice`` (and so is one whose font is damaged);
- a broken template sits in a practice's ``handouts/`` (or is an overlay folder)
  and is chosen with ``--handout``;
- a hostile ``--names`` pattern, or a state file, lock file or practice file that is a
  link, folder, FIFO or device, goes to ``toolkit batch`` (at the end of this file).

Counts per surface: ``python benchmarks/count_hostile.py`` (it counts the cases this
file collects, and checks the minimums).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
DATA = Path(__file__).resolve().parents[1] / "data"
SCREENERS_DIR = DATA / "broken_screeners"
INTAKES_DIR = DATA / "bad_intakes"
PRACTICES_DIR = DATA / "broken_practices"
HANDOUTS_DIR = DATA / "broken_handouts"
ANA = ROOT / "examples" / "intakes" / "ana.yaml"
PREVIOUS = b"%PDF-1.4 previous handout, must survive\n"

SCREENER_RUNTIME_CASES = ("oversized", "latin1", "nul")
PRACTICE_RUNTIME_CASES = ("missing-folder", "file-not-folder", "empty-folder", "linked-folder-escape",
                          "oversized-practice-yaml", "practice-yaml-latin1", "logo-decompression-bomb",
                          "logo-truncated-png", "handout-link-escape", "screener-link-escape",
                          "screeners-folder-link-escape", "handout-link-to-device", "handout-fifo",
                          "screener-folder-not-file", "screener-dangling-link")


def _workspace(tmp_path: Path, *, previous: bool = False) -> Path:
    """An output folder, optionally holding a previous handout with known bytes (the
    commands run with --force, so a bad input, not the existing file, is what stops them)."""
    out = tmp_path / "out"
    out.mkdir()
    if previous:
        (out / "h.pdf").write_bytes(PREVIOUS)
    return out


@pytest.fixture
def check(assert_refused_cleanly, snapshot):
    """``check(result, out, before, previous=False, cwd=None, cwd_before=None) -> lines``:
    refused cleanly, nothing on stdout, nothing written to ``out`` (or ``cwd``)."""
    def run(result, out: Path, before: dict, *, previous: bool = False, cwd: Path | None = None,
            cwd_before: dict | None = None) -> list[str]:
        lines = assert_refused_cleanly(result)
        assert result.stdout == ""
        assert snapshot(out) == before, "something was written to the output folder"
        if previous:
            assert (out / "h.pdf").read_bytes() == PREVIOUS
        if cwd is not None:
            assert snapshot(cwd) == cwd_before, "something was written next to the input"
        return lines
    return run


def _tmp_path_names(lines: list[str], *prefixes: str) -> list[str]:
    out = []
    for line in lines:
        for prefix in prefixes:
            line = line.replace(prefix, "")
        out.append(line)
    return out


# --- the minimums the issue asks for ---------------------------------------------------------

def _expected_counts(corpora) -> dict[str, int]:
    """Cases per surface, from the same lists the tests below are parametrised with."""
    return {
        "screener YAML": len(corpora["screener_case"]) + len(SCREENER_RUNTIME_CASES),
        "intake files and CSV exports": (len(corpora["intake_file"]) + len(corpora["runtime_intake"])
                                         + len(corpora["export_case"])),
        "filled PDF forms": len(corpora["form_case"]),
        "practice folders and images": (len(corpora["practice_case"]) + len(PRACTICE_RUNTIME_CASES)
                                        + len(corpora["damaged_font"])),
        "templates": len(corpora["handout_file_case"]) + len(corpora["handout_folder_case"]),
        "batch options and output folders": len(BATCH_NAME_CASES) + len(BATCH_FOLDER_CASES),
    }


@pytest.fixture(scope="module")
def count_table() -> tuple[subprocess.CompletedProcess, dict[str, str]]:
    """benchmarks/count_hostile.py, run once: it collects this file and counts its cases per surface."""
    script = ROOT / "benchmarks" / "count_hostile.py"
    result = subprocess.run([sys.executable, str(script)], capture_output=True, text=True, timeout=300)
    return result, {line.split("  ")[0]: line for line in result.stdout.splitlines()}


def test_every_existing_surface_meets_its_minimum(count_table):
    result, table = count_table
    assert result.returncode == 0, result.stdout + result.stderr
    for surface, line in table.items():
        if surface != "total":
            assert "ok)" in line, line


def test_count_script_prints_every_surface(count_table, corpora):
    """The script's counts are the sizes of the corpora the tests below are parametrised with."""
    result, table = count_table
    for surface, n in _expected_counts(corpora).items():
        assert surface in table, (surface, result.stdout)
        assert int(table[surface][len(surface):].split()[0]) == n, (surface, n, result.stdout)


# --- screener YAML ---------------------------------------------------------------------------

def test_broken_screener_writes_nothing(screener_case: str, tmp_path: Path, run_cli, check, snapshot):
    case = screener_case
    practice = tmp_path / "p"
    (practice / "screeners").mkdir(parents=True)
    (practice / "practice.yaml").write_text("name: Test Practice\n", encoding="utf-8")
    shutil.copy(SCREENERS_DIR / f"{case}.yaml", practice / "screeners" / f"{case}.yaml")
    (tmp_path / "i.yaml").write_text(f"client: {{id: C-1}}\ndate: 2026-11-20\nanswers:\n  {case}: {{q1: 0}}\n",
                                     encoding="utf-8")
    out = _workspace(tmp_path, previous=len(case) % 2 == 0)
    before = snapshot(out)
    result = run_cli("handout", "i.yaml", "--practice", "p", "-o", "out/h.pdf", "--force", cwd=tmp_path)
    lines = check(result, out, before, previous=len(case) % 2 == 0)
    golden = (SCREENERS_DIR / f"{case}.errors").read_text(encoding="utf-8").splitlines()
    assert set(golden) <= set(_tmp_path_names(lines, "p/screeners/")), lines


@pytest.mark.parametrize("kind", SCREENER_RUNTIME_CASES)
def test_screener_made_at_run_time_writes_nothing(kind: str, tmp_path: Path, run_cli, check):
    practice = tmp_path / "p"
    (practice / "screeners").mkdir(parents=True)
    (practice / "practice.yaml").write_text("name: Test Practice\n", encoding="utf-8")
    text = (SCREENERS_DIR / "band-gap.yaml").read_text(encoding="utf-8").replace("id: band-gap", "id: rt")
    data = {"oversized": (text + "# " + "x" * (1100 * 1024) + "\n").encode(),
            "latin1": text.replace("title: Broken", "title: Caf\u00e9 broken").encode("latin-1"),
            "nul": text.replace("timeframe: Over", "timeframe: \x00Over").encode()}[kind]
    (practice / "screeners" / "rt.yaml").write_bytes(data)
    (tmp_path / "i.yaml").write_text("client: {id: C-1}\ndate: 2026-11-20\nanswers:\n  rt: {q1: 0}\n")
    out = _workspace(tmp_path)
    result = run_cli("handout", "i.yaml", "--practice", "p", "-o", "out/h.pdf", "--force", cwd=tmp_path)
    check(result, out, {})


# --- intake files and CSV exports ---------------------------------------------------------------

def test_bad_intake_writes_nothing(intake_file: str, tmp_path: Path, run_cli, check, snapshot):
    name = intake_file
    shutil.copy(INTAKES_DIR / name, tmp_path / name)
    out = _workspace(tmp_path, previous=len(name) % 2 == 0)
    before, cwd_before = snapshot(out), snapshot(tmp_path)
    result = run_cli("handout", name, "-o", "out/h.pdf", "--force", cwd=tmp_path)
    lines = check(result, out, before, previous=len(name) % 2 == 0, cwd=tmp_path, cwd_before=cwd_before)
    golden = (INTAKES_DIR / f"{Path(name).stem}.errors").read_text(encoding="utf-8").splitlines()
    assert lines == golden


def test_bad_intake_made_at_run_time_writes_nothing(runtime_intake: str, runtime_intakes, tmp_path: Path, run_cli,
                                                    check, snapshot):
    name = runtime_intake
    make, expected = runtime_intakes[name]
    make(tmp_path / name)
    out = _workspace(tmp_path, previous=True)
    before, cwd_before = snapshot(out), snapshot(tmp_path)
    result = run_cli("handout", name, "-o", "out/h.pdf", "--force", cwd=tmp_path)
    assert check(result, out, before, previous=True, cwd=tmp_path, cwd_before=cwd_before) == expected


def test_bad_export_writes_nothing(export_case: str, tmp_path: Path, bad_exports, run_cli, snapshot):
    """Through ``toolkit batch`` (the command that reads exports and writes files; clinician
    reports switched off to keep it fast).  A problem with the whole file or its mapping writes
    nothing; a bad row is reported in errors.csv while the other rows go on (by design:
    a bad row never stops a clinic day), so there only complete files may appear."""
    case = export_case
    args = bad_exports.write(case, tmp_path)
    out = tmp_path / "out"
    out.mkdir()
    (out / "summary.csv").write_bytes(b"previous summary\n")
    before, cwd_before = snapshot(out), snapshot(tmp_path)
    # --force: an earlier run's summary.csv alone would stop the run (tests/batch/test_batch_runs.py)
    result = run_cli("batch", "export.csv", *args, "--out", "out", "--no-reports", "--quiet", "--force",
                     cwd=tmp_path)
    assert "Traceback" not in result.stderr and "internal error" not in result.stderr, result.stderr
    left = sorted(p.name for p in out.iterdir())
    assert result.returncode == 1, (result.returncode, result.stderr, result.stdout)
    # no temporary file; the resume state (.batch-state.jsonl) only once a client is complete
    assert not [name for name in left if name.endswith(".tmp")
                or (name.startswith(".") and name != ".batch-state.jsonl")], left
    if case.startswith("row-"):
        assert "errors.csv" in left, left
        assert (out / "errors.csv").read_text(encoding="utf-8").count("\n") >= 2  # a header and the bad row
        for name in left:
            if name.endswith(".pdf"):
                assert (out / name).read_bytes().rstrip().endswith(b"%%EOF"), name  # complete documents only
    else:
        assert result.stderr.splitlines()[-1].endswith("found."), result.stderr
        assert "nothing to make" not in result.stderr
        assert snapshot(out) == before, f"written for a broken file or mapping: {left}"
    assert {k: v for k, v in snapshot(tmp_path).items() if not k.startswith("out")} == \
        {k: v for k, v in cwd_before.items() if not k.startswith("out")}


# --- filled PDF forms -------------------------------------------------------------------------

def test_bad_form_writes_nothing(form_case: str, tmp_path: Path, bad_forms, run_cli, check, snapshot):
    case = form_case
    name = f"{case}.pdf"
    bad_forms.make(case, tmp_path / name)
    out = _workspace(tmp_path, previous=True)
    before, cwd_before = snapshot(out), snapshot(tmp_path)
    result = run_cli("handout", name, "-o", "out/h.pdf", "--force", cwd=tmp_path)
    lines = check(result, out, before, previous=True, cwd=tmp_path, cwd_before=cwd_before)
    assert lines == (bad_forms.DIR / f"{case}.errors").read_text(encoding="utf-8").splitlines()


# --- practice folders and images --------------------------------------------------------------

def test_broken_practice_writes_nothing(practice_case: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                        broken_practices, run_cli, check, snapshot):
    case, links = practice_case, broken_practices.SYMLINKS
    broken_practices.prepare(case, tmp_path, monkeypatch)  # chdir to the corpus, or to a copy with its link made
    cwd = Path.cwd()
    out = _workspace(tmp_path, previous=case in links or len(case) % 2 == 0)
    before, case_before = snapshot(out), snapshot(cwd / case)
    result = run_cli("handout", ANA, "--practice", case, "-o", out / "h.pdf", "--force", cwd=cwd)
    lines = check(result, out, before, previous=case in links or len(case) % 2 == 0,
                   cwd=cwd / case, cwd_before=case_before)
    golden = (PRACTICES_DIR / case / "expected.errors").read_text(encoding="utf-8").splitlines()
    assert lines == golden


def _make_practice(tmp_path: Path, kind: str) -> str:
    """One runtime practice case in tmp_path; returns the --practice argument."""
    from PIL import Image

    if kind == "missing-folder":
        return "nowhere"
    if kind == "file-not-folder":
        (tmp_path / "notes.txt").write_text("hello")
        return "notes.txt"
    if kind == "empty-folder":
        (tmp_path / "empty").mkdir()
        return "empty"
    p = tmp_path / "p"
    p.mkdir()
    if kind == "linked-folder-escape":
        (tmp_path / "outside").mkdir()
        Image.new("RGB", (20, 10)).save(tmp_path / "outside" / "logo.png")
        (p / "images").symlink_to(tmp_path / "outside")
        (p / "practice.yaml").write_text("name: P\nlogo: images/logo.png\n")
    elif kind == "oversized-practice-yaml":
        (p / "practice.yaml").write_bytes(b"name: P\nfooter: " + b"x" * (1024 * 1024) + b"\n")
    elif kind == "practice-yaml-latin1":
        (p / "practice.yaml").write_bytes(b"name: Caf\xe9\n")
    elif kind == "logo-decompression-bomb":
        Image.new("1", (9000, 9000)).save(p / "logo.png")
        (p / "practice.yaml").write_text("name: P\nlogo: logo.png\n")
    elif kind == "logo-truncated-png":
        Image.new("RGB", (200, 80), (31, 78, 121)).save(p / "whole.png")
        data = (p / "whole.png").read_bytes()
        (p / "logo.png").write_bytes(data[: len(data) // 2])
        (p / "whole.png").unlink()
        (p / "practice.yaml").write_text("name: P\nlogo: logo.png\n")
    elif kind in _PRACTICE_FILE_CASES:  # issue 14 item 4: a practice's files are regular files inside it
        _PRACTICE_FILE_CASES[kind](p, tmp_path / "outside")
        (p / "practice.yaml").write_text("name: P\n")
    else:  # pragma: no cover
        raise AssertionError(kind)
    return "p"


def _outside_copy(outside: Path, kind: str, sid: str) -> Path:
    """A valid built-in file copied outside the practice folder (what a link would bring in)."""
    from toolkit.content.catalog import builtin_dir

    outside.mkdir(exist_ok=True)
    shutil.copy(builtin_dir(kind) / f"{sid}.yaml", outside / f"{sid}.yaml")
    return outside / f"{sid}.yaml"


def _in(p: Path, kind: str) -> Path:
    (p / kind).mkdir(exist_ok=True)
    return p / kind


_PRACTICE_FILE_CASES = {
    "handout-link-escape": lambda p, o: (_in(p, "handouts") / "numbness.yaml").symlink_to(
        _outside_copy(o, "handouts", "numbness")),
    "screener-link-escape": lambda p, o: (_in(p, "screeners") / "phq9.yaml").symlink_to(
        _outside_copy(o, "screeners", "phq9")),
    "screeners-folder-link-escape": lambda p, o: (_outside_copy(o, "screeners", "phq9"),
                                                  (p / "screeners").symlink_to(o)),
    "handout-link-to-device": lambda p, o: (_in(p, "handouts") / "numbness.yaml").symlink_to("/dev/zero"),
    "handout-fifo": lambda p, o: os.mkfifo(_in(p, "handouts") / "numbness.yaml"),
    "screener-folder-not-file": lambda p, o: (_in(p, "screeners") / "gad7.yaml").mkdir(),
    "screener-dangling-link": lambda p, o: (_in(p, "screeners") / "numbness.yaml").symlink_to("gone.yaml"),
}


@pytest.mark.parametrize("kind", PRACTICE_RUNTIME_CASES)
def test_practice_made_at_run_time_writes_nothing(kind: str, tmp_path: Path, run_cli, check, snapshot):
    arg = _make_practice(tmp_path, kind)
    out = _workspace(tmp_path, previous=True)
    before = snapshot(out)
    result = run_cli("handout", ANA, "--practice", arg, "-o", out / "h.pdf", "--force", cwd=tmp_path)
    lines = check(result, out, before, previous=True)
    assert all(line.startswith(arg) for line in lines), lines


def test_damaged_font_writes_nothing(damaged_font: str, damaged_fonts, tmp_path: Path, run_cli, check, snapshot):
    """A practice whose regular font is damaged (tests/conftest.py ``DamagedFonts``; in bounded
    memory in a process of its own: tests/safety/test_damaged_fonts.py)."""
    p = tmp_path / "p"
    (p / "fonts").mkdir(parents=True)
    (p / "fonts" / "Damaged.ttf").write_bytes(damaged_fonts.make(damaged_font))
    (p / "practice.yaml").write_text("name: P\nfonts: {regular: fonts/Damaged.ttf}\n")
    out = _workspace(tmp_path, previous=True)
    before = snapshot(out)
    result = run_cli("handout", ANA, "--practice", "p", "-o", out / "h.pdf", "--force", cwd=tmp_path)
    [line] = check(result, out, before, previous=True)
    assert line.startswith("p/practice.yaml:2:18  fonts.regular: fonts/Damaged.ttf cannot be used: "
                           "the file is damaged ("), line


# --- templates ---------------------------------------------------------------------------------

# ``toolkit validate`` must first guess what a file is; these cases are about that guess
# (a list, or neither items nor sections), so the handout loader words them differently.
KIND_GUESS_CASES = {"list-not-mapping": "a handout file must be a mapping of fields",
                    "missing-sections": "sections: this required field is missing"}


def test_broken_template_writes_nothing(handout_file_case: str, tmp_path: Path, run_cli, check, snapshot):
    case = handout_file_case
    practice = tmp_path / "p"
    (practice / "handouts").mkdir(parents=True)
    (practice / "practice.yaml").write_text("name: Test Practice\n", encoding="utf-8")
    shutil.copy(HANDOUTS_DIR / f"{case}.yaml", practice / "handouts" / f"{case}.yaml")
    out = _workspace(tmp_path, previous=len(case) % 2 == 1)
    before = snapshot(out)
    result = run_cli("handout", ANA, "--practice", "p", "--handout", case, "-o", "out/h.pdf", "--force",
                     cwd=tmp_path)
    lines = check(result, out, before, previous=len(case) % 2 == 1)
    if case in KIND_GUESS_CASES:
        assert any(KIND_GUESS_CASES[case] in line for line in lines), lines
        return
    golden = (HANDOUTS_DIR / f"{case}.errors").read_text(encoding="utf-8").splitlines()
    assert set(golden) <= set(_tmp_path_names(lines, "p/handouts/")), lines


def test_broken_template_overlay_writes_nothing(handout_folder_case: str, tmp_path: Path, run_cli, check, snapshot):
    case = handout_folder_case
    shutil.copytree(HANDOUTS_DIR / case, tmp_path / case)
    ids = sorted(p.stem for p in (tmp_path / case / "handouts").glob("*.yaml"))
    handout_id = ids[0]
    out = _workspace(tmp_path, previous=True)
    before = snapshot(out)
    result = run_cli("handout", ANA, "--practice", case, "--handout", handout_id, "-o", out / "h.pdf",
                     "--force", cwd=tmp_path)
    lines = check(result, out, before, previous=True)
    golden = (HANDOUTS_DIR / case / "expected.errors").read_text(encoding="utf-8").splitlines()
    if len(ids) == 1:
        assert set(golden) <= set(lines), lines
    else:  # handouts that extend each other: the problem is reported where the loop is entered
        assert set(golden) & set(lines), lines


# --- batch options and output folders (issue 14: items 3, 5, 6, 8) -----------------------------------

BATCH_NAMES_DIR = DATA / "batch_names"
# case -> (--names pattern, --allow-names); goldens in tests/data/batch_names/<case>.errors
BATCH_NAME_CASES: dict[str, tuple[str, bool]] = {
    "parent-folders": ("../../escaped-{client_id}-{kind}", False),
    "absolute-path": ("/tmp/escaped-{client_id}-{kind}", False),
    "backslash-parent": ("..\\escaped-{client_id}-{kind}", False),
    "sub-folder": ("sub/{client_id}-{kind}", False),
    "drive-letter": ("C:{client_id}-{kind}", False),
    "dot-dot-between-fields": ("{client_id}..{kind}", False),
    "hidden-file": (".{client_id}-{kind}", False),
    "format-spec": ("{row:d}-{kind}", False),
    "format-spec-smuggles-a-name": ("{client_id:{preferred_name}}-{kind}", False),
    "format-spec-smuggles-a-name-allowed": ("{client_id:{preferred_name}}-{kind}", True),
    "conversion": ("{client_id!r}-{kind}", False),
    "escaped-kind": ("{{kind}}-{client_id}", False),
    "escaped-kind-only": ("{client_id}-{{kind}}", False),
    "lone-brace": ("{client_id-{kind}", False),
    "index": ("{client_id[0]}-{kind}", False),
    "attribute": ("{kind.upper}-{client_id}", False),
    "positional": ("{0}-{kind}", False),
    "empty-field": ("{}-{kind}", False),
    "newline": ("{client_id}\n-{kind}", False),
    "escape-sequence": ("{client_id}\x1b[2J-{kind}", False),
    "right-to-left-override": ("{client_id}\u202e-{kind}", False),
    "wildcard": ("*{client_id}-{kind}", False),
    "too-long": ("x" * 150 + "{client_id}-{kind}", False),
    "very-long": ("{client_id}-{kind}" + "*/" * 50_000, False),  # one problem, not one per character
    "many-bad-characters": ("{kind}" + "*?<>|" * 20, False),  # each character named once
    "empty": ("", False),
    "no-kind": ("{client_id}", False),
    "name-without-allow-names": ("{name}-{kind}", False),
    "unknown-field": ("{answers}-{kind}", False),
}


def _batch_day(folder: Path) -> Path:
    """A two-client export (the second urgent) for the batch cases."""
    export = folder / "day.csv"
    export.write_text("client_id,client_name,date," + ",".join(f"phq9.q{i}" for i in range(1, 10)) + "\n"
                      "A-1,Zoë Quintana,2026-11-23,0,1,0,1,0,0,1,0,0\n"
                      "A-2,Ben Okafor,2026-11-23,2,2,2,2,1,1,1,1,2\n", encoding="utf-8")
    return export


def _listing(folder: Path) -> dict[str, str]:
    """Every entry under ``folder`` without following links or opening FIFOs and devices:
    regular files by the hash of their bytes, the rest by what they are."""
    import hashlib
    import os
    import stat

    found = {}
    for root, dirs, files in os.walk(folder):
        for name in sorted(dirs + files):
            path = Path(root) / name
            st = os.lstat(path)
            if stat.S_ISREG(st.st_mode):
                found[str(path.relative_to(folder))] = hashlib.sha256(path.read_bytes()).hexdigest()
            else:
                found[str(path.relative_to(folder))] = (f"<link {os.readlink(path)}>" if stat.S_ISLNK(st.st_mode)
                                                        else f"<{stat.S_IFMT(st.st_mode)}>")
    return found


@pytest.mark.parametrize("batch_name_case", sorted(BATCH_NAME_CASES))
def test_bad_batch_names_writes_nothing(batch_name_case: str, tmp_path: Path, run_cli, assert_refused_cleanly,
                                        update_goldens):
    """A --names pattern that could leave --out, fail mid-run, smuggle a client's name or
    let two documents share a name is refused before anything is made: exit 1, one line
    per problem, nothing written anywhere (the folder two levels up included)."""
    pattern, allow = BATCH_NAME_CASES[batch_name_case]
    work = tmp_path / "a" / "b"
    work.mkdir(parents=True)
    _batch_day(work)
    before = _listing(tmp_path)
    tmp_before = sorted(p.name for p in Path("/tmp").glob("escaped-*"))
    result = run_cli("batch", "day.csv", "--out", "out", "--names", pattern, "--quiet",
                     *(["--allow-names"] if allow else []), cwd=work)
    lines = assert_refused_cleanly(result)
    assert result.stdout == ""
    assert _listing(tmp_path) == before, "something was written"
    assert sorted(p.name for p in Path("/tmp").glob("escaped-*")) == tmp_before
    golden = BATCH_NAMES_DIR / f"{batch_name_case}.errors"
    if update_goldens:
        golden.parent.mkdir(parents=True, exist_ok=True)
        golden.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert lines == golden.read_text(encoding="utf-8").splitlines()
    for line in lines:
        assert line.startswith("--names  "), line
        assert "Zo" not in line and "Okafor" not in line and "A-1" not in line, line


# case -> where the hostile thing sits and what the run is given; made by _hostile_folder
BATCH_FOLDER_CASES = (
    "state-file-link-elsewhere-resume", "state-file-link-elsewhere-force", "state-file-link-dev-full",
    "state-file-folder", "state-file-fifo",
    "lock-file-link-elsewhere", "lock-file-folder", "lock-file-fifo",
    "practice-screener-link-dev-zero", "practice-screener-fifo", "practice-handout-link-outside",
    "practice-screeners-folder-link-outside", "practice-handout-oversized",
)


def _hostile_folder(case: str, work: Path) -> list[str]:
    """Make one batch folder case in ``work`` (which holds day.csv); the extra arguments."""
    import os

    elsewhere = work / "elsewhere.txt"
    elsewhere.write_text("a file outside the output folder, never to change\n", encoding="utf-8")
    out = work / "out"
    out.mkdir()
    if case.startswith(("state-file", "lock-file")):
        name = ".batch-state.jsonl" if case.startswith("state") else ".batch.lock"
        target = out / name
        if case.endswith("link-dev-full"):
            target.symlink_to("/dev/full")
        elif "link-elsewhere" in case:
            target.symlink_to(elsewhere)
        elif case.endswith("folder"):
            target.mkdir()
            (target / "keep.txt").write_text("x", encoding="utf-8")
        elif case.endswith("fifo"):
            os.mkfifo(target)
        if name == ".batch.lock":
            return []  # a lock file alone is no earlier run
        return ["--force"] if case.endswith(("force", "dev-full")) else ["--resume"]
    practice = work / "p"
    practice.mkdir()
    (practice / "practice.yaml").write_text("name: Test Practice\n", encoding="utf-8")
    (practice / "screeners").mkdir()
    (practice / "handouts").mkdir()
    outside = work / "outside"
    outside.mkdir()
    (outside / "extra.yaml").write_text("id: extra\n", encoding="utf-8")
    if case == "practice-screener-link-dev-zero":
        (practice / "screeners" / "zero.yaml").symlink_to("/dev/zero")
    elif case == "practice-screener-fifo":
        os.mkfifo(practice / "screeners" / "zz.yaml")
    elif case == "practice-handout-link-outside":
        (practice / "handouts" / "extra.yaml").symlink_to(outside / "extra.yaml")
    elif case == "practice-screeners-folder-link-outside":
        (practice / "screeners").rmdir()
        (practice / "screeners").symlink_to(outside)
    elif case == "practice-handout-oversized":
        (practice / "handouts" / "big.yaml").write_bytes(b"# " + b"x" * (2 * 1024 * 1024) + b"\n")
    return ["--practice", "p"]


@pytest.mark.parametrize("case", BATCH_FOLDER_CASES)
def test_hostile_batch_folder_writes_nothing(case: str, tmp_path: Path, assert_refused_cleanly, run_toolkit,
                                             update_goldens):
    """A state or lock file in --out that is a link, folder, FIFO or device, and a practice
    file the fingerprint would read that is a link out of the folder, a FIFO, /dev/zero
    or too large: refused before any document, in a real process with a memory limit (a
    hang or an exhausted memory fails the test instead of the machine)."""
    import os
    import stat

    _batch_day(tmp_path)
    args = _hostile_folder(case, tmp_path)
    before = _listing(tmp_path)
    argv = [sys.executable, "-c", "import resource, runpy, sys; resource.setrlimit(resource.RLIMIT_AS, "
            "(1536 << 20, 1536 << 20)); sys.argv = ['toolkit', *sys.argv[1:]]; "
            "runpy.run_module('toolkit', run_name='__main__')",
            "batch", "day.csv", "--out", "out", "--no-reports", "--quiet", *args]
    result = subprocess.run(argv, cwd=tmp_path, capture_output=True, text=True, timeout=120,
                            env={**os.environ, "PYTHONIOENCODING": "utf-8", "COLUMNS": "200"})
    lines = assert_refused_cleanly(result)
    assert _listing(tmp_path) == before, "something was written or changed"
    assert stat.S_ISCHR(os.stat("/dev/full").st_mode)
    lines = _tmp_path_names(lines, f"{tmp_path}/")
    golden = BATCH_NAMES_DIR.parent / "batch_folders" / f"{case}.errors"
    if update_goldens:
        golden.parent.mkdir(parents=True, exist_ok=True)
        golden.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert lines == golden.read_text(encoding="utf-8").splitlines()
