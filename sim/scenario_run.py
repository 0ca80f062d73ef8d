"""A scenario's replications streamed into a run directory, chunk by chunk, resumably.

The run directory is created (under a name taken atomically) and locked before the first
run, with ``config.toml`` and a manifest of status ``running``. Finished runs are written
in chunks of consecutive replicates, as a sweep's are (:mod:`sim.sweep.chunks`), so memory
stays flat however many replications run and a killed process loses at most one chunk.
When the command ends (all runs done, or interrupted) the chunks are compacted into
``steps.parquet``, ``events.parquet``, ``runs.parquet`` and, when ``[run]
record_decisions``, ``decisions.parquet`` (:mod:`sim.sweep.compact`), and the manifest gets
its final status. ``--resume RUN_DIR`` folds compacted tables back into
chunks, runs the missing replicates and compacts again: the tables equal an uninterrupted
run's.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pyarrow.parquet as pq
import tomli_w

from sim import runner
from sim.commandline import WriteFailed, deferred_signals, ignore_signals
from sim.config import Scenario, validate_scenario
from sim.config.load import read_toml
from sim.errors import ConfigError
from sim.runner import RunResult, run_id_for
from sim.storage import (
    build_manifest,
    check_dir_name,
    decisions_table,
    events_table,
    make_run_dir,
    records_decisions,
    runs_table,
    steps_table,
)
from sim.sweep.chunks import (
    finished_run_ids,
    part_name,
    parts,
    remove_leftovers,
    write_chunk,
    write_text_atomically,
)
from sim.sweep.compact import compact
from sim.sweep.directory import final_counts
from sim.sweep.lock import lock_directory, unlock_directory

CHUNK_RUNS = 100  # runs per chunk at most
CHUNK_ROWS = 20_000  # step rows per chunk at most (about 10 MB of results in memory)
CHUNK_DECISION_ROWS = 50_000  # decisions rows per chunk at most (about 12 MB in memory)
RUNS_ORDER = "replicate"  # scenario run ids sort as text, not by number, beyond 9999


def chunk_name(first: int, last: int) -> str:
    """A chunk's file name: replicate numbers, zero-padded so that names sort by number."""
    return part_name(f"{first:09d}", f"{last:09d}")


def now() -> str:
    """The current UTC time, to the second."""
    return datetime.now(UTC).isoformat(timespec="seconds")


def write_manifest(run_dir: Path, manifest: dict[str, Any]) -> None:
    """Write manifest.json atomically."""
    write_text_atomically(json.dumps(manifest, indent=2) + "\n", run_dir / "manifest.json")


def read_manifest(run_dir: Path) -> dict[str, Any]:
    """A scenario run directory's manifest; anything else is a :class:`ConfigError`."""
    path = run_dir / "manifest.json"
    if not run_dir.is_dir():
        raise ConfigError(str(run_dir), "", "no such run directory")
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        raise ConfigError(str(path), "", "no readable manifest: not a run directory") from None
    if not isinstance(manifest, dict) or manifest.get("kind") != "scenario":
        raise ConfigError(str(path), "kind", "not a scenario's run directory (resume a sweep"
                          " with: python -m sim sweep --resume RUN_DIR)")  # fmt: skip
    return manifest


def create(root: Path, scenario: Scenario, command: list[str], started: datetime) -> Path:
    """Create, lock and describe a new run directory under ``root``."""
    check_dir_name(scenario.name, scenario.source, "scenario.name")
    try:
        run_dir = make_run_dir(root, scenario.name, started)
    except OSError as exc:
        raise ConfigError(str(root), "", f"cannot create a run directory: {exc.strerror}") from None
    lock_directory(run_dir)
    resolved = scenario.resolved_table()
    try:
        write_text_atomically(tomli_w.dumps(resolved), run_dir / "config.toml")
        write_manifest(run_dir, build_manifest(scenario, resolved, command, started))
    except OSError as exc:
        raise WriteFailed(f"cannot write {run_dir}: {exc}; no run started") from None
    return run_dir


def reopen_compacted(run_dir: Path) -> None:
    """Turn compacted tables back into one chunk each, ``runs`` first (crash-safe order).

    A chunk of ``steps``/``events`` without its ``runs`` chunk counts as a leftover, so the
    ``runs`` table moves first and the others take its chunk's name. A compacted file
    supersedes what is left of its folder, as in compaction. The finished runs of a scenario
    run are always its first replicates, so the moved tables sort before any new chunk.
    """
    name = None
    for table in ("runs", "steps", "events", "decisions"):
        compacted = run_dir / f"{table}.parquet"
        if not compacted.is_file():
            continue
        shutil.rmtree(run_dir / table, ignore_errors=True)
        if table == "runs":
            replicates = pq.read_table(compacted, columns=["replicate"]).column(0).to_pylist()
            if replicates:
                name = chunk_name(min(replicates), max(replicates))
        else:
            found = parts(run_dir, "runs")
            name = found[-1].name if found else None
        if name is None:  # no run in it
            compacted.unlink()
            continue
        (run_dir / table).mkdir()
        os.replace(compacted, run_dir / table / name)


