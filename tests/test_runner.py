"""Runs: failures are recorded and the others go on; an interrupt keeps finished runs."""

from __future__ import annotations

import json

import pyarrow.parquet as pq
from mechanism_support import BASELINE, scenario

import sim.cli
import sim.runner
from sim.cli import main
from sim.core.model import AllianceModel
from sim.runner import run_once


def test_a_failing_run_is_recorded_not_raised(monkeypatch):
    def explode(self, steps=None, **hooks):
        raise RuntimeError("boom")

    monkeypatch.setattr(AllianceModel, "run", explode)
    result = run_once(scenario(), 0)
    assert result.status == "failed"
    assert "RuntimeError: boom" in result.error
    assert result.steps == {}


def test_cli_exits_1_and_keeps_the_good_runs_when_one_fails(monkeypatch, tmp_path, capsys):
    bad_seed = sim.runner.derive_seed(scenario().spec.scenario.seed, 1)
    original_init = AllianceModel.__init__

    def failing_for_replicate_1(self, sc, seed):
        if seed == bad_seed:
            raise ValueError("bad month")
        original_init(self, sc, seed)

    monkeypatch.setattr(AllianceModel, "__init__", failing_for_replicate_1)
    code = main(["run", str(BASELINE), "--replications", "3", "-q", "--out", str(tmp_path)])
    assert code == 1
    run_dir = next(tmp_path.iterdir())
    runs = pq.read_table(run_dir / "runs.parquet").to_pandas().set_index("replicate")
    assert list(runs["status"]) == ["ok", "failed", "ok"]
    assert "ValueError: bad month" in runs.loc[1, "error"]
    steps = pq.read_table(run_dir / "steps.parquet").to_pandas()
    assert steps["run_id"].nunique() == 2
    manifest = json.loads((run_dir / "manifest.json").read_text())
    assert manifest["counts"]["failed"] == 1
    assert "1 of 3 runs failed" in capsys.readouterr().err


def test_interrupt_keeps_the_finished_runs(monkeypatch, tmp_path, capsys):
    real = sim.runner.run_once

    def interrupted(sc, replicate):
        if replicate == 2:
            raise KeyboardInterrupt
        return real(sc, replicate)

    monkeypatch.setattr(sim.runner, "run_once", interrupted)
    code = main(["run", str(BASELINE), "--replications", "5", "-q", "--out", str(tmp_path)])
    assert code == sim.cli.ExitCode.INTERRUPTED
    run_dir = next(tmp_path.iterdir())
    manifest = json.loads((run_dir / "manifest.json").read_text())
    assert manifest["status"] == "interrupted"
    assert pq.read_table(run_dir / "runs.parquet").num_rows == 2
    assert "2 of 5 runs completed and saved" in capsys.readouterr().err
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []
