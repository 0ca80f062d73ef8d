"""An ally's answer to a US ask decided from the state (M1-M5, M9): ``strategic``.

Each month, for each open agenda item addressed to it, the ally (ROK or JPN) makes one
logit choice (:mod:`sim.core.choice`) among the options of the item's kind. The utility of
an option is a sum of named terms, each a weight times a value read from the state as the
month began (docs/ODD.md (7.20) gives the equations, defaults, bounds and sources).
Notation: ``A`` abandonment fear, ``E`` entrapment fear, ``tie = (1 + affinity to the US)
/ 2`` (dependence on the US), ``T`` threat from the DPRK, ``S`` domestic support, ``R`` 1 if
the ask is tied to the US-China rivalry (else 0), ``k`` China's coercion credibility, ``d``
trade dependence on China, ``p`` the THAAD precedent (1 for an ally China has punished for
a US deployment, 0 otherwise)::

    deployment ask (missiles)
    accept       abandonment    M3    w_a * A              fear of being left alone (Snyder 1984)
                 us_pressure    M3    w_u * tie            cost of defying a patron one depends on
                 threat         M5    w_t * T              protection's value (Walt 1987)
                 entrapment     M4    -w_e * R * E         being drawn into US-China rivalry
                 coercion_risk  M9    -w_c * R * k * d * (1 + p)   China's expected punishment
                 domestic       M2    -w_d * (1 - S)       the public's opposition (Putnam 1988)
    refuse       (no terms: utility 0)
    wait         patience       base  w_w * m / (o + m)    putting a hard choice off, worth
                                                           less as the deadline nears (m months
                                                           left, o months open)
                 deadline       base  -inf once the deadline month is reached

    coalition ask (Hormuz)
    join         abandonment, us_pressure, entrapment, coercion_risk, domestic  as accept
                 stake          base  w_k * stake          the ally's own stake in the mission
    independent  abandonment    M3    h * w_a * A          a national dispatch answers the ask
                 us_pressure    M3    h * w_u * tie        in part (h = independent_share)
                 domestic       M2    -h * w_d * (1 - S)   and needs less at home
                 stake          base  w_k * stake
                 autonomy       base  w_n                  no US command, no entrapment
    refuse       (no terms)
    wait         patience, deadline                        as for a deployment

    cost-sharing ask (SMA, HNS): an offer among four levels x, with r = (x - q) / q the rise
    over the status quo q, c the win-set's top (q times 1 + the public's acceptable rise),
    a the US's current ask, and g = (x - q) / (a - q) how far the offer goes toward the ask
    status_quo   x = q;  win_set x = min(c, a);  split x = (min(c, a) + a) / 2;  ask x = a
    each level   burden         M1    -w_b * r             the cost of paying more
                 ratification   M2    -w_r * (1 - S) * max(0, x - c) / c   selling it at home
                 abandonment    M3    w_a * A * g          fear makes a bigger offer worth more
                 us_pressure    M3    -w_u * tie  (status_quo only)   refusing any rise
                 status_quo     base  w_s  (status_quo only)          status-quo bias
                 constraint     base  -inf for a level that repeats a lower one

Offering the ask (``ask``) is accepting it; the US accepts an offer at or above its least
acceptable (:mod:`sim.core.resolution`). Entrapment (M4) and China's coercion risk (M9)
act only on asks tied to the US-China rivalry (``rivalry_linked``), as Snyder's (1984)
entrapment by the patron's rivalry. The coercion risk is THAAD-shaped: credibility times
trade exposure, doubled for an ally China has already punished (2017: thaad_loss_rok,
thaad_coercion_duration). The pressure of the US grows with the ally's dependence on it
(its tie): we file it under M3 (abandonment), since what an ally that defies its patron
fears is being abandoned (Snyder 1984), not mediation (M10).
"""

from __future__ import annotations

import math

import numpy as np
from pydantic import Field

from agents.observations import Choice as Answer
from agents.observations import ResponseMove, ResponseObservation
from agents.policies.choice_policy import ChoiceParams, ChoicePolicy, Reasoned
from sim.core.choice import DecisionSpec

