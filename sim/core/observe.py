"""Phase 2 of a step: the snapshot every actor decides on (simultaneous moves).

Each policy family's observations are built here from the state; a test checks that every
registered family (:data:`agents.policies.FAMILY_LIST`) gets its views.

For speed, the larger observations are built with positional arguments in field order,
each commented with its field where the expression does not name it: a dataclass's
``__init__`` matches some twenty keyword arguments at about three times the cost of
positional ones, and a handful of observations are built every month of every run.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from agents.observations import (
    DEFECT,
    LIFT,
    CoercionObservation,
    DemandObservation,
    EngagementObservation,
    MediationObservation,
    ProvocationObservation,
    ResponseObservation,
    RetaliationObservation,
    Snapshot,
)
from agents.policies.choice_policy import ChoicePolicy
from agents.policies.coercion import COERCION
from agents.policies.demand import DEMAND
from agents.policies.engagement import ENGAGEMENT
from agents.policies.mediation import MEDIATION
from agents.policies.provocation import PROVOCATION
from agents.policies.response import RESPONSE
from agents.policies.retaliation import RETALIATION
from sim.config import ALLIES
from sim.config.schema import MechanismsSection
from sim.core.agenda import AgendaItem
from sim.core.context import Cohesion
from sim.core.diplomacy import DiplomacyTrack
from sim.core.dispute import DisputeState
from sim.core.mechanisms import acceptance_propensity, widened_ceiling
from sim.core.world import World


@dataclass(slots=True, frozen=True)
class Calendar:
    """Months that DPRK watches: exercises (from the timeline) and agenda deadlines.

    ``exercise_scale`` holds each exercise month's scale; a month with only suspended
    exercises (scale 0) is no exercise month.
    """

    exercise_steps: frozenset[int]
    decision_steps: frozenset[int]
    exercise_scale: Mapping[int, float] = field(default_factory=dict)


def build_snapshot(
    world: World,
    step: int,
    *,
    mech: MechanismsSection,
    cohesion: Cohesion,
    calendar: Calendar,
    new_deployments: tuple[str, ...],
    record: bool = False,
    track: DiplomacyTrack | None = None,
) -> Snapshot:
    """Observations for every policy family, built before anyone moves."""
    demand: dict[str, DemandObservation] = {}
    response: dict[str, dict[str, ResponseObservation]] = {a: {} for a in ALLIES}
    for item in world.agenda.items:
        if not item.live:
            continue
        if item.is_cost_sharing:
            demand[item.item_id] = demand_view(world, cohesion, item, step)
        response[item.target][item.item_id] = response_view(world, mech, item, step)
    retaliation: dict[str, dict[str, RetaliationObservation]] = {}
    for dispute in world.disputes.all:
        if dispute.started:
            for party in dispute.parties:
                views = retaliation.setdefault(party, {})
                strategic = isinstance(world.actors[party].policies[RETALIATION.name], ChoicePolicy)
                views[dispute.dispute_id] = (
                    retaliation_view(world, dispute, party, step)
                    if strategic  # a rule-based policy sees the two histories only
                    else dispute.observation(party)
                )
    mediation = mediation_view(world, mech, cohesion, step)
    coercion = coercion_view(world, cohesion, new_deployments)
    views = {
        DEMAND.name: {"USA": demand},
        RESPONSE.name: response,
        PROVOCATION.name: {"PRK": {"": provocation_view(cohesion, calendar, step, track)}},
        RETALIATION.name: retaliation,
        MEDIATION.name: {"USA": {"": mediation}},
        COERCION.name: {"CHN": {"": coercion}},
        ENGAGEMENT.name: engagement_views(world, step, track),
    }
    return Snapshot(views, record)


def mediation_view(
    world: World, mech: MechanismsSection, cohesion: Cohesion, step: int
) -> MediationObservation:
    """The US view of its allies' dispute: the GSOMIA notice, the rift, its ties (M10)."""
    affinity, actors, disputes, gsomia = (
        world.relations.affinity,
        world.actors,
        world.disputes,
        world.gsomia,
    )
    rok = 0.5 * (affinity[("USA", "ROK")] + affinity[("ROK", "USA")])
    jpn = 0.5 * (affinity[("USA", "JPN")] + affinity[("JPN", "USA")])
    measures = disputes.measures_between_allies()
    tension = measures / mech.measure_saturation
    return MediationObservation(  # positional, in field order (see the module docstring)
        disputes.any_active,  # dispute_active
        gsomia.status == "notice",  # notice_pending
        gsomia.deadline - step if gsomia.status == "notice" else None,  # notice_months_left
        cohesion.rok_jpn,  # rok_jpn_cohesion
        1.0 if tension > 1.0 else tension,  # tension: min(1, ...), inlined
        max(0.0, rok if rok <= jpn else jpn),  # us_tie: the weaker tie (min), floored
        sum([actors[a].threat_from_prk for a in ALLIES]) / len(ALLIES),  # threat
    )


