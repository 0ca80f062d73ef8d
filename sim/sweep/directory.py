"""A sweep's run directory: created first, described by its manifest from the first moment.

The directory exists while the sweep runs (so that it can be resumed) and is locked by
the process running it (:mod:`sim.sweep.lock`): ``manifest.json`` is written at once with
status "running" and rewritten at the end ("complete", "interrupted" or "failed"), each
time atomically. ``config.toml`` is the sweep resolved (every default filled,
``base = "base.toml"``), ``base.toml`` its base scenario as read, so
``python -m sim sweep RUN_DIR/config.toml`` repeats the sweep, and ``design.parquet``
lists every sample of the design in the sampler's order.
"""

from __future__ import annotations

import json
import os
import socket
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
import tomli_w

from sim.config import validate_scenario
from sim.errors import ConfigError
from sim.storage import FORMAT_VERSION, check_dir_name, git_revision, make_run_dir, package_versions
from sim.sweep.chunks import parts, write_atomically, write_text_atomically
from sim.sweep.keys import SEED_DERIVATION
from sim.sweep.load import Sweep
from sim.sweep.lock import lock_directory
from sim.sweep.spec import spec_table


def now() -> str:
    """The current UTC time, to the second."""
    return datetime.now(UTC).isoformat(timespec="seconds")


def design_table(sweep: Sweep) -> pa.Table:
    """One row per sample of the design: its index, point id and parameter values."""
    by_id = {p.point_id: p.as_dict() for p in sweep.points}
    rows = [
        {"sample": index, "point_id": point_id, **by_id[point_id]}
        for index, point_id in enumerate(sweep.design)
    ]
    return pa.Table.from_pylist(rows)


def initial_manifest(sweep: Sweep, command: list[str], executor: str) -> dict[str, Any]:
    """The manifest of a sweep that starts now (status "running")."""
    base = validate_scenario(sweep.base, sweep.source).resolved_table()
    return {
        "format_version": FORMAT_VERSION,
        "kind": "sweep",
        "command": command,
        "sweep": sweep.name,
        "source": sweep.source,
        "spec": spec_table(sweep.spec),
        "fingerprint": sweep.fingerprint(),
        "parameters": {
            "levers": list(sweep.spec.levers),
            "uncertainties": list(sweep.spec.uncertainties),
        },
        "config": base,
        "seeds": {"sweep_seed": sweep.spec.sweep.seed, "derivation": SEED_DERIVATION},
        "packages": package_versions(),
        "git_revision": git_revision(),
        "started": now(),
        "finished": None,
        "status": "running",
        "process": {"host": socket.gethostname(), "pid": os.getpid()},
        "sessions": [{"started": now(), "executor": executor, "command": command}],
        "counts": {
            "samples": len(sweep.design),
            "points": len(sweep.points),
            "runs_planned": sweep.run_count,
        },
    }


def write_manifest(run_dir: Path, manifest: dict[str, Any]) -> None:
    """Write manifest.json atomically."""
    write_text_atomically(json.dumps(manifest, indent=2) + "\n", run_dir / "manifest.json")


def read_manifest(run_dir: Path) -> dict[str, Any]:
    """The manifest of a sweep's run directory; anything else is a :class:`ConfigError`."""
    path = run_dir / "manifest.json"
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        raise ConfigError(str(path), "", "no readable manifest: not a run directory") from None
    if manifest.get("kind") != "sweep":
        raise ConfigError(str(path), "kind", "not a sweep's run directory")
    return manifest


def create_run_dir(root: Path, sweep: Sweep, command: list[str], executor: str) -> Path:
    """Create and lock the run directory; write its manifest, config, base and design.

    ``root`` exists (checked before); the directory's name is taken atomically.
    """
    check_dir_name(sweep.name, sweep.source, "sweep.name")
    try:
        run_dir = make_run_dir(root, sweep.name, datetime.now(UTC))
    except OSError as exc:
        raise ConfigError(str(root), "", f"cannot create a run directory: {exc.strerror}") from None
    lock_directory(run_dir)
    config = spec_table(sweep.spec)
    config["sweep"]["base"] = "base.toml"
    write_text_atomically(tomli_w.dumps(sweep.base_raw), run_dir / "base.toml")
    write_text_atomically(tomli_w.dumps(config), run_dir / "config.toml")
    write_atomically(design_table(sweep), run_dir / "design.parquet")
    write_manifest(run_dir, initial_manifest(sweep, command, executor))
    return run_dir


def check_resumable(run_dir: Path, sweep: Sweep) -> dict:
    """The manifest of ``run_dir`` if it holds this sweep; otherwise a :class:`ConfigError`.

    Called before any worker starts, so that bad input costs no process pool.
    """
    manifest = read_manifest(run_dir)
    if manifest.get("fingerprint") != sweep.fingerprint():
        message = f"holds another sweep than {sweep.source} (its spec or base differ)"
        raise ConfigError(str(run_dir / "manifest.json"), "fingerprint", message)
    return manifest


def open_for_resume(run_dir: Path, sweep: Sweep, command: list[str], executor: str) -> None:
    """Check that ``run_dir`` holds this sweep, lock it and mark it running again.

    A directory another process holds (its lock) is a :class:`ConfigError` naming it.
    """
    manifest = check_resumable(run_dir, sweep)
    lock_directory(run_dir)
    manifest["status"] = "running"
    manifest["process"] = {"host": socket.gethostname(), "pid": os.getpid()}
    manifest["sessions"].append({"started": now(), "executor": executor, "command": command})
    write_manifest(run_dir, manifest)


def final_counts(run_dir: Path) -> dict[str, int]:
    """Runs by status and rows of steps, events and decisions (if recorded), from the files."""
    counts: dict[str, int] = {}
    for name in ("runs", "steps", "events", "decisions"):
        compacted = run_dir / f"{name}.parquet"
        files = [compacted] if compacted.is_file() else parts(run_dir, name)
        if name == "decisions" and not files and not (run_dir / name).is_dir():
            continue
        counts[name] = sum(pq.ParquetFile(f).metadata.num_rows for f in files)
        if name == "runs":
            statuses: Counter[str] = Counter()
            for f in files:
                statuses.update(pq.read_table(f, columns=["status"]).column(0).to_pylist())
            counts.update({s: statuses.get(s, 0) for s in ("ok", "failed", "timeout")})
    return counts


def finish_manifest(run_dir: Path, status: str) -> dict[str, int]:
    """Record the end of this session: status, time and counts; return the counts."""
    manifest = read_manifest(run_dir)
    counts = final_counts(run_dir)
    manifest["status"] = status
    manifest["finished"] = now()
    manifest["sessions"][-1].update({"finished": manifest["finished"], "status": status})
    manifest["counts"].update(counts)
    write_manifest(run_dir, manifest)
    return counts
