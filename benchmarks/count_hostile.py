"""Print how many hostile-input cases the test suite runs, per input surface.

    python benchmarks/count_hostile.py

It counts what pytest collects from the hostile-input suite
(tests/safety/test_hostile_inputs.py, which runs every case of every corpus through
``toolkit handout ... -o out/h.pdf`` or ``toolkit batch`` to prove nothing is written):
``pytest --collect-only`` runs in a subprocess and the node ids are counted per test
function, each function belonging to one surface.  So the numbers are the cases the
tests really run, not a second list that could drift from them.

Exit code 1 when a surface is below the minimum issue 7 asks for; 2 when the suite has
a ``*_writes_nothing`` test this script does not know (add it to SURFACES).
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SUITE = "test_hostile_inputs.py"

# surface -> {test function: what its cases are}
SURFACES = {
    "screener YAML": {
        "test_broken_screener_writes_nothing": "in broken_screeners/",
        "test_screener_made_at_run_time_writes_nothing": "made at run time",
    },
    "intake files and CSV exports": {
        "test_bad_intake_writes_nothing": "in bad_intakes/",
        "test_bad_intake_made_at_run_time_writes_nothing": "made at run time",
        "test_bad_export_writes_nothing": "export/mapping cases made at run time (goldens in exports/bad/)",
    },
    "filled PDF forms": {
        "test_bad_form_writes_nothing": "made at run time (goldens in bad_forms/)",
    },
    "practice folders and images": {
        "test_broken_practice_writes_nothing": "in broken_practices/",
        "test_practice_made_at_run_time_writes_nothing": "made at run time",
        "test_damaged_font_writes_nothing": "damaged fonts made at run time",
    },
    "templates": {
        "test_broken_template_writes_nothing": "files in broken_handouts/",
        "test_broken_template_overlay_writes_nothing": "overlay folders in broken_handouts/",
    },
    "batch options and output folders": {
        "test_bad_batch_names_writes_nothing": "--names patterns (goldens in batch_names/)",
        "test_hostile_batch_folder_writes_nothing": "state, lock and practice files made at run time",
    },
}
MINIMUMS = {"screener YAML": 40, "intake files and CSV exports": 60, "filled PDF forms": 20,
            "practice folders and images": 30, "templates": 25,
            "batch options and output folders": 40}


def suite_path() -> Path:
    found = sorted((ROOT / "tests").rglob(SUITE))
    if len(found) != 1:
        raise SystemExit(f"count_hostile: expected one {SUITE} under tests/, found {found}")
    return found[0]


def collected(path: Path) -> Counter:
    """Test function -> number of cases pytest collects for it."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTEST_XDIST", "PYTEST_ADDOPTS"))}
    done = subprocess.run([sys.executable, "-m", "pytest", "--collect-only", "-q", "-p", "no:cacheprovider",
                           "-p", "no:xdist", "-o", "addopts=--import-mode=importlib", str(path)],
                          cwd=ROOT, capture_output=True, text=True, env=env, timeout=600)
    if done.returncode != 0:
        raise SystemExit(f"count_hostile: collecting {path} failed:\n{done.stdout}{done.stderr}")
    counts: Counter = Counter()
    for line in done.stdout.splitlines():
        if "::" in line:
            counts[line.split("::", 1)[1].split("[", 1)[0]] += 1
    return counts


def main() -> int:
    counts = collected(suite_path())
    known = {name for tests in SURFACES.values() for name in tests}
    unknown = sorted(name for name in counts if name.endswith("_writes_nothing") and name not in known)
    if unknown:
        print(f"count_hostile: tests with no surface: {', '.join(unknown)}", file=sys.stderr)
        return 2
    width = max(len(s) for s in SURFACES)
    total, short = 0, []
    for surface, tests in SURFACES.items():
        n = sum(counts[name] for name in tests)
        how = " + ".join(f"{counts[name]} {what}" for name, what in tests.items())
        minimum = MINIMUMS[surface]
        status = "ok" if n >= minimum else "BELOW MINIMUM"
        if status != "ok":
            short.append(surface)
        total += n
        print(f"{surface:<{width}}  {n:>4}  (minimum {minimum}, {status})  {how}")
    print(f"{'total':<{width}}  {total:>4}")
    return 1 if short else 0


if __name__ == "__main__":
    sys.exit(main())
