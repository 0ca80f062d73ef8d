"""The alliance model: a Mesa model whose monthly step runs the six phases of MODEL.md.

1. scheduled shocks and agenda items opening; 2. a snapshot of the state; 3. every actor
decides on that snapshot (simultaneous moves); 4. resolution of provocations, agenda
items, disputes (with mediation) and coercion; 5. slow dynamics; 6. metrics and events
recorded. The model owns the state objects (:mod:`sim.core.world`) and hands each phase
the ones it changes. All randomness comes from the model's one numpy Generator
(``self.rng``), drawn in a fixed order: actors in the order USA, ROK, JPN, CHN, PRK, then
resolution in the order above (agenda items and disputes in file order).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import mesa

from agents.actor import StateActor
from agents.policies import Policy
from agents.policies.choice_policy import ChoicePolicy
from agents.policies.coercion import COERCION
from agents.policies.mediation import MEDIATION
from agents.policies.provocation import PROVOCATION
from agents.policies.retaliation import RETALIATION
from sim.config import ACTORS, ALLIES, Scenario
from sim.config.schema import ShockSection
from sim.core import dynamics, readout, resolution
from sim.core.agenda import Agenda
from sim.core.burden import BurdenLedger
from sim.core.coercion import CoercionEpisodes
from sim.core.context import Cohesion, StepContext
from sim.core.diplomacy import DiplomacyTrack
from sim.core.dispute import DisputeContext, Disputes, resolve_disputes
from sim.core.gsomia import Gsomia
from sim.core.mechanisms import decay_factor, gdp_share, voluntary_contribution
from sim.core.observe import Calendar, build_snapshot
from sim.core.recorder import Recorder
from sim.core.relations import Relations
from sim.core.world import World
from sim.months import month_of, step_of

Shock = tuple[ShockSection, Policy | None]


def exercise_scale(shocks: dict[int, list[Shock]]) -> dict[int, float]:
    """Per step with an exercise shock, the largest scale of its exercises (0: suspended)."""
    scale: dict[int, float] = {}
    for step, group in shocks.items():
        for shock, _ in group:
            if shock.kind == "exercise":
                scale[step] = max(scale.get(step, 0.0), shock.scale)
    return scale


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
        self.world = World(
            actors=self.actors,
            relations=Relations(spec.relations.affinity),
            agenda=Agenda(
                spec.agenda,
                self.start,
                {a: getattr(spec.actors, a).win_set_increase for a in ALLIES},
            ),
            disputes=Disputes(spec.disputes),
            gsomia=Gsomia(spec.institutions.gsomia, spec.institutions.gsomia_notice_months),
            ledger=self._burden_ledger(),
            episodes=CoercionEpisodes(ALLIES),
        )
        self.shocks = self._schedule_shocks(scenario)
        scale = exercise_scale(self.shocks)
        self.calendar = Calendar(
            exercise_steps=frozenset(s for s, x in scale.items() if x > 0.0),
            decision_steps=frozenset(self.world.agenda.deadline_steps()),
            exercise_scale=scale,
        )
        self.track = DiplomacyTrack(spec.diplomacy, self.start)
        self._dates = [month_of(s, self.start) for s in range(spec.scenario.steps + 1)]
        self.decay = decay_factor(self.mech.threat_half_life)
        self.recorder = Recorder()
        self.record_decisions = spec.run.record_decisions
        self.context = StepContext(0, self.mech, self.rng, self.recorder, self.world.relations)
        self.dispute_context = DisputeContext(
            base=self.context,
            gsomia=self.world.gsomia,
            notice_months=spec.institutions.gsomia_notice_months,
            linkage=lambda party: self.actors[party].links_trade_to_security,
            strategic=lambda party: isinstance(
                self.actors[party].policies[RETALIATION.name], ChoicePolicy
            ),
        )
        self.dispute_parties = tuple(
            dict.fromkeys(p for d in self.world.disputes for p in d.parties)
        )
        self.new_deployments: tuple[str, ...] = ()
        self.peak_threat = max(self.actors[a].threat_from_prk for a in ALLIES)
        self.cohesion = self._measure()

    def _burden_ledger(self) -> BurdenLedger:
        """Each ally's effort starts at its 2019 spending and drifts to its M1 level."""
        usa = self.spec.actors.USA
        allies = {a: getattr(self.spec.actors, a) for a in ALLIES}
        return BurdenLedger(
            initial_effort={a: s.milex for a, s in allies.items()},
            free_riding_level={
                a: voluntary_contribution(s.gdp, usa.gdp, usa.milex, s.free_riding_elasticity)
                for a, s in allies.items()
            },
            gdp_share={a: gdp_share(s.gdp, usa.gdp) for a, s in allies.items()},
            us_milex=usa.milex,
        )

    def _schedule_shocks(self, scenario: Scenario) -> dict[int, list[Shock]]:
        shocks: dict[int, list[Shock]] = {}
        for index, shock in enumerate(scenario.spec.timeline):
            entry = (shock, scenario.shock_policies.get(index))
            shocks.setdefault(step_of(shock.month, self.start), []).append(entry)
        return shocks

    def _measure(self) -> Cohesion:
        return readout.measure(self.world, self.spec.metrics, self.mech.measure_saturation)

    # -- the step ---------------------------------------------------------------------------
    def step(self) -> None:
        """One month: the six phases in order."""
        step = self.steps
        date = self._dates[step] if step < len(self._dates) else month_of(step, self.start)
        world, actors, log, ctx = self.world, self.actors, self.recorder, self.context
        log.begin(step, date)
        ctx.step = step
        resolution.open_items(ctx, world.agenda, actors)
        resolution.apply_shocks(ctx, self.shocks.get(step, ()), actors, world.disputes, self.track)
        snapshot = build_snapshot(
            world,
            step,
            mech=self.mech,
            cohesion=self.cohesion,
            calendar=self.calendar,
            new_deployments=self.new_deployments,
            record=self.record_decisions,
            track=self.track,
        )
        moves = {code: actors[code].decide(snapshot, self.rng) for code in ACTORS}
        if self.record_decisions:
            for code in ACTORS:
                log.decisions(moves[code].reasons)
        provocation = moves["PRK"].one(PROVOCATION)
        provocations = resolution.resolve_provocation(ctx, provocation, actors, self.cohesion)
        self.track.after_month(step, provocations, provocation.engage if provocation else None, log)
        resolution.resolve_engagement(self.track, moves, log)
        if provocations:
            self.peak_threat = max(self.peak_threat, *(actors[a].threat_from_prk for a in ALLIES))
        self.new_deployments = tuple(
            resolution.resolve_items(ctx, world.agenda, moves, actors, world.ledger)
        )
        mediation = moves["USA"].one(MEDIATION)
        retaliations = resolve_disputes(
            self.dispute_context,
            world.disputes,
            {party: moves[party].of(RETALIATION) for party in self.dispute_parties},
            mediation,
        )
        resolution.resolve_coercion(
            ctx, moves["CHN"].one(COERCION), actors["CHN"], world.episodes, self.cohesion
        )
        dynamics.advance(
            ctx, actors, world.agenda, world.ledger, world.episodes, self.decay, world.disputes
        )
        self.cohesion = self._measure()
        log.step(
            readout.step_metrics(
                world,
                self.cohesion,
                provocations=provocations,
                retaliations=retaliations,
                mediating=bool(mediation and mediation.mediate),
                pressure=mediation.strength if mediation is not None else 0.0,
            )
        )

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

    def summary(self) -> dict[str, Any]:
        """The run summaries of runs.parquet (docs/OUTPUTS.md)."""
        return readout.summary(self.world, self.recorder, self.spec.metrics, self.peak_threat)
