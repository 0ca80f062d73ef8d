"""The US's or ROK's stance toward the DPRK decided from the state (M2, M3, M5).

Each month the actor chooses one of four options by the logit rule (:mod:`sim.core.choice`)
on the diplomacy track (sim/core/diplomacy.py): ``none`` (leave the track as it is: its
standing stance holds), ``talks`` (offer to resume talks), ``relief`` (put sanctions relief of
``relief_size`` on the table, with talks), ``freeze`` (demand a freeze under pressure: relief
and offers withdrawn). A concession has an extent ``e`` (talks 1/2, relief 1). Every value
is read from the state as the month began (docs/ODD.md (7.24))::

    talks, relief  reciprocity  M5    w_r * e * (q - L)     reward restraint, not launches
                   opening      M5    w_o * z               the stalemate's cost
                   deadline     M5    w_u * u               relief only: a deadline runs
                   domestic     M2    -w_d * e * (1 - s)    concessions need a win-set
                   alliance     M3    w_a * f * a(option)   conform to the ally's stance
                   cost         base  -w_c * e
                   constraint   base  -inf for talks while talks are under way
    freeze         threat       M5    w_t * (L + theta) / 2
                   alliance     M3    w_a * f * a(freeze)
                   cost         base  -w_f
    none           (no terms: utility 0)

    q = min(1, months since the DPRK's last launch / quiet_horizon)   restraint seen
    L = min(1, recent launch days / launch_scale)     launch days, halving every 3 months
    z = 1 - 2^(-months since the last change / stale_half_life) while there are no talks
    u = 1 / (1 + months to the DPRK's deadline), 0 without one
    a(option) = +1 if the ally's standing stance is the option, -1 if it is another, 0 if none
    theta, s, f: own perceived DPRK threat, domestic support, abandonment fear (the US: 0)

Reciprocity is Axelrod's (1984) and Sigal's (1998, *Disarming Strangers*): Pyongyang
answered cooperation with cooperation and pressure with defiance, so restraint earns an
offer and launches withdraw it. Engagement (Cha and Kang 2003) weighs what a standing
stalemate costs; a deadline (Kim's of 2019-04-12 for "a new approach") calls for relief.
A concession must pass at home (Putnam 1988): the weaker the government, the dearer it is.
An ally that fears abandonment conforms to its patron's line (Snyder 1984): Seoul's
engagement under Moon against Washington's maximum pressure in 2017 is the case of a
stance that the alliance term makes costly. Threat (Walt 1987) calls for pressure.
"""

from __future__ import annotations

import math

import numpy as np
from pydantic import Field

from agents.observations import (
    FREEZE_DEMAND,
    RELIEF_OFFER,
    TALKS_OFFER,
    EngagementMove,
    EngagementObservation,
)
from agents.policies.choice_policy import ChoiceParams, ChoicePolicy, Reasoned
from sim.core.choice import DecisionSpec

NONE = "none"
_CONCESSION = [
    ("reciprocity", "M5"),
    ("opening", "M5"),
    ("deadline", "M5"),
    ("domestic", "M2"),
    ("alliance", "M3"),
    ("cost", "base"),
    ("constraint", "base"),
]
SPEC = DecisionSpec(
    "engagement",
    {
        NONE: [],
        TALKS_OFFER: _CONCESSION,
        RELIEF_OFFER: _CONCESSION,
        FREEZE_DEMAND: [("threat", "M5"), ("alliance", "M3"), ("cost", "base")],
    },
)
_EXTENT = {TALKS_OFFER: 0.5, RELIEF_OFFER: 1.0}
_TALKING = ("working_level", "summit")
_UNAVAILABLE = -math.inf


