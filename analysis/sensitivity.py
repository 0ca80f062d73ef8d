"""Sensitivity indices of a Sobol or Morris sweep, computed with SALib's analyzers.

The sweep records what SALib needs (docs/SWEEPS.md): its spec in the manifest (method,
base samples, ``second_order``, Morris ``levels``, the ``[low, high]`` range of each
uncertainty) and ``design.parquet``, every sample in the sampler's order with its point id
and parameter values. The model output of a sample is the mean of a run summary over the
completed replications of its point. Levers are crossed with the uncertainty samples, so
the design is one block of samples per lever combination, in order: the indices are
computed per block, i.e. per policy combination.

- Sobol (Saltelli's scheme): first-order ``S1`` (the share of the output's variance due to
  the parameter alone) and total ``ST`` (alone and in all its interactions), with
  bootstrap 95 % confidence intervals (``*_conf``: half-widths).
- Morris (elementary effects): ``mu_star`` (mean absolute effect of moving the parameter
  over its range, in the output's units per unit of normalised range; bootstrap 95 % CI)
  and ``sigma`` (their spread: non-linearity or interactions).

Runs are stochastic and every point has its own seeds, so part of the output's variance
is replication noise; :func:`noise_floor` estimates what that noise alone gives a
parameter, so that indices at or below it read as "no detectable effect".
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from analysis.load import RunDirectory

OUTPUTS: tuple[str, ...] = ("mean_trilateral_cohesion", "min_trilateral_cohesion")
CONFIDENCE = 0.95
RESAMPLES = 200
COLUMNS = ["levers", "output", "parameter", "method", "index", "value", "conf"]
NOISE = "(replication noise)"  # the pseudo-parameter of the noise floor


class NotAnalysable(Exception):
    """The sweep cannot give sensitivity indices (the message says why)."""


def problem_of(spec: dict[str, Any]) -> dict[str, Any]:
    """SALib's problem definition from the sweep's ``[uncertainties]`` ranges."""
    ranges = spec.get("uncertainties") or {}
    names = list(ranges)
    return {
        "num_vars": len(names),
        "names": names,
        "bounds": [[float(v) for v in ranges[n]] for n in names],
    }


def lever_blocks(design: pd.DataFrame, levers: list[str]) -> list[tuple[str, pd.DataFrame]]:
    """The design split into its lever combinations, in design order, each labelled."""
    if not levers:
        return [("", design)]
    keys = design[levers].astype(str).agg(", ".join, axis=1)
    return [(str(k), design[keys == k]) for k in dict.fromkeys(keys)]


def sample_outputs(block: pd.DataFrame, runs: pd.DataFrame, output: str) -> np.ndarray:
    """The output of each sample: its point's mean over completed replications."""
    means = runs.groupby("point_id")[output].mean()
    values = block["point_id"].map(means).to_numpy(dtype=float)
    if np.isnan(values).any():
        missing = int(np.isnan(values).sum())
        raise NotAnalysable(f"{missing} sample(s) have no completed run for {output}")
    return values


def sobol_rows(spec: dict[str, Any], y: np.ndarray, seed: int) -> list[dict[str, Any]]:
    """S1 and ST with confidence half-widths, one row per parameter and index."""
    from SALib.analyze import sobol

    problem = problem_of(spec)
    second = bool(spec["sweep"].get("second_order", True)) and problem["num_vars"] > 1
    per_sample = 2 * problem["num_vars"] + 2 if second else problem["num_vars"] + 2
    if len(y) % per_sample:
        raise NotAnalysable(f"{len(y)} samples is not a multiple of {per_sample} (Saltelli)")
    if np.ptp(y) == 0:  # no variance to apportion: no parameter matters
        return [
            {"parameter": name, "method": "sobol", "index": index, "value": 0.0, "conf": 0.0}
            for index in ("S1", "ST")
            for name in problem["names"]
        ]
    result = sobol.analyze(
        problem,
        y,
        calc_second_order=second,
        num_resamples=RESAMPLES,
        conf_level=CONFIDENCE,
        seed=seed,
    )
    return [
        {
            "parameter": name,
            "method": "sobol",
            "index": index,
            "value": float(result[index][i]),
            "conf": float(result[f"{index}_conf"][i]),
        }
        for index in ("S1", "ST")
        for i, name in enumerate(problem["names"])
    ]


