"""The alliance model: a Mesa model whose monthly step runs the six phases of MODEL.md.

1. scheduled shocks and agenda items opening; 2. a snapshot of the state; 3. every actor
decides on that snapshot (simultaneous moves); 4. resolution of provocations and agenda
items; 5. slow dynamics; 6. metrics and events recorded. All randomness comes from the
model's one numpy Generator (``self.rng``), drawn in a fixed order: actors in the order
USA, ROK, JPN, CHN, PRK, then agenda items in file order.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import mesa

from agents.actor import StateActor
from agents.observations import DemandObservation, ProvocationObservation, ResponseObservation
from sim import dynamics, resolution
from sim.agenda import AgendaItem
from sim.config import ACTORS, ALLIES, Scenario
from sim.mechanisms import (
    acceptance_propensity,
    burden_share,
    decay_factor,
    gdp_share,
    nominal_ceiling,
    voluntary_contribution,
    widened_ceiling,
)
from sim.metrics import (
    DyadParts,
    burden_satisfaction,
    dyad_cohesion,
    mutual_affinity,
    summarize,
    trilateral_cohesion,
)
from sim.months import month_of, step_of
from sim.recorder import Recorder

GSOMIA_SCORE = {"active": 1.0, "notice": 0.5, "terminated": 0.0}


@dataclass(frozen=True, slots=True)
class Snapshot:
    """The start-of-step view every actor decides on."""

    demand_views: dict[str, DemandObservation]
    response_views: dict[str, dict[str, ResponseObservation]]
    provocation_view: ProvocationObservation


class AllianceModel(mesa.Model):
    """Five state actors, their relations and the agenda, stepped monthly."""

    def __init__(self, scenario: Scenario, seed: int) -> None:
        super().__init__(rng=seed)
        spec = scenario.spec
        self.spec = spec
        self.mech = spec.mechanisms
        self.start = spec.scenario.start
        self.actors = {
            code: StateActor(self, code, getattr(spec.actors, code), scenario.policies[code])
            for code in ACTORS
        }
        self.affinity = {
            (a, b): value for a, row in spec.relations.affinity.items() for b, value in row.items()
        }
        self.base_affinity = dict(self.affinity)
        self.gsomia = spec.institutions.gsomia
        self.export_controls = spec.institutions.export_controls
        self.items = [AgendaItem.from_spec(i, s, self.start) for i, s in spec.agenda.items()]
        self.shocks: dict[int, list[Any]] = {}
        for index, shock in enumerate(spec.timeline):
            entry = (shock, scenario.shock_policies.get(index))
            self.shocks.setdefault(step_of(shock.month, self.start), []).append(entry)
        self.exercise_steps = {
            s for s, group in self.shocks.items() for k, _ in group if k.kind == "exercise"
        }
        self.decision_steps = {item.deadline_step for item in self.items}
        self.decay = decay_factor(self.mech.threat_half_life)
        self.voluntary = {a: self._voluntary_contribution(a) for a in ALLIES}
        self.voluntary_effort = {a: self.actors[a].spec.milex for a in ALLIES}
        self.agreed_extra = dict.fromkeys(ALLIES, 0.0)
        self.recorder = Recorder()
        self.provocations = 0
        self.peak_threat = max(self.actors[a].threat_from_prk for a in ALLIES)
        self.cohesion = self.measure()

    # -- the step ---------------------------------------------------------------------------
    def step(self) -> None:
        """One month: the six phases in order."""
        step = self.steps
        self.date = month_of(step, self.start)
        self.provocations = 0
        resolution.open_items(self, step)
        resolution.apply_shocks(self, self.shocks.get(step, ()), step)
        snapshot = self.snapshot(step)
        moves = {code: self.actors[code].decide(snapshot, self.rng) for code in ACTORS}
        resolution.resolve_provocation(self, moves["PRK"].provocation, step)
        resolution.resolve_items(self, moves, step)
        dynamics.advance(self)
        self.cohesion = self.measure()
        self.recorder.step(step, self.date, self.metric_values())

    def run(self, steps: int | None = None) -> None:
        """Run the scenario's number of steps (or ``steps``)."""
        for _ in range(steps if steps is not None else self.spec.scenario.steps):
            self.step()

    def event(
        self, actor: str, kind: str, target: str = "", magnitude: float = 0.0, item: str = ""
    ) -> None:
        """Record an event of the current step."""
        self.recorder.event(self.steps, self.date, actor, kind, target, magnitude, item)

    # -- phase 2: what actors see -------------------------------------------------------------
    def snapshot(self, step: int) -> Snapshot:
        """Observations for every policy, built before anyone moves."""
        demand_views: dict[str, DemandObservation] = {}
        response_views: dict[str, dict[str, ResponseObservation]] = {a: {} for a in ALLIES}
        for item in self.items:
            if not item.live:
                continue
            if item.is_cost_sharing:
                demand_views[item.item_id] = self._demand_view(item, step)
            response_views[item.target][item.item_id] = self._response_view(item, step)
        provocation_view = ProvocationObservation(
            exercise=step in self.exercise_steps,
            decision_point=step in self.decision_steps,
            trilateral_cohesion=self.cohesion[3],
        )
        return Snapshot(demand_views, response_views, provocation_view)

    def _demand_view(self, item: AgendaItem, step: int) -> DemandObservation:
        return DemandObservation(
            initial_ask=item.initial_ask,
            status_quo=item.status_quo,
            last_ask=item.ask,
            last_offer=item.last_offer,
            months_open=item.months_open(step),
            months_to_deadline=item.months_to_deadline(step),
            rejected_rounds=item.rejected_rounds,
        )

    def _response_view(self, item: AgendaItem, step: int) -> ResponseObservation:
        ally = self.actors[item.target]
        concession = self.mech.abandonment_concession
        ceiling = self.ceiling(item)
        return ResponseObservation(
            kind=item.kind,
            ask=item.ask,
            status_quo=item.status_quo,
            win_set_ceiling=widened_ceiling(ceiling, item.ask, ally.abandonment_fear, concession),
            acceptance_propensity=acceptance_propensity(
                self.affinity[(item.target, "USA")],
                ally.entrapment_fear,
                ally.abandonment_fear,
                concession,
            ),
            last_offer=item.last_offer,
            months_open=item.months_open(step),
            months_to_deadline=item.months_to_deadline(step),
        )

    def ceiling(self, item: AgendaItem) -> float:
        """The target ally's Level II win-set for a cost-sharing item (M2)."""
        return nominal_ceiling(item.status_quo, self.actors[item.target].spec.win_set_increase)

    # -- phase 6: metrics -----------------------------------------------------------------------
    def _voluntary_contribution(self, ally: str) -> float:
        usa, spec = self.actors["USA"].spec, self.actors[ally].spec
        return voluntary_contribution(spec.gdp, usa.gdp, usa.milex, spec.free_riding_elasticity)

    def burden_share(self, ally: str) -> float:
        """The ally's share of the dyad's defence effort (M1)."""
        return burden_share(self.actors[ally].contribution, self.actors["USA"].spec.milex)

    def measure(self) -> tuple[float, float, float, float]:
        """Cohesion of USA-ROK, USA-JPN, ROK-JPN and trilateral (docs/ODD.md, 7.1)."""
        weights = self.spec.metrics.weights
        values = [
            dyad_cohesion(self._dyad_parts(a, b), weights)
            for a, b in (("USA", "ROK"), ("USA", "JPN"), ("ROK", "JPN"))
        ]
        return (values[0], values[1], values[2], trilateral_cohesion(values))

    def _dyad_parts(self, a: str, b: str) -> DyadParts:
        affinity = mutual_affinity(self.affinity[(a, b)], self.affinity[(b, a)])
        convergence = 1.0 - abs(self.actors[a].threat_from_prk - self.actors[b].threat_from_prk)
        if a != "USA":
            alignment = 0.5 * GSOMIA_SCORE[self.gsomia] + 0.5 * (
                0.0 if self.export_controls else 1.0
            )
            return DyadParts(affinity, alignment, None, convergence)
        scores = [
            s for item in self.items if item.target == b and (s := item.alignment()) is not None
        ]
        alignment = sum(scores) / len(scores) if scores else 1.0
        usa, ally = self.actors["USA"].spec, self.actors[b].spec
        burden = burden_satisfaction(self.burden_share(b), gdp_share(ally.gdp, usa.gdp))
        return DyadParts(affinity, alignment, burden, convergence)

    def metric_values(self) -> tuple[Any, ...]:
        """Metrics of this step in :data:`sim.recorder.STEP_COLUMNS` order."""
        usa, rok, jpn, chn = (self.actors[c] for c in ("USA", "ROK", "JPN", "CHN"))
        statuses = [item.status for item in self.items]
        return (
            *self.cohesion,
            usa.threat_from_prk,
            rok.threat_from_prk,
            jpn.threat_from_prk,
            rok.abandonment_fear,
            jpn.abandonment_fear,
            rok.entrapment_fear,
            jpn.entrapment_fear,
            self.burden_share("ROK"),
            self.burden_share("JPN"),
            rok.domestic_support,
            jpn.domestic_support,
            self.affinity[("ROK", "USA")],
            self.affinity[("JPN", "USA")],
            self.affinity[("ROK", "JPN")],
            self.affinity[("JPN", "ROK")],
            chn.coercion_credibility,
            self.provocations,
            0,  # retaliations: the retaliation family arrives with mechanisms M6 to M10
            self.gsomia == "active",
            self.export_controls,
            sum(1 for item in self.items if item.live),
            statuses.count("agreed"),
            statuses.count("refused"),
            statuses.count("lapsed"),
        )

    def summary(self) -> dict[str, Any]:
        """The run summaries of runs.parquet (docs/OUTPUTS.md)."""
        trilateral = [row[5] for row in self.recorder.rows]
        events = self.recorder.events
        result: dict[str, Any] = summarize(trilateral, self.spec.metrics.crisis_threshold)
        result["sma_agreed_step"] = next(
            (i.agreed_step for i in self.items if i.is_cost_sharing and i.target == "ROK"), None
        )
        result["hns_agreed_step_jpn"] = next(
            (i.agreed_step for i in self.items if i.is_cost_sharing and i.target == "JPN"), None
        )
        result["gsomia_terminated"] = self.gsomia == "terminated"
        result["total_provocations"] = sum(1 for e in events if e[3] == "provocation")
        result["total_retaliations"] = 0
        result["peak_threat"] = self.peak_threat
        result["troop_threats"] = sum(1 for e in events if e[3] == "troop_threat")
        result["final_burden_share_rok"] = self.burden_share("ROK")
        result["final_burden_share_jpn"] = self.burden_share("JPN")
        return result
