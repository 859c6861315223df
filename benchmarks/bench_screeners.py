"""Screener loading and scoring speed.

Prints:
* load + validation time of every built-in screener and of a generated 50-item
  screener (median of repeated cold loads; target 10 ms or less each);
* scoring throughput over 100,000 synthetic intakes (target: 100,000 screener
  results per second or more on one core), for the pure scorer on normalised
  answers and for the whole step from raw labels (normalise + score).

Run:  python benchmarks/bench_screeners.py [--intakes N]
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

from toolkit.content.catalog import builtin_dir
from toolkit.content.screener_loader import load_screener_file
from toolkit.intake.answers import normalise
from toolkit.scoring.scorer import plan_for, score


def median_load_ms(path: Path, repeat: int = 30) -> float:
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        plan_for(load_screener_file(path))  # parse, validate and compile the scoring plan
        times.append(time.perf_counter() - t0)
    return statistics.median(times) * 1000


def fifty_item_screener(folder: Path) -> Path:
    lines = [
        "id: gen50", 'version: "1.0"', "title: Generated 50-item screener", "kind: validated",
        "citation: Generated for the benchmark", "licence: {status: free, text: Generated}",
        "timeframe: Over the last 2 weeks", "instructions: Answer every item.",
        "scales:", "  freq:",
        *(f"    - {{value: {v}, label: Option {v}}}" for v in range(5)),
        "items:",
    ]
    for i in range(1, 51):
        lines += [f"  - id: q{i}", f"    text: Generated question number {i}", "    scale: freq"]
        if i % 7 == 0:
            lines.append("    reverse: true")
        if i == 50:
            lines += ["    critical: {id: risk, level: urgent, at_least: 1, message: Follow up}"]
    lines += ["scores:"]
    for sid, lo, hi in (("total", 1, 50), ("a", 1, 25), ("b", 26, 50)):
        n = hi - lo + 1
        lines += [f"  - id: {sid}", f"    label: Score {sid}",
                  "    items: [" + ", ".join(f"q{i}" for i in range(lo, hi + 1)) + "]",
                  "    method: sum", "    missing: {max_missing: 5, prorate: true}",
                  "    bands_citation: Generated",
                  "    bands:",
                  f"      - {{id: low, label: Low, min: 0, max: {n}}}",
                  f"      - {{id: mid, label: Middle, min: {n + 1}, max: {2 * n}}}",
                  f"      - {{id: high, label: High, min: {2 * n + 1}, max: {4 * n}}}"]
    lines += ["outcomes:",
              "  - id: any-high", "    label: Any item at 4",
              "    when: {any: [" + ", ".join(f"{{answer: {{item: q{i}, at_least: 4}}}}" for i in range(1, 51)) + "]}"]
    path = folder / "gen50.yaml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--intakes", type=int, default=100_000)
    args = parser.parse_args()
    print(f"python {platform.python_version()} on {platform.machine()}, "
          f"{os.cpu_count()} cpu(s); one process, one core")
    print("\nLoad + validate + compile (median of 30 cold loads; target <= 10 ms)")
    folder = builtin_dir("screeners")
    worst = 0.0
    for path in sorted(folder.glob("*.yaml")):
        ms = median_load_ms(path)
        worst = max(worst, ms)
        print(f"  {path.stem:14} {ms:7.2f} ms")
    with tempfile.TemporaryDirectory() as tmp:
        ms = median_load_ms(fifty_item_screener(Path(tmp)))
        worst = max(worst, ms)
        print(f"  {'gen50 (50 items)':14} {ms:7.2f} ms")
    print(f"  worst: {worst:.2f} ms -> {'OK' if worst <= 10 else 'ABOVE TARGET'}")

    screeners = [load_screener_file(folder / f"{sid}.yaml") for sid in ("phq9", "gad7", "numbness")]
    rng = random.Random(1)
    intakes = []
    for _ in range(args.intakes):
        intake = []
        for s in screeners:
            raw = {}
            for item in s.items:
                if rng.random() < 0.03:
                    continue  # a few missing answers
                opt = rng.choice(s.scales[item.scale])
                raw[item.id] = opt.label if rng.random() < 0.5 else opt.value
            intake.append((s, raw))
        intakes.append(intake)
    normalised = [[(s, normalise(s, raw)[0]) for s, raw in intake] for intake in intakes]
    n_results = sum(len(i) for i in intakes)

    t0 = time.perf_counter()
    for intake in normalised:
        for s, answers in intake:
            score(s, answers)
    pure = time.perf_counter() - t0
    t0 = time.perf_counter()
    for intake in intakes:
        for s, raw in intake:
            score(s, normalise(s, raw)[0])
    whole = time.perf_counter() - t0
    print(f"\nScoring {args.intakes:,} synthetic intakes (PHQ-9 + GAD-7 + numbness each: "
          f"{n_results:,} screener results; target >= 100,000 results/s)")
    print(f"  scorer on normalised answers: {n_results / pure:12,.0f} results/s ({pure:.2f} s)")
    print(f"  normalise labels + score:     {n_results / whole:12,.0f} results/s ({whole:.2f} s)")
    ok = n_results / pure >= 100_000
    print(f"  -> {'OK' if ok else 'BELOW TARGET'}")
    sys.exit(0)


if __name__ == "__main__":
    main()
