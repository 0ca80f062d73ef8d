"""Controlled pairs of runs for mechanism tests: same seeds, one parameter changed.

A mechanism test is a :class:`Spec` (mechanism, the two arms, the outcome, the direction
theory states); :func:`assert_spec` asserts that the 95 % paired interval of the effect
over the 40 seeds excludes zero in that direction, and :func:`assert_fails_when_knocked_out`
that it no longer does with the mechanism knocked out (tests/test_knockouts.py).
"""

from __future__ import annotations

import functools
import tomllib
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
from scipy import stats

from sim.config import Scenario, validate_scenario
from sim.config.load import apply_overrides
from sim.core.model import AllianceModel
from sim.knockouts import knocked_out

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


# -- Controlled pairs as declarative specs, asserted by a 95 % confidence interval ----------
Edit = Callable[[dict], None] | None


@dataclass(frozen=True)
class Arm:
    """One arm of a controlled pair: ``--set`` overrides of the baseline and an edit."""

    overrides: tuple[str, ...] = ()
    edit: Edit = None


@dataclass(frozen=True)
class Spec:
    """A mechanism's claim: ``outcome(treated) - outcome(control)`` has sign ``direction``.

    Over the paired seeds SEEDS, the 95 % paired t interval of the difference must exclude
    zero on that side. Without a control the difference is ``outcome - reference``. Under
    the mechanism's knockout (sim/knockouts.py) the same assertion must FAIL; where it
    cannot today, ``inert`` says why (the knockout meta-test is then a strict xfail).
    """

    mechanism: str
    claim: str
    treated: Arm
    control: Arm | None
    outcome: str
    measure: Callable[[AllianceModel], float]
    direction: int
    reference: float = 0.0
    inert: str | None = None

    @property
    def id(self) -> str:
        return f"{self.mechanism}-{self.claim}"


def paired_interval(diff: np.ndarray) -> tuple[float, float, float]:
    """Mean of paired differences and its 95 % t interval (a point if they are all equal)."""
    mean = float(diff.mean())
    if len(diff) < 2:
        return mean, -np.inf, np.inf
    half = float(stats.t.ppf(0.975, len(diff) - 1) * diff.std(ddof=1) / np.sqrt(len(diff)))
    return mean, mean - half, mean + half


def shows(diff: np.ndarray, direction: int) -> bool:
    """The interval excludes zero on the side of ``direction``."""
    _, low, high = paired_interval(diff)
    return low > 0 if direction > 0 else high < 0


def describe(diff: np.ndarray, direction: int) -> str:
    mean, low, high = paired_interval(diff)
    side = ">" if direction > 0 else "<"
    return f"effect {mean:+.4g}, 95 % CI [{low:+.4g}, {high:+.4g}], expected {side} 0"


@functools.lru_cache(maxsize=4)
def _runs(arm: Arm, knockout: str | None) -> tuple[AllianceModel, ...]:
    sc = scenario(arm.overrides, arm.edit)
    if knockout is not None:
        sc = knocked_out(sc, knockout)
    return tuple(run(sc, seed) for seed in SEEDS)


@functools.cache
def arm_values(arm: Arm, outcome: str, measure: Callable, knockout: str | None) -> np.ndarray:
    """``measure`` of the arm's run for each seed (cached per arm, outcome and knockout)."""
    return np.array([measure(model) for model in _runs(arm, knockout)], dtype=float)


def differences(spec: Spec, knockout: str | None = None) -> np.ndarray:
    """Paired differences treated - control (or - reference), one per seed."""
    treated = arm_values(spec.treated, spec.outcome, spec.measure, knockout)
    if spec.control is None:
        return treated - spec.reference
    return treated - arm_values(spec.control, spec.outcome, spec.measure, knockout)


def assert_spec(spec: Spec) -> None:
    """The spec holds on the model as it is."""
    diff = differences(spec)
    assert shows(diff, spec.direction), f"{spec.id}: {describe(diff, spec.direction)}"


def assert_fails_when_knocked_out(spec: Spec) -> None:
    """With the spec's mechanism knocked out, its assertion no longer holds."""
    diff = differences(spec, spec.mechanism)
    assert not shows(diff, spec.direction), (
        f"{spec.id} still holds with {spec.mechanism} knocked out: {describe(diff, spec.direction)}"
    )