def retaliation_view(
    world: World, dispute: DisputeState, party: str, step: int
) -> RetaliationObservation:
    """A dispute party's view: the history, its rungs, costs, threat, fears, the US (M2-M10)."""
    other = dispute.other(party)
    actors, gsomia = world.actors, world.gsomia
    me, last_other = actors[party], dispute.last_action[other]
    own = gsomia.status == "notice" and gsomia.parties[0] == party  # notice_pending, inlined
    gsomia_active = gsomia.status == "active"
    trade, security = dispute.next_rungs(party)
    linkable = security and (security != "gsomia_notice" or gsomia_active)
    liftable = dispute.liftable(party, gsomia_active)
    costs = dispute.measure_cost
    return RetaliationObservation(  # positional, in field order (see the module docstring)
        tuple(dispute.moves[party]),  # own_moves
        tuple(dispute.moves[other]),  # opponent_moves
        trade,  # next_measure
        security if linkable and me.links_trade_to_security else "",  # next_security
        liftable,
        dispute.standing(party),  # own_standing
        dispute.standing(other),  # opponent_standing
        last_other == DEFECT,  # opponent_escalated
        last_other == LIFT,  # opponent_lifted
        min(1.0, len(dispute.taken[party]) / max(1, len(dispute.ladders[party]))),  # escalation
        dispute.trade_dependence[party],
        costs.get(trade, 0.0),  # next_cost
        costs.get(liftable[0], 0.0) if liftable else 0.0,  # lift_cost
        dispute.boycott_cost if "boycott" in dispute.in_force[other] else 0.0,  # boycotted
        me.threat_from_prk,  # threat
        0.5 * (1.0 + world.relations.affinity[(party, "USA")]) if party != "USA" else 0.0,  # us_tie
        me.abandonment_fear,
        actors[other].abandonment_fear,  # partner_fear
        dispute.between_allies,  # allies
        me.domestic_support,
        world.disputes.pressure,  # mediation
        own,  # notice_pending
        gsomia.deadline - step if own else None,  # notice_months_left (months_left, inlined)
        gsomia.notice_months,
    )


def coercion_view(
    world: World, cohesion: Cohesion, new_deployments: tuple[str, ...]
) -> CoercionObservation:
    """China's view: new deployments, episodes, US-ally cohesion, asks, trade (M8, M9)."""
    actors, by_target = world.actors, world.agenda.by_target
    rok, jpn = actors["ROK"], actors["JPN"]
    return CoercionObservation(  # positional, in field order (see the module docstring)
        new_deployments,
        world.episodes.running(),  # coerced
        {"ROK": cohesion.usa_rok, "JPN": cohesion.usa_jpn},  # us_dyad_cohesion
        {a: live_rivalry_asks(by_target[a]) for a in ALLIES},  # rivalry_asks
        {"ROK": rok.trade_dependence_chn, "JPN": jpn.trade_dependence_chn},  # trade_dependence
        actors["CHN"].coercion_credibility,  # credibility
    )


def live_rivalry_asks(items: Iterable[AgendaItem]) -> int:
    """How many of ``items`` are live asks tied to the US-China rivalry."""
    count = 0
    for item in items:  # a loop, not a generator: read every month
        if item.live and item.rivalry_linked:
            count += 1
    return count


