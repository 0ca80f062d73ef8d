"""decisions.parquet: written by ``sim run`` and sweeps only when ``[run] record_decisions``.

The scenario has choice policies that record (strategic China coercion, strategic US
mediation). Checked: the file exists only when recording, with the documented columns and
types; one chosen option per decision, probabilities summing to one, utilities the sum of
the terms not knocked out; ``kill -9`` then ``--resume`` keeps every decision; every sweep
executor writes the same bytes; recording changes no step, event or summary; the API's
``Result.decisions`` is the file's table (empty, with its columns, when off).
"""

from __future__ import annotations

import json
import math
import signal
from datetime import UTC, datetime
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from decision_support import INVENTED, invented_values
from sweep_support import BASELINE, sweep_table, write_sweep
from test_faults import driver, run_dir_in

import sim
from sim import runner, scenario_run
from sim.cli import main
from sim.commandline import ExitCode
from sim.config import load_scenario
from sim.core.choice import DECISION_COLUMNS, NO_KNOCKOUT
from sim.core.recorder import Recorder
from sim.decision_table import decisions_arrow
from sim.storage import DECISIONS_SCHEMA, decisions_table
from sim.sweep import SweepOptions, load_sweep, run_sweep
from sim.sweep.chunks import parts
from sim.sweep.engine import chunk_size

pytestmark = pytest.mark.filterwarnings("ignore:This process .* is multi-threaded")

STRATEGIC = {
    "actors.CHN.coercion.policy": "strategic",
    "actors.USA.mediation.policy": "strategic",
}
STRATEGIC_SET = [f'{key}="{value}"' for key, value in STRATEGIC.items()]
RECORD = "run.record_decisions=true"
KEYS = ["run_id", "step", "actor", "decision", "subject"]


def run_args(*settings: str, replications: int = 6, steps: int = 4) -> list[str]:
    """``sim run`` arguments: the baseline with the strategic policies and ``settings``."""
    sets = [item for s in (*STRATEGIC_SET, *settings) for item in ("--set", s)]
    return [str(BASELINE), "--replications", str(replications), "--steps", str(steps), "-q", *sets]


def run_dir_of(out: Path, *settings: str) -> Path:
    """Run the command line into ``out``; the run directory."""
    assert main(["run", *run_args(*settings), "--out", str(out)]) == ExitCode.OK
    return run_dir_in(out)


@pytest.fixture(scope="module")
def recorded(tmp_path_factory) -> Path:
    """A run directory recording decisions."""
    return run_dir_of(tmp_path_factory.mktemp("on"), RECORD)


@pytest.fixture(scope="module")
def unrecorded(tmp_path_factory) -> Path:
    """The same runs without recording."""
    return run_dir_of(tmp_path_factory.mktemp("off"))


def test_the_file_is_written_only_when_recording(recorded, unrecorded):
    assert (recorded / "decisions.parquet").is_file()
    assert not (recorded / "decisions").exists()  # compacted
    assert not (unrecorded / "decisions.parquet").exists()
    assert not (unrecorded / "decisions").exists()
    on = json.loads((recorded / "manifest.json").read_text())["counts"]
    off = json.loads((unrecorded / "manifest.json").read_text())["counts"]
    assert on["decisions"] == pq.ParquetFile(recorded / "decisions.parquet").metadata.num_rows
    assert "decisions" not in off


def test_columns_types_and_consistency(recorded):
    table = pq.read_table(recorded / "decisions.parquet")
    assert table.schema.equals(DECISIONS_SCHEMA)
    assert tuple(table.column_names) == DECISION_COLUMNS
    frame = table.to_pandas()
    assert set(frame["run_id"]) == {f"baseline_2019-{r:04d}" for r in range(6)}
    assert set(frame["decision"]) >= {"coercion", "mediation"}
    assert set(frame.loc[frame["decision"] == "coercion", "subject"]) == {"ROK", "JPN"}
    assert frame["step"].between(1, 4).all()
    decisions = frame.groupby(KEYS, sort=False)
    # one chosen option per decision, its draw the same on every row
    options = frame.drop_duplicates([*KEYS, "option"])
    assert (options.groupby(KEYS)["chosen"].sum() == 1).all()
    assert (decisions["draw"].nunique() == 1).all()
    assert options.groupby(KEYS)["probability"].sum().sub(1.0).abs().max() < 1e-9
    # an option's utility is the sum of its terms that are not knocked out
    active = frame[~frame["knocked"]]
    sums = active.groupby([*KEYS, "option"])["value"].sum()
    utilities = options.set_index([*KEYS, "option"])["utility"].loc[sums.index]
    for total, utility in zip(sums, utilities, strict=True):
        assert (math.isinf(total) and total == utility) or abs(total - utility) < 1e-9
    # rows are in run and step order
    assert frame[["run_id", "step"]].apply(tuple, axis=1).is_monotonic_increasing


