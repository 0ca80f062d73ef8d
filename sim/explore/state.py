"""What the explorer shows, read from the model core: the ONE place that knows its attributes.

Every panel of the page reads the simulation through these functions, never through the
attributes of :class:`sim.core.model.AllianceModel` directly, so a change of the core's
internals is absorbed here.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from sim.config import ACTORS
from sim.core import readout
from sim.core.metrics import DYADS
from sim.core.recorder import STEP_COLUMNS, Event
from sim.months import month_of

if TYPE_CHECKING:
    from sim.core.model import AllianceModel

__all__ = ["DYADS", "ActorState", "Event"]


@dataclass(frozen=True, slots=True)
class ActorState:
    """One state's current threat perception and fears (0 to 1)."""

    code: str
    threat: float
    abandonment_fear: float
    entrapment_fear: float
    coercion_credibility: float


def steps_done(core: AllianceModel) -> int:
    """Months simulated so far."""
    return int(core.steps)


def total_steps(core: AllianceModel) -> int:
    """Months the scenario runs for."""
    return int(core.spec.scenario.steps)


def start_month(core: AllianceModel) -> str:
    """The scenario's first month, ``YYYY-MM``."""
    return str(core.spec.scenario.start)


def crisis_threshold(core: AllianceModel) -> float:
    """Trilateral cohesion below which a month counts as a crisis month."""
    return float(core.spec.metrics.crisis_threshold)


def actors(core: AllianceModel) -> dict[str, ActorState]:
    """Every actor's threat from the DPRK, fears and coercion credibility."""
    states = {}
    for code in ACTORS:
        actor = core.actors[code]
        states[code] = ActorState(
            code,
            float(actor.threat_from_prk),
            float(actor.abandonment_fear),
            float(actor.entrapment_fear),
            float(actor.coercion_credibility),
        )
    return states


def affinity(core: AllianceModel) -> dict[tuple[str, str], float]:
    """Directed affinity of A toward B, -1 to 1, for every ordered pair."""
    return {pair: float(value) for pair, value in core.world.relations.affinity.items()}


def cohesion(core: AllianceModel) -> dict[tuple[str, str], float]:
    """Current cohesion of each alliance dyad (0 to 1)."""
    return {dyad: float(core.cohesion.of(dyad)) for dyad in DYADS}


def metrics(core: AllianceModel) -> dict[str, Any]:
    """The step metrics of the current state, named as in steps.parquet (docs/OUTPUTS.md).

    After a step, the row it recorded; before the first, the initial state with no
    launches, measures or mediation yet.
    """
    latest = core.recorder.latest
    if latest is not None:
        return dict(latest)
    initial = readout.step_metrics(
        core.world, core.cohesion, provocations=0, retaliations=0, mediating=False
    )
    return dict(initial)


def metric_names() -> tuple[str, ...]:
    """Names of the step metrics :func:`metrics` returns."""
    return STEP_COLUMNS


def events(core: AllianceModel) -> list[Event]:
    """Every event of the run so far, oldest first."""
    return list(core.recorder.events)


def month_label(core: AllianceModel, steps: int) -> str:
    """The month in which ``steps`` months have been simulated (``start`` before any)."""
    return month_of(steps, start_month(core)) if steps > 0 else "start"
