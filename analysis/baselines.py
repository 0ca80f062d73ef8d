"""Baselines a skeptic would ask for, scored on the same items and rules as the model.

- persistence, "nothing changes": no scored event happens; launch days stay at the last
  month before the start (2019-06: none).
- base rates: each event's frequency in the record before the start (timeline CSV,
  2017-01 to 2019-06, 30 months), as a Poisson chance over the run's horizon; launches at the
  mean monthly rate of 2016-2018 (dprk_launches_yearly.csv).
- uniform choice: each event the chance of one option among its decision's options
  (:data:`OPTIONS`).
- knocked out: the same scenario and seeds with every mechanism M1-M10 knocked out, each
  by its documented knockout (:mod:`sim.knockouts`; :func:`knockout_overrides`).
"""

from __future__ import annotations

import csv
import math
from collections.abc import Mapping
from typing import Any

import pandas as pd

from analysis.history import TIMELINE_KINDS
from analysis.replay import RunTimeline, month_number, timelines
from analysis.scoring import OUTCOMES
from sim.config import validate_scenario
from sim.config.load import apply_overrides
from sim.knockouts import CATALOGUE, overrides_for
from sim.resources import data_dir
from sim.runner import run_once
from sim.storage import events_table, steps_table

#: Number of options of the decision behind each scored event.
OPTIONS: dict[str, int] = {
    **dict.fromkeys(OUTCOMES, 2),  # yes or no; suspend or terminate
    "coalition_join": 3,  # join, go independent or refuse
    "coalition_independent_rok": 3,
    "coalition_independent_jpn": 3,
}
CLIMATE_FROM, CLIMATE_MONTHS = "2017-01", 30  # the record before 2019-07
CLIMATE_KINDS = {("CHN", "coercion"): "coercion", **TIMELINE_KINDS}


def persistence() -> pd.Series:
    """No scored event happens."""
    return pd.Series(0.0, index=list(OUTCOMES))


def last_month_launches(launch_days: Mapping[str, int], start: str) -> float:
    """Launch days of the month before ``start`` (0 if the record does not cover it)."""
    before = month_number(start) - 1
    return float(next((n for m, n in launch_days.items() if month_number(m) == before), 0))


def uniform() -> pd.Series:
    """One option among each decision's options."""
    return pd.Series({k: 1 / OPTIONS[k] for k in OUTCOMES})


def base_rates(horizon_months: int, start: str) -> pd.Series:
    """Each event's frequency before ``start``, as a Poisson chance over the horizon."""
    counts = dict.fromkeys(OUTCOMES, 0)
    first, end = month_number(CLIMATE_FROM), month_number(start)
    with open(data_dir() / "timeline_2019_2021.csv", newline="", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            key = CLIMATE_KINDS.get((row["actor"], row["kind"]))
            if key in counts and first <= month_number(row["date"]) < end:
                counts[key] += 1
    return pd.Series({k: 1 - math.exp(-c / CLIMATE_MONTHS * horizon_months)
                      for k, c in counts.items()})  # fmt: skip


def yearly_rate(years: tuple[str, ...] = ("2016", "2017", "2018")) -> float:
    """Mean launch days a month over ``years`` (dprk_launches_yearly.csv)."""
    with open(data_dir() / "dprk_launches_yearly.csv", newline="", encoding="utf-8") as handle:
        rows = {row["year"]: int(row["launch_days"]) for row in csv.DictReader(handle)}
    return sum(rows[y] for y in years) / (12 * len(years))


def knockout_overrides(config: Mapping[str, Any]) -> list[str]:
    """The overrides that knock out every mechanism M1-M10 of the scenario ``config``.

    M7 first (it switches the retaliation policies off, so that no later knockout sets a
    weight of a policy no longer there); each knockout is computed on the scenario with the
    earlier ones applied, and keys a scenario does not have are left out (sim.knockouts).
    """
    order = ["M7", *(m for m in CATALOGUE if m != "M7")]
    found: list[str] = []
    for mechanism in order:
        scenario = validate_scenario(apply_overrides(dict(config), found, "knockouts"))
        found += overrides_for(mechanism, scenario)
    return found


def knocked_out_runs(config: Mapping[str, Any], replicates: int) -> dict[str, RunTimeline]:
    """The scenario of ``config`` with every mechanism knocked out, the same replicates."""
    table = apply_overrides(dict(config), knockout_overrides(config), "knockouts")
    table["scenario"] = {**table["scenario"], "name": f"{table['scenario']['name']}_knockout"}
    scenario = validate_scenario(table, "knockouts")
    results = [run_once(scenario, r) for r in range(replicates)]
    results = [r for r in results if r.status == "ok"]
    return timelines(events_table(results).to_pandas(), steps_table(results).to_pandas())
