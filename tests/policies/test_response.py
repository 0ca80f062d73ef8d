"""Response policies: the shared checks plus scripted answers to cost-sharing and yes/no asks."""

from __future__ import annotations

import numpy as np
import pytest

from agents.observations import Choice, ResponseMove, ResponseObservation
from agents.policies.response import Bargaining, Concede, Hedge, Resist
from agents.policies.response_strategic import StrategicResponse

from .policy_test_case import ChoicePolicyTestCase, PolicyTestCase

ACCEPT, REFUSE, INDEPENDENT, WAIT = Choice.ACCEPT, Choice.REFUSE, Choice.INDEPENDENT, Choice.WAIT
DRAWS = 4000  # Hedge's statistical checks: one seed per draw
# Six standard errors of a proportion at p = 0.5 over 4000 draws is 0.047; a false failure
# would need a deviation seen about once in 10**9 runs (and the seeds are fixed anyway).
TOLERANCE = 0.05


def cost_sharing(
    months_open: int = 0,
    months_to_deadline: int = 3,
    ask: float = 5.0,
    status_quo: float = 1.0,
    ceiling: float = 3.0,
    propensity: float = 0.5,
) -> ResponseObservation:
    """A cost-sharing ask; round numbers so that scripted offers can be written out."""
    return ResponseObservation(
        "cost_sharing", ask, status_quo, ceiling, propensity, None, months_open, months_to_deadline
    )


def yes_no(
    kind: str, propensity: float, months_to_deadline: int, months_open: int = 0
) -> ResponseObservation:
    """A coalition or deployment ask: no amounts, as the model builds it."""
    return ResponseObservation(
        kind, 0.0, 0.0, 0.0, propensity, None, months_open, months_to_deadline
    )


class TestConcede(PolicyTestCase):
    policy_class = Concede
    expected_name = "concede"
    expected_family = "response"
    expected_classifier = {"stochastic": False, "memory": False}

    def test_offers_the_full_ask_and_accepts(self) -> None:
        self.versus_test(
            [cost_sharing(), cost_sharing(months_open=5, months_to_deadline=-2, ask=4.2)],
            [ResponseMove(5.0, ACCEPT), ResponseMove(4.2, ACCEPT)],
        )

    def test_offers_the_ask_even_beyond_the_win_set(self) -> None:
        self.versus_test([cost_sharing(ceiling=1.1)], [ResponseMove(5.0, ACCEPT)])

    @pytest.mark.parametrize("kind", ["coalition", "deployment"])
    def test_accepts_yes_no_asks_at_once(self, kind: str) -> None:
        observations = [yes_no(kind, p, d) for p, d in [(0.0, 5), (0.5, 1), (1.0, 0)]]
        self.versus_test(observations, [ResponseMove(0.0, ACCEPT)] * 3)


class TestResist(PolicyTestCase):
    policy_class = Resist
    expected_name = "resist"
    expected_family = "response"
    expected_classifier = {"stochastic": False, "memory": False}

    def test_offers_the_status_quo_and_refuses(self) -> None:
        self.versus_test(
            [cost_sharing(), cost_sharing(months_open=12, months_to_deadline=-9, ceiling=9.0)],
            [ResponseMove(1.0, REFUSE), ResponseMove(1.0, REFUSE)],
        )

    @pytest.mark.parametrize("kind", ["coalition", "deployment"])
    def test_refuses_yes_no_asks_at_once(self, kind: str) -> None:
        observations = [yes_no(kind, p, d) for p, d in [(1.0, 5), (0.5, 1), (0.9, 0)]]
        self.versus_test(observations, [ResponseMove(0.0, REFUSE)] * 3)


