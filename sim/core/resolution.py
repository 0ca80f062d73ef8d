"""Phases 1 and 4 of a step: scheduled shocks, agenda openings, and resolving the moves.

Bargaining follows a two-level logic (Putnam 1988): the US accepts an offer at or above its
``min_acceptable``, and the deal then passes the ally's domestic ratification with a
probability that falls with the gap above the public's win-set (M2). Troop-cut threats raise
abandonment fear (M3, Snyder 1984). Launches raise threat (M5, Walt 1987) and a wedge pushes
the targeted partners apart (M8, Crawford 2011); Chinese coercion (M9) and inducements (M8)
open here. Every function takes the state it changes; none sees the model.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping

from agents.actor import Moves, StateActor
from agents.observations import Choice, CoercionMove, DemandMove, ProvocationMove, ResponseMove
from agents.policies import Policy
from agents.policies.demand import DEMAND
from agents.policies.engagement import ENGAGEMENT
from agents.policies.response import RESPONSE
from sim.config.schema import DIPLOMACY_ROLES, ShockSection
from sim.core.agenda import Agenda, AgendaItem
from sim.core.burden import BurdenLedger
from sim.core.coercion import CoercionEpisodes
from sim.core.context import Cohesion, StepContext
from sim.core.diplomacy import DiplomacyTrack
from sim.core.dispute import Disputes
from sim.core.dynamics import entrap
from sim.core.mechanisms import (
    demand_friction,
    ratification_probability,
    wedge_push,
)
from sim.core.recorder import Recorder

THREATENED = ("USA", "ROK", "JPN")
ACCEPT_EVENT = {"coalition": "coalition_join", "deployment": "deployment_accept"}
REFUSE_EVENT = {"coalition": "refusal", "deployment": "deployment_refuse"}
REPORT_CHANGE = 0.05  # a demand or offer event is recorded when it moves by 5 % or more
Actors = Mapping[str, StateActor]


def open_items(ctx: StepContext, agenda: Agenda, actors: Actors) -> None:
    """Open the agenda items due this step (items dated before the start open at step 1)."""
    credibility = actors["CHN"].coercion_credibility
    for item in agenda.due(ctx.step):
        item.open()
        if item.rivalry_linked:
            entrap(actors[item.target], credibility, ctx.mech.entrapment_sensitivity)
        magnitude = item.ask if item.is_cost_sharing else 1.0
        ctx.log.event("USA", "demand", item.target, magnitude, item.item_id)


def apply_shocks(
    ctx: StepContext,
    shocks: Iterable[tuple[ShockSection, Policy | None]],
    actors: Actors,
    disputes: Disputes,
    track: DiplomacyTrack | None = None,
) -> None:
    """Apply the timeline's shocks for this month (docs/CONFIG.md, ``[[timeline]]``)."""
    for shock, new_policy in shocks:
        target = shock.target or ""
        if shock.kind in DIPLOMACY_ROLES:
            if track is not None:
                track.apply(shock, ctx.step)
        elif shock.kind == "policy_change" and shock.family and new_policy is not None:
            actors[shock.actor].set_policy(shock.family, new_policy)
            target = new_policy.name
        elif shock.kind == "dispute":
            for dispute in disputes.between(shock.actor, target):
                if not dispute.active:  # the level M5's rally may restore (dynamics.rally)
                    ctx.relations.remember_pre_dispute(shock.actor, target)
                dispute.trigger(shock.actor)
        elif shock.kind == "coercion_warning":
            actors[shock.actor].gain_credibility(shock.magnitude)
        elif shock.kind == "troop_threat":
            troop_threat(ctx, actors[target], shock.magnitude or ctx.mech.troop_threat_fear)
            continue  # troop_threat records its own event
        ctx.log.event(shock.actor, shock.kind, target, shock.magnitude)


def troop_threat(ctx: StepContext, ally: StateActor, push: float) -> None:
    """A US threat of troop cuts: abandonment fear rises (M3), affinity to the US falls."""
    ally.fear_abandonment(push)
    ctx.relations.shift(ally.code, "USA", -ctx.mech.refusal_affinity_cost)
    ctx.log.event("USA", "troop_threat", ally.code, push)


