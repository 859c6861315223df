"""The code is checked: mypy, with the settings of pyproject.toml ([tool.mypy]),
finds no error anywhere in ``toolkit/``, and ruff ([tool.ruff]) finds nothing in
``toolkit/``, ``tests/`` or ``benchmarks/`` (so a ``# noqa`` means something).

mypy runs over the package this interpreter imports (the checkout in an editable
install, site-packages otherwise), from an empty folder so that no other copy of
the sources is picked up, with its own cache so parallel runs do not clash.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import toolkit

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = Path(toolkit.__file__).resolve().parent


def test_mypy_finds_no_errors(tmp_path: Path):
    work = tmp_path / "work"
    work.mkdir()
    result = subprocess.run(
        [sys.executable, "-m", "mypy", "--config-file", str(ROOT / "pyproject.toml"),
         "--cache-dir", str(tmp_path / "mypy-cache"), "-p", "toolkit"],
        cwd=work, capture_output=True, text=True, timeout=600)
    output = result.stdout + result.stderr
    assert result.returncode == 0, f"mypy over {PACKAGE}:\n{output}"
    assert "Success: no issues found" in result.stdout, output


def test_ruff_finds_nothing_in_the_package_the_tests_or_the_benchmarks():
    """The rules of pyproject.toml ([tool.ruff]); a ``# noqa`` must name a rule ruff checks."""
    folders = [str(ROOT / name) for name in ("toolkit", "tests", "benchmarks")]
    result = subprocess.run([sys.executable, "-m", "ruff", "check", "--no-cache", *folders],
                            cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr
