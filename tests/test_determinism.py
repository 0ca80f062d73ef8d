"""Reproducibility: one seed gives bit-identical outputs, whatever runs it and in what order."""

from __future__ import annotations

import multiprocessing
from concurrent.futures import ProcessPoolExecutor
from datetime import UTC, datetime

import pyarrow.parquet as pq
from mechanism_support import scenario

from sim.runner import derive_seed, run_once
from sim.scenario_run import write_run_directory
from sim.storage import events_table, runs_table, steps_table

REPLICATES = range(6)
PINNED_SEED = 2331250165339277405  # derive_seed(20190809, 0)


def _tables(results):
    return steps_table(results), events_table(results), runs_table(results, {})


def _run(replicate: int):
    return run_once(scenario(), replicate)


def test_same_seed_same_tables():
    first = _tables([_run(r) for r in REPLICATES])
    second = _tables([_run(r) for r in REPLICATES])
    for a, b in zip(first, second, strict=True):
        assert a.equals(b)


def test_different_seeds_differ():
    a = _tables([run_once(scenario(["scenario.seed=1"]), 0)])
    b = _tables([run_once(scenario(["scenario.seed=2"]), 0)])
    assert not a[0].equals(b[0])
    assert a[0].column("trilateral_cohesion") != b[0].column("trilateral_cohesion")


def test_replicates_differ_from_each_other():
    steps = steps_table([_run(0), _run(1)]).to_pandas()
    by_run = steps.groupby("run_id")["threat_rok"].apply(tuple)
    assert by_run.iloc[0] != by_run.iloc[1]


def test_order_of_completion_does_not_matter():
    forward = {r: _run(r) for r in REPLICATES}
    backward = {r: _run(r) for r in reversed(REPLICATES)}
    ordered = [backward[r] for r in REPLICATES]
    for a, b in zip(_tables([forward[r] for r in REPLICATES]), _tables(ordered), strict=True):
        assert a.equals(b)


def test_process_pool_equals_serial():
    serial = [_run(r) for r in REPLICATES]
    spawn = multiprocessing.get_context("spawn")  # fresh interpreters, as on any OS
    with ProcessPoolExecutor(max_workers=2, mp_context=spawn) as pool:
        parallel = list(pool.map(_run, REPLICATES))
    for a, b in zip(_tables(serial), _tables(parallel), strict=True):
        assert a.equals(b)


def test_run_seed_derivation_is_stable():
    # Pinned values: changing the derivation would silently change every published run.
    assert derive_seed(20190809, 0) == derive_seed(20190809, 0)
    assert derive_seed(20190809, 0) != derive_seed(20190809, 1)
    assert derive_seed(20190809, 0) == PINNED_SEED
    assert 0 <= derive_seed(2**63 - 1, 99_999) < 2**63


def test_written_parquet_files_are_byte_identical(tmp_path):
    sc = scenario(["run.replications=3"])
    started = datetime(2026, 1, 1, tzinfo=UTC)
    dirs = []
    for name in ("a", "b"):
        results = [run_once(sc, r) for r in range(3)]
        dirs.append(
            write_run_directory(tmp_path / name, sc, results, command=["test"], started=started)
        )
    for file in ("steps.parquet", "events.parquet", "runs.parquet"):
        assert (dirs[0] / file).read_bytes() == (dirs[1] / file).read_bytes()
        assert pq.read_table(dirs[0] / file).num_rows > 0
