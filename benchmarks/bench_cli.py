"""Cold command-line figures, as a clinician meets them: a new process each time.

Prints the median wall time (and peak memory) of:
* ``toolkit --help`` (target 150 ms);
* ``toolkit handout examples/intakes/ana.yaml -o ...`` (targets 300 ms, 64 MiB);
* ``toolkit score examples/intakes/ana.yaml``;
* ``toolkit report examples/intakes/ana.yaml -o ...`` (the clinician summary);
and the size of the handout PDFs of every bundled example (target: 100 KB or
less for a three-page handout).

Run:  python benchmarks/bench_cli.py [--runs N]
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples" / "intakes"


def toolkit_command() -> list[str]:
    exe = shutil.which("toolkit", path=str(Path(sys.executable).parent))
    return [exe] if exe else [sys.executable, "-m", "toolkit"]


def measure(args: list[str], runs: int) -> tuple[float, float]:
    """(median wall seconds, peak RSS MiB) over ``runs`` fresh processes."""
    times, peaks = [], []
    for _ in range(runs):
        t0 = time.perf_counter()
        pid = os.fork()
        if pid == 0:  # child: become the command
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, 1)
            os.execv(args[0], args)
        _, status, usage = os.wait4(pid, 0)
        times.append(time.perf_counter() - t0)
        peaks.append(usage.ru_maxrss / 1024)
        if os.waitstatus_to_exitcode(status) != 0:
            raise SystemExit(f"command failed: {' '.join(args)}")
    return statistics.median(times), max(peaks)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=9)
    args = parser.parse_args()
    cmd = toolkit_command()
    print(f"command: {' '.join(cmd)}; median of {args.runs} cold runs")
    import toolkit

    if Path(toolkit.__file__).resolve().parent.parent == ROOT and os.environ.get("PYTHONDONTWRITEBYTECODE"):
        print("  note: editable install with PYTHONDONTWRITEBYTECODE set: every run compiles the "
              "toolkit's modules; `pip install .` gives the figures a user sees")
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "h.pdf"
        rows = [
            ("toolkit --help", cmd + ["--help"], 0.150, None),
            ("toolkit score ana.yaml", cmd + ["score", str(EXAMPLES / "ana.yaml")], None, None),
            # --force: every run after the first replaces the file, as a clinician re-making it would
            ("toolkit handout ana.yaml", cmd + ["handout", str(EXAMPLES / "ana.yaml"), "-o", str(out), "--force"],
             0.300, 64),
            ("toolkit report ana.yaml", cmd + ["report", str(EXAMPLES / "ana.yaml"), "-o", str(out), "--force"],
             None, None),
        ]
        for label, argv, t_target, m_target in rows:
            wall, peak = measure(argv, args.runs)
            verdict = []
            if t_target:
                verdict.append("time OK" if wall <= t_target else f"time ABOVE {t_target * 1000:.0f} ms")
            if m_target:
                verdict.append("memory OK" if peak <= m_target else f"memory ABOVE {m_target} MiB")
            print(f"  {label:26} {wall * 1000:7.0f} ms  peak {peak:5.1f} MiB  {'; '.join(verdict)}")
        print("\nHandout PDF sizes (target: <= 100 KB for three pages)")
        from pypdf import PdfReader  # test extra; only for counting pages

        for intake in sorted(EXAMPLES.glob("*.yaml")):
            pdf = Path(tmp) / f"{intake.stem}.pdf"
            subprocess.run(cmd + ["handout", str(intake), "-o", str(pdf)], check=True, capture_output=True)
            pages = len(PdfReader(str(pdf)).pages)
            kb = pdf.stat().st_size / 1024
            print(f"  {intake.stem:8} {pages} pages  {kb:6.1f} KB  ({kb / pages:.1f} KB per page)")


if __name__ == "__main__":
    main()
