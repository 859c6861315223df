"""Privacy canary: a client with distinctive strings passes through every command that
takes client data, in successful AND failing runs, with every logger at DEBUG and
every warning recorded, and the strings show up only where the user asked for them.

The canary: id ``CANARY-7731``, name ``Zqcanaryname Xylophant``, preferred name
``Zqcanarypref``, birth date ``1961-07-14`` (also looked for as 14/07/1961,
07/14/1961 and 19610714).

Checked after every run:
- stderr (what the CLI prints and anything written to file descriptor 2), every log
  record (message, arguments, formatted exception) and every warning: no canary at all;
- stdout: only the parts the command prints by design (INTENDED below);
- every file in the output folder: its name (INTENDED), no temporary or hidden file,
  PDF metadata (the document information dictionary and XMP) with no canary at all,
  PDF text with only the INTENDED parts, and no birth date anywhere;
- the input folder: nothing new beside the input.

INTENDED exceptions (also in docs/safety/hazard-log.md, HZ-06):
- ``toolkit score`` (table, json, csv) prints the client id: the clinician asked for
  this client's scores, and the id is how they match them to the record;
- a handout prints the preferred name ("Prepared for ...", greetings): the client reads it;
- a clinician report (``toolkit report``, batch ``*-report.pdf``) prints the client id
  and full name: it is the clinician's document;
- ``toolkit batch`` names files after the client id (default ``{client_id}-{kind}``;
  names and birth date only with ``--allow-names``) and summary.csv carries the id.
The birth date is never printed anywhere: no document uses it.

Commands that take no client data (``validate`` of content, ``lint``, ``preview``,
``form`` without answers, ``schema``, ``verify``, ``screeners``, ``practice init``)
are out of scope, except ``validate`` given an intake by mistake, which is checked.
"""

from __future__ import annotations

import csv
import errno
import json
import logging
import os
import re
import shutil
import warnings
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from toolkit.batch.files import STATE_FILE

pypdf = pytest.importorskip("pypdf")

ID, NAME, PREF, DOB = "CANARY-7731", "Zqcanaryname Xylophant", "Zqcanarypref", "1961-07-14"
NEEDLES = {"CANARY-7731": "id",
           "Zqcanaryname": "name", "Xylophant": "name", "Zqcanarypref": "preferred",
           "1961-07-14": "dob", "14/07/1961": "dob", "07/14/1961": "dob", "19610714": "dob"}
OTHER = ("C-0002", "Otherperson Bystander", "Otherpref", "1970-01-01")  # a second client in CSVs

ANSWERS = {"phq9": {"q1": 2, "q2": 1, "q3": 1, "q4": 2, "q5": 1, "q6": 1, "q7": 1, "q8": 0, "q9": 1},
           "numbness": {"cry": 3, "flat": 2, "duration": "over-6-months", "interference": 2}}
CSV_COLUMNS = ["phq9.q1", "phq9.q2", "phq9.q3", "phq9.q4", "phq9.q5", "phq9.q6", "phq9.q7", "phq9.q8", "phq9.q9",
               "numbness.cry", "numbness.flat", "numbness.duration", "numbness.interference"]


def _kinds(text: str) -> set[str]:
    return {kind for needle, kind in NEEDLES.items() if needle in text}


def _assert_only(text: str, allowed: set[str], where: str) -> None:
    found = _kinds(text) - allowed
    assert not found, f"canary {sorted(found)} in {where}: {text[:2000]!r}"


# --- inputs --------------------------------------------------------------------------------------

def _client_yaml(**over: str) -> str:
    client = {"id": ID, "name": NAME, "preferred_name": PREF, "language": "en", "date_of_birth": DOB, **over}
    return "{" + ", ".join(f"{k}: {json.dumps(v)}" for k, v in client.items()) + "}"


def write_yaml(folder: Path, *, answers: dict | None = None, **client: str) -> Path:
    answers = answers or ANSWERS
    lines = [f"client: {_client_yaml(**client)}", "date: 2026-11-20", "answers:"]
    for sid, items in answers.items():
        lines.append(f"  {sid}: {{" + ", ".join(f"{k}: {json.dumps(v)}" for k, v in items.items()) + "}")
    path = folder / "canary.yaml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def write_json(folder: Path) -> Path:
    path = folder / "canary.json"
    path.write_text(json.dumps({"client": {"id": ID, "name": NAME, "preferred_name": PREF, "language": "en",
                                           "date_of_birth": DOB},
                                "date": "2026-11-20", "answers": ANSWERS}), encoding="utf-8")
    return path


