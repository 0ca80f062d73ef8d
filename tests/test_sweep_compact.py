"""Compaction: chunks in any state become sorted files equal to an uninterrupted sweep's."""

from __future__ import annotations

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq
from sweep_support import TABLES, sweep_table, write_sweep

from sim.sweep import SweepOptions, load_sweep, run_sweep
from sim.sweep.chunks import part_name
from sim.sweep.compact import compact


def finished(tmp_path):
    sweep = load_sweep(write_sweep(tmp_path, sweep_table()))
    options = SweepOptions(executor="serial", progress=False)
    return run_sweep(sweep, options, out=tmp_path / "runs").run_dir


def write_part(run_dir, tables, run_ids):
    """A chunk holding ``run_ids`` (consecutive), cut out of the compacted tables."""
    name = part_name(run_ids[0], run_ids[-1])
    for table in TABLES:
        rows = tables[table].filter(pc.is_in(tables[table]["run_id"], pa.array(run_ids)))
        (run_dir / table).mkdir(exist_ok=True)
        pq.write_table(rows, run_dir / table / name)


def test_overlapping_chunks_are_merged_once_and_sorted(tmp_path):
    reference = finished(tmp_path)
    tables = {t: pq.read_table(reference / f"{t}.parquet") for t in TABLES}
    ids = tables["runs"].column("run_id").to_pylist()
    target = tmp_path / "copy"
    target.mkdir()
    # an unclean resume: a run chunked twice, chunks written out of order
    for chunk in (ids[4:], ids[:3], ids[2:4]):
        write_part(target, tables, chunk)
    compact(target)
    for table in TABLES:
        assert pq.read_table(target / f"{table}.parquet").equals(tables[table])
        assert not (target / table).exists()


def test_a_chunk_of_failed_runs_keeps_the_columns_and_their_order(tmp_path):
    reference = finished(tmp_path)
    runs = pq.read_table(reference / "runs.parquet")
    ids = runs.column("run_id").to_pylist()
    target = tmp_path / "copy"
    (target / "runs").mkdir(parents=True)
    failed = pa.Table.from_pylist(
        [{"run_id": ids[0], "seed": 1, "replicate": 0, "status": "failed", "error": "boom"}]
    )
    pq.write_table(failed, target / "runs" / part_name(ids[0], ids[0]))
    rest = runs.slice(1)
    pq.write_table(rest, target / "runs" / part_name(ids[1], ids[-1]))
    compact(target)
    merged = pq.read_table(target / "runs.parquet")
    assert merged.column_names == runs.column_names
    assert merged.column("status").to_pylist()[0] == "failed"
    assert merged.slice(1).equals(rest)


def test_a_compacted_file_supersedes_a_leftover_folder(tmp_path):
    run_dir = finished(tmp_path)
    before = pq.read_table(run_dir / "steps.parquet")
    (run_dir / "steps").mkdir()
    pq.write_table(before.slice(0, 2), run_dir / "steps" / "part-a_b.parquet")
    compact(run_dir)  # e.g. killed between renaming steps.parquet and removing steps/
    assert not (run_dir / "steps").exists()
    assert pq.read_table(run_dir / "steps.parquet").equals(before)
