"""ABC-SMC (pyabc) of assumed parameters against the record up to a cutoff month.

Sequential Monte Carlo ABC (Toni et al. 2009; Klinger et al. 2018, pyabc) keeps the model in
the loop: each generation perturbs the accepted particles and tightens the tolerance. The
priors are the uniform ranges of a Latin-hypercube sweep spec (by default
``configs/sweeps/calibration_abc.toml``), the base is the 2019-12 information set
(``configs/replay_2019_only.toml``). Summary statistics (:func:`summary_stats`) are chosen to
reach more parameters than the rejection ABC's three-number distance: the share of runs
with each decided or constrained event by the cutoff and of either side lifting a measure
(none did in 2019: these reach the dispute's audience and material weights), the mean month
of each key event (censored at the cutoff), and launch days month by month (so that the
August exercise month separates ``exercise_multiplier`` from ``base_rate``). The distance is pyabc's
adaptive weighted Euclidean norm (each statistic scaled by its spread, Prangle 2017).
Scripted events are left out: they carry no information about parameters.
"""

from __future__ import annotations

import logging
import math
import tomllib
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pyabc

from analysis.history import Record
from analysis.replay import RunTimeline, month_number, timelines
from analysis.scoring import OUTCOMES
from sim.config import validate_scenario
from sim.config.load import apply_overrides
from sim.runner import derive_seed, run_once
from sim.storage import events_table, steps_table

#: Left out of the statistics: scripted in the 2019-12 base (docs/VALIDATION.md, ledger).
SCRIPTED = ("export_controls", "sma_first_round", "sma_lapse", "coercion_warning",
            "coalition_independent_jpn")  # fmt: skip
MONTH_KEYS = ("boycott", "gsomia_notice", "gsomia_suspend", "counter_delisting",
              "wto_complaint", "coalition_independent_rok", "whitelist_removal")  # fmt: skip
#: Decided steps not among the scored outcomes, that the record shows did not happen by
#: 2019-12: either side lifting a measure (Japan held its controls until 2023-03).
EXTRA_SHARES = ("reconcile_jpn", "reconcile_rok")
INTEGER_SUFFIXES = (".window",)  # parameters the schema wants as integers
#: Summary statistics of runs from ``start`` to ``cutoff`` (:func:`summary_stats` by default;
#: analysis/abc_dprk.py passes launch days only).
Stats = Callable[[list[RunTimeline], str, str], dict[str, float]]


@dataclass(frozen=True)
class SmcOptions:
    """Size and seed of an ABC-SMC run."""

    population: int = 200
    generations: int = 6
    replications: int = 3
    seed: int = 20191122
    quiet: bool = False


def read_priors(spec_path: Path) -> dict[str, tuple[float, float]]:
    """Uniform prior ranges: the ``[uncertainties]`` of a sweep spec."""
    with open(spec_path, "rb") as handle:
        spec = tomllib.load(handle)
    return {k: (float(lo), float(hi)) for k, (lo, hi) in spec["uncertainties"].items()}


def summary_stats(runs: list[RunTimeline], start: str, cutoff: str) -> dict[str, float]:
    """Shares of events, mean months of key events and launch days a month, to ``cutoff``."""
    first, end = month_number(start), month_number(cutoff)
    stats = {}
    for key in OUTCOMES:
        if key not in SCRIPTED:
            stats[f"share {key}"] = float(np.mean([_by(r, key, end) for r in runs]))
    for key in EXTRA_SHARES:
        stats[f"share {key}"] = float(np.mean([_by(r, key, end) for r in runs]))
    for key in MONTH_KEYS:
        months = [r.first[key] if _by(r, key, end) else end + 1 for r in runs]
        stats[f"month {key}"] = float(np.mean(months)) - first
    for month in range(first, end + 1):
        stats[f"launches {month - first}"] = float(
            np.mean([r.launches_by_month.get(month, 0) for r in runs])
        )
    return stats


def _by(run: RunTimeline, key: str, end: int) -> bool:
    return run.has(key) and run.first[key] <= end


def observed_stats(record: Record, start: str, cutoff: str) -> dict[str, float]:
    """The record's summary statistics, as one run that followed history."""
    months = {k: month_number(m) for k, m in record.months.items()}
    launches = {month_number(m): n for m, n in record.launch_days.items()}
    run = RunTimeline(months, {k: [m] for k, m in months.items()}, {}, launches)
    return summary_stats([run], start, cutoff)


def parameter_value(key: str, value: float) -> float | int:
    """A sampled value as the scenario wants it (integers rounded)."""
    return int(round(value)) if key.endswith(INTEGER_SUFFIXES) else float(value)


