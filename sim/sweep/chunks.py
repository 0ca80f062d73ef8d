"""Chunk files: ``steps/``, ``events/``, ``decisions/`` and ``runs/part-<first>_<last>.parquet``.

``decisions/`` exists only when the runs record their decisions (``[run] record_decisions``).

A chunk is a run of consecutive run ids (in sorted order) whose results one worker wrote.
Each file is written under a hidden temporary name in its folder and renamed into place
(``os.replace``), so a killed process leaves either a whole file or none. The ``runs`` part
is written last: a run is finished exactly when a ``runs`` part (or the compacted
``runs.parquet``) holds its row; the other tables' parts without their ``runs`` part are
leftovers of a crash, removed before a resume.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator, Sequence
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

TABLES: tuple[str, ...] = ("steps", "events", "decisions", "runs")
PART_PREFIX = "part-"
TEMPORARY_MARK = ".tmp-"


def part_name(first_run_id: str, last_run_id: str) -> str:
    """The file name of the chunk holding the runs ``first..last`` (inclusive)."""
    return f"{PART_PREFIX}{first_run_id}_{last_run_id}.parquet"


def part_bounds(path: Path) -> tuple[str, str]:
    """``(first, last)`` run id of a chunk file, from its name."""
    first, _, last = path.stem.removeprefix(PART_PREFIX).partition("_")
    return first, last


def write_atomically(table: pa.Table, path: Path) -> None:
    """Write a Parquet file under a temporary name in the same folder, then rename it."""
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}{TEMPORARY_MARK}{uuid.uuid4().hex[:8]}")
    try:
        pq.write_table(table, temporary)
        os.replace(temporary, path)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise


def write_text_atomically(text: str, path: Path) -> None:
    """Write a text file under a temporary name in the same folder, then rename it."""
    temporary = path.with_name(f".{path.name}{TEMPORARY_MARK}{uuid.uuid4().hex[:8]}")
    try:
        temporary.write_text(text, encoding="utf-8")
        os.replace(temporary, path)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise


def write_chunk(run_dir: Path, name: str, tables: dict[str, pa.Table]) -> None:
    """Write a chunk's tables, ``runs`` last (its presence marks the chunk finished)."""
    for table in TABLES:
        if table in tables:
            write_atomically(tables[table], run_dir / table / name)


def parts(run_dir: Path, table: str) -> list[Path]:
    """A table's finished chunk files, sorted by their first run id."""
    folder = run_dir / table
    if not folder.is_dir():
        return []
    found = [p for p in folder.glob(f"{PART_PREFIX}*.parquet") if p.is_file()]
    return sorted(found, key=part_bounds)


def remove_leftovers(run_dir: Path) -> int:
    """Remove temporary files and the other tables' parts whose ``runs`` part is missing.

    Temporary files are those of every phase: chunks in the table folders, and compacted
    tables and the manifest in the directory itself (``.steps.parquet.tmp-PID``).
    """
    removed = 0
    for path in run_dir.iterdir():
        if TEMPORARY_MARK in path.name and path.is_file():
            path.unlink(missing_ok=True)
            removed += 1
    finished = {p.name for p in parts(run_dir, "runs")}
    for table in TABLES:
        folder = run_dir / table
        if not folder.is_dir():
            continue
        for path in folder.iterdir():
            orphan = table != "runs" and path.name not in finished
            if TEMPORARY_MARK in path.name or orphan:
                path.unlink(missing_ok=True)
                removed += 1
    return removed


def finished_run_ids(run_dir: Path) -> Iterator[str]:
    """The run id of every finished run (from ``runs.parquet`` once compacted, else parts)."""
    compacted = run_dir / "runs.parquet"
    sources: Sequence[Path] = [compacted] if compacted.is_file() else parts(run_dir, "runs")
    for path in sources:
        yield from pq.read_table(path, columns=["run_id"]).column("run_id").to_pylist()
