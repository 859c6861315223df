"""Only regular files are ever replaced (issue 14, item 7).

An output named after a device (``-o /dev/full``), a FIFO, a socket or a folder is
refused with exit 1 and one message, with or without ``--force``, by every command
that writes: the atomic writer renames a new file over the name, which would delete a
device node (as root) or a FIFO another program reads.  A symbolic link to such a
thing is refused too; a link to a regular file is replaced (the link, never its
target) with ``--force``.

The tests never read a FIFO (that would block): they look at each path's type with
``os.lstat``.  Devices are made in ``tmp_path`` (``mknod``, when allowed); the real
``/dev/null`` is named only once the check is known to refuse it, and is proved to be
a character device afterwards.
"""

from __future__ import annotations

import os
import shutil
import stat
from collections.abc import Callable
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "examples" / "intakes"
KINDS = ["fifo", "device", "link-to-fifo", "link-to-dev-null", "socket"]


def _make(kind: str, path: Path) -> Callable[[], bool]:
    """Make a non-regular ``kind`` at ``path``; returns a check that it is still that."""
    if kind == "fifo":
        os.mkfifo(path)
        return lambda: stat.S_ISFIFO(os.lstat(path).st_mode)
    if kind == "device":
        try:
            os.mknod(path, 0o600 | stat.S_IFCHR, os.makedev(1, 3))  # a /dev/null of our own
        except (PermissionError, OSError) as exc:
            pytest.skip(f"cannot make a device node here ({exc})")
        return lambda: stat.S_ISCHR(os.lstat(path).st_mode)
    if kind == "link-to-fifo":
        os.mkfifo(path.parent / ".pipe")
        path.symlink_to(path.parent / ".pipe")
        return lambda: os.path.islink(path) and stat.S_ISFIFO(os.lstat(path.parent / ".pipe").st_mode)
    if kind == "link-to-dev-null":
        path.symlink_to("/dev/null")
        return lambda: os.path.islink(path) and stat.S_ISCHR(os.stat("/dev/null").st_mode)
    if kind == "socket":
        import socket

        sock = socket.socket(socket.AF_UNIX)
        short = Path(os.path.relpath(path))  # AF_UNIX paths are short
        try:
            sock.bind(str(short) if len(str(short)) < 100 else str(path))
        except OSError as exc:
            pytest.skip(f"cannot bind a socket here ({exc})")
        finally:
            sock.close()
        return lambda: stat.S_ISSOCK(os.lstat(path).st_mode)
    raise AssertionError(kind)


def _refused(result, target: Path, intact: Callable[[], bool], assert_refused_cleanly) -> None:
    lines = assert_refused_cleanly(result)
    assert any(line.startswith(str(target)) and "--force does not change this" in line for line in lines), lines
    assert intact(), f"{target} was replaced"
    assert not [p.name for p in target.parent.iterdir() if p.name.endswith(".tmp")]


# --- one output file: handout, report, form, verify, mapping init --------------------------------------

FILE_COMMANDS = {
    "handout": lambda o: ["handout", EXAMPLES / "ana.yaml", "-o", o],
    "report": lambda o: ["report", EXAMPLES / "ana.yaml", "-o", o],
    "form": lambda o: ["form", "phq9", "-o", o],
    "verify": lambda o: ["verify", "-o", o],
    "mapping-init": lambda o: ["mapping", "init", EXAMPLES / "clinic-day.csv", "-o", o],
}
SUFFIX = {"handout": ".pdf", "report": ".pdf", "form": ".pdf", "verify": ".md", "mapping-init": ".yaml"}


@pytest.mark.parametrize("force", [[], ["--force"]], ids=["plain", "force"])
@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("command", sorted(FILE_COMMANDS))
def test_an_output_that_is_not_a_regular_file_is_never_replaced(command, kind, force, tmp_path, monkeypatch,
                                                                 run_cli, assert_refused_cleanly):
    monkeypatch.chdir(tmp_path)
    target = tmp_path / f"out{SUFFIX[command]}"
    intact = _make(kind, target)
    result = run_cli(*FILE_COMMANDS[command](target), *force)
    _refused(result, target, intact, assert_refused_cleanly)


def test_a_link_to_a_regular_file_is_replaced_with_force_and_its_target_kept(tmp_path, run_cli):
    """The decision for links: the link is replaced by the new file, the file it pointed to
    is never written (the atomic writer renames over the link's name)."""
    mine = tmp_path / "mine.pdf"
    mine.write_bytes(b"%PDF-1.4 mine\n")
    link = tmp_path / "h.pdf"
    link.symlink_to(mine)
    result = run_cli("handout", EXAMPLES / "ana.yaml", "-o", link, "--force")
    assert result.returncode == 0, result.stderr
    assert not link.is_symlink() and link.read_bytes().startswith(b"%PDF")
    assert mine.read_bytes() == b"%PDF-1.4 mine\n"


