"""Scenario discovery: which regions of the parameter space lead to low cohesion (PRIM).

The Patient Rule Induction Method (Friedman & Fisher 1999; Bryant & Lempert 2010) peels
the parameter space, one small slice of one parameter at a time, towards a box whose runs
are mostly "cases of interest", here runs whose cohesion is low. A box is read by its
**coverage** (the share of all low-cohesion runs that lie in it) and its **density** (the
share of the runs in it that have low cohesion); peeling trades coverage for density.

Implementation: ``ema_workbench.analysis.prim``, the EMA Workbench's PRIM (Kwakkel 2017),
the reference implementation of scenario discovery in Python. It is actively released
(3.0.0 in 2026, for Python >= 3.12, working with pandas 3 and numpy 2), handles numeric and
categorical inputs (levers are policy names) and reports the peeling trajectory. The
lighter ``prim`` package (Project-Platypus) is a port of an older EMA version whose last
release is from 2024; the price of the Workbench is its dependencies (scikit-learn,
statsmodels), acceptable for an analysis package.

Each run is one case (replications of a point share its parameter values). A run is of
interest when ``mean_trilateral_cohesion`` is below a threshold: by default the 25th
percentile over completed runs ("the lowest quarter of runs"), or an absolute value. On
the peeling trajectory the box chosen is the densest one that still covers at least half
of the cases of interest; a second box is then sought among the runs outside the first.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass

import numpy as np
import pandas as pd

OUTPUT = "mean_trilateral_cohesion"
LOW_QUANTILE = 0.25
MIN_COVERAGE = 0.5
MAX_BOXES = 2


class NotDiscoverable(Exception):
    """PRIM cannot run on these runs (the message says why)."""


@dataclass(frozen=True)
class Discovery:
    """PRIM's result: the threshold, the boxes, their limits and peeling trajectories."""

    output: str
    threshold: float
    cases: int
    runs: int
    boxes: pd.DataFrame  # box, coverage, density, mass, runs, restricted
    limits: pd.DataFrame  # box, parameter, low, high, values (categorical), quasi_p
    trajectories: pd.DataFrame  # box, step, coverage, density, mass, res_dim, chosen


def inputs(runs: pd.DataFrame, parameters: list[str]) -> pd.DataFrame:
    """PRIM's x: numbers as they are, anything else (names, booleans) as categories."""
    x = pd.DataFrame(index=range(len(runs)))
    for name in parameters:
        column = runs[name].reset_index(drop=True)
        if column.nunique() < 2:
            continue  # a constant cannot bound a box
        numeric = pd.api.types.is_numeric_dtype(column) and not pd.api.types.is_bool_dtype(column)
        x[name] = column.astype(float) if numeric else column.astype(str).astype("category")
    if x.shape[1] == 0:
        raise NotDiscoverable("no swept parameter varies")
    return x


def chosen_step(trajectory: pd.DataFrame) -> int:
    """The densest step that still covers MIN_COVERAGE of the cases (else the first)."""
    eligible = trajectory[trajectory["coverage"] >= MIN_COVERAGE]
    if eligible.empty:
        return 0
    return int(eligible["density"].idxmax())


def quasi_p(p_values: dict[str, list[float]], name: str) -> float:
    """The quasi-p value of a restriction: the smaller of its restricted sides' (-1: none)."""
    sides = [float(v) for v in p_values.get(name, []) if v is not None and v >= 0]
    return min(sides) if sides else np.nan


def box_limits(
    box_lims: pd.DataFrame, initial: pd.DataFrame, p_values: dict[str, list[float]], box: int
) -> list[dict]:
    """The restricted parameters of a box: numeric [low, high] or the categories kept.

    ``quasi_p`` (Bryant & Lempert 2010, a one-sided binomial test) asks whether the box's
    density could come about without the restriction; above 0.05 it is weak.
    """
    rows = []
    for name in box_lims.columns:
        low, high = box_lims[name].iloc[0], box_lims[name].iloc[1]
        row = {"box": box, "parameter": name, "low": np.nan, "high": np.nan, "values": "",
               "quasi_p": quasi_p(p_values, name)}  # fmt: skip
        if isinstance(low, set):
            if low != initial[name].iloc[0]:
                rows.append({**row, "values": ", ".join(sorted(map(str, low)))})
        elif low != initial[name].iloc[0] or high != initial[name].iloc[1]:
            rows.append({**row, "low": float(low), "high": float(high)})
    return rows


def threshold_of(values: pd.Series, low_cohesion: float | None) -> float:
    """The cohesion below which a run is a case of interest."""
    return float(values.quantile(LOW_QUANTILE)) if low_cohesion is None else float(low_cohesion)


def next_box(finder: object, number: int) -> tuple[dict, list[dict], pd.DataFrame] | None:
    """Find PRIM's next box, select its chosen step; its stats, limits and trajectory."""
    box = finder.find_box()  # type: ignore[attr-defined]
    if box is None:
        return None
    trajectory = box.peeling_trajectory.reset_index(drop=True)
    step = chosen_step(trajectory)
    box.select(step)
    chosen = trajectory.iloc[step]
    restricted = box_limits(box.box_lims[step], box.box_lims[0], box.p_values[step], number)
    stats = {
        "box": number,
        "coverage": float(chosen["coverage"]),
        "density": float(chosen["density"]),
        "mass": float(chosen["mass"]),
        "runs": int(chosen["n"]),
        "restricted": len(restricted),
    }
    trajectory = trajectory.assign(
        box=number, step=trajectory.index, chosen=trajectory.index == step
    )
    return stats, restricted, trajectory


def discover(
    runs: pd.DataFrame, parameters: list[str], low_cohesion: float | None = None
) -> Discovery:
    """Run PRIM for up to MAX_BOXES boxes of low ``mean_trilateral_cohesion``."""
    ok = runs.dropna(subset=[OUTPUT]).reset_index(drop=True)
    x = inputs(ok, parameters)
    threshold = threshold_of(ok[OUTPUT], low_cohesion)
    y = (ok[OUTPUT] < threshold).to_numpy()
    if not 0 < y.sum() < len(y):
        raise NotDiscoverable(f"{int(y.sum())} of {len(y)} runs below {threshold:.3g}")
    boxes, limits, steps = [], [], []
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from ema_workbench.analysis import prim

        finder = prim.Prim(x, y)
        for number in range(1, MAX_BOXES + 1):
            found = next_box(finder, number)
            if found is None or not found[1] or found[0]["coverage"] == 0:
                break  # nothing left to find, or a box that bounds nothing
            boxes.append(found[0])
            limits += found[1]
            steps.append(found[2])
    if not boxes:
        raise NotDiscoverable("PRIM found no box that restricts a parameter")
    return Discovery(
        OUTPUT,
        threshold,
        int(y.sum()),
        len(y),
        pd.DataFrame(boxes),
        pd.DataFrame(limits, columns=["box", "parameter", "low", "high", "values", "quasi_p"]),
        pd.concat(steps, ignore_index=True)[
            ["box", "step", "coverage", "density", "mass", "res_dim", "chosen"]
        ],
    )
