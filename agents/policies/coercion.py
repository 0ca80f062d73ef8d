"""Coercion and inducement policies of China (mechanisms M8 and M9).

``thaad`` punishes an ally that accepts US missiles as China punished Seoul for THAAD in
2017: about 7.5 months of restrictions (thaad_coercion_duration) and a loss near 0.5 % of
GDP (thaad_loss_rok, Hyundai Research Institute), most of it from Chinese visitors, down
48.3 % (thaad_chinese_visitors_change). ``inducement`` drives a wedge (Crawford 2011) by courting
the ally whose tie to the US is weakest. ``strategic`` chooses each month, for each ally,
among punishing, warning, courting and nothing by the logit choice model
(:mod:`agents.policies.coercion_strategic`).
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from agents.observations import CoercionMove, CoercionObservation
from agents.policies.base import Policy, PolicyParams
from agents.policies.coercion_strategic import StrategicCoercion
from agents.policies.family import Family


class NoCoercion(Policy):
    """Neither punish nor court."""

    inert = True

    name = "none"
    family = "coercion"
    description = "no coercion, no inducement"

    def decide(self, obs: CoercionObservation, rng: object) -> CoercionMove:
        """Do nothing."""
        return CoercionMove()


class ThaadParams(PolicyParams):
    """Whom China punishes, for how long (months) and at what annual loss (share of GDP)."""

    targets: list[Literal["ROK", "JPN"]] = ["ROK"]
    duration_months: float = Field(7.5, gt=0.0, le=120.0)
    gdp_loss: float = Field(0.005, ge=0.0, le=0.2)


class ThaadCoercion(Policy):
    """Open a coercion episode against each target that accepts US missiles."""

    name = "thaad"
    family = "coercion"
    description = "economic coercion of an ally that accepts US missiles (THAAD 2017)"
    Params = ThaadParams

    def decide(self, obs: CoercionObservation, rng: object) -> CoercionMove:
        """Coerce new deployers among the targets not already coerced."""
        p = self.params
        hit = tuple(a for a in obs.new_deployments if a in p.targets and a not in obs.coerced)
        return CoercionMove(coerce=hit, duration=p.duration_months, gdp_loss=p.gdp_loss)


class InducementParams(PolicyParams):
    """Monthly affinity China buys with the courted ally, and takes from its US tie.

    Both are scaled by the weakness ``1 - c`` of the ally's cohesion with the US. Assumed;
    ``us_pull`` was ``mechanisms.wedge_strength`` (default 0.02) before inducement had its
    own parameter.
    """

    strength: float = Field(0.05, ge=0.0, le=1.0)
    us_pull: float = Field(0.02, ge=0.0, le=1.0)


class Inducement(Policy):
    """Court the ally whose cohesion with the US is lowest (a wedge, Crawford 2011)."""

    name = "inducement"
    family = "coercion"
    description = "court the ally with the weakest tie to the US"
    Params = InducementParams

    def decide(self, obs: CoercionObservation, rng: object) -> CoercionMove:
        """Pick the weakest US dyad (ties broken by name order)."""
        weakest = min(sorted(obs.us_dyad_cohesion), key=obs.us_dyad_cohesion.__getitem__)
        p = self.params
        return CoercionMove(induce=(weakest,), inducement=p.strength, us_pull=p.us_pull)


COERCION_POLICIES: tuple[type[Policy], ...] = (
    NoCoercion,
    ThaadCoercion,
    Inducement,
    StrategicCoercion,
)

COERCION = Family(
    name="coercion",
    observation=CoercionObservation,
    move=CoercionMove,
    holders=("CHN",),
    required_by=(),
    keyed_by="",
    policies=COERCION_POLICIES,
    description="China's coercion episodes and inducements this month.",
)