def write_csv(folder: Path, *, bad_other_row: bool = False, bad_canary_row: bool = False) -> Path:
    header = ["client_id", "client_name", "client_preferred_name", "client_date_of_birth", "date", *CSV_COLUMNS]
    flat = [str(ANSWERS[c.split(".")[0]][c.split(".")[1]]) for c in CSV_COLUMNS]
    canary = [ID, NAME, PREF, DOB, "2026-11-20", *flat]
    if bad_canary_row:
        canary[5] = "lots"
    other = [*OTHER, "2026-11-20", *(["lots"] if bad_other_row else ["0"]), *flat[1:]]
    path = folder / "canary.csv"
    path.write_text("\n".join(",".join(r) for r in (header, canary, other)) + "\n", encoding="utf-8")
    return path


INPUT_KINDS = ["csv", "form", "json", "yaml"]


@pytest.fixture
def write_input(make_form, fill_answers):
    """``write_input(kind, folder) -> path``: the canary client as an intake of that kind."""
    def write_form(folder: Path) -> Path:
        pdf = fill_answers(make_form("phq9", "numbness"), ANSWERS, client_id=ID, date="2026-11-20", name=NAME)
        path = folder / "canary.pdf"
        path.write_bytes(pdf)
        return path

    writers = {"yaml": write_yaml, "json": write_json, "csv": write_csv, "form": write_form}
    assert sorted(writers) == INPUT_KINDS
    return lambda kind, folder: writers[kind](folder)


# --- watching everything --------------------------------------------------------------------------

@pytest.fixture
def watch(caplog: pytest.LogCaptureFixture, capfd: pytest.CaptureFixture):
    """Every logger at DEBUG (root, toolkit, reportlab, pypdf, PIL, typer, click, rich),
    every warning recorded; yields a function that checks a run."""
    caplog.set_level(logging.DEBUG)
    for name in ("toolkit", "reportlab", "pypdf", "PIL", "typer", "click", "rich", "fontTools", "markdown_it"):
        caplog.set_level(logging.DEBUG, logger=name)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        yield Watch(caplog, capfd, caught)


@dataclass
class Watch:
    caplog: pytest.LogCaptureFixture
    capfd: pytest.CaptureFixture
    caught: list
    runs: int = field(default=0)

    def check_channels(self, result, stdout_allowed: set[str]) -> None:
        self.runs += 1
        _assert_only(result.stderr, set(), "stderr")
        _assert_only(result.stdout, stdout_allowed, "stdout")
        fd = self.capfd.readouterr()
        _assert_only(fd.out + fd.err, set(), "file descriptors 1/2 outside sys.stdout/stderr")
        for record in self.caplog.records:
            text = record.getMessage() + repr(record.args)
            if record.exc_info:
                text += logging.Formatter().formatException(record.exc_info)
            _assert_only(text, set(), f"log record {record.name}")
        _assert_only(self.caplog.text, set(), "log output")
        for w in self.caught:
            _assert_only(str(w.message), set(), f"warning {w.category.__name__}")
        self.caplog.clear()
        self.caught.clear()


def pdf_parts(path: Path) -> tuple[str, str]:
    """(metadata: info dictionary and XMP packet, page text)."""
    reader = pypdf.PdfReader(str(path))
    meta = " ".join(f"{k}={v}" for k, v in (reader.metadata or {}).items())
    root = reader.trailer["/Root"]
    if "/Metadata" in root:
        meta += root["/Metadata"].get_object().get_data().decode("utf-8", "replace")
    text = "\n".join(page.extract_text() for page in reader.pages)
    return meta, text


def check_outputs(out: Path, *, names_allowed: set[str] = frozenset(),
                  pdf_text_allowed: dict[str, set[str]] | None = None,
                  text_allowed: dict[str, set[str]] | None = None) -> list[str]:
    """Every file under ``out``: name, no temp/hidden file, PDF metadata and text, other
    files' text.  ``pdf_text_allowed`` / ``text_allowed`` map a file-name suffix to the
    canary kinds its content may hold.  Returns the file names found."""
    found = []
    for path in sorted(out.rglob("*")):
        rel = str(path.relative_to(out))
        found.append(rel)
        # the one hidden file by design: a batch run's resume state (file names and digests)
        assert not path.name.startswith(".") or path.name == STATE_FILE, f"hidden or temporary file left: {rel}"
        assert not path.name.endswith((".tmp", ".part")), rel
        _assert_only(rel, set(names_allowed), "an output file name")
        if path.is_dir():
            continue
        raw = path.read_bytes()
        for needle, kind in NEEDLES.items():
            if kind == "dob":
                assert needle.encode() not in raw, f"birth date in {rel}"
        if raw.startswith(b"%PDF"):
            meta, text = pdf_parts(path)
            _assert_only(meta, set(), f"PDF metadata of {rel}")
            allowed = next((v for k, v in (pdf_text_allowed or {}).items() if rel.endswith(k)), set())
            _assert_only(text, allowed, f"PDF text of {rel}")
        else:
            allowed = next((v for k, v in (text_allowed or {}).items() if rel.endswith(k)), set())
            _assert_only(raw.decode("utf-8", "replace"), allowed, f"the file {rel}")
    return found


