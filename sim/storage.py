"""The run directory (docs/OUTPUTS.md): its name, manifest and the tables' schemas.

``steps``, ``events`` and ``runs`` are always written; ``decisions`` only when the scenario
records decisions (``[run] record_decisions``).

Writing the directory, run by run, is :mod:`sim.scenario_run`'s job; a sweep's is
:mod:`sim.sweep.directory`'s.
"""

from __future__ import annotations

import json
import os
import platform
import socket
import subprocess
from collections.abc import Mapping, Sequence
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path
from typing import Any

import pyarrow as pa

from sim.config import Scenario
from sim.core.recorder import EVENT_COLUMNS, STEP_COLUMNS, STEP_FIELD_TYPES
from sim.decision_table import DECISIONS_SCHEMA
from sim.errors import ConfigError
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


def records_decisions(config: Mapping[str, Any]) -> bool:
    """Whether a resolved scenario table asks for decisions.parquet (``[run]``)."""
    run = config.get("run")
    return bool(run.get("record_decisions", False)) if isinstance(run, Mapping) else False


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


def decisions_table(results: Sequence[RunResult]) -> pa.Table:
    """All runs' recorded decisions (empty, with its columns, when none was recorded)."""
    tables = [r.decisions for r in results if r.decisions is not None and r.decisions.num_rows]
    return pa.concat_tables(tables) if tables else DECISIONS_SCHEMA.empty_table()


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
        row.update({key: storable(value) for key, value in values.items()})
        row.update({"status": r.status, "error": r.error})
        row.update(r.summary)
        rows.append(row)
    names = list(dict.fromkeys(name for row in rows for name in row))  # failed runs have fewer
    return typed_nulls(pa.table({name: [row.get(name) for row in rows] for name in names}))


def has_empty_table(value: Any) -> bool:
    """Whether a value holds an empty table somewhere (Parquet cannot store an empty struct)."""
    if isinstance(value, Mapping):
        return not value or any(has_empty_table(v) for v in value.values())
    if isinstance(value, list | tuple):
        return any(has_empty_table(v) for v in value)
    return False


def storable(value: Any) -> Any:
    """A parameter value as runs.parquet stores it: as is, or as JSON text if it holds ``{}``."""
    return json.dumps(value, sort_keys=True) if has_empty_table(value) else value


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


def check_dir_name(name: str, source: str, key: str) -> None:
    """A name that would make a hidden run directory (``.``, ``.x``) is a ConfigError."""
    if name.startswith("."):
        message = f"'{name}' starts with '.': its run directory would be hidden from readers"
        raise ConfigError(source, key, message)


def make_run_dir(root: Path, name: str, started: datetime) -> Path:
    """Create and return a fresh run directory ``<root>/<name>-<yyyymmdd-hhmmss>``.

    ``root`` is created if missing. The name is taken atomically (``mkdir`` fails if it
    exists): if it is taken, even by a command started in the same second, ``-2``, ``-3``,
    ... is tried next.
    """
    root.mkdir(parents=True, exist_ok=True)
    base = root / f"{name}-{started:%Y%m%d-%H%M%S}"
    path, n = base, 1
    while True:
        try:
            path.mkdir()
            return path
        except FileExistsError:
            n += 1
            path = Path(f"{base}-{n}")


def build_manifest(
    scenario: Scenario,
    resolved: dict[str, Any],
    command: Sequence[str],
    started: datetime,
) -> dict[str, Any]:
    """The manifest.json of a scenario run that starts now (docs/OUTPUTS.md).

    Status ``running``; ``finished``, ``seeds.runs`` and ``counts`` are filled in when the
    command ends.
    """
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
            "runs": {},
        },
        "packages": package_versions(),
        "git_revision": git_revision(),
        "started": started.isoformat(timespec="seconds"),
        "finished": None,
        "status": "running",
        "process": {"host": socket.gethostname(), "pid": os.getpid()},
        "sessions": [{"started": datetime.now(UTC).isoformat(timespec="seconds")}],
        "counts": {},
    }
