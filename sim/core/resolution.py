"""Phases 1 and 4 of a step: scheduled shocks, agenda openings, and resolving the moves.

Bargaining follows a two-level logic (Putnam 1988): the US accepts an offer at or above its
``min_acceptable``, and the deal then passes the ally's domestic ratification with a
probability that falls with the gap above the public's win-set. Troop-cut threats raise
abandonment fear (Snyder 1984). Launches raise threat (Walt 1987).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING

from agents.actor import Moves
from agents.observations import Choice, CoercionMove, DemandMove, ProvocationMove, ResponseMove
from agents.policies import Policy
from sim.core import dynamics
from sim.core.agenda import AgendaItem
from sim.core.mechanisms import (
    clamp,
    compound,
    demand_friction,
    ratification_probability,
    threat_after_launches,
    wedge_push,
)
from sim.core.metrics import DYADS

if TYPE_CHECKING:
    from sim.config.schema import ShockSection
    from sim.core.model import AllianceModel

THREATENED = ("USA", "ROK", "JPN")
ACCEPT_EVENT = {"coalition": "coalition_join", "deployment": "deployment_accept"}
REFUSE_EVENT = {"coalition": "refusal", "deployment": "deployment_refuse"}
REPORT_CHANGE = 0.05  # a demand or offer event is recorded when it moves by 5 % or more


def open_items(model: AllianceModel, step: int) -> None:
    """Open the agenda items due this step (items dated before the start open at step 1)."""
    for item in model.items:
        if item.status == "pending" and item.open_step <= step:
            item.status = "open"
            item.recorded_ask = item.ask
            if item.rivalry_linked:
                dynamics.entrap(model, item.target)
            model.event(
                "USA",
                "demand",
                item.target,
                item.ask if item.is_cost_sharing else 1.0,
                item.item_id,
            )


def apply_shocks(
    model: AllianceModel, shocks: Iterable[tuple[ShockSection, Policy | None]], step: int
) -> None:
    """Apply the timeline's shocks for this month (docs/CONFIG.md, ``[[timeline]]``)."""
    for shock, new_policy in shocks:
        target = shock.target or ""
        if shock.kind == "policy_change" and shock.family and new_policy is not None:
            model.actors[shock.actor].set_policy(shock.family, new_policy)
            target = new_policy.name
        elif shock.kind == "dispute":
            for dispute in model.disputes:
                if set(dispute.parties) == {shock.actor, shock.target}:
                    dispute.trigger(shock.actor)
        elif shock.kind == "coercion_warning":
            china = model.actors[shock.actor]
            china.coercion_credibility = compound(china.coercion_credibility, shock.magnitude)
        elif shock.kind == "troop_threat":
            troop_threat(model, shock.target, shock.magnitude or model.mech.troop_threat_fear)
            continue  # troop_threat records its own event
        model.event(shock.actor, shock.kind, target, shock.magnitude)


def troop_threat(model: AllianceModel, ally: str, push: float) -> None:
    """A US threat of troop cuts: abandonment fear rises (M3), affinity to the US falls."""
    actor = model.actors[ally]
    actor.abandonment_fear = compound(actor.abandonment_fear, push)
    model.shift_affinity(ally, "USA", -model.mech.refusal_affinity_cost)
    model.event("USA", "troop_threat", ally, push)


def resolve_provocation(model: AllianceModel, move: ProvocationMove | None, step: int) -> None:
    """Launches raise the threat perceived by the US and its allies, by exposure (M5)."""
    if move is None or move.launch_days <= 0:
        return
    model.provocations = move.launch_days
    for code in THREATENED:
        actor = model.actors[code]
        actor.threat_from_prk = threat_after_launches(
            actor.threat_from_prk, move.launch_days, move.severity, actor.spec.threat_exposure
        )
    if move.aim is not None:
        wedge(model, move.aim, move.launch_days)
    model.peak_threat = max(
        model.peak_threat, *(model.actors[a].threat_from_prk for a in ("ROK", "JPN"))
    )
    for _ in range(move.launch_days):
        model.event("PRK", "provocation", "", move.severity)


def resolve_items(model: AllianceModel, moves: Mapping[str, Moves], step: int) -> None:
    """Settle every live agenda item, in file order, then mark missed deadlines."""
    demands = moves["USA"].demands
    for item in model.items:
        if not item.live:
            continue
        response = moves[item.target].responses.get(item.item_id)
        if item.is_cost_sharing:
            settle_cost_sharing(model, item, demands.get(item.item_id), response, step)
        elif response is not None:
            settle_yes_no(model, item, response.choice, step)
        if item.status == "open" and step >= item.deadline_step:
            item.status = "lapsed"
            model.event("USA", "lapse", item.target, 0.0, item.item_id)


