"""The loader: run directories in both layouts, and one clear line for a bad one."""

from __future__ import annotations

import json
import shutil

import pandas as pd
import pytest
from analysis_support import scenario_run, sweep_file, sweep_run

from analysis.cli import main
from analysis.load import RunDirectory, RunDirectoryError
from sim.cli import ExitCode


@pytest.fixture(scope="module")
def scenario(tmp_path_factory):
    return scenario_run(tmp_path_factory.mktemp("scenario"))


def test_reads_the_three_tables_of_a_scenario_run(scenario):
    rd = RunDirectory(scenario)
    steps = pd.read_parquet(scenario / "steps.parquet")
    assert rd.kind == "scenario" and rd.name == "baseline_2019"
    assert rd.query("SELECT count(*) AS n FROM steps")["n"][0] == len(steps)
    assert list(rd.runs["run_id"]) == sorted(pd.read_parquet(scenario / "runs.parquet")["run_id"])
    events = rd.query("SELECT count(*) AS n FROM events")["n"][0]
    assert events == len(pd.read_parquet(scenario / "events.parquet"))


def test_chunked_and_compacted_sweeps_read_the_same(tmp_path, monkeypatch):
    levers = {"actors.USA.demand.policy": ["fixed", "cooperative"]}
    path = sweep_file(tmp_path, "grid", levers=levers,
                      uncertainties={"mechanisms.rally_strength": [0.0, 0.2]})  # fmt: skip
    chunked = sweep_run(tmp_path / "a", path, monkeypatch, compact=False)
    compacted = sweep_run(tmp_path / "b", path)
    assert (chunked / "steps").is_dir() and not (chunked / "steps.parquet").exists()
    assert (compacted / "steps.parquet").is_file() and not (compacted / "steps").exists()
    a, b = RunDirectory(chunked), RunDirectory(compacted)
    pd.testing.assert_frame_equal(a.runs, b.runs)
    for table in ("steps", "events"):
        sql = f"SELECT * FROM {table} ORDER BY ALL"
        pd.testing.assert_frame_equal(a.query(sql), b.query(sql))
    assert a.parameters == ["actors.USA.demand.policy", "mechanisms.rally_strength"]
    assert a.levers == ["actors.USA.demand.policy"]


def broken_copies(scenario, tmp_path):
    """Run directories each broken in one way, with the problem the error must name."""
    cases = {"missing": (tmp_path / "nowhere", "no such run directory")}
    for name, breaker, problem in [
        ("no_manifest", lambda d: (d / "manifest.json").unlink(), "no readable manifest"),
        ("bad_json", lambda d: (d / "manifest.json").write_text("{"), "no readable manifest"),
        ("bad_kind", lambda d: (d / "manifest.json").write_text(json.dumps({"kind": "x"})),
         "expected kind"),
        ("no_steps", lambda d: (d / "steps.parquet").unlink(), "no steps.parquet"),
        ("garbage", lambda d: (d / "events.parquet").write_bytes(b"not parquet"),
         "events: unreadable Parquet"),
        ("no_column", lambda d: pd.read_parquet(d / "steps.parquet")
         .drop(columns="trilateral_cohesion").to_parquet(d / "steps.parquet"),
         "missing column(s) trilateral_cohesion"),
    ]:  # fmt: skip
        copy = tmp_path / name
        shutil.copytree(scenario, copy)
        breaker(copy)
        cases[name] = (copy, problem)
    return cases


def test_a_bad_run_directory_is_one_line_and_exit_2(scenario, tmp_path, capsys):
    for name, (path, problem) in broken_copies(scenario, tmp_path).items():
        with pytest.raises(RunDirectoryError, match="^" + str(path)):
            RunDirectory(path)
        assert main(["report", str(path), "-q"]) == ExitCode.BAD_INPUT, name
        err = capsys.readouterr().err
        assert err.startswith("error: ") and problem in err, (name, err)
        assert err.count("\n") == 1 and "Traceback" not in err
        assert not (path / "report").exists()


def test_bad_arguments_exit_2(scenario, tmp_path, capsys):
    a_file = tmp_path / "file"
    a_file.write_text("")
    for argv in (["report"], ["nonsense"], ["report", str(scenario), "--out", str(a_file)],
                 ["report", str(scenario), "--by", "x.y"], ["compare", str(scenario)]):  # fmt: skip
        assert main(argv) == ExitCode.BAD_INPUT, argv
        err = capsys.readouterr().err
        assert err.startswith("error: ") and err.count("\n") == 1, err