ACCEPT, JOIN, INDEPENDENT, REFUSE, WAIT = "accept", "join", "independent", "refuse", "wait"
STATUS_QUO, WIN_SET, SPLIT, ASK = "status_quo", "win_set", "split", "ask"
LEVELS = (STATUS_QUO, WIN_SET, SPLIT, ASK)
_ALLIANCE = [("abandonment", "M3"), ("us_pressure", "M3")]
_RIVALRY = [("entrapment", "M4"), ("coercion_risk", "M9")]
_WAIT = [("patience", "base"), ("deadline", "base")]
DEPLOYMENT = DecisionSpec(
    "deployment",
    {
        ACCEPT: [*_ALLIANCE, ("threat", "M5"), *_RIVALRY, ("domestic", "M2")],
        REFUSE: [],
        WAIT: _WAIT,
    },
)
COALITION = DecisionSpec(
    "coalition",
    {
        JOIN: [*_ALLIANCE, *_RIVALRY, ("domestic", "M2"), ("stake", "base")],
        INDEPENDENT: [*_ALLIANCE, ("domestic", "M2"), ("stake", "base"), ("autonomy", "base")],
        REFUSE: [],
        WAIT: _WAIT,
    },
)
_LEVEL = [
    ("burden", "M1"),
    ("ratification", "M2"),
    ("abandonment", "M3"),
    ("us_pressure", "M3"),
    ("status_quo", "base"),
    ("constraint", "base"),
]
COST_SHARING = DecisionSpec("cost_sharing", {level: _LEVEL for level in LEVELS})
SPECS = {"deployment": DEPLOYMENT, "coalition": COALITION, "cost_sharing": COST_SHARING}
ANSWERS = {
    ACCEPT: Answer.ACCEPT,
    JOIN: Answer.ACCEPT,
    INDEPENDENT: Answer.INDEPENDENT,
    REFUSE: Answer.REFUSE,
    WAIT: Answer.WAIT,
}
_UNAVAILABLE = -math.inf


class StrategicResponseParams(ChoiceParams):
    """Term weights (one per term, named after it) and the ally's fixed traits.

    Weights are assumed (no source measures an ally's utilities); they were set so that
    the 2019 baseline's state gives what the allies did (docs/ODD.md (7.20): neither
    took the missiles, both answered Hormuz independently, offers at the win-set's top).
    """

    abandonment: float = Field(2.0, ge=0.0, le=20.0)  # M3, assumed
    us_pressure: float = Field(1.0, ge=0.0, le=20.0)  # M3, assumed
    threat: float = Field(1.0, ge=0.0, le=20.0)  # M5, assumed
    entrapment: float = Field(2.0, ge=0.0, le=20.0)  # M4, assumed
    coercion_risk: float = Field(4.0, ge=0.0, le=40.0)  # M9, assumed
    domestic: float = Field(2.5, ge=0.0, le=20.0)  # M2, assumed
    burden: float = Field(1.0, ge=0.0, le=20.0)  # M1, assumed
    ratification: float = Field(3.0, ge=0.0, le=20.0)  # M2, assumed
    status_quo: float = Field(0.5, ge=0.0, le=20.0)  # base, assumed
    patience: float = Field(3.0, ge=0.0, le=20.0)  # base, assumed
    stake: float = Field(1.0, ge=0.0, le=20.0)  # base, assumed
    autonomy: float = Field(0.8, ge=0.0, le=20.0)  # base, assumed
    independent_share: float = Field(0.5, ge=0.0, le=1.0)  # assumed
    #: The ally's own stake in a coalition's mission, [0, 1]: for ROK the share of its
    #: crude imports through Hormuz (0.7, rok_crude_via_hormuz); assumed elsewhere.
    mission_stake: float = Field(0.7, ge=0.0, le=1.0)
    #: 1 if China has punished this ally for a US deployment (ROK: THAAD, 2017), else 0.
    precedent: float = Field(0.0, ge=0.0, le=1.0)


def levels(obs: ResponseObservation) -> tuple[float, float, float, float]:
    """The four offers: status quo, the win-set's top, halfway to the ask, the ask."""
    q = obs.status_quo
    a = max(q, obs.ask)
    top = obs.nominal_ceiling if obs.nominal_ceiling is not None else obs.win_set_ceiling
    c = min(max(q, top), a)
    return (q, c, 0.5 * (c + a), a)


def _alliance(p: StrategicResponseParams, obs: ResponseObservation) -> tuple[float, float]:
    tie = 0.5 * (1.0 + obs.affinity_to_us)
    return p.abandonment * obs.abandonment_fear, p.us_pressure * tie


