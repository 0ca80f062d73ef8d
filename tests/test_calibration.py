"""Calibration: ABC recovers a known parameter from data the model itself generated."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import tomli_w
from conftest import ROOT
from tests_support_calibration import quiet_dprk_scenario

from analysis.calibrate import Target, abc_rejection, run_distance
from analysis.forecast import agreement_error
from analysis.history import load_record
from analysis.load import RunDirectoryError
from analysis.replay import timelines
from analysis.validation import calibrate, priors_of, read_run_dir
from sim.runner import run_once
from sim.storage import events_table, steps_table
from sim.sweep import SweepOptions, load_sweep, run_sweep

TRUE_RATE = 2.5  # launch days a month, the parameter to recover
#: No ROK-Japan dispute: launches are then what separates runs (the strategic dispute's
#: choices would add noise that has nothing to do with the rate).
QUIET_DISPUTE = {"actors.ROK.retaliation.policy": "none", "actors.JPN.retaliation.policy": "none"}
STEPS = 36


def sweep_over_rate(tmp_path, samples=60):
    spec = {
        "sweep": {"name": "recover", "base": str(ROOT / "configs" / "replay_2019_only.toml"),
                  "method": "lhs", "samples": samples, "replications": 2, "seed": 7,
                  "steps": STEPS},
        "fixed": {"actors.PRK.provocation.policy": "poisson", **QUIET_DISPUTE},
        "uncertainties": {"actors.PRK.provocation.rate": [0.2, 5.0]},
    }  # fmt: skip
    path = tmp_path / "recover.toml"
    path.write_text(tomli_w.dumps(spec))
    options = SweepOptions(executor="serial", progress=False)
    return run_sweep(load_sweep(path), options, out=tmp_path / "runs").run_dir


def synthetic_target(seed: int) -> Target:
    scenario = quiet_dprk_scenario(TRUE_RATE, STEPS)
    result = run_once(scenario, 0, seed=seed)
    steps = steps_table([result]).to_pandas()
    events = events_table([result]).to_pandas()
    (run,) = timelines(events, steps).values()
    return Target.from_run(run, steps["date"].iloc[-1])


def test_abc_recovers_a_known_launch_rate(tmp_path):
    run_dir = sweep_over_rate(tmp_path)
    tables = read_run_dir(run_dir)
    runs = timelines(tables.events, tables.steps)
    estimates = []
    for seed in (11, 12, 13, 14, 15):
        target = synthetic_target(seed)  # one synthetic history at TRUE_RATE
        realised = sum(target.launch_days.values()) / len(target.launch_days)
        distances = pd.Series({r: run_distance(t, target) for r, t in runs.items()})
        result = abc_rejection(tables.runs, distances, priors_of(tables.manifest), accept=0.15)
        posterior = result.posterior().loc["actors.PRK.provocation.rate"]
        assert posterior["narrowing"] < 0.4  # the data say much more than the prior
        assert abs(posterior["posterior median"] - realised) < 0.4  # it fits the data it saw
        estimates.append(posterior["posterior median"])
    assert abs(np.mean(estimates) - TRUE_RATE) < 0.35  # and, over histories, the truth


def test_calibrate_against_2019_reports_posterior_and_forecast(tmp_path):
    run_dir = sweep_over_rate(tmp_path, samples=20)
    result = calibrate(run_dir, until="2019-12", accept=0.2)
    posterior = result.abc.posterior()
    assert list(posterior.index) == ["actors.PRK.provocation.rate"]
    assert len(result.abc.accepted) == 4  # 20 points, 20 %
    assert result.abc.accepted["distance"].max() <= result.abc.distances["distance"].iloc[4:].min()
    table = result.forecast
    assert set(table["better"]) <= {"model", "naive", "tie"}
    assert table.loc["SMA agreement month, abs error (months)", "naive"] == 10  # 2022-01 vs 2021-03


def test_calibration_needs_an_lhs_sweep(tmp_path):
    from sim.cli import main

    main(["run", str(ROOT / "configs" / "baseline_2019.toml"), "--replications", "2",
          "--steps", "6", "-q", "--out", str(tmp_path)])  # fmt: skip
    (run_dir,) = tmp_path.iterdir()
    try:
        calibrate(run_dir)
    except RunDirectoryError as exc:
        assert "lhs sweep" in str(exc)
    else:  # pragma: no cover
        raise AssertionError("a scenario run directory was accepted")
    manifest = json.loads((run_dir / "manifest.json").read_text())
    assert manifest["kind"] == "scenario"


def test_forecast_errors_by_hand():
    record = load_record()
    end, truth = 2021 * 12 + 11, 2021 * 12 + 2
    assert agreement_error(None, truth, end) == 10
    assert agreement_error(2021 * 12 + 7, truth, end) == 5
    assert record.months["sma_agreed"] == "2021-03"


def test_replay_and_calibrate_commands(tmp_path, capsys):
    from analysis.cli import main as analysis_main
    from sim.cli import main as sim_main

    assert sim_main(["run", str(ROOT / "configs" / "baseline_2019.toml"), "--replications", "3",
                     "--steps", "12", "-q", "--out", str(tmp_path / "runs")]) == 0  # fmt: skip
    run_dir = next((tmp_path / "runs").iterdir())
    capsys.readouterr()
    assert analysis_main(["replay", str(run_dir), "--out", str(tmp_path / "replay")]) == 0
    printed = capsys.readouterr().out
    assert "Brier score" in printed and printed.strip().endswith(str(tmp_path / "replay"))
    assert "DPRK launch days by year" in printed
    for name in (
        "facts.csv",
        "timing_errors.csv",
        "occurrence.csv",
        "timeline.png",
        "launch_years.csv",
    ):
        assert (tmp_path / "replay" / name).stat().st_size > 0
    facts = pd.read_csv(tmp_path / "replay" / "facts.csv", index_col=0)
    assert facts["share of runs"].between(0, 1).all() and len(facts) == 6

    sweep_dir = sweep_over_rate(tmp_path, samples=10)
    assert analysis_main(["calibrate", str(sweep_dir), "--accept", "0.3",
                          "--out", str(tmp_path / "cal")]) == 0  # fmt: skip
    for name in ("posterior.csv", "accepted_points.csv", "out_of_sample.csv", "posterior.png"):
        assert (tmp_path / "cal" / name).stat().st_size > 0
    assert len(pd.read_csv(tmp_path / "cal" / "accepted_points.csv")) == 3


def test_validation_commands_reject_bad_input(tmp_path, capsys):
    from analysis.cli import main as analysis_main

    assert analysis_main(["replay", str(tmp_path / "missing")]) == 2
    assert analysis_main(["calibrate", str(tmp_path), "--accept", "2"]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 2 and all(line.startswith("error:") for line in err)
    assert not (tmp_path / "missing").exists()
