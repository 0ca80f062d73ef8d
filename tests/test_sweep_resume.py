"""Resume after Ctrl-C, a crash or kill -9 finishes a sweep as if it had never stopped."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from sweep_support import ROOT, assert_same_results, only_child, sweep_table, write_sweep

import sim.sweep.engine
import sim.sweep.executors
from sim.cli import ExitCode, main
from sim.sweep import SweepOptions, load_sweep, run_sweep

pytestmark = pytest.mark.filterwarnings("ignore:This process .* is multi-threaded")


def interrupt_after(monkeypatch, chunks: int) -> None:
    """The serial executor raises KeyboardInterrupt when starting chunk ``chunks + 1``."""
    real = sim.sweep.executors.run_chunk
    calls = []

    def run_chunk(task):
        calls.append(task)
        if len(calls) > chunks:
            raise KeyboardInterrupt
        return real(task)

    monkeypatch.setattr(sim.sweep.executors, "run_chunk", run_chunk)


def test_resume_after_ctrl_c_equals_an_uninterrupted_sweep(tmp_path, monkeypatch, capsys):
    path = write_sweep(tmp_path, sweep_table(executor={"kind": "serial", "chunk_runs": 1}))
    interrupt_after(monkeypatch, 3)
    code = main(["sweep", str(path), "--out", str(tmp_path / "a"), "-q"])
    assert code == ExitCode.INTERRUPTED
    run_dir = only_child(tmp_path / "a")
    assert "3 of 8 runs finished and kept" in capsys.readouterr().err
    manifest = json.loads((run_dir / "manifest.json").read_text())
    assert manifest["status"] == "interrupted"
    assert len(list((run_dir / "runs").glob("part-*.parquet"))) == 3
    monkeypatch.undo()
    leave_crash_debris(run_dir)
    code = main(["sweep", "--resume", str(run_dir), "-q"])  # the sweep file is in RUN_DIR
    assert code == ExitCode.OK
    manifest = json.loads((run_dir / "manifest.json").read_text())
    assert manifest["status"] == "complete" and len(manifest["sessions"]) == 2
    assert manifest["counts"]["ok"] == 8
    assert main(["sweep", str(path), "--out", str(tmp_path / "b"), "-q"]) == ExitCode.OK
    assert_same_results(run_dir, only_child(tmp_path / "b"))
    assert sorted(p.name for p in run_dir.iterdir() if p.is_dir()) == []


def leave_crash_debris(run_dir):
    """What a kill -9 can leave: a temporary file and a steps part without its runs part."""
    (run_dir / "steps" / ".part-x.parquet.tmp-1234").write_bytes(b"half a file")
    run_id = "pzzzzzzzzzzzz-r0000"
    stray = pa.table({"run_id": [run_id], "step": [0]})
    pq.write_table(stray, run_dir / "steps" / f"part-{run_id}_{run_id}.parquet")


def test_resume_after_kill_9_equals_an_uninterrupted_sweep(tmp_path):
    table = sweep_table(steps=12, replications=6, executor={"kind": "serial", "chunk_runs": 1})
    table["uncertainties"]["mechanisms.rally_strength"] = [0.0, 0.1, 0.2]
    path = write_sweep(tmp_path, table)  # 2 x 3 points x 6 = 36 runs, one chunk each
    command = [sys.executable, "-m", "sim", "sweep", str(path), "--out", str(tmp_path / "a")]
    process = subprocess.Popen([*command, "-q"], cwd=ROOT, stderr=subprocess.DEVNULL)
    try:
        run_dir = wait_for_parts(tmp_path / "a", 4, process)
    finally:
        os.kill(process.pid, signal.SIGKILL)
        process.wait()
    finished = len(list((run_dir / "runs").glob("part-*.parquet")))
    assert 4 <= finished < 36
    assert json.loads((run_dir / "manifest.json").read_text())["status"] == "running"
    sweep = load_sweep(path)
    outcome = run_sweep(sweep, SweepOptions(executor="process", progress=False), resume=run_dir)
    assert outcome.status == "complete" and outcome.executed == 36 - finished
    serial = SweepOptions(executor="serial", progress=False)
    reference = run_sweep(sweep, serial, out=tmp_path / "b")
    assert_same_results(run_dir, reference.run_dir)


def wait_for_parts(out, count, process, timeout=60.0):
    """The run directory once ``count`` chunks are finished in it."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        assert process.poll() is None, "the sweep ended before it could be killed"
        dirs = list(out.glob("tiny-*")) if out.exists() else []
        if dirs and len(list((dirs[0] / "runs").glob("part-*.parquet"))) >= count:
            return dirs[0]
        time.sleep(0.02)
    raise AssertionError("no chunks appeared")


def test_resume_refuses_another_sweep(tmp_path, capsys):
    path = write_sweep(tmp_path, sweep_table(executor={"kind": "serial"}))
    assert main(["sweep", str(path), "--out", str(tmp_path / "a"), "-q"]) == 0
    run_dir = only_child(tmp_path / "a")
    other = write_sweep(tmp_path, sweep_table(seed=12), name="other.toml")
    capsys.readouterr()
    code = main(["sweep", str(other), "--resume", str(run_dir), "-q"])
    assert code == ExitCode.BAD_INPUT
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and "holds another sweep" in err


def test_a_refused_resume_starts_no_workers(tmp_path, monkeypatch):
    path = write_sweep(tmp_path, sweep_table(executor={"kind": "serial"}))
    assert main(["sweep", str(path), "--out", str(tmp_path / "a"), "-q"]) == 0
    run_dir = only_child(tmp_path / "a")
    other = write_sweep(tmp_path, sweep_table(seed=12), name="other.toml")

    def no_pool(*args, **kwargs):
        raise AssertionError("a worker pool was started for a resume that is refused")

    monkeypatch.setattr(sim.sweep.engine, "make_executor", no_pool)
    assert main(["sweep", str(other), "--resume", str(run_dir), "-q"]) == ExitCode.BAD_INPUT


def test_resuming_a_complete_sweep_runs_nothing(tmp_path):
    sweep = load_sweep(write_sweep(tmp_path, sweep_table()))
    options = SweepOptions(executor="serial", progress=False)
    first = run_sweep(sweep, options, out=tmp_path / "a")
    before = pq.read_table(first.run_dir / "runs.parquet")
    again = run_sweep(sweep, options, resume=first.run_dir)
    assert again.status == "complete" and again.executed == 0
    assert pq.read_table(first.run_dir / "runs.parquet").equals(before)


def test_resume_of_a_missing_directory_is_bad_input(tmp_path, capsys):
    assert main(["sweep", "--resume", str(tmp_path / "nowhere")]) == ExitCode.BAD_INPUT
    assert "no such run directory" in capsys.readouterr().err
