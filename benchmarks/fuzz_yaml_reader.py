"""Fuzz the safe YAML reader (``toolkit.core.yaml_reader.read_yaml_bytes``) with atheris.

    .venv/bin/pip install atheris          # dev-only, not a dependency
    nice .venv/bin/python benchmarks/fuzz_yaml_reader.py -max_total_time=600

Any exception other than ProblemList is a finding; so is a returned document
whose source map cannot place its values, or a problem without a usable location.
Seeds: every YAML and JSON file under examples/, screeners/, handouts/ and tests/data/.
"""

from __future__ import annotations

import sys
from pathlib import Path

import atheris

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _fuzz_common import files, run

with atheris.instrument_imports(include=["toolkit"]):
    from toolkit.core.errors import ProblemList
    from toolkit.core.yaml_reader import read_yaml_bytes


def _walk(value, path=()):
    yield path
    if isinstance(value, dict):
        for k, v in value.items():
            yield from _walk(v, path + (k,))
    elif isinstance(value, list):
        for i, v in enumerate(value):
            yield from _walk(v, path + (i,))


def test_one(data: bytes) -> None:
    try:
        doc = read_yaml_bytes(data, "fuzz.yaml")
    except ProblemList as exc:
        for p in exc.problems:
            assert p.file == "fuzz.yaml", p
            assert p.line >= 0 and p.col >= 0, p
            assert str(p)  # formats without error
        return
    for path in _walk(doc.data):
        line, col = doc.source.locate(path)
        assert line >= 1 and col >= 1, (path, line, col)


def seeds():
    for f in files("examples/**/*.yaml", "examples/**/*.json", "screeners/*.yaml", "handouts/*.yaml",
                   "tests/data/**/*.yaml", "tests/data/**/*.yml", "tests/data/**/*.json"):
        yield f.read_bytes()


if __name__ == "__main__":
    run("yaml_reader", test_one, seeds)
