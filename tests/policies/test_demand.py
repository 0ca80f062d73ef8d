"""Demand policies: the shared checks plus scripted rounds of cost-sharing talks."""

from __future__ import annotations

import numpy as np
from hypothesis import given

from agents.observations import DemandMove, DemandObservation
from agents.policies.demand import Cooperative, Escalating, Fixed, Transactional
from agents.policies.demand_strategic import StrategicDemand

from .policy_test_case import PROPERTY, ChoicePolicyTestCase, PolicyTestCase, demand_observations


def rejected_rounds(months: int, initial_ask: float = 5.0) -> list[DemandObservation]:
    """Talks in which every offer falls short: month k has k rejected rounds.

    The ROK item of 2019: opens 2019-09 with a 5 bn USD ask against 0.891 bn, deadline
    2019-12 (three months on); ``last_ask``/``last_offer`` are left at the opening values.
    """
    return [
        DemandObservation(initial_ask, 0.891, initial_ask, 0.891, k, 3 - k, k)
        for k in range(months)
    ]


class TestFixed(PolicyTestCase):
    policy_class = Fixed
    expected_name = "fixed"
    expected_family = "demand"
    expected_classifier = {"stochastic": False, "memory": False}
    param_variants = ({"acceptance_ratio": 0.8},)

    def test_repeats_the_opening_ask_whatever_happens(self) -> None:
        self.versus_test(
            rejected_rounds(5),
            [DemandMove(5.0, 5.0, False)] * 5,
        )

    def test_accepts_its_ratio_of_the_ask(self) -> None:
        self.versus_test(
            rejected_rounds(3, initial_ask=8.0),
            [DemandMove(8.0, 6.4, False)] * 3,
            params={"acceptance_ratio": 0.8},
        )

    def test_ignores_the_last_ask_and_offer(self) -> None:
        obs = DemandObservation(5.0, 0.891, 3.0, 2.9, 12, -9, 12)
        self.versus_test([obs], [DemandMove(5.0, 4.5)], params={"acceptance_ratio": 0.9})


class TestEscalating(PolicyTestCase):
    policy_class = Escalating
    expected_name = "escalating"
    expected_family = "demand"
    expected_classifier = {"stochastic": False, "memory": True}
    param_variants = ({"growth": 0.1, "max_multiple": 1.5, "acceptance_ratio": 0.9},)

    def test_grows_ten_percent_a_rejected_round_up_to_twice_the_opening_ask(self) -> None:
        # 1.1 ** 7 = 1.949 < 2 < 1.1 ** 8 = 2.144: the cap binds from the 8th rejection.
        asks = [5.0, 5.5, 6.05, 6.655, 7.3205, 8.05255, 8.857805, 9.7435855, 10.0, 10.0, 10.0]
        self.versus_test(
            rejected_rounds(11),
            [DemandMove(ask, ask, False) for ask in asks],
            params={"growth": 0.1, "max_multiple": 2.0},
        )

    def test_acceptance_ratio_applies_to_the_escalated_ask(self) -> None:
        self.versus_test(
            rejected_rounds(3),
            [DemandMove(5.0, 4.5), DemandMove(5.5, 4.95), DemandMove(6.05, 5.445)],
            params={"growth": 0.1, "acceptance_ratio": 0.9},
        )

    def test_zero_growth_is_fixed(self) -> None:
        self.versus_test(rejected_rounds(4), [DemandMove(5.0, 5.0)] * 4, params={"growth": 0.0})

    def test_max_multiple_one_never_escalates(self) -> None:
        self.versus_test(
            rejected_rounds(4),
            [DemandMove(5.0, 5.0)] * 4,
            params={"growth": 0.5, "max_multiple": 1.0},
        )

    def test_escalates_on_rejections_not_on_months(self) -> None:
        obs = DemandObservation(5.0, 0.891, 5.0, 1.2, 10, -7, 1)
        self.versus_test([obs], [DemandMove(5.5, 5.5)], params={"growth": 0.1})

    def test_long_talks_stay_at_the_cap(self) -> None:
        obs = DemandObservation(5.0, 0.891, 10.0, 0.891, 1100, -1097, 1100)
        self.versus_test([obs], [DemandMove(10.0, 10.0)], params={"growth": 1.0})


