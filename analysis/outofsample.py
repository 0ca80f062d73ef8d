"""Out of sample, 2020 to 2023-03: calibrated on the record to 2019-12, scored on what came after.

The scenario is the one given (by default the baseline), run to 2023-03 from the information
set of the cutoff (:func:`analysis.cutoff.base_for_cutoff`: every input known only later is
replaced or dropped). The timeline shocks dated after the cutoff that the base drops (the
2020-04 furlough, the 2021 change of US policy, the 2020 border closure, ...) are put back
as **scripted hindsight**: a user in 2019 could not have known them, so they are inputs
given to the model, never results, and :func:`hindsight_shocks` lists them with the scores.

Held out (the record after 2019-12, from ``configs/data``; :data:`HELD_OUT`):

- the month the 11th SMA was agreed (2021-03, ``sma11_agreed``) and its increase for 2021
  over the 10th SMA's payment (+13.9 %, ``sma11_rok_payment_2021 / sma10_rok_payment``);
- GSOMIA never terminated (restored in full 2023-03);
- Japan's export controls held until 2023-03-16 (not lifted by 2023-02);
- DPRK launch days in 2020, 2021 and 2022 (4, 4, 33; ``dprk_launches_yearly.csv``).

Scores are proper (scoringrules): Brier and log score for the two events, CRPS for the
quantities (an ensemble of runs; a point forecast's CRPS is its absolute error). The
forecasters (all on the same items, lower is better):

- ``model``: the scenario's runs (with ``particles``: one ABC-SMC posterior draw per run);
- ``persistence``: nothing changes after 2019-12: no new SMA by 2023-03 (its month censored
  at 2023-04, increase 0), GSOMIA and Japan's controls as they stood, launches at 2019's 14;
- ``base rates``: launch days at the 2016-2018 yearly mean (Poisson); the events and the
  SMA have no record of earlier years in the data (left blank);
- ``uniform``: each event a coin flip (1/2); the quantities are left blank;
- ``knocked out``: the same scenario and replicates with every mechanism off
  (:func:`analysis.baselines.knockout_overrides`).

The model's score carries a 90 % interval over bootstrap resamples of its runs.
"""

from __future__ import annotations

import copy
import csv
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
import scoringrules as sr

from analysis.baselines import knockout_overrides, yearly_rate
from analysis.cutoff import base_for_cutoff
from analysis.forecast import yearly_launches
from analysis.replay import month_number
from analysis.scoring import clipped
from sim.config import validate_scenario
from sim.config.load import apply_overrides
from sim.resources import data_dir
from sim.runner import run_once

CUTOFF, END = "2019-12", "2023-03"
YEARS = ("2020", "2021", "2022")
BOOTSTRAP, BOOTSTRAP_SEED = 1000, 20230316


def _calibration() -> dict[str, str]:
    with open(data_dir() / "calibration_2019.csv", newline="", encoding="utf-8") as handle:
        return {row["key"]: row["value"] for row in csv.DictReader(handle)}


@dataclass(frozen=True)
class Item:
    """One held-out quantity or event and what the record says of it."""

    name: str
    kind: str  # "event" (0 or 1) or "quantity"
    truth: float
    source: str


def held_out() -> tuple[Item, ...]:
    """The record after the cutoff, read from the shipped data."""
    data, launches = _calibration(), yearly_launches()
    increase = float(data["sma11_rok_payment_2021"]) / float(data["sma10_rok_payment"]) - 1
    agreed = month_number(data["sma11_agreed"][:7]) - month_number(CUTOFF)
    items = [
        Item("SMA agreed (months after 2019-12)", "quantity", agreed, "sma11_agreed 2021-03-07"),
        Item("SMA increase for 2021", "quantity", increase,
             "sma11_rok_payment_2021 / sma10_rok_payment - 1"),
        Item("GSOMIA terminated by 2023-03", "event", 0.0,
             "timeline: suspended 2019-11-22, restored 2023-03-21"),
        Item("Japan lifts export controls by 2023-02", "event", 0.0,
             "timeline: export_controls_lifted 2023-03-16"),
    ]  # fmt: skip
    items += [
        Item(f"DPRK launch days {year}", "quantity", float(launches[year]),
             "dprk_launches_yearly.csv (CNS)")
        for year in YEARS
    ]  # fmt: skip
    return tuple(items)