def _dirs(tmp_path: Path) -> tuple[Path, Path]:
    inp, out = tmp_path / "in", tmp_path / "out"
    inp.mkdir()
    out.mkdir()
    return inp, out


def _assert_input_folder_unchanged(inp: Path, names: set[str]) -> None:
    assert {p.name for p in inp.iterdir()} == names, "something was written beside the input"


def _has_command(name: str) -> bool:
    from toolkit.cli.app import app

    return (any((c.name or c.callback.__name__) == name for c in app.registered_commands)
            or any(g.name == name for g in app.registered_groups))


def _require(name: str) -> None:
    if not _has_command(name):
        pytest.skip(f"pending: toolkit {name} is not registered yet")


# --- successful runs ---------------------------------------------------------------------------------

@pytest.mark.parametrize("fmt", ["table", "json", "csv"])
@pytest.mark.parametrize("kind", INPUT_KINDS)
def test_score(kind: str, fmt: str, tmp_path: Path, watch: Watch, run_cli, write_input):
    inp, _ = _dirs(tmp_path)
    path = write_input(kind, inp)
    result = run_cli("score", path, "--format", fmt)
    assert result.returncode == 0, result.stderr
    assert ID in result.stdout  # by design: the clinician matches scores to the record by id
    watch.check_channels(result, {"id"})
    _assert_input_folder_unchanged(inp, {path.name})


@pytest.mark.parametrize("extra", [[], ["--large-print"], ["--handout", "burnout"], ["--handout", "for-partners"]],
                         ids=["default", "large-print", "burnout", "for-partners"])
@pytest.mark.parametrize("kind", INPUT_KINDS)
def test_handout(kind: str, extra: list[str], tmp_path: Path, watch: Watch, run_cli, write_input):
    inp, out = _dirs(tmp_path)
    path = write_input(kind, inp)
    client = ["--client", ID] if kind == "csv" else []
    result = run_cli("handout", path, *client, *extra, "-o", out / "handout.pdf")
    assert result.returncode == 0, result.stderr
    watch.check_channels(result, set())
    # by design the handout greets the client by the preferred name; a filled form has no
    # preferred-name field, so there it is the name the client wrote on the form
    # -- except the handout for a partner, which names no client (issue 12, item 7)
    partner = "for-partners" in extra
    allowed = set() if partner else {"preferred", "name"} if kind == "form" else {"preferred"}
    assert check_outputs(out, pdf_text_allowed={".pdf": allowed}) == ["handout.pdf"]
    _, text = pdf_parts(out / "handout.pdf")
    if partner:
        assert PREF not in "".join(text.split())
    elif kind != "form":  # a form has no preferred-name field; the handout then uses the name given
        assert PREF in "".join(text.split())  # by design: "Prepared for Zqcanarypref"
    _assert_input_folder_unchanged(inp, {path.name})


@pytest.mark.parametrize("kind", INPUT_KINDS)
def test_report(kind: str, tmp_path: Path, watch: Watch, run_cli, write_input):
    _require("report")
    inp, out = _dirs(tmp_path)
    path = write_input(kind, inp)
    client = ["--client", ID] if kind == "csv" else []
    result = run_cli("report", path, *client, "-o", out / "report.pdf")
    assert result.returncode == 0, result.stderr
    watch.check_channels(result, set())
    # by design: the clinician's summary names the client (id and name), never the birth date
    assert check_outputs(out, pdf_text_allowed={".pdf": {"id", "name"}}) == ["report.pdf"]
    _assert_input_folder_unchanged(inp, {path.name})


# summary.csv and errors.csv are the clinician's files (mode 0600): they name the client by id,
# never by name or birth date; run.json names no client
BATCH_TEXT = {"summary.csv": {"id"}, "errors.csv": {"id"}, "run.json": set(),
              STATE_FILE: {"id"}}  # the state names each client's files, which carry the id


@pytest.mark.parametrize("bad", ["none", "other-row", "canary-row"])
def test_batch(bad: str, tmp_path: Path, watch: Watch, run_cli):
    _require("batch")
    inp, out = _dirs(tmp_path)
    path = write_csv(inp, bad_other_row=bad == "other-row", bad_canary_row=bad == "canary-row")
    result = run_cli("batch", path, "--out", out, "--quiet")
    assert result.returncode == (0 if bad == "none" else 1), result.stderr
    watch.check_channels(result, {"id"})  # the closing line may name files, which carry the id
    files = check_outputs(out, names_allowed={"id"},  # by design: {client_id}-{kind}.pdf
                          pdf_text_allowed={"-handout.pdf": {"preferred"}, "-report.pdf": {"id", "name"}},
                          text_allowed=BATCH_TEXT)
    assert ("CANARY-7731-handout.pdf" in files) == (bad != "canary-row")
    with open(out / "errors.csv", newline="", encoding="utf-8") as fh:
        errors = list(csv.DictReader(fh))
    # the bad row's client id, read from its own row, so the clinician knows whom to follow up
    expected = {"none": [], "other-row": [(3, OTHER[0])], "canary-row": [(2, ID)]}[bad]
    problems = [e for e in errors if not e["reason"].startswith("URGENT:")]  # an urgent row has one more line
    assert [(int(e["row"]), e["client_id"]) for e in problems] == expected, errors
    assert (out / "errors.csv").stat().st_mode & 0o777 == 0o600
    _assert_input_folder_unchanged(inp, {path.name})


