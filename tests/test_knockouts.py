"""Knockouts: each mechanism test fails with its mechanism knocked out (sim/knockouts.py).

A test that still passes without its mechanism cannot tell whether the mechanism works.
Where that is so today, the case is a strict xfail naming the reason (issue 10): it turns
red the day the mechanism starts to carry the effect, and the mark must then go.
"""

from __future__ import annotations

import pytest
from mechanism_specs import SPECS
from mechanism_support import BASELINE, assert_fails_when_knocked_out, run, scenario

from sim.config import validate_scenario
from sim.knockouts import CATALOGUE, MECHANISM_IDS, knocked_out, overrides_for


def _case(spec):
    marks = [pytest.mark.xfail(strict=True, reason=spec.inert)] if spec.inert else []
    return pytest.param(spec, id=spec.id, marks=marks)


@pytest.mark.parametrize("spec", [_case(s) for s in SPECS])
def test_mechanism_test_fails_without_its_mechanism(spec):
    assert_fails_when_knocked_out(spec)


def test_every_mechanism_has_one_knockout_and_a_spec():
    assert tuple(f"M{i}" for i in range(1, 11)) == MECHANISM_IDS
    assert {s.mechanism for s in SPECS} == set(MECHANISM_IDS)
    for mechanism, knockout in CATALOGUE.items():
        assert knockout.mechanism == mechanism and knockout.direction in (-1, 1)


def test_knockouts_of_the_baseline_set_what_they_say():
    base = scenario()
    assert overrides_for("M10", base) == [  # the strategic US sees no stake in pressing
        "actors.USA.mediation.dispute=0.0",
        "actors.USA.mediation.gsomia=0.0",
        "actors.USA.mediation.intelligence=0.0",
        "actors.ROK.retaliation.us_pressure=0.0",  # the strategic parties' M10 term
        "actors.JPN.retaliation.us_pressure=0.0",
    ]
    assert overrides_for("M7", base) == [
        'actors.ROK.retaliation.policy="none"',
        'actors.JPN.retaliation.policy="none"',
    ]
    assert overrides_for("M8", base) == [  # the strategic DPRK's wedge, China's courting
        "mechanisms.wedge_strength=0.0",
        "actors.PRK.provocation.wedge=0.0",
        "actors.CHN.coercion.strength=0.0",
        "actors.CHN.coercion.us_pull=0.0",
        "actors.CHN.coercion.courting=0.0",
    ]
    assert "actors.PRK.provocation.exercise=0.0" in overrides_for("M5", base)
    wedge = scenario(["actors.PRK.provocation.policy=wedge"])
    assert "actors.PRK.provocation.cohesion_sensitivity=0.0" in overrides_for("M8", wedge)
    knocked = knocked_out(base, "M6")
    assert knocked.spec.mechanisms.quasi_alliance_strength == 0.0
    assert knocked.spec.scenario == base.spec.scenario  # same name and seed: paired runs
    with pytest.raises(KeyError, match="M11"):
        overrides_for("M11", base)


def test_a_knockout_reaches_policy_changes_in_the_timeline():
    def press_later(table: dict) -> None:
        table["timeline"].append(
            {"month": "2020-01", "kind": "policy_change", "actor": "USA", "family": "mediation",
             "policy": {"policy": "early", "strength": 0.9}}
        )  # fmt: skip

    sc = scenario(edit=press_later)
    index = len(sc.spec.timeline) - 1
    assert f"timeline.{index}.policy.strength=0.0" in overrides_for("M10", sc)


def test_the_resolved_scenario_runs_as_the_scenario():
    base = scenario()
    again = validate_scenario(base.resolved_table())
    assert run(base, 5).recorder.rows == run(again, 5).recorder.rows


# -- python -m analysis mechanisms ---------------------------------------------------------------
def test_the_command_writes_the_table_and_the_figure(tmp_path, capsys):
    import pandas as pd

    from analysis.cli import main

    code = main(["mechanisms", str(BASELINE), "--replications", "4", "--mechanism", "M10",
                 "--mechanism", "M5", "--out", str(tmp_path), "-q"])  # fmt: skip
    out = capsys.readouterr()
    assert code == 0 and out.err == ""
    assert "M10  US mediation: actors.USA.mediation.dispute=0.0" in out.out
    assert "theory (-): gsomia_terminated" in out.out
    table = pd.read_csv(tmp_path / "mechanisms.csv")
    assert set(table["mechanism"]) == {"M5", "M10"}
    assert table.groupby("mechanism")["moved_most"].sum().to_dict() == {"M10": 1, "M5": 1}
    assert (tmp_path / "mechanisms.png").stat().st_size > 0


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["no_such.toml"], "no_such.toml"),
        ([str(BASELINE), "--replications", "1"], "--replications 1: expected at least 2"),
        ([str(BASELINE), "--set", "mechanisms.rally_strength=9"], "rally_strength"),
        ([str(BASELINE), "--mechanism", "M11"], "invalid choice: 'M11'"),
    ],
)
def test_bad_input_is_one_line_and_exit_2(tmp_path, capsys, argv, message):
    from analysis.cli import main

    out = tmp_path / "out"
    code = main(["mechanisms", *argv, "--out", str(out), "-q"])
    err = capsys.readouterr().err.strip()
    assert code == 2
    assert message in err and "Traceback" not in err
    assert not out.exists()


def test_an_out_that_is_a_file_is_refused(tmp_path, capsys):
    from analysis.cli import main

    afile = tmp_path / "taken"
    afile.write_text("")
    assert main(["mechanisms", str(BASELINE), "--out", str(afile), "-q"]) == 2
    assert "exists and is not a directory" in capsys.readouterr().err


# -- the statistics of analysis/knockouts.py -------------------------------------------------------
def test_the_paired_interval_is_the_t_interval_of_the_differences():
    import numpy as np
    from scipy import stats

    from analysis.knockouts import paired_effect

    rng = np.random.default_rng(3)
    base = rng.normal(1.0, 1.0, 40)
    knocked = base - 0.5 + rng.normal(0.0, 0.2, 40)
    row = paired_effect(base, knocked)
    low, high = stats.ttest_rel(base, knocked).confidence_interval(0.95)
    assert np.isclose(row["ci_low"], low) and np.isclose(row["ci_high"], high)
    assert row["sign"] == 1 and row["n"] == 40
    same = paired_effect(base, base)
    assert same["effect"] == 0.0 and same["sign"] == 0 and same["standardized"] == 0.0
    missing = base.copy()
    missing[:5] = np.nan
    assert paired_effect(missing, knocked)["n"] == 35


def test_the_table_picks_a_moved_outcome_and_judges_the_theory():
    from analysis.knockouts import effects_table, render

    base = [{"gsomia_terminated": 0.0, "mediations": 2.0, "noise": float(i % 3)} for i in range(8)]
    knocked = [
        {"gsomia_terminated": 1.0, "mediations": 0.0, "noise": float(i % 2)} for i in range(8)
    ]
    table = effects_table(base, {"M10": knocked}, {"M10": ["actors.USA.mediation.strength=0.0"]})
    assert set(table["outcome"]) == {"gsomia_terminated", "noise"}  # mediations: M10's own acts
    moved = table[table["moved_most"]].iloc[0]
    assert moved["outcome"] == "gsomia_terminated" and moved["sign"] == -1 and moved["as_theory"]
    assert "-> as theory" in render(table, "header")
