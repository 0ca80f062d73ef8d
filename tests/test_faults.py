"""Fault injection: nothing a user ran is lost (issue 13).

Write failures (permission, not a directory, a full disk), ``kill -9`` at chosen points of
a scenario run and of a sweep followed by ``--resume``, two writers on one directory,
SIGTERM and a double Ctrl-C. Each checks that every finished run is on disk once and that
the tables, once resumed, equal those of an uninterrupted run. Scenarios are tiny: 6
replications of 3 months, written in chunks of 2 runs.
"""

from __future__ import annotations

import errno
import fcntl
import json
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from sweep_support import BASELINE, ROOT, TABLES, assert_same_results, sweep_table, write_sweep

import sim.scenario_run
import sim.sweep.chunks
import sim.sweep.compact
from sim.cli import main
from sim.commandline import ExitCode

pytestmark = pytest.mark.filterwarnings("ignore:This process .* is multi-threaded")

RUN_ARGS = ["--replications", "6", "--steps", "3", "-q"]
# A driver that runs the command line with small chunks, and on request slows every run
# (SLOW seconds) or kills itself (SIGKILL) just before its KILL_AT-th file rename.
DRIVER = """
import os, signal, sys, time
import sim.runner, sim.scenario_run, sim.sweep.worker
sim.scenario_run.CHUNK_RUNS = 2
slow = float(os.environ.get("SLOW", "0"))
if slow:
    def slowed(real):
        def run(*args, **kwargs):
            time.sleep(slow)
            return real(*args, **kwargs)
        return run
    sim.runner.run_once = slowed(sim.runner.run_once)
    sim.sweep.worker.run_once = slowed(sim.sweep.worker.run_once)
kill_at, calls, real_replace = int(os.environ.get("KILL_AT", "0")), [0], os.replace
def replace(source, target):
    calls[0] += 1
    if calls[0] == kill_at:
        os.kill(os.getpid(), signal.SIGKILL)
    return real_replace(source, target)
os.replace = replace
from sim.cli import main
sys.exit(main())  # as python -m sim does
"""