def test_batch_names_pattern_refuses_names_without_allow_names(tmp_path: Path, watch: Watch, run_cli):
    _require("batch")
    inp, out = _dirs(tmp_path)
    path = write_csv(inp)
    result = run_cli("batch", path, "--out", out, "--quiet", "--names", "{name}-{kind}")
    assert result.returncode in (1, 2), result.stderr
    watch.check_channels(result, set())
    assert list(out.iterdir()) == []


def test_validate_given_an_intake_by_mistake(tmp_path: Path, watch: Watch, run_cli):
    inp, _ = _dirs(tmp_path)
    path = write_yaml(inp)
    result = run_cli("validate", path)
    assert result.returncode == 1
    watch.check_channels(result, set())


@pytest.mark.parametrize("command", ["validate", "score", "handout"])
def test_a_name_read_as_a_yaml_tag_is_not_quoted(command: str, tmp_path: Path, watch: Watch, run_cli):
    """``name: !Zqcanaryname Xylophant`` makes YAML read a tag: the message said
    "YAML tags such as '!Zqcanaryname' are not allowed" (issue 14, item 12)."""
    inp, out = _dirs(tmp_path)
    path = write_yaml(inp)
    path.write_text(path.read_text(encoding="utf-8").replace(f'"name": "{NAME}"', f"name: !{NAME}")
                    .replace(f'name: "{NAME}"', f"name: !{NAME}"), encoding="utf-8")
    assert f"!{NAME}" in path.read_text(encoding="utf-8")
    args = {"validate": ["validate", path], "score": ["score", path],
            "handout": ["handout", path, "-o", out / "x.pdf"]}[command]
    result = run_cli(*args)
    assert result.returncode == 1, result.stderr
    assert "client.name: YAML tags are not allowed" in result.stderr, result.stderr
    watch.check_channels(result, set())
    assert check_outputs(out) == []


def test_mapping_commands(tmp_path: Path, watch: Watch, run_cli):
    _require("mapping")
    inp, out = _dirs(tmp_path)
    path = write_csv(inp)
    check = run_cli("mapping", "check", path)
    watch.check_channels(check, set())
    init = run_cli("mapping", "init", path, "-o", out / "mapping.yaml")
    watch.check_channels(init, set())
    check_outputs(out)  # a drafted mapping holds column names, never a row's values


# --- failing runs ------------------------------------------------------------------------------------

BROKEN = {
    # a bad answer beside the canary: the message names the item and the value, not the client
    "bad-answer": dict(answers={"phq9": {"q1": "lots", "q9": 1}}),
    "id-too-long": dict(id=ID + "-" + "x" * 70),
    "control-char-name": dict(name=NAME + "\u0007"),
    "formula-name": dict(name="=" + NAME),
    "formula-preferred": dict(preferred_name="+" + PREF),
    "bidi-name": dict(name=NAME + "\u202e"),
    "bad-birth-date": dict(date_of_birth="14/07/1961"),
    "impossible-birth-date": dict(date_of_birth="1961-07-44"),
    "bad-language": dict(language="klingon-99"),
}


@pytest.mark.parametrize("command", ["score", "handout", "report"])
@pytest.mark.parametrize("case", sorted(BROKEN))
def test_refused_input(case: str, command: str, tmp_path: Path, watch: Watch, run_cli):
    if command == "report":
        _require("report")
    inp, out = _dirs(tmp_path)
    over = dict(BROKEN[case])
    answers = over.pop("answers", None)
    path = write_yaml(inp, answers=answers, **over)
    args = ["score", path, "--format", "json"] if command == "score" else [command, path, "-o", out / "x.pdf"]
    result = run_cli(*args)
    assert result.returncode == 1, result.stderr
    assert result.stdout == ""
    watch.check_channels(result, set())
    assert check_outputs(out) == []