def settle_cost_sharing(
    model: AllianceModel,
    item: AgendaItem,
    demand: DemandMove | None,
    response: ResponseMove | None,
    step: int,
) -> None:
    """One round of cost-sharing talks: new ask, offer, acceptance and ratification (M2, M3)."""
    ally = model.actors[item.target]
    if demand is not None:
        item.ask = demand.ask
        _report(model, item, "USA", "demand", item.ask, "recorded_ask")
    offer = (
        response.offer if response is not None and response.offer is not None else item.status_quo
    )
    item.last_offer = offer
    _report(model, item, item.target, "offer", offer, "recorded_offer")
    ceiling = model.ceiling(item)
    friction = demand_friction(
        item.ask, ceiling, ally.domestic_support, model.mech.demand_affinity_friction
    )
    model.shift_affinity(item.target, "USA", -friction)
    min_acceptable = demand.min_acceptable if demand is not None else item.ask
    if offer < min_acceptable:
        item.rejected_rounds += 1
        model.event("USA", "refusal", item.target, offer / item.ask, item.item_id)
        model.shift_affinity("USA", item.target, -model.mech.refusal_affinity_cost)
        if demand is not None and demand.troop_threat:
            troop_threat(model, item.target, model.mech.troop_threat_fear)
        return
    chance = ratification_probability(
        offer, ceiling, ally.domestic_support, model.mech.two_level_friction
    )
    if model.rng.random() < chance:
        agree(model, item, offer, step)
    else:
        item.rejected_rounds += 1
        model.event(item.target, "refusal", "USA", chance, item.item_id)


def agree(model: AllianceModel, item: AgendaItem, amount: float, step: int) -> None:
    """A ratified cost-sharing deal: payment rises, the government pays an audience cost."""
    ally = model.actors[item.target]
    item.status, item.agreed_step, item.agreed_amount = "agreed", step, amount
    model.agreed_extra[item.target] += amount - item.status_quo
    ally.contribution = model.voluntary_effort[item.target] + model.agreed_extra[item.target]
    gap = max(0.0, amount - model.ceiling(item)) / model.ceiling(item)
    ally.domestic_support = clamp(ally.domestic_support - model.mech.audience_cost * gap)
    _bond(model, item.target)
    model.event("USA", "agreement", item.target, amount, item.item_id)


def settle_yes_no(model: AllianceModel, item: AgendaItem, choice: Choice, step: int) -> None:
    """An ally's answer to a coalition or deployment ask."""
    if choice is Choice.ACCEPT:
        item.status = "agreed"
        item.agreed_step = step
        if item.kind == "deployment":
            model.new_deployments.append(item.target)
        _bond(model, item.target)
        model.event(item.target, ACCEPT_EVENT[item.kind], "USA", 1.0, item.item_id)
    elif choice is Choice.INDEPENDENT and item.kind == "coalition":
        item.status = "independent"
        model.event(item.target, "coalition_independent", "USA", 0.5, item.item_id)
    elif choice in (Choice.REFUSE, Choice.INDEPENDENT):
        item.status = "refused"
        model.shift_affinity("USA", item.target, -model.mech.refusal_affinity_cost)
        model.event(item.target, REFUSE_EVENT[item.kind], "USA", 0.0, item.item_id)


def _bond(model: AllianceModel, ally: str) -> None:
    bonus = model.mech.agreement_affinity_bonus
    model.shift_affinity(ally, "USA", bonus)
    model.shift_affinity("USA", ally, bonus)


def _report(
    model: AllianceModel, item: AgendaItem, actor: str, kind: str, value: float, slot: str
) -> None:
    """Record a demand or offer event when the amount moved by REPORT_CHANGE or more."""
    previous = getattr(item, slot)
    if previous == 0.0 or abs(value - previous) >= REPORT_CHANGE * previous:
        setattr(item, slot, value)
        target = item.target if actor == "USA" else "USA"
        model.event(actor, kind, target, value, item.item_id)


def wedge(model: AllianceModel, aim: tuple[str, str], launch_days: int) -> None:
    """A wedge (M8, Crawford 2011): the targeted partners drift apart, more where already apart."""
    a, b = aim
    cohesion = dict(zip(DYADS, model.cohesion[:3], strict=True))[aim]
    push = wedge_push(model.mech.wedge_strength, launch_days, cohesion)
    model.shift_affinity(a, b, -push)
    model.shift_affinity(b, a, -push)
    model.event("PRK", "wedge", a, push, b)


def resolve_coercion(model: AllianceModel, move: CoercionMove | None, step: int) -> None:
    """Open coercion episodes (M9) and pay inducements (M8) that China chose this month."""
    if move is None:
        return
    china = model.actors["CHN"]
    for target in move.coerce:
        model.coercion_end[target] = step + math.ceil(move.duration)
        model.coercion_loss[target] = move.gdp_loss
        china.coercion_credibility = compound(
            china.coercion_credibility, model.mech.coercion_credibility_gain
        )
        model.event("CHN", "coercion", target, move.gdp_loss)
    if move.induce is not None:
        gap = 1.0 - (model.cohesion[0] if move.induce == "ROK" else model.cohesion[1])
        model.shift_affinity(move.induce, "CHN", move.inducement * gap)
        model.shift_affinity(move.induce, "USA", -model.mech.wedge_strength * gap)
        model.event("CHN", "inducement", move.induce, move.inducement * gap)
