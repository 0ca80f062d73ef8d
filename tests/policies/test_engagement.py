"""Engagement policies: the shared checks plus scripted months of the US-DPRK track.

``none`` never takes a stance; ``reciprocal`` is tit for tat on the track (a freeze demand
the month after a launch, an offer after quiet months); ``strategic`` chooses by the logit
model, offering more after restraint and demanding a freeze more after launches.
"""

from __future__ import annotations

import numpy as np
import pytest

from agents.observations import EngagementMove, EngagementObservation
from agents.policies.engagement import NoEngagement, Reciprocal, StrategicEngagement
from agents.policies.engagement_strategic import SPEC, engagement_values

from .policy_test_case import ENGAGEMENT_OBSERVATIONS, ChoicePolicyTestCase, PolicyTestCase

LAUNCHED = EngagementObservation("broken_down", 3, 1, 4.0, 0.7)  # a launch last month
QUIET = EngagementObservation("broken_down", 9, 6, 0.2, 0.3)  # half a year without one
TALKING = EngagementObservation("working_level", 2, 6, 0.0, 0.3)


class TestNoEngagement(PolicyTestCase):
    policy_class = NoEngagement
    expected_name = "none"
    expected_family = "engagement"
    expected_classifier = {"stochastic": False, "memory": False}

    def test_never_takes_a_stance(self) -> None:
        observations = ENGAGEMENT_OBSERVATIONS * 2
        self.versus_test(observations, [EngagementMove()] * len(observations))


class TestReciprocal(PolicyTestCase):
    policy_class = Reciprocal
    expected_name = "reciprocal"
    expected_family = "engagement"
    expected_classifier = {"stochastic": False, "memory": False}
    param_variants = ({"quiet_months": 6, "relief": 0.5},)

    def test_tit_for_tat_on_the_track(self) -> None:
        months = [LAUNCHED, QUIET, TALKING]
        stances = [EngagementMove("freeze"), EngagementMove("talks"), EngagementMove()]
        self.versus_test(months, stances)

    def test_relief_comes_with_the_offer_when_it_has_some(self) -> None:
        policy = self.make(relief=0.5)
        assert policy.decide(QUIET, None) == EngagementMove("relief", 0.5)

    def test_waits_its_quiet_months(self) -> None:
        two_quiet = EngagementObservation("broken_down", 9, 2)
        assert self.make(quiet_months=3).decide(two_quiet, None) == EngagementMove()
        assert self.make(quiet_months=2).decide(two_quiet, None) == EngagementMove("talks")


class TestStrategicEngagement(ChoicePolicyTestCase):
    policy_class = StrategicEngagement
    expected_name = "strategic"
    expected_family = "engagement"
    expected_classifier = {"stochastic": True, "memory": False}
    param_variants = ({"reciprocity": 2.0, "threat": 0.0, "relief_size": 1.0},)

    def shares(self, obs: EngagementObservation, **params) -> dict[str, float]:
        policy = self.make(**params)
        rng = np.random.default_rng(2019)
        stances = [policy.decide(obs, rng).stance for _ in range(2000)]
        return {s: stances.count(s) / len(stances) for s in ("", "talks", "relief", "freeze")}

    def test_restraint_earns_offers_and_launches_a_freeze_demand(self) -> None:
        quiet, launched = self.shares(QUIET), self.shares(LAUNCHED)
        offers = lambda s: s["talks"] + s["relief"]  # noqa: E731
        assert offers(quiet) > offers(launched) + 0.2
        assert launched["freeze"] > quiet["freeze"] + 0.2

    def test_no_offer_of_talks_while_talks_go_on(self) -> None:
        assert self.shares(TALKING)["talks"] == 0.0

    def test_a_deadline_draws_relief(self) -> None:
        near = EngagementObservation("broken_down", 2, 3, 1.0, 0.5, months_to_deadline=0)
        far = EngagementObservation("broken_down", 2, 3, 1.0, 0.5)
        assert self.shares(near)["relief"] > self.shares(far)["relief"] + 0.05

    def test_a_weak_government_concedes_less(self) -> None:
        weak = EngagementObservation("broken_down", 9, 6, 0.2, 0.3, domestic_support=0.1)
        strong = EngagementObservation("broken_down", 9, 6, 0.2, 0.3, domestic_support=0.9)
        assert self.shares(weak)["relief"] < self.shares(strong)["relief"] - 0.05

    def test_a_fearful_ally_follows_its_patron(self) -> None:
        # Seoul, fearing abandonment, against Washington's freeze demand (Snyder 1984)
        base = dict(talks="none", months_since_change=24, months_since_launch=6, threat=0.3)
        follow = EngagementObservation(**base, abandonment_fear=0.9, partner_stance="freeze")
        alone = EngagementObservation(**base, abandonment_fear=0.0, partner_stance="freeze")
        assert self.shares(follow)["freeze"] > self.shares(alone)["freeze"] + 0.05

    @pytest.mark.parametrize("term", ["reciprocity", "opening", "deadline", "threat"])
    def test_m5_weights_at_zero_remove_their_terms(self, term: str) -> None:
        p = self.make(**{term: 0.0}).params
        values = engagement_values(p, LAUNCHED)
        for (_, name, _), value in zip(SPEC.layout, values, strict=True):
            if name == term:
                assert value == 0.0

    def test_terms_are_tied_to_their_mechanisms(self) -> None:
        mechanisms = {name: m for _, name, m in SPEC.layout}
        assert mechanisms["reciprocity"] == mechanisms["threat"] == "M5"
        assert mechanisms["domestic"] == "M2" and mechanisms["alliance"] == "M3"
