"""``sim.sweep(...)``: run a sweep file from Python and get its tables as DataFrames.

The function behind the callable package ``sim.sweep`` (see :mod:`sim.sweep`); it runs a
sweep as ``python -m sim sweep`` does, through :func:`load_sweep`, the command line's
option checks and :func:`run_sweep`, and returns a :class:`sim.api.Result`.
"""

from __future__ import annotations

import tempfile
from pathlib import Path
from types import SimpleNamespace

import pandas as pd

from sim.api import (
    Result,
    Settings,
    described,
    output_folder,
    read_decisions,
    warn_failed,
    with_shortcuts,
)
from sim.sweep.command import options_for
from sim.sweep.engine import SweepOutcome, run_sweep
from sim.sweep.load import Sweep, load_sweep

#: The keyword shortcuts: keys of the sweep file's ``[sweep]`` table.
SWEEP_SHORTCUTS = {
    "seed": "sweep.seed",
    "steps": "sweep.steps",
    "replications": "sweep.replications",
}
TABLES = ("steps", "runs", "events")


def sweep(
    sweep: str | Path,
    *,
    replications: int | None = None,
    seed: int | None = None,
    steps: int | None = None,
    set: Settings = None,  # shadows the builtin, as the --set option
    out: str | Path | None = None,
    executor: str | None = None,
    workers: int | None = None,
    time_limit: float | None = None,
    progress: bool = False,
) -> Result:
    """Run a sweep file, as ``python -m sim sweep`` does, and return its tables.

    ``sweep`` is a path or a shipped sweep's name (``"demand_vs_linkage"``).
    ``replications``, ``seed`` and ``steps`` override the sweep file's ``[sweep]`` keys,
    ``set`` any key of the sweep file (``{"fixed.mechanisms.rally_strength": 0.1}``).
    ``executor`` ("serial", "process", "dask"), ``workers`` and ``time_limit`` are the
    command line's options, defaulting to the sweep file's ``[sweep.executor]``. Without
    ``out`` the run directory is written to a temporary folder and removed after reading.
    """
    overrides, labels = with_shortcuts(
        set, SWEEP_SHORTCUTS, seed=seed, steps=steps, replications=replications
    )
    loaded = load_sweep(sweep, overrides, labels)
    arguments = SimpleNamespace(
        scheduler=None,
        executor=executor,
        workers=workers,
        time_limit=time_limit,
        quiet=not progress,
    )
    options = options_for(loaded, arguments)  # checked as the command line's options
    command = described(
        "sim.sweep", sweep, replications=replications, seed=seed, steps=steps, set=set,
        executor=executor, workers=workers, time_limit=time_limit,
    )  # fmt: skip
    if out is not None:
        outcome = run_sweep(loaded, options, out=output_folder(out), command=command)
        return sweep_result(loaded, outcome)
    with tempfile.TemporaryDirectory(prefix="alliance-sim-") as folder:
        outcome = run_sweep(loaded, options, out=Path(folder), command=command)
        return sweep_result(loaded, outcome, keep=False)


def sweep_result(loaded: Sweep, outcome: SweepOutcome, keep: bool = True) -> Result:
    """The tables of a finished sweep's run directory; an interrupted one re-raises."""
    if outcome.status == "interrupted":
        kept = f"; finished runs kept in {outcome.run_dir}" if keep else ""
        raise KeyboardInterrupt(f"sweep '{loaded.name}' interrupted{kept}")
    frames = {name: pd.read_parquet(outcome.run_dir / f"{name}.parquet") for name in TABLES}
    frames["decisions"] = read_decisions(outcome.run_dir)
    result = Result(loaded.name, "sweep", **frames, run_dir=outcome.run_dir if keep else None)
    warn_failed(result)
    return result
