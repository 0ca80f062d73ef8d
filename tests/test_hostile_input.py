"""Hostile input ends with exit 2 and one line, or is accepted and correct (issue 13)."""

from __future__ import annotations

import json
import os

import pytest
from sweep_support import BASELINE, sweep_table, write_sweep

from analysis.cli import main as analysis_main
from sim.cli import main
from sim.commandline import ExitCode
from sim.config.files import MAX_DEPTH, MAX_EXTENDS, MAX_FILE_BYTES


def bad_input(capsys, code: int, *words: str) -> str:
    """Assert exit 2 and one line on stderr holding ``words``; return the line."""
    err = capsys.readouterr().err
    assert code == ExitCode.BAD_INPUT, err
    assert err.count("\n") == 1 and err.startswith("error: ") and "Traceback" not in err
    for word in words:
        assert word in err
    return err


def test_a_deeply_nested_file_is_one_line(tmp_path, capsys):
    deep = tmp_path / "deep.toml"
    deep.write_text("a = " + "[" * 5000 + "]" * 5000 + "\n")  # 10 KB
    bad_input(capsys, main(["run", str(deep), "-q"]), "nested")
    shallow = tmp_path / "shallow.toml"
    shallow.write_text("a = " + "[" * (MAX_DEPTH + 2) + "]" * (MAX_DEPTH + 2) + "\n")
    bad_input(capsys, main(["validate", str(shallow)]), f"more than {MAX_DEPTH} deep")


def test_a_long_extends_chain_is_one_line(tmp_path, capsys):
    for i in range(200):
        (tmp_path / f"e{i}.toml").write_text(f'extends = "e{i + 1}.toml"\n')
    (tmp_path / "e200.toml").write_text(f'extends = "{BASELINE}"\n')
    bad_input(capsys, main(["run", str(tmp_path / "e0.toml"), "-q"]), f"{MAX_EXTENDS} files")


def test_only_regular_files_of_bounded_size_are_read(tmp_path, capsys):
    fifo = tmp_path / "fifo.toml"
    os.mkfifo(fifo)  # reading it would block for ever
    bad_input(capsys, main(["run", str(fifo), "-q"]), "not a regular file")
    bad_input(capsys, main(["run", "/dev/zero", "-q"]), "not a regular file")
    big = tmp_path / "big.toml"
    big.write_text("# " + "x" * MAX_FILE_BYTES + "\n")
    bad_input(capsys, main(["validate", str(big)]), "at most")


def test_a_scenario_named_dot_would_be_hidden(tmp_path, capsys):
    code = main(["run", str(BASELINE), "--set", "scenario.name=.", "--out", str(tmp_path), "-q"])
    bad_input(capsys, code, "scenario.name", "hidden")
    assert list(tmp_path.iterdir()) == []


def test_an_empty_table_override_runs_and_is_stored(tmp_path):
    args = ["--replications", "2", "--steps", "2", "-q", "--out", str(tmp_path)]
    for key in ("mechanisms", "agenda", "metrics"):
        assert main(["run", str(BASELINE), "--set", f"{key}={{}}", *args]) in (0, 1)


@pytest.mark.parametrize(
    "change, key",
    [
        ({"levers": {"mechanisms": {"rally_strength": [0.5]}}}, "given twice"),
        ({"fixed": {"mechanisms.rally_strength": 0.3}}, "also swept"),
        ({"fixed": {"scenario.steps": 4}}, "sweep.steps sets it too"),
    ],
    ids=["quoted and dotted", "fixed and swept", "steps twice"],
)
def test_a_sweep_parameter_given_twice_is_refused(tmp_path, capsys, change, key):
    table = sweep_table(executor={"kind": "serial"})
    table["levers"]["mechanisms.rally_strength"] = [0.1, 0.2]
    del table["uncertainties"]
    for section, values in change.items():
        table.setdefault(section, {}).update(values)
    path = write_sweep(tmp_path, table)
    bad_input(capsys, main(["sweep", str(path), "--out", str(tmp_path / "o"), "-q"]), key)
    assert not (tmp_path / "o").exists()


@pytest.mark.parametrize(
    "option, value, words",
    [
        ("--time-limit", "nan", ["--time-limit"]),
        ("--time-limit", "-1", ["--time-limit"]),
        ("--workers", "100000", ["--workers", "per core"]),
    ],
)
def test_bad_sweep_options_are_refused(tmp_path, capsys, option, value, words):
    path = write_sweep(tmp_path, sweep_table(executor={"kind": "serial"}))
    code = main(["sweep", str(path), option, value, "--out", str(tmp_path / "o"), "-q"])
    bad_input(capsys, code, *words)
    assert not (tmp_path / "o").exists()


