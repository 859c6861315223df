"""toolkit batch and its output folder (issue 14, items 3, 5, 6 and 8): file names never
collide silently; the practice fingerprint reads only the practice format's files; a
failing write of the resume state is a clear error; one run per folder at a time.

The hostile inputs themselves (--names patterns; state, lock and practice files that are
links, folders, FIFOs or devices) are corpus cases of tests/safety/test_hostile_inputs.py.
Processes that must not hang or exhaust the machine on a regression run with a memory
limit and a timeout; the concurrent runs are made deterministic by a first run that
holds its lock until the test tells it to go on (no sleeps, no timed asserts).
"""

from __future__ import annotations

import csv
import errno
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from toolkit.batch.run import BatchOptions, run_batch

PHQ = [f"phq9.q{i}" for i in range(1, 10)]
CALM = [0, 1, 0, 1, 0, 0, 1, 0, 0]
URGENT = [2, 2, 2, 2, 1, 1, 1, 1, 2]
LIMITED = ("import resource, runpy, sys; resource.setrlimit(resource.RLIMIT_AS, (1536 << 20, 1536 << 20)); "
           "sys.argv = ['toolkit', *sys.argv[1:]]; runpy.run_module('toolkit', run_name='__main__')")
# A first run that holds the folder's lock once the clients are counted, says so, and goes on
# only when the test writes a line to it.
HOLDER = """\
import sys
from pathlib import Path
from toolkit.batch.run import BatchOptions, run_batch

def progress(what, n):
    if what == "total":
        print("holding", flush=True)
        sys.stdin.readline()

result = run_batch(BatchOptions(Path(sys.argv[1]), Path(sys.argv[2]), reports=False), progress=progress)
print("done", result.counts["clients"], flush=True)
"""


