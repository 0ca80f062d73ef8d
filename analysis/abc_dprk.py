"""ABC-SMC of the strategic DPRK's weights on launch days to a cutoff, and the held-out years.

The strategic DPRK's weights (agents/policies/provocation_strategic.py) were set by hand so
that configs/dprk_2019_2022.toml gives the yearly launch record 2019-2022. This module fits
them instead by ABC-SMC (:func:`analysis.abc_smc.run_smc`, pyabc) on launch days only, up to
a cutoff month (2021-12 by default), so that the years after it are held out:

- statistics (:func:`launch_stats`): the mean over a particle's runs of launch days in each
  month of the monthly record (dprk_launches_2019.csv: 2019-07 to 2019-12 from the
  scenario's start) and in each whole calendar year of the yearly record
  (dprk_launches_yearly.csv: 2020, 2021) up to the cutoff; the runs stop at the cutoff,
  so no later month can reach them;
- the held-out test (:func:`predictive_years`): runs of the whole scenario (to 2022-12)
  for posterior draws, launch days summed by year (:func:`analysis.launch_years.launch_years`)
  against the record; the same seeds with the hand-set weights for comparison.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from analysis.abc_smc import SmcResult, parameter_value
from analysis.launch_years import launch_years, monthly_record, yearly_record
from analysis.replay import RunTimeline, month_number
from sim.config import validate_scenario
from sim.config.load import apply_overrides
from sim.runner import derive_seed, run_once
from sim.storage import steps_table

BASE = "dprk_2019_2022"
PRIORS = "calibration_dprk"
CUTOFF = "2021-12"
Window = tuple[str, tuple[int, ...]]  # a statistic's name and the month numbers it sums


def month_label(number: int) -> str:
    """``YYYY-MM`` of a month number (:func:`analysis.replay.month_number`)."""
    return f"{number // 12:04d}-{number % 12 + 1:02d}"


def launch_windows(
    start: str, cutoff: str, monthly: Mapping[str, int], yearly: Mapping[str, int]
) -> list[Window]:
    """The windows the statistics sum launch days over, from ``start`` to ``cutoff``.

    A calendar year whose covered months are all in the monthly record gives one window per
    month (``launches YYYY-MM``); a whole year in the yearly record gives one window
    (``launches YYYY``). A year covered in part without a monthly record has no record to
    fit: an error (choose a cutoff at a year's end).
    """
    first, end = month_number(start), month_number(cutoff)
    if end < first:
        raise ValueError(f"cutoff {cutoff} is before the start {start}")
    windows: list[Window] = []
    for year in range(first // 12, end // 12 + 1):
        months = tuple(range(max(first, 12 * year), min(end, 12 * year + 11) + 1))
        if all(month_label(m) in monthly for m in months):
            windows += [(f"launches {month_label(m)}", (m,)) for m in months]
        elif len(months) == 12 and str(year) in yearly:
            windows.append((f"launches {year}", months))
        else:
            raise ValueError(
                f"no launch record for {year} ({len(months)} months to {cutoff}): the monthly"
                " record covers only some months and the yearly record whole years"
            )
    return windows


@lru_cache(maxsize=8)
def _windows(start: str, cutoff: str) -> tuple[Window, ...]:
    return tuple(launch_windows(start, cutoff, monthly_record(), yearly_record()))


def launch_stats(runs: list[RunTimeline], start: str, cutoff: str) -> dict[str, float]:
    """Mean launch days over ``runs`` in each window (:func:`launch_windows`) to ``cutoff``."""
    return {
        name: float(np.mean([sum(r.launches_by_month.get(m, 0) for m in months) for r in runs]))
        for name, months in _windows(start, cutoff)
    }


def observed_launch_stats(start: str, cutoff: str) -> dict[str, float]:
    """The record's launch days in each window (the monthly or the yearly record)."""
    monthly, yearly = monthly_record(), yearly_record()
    stats = {}
    for name, months in _windows(start, cutoff):
        if len(months) == 1 and month_label(months[0]) in monthly:
            stats[name] = float(monthly[month_label(months[0])])
        else:
            stats[name] = float(yearly[str(months[0] // 12)])
    return stats


def predictive_steps(
    base: Mapping[str, Any], particles: Sequence[Mapping[str, float]], runs: int, seed: int
) -> pd.DataFrame:
    """The steps of ``runs`` full runs of each particle (run_id ``d{draw}r{run}``).

    Every particle's runs take the seeds ``derive_seed(seed, i * runs + r)``, so that two
    calls with as many particles share their seeds (common random numbers). An empty
    particle runs the scenario's own (hand-set) values.
    """
    frames = []
    for i, particle in enumerate(particles):
        overrides = [f"{k}={parameter_value(k, v)}" for k, v in particle.items()]
        scenario = validate_scenario(apply_overrides(dict(base), overrides, "abc-dprk"), "abc-dprk")
        results = [
            run_once(scenario, r, seed=derive_seed(seed, i * runs + r), run_id=f"d{i}r{r}")
            for r in range(runs)
        ]
        results = [r for r in results if r.status == "ok"]
        frames.append(steps_table(results).to_pandas())
    return pd.concat(frames, ignore_index=True)


def predictive_years(
    base: Mapping[str, Any], particles: Sequence[Mapping[str, float]], runs: int, seed: int
) -> pd.DataFrame:
    """Launch days by year against the record, over ``runs`` full runs of each particle."""
    return launch_years(predictive_steps(base, particles, runs, seed))


def draw_means(steps: pd.DataFrame, particles: Sequence[Mapping[str, float]]) -> pd.DataFrame:
    """Per draw: its parameters and its mean launch days in each year over its runs."""
    frame = steps.assign(
        year=steps["date"].str[:4], draw=steps["run_id"].str.extract(r"d(\d+)r")[0]
    )
    sums = frame.groupby(["draw", "run_id", "year"])["provocations"].sum()
    means = sums.groupby(["draw", "year"]).mean().unstack("year")
    means.index = means.index.astype(int)
    means.columns = [f"launches {y}" for y in means.columns]
    return pd.DataFrame(list(particles)).join(means.sort_index())


def held_out_table(posterior: pd.DataFrame, hand: pd.DataFrame, cutoff: str) -> pd.DataFrame:
    """The two yearly tables side by side, each year marked in-sample or held out."""
    last = month_number(cutoff)
    rows = []
    for label, table in (("posterior", posterior), ("hand-set", hand)):
        for row in table.to_dict("records"):
            first = month_number(f"{row['year']}-01")
            rows.append({"weights": label, **row,
                         "sample": "held out" if first > last else "in sample"})  # fmt: skip
    return pd.DataFrame(rows)


def render_held_out(table: pd.DataFrame) -> str:
    """The held-out table as text: one line per year and set of weights."""
    lines = ["DPRK launch days by year (record: CNS; median [5 %, 95 %] over draws x runs):"]
    for row in table.itertuples(index=False):
        lines.append(
            f"  {row.year} {row.sample:<10} {row.weights:<10} record {row.record:4.0f}"
            f"  simulated {row.median:5.1f} [{row.p5:.0f}, {row.p95:.0f}]"
            f"  error {row.error:+.1f}  {'covered' if row.covered else 'NOT covered'}"
        )
    return "\n".join(lines)


def result_from_particles(path: Path, priors: Mapping[str, tuple[float, float]]) -> SmcResult:
    """A posterior read back from a ``particles.csv`` (written by ``abc-dprk``)."""
    frame = pd.read_csv(path)
    weights = frame.pop("weight").to_numpy(dtype=float)
    missing = set(priors) - set(frame.columns)
    if missing:
        raise ValueError(f"{path}: no column for {sorted(missing)}")
    return SmcResult(frame[list(priors)], weights, dict(priors), 0, [])


def held_out_figure(table: pd.DataFrame, path: Path) -> Path:
    """Launch days by year: median and 5-95 % of each set of weights, and the record."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(6.4, 3.6))
    years = sorted(table["year"].unique())
    x = np.arange(len(years))
    for offset, (label, group) in zip((-0.12, 0.12), table.groupby("weights", sort=False),
                                      strict=False):  # fmt: skip
        group = group.set_index("year").loc[years]
        low, mid, high = (group[c].to_numpy(dtype=float) for c in ("p5", "median", "p95"))
        ax.errorbar(x + offset, mid, yerr=[mid - low, high - mid], fmt="o", capsize=4,
                    label=f"{label} weights: median, 5-95 %")  # fmt: skip
    record = table.drop_duplicates("year").set_index("year").loc[years, "record"]
    ax.plot(x, record.to_numpy(dtype=float), "D", color="red", label="record (CNS)")
    held = table.drop_duplicates("year").set_index("year").loc[years, "sample"] == "held out"
    for i in np.flatnonzero(held.to_numpy()):
        ax.axvspan(i - 0.4, i + 0.4, color="grey", alpha=0.15)
    names = [f"{y}\n(held out)" if h else y for y, h in zip(years, held, strict=True)]
    ax.set_xticks(x, names)
    ax.set_ylabel("launch days in the year")
    ax.legend(fontsize=7)
    fig.tight_layout()
    fig.savefig(path, dpi=120)
    plt.close(fig)
    return path