def resolve_engagement(track: DiplomacyTrack, moves: Mapping[str, Moves], log: Recorder) -> None:
    """The US's, then ROK's, stance on the diplomacy track, after DPRK's month."""
    for code in ("USA", "ROK"):
        move = moves[code].one(ENGAGEMENT)
        if move is not None and move.stance:
            track.take_stance(code, move.stance, move.relief, log)


def resolve_provocation(
    ctx: StepContext, move: ProvocationMove | None, actors: Actors, cohesion: Cohesion
) -> int:
    """Launches raise the threat perceived by the US and its allies, by exposure (M5).

    Returns the number of launch days.
    """
    if move is None or move.launch_days <= 0:
        return 0
    for code in THREATENED:
        actors[code].perceive_launches(move.launch_days, move.severity)
    if move.aim is not None:
        wedge(ctx, move.aim, move.launch_days, cohesion)
    for _ in range(move.launch_days):
        ctx.log.event("PRK", "provocation", "", move.severity)
    return move.launch_days


def wedge(ctx: StepContext, aim: tuple[str, str], launch_days: int, cohesion: Cohesion) -> None:
    """A wedge (M8, Crawford 2011): the targeted partners drift apart, more where already apart."""
    a, b = aim
    push = wedge_push(ctx.mech.wedge_strength, launch_days, cohesion.of(aim))
    ctx.relations.shift_both(a, b, -push)
    ctx.log.event("PRK", "wedge", a, push, b)


def resolve_items(
    ctx: StepContext,
    agenda: Agenda,
    moves: Mapping[str, Moves],
    actors: Actors,
    ledger: BurdenLedger,
) -> list[str]:
    """Settle every live agenda item, in file order, then mark missed deadlines.

    Returns the allies that accepted a missile deployment this month.
    """
    demands = moves["USA"].of(DEMAND)
    responses = {ally: moves[ally].of(RESPONSE) for ally in agenda.by_target}
    deployments: list[str] = []
    for item in agenda.items:
        if not item.live:
            continue
        response = responses[item.target].get(item.item_id)
        ally = actors[item.target]
        if item.is_cost_sharing:
            demand = demands.get(item.item_id)
            settle_cost_sharing(ctx, item, demand, response, ally, ledger)
        elif response is not None:
            settle_yes_no(ctx, item, response.choice, deployments)
        if item.status == "open" and ctx.step >= item.deadline_step:
            item.lapse()
            ctx.log.event("USA", "lapse", item.target, 0.0, item.item_id)
    return deployments


def settle_cost_sharing(
    ctx: StepContext,
    item: AgendaItem,
    demand: DemandMove | None,
    response: ResponseMove | None,
    ally: StateActor,
    ledger: BurdenLedger,
) -> None:
    """One round of cost-sharing talks: new ask, offer, acceptance and ratification (M2, M3)."""
    mech = ctx.mech
    if demand is not None:
        item.ask = demand.ask
        _report(ctx, item, "USA", "demand", item.ask, "recorded_ask")
    offer = (
        response.offer if response is not None and response.offer is not None else item.status_quo
    )
    item.last_offer = offer
    _report(ctx, item, item.target, "offer", offer, "recorded_offer")
    friction = demand_friction(
        item.ask, item.ceiling, ally.domestic_support, mech.demand_affinity_friction
    )
    ctx.relations.shift(item.target, "USA", -friction)
    min_acceptable = demand.min_acceptable if demand is not None else item.ask
    if offer < min_acceptable:
        item.rejected_rounds += 1
        ctx.log.event("USA", "refusal", item.target, offer / item.ask, item.item_id)
        ctx.relations.shift("USA", item.target, -mech.refusal_affinity_cost)
        if demand is not None and demand.troop_threat:
            troop_threat(ctx, ally, mech.troop_threat_fear)
        return
    chance = ratification_probability(
        offer, item.ceiling, ally.domestic_support, mech.two_level_friction
    )
    if ctx.rng.random() < chance:
        agree(ctx, item, offer, ally, ledger)
    else:
        item.rejected_rounds += 1
        ctx.log.event(item.target, "refusal", "USA", chance, item.item_id)


