"""The five state actors as Mesa agents.

An actor holds its static attributes (from the scenario), its dynamic state and its
policies. ``decide`` turns the start-of-step snapshot into moves without touching any
state: all actors decide on the same snapshot, so decisions are simultaneous and the
order of activation cannot bias results (MODEL.md, process steps 2 and 3). The actor's
state changes only through its own methods, which keep fears, threat and support in
[0, 1]: a push compounds (``1 - (1 - level)(1 - push)``), a cost is clamped, and slow
dynamics relax each toward its scenario baseline.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

import mesa
import numpy as np

from agents.observations import Snapshot
from agents.policies import FAMILY_LIST, Family, Policy
from agents.policies.choice_policy import ChoicePolicy
from agents.policies.retaliation import RETALIATION
from sim.core.mechanisms import clamp, compound, relax, threat_after_launches

if TYPE_CHECKING:
    from sim.config.schema import ActorSection
    from sim.core.choice import Choice


NO_MOVES: Mapping[str, Any] = MappingProxyType({})  # shared: no allocation per lookup


@dataclass(slots=True)
class Moves:
    """What one actor chose this step: per family, its moves by key (item, dispute or "")."""

    by_family: dict[str, dict[str, Any]] = field(default_factory=dict)
    #: The choices behind the moves, when the snapshot asks for them (``record``).
    reasons: list[Choice] = field(default_factory=list)

    def of[Move](self, family: Family[Any, Move]) -> Mapping[str, Move]:
        """The moves of ``family``, by key (empty if the actor made none)."""
        return self.by_family.get(family.name, NO_MOVES)

    def one[Move](self, family: Family[Any, Move]) -> Move | None:
        """The single move of a family that decides once a month, or None."""
        return self.by_family.get(family.name, NO_MOVES).get("")


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
        self.trade_dependence_chn = spec.trade_dependence_chn

    # -- the actor's own state rules --------------------------------------------------------
    def fear_abandonment(self, push: float) -> None:
        """Abandonment fear rises by a compounding ``push`` (M3, Snyder 1984)."""
        self.abandonment_fear = compound(self.abandonment_fear, push)

    def fear_entrapment(self, push: float) -> None:
        """Entrapment fear rises by a compounding ``push`` (M4, Snyder 1984)."""
        self.entrapment_fear = compound(self.entrapment_fear, push)

    def gain_credibility(self, push: float) -> None:
        """The credibility of this actor's coercion threats rises (M9)."""
        self.coercion_credibility = compound(self.coercion_credibility, push)

    def cut_trade(self, level: float) -> None:
        """Trade dependence on China falls to ``level`` if it is above it (M9, THAAD 2017)."""
        self.trade_dependence_chn = min(self.trade_dependence_chn, level)

    def recover_trade(self, rate: float) -> None:
        """Trade dependence on China moves a share ``rate`` back toward its baseline."""
        base = self.spec.trade_dependence_chn
        self.trade_dependence_chn = relax(self.trade_dependence_chn, base, rate)

    def change_support(self, delta: float) -> None:
        """Domestic support for the government's line moves by ``delta``, within [0, 1]."""
        self.domestic_support = clamp(self.domestic_support + delta)

    def perceive_launches(self, launch_days: int, severity: float) -> None:
        """Launches raise the threat perceived from the DPRK, by exposure (M5, Walt 1987)."""
        exposure = self.spec.threat_exposure
        self.threat_from_prk = threat_after_launches(
            self.threat_from_prk, launch_days, severity, exposure
        )

    def decay_threat(self, factor: float) -> None:
        """Threat above (or below) its baseline shrinks by the monthly half-life factor."""
        base = self.spec.threat_from_prk
        self.threat_from_prk = base + (self.threat_from_prk - base) * factor

    def relax(self, fear_rate: float, support_rate: float) -> None:
        """Both fears and domestic support move part of the way back to their baselines."""
        spec = self.spec
        self.abandonment_fear = relax(self.abandonment_fear, spec.abandonment_fear, fear_rate)
        self.entrapment_fear = relax(self.entrapment_fear, spec.entrapment_fear, fear_rate)
        self.domestic_support = relax(self.domestic_support, spec.domestic_support, support_rate)

    @property
    def links_trade_to_security(self) -> bool:
        """Whether this actor's retaliation policy links trade to security (M7)."""
        return self.policies[RETALIATION.name].params.linkage

    def set_policy(self, family: str, policy: Policy) -> None:
        """Adopt ``policy`` for ``family`` (a ``policy_change`` shock)."""
        self.policies[family] = policy
        self._plan = plan_of(self.policies)

    def decide(self, snapshot: Snapshot, rng: np.random.Generator) -> Moves:
        """Moves for this step, one per observation the snapshot holds for this actor.

        Families are consulted in :data:`agents.policies.FAMILY_LIST` order and keys in
        the snapshot's order, so the draws policies take from ``rng`` come in a fixed order.
        When the snapshot asks to ``record``, a choice policy's reasons (its
        :class:`~sim.core.choice.Choice` records, stamped with this actor and the key) are
        kept in ``moves.reasons``; the draws are the same either way.
        """
        moves = Moves()
        code, all_views = self.code, snapshot.views
        for name, policy in self._plan:
            views = all_views[name].get(code)
            if not views:
                continue
            if snapshot.record and isinstance(policy, ChoicePolicy):
                moves.by_family[name] = self._reasoned(policy, views, rng, moves.reasons)
            else:
                moves.by_family[name] = {key: policy.decide(obs, rng) for key, obs in views.items()}
        return moves

    def _reasoned(
        self,
        policy: ChoicePolicy,
        views: Mapping[str, Any],
        rng: np.random.Generator,
        reasons: list[Choice],
    ) -> dict[str, Any]:
        """A choice policy's moves by key, its choices stamped and kept in ``reasons``."""
        out: dict[str, Any] = {}
        for key, obs in views.items():
            out[key], why = policy.reasoned(obs, rng)
            for choice in why:  # a policy deciding about several subjects names them itself
                choice.actor, choice.subject = self.code, choice.subject or key
            reasons.extend(why)
        return out


def plan_of(policies: Mapping[str, Policy]) -> tuple[tuple[str, Policy], ...]:
    """The policies to consult, in family order; inert ones are left out.

    An inert policy draws nothing and acts on nothing, so leaving it out changes no result.
    """
    return tuple(
        (f.name, policies[f.name])
        for f in FAMILY_LIST
        if f.name in policies and not policies[f.name].inert
    )
