"""The run directory (docs/OUTPUTS.md): manifest, resolved config and three Parquet tables.

A directory is written under a hidden temporary name and renamed into place when complete,
so a reader or a later resume never sees half a directory.
"""

from __future__ import annotations

import json
import os
import platform
import shutil
import subprocess
from collections.abc import Mapping, Sequence
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
import tomli_w

from sim.config import Scenario
from sim.core.recorder import EVENT_COLUMNS, STEP_COLUMNS, STEP_FIELD_TYPES
from sim.runner import RunResult

FORMAT_VERSION = 1
SEED_DERIVATION = (
    "SeedSequence(scenario_seed, spawn_key=(replicate,)).generate_state(1, uint64) >> 1"
)
PACKAGES = ("mesa", "numpy", "pandas", "pyarrow", "pydantic", "alliance-sim")
PROJECT_ROOT = Path(__file__).resolve().parent.parent

ARROW_TYPES: dict[type, pa.DataType] = {float: pa.float64(), int: pa.int64(), bool: pa.bool_()}
#: The Arrow type of each metric column, from :class:`sim.core.recorder.StepMetrics`.
STEP_TYPES: dict[str, pa.DataType] = {
    name: ARROW_TYPES[kind] for name, kind in STEP_FIELD_TYPES.items()
}
STEPS_SCHEMA = pa.schema(
    [("run_id", pa.string()), ("step", pa.int64()), ("date", pa.string())]
    + [(name, STEP_TYPES[name]) for name in STEP_COLUMNS]
)
EVENTS_SCHEMA = pa.schema(
    [
        ("run_id", pa.string()),
        ("step", pa.int64()),
        ("date", pa.string()),
        ("actor", pa.string()),
        ("kind", pa.string()),
        ("target", pa.string()),
        ("magnitude", pa.float64()),
        ("item", pa.string()),
    ]
)


def steps_table(results: Sequence[RunResult]) -> pa.Table:
    """All runs' step rows, with their run_id."""
    columns: dict[str, list[Any]] = {name: [] for name in STEPS_SCHEMA.names}
    for result in results:
        count = len(result.steps.get("step", []))
        columns["run_id"].extend([result.run_id] * count)
        for name in STEPS_SCHEMA.names[1:]:
            columns[name].extend(result.steps.get(name, []))
    return pa.table(columns, schema=STEPS_SCHEMA)


def events_table(results: Sequence[RunResult]) -> pa.Table:
    """All runs' events, with their run_id."""
    columns: dict[str, list[Any]] = {name: [] for name in EVENTS_SCHEMA.names}
    for result in results:
        count = len(result.events.get("kind", []))
        columns["run_id"].extend([result.run_id] * count)
        for name in EVENT_COLUMNS:
            columns[name].extend(result.events.get(name, []))
    return pa.table(columns, schema=EVENTS_SCHEMA)


def runs_table(
    results: Sequence[RunResult],
    parameters: Mapping[str, Any] | Sequence[Mapping[str, Any]],
) -> pa.Table:
    """One row per run: ids, seed, the set parameters by dotted key, status and summaries.

    ``parameters`` is one mapping for every run (a scenario's ``--set`` values) or one per
    run, in the order of ``results`` (a sweep's point id and swept values).
    """
    per_run = [parameters] * len(results) if isinstance(parameters, Mapping) else parameters
    rows = []
    for r, values in zip(results, per_run, strict=True):
        row = {"run_id": r.run_id, "seed": r.seed, "replicate": r.replicate}
        row.update(values)
        row.update({"status": r.status, "error": r.error})
        row.update(r.summary)
        rows.append(row)
    names = list(dict.fromkeys(name for row in rows for name in row))  # failed runs have fewer
    return typed_nulls(pa.table({name: [row.get(name) for row in rows] for name in names}))


