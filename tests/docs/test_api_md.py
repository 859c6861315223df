"""docs/api.md is a test: its python blocks run, in order, in one namespace.

The blocks run in a temporary folder holding a copy of the repository's
``examples/`` (so they use the same paths as a reader at the root of a clone)
and write only into it.  The ``>>>`` example of toolkit.api's module docstring
runs there too.  docs/ and examples/ are found from this file, not from the
installed package, so the test also holds when the toolkit is installed
non-editable (``pip install '.[test]'``).
"""

from __future__ import annotations

import doctest
import re
import shutil
from pathlib import Path

import pytest

import toolkit.api

ROOT = Path(__file__).resolve().parents[2]
API_MD = ROOT / "docs" / "api.md"
EXAMPLES = ROOT / "examples"

_BLOCK = re.compile(r"^```python\n(.*?)^```$", re.S | re.M)


def python_blocks(text: str) -> list[tuple[int, str]]:
    """(first line of the code in the file, code) of every ```python block, in order."""
    return [(text.count("\n", 0, m.start(1)) + 1, m.group(1)) for m in _BLOCK.finditer(text)]


@pytest.fixture
def in_examples_copy(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    shutil.copytree(EXAMPLES, tmp_path / "examples")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_api_md_code_blocks_run_in_order(in_examples_copy: Path):
    blocks = python_blocks(API_MD.read_text(encoding="utf-8"))
    assert len(blocks) >= 20, "docs/api.md lost its examples"
    namespace: dict = {"__name__": "api_md"}
    for line, code in blocks:
        # padded so a traceback names the line of docs/api.md
        exec(compile("\n" * (line - 1) + code, str(API_MD), "exec"), namespace)
    assert (in_examples_copy / "out" / "ana-handout.pdf").is_file()


def test_api_md_names_every_public_name():
    text = API_MD.read_text(encoding="utf-8")
    missing = [name for name in toolkit.api.__all__ if not re.search(rf"\b{re.escape(name)}\b", text)]
    assert missing == []


def test_api_module_docstring_example(in_examples_copy: Path):
    report: list[str] = []
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS)
    tests = [t for t in doctest.DocTestFinder().find(toolkit.api) if t.examples]
    for test in tests:
        runner.run(test, out=report.append)
    assert tests and runner.tries >= 4
    assert runner.failures == 0, "".join(report)
