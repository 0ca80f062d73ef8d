"""Time and peak memory of ``python -m analysis report`` on a 20,000-run sweep.

The sweep: the baseline, 36 monthly steps, a Sobol design (SALib, Saltelli's scheme
without second-order terms) over three assumed mechanism strengths with N = 2,048 base
samples: 2,048 x (3 + 2) = 10,240 points x 2 replications = 20,480 runs, 737,280 step
rows. It is made once with ``python -m sim sweep`` (every core) and reused: pass
``--run-dir`` to point at an existing sweep, or the benchmark looks for its own under
``--work`` (default: a folder in the system's temporary directory).

Measured: the wall time of ``python -m analysis report RUN_DIR --out TMP -q`` in a fresh
process (imports included; best of ``--repeat``) and that process's peak resident memory
(``ru_maxrss`` from ``os.wait4``), with the 1-minute load average when it began.

Targets (issue 5): under 60 s on 2 cores, memory well under 2 GB.

    python benchmarks/bench_analysis.py [--run-dir RUN_DIR] [--work DIR] [--repeat 3]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import tomli_w

ROOT = Path(__file__).resolve().parent.parent
BASELINE = ROOT / "configs" / "baseline_2019.toml"
NAME = "bench_analysis_sobol"
SWEEP = {
    "sweep": {"name": NAME, "base": str(BASELINE), "method": "sobol", "samples": 2048,
              "second_order": False, "replications": 2, "seed": 5, "steps": 36},
    "uncertainties": {"mechanisms.rally_strength": [0.0, 0.3],
                      "mechanisms.two_level_friction": [1.0, 8.0],
                      "mechanisms.troop_threat_fear": [0.05, 0.3]},
}  # fmt: skip


def existing_sweep(work: Path) -> Path | None:
    """A complete sweep made earlier by this benchmark under ``work``, if any."""
    for path in sorted(work.glob(f"{NAME}-*")):
        manifest = path / "manifest.json"
        if manifest.is_file() and json.loads(manifest.read_text())["status"] == "complete":
            return path
    return None


def make_sweep(work: Path) -> Path:
    """Run the benchmark's sweep with ``python -m sim sweep`` and return its run directory."""
    work.mkdir(parents=True, exist_ok=True)
    spec = work / f"{NAME}.toml"
    spec.write_text(tomli_w.dumps(SWEEP), encoding="utf-8")
    started = time.perf_counter()
    command = [sys.executable, "-m", "sim", "sweep", str(spec), "--out", str(work), "-q"]
    result = subprocess.run(command, capture_output=True, text=True, check=True, cwd=ROOT)
    print(f"made the sweep in {time.perf_counter() - started:.0f} s", file=sys.stderr)
    return Path(result.stdout.strip().splitlines()[-1])


def measure_report(run_dir: Path) -> tuple[float, float, float]:
    """Seconds, peak RSS (MB) and the load average at the start of one report process."""
    load = os.getloadavg()[0]
    with tempfile.TemporaryDirectory() as out:
        command = [sys.executable, "-m", "analysis", "report", str(run_dir), "--out", out, "-q"]
        started = time.perf_counter()
        process = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.DEVNULL)
        _, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - started
        process.returncode = os.waitstatus_to_exitcode(status)
        if process.returncode != 0:
            raise SystemExit(f"report failed with exit code {process.returncode}")
    return seconds, usage.ru_maxrss / 1024, load


def table_rows(run_dir: Path) -> dict[str, int]:
    """Rows of each table, from the manifest's counts."""
    counts = json.loads((run_dir / "manifest.json").read_text())["counts"]
    return {name: counts[name] for name in ("runs", "steps", "events")}


def main() -> None:
    """Make or find the sweep, then time the report."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--run-dir", type=Path, help="an existing sweep run directory")
    parser.add_argument("--work", type=Path, default=Path(tempfile.gettempdir()) / NAME)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    run_dir = args.run_dir or existing_sweep(args.work) or make_sweep(args.work)
    rows = table_rows(run_dir)
    print(f"run directory {run_dir}")
    print(f"  runs {rows['runs']:,}, step rows {rows['steps']:,}, events {rows['events']:,}")
    print(f"  Python {platform.python_version()}, {os.cpu_count()} cores")
    results = [measure_report(run_dir) for _ in range(args.repeat)]
    for seconds, megabytes, load in results:
        print(f"  report: {seconds:6.1f} s, peak RSS {megabytes:6.0f} MB (load {load:.2f})")
    best = min(results)
    print(f"best of {args.repeat}: {best[0]:.1f} s, peak RSS {max(r[1] for r in results):.0f} MB")


if __name__ == "__main__":
    main()