class StrategicEngagementParams(ChoiceParams):
    """Term weights (one per term, named after it), horizons, and the relief offered.

    All assumed (no source measures these governments' utilities): set so that a US or
    ROK facing a DPRK quiet for half a year offers talks or relief more often than not,
    and one facing a DPRK that launched on four days in the last months demands a freeze.
    """

    reciprocity: float = Field(1.0, ge=0.0, le=20.0)  # M5, assumed
    opening: float = Field(0.3, ge=0.0, le=20.0)  # M5, assumed
    deadline: float = Field(0.5, ge=0.0, le=20.0)  # M5, assumed
    domestic: float = Field(0.4, ge=0.0, le=20.0)  # M2, assumed
    alliance: float = Field(0.5, ge=0.0, le=20.0)  # M3, assumed
    threat: float = Field(0.8, ge=0.0, le=20.0)  # M5, assumed
    cost: float = Field(0.3, ge=0.0, le=20.0)  # base, per unit of extent, assumed
    freeze_cost: float = Field(0.3, ge=0.0, le=20.0)  # base, assumed
    quiet_horizon: float = Field(6.0, gt=0.0, le=120.0)  # months, assumed
    launch_scale: float = Field(4.0, gt=0.0, le=100.0)  # launch days, assumed
    stale_half_life: float = Field(12.0, gt=0.0, le=120.0)  # months, assumed
    relief_size: float = Field(0.5, ge=0.0, le=1.0)  # assumed: meets a deadline (diplomacy.py)


def agreement(obs: EngagementObservation, option: str) -> float:
    """+1 if the ally stands where ``option`` would, -1 if elsewhere, 0 if it takes no stance."""
    if not obs.partner_stance:
        return 0.0
    return 1.0 if obs.partner_stance == option else -1.0


def restraint(p: StrategicEngagementParams, obs: EngagementObservation) -> tuple[float, float]:
    """``q`` (months without a launch, scaled) and ``L`` (recent launch days, scaled)."""
    q = min(1.0, obs.months_since_launch / p.quiet_horizon)
    return q, min(1.0, obs.recent_launches / p.launch_scale)


def stalemate(p: StrategicEngagementParams, obs: EngagementObservation) -> float:
    """``z``: how long there have been no talks, 0 at a change, toward 1."""
    if obs.talks in _TALKING:
        return 0.0
    return 1.0 - 0.5 ** (max(0, obs.months_since_change) / p.stale_half_life)


def urgency(obs: EngagementObservation) -> float:
    """``1 / (1 + months to the deadline)``, 0 without a deadline (or once it is past)."""
    left = obs.months_to_deadline
    return 0.0 if left is None or left < 0 else 1.0 / (1.0 + left)


def concession_values(
    p: StrategicEngagementParams, obs: EngagementObservation, option: str
) -> tuple[float, ...]:
    """The terms of offering talks or relief, in ``_CONCESSION`` order."""
    e = _EXTENT[option]
    q, launches = restraint(p, obs)
    talking = obs.talks in _TALKING
    return (
        p.reciprocity * e * (q - launches),
        p.opening * stalemate(p, obs),
        p.deadline * urgency(obs) if option == RELIEF_OFFER else 0.0,
        -p.domestic * e * (1.0 - obs.domestic_support),
        p.alliance * obs.abandonment_fear * agreement(obs, option),
        -p.cost * e,
        _UNAVAILABLE if option == TALKS_OFFER and talking else 0.0,
    )


def freeze_values(p: StrategicEngagementParams, obs: EngagementObservation) -> tuple[float, ...]:
    """The terms of demanding a freeze."""
    _, launches = restraint(p, obs)
    return (
        p.threat * 0.5 * (launches + obs.threat),
        p.alliance * obs.abandonment_fear * agreement(obs, FREEZE_DEMAND),
        -p.freeze_cost,
    )


def engagement_values(
    p: StrategicEngagementParams, obs: EngagementObservation
) -> tuple[float, ...]:
    """The values of every term, in ``SPEC.layout`` order."""
    return (
        *concession_values(p, obs, TALKS_OFFER),
        *concession_values(p, obs, RELIEF_OFFER),
        *freeze_values(p, obs),
    )


class StrategicEngagement(ChoicePolicy):
    """Offer talks or relief, or demand a freeze, as the state makes it worth (M2, M3, M5)."""

    name = "strategic"
    family = "engagement"
    description = "talks, relief or a freeze demand by a logit choice over the DPRK's conduct"
    Params = StrategicEngagementParams

    def reasoned(self, obs: EngagementObservation, rng: np.random.Generator) -> Reasoned:
        """One choice a month; ``none`` leaves the standing stance."""
        p = self.params
        choice = self.choose(SPEC, rng, engagement_values(p, obs))
        option = choice.option
        if option == NONE:
            return EngagementMove(), (choice,)
        relief = p.relief_size if option == RELIEF_OFFER else 0.0
        return EngagementMove(option, relief), (choice,)
