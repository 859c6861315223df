"""Shared by the safety-case tests (hostile inputs, fault injection, privacy canary).

``run_cli`` runs ``toolkit.cli.app.main`` in this process, exactly as the console
script does (same argument parsing, same exit-code mapping), with stdout and
stderr captured: about 50 times faster than a subprocess, so every case of every
corpus can be run through a command that writes a file.  A test that needs a
real process (a kill signal) uses :func:`golden.run_toolkit` instead.

``snapshot`` / ``assert_nothing_written`` prove that a failing run left a folder
exactly as it was: no new file, no temporary file, no changed byte.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import os
import sys
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(__file__).resolve().parent / "data"
EXAMPLES = ROOT / "examples" / "intakes"


@dataclass
class CliResult:
    returncode: int
    stdout: str
    stderr: str


def run_cli(*args: object, cwd: Path | None = None) -> CliResult:
    """``toolkit ARGS`` in-process; never lets an exception escape unnoticed (a
    traceback would mean ``main`` let one through, which the tests treat as a bug)."""
    from toolkit.cli.app import main

    out, err = io.StringIO(), io.StringIO()
    old_argv, old_cwd = sys.argv, os.getcwd()
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
    return CliResult(code, out.getvalue(), err.getvalue())


def snapshot(folder: Path) -> dict[str, str]:
    """Every file under ``folder`` (hidden ones too) with a hash of its bytes."""
    found = {}
    for path in sorted(folder.rglob("*")):
        rel = str(path.relative_to(folder))
        if path.is_symlink() or path.is_dir():
            found[rel] = "<dir>" if path.is_dir() else "<link>"
        else:
            found[rel] = hashlib.sha256(path.read_bytes()).hexdigest()
    return found


def assert_refused_cleanly(result: CliResult, *, code: int = 1) -> list[str]:
    """Exit code, no traceback, and (for code 1) problem lines then 'N problem(s) found.'"""
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


def leftover_temp_files(folder: Path) -> list[str]:
    """Hidden ``.xxxx.tmp`` files (what :mod:`toolkit.core.atomic_write` creates) and any other
    file whose name says it is temporary."""
    return sorted(p.name for p in folder.rglob("*")
                  if p.name.endswith((".tmp", ".part", "~")) or p.name.startswith(".") and p.is_file())
