"""Out of sample 2020 to 2023-03 (issue 12, item 4): the held-out record, the information
set the runs start from, the hindsight shocks given as inputs, the scores and the command."""

from __future__ import annotations

import pandas as pd
import pytest

from analysis.information import leaks
from analysis.outofsample import (
    CUTOFF,
    END,
    HELD_OUT_NAMES,
    held_out,
    hindsight_shocks,
    outcomes_of,
    reference_scores,
    scenario_table,
    score_table,
)
from analysis.replay import month_number
from sim.config import validate_scenario
from sim.config.load import read_scenario_table

BASELINE = "configs/baseline_2019.toml"


@pytest.fixture(scope="module")
def baseline() -> dict:
    return read_scenario_table(BASELINE)


def test_the_held_out_record_is_read_from_the_data():
    items = {item.name: item for item in held_out()}
    assert items["SMA agreed (months after 2019-12)"].truth == 15  # 2021-03
    assert items["SMA increase for 2021"].truth == pytest.approx(0.139, abs=0.0005)
    assert items["DPRK launch days 2022"].truth == 33
    assert items["GSOMIA terminated by 2023-03"].truth == 0


def test_the_scenario_runs_to_2023_03_from_the_2019_information_set(baseline):
    table = scenario_table(baseline)
    start = table["scenario"]["start"]
    assert month_number(start) + table["scenario"]["steps"] - 1 == month_number(END)
    given = hindsight_shocks(baseline)
    assert given and all(s["month"] > CUTOFF for s in given)
    without_hindsight = dict(table, timeline=[s for s in table["timeline"] if s not in given])
    assert leaks(without_hindsight, CUTOFF, baseline) == []  # only the given shocks are late
    assert all(table["timeline"].count(s) == 1 for s in given)  # each once, as it happened
    later = [s for s in table["timeline"] if s["month"] > CUTOFF]
    assert len(later) == len(given)
    validate_scenario(table, "test")


def test_outcomes_are_read_from_a_runs_events():
    events = pd.DataFrame(
        [("2020-02", "USA", "agreement", "ROK", 1.1, "sma_rok"),
         ("2021-05", "USA", "agreement", "ROK", 2.0, "sma_rok"),
         ("2019-11", "ROK", "gsomia_terminate", "JPN", 1.0, ""),
         ("2022-01", "JPN", "reconcile", "ROK", 1.0, "export_controls"),
         ("2020-03", "PRK", "provocation", "", 1.0, ""),
         ("2022-09", "PRK", "provocation", "", 1.0, ""),
         ("2023-05", "PRK", "provocation", "", 1.0, "")],
        columns=["date", "actor", "kind", "target", "magnitude", "item"],
    )  # fmt: skip
    values = outcomes_of({c: list(events[c]) for c in events}, status_quo=1.0)
    assert values["SMA agreed (months after 2019-12)"] == 2  # the first agreement
    assert values["SMA increase for 2021"] == pytest.approx(0.1)
    assert values["GSOMIA terminated by 2023-03"] == 1.0
    assert values["Japan lifts export controls by 2023-02"] == 1.0
    assert [values[f"DPRK launch days {y}"] for y in ("2020", "2021", "2022")] == [1, 0, 1]


def test_no_agreement_is_censored_after_the_end():
    values = outcomes_of(dict.fromkeys(["date", "actor", "kind", "target", "magnitude",
                                        "item"], []), status_quo=1.0)  # fmt: skip
    assert values["SMA agreed (months after 2019-12)"] == month_number(END) + 1 - month_number(
        CUTOFF
    )
    assert values["SMA increase for 2021"] == 0.0


def test_a_forecast_that_matches_the_record_beats_every_reference():
    truth = {item.name: item.truth for item in held_out()}
    perfect = pd.DataFrame([truth] * 20, columns=list(HELD_OUT_NAMES))
    wrong = perfect.assign(**{"GSOMIA terminated by 2023-03": 1.0,
                              "DPRK launch days 2022": 0.0})  # fmt: skip
    table = score_table(perfect, wrong)
    assert (table["model"] < table["knocked out"] + 1e-12).all()
    assert table.loc["DPRK launch days 2022", "model"] == 0.0
    assert "knocked out" in table.loc["GSOMIA terminated by 2023-03", "better than"]
    launches = reference_scores(held_out()[-1], 20)
    assert launches["persistence"] == abs(14 - 33)  # 2019's 14 launch days carried on


def test_the_command_prints_the_hindsight_and_writes_the_scores(tmp_path, capsys):
    from analysis.cli import main

    assert main(["outofsample", BASELINE, "--replications", "3", "-q",
                 "--out", str(tmp_path)]) == 0  # fmt: skip
    out = capsys.readouterr().out
    assert "scripted hindsight" in out and "2021-02  policy_change" in out
    scores = pd.read_csv(tmp_path / "outofsample.csv", index_col="item")
    assert list(scores.index) == list(HELD_OUT_NAMES)
    assert (tmp_path / "hindsight.csv").is_file()


def test_bad_particles_are_one_line_and_exit_2(tmp_path, capsys):
    from analysis.cli import main

    bad = tmp_path / "particles.csv"
    bad.write_text("a,b\n1,2\n")
    assert main(["outofsample", BASELINE, "--particles", str(bad), "--replications", "2",
                 "-q", "--out", str(tmp_path / "o")]) == 2  # fmt: skip
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "particles.csv" in err[0] and "weight" in err[0]
    assert not (tmp_path / "o").exists()


def test_each_run_takes_a_posterior_draw(tmp_path, capsys):
    from analysis.cli import main

    particles = tmp_path / "particles.csv"
    particles.write_text("actors.USA.mediation.hard,weight\n0.3,1.0\n0.9,0.0\n")
    assert main(["outofsample", BASELINE, "--particles", str(particles), "--replications",
                 "2", "-q", "--out", str(tmp_path / "o")]) == 0  # fmt: skip
    assert "one ABC-SMC posterior draw a run" in capsys.readouterr().out
    assert (tmp_path / "o" / "outofsample.csv").is_file()


def test_headline_spread_compares_the_scenario_with_posterior_draws(tmp_path, capsys):
    from analysis.cli import main
    from analysis.headline import QUANTITIES

    particles = pd.DataFrame({"actors.ROK.retaliation.audience": [0.5, 5.5],
                              "weight": [0.5, 0.5]})  # fmt: skip
    path = tmp_path / "particles.csv"
    particles.to_csv(path, index=False)
    out = tmp_path / "out"
    assert main(["headline", BASELINE, "--particles", str(path), "--draws", "2", "--runs", "2",
                 "--out", str(out)]) == 0  # fmt: skip
    table = pd.read_csv(out / "headline.csv", index_col=0)
    assert list(table.index) == list(QUANTITIES)
    events = table.loc["GSOMIA notice"]
    assert 0.0 <= events["posterior mean"] <= 1.0
    assert events["draw means 5%"] <= events["posterior mean"] <= events["draw means 95%"]
    assert table.loc["DPRK launch days a run", "scenario mean"] > 0
    assert "GSOMIA terminated" in capsys.readouterr().out
    from sim.summary import OUTCOME_LABELS

    assert "agreed" in OUTCOME_LABELS  # the status a run's summary gives an accepted ask
    assert main(["headline", BASELINE, "--particles", str(path), "--runs", "1"]) != 0