def simulate(
    base: Mapping[str, Any], parameters: Mapping[str, float], seed: int, replications: int,
    steps: int | None = None,
) -> list[RunTimeline]:  # fmt: skip
    """Runs of ``base`` with ``parameters`` set, seeds derived from ``seed``."""
    overrides = [f"{k}={parameter_value(k, v)}" for k, v in parameters.items()]
    table = apply_overrides(dict(base), overrides, "abc-smc")
    if steps is not None:
        table["scenario"] = {**table["scenario"], "steps": steps}
    scenario = validate_scenario(table, "abc-smc")
    results = [run_once(scenario, r, seed=derive_seed(seed, r)) for r in range(replications)]
    results = [r for r in results if r.status == "ok"]
    return list(timelines(events_table(results).to_pandas(),
                          steps_table(results).to_pandas()).values())  # fmt: skip


def make_model(
    base: Mapping[str, Any], cutoff: str, replications: int, stats: Stats | None = None
) -> Callable[[Mapping[str, float]], dict[str, float]]:
    """The model pyabc samples: parameters in, summary statistics out (runs end at ``cutoff``).

    Each call draws its seed from numpy's global generator, which :func:`run_smc` seeds, so
    that a run of the sampler comes back exactly.
    """
    start = base["scenario"]["start"]
    steps = month_number(cutoff) - month_number(start) + 1
    statistics = stats or summary_stats

    def model(parameters: Mapping[str, float]) -> dict[str, float]:
        seed = int(np.random.randint(0, 2**31 - 1))
        runs = simulate(base, dict(parameters), seed, replications, steps)
        return statistics(runs, start, cutoff)

    return model


@dataclass(frozen=True)
class SmcResult:
    """The last generation's weighted particles and what the run cost."""

    particles: pd.DataFrame
    weights: np.ndarray
    priors: dict[str, tuple[float, float]]
    simulations: int
    epsilons: list[float]

    @property
    def ess(self) -> float:
        """Effective sample size of the last generation's weights (Kish)."""
        w = self.weights / self.weights.sum()
        return float(1.0 / np.sum(w**2))

    def posterior(self) -> pd.DataFrame:
        """Weighted 5 %, 50 % and 95 % quantiles and the 90 % width relative to the prior."""
        rows = []
        for name, (low, high) in self.priors.items():
            values = self.particles[name].to_numpy(dtype=float)
            q = [
                pyabc.weighted_statistics.weighted_quantile(values, self.weights, alpha=a)
                for a in (0.05, 0.5, 0.95)
            ]
            rows.append({"parameter": name, "prior low": low, "prior high": high,
                         "posterior 5%": q[0], "posterior median": q[1], "posterior 95%": q[2],
                         "narrowing": (q[2] - q[0]) / (high - low)})  # fmt: skip
        return pd.DataFrame(rows).set_index("parameter")

    def sample(self, count: int, seed: int) -> list[dict[str, float]]:
        """``count`` particles drawn by weight."""
        rng = np.random.default_rng(seed)
        index = rng.choice(len(self.particles), size=count, p=self.weights / self.weights.sum())
        return [self.particles.iloc[i].to_dict() for i in index]


def run_smc(
    base: Mapping[str, Any],
    priors: Mapping[str, tuple[float, float]],
    observed: Mapping[str, float],
    cutoff: str,
    database: Path | None = None,
    options: SmcOptions = SmcOptions(),
    stats: Stats | None = None,
) -> SmcResult:
    """Run ABC-SMC and return the last generation (history in memory without ``database``).

    ``stats`` computes the summary statistics (:func:`summary_stats` by default); its keys
    must be those of ``observed``.
    """
    logging.getLogger("ABC").setLevel(logging.WARNING if options.quiet else logging.INFO)
    saved = np.random.get_state()
    try:
        # pyabc samples from numpy's global generator: seed it for this call only. The
        # model's own runs never read it (each run has its own seeded Generator).
        np.random.seed(options.seed)  # noqa: NPY002
        return _run_seeded(base, priors, observed, cutoff, database, options, stats)
    finally:
        np.random.set_state(saved)


def _run_seeded(
    base: Mapping[str, Any],
    priors: Mapping[str, tuple[float, float]],
    observed: Mapping[str, float],
    cutoff: str,
    database: Path | None,
    options: SmcOptions,
    stats: Stats | None,
) -> SmcResult:
    prior = pyabc.Distribution(
        **{k: pyabc.RV("uniform", lo, hi - lo) for k, (lo, hi) in priors.items()}
    )
    abc = pyabc.ABCSMC(
        make_model(base, cutoff, options.replications, stats),
        prior,
        pyabc.AdaptivePNormDistance(p=2, max_scale_weight_ratio=100.0),
        population_size=options.population,
        sampler=pyabc.sampler.SingleCoreSampler(),
    )
    abc.new(f"sqlite:///{database}" if database else "sqlite://", dict(observed))
    history = abc.run(max_nr_populations=options.generations, minimum_epsilon=0.0)
    particles, weights = history.get_distribution()
    epsilons = history.get_all_populations()["epsilon"].tolist()
    return SmcResult(particles, np.asarray(weights), dict(priors),
                     int(history.total_nr_simulations),
                     [e for e in epsilons if math.isfinite(e)])  # fmt: skip
