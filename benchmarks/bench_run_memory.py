"""Peak memory of ``python -m sim run`` against the number of replications.

Runs the baseline scenario with 2,000 and then 20,000 replications (36 monthly steps,
summary included, progress bar off), each in a fresh process, and prints each process's
peak resident set size (``ru_maxrss`` from ``wait4``) and their ratio. A scenario run
writes finished runs in chunks and compacts them a row group at a time, so the ratio
should stay at most 1.3 (issue 13). Run by hand; 20,000 runs take a few minutes:
``python benchmarks/bench_run_memory.py [--small 2000] [--large 20000]``.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BASELINE = Path(__file__).resolve().parent.parent / "configs" / "baseline_2019.toml"
TARGET_RATIO = 1.3


def peak_rss_mb(replications: int, out: Path) -> tuple[float, float]:
    """Peak RSS (MB) and wall time (s) of one ``sim run`` in a fresh process."""
    command = [sys.executable, "-m", "sim", "run", str(BASELINE), "--replications",
               str(replications), "--steps", "36", "--out", str(out)]  # fmt: skip
    started = time.perf_counter()
    with tempfile.TemporaryFile() as errors:  # a pipe nobody reads would fill and block
        process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=errors)
        _, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - started
        if os.waitstatus_to_exitcode(status) != 0:
            errors.seek(0)
            raise SystemExit(f"sim run failed: {errors.read().decode()[-500:]}")
    return usage.ru_maxrss / 1024, seconds  # kilobytes on Linux


def main() -> None:
    """Measure and print."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--small", type=int, default=2_000)
    parser.add_argument("--large", type=int, default=20_000)
    args = parser.parse_args()
    figures = {}
    with tempfile.TemporaryDirectory() as folder:
        for count in (args.small, args.large):
            rss, seconds = peak_rss_mb(count, Path(folder) / str(count))
            figures[count] = rss
            print(f"{count:>7} replications: peak RSS {rss:7.1f} MB, {seconds:6.1f} s")
    ratio = figures[args.large] / figures[args.small]
    verdict = "met" if ratio <= TARGET_RATIO else "NOT met"
    print(f"ratio {ratio:.2f} (target <= {TARGET_RATIO}: {verdict})")


if __name__ == "__main__":
    main()
