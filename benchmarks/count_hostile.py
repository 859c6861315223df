"""Print how many hostile-input cases the test suite runs, per input surface.

    python benchmarks/count_hostile.py

The case lists are the ones the tests enumerate (tests/hostile_corpus.py imports
them from the golden-file tests, and tests/test_hostile_inputs.py runs every one
through ``toolkit handout ... -o out/h.pdf`` to prove nothing is written).  A
surface whose corpus does not exist yet shows 0 and "pending".  Exit code 1 when a
surface that exists is below the minimum issue 7 asks for.
"""

from __future__ import annotations

import sys
from pathlib import Path

TESTS = Path(__file__).resolve().parent.parent / "tests"
sys.path.insert(0, str(TESTS))

from hostile_corpus import MINIMUMS, counts  # noqa: E402


def main() -> int:
    found = counts()
    width = max(len(s) for s in found)
    total, short = 0, []
    for surface, (n, how) in found.items():
        minimum = MINIMUMS[surface]
        pending = n == 0 and "pending" in how
        status = "pending" if pending else ("ok" if n >= minimum else "BELOW MINIMUM")
        if status == "BELOW MINIMUM":
            short.append(surface)
        total += n
        print(f"{surface:<{width}}  {n:>4}  (minimum {minimum}, {status})  {how}")
    print(f"{'total':<{width}}  {total:>4}")
    return 1 if short else 0


if __name__ == "__main__":
    sys.exit(main())