class TestBargaining(PolicyTestCase):
    policy_class = Bargaining
    expected_name = "bargaining"
    expected_family = "response"
    expected_classifier = {"stochastic": False, "memory": True}
    param_variants = ({"patience": 0.5, "reservation": 0.65},)

    def test_offers_close_the_gap_to_the_win_set_by_discounting(self) -> None:
        # status quo 1, ask 5, win-set 3: target 3; patience 0.5 closes half the rest a round.
        observations = [cost_sharing(months_open=k, months_to_deadline=3 - k) for k in range(5)]
        offers = [2.0, 2.5, 2.75, 2.875, 2.9375]
        self.versus_test(
            observations, [ResponseMove(o, ACCEPT) for o in offers], params={"patience": 0.5}
        )

    def test_target_is_the_ask_when_the_win_set_is_wider(self) -> None:
        observations = [cost_sharing(months_open=k, ceiling=9.0) for k in range(3)]
        offers = [3.0, 4.0, 4.5]  # status quo 1, target min(5, 9) = 5
        self.versus_test(
            observations, [ResponseMove(o, ACCEPT) for o in offers], params={"patience": 0.5}
        )

    def test_target_is_floored_at_the_status_quo(self) -> None:
        observations = [cost_sharing(months_open=k, ceiling=0.5) for k in range(3)]
        self.versus_test(observations, [ResponseMove(1.0, ACCEPT)] * 3)

    @pytest.mark.parametrize("patience", [0.0, 0.3, 0.85, 0.99])
    def test_offer_follows_the_discounting_formula(self, patience: float) -> None:
        status_quo, ceiling = 0.891, 0.891 * 1.13  # the ROK's win-set: +13 %
        policy = self.make(patience=patience)
        for k in range(24):
            obs = ResponseObservation("cost_sharing", 5.0, status_quo, ceiling, 0.4, None, k, 3 - k)
            expected = status_quo + (1 - patience ** (k + 1)) * (ceiling - status_quo)
            assert policy.decide(obs, None).offer == pytest.approx(expected, rel=1e-12)

    def test_offers_never_fall_from_round_to_round(self) -> None:
        offers = [self.make().decide(cost_sharing(months_open=k), None).offer for k in range(60)]
        assert offers == sorted(offers)
        assert offers[-1] <= 3.0

    def test_coalition_waits_then_goes_it_alone_at_the_deadline(self) -> None:
        observations = [yes_no("coalition", 0.6, d, 4 - d) for d in (3, 2, 1, 0, -1)]
        moves = [ResponseMove(0.0, c) for c in (WAIT, WAIT, WAIT, INDEPENDENT, INDEPENDENT)]
        self.versus_test(observations, moves, params={"reservation": 0.65})

    def test_deployment_waits_then_refuses_at_the_deadline(self) -> None:
        observations = [yes_no("deployment", 0.3, d, 2 - d) for d in (2, 1, 0)]
        self.versus_test(observations, [ResponseMove(0.0, c) for c in (WAIT, WAIT, REFUSE)])

    @pytest.mark.parametrize("kind", ["coalition", "deployment"])
    def test_accepts_as_soon_as_the_propensity_reaches_the_reservation(self, kind: str) -> None:
        observations = [
            yes_no(kind, 0.64, 3),  # just below
            yes_no(kind, 0.65, 2),  # exactly at the reservation: accept
            yes_no(kind, 0.9, 0),  # above, at the deadline: accept, not the fallback
        ]
        moves = [ResponseMove(0.0, c) for c in (WAIT, ACCEPT, ACCEPT)]
        self.versus_test(observations, moves, params={"reservation": 0.65})