def driver(args: list[str], **env: object) -> subprocess.Popen:
    """Start the driver on a command line, with the fault settings in ``env``."""
    environment = {**os.environ, **{k: str(v) for k, v in env.items()}}
    return subprocess.Popen(
        [sys.executable, "-c", DRIVER, *args],
        cwd=ROOT,
        env=environment,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


@pytest.fixture(scope="module")
def reference(tmp_path_factory) -> Path:
    """An uninterrupted scenario run directory."""
    out = tmp_path_factory.mktemp("reference")
    assert main(["run", str(BASELINE), *RUN_ARGS, "--out", str(out)]) == 0
    return run_dir_in(out)


def run_dir_in(out: Path) -> Path:
    """The one run directory in ``out``."""
    (found,) = [p for p in out.iterdir() if not p.name.startswith(".")]
    return found


def assert_complete_and_equal(run_dir: Path, reference: Path) -> None:
    """A complete directory, no leftovers, its tables equal to the reference's."""
    manifest = json.loads((run_dir / "manifest.json").read_text())
    assert manifest["status"] == "complete"
    assert sorted(p.name for p in run_dir.iterdir()) == sorted(p.name for p in reference.iterdir())
    for name in TABLES:
        assert pq.read_table(run_dir / f"{name}.parquet").equals(
            pq.read_table(reference / f"{name}.parquet")
        ), name
    assert (
        manifest["seeds"]["runs"]
        == json.loads((reference / "manifest.json").read_text())["seeds"]["runs"]
    )


def resume(run_dir: Path) -> int:
    """Resume a scenario run in process."""
    return main(["run", "--resume", str(run_dir), "-q"])


def kept_runs(run_dir: Path) -> list[str]:
    """Run ids on disk (compacted or in chunks), each once."""
    ids = list(sim.sweep.chunks.finished_run_ids(run_dir))
    assert len(ids) == len(set(ids))
    return ids


# --- write failures ---------------------------------------------------------------------


def failing_writes(monkeypatch, after: int, error: OSError) -> None:
    """Chunk files fail to write from the ``after + 1``-th on."""
    real = sim.sweep.chunks.write_atomically
    calls = []

    def write(table, path):
        calls.append(path)
        if len(calls) > after:
            raise error
        return real(table, path)

    monkeypatch.setattr(sim.sweep.chunks, "write_atomically", write)


@pytest.mark.parametrize(
    "error",
    [OSError(errno.ENOSPC, "No space left on device"), PermissionError(13, "Permission denied")],
    ids=["full disk", "permission"],
)
def test_a_failing_write_keeps_the_runs_on_disk(tmp_path, monkeypatch, capsys, reference, error):
    monkeypatch.setattr(sim.scenario_run, "CHUNK_RUNS", 2)
    failing_writes(monkeypatch, 4, error)  # the first chunk (3 files) and one more file
    code = main(["run", str(BASELINE), *RUN_ARGS, "--out", str(tmp_path)])
    err = capsys.readouterr().err
    assert code == ExitCode.WRITE_FAILED
    assert "Traceback" not in err and err.count("\n") == 1
    assert "2 of 6 runs are kept" in err and "--resume" in err
    run_dir = run_dir_in(tmp_path)
    assert json.loads((run_dir / "manifest.json").read_text())["status"] == "failed"
    assert len(kept_runs(run_dir)) == 2
    monkeypatch.undo()
    assert resume(run_dir) == ExitCode.OK
    assert_complete_and_equal(run_dir, reference)


def test_a_full_disk_during_compaction_leaves_no_temporary(tmp_path, monkeypatch, reference):
    def full(*args, **kwargs):
        Path(args[-1]).write_bytes(b"partial")  # the temporary file, half written
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(sim.sweep.compact, "write_streamed", full)
    code = main(["run", str(BASELINE), *RUN_ARGS, "--out", str(tmp_path)])
    assert code == ExitCode.WRITE_FAILED
    run_dir = run_dir_in(tmp_path)
    assert json.loads((run_dir / "manifest.json").read_text())["status"] == "failed"
    assert not [p for p in run_dir.rglob("*") if ".tmp-" in p.name]
    assert len(kept_runs(run_dir)) == 6
    monkeypatch.undo()
    assert resume(run_dir) == ExitCode.OK
    assert_complete_and_equal(run_dir, reference)


@pytest.mark.parametrize("out", ["file/sub", "file"])
def test_an_out_inside_a_file_is_bad_input_and_writes_nothing(tmp_path, capsys, out):
    (tmp_path / "file").write_text("x")
    code = main(["run", str(BASELINE), *RUN_ARGS, "--out", str(tmp_path / out)])
    err = capsys.readouterr().err
    assert code == ExitCode.BAD_INPUT and err.count("\n") == 1 and "--out" in err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["file"]


def test_an_unwritable_out_is_bad_input(tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(os, "access", lambda path, mode: False)  # as a non-root user sees it
    code = main(["run", str(BASELINE), *RUN_ARGS, "--out", str(tmp_path / "new")])
    assert code == ExitCode.BAD_INPUT and "permission denied" in capsys.readouterr().err
    assert list(tmp_path.iterdir()) == []


def test_the_same_second_gives_two_directories(tmp_path, reference):
    from datetime import UTC, datetime

    from sim.storage import make_run_dir

    started = datetime.now(UTC)
    first, second = make_run_dir(tmp_path, "x", started), make_run_dir(tmp_path, "x", started)
    assert first != second and second.name.endswith("-2")


# --- kill -9 and resume ------------------------------------------------------------------

KILL_POINTS = sorted(random.Random(13).sample(range(1, 15), 4))  # of about 14 renames


@pytest.mark.parametrize("kill_at", KILL_POINTS)
def test_kill_9_of_a_run_then_resume_equals_an_uninterrupted_run(tmp_path, reference, kill_at):
    process = driver(["run", str(BASELINE), *RUN_ARGS, "--out", str(tmp_path)], KILL_AT=kill_at)
    process.communicate(timeout=120)
    assert process.returncode == -signal.SIGKILL
    run_dir = run_dir_in(tmp_path)
    if not (run_dir / "manifest.json").exists():  # killed while creating it: nothing ran
        assert resume(run_dir) == ExitCode.BAD_INPUT and not (run_dir / "runs").exists()
        return
    kept_runs(run_dir)
    assert resume(run_dir) == ExitCode.OK
    assert_complete_and_equal(run_dir, reference)


@pytest.fixture(scope="module")
def sweep_reference(tmp_path_factory) -> tuple[Path, Path]:
    """A tiny serial sweep file and its uninterrupted run directory."""
    folder = tmp_path_factory.mktemp("sweep")
    path = write_sweep(folder, sweep_table(executor={"kind": "serial", "chunk_runs": 2}))
    assert main(["sweep", str(path), "--out", str(folder / "out"), "-q"]) == 0
    return path, run_dir_in(folder / "out")


@pytest.mark.parametrize("kill_at", sorted(random.Random(14).sample(range(1, 16), 3)))
def test_kill_9_of_a_sweep_then_resume_equals_an_uninterrupted_sweep(
    tmp_path, sweep_reference, kill_at
):
    path, reference_dir = sweep_reference
    process = driver(["sweep", str(path), "--out", str(tmp_path), "-q"], KILL_AT=kill_at)
    process.communicate(timeout=120)
    assert process.returncode == -signal.SIGKILL
    run_dir = run_dir_in(tmp_path)
    if not (run_dir / "manifest.json").exists():  # killed while creating it: nothing ran
        assert main(["sweep", "--resume", str(run_dir), "-q"]) == ExitCode.BAD_INPUT
        assert not (run_dir / "runs").exists()
        return
    assert main(["sweep", "--resume", str(run_dir), "-q"]) == ExitCode.OK
    assert not [p for p in run_dir.rglob("*") if ".tmp-" in p.name]
    assert_same_results(run_dir, reference_dir)


# --- two writers -------------------------------------------------------------------------


def test_a_locked_directory_is_refused_with_one_line(tmp_path, capsys, monkeypatch):
    monkeypatch.setattr(sim.scenario_run, "CHUNK_RUNS", 2)
    failing_writes(monkeypatch, 3, OSError(errno.ENOSPC, "No space left on device"))
    main(["run", str(BASELINE), *RUN_ARGS, "--out", str(tmp_path)])
    monkeypatch.undo()
    run_dir = run_dir_in(tmp_path)
    manifest = json.loads((run_dir / "manifest.json").read_text())
    fd = os.open(run_dir, os.O_RDONLY)  # another writer holds the lock
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        capsys.readouterr()
        assert resume(run_dir) == ExitCode.BAD_INPUT
        err = capsys.readouterr().err
        assert err.count("\n") == 1 and f"pid {manifest['process']['pid']}" in err
    finally:
        os.close(fd)
    assert resume(run_dir) == ExitCode.OK  # the lock went with its holder


def test_two_resumes_of_one_sweep_at_once(tmp_path, sweep_reference):
    path, reference_dir = sweep_reference
    first = driver(["sweep", str(path), "--out", str(tmp_path), "-q"], KILL_AT=6)
    first.communicate(timeout=120)
    run_dir = run_dir_in(tmp_path)
    both = [driver(["sweep", "--resume", str(run_dir), "-q"], SLOW=0.3) for _ in range(2)]
    results = [(p.wait(timeout=120), p.stderr.read()) for p in both]
    codes = sorted(code for code, _ in results)
    assert codes in ([0, 2], [0, 0]), results  # [0, 0]: the second came after the first
    if codes == [0, 2]:
        refused = next(err for code, err in results if code == 2)
        assert refused.count("\n") == 1 and "in use by pid" in refused
    assert_same_results(run_dir, reference_dir)
    assert not [p for p in run_dir.rglob("*") if ".tmp-" in p.name]


# --- signals -----------------------------------------------------------------------------


def started_run(tmp_path: Path, args: list[str]) -> tuple[subprocess.Popen, Path]:
    """A slowed command, once its first chunk is on disk."""
    process = driver(args, SLOW=0.4)
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        assert process.poll() is None, process.communicate()
        found = [p for p in tmp_path.glob("*") if list(p.glob("runs/part-*.parquet"))]
        if found:
            return process, found[0]
        time.sleep(0.02)
    raise AssertionError("no chunk appeared")


def test_sigterm_keeps_the_finished_runs(tmp_path, reference):
    process, run_dir = started_run(tmp_path, ["run", str(BASELINE), *RUN_ARGS, "--out",
                                              str(tmp_path)])  # fmt: skip
    process.send_signal(signal.SIGTERM)
    _, err = process.communicate(timeout=60)
    assert process.returncode == ExitCode.TERMINATED, err
    assert "Traceback" not in err and "interrupted: " in err
    manifest = json.loads((run_dir / "manifest.json").read_text())
    assert manifest["status"] == "interrupted"
    assert manifest["counts"]["runs"] == len(kept_runs(run_dir)) >= 2
    assert resume(run_dir) == ExitCode.OK
    assert_complete_and_equal(run_dir, reference)


def test_a_double_ctrl_c_waits_for_the_final_write(tmp_path, reference):
    process, run_dir = started_run(tmp_path, ["run", str(BASELINE), *RUN_ARGS, "--out",
                                              str(tmp_path)])  # fmt: skip
    process.send_signal(signal.SIGINT)
    time.sleep(0.05)
    process.send_signal(signal.SIGINT)
    _, err = process.communicate(timeout=60)
    assert process.returncode == ExitCode.INTERRUPTED, err
    assert "Traceback" not in err
    assert json.loads((run_dir / "manifest.json").read_text())["status"] == "interrupted"
    assert resume(run_dir) == ExitCode.OK
    assert_complete_and_equal(run_dir, reference)


def test_sigterm_interrupts_a_sweep(tmp_path, sweep_reference):
    path, reference_dir = sweep_reference
    process, run_dir = started_run(tmp_path, ["sweep", str(path), "--out", str(tmp_path), "-q"])
    process.send_signal(signal.SIGTERM)
    _, err = process.communicate(timeout=60)
    assert process.returncode == ExitCode.TERMINATED, err
    assert json.loads((run_dir / "manifest.json").read_text())["status"] == "interrupted"
    assert main(["sweep", "--resume", str(run_dir), "-q"]) == ExitCode.OK
    assert_same_results(run_dir, reference_dir)


def test_a_failing_write_in_a_sweep_keeps_its_chunks(
    tmp_path, monkeypatch, capsys, sweep_reference
):
    path, reference_dir = sweep_reference
    failing_writes(monkeypatch, 7, OSError(errno.ENOSPC, "No space left on device"))
    code = main(["sweep", str(path), "--out", str(tmp_path), "-q"])
    err = capsys.readouterr().err
    assert code == ExitCode.WRITE_FAILED and err.count("\n") == 1 and "--resume" in err
    run_dir = run_dir_in(tmp_path)
    assert str(run_dir) in err and kept_runs(run_dir)
    monkeypatch.undo()
    assert main(["sweep", "--resume", str(run_dir), "-q"]) == ExitCode.OK
    assert_same_results(run_dir, reference_dir)
