"""Mechanisms M1 to M5: controlled pairs of runs over 40 seeds, direction of each effect.

Each test changes one parameter (or policy) and keeps the seeds; it asserts that the effect
the theory predicts shows on average and, where the mechanism is deterministic given the
seed, in every pair.
"""

from __future__ import annotations

import numpy as np
from mechanism_support import (
    SEEDS,
    column,
    event_count,
    mean_of,
    per_seed,
    run,
    scenario,
    without_agenda,
)

from sim.core.mechanisms import gdp_share

GDP = {"USA": 21.4, "ROK": 1.65, "JPN": 5.08}


def final_burden(ally: str):
    return lambda model: float(column(model, f"burden_share_{ally.lower()}")[-1])


# -- M1: free riding (Olson & Zeckhauser 1966) -------------------------------------------------
def test_m1_without_pressure_allies_pay_less_than_gdp_share():
    free = scenario(edit=without_agenda)
    for ally in ("ROK", "JPN"):
        shares = per_seed(free, final_burden(ally))
        assert np.all(shares < gdp_share(GDP[ally], GDP["USA"]))


def test_m1_elasticity_zero_removes_free_riding():
    overrides = ["actors.ROK.free_riding_elasticity=0.0", "actors.JPN.free_riding_elasticity=0.0"]
    honest = scenario(overrides, edit=without_agenda)
    riding = scenario(edit=without_agenda)
    for ally in ("ROK", "JPN"):
        fair = per_seed(honest, final_burden(ally))
        free = per_seed(riding, final_burden(ally))
        assert np.all(fair > free)
    # with elasticity 0 the effort drifts toward the GDP share: the ROK closes part of the gap
    start = 43.9 / (43.9 + 732.0)
    assert np.all(per_seed(honest, final_burden("ROK")) > start)


def test_m1_us_pressure_raises_the_burden_share():
    frictionless = "mechanisms.two_level_friction=0.0"
    pressed = scenario(["actors.ROK.response.policy=concede", frictionless])
    free = scenario([frictionless], edit=without_agenda)
    assert np.all(per_seed(pressed, final_burden("ROK")) > per_seed(free, final_burden("ROK")))


# -- M2: two-level games (Putnam 1988) -----------------------------------------------------------
def test_m2_bigger_gap_above_win_set_lowers_affinity_to_us():
    big = per_seed(scenario(["agenda.sma_rok.ask=5.0"]), mean_of("affinity_rok_usa"))
    small = per_seed(scenario(["agenda.sma_rok.ask=1.1"]), mean_of("affinity_rok_usa"))
    assert big.mean() < small.mean()
    assert np.mean(big < small) >= 0.9


def test_m2_more_domestic_opposition_lowers_affinity_more():
    opposed = per_seed(scenario(["actors.ROK.domestic_support=0.2"]), mean_of("affinity_rok_usa"))
    backed = per_seed(scenario(["actors.ROK.domestic_support=0.8"]), mean_of("affinity_rok_usa"))
    assert opposed.mean() < backed.mean()
    assert np.mean(opposed < backed) >= 0.9


def _deal_by_deadline(model) -> float:
    item = next(i for i in model.world.agenda if i.item_id == "sma_rok")
    return float(item.agreed_step is not None and item.agreed_step <= item.deadline_step)


def test_m2_ratification_friction_lowers_the_chance_of_a_deal_before_the_deadline():
    # The ally offers the full ask and the US accepts it: only ratification can fail.
    base = [
        "actors.ROK.response.policy=concede",
        "actors.USA.demand.policy=fixed",
        "agenda.sma_rok.ask=1.5",
    ]
    with_friction = per_seed(scenario(base), _deal_by_deadline)
    without = per_seed(scenario([*base, "mechanisms.two_level_friction=0.0"]), _deal_by_deadline)
    assert without.mean() == 1.0
    assert with_friction.mean() < without.mean()
    steep = per_seed(scenario([*base, "agenda.sma_rok.ask=3.0"]), _deal_by_deadline)
    assert steep.mean() < with_friction.mean()


# -- M3: abandonment (Snyder 1984) ---------------------------------------------------------------
def _mean_offer(model) -> float:
    offers = [
        e.magnitude for e in model.recorder.events if e.kind == "offer" and e.item == "sma_rok"
    ]
    return float(np.mean(offers))


def test_m3_troop_threats_raise_abandonment_fear():
    threats = scenario(["actors.USA.demand.threat_interval=1"])
    quiet = scenario(["actors.USA.demand.threats=false"])
    for ally in ("rok", "jpn"):
        feared = per_seed(threats, mean_of(f"abandonment_fear_{ally}"))
        calm = per_seed(quiet, mean_of(f"abandonment_fear_{ally}"))
        assert np.all(feared > calm)