@pytest.mark.parametrize("bad_row", ["other", "canary"])
@pytest.mark.parametrize("command", ["score", "handout", "report"])
def test_refused_csv_row_next_to_the_canary(command: str, bad_row: str, tmp_path: Path, watch: Watch, run_cli):
    """A bad answer in the canary's own row, or in the row next to it: the message gives
    the spreadsheet row and column and the value, never the client."""
    if command == "report":
        _require("report")
    inp, out = _dirs(tmp_path)
    path = write_csv(inp, bad_other_row=bad_row == "other", bad_canary_row=bad_row == "canary")
    args = ["score", path] if command == "score" else [command, path, "--client", ID, "-o", out / "x.pdf"]
    result = run_cli(*args)
    assert result.returncode == 1
    watch.check_channels(result, set())
    assert check_outputs(out) == []


@pytest.mark.parametrize("command", ["handout", "report"])
def test_unknown_client_choice(command: str, tmp_path: Path, watch: Watch, run_cli):
    if command == "report":
        _require("report")
    inp, out = _dirs(tmp_path)
    path = write_csv(inp)
    result = run_cli(command, path, "--client", "CANARY-7731-X", "-o", out / "x.pdf")
    assert result.returncode == 1
    watch.check_channels(result, set())  # neither the ids in the file nor the one asked for
    assert check_outputs(out) == []


@pytest.mark.parametrize("command", ["handout", "report"])
def test_missing_glyph_names_only_the_letters(command: str, tmp_path: Path, watch: Watch, run_cli):
    """A name in a script the font lacks was listed letter by letter (issue 14, item 12):
    the message names the field, how many characters and their script, never the letters."""
    if command == "report":
        _require("report")
    inp, out = _dirs(tmp_path)
    greek = "\u0396\u03c9\u03ae \u03a0\u03b1\u03c0\u03b1\u03b4\u03bf\u03c0\u03bf\u03cd\u03bb\u03bf\u03c5"
    path = write_yaml(inp, name=NAME + " \u017bmega " + greek, preferred_name=PREF + " \u017bmega " + greek)
    result = run_cli(command, path, "-o", out / "x.pdf")
    assert result.returncode == 1, result.stderr
    field = "client.name" if command == "report" else "client.preferred_name"
    assert re.search(rf"{field}: cannot draw \d+ of its characters \(Greek, Latin letters\)", result.stderr)
    assert not {*"\u017b", *greek} - {" "} & set(result.stderr)  # no letter of the name
    watch.check_channels(result, set())
    assert check_outputs(out) == []


def _os_failing(op: str, code: int):
    import toolkit.core.atomic_write

    class Proxy:
        def __getattr__(self, name):
            return getattr(os, name)

        def _fail(self, *args, **kwargs):
            raise OSError(code, os.strerror(code))

    proxy = Proxy()
    setattr(proxy, op, proxy._fail)
    return toolkit.core.atomic_write, proxy


UNWRITABLE = ["missing-folder", "target-is-folder", "disk-full-write", "disk-full-fsync", "permission-open",
              "read-only-replace"]


@pytest.mark.parametrize("how", UNWRITABLE)
@pytest.mark.parametrize("command", ["handout", "report", "batch"])
def test_unwritable_output(command: str, how: str, tmp_path: Path, watch: Watch, monkeypatch: pytest.MonkeyPatch,
                           run_cli):
    _require(command)
    inp, out = _dirs(tmp_path)
    path = write_csv(inp) if command == "batch" else write_yaml(inp)
    target = out / ("x" if command == "batch" else "x.pdf")
    if how == "missing-folder":
        target = out / "nowhere" / target.name
    elif how == "target-is-folder":
        if command == "batch":
            pytest.skip("batch --out is a folder by design")
        target.mkdir()
    else:
        op, code = {"disk-full-write": ("write", errno.ENOSPC), "disk-full-fsync": ("fsync", errno.ENOSPC),
                    "permission-open": ("open", errno.EACCES), "read-only-replace": ("replace", errno.EROFS)}[how]
        module, proxy = _os_failing(op, code)
        monkeypatch.setattr(module, "os", proxy)
    args = ["batch", path, "--out", target, "--quiet"] if command == "batch" else [command, path, "-o", target]
    result = run_cli(*args)
    monkeypatch.undo()
    if command == "batch" and how == "missing-folder":
        # issue 13: batch makes a missing --out folder with its parents; what it writes is checked below
        assert result.returncode == 0, result.stderr
    else:
        assert result.returncode in ((1, 3) if command == "batch" else (1,)), result.stderr
    assert "Traceback" not in result.stderr
    watch.check_channels(result, {"id"} if command == "batch" else set())
    check_outputs(out, names_allowed={"id"} if command == "batch" else set(),
                  text_allowed=BATCH_TEXT if command == "batch" else None,
                  pdf_text_allowed={"-handout.pdf": {"preferred"}, "-report.pdf": {"id", "name"}})


def _boom(*args, **kwargs):
    """A bug whose message is full of client data (as a careless f-string would be)."""
    raise RuntimeError(f"client {ID} {NAME} ({PREF}) born {DOB}: {args!r}")