def typed_nulls(table: pa.Table) -> pa.Table:
    """Give all-null columns a type: int64 for ``*_step`` columns, else string."""
    for index, column in enumerate(table.schema):
        if pa.types.is_null(column.type):  # e.g. no run reached an agreement
            kind = pa.int64() if column.name.endswith("_step") else pa.string()
            table = table.set_column(index, column.name, pa.nulls(len(table), kind))
    return table


def package_versions() -> dict[str, str]:
    """Versions of Python and of the packages a run depends on."""
    versions = {"python": platform.python_version()}
    for name in PACKAGES:
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            versions[name] = "unknown"
    return versions


def git_revision() -> str | None:
    """The project's git revision (with ``-dirty`` if modified), or None outside a checkout."""
    try:
        rev = subprocess.run(
            ["git", "rev-parse", "HEAD"],
            cwd=PROJECT_ROOT,
            capture_output=True,
            text=True,
            timeout=5,
            check=True,
        ).stdout.strip()
        dirty = subprocess.run(
            ["git", "status", "--porcelain", "--untracked-files=no"],
            cwd=PROJECT_ROOT,
            capture_output=True,
            text=True,
            timeout=5,
        ).stdout
        return rev + ("-dirty" if dirty.strip() else "")
    except (OSError, subprocess.SubprocessError):
        return None


def new_run_dir(root: Path, name: str, started: datetime) -> Path:
    """A fresh run directory path ``<root>/<name>-<yyyymmdd-hhmmss>`` (suffixed if taken)."""
    base = root / f"{name}-{started:%Y%m%d-%H%M%S}"
    path, n = base, 1
    while path.exists():
        n += 1
        path = Path(f"{base}-{n}")
    return path


def write_run_directory(
    root: Path,
    scenario: Scenario,
    results: Sequence[RunResult],
    *,
    command: Sequence[str],
    started: datetime,
    status: str = "complete",
) -> Path:
    """Write the run directory atomically and return its path."""
    finished = datetime.now(UTC)
    final = new_run_dir(root, scenario.name, started)
    temporary = root / f".{final.name}.tmp-{os.getpid()}"
    root.mkdir(parents=True, exist_ok=True)
    temporary.mkdir()
    try:
        parameters = dict(scenario.overrides)
        pq.write_table(steps_table(results), temporary / "steps.parquet")
        pq.write_table(events_table(results), temporary / "events.parquet")
        pq.write_table(runs_table(results, parameters), temporary / "runs.parquet")
        resolved = scenario.resolved_table()
        (temporary / "config.toml").write_text(tomli_w.dumps(resolved), encoding="utf-8")
        manifest = build_manifest(scenario, results, resolved, command, started, finished, status)
        (temporary / "manifest.json").write_text(
            json.dumps(manifest, indent=2) + "\n", encoding="utf-8"
        )
        temporary.rename(final)
    except BaseException:
        shutil.rmtree(temporary, ignore_errors=True)
        raise
    return final


def build_manifest(
    scenario: Scenario,
    results: Sequence[RunResult],
    resolved: dict[str, Any],
    command: Sequence[str],
    started: datetime,
    finished: datetime,
    status: str,
) -> dict[str, Any]:
    """The manifest.json contents (docs/OUTPUTS.md)."""
    failed = sum(1 for r in results if r.status != "ok")
    return {
        "format_version": FORMAT_VERSION,
        "kind": "scenario",
        "command": list(command),
        "scenario": scenario.name,
        "source": scenario.source,
        "overrides": {k: v for k, v in scenario.overrides},
        "config": resolved,
        "seeds": {
            "scenario_seed": scenario.spec.scenario.seed,
            "derivation": SEED_DERIVATION,
            "runs": {r.run_id: r.seed for r in results},
        },
        "packages": package_versions(),
        "git_revision": git_revision(),
        "started": started.isoformat(timespec="seconds"),
        "finished": finished.isoformat(timespec="seconds"),
        "status": status,
        "counts": {
            "runs": len(results),
            "failed": failed,
            "steps": sum(len(r.steps.get("step", [])) for r in results),
            "events": sum(len(r.events.get("kind", [])) for r in results),
        },
    }
