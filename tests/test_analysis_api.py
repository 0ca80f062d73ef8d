"""``analysis.RunDirectory`` from Python: report, compare, replay, as the command line does."""

from __future__ import annotations

import csv
from pathlib import Path

import pandas as pd
import pytest

import analysis
import sim
from analysis.cli import main
from analysis.compare import compare_runs
from analysis.load import RunDirectory as PlainRunDirectory

STEPS = 12


@pytest.fixture(scope="module")
def pair(tmp_path_factory: pytest.TempPathFactory) -> tuple[sim.Result, sim.Result]:
    out = tmp_path_factory.mktemp("runs")
    base = sim.run("baseline_2019", replications=4, steps=STEPS, out=out)
    whatif = sim.run("whatif_no_linkage", replications=4, steps=STEPS, out=out)
    return base, whatif


def test_run_directory_opens_a_path_a_result_or_a_loaded_one(pair) -> None:
    base, _ = pair
    for given in (base, base.run_dir, str(base.run_dir), PlainRunDirectory(base.run_dir)):
        with analysis.RunDirectory(given) as rd:
            assert rd.path == base.run_dir and rd.kind == "scenario"
            assert rd.runs["run_id"].tolist() == base.runs["run_id"].tolist()
            count = rd.query("SELECT count(*) AS n FROM steps")["n"].iloc[0]
            assert count == len(base.steps)


def test_compare_is_the_command_lines_table(pair, tmp_path: Path) -> None:
    base, whatif = pair
    with analysis.RunDirectory(base) as rd:
        table = rd.compare(whatif)
    expected = compare_runs(PlainRunDirectory(base.run_dir), PlainRunDirectory(whatif.run_dir))
    pd.testing.assert_frame_equal(table, expected)
    assert main(["compare", str(base.run_dir), str(whatif.run_dir), "--out", str(tmp_path)]) == 0
    written = pd.read_csv(tmp_path / "compare.csv")
    pd.testing.assert_series_equal(written["difference"], table["difference"])


def test_replay_is_what_the_command_line_writes(pair, tmp_path: Path, capsys) -> None:
    base, _ = pair
    with analysis.RunDirectory(base) as rd:
        score = rd.replay()
    assert score.facts.index.tolist() == base.runs["run_id"].tolist()
    assert 0.0 <= score.brier <= 1.0
    assert main(["replay", str(base.run_dir), "--out", str(tmp_path)]) == 0
    assert f"Brier score (event occurrence): {score.brier:.3f}" in capsys.readouterr().out
    with open(tmp_path / "facts.csv", newline="") as handle:
        shares = {row[""]: float(row["share of runs"]) for row in csv.DictReader(handle)}
    assert shares == pytest.approx(score.fact_shares().to_dict())


def test_report_writes_the_page_and_prints_nothing(pair, tmp_path: Path, capsys) -> None:
    base, _ = pair
    messages: list[str] = []
    with analysis.RunDirectory(base) as rd:
        page = rd.report(out=tmp_path / "report", log=messages.append)
    assert page == tmp_path / "report" / "report.html" and page.is_file()
    assert "baseline_2019" in page.read_text(encoding="utf-8")
    assert list((tmp_path / "report" / "figures").glob("*.png"))
    assert messages and capsys.readouterr() == ("", "")


def test_errors_carry_the_command_lines_line(pair, tmp_path: Path, capsys) -> None:
    missing = tmp_path / "nowhere"
    with pytest.raises(sim.SimError) as info:
        analysis.RunDirectory(missing)
    assert main(["report", str(missing)]) == 2
    assert capsys.readouterr().err == f"error: {info.value}\n"
    with pytest.raises(sim.SimError, match="no run directory: run it with out=FOLDER"):
        analysis.RunDirectory(sim.run("baseline_2019", replications=1, steps=2))
    base, _ = pair
    with analysis.RunDirectory(base) as rd, pytest.raises(sim.SimError) as info:
        rd.report(by="mechanisms.rally_strength")
    assert main(["report", str(base.run_dir), "--by", "mechanisms.rally_strength"]) == 2
    assert capsys.readouterr().err == f"error: {info.value}\n"
    with analysis.RunDirectory(base) as rd, pytest.raises(sim.SimError, match="lhs sweep"):
        rd.calibrate()


def test_exports() -> None:
    assert {"RunDirectory", "RunDirectoryError"} <= set(dir(analysis))
    assert issubclass(analysis.RunDirectory, PlainRunDirectory)
    with pytest.raises(AttributeError):
        analysis.nothing  # noqa: B018