class TestTransactional(PolicyTestCase):
    policy_class = Transactional
    expected_name = "transactional"
    expected_family = "demand"
    expected_classifier = {"stochastic": False, "memory": True}
    param_variants = (
        {"threats": False},
        {"markdown": 0.1, "floor": 0.5, "threat_interval": 2, "acceptance_ratio": 1.0},
    )

    def test_marks_down_to_the_floor_and_threatens_every_third_rejection(self) -> None:
        # 5 bn marked down 3.3 % of the opening ask a month: 4.01 bn after six months
        # (the 2019-2020 record: 5 to about 4), then the floor of 4 bn holds.
        script = [
            (5.0, False),
            (4.835, False),
            (4.67, False),
            (4.505, True),  # 3rd rejected round
            (4.34, False),
            (4.175, False),
            (4.01, True),  # 6th
            (4.0, False),  # 1 - 0.033 * 7 = 0.769 < floor 0.8
            (4.0, False),
            (4.0, True),  # 9th
            (4.0, False),
        ]
        self.versus_test(
            rejected_rounds(11),
            [DemandMove(ask, 0.9 * ask, threat) for ask, threat in script],
        )

    def test_never_threatens_with_threats_off(self) -> None:
        moves = [
            DemandMove(5.0, 4.5),
            DemandMove(4.835, 4.3515),
            DemandMove(4.67, 4.203),
            DemandMove(4.505, 4.0545),
            DemandMove(4.34, 3.906),
            DemandMove(4.175, 3.7575),
            DemandMove(4.01, 3.609),
        ]
        self.versus_test(rejected_rounds(7), moves, params={"threats": False})

    def test_threat_interval_one_threatens_after_every_rejection(self) -> None:
        threats = [False, True, True, True]
        moves = [DemandMove(5.0, 5.0, t) for t in threats]
        params = {"markdown": 0.0, "threat_interval": 1, "acceptance_ratio": 1.0}
        self.versus_test(rejected_rounds(4), moves, params=params)

    def test_no_threat_in_months_without_a_new_multiple_of_rejections(self) -> None:
        # Four months open but only two rejected rounds: no threat yet.
        obs = DemandObservation(5.0, 0.891, 4.67, 2.0, 4, -1, 2)
        self.versus_test([obs], [DemandMove(4.34, 3.906, False)])

    def test_zero_markdown_keeps_the_opening_ask(self) -> None:
        self.versus_test(
            rejected_rounds(3),
            [DemandMove(5.0, 4.5)] * 3,
            params={"markdown": 0.0, "threats": False},
        )


class TestCooperative(PolicyTestCase):
    policy_class = Cooperative
    expected_name = "cooperative"
    expected_family = "demand"
    expected_classifier = {"stochastic": False, "memory": True}
    param_variants = ({"concession": 0.5, "acceptance_ratio": 0.8},)

    def test_meets_the_ally_a_quarter_of_the_way_each_month(self) -> None:
        # The ally offers 1.0, then 1.5, then 2.0; the ask closes 25 % of each gap.
        observations = [
            DemandObservation(5.0, 0.891, 5.0, None, 0, 3, 0),
            DemandObservation(5.0, 0.891, 5.0, 1.0, 1, 2, 1),
            DemandObservation(5.0, 0.891, 4.0, 1.5, 2, 1, 2),
            DemandObservation(5.0, 0.891, 3.375, 2.0, 3, 0, 3),
        ]
        asks = [5.0, 4.0, 3.375, 3.03125]
        self.versus_test(observations, [DemandMove(a, 0.95 * a, False) for a in asks])

    def test_never_rises_toward_a_higher_offer(self) -> None:
        obs = DemandObservation(5.0, 0.891, 3.0, 3.5, 8, -5, 7)
        self.versus_test([obs], [DemandMove(3.0, 2.85)])

    def test_full_concession_takes_the_offer(self) -> None:
        obs = DemandObservation(5.0, 0.891, 5.0, 1.2, 1, 2, 1)
        self.versus_test(
            [obs], [DemandMove(1.2, 1.2)], params={"concession": 1.0, "acceptance_ratio": 1.0}
        )

    def test_zero_concession_holds_the_ask(self) -> None:
        obs = DemandObservation(5.0, 0.891, 4.2, 1.2, 1, 2, 1)
        self.versus_test([obs], [DemandMove(4.2, 3.99)], params={"concession": 0.0})

    @PROPERTY
    @given(obs=demand_observations())
    def test_ask_lies_between_the_last_offer_and_the_last_ask(self, obs: DemandObservation) -> None:
        move = self.make().decide(obs, None)
        assert move.ask <= obs.last_ask
        if obs.last_offer is not None:
            assert move.ask >= min(obs.last_ask, obs.last_offer)
        assert not move.troop_threat


class TestStrategicDemand(ChoicePolicyTestCase):
    policy_class = StrategicDemand
    expected_name = "strategic"
    expected_family = "demand"
    expected_classifier = {"stochastic": True, "memory": True}
    param_variants = ({"precision": 0.0}, {"concession": 0.5, "cohesion": 2.0})

    def test_settles_only_on_an_offer_and_at_it(self) -> None:
        policy = self.make(precision=0.0)
        fresh = DemandObservation(5.0, 0.891, 5.0, None, 0, 3, 0)
        offered = DemandObservation(5.0, 0.891, 4.0, 1.007, 9, -6, 9)
        moves = [policy.decide(fresh, np.random.default_rng(s)) for s in range(40)]
        assert all(m.ask >= 4.0 for m in moves)  # hold, threaten or lower: no offer to take
        moves = [policy.decide(offered, np.random.default_rng(s)) for s in range(40)]
        settled = [m for m in moves if m.ask == 1.007]
        assert settled and all(m.min_acceptable == 1.007 for m in settled)
