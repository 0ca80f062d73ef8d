"""Mediation policies: the shared checks plus the US calendar of the 2019 dispute.

In 2019 Japan's export controls came into force in July, Seoul gave notice to terminate
GSOMIA on 22 August, and US pressure preceded the suspension of that notice on 22 November
(timeline_2019_2021.csv). ``at_deadline`` presses in the last ``window`` months of a running
notice (any month of a notice whose term is unknown), ``early`` as long as the dispute lasts.
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given

from agents.observations import MediationMove, MediationObservation
from agents.policies.mediation import AtDeadline, Early, NoMediation

from .policy_test_case import (
    MEDIATION_OBSERVATIONS,
    PROPERTY,
    SEEDS,
    PolicyTestCase,
    check_mediation_move,
    mediation_observations,
    play,
)

QUIET = MediationObservation(dispute_active=False, notice_pending=False)
DISPUTE = MediationObservation(dispute_active=True, notice_pending=False)
NOTICE = MediationObservation(dispute_active=True, notice_pending=True)  # term unknown
NOTICE_ONLY = MediationObservation(dispute_active=False, notice_pending=True)


def notice(months_left: int, dispute: bool = True) -> MediationObservation:
    """A running GSOMIA notice that expires in ``months_left`` months (0: this month)."""
    return MediationObservation(dispute, True, months_left)


# June to December 2019: controls from July, the notice from late August, expiring in
# November (two, one and zero months left in September, October and November).
CALENDAR_2019 = [QUIET, DISPUTE, DISPUTE, notice(2), notice(1), notice(0), DISPUTE]


class MediationCase(PolicyTestCase):
    """Shared scripted checks of the two mediating policies (no ``Test`` prefix)."""

    def mediates(self, obs: MediationObservation) -> bool:  # pragma: no cover
        raise NotImplementedError

    def test_mediates_exactly_when_expected(self) -> None:
        policy = self.make()
        for obs in MEDIATION_OBSERVATIONS:
            assert policy.decide(obs, None).mediate is self.mediates(obs), obs

    @PROPERTY
    @given(obs=mediation_observations())
    def test_mediates_exactly_when_expected_on_any_observation(
        self, obs: MediationObservation
    ) -> None:
        assert self.make().decide(obs, None).mediate is self.mediates(obs)

    @pytest.mark.parametrize("strength", [0.0, 0.25, 0.5, 1.0])
    def test_strength_is_passed_through_when_mediating(self, strength: float) -> None:
        policy = self.make(strength=strength)
        mediated = [m for m in play(policy, MEDIATION_OBSERVATIONS, 0) if m.mediate]
        assert mediated, "no month with mediation among the typical observations"
        assert {m.strength for m in mediated} == {strength}

    def test_default_strength_is_one_half(self) -> None:
        assert self.make().params.strength == 0.5

    def test_moves_valid_apart_from_idle_pressure(self) -> None:
        for policy in self.all_policies():
            for seed in SEEDS[:3]:
                for move in play(policy, MEDIATION_OBSERVATIONS, seed):
                    check_mediation_move(move, no_pressure_when_idle=False)

    def test_moves_valid_on_typical_observations(self) -> None:
        super().test_moves_valid_on_typical_observations()

    def test_no_pressure_in_a_quiet_month(self) -> None:
        assert self.make().decide(QUIET, None) == MediationMove(False, 0.0)

    @PROPERTY
    @given(obs=mediation_observations())
    def test_moves_valid_on_any_observation(self, obs: MediationObservation) -> None:
        move = self.make().decide(obs, np.random.default_rng(0))
        check_mediation_move(move)


class TestNoMediation(PolicyTestCase):
    policy_class = NoMediation
    expected_name = "none"
    expected_family = "mediation"
    expected_classifier = {"stochastic": False, "memory": False}

    def test_never_mediates(self) -> None:
        observations = MEDIATION_OBSERVATIONS * 2
        self.versus_test(observations, [MediationMove(False, 0.0)] * len(observations))

    def test_stays_out_of_the_2019_dispute(self) -> None:
        self.versus_test(CALENDAR_2019, [MediationMove()] * len(CALENDAR_2019))


class TestAtDeadline(MediationCase):
    policy_class = AtDeadline
    expected_name = "at_deadline"
    expected_family = "mediation"
    expected_classifier = {"stochastic": False, "memory": False}
    param_variants = ({"strength": 0.9, "window": 3},)

    def mediates(self, obs: MediationObservation) -> bool:
        left = obs.notice_months_left
        return obs.notice_pending and (left is None or left < self.make().params.window)

    def test_default_window_is_the_expiry_month(self) -> None:
        assert self.make().params.window == 1

    def test_presses_in_the_expiry_month_of_the_gsomia_notice(self) -> None:
        moves = [self.make(strength=0.8).decide(obs, None) for obs in CALENDAR_2019]
        assert [m.mediate for m in moves] == [False] * 5 + [True, False]
        assert {m.strength for m in moves if m.mediate} == {0.8}

    @pytest.mark.parametrize(
        "window, pressed",
        [(1, [0]), (2, [1, 0]), (3, [2, 1, 0]), (6, [5, 4, 3, 2, 1, 0])],
    )
    def test_presses_in_the_last_window_months(self, window: int, pressed: list[int]) -> None:
        # The baseline: window 2, the last two months of the 90-day notice.
        policy = self.make(window=window, strength=1.0)
        for left in (5, 4, 3, 2, 1, 0):
            expected = MediationMove(True, 1.0) if left in pressed else None
            move = policy.decide(notice(left), None)
            if expected is None:
                assert move.mediate is False, left
            else:
                assert move == expected, left

    def test_a_notice_of_unknown_term_is_pressed_at_once(self) -> None:
        assert self.make().decide(NOTICE, None) == MediationMove(True, 0.5)
        assert self.make(window=1).decide(NOTICE_ONLY, None) == MediationMove(True, 0.5)

    def test_the_notice_alone_decides(self) -> None:
        for left in (0, 1):
            moves = {self.make(window=2).decide(notice(left, d), None) for d in (True, False)}
            assert moves == {MediationMove(True, 0.5)}

    def test_a_dispute_without_a_notice_is_left_alone(self) -> None:
        assert self.make(window=24).decide(DISPUTE, None).mediate is False

    def test_window_is_validated(self) -> None:
        for window in (0, 25, 1.5, True):
            with pytest.raises(ValueError, match="window"):
                AtDeadline.Params.model_validate({"window": window})


class TestEarly(MediationCase):
    policy_class = Early
    expected_name = "early"
    expected_family = "mediation"
    expected_classifier = {"stochastic": False, "memory": False}
    param_variants = ({"strength": 0.2},)

    def mediates(self, obs: MediationObservation) -> bool:
        return obs.dispute_active or obs.notice_pending

    def test_presses_from_the_first_escalation(self) -> None:
        moves = [self.make(strength=0.3).decide(obs, None) for obs in CALENDAR_2019]
        assert [m.mediate for m in moves] == [False] + [True] * 6
        assert {m.strength for m in moves if m.mediate} == {0.3}

    @pytest.mark.parametrize(
        "obs",
        [DISPUTE, NOTICE, NOTICE_ONLY, notice(5, dispute=False)],
        ids=["dispute", "both", "notice", "notice-far-from-expiry"],
    )
    def test_either_flag_is_enough(self, obs: MediationObservation) -> None:
        assert self.make().decide(obs, None) == MediationMove(True, 0.5)

    @pytest.mark.parametrize("window", [1, 2, 24])
    def test_mediates_whenever_at_deadline_does(self, window: int) -> None:
        early, at_deadline = self.make(), AtDeadline(AtDeadline.Params(window=window))
        for obs in MEDIATION_OBSERVATIONS:
            if at_deadline.decide(obs, None).mediate:
                assert early.decide(obs, None).mediate


@pytest.mark.parametrize("cls", [NoMediation, AtDeadline, Early], ids=lambda cls: cls.name)
def test_quiet_month_never_mediates(cls: type) -> None:
    assert cls().decide(QUIET, None).mediate is False
