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
    GDP,
    M1_TO_M5,
    QUIET,
    START_SHARE,
    deal_by_deadline,
    final,
)
from mechanism_support import (
    SEEDS,
    Arm,
    arm_values,
    assert_spec,
    column,
    describe,
    mean_of,
    run,
    scenario,
    shows,
)

from sim.core.mechanisms import gdp_share


@pytest.mark.parametrize("spec", M1_TO_M5, ids=lambda s: s.id)
def test_mechanism(spec):
    assert_spec(spec)


# -- M1: free riding (Olson & Zeckhauser 1966) -------------------------------------------------
def test_m1_with_elasticity_zero_the_rok_closes_a_third_of_the_gap_and_more():
    """With no free riding, effort drifts toward the GDP share: a third of the gap at least."""
    fair = gdp_share(GDP["ROK"], GDP["USA"])
    shares = arm_values(FAIR, "burden_share_rok", final("burden_share_rok"), None)
    assert np.all(shares > START_SHARE + (fair - START_SHARE) / 3)


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
    assert shows(mild - quiet, 1), describe(mild - quiet, 1)
    # severity 0.1 (the poisson policy's default) in ACTIVE
    assert shows(severe - mild, 1), describe(severe - mild, 1)


def test_m5_threat_decays_with_its_half_life():
    fast = threat("mechanisms.threat_half_life=1.0")
    slow = threat("mechanisms.threat_half_life=6.0")
    assert shows(slow - fast, 1), describe(slow - fast, 1)


def rally_overshoot(model) -> float:
    """The most ROK->Japan affinity rose past its pre-dispute level in a month with measures.

    Each month with measures in force at its start and end, the rise above ``max(pre-dispute
    level, last month's affinity)``: the rally may not lift affinity past the level of
    before the dispute (it may start above it: a strategic party may take its first measure
    months after the trigger, when launches have already drawn the two together, and the
    cap does not push affinity down). -inf if no such month.
    """
    affinity = column(model, "affinity_rok_jpn")
    in_force = (column(model, "measures_jpn") + column(model, "measures_rok")) > 0
    before = model.world.relations.pre_dispute[("ROK", "JPN")]
    both = in_force[1:] & in_force[:-1]
    if not both.any():
        return -np.inf
    rise = affinity[1:] - np.maximum(before, affinity[:-1])
    return float(np.max(rise[both]))


#: Many launches, measures kept in force, and no M6 drift (which is not the rally's doing).
RALLY = Arm((*ACTIVE, "mechanisms.quasi_alliance_strength=0.0"))


def test_m5_rally_pulls_rok_japan_back_to_their_pre_dispute_affinity_not_past_it():
    overshoot = arm_values(RALLY, "rally_overshoot", rally_overshoot, None)
    assert np.all(np.isfinite(overshoot))  # measures were in force in every run
    assert np.all(overshoot <= 1e-12), f"rally lifted affinity past it by {overshoot.max():.4f}"
    # ... but it does pull toward it: the same runs without a rally stay further below
    still = Arm((*RALLY.overrides, "mechanisms.rally_strength=0.0"))
    pulled = arm_values(RALLY, "affinity_rok_jpn", mean_of("affinity_rok_jpn"), None)
    left = arm_values(still, "affinity_rok_jpn", mean_of("affinity_rok_jpn"), None)
    assert shows(pulled - left, 1), describe(pulled - left, 1)


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
