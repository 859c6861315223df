"""Fingerprint every document the examples and ``toolkit preview`` produce.

A refactoring check, not a speed figure: run it before a change that should not
alter any output, keep the file it writes, and run it again after::

    python benchmarks/output_hashes.py --write before.json
    ... refactor ...
    python benchmarks/output_hashes.py --check before.json

It drives the installed ``toolkit`` command (the one beside this Python), so it
does not depend on where a function lives inside the package.  It makes:

* for every example intake: the handout (normal and large print, and every
  built-in handout id) and the clinician summary;
* the clinician summary of the whole example clinic day (one client's history);
* ``toolkit batch`` over ``examples/intakes/clinic-day.csv`` (every PDF and
  ``summary.csv``; ``run.json`` holds timings and is left out);
* printable and fillable forms of every built-in screener, one by one and all
  together (a clinician's form, ``--clinician``, for those a clinician asks
  aloud, such as the ASQ);
* ``toolkit preview`` of every built-in handout (the PDFs and its index);
* ``toolkit practice init`` for every country, then a handout and a form with
  that practice (branding and crisis lines of each country).

``--check`` exits 1 and names every file whose bytes differ.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples" / "intakes"
COUNTRIES = ("US", "UK", "IE", "CA", "AU")


def toolkit() -> list[str]:
    exe = shutil.which("toolkit", path=str(Path(sys.executable).parent))
    return [exe] if exe else [sys.executable, "-m", "toolkit"]


def run(*args: str | Path, cwd: Path) -> None:
    done = subprocess.run([*toolkit(), *map(str, args)], cwd=cwd, capture_output=True, text=True)
    if done.returncode != 0:
        raise SystemExit(f"toolkit {' '.join(map(str, args))} failed ({done.returncode}):\n{done.stderr}")


def ids(folder: str) -> list[str]:
    return sorted(p.stem for p in (ROOT / folder).glob("*.yaml"))


def asked_by_a_clinician(screener_id: str) -> bool:
    from toolkit.api import load_screener

    return load_screener(ROOT / "screeners" / f"{screener_id}.yaml").administration == "clinician"


def make_all(work: Path) -> None:
    intakes = sorted(EXAMPLES.glob("*.yaml"))
    for intake in intakes:
        for handout in ids("handouts"):
            run("handout", intake, "--handout", handout, "-o", work / f"{intake.stem}-{handout}.pdf", cwd=work)
        run("handout", intake, "--large-print", "-o", work / f"{intake.stem}-large.pdf", cwd=work)
        run("report", intake, "-o", work / f"{intake.stem}-report.pdf", cwd=work)
    run("report", *intakes, "--client", "C-0001", "-o", work / "history-report.pdf", cwd=work)
    run("batch", EXAMPLES / "clinic-day.csv", "--out", work / "batch", "--workers", "1", "--quiet", cwd=work)
    (work / "batch" / "run.json").unlink()
    # screeners a clinician asks aloud (the ASQ) are printed only on a clinician's form
    clinician = [sid for sid in ids("screeners") if asked_by_a_clinician(sid)]
    screeners = [sid for sid in ids("screeners") if sid not in clinician]
    for sid in screeners:
        run("form", sid, "-o", work / f"form-{sid}.pdf", cwd=work)
        run("form", sid, "--fillable", "-o", work / f"form-{sid}-fillable.pdf", cwd=work)
    for sid in clinician:
        run("form", sid, "--clinician", "-o", work / f"form-{sid}-clinician.pdf", cwd=work)
    run("form", *screeners, "-o", work / "form-all.pdf", cwd=work)
    run("form", *screeners, "--fillable", "-o", work / "form-all-fillable.pdf", cwd=work)
    run("preview", "--out", work / "preview", cwd=work)
    for country in COUNTRIES:
        practice = work / f"practice-{country}"
        run("practice", "init", practice, "--country", country, cwd=work)
        run("handout", EXAMPLES / "dev.yaml", "--practice", practice, "-o", work / f"dev-{country}.pdf", cwd=work)
        run("form", "phq9", "--practice", practice, "-o", work / f"form-phq9-{country}.pdf", cwd=work)


def hashes(work: Path) -> dict[str, str]:
    return {str(p.relative_to(work)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(work.rglob("*")) if p.is_file()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    group = parser.add_mutually_exclusive_group(required=True)
    group.add_argument("--write", type=Path, help="write the fingerprints to this JSON file")
    group.add_argument("--check", type=Path, help="compare with fingerprints written before")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        make_all(work)
        now = hashes(work)
    if args.write:
        args.write.write_text(json.dumps(now, indent=1, sort_keys=True) + "\n")
        print(f"{len(now)} files fingerprinted into {args.write}")
        return
    before = json.loads(args.check.read_text())
    changed = sorted(k for k in before.keys() & now.keys() if before[k] != now[k])
    gone, new = sorted(before.keys() - now.keys()), sorted(now.keys() - before.keys())
    for label, names in (("differs", changed), ("missing now", gone), ("new", new)):
        for name in names:
            print(f"{label}: {name}")
    if changed or gone or new:
        raise SystemExit(f"{len(changed) + len(gone) + len(new)} of {len(before)} files are not identical")
    print(f"all {len(now)} files byte-identical")


if __name__ == "__main__":
    main()