def provocation_view(
    cohesion: Cohesion, calendar: Calendar, step: int, track: DiplomacyTrack | None = None
) -> ProvocationObservation:
    """What the DPRK sees: calendar, last month's cohesion, and the diplomacy track."""
    exercise = step in calendar.exercise_steps
    decision_point = step in calendar.decision_steps
    dyads = {
        ("USA", "ROK"): cohesion.usa_rok,
        ("USA", "JPN"): cohesion.usa_jpn,
        ("ROK", "JPN"): cohesion.rok_jpn,
    }
    scale = calendar.exercise_scale.get(step, 0.0)
    if track is None:
        return ProvocationObservation(exercise, decision_point, cohesion.trilateral, dyads, scale)
    closed = track.closed_step
    return ProvocationObservation(  # positional, in field order (see the module docstring)
        exercise,
        decision_point,
        cohesion.trilateral,  # trilateral_cohesion
        dyads,  # dyad_cohesion
        scale,  # exercise_scale
        track.talks,
        track.since_change(step),  # months_since_change
        track.months_to_deadline(step),
        track.since_passed(step),  # months_since_deadline
        track.relief,
        track.isolation,
        step - closed if closed is not None else 0,  # months_closed
        track.since_launch(step),  # months_since_launch
        track.offered,  # talks_offered
        track.freeze,  # freeze_demanded
        track.programme.backlog,  # backlog
    )


ENGAGING = ("USA", "ROK")
_PARTNER = {"USA": "ROK", "ROK": "USA"}


def engagement_views(
    world: World, step: int, track: DiplomacyTrack | None
) -> dict[str, dict[str, EngagementObservation]]:
    """The US and ROK views of the diplomacy track (a quiet one without a track)."""
    views: dict[str, dict[str, EngagementObservation]] = {}
    for code in ENGAGING:
        actor = world.actors[code]
        if track is None:
            views[code] = {"": EngagementObservation(threat=actor.threat_from_prk)}
            continue
        views[code] = {
            "": EngagementObservation(
                talks=track.talks,
                months_since_change=track.since_change(step),
                months_since_launch=track.since_launch(step),
                recent_launches=track.recent,
                threat=actor.threat_from_prk,
                domestic_support=actor.domestic_support,
                abandonment_fear=actor.abandonment_fear if code != "USA" else 0.0,
                relief=track.relief,
                talks_offered=track.offered,
                freeze_demanded=track.freeze,
                months_to_deadline=track.months_to_deadline(step),
                own_stance=track.stances.get(code, ""),
                partner_stance=track.stances.get(_PARTNER[code], ""),
            )
        }
    return views


def demand_view(world: World, cohesion: Cohesion, item: AgendaItem, step: int) -> DemandObservation:
    """The US view of a cost-sharing item, with its tie to the target and the target's fear."""
    return DemandObservation(  # positional, in field order (see the module docstring)
        item.initial_ask,
        item.status_quo,
        item.ask,  # last_ask
        item.last_offer,
        step - item.open_step,  # months_open
        item.deadline_step - step,  # months_to_deadline
        item.rejected_rounds,
        cohesion.usa_rok if item.target == "ROK" else cohesion.usa_jpn,  # cohesion
        world.actors[item.target].abandonment_fear,  # ally_fear
    )


def response_view(
    world: World, mech: MechanismsSection, item: AgendaItem, step: int
) -> ResponseObservation:
    """The target ally's view of an item, with its win-set and propensity (M2-M4)."""
    ally = world.actors[item.target]
    concession = mech.abandonment_concession
    affinity = world.relations.affinity[(item.target, "USA")]
    return ResponseObservation(  # positional, in field order (see the module docstring)
        item.kind,
        item.ask,
        item.status_quo,
        widened_ceiling(item.ceiling, item.ask, ally.abandonment_fear, concession),
        acceptance_propensity(affinity, ally.entrapment_fear, ally.abandonment_fear, concession),
        item.last_offer,
        step - item.open_step,  # months_open
        item.deadline_step - step,  # months_to_deadline
        item.ceiling,  # nominal_ceiling
        item.rivalry_linked,
        ally.abandonment_fear,
        ally.entrapment_fear,
        affinity,  # affinity_to_us
        ally.threat_from_prk,  # threat
        ally.domestic_support,
        ally.trade_dependence_chn,  # trade_dependence
        world.actors["CHN"].coercion_credibility,  # credibility
    )
