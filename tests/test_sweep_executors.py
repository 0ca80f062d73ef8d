"""Executors give the same results; failures, timeouts and dead workers are isolated."""

from __future__ import annotations

import os

import pyarrow.parquet as pq
import pytest
from sweep_support import assert_same_results, sweep_table, write_sweep

import sim.sweep.worker
from sim.core.model import AllianceModel
from sim.sweep import SweepOptions, load_sweep, run_sweep

# Forking a process pool after other tests left threads behind (Dask's loop) is fine here.
pytestmark = pytest.mark.filterwarnings("ignore:This process .* is multi-threaded")


@pytest.fixture
def tiny(tmp_path):
    return load_sweep(write_sweep(tmp_path, sweep_table()))


def run(sweep, out, **options):
    options.setdefault("progress", False)
    return run_sweep(sweep, SweepOptions(**options), out=out)


def test_serial_process_and_dask_give_identical_results(tiny, tmp_path):
    serial = run(tiny, tmp_path / "serial", executor="serial")
    process = run(tiny, tmp_path / "process", executor="process", workers=2, chunk_runs=1)
    dask = run(tiny, tmp_path / "dask", executor="dask", workers=2, processes=False)
    for outcome in (serial, process, dask):
        assert outcome.status == "complete"
        assert outcome.counts["ok"] == tiny.run_count == 8
    assert_same_results(serial.run_dir, process.run_dir)
    assert_same_results(serial.run_dir, dask.run_dir)
    assert not (process.run_dir / "steps").exists()  # compacted


def test_run_directory_layout_and_columns(tiny, tmp_path):
    run_dir = run(tiny, tmp_path, executor="serial").run_dir
    names = {p.name for p in run_dir.iterdir()}
    assert names == {
        "manifest.json", "config.toml", "base.toml", "design.parquet",
        "runs.parquet", "steps.parquet", "events.parquet",
    }  # fmt: skip
    runs = pq.read_table(run_dir / "runs.parquet")
    assert runs.column_names[:7] == [
        "run_id", "seed", "replicate", "point_id",
        "actors.USA.demand.policy", "mechanisms.rally_strength", "status",
    ]  # fmt: skip
    assert runs.column("run_id").to_pylist() == sorted(runs.column("run_id").to_pylist())
    assert "mean_trilateral_cohesion" in runs.column_names
    steps = pq.read_table(run_dir / "steps.parquet")
    assert steps.num_rows == 8 * 3
    # the directory's config.toml is itself a sweep file that repeats the sweep
    again = load_sweep(run_dir / "config.toml")
    assert again.fingerprint() == tiny.fingerprint()


def test_a_failing_run_is_recorded_and_the_sweep_goes_on(tiny, tmp_path, monkeypatch):
    bad_seed = next(iter(sorted(k.seed for k in _keys(tiny))))
    original = AllianceModel.__init__

    def failing(self, scenario, seed):
        if seed == bad_seed:
            raise ValueError("bad month")
        original(self, scenario, seed)

    monkeypatch.setattr(AllianceModel, "__init__", failing)
    outcome = run(tiny, tmp_path, executor="process", workers=2)
    assert outcome.status == "complete"
    assert (outcome.counts["ok"], outcome.counts["failed"]) == (7, 1)
    runs = pq.read_table(outcome.run_dir / "runs.parquet").to_pandas().set_index("seed")
    assert runs.loc[bad_seed, "status"] == "failed"
    assert "ValueError: bad month" in runs.loc[bad_seed, "error"]
    assert "bad month" in outcome.errors[0]


def test_a_run_past_its_time_limit_is_recorded_as_timeout(tiny, tmp_path):
    outcome = run(tiny, tmp_path, executor="serial", time_limit=1e-9)
    assert outcome.counts["timeout"] == 8
    runs = pq.read_table(outcome.run_dir / "runs.parquet").to_pandas()
    assert set(runs["status"]) == {"timeout"}
    assert runs["error"].str.contains("time limit").all()


def test_a_run_that_kills_its_worker_is_failed_alone(tiny, tmp_path, monkeypatch):
    doomed = sorted(k.run_id for k in _keys(tiny))[3]
    real = sim.sweep.worker.run_once

    def crash(scenario, replicate, **kwargs):
        if kwargs["run_id"] == doomed:
            os._exit(3)  # a segfault or the OOM killer, as the pool sees it
        return real(scenario, replicate, **kwargs)

    monkeypatch.setattr(sim.sweep.worker, "run_once", crash)
    outcome = run(tiny, tmp_path, executor="process", workers=2, chunk_runs=2)
    assert (outcome.counts["ok"], outcome.counts["failed"]) == (7, 1)
    runs = pq.read_table(outcome.run_dir / "runs.parquet").to_pandas().set_index("run_id")
    assert "worker process died" in runs.loc[doomed, "error"]


def _keys(sweep):
    from sim.sweep.keys import run_keys

    return list(run_keys(sweep.points, sweep.spec.sweep.replications, sweep.spec.sweep.seed))


def test_output_goes_to_a_fresh_named_directory(tiny, tmp_path):
    run(tiny, tmp_path / "out", executor="serial")
    run(tiny, tmp_path / "out", executor="serial")
    names = sorted(p.name for p in (tmp_path / "out").iterdir())
    assert len(names) == 2 and all(n.startswith("tiny-") for n in names)


def test_an_unreachable_scheduler_is_bad_input(tmp_path, capsys):
    from sim.cli import main

    path = write_sweep(tmp_path, sweep_table())
    code = main(["sweep", str(path), "--scheduler", "nonsense", "--out", str(tmp_path / "o")])
    assert code == 2
    assert "--scheduler: cannot reach a Dask scheduler" in capsys.readouterr().err
    assert not (tmp_path / "o").exists()
