"""Provocation policies of the DPRK: how many launch days a month, and how severe.

Launches raise the threat that the US, ROK and Japan perceive (balance of threat, Walt 1987,
mechanism M5). Rates are launch days per month; the 2019 record is in
``configs/data/dprk_launches_2019.csv`` (CNS North Korea Missile Test Database).
``strategic`` chooses each month whether to take part in talks and how many days to launch
by the logit choice model, from exercises, the diplomacy track and the weakest dyad
(:mod:`agents.policies.provocation_strategic`).
"""

from __future__ import annotations

import numpy as np
from pydantic import Field

from agents.observations import ProvocationMove, ProvocationObservation
from agents.policies.base import Policy, PolicyParams, traits
from agents.policies.family import Family
from agents.policies.provocation_strategic import StrategicProvocation

MAX_LAUNCH_DAYS = 31  # a month has no more days


def launch_days(rng: np.random.Generator, rate: float) -> int:
    """Launch days of one month: a Poisson draw at ``rate``, capped at the month's days."""
    return min(MAX_LAUNCH_DAYS, int(rng.poisson(rate)))


class NoProvocation(Policy):
    """A quiet DPRK: no launches."""

    inert = True

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
    classifier = traits(stochastic=True, memory=False)
    Params = PoissonParams

    def decide(self, obs: ProvocationObservation, rng: np.random.Generator) -> ProvocationMove:
        """One Poisson draw."""
        days = launch_days(rng, self.params.rate)
        return ProvocationMove(days, self.params.severity)


class SignallingParams(PolicyParams):
    """Base rate and its multipliers in exercise months and at adversaries' decision points."""

    base_rate: float = Field(1.0, ge=0.0, le=31.0)
    exercise_multiplier: float = Field(3.0, ge=0.0, le=20.0)
    decision_multiplier: float = Field(1.5, ge=0.0, le=20.0)
    severity: float = Field(0.1, ge=0.0, le=1.0)


class Signalling(Policy):
    """Launch more around combined exercises and decision points (coercive signalling).

    In 2019, 5 of 14 launch days fell in August, the month of the combined exercise
    (dprk_launches_2019.csv). The defaults (``base_rate`` 1.0, ``exercise_multiplier`` 3.0)
    give 11 + 3 = 14 launch days a year with one exercise month, the 2019 total; the
    baseline carries values calibrated on the monthly record (docs/VALIDATION.md).
    """

    name = "signalling"
    family = "provocation"
    description = "Poisson launches, more in exercise months and at decision points"
    classifier = traits(stochastic=True, memory=False)
    Params = SignallingParams

    def decide(self, obs: ProvocationObservation, rng: np.random.Generator) -> ProvocationMove:
        """One Poisson draw at the month's rate."""
        p = self.params
        rate = p.base_rate
        if obs.exercise:
            rate *= p.exercise_multiplier
        if obs.decision_point:
            rate *= p.decision_multiplier
        return ProvocationMove(launch_days(rng, rate), p.severity)


class WedgeParams(PolicyParams):
    """Base rate, how much more the DPRK launches as cohesion falls, and severity."""

    base_rate: float = Field(1.0, ge=0.0, le=31.0)
    cohesion_sensitivity: float = Field(2.0, ge=0.0, le=20.0)
    reference_cohesion: float = Field(0.7, gt=0.0, le=1.0)
    severity: float = Field(0.1, ge=0.0, le=1.0)


class Wedge(Policy):
    """Aim launches at the weakest dyad and launch more as cohesion falls (Crawford 2011).

    The monthly rate is ``base_rate * (1 + cohesion_sensitivity * gap)`` with ``gap`` the
    shortfall of trilateral cohesion below ``reference_cohesion``, as a share of it; each
    launch is aimed at the dyad with the lowest cohesion, whose partners the model then
    drives apart in proportion to their existing friction.
    """

    name = "wedge"
    family = "provocation"
    description = "aim at the weakest dyad; launch more when cohesion is low"
    classifier = traits(stochastic=True, memory=False)
    Params = WedgeParams

    def decide(self, obs: ProvocationObservation, rng: np.random.Generator) -> ProvocationMove:
        """One Poisson draw at a rate raised by low cohesion; aim at the weakest dyad."""
        p = self.params
        gap = max(0.0, p.reference_cohesion - obs.trilateral_cohesion) / p.reference_cohesion
        rate = p.base_rate * (1.0 + p.cohesion_sensitivity * gap)
        days = launch_days(rng, rate)
        dyads = obs.dyad_cohesion or {}
        aim = min(sorted(dyads), key=dyads.__getitem__) if dyads else None
        return ProvocationMove(days, p.severity, aim)


PROVOCATION_POLICIES: tuple[type[Policy], ...] = (
    NoProvocation,
    PoissonProvocation,
    Signalling,
    Wedge,
    StrategicProvocation,
)

PROVOCATION = Family(
    name="provocation",
    observation=ProvocationObservation,
    move=ProvocationMove,
    holders=("PRK",),
    required_by=("PRK",),
    keyed_by="",
    policies=PROVOCATION_POLICIES,
    description="DPRK's launches this month, their severity and the dyad a wedge aims at.",
)
