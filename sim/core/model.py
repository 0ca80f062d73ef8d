"""The alliance model: a Mesa model whose monthly step runs the six phases of MODEL.md.

1. scheduled shocks and agenda items opening; 2. a snapshot of the state; 3. every actor
decides on that snapshot (simultaneous moves); 4. resolution of provocations, agenda
items, disputes (with mediation) and coercion; 5. slow dynamics; 6. metrics and events
recorded. All randomness comes from the model's one numpy Generator (``self.rng``), drawn
in a fixed order: actors in the order USA, ROK, JPN, CHN, PRK, then resolution in the
order above (agenda items and disputes in file order).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import mesa

from agents.actor import StateActor
from sim.config import ACTORS, ALLIES, Scenario
from sim.core import dynamics, readout, resolution
from sim.core.agenda import AgendaItem
from sim.core.dispute import DisputeState, resolve_disputes
from sim.core.mechanisms import (
    burden_share,
    clamp,
    decay_factor,
    gdp_share,
    nominal_ceiling,
    voluntary_contribution,
)
from sim.core.observe import build_snapshot
from sim.core.recorder import Recorder
from sim.months import month_of, step_of


class AllianceModel(mesa.Model):
    """Five state actors, their relations, the agenda and disputes, stepped monthly."""

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
        self.gsomia_deadline = 0
        self.gsomia_parties = ("ROK", "JPN")  # who sent the pending notice, to whom
        self.items = [AgendaItem.from_spec(i, s, self.start) for i, s in spec.agenda.items()]
        self.items_of = {a: [i for i in self.items if i.target == a] for a in ALLIES}
        self._ceilings: dict[str, float] = {}
        usa = spec.actors.USA
        self.gdp_shares = {a: gdp_share(getattr(spec.actors, a).gdp, usa.gdp) for a in ALLIES}
        self.disputes = [DisputeState.from_spec(i, s) for i, s in spec.disputes.items()]
        self._schedule_shocks(scenario)
        self._dates = [month_of(s, self.start) for s in range(spec.scenario.steps + 1)]
        self.decay = decay_factor(self.mech.threat_half_life)
        self.voluntary = {a: self._voluntary_contribution(a) for a in ALLIES}
        self.voluntary_effort = {a: self.actors[a].spec.milex for a in ALLIES}
        self.agreed_extra = dict.fromkeys(ALLIES, 0.0)
        self.coercion_end: dict[str, int] = {}  # ally -> first step free of coercion
        self.coercion_loss = dict.fromkeys(ALLIES, 0.0)
        self.new_deployments: list[str] = []
        self.mediating = False
        self.recorder = Recorder()
        self.provocations = 0
        self.retaliations = 0
        self.peak_threat = max(self.actors[a].threat_from_prk for a in ALLIES)
        self.cohesion = readout.measure(self)

    def _schedule_shocks(self, scenario: Scenario) -> None:
        self.shocks: dict[int, list[Any]] = {}
        for index, shock in enumerate(scenario.spec.timeline):
            entry = (shock, scenario.shock_policies.get(index))
            self.shocks.setdefault(step_of(shock.month, self.start), []).append(entry)
        self.exercise_steps = {
            s for s, group in self.shocks.items() for k, _ in group if k.kind == "exercise"
        }
        self.decision_steps = {item.deadline_step for item in self.items}

    # -- the step ---------------------------------------------------------------------------
    def step(self) -> None:
        """One month: the six phases in order."""
        step = self.steps
        self.date = self._dates[step] if step < len(self._dates) else month_of(step, self.start)
        self.provocations = self.retaliations = 0
        resolution.open_items(self, step)
        resolution.apply_shocks(self, self.shocks.get(step, ()), step)
        snapshot = build_snapshot(self, step)
        self.new_deployments = []
        moves = {code: self.actors[code].decide(snapshot, self.rng) for code in ACTORS}
        resolution.resolve_provocation(self, moves["PRK"].provocation, step)
        resolution.resolve_items(self, moves, step)
        choices = {code: moves[code].retaliation for code in ACTORS}
        mediation = moves["USA"].mediation
        self.mediating = bool(mediation and mediation.mediate)
        resolve_disputes(self, choices, mediation)
        resolution.resolve_coercion(self, moves["CHN"].coercion, step)
        dynamics.advance(self)
        self.cohesion = readout.measure(self)
        self.recorder.step(step, self.date, readout.metric_values(self))

    def run(
        self, steps: int | None = None, *, before_step: Callable[[], None] | None = None
    ) -> None:
        """Run the scenario's number of steps (or ``steps``).

        ``before_step`` is called before each step; it may raise to stop the run (the
        sweeps' per-run time limit does).
        """
        for _ in range(steps if steps is not None else self.spec.scenario.steps):
            if before_step is not None:
                before_step()
            self.step()

    def event(
        self, actor: str, kind: str, target: str = "", magnitude: float = 0.0, item: str = ""
    ) -> None:
        """Record an event of the current step."""
        self.recorder.event(self.steps, self.date, actor, kind, target, magnitude, item)

    def shift_affinity(self, a: str, b: str, delta: float) -> None:
        """Change the directed affinity of ``a`` toward ``b``, kept within [-1, 1]."""
        self.affinity[(a, b)] = clamp(self.affinity[(a, b)] + delta, -1.0, 1.0)

    # -- quantities several phases use ---------------------------------------------------------
    def ceiling(self, item: AgendaItem) -> float:
        """The target ally's Level II win-set for a cost-sharing item (M2), fixed per run."""
        ceiling = self._ceilings.get(item.item_id)
        if ceiling is None:
            increase = self.actors[item.target].spec.win_set_increase
            ceiling = self._ceilings[item.item_id] = nominal_ceiling(item.status_quo, increase)
        return ceiling

    def _voluntary_contribution(self, ally: str) -> float:
        usa, spec = self.actors["USA"].spec, self.actors[ally].spec
        return voluntary_contribution(spec.gdp, usa.gdp, usa.milex, spec.free_riding_elasticity)

    def burden_share(self, ally: str) -> float:
        """The ally's share of the dyad's defence effort (M1)."""
        return burden_share(self.actors[ally].contribution, self.actors["USA"].spec.milex)

    @property
    def export_controls(self) -> bool:
        """Whether export controls are in force in any dispute."""
        return any(d.has("export_controls") for d in self.disputes)

    def measures_in_force(self, party: str, against: str) -> int:
        """Measures ``party`` has in force in its disputes with ``against``."""
        return sum(d.count(party) for d in self.disputes if set(d.parties) == {party, against})

    def summary(self) -> dict[str, Any]:
        """The run summaries of runs.parquet (docs/OUTPUTS.md)."""
        return readout.summary(self)
