"""Per-step metrics and events of one run, kept in memory until the run ends.

:class:`StepMetrics` names every metric column of steps.parquet: its fields are the
columns, in order, and their annotations give the column types, so ``STEP_COLUMNS``, the
Arrow schema (:mod:`sim.storage`) and the recorder all derive from this one class.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from operator import itemgetter
from typing import Any, NamedTuple, TypedDict, get_type_hints

from sim.core.choice import DECISION_COLUMNS, Choice


class StepMetrics(TypedDict):
    """The metrics of one step (docs/OUTPUTS.md documents each column)."""

    cohesion_usa_rok: float
    cohesion_usa_jpn: float
    cohesion_rok_jpn: float
    trilateral_cohesion: float
    threat_usa: float
    threat_rok: float
    threat_jpn: float
    abandonment_fear_rok: float
    abandonment_fear_jpn: float
    entrapment_fear_rok: float
    entrapment_fear_jpn: float
    burden_share_rok: float
    burden_share_jpn: float
    domestic_support_rok: float
    domestic_support_jpn: float
    affinity_rok_usa: float
    affinity_jpn_usa: float
    affinity_rok_jpn: float
    affinity_jpn_rok: float
    affinity_rok_chn: float
    affinity_jpn_chn: float
    coercion_credibility_chn: float
    coercion_loss_rok: float
    coercion_loss_jpn: float
    trade_dependence_chn_rok: float
    trade_dependence_chn_jpn: float
    provocations: int
    retaliations: int
    measures_jpn: int
    measures_rok: int
    gsomia_active: bool
    gsomia_notice_pending: bool
    export_controls_active: bool
    mediation_active: bool
    mediation_strength: float
    items_open: int
    items_agreed: int
    items_refused: int
    items_lapsed: int


#: Metric columns of steps.parquet, in order, and the Python type of each.
STEP_FIELD_TYPES: dict[str, type] = get_type_hints(StepMetrics)
STEP_COLUMNS: tuple[str, ...] = tuple(STEP_FIELD_TYPES)


class Event(NamedTuple):
    """One event of a run (vocabulary in docs/OUTPUTS.md)."""

    step: int
    date: str
    actor: str
    kind: str
    target: str
    magnitude: float
    item: str


class Row(NamedTuple):
    """One recorded step: its number, its month and its metrics."""

    step: int
    date: str
    metrics: StepMetrics


EVENT_COLUMNS: tuple[str, ...] = Event._fields
_step_values = itemgetter(*STEP_COLUMNS)  # a row's metrics in STEP_COLUMNS order
_new_tuple = tuple.__new__  # builds an Event or a Row without the Python-level __new__ frame


@dataclass(slots=True)
class Recorder:
    """Collects one :class:`StepMetrics` per step and the events of the current step.

    The model calls :meth:`begin` at the start of each step; :meth:`event` then stamps
    events with that step and its date.
    """

    rows: list[Row] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    #: The choices made, with their step, kept only when decisions are recorded.
    choices: list[tuple[int, Choice]] = field(default_factory=list)
    current_step: int = 0
    current_date: str = ""

    def begin(self, step: int, date: str) -> None:
        """Stamp the events that follow with ``step`` and ``date``."""
        self.current_step, self.current_date = step, date

    def event(
        self, actor: str, kind: str, target: str = "", magnitude: float = 0.0, item: str = ""
    ) -> None:
        """Record one event of the current step."""
        fields = (self.current_step, self.current_date, actor, kind, target, float(magnitude), item)
        self.events.append(_new_tuple(Event, fields))

    def decisions(self, choices: Iterable[Choice]) -> None:
        """Keep the choices made in the current step (``[run] record_decisions``)."""
        step = self.current_step
        self.choices.extend((step, choice) for choice in choices)

    def decision_columns(self, run_id: str) -> dict[str, list[Any]]:
        """The recorded choices as columns of decisions.parquet (DECISION_COLUMNS)."""
        rows = [r for step, choice in self.choices for r in choice.rows(run_id, step)]
        return {name: [r[i] for r in rows] for i, name in enumerate(DECISION_COLUMNS)}

    def step(self, metrics: StepMetrics) -> None:
        """Record the metrics of the current step."""
        self.rows.append(_new_tuple(Row, (self.current_step, self.current_date, metrics)))

    def column(self, name: str) -> list[Any]:
        """One metric over the recorded steps."""
        return [row.metrics[name] for row in self.rows]

    def step_columns(self) -> dict[str, list[Any]]:
        """The step rows as columns: step, date, then STEP_COLUMNS."""
        columns: dict[str, list[Any]] = {
            "step": [row.step for row in self.rows],
            "date": [row.date for row in self.rows],
        }
        # One pass in C: each row's metrics as a tuple in column order, then transposed
        # (a list comprehension per column cost as much as the rest of the run's end).
        per_row = map(_step_values, [row.metrics for row in self.rows])
        by_column = zip(*per_row, strict=True) if self.rows else ([] for _ in STEP_COLUMNS)
        columns.update(zip(STEP_COLUMNS, map(list, by_column), strict=True))
        return columns

    def event_columns(self) -> dict[str, list[Any]]:
        """The events as columns (EVENT_COLUMNS)."""
        return {name: [e[i] for e in self.events] for i, name in enumerate(EVENT_COLUMNS)}

    @property
    def latest(self) -> StepMetrics | None:
        """The metrics of the latest recorded step (None before the first)."""
        return self.rows[-1].metrics if self.rows else None

    def first_step(self, kind: str) -> int | None:
        """The step of the first event of ``kind``, or None."""
        return next((e.step for e in self.events if e.kind == kind), None)
