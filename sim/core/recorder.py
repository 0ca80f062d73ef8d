"""Per-step metrics and events of one run, kept as plain columns until the run ends."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

#: Metric columns of steps.parquet, in order (docs/OUTPUTS.md documents each).
STEP_COLUMNS: tuple[str, ...] = (
    "cohesion_usa_rok",
    "cohesion_usa_jpn",
    "cohesion_rok_jpn",
    "trilateral_cohesion",
    "threat_usa",
    "threat_rok",
    "threat_jpn",
    "abandonment_fear_rok",
    "abandonment_fear_jpn",
    "entrapment_fear_rok",
    "entrapment_fear_jpn",
    "burden_share_rok",
    "burden_share_jpn",
    "domestic_support_rok",
    "domestic_support_jpn",
    "affinity_rok_usa",
    "affinity_jpn_usa",
    "affinity_rok_jpn",
    "affinity_jpn_rok",
    "affinity_rok_chn",
    "affinity_jpn_chn",
    "coercion_credibility_chn",
    "coercion_loss_rok",
    "coercion_loss_jpn",
    "provocations",
    "retaliations",
    "measures_jpn",
    "measures_rok",
    "gsomia_active",
    "gsomia_notice_pending",
    "export_controls_active",
    "mediation_active",
    "items_open",
    "items_agreed",
    "items_refused",
    "items_lapsed",
)
EVENT_COLUMNS: tuple[str, ...] = ("step", "date", "actor", "kind", "target", "magnitude", "item")


@dataclass(slots=True)
class Recorder:
    """Collects one row per step and one row per event."""

    rows: list[tuple[Any, ...]] = field(default_factory=list)
    events: list[tuple[Any, ...]] = field(default_factory=list)

    def step(self, step: int, date: str, values: tuple[Any, ...]) -> None:
        """Record the metrics of ``step`` (in STEP_COLUMNS order)."""
        self.rows.append((step, date, *values))

    def event(
        self,
        step: int,
        date: str,
        actor: str,
        kind: str,
        target: str = "",
        magnitude: float = 0.0,
        item: str = "",
    ) -> None:
        """Record one event (vocabulary in docs/OUTPUTS.md)."""
        self.events.append((step, date, actor, kind, target, float(magnitude), item))

    def step_columns(self) -> dict[str, list[Any]]:
        """The step rows as columns: step, date, then STEP_COLUMNS."""
        names = ("step", "date", *STEP_COLUMNS)
        return {name: [row[i] for row in self.rows] for i, name in enumerate(names)}

    def column(self, name: str) -> list[Any]:
        """One metric over the recorded steps."""
        index = STEP_COLUMNS.index(name) + 2
        return [row[index] for row in self.rows]

    def event_columns(self) -> dict[str, list[Any]]:
        """The events as columns (EVENT_COLUMNS)."""
        return {name: [row[i] for row in self.events] for i, name in enumerate(EVENT_COLUMNS)}
