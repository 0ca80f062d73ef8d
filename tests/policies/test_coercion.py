"""Coercion policies: the shared checks plus China's answers to US missile deployments.

``thaad`` opens an episode against each target that accepted US missiles last month and is
not yet under coercion, as China did against Seoul in 2017 (about 7.5 months, a loss near
0.5 % of GDP); ``inducement`` courts the ally whose cohesion with the US is lowest;
``strategic`` chooses for each ally among punishing, warning, courting and nothing by the
logit choice model, from terms read from the state.
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given

from agents.observations import CoercionMove, CoercionObservation
from agents.policies.coercion import Inducement, NoCoercion, StrategicCoercion, ThaadCoercion

from .policy_test_case import (
    COERCION_OBSERVATIONS,
    PROPERTY,
    ChoicePolicyTestCase,
    PolicyTestCase,
    coercion_observations,
)

COHESION = {"ROK": 0.55, "JPN": 0.75}  # 2019: the US-ROK tie strained by the SMA talks


def seen(new: tuple[str, ...] = (), coerced: tuple[str, ...] = (), **cohesion: float):
    """China's view: who deployed last month, who is coerced, US-ally cohesion."""
    return CoercionObservation(new, coerced, cohesion or dict(COHESION))


class TestNoCoercion(PolicyTestCase):
    policy_class = NoCoercion
    expected_name = "none"
    expected_family = "coercion"
    expected_classifier = {"stochastic": False, "memory": False}

    def test_neither_punishes_nor_courts(self) -> None:
        idle = CoercionMove((), 0.0, 0.0, (), 0.0, 0.0, (), 0.0)
        self.versus_test(COERCION_OBSERVATIONS, [idle] * len(COERCION_OBSERVATIONS))


class TestThaadCoercion(PolicyTestCase):
    policy_class = ThaadCoercion
    expected_name = "thaad"
    expected_family = "coercion"
    expected_classifier = {"stochastic": False, "memory": False}
    param_variants = (
        {"targets": ["ROK", "JPN"], "duration_months": 12.0, "gdp_loss": 0.01},
        {"targets": []},
    )

    def coerced(self, obs: CoercionObservation, **params: object) -> tuple[str, ...]:
        move = self.make(**params).decide(obs, None)
        assert move.induce == () and move.inducement == 0.0, "thaad never courts"
        assert move.warn == () and move.us_pull == 0.0, "thaad never warns"
        if move.coerce:
            p = self.make(**params).params
            assert (move.duration, move.gdp_loss) == (p.duration_months, p.gdp_loss)
        return move.coerce

    def test_the_2017_episode(self) -> None:
        move = self.make().decide(seen(("ROK",)), None)
        assert move == CoercionMove(("ROK",), 7.5, 0.005)

    def test_punishes_a_new_deployer_once(self) -> None:
        # ROK accepts; the next months it is under coercion; when the episode is over and it
        # accepts again, a new episode opens.
        months = [
            seen(),
            seen(("ROK",)),
            seen((), ("ROK",)),
            seen(("ROK",), ("ROK",)),
            seen(()),
            seen(("ROK",)),
        ]
        assert [self.coerced(obs) for obs in months] == [(), ("ROK",), (), (), (), ("ROK",)]

    def test_only_its_targets(self) -> None:
        assert self.coerced(seen(("JPN",))) == ()
        assert self.coerced(seen(("JPN", "ROK"))) == ("ROK",)
        assert self.coerced(seen(("ROK", "JPN")), targets=[]) == ()
        assert self.coerced(seen(("JPN",)), targets=["JPN"]) == ("JPN",)

    def test_every_new_deployer_among_its_targets_not_yet_coerced(self) -> None:
        both = {"targets": ["ROK", "JPN"]}
        assert self.coerced(seen(("JPN", "ROK")), **both) == ("JPN", "ROK")
        assert self.coerced(seen(("ROK", "JPN")), **both) == ("ROK", "JPN")
        assert self.coerced(seen(("JPN", "ROK"), ("JPN",)), **both) == ("ROK",)
        assert self.coerced(seen(("JPN", "ROK"), ("JPN", "ROK")), **both) == ()
        assert self.coerced(seen((), ("JPN",)), **both) == ()

    def test_duration_and_loss_are_the_parameters(self) -> None:
        policy = self.make(targets=["JPN"], duration_months=12.0, gdp_loss=0.01)
        assert policy.decide(seen(("JPN",)), None) == CoercionMove(("JPN",), 12.0, 0.01)

    def test_blind_to_cohesion(self) -> None:
        for rok, jpn in [(0.1, 0.9), (0.9, 0.1), (0.5, 0.5)]:
            assert self.coerced(seen(("ROK", "JPN"), ROK=rok, JPN=jpn)) == ("ROK",)

    @PROPERTY
    @given(obs=coercion_observations)
    def test_coerces_exactly_the_new_uncoerced_targets(self, obs: CoercionObservation) -> None:
        targets = ["ROK", "JPN"]
        expected = tuple(a for a in obs.new_deployments if a not in obs.coerced)
        assert self.coerced(obs, targets=targets) == expected


