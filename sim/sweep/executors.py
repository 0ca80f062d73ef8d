"""Executors: run chunk tasks serially, in a local process pool, or on a Dask cluster.

Every executor takes an iterator of :class:`ChunkTask` and yields a :class:`ChunkReport`
per chunk, in completion order. The pool executors keep a bounded window of chunks in
flight (twice the workers), so the parent holds a few futures, never the whole sweep.

When a worker process dies (a crash, the OOM killer), the chunks that were in flight are
split into single runs which are then run one at a time: a run that brings a worker down
when running alone is recorded as failed, and the sweep goes on.
"""

from __future__ import annotations

import os
from collections import deque
from collections.abc import Iterable, Iterator
from typing import Any

from sim.sweep.worker import ChunkReport, ChunkTask, record_lost_chunk, run_chunk

WORKER_DIED = "worker process died while running this run (crash or out of memory)"


class SerialExecutor:
    """Runs each chunk in the calling process, one after another."""

    workers = 1
    description = "serial"

    def run(self, tasks: Iterable[ChunkTask]) -> Iterator[ChunkReport]:
        """Yield each chunk's report as it finishes."""
        for task in tasks:
            try:
                report = run_chunk(task)
            except Exception as exc:  # noqa: BLE001 - e.g. a disk error writing the chunk
                report = record_lost_chunk(task, exc)
            yield report

    def close(self, *, cancel: bool = False) -> None:
        """Nothing to release."""


class TaskQueue:
    """Tasks to submit: retried single runs (run one at a time) before the rest, in order."""

    def __init__(self, tasks: Iterable[ChunkTask]) -> None:
        self.fresh = iter(tasks)
        self.isolated: deque[ChunkTask] = deque()

    def next_task(
        self, in_flight: int, window: int, alone_in_flight: bool
    ) -> tuple[ChunkTask, bool] | None:
        """The next task to submit and whether it runs alone, or None to wait."""
        if alone_in_flight:
            return None
        if self.isolated:
            return (self.isolated.popleft(), True) if in_flight == 0 else None
        if in_flight >= window:
            return None
        task = next(self.fresh, None)
        return None if task is None else (task, False)

    def isolate(self, tasks: Iterable[ChunkTask]) -> None:
        """Queue the runs of ``tasks`` to be run alone, one at a time."""
        for task in tasks:
            self.isolated.extend(task.split())


class WindowedExecutor:
    """The submission loop shared by the process and Dask executors."""

    workers = 1
    description = ""

    def submit(self, task: ChunkTask) -> Any:
        """Start a task; return its future."""
        raise NotImplementedError

    def wait_first(self, futures: Iterable[Any]) -> set[Any]:
        """Block until at least one future is done; return the done ones."""
        raise NotImplementedError

    def worker_lost(self, exc: BaseException) -> bool:
        """Whether ``exc`` means the worker running the task died."""
        raise NotImplementedError

    def recover(self) -> None:
        """Make the executor usable again after a worker died."""

    def run(self, tasks: Iterable[ChunkTask]) -> Iterator[ChunkReport]:
        """Yield each chunk's report as it finishes, keeping a bounded window in flight."""
        queue = TaskQueue(tasks)
        in_flight: dict[Any, tuple[ChunkTask, bool]] = {}
        while True:
            while entry := queue.next_task(
                len(in_flight), 2 * self.workers, any(alone for _, alone in in_flight.values())
            ):
                in_flight[self.submit(entry[0])] = entry
            if not in_flight:
                return
            for future in self.wait_first(in_flight):
                task, alone = in_flight.pop(future)
                yield from self.settle(future, task, alone, queue)

    def settle(
        self, future: Any, task: ChunkTask, alone: bool, queue: TaskQueue
    ) -> Iterator[ChunkReport]:
        """The report of a done future, or the handling of a lost worker."""
        try:
            yield future.result()
        except Exception as exc:  # noqa: BLE001 - one chunk's failure must not end the sweep
            if not self.worker_lost(exc):
                yield record_lost_chunk(task, exc)
            elif alone and len(task.runs) == 1:
                self.recover()
                yield record_lost_chunk(task, WORKER_DIED)
            else:
                self.recover()
                queue.isolate([task])

    def close(self, *, cancel: bool = False) -> None:
        """Release workers; ``cancel`` drops chunks not yet finished."""


def available_cores() -> int:
    """Cores this process may use."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1
