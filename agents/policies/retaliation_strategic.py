"""A dispute party decided from the state: escalate, link, hold or lift (M2-M3, M5-M7, M10).

Each month a party to a started dispute chooses by the logit rule (:mod:`sim.core.choice`;
McKelvey and Palfrey 1995, Signorino 1999) among ``escalate`` (the next trade rung of its
ladder), ``link`` (the next security rung: Korea's GSOMIA termination notice), ``hold`` and
``lift`` (take off its most recent measure in force). With its own GSOMIA notice pending it
also chooses ``suspend`` (withdraw the notice) or ``let_run`` (the pact ends at expiry).
Utilities, with ``s_j`` / ``s`` the opponent's / own measures in force over the ladder's
length (the offence that triggered the dispute counts as one of the offender's), ``e_j`` / ``l_j``
whether it escalated / lifted last month, ``d`` the own trade dependence on the opponent,
``c(m)`` a measure's cost (the share of the affected trade it cuts), ``b`` the boycott's
cost if one targets the party, ``t`` its DPRK threat, ``a`` its tie to the US
``(1 + affinity)/2``, ``m`` last month's US mediation strength, ``f`` / ``f_j`` the two
abandonment fears, ``q = min(f, f_j) - |f - f_j|`` (Cha 1999), ``σ`` domestic support,
``x`` the share of its ladder climbed, ``u = 1/(1 + months until the pact would end)``::

    escalate  material        base  -w_mat * d * c(next)
              reciprocity     M7    w_rec * (e_j + max(0, s_j - s))       Axelrod 1984
              us_pressure     M10   -w_us * a * m                         (allies only)
              quasi_alliance  M6    -w_qa * q                             (allies only)
              restraint       base  -w_res
              constraint      base  -inf without a trade rung left
    link      reciprocity     M7    w_rec * (e_j + max(0, s_j - s))
              leverage        M7    w_lev * s_j          the link makes it Washington's problem
              security        M5    -w_sec * t * v       v: the share of the pact's value
              intelligence    base  -w_int * v           a notice puts at risk at once
              us_pressure     M10   -w_us * a * (w_def + m)    defying the US, which opposes it
              abandonment     M3    -w_ab * f * v
              restraint       base  -w_res
              constraint      base  -inf without a security rung, without linkage, or
                                    with the pact not active
    hold      (no terms: utility 0)
    lift      material        base  w_mat * d * (c(lifted) + b)
              reciprocity     M7    w_rec * (l_j - e_j - s_j)
              audience        M2    -w_aud * σ * x                        Fearon 1994
              us_pressure     M10   w_us * a * m
              quasi_alliance  M6    w_qa * q
              constraint      base  -inf with nothing to lift

    let_run   (no terms)
    suspend   security        M5    w_sec * t * u          u = 1/(1 + months left)
              intelligence    base  w_int * u
              us_pressure     M10   w_us * a * (w_def * u + m)
              abandonment     M3    w_ab * f * u
              audience        M2    -w_aud * σ * x
              leverage        M7    -w_lev * s_j

A scenario may forbid linkage (``linkage = false``): then ``link`` is unavailable. The
security cost of a link grows with the threat (M5, Walt 1987) and with the dependence on
the US (M10), not with a flag. US mediation (M10) enters as a term (last month's strength)
and never lifts a strategic party's measure by itself.
"""

from __future__ import annotations

import math

import numpy as np
from pydantic import Field

from agents.observations import DEFECT, HOLD, LIFT, LINK, SUSPEND, RetaliationObservation
from agents.policies.base import traits
from agents.policies.choice_policy import ChoiceParams, ChoicePolicy, Reasoned
from sim.core.choice import DecisionSpec

ESCALATE_, LINK_, HOLD_, LIFT_ = "escalate", "link", "hold", "lift"
MOVES = {ESCALATE_: DEFECT, LINK_: LINK, HOLD_: HOLD, LIFT_: LIFT}
DISPUTE = DecisionSpec(
    "dispute",
    {
        ESCALATE_: [
            ("material", "base"),
            ("reciprocity", "M7"),
            ("us_pressure", "M10"),
            ("quasi_alliance", "M6"),
            ("restraint", "base"),
            ("constraint", "base"),
        ],
        LINK_: [
            ("reciprocity", "M7"),
            ("leverage", "M7"),
            ("security", "M5"),
            ("intelligence", "base"),
            ("us_pressure", "M10"),
            ("abandonment", "M3"),
            ("restraint", "base"),
            ("constraint", "base"),
        ],
        HOLD_: [],
        LIFT_: [
            ("material", "base"),
            ("reciprocity", "M7"),
            ("audience", "M2"),
            ("us_pressure", "M10"),
            ("quasi_alliance", "M6"),
            ("constraint", "base"),
        ],
    },
)
GSOMIA = DecisionSpec(
    "gsomia_notice",
    {
        "let_run": [],
        "suspend": [
            ("security", "M5"),
            ("intelligence", "base"),
            ("us_pressure", "M10"),
            ("abandonment", "M3"),
            ("audience", "M2"),
            ("leverage", "M7"),
        ],
    },
)
_UNAVAILABLE = -math.inf