def write_day(path: Path, rows: list[tuple[str, list[int]]]) -> Path:
    with open(path, "w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(["client_id", "date", *PHQ])
        w.writerows([cid, "2026-11-23", *answers] for cid, answers in rows)
    return path


def env() -> dict[str, str]:
    return {**os.environ, "PYTHONIOENCODING": "utf-8", "COLUMNS": "200"}


def read_summary(out: Path) -> list[dict]:
    with open(out / "summary.csv", newline="", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


# --- item 3: two clients never share a file silently ---------------------------------------------

@pytest.mark.parametrize("pattern, ids, expected", [
    # "a_b-row3" is the name the second client's files get: a third client must not take it
    ("{kind}-{client_id}", ["a/b", "a b", "a_b-row3"],
     ["handout-a_b-row3-row4.pdf", "handout-a_b-row3.pdf", "handout-a_b.pdf"]),
    # names a case-insensitive disk (macOS, a Windows share) would make one file
    ("{client_id}-{kind}", ["A-1", "a-1", "A-2"], ["A-1-handout.pdf", "A-2-handout.pdf", "a-1-handout-row3.pdf"]),
])
def test_two_clients_never_share_a_file_name_and_the_run_says_so(pattern, ids, expected, tmp_path, run_cli):
    src = write_day(tmp_path / "day.csv", [(cid, URGENT if i == 1 else CALM) for i, cid in enumerate(ids)])
    result = run_cli("batch", src, "--out", tmp_path / "out", "--no-reports", "--quiet", "--names", pattern)
    assert result.returncode == 0, result.stderr
    assert sorted(p.name for p in (tmp_path / "out").glob("*.pdf")) == expected
    assert "changed to keep two clients' documents apart" in result.stdout, result.stdout
    assert sorted(r["handout"] for r in read_summary(tmp_path / "out")) == expected  # each client's own file


# --- item 5: the practice fingerprint reads only the practice format's files ----------------------

def _practice_with_junk(folder: Path) -> Path:
    """A practice whose folder also holds a FIFO, links to /dev/zero and a file too large
    to read, none of them a file the practice format defines."""
    folder.mkdir()
    (folder / "practice.yaml").write_text("name: Test Practice\n", encoding="utf-8")
    os.mkfifo(folder / "notes.fifo")
    (folder / "zero").symlink_to("/dev/zero")
    (folder / "fonts").mkdir()
    (folder / "fonts" / "unused.ttf").symlink_to("/dev/zero")
    (folder / "handouts").mkdir()
    (folder / "handouts" / "README.txt").symlink_to("/dev/zero")
    (folder / "screeners").mkdir()
    (folder / "screeners" / "old").mkdir()
    os.mkfifo(folder / "screeners" / "old" / "phq9.yaml")
    with open(folder / "big.bin", "wb") as fh:
        fh.truncate(8 * 1024 * 1024 * 1024)  # 8 GiB, sparse: costs nothing unless read
    return folder


def test_files_outside_the_practice_format_are_never_read(tmp_path):
    _practice_with_junk(tmp_path / "p")
    write_day(tmp_path / "day.csv", [("A-1", CALM), ("A-2", URGENT)])
    result = subprocess.run([sys.executable, "-c", LIMITED, "batch", "day.csv", "--out", "out", "--practice", "p",
                             "--no-reports", "--quiet"], cwd=tmp_path, capture_output=True, text=True, env=env(),
                            timeout=120)
    assert result.returncode == 0, result.stderr
    assert sorted(p.name for p in (tmp_path / "out").glob("*.pdf")) == ["A-1-handout.pdf", "A-2-handout.pdf"]


def test_resume_remakes_after_a_practice_file_changed_and_only_then(tmp_path):
    practice = tmp_path / "p"
    (practice / "screeners").mkdir(parents=True)
    (practice / "practice.yaml").write_text("name: Test Practice\n", encoding="utf-8")
    (practice / "notes.txt").write_text("the front desk's notes\n", encoding="utf-8")
    (practice / "screeners" / "draft.yaml").write_text("# a draft\n", encoding="utf-8")
    src = write_day(tmp_path / "day.csv", [("A-1", CALM), ("A-2", URGENT)])

    def resumed() -> int:
        result = run_batch(BatchOptions(src, tmp_path / "out", practice=practice, reports=False, resume=True))
        return result.counts["clients_skipped_current"]

    assert resumed() == 0
    (practice / "notes.txt").write_text("the front desk's notes, a day later\n", encoding="utf-8")
    assert resumed() == 2, "a file the practice format does not define changed nothing"
    (practice / "screeners" / "draft.yaml").write_text("# a draft, edited\n", encoding="utf-8")
    assert resumed() == 0, "a screener of the practice changed: every document is made again"


# --- item 6: a write of the resume state that fails is a clear error -------------------------------

@pytest.mark.parametrize("workers", ["1", "2"])
@pytest.mark.parametrize("error, message", [("ENOSPC", "the disk is full"), ("EIO", "Input/output error")])
@pytest.mark.parametrize("call", ["write", "fsync"])
def test_a_failing_write_of_the_resume_state_is_a_clear_error(call, error, message, workers, tmp_path, monkeypatch,
                                                               run_cli, assert_refused_cleanly):
    src = write_day(tmp_path / "day.csv", [(f"A-{i}", URGENT if i == 3 else CALM) for i in range(1, 7)])
    real = getattr(os, call)

    def failing(fd, *args):
        try:
            target = os.readlink(f"/proc/self/fd/{fd}")
        except OSError:
            target = ""
        if target.endswith(".batch-state.jsonl"):
            code = getattr(errno, error)
            raise OSError(code, os.strerror(code))
        return real(fd, *args)

    monkeypatch.setattr(os, call, failing)
    [line] = assert_refused_cleanly(run_cli("batch", src, "--out", tmp_path / "out", "--no-reports", "--quiet",
                                            "--workers", workers))
    assert line.startswith(f"{tmp_path / 'out' / '.batch-state.jsonl'}  cannot write the resume state"), line
    assert message in line and "--resume" in line, line
    for pdf in (tmp_path / "out").glob("*.pdf"):  # what was made is complete
        assert pdf.read_bytes().rstrip().endswith(b"%%EOF"), pdf.name
    assert not [p.name for p in (tmp_path / "out").iterdir() if p.name.endswith((".tmp", ".lock"))]
    monkeypatch.undo()
    result = run_cli("batch", src, "--out", tmp_path / "out", "--no-reports", "--quiet", "--resume")
    assert result.returncode == 0, result.stderr
    assert [r["urgent"] for r in read_summary(tmp_path / "out")] == ["no", "no", "yes", "no", "no", "no"]


# --- item 8: one batch per output folder at a time ------------------------------------------------

def _start_holder(tmp_path: Path) -> subprocess.Popen:
    """A first run into tmp_path/out that holds the folder's lock (it has said "holding")."""
    child = subprocess.Popen([sys.executable, "-c", HOLDER, "day.csv", "out"], cwd=tmp_path, env=env(),
                             stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    assert child.stdout is not None
    line = child.stdout.readline()
    if line != "holding\n":
        child.kill()
        _, err = child.communicate()
        pytest.fail(f"the first run did not start: {line!r} {err}")
    return child


def _entries(folder: Path) -> dict[str, int]:
    return {p.name: p.stat().st_size for p in sorted(folder.iterdir())}


@pytest.mark.parametrize("flag", [[], ["--force"], ["--resume"]])
def test_a_second_batch_into_a_folder_in_use_is_refused_and_breaks_nothing(flag, tmp_path, run_cli,
                                                                           assert_refused_cleanly):
    write_day(tmp_path / "day.csv", [("A-1", CALM), ("A-2", URGENT)])
    first = _start_holder(tmp_path)
    try:
        out = tmp_path / "out"
        before = _entries(out)  # the first run's temporary files among them
        assert any(name.endswith(".tmp") for name in before), before
        lines = assert_refused_cleanly(run_cli("batch", "day.csv", "--out", "out", "--quiet", *flag, cwd=tmp_path))
        assert lines == [f"out  another toolkit batch is writing to this folder (pid {first.pid}); wait for it "
                         "to finish, or give another --out"]
        assert _entries(out) == before, "the second run changed the first run's folder"
        stdout, stderr = first.communicate("\n", timeout=120)
    finally:
        if first.poll() is None:
            first.kill()
            first.wait()
    assert first.returncode == 0, stderr
    assert stdout == "done 2\n"
    assert [r["urgent"] for r in read_summary(out)] == ["no", "yes"]  # the first run's record is whole
    assert sorted(p.name for p in out.iterdir()) == [".batch-state.jsonl", "A-1-handout.pdf", "A-2-handout.pdf",
                                                     "errors.csv", "run.json", "summary.csv"]  # no lock left


def test_the_lock_of_a_killed_run_never_blocks_the_next(tmp_path, run_cli):
    write_day(tmp_path / "day.csv", [("A-1", CALM), ("A-2", URGENT)])
    first = _start_holder(tmp_path)
    first.send_signal(signal.SIGKILL)  # cannot clean up: its lock file stays, the kernel drops the lock
    first.communicate(timeout=120)
    assert (tmp_path / "out" / ".batch.lock").read_text(encoding="ascii") == f"{first.pid}\n"
    result = run_cli("batch", "day.csv", "--out", "out", "--quiet", "--no-reports", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert [r["urgent"] for r in read_summary(tmp_path / "out")] == ["no", "yes"]
    assert not (tmp_path / "out" / ".batch.lock").exists()