@pytest.mark.parametrize("command", ["verify", "mapping-init"])
def test_dev_null_itself_is_refused_and_stays_a_device(command, tmp_path, monkeypatch, run_cli,
                                                       assert_refused_cleanly):
    """``-o /dev/null --force`` as root: refused, and /dev/null is still a character device.
    (Named only after the shared check is seen to refuse it, so a build without the check
    can never delete this machine's /dev/null.)"""
    from toolkit.core.output_check import not_a_regular_file

    dev_null = Path("/dev/null")
    assert stat.S_ISCHR(os.stat(dev_null).st_mode)
    assert not_a_regular_file(dev_null), "the check must refuse /dev/null before the command is run"
    monkeypatch.chdir(tmp_path)
    result = run_cli(*FILE_COMMANDS[command](dev_null), "--force")
    lines = assert_refused_cleanly(result)
    assert lines == ["/dev/null  is a device; only a new file or a regular file is ever written "
                     "(--force does not change this): give a file name"], lines
    assert stat.S_ISCHR(os.stat(dev_null).st_mode)


def test_the_atomic_writer_itself_refuses_a_fifo(tmp_path):
    """Callers that write files they never checked (a batch client's PDF) are covered too."""
    from toolkit.core.atomic_write import AtomicTextFile, write_atomic
    from toolkit.core.errors import ProblemList

    target = tmp_path / "x.pdf"
    os.mkfifo(target)
    with pytest.raises(ProblemList):
        write_atomic(target, b"data")
    text = AtomicTextFile(tmp_path / "x.pdf")
    text.write("a,b\n")
    with pytest.raises(ProblemList):
        text.commit()
    assert stat.S_ISFIFO(os.lstat(target).st_mode)
    assert [p.name for p in tmp_path.iterdir()] == ["x.pdf"]


# --- folders of outputs: schema, preview, practice init, batch ------------------------------------------

def _schema(out: Path) -> tuple[list, Path]:
    return ["schema", "--out", out], out / "practice.schema.json"


def _preview(out: Path) -> tuple[list, Path]:
    return ["preview", "--out", out, "--handout", "for-partners"], out / "index.md"


def _practice_init(out: Path) -> tuple[list, Path]:
    return ["practice", "init", out, "--country", "US"], out / "practice.yaml"


def _batch_summary(out: Path) -> tuple[list, Path]:
    return ["batch", EXAMPLES / "clinic-day.csv", "--out", out, "--no-reports", "--quiet"], out / "summary.csv"


FOLDER_COMMANDS = {"schema": _schema, "preview": _preview, "practice-init": _practice_init,
                   "batch": _batch_summary}


@pytest.mark.parametrize("force", [[], ["--force"]], ids=["plain", "force"])
@pytest.mark.parametrize("kind", ["fifo", "device", "link-to-dev-null"])
@pytest.mark.parametrize("command", sorted(FOLDER_COMMANDS))
def test_a_file_of_an_output_folder_that_is_not_regular_is_never_replaced(command, kind, force, tmp_path,
                                                                          monkeypatch, run_cli,
                                                                          assert_refused_cleanly):
    if command == "practice-init" and force:
        pytest.skip("practice init has no --force")
    monkeypatch.chdir(tmp_path)
    out = tmp_path / "out"
    out.mkdir()
    args, target = FOLDER_COMMANDS[command](out)
    intact = _make(kind, target)
    result = run_cli(*args, *force)
    lines = assert_refused_cleanly(result)
    assert any(line.startswith(str(target)) for line in lines), lines
    assert intact(), f"{target} was replaced"
    if command != "practice-init":  # practice init words it as "in the way" (it never replaces anything)
        assert any("--force does not change this" in line for line in lines), lines
    assert [p.name for p in out.iterdir()] == [target.name] + ([".pipe"] if kind == "link-to-fifo" else [])


def test_batch_never_replaces_a_fifo_named_like_a_client_document(tmp_path, run_cli):
    """The client's file names are known only once the export is read: the writer refuses
    the FIFO, the client is reported (urgent flags are never lost), the other clients are made."""
    out = tmp_path / "out"
    out.mkdir()
    shutil.copy(EXAMPLES / "clinic-day.csv", tmp_path / "day.csv")
    target = out / "C-0101-handout.pdf"
    os.mkfifo(target)
    result = run_cli("batch", tmp_path / "day.csv", "--out", out, "--no-reports", "--quiet", "--force")
    assert "Traceback" not in result.stderr
    assert result.returncode == 1, (result.returncode, result.stderr)
    assert stat.S_ISFIFO(os.lstat(target).st_mode)
    errors = (out / "errors.csv").read_text(encoding="utf-8")
    assert "C-0101" in errors and "--force does not change this" in errors, errors
    assert (out / "C-0102-handout.pdf").read_bytes().startswith(b"%PDF")