class StrategicRetaliationParams(ChoiceParams):
    """Term weights, one per term (named after it), and the linkage constraint.

    All weights are assumed (docs/ODD.md (7.19) gives the reasoning and the measured
    chain they give); ``linkage`` is the scenario's constraint: false forbids the link.
    """

    linkage: bool = False
    material: float = Field(5.0, ge=0.0, le=50.0)  # base, assumed
    reciprocity: float = Field(1.0, ge=0.0, le=10.0)  # M7, assumed
    leverage: float = Field(1.0, ge=0.0, le=10.0)  # M7, assumed
    security: float = Field(3.0, ge=0.0, le=10.0)  # M5, assumed
    intelligence: float = Field(0.5, ge=0.0, le=10.0)  # base, assumed
    us_pressure: float = Field(1.0, ge=0.0, le=10.0)  # M10, assumed
    defiance: float = Field(0.3, ge=0.0, le=10.0)  # M10, assumed
    abandonment: float = Field(1.0, ge=0.0, le=10.0)  # M3, assumed
    exposure: float = Field(0.35, ge=0.0, le=1.0)  # v: GSOMIA's value a notice risks, assumed
    audience: float = Field(3.0, ge=0.0, le=10.0)  # M2, assumed
    quasi_alliance: float = Field(1.0, ge=0.0, le=10.0)  # M6, assumed
    restraint: float = Field(0.5, ge=0.0, le=10.0)  # base, assumed


def quasi_alliance(obs: RetaliationObservation) -> float:
    """Cha's (1999) pressure: shared abandonment fear draws allies together, a gap apart."""
    if not obs.allies:
        return 0.0
    f, g = obs.abandonment_fear, obs.partner_fear
    return min(f, g) - abs(f - g)


def reciprocity(obs: RetaliationObservation) -> tuple[float, float]:
    """The pull to escalate and to lift (Axelrod 1984): answer the last move in kind.

    Escalate: ``e_j + max(0, s_j - s)``, the opponent's last step and any excess of its
    measures in force over one's own; lift: ``l_j - e_j - s_j``, a lift answers a lift and
    is held back while the opponent's measures stand.
    """
    e = float(obs.opponent_escalated)
    pull = e + max(0.0, obs.opponent_standing - obs.own_standing)
    return pull, float(obs.opponent_lifted) - e - obs.opponent_standing


def dispute_values(p: StrategicRetaliationParams, obs: RetaliationObservation) -> list[float]:
    """The terms of the dispute decision, in the order of ``DISPUTE.layout``."""
    pull, ease = reciprocity(obs)
    q = quasi_alliance(obs)
    tie = obs.us_tie if obs.allies else 0.0
    pressed = p.us_pressure * tie * obs.mediation
    u = p.exposure
    link_ok = bool(obs.next_security) and p.linkage
    return [
        -p.material * obs.trade_dependence * obs.next_cost,
        p.reciprocity * pull,
        -pressed,
        -p.quasi_alliance * q,
        -p.restraint,
        0.0 if obs.next_measure else _UNAVAILABLE,
        p.reciprocity * pull,
        p.leverage * obs.opponent_standing,
        -p.security * obs.threat * u,
        -p.intelligence * u,
        -p.us_pressure * tie * (p.defiance + obs.mediation),
        -p.abandonment * obs.abandonment_fear * u,
        -p.restraint,
        0.0 if link_ok else _UNAVAILABLE,
        p.material * obs.trade_dependence * (obs.lift_cost + obs.boycotted),
        p.reciprocity * ease,
        -p.audience * obs.domestic_support * obs.escalation,
        pressed,
        p.quasi_alliance * q,
        0.0 if obs.liftable else _UNAVAILABLE,
    ]


def gsomia_values(p: StrategicRetaliationParams, obs: RetaliationObservation) -> list[float]:
    """The terms of suspending a pending notice, in the order of ``GSOMIA.layout``."""
    left = obs.notice_months_left
    u = 1.0 if left is None else 1.0 / (1.0 + max(0, left))
    tie = obs.us_tie if obs.allies else 0.0
    return [
        p.security * obs.threat * u,
        p.intelligence * u,
        p.us_pressure * tie * (p.defiance * u + obs.mediation),
        p.abandonment * obs.abandonment_fear * u,
        -p.audience * obs.domestic_support * obs.escalation,
        -p.leverage * obs.opponent_standing,
    ]


class StrategicRetaliation(ChoicePolicy):
    """Escalate, link, hold or lift, and keep or withdraw a GSOMIA notice, from the state."""

    name = "strategic"
    family = "retaliation"
    description = "escalate, link, hold or lift by a logit choice over costs, threat and the US"
    classifier = traits(stochastic=True, memory=True)  # reciprocity reads last month's moves
    Params = StrategicRetaliationParams

    def reasoned(self, obs: RetaliationObservation, rng: np.random.Generator) -> Reasoned:
        """The dispute choice, then (with its own notice pending) the GSOMIA choice."""
        p = self.params
        choice = self.choose(DISPUTE, rng, dispute_values(p, obs))
        move = MOVES[choice.option]
        if not obs.notice_pending:
            return move, (choice,)
        kept = self.choose(GSOMIA, rng, gsomia_values(p, obs))
        return (move + SUSPEND if kept.option == "suspend" else move), (choice, kept)
