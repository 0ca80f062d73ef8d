"""Demand policies: how the US sets its cost-sharing ask and what it accepts.

Amounts are billions of USD per year. Each rule is a pure function of a
:class:`~agents.observations.DemandObservation`; troop-cut threats feed the abandonment
mechanism (M3, Snyder 1984). ``strategic`` (:mod:`agents.policies.demand_strategic`) decides
by the logit choice model over the state (the baseline's US policy).
"""

from __future__ import annotations

import math

from pydantic import Field

from agents.observations import DemandMove, DemandObservation
from agents.policies.base import Policy, PolicyParams, traits
from agents.policies.demand_strategic import StrategicDemand
from agents.policies.family import Family


class AcceptanceParams(PolicyParams):
    """Shared by every demand policy: the share of the current ask the US settles for."""

    acceptance_ratio: float = Field(1.0, gt=0.0, le=1.0)


class Fixed(Policy):
    """Ask the opening amount every month; accept ``acceptance_ratio`` of it or more."""

    name = "fixed"
    family = "demand"
    description = "constant ask; no threats"
    Params = AcceptanceParams

    def decide(self, obs: DemandObservation, rng: object) -> DemandMove:
        """Repeat the opening ask."""
        return DemandMove(obs.initial_ask, obs.initial_ask * self.params.acceptance_ratio)


class EscalatingParams(AcceptanceParams):
    """Growth of the ask per rejected round, up to a cap (multiples of the opening ask)."""

    growth: float = Field(0.05, ge=0.0, le=1.0)
    max_multiple: float = Field(2.0, ge=1.0, le=10.0)


class Escalating(Policy):
    """Raise the ask by ``growth`` after each rejected round, up to ``max_multiple``.

    The coercive-bargaining pattern of raising the price of delay (Schelling 1966).
    """

    name = "escalating"
    family = "demand"
    description = "ask grows after each rejected round, capped"
    classifier = traits(stochastic=False, memory=True)
    Params = EscalatingParams

    def decide(self, obs: DemandObservation, rng: object) -> DemandMove:
        """Escalate with the number of rejected rounds."""
        p = self.params
        exponent = obs.rejected_rounds * math.log1p(p.growth)
        multiple = math.exp(min(exponent, math.log(p.max_multiple)))  # no overflow
        ask = obs.initial_ask * multiple
        return DemandMove(ask, ask * p.acceptance_ratio)


class TransactionalParams(PolicyParams):
    """A big opening ask marked down monthly to a floor; threats after each rejection."""

    acceptance_ratio: float = Field(0.9, gt=0.0, le=1.0)
    markdown: float = Field(0.033, ge=0.0, le=1.0)
    floor: float = Field(0.8, gt=0.0, le=1.0)
    threats: bool = True
    threat_interval: int = Field(3, ge=1, le=120)


class Transactional(Policy):
    """Open high, mark the ask down slowly, threaten troop cuts when offers keep falling short.

    A threat comes with every ``threat_interval``-th rejected round.

    The 2019-2020 US approach to the 11th SMA: 5 bn USD lowered to about 4 bn in six
    months (calibration_2019.csv: ``us_initial_demand_rok``, ``us_revised_demand_rok``,
    hence ``markdown`` 0.033 per month) with repeated talk of troop withdrawals.
    """

    name = "transactional"
    family = "demand"
    description = "high ask marked down to a floor; troop-cut threats after rejections"
    classifier = traits(stochastic=False, memory=True)
    Params = TransactionalParams

    def decide(self, obs: DemandObservation, rng: object) -> DemandMove:
        """Mark down with time; threaten after every ``threat_interval`` rejected rounds."""
        p = self.params
        marked_down = obs.initial_ask * max(p.floor, 1.0 - p.markdown * obs.months_open)
        ask = max(obs.status_quo, marked_down)  # never less than the ally already pays
        due = obs.rejected_rounds > 0 and obs.rejected_rounds % p.threat_interval == 0
        return DemandMove(ask, ask * p.acceptance_ratio, troop_threat=p.threats and due)


class CooperativeParams(PolicyParams):
    """Share of the gap to the ally's last offer conceded each month."""

    acceptance_ratio: float = Field(0.95, gt=0.0, le=1.0)
    concession: float = Field(0.25, ge=0.0, le=1.0)


class Cooperative(Policy):
    """Meet the ally part way each month (reciprocal concessions, Axelrod 1984); no threats."""

    name = "cooperative"
    family = "demand"
    description = "ask moves toward the ally's last offer; no threats"
    classifier = traits(stochastic=False, memory=True)
    Params = CooperativeParams

    def decide(self, obs: DemandObservation, rng: object) -> DemandMove:
        """Concede a share of the gap between the last ask and the last offer."""
        p = self.params
        ask = obs.last_ask
        if obs.last_offer is not None and obs.last_offer < ask:
            ask -= p.concession * (ask - obs.last_offer)
        return DemandMove(ask, ask * p.acceptance_ratio)


DEMAND_POLICIES: tuple[type[Policy], ...] = (
    Fixed,
    Escalating,
    Transactional,
    Cooperative,
    StrategicDemand,
)

DEMAND = Family(
    name="demand",
    observation=DemandObservation,
    move=DemandMove,
    holders=("USA",),
    required_by=("USA",),
    keyed_by="item",
    policies=DEMAND_POLICIES,
    description="What the US asks of an ally on a cost-sharing item, and the least it accepts.",
)
