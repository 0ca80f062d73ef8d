"""US mediation decided from the state: press the two allies softly, hard, or not (M10).

Each month the US chooses among ``none``, ``soft`` and ``hard`` by the logit rule
(:mod:`sim.core.choice`). Pressing with strength ``s`` (``soft``: ``soft_share * hard``,
``hard``: ``hard``) is worth ``s`` times the stake, discounted by how far the allies listen
(the US tie ``a``, the weaker mutual affinity with ROK and JPN: M10's "in proportion to US
affinity with both"), and costs ``s**2`` in goodwill and political capital (convex, so that
a moderate stake calls for soft pressure and a high one for hard)::

    soft, hard  dispute       M10   w_d * s * a * (1 - c_rj + tension) / 2
                gsomia        M10   w_g * s * a * u            u = 1 / (1 + months left)
                intelligence  M10   w_i * s * a * u * threat   GSOMIA's value against the DPRK
                pressing_cost base  -w_c * s**2
                constraint    base  -inf with no dispute active and no notice pending
    none        (no terms: utility 0)

``c_rj`` is last month's ROK-Japan cohesion, ``tension`` the measures in force between them
over ``measure_saturation``, ``u`` the urgency of a pending GSOMIA termination notice (0
without one; 1 in its last month, as in November 2019: timeline_2019_2021.csv, 2019-11-22).
The move's strength is what :func:`sim.core.mechanisms.mediation_probability` scales.
"""

from __future__ import annotations

import math

import numpy as np
from pydantic import Field

from agents.observations import MediationMove, MediationObservation
from agents.policies.choice_policy import ChoiceParams, ChoicePolicy, Reasoned
from sim.core.choice import DecisionSpec

NONE, SOFT, HARD = "none", "soft", "hard"
_PRESS = [
    ("dispute", "M10"),
    ("gsomia", "M10"),
    ("intelligence", "M10"),  # its value reads M5's state (threat); the stake is M10's
    ("pressing_cost", "base"),
    ("constraint", "base"),
]
SPEC = DecisionSpec("mediation", {NONE: [], SOFT: _PRESS, HARD: _PRESS})
_UNAVAILABLE = -math.inf


class StrategicMediationParams(ChoiceParams):
    """Term weights (one per term, named after it) and the two pressing strengths.

    Weights are assumed: set so that the US rarely presses a standing dispute without a
    notice, presses softly two months before a notice expires and hard in its last month.
    """

    dispute: float = Field(0.5, ge=0.0, le=50.0)  # M10, assumed
    gsomia: float = Field(14.0, ge=0.0, le=50.0)  # M10, assumed
    intelligence: float = Field(2.0, ge=0.0, le=50.0)  # M10 (reads M5's threat), assumed
    pressing_cost: float = Field(8.0, ge=0.0, le=50.0)  # base, assumed
    hard: float = Field(0.64, ge=0.0, le=1.0)  # the at_deadline strength calibrated by ABC
    soft_share: float = Field(0.5, ge=0.0, le=1.0)  # soft = soft_share * hard, assumed

    @property
    def soft(self) -> float:
        """The strength of soft pressure."""
        return self.soft_share * self.hard


def urgency(obs: MediationObservation) -> float:
    """``1 / (1 + months left)`` of a pending notice (1 if its term is unknown), else 0."""
    if not obs.notice_pending:
        return 0.0
    left = obs.notice_months_left
    return 1.0 if left is None else 1.0 / (1.0 + max(0, left))


def press_values(
    p: StrategicMediationParams, obs: MediationObservation, strength: float
) -> tuple[float, ...]:
    """The terms of pressing with ``strength``, in the order of ``_PRESS``."""
    heard = strength * max(0.0, obs.us_tie)
    u = urgency(obs)
    rift = 0.5 * (1.0 - obs.rok_jpn_cohesion + obs.tension) if obs.dispute_active else 0.0
    open_ = obs.dispute_active or obs.notice_pending
    return (
        p.dispute * heard * rift,
        p.gsomia * heard * u,
        p.intelligence * heard * u * obs.threat,
        -p.pressing_cost * strength * strength,
        0.0 if open_ else _UNAVAILABLE,
    )


class StrategicMediation(ChoicePolicy):
    """Press the allies to settle as hard as the stake is worth (M10)."""

    name = "strategic"
    family = "mediation"
    description = "press softly, hard or not, by a logit choice over the dispute's state"
    Params = StrategicMediationParams

    def reasoned(self, obs: MediationObservation, rng: np.random.Generator) -> Reasoned:
        """One choice a month; the move carries the chosen option's strength."""
        p = self.params
        values = (*press_values(p, obs, p.soft), *press_values(p, obs, p.hard))
        choice = self.choose(SPEC, rng, values)
        strength = {NONE: 0.0, SOFT: p.soft, HARD: p.hard}[choice.option]
        move = MediationMove(True, strength) if choice.option != NONE else MediationMove()
        return move, (choice,)
