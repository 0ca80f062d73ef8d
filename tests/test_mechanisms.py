"""Mechanisms M1 to M5: the specs of tests/mechanism_specs.py, and deterministic details.

Each spec is a controlled pair over 40 seeds whose 95 % paired interval must exclude zero
in the direction theory states (mechanism_support.assert_spec). The other tests check
details that hold in every pair (the threat submodel, the ratification rule).
"""

from __future__ import annotations

import numpy as np
import pytest
from mechanism_specs import (
    ACTIVE,
    DEAL,
    FAIR,
    FRICTIONLESS,
    M1_TO_M5,
    QUIET,
    deal_by_deadline,
    final,
)
from mechanism_support import SEEDS, Arm, arm_values, assert_spec, column, mean_of, run, scenario


@pytest.mark.parametrize("spec", M1_TO_M5, ids=lambda s: s.id)
def test_mechanism(spec):
    assert_spec(spec)


# -- M1: free riding (Olson & Zeckhauser 1966) -------------------------------------------------
def test_m1_with_elasticity_zero_the_rok_closes_part_of_the_gap():
    start = 43.9 / (43.9 + 732.0)  # the 2019 burden share
    shares = arm_values(FAIR, "burden_share_rok", final("burden_share_rok"), None)
    assert np.all(shares > start)


# -- M2: two-level games (Putnam 1988) -----------------------------------------------------------
def test_m2_without_friction_an_offer_at_the_ask_always_passes_by_the_deadline():
    passed = arm_values(Arm((*DEAL, FRICTIONLESS)), "deal_by_deadline", deal_by_deadline, None)
    assert np.all(passed == 1.0)


# -- M5: balance of threat (Walt 1987): the threat submodel --------------------------------------
def threat(*overrides: str) -> np.ndarray:
    return arm_values(Arm((*ACTIVE, *overrides)), "threat_rok", mean_of("threat_rok"), None)


def test_m5_provocations_raise_threat_by_severity():
    quiet = arm_values(QUIET, "threat_rok", mean_of("threat_rok"), None)
    mild, severe = threat("actors.PRK.provocation.severity=0.05"), threat()
    assert np.all(quiet < mild)
    assert np.all(mild < severe)  # severity 0.1 (the poisson policy's default) in ACTIVE


def test_m5_threat_decays_with_its_half_life():
    fast = threat("mechanisms.threat_half_life=1.0")
    slow = threat("mechanisms.threat_half_life=6.0")
    assert np.all(fast < slow)


def test_m5_threat_returns_to_baseline_after_launches_stop():
    # Launches only in the first month (a huge rate), then a quiet DPRK from month 2.
    sc = scenario(
        ["actors.PRK.provocation.policy=poisson", "actors.PRK.provocation.rate=10.0"],
        edit=lambda t: t["timeline"].append(
            {
                "month": "2019-08",
                "kind": "policy_change",
                "actor": "PRK",
                "family": "provocation",
                "policy": {"policy": "none"},
            }
        ),
    )
    for seed in SEEDS[:10]:
        values = column(run(sc, seed), "threat_rok")
        assert values[0] > 0.3
        assert np.all(np.diff(values[1:]) <= 1e-12)
        assert abs(values[-1] - 0.3) < 1e-3
