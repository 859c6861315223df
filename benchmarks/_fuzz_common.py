"""Shared helpers of the atheris fuzz harnesses (not part of CI; see README).

Each harness is run as ``python benchmarks/fuzz_<name>.py [CORPUS_DIR ...]
[libFuzzer flags, e.g. -max_total_time=600]``.  Without a corpus folder, a seed
corpus is built from ``examples/`` and ``tests/data/`` in
``benchmarks/.fuzz-corpus/<name>/`` (git-ignored by its own ``.gitignore``) and
used; libFuzzer adds the new inputs it finds there.

A finding is any exception other than :class:`toolkit.core.errors.ProblemList`
(atheris prints it and writes the crashing input as ``crash-<sha1>``), or a
problem message that shows client data it must not show.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Callable, Iterable

ROOT = Path(__file__).resolve().parent.parent


def seed_corpus(name: str, seeds: Iterable[bytes]) -> Path:
    folder = ROOT / "benchmarks" / ".fuzz-corpus" / name
    folder.mkdir(parents=True, exist_ok=True)
    ignore = folder.parent / ".gitignore"
    if not ignore.exists():
        ignore.write_text("*\n")
    if not any(folder.iterdir()):
        for i, data in enumerate(seeds):
            (folder / f"seed-{i:04d}").write_bytes(data)
    return folder


def files(*patterns: str) -> list[Path]:
    out: list[Path] = []
    for pattern in patterns:
        out.extend(sorted(ROOT.glob(pattern)))
    return out


def run(name: str, test_one: Callable[[bytes], None], seeds: Callable[[], Iterable[bytes]]) -> None:
    import atheris

    argv = list(sys.argv)
    if not any(not a.startswith("-") for a in argv[1:]):
        argv.insert(1, str(seed_corpus(name, seeds())))
    atheris.Setup(argv, test_one)
    atheris.Fuzz()
