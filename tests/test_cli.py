"""The command line end to end: ``sim.cli.main(argv)`` in process, and one real subprocess."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import tomllib
from pathlib import Path
from typing import Any

import pyarrow.parquet as pq
import pytest
from conftest import BASELINE, write_toml
from property import apply_change

from agents.policies import ALL_POLICIES, FAMILIES, REGISTRY
from sim.cli import main
from sim.config import load_scenario

STEP_METRICS = [
    "cohesion_usa_rok",
    "cohesion_usa_jpn",
    "cohesion_rok_jpn",
    "trilateral_cohesion",
    "threat_rok",
    "threat_jpn",
    "abandonment_fear_rok",
    "abandonment_fear_jpn",
    "entrapment_fear_rok",
    "entrapment_fear_jpn",
    "burden_share_rok",
    "burden_share_jpn",
    "provocations",
    "retaliations",
    "gsomia_active",
    "export_controls_active",
]
RUN_SUMMARIES = [
    "mean_trilateral_cohesion",
    "min_trilateral_cohesion",
    "final_trilateral_cohesion",
    "crisis_months",
    "sma_agreed_step",
    "gsomia_terminated",
    "total_provocations",
    "total_retaliations",
]
RUN_FILES = {"manifest.json", "config.toml", "steps.parquet", "runs.parquet", "events.parquet"}


def cli(capsys: pytest.CaptureFixture[str], *argv: Any) -> tuple[int, str, str]:
    """Run ``main`` with ``argv``; return exit code, stdout and stderr."""
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


def run_dir_of(out: str) -> Path:
    """The run directory printed as the last line of stdout."""
    path = Path(out.rstrip("\n").splitlines()[-1])
    assert path.is_dir(), out
    return path


def quick_run(capsys: pytest.CaptureFixture[str], out: Path, *extra: Any) -> Path:
    """A short quiet run of the baseline (2 replications x 12 months); its run directory."""
    code, stdout, err = cli(
        capsys, "run", BASELINE, "--replications", 2, "--steps", 12, "-q", "--out", out, *extra
    )
    assert code == 0, err
    assert err == ""
    assert len(stdout.splitlines()) == 1  # quiet: only the run directory
    return run_dir_of(stdout)


# --------------------------------------------------------------------------------------
# One real process.
# --------------------------------------------------------------------------------------


def test_subprocess_run_writes_a_complete_run_directory(tmp_path: Path) -> None:
    out = tmp_path / "out"
    work = tmp_path / "cwd"
    work.mkdir()
    argv = ["run", str(BASELINE), "--replications", "3", "-q", "--out", str(out)]
    proc = subprocess.run(
        [sys.executable, "-m", "sim", *argv],
        cwd=work,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    assert "Traceback" not in proc.stderr
    run_dir = Path(proc.stdout.rstrip("\n").splitlines()[-1])
    assert run_dir.is_dir()
    assert run_dir.parent == out
    assert re.fullmatch(r"baseline_2019-\d{8}-\d{6}(-\d+)?", run_dir.name)
    assert os.listdir(out) == [run_dir.name]  # no temporary leftovers
    assert os.listdir(work) == []  # nothing written to the working directory
    assert set(os.listdir(run_dir)) >= RUN_FILES

    steps = pq.read_table(run_dir / "steps.parquet").to_pandas()
    assert {"run_id", "step", "date", *STEP_METRICS} <= set(steps.columns)
    assert len(steps) == 3 * 36
    assert not steps.duplicated(["run_id", "step"]).any()
    assert steps["run_id"].nunique() == 3
    for _, group in steps.groupby("run_id"):
        assert sorted(group["step"]) == list(range(1, 37))
        dates = dict(zip(group["step"], group["date"], strict=True))
        assert (dates[1], dates[36]) == ("2019-07", "2022-06")
    assert steps["date"].str.fullmatch(r"\d{4}-(0[1-9]|1[0-2])").all()
    assert steps[STEP_METRICS].notna().all().all()
    assert steps["trilateral_cohesion"].between(0.0, 1.0).all()

    runs = pq.read_table(run_dir / "runs.parquet").to_pandas()
    assert {"run_id", "seed", "replicate", "status", "error", *RUN_SUMMARIES} <= set(runs.columns)
    assert len(runs) == 3
    assert sorted(runs["replicate"]) == [0, 1, 2]
    assert set(runs["run_id"]) == set(steps["run_id"])
    assert (runs["status"] == "ok").all()
    assert runs["seed"].nunique() == 3
    agreed = runs["sma_agreed_step"].dropna()
    assert agreed.between(1, 36).all()

    events = pq.read_table(run_dir / "events.parquet").to_pandas()
    assert {"run_id", "step", "actor", "kind", "target", "magnitude"} <= set(events.columns)
    assert set(events["run_id"]) <= set(runs["run_id"])
    assert events["step"].between(1, 36).all()
    per_run = runs.set_index("run_id")["total_provocations"].sort_index()
    assert per_run.sum() > 0
    from_steps = steps.groupby("run_id")["provocations"].sum().sort_index()
    assert from_steps.tolist() == per_run.tolist()
    launches = events[events["kind"] == "provocation"].groupby("run_id").size()
    assert launches.reindex(per_run.index, fill_value=0).tolist() == per_run.tolist()

    manifest = json.loads((run_dir / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["format_version"] == 1
    assert manifest["command"][-len(argv) :] == argv
    assert manifest["seeds"]["scenario_seed"] == 20190809
    assert manifest["seeds"]["runs"] == dict(zip(runs["run_id"], runs["seed"], strict=True))
    assert {"python", "mesa", "numpy", "pyarrow", "pydantic"} <= set(manifest["packages"])
    assert manifest["status"] == "complete"
    assert manifest["counts"] == {
        "runs": 3,
        "failed": 0,
        "steps": len(steps),
        "events": len(events),
    }
    assert manifest["overrides"] == {"run.replications": 3}

    config = tomllib.loads((run_dir / "config.toml").read_text(encoding="utf-8"))
    assert manifest["config"] == config
    again = load_scenario(run_dir / "config.toml")
    original = load_scenario(BASELINE, ["run.replications=3"])
    assert again.resolved_table() == original.resolved_table()
    assert again.spec.run.replications == 3


# --------------------------------------------------------------------------------------
# run, in process.
# --------------------------------------------------------------------------------------


def test_summary_names_the_dyads_and_ends_with_the_run_directory(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    out = tmp_path / "out"
    code, stdout, _ = cli(capsys, "run", BASELINE, "--replications", 2, "--out", out)
    assert code == 0
    lines = stdout.rstrip("\n").splitlines()
    assert lines[0].startswith("baseline_2019: 2 run(s) x 36 months")
    labels = [line.split()[0] for line in lines if line.strip()]
    for dyad in ("USA-ROK", "USA-JPN", "ROK-JPN", "trilateral"):
        assert dyad in labels
    run_dir = run_dir_of(stdout)
    assert run_dir.parent == out
    assert lines[-1] == str(run_dir)
    assert set(os.listdir(run_dir)) >= RUN_FILES


def test_quiet_prints_only_the_run_directory(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    run_dir = quick_run(capsys, tmp_path / "out")
    manifest = json.loads((run_dir / "manifest.json").read_text())
    assert manifest["counts"]["runs"] == 2
    assert manifest["counts"]["steps"] == 24


def test_set_changes_the_result_and_is_recorded(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    base_dir = quick_run(capsys, tmp_path / "base")
    base_runs = pq.read_table(base_dir / "runs.parquet").to_pandas()
    assert base_runs["total_provocations"].sum() > 0  # the baseline DPRK does launch

    quiet_dir = quick_run(
        capsys,
        tmp_path / "quiet",
        "--set",
        'actors.PRK.provocation={policy = "none"}',
        "--set",
        "mechanisms.rally_strength=0.05",
    )
    steps = pq.read_table(quiet_dir / "steps.parquet").to_pandas()
    runs = pq.read_table(quiet_dir / "runs.parquet").to_pandas()
    events = pq.read_table(quiet_dir / "events.parquet").to_pandas()
    assert (steps["provocations"] == 0).all()
    assert (runs["total_provocations"] == 0).all()
    assert "provocation" not in set(events["kind"])

    assert (runs["mechanisms.rally_strength"] == 0.05).all()
    assert "actors.PRK.provocation" in runs.columns
    manifest = json.loads((quiet_dir / "manifest.json").read_text())
    assert manifest["overrides"]["mechanisms.rally_strength"] == 0.05
    assert manifest["overrides"]["actors.PRK.provocation"] == {"policy": "none"}
    config = tomllib.loads((quiet_dir / "config.toml").read_text())
    assert config["mechanisms"]["rally_strength"] == 0.05
    assert config["actors"]["PRK"]["provocation"] == {"policy": "none"}
    assert "mechanisms.rally_strength" not in base_runs.columns


def test_same_seed_gives_identical_steps_and_other_seed_differs(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    first = quick_run(capsys, tmp_path / "a", "--seed", 7)
    second = quick_run(capsys, tmp_path / "b", "--seed", 7)
    default = quick_run(capsys, tmp_path / "c")
    steps_first = pq.read_table(first / "steps.parquet")
    steps_second = pq.read_table(second / "steps.parquet")
    steps_default = pq.read_table(default / "steps.parquet")
    assert steps_first.num_rows == 24
    assert steps_first.equals(steps_second)
    assert pq.read_table(first / "events.parquet").equals(pq.read_table(second / "events.parquet"))
    assert steps_first.schema == steps_default.schema
    assert not steps_first.equals(steps_default)

    manifests = [json.loads((d / "manifest.json").read_text()) for d in (first, default)]
    assert manifests[0]["seeds"]["scenario_seed"] == 7
    assert manifests[1]["seeds"]["scenario_seed"] == 20190809
    assert manifests[0]["seeds"]["runs"] != manifests[1]["seeds"]["runs"]
    runs = pq.read_table(first / "runs.parquet").to_pandas()
    assert (runs["scenario.seed"] == 7).all()


def test_steps_and_replications_options(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    run_dir = quick_run(capsys, tmp_path / "out", "--steps", 5, "--replications", 4)
    steps = pq.read_table(run_dir / "steps.parquet").to_pandas()
    assert len(steps) == 4 * 5
    assert steps["step"].max() == 5
    assert pq.read_table(run_dir / "runs.parquet").num_rows == 4


# --------------------------------------------------------------------------------------
# validate and policies.
# --------------------------------------------------------------------------------------


def test_validate_prints_one_ok_line_and_writes_nothing(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    code, out, err = cli(capsys, "validate", BASELINE)
    assert code == 0
    assert err == ""
    assert out.endswith("\n") and out.count("\n") == 1
    assert out.startswith(f"ok: {BASELINE}: scenario 'baseline_2019'")
    assert "36 months from 2019-07" in out
    assert os.listdir(tmp_path) == []


def test_validate_rejects_a_bad_file(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, baseline_table: dict
) -> None:
    source = write_toml(tmp_path, apply_change(baseline_table, "scenario.steps", 0))
    code, out, err = cli(capsys, "validate", source)
    assert code == 2
    assert out == ""
    assert err == f"error: {source}: scenario.steps: expected a value >= 1, got 0\n"


def test_policies_lists_every_registered_policy(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = cli(capsys, "policies")
    assert code == 0 and err == ""
    lines = out.splitlines()
    for family in FAMILIES:
        assert f"{family}:" in lines
    heads = [line for line in lines if line.startswith("  ") and line[2] != " "]
    assert len(heads) == len(ALL_POLICIES)
    for cls, head in zip(ALL_POLICIES, heads, strict=True):  # in registry order
        assert head.startswith(f"  {cls.name}")
        assert cls.description in head
    for cls in ALL_POLICIES:
        for param in cls.Params.model_fields:
            assert any(line.strip().startswith(f"{param} = ") for line in lines), param


def test_policies_names_are_separate_words(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = cli(capsys, "policies")
    assert code == 0
    heads = [line.split()[0] for line in out.splitlines() if line[:3].strip() and line[:2] == "  "]
    assert sorted(heads) == sorted(cls.name for cls in ALL_POLICIES)


# --------------------------------------------------------------------------------------
# Bad input: exit 2, one "error:" line, nothing written.
# --------------------------------------------------------------------------------------


def _file(tmp_path: Path, table: dict, path: str, value: Any) -> Path:
    return write_toml(tmp_path, apply_change(table, path, value), name="bad.toml")


BAD_INPUT = {
    "unknown-key": (
        lambda d, t: ["run", _file(d, t, "mechanisms.rally_strenght", 0.1)],
        ["bad.toml: mechanisms.rally_strenght:", "did you mean 'rally_strength'"],
    ),
    "wrong-type": (
        lambda d, t: ["run", _file(d, t, "scenario.steps", "36")],
        ["bad.toml: scenario.steps:", "expected an integer"],
    ),
    "bool-for-number": (
        lambda d, t: ["run", _file(d, t, "actors.USA.gdp", True)],
        ["bad.toml: actors.USA.gdp:", "expected a number, got true"],
    ),
    "out-of-range": (
        lambda d, t: ["run", _file(d, t, "actors.ROK.abandonment_fear", 1.5)],
        ["bad.toml: actors.ROK.abandonment_fear:", "<= 1.0"],
    ),
    "unknown-policy": (
        lambda d, t: ["run", _file(d, t, "actors.PRK.provocation.policy", "quiet")],
        [
            "bad.toml: actors.PRK.provocation.policy:",
            f"valid: {', '.join(sorted(REGISTRY['provocation']))}",
        ],
    ),
    "missing-actor": (
        lambda d, t: [
            "run",
            _file(d, t, "actors", {k: v for k, v in t["actors"].items() if k != "CHN"}),
        ],
        ["bad.toml: actors.CHN:", "required key is missing"],
    ),
    "missing-file": (
        lambda d, t: ["run", d / "missing.toml"],
        ["missing.toml: no such file"],
    ),
    "malformed-toml": (
        lambda d, t: ["run", _write_text(d / "bad.toml", "[scenario\nname = 'x'\n")],
        ["bad.toml: not valid TOML"],
    ),
    "set-without-value": (
        lambda d, t: ["run", BASELINE, "--set", "scenario.steps"],
        ["--set scenario.steps", "expected KEY=VALUE"],
    ),
    "set-unknown-key": (
        lambda d, t: ["run", BASELINE, "--set", "mechanisms.rally_strenght=0.1"],
        ["(--set mechanisms.rally_strenght)", "did you mean 'rally_strength'"],
    ),
    "set-out-of-range": (
        lambda d, t: ["run", BASELINE, "--set", "timeline.0.magnitude=2"],
        ["(--set timeline.0.magnitude)", "<= 1.0"],
    ),
    "set-bad-index": (
        lambda d, t: ["run", BASELINE, "--set", "timeline.99.magnitude=0.5"],
        ["timeline.99", "index below"],
    ),
    "seed-not-a-number": (
        lambda d, t: ["run", BASELINE, "--seed", "abc"],
        ["--seed", "invalid int value: 'abc'"],
    ),
    "seed-negative": (
        lambda d, t: ["run", BASELINE, "--seed", "-1"],
        ["scenario.seed", ">= 0"],
    ),
    "steps-zero": (
        lambda d, t: ["run", BASELINE, "--steps", "0"],
        ["scenario.steps", ">= 1"],
    ),
    "replications-zero": (
        lambda d, t: ["run", BASELINE, "--replications", "0"],
        ["run.replications", ">= 1"],
    ),
    "unknown-option": (
        lambda d, t: ["run", BASELINE, "--frobnicate"],
        ["unrecognized arguments: --frobnicate"],
    ),
    "unknown-subcommand": (lambda d, t: ["frobnicate"], ["invalid choice: 'frobnicate'"]),
    "no-subcommand": (lambda d, t: [], ["required: command"]),
    "validate-missing-file": (
        lambda d, t: ["validate", d / "missing.toml"],
        ["missing.toml: no such file"],
    ),
}


def _write_text(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize("case", sorted(BAD_INPUT))
def test_bad_input_exits_2_with_one_error_line(
    case: str,
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    baseline_table: dict,
) -> None:
    make_argv, fragments = BAD_INPUT[case]
    argv = make_argv(tmp_path, baseline_table)
    out = tmp_path / "out"
    if argv and argv[0] == "run":
        argv += ["--out", out]
    monkeypatch.chdir(tmp_path)
    before = sorted(os.listdir(tmp_path))
    code, stdout, stderr = cli(capsys, *argv)
    assert code == 2
    assert stdout == ""
    assert stderr.startswith("error: ")
    assert stderr.count("\n") == 1 and stderr.endswith("\n")
    assert "Traceback" not in stderr
    for fragment in fragments:
        assert fragment in stderr, (fragment, stderr)
    assert not out.exists()
    assert sorted(os.listdir(tmp_path)) == before  # no runs/ folder either


def test_bad_input_leaves_an_existing_out_folder_empty(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    out = tmp_path / "out"
    out.mkdir()
    code, _, err = cli(capsys, "run", BASELINE, "--set", "scenario.steps=0", "--out", out)
    assert code == 2 and err.startswith("error: ")
    assert os.listdir(out) == []


def test_out_that_is_a_file_is_bad_input(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    out = tmp_path / "out"
    out.write_text("not a folder\n")
    code, stdout, stderr = cli(
        capsys, "run", BASELINE, "--replications", 1, "--steps", 2, "-q", "--out", out
    )
    assert code == 2
    assert stderr.startswith("error: ") and stderr.count("\n") == 1
    assert "--out" in stderr
    assert out.read_text() == "not a folder\n"
