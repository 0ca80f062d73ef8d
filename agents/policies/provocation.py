"""Provocation policies of the DPRK: how many launch days a month, and how severe.

Launches raise the threat that the US, ROK and Japan perceive (balance of threat, Walt 1987,
mechanism M5). Rates are launch days per month; the 2019 record is in
``configs/data/dprk_launches_2019.csv`` (CNS North Korea Missile Test Database).
"""

from __future__ import annotations

from typing import ClassVar

import numpy as np
from pydantic import Field

from agents.observations import ProvocationMove, ProvocationObservation
from agents.policies.base import Policy, PolicyParams


class NoProvocation(Policy):
    """A quiet DPRK: no launches."""

    name = "none"
    family = "provocation"
    description = "no launches"

    def decide(self, obs: ProvocationObservation, rng: object) -> ProvocationMove:
        """Never launch."""
        return ProvocationMove(0, 0.0)


class PoissonParams(PolicyParams):
    """Launch days per month (2019: 14 in 12 months, CNS) and severity of each."""

    rate: float = Field(1.167, ge=0.0, le=31.0)
    severity: float = Field(0.1, ge=0.0, le=1.0)


class PoissonProvocation(Policy):
    """Launch days drawn from a Poisson process, blind to the adversaries' calendar."""

    name = "poisson"
    family = "provocation"
    description = "Poisson launch days at a constant monthly rate"
    classifier: ClassVar[dict[str, bool]] = {"stochastic": True, "memory": False}
    Params = PoissonParams

    def decide(self, obs: ProvocationObservation, rng: np.random.Generator) -> ProvocationMove:
        """One Poisson draw."""
        return ProvocationMove(int(rng.poisson(self.params.rate)), self.params.severity)


class SignallingParams(PolicyParams):
    """Base rate and its multipliers in exercise months and at adversaries' decision points."""

    base_rate: float = Field(1.0, ge=0.0, le=31.0)
    exercise_multiplier: float = Field(3.0, ge=0.0, le=20.0)
    decision_multiplier: float = Field(1.5, ge=0.0, le=20.0)
    severity: float = Field(0.1, ge=0.0, le=1.0)


class Signalling(Policy):
    """Launch more around combined exercises and decision points (coercive signalling).

    In 2019, 5 of 14 launch days fell in August, the month of the combined exercise
    (dprk_launches_2019.csv); with ``base_rate`` 1.0 and ``exercise_multiplier`` 3.0 one
    exercise month a year gives 11 + 3 = 14 launch days a year, the 2019 total.
    """

    name = "signalling"
    family = "provocation"
    description = "Poisson launches, more in exercise months and at decision points"
    classifier: ClassVar[dict[str, bool]] = {"stochastic": True, "memory": False}
    Params = SignallingParams

    def decide(self, obs: ProvocationObservation, rng: np.random.Generator) -> ProvocationMove:
        """One Poisson draw at the month's rate."""
        p = self.params
        rate = p.base_rate
        if obs.exercise:
            rate *= p.exercise_multiplier
        if obs.decision_point:
            rate *= p.decision_multiplier
        return ProvocationMove(int(rng.poisson(rate)), p.severity)


PROVOCATION_POLICIES: tuple[type[Policy], ...] = (NoProvocation, PoissonProvocation, Signalling)
