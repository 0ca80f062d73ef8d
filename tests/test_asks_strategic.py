"""The strategic answers to US asks (M1-M5, M9): terms, constraints and the observation.

Unit tests of :mod:`agents.policies.response_strategic`; the controlled-pair mechanism
tests of its terms are Specs in tests/mechanism_specs.py (ASKS), asserted at the end.
"""

from __future__ import annotations

import math
from dataclasses import replace

import numpy as np
import pytest
from mechanism_specs import ASKS
from mechanism_support import assert_spec

from agents.observations import Choice, DemandObservation, ResponseObservation
from agents.policies.demand_strategic import SPEC as DEMAND
from agents.policies.demand_strategic import StrategicDemand, StrategicDemandParams, urgency
from agents.policies.demand_strategic import asks as demand_asks
from agents.policies.demand_strategic import term_values as demand_terms
from agents.policies.response_strategic import (
    COALITION,
    COST_SHARING,
    DEPLOYMENT,
    StrategicResponse,
    StrategicResponseParams,
    coalition_terms,
    cost_sharing_terms,
    deployment_terms,
    levels,
)

P = StrategicResponseParams()


def view(kind: str = "deployment", **fields) -> ResponseObservation:
    """A 2019-like ROK view of an ask (baseline_2019.toml's initial state)."""
    base = ResponseObservation(
        kind, 0.0, 0.0, 0.0, 0.5, None, 1, 10,
        rivalry_linked=True, abandonment_fear=0.18, entrapment_fear=0.6, affinity_to_us=0.84,
        threat=0.3, domestic_support=0.41, trade_dependence=0.25, credibility=0.8,
    )  # fmt: skip
    return replace(base, **fields)


def sma(**fields) -> ResponseObservation:
    """The 11th SMA ask as Seoul saw it: 5 bn USD against 0.891, win-set +13 %."""
    values = {"ask": 5.0, "status_quo": 0.891, "win_set_ceiling": 1.5, "nominal_ceiling": 1.007,
              "rivalry_linked": False}  # fmt: skip
    return view("cost_sharing", **(values | fields))


def chance(obs: ResponseObservation, option: str, **params) -> float:
    """The probability of ``option`` for ``obs``."""
    _, (choice,) = StrategicResponse(StrategicResponseParams(**params)).reasoned(
        obs, np.random.default_rng(0)
    )
    return choice.probabilities[choice.options.index(option)]


def terms(obs: ResponseObservation, option: str) -> dict[str, float]:
    _, (choice,) = StrategicResponse().reasoned(obs, np.random.default_rng(0))
    return choice.term_values(option)


def test_the_options_and_the_mechanism_of_each_term():
    assert DEPLOYMENT.options == ("accept", "refuse", "wait")
    assert COALITION.options == ("join", "independent", "refuse", "wait")
    assert COST_SHARING.options == ("status_quo", "win_set", "split", "ask")
    tags = {t: m for spec in (DEPLOYMENT, COALITION, COST_SHARING) for _, t, m in spec.layout}
    assert tags == {
        "abandonment": "M3", "us_pressure": "M3", "threat": "M5", "entrapment": "M4",
        "coercion_risk": "M9", "domestic": "M2", "status_quo": "base", "deadline": "base",
        "patience": "base",
        "stake": "base", "autonomy": "base", "burden": "M1", "ratification": "M2",
        "constraint": "base",
    }  # fmt: skip


def test_deployment_terms_follow_the_equations():
    t = terms(view(), "accept")
    assert t == pytest.approx({
        "abandonment": 2.0 * 0.18, "us_pressure": 1.0 * 0.5 * 1.84, "threat": 1.0 * 0.3,
        "entrapment": -2.0 * 0.6, "coercion_risk": -4.0 * 0.8 * 0.25 * 1.0,
        "domestic": -2.5 * 0.59,
    })  # fmt: skip
    assert terms(view(), "wait") == pytest.approx({"patience": 3.0 * 10 / 11, "deadline": 0.0})
    assert len(deployment_terms(P, view())) == len(DEPLOYMENT.layout)


def test_the_thaad_precedent_doubles_the_coercion_risk():
    once = StrategicResponseParams(precedent=1.0)
    assert deployment_terms(once, view())[4] == pytest.approx(2 * deployment_terms(P, view())[4])


def test_entrapment_and_coercion_risk_act_only_on_rivalry_asks():
    free = view(rivalry_linked=False)
    t = terms(free, "accept")
    assert t["entrapment"] == 0.0 and t["coercion_risk"] == 0.0
    assert chance(free, "accept") > chance(view(), "accept")