def open_for_resume(run_dir: Path, command: list[str]) -> tuple[Scenario, set[str]]:
    """Lock a scenario run directory, clean it up; return its scenario and finished run ids."""
    manifest = read_manifest(run_dir)
    lock_directory(run_dir)
    try:
        reopen_compacted(run_dir)
        remove_leftovers(run_dir)
        overrides = manifest.get("overrides") or {}
        raw = read_toml(run_dir / "config.toml")
        source = str(manifest.get("source") or run_dir / "config.toml")
        scenario = validate_scenario(raw, source, tuple(overrides), overrides)
        manifest.update(status="running", finished=None)
        manifest["process"] = {"host": socket.gethostname(), "pid": os.getpid()}
        manifest.setdefault("sessions", []).append({"started": now(), "command": command})
        write_manifest(run_dir, manifest)
    except OSError as exc:
        unlock_directory(run_dir)
        raise WriteFailed(f"cannot resume {run_dir}: {exc}; nothing changed") from None
    return scenario, set(finished_run_ids(run_dir))


class ChunkBuffer:
    """Finished runs waiting to be written as one chunk of consecutive replicates."""

    def __init__(self, run_dir: Path, scenario: Scenario) -> None:
        self.run_dir = run_dir
        self.parameters = dict(scenario.overrides)
        self.record_decisions = scenario.spec.run.record_decisions
        self.results: list[RunResult] = []
        self.rows = 0
        self.decision_rows = 0
        self.written = 0  # runs written by this session

    def add(self, result: RunResult) -> None:
        """Keep a finished run; write the chunk once it is full."""
        self.results.append(result)
        self.rows += len(result.steps.get("step", []))
        self.decision_rows += result.decisions.num_rows if result.decisions is not None else 0
        if (
            len(self.results) >= CHUNK_RUNS
            or self.rows >= CHUNK_ROWS
            or self.decision_rows >= CHUNK_DECISION_ROWS
        ):
            self.flush()

    def flush(self, *, final: bool = False) -> None:
        """Write the waiting runs as a chunk; Ctrl-C and SIGTERM wait until it is written.

        A signal that came during the write is raised after it, unless ``final``.
        """
        if not self.results:
            return
        first, last = self.results[0].replicate, self.results[-1].replicate
        tables = {
            "steps": steps_table(self.results),
            "events": events_table(self.results),
            "runs": runs_table(self.results, self.parameters),
        }
        if self.record_decisions:
            tables["decisions"] = decisions_table(self.results)
        with deferred_signals(reraise=not final):
            write_chunk(self.run_dir, chunk_name(first, last), tables)
            self.written += len(self.results)
            self.results, self.rows, self.decision_rows = [], 0, 0


def run_pending(
    scenario: Scenario,
    buffer: ChunkBuffer,
    done: set[str],
    advance: Callable[[], None],
) -> BaseException | None:
    """Run the replicates not in ``done`` in order, into ``buffer``; return an interruption.

    A finished replicate ends the current chunk, so chunks never overlap. On Ctrl-C or
    SIGTERM the runs finished so far are written and the interruption returned.
    """
    try:
        for replicate in range(scenario.spec.run.replications):
            if run_id_for(scenario, replicate) in done:
                buffer.flush()
                continue
            buffer.add(runner.run_once(scenario, replicate))
            advance()
        buffer.flush()
    except KeyboardInterrupt as exc:
        ignore_signals()  # a second Ctrl-C must not cut the final writes short
        buffer.flush(final=True)
        return exc
    return None


def finish(run_dir: Path, status: str) -> dict[str, int]:
    """Compact (unless writing failed), record status, seeds and counts; release the lock.

    Ctrl-C and SIGTERM wait until this ends.
    """
    try:
        with deferred_signals(reraise=False):
            manifest = read_manifest(run_dir)
            record = records_decisions(manifest.get("config") or {})
            if status != "failed":
                remove_leftovers(run_dir)
                compact(run_dir, runs_order=RUNS_ORDER, record_decisions=record)
            counts = final_counts(run_dir)
            manifest["status"], manifest["finished"] = status, now()
            manifest["sessions"][-1].update(finished=manifest["finished"], status=status)
            manifest["seeds"]["runs"] = run_seeds(run_dir)
            manifest["counts"] = {
                "runs": counts["runs"],
                "failed": counts["failed"] + counts["timeout"],
                "steps": counts["steps"],
                "events": counts["events"],
            }
            if "decisions" in counts:
                manifest["counts"]["decisions"] = counts["decisions"]
            write_manifest(run_dir, manifest)
    finally:
        unlock_directory(run_dir)
    return manifest["counts"]


def run_seeds(run_dir: Path) -> dict[str, int]:
    """Run id to seed, for every run on disk, in replicate order."""
    compacted = run_dir / "runs.parquet"
    files = [compacted] if compacted.is_file() else parts(run_dir, "runs")
    pairs: list[tuple[int, str, int]] = []
    for path in files:
        table = pq.read_table(path, columns=["replicate", "run_id", "seed"]).to_pydict()
        pairs += zip(table["replicate"], table["run_id"], table["seed"], strict=True)
    return {run_id: seed for _, run_id, seed in sorted(pairs)}


def write_run_directory(
    root: Path,
    scenario: Scenario,
    results: list[RunResult],
    *,
    command: list[str],
    started: datetime,
) -> Path:
    """Write runs already in memory as a complete run directory under ``root``; its path."""
    root.mkdir(parents=True, exist_ok=True)
    run_dir = create(root, scenario, command, started)
    buffer = ChunkBuffer(run_dir, scenario)
    for result in results:
        buffer.add(result)
    buffer.flush(final=True)
    finish(run_dir, "complete")
    return run_dir
