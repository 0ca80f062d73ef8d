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
        self.domestic_support = spec.domestic_support
        self.threat_from_prk = spec.threat_from_prk
        self.abandonment_fear = spec.abandonment_fear
        self.entrapment_fear = spec.entrapment_fear
        self.coercion_credibility = spec.coercion_credibility
        self.contribution = spec.milex

    def decide(self, snapshot: Any, rng: np.random.Generator) -> Moves:
        """Moves for this step, from the start-of-step :class:`sim.observe.Snapshot`.

        Families are consulted in a fixed order (demand, response, provocation, retaliation,
        mediation, coercion), so the draws a policy takes from ``rng`` come in a fixed order.
        """
        moves = Moves()
        if demand := self.policies.get("demand"):
            for item_id, obs in snapshot.demand_views.items():
                moves.demands[item_id] = demand.decide(obs, rng)
        if response := self.policies.get("response"):
            for item_id, obs in snapshot.response_views.get(self.code, {}).items():
                moves.responses[item_id] = response.decide(obs, rng)
        if provocation := self.policies.get("provocation"):
            moves.provocation = provocation.decide(snapshot.provocation_view, rng)
        if retaliation := self.policies.get("retaliation"):
            for dispute_id, obs in snapshot.retaliation_views.get(self.code, {}).items():
                moves.retaliation[dispute_id] = retaliation.decide(obs, rng)
        if mediation := self.policies.get("mediation"):
            moves.mediation = mediation.decide(snapshot.mediation_view, rng)
        if coercion := self.policies.get("coercion"):
            moves.coercion = coercion.decide(snapshot.coercion_view, rng)
        return moves


__all__ = [
    "DemandObservation",
    "Moves",
    "ProvocationObservation",
    "ResponseObservation",
    "StateActor",
]
