"""Phase 2 of a step: the snapshot every actor decides on (simultaneous moves).

Each policy family's observations are built here from the state; a test checks that every
registered family (:data:`agents.policies.FAMILY_LIST`) gets its views.
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
    views = {
        DEMAND.name: {"USA": demand},
        RESPONSE.name: response,
        PROVOCATION.name: {"PRK": {"": provocation_view(cohesion, calendar, step, track)}}
        if consulted(world, "PRK", PROVOCATION.name)
        else {},
        RETALIATION.name: retaliation,
        MEDIATION.name: {"USA": {"": mediation_view(world, mech, cohesion, step)}}
        if consulted(world, "USA", MEDIATION.name)
        else {},
        COERCION.name: {"CHN": {"": coercion_view(world, cohesion, new_deployments)}}
        if consulted(world, "CHN", COERCION.name)
        else {},
        ENGAGEMENT.name: engagement_views(world, step, track),
    }
    return Snapshot(views, record)


def consulted(world: World, code: str, family: str) -> bool:
    """Whether ``code`` holds a policy of ``family`` that decides (not an inert one).

    An inert policy is never consulted (agents/actor.py, ``plan_of``), so a monthly view
    built for it would go unread: the snapshot leaves it out.
    """
    policy = world.actors[code].policies.get(family)
    return policy is not None and not policy.inert


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
    ties = [0.5 * (affinity[("USA", a)] + affinity[(a, "USA")]) for a in ALLIES]
    measures = disputes.measures_between_allies()
    return MediationObservation(
        dispute_active=disputes.any_active,
        notice_pending=gsomia.notice_pending,
        notice_months_left=gsomia.months_left(step),
        rok_jpn_cohesion=cohesion.rok_jpn,
        tension=min(1.0, measures / mech.measure_saturation),
        us_tie=max(0.0, min(ties)),
        threat=sum(actors[a].threat_from_prk for a in ALLIES) / len(ALLIES),
    )


def retaliation_view(
    world: World, dispute: DisputeState, party: str, step: int
) -> RetaliationObservation:
    """A dispute party's view: the history, its rungs, costs, threat, fears, the US (M2-M10)."""
    other = dispute.other(party)
    actors, gsomia = world.actors, world.gsomia
    me, last_other = actors[party], dispute.last_action[other]
    own = gsomia.notice_pending and gsomia.parties[0] == party
    gsomia_active = gsomia.active
    trade, security = dispute.next_rungs(party)
    linkable = security and (security != "gsomia_notice" or gsomia_active)
    liftable = dispute.liftable(party, gsomia_active)
    costs = dispute.measure_cost
    return RetaliationObservation(
        own_moves=tuple(dispute.moves[party]),
        opponent_moves=tuple(dispute.moves[other]),
        next_measure=trade,
        next_security=security if linkable and me.links_trade_to_security else "",
        liftable=liftable,
        own_standing=dispute.standing(party),
        opponent_standing=dispute.standing(other),
        opponent_escalated=last_other == DEFECT,
        opponent_lifted=last_other == LIFT,
        escalation=min(1.0, len(dispute.taken[party]) / max(1, len(dispute.ladders[party]))),
        trade_dependence=dispute.trade_dependence[party],
        next_cost=costs.get(trade, 0.0),
        lift_cost=costs.get(liftable[0], 0.0) if liftable else 0.0,
        boycotted=dispute.boycott_cost if "boycott" in dispute.in_force[other] else 0.0,
        threat=me.threat_from_prk,
        us_tie=0.5 * (1.0 + world.relations.affinity[(party, "USA")]) if party != "USA" else 0.0,
        abandonment_fear=me.abandonment_fear,
        partner_fear=actors[other].abandonment_fear,
        allies=dispute.between_allies,
        domestic_support=me.domestic_support,
        mediation=world.disputes.pressure,
        notice_pending=own,
        notice_months_left=gsomia.months_left(step) if own else None,
        notice_months=gsomia.notice_months,
    )


