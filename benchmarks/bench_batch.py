"""A clinic day of 1,000 generated clients through ``toolkit batch``.

Reports, for the same generated export:
* wall time with 1 and with 2 workers (target: 1,000 handouts in 15 s or less on
  two cores), handouts only and handouts + clinician summaries;
* time per handout inside the batch (one worker) next to a plain ReportLab canvas
  drawing the same text, measured in the same run (target: at most 2.5 times);
* peak memory (RSS) of the parent and of each worker after 100 and after 1,000
  clients (target: flat, no growth beyond 10%).

Run:  python benchmarks/bench_batch.py [--clients N]
"""

from __future__ import annotations

import argparse
import csv
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_render import canvas_pdf, words_of

FREQ = ["Not at all", "Several days", "More than half the days", "Nearly every day"]


def write_export(path: Path, n: int, seed: int = 7) -> None:
    """Our own CSV: PHQ-9, GAD-7 and the numbness checklist, answers varied."""
    from toolkit.content.catalog import Catalog

    cat = Catalog(None)
    items = {sid: cat.get(sid).items for sid in ("phq9", "gad7", "numbness")}
    rnd = random.Random(seed)
    header = ["client_id", "client_preferred_name", "date"] + [f"{s}.{it.id}" for s, its in items.items() for it in its]
    with open(path, "w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(header)
        for i in range(n):
            row = [f"C-{i:05d}", rnd.choice(["Ana", "Ben", "Chloé", "Dev", "Eli", "Fatima", "Gabriel"]),
                   "2026-11-23"]
            for sid, its in items.items():
                scale = cat.get(sid).scales
                for it in its:
                    opts = scale[it.scale]
                    row.append(rnd.choice(opts).value if rnd.random() > 0.03 else "")
            w.writerow(row)


def rss_mib(pid: int) -> float:
    try:
        with open(f"/proc/{pid}/status") as fh:
            for line in fh:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def children(pid: int) -> list[int]:
    try:
        with open(f"/proc/{pid}/task/{pid}/children") as fh:
            return [int(x) for x in fh.read().split()]
    except OSError:
        return []


def run(export: Path, workers: int, reports: bool, n: int) -> dict:
    import os

    from toolkit.batch.run import BatchOptions, run_batch

    with tempfile.TemporaryDirectory() as tmp:
        opts = BatchOptions(export, Path(tmp) / "out", workers=workers, reports=reports)
        samples: dict[int, dict[int, float]] = {}
        done = 0

        def progress(what: str, k: int) -> None:
            nonlocal done
            if what != "advance":
                return
            done += k
            if done in (n // 10, n):
                me = os.getpid()
                samples[done] = {me: rss_mib(me), **{c: rss_mib(c) for c in children(me)}}

        t0 = time.perf_counter()
        result = run_batch(opts, progress=progress)
        wall = time.perf_counter() - t0
        assert not result.failed, result.counts
    return {"wall": wall, "record": result.record, "samples": samples, "parent": os.getpid()}


def canvas_per_handout(export: Path, sample: int) -> tuple[float, float]:
    """(median toolkit render ms, median canvas ms) over ``sample`` clients, warm."""
    from toolkit.batch.worker import Worker, WorkerSetup
    from toolkit.exports.rows import RowOk, iter_export
    from toolkit.planning.handout import plan, plan_inputs
    from toolkit.render.handout import render_pdf
    from toolkit.scoring.intakes import score_intake

    worker = Worker(WorkerSetup(None, "numbness", str(export)))
    docs = []
    for entry in iter_export(export, worker.catalog):
        if isinstance(entry, RowOk):
            client = entry.intake.client
            res = score_intake(entry.intake, worker.screeners)
            inputs = plan_inputs(worker.practice, client.name or "", client.preferred_name or "")
            docs.append(plan(worker.handout, res, worker.screeners, inputs))
        if len(docs) >= sample:
            break
    font = docs[0].branding.fonts["regular"]
    size = docs[0].branding.base_font_size
    render_pdf(docs[0]), canvas_pdf(words_of(docs[0]), font, size)  # warm
    tk, cv = [], []
    for d in docs:
        t = time.perf_counter()
        render_pdf(d)
        tk.append(time.perf_counter() - t)
        lines = words_of(d)
        t = time.perf_counter()
        canvas_pdf(lines, font, size)
        cv.append(time.perf_counter() - t)
    return statistics.median(tk) * 1000, statistics.median(cv) * 1000


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--clients", type=int, default=1000)
    args = parser.parse_args()
    n = args.clients
    with tempfile.TemporaryDirectory() as tmp:
        export = Path(tmp) / "day.csv"
        write_export(export, n)
        print(f"{n} generated clients (PHQ-9, GAD-7, numbness checklist)")
        for reports in (False, True):
            kinds = "handouts + summaries" if reports else "handouts only"
            for workers in (1, 2):
                r = run(export, workers, reports, n)
                rec = r["record"]
                verdict = ""
                if not reports and workers == 2:
                    verdict = "  -> " + ("OK" if r["wall"] <= 15 * n / 1000 else "ABOVE the 15 s per 1,000 target")
                print(f"  {kinds:22} {workers} worker{'s' if workers > 1 else ' '}  {r['wall']:6.1f} s"
                      f"  ({n / r['wall']:5.1f} clients/s; mean render ms {rec['timings']['mean_render_ms']}){verdict}")
                first, last = r["samples"].get(n // 10, {}), r["samples"].get(n, {})
                for pid in sorted(set(first) & set(last)):
                    growth = (last[pid] / first[pid] - 1) * 100 if first[pid] else 0.0
                    role = "parent" if pid == r["parent"] else "worker"
                    print(f"      {'process' if workers == 1 else role:7} RSS after {n // 10}: {first[pid]:6.1f} MiB,"
                          f" after {n}: {last[pid]:6.1f} MiB ({growth:+.1f}%"
                          f"{'' if growth <= 10 else ' ABOVE the 10% target'})")
        tk, cv = canvas_per_handout(export, min(100, n))
        print(f"  per handout (warm, one process, {min(100, n)} clients): toolkit {tk:.1f} ms, "
              f"plain canvas {cv:.1f} ms, ratio {tk / cv:.2f}x -> {'OK' if tk / cv <= 2.5 else 'ABOVE 2.5x'}")


if __name__ == "__main__":
    main()