def test_the_fast_table_equals_the_recorder_rows_knockouts_included():
    rng = np.random.default_rng(3)
    choices = []
    for step in range(1, 30):
        knockout = frozenset({"M6"}) if step % 3 == 0 else NO_KNOCKOUT
        values = invented_values(rng)
        choice = INVENTED.choose(rng, values, actor="XYZ", precision=2.0, knockout=knockout)
        choice.subject = f"item_{step % 2}"
        choices.append((step, choice))
    recorder = Recorder(choices=choices)
    expected = pa.table(recorder.decision_columns("r"), schema=DECISIONS_SCHEMA)
    table = decisions_arrow("r", choices)
    assert table.equals(expected)
    assert table.column("knocked").to_pylist().count(True) == 9  # steps 3, 6, .., 27
    assert decisions_arrow("r", []).equals(DECISIONS_SCHEMA.empty_table())


def test_recording_changes_no_step_event_or_summary(recorded, unrecorded):
    for name in ("steps", "events"):
        on, off = (pq.read_table(d / f"{name}.parquet") for d in (recorded, unrecorded))
        assert on.equals(off), name
    on, off = (pq.read_table(d / "runs.parquet").to_pandas() for d in (recorded, unrecorded))
    assert on.drop(columns="run.record_decisions").equals(off)


def test_the_api_exposes_the_decisions(recorded, tmp_path):
    settings = {**STRATEGIC, "run.record_decisions": True}
    in_memory = sim.run(BASELINE, replications=6, steps=4, set=settings)
    written = sim.run(BASELINE, replications=6, steps=4, set=settings, out=tmp_path)
    expected = pq.read_table(recorded / "decisions.parquet").to_pandas()
    assert in_memory.decisions.equals(expected)
    assert written.decisions.equals(expected)
    off = sim.run(BASELINE, replications=1, steps=2, set=STRATEGIC)
    assert off.decisions.empty and tuple(off.decisions.columns) == DECISION_COLUMNS
    assert off.decisions.dtypes.equals(expected.dtypes)


def test_decisions_rows_bound_a_chunk_and_compact_in_order(tmp_path, monkeypatch):
    monkeypatch.setattr(scenario_run, "CHUNK_DECISION_ROWS", 1)  # one run per chunk
    scenario = load_scenario(BASELINE, [*STRATEGIC_SET, RECORD, "scenario.steps=3"])
    results = [runner.run_once(scenario, r) for r in range(3)]
    run_dir = scenario_run.create(tmp_path, scenario, ["test"], datetime.now(UTC))
    buffer = scenario_run.ChunkBuffer(run_dir, scenario)
    for result in results:
        buffer.add(result)
    assert len(parts(run_dir, "decisions")) == len(parts(run_dir, "runs")) == 3
    buffer.flush(final=True)
    scenario_run.finish(run_dir, "complete")
    assert pq.read_table(run_dir / "decisions.parquet").equals(decisions_table(results))


# Renames: 2 to create; 3-14 three chunks (steps, events, decisions, runs); 15-18 the
# compacted files (decisions third); 19 the manifest. Kills around a chunk's decisions part
# and in compaction.
@pytest.mark.parametrize("kill_at", [5, 6, 13, 17, 18])
def test_kill_9_then_resume_keeps_every_decision(tmp_path, recorded, kill_at):
    process = driver(["run", *run_args(RECORD), "--out", str(tmp_path)], KILL_AT=kill_at)
    process.communicate(timeout=120)
    assert process.returncode == -signal.SIGKILL
    run_dir = run_dir_in(tmp_path)
    if not (run_dir / "manifest.json").exists():  # killed while creating it: nothing ran
        return
    assert main(["run", "--resume", str(run_dir), "-q"]) == ExitCode.OK
    for name in ("decisions", "steps", "runs"):
        resumed = pq.read_table(run_dir / f"{name}.parquet")
        assert resumed.equals(pq.read_table(recorded / f"{name}.parquet")), name
    assert not (run_dir / "decisions").exists()


