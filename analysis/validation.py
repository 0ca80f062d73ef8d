"""``python -m analysis replay`` and ``python -m analysis calibrate``: validation against 2019.

Both read a run directory through its documented tables only (manifest.json, runs, steps
and events Parquet files) and write CSV tables and PNG figures beside a short text report.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import duckdb
import pandas as pd

from analysis.baselines import base_rates, knocked_out_runs, last_month_launches, uniform
from analysis.calibrate import AbcResult, Target, abc_rejection, run_distance
from analysis.forecast import forecast_table
from analysis.history import Record, load_record
from analysis.ledger import ledger
from analysis.load import RunDirectory, RunDirectoryError
from analysis.replay import ReplayScore, RunTimeline, score, timelines
from analysis.scoring import OUTCOMES, ensemble_probabilities, launch_months, occurrence_matrix
from analysis.skill import decided_events, skill_table


@dataclass(frozen=True)
class RunTables:
    """The tables of a run directory that validation needs."""

    manifest: dict
    runs: pd.DataFrame
    steps: pd.DataFrame
    events: pd.DataFrame


STEP_COLUMNS = "run_id, step, date, provocations, measures_jpn, measures_rok"


def read_run_dir(run_dir: Path) -> RunTables:
    """Read what validation uses through the one loader (:class:`analysis.load.RunDirectory`).

    A missing or malformed directory raises :class:`RunDirectoryError` (one line, exit 2).
    """
    directory = RunDirectory(run_dir)
    try:
        steps = directory.query(f"SELECT {STEP_COLUMNS} FROM steps ORDER BY run_id, step")
        events = directory.query("SELECT * FROM events ORDER BY run_id, step")
        return RunTables(directory.manifest, directory.runs, steps, events)
    except duckdb.Error as exc:
        first = str(exc).splitlines()[0]
        raise RunDirectoryError(run_dir, f"unreadable tables ({first})") from None
    finally:
        directory.close()


def ok_runs(tables: RunTables) -> dict[str, RunTimeline]:
    """Timelines of the runs that completed."""
    ok = set(tables.runs.loc[tables.runs["status"] == "ok", "run_id"])
    steps = tables.steps[tables.steps["run_id"].isin(ok)]
    events = tables.events[tables.events["run_id"].isin(ok)]
    return timelines(events, steps)


def replay(run_dir: Path, record: Record | None = None) -> ReplayScore:
    """Score a run directory of the 2019 baseline against the record."""
    tables = read_run_dir(run_dir)
    ok = set(tables.runs.loc[tables.runs["status"] == "ok", "run_id"])
    if not ok:
        raise RunDirectoryError(run_dir, "no completed run to score")
    steps = tables.steps[tables.steps["run_id"].isin(ok)]
    events = tables.events[tables.events["run_id"].isin(ok)]
    return score(events, steps, record or load_record())


@dataclass(frozen=True)
class Validation:
    """A replay, its ledger and the skill table over the decided events."""

    score: ReplayScore
    ledger: pd.DataFrame
    skill: pd.DataFrame
    events: pd.DataFrame  # per scored event: label, model's and baselines' probabilities


def validate(run_dir: Path, record: Record | None = None) -> Validation:
    """Replay, ledger, baselines and skill of a run directory (docs/VALIDATION.md)."""
    tables = read_run_dir(run_dir)
    record = record or load_record()
    runs = ok_runs(tables)
    if not runs:
        raise RunDirectoryError(run_dir, "no completed run to score")
    config = tables.manifest.get("config")
    if not isinstance(config, dict) or "scenario" not in config:
        raise RunDirectoryError(run_dir, "manifest.json has no scenario config to replay")
    ok = set(runs)
    events = tables.events[tables.events["run_id"].isin(ok)]
    score_ = score(events, tables.steps[tables.steps["run_id"].isin(ok)], record)
    book = ledger(events, config)
    decided = decided_events(book)
    if not decided:
        raise RunDirectoryError(run_dir, "no scored event is decided by the model; see ledger")
    knocked = knocked_out_runs(config, len(runs))
    start, horizon = config["scenario"]["start"], config["scenario"]["steps"]
    truth = launch_months(record.launch_days, start)
    persistent = last_month_launches(record.launch_days, start)
    skill = skill_table(runs, knocked, decided, truth, start, horizon, persistent)
    probabilities = pd.DataFrame({
        "label": book.loc[list(OUTCOMES), "label"],
        "happened": pd.Series(OUTCOMES),
        "model": ensemble_probabilities(occurrence_matrix(runs)),
        "knocked out": ensemble_probabilities(occurrence_matrix(knocked)),
        "base rates": base_rates(horizon, start),
        "uniform choice": uniform(),
    })  # fmt: skip
    return Validation(score_, book, skill, probabilities)


def priors_of(manifest: dict, run_dir: Path | str = "") -> dict[str, tuple[float, float]]:
    """The uniform prior ranges of a Latin-hypercube sweep, from its manifest."""
    spec = manifest.get("spec", {})
    if manifest.get("kind") != "sweep" or spec.get("sweep", {}).get("method") != "lhs":
        raise RunDirectoryError(run_dir, "calibration needs the run directory of an lhs sweep")
    return {key: (float(low), float(high)) for key, (low, high) in spec["uncertainties"].items()}


@dataclass(frozen=True)
class Calibration:
    """An ABC result and the out-of-sample check of its accepted runs."""

    abc: AbcResult
    forecast: pd.DataFrame
    prior_forecast: pd.DataFrame


def calibrate(run_dir: Path, until: str = "2019-12", accept: float = 0.1) -> Calibration:
    """Rejection ABC on a sweep against the record up to ``until``, then 2020-2021."""
    tables = read_run_dir(run_dir)
    priors = priors_of(tables.manifest, run_dir)
    runs = ok_runs(tables)
    record = load_record()
    target = Target.from_record(record, until)
    distances = pd.Series({run_id: run_distance(run, target) for run_id, run in runs.items()})
    ok_table = tables.runs[tables.runs["run_id"].isin(runs)]
    abc = abc_rejection(ok_table, distances, priors, accept)
    accepted = ok_table.loc[ok_table["point_id"].isin(abc.accepted["point_id"]), "run_id"]
    return Calibration(
        abc,
        forecast_table({r: runs[r] for r in accepted}, record),
        forecast_table(runs, record),
    )
