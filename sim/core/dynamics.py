"""Phase 5 of a step: the slow dynamics.

Threat above its baseline decays with a half-life; a threat surge shared by two partners
draws them together (rally, Walt 1987); ROK and Japan draw together or apart with the
symmetry of their abandonment fears (quasi-alliance, Cha 1999); fears, domestic support and
affinity relax toward their baselines; asks tied to US-China rivalry push entrapment fear
up (Snyder 1984); each ally's voluntary defence effort drifts toward its free-riding level
(Olson and Zeckhauser 1966), on top of which agreed cost-sharing payments add; Chinese
coercion episodes bite month by month (THAAD 2017).
"""

from __future__ import annotations

from itertools import permutations
from typing import TYPE_CHECKING

from sim.config import ALLIES
from sim.core.mechanisms import (
    clamp,
    compound,
    entrapment_push,
    quasi_alliance_drift,
    rally_push,
    relax,
)

if TYPE_CHECKING:
    from sim.core.model import AllianceModel

PARTNERS = ("USA", "ROK", "JPN")
PAIRS = tuple(permutations(PARTNERS, 2))


def advance(model: AllianceModel) -> None:
    """Run the slow dynamics once, in a fixed order."""
    rally(model)
    quasi_alliance(model)
    decay_threat(model)
    relax_affinity(model)
    update_allies(model)
    coercion(model)


def quasi_alliance(model: AllianceModel) -> None:
    """ROK and Japan draw together when they fear abandonment alike (M6, Cha 1999)."""
    mech = model.mech
    drift = quasi_alliance_drift(
        model.actors["ROK"].abandonment_fear,
        model.actors["JPN"].abandonment_fear,
        mech.quasi_alliance_strength,
        mech.quasi_alliance_neutral,
    )
    model.shift_affinity("ROK", "JPN", drift)
    model.shift_affinity("JPN", "ROK", drift)


def coercion(model: AllianceModel) -> None:
    """Each month of a Chinese coercion episode (M9, THAAD 2017), then its end.

    The target's government loses support in proportion to the GDP lost, its entrapment
    fear rises and its affinity to China falls.
    """
    mech = model.mech
    for ally, end in sorted(model.coercion_end.items()):
        actor = model.actors[ally]
        if model.steps >= end:
            del model.coercion_end[ally]
            model.coercion_loss[ally] = 0.0
            model.event("CHN", "coercion_end", ally)
            continue
        cost = mech.coercion_support_cost * model.coercion_loss[ally] * 100.0
        actor.domestic_support = clamp(actor.domestic_support - cost)
        actor.entrapment_fear = compound(actor.entrapment_fear, mech.coercion_entrapment)
        model.shift_affinity(ally, "CHN", -mech.coercion_affinity_cost)


def rally(model: AllianceModel) -> None:
    """Partners sharing a threat surge gain affinity; allies' governments gain support."""
    strength = model.mech.rally_strength
    surge = {
        c: model.actors[c].threat_from_prk - model.actors[c].spec.threat_from_prk for c in PARTNERS
    }
    for a, b in PAIRS:
        if surge[a] > 0.0 and surge[b] > 0.0:  # no shared surge, no rally
            model.shift_affinity(a, b, rally_push(strength, surge[a], surge[b]))
    for ally in ALLIES:
        actor = model.actors[ally]
        boost = model.mech.rally_support * max(0.0, surge[ally])
        actor.domestic_support = clamp(actor.domestic_support + boost)


def decay_threat(model: AllianceModel) -> None:
    """Threat above (or below) baseline shrinks by the half-life factor."""
    for code in PARTNERS:
        actor = model.actors[code]
        base = actor.spec.threat_from_prk
        actor.threat_from_prk = base + (actor.threat_from_prk - base) * model.decay


def relax_affinity(model: AllianceModel) -> None:
    """Every directed affinity relaxes toward its scenario baseline."""
    rate = model.mech.affinity_relaxation
    base = model.base_affinity
    model.affinity = {pair: v + rate * (base[pair] - v) for pair, v in model.affinity.items()}


def entrap(model: AllianceModel, ally: str) -> None:
    """One ask tied to US-China rivalry pushes the ally's entrapment fear up (M4).

    Applied when the ask is made (before the ally answers) and each month it stays open.
    """
    actor = model.actors[ally]
    push = entrapment_push(
        model.mech.entrapment_sensitivity,
        actor.spec.trade_dependence_chn,
        model.actors["CHN"].coercion_credibility,
    )
    actor.entrapment_fear = compound(actor.entrapment_fear, push)


def update_allies(model: AllianceModel) -> None:
    """Fears, support and the voluntary defence effort of ROK and Japan."""
    mech = model.mech
    for ally in ALLIES:
        actor, spec = model.actors[ally], model.actors[ally].spec
        actor.abandonment_fear = relax(
            actor.abandonment_fear, spec.abandonment_fear, mech.fear_relaxation
        )
        actor.entrapment_fear = relax(
            actor.entrapment_fear, spec.entrapment_fear, mech.fear_relaxation
        )
        for item in model.items_of[ally]:
            if item.rivalry_linked and item.live:
                entrap(model, ally)
        actor.domestic_support = relax(
            actor.domestic_support, spec.domestic_support, mech.support_relaxation
        )
        model.voluntary_effort[ally] = relax(
            model.voluntary_effort[ally], model.voluntary[ally], mech.burden_adjustment_rate
        )
        actor.contribution = model.voluntary_effort[ally] + model.agreed_extra[ally]
