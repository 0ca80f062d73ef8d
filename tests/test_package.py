"""The package: shipped configs found by name (importlib.resources) and the console scripts."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tomllib
from fnmatch import fnmatch
from pathlib import Path

import pytest
from conftest import ROOT

from sim import resources
from sim.config import load_scenario
from sim.errors import ConfigError
from sim.sweep import load_sweep

BIN = Path(sys.executable).parent


def script(name: str, *argv: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    """Run an installed console script."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    return subprocess.run(
        [str(BIN / name), *argv], cwd=cwd, capture_output=True, text=True, timeout=300, env=env
    )


def test_shipped_files_are_the_checkouts_configs() -> None:
    assert resources.configs_root().samefile(ROOT / "configs")
    scenarios, sweeps = resources.shipped_scenarios(), resources.shipped_sweeps()
    assert {p.name for p in scenarios.values()} == {p.name for p in ROOT.glob("configs/*.toml")}
    assert {p.name for p in sweeps.values()} == {p.name for p in ROOT.glob("configs/sweeps/*.toml")}
    assert "baseline_2019" in scenarios and "demand_vs_linkage" in sweeps
    assert not set(scenarios) & set(sweeps)  # one name, one file
    assert (resources.data_dir() / "timeline_2019_2021.csv").is_file()


def test_every_file_of_configs_is_package_data() -> None:
    """A new kind of file or folder in configs/ must be added to pyproject's package-data."""
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    package_data = pyproject["tool"]["setuptools"]["package-data"]
    root = ROOT / "configs"
    files = [
        p.relative_to(root)
        for p in root.rglob("*")
        if p.is_file() and p.suffix != ".py" and "__pycache__" not in p.parts
    ]
    assert files
    unshipped = []
    for file in files:
        package = ".".join(["sim.configs", *file.parent.parts])
        patterns = package_data.get(package, [])
        if not any(fnmatch(file.name, pattern) for pattern in patterns):
            unshipped.append(file.as_posix())
    assert unshipped == []


@pytest.mark.parametrize("name", sorted(resources.shipped_scenarios()))
def test_every_shipped_scenario_loads_by_name(name: str) -> None:
    scenario = load_scenario(name)
    assert Path(scenario.source) == resources.shipped_scenarios()[name]
    assert scenario.spec == load_scenario(ROOT / "configs" / f"{name}.toml").spec


@pytest.mark.parametrize("name", sorted(resources.shipped_sweeps()))
def test_every_shipped_sweep_loads_by_name(name: str) -> None:
    assert (
        load_sweep(name).fingerprint() == load_sweep(resources.shipped_sweeps()[name]).fingerprint()
    )


def test_an_existing_path_wins_over_a_shipped_name(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, baseline_table: dict
) -> None:
    import tomli_w

    baseline_table["scenario"]["name"] = "local_copy"
    (tmp_path / "baseline_2019.toml").write_text(tomli_w.dumps(baseline_table))
    monkeypatch.chdir(tmp_path)
    assert load_scenario("baseline_2019.toml").name == "local_copy"
    assert load_scenario("baseline_2019").name == "baseline_2019"  # no such file here: shipped


def test_a_path_with_a_folder_is_never_a_name(tmp_path: Path) -> None:
    with pytest.raises(ConfigError) as info:
        load_scenario(tmp_path / "baseline_2019")
    assert info.value.one_line() == f"{tmp_path / 'baseline_2019'}: no such file"


def test_console_scripts_from_another_folder(tmp_path: Path) -> None:
    run = script("alliance-sim", "run", "baseline_2019", "--replications", "2", "--steps", "6",
                 "-q", "--out", "out", cwd=tmp_path)  # fmt: skip
    assert run.returncode == 0, run.stderr
    run_dir = tmp_path / run.stdout.strip()
    manifest = json.loads((run_dir / "manifest.json").read_text())
    assert Path(manifest["source"]) == resources.shipped_scenarios()["baseline_2019"]
    replay = script("alliance-sim-analysis", "replay", str(run_dir), cwd=tmp_path)
    assert replay.returncode == 0, replay.stderr
    assert "Brier score" in replay.stdout and (run_dir / "replay" / "facts.csv").is_file()
    checked = script("alliance-sim", "validate", "demand_vs_linkage", cwd=tmp_path)
    assert checked.returncode == 0 and checked.stdout.startswith("ok: demand_vs_linkage: sweep")


def test_console_script_bad_input_is_one_line(tmp_path: Path) -> None:
    bad = script("alliance-sim", "run", "baseline_2091", cwd=tmp_path)
    assert bad.returncode == 2 and bad.stdout == ""
    assert bad.stderr.startswith("error: baseline_2091: no such file, nor a shipped file")
    assert bad.stderr.count("\n") == 1 and "did you mean 'baseline_2019'?" in bad.stderr
    assert list(tmp_path.iterdir()) == []


def test_explore_without_the_explorer_says_so(tmp_path: Path) -> None:
    from importlib.util import find_spec

    if find_spec("sim.explore") is not None:
        pytest.skip("the explorer is installed: its own tests start the server")
    result = script("alliance-sim", "explore", "--port", "0", cwd=tmp_path)
    assert result.returncode == 2
    assert (
        result.stderr
        == "error: explore: the explorer cannot be loaded (No module named 'sim.explore')\n"
    )
