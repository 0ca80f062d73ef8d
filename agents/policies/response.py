"""Response policies: how an ally answers US asks.

For cost-sharing, a policy makes an offer (bn USD per year); for yes/no asks (coalition
dispatch, missile deployment) it accepts, refuses, takes an independent alternative or
waits. The model supplies the two-level win-set ceiling (Putnam 1988) widened by
abandonment fear (Snyder 1984), and an acceptance propensity lowered by entrapment fear.
These rules are the rule-based alternatives; ``strategic``
(:mod:`agents.policies.response_strategic`) decides by the logit choice model over the
state (the baseline's policy for ROK and JPN).
"""

from __future__ import annotations

import numpy as np
from pydantic import Field

from agents.observations import Choice, ResponseMove, ResponseObservation
from agents.policies.base import Policy, PolicyParams, traits
from agents.policies.family import Family
from agents.policies.response_strategic import StrategicResponse


def _fallback(kind: str) -> Choice:
    """The hedging answer to a yes/no ask: go it alone on a coalition, decline a deployment."""
    return Choice.INDEPENDENT if kind == "coalition" else Choice.REFUSE


def _target(obs: ResponseObservation) -> float:
    """The most the ally can pay: the ask, or less if the ask exceeds the win-set."""
    return max(obs.status_quo, min(obs.ask, obs.win_set_ceiling))


class Concede(Policy):
    """Give the ask in full; accept every yes/no ask (pure bandwagoning)."""

    name = "concede"
    family = "response"
    description = "offer the full ask; accept yes/no asks"

    def decide(self, obs: ResponseObservation, rng: object) -> ResponseMove:
        """Agree to everything."""
        return ResponseMove(offer=obs.ask, choice=Choice.ACCEPT)


class Resist(Policy):
    """Offer the status quo and refuse yes/no asks (pure resistance)."""

    name = "resist"
    family = "response"
    description = "offer the status quo; refuse yes/no asks"

    def decide(self, obs: ResponseObservation, rng: object) -> ResponseMove:
        """Refuse everything."""
        return ResponseMove(offer=obs.status_quo, choice=Choice.REFUSE)


class HedgeParams(PolicyParams):
    """Share of the room up to the win-set offered, its noise, and the monthly commit rate."""

    share: float = Field(0.6, ge=0.0, le=1.0)
    noise: float = Field(0.1, ge=0.0, le=1.0)
    commit_rate: float = Field(0.3, ge=0.0, le=1.0)


class Hedge(Policy):
    """Pay part of what the win-set allows; commit late and often to a national alternative.

    Hedging between alliance loyalty and autonomy (Snyder 1984's alliance security dilemma):
    a yes/no ask is answered, in a month drawn with ``commit_rate`` (or at the deadline), by
    acceptance with probability equal to the acceptance propensity, else by the fallback.
    """

    name = "hedge"
    family = "response"
    description = "offer part of the win-set with noise; commit late, often to a fallback"
    classifier = traits(stochastic=True, memory=False)
    Params = HedgeParams

    def decide(self, obs: ResponseObservation, rng: np.random.Generator) -> ResponseMove:
        """One draw for the offer's noise and one or two for a yes/no decision."""
        p = self.params
        room = _target(obs) - obs.status_quo
        jitter = 1.0 + p.noise * (2.0 * rng.random() - 1.0)
        offer = obs.status_quo + min(room, p.share * room * jitter)
        choice = Choice.WAIT
        if obs.months_to_deadline <= 0 or rng.random() < p.commit_rate:
            accept = rng.random() < obs.acceptance_propensity
            choice = Choice.ACCEPT if accept else _fallback(obs.kind)
        return ResponseMove(offer=offer, choice=choice)


class BargainingParams(PolicyParams):
    """Per-round discount factor and the propensity needed to accept a yes/no ask."""

    patience: float = Field(0.85, ge=0.0, lt=1.0)
    reservation: float = Field(0.5, ge=0.0, le=1.0)


class Bargaining(Policy):
    """Alternating offers with discounting (Rubinstein 1982).

    The offer closes the gap from the status quo to the attainable target by the share
    ``1 - patience ** (rounds + 1)``: an impatient ally concedes fast, a patient one holds out.
    A yes/no ask is accepted as soon as the propensity reaches ``reservation``; otherwise the
    ally waits and takes the fallback at the deadline.
    """

    name = "bargaining"
    family = "response"
    description = "alternating offers with discounting (Rubinstein 1982)"
    classifier = traits(stochastic=False, memory=True)
    Params = BargainingParams

    def decide(self, obs: ResponseObservation, rng: object) -> ResponseMove:
        """Concede more each round; accept yes/no asks above the reservation propensity."""
        p = self.params
        conceded = 1.0 - p.patience ** (obs.months_open + 1)
        offer = obs.status_quo + conceded * (_target(obs) - obs.status_quo)
        if obs.acceptance_propensity >= p.reservation:
            choice = Choice.ACCEPT
        elif obs.months_to_deadline <= 0:
            choice = _fallback(obs.kind)
        else:
            choice = Choice.WAIT
        return ResponseMove(offer=offer, choice=choice)


RESPONSE_POLICIES: tuple[type[Policy], ...] = (
    Concede,
    Hedge,
    Resist,
    Bargaining,
    StrategicResponse,
)

RESPONSE = Family(
    name="response",
    observation=ResponseObservation,
    move=ResponseMove,
    holders=("ROK", "JPN"),
    required_by=("ROK", "JPN"),
    keyed_by="item",
    policies=RESPONSE_POLICIES,
    description="An ally's offer on a cost-sharing item or its answer to a yes/no ask.",
)
