"""Replications of the current settings: the runs of ``python -m sim run``, summarised as bands."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from sim.config import Scenario
from sim.runner import run_once

QUANTILES = {"q05": 0.05, "q25": 0.25, "median": 0.5, "q75": 0.75, "q95": 0.95}


@dataclass(frozen=True)
class Bands:
    """Per-step quantiles of trilateral cohesion over N runs, and headline shares."""

    runs: int
    failed: int
    quantiles: dict[str, np.ndarray]
    mean_cohesion: float
    crisis_share: float  # share of run-months below the crisis threshold
    gsomia_terminated: float  # share of runs
    sma_agreed: float  # share of runs in which the ROK cost-sharing deal was ratified


def run_bands(scenario: Scenario, runs: int) -> Bands:
    """Run replicates 0..runs-1 of ``scenario`` (seeds as in ``sim run``) and summarise them."""
    results = [run_once(scenario, replicate) for replicate in range(runs)]
    ok = [r for r in results if r.status == "ok"]
    if not ok:
        raise RuntimeError(f"all {runs} runs failed: {results[0].error.splitlines()[0]}")
    cohesion = np.array([r.steps["trilateral_cohesion"] for r in ok])
    threshold = scenario.spec.metrics.crisis_threshold
    return Bands(
        runs=len(ok),
        failed=len(results) - len(ok),
        quantiles={name: np.quantile(cohesion, q, axis=0) for name, q in QUANTILES.items()},
        mean_cohesion=float(cohesion.mean()),
        crisis_share=float((cohesion < threshold).mean()),
        gsomia_terminated=float(np.mean([r.summary["gsomia_terminated"] for r in ok])),
        sma_agreed=float(np.mean([r.summary["sma_agreed_step"] is not None for r in ok])),
    )
