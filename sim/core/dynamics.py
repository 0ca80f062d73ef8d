"""Phase 5 of a step: the slow dynamics.

Threat above its baseline decays with a half-life; a threat surge shared by two partners
draws them together (rally, Walt 1987); ROK and Japan draw together or apart with the
symmetry of their abandonment fears (quasi-alliance, Cha 1999); fears, domestic support and
affinity relax toward their baselines; asks tied to US-China rivalry push entrapment fear
up (Snyder 1984); each ally's voluntary defence effort drifts toward its free-riding level
(Olson and Zeckhauser 1966), raised by threat, abandonment fear and US pressure, on top of
which agreed cost-sharing payments add; Chinese
coercion episodes bite month by month (THAAD 2017). Each function takes the state it
changes; none sees the model.
"""

from __future__ import annotations

from collections.abc import Mapping
from itertools import combinations, permutations

from agents.actor import StateActor
from sim.config import ALLIES
from sim.core.agenda import Agenda
from sim.core.burden import BurdenLedger
from sim.core.coercion import CoercionEpisodes
from sim.core.context import StepContext
from sim.core.dispute import Disputes
from sim.core.mechanisms import (
    capped_rally,
    coerced_trade,
    effort_target,
    entrapment_push,
    quasi_alliance_drift,
    rally_push,
    us_pressure,
)

PARTNERS = ("USA", "ROK", "JPN")
PAIRS = tuple(permutations(PARTNERS, 2))
UNORDERED_PAIRS = tuple(combinations(PARTNERS, 2))
Actors = Mapping[str, StateActor]


def advance(
    ctx: StepContext,
    actors: Actors,
    agenda: Agenda,
    ledger: BurdenLedger,
    episodes: CoercionEpisodes,
    decay: float,
    disputes: Disputes,
) -> None:
    """Run the slow dynamics once, in a fixed order (``decay``: the monthly threat factor)."""
    rally(ctx, actors, disputes)
    quasi_alliance(ctx, actors)
    decay_threat(actors, decay)
    ctx.relations.relax(ctx.mech.affinity_relaxation)
    update_allies(ctx, actors, agenda)
    defence_effort(ctx, actors, agenda, ledger)
    coercion(ctx, actors, episodes)


def defence_effort(ctx: StepContext, actors: Actors, agenda: Agenda, ledger: BurdenLedger) -> None:
    """Each ally's voluntary effort drifts toward its target (M1, Olson and Zeckhauser 1966).

    The target is the free-riding level raised by the ally's threat and abandonment fear
    above their starting levels and by US pressure: the payments the US demands in open
    cost-sharing talks or got in agreed ones, above the status quo, over the ally's 2019
    effort (:func:`~sim.core.mechanisms.effort_target`).
    """
    mech = ctx.mech
    responses = (
        mech.effort_threat_response,
        mech.effort_abandonment_response,
        mech.effort_pressure_response,
    )
    for ally in ALLIES:
        actor, base = actors[ally], ledger.base_effort[ally]
        pressure = 0.0
        for item in agenda.by_target[ally]:
            if item.is_cost_sharing and (item.live or item.agreed_amount is not None):
                demand = item.ask if item.live else item.agreed_amount
                pressure += us_pressure(demand, item.status_quo, base)
        target = effort_target(
            ledger.free_riding_level[ally],
            actor.threat_from_prk - actor.spec.threat_from_prk,
            actor.abandonment_fear - actor.spec.abandonment_fear,
            pressure,
            responses,
        )
        ledger.adjust(ally, target, mech.burden_adjustment_rate)


def quasi_alliance(ctx: StepContext, actors: Actors) -> None:
    """ROK and Japan draw together when they fear abandonment alike (M6, Cha 1999)."""
    mech = ctx.mech
    drift = quasi_alliance_drift(
        actors["ROK"].abandonment_fear,
        actors["JPN"].abandonment_fear,
        mech.quasi_alliance_strength,
        mech.quasi_alliance_neutral,
    )
    ctx.relations.shift_both("ROK", "JPN", drift)