class TestHedge(PolicyTestCase):
    policy_class = Hedge
    expected_name = "hedge"
    expected_family = "response"
    expected_classifier = {"stochastic": True, "memory": False}
    param_variants = ({"share": 1.0, "noise": 0.5, "commit_rate": 0.0},)

    def choices(self, obs: ResponseObservation, **params: float) -> list[Choice]:
        policy = self.make(**params)
        return [policy.decide(obs, np.random.default_rng(seed)).choice for seed in range(DRAWS)]

    @pytest.mark.parametrize("kind", ["coalition", "deployment"])
    def test_always_commits_at_the_deadline(self, kind: str) -> None:
        for months_to_deadline in (0, -1, -6):
            choices = self.choices(yes_no(kind, 0.5, months_to_deadline), commit_rate=0.0)
            assert WAIT not in choices

    @pytest.mark.parametrize("kind", ["coalition", "deployment"])
    @pytest.mark.parametrize("propensity", [0.1, 0.5, 0.84])
    def test_acceptance_frequency_tracks_the_propensity(self, kind: str, propensity: float) -> None:
        choices = self.choices(yes_no(kind, propensity, 0))
        fallback = INDEPENDENT if kind == "coalition" else REFUSE
        assert set(choices) == {ACCEPT, fallback}
        assert choices.count(ACCEPT) / DRAWS == pytest.approx(propensity, abs=TOLERANCE)

    @pytest.mark.parametrize("propensity, expected", [(0.0, INDEPENDENT), (1.0, ACCEPT)])
    def test_certain_propensities_give_certain_answers(
        self, propensity: float, expected: Choice
    ) -> None:
        assert set(self.choices(yes_no("coalition", propensity, 0))) == {expected}

    @pytest.mark.parametrize("commit_rate", [0.1, 0.3, 0.7])
    def test_commits_before_the_deadline_at_the_commit_rate(self, commit_rate: float) -> None:
        choices = self.choices(yes_no("deployment", 0.5, 6), commit_rate=commit_rate)
        committed = 1 - choices.count(WAIT) / DRAWS
        assert committed == pytest.approx(commit_rate, abs=TOLERANCE)

    def test_commit_rate_zero_waits_until_the_deadline(self) -> None:
        assert set(self.choices(yes_no("coalition", 0.9, 1), commit_rate=0.0)) == {WAIT}

    def test_commit_rate_one_never_waits(self) -> None:
        assert WAIT not in self.choices(yes_no("coalition", 0.5, 10), commit_rate=1.0)

    def test_offers_lie_within_the_noise_band_around_the_share_of_the_room(self) -> None:
        # status quo 1, win-set 3 below the ask 5: room 2; share 0.6 of it, +-10 %.
        policy = self.make()
        obs = cost_sharing()
        offers = np.array(
            [policy.decide(obs, np.random.default_rng(s)).offer for s in range(DRAWS)]
        )
        low, high = 1.0 + 0.6 * 2.0 * 0.9, 1.0 + 0.6 * 2.0 * 1.1
        assert offers.min() >= low - 1e-12
        assert offers.max() <= high + 1e-12
        # The whole band is used, centred on the share (uniform noise).
        assert offers.min() < low + 0.05 * (high - low)
        assert offers.max() > high - 0.05 * (high - low)
        assert offers.mean() == pytest.approx(1.0 + 0.6 * 2.0, abs=0.01)

    def test_offer_never_exceeds_the_win_set(self) -> None:
        policy = self.make(share=1.0, noise=0.5)
        obs = cost_sharing()
        offers = [policy.decide(obs, np.random.default_rng(s)).offer for s in range(500)]
        assert max(offers) == pytest.approx(3.0)
        assert min(offers) >= 2.0 - 1e-12  # 1 + 2 * 0.5

    def test_no_noise_offers_exactly_the_share(self) -> None:
        self.versus_test(
            [cost_sharing(months_to_deadline=0, propensity=1.0)],
            [ResponseMove(2.2, ACCEPT)],
            params={"noise": 0.0},
        )

    def test_offers_the_status_quo_when_the_win_set_leaves_no_room(self) -> None:
        obs = cost_sharing(ceiling=0.8)
        offers = {self.make().decide(obs, np.random.default_rng(s)).offer for s in range(50)}
        assert offers == {1.0}


# -- strategic: a logit choice over terms read from the state (M1-M5, M9) -----------------
class TestStrategicResponse(ChoicePolicyTestCase):
    policy_class = StrategicResponse
    expected_name = "strategic"
    expected_family = "response"
    expected_classifier = {"stochastic": True, "memory": False}
    param_variants = ({"precision": 0.0}, {"precedent": 1.0, "coercion_risk": 10.0})

    @pytest.mark.parametrize("kind", ["coalition", "deployment"])
    def test_answers_by_the_deadline(self, kind: str) -> None:
        for seed in range(20):
            move = self.make().decide(yes_no(kind, 0.5, 0), np.random.default_rng(seed))
            assert move.choice is not WAIT

    def test_offers_one_of_the_four_levels(self) -> None:
        obs = cost_sharing(ceiling=2.0)
        offers = {self.make(precision=0.0).decide(obs, np.random.default_rng(s)).offer
                  for s in range(60)}  # fmt: skip
        assert offers == {1.0, 2.0, 3.5, 5.0}
