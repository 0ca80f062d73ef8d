"""What an ABC-SMC posterior implies: a posterior predictive check, and headline numbers.

The check simulates the cutoff window from particles drawn by weight and sets the record
against the predicted summary statistics. The headline numbers are the baseline's run
summaries (docs/OUTPUTS.md) with the calibrated parameters fixed at the baseline's values
(spread from seeds only) against the same with parameters drawn from the posterior (spread
from seeds and parameters): what a user should quote, with what uncertainty.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402

from analysis.abc_smc import SmcResult, parameter_value, simulate, summary_stats  # noqa: E402
from analysis.replay import month_number  # noqa: E402
from sim.config import validate_scenario  # noqa: E402
from sim.config.load import apply_overrides  # noqa: E402
from sim.runner import derive_seed, run_once  # noqa: E402

HEADLINES = ("gsomia_terminated", "gsomia_suspended", "mean_trilateral_cohesion",
             "sma_agreed_step", "total_provocations")  # fmt: skip


def predictive_stats(
    result: SmcResult, base: Mapping[str, Any], cutoff: str, draws: int, seed: int
) -> pd.DataFrame:
    """Summary statistics of one run per particle drawn by weight."""
    start = base["scenario"]["start"]
    steps = month_number(cutoff) - month_number(start) + 1
    rows = []
    for i, particle in enumerate(result.sample(draws, seed)):
        runs = simulate(base, particle, derive_seed(seed, i), 1, steps)
        rows.append(summary_stats(runs, start, cutoff))
    return pd.DataFrame(rows)


def predictive_figure(predicted: pd.DataFrame, observed: Mapping[str, float], path: Path) -> Path:
    """Launch days by month and months of events (bands), event shares (mean), vs the record."""
    fig, axes = plt.subplots(1, 3, figsize=(13, 3.8))
    groups = [("launches ", axes[0], "launch days in month"),
              ("share ", axes[1], "share of runs with the event"),
              ("month ", axes[2], "months after the start")]  # fmt: skip
    for prefix, ax, label in groups:
        columns = [c for c in predicted.columns if c.startswith(prefix)]
        names = [c.removeprefix(prefix) for c in columns]
        x = np.arange(len(columns))
        if prefix == "share ":  # one run a draw: a share is a 0/1 per draw, show the mean
            ax.plot(x, predicted[columns].mean().to_numpy(), marker="o", label="mean")
        else:
            low, mid, high = (predicted[columns].quantile(q).to_numpy() for q in (0.05, 0.5, 0.95))
            ax.fill_between(x, low, high, alpha=0.3, label="posterior predictive 5-95 %")
            ax.plot(x, mid, marker="o", label="median")
        ax.plot(x, [observed[c] for c in columns], "D", color="red", label="record")
        ax.set_xticks(x, names, rotation=60, ha="right", fontsize=7)
        ax.set_ylabel(label)
    axes[0].legend(fontsize=7)
    fig.tight_layout()
    fig.savefig(path, dpi=120)
    plt.close(fig)
    return path


def headline_numbers(
    baseline: Mapping[str, Any], result: SmcResult, draws: int, seed: int
) -> pd.DataFrame:
    """Run summaries: fixed calibrated values vs parameters drawn from the posterior."""
    fixed = validate_scenario(dict(baseline), "headline")
    with_fixed = [run_once(fixed, r).summary for r in range(draws)]
    with_posterior = []
    for i, particle in enumerate(result.sample(draws, seed)):
        overrides = [f"{k}={parameter_value(k, v)}" for k, v in particle.items()]
        scenario = validate_scenario(apply_overrides(dict(baseline), overrides, "headline"))
        with_posterior.append(run_once(scenario, i).summary)
    rows = []
    for name in HEADLINES:
        for label, summaries in (("baseline values", with_fixed), ("posterior", with_posterior)):
            values = pd.Series([s.get(name) for s in summaries], dtype=float)
            rows.append({"quantity": name, "parameters": label, "mean": values.mean(),
                         "5%": values.quantile(0.05), "95%": values.quantile(0.95),
                         "runs with a value": int(values.notna().sum())})  # fmt: skip
    return pd.DataFrame(rows).set_index(["quantity", "parameters"])


def marginals_figure(result: SmcResult, path: Path) -> Path:
    """Each parameter's weighted posterior histogram over its uniform prior's range."""
    names = list(result.priors)
    cols = 4
    rows = (len(names) + cols - 1) // cols
    fig, axes = plt.subplots(rows, cols, figsize=(3.2 * cols, 2.4 * rows), squeeze=False)
    posterior = result.posterior()
    for ax, name in zip(axes.flat, names, strict=False):
        low, high = result.priors[name]
        ax.hist(result.particles[name], bins=20, range=(low, high), weights=result.weights,
                density=True, alpha=0.6)  # fmt: skip
        ax.axhline(1.0 / (high - low), color="grey", linestyle="--", label="prior")
        ax.axvline(posterior.loc[name, "posterior median"], color="black", label="median")
        ax.set_title(name.removeprefix("actors."), fontsize=8)
        ax.tick_params(labelsize=7)
    for ax in list(axes.flat)[len(names) :]:
        ax.set_visible(False)
    axes[0][0].legend(fontsize=7)
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)
    return path
