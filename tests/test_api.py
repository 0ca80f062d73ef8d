"""The Python API (docs/API.md): sim.run, sim.sweep, sim.load_scenario and sim.SimError.

Each result is checked against what the command line makes from the same input, and each
error against the one line the command line prints.
"""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest
from analysis_support import only_child

import sim
from sim.cli import main
from sim.config import Scenario

STEPS = 6


def cli_run_dir(tmp_path: Path, *argv: str) -> Path:
    """The run directory ``python -m sim ARGV -q --out DIR`` writes."""
    out = tmp_path / "cli"
    assert main([*argv, "-q", "--out", str(out)]) == 0
    return only_child(out)


def tables_of(run_dir: Path) -> dict[str, pd.DataFrame]:
    return {name: pd.read_parquet(run_dir / f"{name}.parquet") for name in sim.api.TABLES}


def assert_same_tables(result: sim.Result, run_dir: Path) -> None:
    for name, expected in tables_of(run_dir).items():
        pd.testing.assert_frame_equal(getattr(result, name), expected, check_dtype=True)


def cli_error(capsys: pytest.CaptureFixture[str], *argv: str) -> str:
    """The line ``python -m sim ARGV`` prints on stderr, without ``error: ``."""
    assert main(list(argv)) == 2
    err = capsys.readouterr().err
    assert err.startswith("error: ") and err.count("\n") == 1
    return err.removeprefix("error: ").rstrip("\n")


def test_run_returns_the_tables_the_command_line_writes(tmp_path: Path) -> None:
    result = sim.run("baseline_2019", replications=3, seed=11, steps=STEPS)
    run_dir = cli_run_dir(
        tmp_path, "run", "baseline_2019", "--replications", "3", "--seed", "11", "--steps", "6"
    )
    assert_same_tables(result, run_dir)
    assert result.kind == "scenario" and result.name == "baseline_2019"
    assert result.run_dir is None and result.failed == 0
    assert len(result.runs) == 3 and set(result.steps["step"]) == set(range(1, STEPS + 1))


def test_run_with_out_writes_a_run_directory_like_the_command_line(tmp_path: Path) -> None:
    settings = {"actors.ROK.response.policy": "resist", "mechanisms.rally_strength": 0.1}
    result = sim.run("whatif_no_linkage", replications=2, steps=STEPS, set=settings, out=tmp_path)
    assert result.run_dir is not None and result.run_dir.parent == tmp_path
    assert_same_tables(result, result.run_dir)
    cli_dir = cli_run_dir(
        tmp_path, "run", "whatif_no_linkage", "--replications", "2", "--steps", "6",
        "--set", "actors.ROK.response.policy=resist", "--set", "mechanisms.rally_strength=0.1",
    )  # fmt: skip
    assert_same_tables(result, cli_dir)
    ours, theirs = (
        json.loads((d / "manifest.json").read_text()) for d in (result.run_dir, cli_dir)
    )
    assert (
        ours["overrides"]
        == theirs["overrides"]
        == {
            "actors.ROK.response.policy": "resist",
            "mechanisms.rally_strength": 0.1,
            "run.replications": 2,
            "scenario.steps": 6,
        }
    )
    assert ours["config"] == theirs["config"]
    assert ours["command"][:2] == ["sim.run", "whatif_no_linkage"]
    assert (result.run_dir / "config.toml").read_text() == (cli_dir / "config.toml").read_text()


def test_settings_as_strings_or_mapping_and_on_a_loaded_scenario_agree() -> None:
    as_strings = sim.run(
        "baseline_2019", steps=STEPS, replications=2, set=["actors.USA.demand.policy=cooperative"]
    )
    as_mapping = sim.run(
        "baseline_2019",
        steps=STEPS,
        replications=2,
        set={"actors.USA.demand.policy": "cooperative"},
    )
    loaded = sim.load_scenario("baseline_2019", set={"actors.USA.demand.policy": "cooperative"})
    assert isinstance(loaded, Scenario)
    on_loaded = sim.run(loaded, steps=STEPS, replications=2)
    for name in ("steps", "events"):
        pd.testing.assert_frame_equal(getattr(as_strings, name), getattr(as_mapping, name))
        pd.testing.assert_frame_equal(getattr(as_strings, name), getattr(on_loaded, name))
    assert loaded.overrides == (("actors.USA.demand.policy", "cooperative"),)
    plain = sim.run("baseline_2019", steps=STEPS, replications=2)
    assert not plain.events.equals(as_strings.events)  # the setting took effect


def test_load_scenario_by_name_path_and_toml_name_is_the_same_file(baseline_path: Path) -> None:
    by_name = sim.load_scenario("baseline_2019")
    assert sim.load_scenario("baseline_2019.toml").spec == by_name.spec
    assert sim.load_scenario(baseline_path).spec == by_name.spec
    assert Path(by_name.source).samefile(baseline_path)


def test_table_values_keep_their_types() -> None:
    loaded = sim.load_scenario(
        "baseline_2019",
        set={"scenario.start": "2019-08", "timeline.0.magnitude": 0.5, "run.replications": 3},
    )
    assert loaded.spec.scenario.start == "2019-08"
    assert loaded.spec.run.replications == 3
    with pytest.raises(sim.SimError, match="expected a number, string"):
        sim.load_scenario("baseline_2019", set={"scenario.seed": object()})


