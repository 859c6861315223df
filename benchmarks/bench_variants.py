"""How long finding every variant of the built-in handouts takes (``toolkit preview``,
``toolkit lint``'s reachability check and ``toolkit.quality.variants.variants``).

Prints, per built-in handout, the number of distinct section lists and the time
``variants(handout, screeners)`` takes, first cold (a fresh catalog: loading and
compiling included) and then warm (median of repeated runs), and the total for all
of them against the target: every built-in handout within 2 seconds.

This was a timed assertion in the test suite (tests/quality/test_variants.py); a
wall-clock limit there fails on a busy machine and says nothing about correctness,
so the timing lives here and the test keeps only what variants must find.

Run:  python benchmarks/bench_variants.py [--runs N]
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import time

from toolkit.content.catalog import Catalog, ScreenerMap
from toolkit.content.handout_loader import HandoutCatalog
from toolkit.quality.variants import variants

TARGET_SECONDS = 2.0


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5, help="warm runs per handout (median)")
    args = parser.parse_args()
    print(f"python {platform.python_version()} on {platform.machine()}, {os.cpu_count()} cpu(s); one process")

    t0 = time.perf_counter()
    catalog = Catalog()
    handouts, screeners = HandoutCatalog(None, catalog), ScreenerMap(catalog)
    cold = {}
    for hid in handouts.ids():
        start = time.perf_counter()
        found = variants(handouts.get(hid), screeners)
        cold[hid] = (len(found), time.perf_counter() - start)
    cold_total = time.perf_counter() - t0

    print(f"\nvariants() of each built-in handout (cold, then median of {args.runs} warm runs)")
    warm_total = 0.0
    for hid, (n, seconds) in cold.items():
        times = []
        for _ in range(args.runs):
            start = time.perf_counter()
            variants(handouts.get(hid), screeners)
            times.append(time.perf_counter() - start)
        warm = statistics.median(times)
        warm_total += warm
        print(f"  {hid:28} {n:6} variants  cold {seconds * 1000:8.1f} ms  warm {warm * 1000:8.1f} ms")
    print(f"  all built-in handouts: cold {cold_total:.2f} s (catalogs included), warm {warm_total:.2f} s "
          f"(target <= {TARGET_SECONDS:.0f} s) -> {'OK' if cold_total <= TARGET_SECONDS else 'ABOVE TARGET'}")


if __name__ == "__main__":
    main()