INTERNAL = {  # every place the stage's function is looked up (modules that do not exist yet are skipped)
    "score": [("toolkit.scoring.scorer", "score"), ("toolkit.scoring.intakes", "score")],
    "read": [("toolkit.intake.yaml_file", "intake_from_mapping"), ("toolkit.intake.rows", "intake_from_mapping")],
    "plan": [("toolkit.pipelines.handout", "plan"), ("toolkit.planning.handout", "plan"),
             ("toolkit.pipelines.report", "plan_report"), ("toolkit.planning.report", "plan_report")],
    "render": [("toolkit.render.handout", "render_pdf"), ("toolkit.render.report", "render_report")],
}


@pytest.mark.parametrize("stage", sorted(INTERNAL))
@pytest.mark.parametrize("command", ["score", "handout", "report", "batch"])
def test_internal_error_shows_no_client_data(command: str, stage: str, tmp_path: Path, watch: Watch,
                                             monkeypatch: pytest.MonkeyPatch, run_cli):
    """The exit-3 path: a bug anywhere says where, never what."""
    import importlib

    if command != "score":
        _require(command)
    if command == "score" and stage in ("plan", "render"):
        pytest.skip("score neither plans nor renders")
    for module, attr in INTERNAL[stage]:
        try:
            found = importlib.import_module(module)
        except ImportError:
            continue
        if hasattr(found, attr):
            monkeypatch.setattr(found, attr, _boom)
    inp, out = _dirs(tmp_path)
    path = write_csv(inp) if command == "batch" else write_yaml(inp)
    args = {"score": ["score", path, "--format", "json"], "handout": ["handout", path, "-o", out / "x.pdf"],
            "report": ["report", path, "-o", out / "x.pdf"],
            "batch": ["batch", path, "--out", out / "b", "--quiet"]}[command]
    result = run_cli(*args)
    monkeypatch.undo()
    assert "Traceback" not in result.stderr
    if command == "batch":  # a per-client failure is recorded in errors.csv (exit 1) or stops the run (exit 3)
        assert result.returncode in (1, 3), result.stderr
    else:
        assert result.returncode == 3, result.stderr
        assert "internal error" in result.stderr and "No client data is shown here." in result.stderr
    watch.check_channels(result, {"id"} if command == "batch" else set())
    check_outputs(out, names_allowed={"id"} if command == "batch" else set(),
                  text_allowed=BATCH_TEXT, pdf_text_allowed={"-handout.pdf": {"preferred"},
                                                             "-report.pdf": {"id", "name"}})


def test_the_canary_is_really_looked_for(tmp_path: Path):
    """The checks above would catch a leak: each detector fires on a planted one."""
    with pytest.raises(AssertionError):
        _assert_only(f"error in {NAME}", set(), "stderr")
    with pytest.raises(AssertionError):
        _assert_only(f"born {DOB}", {"id", "name", "preferred"}, "stdout")
    (tmp_path / f"{ID}.pdf").write_bytes(b"x")
    with pytest.raises(AssertionError):
        check_outputs(tmp_path)
    (tmp_path / f"{ID}.pdf").unlink()
    (tmp_path / ".0123456789abcdef.tmp").write_bytes(b"x")
    with pytest.raises(AssertionError):
        check_outputs(tmp_path)
    shutil.rmtree(tmp_path)
    tmp_path.mkdir()
    from reportlab.pdfgen.canvas import Canvas

    c = Canvas(str(tmp_path / "m.pdf"), invariant=1)
    c.setAuthor(NAME)
    c.drawString(72, 720, "hello")
    c.save()
    with pytest.raises(AssertionError):
        check_outputs(tmp_path)


# --- templates that ask for client data in every text they control (issue 14, item 11) -----------------

ASKING = "{client.name} ({client.preferred_name}, {date})"


def _practice_asking_for_client_data(folder: Path) -> Path:
    """A practice whose texts all ask for the client: an overlay of the shipped handout
    (title, subtitle, headings, a new section), a handout of its own whose title is nothing
    but client placeholders, and a practice name and footer with placeholders in them
    (printed as written: practice texts are not templates)."""
    p = folder / "practice"
    (p / "handouts").mkdir(parents=True)
    (p / "practice.yaml").write_text('name: "Clinic for {client.name}"\nfooter: "Notes for {client.name} {date}"\n',
                                     encoding="utf-8")
    (p / "handouts" / "notes.yaml").write_text(f"""\
id: notes
extends: numbness
title: "Notes for {{client.name}}, {{date}}"
subtitle: "Written for {ASKING}"
sections:
  - id: welcome
    heading: "About this handout, {ASKING}"
  - id: for-you
    after: welcome
    heading: "{ASKING}"
    body: |
      Hello {ASKING}.
""", encoding="utf-8")
    (p / "handouts" / "only-client.yaml").write_text(f"""\
id: only-client
version: "1.0"
title: "{{client.name}} {{client.preferred_name}} {{date}}"
subtitle: "{ASKING}"
sections:
  - id: hello
    heading: "{ASKING}"
    body: |
      Hello {ASKING}.
  - id: crisis
    heading: "If you are in danger now, {{client.preferred_name}}"
    safety: true
    body: |
      Call {{crisis.emergency}} any time.
""", encoding="utf-8")
    return p