def coercion_view(
    world: World, cohesion: Cohesion, new_deployments: tuple[str, ...]
) -> CoercionObservation:
    """China's view: new deployments, episodes, US-ally cohesion, asks, trade (M8, M9)."""
    actors, by_target = world.actors, world.agenda.by_target
    return CoercionObservation(
        new_deployments=new_deployments,
        coerced=world.episodes.running(),
        us_dyad_cohesion={"ROK": cohesion.usa_rok, "JPN": cohesion.usa_jpn},
        rivalry_asks={a: live_rivalry_asks(by_target[a]) for a in ALLIES},
        trade_dependence={a: actors[a].trade_dependence_chn for a in ALLIES},
        credibility=actors["CHN"].coercion_credibility,
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
    obs = ProvocationObservation(
        exercise=step in calendar.exercise_steps,
        decision_point=step in calendar.decision_steps,
        trilateral_cohesion=cohesion.trilateral,
        dyad_cohesion={
            ("USA", "ROK"): cohesion.usa_rok,
            ("USA", "JPN"): cohesion.usa_jpn,
            ("ROK", "JPN"): cohesion.rok_jpn,
        },
        exercise_scale=calendar.exercise_scale.get(step, 0.0),
    )
    if track is not None:
        closed = track.closed_step
        obs.talks = track.talks
        obs.months_since_change = track.since_change(step)
        obs.months_to_deadline = track.months_to_deadline(step)
        obs.months_since_deadline = track.since_passed(step)
        obs.relief = track.relief
        obs.isolation = track.isolation
        obs.months_closed = step - closed if closed is not None else 0
        obs.months_since_launch = track.since_launch(step)
        obs.talks_offered = track.offered
        obs.freeze_demanded = track.freeze
        obs.backlog = track.programme.backlog
    return obs


ENGAGING = ("USA", "ROK")
_PARTNER = {"USA": "ROK", "ROK": "USA"}


def engagement_views(
    world: World, step: int, track: DiplomacyTrack | None
) -> dict[str, dict[str, EngagementObservation]]:
    """The US and ROK views of the diplomacy track (a quiet one without a track)."""
    views: dict[str, dict[str, EngagementObservation]] = {}
    for code in ENGAGING:
        if not consulted(world, code, ENGAGEMENT.name):
            continue
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
    return DemandObservation(
        initial_ask=item.initial_ask,
        status_quo=item.status_quo,
        last_ask=item.ask,
        last_offer=item.last_offer,
        months_open=item.months_open(step),
        months_to_deadline=item.months_to_deadline(step),
        rejected_rounds=item.rejected_rounds,
        cohesion=cohesion.usa_rok if item.target == "ROK" else cohesion.usa_jpn,
        ally_fear=world.actors[item.target].abandonment_fear,
    )


def response_view(
    world: World, mech: MechanismsSection, item: AgendaItem, step: int
) -> ResponseObservation:
    """The target ally's view of an item, with its win-set and propensity (M2-M4)."""
    ally = world.actors[item.target]
    concession = mech.abandonment_concession
    affinity = world.relations[(item.target, "USA")]
    return ResponseObservation(
        kind=item.kind,
        ask=item.ask,
        status_quo=item.status_quo,
        win_set_ceiling=widened_ceiling(item.ceiling, item.ask, ally.abandonment_fear, concession),
        acceptance_propensity=acceptance_propensity(
            affinity, ally.entrapment_fear, ally.abandonment_fear, concession
        ),
        last_offer=item.last_offer,
        months_open=item.months_open(step),
        months_to_deadline=item.months_to_deadline(step),
        nominal_ceiling=item.ceiling,
        rivalry_linked=item.rivalry_linked,
        abandonment_fear=ally.abandonment_fear,
        entrapment_fear=ally.entrapment_fear,
        affinity_to_us=affinity,
        threat=ally.threat_from_prk,
        domestic_support=ally.domestic_support,
        trade_dependence=ally.trade_dependence_chn,
        credibility=world.actors["CHN"].coercion_credibility,
    )
