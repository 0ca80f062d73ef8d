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
import numpy as np

from agents.observations import Snapshot
from agents.policies import FAMILY_LIST, Family, Policy

if TYPE_CHECKING:
    from sim.config.schema import ActorSection


@dataclass(slots=True)
class Moves:
    """What one actor chose this step: per family, its moves by key (item, dispute or "")."""

    by_family: dict[str, dict[str, Any]] = field(default_factory=dict)

    def of[Move](self, family: Family[Any, Move]) -> dict[str, Move]:
        """The moves of ``family``, by key (empty if the actor made none)."""
        return self.by_family.get(family.name, {})

    def one[Move](self, family: Family[Any, Move]) -> Move | None:
        """The single move of a family that decides once a month, or None."""
        return self.by_family.get(family.name, {}).get("")


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

    def decide(self, snapshot: Snapshot, rng: np.random.Generator) -> Moves:
        """Moves for this step, one per observation the snapshot holds for this actor.

        Families are consulted in :data:`agents.policies.FAMILY_LIST` order and keys in
        the snapshot's order, so the draws policies take from ``rng`` come in a fixed order.
        """
        moves = Moves()
        for name, policy in self._plan:
            views = snapshot.of(name, self.code)
            if views:
                moves.by_family[name] = {key: policy.decide(obs, rng) for key, obs in views.items()}
        return moves


def plan_of(policies: Mapping[str, Policy]) -> tuple[tuple[str, Policy], ...]:
    """The policies to consult, in family order; inert ones are left out.

    An inert policy draws nothing and acts on nothing, so leaving it out changes no result.
    """
    return tuple(
        (f.name, policies[f.name])
        for f in FAMILY_LIST
        if f.name in policies and not policies[f.name].inert
    )
