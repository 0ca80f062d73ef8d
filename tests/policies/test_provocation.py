"""Provocation policies: the shared checks plus the launch rates over many draws (and aims)."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given

from agents.observations import ProvocationMove, ProvocationObservation
from agents.policies.provocation import NoProvocation, PoissonProvocation, Signalling, Wedge
from agents.policies.provocation_strategic import StrategicProvocation

from .policy_test_case import (
    PROPERTY,
    PROVOCATION_OBSERVATIONS,
    ROK_JPN,
    USA_JPN,
    USA_ROK,
    ChoicePolicyTestCase,
    PolicyTestCase,
    provocation_observations,
)

DRAWS = 4000
QUIET = ProvocationObservation(exercise=False, decision_point=False, trilateral_cohesion=0.5)
EXERCISE = ProvocationObservation(exercise=True, decision_point=False, trilateral_cohesion=0.5)
DECISION = ProvocationObservation(exercise=False, decision_point=True, trilateral_cohesion=0.5)
BOTH = ProvocationObservation(exercise=True, decision_point=True, trilateral_cohesion=0.5)
LONGEST_MONTH = 31
# 2019: the ROK-Japan tie (export controls, GSOMIA) the weakest of the triangle.
DYADS_2019 = {USA_ROK: 0.6, USA_JPN: 0.75, ROK_JPN: 0.3}


def cohesive(trilateral: float, dyads: dict | None = None) -> ProvocationObservation:
    """A quiet month at a trilateral cohesion, with the 2019 dyads unless told."""
    return ProvocationObservation(False, False, trilateral, DYADS_2019 if dyads is None else dyads)


def aim_of_a_launch(policy: object, obs: ProvocationObservation) -> tuple[str, str] | None:
    """The aim in the first month with a launch over seeds 0, 1, 2 ...

    The aim of a month without launches is left open: nothing is aimed.
    """
    for seed in range(100):
        move = policy.decide(obs, np.random.default_rng(seed))
        if move.launch_days > 0:
            return move.aim
    raise AssertionError("no launch in 100 months")


def launch_days(policy: object, obs: ProvocationObservation, seed: int = 2019) -> np.ndarray:
    """Launch days over ``DRAWS`` months with one seeded generator."""
    rng = np.random.default_rng(seed)
    return np.array([policy.decide(obs, rng).launch_days for _ in range(DRAWS)])


def assert_mean_rate(days: np.ndarray, rate: float) -> None:
    """The sample mean within six standard errors of a Poisson mean ``rate`` (plus 0.01)."""
    tolerance = 6.0 * math.sqrt(rate / len(days)) + 0.01
    assert days.mean() == pytest.approx(rate, abs=tolerance)


class TestNoProvocation(PolicyTestCase):
    policy_class = NoProvocation
    expected_name = "none"
    expected_family = "provocation"
    expected_classifier = {"stochastic": False, "memory": False}

    def test_never_launches(self) -> None:
        self.versus_test(
            PROVOCATION_OBSERVATIONS * 3,
            [ProvocationMove(0, 0.0)] * (3 * len(PROVOCATION_OBSERVATIONS)),
        )


class TestPoissonProvocation(PolicyTestCase):
    policy_class = PoissonProvocation
    expected_name = "poisson"
    expected_family = "provocation"
    expected_classifier = {"stochastic": True, "memory": False}
    param_variants = ({"rate": 3.0, "severity": 0.4},)

    @pytest.mark.parametrize("rate", [0.5, 1.167, 4.0])
    def test_mean_launch_days_match_the_rate(self, rate: float) -> None:
        assert_mean_rate(launch_days(self.make(rate=rate), QUIET), rate)

    def test_blind_to_exercises_and_decision_points(self) -> None:
        # Same generator state, same draw: the calendar plays no part.
        policy = self.make()
        for seed in range(50):
            moves = {policy.decide(obs, np.random.default_rng(seed)) for obs in (QUIET, BOTH)}
            assert len(moves) == 1

    def test_severity_is_the_parameter(self) -> None:
        policy = self.make(severity=0.4)
        rng = np.random.default_rng(1)
        assert {policy.decide(QUIET, rng).severity for _ in range(100)} == {0.4}

    def test_rate_zero_never_launches(self) -> None:
        assert set(launch_days(self.make(rate=0.0), BOTH)) == {0}

    def test_no_more_launch_days_than_days_in_a_month(self) -> None:
        assert launch_days(self.make(rate=31.0), QUIET).max() <= LONGEST_MONTH


class TestSignalling(PolicyTestCase):
    policy_class = Signalling
    expected_name = "signalling"
    expected_family = "provocation"
    expected_classifier = {"stochastic": True, "memory": False}
    param_variants = ({"base_rate": 0.5, "exercise_multiplier": 4.0, "decision_multiplier": 2.0},)

    @pytest.mark.parametrize(
        "obs, rate",
        [(QUIET, 1.0), (EXERCISE, 3.0), (DECISION, 1.5), (BOTH, 4.5)],
        ids=["quiet", "exercise", "decision-point", "both"],
    )
    def test_default_mean_launch_days_per_month(
        self, obs: ProvocationObservation, rate: float
    ) -> None:
        assert_mean_rate(launch_days(self.make(), obs), rate)

    @pytest.mark.parametrize(
        "obs, rate",
        [(QUIET, 0.5), (EXERCISE, 2.0), (DECISION, 1.0), (BOTH, 4.0)],
        ids=["quiet", "exercise", "decision-point", "both"],
    )
    def test_multipliers_compound(self, obs: ProvocationObservation, rate: float) -> None:
        policy = self.make(base_rate=0.5, exercise_multiplier=4.0, decision_multiplier=2.0)
        assert_mean_rate(launch_days(policy, obs), rate)

    def test_a_year_with_one_exercise_month_gives_the_2019_total(self) -> None:
        # 11 quiet months and one exercise month: 11 + 3 = 14 launch days a year on average.
        calendar = [QUIET] * 7 + [EXERCISE] + [QUIET] * 4
        policy, rng = self.make(), np.random.default_rng(2019)
        years = [sum(policy.decide(obs, rng).launch_days for obs in calendar) for _ in range(1000)]
        assert np.mean(years) == pytest.approx(14.0, abs=6.0 * math.sqrt(14.0 / 1000))

    def test_zero_multiplier_silences_exercise_months(self) -> None:
        policy = self.make(exercise_multiplier=0.0)
        assert set(launch_days(policy, EXERCISE)) == {0}
        assert set(launch_days(policy, BOTH)) == {0}

    def test_same_draw_as_poisson_in_a_quiet_month(self) -> None:
        signalling = self.make(base_rate=1.167)
        poisson = PoissonProvocation()
        for seed in range(50):
            a = signalling.decide(QUIET, np.random.default_rng(seed))
            b = poisson.decide(QUIET, np.random.default_rng(seed))
            assert a == b

    def test_no_more_launch_days_than_days_in_a_month(self) -> None:
        policy = self.make(base_rate=10.0, exercise_multiplier=3.0, decision_multiplier=1.5)
        assert launch_days(policy, BOTH).max() <= LONGEST_MONTH


class TestWedge(PolicyTestCase):
    policy_class = Wedge
    expected_name = "wedge"
    expected_family = "provocation"
    expected_classifier = {"stochastic": True, "memory": False}
    param_variants = (
        {"base_rate": 2.0, "cohesion_sensitivity": 4.0, "reference_cohesion": 0.8},
        {"severity": 0.3, "cohesion_sensitivity": 0.0},
    )

    # Defaults: base rate 1, sensitivity 2, reference 0.7; rate = 1 + 2 * gap / 0.7.
    @pytest.mark.parametrize(
        "trilateral, rate",
        [(1.0, 1.0), (0.85, 1.0), (0.7, 1.0), (0.56, 1.4), (0.35, 2.0), (0.14, 2.6), (0.0, 3.0)],
    )
    def test_rate_grows_as_cohesion_falls_below_the_reference(
        self, trilateral: float, rate: float
    ) -> None:
        assert_mean_rate(launch_days(self.make(), cohesive(trilateral)), rate)

    @pytest.mark.parametrize("trilateral, rate", [(0.9, 0.5), (0.8, 0.5), (0.4, 1.25), (0.0, 2.0)])
    def test_rate_with_other_parameters(self, trilateral: float, rate: float) -> None:
        # base 0.5, sensitivity 3, reference 0.8: rate = 0.5 * (1 + 3 * gap / 0.8).
        policy = self.make(base_rate=0.5, cohesion_sensitivity=3.0, reference_cohesion=0.8)
        assert_mean_rate(launch_days(policy, cohesive(trilateral)), rate)

    def test_mean_launch_days_rise_step_by_step_as_cohesion_falls(self) -> None:
        policy = self.make(cohesion_sensitivity=6.0)
        means = [launch_days(policy, cohesive(c)).mean() for c in (0.7, 0.5, 0.3, 0.1)]
        assert means == sorted(means)
        assert means[-1] > 2.5 * means[0]

    def test_zero_sensitivity_is_poisson_at_the_base_rate(self) -> None:
        wedge = self.make(cohesion_sensitivity=0.0)
        poisson = PoissonProvocation(PoissonProvocation.Params(rate=1.0))
        for seed in range(50):
            a = wedge.decide(cohesive(0.1), np.random.default_rng(seed))
            b = poisson.decide(QUIET, np.random.default_rng(seed))
            assert a.launch_days == b.launch_days

    def test_blind_to_exercises_and_decision_points(self) -> None:
        policy = self.make()
        quiet = cohesive(0.4)
        busy = ProvocationObservation(True, True, 0.4, DYADS_2019)
        for seed in range(50):
            moves = {policy.decide(obs, np.random.default_rng(seed)) for obs in (quiet, busy)}
            assert len(moves) == 1

    def test_no_more_launch_days_than_days_in_a_month(self) -> None:
        policy = self.make(base_rate=31.0, cohesion_sensitivity=20.0)
        days = launch_days(policy, cohesive(0.0))
        assert days.max() == LONGEST_MONTH  # rate 651: the cap binds every month
        assert launch_days(self.make(base_rate=20.0), cohesive(0.0)).max() <= LONGEST_MONTH

    def test_base_rate_zero_never_launches(self) -> None:
        assert set(launch_days(self.make(base_rate=0.0), cohesive(0.0))) == {0}

    def test_aims_at_the_weakest_dyad(self) -> None:
        policy = self.make()
        assert aim_of_a_launch(policy, cohesive(0.5)) == ROK_JPN
        weak_usa_rok = {USA_ROK: 0.2, USA_JPN: 0.75, ROK_JPN: 0.3}
        assert aim_of_a_launch(policy, cohesive(0.5, weak_usa_rok)) == USA_ROK
        weak_usa_jpn = {USA_ROK: 0.6, USA_JPN: 0.1, ROK_JPN: 0.3}
        assert aim_of_a_launch(policy, cohesive(0.5, weak_usa_jpn)) == USA_JPN

    @pytest.mark.parametrize(
        "dyads, aim",
        [
            ({USA_ROK: 0.4, USA_JPN: 0.4, ROK_JPN: 0.4}, ROK_JPN),
            ({USA_ROK: 0.3, USA_JPN: 0.3, ROK_JPN: 0.6}, USA_JPN),
            ({USA_ROK: 0.3, USA_JPN: 0.6, ROK_JPN: 0.3}, ROK_JPN),
        ],
        ids=["three-way", "usa-rok-usa-jpn", "usa-rok-rok-jpn"],
    )
    def test_a_tie_goes_to_the_first_dyad_by_name(self, dyads: dict, aim: tuple) -> None:
        for order in (dyads, dict(reversed(dyads.items()))):
            assert aim_of_a_launch(self.make(), cohesive(0.4, order)) == aim

    def test_no_dyads_no_aim(self) -> None:
        for obs in (cohesive(0.4, {}), ProvocationObservation(False, False, 0.4)):
            assert self.make().decide(obs, np.random.default_rng(0)).aim is None

    def test_every_launch_has_the_same_aim_and_severity(self) -> None:
        policy = self.make(severity=0.3)
        moves = [policy.decide(cohesive(0.2), np.random.default_rng(s)) for s in range(200)]
        assert {(m.aim, m.severity) for m in moves if m.launch_days} == {(ROK_JPN, 0.3)}
        assert {m.aim for m in moves} <= {ROK_JPN, None}
        assert len({m.launch_days for m in moves}) > 2

    @PROPERTY
    @given(obs=provocation_observations)
    def test_the_aim_is_a_weakest_dyad_first_by_name(self, obs: ProvocationObservation) -> None:
        move = self.make(base_rate=5.0).decide(obs, np.random.default_rng(0))
        if not obs.dyad_cohesion:
            assert move.aim is None
        elif move.launch_days:  # rate 5 or more: a launch in all but 0.7 % of months
            weakest = min(obs.dyad_cohesion.values())
            assert move.aim == min(d for d, c in obs.dyad_cohesion.items() if c == weakest)


@pytest.mark.parametrize("cls", [NoProvocation, PoissonProvocation, Signalling])
def test_only_the_wedge_aims(cls: type) -> None:
    for obs in PROVOCATION_OBSERVATIONS:
        assert cls().decide(obs, np.random.default_rng(0)).aim is None


def strategic_month(**fields) -> ProvocationObservation:
    """A month of the strategic policy: the 2019 dyads, no exercise unless told."""
    base = {"exercise": False, "decision_point": False, "trilateral_cohesion": 0.5,
            "dyad_cohesion": DYADS_2019, "months_since_launch": 1}  # fmt: skip
    return ProvocationObservation(**{**base, **fields})


class TestStrategicProvocation(ChoicePolicyTestCase):
    policy_class = StrategicProvocation
    expected_name = "strategic"
    expected_family = "provocation"
    expected_classifier = {"stochastic": True, "memory": False}
    param_variants = ({"exercise": 1.0, "talks_cost": 0.5, "cadence": 6.0, "precision": 2.0},)

    def mean_days(self, obs: ProvocationObservation, **params) -> float:
        return float(launch_days(self.make(**params), obs)[:1000].mean())

    def test_at_most_six_launch_days_and_aimed_at_the_weakest_dyad(self) -> None:
        policy = self.make(launch_cost=0.0, exercise=5.0)
        rng = np.random.default_rng(1)
        moves = [policy.decide(strategic_month(exercise=True), rng) for _ in range(200)]
        assert max(m.launch_days for m in moves) == 6
        assert {m.aim for m in moves} == {ROK_JPN}

    def test_a_full_exercise_draws_more_launches_than_a_scaled_down_one(self) -> None:
        full = self.mean_days(strategic_month(exercise=True, exercise_scale=1.0))
        half = self.mean_days(strategic_month(exercise=True, exercise_scale=0.5))
        none = self.mean_days(strategic_month())
        assert full > half + 0.3 and half > none + 0.3

    def test_talks_under_way_and_relief_on_offer_hold_launches_back(self) -> None:
        quiet = self.mean_days(strategic_month())
        talks = self.mean_days(strategic_month(talks="summit"))
        relief = self.mean_days(strategic_month(talks="summit", relief=1.0))
        assert quiet > talks + 0.2 and talks > relief + 0.2

    def test_a_fresh_breakdown_raises_launches_over_talks(self) -> None:
        talks = self.mean_days(strategic_month(talks="summit"))
        broken = self.mean_days(strategic_month(talks="broken_down", months_since_deadline=0))
        assert broken > talks + 0.3

    def test_a_closed_border_turns_the_regime_inward(self) -> None:
        open_ = self.mean_days(strategic_month())
        closed = self.mean_days(strategic_month(isolation=1.0))
        assert open_ > closed + 0.3

    def test_engages_only_in_talks_under_way(self) -> None:
        policy, rng = self.make(), np.random.default_rng(3)
        assert {policy.decide(strategic_month(), rng).engage for _ in range(50)} == {None}
        engaged = [policy.decide(strategic_month(talks="summit"), rng).engage for _ in range(200)]
        assert set(engaged) <= {True, False} and engaged.count(True) > 150

    def test_two_choices_a_month(self) -> None:
        move, choices = self.make().reasoned(strategic_month(), np.random.default_rng(0))
        assert [c.decision for c in choices] == ["talks", "launches"]
        assert move.launch_days == int(choices[1].option)
