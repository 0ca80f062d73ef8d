"""China's strategic coercion (M8, M9), coercion's cut of trade (M9), US mediation (M10).

Each spec is a controlled pair over 40 seeds whose 95 % paired interval must exclude zero
in the direction theory states (mechanism_support.assert_spec); tests/test_knockouts.py
checks that each fails with its mechanism knocked out.
"""

from __future__ import annotations

import numpy as np
import pytest
from mechanism_specs import CHINA_AND_MEDIATOR, COERCED, SPARED
from mechanism_support import arm_values, assert_spec, column, run, scenario


@pytest.mark.parametrize("spec", CHINA_AND_MEDIATOR, ids=lambda s: s.id)
def test_mechanism(spec):
    assert_spec(spec)


def _trade(model) -> np.ndarray:
    return column(model, "trade_dependence_chn_rok")


def test_m9_trade_falls_to_the_thaad_level_during_an_episode_and_recovers_after():
    base = 0.25  # configs/baseline_2019.toml, actors.ROK.trade_dependence_chn
    coerced = base * (1 - 0.483)  # thaad_chinese_visitors_change
    during = arm_values(COERCED, "min_trade", lambda m: float(_trade(m).min()), None)
    assert np.allclose(during, coerced)
    last = arm_values(COERCED, "final_trade", lambda m: float(_trade(m)[-1]), None)
    # recovered most of the way (10 % of the gap a month for two years), never past the base
    assert np.all((last > coerced + 0.5 * (base - coerced)) & (last <= base))
    spared = arm_values(SPARED, "min_trade", lambda m: float(_trade(m).min()), None)
    assert np.all(spared == base)


def test_recorded_choices_name_the_ally_and_change_nothing():
    strategic = ("actors.CHN.coercion.policy=strategic", "actors.USA.mediation.policy=strategic")
    quiet = run(scenario(strategic), 3)
    loud = run(scenario((*strategic, "run.record_decisions=true")), 3)
    assert quiet.recorder.step_columns() == loud.recorder.step_columns()
    made = [(c.actor, c.decision, c.subject) for _, c in loud.recorder.choices]
    assert made.count(("CHN", "coercion", "ROK")) == made.count(("CHN", "coercion", "JPN")) == 36
    assert made.count(("USA", "mediation", "")) == 36
    columns = loud.recorder.decision_columns("r")
    assert set(columns["subject"]) == {"", "ROK", "JPN", "history"}  # + the dispute's parties
