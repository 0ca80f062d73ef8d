"""What a worker does with a chunk: run it, write its files, return a small report.

:func:`run_chunk` is a plain top-level function of picklable arguments, so the same code
runs in the parent (serial), in a process pool and on Dask workers. Results never travel
back to the parent: only a :class:`ChunkReport` of counts and the first error lines does,
which keeps the parent's memory flat however many runs a sweep makes.
"""

from __future__ import annotations

import traceback
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sim.config import Scenario
from sim.errors import ConfigError
from sim.runner import RunResult, run_once
from sim.storage import decisions_table, events_table, runs_table, steps_table
from sim.sweep.chunks import part_name, write_chunk
from sim.sweep.keys import RunKey
from sim.sweep.load import scenario_for

MAX_REPORTED_ERRORS = 3  # error lines a report carries back; all are in runs.parquet


@dataclass(frozen=True, slots=True)
class ChunkTask:
    """A chunk of consecutive runs and everything needed to run them anywhere."""

    run_dir: str
    base: Mapping[str, Any]
    runs: tuple[RunKey, ...]
    time_limit: float | None = None
    record_decisions: bool = False  # write a decisions part ([run] record_decisions)

    @property
    def name(self) -> str:
        """The chunk's file name in ``steps/``, ``events/`` and ``runs/``."""
        return part_name(self.runs[0].run_id, self.runs[-1].run_id)

    def split(self) -> list[ChunkTask]:
        """One task per run (to find the run that brings a worker down)."""
        return [
            ChunkTask(self.run_dir, self.base, (run,), self.time_limit, self.record_decisions)
            for run in self.runs
        ]


@dataclass(frozen=True, slots=True)
class ChunkReport:
    """What the parent learns about a finished chunk."""

    name: str
    runs: int
    statuses: Mapping[str, int]
    errors: tuple[str, ...] = field(default=())


def run_chunk(task: ChunkTask) -> ChunkReport:
    """Run every run of the chunk, write its three files atomically and report."""
    scenarios: dict[str, Scenario | str] = {}
    results = []
    for key in task.runs:
        scenario = scenarios.get(key.point_id)
        if scenario is None:
            scenario = scenarios[key.point_id] = build_scenario(task.base, key)
        results.append(run_key(scenario, key, task.time_limit))
    write_results(Path(task.run_dir), task.name, task.runs, results, task.record_decisions)
    return report_of(task.name, results)


def build_scenario(base: Mapping[str, Any], key: RunKey) -> Scenario | str:
    """The point's scenario, or the error text if it does not validate (checked before)."""
    try:
        return scenario_for(base, dict(key.values), "<sweep>")
    except ConfigError as exc:
        return f"ConfigError: {exc.one_line()}"


def run_key(scenario: Scenario | str, key: RunKey, time_limit: float | None) -> RunResult:
    """One run of a point, never raising: failures and timeouts come back as results."""
    if isinstance(scenario, str):
        return RunResult(key.run_id, key.seed, key.replicate, "failed", scenario)
    return run_once(
        scenario, key.replicate, seed=key.seed, run_id=key.run_id, time_limit=time_limit
    )


def row_parameters(keys: Sequence[RunKey]) -> list[dict[str, Any]]:
    """The point id and swept values of each run, for its row of runs.parquet."""
    return [{"point_id": key.point_id, **dict(key.values)} for key in keys]


def write_results(
    run_dir: Path,
    name: str,
    keys: Sequence[RunKey],
    results: Sequence[RunResult],
    record_decisions: bool = False,
) -> None:
    """Write a chunk's steps, events, decisions (if recorded) and runs files (runs last)."""
    tables = {
        "steps": steps_table(results),
        "events": events_table(results),
        "runs": runs_table(results, row_parameters(keys)),
    }
    if record_decisions:
        tables["decisions"] = decisions_table(results)
    write_chunk(run_dir, name, tables)


def report_of(name: str, results: Sequence[RunResult]) -> ChunkReport:
    """Counts by status and the first few error lines."""
    statuses = Counter(r.status for r in results)
    errors = tuple(
        f"{r.run_id}: {r.error.splitlines()[0] if r.error else r.status}"
        for r in results
        if r.status != "ok"
    )
    return ChunkReport(name, len(results), dict(statuses), errors[:MAX_REPORTED_ERRORS])


def record_lost_chunk(task: ChunkTask, error: BaseException | str) -> ChunkReport:
    """Record a chunk's runs as failed when the chunk itself could not run (the parent does).

    Used when a worker process dies on a run or the executor raises for the chunk.
    """
    text = error if isinstance(error, str) else "".join(traceback.format_exception_only(error))
    results = [
        RunResult(key.run_id, key.seed, key.replicate, "failed", text.strip()) for key in task.runs
    ]
    write_results(Path(task.run_dir), task.name, task.runs, results, task.record_decisions)
    return report_of(task.name, results)