def test_m3_abandonment_fear_raises_concessions():
    overrides = ["actors.ROK.response.policy=bargaining", "actors.USA.demand.threat_interval=1"]
    threatened = per_seed(scenario(overrides), _mean_offer)
    spared = per_seed(scenario([*overrides, "actors.USA.demand.threats=false"]), _mean_offer)
    assert np.all(threatened > spared)
    fearless = per_seed(
        scenario([*overrides, "mechanisms.abandonment_concession=0.0"]), _mean_offer
    )
    assert np.all(threatened > fearless)


def test_m3_abandonment_fear_raises_acceptance_of_yes_no_asks():
    afraid = scenario(["actors.ROK.abandonment_fear=0.9"])
    secure = scenario(["actors.ROK.abandonment_fear=0.0"])
    accepted = per_seed(afraid, event_count("deployment_accept", "missiles_rok"))
    declined = per_seed(secure, event_count("deployment_accept", "missiles_rok"))
    assert accepted.mean() > declined.mean()


# -- M4: entrapment (Snyder 1984) ----------------------------------------------------------------
def _not_rivalry(table: dict) -> None:
    for item in table["agenda"].values():
        item["rivalry_linked"] = False


NO_COERCION = ["actors.CHN.coercion.policy=none"]  # isolate M4 from M9's episodes


def test_m4_rivalry_linked_asks_raise_entrapment_fear_and_lower_acceptance():
    linked, neutral = scenario(NO_COERCION), scenario(NO_COERCION, edit=_not_rivalry)
    for ally in ("rok", "jpn"):
        assert np.all(
            per_seed(linked, mean_of(f"entrapment_fear_{ally}"))
            > per_seed(neutral, mean_of(f"entrapment_fear_{ally}"))
        )
    yes_linked = per_seed(linked, event_count("deployment_accept", "missiles_rok"))
    yes_neutral = per_seed(neutral, event_count("deployment_accept", "missiles_rok"))
    assert yes_linked.mean() < yes_neutral.mean()


def test_m4_expected_chinese_coercion_raises_entrapment_fear():
    credible = scenario([*NO_COERCION, "actors.CHN.coercion_credibility=0.9"])
    idle = scenario(
        [*NO_COERCION, "actors.CHN.coercion_credibility=0.0", "timeline.2.magnitude=0.0"]
    )
    assert np.all(
        per_seed(credible, mean_of("entrapment_fear_rok"))
        > per_seed(idle, mean_of("entrapment_fear_rok"))
    )


# -- M5: balance of threat (Walt 1987) -----------------------------------------------------------
# The ROK-Japan dispute's chance events (boycott, mediation) are fixed so that the pairs
# differ by the launches alone.
STEADY = ["actors.USA.mediation.policy=none", "disputes.history.boycott_probability=1.0"]
QUIET = [*STEADY, "actors.PRK.provocation.policy=none"]
ACTIVE = [*STEADY, "actors.PRK.provocation.policy=poisson", "actors.PRK.provocation.rate=2.0"]


def test_m5_provocations_raise_threat_by_severity():
    quiet = per_seed(scenario(QUIET), mean_of("threat_rok"))
    mild = per_seed(
        scenario([*ACTIVE, "actors.PRK.provocation.severity=0.05"]), mean_of("threat_rok")
    )
    severe = per_seed(
        scenario([*ACTIVE, "actors.PRK.provocation.severity=0.2"]), mean_of("threat_rok")
    )
    assert np.all(quiet < mild)
    assert np.all(mild < severe)


def test_m5_shared_threat_raises_cohesion():
    threatened = per_seed(scenario(ACTIVE), mean_of("trilateral_cohesion"))
    quiet = per_seed(scenario(QUIET), mean_of("trilateral_cohesion"))
    assert threatened.mean() > quiet.mean()
    assert np.mean(threatened > quiet) >= 0.8
    no_rally = per_seed(
        scenario([*ACTIVE, "mechanisms.rally_strength=0.0"]), mean_of("trilateral_cohesion")
    )
    assert np.all(threatened > no_rally)


def test_m5_threat_decays_with_its_half_life():
    fast = per_seed(scenario([*ACTIVE, "mechanisms.threat_half_life=1.0"]), mean_of("threat_rok"))
    slow = per_seed(scenario([*ACTIVE, "mechanisms.threat_half_life=6.0"]), mean_of("threat_rok"))
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
        threat = column(run(sc, seed), "threat_rok")
        assert threat[0] > 0.3
        assert np.all(np.diff(threat[1:]) <= 1e-12)
        assert abs(threat[-1] - 0.3) < 1e-3
