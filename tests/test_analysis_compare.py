"""``python -m analysis compare``: differences of the run summaries with Welch intervals."""

from __future__ import annotations

import pandas as pd
import pytest
from analysis_support import WHATIF, scenario_run
from scipy import stats

from analysis.cli import main
from analysis.compare import compare_runs
from analysis.load import RunDirectory
from sim.cli import ExitCode


@pytest.fixture(scope="module")
def pair(tmp_path_factory):
    base = scenario_run(tmp_path_factory.mktemp("base"), replications=6)
    whatif = scenario_run(tmp_path_factory.mktemp("whatif"), WHATIF, replications=6)
    return base, whatif


def test_differences_and_intervals_equal_scipy(pair):
    base, whatif = pair
    table = compare_runs(RunDirectory(base), RunDirectory(whatif)).set_index("summary")
    a = pd.read_parquet(base / "runs.parquet")
    b = pd.read_parquet(whatif / "runs.parquet")
    for name in ("mean_trilateral_cohesion", "min_trilateral_cohesion", "total_provocations"):
        row = table.loc[name]
        assert row["difference"] == pytest.approx(b[name].mean() - a[name].mean())
        test = stats.ttest_ind(b[name], a[name], equal_var=False)
        low, high = test.confidence_interval(0.95)
        assert (row["ci_low"], row["ci_high"]) == (pytest.approx(low), pytest.approx(high))
        assert row["p_value"] == pytest.approx(test.pvalue)


def test_a_run_against_itself_differs_by_nothing(pair):
    base, _ = pair
    table = compare_runs(RunDirectory(base), RunDirectory(base))
    assert (table["difference"].dropna().abs() < 1e-12).all()
    assert table["difference"].notna().sum() >= 10
    spread = table.dropna(subset=["ci_low"])
    assert ((spread["ci_low"] <= 0) & (spread["ci_high"] >= 0)).all()


def test_compare_command_prints_and_writes(pair, tmp_path, capsys):
    base, whatif = pair
    assert main(["compare", str(base), str(whatif), "--out", str(tmp_path)]) == ExitCode.OK
    out = capsys.readouterr().out
    assert "baseline_2019" in out and "whatif_no_linkage" in out
    assert "mean_trilateral_cohesion" in out
    assert len(pd.read_csv(tmp_path / "compare.csv")) >= 10
    assert (tmp_path / "compare.png").stat().st_size > 5_000