def test_ctrl_c_keeps_the_decisions_of_the_finished_runs(tmp_path, monkeypatch, recorded):
    real = runner.run_once

    def interrupted(scenario, replicate):
        if replicate == 3:
            raise KeyboardInterrupt
        return real(scenario, replicate)

    monkeypatch.setattr(runner, "run_once", interrupted)
    assert main(["run", *run_args(RECORD), "--out", str(tmp_path)]) == ExitCode.INTERRUPTED
    run_dir = run_dir_in(tmp_path)
    kept = pq.read_table(run_dir / "decisions.parquet").to_pandas()
    expected = pq.read_table(recorded / "decisions.parquet").to_pandas()
    expected = expected[expected["run_id"] < "baseline_2019-0003"].reset_index(drop=True)
    assert kept.equals(expected) and kept["run_id"].nunique() == 3
    monkeypatch.undo()
    assert main(["run", "--resume", str(run_dir), "-q"]) == ExitCode.OK
    assert pq.read_table(run_dir / "decisions.parquet").equals(
        pq.read_table(recorded / "decisions.parquet")
    )


def strategic_sweep(folder: Path, record: bool = True) -> Path:
    """A tiny sweep of the strategic baseline, recording decisions (or not)."""
    table = sweep_table(executor={"kind": "serial", "chunk_runs": 2})
    table["fixed"] = {**STRATEGIC, "run.record_decisions": record}
    return write_sweep(folder, table)


def sweep_into(path: Path, out: Path, **options) -> Path:
    """Run a sweep file; its complete run directory."""
    outcome = run_sweep(load_sweep(path), SweepOptions(progress=False, **options), out=out)
    assert outcome.status == "complete"
    return outcome.run_dir


def test_every_sweep_executor_writes_the_same_decisions(tmp_path):
    path = strategic_sweep(tmp_path)
    serial = sweep_into(path, tmp_path / "serial", executor="serial")
    process = sweep_into(path, tmp_path / "process", executor="process", workers=2, chunk_runs=1)
    dask = sweep_into(path, tmp_path / "dask", executor="dask", workers=2, processes=False)
    reference = (serial / "decisions.parquet").read_bytes()
    table = pq.read_table(serial / "decisions.parquet")
    assert table.num_rows > 0 and table.schema.equals(DECISIONS_SCHEMA)
    assert table.column("run_id").to_pylist() == sorted(table.column("run_id").to_pylist())
    for other in (process, dask):
        assert pq.read_table(other / "decisions.parquet").equals(table)
        assert (other / "decisions.parquet").read_bytes() == reference
    result = sim.sweep(path, executor="serial")
    assert result.decisions.equals(table.to_pandas())


def test_a_recording_sweep_keeps_its_chunks_small():
    options = SweepOptions()
    assert chunk_size(options, 100_000, 2, record_decisions=True) == 20
    assert chunk_size(options, 100_000, 2) == 100
    assert chunk_size(SweepOptions(chunk_runs=50), 100_000, 2, record_decisions=True) == 50


def test_a_sweep_without_recording_writes_no_decisions(tmp_path):
    run_dir = sweep_into(strategic_sweep(tmp_path, record=False), tmp_path / "out")
    assert not (run_dir / "decisions.parquet").exists()
    assert not (run_dir / "decisions").exists()


def test_kill_9_of_a_recording_sweep_then_resume_keeps_every_decision(tmp_path):
    path = strategic_sweep(tmp_path)
    reference = sweep_into(path, tmp_path / "reference", executor="serial", chunk_runs=2)
    killed = tmp_path / "killed"
    process = driver(["sweep", str(path), "--out", str(killed), "-q"], KILL_AT=12)
    process.communicate(timeout=120)
    assert process.returncode == -signal.SIGKILL
    run_dir = run_dir_in(killed)
    assert (run_dir / "decisions").is_dir()  # killed before chunk 2's runs part
    assert main(["sweep", "--resume", str(run_dir), "-q"]) == ExitCode.OK
    resumed = pq.read_table(run_dir / "decisions.parquet")
    assert resumed.equals(pq.read_table(reference / "decisions.parquet"))