@pytest.mark.parametrize("handout_id", ["notes", "only-client"])
@pytest.mark.parametrize("kind", INPUT_KINDS)
def test_template_placeholders_never_reach_pdf_metadata(kind: str, handout_id: str, tmp_path: Path, watch: Watch,
                                                         run_cli, write_input):
    """``title: Notes for {client.name}`` put the full name into /Title (and the viewer's
    window title): the metadata title is the template's words without client placeholders."""
    inp, out = _dirs(tmp_path)
    practice = _practice_asking_for_client_data(tmp_path)
    path = write_input(kind, inp)
    client = ["--client", ID] if kind == "csv" else []
    result = run_cli("handout", path, *client, "--practice", practice, "--handout", handout_id,
                     "-o", out / "handout.pdf")
    assert result.returncode == 0, result.stderr
    watch.check_channels(result, set())
    # the page may greet the client as the template asks; the metadata never names them
    assert check_outputs(out, pdf_text_allowed={".pdf": {"preferred", "name"}}) == ["handout.pdf"]
    meta = pypdf.PdfReader(str(out / "handout.pdf")).metadata
    assert meta.title == {"notes": "Notes for", "only-client": "Handout"}[handout_id], meta.title
    assert meta.author == "Clinic for {client.name}"
    assert "2026-11-20" not in " ".join(str(v) for v in meta.values())  # the intake date is the client's too


@pytest.mark.parametrize("command", ["report", "batch", "preview", "form", "verify"])
def test_template_placeholders_never_reach_metadata_of_other_documents(command: str, tmp_path: Path, watch: Watch,
                                                                       run_cli):
    """The clinician report, a batch's documents and previews of such a practice."""
    inp, out = _dirs(tmp_path)
    practice = _practice_asking_for_client_data(tmp_path)
    if command == "batch":
        result = run_cli("batch", write_csv(inp), "--out", out, "--quiet", "--practice", practice,
                         "--handout", "notes")
        assert result.returncode == 0, result.stderr
        watch.check_channels(result, {"id"})
        check_outputs(out, names_allowed={"id"}, text_allowed=BATCH_TEXT,
                      pdf_text_allowed={"-handout.pdf": {"preferred", "name"}, "-report.pdf": {"id", "name"}})
        assert (out / f"{ID}-handout.pdf").exists()
    elif command == "report":
        result = run_cli("report", write_yaml(inp), "--practice", practice, "-o", out / "report.pdf")
        assert result.returncode == 0, result.stderr
        watch.check_channels(result, set())
        check_outputs(out, pdf_text_allowed={".pdf": {"id", "name"}})
    elif command in ("form", "verify"):  # no client data goes in: the practice's texts are printed as written
        args = ["form", "phq9", "-o", out / "form.pdf"] if command == "form" else ["verify", "-o", out / "v.md"]
        result = run_cli(*args, "--practice", practice)
        assert result.returncode == 0, result.stderr
        check_outputs(out)
    else:
        result = run_cli("preview", "--out", out, "--practice", practice, "--handout", "notes", "--max-variants", "2")
        assert result.returncode == 0, result.stderr
        check_outputs(out)
        titles = {pypdf.PdfReader(str(p)).metadata.title for p in out.glob("*.pdf")}
        assert titles == {"Notes for"}, titles


# --- every bad intake, export and form, with the canary in every field (issue 14, item 12) ---------------
#
# A value starting with '!' was echoed in "YAML tags such as '!Zq...' are not allowed"; a bad
# language or date was quoted; a shifted column printed names as answers.  The sweep takes
# every file of the corpora, puts a canary into every value (as text, and as a number shaped
# like a birth date), keeps the character that made the value special ('!', '=', a quote), and
# runs the command that reads it: whatever the problems are, no message may show the canary.

SWEEP_CANARIES = {"text": "Zqcanaryname Xylophant", "number": "19610714"}
_SPECIAL_LEAD = "!&*\"'=+-@"
_YAML_VALUE = re.compile(r"(:[ \t]+|^[ \t]*-[ \t]+)([^,{}\[\]\r\n#]+)", re.MULTILINE)
_CSV_CELL = re.compile(r"[^,;\"\r\n]+")


def _canary_value(value: str, canary: str) -> str:
    text = value.rstrip()
    lead = text[0] if text[:1] in tuple(_SPECIAL_LEAD) else ""
    close = lead if lead in "\"'" and len(text) > 1 and text.endswith(lead) else ""
    return lead + canary + close + value[len(text):]


