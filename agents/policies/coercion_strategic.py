"""China's coercion decided from the state: punish, warn, court or nothing (M8, M9).

Each month, for each US ally in turn (in the order of ``us_dyad_cohesion``: ROK, then
JPN), China chooses one of four options by the logit rule (:mod:`sim.core.choice`). The
utility of an option is a sum of named terms, each a weight times a value read from the
state as the month began (docs/ODD.md (7.18) gives the equations)::

    punish   deployment    M9    w_d * 1                 the ally accepted US missiles
             trade_cost    base  -w_t * trade(ally)      China's own trade at stake
             constraint    base  -inf without a new deployment, or while an episode runs
    warn     rivalry_asks  M9    w_r * asks(ally)        open US asks tied to the rivalry
             credibility   M9    -w_k * credibility      credibility already built
             constraint    base  -inf without an open rivalry-linked ask
    court    courting      M8    w_c * (1 - c(ally))     the weakness of the ally's US tie
             court_cost    base  -w_p                    what an inducement costs China
    nothing  (no terms: utility 0)

Punishment is the THAAD pattern of 2017 (an ally that accepts a US deployment is punished:
thaad_coercion_duration 7.5 months, thaad_loss_rok 0.5 % of GDP). A warning raises
credibility at no cost now, so it pays while asks are open and credibility is low (it
stops once credibility is built). Courting aims at the weakest dyad (Crawford 2011, wedge
strategies): its value grows with the gap in the ally's cohesion with the US.
"""

from __future__ import annotations

import math

import numpy as np
from pydantic import Field

from agents.observations import CoercionMove, CoercionObservation
from agents.policies.choice_policy import ChoiceParams, ChoicePolicy, Reasoned
from sim.core.choice import Choice, DecisionSpec

PUNISH, WARN, COURT, NOTHING = "punish", "warn", "court", "nothing"
SPEC = DecisionSpec(
    "coercion",
    {
        PUNISH: [("deployment", "M9"), ("trade_cost", "base"), ("constraint", "base")],
        WARN: [("rivalry_asks", "M9"), ("credibility", "M9"), ("constraint", "base")],
        COURT: [("courting", "M8"), ("court_cost", "base")],
        NOTHING: [],
    },
)
_UNAVAILABLE = -math.inf


class StrategicCoercionParams(ChoiceParams):
    """Term weights (one per term, named after it) and the size of each move.

    Weights are assumed (no source measures China's utilities); they are set so that an
    accepted deployment is punished almost surely, a warning is worth less than nothing
    once credibility passes 1/2 with two asks open, and courting is rare (under 5 % a
    month) above a US-ally cohesion of 0.6 and as likely as nothing at 1/3.
    """

    deployment: float = Field(3.0, ge=0.0, le=20.0)  # M9, assumed
    trade_cost: float = Field(6.0, ge=0.0, le=20.0)  # base, assumed
    rivalry_asks: float = Field(0.5, ge=0.0, le=20.0)  # M9, assumed
    credibility: float = Field(2.0, ge=0.0, le=20.0)  # M9, assumed
    courting: float = Field(3.0, ge=0.0, le=20.0)  # M8, assumed
    court_cost: float = Field(2.0, ge=0.0, le=20.0)  # base, assumed
    duration_months: float = Field(7.5, gt=0.0, le=120.0)  # thaad_coercion_duration
    gdp_loss: float = Field(0.005, ge=0.0, le=0.2)  # thaad_loss_rok (0.5 % of GDP)
    warning: float = Field(0.1, ge=0.0, le=1.0)  # M9: credibility push per warning, assumed
    strength: float = Field(0.05, ge=0.0, le=1.0)  # M8: affinity to China bought, assumed
    us_pull: float = Field(0.02, ge=0.0, le=1.0)  # M8: affinity to the US taken, assumed


def term_values(
    p: StrategicCoercionParams, obs: CoercionObservation, ally: str
) -> tuple[float, ...]:
    """The values of every term of the decision about ``ally``, in ``SPEC.layout`` order."""
    trade = (obs.trade_dependence or {}).get(ally, 0.0)
    asks = (obs.rivalry_asks or {}).get(ally, 0)
    triggered = ally in obs.new_deployments and ally not in obs.coerced
    return (
        p.deployment * 1.0,
        -p.trade_cost * trade,
        0.0 if triggered else _UNAVAILABLE,
        p.rivalry_asks * asks,
        -p.credibility * obs.credibility,
        0.0 if asks > 0 else _UNAVAILABLE,
        p.courting * (1.0 - obs.us_dyad_cohesion[ally]),
        -p.court_cost * 1.0,
    )


class StrategicCoercion(ChoicePolicy):
    """Punish, warn, court or leave each US ally alone, by the state (M8, M9)."""

    name = "strategic"
    family = "coercion"
    description = "punish, warn or court each US ally by a logit choice over the state"
    Params = StrategicCoercionParams

    def reasoned(self, obs: CoercionObservation, rng: np.random.Generator) -> Reasoned:
        """One choice per ally, in the observation's order; the move gathers them."""
        p = self.params
        choices: list[Choice] = []
        chosen: dict[str, list[str]] = {PUNISH: [], WARN: [], COURT: [], NOTHING: []}
        for ally in obs.us_dyad_cohesion:
            choice = self.choose(SPEC, rng, term_values(p, obs, ally))
            choice.subject = ally
            choices.append(choice)
            chosen[choice.option].append(ally)
        move = CoercionMove(
            coerce=tuple(chosen[PUNISH]),
            duration=p.duration_months if chosen[PUNISH] else 0.0,
            gdp_loss=p.gdp_loss if chosen[PUNISH] else 0.0,
            induce=tuple(chosen[COURT]),
            inducement=p.strength if chosen[COURT] else 0.0,
            us_pull=p.us_pull if chosen[COURT] else 0.0,
            warn=tuple(chosen[WARN]),
            warning=p.warning if chosen[WARN] else 0.0,
        )
        return move, tuple(choices)
