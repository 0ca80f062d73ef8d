"""The ledger's scripted labels follow the scenario's script; baselines and skill are scored."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from analysis.baselines import (
    base_rates,
    knocked_out_runs,
    last_month_launches,
    persistence,
    uniform,
)
from analysis.cli import main
from analysis.ledger import ledger, scripted_events
from analysis.replay import month_number, timelines
from analysis.scoring import (
    OUTCOMES,
    clipped,
    event_scores,
    launch_crps_point,
    launch_crps_poisson,
)
from analysis.skill import decided_events, skill_table
from sim.config import validate_scenario
from sim.config.load import read_scenario_table
from sim.runner import run_once
from sim.storage import events_table, steps_table

ROOT = Path(__file__).resolve().parent.parent
BASELINE = read_scenario_table(ROOT / "configs" / "baseline_2019.toml")
#: The rule-based baseline the issue was written about: China's 2019-08 warning scheduled.
RULES = read_scenario_table(ROOT / "configs" / "rulebased_2019.toml")
RUNS = 12


def simulate(table: dict, runs: int = RUNS) -> tuple[pd.DataFrame, pd.DataFrame]:
    scenario = validate_scenario(table, "test")
    results = [run_once(scenario, r) for r in range(runs)]
    return events_table(results).to_pandas(), steps_table(results).to_pandas()


@pytest.fixture(scope="module")
def baseline_runs():
    return simulate(BASELINE)


def test_the_script_sets_what_the_issue_names():
    events, _ = simulate(RULES)
    scripted = scripted_events(events, RULES)
    assert {"export_controls", "sma_first_round", "sma_lapse", "sma_agreed",
            "coercion_warning"} <= set(scripted)  # fmt: skip
    assert not {"gsomia_suspend", "gsomia_terminate", "coalition_independent_rok"} & set(scripted)
    assert "dispute shock" in scripted["export_controls"]
    # ROK's counter-delisting comes in the month of the exercise shock to ROK, which does
    # not produce it
    assert "counter_delisting" not in scripted


def test_moving_a_shock_moves_the_label_with_it():
    table = {**RULES, "timeline": [dict(s) for s in RULES["timeline"]]}
    warning = next(s for s in table["timeline"] if s["kind"] == "coercion_warning")
    warning["month"] = "2019-10"
    events, _ = simulate(table)
    assert "2019-10" in scripted_events(events, table)["coercion_warning"]
    table["timeline"] = [s for s in table["timeline"] if s["kind"] != "coercion_warning"]
    events, _ = simulate(table)
    assert "coercion_warning" not in scripted_events(events, table)


def test_without_the_policy_change_the_agreement_is_not_scripted():
    table = {**BASELINE, "timeline": [s for s in BASELINE["timeline"]
                                      if s["kind"] != "policy_change"]}  # fmt: skip
    events, _ = simulate(table)
    assert "sma_agreed" not in scripted_events(events, table)


def test_facts_are_as_free_as_their_least_free_part(baseline_runs):
    book = ledger(baseline_runs[0], BASELINE)
    assert book.loc["6 no missiles hosted", "label"] == "scripted"
    assert book.loc["3 GSOMIA suspended under US pressure", "label"] == "decided"
    assert set(book["label"]) <= {"scripted", "constrained", "decided"}
    assert "gsomia_suspend" in decided_events(book)


def test_scores_are_proper_and_clipped():
    scores = event_scores(pd.Series(dict.fromkeys(OUTCOMES, 0.0)), n=50)
    assert np.isfinite(scores["log"]).all()
    assert clipped(np.array([0.0, 1.0]), 50) == pytest.approx([0.5 / 51, 1 - 0.5 / 51])
    truth = pd.Series(OUTCOMES, dtype=float)
    assert event_scores(truth, 50)["brier"].mean() < event_scores(uniform(), 50)["brier"].mean()
    assert launch_crps_poisson(0.0, {1: 2, 2: 0}) == pytest.approx(1.0)
    assert launch_crps_point(1.0, {1: 3, 2: 0}) == pytest.approx(1.5)


def test_baselines_read_the_record():
    assert (persistence() == 0).all()
    rates = base_rates(36, "2019-07")
    assert rates["coercion"] > 0.5  # the 2017 THAAD coercion
    assert rates["sma_agreed"] > 0.5  # the 10th SMA, 2019-02
    assert rates["gsomia_notice"] == 0
    assert uniform()["coalition_join"] == pytest.approx(1 / 3)
    assert last_month_launches({"2019-05": 2, "2019-06": 0}, "2019-07") == 0
    assert last_month_launches({"2019-05": 2, "2019-06": 3}, "2019-07") == 3


def test_knockouts_switch_every_mechanism_off():
    from analysis.baselines import knockout_overrides

    overrides = knockout_overrides(BASELINE)
    assert 'actors.ROK.retaliation.policy="none"' in overrides  # M7 first
    assert (
        "mechanisms.rally_strength=0.0" in overrides
        and "mechanisms.wedge_strength=0.0" in overrides
    )
    assert not any(o.startswith("actors.ROK.retaliation.audience") for o in overrides)
    runs = knocked_out_runs(BASELINE, 4)
    assert len(runs) == 4
    # no mediation lifts anything (a strategic Korea may still suspend its notice itself)
    assert not any(run.has("mediation") for run in runs.values())


def test_skill_table_has_every_baseline(baseline_runs):
    events, steps = baseline_runs
    runs = timelines(events, steps)
    decided = decided_events(ledger(events, BASELINE))
    launches = {month_number("2019-07"): 2, month_number("2019-08"): 5}
    table = skill_table(runs, knocked_out_runs(BASELINE, RUNS), decided, launches, "2019-07", 36)
    assert list(table.index) == ["persistence", "base rates", "uniform choice", "knocked out",
                                 "model"]  # fmt: skip
    row = table.loc["uniform choice"]
    assert row["Brier skill 5%"] <= row["Brier skill"] <= row["Brier skill 95%"]


def test_replay_prints_the_ledger_and_decided_scores(tmp_path, capsys):
    from sim.cli import main as sim_main

    assert sim_main(["run", str(ROOT / "configs" / "baseline_2019.toml"), "-q",
                     "--replications", "6", "--out", str(tmp_path)]) == 0  # fmt: skip
    capsys.readouterr()
    (run_dir,) = [p for p in tmp_path.iterdir() if p.is_dir()]
    assert main(["replay", str(run_dir), "--until", "2019-12"]) == 0
    out = capsys.readouterr().out
    assert "ledger of scored items" in out and "decided events only" in out
    assert "timeline.6" in out  # the baseline knows 2021
    assert (run_dir / "replay" / "skill.csv").is_file()


def test_a_strategic_partys_rungs_are_decided_a_rule_based_ladders_constrained():
    from analysis.ledger import choice_labels

    strategic = choice_labels(BASELINE)
    assert BASELINE["actors"]["ROK"]["retaliation"]["policy"] == "strategic"
    assert strategic["gsomia_notice"][0] == "decided"
    assert strategic["export_controls"][0] == "decided"
    assert strategic["coercion_warning"][0] == "decided"  # China warns by choice, unscheduled
    assert not any(s["kind"] == "coercion_warning" for s in BASELINE["timeline"])
    rules = {**BASELINE, "actors": {**BASELINE["actors"]}}
    for actor in ("ROK", "JPN"):
        rules["actors"][actor] = {**rules["actors"][actor],
                                  "retaliation": {"policy": "tit_for_tat"}}  # fmt: skip
    ladder = choice_labels(rules)
    assert ladder["gsomia_notice"][0] == ladder["export_controls"][0] == "constrained"
