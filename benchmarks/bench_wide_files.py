"""Very wide exports (issue 14, item 13): time, stderr size and peak memory of

* ``toolkit mapping check`` on a 16,000-column export whose column titles are long
  question texts, with a mapping whose 9 columns are all missing from the header
  (each "did you mean" hint compared every title: 43 s before, about 1 s after);
* ``toolkit score`` and ``toolkit mapping check`` on a 1,000,000-column header
  (2M problems, 183 MB of stderr and 874 MB of memory before; one problem after).

Run:  python benchmarks/bench_wide_files.py
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_cli import toolkit_command

STEM = "Over the last 2 weeks, how often have you been bothered by any of the following problems? "


def run(args: list[str], cwd: Path) -> tuple[float, int, float, int]:
    """(wall seconds, stderr bytes, peak RSS MiB, exit code) of one fresh process."""
    err = cwd / "stderr.txt"
    t0 = time.perf_counter()
    pid = os.fork()
    if pid == 0:
        os.chdir(cwd)
        fd = os.open(err, os.O_WRONLY | os.O_CREAT | os.O_TRUNC)
        os.dup2(fd, 2)
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, 1)
        os.execv(args[0], args)
    _, status, usage = os.wait4(pid, 0)
    return time.perf_counter() - t0, err.stat().st_size, usage.ru_maxrss / 1024, os.waitstatus_to_exitcode(status)


def main() -> None:
    cmd = toolkit_command()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        n = 16_000
        titles = ["record_id", "visit_date", *(f'"{STEM}[{i}]"' for i in range(n))]
        (folder / "wide.csv").write_text(",".join(titles) + "\nC-1,2026-11-20" + ",1" * n + "\n")
        columns = "".join(f'  "{STEM}[x{i}]": phq9.q{i}\n' for i in range(1, 10))
        (folder / "mapping.yaml").write_text("format: csv\nclient: {id: record_id}\n"
                                             "date: {column: visit_date}\ncolumns:\n" + columns)
        cells = 1_000_000
        (folder / "huge.csv").write_text("client_id,date" + "".join(f",phq9.x{i}" for i in range(cells))
                                         + "\nC-1,2026-11-20" + ",1" * cells + "\n")
        cases = [
            ("mapping check, 16,000 long titles, 9 missing", [*cmd, "mapping", "check", "wide.csv",
                                                              "--mapping", "mapping.yaml"]),
            ("score, 1,000,000-column header", [*cmd, "score", "huge.csv"]),
            ("mapping check, 1,000,000-column header", [*cmd, "mapping", "check", "huge.csv"]),
        ]
        for label, args in cases:
            seconds, stderr, peak, code = run(args, folder)
            print(f"{label:<48} {seconds:6.2f} s  stderr {stderr:>10,} bytes  peak {peak:6.1f} MiB  exit {code}")


if __name__ == "__main__":
    main()