BAD_RUNS = {
    "unknown key": (
        {"set": {"mechanisms.rally_strenght": 0.2}},
        ["run", "baseline_2019", "--set", "mechanisms.rally_strenght=0.2"],
    ),
    "bad replications": ({"replications": 0}, ["run", "baseline_2019", "--replications", "0"]),
    "bad steps": ({"steps": 0}, ["run", "baseline_2019", "--steps", "0"]),
    "bad policy": (
        {"set": ["actors.PRK.provocation.policy=wedgee"]},
        ["run", "baseline_2019", "--set", "actors.PRK.provocation.policy=wedgee"],
    ),
    "no key value": (
        {"set": ["scenario.steps"]},
        ["run", "baseline_2019", "--set", "scenario.steps"],
    ),
}


@pytest.mark.parametrize("case", sorted(BAD_RUNS))
def test_errors_carry_the_command_lines_line(
    case: str, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    keywords, argv = BAD_RUNS[case]
    with pytest.raises(sim.SimError) as info:
        sim.run("baseline_2019", out=tmp_path / "out", **keywords)
    assert str(info.value) == cli_error(capsys, *argv, "--out", str(tmp_path / "out"))
    assert not (tmp_path / "out").exists()


def test_unknown_name_and_missing_file(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    with pytest.raises(sim.SimError) as info:
        sim.run("baseline_2091")
    assert str(info.value) == cli_error(capsys, "run", "baseline_2091")
    assert "did you mean 'baseline_2019'?" in str(info.value)
    missing = tmp_path / "missing.toml"
    with pytest.raises(sim.SimError) as info:
        sim.load_scenario(missing)
    assert str(info.value) == f"{missing}: no such file" == cli_error(capsys, "run", str(missing))


def test_out_that_is_a_file_is_an_error(tmp_path: Path) -> None:
    (tmp_path / "f").write_text("")
    with pytest.raises(sim.SimError, match="exists and is not a directory"):
        sim.run("baseline_2019", replications=1, out=tmp_path / "f")


def test_sweep_returns_the_tables_the_command_line_writes(tmp_path: Path) -> None:
    result = sim.sweep("demand_vs_linkage", replications=1, steps=STEPS, executor="serial")
    assert result.kind == "sweep" and result.run_dir is None
    assert len(result.runs) == 32 and result.failed == 0
    sweep_file = tmp_path / "small.toml"
    text = sim.resources.shipped_sweeps()["demand_vs_linkage"].read_text()
    base = sim.resources.shipped_scenarios()["baseline_2019"]
    text = text.replace('base = "../baseline_2019.toml"', f'base = "{base}"')
    text = text.replace("replications = 10", f"replications = 1\nsteps = {STEPS}")
    sweep_file.write_text(text)
    cli_dir = cli_run_dir(tmp_path, "sweep", str(sweep_file), "--executor", "serial")
    assert_same_tables(result, cli_dir)


def test_sweep_with_out_and_settings(tmp_path: Path) -> None:
    result = sim.sweep(
        "demand_vs_linkage",
        replications=1,
        steps=STEPS,
        set={"fixed.mechanisms.rally_strength": 0.0},
        out=tmp_path,
        executor="serial",  # the process pool is tested in test_sweep_executors.py
    )
    assert result.run_dir is not None and result.run_dir.parent == tmp_path
    assert_same_tables(result, result.run_dir)
    manifest = json.loads((result.run_dir / "manifest.json").read_text())
    assert manifest["spec"]["fixed"] == {"mechanisms.rally_strength": 0.0}
    assert manifest["status"] == "complete"


def test_sweep_errors_carry_the_command_lines_line(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(sim.SimError) as info:
        sim.sweep("demand_vs_linkage", workers=-1)
    assert str(info.value) == cli_error(capsys, "sweep", "demand_vs_linkage", "--workers", "-1")
    with pytest.raises(sim.SimError, match="sweep.replications: expected a value >= 1"):
        sim.sweep("demand_vs_linkage", replications=0)
    with pytest.raises(sim.SimError, match="no such file, nor a shipped file"):
        sim.sweep("demand_vs_linkages")


def test_sweep_is_still_the_package() -> None:
    from sim.sweep import load_sweep

    assert sim.sweep.load_sweep is load_sweep
    assert callable(sim.sweep)


def test_import_sim_is_light() -> None:
    code = (
        "import sys, sim; sim.SimError; "
        "heavy = [m for m in ('mesa', 'pandas', 'solara', 'sim.api') if m in sys.modules]; "
        "print(heavy)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_explorer_model_is_exported_lazily() -> None:
    if importlib.util.find_spec("sim.explore") is None:
        with pytest.raises(ModuleNotFoundError, match="sim.explore"):
            sim.ExplorerModel  # noqa: B018
    else:
        from sim.explore.model import ExplorerModel

        assert sim.ExplorerModel is ExplorerModel
    with pytest.raises(AttributeError, match="no attribute 'Nothing'"):
        sim.Nothing  # noqa: B018
    assert {"run", "sweep", "load_scenario", "ExplorerModel", "SimError"} <= set(dir(sim))


def test_config_errors_are_sim_errors() -> None:
    from analysis.load import RunDirectoryError
    from sim.errors import ConfigError

    assert issubclass(ConfigError, sim.SimError)
    assert issubclass(RunDirectoryError, sim.SimError)


def test_failed_runs_are_kept_and_warned_about(monkeypatch: pytest.MonkeyPatch) -> None:
    import sim.runner

    class Broken(sim.runner.AllianceModel):
        def run(self, before_step=None) -> None:  # noqa: ANN001
            raise RuntimeError("broken on purpose")

    monkeypatch.setattr(sim.runner, "AllianceModel", Broken)
    with pytest.warns(RuntimeWarning, match="2 of 2 runs failed"):
        result = sim.run("baseline_2019", replications=2, steps=STEPS)
    assert result.failed == 2 and result.runs["status"].tolist() == ["failed", "failed"]
    assert result.runs["error"].str.contains("broken on purpose").all()
    assert result.steps.empty and result.events.empty