def canary_everywhere(text: str, canary: str, *, csv_file: bool) -> str:
    """``text`` with every value replaced by ``canary`` (a CSV: every cell after the header)."""
    if not csv_file:
        return _YAML_VALUE.sub(lambda m: m.group(1) + _canary_value(m.group(2), canary), text)
    lines = text.splitlines(keepends=True)
    header = next((i for i, line in enumerate(lines) if line.strip()), len(lines))
    return "".join(lines[: header + 1]) + "".join(
        _CSV_CELL.sub(lambda m: _canary_value(m.group(0), canary), line) for line in lines[header + 1:])


def _assert_no_sweep_canary(result, canary: str, where: str) -> None:
    assert "Traceback" not in result.stderr, result.stderr
    shown = result.stderr + (result.stdout if result.returncode != 0 else "")  # score prints the id by design
    for needle in (canary, *canary.split()):
        assert needle not in shown, f"canary {needle!r} shown for {where}: {shown[:1500]!r}"


def test_the_sweep_puts_the_canary_into_every_value():
    yaml_text = "client:\n  id: C-1\n  name: !secret Ana\ndate: 2026-11-20\nanswers:\n  phq2: {q1: 1, q2: \"x\"}\n"
    out = canary_everywhere(yaml_text, "ZQ", csv_file=False)
    assert out == "client:\n  id: ZQ\n  name: !ZQ\ndate: ZQ\nanswers:\n  phq2: {q1: ZQ, q2: \"ZQ\"}\n", out
    csv_text = "client_id,date,phq2.q1\nC-1,2026-11-20,=1+1\n"
    assert canary_everywhere(csv_text, "ZQ", csv_file=True) == "client_id,date,phq2.q1\nZQ,ZQ,=ZQ\n"


@pytest.mark.parametrize("canary", sorted(SWEEP_CANARIES))
def test_no_bad_intake_shows_a_value(intake_file: str, canary: str, tmp_path: Path, run_cli):
    source = Path(__file__).resolve().parents[1] / "data" / "bad_intakes" / intake_file
    raw = source.read_bytes()
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        pytest.skip("not UTF-8: refused before any value is read")
    value = SWEEP_CANARIES[canary]
    (tmp_path / intake_file).write_text(canary_everywhere(text, value, csv_file=source.suffix == ".csv"),
                                        encoding="utf-8")
    result = run_cli("score", intake_file, "--format", "json", cwd=tmp_path)
    _assert_no_sweep_canary(result, value, intake_file)


@pytest.mark.parametrize("canary", sorted(SWEEP_CANARIES))
def test_no_bad_export_shows_a_cell(export_case: str, canary: str, tmp_path: Path, bad_exports, run_cli):
    args = bad_exports.write(export_case, tmp_path)
    export = tmp_path / "export.csv"
    if export.is_file():
        try:
            text = export.read_bytes().decode("utf-8")
        except UnicodeDecodeError:
            text = None  # not UTF-8: refused before any cell is read
        if text is not None:
            export.write_bytes(canary_everywhere(text, SWEEP_CANARIES[canary], csv_file=True).encode("utf-8"))
    result = run_cli("mapping", "check", "export.csv", *args, cwd=tmp_path)
    _assert_no_sweep_canary(result, SWEEP_CANARIES[canary], export_case)


FORM_SWEEP = {  # a filled form's text fields and a stored answer, each holding the canary
    "date": ({}, {"date": "{c}"}),
    "client-id-too-long": ({}, {"client_id": "{c}" * 9}),
    "client-id-control-char": ({}, {"client_id": "{c}\u0007"}),
    "client-id-formula": ({}, {"client_id": "={c}"}),
    "stored-answer": ({"phq9:q1": "{c}"}, {}),
    "stored-answer-as-text": ({"phq9:q2": "{c}"}, {"date": "{c}"}),
}


@pytest.mark.parametrize("canary", sorted(SWEEP_CANARIES))
@pytest.mark.parametrize("case", sorted(FORM_SWEEP))
def test_no_bad_form_shows_a_value(case: str, canary: str, tmp_path: Path, make_form, fill, run_cli):
    value = SWEEP_CANARIES[canary].replace(" ", "")  # a PDF name has no spaces
    ticks, texts = FORM_SWEEP[case]
    ticks = {"phq9:q3": "1", **{k: v.format(c=value) for k, v in ticks.items()}}
    texts = {"client_id": "C-0042", "date": "2026-11-21", "client_name": value,
             **{k: v.format(c=value) for k, v in texts.items()}}
    pdf = fill(make_form("phq9"), ticks, texts, as_text=case.endswith("as-text"))
    (tmp_path / "form.pdf").write_bytes(pdf)
    result = run_cli("score", "form.pdf", "--format", "json", cwd=tmp_path)
    assert result.returncode == 1, (result.stderr, result.stdout)
    _assert_no_sweep_canary(result, value, case)
