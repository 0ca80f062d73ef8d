"""Coercion policies: the shared checks plus China's answers to US missile deployments.

``thaad`` opens an episode against each target that accepted US missiles last month and is
not yet under coercion, as China did against Seoul in 2017 (about 7.5 months, a loss near
0.5 % of GDP); ``inducement`` courts the ally whose cohesion with the US is lowest.
"""

from __future__ import annotations

import pytest
from hypothesis import given

from agents.observations import CoercionMove, CoercionObservation
from agents.policies.coercion import Inducement, NoCoercion, ThaadCoercion

from .policy_test_case import (
    COERCION_OBSERVATIONS,
    PROPERTY,
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
        idle = CoercionMove((), 0.0, 0.0, None, 0.0)
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
        assert move.induce is None and move.inducement == 0.0, "thaad never courts"
        if move.coerce:
            p = self.make(**params).params
            assert (move.duration, move.gdp_loss) == (p.duration_months, p.gdp_loss)
        return move.coerce

    def test_the_2017_episode(self) -> None:
        move = self.make().decide(seen(("ROK",)), None)
        assert move == CoercionMove(("ROK",), 7.5, 0.005, None, 0.0)

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
    param_variants = ({"strength": 0.2},)

    def test_courts_the_ally_with_the_weakest_us_tie(self) -> None:
        self.versus_test(
            [seen(ROK=0.55, JPN=0.75), seen(ROK=0.8, JPN=0.3), seen(ROK=0.0, JPN=1.0)],
            [
                CoercionMove(induce="ROK", inducement=0.05),
                CoercionMove(induce="JPN", inducement=0.05),
                CoercionMove(induce="ROK", inducement=0.05),
            ],
        )

    @pytest.mark.parametrize("level", [0.0, 0.6, 1.0])
    def test_a_tie_goes_to_the_first_name(self, level: float) -> None:
        # "JPN" < "ROK", in whichever order the model lists them.
        for cohesion in ({"ROK": level, "JPN": level}, {"JPN": level, "ROK": level}):
            move = self.make().decide(CoercionObservation((), (), cohesion), None)
            assert move.induce == "JPN"

    def test_a_hair_breaks_the_tie(self) -> None:
        assert self.make().decide(seen(ROK=0.6 - 1e-12, JPN=0.6), None).induce == "ROK"

    def test_strength_is_the_parameter(self) -> None:
        move = self.make(strength=0.2).decide(seen(), None)
        assert move == CoercionMove((), 0.0, 0.0, "ROK", 0.2)

    def test_never_coerces_and_ignores_deployments(self) -> None:
        policy = self.make()
        for obs in COERCION_OBSERVATIONS:
            move = policy.decide(obs, None)
            assert move.coerce == ()
            plain = policy.decide(CoercionObservation((), (), obs.us_dyad_cohesion), None)
            assert move == plain

    def test_a_single_ally_is_courted(self) -> None:
        assert self.make().decide(seen(JPN=0.9), None).induce == "JPN"

    @PROPERTY
    @given(obs=coercion_observations)
    def test_courts_a_weakest_ally(self, obs: CoercionObservation) -> None:
        move = self.make().decide(obs, None)
        weakest = min(obs.us_dyad_cohesion.values())
        ties = sorted(a for a, c in obs.us_dyad_cohesion.items() if c == weakest)
        assert move.induce == ties[0]
