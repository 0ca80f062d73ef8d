"""DPRK launch days by year against the record (dprk_launches_yearly.csv, CNS).

A run's launch days are summed by calendar year. A year the run covers whole is scored
against the yearly record; a year it covers in part (2019 from 2019-07) against the sum of
the monthly record over the months it covers, where the monthly record has them
(dprk_launches_2019.csv); otherwise the year is reported unscored. The table gives, per
year, the record, the simulated median, mean and 5-95 % range over runs, the error of the
median, and whether the record falls inside the range.
"""

from __future__ import annotations

import csv
from pathlib import Path

import numpy as np
import pandas as pd

from analysis.history import data_dir

COLUMNS = ("year", "months", "record", "median", "mean", "p5", "p95", "error", "covered")


def yearly_record(data: Path | None = None) -> dict[str, int]:
    """Launch days per year (``YYYY``) from dprk_launches_yearly.csv."""
    with open((data or data_dir()) / "dprk_launches_yearly.csv", newline="", encoding="utf-8") as f:
        return {row["year"]: int(row["launch_days"]) for row in csv.DictReader(f)}


def monthly_record(data: Path | None = None) -> dict[str, int]:
    """Launch days per month (``YYYY-MM``) from dprk_launches_2019.csv."""
    with open((data or data_dir()) / "dprk_launches_2019.csv", newline="", encoding="utf-8") as f:
        return {row["month"]: int(row["launch_days"]) for row in csv.DictReader(f)}


def launch_years(steps: pd.DataFrame, data: Path | None = None) -> pd.DataFrame:
    """Per year of the runs, simulated launch days against the record (``COLUMNS``)."""
    yearly, monthly = yearly_record(data), monthly_record(data)
    frame = steps.assign(year=steps["date"].str[:4])
    months = frame.groupby("year")["date"].unique()
    sums = frame.groupby(["run_id", "year"])["provocations"].sum().unstack("year")
    rows = []
    for year in sorted(months.index):
        covered = sorted(months[year])
        if len(covered) == 12 and year in yearly:
            record = float(yearly[year])
        elif all(m in monthly for m in covered):
            record = float(sum(monthly[m] for m in covered))
        else:
            record = float("nan")
        values = sums[year].to_numpy(dtype=float)
        p5, median, p95 = np.percentile(values, [5, 50, 95])
        rows.append({"year": year, "months": len(covered), "record": record,
                     "median": median, "mean": values.mean(), "p5": p5, "p95": p95,
                     "error": median - record, "covered": bool(p5 <= record <= p95)})  # fmt: skip
    return pd.DataFrame(rows, columns=list(COLUMNS))


def render(table: pd.DataFrame) -> str:
    """The table as text, one line per year."""
    lines = ["DPRK launch days by year (record: CNS; simulated: median [5 %, 95 %] over runs):"]
    for row in table.itertuples(index=False):
        record = "   -" if np.isnan(row.record) else f"{row.record:4.0f}"
        error = "" if np.isnan(row.record) else f"  error {row.error:+.0f}"
        lines.append(f"  {row.year} ({row.months:2d} months)  record {record}  simulated"
                     f" {row.median:5.1f} [{row.p5:.0f}, {row.p95:.0f}]{error}")  # fmt: skip
    return "\n".join(lines)
