"""The five state actors as Mesa agents.

An actor holds its static attributes (from the scenario), its dynamic state and its
policies. ``decide`` turns the start-of-step snapshot into moves without touching any
state: all actors decide on the same snapshot, so decisions are simultaneous and the
order of activation cannot bias results (MODEL.md, process steps 2 and 3).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import mesa

from agents.observations import (
    CoercionMove,
    DemandMove,
    DemandObservation,
    MediationMove,
    ProvocationMove,
    ProvocationObservation,
    ResponseMove,
    ResponseObservation,
)
from agents.policies import Policy

if TYPE_CHECKING:
    import numpy as np

    from sim.config.schema import ActorSection


@dataclass(slots=True)
class Moves:
    """What one actor chose this step, keyed by agenda item where it applies."""

    demands: dict[str, DemandMove] = field(default_factory=dict)
    responses: dict[str, ResponseMove] = field(default_factory=dict)
    provocation: ProvocationMove | None = None
    retaliation: dict[str, str] = field(default_factory=dict)  # dispute id -> "C" or "D"
    mediation: MediationMove | None = None
    coercion: CoercionMove | None = None


class StateActor(mesa.Agent):
    """One state: USA, ROK, JPN, CHN or PRK."""

    def __init__(
        self, model: mesa.Model, code: str, spec: ActorSection, policies: Mapping[str, Policy]
    ) -> None:
        super().__init__(model)
        self.code = code
        self.spec = spec
        self.policies = dict(policies)
        self._plan = plan_of(self.policies)
        self.domestic_support = spec.domestic_support
        self.threat_from_prk = spec.threat_from_prk
        self.abandonment_fear = spec.abandonment_fear
        self.entrapment_fear = spec.entrapment_fear
        self.coercion_credibility = spec.coercion_credibility

    def set_policy(self, family: str, policy: Policy) -> None:
        """Adopt ``policy`` for ``family`` (a ``policy_change`` shock)."""
        self.policies[family] = policy
        self._plan = plan_of(self.policies)

    def decide(self, snapshot: Any, rng: np.random.Generator) -> Moves:
        """Moves for this step, from the start-of-step :class:`sim.core.observe.Snapshot`.

        Families are consulted in :data:`FAMILY_ORDER`, so the draws policies take from
        ``rng`` always come in the same order.
        """
        moves = Moves()
        for family, policy in self._plan:
            DECIDERS[family](self.code, policy, snapshot, rng, moves)
        return moves


def _demand(code: str, policy: Policy, snapshot: Any, rng: Any, moves: Moves) -> None:
    for item_id, obs in snapshot.demand_views.items():
        moves.demands[item_id] = policy.decide(obs, rng)


def _response(code: str, policy: Policy, snapshot: Any, rng: Any, moves: Moves) -> None:
    for item_id, obs in snapshot.response_views.get(code, {}).items():
        moves.responses[item_id] = policy.decide(obs, rng)


def _provocation(code: str, policy: Policy, snapshot: Any, rng: Any, moves: Moves) -> None:
    moves.provocation = policy.decide(snapshot.provocation_view, rng)


def _retaliation(code: str, policy: Policy, snapshot: Any, rng: Any, moves: Moves) -> None:
    for dispute_id, obs in snapshot.retaliation_views.get(code, {}).items():
        moves.retaliation[dispute_id] = policy.decide(obs, rng)


def _mediation(code: str, policy: Policy, snapshot: Any, rng: Any, moves: Moves) -> None:
    moves.mediation = policy.decide(snapshot.mediation_view, rng)


def _coercion(code: str, policy: Policy, snapshot: Any, rng: Any, moves: Moves) -> None:
    moves.coercion = policy.decide(snapshot.coercion_view, rng)


FAMILY_ORDER = ("demand", "response", "provocation", "retaliation", "mediation", "coercion")


def plan_of(policies: Mapping[str, Policy]) -> tuple[tuple[str, Policy], ...]:
    """The policies to consult, in :data:`FAMILY_ORDER`; inert ones are left out.

    An inert policy draws nothing and acts on nothing, so leaving it out changes no result.
    """
    return tuple((f, policies[f]) for f in FAMILY_ORDER if f in policies and not policies[f].inert)


DECIDERS = {
    "demand": _demand,
    "response": _response,
    "provocation": _provocation,
    "retaliation": _retaliation,
    "mediation": _mediation,
    "coercion": _coercion,
}


__all__ = [
    "DemandObservation",
    "Moves",
    "ProvocationObservation",
    "ResponseObservation",
    "StateActor",
]