HELD_OUT_NAMES = tuple(item.name for item in held_out())


def hindsight_shocks(table: Mapping[str, Any], cutoff: str = CUTOFF) -> list[dict[str, Any]]:
    """The scenario's timeline shocks dated after ``cutoff``: known only in hindsight."""
    return [dict(s) for s in table.get("timeline", []) if str(s.get("month", ""))[:7] > cutoff]


def scenario_table(table: Mapping[str, Any], cutoff: str = CUTOFF, end: str = END) -> dict:
    """The scenario from ``cutoff``'s information set, run to ``end``, hindsight put back."""
    extended = copy.deepcopy(dict(table))
    start = str(extended["scenario"]["start"])
    extended["scenario"]["steps"] = month_number(end) - month_number(start) + 1
    base = base_for_cutoff(extended, cutoff)
    known = [s for s in base["timeline"] if str(s["month"])[:7] <= cutoff]
    base["timeline"] = sorted(  # every later shock as it happened (a kept one is not doubled)
        [*known, *hindsight_shocks(extended, cutoff)], key=lambda s: str(s["month"])
    )
    base["scenario"]["name"] = f"{extended['scenario']['name']}_outofsample"
    return base


def run_outcomes(
    table: Mapping[str, Any],
    replications: int,
    particles: Sequence[Mapping[str, float]] = (),
    overrides: Sequence[str] = (),
) -> pd.DataFrame:
    """Per run, the value of every held-out item (runs that failed are left out).

    Without ``particles`` the scenario is validated once; with them, once per run (each run
    its own posterior draw, taken in turn). ``overrides`` (the knockouts) come after the
    draw, so that a draw never sets back a weight a knockout removed.
    """
    status_quo = float(table["agenda"]["sma_rok"]["status_quo"])
    base = apply_overrides(dict(table), list(overrides), "outofsample")
    fixed = None if particles else validate_scenario(base, "outofsample")
    rows = []
    for replicate in range(replications):
        scenario = fixed
        if scenario is None:
            draw = posterior_settings(particles[replicate % len(particles)])
            drawn = apply_overrides(dict(table), draw, "posterior")
            scenario = validate_scenario(apply_overrides(drawn, list(overrides), "outofsample"),
                                         "outofsample")  # fmt: skip
        result = run_once(scenario, replicate)
        if result.status == "ok":
            rows.append(outcomes_of(result.events, status_quo))
    return pd.DataFrame(rows, columns=list(HELD_OUT_NAMES))


def posterior_settings(draw: Mapping[str, float]) -> list[str]:
    """A posterior draw as ``--set`` overrides (integers rounded, as the ABC-SMC samples)."""
    from analysis.abc_smc import parameter_value  # pyabc's module: only with particles

    return [f"{key}={parameter_value(key, value)}" for key, value in draw.items()]


def outcomes_of(events: Mapping[str, list[Any]], status_quo: float) -> dict[str, float]:
    """The held-out items of one run, from its event columns."""
    cutoff, end = month_number(CUTOFF), month_number(END)
    agreed_month, agreed_amount = end + 1, status_quo
    gsomia = lifted = 0.0
    launches = dict.fromkeys(YEARS, 0.0)
    for date, actor, kind, target, magnitude, item in zip(
        events["date"], events["actor"], events["kind"], events["target"], events["magnitude"],
        events["item"], strict=True,
    ):  # fmt: skip
        month = month_number(str(date)[:7])
        if month > end:
            continue
        year = str(date)[:4]
        if kind == "agreement" and target == "ROK" and month < agreed_month:
            agreed_month, agreed_amount = month, float(magnitude)
        elif kind == "gsomia_terminate":
            gsomia = 1.0
        elif kind == "reconcile" and actor == "JPN" and item == "export_controls" and month < end:
            lifted = 1.0
        elif kind == "provocation" and year in launches:
            launches[year] += 1.0
    values = [agreed_month - cutoff, agreed_amount / status_quo - 1.0, gsomia, lifted]
    values += [launches[year] for year in YEARS]
    return dict(zip(HELD_OUT_NAMES, values, strict=True))


