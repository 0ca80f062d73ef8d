"""Out-of-sample check: how well runs calibrated on 2019 anticipate 2020-2021.

Three quantities the record settles after 2019 (configs/data): the month the 11th SMA was
agreed (2021-03), whether GSOMIA survived (it did), and DPRK launch days in 2020 and 2021
(4 each, dprk_launches_yearly.csv). The model's forecast is the accepted runs of a
calibration; the naive forecast is "nothing changes": no new cost-sharing deal, GSOMIA as
at the end of 2019 (alive), and launches at the 2019 rate (14 a year).
"""

from __future__ import annotations

import csv
from pathlib import Path

import pandas as pd

from analysis.history import Record
from analysis.replay import RunTimeline, month_number
from sim.resources import data_dir

FORECAST_END = "2021-12"
NAIVE_YEAR = "2019"


def yearly_launches(data: Path | None = None) -> dict[str, int]:
    """Launch days per year (CNS North Korea Missile Test Database), from the shipped data."""
    data = data_dir() if data is None else data
    with open(data / "dprk_launches_yearly.csv", newline="", encoding="utf-8") as handle:
        return {row["year"]: int(row["launch_days"]) for row in csv.DictReader(handle)}


def agreement_error(month: int | None, truth: int, end: int) -> int:
    """Months between a forecast agreement (None: not by ``end``) and the real one."""
    return abs((month if month is not None and month <= end else end + 1) - truth)


def run_forecasts(runs: dict[str, RunTimeline], years: list[str]) -> pd.DataFrame:
    """Per run: SMA agreement month, GSOMIA ended by the end, launch days per year."""
    end = month_number(FORECAST_END)
    rows = {}
    for run_id, run in runs.items():
        row = {
            "sma_agreed": run.first.get("sma_agreed"),
            "gsomia_ended": run.first.get("gsomia_terminate", end + 1) <= end,
        }
        for year in years:
            months = [m for m in run.launches_by_month if m // 12 == int(year)]
            row[f"launch_days_{year}"] = (
                sum(run.launches_by_month[m] for m in months) if len(months) == 12 else None
            )
        rows[run_id] = row
    return pd.DataFrame.from_dict(rows, orient="index").rename_axis("run_id")


def forecast_table(runs: dict[str, RunTimeline], record: Record) -> pd.DataFrame:
    """Errors of the model's and the naive forecasts for 2020-2021, side by side."""
    years, launches = ["2020", "2021"], yearly_launches()
    end, truth = month_number(FORECAST_END), month_number(record.months["sma_agreed"])
    forecasts = run_forecasts(runs, years)
    sma_errors = forecasts["sma_agreed"].map(
        lambda m: agreement_error(None if pd.isna(m) else int(m), truth, end)
    )
    rows = [
        {"quantity": "SMA agreement month, abs error (months)",
         "truth": record.months["sma_agreed"],
         "model": sma_errors.median(), "naive": agreement_error(None, truth, end)},
        {"quantity": "GSOMIA ended by 2021-12, Brier", "truth": "survived",
         "model": forecasts["gsomia_ended"].astype(float).mean(), "naive": 0.0},
    ]  # fmt: skip
    for year in years:
        column = forecasts[f"launch_days_{year}"].dropna()
        rows.append({
            "quantity": f"DPRK launch days {year}, abs error", "truth": launches[year],
            "model": (column - launches[year]).abs().median() if len(column) else None,
            "naive": abs(launches[NAIVE_YEAR] - launches[year]),
        })  # fmt: skip
    table = pd.DataFrame(rows).set_index("quantity")
    table["better"] = [
        "model" if m is not None and m < n else "naive" if m is not None and m > n else "tie"
        for m, n in zip(table["model"], table["naive"], strict=True)
    ]
    return table