def test_sweep_out_inside_a_file_is_refused(tmp_path, capsys):
    path = write_sweep(tmp_path, sweep_table(executor={"kind": "serial"}))
    (tmp_path / "f").write_text("x")
    code = main(["sweep", str(path), "--out", str(tmp_path / "f" / "sub"), "-q"])
    bad_input(capsys, code, "--out")


def test_a_reused_pid_in_the_manifest_does_not_block_resume(tmp_path, capsys):
    path = write_sweep(tmp_path, sweep_table(executor={"kind": "serial"}))
    assert main(["sweep", str(path), "--out", str(tmp_path / "o"), "-q"]) == 0
    (run_dir,) = (tmp_path / "o").iterdir()
    manifest = json.loads((run_dir / "manifest.json").read_text())
    manifest["status"] = "running"
    manifest["process"]["pid"] = os.getppid()  # alive, but not running the sweep
    (run_dir / "manifest.json").write_text(json.dumps(manifest))
    assert main(["sweep", "--resume", str(run_dir), "-q"]) == ExitCode.OK


@pytest.fixture(scope="module")
def scenario_dir(tmp_path_factory):
    """A small scenario run directory."""
    out = tmp_path_factory.mktemp("run")
    assert main(["run", str(BASELINE), "--replications", "2", "--steps", "2", "-q",
                 "--out", str(out)]) == 0  # fmt: skip
    (run_dir,) = out.iterdir()
    return run_dir


@pytest.mark.parametrize("command", ["report", "compare", "replay"])
def test_analysis_out_inside_a_file_is_refused(tmp_path, capsys, scenario_dir, command):
    (tmp_path / "f").write_text("x")
    runs = [str(scenario_dir)] * (2 if command == "compare" else 1)
    code = analysis_main([command, *runs, "--out", str(tmp_path / "f" / "sub")])
    bad_input(capsys, code, "--out")


def test_comparing_a_directory_with_itself_warns(capsys, scenario_dir):
    assert analysis_main(["compare", str(scenario_dir), str(scenario_dir)]) == 0
    assert "warning: A and B are the same run directory" in capsys.readouterr().err


def test_run_resume_takes_nothing_else(capsys, scenario_dir):
    code = main(["run", str(BASELINE), "--resume", str(scenario_dir), "-q"])
    bad_input(capsys, code, "--resume")
    code = main(["run", "--resume", str(scenario_dir), "--seed", "3", "-q"])
    bad_input(capsys, code, "--resume")


def test_run_resume_of_a_sweep_or_nothing_is_one_line(tmp_path, capsys):
    bad_input(capsys, main(["run", "--resume", str(tmp_path / "none")]), "no such run directory")
    path = write_sweep(tmp_path, sweep_table(executor={"kind": "serial"}))
    assert main(["sweep", str(path), "--out", str(tmp_path / "o"), "-q"]) == 0
    (run_dir,) = (tmp_path / "o").iterdir()
    bad_input(capsys, main(["run", "--resume", str(run_dir)]), "sweep --resume")


def test_resuming_a_complete_run_runs_nothing(capsys, scenario_dir):
    before = (scenario_dir / "steps.parquet").read_bytes()
    assert main(["run", "--resume", str(scenario_dir), "-q"]) == ExitCode.OK
    assert (scenario_dir / "steps.parquet").read_bytes() == before
    manifest = json.loads((scenario_dir / "manifest.json").read_text())
    assert manifest["status"] == "complete" and len(manifest["sessions"]) == 2


def test_a_vanishing_gdp_is_bad_input_not_a_division_by_zero(tmp_path, capsys):
    from sim.cli import main

    code = main(["validate", "baseline_2019"])
    assert code == 0
    capsys.readouterr()
    code = main(
        [
            "run",
            "baseline_2019",
            "--set",
            "actors.ROK.gdp=5e-324",
            "--out",
            str(tmp_path),
        ]
    )
    err = capsys.readouterr().err.strip()
    assert code == 2 and "\n" not in err
    assert "actors.ROK.gdp" in err
    assert not any(tmp_path.iterdir())


def test_a_calendar_past_year_9999_is_bad_input(tmp_path, capsys):
    from sim.cli import main

    args = ["run", "baseline_2019", "--set", 'scenario.start="9999-12"']
    code = main([*args, "--out", str(tmp_path)])
    err = capsys.readouterr().err.strip()
    assert code == 2 and "\n" not in err
    assert "9999-12" in err and "scenario" in err
    assert not any(tmp_path.iterdir())
    ok = main(
        [*args[:-1], 'scenario.start="9999-11"', "--steps", "1", "-q", "--out", str(tmp_path)]
    )
    assert ok == 0
