"""Shared by the golden-file tests: run the CLI and read its problem lines."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

UPDATE = os.environ.get("UPDATE_GOLDENS") == "1"


def run_toolkit(*args: str, cwd: Path, timeout: int = 120) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONIOENCODING": "utf-8", "COLUMNS": "200"}
    return subprocess.run([sys.executable, "-m", "toolkit", *args],
                          cwd=cwd, capture_output=True, text=True, env=env, timeout=timeout)


def problem_lines(result: subprocess.CompletedProcess) -> list[str]:
    """stderr lines without the final "N problem(s) found." summary, which is checked here."""
    lines = result.stderr.splitlines()
    assert lines, "no problems printed"
    n = len(lines) - 1
    assert lines[-1] == f"{n} problem{'s' if n != 1 else ''} found.", lines[-1]
    return lines[:-1]
