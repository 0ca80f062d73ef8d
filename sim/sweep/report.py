"""The short text a sweep prints at its end, before its run directory."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from sim.sweep.engine import SweepOutcome
from sim.sweep.load import Sweep

MEASURE = "mean_trilateral_cohesion"
MAX_ROWS = 16


def headline(sweep: Sweep, outcome: SweepOutcome) -> list[str]:
    """What was run, how fast, and how the runs ended."""
    spec = sweep.spec.sweep
    counts = outcome.counts
    rate = outcome.executed / outcome.seconds if outcome.seconds > 0 else 0.0
    return [
        f"{sweep.name}: {spec.method}, {len(sweep.points)} point(s) x {spec.replications} "
        f"replication(s) = {sweep.run_count} runs; {outcome.executor}",
        f"  {outcome.executed} run(s) this session in {outcome.seconds:.1f} s ({rate:.0f} runs/s);"
        f" {counts.get('ok', 0)} ok, {counts.get('failed', 0)} failed,"
        f" {counts.get('timeout', 0)} timed out",
    ]


def lever_table(sweep: Sweep, run_dir: Path) -> list[str]:
    """Mean and sd over runs of the mean trilateral cohesion, by lever combination."""
    path = run_dir / "runs.parquet"
    if not path.is_file():
        return []
    levers = list(sweep.spec.levers)
    runs = pd.read_parquet(path, columns=[*levers, "status", MEASURE] if levers else None)
    ok = runs[runs["status"] == "ok"]
    if ok.empty or MEASURE not in ok:
        return []
    if not levers:
        return [f"  {MEASURE}: mean {ok[MEASURE].mean():.3f}, sd {ok[MEASURE].std():.3f}"]
    table = ok.groupby(levers)[MEASURE].agg(["mean", "std", "count"])
    table = table.sort_values("mean", ascending=False).reset_index()
    title = f"  {MEASURE} by lever (best first):"
    hidden = len(table) - MAX_ROWS
    if hidden > 0:
        half = MAX_ROWS // 2
        table = pd.concat([table.head(half), table.tail(half)])
        title = f"  {MEASURE} by lever, best and worst {half} of {len(table) + hidden}:"
    text = table.to_string(index=False, float_format=lambda v: f"{v:.3f}")
    return [title, *("  " + line for line in text.splitlines())]


def render(sweep: Sweep, outcome: SweepOutcome) -> str:
    """The whole summary."""
    lines = headline(sweep, outcome)
    if outcome.status == "complete":
        table = lever_table(sweep, outcome.run_dir)
        lines += ["", *table] if table else []
    return "\n".join(lines)
