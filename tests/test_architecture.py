"""The shape of the house: one folder per stage, imports one way, no cycles.

The contracts live in pyproject.toml ([tool.importlinter]); these tests run them,
prove that a deliberate back-import breaks them with a message that names it,
and look for import cycles between modules (function-level imports included).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import grimp
import pytest

import toolkit

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = Path(toolkit.__file__).resolve().parent
STAGES = ["cli", "batch", "pipelines", "quality", "render", "planning", "exports", "scoring", "intake",
          "practice", "content", "documents", "core"]


def lint_imports(src: Path) -> subprocess.CompletedProcess:
    """Run import-linter with the project's contracts over the package found in ``src``."""
    lint = shutil.which("lint-imports", path=str(Path(sys.executable).parent))
    assert lint, "import-linter is a test dependency"
    env = {**os.environ, "PYTHONPATH": str(src)}
    return subprocess.run([lint, "--config", str(ROOT / "pyproject.toml"), "--no-cache"], cwd=src,
                          env=env, capture_output=True, text=True, timeout=300)


def copy_of_package(tmp_path: Path) -> Path:
    src = tmp_path / "src"
    shutil.copytree(PACKAGE, src / "toolkit", ignore=shutil.ignore_patterns("__pycache__", "_data"))
    return src


def test_every_contract_is_kept():
    result = lint_imports(PACKAGE.parent)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout


@pytest.mark.parametrize(("module", "back_import", "contract"), [
    ("core/errors.py", "from ..api import load_screener", "toolkit.core is not allowed to import toolkit.api"),
    ("scoring/scorer.py", "from ..cli.app import app", "toolkit.scoring is not allowed to import toolkit.cli"),
    ("intake/rows.py", "from ..scoring.scorer import score", "toolkit.intake is not allowed to import toolkit.scoring"),
    ("planning/handout.py", "from ..render.handout import render_pdf",
     "toolkit.planning is not allowed to import toolkit.render"),
    ("content/catalog.py", "import reportlab", "toolkit.content is not allowed to import reportlab"),
    ("batch/run.py", "import rich", "toolkit.batch is not allowed to import rich"),
])
def test_a_back_import_breaks_the_contract_and_is_named(tmp_path: Path, module: str, back_import: str,
                                                         contract: str):
    src = copy_of_package(tmp_path)
    path = src / "toolkit" / module
    # at the end of the module, inside a function: a hidden back-import counts too
    path.write_text(path.read_text() + f"\n\ndef _sneaky():\n    {back_import}\n")
    result = lint_imports(src)
    assert result.returncode == 1, result.stdout
    assert contract in " ".join(result.stdout.split()), result.stdout
    assert f"toolkit.{module[:-3].replace('/', '.')}" in result.stdout


def test_no_import_cycle_between_any_two_modules():
    graph = grimp.build_graph("toolkit", cache_dir=None)
    cycles = _cycles(graph)
    assert not cycles, f"import cycles: {cycles}"


def test_the_cycle_check_finds_a_cycle():
    graph = grimp.build_graph("toolkit", cache_dir=None)
    graph.add_import(importer="toolkit.core.errors", imported="toolkit.core.atomic_write")
    assert any({"toolkit.core.errors", "toolkit.core.atomic_write"} <= set(c) for c in _cycles(graph))


def test_only_init_main_and_api_at_the_top_and_every_stage_is_a_package():
    top = sorted(p.name for p in PACKAGE.glob("*.py"))
    assert top == ["__init__.py", "__main__.py", "api.py"]
    folders = sorted(p.name for p in PACKAGE.iterdir() if p.is_dir() and p.name not in ("__pycache__", "_data"))
    assert folders == sorted(STAGES)
    for stage in STAGES:
        assert (PACKAGE / stage / "__init__.py").read_text().startswith('"""'), f"{stage}/ says what it owns"


def _cycles(graph: grimp.ImportGraph) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan, iterative)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    on_stack: set[str] = set()
    stack: list[str] = []
    found: list[list[str]] = []
    counter = 0
    for root in sorted(graph.modules):
        if root in index:
            continue
        work = [(root, iter(sorted(graph.find_modules_directly_imported_by(root))))]
        index[root] = low[root] = counter
        counter += 1
        stack.append(root)
        on_stack.add(root)
        while work:
            node, children = work[-1]
            for child in children:
                if child not in graph.modules:
                    continue
                if child not in index:
                    index[child] = low[child] = counter
                    counter += 1
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(graph.find_modules_directly_imported_by(child)))))
                    break
                if child in on_stack:
                    low[node] = min(low[node], index[child])
            else:
                work.pop()
                if work:
                    low[work[-1][0]] = min(low[work[-1][0]], low[node])
                if low[node] == index[node]:
                    component = []
                    while True:
                        member = stack.pop()
                        on_stack.discard(member)
                        component.append(member)
                        if member == node:
                            break
                    if len(component) > 1:
                        found.append(sorted(component))
    return found