class TestInducement(PolicyTestCase):
    policy_class = Inducement
    expected_name = "inducement"
    expected_family = "coercion"
    expected_classifier = {"stochastic": False, "memory": False}
    param_variants = ({"strength": 0.2}, {"us_pull": 0.1})

    def test_courts_the_ally_with_the_weakest_us_tie(self) -> None:
        self.versus_test(
            [seen(ROK=0.55, JPN=0.75), seen(ROK=0.8, JPN=0.3), seen(ROK=0.0, JPN=1.0)],
            [
                CoercionMove(induce=("ROK",), inducement=0.05, us_pull=0.02),
                CoercionMove(induce=("JPN",), inducement=0.05, us_pull=0.02),
                CoercionMove(induce=("ROK",), inducement=0.05, us_pull=0.02),
            ],
        )

    def test_its_own_pull_away_from_the_us(self) -> None:
        # Its own parameter, not mechanisms.wedge_strength (which was 0.02 by default).
        assert self.make().params.us_pull == 0.02
        assert self.make(us_pull=0.1).decide(seen(), None).us_pull == 0.1

    @pytest.mark.parametrize("level", [0.0, 0.6, 1.0])
    def test_a_tie_goes_to_the_first_name(self, level: float) -> None:
        # "JPN" < "ROK", in whichever order the model lists them.
        for cohesion in ({"ROK": level, "JPN": level}, {"JPN": level, "ROK": level}):
            move = self.make().decide(CoercionObservation((), (), cohesion), None)
            assert move.induce == ("JPN",)

    def test_a_hair_breaks_the_tie(self) -> None:
        assert self.make().decide(seen(ROK=0.6 - 1e-12, JPN=0.6), None).induce == ("ROK",)

    def test_strength_is_the_parameter(self) -> None:
        move = self.make(strength=0.2).decide(seen(), None)
        assert move == CoercionMove((), 0.0, 0.0, ("ROK",), 0.2, 0.02)

    def test_never_coerces_and_ignores_deployments(self) -> None:
        policy = self.make()
        for obs in COERCION_OBSERVATIONS:
            move = policy.decide(obs, None)
            assert move.coerce == ()
            plain = policy.decide(CoercionObservation((), (), obs.us_dyad_cohesion), None)
            assert move == plain

    def test_a_single_ally_is_courted(self) -> None:
        assert self.make().decide(seen(JPN=0.9), None).induce == ("JPN",)

    @PROPERTY
    @given(obs=coercion_observations)
    def test_courts_a_weakest_ally(self, obs: CoercionObservation) -> None:
        move = self.make().decide(obs, None)
        weakest = min(obs.us_dyad_cohesion.values())
        ties = sorted(a for a, c in obs.us_dyad_cohesion.items() if c == weakest)
        assert move.induce == (ties[0],)


# -- strategic: a logit choice per ally over terms read from the state (M8, M9) -----------
SHARP = {"precision": 100.0}  # nearly the best option: a script can say what is chosen


def state(
    new: tuple[str, ...] = (),
    coerced: tuple[str, ...] = (),
    asks: dict[str, int] | None = None,
    trade: dict[str, float] | None = None,
    credibility: float = 0.5,
    **cohesion: float,
) -> CoercionObservation:
    """China's full view (baseline-like defaults: cohesion 0.72/0.66, trade 0.25/0.2)."""
    return CoercionObservation(
        new,
        coerced,
        cohesion or {"ROK": 0.72, "JPN": 0.66},
        asks if asks is not None else {"ROK": 0, "JPN": 0},
        trade if trade is not None else {"ROK": 0.25, "JPN": 0.2},
        credibility,
    )


def choices(policy: StrategicCoercion, obs: CoercionObservation, seed: int = 0) -> dict:
    """The choice about each ally, by ally."""
    _, made = policy.reasoned(obs, np.random.default_rng(seed))
    return {c.subject: c for c in made}


def chance(policy: StrategicCoercion, obs: CoercionObservation, ally: str, option: str) -> float:
    """The probability of ``option`` in the decision about ``ally``."""
    choice = choices(policy, obs)[ally]
    return choice.probabilities[choice.options.index(option)]


