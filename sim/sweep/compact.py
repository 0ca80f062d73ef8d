"""Compaction: the chunk folders of a finished sweep become sorted Parquet files.

``steps/``, ``events/`` and (when decisions are recorded) ``decisions/`` stream into
``steps.parquet``, ``events.parquet`` and ``decisions.parquet`` chunk by chunk (chunks
cover disjoint ranges of sorted run ids, so concatenating them in order of their first run
id sorts the whole file), holding one chunk and one row group in memory at a time. Chunks
whose ranges overlap (only after an unclean resume) are merged and de-duplicated by run id.
``runs.parquet`` is small and is built in one piece. Each file is written aside and renamed
into place, and its chunk folder is removed after; a compacted file that exists supersedes
what is left of its folder, so compaction can be resumed.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator, Sequence
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from sim.storage import DECISIONS_SCHEMA, EVENTS_SCHEMA, STEPS_SCHEMA, typed_nulls
from sim.sweep.chunks import TEMPORARY_MARK, part_bounds, parts, write_atomically

ROW_GROUP_ROWS = 131_072
STREAMED: dict[str, pa.Schema] = {
    "steps": STEPS_SCHEMA,
    "events": EVENTS_SCHEMA,
    "decisions": DECISIONS_SCHEMA,
}
OPTIONAL = frozenset({"decisions"})  # written only when the runs record decisions
ORDER = [("run_id", "ascending"), ("step", "ascending")]


def compact(
    run_dir: Path, runs_order: str = "run_id", record_decisions: bool | None = None
) -> None:
    """Compact every table; ``runs.parquet`` is sorted by the column ``runs_order``.

    ``decisions.parquet`` is written when ``record_decisions`` (then also without any run),
    never when it is False; None: when a ``decisions/`` folder exists.
    """
    for name, schema in STREAMED.items():
        if name in OPTIONAL:
            wanted = (run_dir / name).is_dir() if record_decisions is None else record_decisions
            if not wanted:
                continue
        compact_streamed(run_dir, name, schema)
    compact_runs(run_dir, runs_order)


def superseded(run_dir: Path, name: str) -> bool:
    """True (and the leftover folder removed) if ``<name>.parquet`` already exists."""
    if (run_dir / f"{name}.parquet").is_file():
        shutil.rmtree(run_dir / name, ignore_errors=True)
        return True
    return False


def clusters(found: Sequence[Path]) -> Iterator[list[Path]]:
    """Groups of chunk files (sorted by first run id) whose run id ranges overlap."""
    group: list[Path] = []
    last = ""
    for path in found:
        first, end = part_bounds(path)
        if group and first > last:
            yield group
            group = []
        group.append(path)
        last = max(last, end)
    if group:
        yield group


def read_cluster(group: Sequence[Path], order: list[tuple[str, str]]) -> pa.Table:
    """One chunk as stored, or overlapping chunks merged: each run's rows taken once, sorted."""
    if len(group) == 1:
        return pq.read_table(group[0])
    seen: set[str] = set()
    tables = []
    for path in group:
        table = pq.read_table(path)
        ids = table.column("run_id").to_pylist()
        tables.append(table.filter(pa.array([run_id not in seen for run_id in ids])))
        seen.update(ids)
    return pa.concat_tables(tables, promote_options="permissive").sort_by(order)


def compact_streamed(run_dir: Path, name: str, schema: pa.Schema) -> None:
    """Stream a table's chunks into ``<name>.parquet`` in row groups of bounded size."""
    if superseded(run_dir, name):
        return
    target = run_dir / f"{name}.parquet"
    temporary = target.with_name(f".{target.name}{TEMPORARY_MARK}{os.getpid()}")
    try:
        write_streamed(run_dir, name, schema, temporary)
        os.replace(temporary, target)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
    shutil.rmtree(run_dir / name, ignore_errors=True)


def write_streamed(run_dir: Path, name: str, schema: pa.Schema, temporary: Path) -> None:
    """Write the chunks of one table, in order, into ``temporary``."""
    pending: list[pa.Table] = []
    with pq.ParquetWriter(temporary, schema) as writer:
        for group in clusters(parts(run_dir, name)):
            pending.append(read_cluster(group, ORDER).select(schema.names).cast(schema))
            if sum(t.num_rows for t in pending) >= ROW_GROUP_ROWS:
                writer.write_table(pa.concat_tables(pending), row_group_size=ROW_GROUP_ROWS)
                pending.clear()
        writer.write_table(pa.concat_tables(pending) if pending else schema.empty_table())


def without_null_columns(table: pa.Table) -> pa.Table:
    """Drop columns with no value (so a chunk of failed runs does not fix their type)."""
    empty = [c for c in table.column_names if table.column(c).null_count == table.num_rows]
    return table.drop_columns(empty) if table.num_rows else table


def merged_runs(found: Sequence[Path], order: str = "run_id") -> pa.Table:
    """All runs chunks as one table: the widest chunk's column order, one row per run id.

    Rows are sorted by ``order`` (``run_id``; a scenario run's ``replicate``).
    """
    names = max((pq.read_schema(p).names for p in found), key=len)
    tables = [without_null_columns(pq.read_table(p)) for p in found]
    merged = pa.concat_tables(tables, promote_options="permissive")
    for name in names:
        if name not in merged.column_names:
            merged = merged.append_column(name, pa.nulls(merged.num_rows))
    merged = typed_nulls(merged.select(names)).sort_by([(order, "ascending")])
    ids = merged.column("run_id").to_pylist()
    first = [i == 0 or ids[i] != ids[i - 1] for i in range(len(ids))]
    return merged.filter(pa.array(first, pa.bool_()))


def compact_runs(run_dir: Path, order: str = "run_id") -> None:
    """Write ``runs.parquet`` sorted by ``order``, then remove ``runs/``."""
    if superseded(run_dir, "runs"):
        return
    found = parts(run_dir, "runs")
    if found:
        write_atomically(merged_runs(found, order), run_dir / "runs.parquet")
    shutil.rmtree(run_dir / "runs", ignore_errors=True)