def morris_rows(
    spec: dict[str, Any], x: np.ndarray, y: np.ndarray, seed: int
) -> list[dict[str, Any]]:
    """mu_star (with its confidence half-width), sigma and mu, one row per parameter."""
    from SALib.analyze import morris

    problem = problem_of(spec)
    if len(y) % (problem["num_vars"] + 1):
        raise NotAnalysable(f"{len(y)} samples is not a multiple of D + 1 (Morris)")
    result = morris.analyze(
        problem,
        x,
        y,
        num_resamples=RESAMPLES,
        conf_level=CONFIDENCE,
        num_levels=int(spec["sweep"].get("levels", 4)),
        seed=seed,
    )
    rows = []
    for i, name in enumerate(problem["names"]):
        conf = {"mu_star": float(result["mu_star_conf"][i]), "sigma": np.nan, "mu": np.nan}
        for index in ("mu_star", "sigma", "mu"):
            rows.append(
                {
                    "parameter": name,
                    "method": "morris",
                    "index": index,
                    "value": float(result[index][i]),
                    "conf": conf[index],
                }
            )
    return rows


def noise_floor(
    spec: dict[str, Any], block: pd.DataFrame, runs: pd.DataFrame, output: str, y: np.ndarray
) -> dict[str, Any]:
    """What replication noise alone would give a parameter that does nothing.

    Each point's output is a mean over R replications, so it carries noise of variance
    s^2 / R (s^2: the variance between replications of the point, averaged over points).
    Sobol: that variance's share of the output's variance; a parameter whose ST is not
    above it is indistinguishable from noise (with per-point seeds, noise looks like an
    interaction of every parameter). Morris: the expected mu* of a dummy parameter, the
    mean absolute difference of two noisy outputs over the step: 2 s / sqrt(pi R) / delta.
    """
    spread = runs[runs["point_id"].isin(block["point_id"])].groupby("point_id")[output]
    per_point = (spread.var(ddof=1) / spread.count()).dropna()
    value = np.nan
    if len(per_point) and np.var(y) > 0:
        noise = float(per_point.mean())
        if spec["sweep"]["method"] == "sobol":
            value = noise / float(np.var(y))
        else:
            levels = int(spec["sweep"].get("levels", 4))
            delta = levels / (2 * (levels - 1))
            value = 2 * np.sqrt(noise) / np.sqrt(np.pi) / delta
    index = "ST" if spec["sweep"]["method"] == "sobol" else "mu_star"
    return {"parameter": NOISE, "method": spec["sweep"]["method"], "index": index,
            "value": value, "conf": np.nan}  # fmt: skip


def sensitivity_table(rd: RunDirectory, outputs: tuple[str, ...] = OUTPUTS) -> pd.DataFrame:
    """Indices of every output, lever combination and uncertainty, and the noise floor."""
    spec = rd.spec
    method = (spec.get("sweep") or {}).get("method")
    if rd.kind != "sweep" or method not in ("sobol", "morris"):
        raise NotAnalysable("only Sobol and Morris sweeps have sensitivity indices")
    design, runs = rd.design(), rd.ok_runs
    names = problem_of(spec)["names"]
    seed = int(spec["sweep"].get("seed", 0)) % 2**32
    rows = []
    for label, block in lever_blocks(design, rd.levers):
        for output in outputs:
            y = sample_outputs(block, runs, output)
            if method == "sobol":
                found = sobol_rows(spec, y, seed)
            else:
                found = morris_rows(spec, block[names].to_numpy(dtype=float), y, seed)
            found.append(noise_floor(spec, block, runs, output, y))
            rows += [{"levers": label, "output": output, **row} for row in found]
    return pd.DataFrame(rows, columns=COLUMNS)