def agree(
    ctx: StepContext, item: AgendaItem, amount: float, ally: StateActor, ledger: BurdenLedger
) -> None:
    """A ratified cost-sharing deal: payment rises, the government pays an audience cost."""
    item.close("agreed", ctx.step)
    item.agreed_amount = amount
    ledger.agree(item.target, amount - item.status_quo)
    gap = max(0.0, amount - item.ceiling) / item.ceiling
    ally.change_support(-ctx.mech.audience_cost * gap)
    _bond(ctx, item.target)
    ctx.log.event("USA", "agreement", item.target, amount, item.item_id)


def settle_yes_no(
    ctx: StepContext, item: AgendaItem, choice: Choice, deployments: list[str]
) -> None:
    """An ally's answer to a coalition or deployment ask."""
    if choice is Choice.ACCEPT:
        item.close("agreed", ctx.step)
        if item.kind == "deployment":
            deployments.append(item.target)
        _bond(ctx, item.target)
        ctx.log.event(item.target, ACCEPT_EVENT[item.kind], "USA", 1.0, item.item_id)
    elif choice is Choice.INDEPENDENT and item.kind == "coalition":
        item.close("independent")
        ctx.log.event(item.target, "coalition_independent", "USA", 0.5, item.item_id)
    elif choice in (Choice.REFUSE, Choice.INDEPENDENT):
        item.close("refused")
        ctx.relations.shift("USA", item.target, -ctx.mech.refusal_affinity_cost)
        ctx.log.event(item.target, REFUSE_EVENT[item.kind], "USA", 0.0, item.item_id)


def _bond(ctx: StepContext, ally: str) -> None:
    ctx.relations.shift_both(ally, "USA", ctx.mech.agreement_affinity_bonus)


def _report(
    ctx: StepContext, item: AgendaItem, actor: str, kind: str, value: float, slot: str
) -> None:
    """Record a demand or offer event when the amount moved by REPORT_CHANGE or more."""
    previous = getattr(item, slot)
    if previous == 0.0 or abs(value - previous) >= REPORT_CHANGE * previous:
        setattr(item, slot, value)
        target = item.target if actor == "USA" else "USA"
        ctx.log.event(actor, kind, target, value, item.item_id)


def resolve_coercion(
    ctx: StepContext,
    move: CoercionMove | None,
    china: StateActor,
    episodes: CoercionEpisodes,
    cohesion: Cohesion,
) -> None:
    """Open coercion episodes and issue warnings (M9), pay inducements (M8), as China chose."""
    if move is None:
        return
    for target in move.coerce:
        episodes.open(target, ctx.step + math.ceil(move.duration), move.gdp_loss)
        china.gain_credibility(ctx.mech.coercion_credibility_gain)
        ctx.log.event("CHN", "coercion", target, move.gdp_loss)
    for target in move.warn:
        china.gain_credibility(move.warning)
        ctx.log.event("CHN", "coercion_warning", target, move.warning)
    for target in move.induce:
        court(ctx, target, move.inducement, move.us_pull, cohesion)


def court(
    ctx: StepContext, ally: str, inducement: float, us_pull: float, cohesion: Cohesion
) -> None:
    """China courts ``ally`` (M8, Crawford 2011): a pull toward China, away from the US.

    Both shifts grow with the weakness ``1 - c`` of the ally's cohesion with the US; the
    pull away from the US is the inducement's own ``us_pull``, not the DPRK wedge's
    strength.
    """
    gap = 1.0 - cohesion.with_us(ally)
    ctx.relations.shift(ally, "CHN", inducement * gap)
    ctx.relations.shift(ally, "USA", -us_pull * gap)
    ctx.log.event("CHN", "inducement", ally, inducement * gap)