def test_waiting_is_unavailable_from_the_deadline_month_on():
    for left in (0, -3):
        assert chance(view(months_to_deadline=left), "wait") == 0.0
        assert chance(view("coalition", months_to_deadline=left), "wait") == 0.0
    assert chance(view(months_to_deadline=1), "wait") > 0.5


@pytest.mark.parametrize(
    ("field", "low", "high", "direction"),
    [
        ("credibility", 0.0, 0.9, -1),  # M9: credible coercion deters
        ("entrapment_fear", 0.1, 0.9, -1),  # M4
        ("abandonment_fear", 0.0, 0.9, 1),  # M3
        ("affinity_to_us", -0.5, 0.9, 1),  # M3: dependence on the US
        ("threat", 0.0, 0.9, 1),  # M5
        ("domestic_support", 0.1, 0.9, 1),  # M2
    ],
)
def test_each_term_moves_acceptance_the_way_theory_says(field, low, high, direction):
    lo, hi = (chance(view(**{field: v}), "accept") for v in (low, high))
    assert (hi - lo) * direction > 0


def test_coalition_terms_follow_the_equations():
    obs = view("coalition", rivalry_linked=False)
    join, ind = terms(obs, "join"), terms(obs, "independent")
    assert join["stake"] == ind["stake"] == pytest.approx(0.7)
    assert ind["abandonment"] == pytest.approx(0.5 * join["abandonment"])
    assert ind["domestic"] == pytest.approx(0.5 * join["domestic"])
    assert ind["autonomy"] == 0.8 and join["entrapment"] == 0.0
    assert len(coalition_terms(P, obs)) == len(COALITION.layout)


def test_the_2019_state_answers_hormuz_independently():
    obs = view("coalition", rivalry_linked=False, months_to_deadline=0)
    assert chance(obs, "independent") > 0.8
    assert chance(obs, "join") < 0.15


def test_the_four_offer_levels():
    assert levels(sma()) == pytest.approx((0.891, 1.007, 3.0035, 5.0))
    inside = sma(ask=1.0)  # an ask below the win-set's top: the top is the ask
    assert levels(inside) == pytest.approx((0.891, 1.0, 1.0, 1.0))
    assert chance(inside, "split") == chance(inside, "ask") == 0.0  # repeats: unavailable
    assert levels(sma(nominal_ceiling=None)) == pytest.approx((0.891, 1.5, 3.25, 5.0))


def test_cost_sharing_terms_follow_the_equations():
    t = terms(sma(), "split")
    x = 0.5 * (1.007 + 5.0)
    assert t == pytest.approx({
        "burden": -(x - 0.891) / 0.891, "ratification": -3.0 * 0.59 * (x - 1.007) / 1.007,
        "abandonment": 2.0 * 0.18 * (x - 0.891) / (5.0 - 0.891), "us_pressure": 0.0,
        "status_quo": 0.0, "constraint": 0.0,
    })  # fmt: skip
    sq = terms(sma(), "status_quo")
    assert sq["us_pressure"] == pytest.approx(-0.92) and sq["status_quo"] == 0.5
    assert len(cost_sharing_terms(P, sma())) == len(COST_SHARING.layout)


def test_the_2019_state_offers_the_win_set():
    assert chance(sma(), "win_set") > 0.7


def test_offering_the_ask_accepts_it():
    policy = StrategicResponse(StrategicResponseParams(precision=0.0))
    for seed in range(40):
        move = policy.decide(sma(), np.random.default_rng(seed))
        assert (move.choice is Choice.ACCEPT) == (move.offer == 5.0)


def test_offers_rise_with_abandonment_fear_and_support():
    def mean_offer(obs):
        _, (c,) = StrategicResponse().reasoned(obs, np.random.default_rng(0))
        return sum(p * x for p, x in zip(c.probabilities, levels(obs), strict=True))

    assert mean_offer(sma(abandonment_fear=0.9)) > mean_offer(sma(abandonment_fear=0.0))
    assert mean_offer(sma(domestic_support=0.9)) > mean_offer(sma(domestic_support=0.1))
    assert mean_offer(sma(nominal_ceiling=1.3)) > mean_offer(sma())


