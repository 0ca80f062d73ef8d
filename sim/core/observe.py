"""Phase 2 of a step: the snapshot every actor decides on (simultaneous moves)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from agents.observations import (
    CoercionObservation,
    DemandObservation,
    MediationObservation,
    ProvocationObservation,
    ResponseObservation,
    RetaliationObservation,
)
from sim.config import ALLIES
from sim.core.mechanisms import acceptance_propensity, widened_ceiling
from sim.core.metrics import DYADS

if TYPE_CHECKING:
    from sim.core.agenda import AgendaItem
    from sim.core.model import AllianceModel


@dataclass(slots=True)
class Snapshot:
    """The start-of-step view every actor decides on."""

    demand_views: dict[str, DemandObservation]
    response_views: dict[str, dict[str, ResponseObservation]]
    provocation_view: ProvocationObservation
    retaliation_views: dict[str, dict[str, RetaliationObservation]]
    mediation_view: MediationObservation
    coercion_view: CoercionObservation


def build_snapshot(model: AllianceModel, step: int) -> Snapshot:
    """Observations for every policy, built before anyone moves."""
    demand_views: dict[str, DemandObservation] = {}
    response_views: dict[str, dict[str, ResponseObservation]] = {a: {} for a in ALLIES}
    for item in model.items:
        if not item.live:
            continue
        if item.is_cost_sharing:
            demand_views[item.item_id] = demand_view(item, step)
        response_views[item.target][item.item_id] = response_view(model, item, step)
    retaliation_views: dict[str, dict[str, RetaliationObservation]] = {}
    for dispute in model.disputes:
        if dispute.started:
            for party in dispute.parties:
                views = retaliation_views.setdefault(party, {})
                views[dispute.dispute_id] = dispute.observation(party)
    return Snapshot(
        demand_views,
        response_views,
        provocation_view(model, step),
        retaliation_views,
        MediationObservation(
            dispute_active=any(d.active for d in model.disputes),
            notice_pending=model.gsomia == "notice",
            notice_months_left=model.gsomia_deadline - step if model.gsomia == "notice" else None,
        ),
        CoercionObservation(
            new_deployments=tuple(model.new_deployments),
            coerced=tuple(sorted(model.coercion_end)),
            us_dyad_cohesion={"ROK": model.cohesion[0], "JPN": model.cohesion[1]},
        ),
    )


def provocation_view(model: AllianceModel, step: int) -> ProvocationObservation:
    """What the DPRK sees: calendar, trilateral and dyadic cohesion of last month."""
    return ProvocationObservation(
        exercise=step in model.exercise_steps,
        decision_point=step in model.decision_steps,
        trilateral_cohesion=model.cohesion[3],
        dyad_cohesion=dict(zip(DYADS, model.cohesion[:3], strict=True)),
    )


def demand_view(item: AgendaItem, step: int) -> DemandObservation:
    """The US view of a cost-sharing item."""
    return DemandObservation(
        initial_ask=item.initial_ask,
        status_quo=item.status_quo,
        last_ask=item.ask,
        last_offer=item.last_offer,
        months_open=item.months_open(step),
        months_to_deadline=item.months_to_deadline(step),
        rejected_rounds=item.rejected_rounds,
    )


def response_view(model: AllianceModel, item: AgendaItem, step: int) -> ResponseObservation:
    """The target ally's view of an item, with its win-set and propensity (M2-M4)."""
    ally = model.actors[item.target]
    concession = model.mech.abandonment_concession
    ceiling = model.ceiling(item)
    return ResponseObservation(
        kind=item.kind,
        ask=item.ask,
        status_quo=item.status_quo,
        win_set_ceiling=widened_ceiling(ceiling, item.ask, ally.abandonment_fear, concession),
        acceptance_propensity=acceptance_propensity(
            model.affinity[(item.target, "USA")],
            ally.entrapment_fear,
            ally.abandonment_fear,
            concession,
        ),
        last_offer=item.last_offer,
        months_open=item.months_open(step),
        months_to_deadline=item.months_to_deadline(step),
    )