def _rivalry(p: StrategicResponseParams, obs: ResponseObservation) -> tuple[float, float]:
    if not obs.rivalry_linked:
        return 0.0, 0.0
    exposure = obs.credibility * obs.trade_dependence * (1.0 + p.precedent)
    return -p.entrapment * obs.entrapment_fear, -p.coercion_risk * exposure


def _waiting(p: StrategicResponseParams, obs: ResponseObservation) -> tuple[float, float]:
    left = obs.months_to_deadline
    if left <= 0:
        return 0.0, _UNAVAILABLE
    return p.patience * left / (max(0, obs.months_open) + left), 0.0


def deployment_terms(p: StrategicResponseParams, obs: ResponseObservation) -> tuple[float, ...]:
    """The values of every term of a deployment decision, in ``DEPLOYMENT.layout`` order."""
    domestic = -p.domestic * (1.0 - obs.domestic_support)
    return (
        *_alliance(p, obs),
        p.threat * obs.threat,
        *_rivalry(p, obs),
        domestic,
        *_waiting(p, obs),
    )


def coalition_terms(p: StrategicResponseParams, obs: ResponseObservation) -> tuple[float, ...]:
    """The values of every term of a coalition decision, in ``COALITION.layout`` order."""
    abandonment, pressure = _alliance(p, obs)
    domestic = -p.domestic * (1.0 - obs.domestic_support)
    stake = p.stake * p.mission_stake
    h = p.independent_share
    return (
        abandonment,
        pressure,
        *_rivalry(p, obs),
        domestic,
        stake,
        h * abandonment,
        h * pressure,
        h * domestic,
        stake,
        p.autonomy,
        *_waiting(p, obs),
    )


def cost_sharing_terms(
    p: StrategicResponseParams,
    obs: ResponseObservation,
    offers: tuple[float, float, float, float] | None = None,
) -> tuple[float, ...]:
    """The values of every term of a cost-sharing decision, in ``COST_SHARING.layout`` order.

    ``offers``: ``levels(obs)``, if the caller has them already.
    """
    offers = levels(obs) if offers is None else offers
    q, a = offers[0], offers[3]
    top = obs.nominal_ceiling if obs.nominal_ceiling is not None else obs.win_set_ceiling
    top = max(top, q)
    room = a - q
    opposition = 1.0 - obs.domestic_support
    abandonment, pressure = _alliance(p, obs)
    values: list[float] = []
    previous = -1.0
    for index, x in enumerate(offers):
        rise = (x - q) / q if q > 0 else 0.0
        over = max(0.0, x - top) / top if top > 0 else 0.0
        toward = (x - q) / room if room > 0 else 1.0
        values += (
            -p.burden * rise,
            -p.ratification * opposition * over,
            abandonment * toward,
            -pressure if index == 0 else 0.0,
            p.status_quo if index == 0 else 0.0,
            0.0 if x > previous else _UNAVAILABLE,  # a level equal to a lower one: once
        )
        previous = x
    return tuple(values)


_TERMS = {
    "deployment": deployment_terms,
    "coalition": coalition_terms,
    "cost_sharing": cost_sharing_terms,
}


class StrategicResponse(ChoicePolicy):
    """Answer each US ask by a logit choice over the state (M1-M5, M9)."""

    name = "strategic"
    family = "response"
    description = "offer, accept, go it alone, refuse or wait by a logit choice over the state"
    Params = StrategicResponseParams

    def reasoned(self, obs: ResponseObservation, rng: np.random.Generator) -> Reasoned:
        """One choice for the item; the move is its offer or its answer."""
        p = self.params
        kind = obs.kind if obs.kind in SPECS else "deployment"
        if kind == "cost_sharing":
            offers = levels(obs)
            choice = self.choose(COST_SHARING, rng, cost_sharing_terms(p, obs, offers))
            offer = offers[choice.chosen]  # LEVELS order is the options' order
            answer = Answer.ACCEPT if choice.option == ASK else Answer.WAIT
            return ResponseMove(offer=offer, choice=answer), (choice,)
        choice = self.choose(SPECS[kind], rng, _TERMS[kind](p, obs))
        return ResponseMove(choice=ANSWERS[choice.option]), (choice,)