def test_one_draw_per_decision_whatever_the_kind():
    for obs in (view(), view("coalition"), sma(), view(months_to_deadline=0)):
        a, b = np.random.default_rng(5), np.random.default_rng(5)
        StrategicResponse().decide(obs, a)
        b.random()
        assert a.random() == b.random()


def test_no_nan_and_an_available_option_on_degenerate_asks():
    for obs in (sma(ask=0.891), sma(status_quo=0.0, ask=0.0, nominal_ceiling=0.0)):
        values = cost_sharing_terms(P, obs)
        assert not any(math.isnan(v) for v in values)
        assert chance(obs, "status_quo") == 1.0


# -- the US ask (demand_strategic) --------------------------------------------------------
D = StrategicDemandParams()


def talks(**fields) -> DemandObservation:
    """The 11th SMA talks after the lapse: ask 4 bn USD, Seoul's offer +13 %."""
    base = DemandObservation(5.0, 0.891, 4.0, 1.007, 9, -6, 9, cohesion=0.6, ally_fear=0.2)
    return replace(base, **fields)


def us_chance(obs: DemandObservation, option: str, **params) -> float:
    _, (choice,) = StrategicDemand(StrategicDemandParams(**params)).reasoned(
        obs, np.random.default_rng(0)
    )
    return choice.probabilities[choice.options.index(option)]


def test_the_us_moves_and_their_asks():
    assert DEMAND.options == ("hold", "threaten", "lower", "meet", "settle")
    opening = talks(last_ask=5.0)
    assert demand_asks(D, opening) == pytest.approx((5.0, 5.0, 4.5, 3.0035, 1.007))
    # lowering stops at the floor (0.8 of the opening ask) and never goes below it
    assert demand_asks(D, talks(last_ask=4.05))[2] == pytest.approx(4.0)
    assert us_chance(talks(), "lower") == 0.0  # at the floor already


def test_demand_terms_follow_the_equations():
    _, (choice,) = StrategicDemand().reasoned(talks(), np.random.default_rng(0))
    value = 0.5 + 0.5 * 1.0 + 1.0 * 0.4
    assert choice.term_values("settle") == pytest.approx(
        {"concession": -4.0 * (4.0 - 1.007) / 5.0, "deal": value, "constraint": 0.0}
    )
    assert choice.term_values("threaten") == pytest.approx({
        "concession": 0.0, "deal": value * 1.007 / 4.0, "resolve": 0.5,
        "lever": 1.5 * 0.8 * (4.0 - 1.007) / 4.0, "threat_cost": -1.0,
    })  # fmt: skip
    assert len(demand_terms(D, talks())) == len(DEMAND.layout)


def test_no_offer_no_meeting_or_settling():
    fresh = talks(last_offer=None, last_ask=5.0, months_open=0, months_to_deadline=3)
    assert us_chance(fresh, "meet") == us_chance(fresh, "settle") == 0.0
    assert urgency(fresh) == 0.0 and urgency(talks()) == 1.0
    assert urgency(talks(months_open=1, months_to_deadline=3)) == 0.25


def test_the_us_settles_more_with_a_cheap_concession_and_a_strained_tie():
    assert us_chance(talks(), "settle") < 0.05  # the 2019-2020 weights: hold out
    assert us_chance(talks(), "settle", concession=0.5, cohesion=2.0) > 0.5  # the 2021 ones
    assert us_chance(talks(cohesion=0.2), "settle") > us_chance(talks(cohesion=0.9), "settle")


def test_the_troop_cut_lever_is_worth_less_once_the_ally_fears():
    assert us_chance(talks(ally_fear=0.9), "threaten") < us_chance(talks(), "threaten")
    assert us_chance(talks(), "threaten", lever=0.0) < us_chance(talks(), "threaten")


def test_settling_accepts_the_offer_and_threatening_keeps_the_ask():
    policy = StrategicDemand(StrategicDemandParams(precision=0.0))
    for seed in range(40):
        _, (choice,) = policy.reasoned(talks(), np.random.default_rng(seed))
        move = policy.decide(talks(), np.random.default_rng(seed))
        assert move.troop_threat == (choice.option == "threaten")
        if choice.option == "settle":
            assert move.ask == move.min_acceptable == 1.007
        else:
            assert move.min_acceptable == pytest.approx(0.9 * move.ask)


# -- controlled pairs (tests/mechanism_specs.py, ASKS): 40 seeds, a 95 % CI off zero ------
@pytest.mark.parametrize("spec", ASKS, ids=lambda s: s.id)
def test_mechanism(spec):
    assert_spec(spec)