def coercion(ctx: StepContext, actors: Actors, episodes: CoercionEpisodes) -> None:
    """Each month of a Chinese coercion episode (M9, THAAD 2017), then its end.

    The target's government loses support in proportion to the GDP lost, its entrapment
    fear rises, its affinity to China falls and its trade dependence on China falls to the
    coerced level (:func:`~sim.core.mechanisms.coerced_trade`); an ally under no episode
    (also one whose episode ends this month) recovers a share ``trade_recovery`` of the gap
    to its baseline trade each month.
    """
    mech = ctx.mech
    for ally in episodes.running():
        actor = actors[ally]
        if ctx.step >= episodes.end[ally]:
            episodes.close(ally)
            ctx.log.event("CHN", "coercion_end", ally)
            continue
        actor.change_support(-mech.coercion_support_cost * episodes.loss[ally] * 100.0)
        actor.fear_entrapment(mech.coercion_entrapment)
        ctx.relations.shift(ally, "CHN", -mech.coercion_affinity_cost)
        base = actor.spec.trade_dependence_chn
        actor.cut_trade(coerced_trade(base, episodes.loss[ally], mech.coercion_trade_cut))
    for ally in ALLIES:
        if ally not in episodes.end:
            actors[ally].recover_trade(mech.trade_recovery)


def rally(ctx: StepContext, actors: Actors, disputes: Disputes) -> None:
    """Partners sharing a threat surge gain affinity; allies' governments gain support (M5).

    While measures of a dispute between two partners are in force, the rally lifts their
    affinity at most to its level when the dispute started (a shared threat pulls them back
    toward it, not past it: launches do not heal a rift the measures keep open).
    """
    mech, relations = ctx.mech, ctx.relations
    surge = {c: actors[c].threat_from_prk - actors[c].spec.threat_from_prk for c in PARTNERS}
    pre_dispute = relations.pre_dispute
    for a, b in UNORDERED_PAIRS:  # the push and the dispute are the same both ways
        if surge[a] > 0.0 and surge[b] > 0.0:  # no shared surge, no rally
            push = rally_push(mech.rally_strength, surge[a], surge[b])
            if ((a, b) in pre_dispute or (b, a) in pre_dispute) and disputes.rift(a, b):
                for pair in ((a, b), (b, a)):
                    ceiling = pre_dispute.get(pair)
                    capped = (
                        push if ceiling is None else capped_rally(push, relations[pair], ceiling)
                    )
                    relations.shift(*pair, capped)
            else:
                relations.shift_both(a, b, push)
    for ally in ALLIES:
        actors[ally].change_support(mech.rally_support * max(0.0, surge[ally]))


def decay_threat(actors: Actors, decay: float) -> None:
    """Threat above (or below) baseline shrinks by the half-life factor."""
    for code in PARTNERS:
        actors[code].decay_threat(decay)


def entrap(ally: StateActor, china_credibility: float, sensitivity: float) -> None:
    """One ask tied to US-China rivalry pushes the ally's entrapment fear up (M4).

    Applied when the ask is made (before the ally answers) and each month it stays open;
    the push grows with the ally's trade dependence on China (its current, dynamic value:
    coercion lowers it, M9) and China's credibility.
    """
    push = entrapment_push(sensitivity, ally.trade_dependence_chn, china_credibility)
    ally.fear_entrapment(push)


def update_allies(ctx: StepContext, actors: Actors, agenda: Agenda) -> None:
    """Fears and domestic support of ROK and Japan relax; open rivalry asks entrap (M4)."""
    mech = ctx.mech
    credibility = actors["CHN"].coercion_credibility
    for ally in ALLIES:
        actor = actors[ally]
        actor.relax(mech.fear_relaxation, mech.support_relaxation)
        for item in agenda.by_target[ally]:
            if item.rivalry_linked and item.live:  # after relaxing, as in docs/ODD.md
                entrap(actor, credibility, mech.entrapment_sensitivity)
