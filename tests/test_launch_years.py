"""Yearly DPRK launch days against the record (analysis/launch_years.py)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from analysis.launch_years import launch_years, monthly_record, render, yearly_record


def _steps(per_month: dict[str, list[int]]) -> pd.DataFrame:
    rows = [{"run_id": f"r{i}", "date": month, "provocations": days}
            for month, values in per_month.items() for i, days in enumerate(values)]  # fmt: skip
    return pd.DataFrame(rows)


def test_the_record_is_the_shipped_data():
    assert yearly_record()["2019"] == 14 and yearly_record()["2022"] == 33
    assert sum(monthly_record().values()) == 14


def test_whole_years_score_against_the_yearly_record_and_part_years_against_the_months():
    months = [f"2019-{m:02d}" for m in range(7, 13)] + [f"2020-{m:02d}" for m in range(1, 13)]
    steps = _steps({m: [1, 0, 2] for m in months} | {"2021-01": [0, 0, 0]})
    table = launch_years(steps).set_index("year")
    assert table.loc["2019", "record"] == 2 + 5 + 1 + 2 + 1 + 0  # 2019-07..12, monthly record
    assert table.loc["2019", "median"] == 6 and table.loc["2019", "error"] == 6 - 11
    assert table.loc["2020", "record"] == 4 and table.loc["2020", "mean"] == 12
    assert np.isnan(table.loc["2021", "record"])  # one month of 2021, no monthly record
    text = render(table.reset_index())
    assert "2019 ( 6 months)  record   11" in text and "2021 ( 1 months)  record    -" in text