class TestStrategicCoercion(ChoicePolicyTestCase):
    policy_class = StrategicCoercion
    expected_name = "strategic"
    expected_family = "coercion"
    expected_classifier = {"stochastic": True, "memory": False}
    param_variants = ({"precision": 0.0}, {"courting": 0.0, "deployment": 10.0}, SHARP)

    def observations(self) -> tuple[CoercionObservation, ...]:
        # The typical ones, plus a new deployment with rivalry-linked asks open.
        return (*COERCION_OBSERVATIONS, state(("ROK",), asks={"ROK": 2, "JPN": 1}))

    def test_one_decision_per_ally_in_order_with_its_subject(self) -> None:
        made = self.make().reasoned(state(), np.random.default_rng(0))[1]
        assert [(c.decision, c.subject) for c in made] == [("coercion", "ROK"), ("coercion", "JPN")]
        assert all(c.options == ("punish", "warn", "court", "nothing") for c in made)

    def test_move_follows_the_choices(self) -> None:
        policy = self.make()
        for seed in range(30):
            obs = state(("ROK",), asks={"ROK": 1, "JPN": 2}, credibility=0.2, ROK=0.3, JPN=0.3)
            move = policy.decide(obs, np.random.default_rng(seed))
            made = choices(policy, obs, seed)
            by = {
                o: tuple(a for a, c in made.items() if c.option == o) for o in made["ROK"].options
            }
            assert (move.coerce, move.warn, move.induce) == (by["punish"], by["warn"], by["court"])

    def test_punish_is_unavailable_without_a_new_deployment_or_during_an_episode(self) -> None:
        policy = self.make()
        assert chance(policy, state(), "ROK", "punish") == 0.0
        assert chance(policy, state(("JPN",)), "ROK", "punish") == 0.0
        assert chance(policy, state(("ROK",), ("ROK",)), "ROK", "punish") == 0.0
        assert chance(policy, state(("ROK",)), "ROK", "punish") > 0.99

    def test_warn_is_unavailable_without_an_open_rivalry_ask(self) -> None:
        policy = self.make()
        assert chance(policy, state(credibility=0.0), "ROK", "warn") == 0.0
        assert (
            chance(policy, state(asks={"ROK": 2, "JPN": 0}, credibility=0.0), "ROK", "warn") > 0.5
        )

    def test_an_accepted_deployment_is_punished_the_thaad_way(self) -> None:
        move = self.make(**SHARP).decide(state(("ROK",)), np.random.default_rng(0))
        assert move.coerce == ("ROK",)
        assert (move.duration, move.gdp_loss) == (7.5, 0.005)  # thaad_coercion_duration, _loss_rok

    def test_china_s_own_trade_at_stake_restrains_punishment(self) -> None:
        policy = self.make()
        low, high = ({"ROK": t, "JPN": 0.2} for t in (0.1, 0.6))
        assert chance(policy, state(("ROK",), trade=low), "ROK", "punish") > chance(
            policy, state(("ROK",), trade=high), "ROK", "punish"
        )
        term = choices(policy, state(("ROK",), trade=high))["ROK"].term_values("punish")
        assert term["trade_cost"] == pytest.approx(-6.0 * 0.6) and term["deployment"] == 3.0

    def test_warnings_stop_once_credibility_is_built(self) -> None:
        policy, asks = self.make(), {"ROK": 2, "JPN": 0}
        odds = [
            chance(policy, state(asks=asks, credibility=k), "ROK", "warn") for k in (0, 0.5, 0.9)
        ]
        assert odds[0] > odds[1] > odds[2]
        assert odds[2] < 0.1
        more = chance(policy, state(asks={"ROK": 3, "JPN": 0}, credibility=0.5), "ROK", "warn")
        assert more > odds[1]  # each open ask adds to the value of a warning

    def test_courts_the_weakest_dyad(self) -> None:
        policy = self.make()
        obs = state(ROK=0.3, JPN=0.8)
        assert chance(policy, obs, "ROK", "court") > 0.5 > chance(policy, obs, "JPN", "court")
        assert chance(policy, state(), "ROK", "court") < 0.05  # a baseline-like tie: rarely
        term = choices(policy, obs)["ROK"].term_values("court")
        assert term == pytest.approx({"courting": 3.0 * 0.7, "court_cost": -2.0})

    def test_without_the_courting_weight_the_dyad_does_not_matter(self) -> None:
        policy = self.make(courting=0.0)
        weak, firm = state(ROK=0.1), state(ROK=0.9)
        assert chance(policy, weak, "ROK", "court") == chance(policy, firm, "ROK", "court")

    def test_mechanisms_of_the_terms(self) -> None:
        from agents.policies.coercion_strategic import SPEC

        tags = {term: mechanism for _, term, mechanism in SPEC.layout}
        assert tags == {"deployment": "M9", "trade_cost": "base", "constraint": "base",
                        "rivalry_asks": "M9", "credibility": "M9", "courting": "M8",
                        "court_cost": "base"}  # fmt: skip

    def test_sizes_of_the_moves_are_the_parameters(self) -> None:
        policy = self.make(strength=0.1, us_pull=0.03, warning=0.2, **SHARP)
        obs = state(asks={"ROK": 0, "JPN": 3}, credibility=0.0, ROK=0.0, JPN=0.9)
        move = policy.decide(obs, np.random.default_rng(0))
        assert move == CoercionMove(induce=("ROK",), inducement=0.1, us_pull=0.03,
                                    warn=("JPN",), warning=0.2)  # fmt: skip
