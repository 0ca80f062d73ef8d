"""``python -m analysis report``: every figure, tables equal to independent aggregates."""

from __future__ import annotations

import hashlib

import numpy as np
import pandas as pd
import pytest
from analysis_support import DRIVER, DUMMY, SENSITIVITY_RANGES, scenario_run, sweep_file, sweep_run

from analysis.cli import main
from sim.cli import ExitCode

SCENARIO_FIGURES = ("cohesion_trajectories", "event_timeline", "summary_distributions")
SWEEP_FIGURES = (*SCENARIO_FIGURES, "heatmap_1", "sensitivity", "prim_boxes")


def digest(folder):
    """A hash of every file the run itself wrote (the report must leave them alone)."""
    files = sorted(p for p in folder.rglob("*") if p.is_file() and "report" not in p.parts)
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in files}


@pytest.fixture(scope="module")
def scenario_report(tmp_path_factory):
    run_dir = scenario_run(tmp_path_factory.mktemp("scenario"))
    before = digest(run_dir)
    assert main(["report", str(run_dir), "-q"]) == ExitCode.OK
    assert digest(run_dir) == before
    return run_dir, run_dir / "report"


@pytest.fixture(scope="module")
def sweep_report(tmp_path_factory):
    folder = tmp_path_factory.mktemp("sobol")
    path = sweep_file(folder, "sobol", samples=16, second_order=False,
                      uncertainties=SENSITIVITY_RANGES)  # fmt: skip
    run_dir = sweep_run(folder / "out", path)
    assert main(["report", str(run_dir), "--out", str(folder / "rep"), "-q"]) == ExitCode.OK
    return run_dir, folder / "rep"


def assert_figures(report, names):
    for name in names:
        png = report / "figures" / f"{name}.png"
        assert png.is_file() and png.stat().st_size > 5_000, name
        assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_scenario_report_has_every_figure_and_is_self_contained(scenario_report):
    run_dir, report = scenario_report
    assert_figures(report, SCENARIO_FIGURES)
    page = (report / "report.html").read_text()
    assert page.count("data:image/png;base64,") == len(SCENARIO_FIGURES)
    assert "<img" in page and 'src="figures' not in page
    assert "baseline_2019" in page and "20190809" in page  # the scenario and its seed
    assert set(pd.read_csv(report / "tables" / "trajectories.csv")["grp"]) == {"baseline_2019"}
    seeds = pd.read_parquet(run_dir / "runs.parquet")["seed"]
    assert all(str(s) in page for s in seeds)  # 4 runs: every seed is shown


def test_trajectories_equal_pandas_aggregates(scenario_report):
    run_dir, report = scenario_report
    table = pd.read_csv(report / "tables" / "trajectories.csv")
    steps = pd.read_parquet(run_dir / "steps.parquet")
    for metric in ("cohesion_usa_rok", "cohesion_rok_jpn", "trilateral_cohesion"):
        rows = table[table["metric"] == metric].set_index("step").sort_index()
        by_step = steps.groupby("step")[metric]
        np.testing.assert_allclose(rows["mean"], by_step.mean())
        np.testing.assert_allclose(rows["sd"], by_step.std(ddof=1))
        np.testing.assert_allclose(rows["p05"], by_step.quantile(0.05))
        np.testing.assert_allclose(rows["p75"], by_step.quantile(0.75))
        assert (rows["runs"] == 4).all()


def test_summaries_and_events_equal_pandas_aggregates(scenario_report):
    run_dir, report = scenario_report
    runs = pd.read_parquet(run_dir / "runs.parquet")
    summaries = pd.read_csv(report / "tables" / "summaries.csv").set_index("summary")
    for name in ("mean_trilateral_cohesion", "min_trilateral_cohesion", "total_provocations"):
        values = runs[name].astype(float)
        assert summaries.loc[name, "mean"] == pytest.approx(values.mean())
        assert summaries.loc[name, "max"] == pytest.approx(values.max())
        assert summaries.loc[name, "p50"] == pytest.approx(values.median())
    terminated = summaries.loc["gsomia_terminated", "mean"]
    assert terminated == pytest.approx(runs["gsomia_terminated"].mean())
    events = pd.read_parquet(run_dir / "events.parquet")
    timeline = pd.read_csv(report / "tables" / "event_timeline.csv")
    launches = events[events["kind"] == "provocation"].groupby("step")["run_id"].nunique()
    shown = timeline[timeline["kind"] == "provocation"].set_index("step")["share"]
    np.testing.assert_allclose(shown.sort_index(), launches.sort_index() / len(runs))
    assert "offer" not in set(timeline["kind"])  # not salient
    totals = pd.read_csv(report / "tables" / "event_totals.csv").set_index("kind")
    assert totals.loc["offer", "events"] == (events["kind"] == "offer").sum()


def test_sweep_report_has_every_figure_and_table(sweep_report):
    run_dir, report = sweep_report
    assert_figures(report, SWEEP_FIGURES)
    for name in ("sensitivity", "prim_boxes", "prim_limits", "heatmap_1", "seeds"):
        assert len(pd.read_csv(report / "tables" / f"{name}.csv")) > 0, name
    assert not (run_dir / "report").exists()  # --out was given


def lower_bound(label: str) -> float:
    """The low end of a bin label ``[low, high)``."""
    return float(label.strip("[(").split(",")[0])


def test_heatmap_equals_pandas_aggregates(sweep_report):
    run_dir, report = sweep_report
    runs = pd.read_parquet(run_dir / "runs.parquet")
    table = pd.read_csv(report / "tables" / "heatmap_1.csv")
    assert set(table["x"]) == {DUMMY} and set(table["y"]) == {DRIVER}
    assert table["runs"].sum() == len(runs)
    table = table.assign(x_low=table["x_level"].map(lower_bound),
                         y_low=table["y_level"].map(lower_bound))  # fmt: skip
    table = table.sort_values(["x_low", "y_low"])
    cells = [pd.cut(runs[key], bins=4, include_lowest=True).cat.codes for key in (DUMMY, DRIVER)]
    expected = runs.groupby(cells)[["mean_trilateral_cohesion", "min_trilateral_cohesion"]]
    np.testing.assert_array_equal(table["runs"], expected.size())
    np.testing.assert_allclose(table["mean_cohesion"], expected.mean()["mean_trilateral_cohesion"])
    np.testing.assert_allclose(table["mean_min_cohesion"],
                               expected.mean()["min_trilateral_cohesion"])  # fmt: skip


def test_prim_finds_low_rally_strength(sweep_report):
    _, report = sweep_report
    boxes = pd.read_csv(report / "tables" / "prim_boxes.csv")
    limits = pd.read_csv(report / "tables" / "prim_limits.csv")
    first = limits[limits["box"] == 1].set_index("parameter")
    assert DRIVER in first.index and first.loc[DRIVER, "high"] < 0.6
    assert boxes.loc[0, "coverage"] >= 0.5
    assert boxes.loc[0, "density"] > 2 * 0.25  # twice the base rate (the lowest quarter)
