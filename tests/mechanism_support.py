"""Controlled pairs of runs for mechanism tests: same seeds, one parameter changed."""

from __future__ import annotations

import tomllib
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import numpy as np

from sim.config import Scenario, validate_scenario
from sim.config.load import apply_overrides
from sim.core.model import AllianceModel

BASELINE = Path(__file__).resolve().parent.parent / "configs" / "baseline_2019.toml"
SEEDS = range(40)  # at least 30 seeds per arm (issue 2)


def baseline_table() -> dict[str, Any]:
    """The baseline scenario as a plain table, to edit in a test."""
    with open(BASELINE, "rb") as handle:
        return tomllib.load(handle)


def scenario(overrides: Sequence[str] = (), edit: Callable[[dict], None] | None = None) -> Scenario:
    """The baseline with ``--set``-style overrides and an optional in-place edit."""
    table = apply_overrides(baseline_table(), overrides, "test")
    if edit is not None:
        edit(table)
    return validate_scenario(table, "test")


def run(sc: Scenario, seed: int) -> AllianceModel:
    """One finished run."""
    model = AllianceModel(sc, seed)
    model.run()
    return model


def column(model: AllianceModel, name: str) -> np.ndarray:
    """A metric's values over the run's steps."""
    return np.array(model.recorder.column(name), dtype=float)


def per_seed(sc: Scenario, measure: Callable[[AllianceModel], float]) -> np.ndarray:
    """``measure`` of a run, for each seed in SEEDS."""
    return np.array([measure(run(sc, seed)) for seed in SEEDS], dtype=float)


def mean_of(name: str) -> Callable[[AllianceModel], float]:
    """Measure: the run mean of a metric column."""
    return lambda model: float(column(model, name).mean())


def event_count(kind: str, item: str = "") -> Callable[[AllianceModel], float]:
    """Measure: how many events of a kind (for an item) a run recorded."""
    return lambda model: float(
        sum(1 for e in model.recorder.events if e.kind == kind and (not item or e.item == item))
    )


def without_agenda(table: dict) -> None:
    """Edit: no US asks at all (no pressure)."""
    table["agenda"] = {}
