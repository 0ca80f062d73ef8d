"""ABC-SMC of the strategic DPRK: launch-day statistics stop at the cutoff; 2022 held out."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from agents.policies.provocation_strategic import StrategicProvocationParams
from analysis.abc_dprk import (
    CUTOFF,
    launch_stats,
    launch_windows,
    month_label,
    observed_launch_stats,
)
from analysis.abc_smc import make_model, read_priors
from analysis.cli import main
from analysis.replay import RunTimeline, month_number
from sim.config.load import read_scenario_table

ROOT = Path(__file__).resolve().parent.parent
BASE = read_scenario_table(ROOT / "configs" / "dprk_2019_2022.toml")
START = BASE["scenario"]["start"]
FITTED = [f"launches 2019-{m:02d}" for m in range(7, 13)] + ["launches 2020", "launches 2021"]


def test_statistics_to_2021_are_the_2019_months_and_the_whole_years_2020_2021():
    observed = observed_launch_stats(START, CUTOFF)
    assert list(observed) == FITTED
    # dprk_launches_2019.csv (2019-07 to 2019-12) and dprk_launches_yearly.csv (2020, 2021)
    assert list(observed.values()) == [2.0, 5.0, 1.0, 2.0, 1.0, 0.0, 4.0, 4.0]


def test_a_later_cutoff_adds_2022_and_a_cutoff_inside_a_year_is_refused():
    monthly, yearly = {"2019-11": 1, "2019-12": 0}, {"2020": 4, "2021": 4, "2022": 33}
    names = [name for name, _ in launch_windows("2019-11", "2022-12", monthly, yearly)]
    assert names == ["launches 2019-11", "launches 2019-12", "launches 2020", "launches 2021",
                     "launches 2022"]  # fmt: skip
    with pytest.raises(ValueError, match="2022"):
        launch_windows("2019-07", "2022-06", monthly, yearly)


def test_launches_after_the_cutoff_change_no_statistic():
    months = range(month_number("2019-07"), month_number("2022-12") + 1)
    quiet = {m: 1 for m in months}
    busy = {**quiet, **{m: 6 for m in months if month_label(m) >= "2022-01"}}
    runs = [RunTimeline({}, {}, {}, launches) for launches in (quiet, busy)]
    stats = launch_stats(runs, START, CUTOFF)
    assert list(stats) == FITTED
    assert stats["launches 2019-08"] == 1.0 and stats["launches 2021"] == 12.0
    assert launch_stats(runs[:1], START, CUTOFF) == launch_stats(runs[1:], START, CUTOFF)


def test_the_model_pyabc_samples_runs_only_to_the_cutoff():
    seen: list[int] = []

    def spy(runs, start, cutoff):  # noqa: ANN001, ANN202
        seen.extend(max(r.launches_by_month) for r in runs)
        return launch_stats(runs, start, cutoff)

    model = make_model(BASE, CUTOFF, 2, spy)
    np.random.seed(3)  # noqa: NPY002 (the model draws its seed from numpy's global generator)
    stats = model({"actors.PRK.provocation.exercise": 0.45})
    assert seen == [month_number(CUTOFF)] * 2
    assert list(stats) == FITTED


def test_the_priors_are_strategic_dprk_weights_around_their_hand_values():
    priors = read_priors(ROOT / "configs" / "sweeps" / "calibration_dprk.toml")
    defaults = StrategicProvocationParams()
    assert len(priors) >= 10
    for key, (low, high) in priors.items():
        prefix, name = key.rsplit(".", 1)
        assert prefix == "actors.PRK.provocation"
        assert low < getattr(defaults, name) <= high, key


def test_abc_dprk_writes_the_posterior_and_holds_2022_out(tmp_path):
    out = tmp_path / "dprk"
    args = ["abc-dprk", "--population", "4", "--generations", "1", "--replications", "1",
            "--draws", "2", "--runs", "2", "--out", str(out), "-q"]  # fmt: skip
    assert main(args) == 0
    for name in ("posterior.csv", "particles.csv", "posterior_marginals.png", "held_out.csv",
                 "held_out.png", "held_out_draws.csv", "observed_stats.csv"):  # fmt: skip
        assert (out / name).is_file(), name
    posterior = pd.read_csv(out / "posterior.csv", index_col=0)
    assert len(posterior) >= 10 and posterior["narrowing"].between(0, 1).all()
    table = pd.read_csv(out / "held_out.csv")
    assert sorted(table["weights"].unique()) == ["hand-set", "posterior"]
    held = table.groupby("year")["sample"].unique()
    assert {year: list(s) for year, s in held.items()} == {
        2019: ["in sample"],
        2020: ["in sample"],
        2021: ["in sample"],
        2022: ["held out"],
    }
    assert (table.loc[table["year"] == 2022, "record"] == 33).all()
    draws = pd.read_csv(out / "held_out_draws.csv", index_col="draw")
    assert len(draws) == 2 and set(posterior.index) < set(draws.columns)
    assert {"launches 2019", "launches 2022"} < set(draws.columns)
    again = tmp_path / "again"
    particles = ["--particles", str(out / "particles.csv")]
    assert main([*args[:-3], "--out", str(again), "-q", *particles]) == 0
    assert pd.read_csv(again / "posterior.csv", index_col=0).equals(posterior)


def test_abc_dprk_rejects_a_cutoff_inside_a_year_and_bad_sizes(tmp_path, capsys):
    assert main(["abc-dprk", "--until", "2021-06", "--out", str(tmp_path)]) == 2
    assert "no launch record for 2021" in capsys.readouterr().err
    assert main(["abc-dprk", "--runs", "0", "--out", str(tmp_path)]) == 2
    assert "--runs" in capsys.readouterr().err