def event_score(p: float, truth: float, n: int) -> tuple[float, float]:
    """Brier and log score of probability ``p`` (clipped as for ``n`` runs)."""
    obs, fct = np.array([truth]), clipped(np.array([p]), n)
    return float(sr.brier_score(obs, fct)[0]), float(sr.log_score(obs, fct)[0])


def ensemble_score(item: Item, values: np.ndarray) -> float:
    """Brier score of an event's share of runs, or the CRPS of a quantity's ensemble."""
    if item.kind == "event":
        p = (values.sum() + 0.5) / (len(values) + 1)
        return event_score(p, item.truth, len(values))[0]
    return float(sr.crps_ensemble(item.truth, values))


def reference_scores(item: Item, n: int) -> dict[str, float | None]:
    """Persistence, base rates and uniform choice on ``item`` (None: no such forecast)."""
    year = item.name.rsplit(" ", 1)[-1]
    if item.kind == "event":  # persistence: as at 2019-12 (GSOMIA alive, controls held)
        return {"persistence": event_score(0.0, item.truth, n)[0], "base rates": None,
                "uniform": event_score(0.5, item.truth, n)[0]}  # fmt: skip
    if item.name.startswith("SMA agreed"):
        censored = month_number(END) + 1 - month_number(CUTOFF)
        return {"persistence": abs(censored - item.truth), "base rates": None, "uniform": None}
    if item.name.startswith("SMA increase"):
        return {"persistence": abs(item.truth), "base rates": None, "uniform": None}
    last = float(yearly_launches()["2019"])
    rate = 12 * yearly_rate()
    return {
        "persistence": abs(last - item.truth),
        "base rates": float(sr.crps_poisson(item.truth, rate)) if year in YEARS else None,
        "uniform": None,
    }


def bootstrap_interval(item: Item, values: np.ndarray, rng: np.random.Generator) -> tuple:
    """5 % and 95 % of the model's score over resamples of its runs."""
    scores = [ensemble_score(item, rng.choice(values, len(values))) for _ in range(BOOTSTRAP)]
    return float(np.quantile(scores, 0.05)), float(np.quantile(scores, 0.95))


def score_table(model: pd.DataFrame, knocked: pd.DataFrame) -> pd.DataFrame:
    """One row per held-out item: truth, the model's runs, every forecaster's score."""
    rng = np.random.default_rng(BOOTSTRAP_SEED)
    rows = []
    for item in held_out():
        values = model[item.name].to_numpy(dtype=float)
        low, high = bootstrap_interval(item, values, rng)
        row = {
            "item": item.name, "truth": item.truth,
            "runs": float(np.median(values)) if item.kind == "quantity" else float(values.mean()),
            "rule": "Brier" if item.kind == "event" else "CRPS",
            "model": ensemble_score(item, values), "model 5%": low, "model 95%": high,
            **reference_scores(item, len(values)),
            "knocked out": ensemble_score(item, knocked[item.name].to_numpy(dtype=float)),
        }  # fmt: skip
        row["better than"] = ", ".join(
            name for name in ("persistence", "base rates", "uniform", "knocked out")
            if row[name] is not None and row["model 95%"] < row[name]
        )  # fmt: skip
        rows.append(row)
    return pd.DataFrame(rows).set_index("item")


def out_of_sample(
    table: Mapping[str, Any],
    replications: int,
    particles: Sequence[Mapping[str, float]] = (),
) -> tuple[pd.DataFrame, list[dict[str, Any]]]:
    """The score table and the hindsight shocks it was given."""
    scenario = scenario_table(table)
    model = run_outcomes(scenario, replications, particles)
    knocked = run_outcomes(scenario, replications, particles, knockout_overrides(scenario))
    return score_table(model, knocked), hindsight_shocks(table)


def read_particles(path: str, count: int, seed: int) -> list[dict[str, float]]:
    """``count`` draws by weight from an ABC-SMC ``particles.csv`` (``abc-smc`` writes it)."""
    frame = pd.read_csv(path)
    weights = frame.pop("weight").to_numpy(dtype=float)
    index = np.random.default_rng(seed).choice(len(frame), size=count, p=weights / weights.sum())
    return [frame.iloc[i].to_dict() for i in index]
