"""The design of a sweep: which parameter values each sample takes, in the sampler's order.

``grid`` is the full factorial of the value lists. ``lhs`` (scipy.stats.qmc), ``sobol`` and
``morris`` (SALib, so that SALib's analysis can compute indices from the same design) draw
points in the unit hypercube from a generator seeded by the sweep seed, then scale them to
the ``[low, high]`` ranges. Levers are always crossed with the uncertainty samples: every
lever combination meets the same uncertainty samples.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from sim.errors import ConfigError
from sim.sweep.spec import (
    METHOD_OPTIONS,
    SAMPLED_METHODS,
    SweepFile,
    SweepSection,
    normalized_values,
)

#: Spawn key of the sampler's generator (run seeds use (point_key, replicate) instead).
SAMPLER_KEY = 0x5A3D
SIGNIFICANT_DIGITS = 10  # sampled floats are rounded so their ids survive a platform change


@dataclass(frozen=True, slots=True)
class Range:
    """A sampled input: ``[low, high]``; integer bounds sample whole numbers."""

    low: float
    high: float
    integer: bool

    def scale(self, unit: float) -> int | float:
        """The value at ``unit`` in [0, 1]."""
        if self.integer:
            count = int(self.high - self.low) + 1
            return int(min(self.high, self.low + math.floor(unit * count)))
        return float(f"{self.low + unit * (self.high - self.low):.{SIGNIFICANT_DIGITS}g}")


def is_scalar(value: Any) -> bool:
    """A value one ``--set`` can carry into a column: text, number or boolean."""
    return isinstance(value, str | int | float | bool)


def value_lists(table: Mapping[str, Any], name: str, source: str) -> dict[str, list[Any]]:
    """Check ``[levers]`` or grid ``[uncertainties]``: non-empty lists of distinct scalars."""
    checked: dict[str, list[Any]] = {}
    for key, values in table.items():
        where = f"{name}.{key}"
        if not values:
            raise ConfigError(source, where, "expected a non-empty array of values")
        if not all(is_scalar(v) for v in values):
            raise ConfigError(source, where, "expected an array of strings, numbers or booleans")
        if len(set(map(repr, values))) < len(values):
            raise ConfigError(source, where, "a value is listed twice")
        checked[key] = normalized_values(values)
    return checked


def ranges(table: Mapping[str, Any], source: str) -> dict[str, Range]:
    """Check sampled ``[uncertainties]``: each a ``[low, high]`` pair of numbers, low < high."""
    checked: dict[str, Range] = {}
    for key, bounds in table.items():
        where = f"uncertainties.{key}"
        numbers = [b for b in bounds if isinstance(b, int | float) and not isinstance(b, bool)]
        if len(bounds) != 2 or len(numbers) != 2:
            raise ConfigError(source, where, "expected [low, high] numbers for a sampled method")
        low, high = numbers
        if not low < high:
            raise ConfigError(source, where, f"expected low < high, got [{low}, {high}]")
        integer = isinstance(low, int) and isinstance(high, int)
        checked[key] = Range(float(low), float(high), integer)
    return checked


def check_method_options(spec: SweepFile, source: str) -> None:
    """Options that belong to another method, or a missing sample count, are errors."""
    section = spec.sweep
    given = section.model_fields_set
    sampled = section.method in SAMPLED_METHODS
    if sampled and section.samples is None:
        raise ConfigError(source, "sweep.samples", f"required for method {section.method}")
    if not sampled and section.samples is not None:
        raise ConfigError(source, "sweep.samples", "only for lhs, sobol and morris")
    for option, method in METHOD_OPTIONS.items():
        if option in given and section.method != method:
            raise ConfigError(source, f"sweep.{option}", f"only for method {method}")
    if sampled and not spec.uncertainties:
        raise ConfigError(source, "uncertainties", f"method {section.method} needs a range")
    if section.method == "sobol" and section.samples & (section.samples - 1):
        got = f"got {section.samples}"
        raise ConfigError(source, "sweep.samples", f"expected a power of 2 for sobol, {got}")


def unit_samples(section: SweepSection, names: Sequence[str]) -> np.ndarray:
    """Samples in the unit hypercube, one row per sample, from the sweep seed."""
    rng = np.random.default_rng(np.random.SeedSequence(section.seed, spawn_key=(SAMPLER_KEY,)))
    count = section.samples or 0
    if section.method == "lhs":
        from scipy.stats import qmc

        return qmc.LatinHypercube(d=len(names), rng=rng).random(count)
    problem = {"num_vars": len(names), "names": list(names), "bounds": [[0.0, 1.0]] * len(names)}
    if section.method == "sobol":
        from SALib.sample import sobol

        second = section.second_order and len(names) > 1
        return sobol.sample(problem, count, calc_second_order=second, seed=rng)
    from SALib.sample import morris

    return morris.sample(problem, count, num_levels=section.levels, seed=rng)


def uncertainty_samples(spec: SweepFile, source: str) -> list[dict[str, Any]]:
    """The uncertainty part of every sample, in the sampler's order."""
    if spec.sweep.method == "grid":
        lists = value_lists(spec.uncertainties, "uncertainties", source)
        return [
            dict(zip(lists, combo, strict=True)) for combo in itertools.product(*lists.values())
        ]
    bounds = ranges(spec.uncertainties, source)
    unit = unit_samples(spec.sweep, list(bounds))
    return [
        {key: bound.scale(float(u)) for (key, bound), u in zip(bounds.items(), row, strict=True)}
        for row in unit
    ]


def design(spec: SweepFile, source: str) -> list[dict[str, Any]]:
    """Every sample's parameter values: each lever combination crossed with the samples."""
    check_method_options(spec, source)
    lists = value_lists(spec.levers, "levers", source)
    lever_combos = [dict(zip(lists, c, strict=True)) for c in itertools.product(*lists.values())]
    samples = uncertainty_samples(spec, source)
    return [{**levers, **sample} for levers in lever_combos for sample in samples]
