"""The local process pool and the Dask executors (see :mod:`sim.sweep.executors`)."""

from __future__ import annotations

import logging
import multiprocessing
import os
import signal
import sys
import threading
import time
from collections.abc import Iterable
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from typing import Any

from sim.errors import ConfigError
from sim.sweep.executors import SerialExecutor, WindowedExecutor, available_cores
from sim.sweep.lock import close_inherited
from sim.sweep.worker import ChunkTask, run_chunk

CONNECT_TIMEOUT = "20s"


def _ready() -> int:
    """A no-op task: makes the pool start its workers now."""
    return os.getpid()


def _exit_with_parent(parent: int) -> None:
    """Exit this worker once its parent is gone (e.g. after ``kill -9`` of the sweep)."""
    while os.getppid() == parent:
        time.sleep(1.0)
    os._exit(0)


def init_worker() -> None:
    """Workers ignore Ctrl-C (the parent decides) and do not outlive the parent.

    SIGTERM gets its default back (the parent's handler is inherited by a fork): the pool
    stops a broken pool's workers with it. A SIGTERM sent to the whole process group ends
    them; the parent keeps what was written.

    They close the parent's directory locks they inherited, so a killed parent's lock is
    released at once even while its workers finish their last chunk.
    """
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    close_inherited()
    threading.Thread(target=_exit_with_parent, args=(os.getppid(),), daemon=True).start()


#: Seconds a terminated worker has to end before it is killed (SIGKILL).
TERMINATE_GRACE = 2.0


class ProcessExecutor(WindowedExecutor):
    """A ``concurrent.futures`` process pool on this machine (all cores by default).

    On Linux workers are forked (they start in milliseconds with the model already
    imported); the pool is started before the progress bar's thread exists.
    """

    def __init__(self, workers: int = 0) -> None:
        self.workers = workers or available_cores()
        self.description = f"process pool, {self.workers} worker(s)"
        self.pool = self._new_pool()

    def _new_pool(self) -> ProcessPoolExecutor:
        method = "fork" if sys.platform == "linux" else None
        pool = ProcessPoolExecutor(
            self.workers,
            mp_context=multiprocessing.get_context(method),
            initializer=init_worker,
        )
        wait([pool.submit(_ready) for _ in range(self.workers)])
        return pool

    def submit(self, task: ChunkTask) -> Future:
        """Start a task in the pool (a new pool if a worker died since the last look)."""
        try:
            return self.pool.submit(run_chunk, task)
        except BrokenProcessPool:
            self.recover()
            return self.pool.submit(run_chunk, task)

    def wait_first(self, futures: Iterable[Future]) -> set[Future]:
        """Block until a future is done."""
        return wait(futures, return_when=FIRST_COMPLETED).done

    def worker_lost(self, exc: BaseException) -> bool:
        """A broken pool: one of its workers died."""
        return isinstance(exc, BrokenProcessPool)

    def recover(self) -> None:
        """Replace the pool if it is broken (once, whichever future reports it first)."""
        try:
            self.pool.submit(_ready).result()
        except BrokenProcessPool:
            self.pool.shutdown(wait=False, cancel_futures=True)
            self.pool = self._new_pool()

    def close(self, *, cancel: bool = False) -> None:
        """Shut the pool down; ``cancel`` also stops the workers at once."""
        if cancel:
            processes = list((getattr(self.pool, "_processes", None) or {}).values())
            self.pool.shutdown(wait=False, cancel_futures=True)
            for process in processes:  # chunks in flight are lost, never half-written
                process.terminate()
            for process in processes:
                # A worker forked a moment ago may not have run init_worker yet and still
                # hold the parent's SIGTERM handler; one left alive waits for ever on the
                # call queue's lock that a terminated worker held, and so would shutdown.
                process.join(TERMINATE_GRACE)
                if process.is_alive():
                    process.kill()
                    process.join()
        self.pool.shutdown(wait=True)


def connect(client_class: Any, scheduler: str) -> Any:
    """A Dask client of the scheduler at ``scheduler``; failing to reach it is bad input."""
    try:
        return client_class(scheduler, timeout=CONNECT_TIMEOUT)
    except (OSError, TimeoutError, ValueError) as exc:
        message = f"cannot reach a Dask scheduler at {scheduler!r}: {exc}"
        raise ConfigError("python -m sim sweep", "--scheduler", message) from None


class DaskExecutor(WindowedExecutor):
    """Dask distributed: a LocalCluster, or the cluster at ``scheduler`` (``tcp://host:port``).

    Workers write their chunks straight into the run directory, so on a cluster it must be
    on a file system that every worker sees, and the project must be installed there.
    """

    def __init__(self, workers: int = 0, scheduler: str = "", processes: bool = True) -> None:
        try:
            from distributed import Client, LocalCluster
        except ImportError:
            raise ConfigError(
                "--executor dask", "", "needs Dask: pip install -e '.[cluster]'"
            ) from None
        self.cluster = None
        if scheduler:
            self.client = connect(Client, scheduler)
        else:
            self.cluster = LocalCluster(
                n_workers=workers or available_cores(),
                threads_per_worker=1,
                processes=processes,
                dashboard_address=None,
                silence_logs=logging.ERROR,
            )
            self.client = Client(self.cluster)
        self.workers = max(1, sum(self.client.nthreads().values()))
        where = scheduler or ("LocalCluster" if processes else "LocalCluster (threads)")
        self.description = f"dask, {where}, {self.workers} worker thread(s)"

    def submit(self, task: ChunkTask) -> Any:
        """Start a task on the cluster (never cached: ``pure=False``)."""
        return self.client.submit(run_chunk, task, pure=False)

    def wait_first(self, futures: Iterable[Any]) -> set[Any]:
        """Block until a future is done."""
        from distributed import wait as dask_wait

        return set(dask_wait(list(futures), return_when="FIRST_COMPLETED").done)

    def worker_lost(self, exc: BaseException) -> bool:
        """Dask gave up on the task after its workers died (``KilledWorker``)."""
        from distributed.scheduler import KilledWorker

        return isinstance(exc, KilledWorker)

    def close(self, *, cancel: bool = False) -> None:
        """Close the client and the LocalCluster (an outside cluster is left running)."""
        self.client.close()
        if self.cluster is not None:
            self.cluster.close()


def make_executor(kind: str, workers: int = 0, scheduler: str = "", **options: Any) -> Any:
    """The executor named ``kind``: ``serial``, ``process`` or ``dask``."""
    if kind == "serial":
        return SerialExecutor()
    if kind == "process":
        return ProcessExecutor(workers)
    return DaskExecutor(workers, scheduler, processes=options.get("processes", True))
