"""The US cost-sharing ask decided from the state (M3 and the bargaining state): ``strategic``.

Each month, for each open cost-sharing item, the US makes one logit choice
(:mod:`sim.core.choice`) among five moves. Each move sets this month's ask ``a_o``; with
``a`` last month's ask, ``a0`` the opening ask, ``q`` the status quo, ``x`` the ally's last
offer (``q`` before any), ``F`` the ally's abandonment fear, ``c`` last month's US-ally
cohesion and ``u`` the urgency of the deadline (the share of the time to the deadline
gone, 1 from the deadline month on)::

    hold       a_o = a
    threaten   a_o = a, with a troop-cut threat (M3's lever: Snyder 1984)
    lower      a_o = max(q, a * (1 - markdown))
    meet       a_o = (a + x) / 2                    move halfway to the ally's offer
    settle     a_o = x, and accept x                take the ally's offer

    every move  concession  base  -w_g * (a - a_o) / a0        what the US gives up
                deal        base  (w_d + w_u * u + w_c * (1 - c)) * x / a_o
                                  the value of a deal, times how close the ask is to the offer
    hold        resolve     base  w_r                          holding the line
    threaten    resolve     base  w_r
                lever       M3    w_l * (1 - F) * (a - x) / a  fear not yet there to raise
                threat_cost base  -w_t                         the alliance's goodwill
    lower       resolve     base  w_r                          marking down still holds the line
    settle      constraint  base  -inf before the ally has offered more than ``q``
    lower       constraint  base  -inf once the ask is at ``floor * a0``

The least acceptable offer is ``acceptance_ratio * a_o`` (``x`` when settling). The
weights of the 2019-2020 US (resolve high, concessions costly: the 11th SMA talks, 5 bn
USD lowered to about 4 bn in six months, troop-cut talk) and of the 2021 US (a
``policy_change`` in the baseline's timeline) differ; both are assumed and set against
the record (sma11_agreed 2021-03-07 at +13.9 %, docs/ODD.md (7.20)).
"""

from __future__ import annotations

import math

import numpy as np
from pydantic import Field

from agents.observations import DemandMove, DemandObservation
from agents.policies.base import traits
from agents.policies.choice_policy import ChoiceParams, ChoicePolicy, Reasoned
from sim.core.choice import DecisionSpec

HOLD, THREATEN, LOWER, MEET, SETTLE = "hold", "threaten", "lower", "meet", "settle"
MOVES = (HOLD, THREATEN, LOWER, MEET, SETTLE)
_COMMON = [("concession", "base"), ("deal", "base")]
SPEC = DecisionSpec(
    "demand",
    {
        HOLD: [*_COMMON, ("resolve", "base")],
        THREATEN: [*_COMMON, ("resolve", "base"), ("lever", "M3"), ("threat_cost", "base")],
        LOWER: [*_COMMON, ("resolve", "base"), ("constraint", "base")],
        MEET: [*_COMMON, ("constraint", "base")],
        SETTLE: [*_COMMON, ("constraint", "base")],
    },
)
_UNAVAILABLE = -math.inf
SETTLE_INDEX = MOVES.index(SETTLE)


class StrategicDemandParams(ChoiceParams):
    """Term weights (one per term, named after it) and the sizes of the moves.

    Weights are assumed (docs/ODD.md (7.20)). ``floor`` is the revised ask over the
    opening one (us_revised_demand_rok / us_initial_demand_rok); ``markdown``, one
    lowering step, is assumed so that the US, lowering about one month in three, reaches
    that floor in about six months, as it did (2019-09 to 2020-03).
    """

    concession: float = Field(4.0, ge=0.0, le=50.0)  # base, assumed
    deal: float = Field(0.5, ge=0.0, le=50.0)  # base, assumed
    urgency: float = Field(0.5, ge=0.0, le=50.0)  # base, assumed
    cohesion: float = Field(1.0, ge=0.0, le=50.0)  # base, assumed
    resolve: float = Field(0.5, ge=0.0, le=50.0)  # base, assumed
    lever: float = Field(1.5, ge=0.0, le=50.0)  # M3, assumed
    threat_cost: float = Field(1.0, ge=0.0, le=50.0)  # base, assumed
    markdown: float = Field(0.1, ge=0.0, le=1.0)  # assumed: 5 bn to the 4 bn floor in ~6 months
    floor: float = Field(0.8, gt=0.0, le=1.0)  # 4 bn / 5 bn
    acceptance_ratio: float = Field(0.9, gt=0.0, le=1.0)  # assumed


def urgency(obs: DemandObservation) -> float:
    """The share of the time to the deadline gone: 0 at the opening, 1 from the deadline on."""
    if obs.months_to_deadline <= 0:
        return 1.0
    return obs.months_open / (obs.months_open + obs.months_to_deadline)


def asks(p: StrategicDemandParams, obs: DemandObservation) -> tuple[float, ...]:
    """The ask of this month under each move, in ``MOVES`` order."""
    a, q = obs.last_ask, obs.status_quo
    x = obs.last_offer if obs.last_offer is not None else q
    x = min(max(x, q), a)
    lowered = max(q, a * (1.0 - p.markdown), min(a, p.floor * obs.initial_ask))
    return (a, a, lowered, 0.5 * (a + x), x)


def term_values(
    p: StrategicDemandParams, obs: DemandObservation, levels: tuple[float, ...] | None = None
) -> tuple[float, ...]:
    """The values of every term, in ``SPEC.layout`` order (``levels``: ``asks(p, obs)``)."""
    a, q = obs.last_ask, obs.status_quo
    levels = asks(p, obs) if levels is None else levels
    x = levels[SETTLE_INDEX]
    value = p.deal + p.urgency * urgency(obs) + p.cohesion * (1.0 - obs.cohesion)
    scale = obs.initial_ask if obs.initial_ask > 0 else 1.0

    def common(level: float) -> tuple[float, float]:
        closeness = x / level if level > 0 else 1.0
        return -p.concession * (a - level) / scale, value * closeness

    gap = (a - x) / a if a > 0 else 0.0
    offered = 0.0 if obs.last_offer is not None and x < a else _UNAVAILABLE
    return (
        *common(levels[0]),
        p.resolve,
        *common(levels[1]),
        p.resolve,
        p.lever * (1.0 - obs.ally_fear) * gap,
        -p.threat_cost,
        *common(levels[2]),
        p.resolve,
        0.0 if levels[2] < a else _UNAVAILABLE,
        *common(levels[3]),
        offered,
        *common(levels[4]),
        offered if x > q else _UNAVAILABLE,
    )


class StrategicDemand(ChoicePolicy):
    """Hold, threaten, lower, meet the ally halfway or settle, by the state (M3)."""

    name = "strategic"
    family = "demand"
    description = "hold, threaten, lower, meet halfway or settle by a logit choice over the state"
    classifier = traits(stochastic=True, memory=True)  # reads the last ask and offer
    Params = StrategicDemandParams

    def reasoned(self, obs: DemandObservation, rng: np.random.Generator) -> Reasoned:
        """One choice for the item; the move is its ask, least acceptable offer and threat."""
        p = self.params
        levels = asks(p, obs)  # once: the terms and the move both read them
        choice = self.choose(SPEC, rng, term_values(p, obs, levels))
        ask = levels[choice.chosen]
        least = ask if choice.option == SETTLE else ask * p.acceptance_ratio
        return DemandMove(ask, least, troop_threat=choice.option == THREATEN), (choice,)
