"""The report's "Why did it choose that?": shares and term contributions, checked against an
independent computation from decisions.parquet; any decision name; the hint when off."""

from __future__ import annotations

import shutil
from collections import defaultdict

import numpy as np
import pandas as pd
import pytest
from analysis_support import BASELINE, STEPS, only_child, scenario_run
from decision_support import write_decisions

from analysis.cli import main as analysis_main
from analysis.decisions import TEXT_NAME, TITLE
from sim.cli import ExitCode
from sim.cli import main as sim_main

KEYS = ["run_id", "step", "actor", "decision", "subject"]
SETTINGS = [
    'actors.CHN.coercion.policy="strategic"',
    'actors.USA.mediation.policy="strategic"',
    "run.record_decisions=true",
]


@pytest.fixture(scope="module")
def recorded(tmp_path_factory):
    """A recording scenario run and its report folder."""
    out = tmp_path_factory.mktemp("recorded")
    sets = [item for s in SETTINGS for item in ("--set", s)]
    argv = ["run", str(BASELINE), "--replications", "4", "--steps", str(STEPS), "-q", *sets]
    assert sim_main([*argv, "--out", str(out)]) == ExitCode.OK
    run_dir = only_child(out)
    assert analysis_main(["report", str(run_dir), "-q"]) == ExitCode.OK
    return run_dir, run_dir / "report"


@pytest.fixture(scope="module")
def unrecorded(tmp_path_factory):
    """A scenario run without decisions, and its report folder."""
    run_dir = scenario_run(tmp_path_factory.mktemp("unrecorded"), replications=2)
    assert analysis_main(["report", str(run_dir), "-q"]) == ExitCode.OK
    return run_dir, run_dir / "report"


def expected_terms(frame: pd.DataFrame) -> tuple[dict, dict]:
    """Independently: mean contribution per (actor, decision, option, term, mechanism), and
    the mean margin per (actor, decision, option), over decisions with an alternative."""
    sums: dict[tuple, float] = defaultdict(float)
    margins: dict[tuple, list[float]] = defaultdict(list)
    for key, rows in frame.groupby(KEYS, sort=False):
        options = rows.drop_duplicates("option")
        chosen = options[options["chosen"]].iloc[0]
        others = options[~options["chosen"] & np.isfinite(options["utility"])]
        if others.empty:
            continue
        rival = others.sort_values(["utility", "option"], ascending=[False, True]).iloc[0]
        group = (key[2], key[3], chosen["option"])
        margins[group].append(chosen["utility"] - rival["utility"])
        for row in rows[rows["option"].isin([chosen["option"], rival["option"]])].itertuples():
            if not row.term:
                continue
            value = 0.0 if row.knocked else row.value
            sign = 1.0 if row.option == chosen["option"] else -1.0
            sums[(*group, row.term, row.mechanism)] += sign * value
    means = {k: total / len(margins[k[:3]]) for k, total in sums.items()}
    return means, {k: float(np.mean(v)) for k, v in margins.items()}


def test_the_report_has_the_section_and_the_text(recorded):
    _, report = recorded
    assert TITLE in (report / "report.html").read_text()
    text = (report / TEXT_NAME).read_text()
    assert text.startswith(TITLE)
    assert "CHN coercion (96 decisions)" in text  # 2 allies x 12 months x 4 runs
    assert "USA mediation (48 decisions)" in text
    assert "mean margin" in text
    png = report / "figures" / "why_chosen.png"
    assert png.is_file() and png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_option_shares_match_the_file(recorded):
    run_dir, report = recorded
    frame = pd.read_parquet(run_dir / "decisions.parquet")
    options = frame.drop_duplicates([*KEYS, "option"])
    expected = options.groupby(["actor", "decision", "option"])["chosen"].sum()
    table = pd.read_csv(report / "tables" / "why_chosen_options.csv")
    got = table.set_index(["actor", "decision", "option"])["chosen"]
    assert got.sort_index().to_dict() == expected.astype(int).sort_index().to_dict()
    assert np.allclose(table.groupby(["actor", "decision"])["share"].sum(), 1.0)
    probability = options.groupby(["actor", "decision", "option"])["probability"].mean()
    assert np.allclose(table.set_index(["actor", "decision", "option"])["mean_probability"]
                       .sort_index(), probability.sort_index())  # fmt: skip


def test_contributions_match_an_independent_computation_and_sum_to_the_margin(recorded):
    run_dir, report = recorded
    frame = pd.read_parquet(run_dir / "decisions.parquet")
    means, margins = expected_terms(frame)
    terms = pd.read_csv(report / "tables" / "why_chosen_terms.csv", keep_default_na=False)
    got = {
        (r.actor, r.decision, r.option, r.term, r.mechanism): r.mean_contribution
        for r in terms.itertuples()
    }
    assert got.keys() == means.keys()
    assert all(abs(got[k] - means[k]) < 1e-9 for k in means)
    options = pd.read_csv(report / "tables" / "why_chosen_options.csv")
    for group, margin in margins.items():
        row = options.set_index(["actor", "decision", "option"]).loc[group]
        assert abs(row["mean_margin"] - margin) < 1e-9
        total = sum(v for k, v in got.items() if k[:3] == group)
        assert abs(total - margin) < 1e-9, group


def test_without_decisions_the_section_says_how_to_record_them(unrecorded):
    run_dir, report = unrecorded
    assert not (run_dir / "decisions.parquet").exists()
    text = (report / TEXT_NAME).read_text()
    assert "run.record_decisions=true" in text
    page = (report / "report.html").read_text()
    assert TITLE in page and "run.record_decisions=true" in page


def test_a_new_decision_name_shows_up_with_no_code_change(unrecorded, tmp_path):
    source, _ = unrecorded
    run_dir = tmp_path / "copy"
    shutil.copytree(source, run_dir, ignore=shutil.ignore_patterns("report"))
    table = write_decisions(run_dir).to_pandas()
    assert analysis_main(["report", str(run_dir), "--out", str(tmp_path / "rep"), "-q"]) == 0
    text = (tmp_path / "rep" / TEXT_NAME).read_text()
    assert "XYZ invented_ask (30 decisions)" in text and "defer 0.0 %" in text
    terms = pd.read_csv(tmp_path / "rep" / "tables" / "why_chosen_terms.csv")
    means, _ = expected_terms(table)
    got = {
        (r.actor, r.decision, r.option, r.term, r.mechanism): r.mean_contribution
        for r in terms.itertuples()
    }
    assert got.keys() == means.keys() and all(abs(got[k] - means[k]) < 1e-9 for k in means)
