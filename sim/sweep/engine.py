"""Run a sweep: schedule the missing runs in chunks, execute, show progress, compact.

The same function starts a sweep and resumes one: a resumed sweep runs only the runs that
no finished chunk holds, in chunks of consecutive run ids, so its compacted files equal
those of an uninterrupted sweep.
"""

from __future__ import annotations

import math
import sys
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tqdm import tqdm

from sim.commandline import WriteFailed, deferred_signals, ignore_signals
from sim.sweep.chunks import finished_run_ids, remove_leftovers
from sim.sweep.compact import compact
from sim.sweep.directory import (
    check_resumable,
    create_run_dir,
    finish_manifest,
    open_for_resume,
)
from sim.sweep.keys import RunKey, run_keys
from sim.sweep.load import Sweep
from sim.sweep.lock import unlock_directory
from sim.sweep.pools import make_executor
from sim.sweep.worker import ChunkTask

MAX_CHUNK_RUNS = 100
MAX_DECISION_CHUNK_RUNS = 20  # recording decisions: about 0.5 MB of results a run in memory
MAX_ERRORS = 3  # error lines the summary shows; all are in runs.parquet
CHUNKS_PER_WORKER = 20


class Progress(tqdm):
    """tqdm without its monitor thread, so a process pool may still fork after it starts."""

    monitor_interval = 0


@dataclass(frozen=True)
class SweepOptions:
    """How to execute a sweep (the sweep file's ``[sweep.executor]`` and the command line)."""

    executor: str = "process"
    workers: int = 0
    scheduler: str = ""
    time_limit: float | None = None
    chunk_runs: int = 0
    processes: bool = True  # dask LocalCluster: worker processes (False: threads, for tests)
    progress: bool = True


@dataclass
class SweepOutcome:
    """What a sweep session did."""

    run_dir: Path
    status: str
    counts: dict[str, int]
    executed: int = 0
    seconds: float = 0.0
    executor: str = ""
    errors: list[str] = field(default_factory=list)
    interruption: BaseException | None = None  # KeyboardInterrupt, or Terminated (SIGTERM)


def chunk_size(
    options: SweepOptions, pending: int, workers: int, record_decisions: bool = False
) -> int:
    """Runs per chunk: as set, else about twenty chunks per worker, at most 100 runs.

    At most 20 when decisions are recorded, so that a worker's memory stays about as small.
    """
    if options.chunk_runs:
        return options.chunk_runs
    most = MAX_DECISION_CHUNK_RUNS if record_decisions else MAX_CHUNK_RUNS
    return max(1, min(most, math.ceil(pending / (workers * CHUNKS_PER_WORKER))))


def pending_tasks(
    sweep: Sweep, run_dir: Path, done: set[str], size: int, time_limit: float | None
) -> Iterator[ChunkTask]:
    """Chunks of consecutive unfinished runs (a finished run ends a chunk), lazily."""
    chunk: list[RunKey] = []
    record = sweep.record_decisions

    def task() -> ChunkTask:
        return ChunkTask(str(run_dir), sweep.base, tuple(chunk), time_limit, record)

    for key in run_keys(sweep.points, sweep.spec.sweep.replications, sweep.spec.sweep.seed):
        if key.run_id not in done:
            chunk.append(key)
        if chunk and (key.run_id in done or len(chunk) == size):
            yield task()
            chunk = []
    if chunk:
        yield task()


def execute(executor: Any, tasks: Iterator[ChunkTask], bar: tqdm, outcome: SweepOutcome) -> None:
    """Run the tasks, advancing the bar and counting into ``outcome`` as chunks finish."""
    statuses: Counter[str] = Counter()
    for report in executor.run(tasks):
        statuses.update(report.statuses)
        outcome.executed += report.runs
        outcome.errors.extend(report.errors[: max(0, MAX_ERRORS - len(outcome.errors))])
        bar.update(report.runs)
        if statuses["ok"] != statuses.total():
            bar.set_postfix(failed=statuses.total() - statuses["ok"], refresh=False)


def run_sweep(
    sweep: Sweep,
    options: SweepOptions,
    *,
    out: Path = Path("runs"),
    resume: Path | None = None,
    command: list[str] | None = None,
) -> SweepOutcome:
    """Run (or resume) a sweep into its run directory and compact it when every run is done."""
    command = command or []
    if resume is not None:
        check_resumable(resume, sweep)  # bad input is refused before any worker starts
    executor = make_executor(
        options.executor, options.workers, options.scheduler, processes=options.processes
    )
    run_dir = resume
    try:
        if resume is None:
            run_dir, done = create_run_dir(out, sweep, command, executor.description), set()
        else:
            open_for_resume(resume, sweep, command, executor.description)
            remove_leftovers(resume)
            done = set(finished_run_ids(resume))
    except BaseException:
        executor.close(cancel=True)
        if run_dir is not None:
            unlock_directory(run_dir)
        raise
    try:
        return run_session(sweep, options, executor, run_dir, done)
    except OSError as exc:  # a full disk, lost permissions: say what is kept
        raise WriteFailed(
            f"cannot write {run_dir}: {exc}; the finished chunks are kept; fix the cause,"
            f" then: python -m sim sweep --resume {run_dir}"
        ) from None
    finally:
        unlock_directory(run_dir)


def run_session(
    sweep: Sweep, options: SweepOptions, executor: Any, run_dir: Path, done: set[str]
) -> SweepOutcome:
    """Execute what is missing, compact if all is done, and finish the manifest."""
    outcome = SweepOutcome(run_dir, "complete", {}, executor=executor.description)
    pending = sweep.run_count - len(done)
    size = chunk_size(options, pending, executor.workers, sweep.record_decisions)
    tasks = pending_tasks(sweep, run_dir, done, size, options.time_limit)
    bar = Progress(
        total=sweep.run_count,
        initial=len(done),
        unit="run",
        desc=sweep.name,
        disable=not options.progress,
        file=sys.stderr,
        smoothing=0.05,
    )
    started = time.perf_counter()
    try:
        execute(executor, tasks, bar, outcome)
        executor.close()
        with deferred_signals(reraise=False):  # the final write: Ctrl-C and SIGTERM wait
            remove_leftovers(run_dir)
            compact(run_dir, record_decisions=sweep.record_decisions)
    except KeyboardInterrupt as exc:
        ignore_signals()  # a second Ctrl-C must not cut the final writes short
        outcome.status, outcome.interruption = "interrupted", exc
    except BaseException:
        outcome.status = "failed"
        raise
    finally:
        bar.close()
        with deferred_signals(reraise=False):
            if outcome.status != "complete":
                executor.close(cancel=True)
            outcome.seconds = time.perf_counter() - started
            outcome.counts = finish_manifest(run_dir, outcome.status)
    return outcome
