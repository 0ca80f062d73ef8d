"""Mediation policies: the shared checks plus the US calendar of the 2019 dispute.

In 2019 Japan's export controls came into force in July, Seoul gave notice to terminate
GSOMIA on 22 August, and US pressure preceded the suspension of that notice on 22 November
(timeline_2019_2021.csv). ``at_deadline`` presses in the last ``window`` months of a running
notice (any month of a notice whose term is unknown), ``early`` as long as the dispute
lasts; ``strategic`` presses softly, hard or not by the logit choice model, more as a
notice nears its expiry.
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given

from agents.observations import MediationMove, MediationObservation
from agents.policies.mediation import AtDeadline, Early, NoMediation, StrategicMediation

from .policy_test_case import (
    MEDIATION_OBSERVATIONS,
    PROPERTY,
    SEEDS,
    ChoicePolicyTestCase,
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


# -- strategic: none / soft / hard by a logit choice over the dispute's state (M10) -------
def rift(months_left: int | None = None, notice_: bool = False, **state: float):
    """A baseline-like month of the dispute: measures in force, cohesion 0.43, tie 0.7."""
    values = {"rok_jpn_cohesion": 0.43, "tension": 1.0, "us_tie": 0.7, "threat": 0.5}
    values.update(state)
    return MediationObservation(True, notice_, months_left, **values)


def odds(policy: StrategicMediation, obs: MediationObservation) -> dict[str, float]:
    """The probability of each option."""
    _, (choice,) = policy.reasoned(obs, np.random.default_rng(0))
    return dict(zip(choice.options, choice.probabilities, strict=True))


def pressing(policy: StrategicMediation, obs: MediationObservation) -> float:
    """Expected strength of the month's pressure."""
    p = odds(policy, obs)
    return p["soft"] * policy.params.soft + p["hard"] * policy.params.hard


class TestStrategicMediation(ChoicePolicyTestCase):
    policy_class = StrategicMediation
    expected_name = "strategic"
    expected_family = "mediation"
    expected_classifier = {"stochastic": True, "memory": False}
    param_variants = ({"precision": 0.0}, {"gsomia": 0.0, "dispute": 0.0}, {"soft_share": 1.0})

    def observations(self) -> tuple[MediationObservation, ...]:
        # The typical ones, plus a strained triangle (the defaults describe a calm one).
        return (*MEDIATION_OBSERVATIONS, rift(), rift(0, True), rift(2, True, us_tie=0.2))

    def test_one_choice_a_month_and_the_move_carries_its_strength(self) -> None:
        policy = self.make()
        for seed in range(40):
            move, (choice,) = policy.reasoned(rift(1, True), np.random.default_rng(seed))
            assert choice.decision == "mediation" and choice.options == ("none", "soft", "hard")
            strength = {"none": 0.0, "soft": 0.32, "hard": 0.64}[choice.option]
            assert move == MediationMove(choice.option != "none", pytest.approx(strength))

    def test_nothing_to_press_in_a_quiet_month(self) -> None:
        assert odds(self.make(), QUIET) == {"none": 1.0, "soft": 0.0, "hard": 0.0}
        assert odds(self.make(precision=0.0), QUIET)["none"] == 1.0

    def test_a_standing_dispute_without_notice_is_seldom_pressed(self) -> None:
        assert odds(self.make(), rift())["none"] > 0.9

    def test_a_pending_notice_raises_pressing_as_its_expiry_nears(self) -> None:
        policy = self.make()
        levels = [pressing(policy, obs) for obs in (rift(), *(rift(m, True) for m in (2, 1, 0)))]
        assert levels == sorted(levels) and levels[0] < levels[-1] / 5
        assert odds(policy, rift(0, True))["hard"] > 0.5  # the November 2019 pattern
        assert pressing(policy, rift(None, True)) == pressing(policy, rift(0, True))

    def test_the_allies_must_listen(self) -> None:
        # M10: pressure pays in proportion to the US tie with both allies.
        policy = self.make()
        assert pressing(policy, rift(0, True, us_tie=0.1)) < pressing(policy, rift(0, True))
        assert odds(policy, rift(0, True, us_tie=0.0))["none"] > 0.9

    def test_signs_and_values_of_the_terms(self) -> None:
        policy = self.make()
        _, (choice,) = policy.reasoned(rift(1, True), np.random.default_rng(0))
        soft, hard = choice.term_values("soft"), choice.term_values("hard")
        assert soft["gsomia"] == pytest.approx(14.0 * 0.32 * 0.7 * 0.5)
        assert soft["intelligence"] == pytest.approx(2.0 * 0.32 * 0.7 * 0.5 * 0.5)
        assert soft["dispute"] == pytest.approx(0.5 * 0.32 * 0.7 * 0.5 * (0.57 + 1.0))
        assert hard["pressing_cost"] == pytest.approx(-8.0 * 0.64**2)
        assert hard["pressing_cost"] < soft["pressing_cost"] < 0
        for key in ("gsomia", "intelligence", "dispute"):
            assert hard[key] == pytest.approx(2 * soft[key]) and soft[key] > 0

    def test_threat_raises_the_value_of_the_intelligence_pact(self) -> None:
        policy = self.make()
        assert pressing(policy, rift(1, True, threat=0.9)) > pressing(
            policy, rift(1, True, threat=0.1)
        )

    def test_mechanisms_of_the_terms(self) -> None:
        from agents.policies.mediation_strategic import SPEC

        tags = {term: mechanism for _, term, mechanism in SPEC.layout}
        assert tags == {"dispute": "M10", "gsomia": "M10", "intelligence": "M10",
                        "pressing_cost": "base", "constraint": "base"}  # fmt: skip

    def test_without_its_m10_terms_the_notice_does_not_matter(self) -> None:
        policy = self.make(gsomia=0.0, dispute=0.0, intelligence=0.0)
        assert odds(policy, rift(0, True)) == pytest.approx(odds(policy, rift()))
