"""Helpers for the sweep tests: small sweep files and reading a run directory's tables."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
import tomli_w

ROOT = Path(__file__).resolve().parent.parent
BASELINE = ROOT / "configs" / "baseline_2019.toml"
TABLES = ("runs", "steps", "events")


def sweep_table(**sweep: Any) -> dict[str, Any]:
    """A small grid sweep of the baseline: 2 x 2 points, 2 replications, 3 steps."""
    section = {
        "name": "tiny",
        "base": str(BASELINE),
        "method": "grid",
        "replications": 2,
        "seed": 11,
        "steps": 3,
    }
    section.update(sweep)
    return {
        "sweep": section,
        "levers": {"actors.USA.demand.policy": ["fixed", "cooperative"]},
        "uncertainties": {"mechanisms.rally_strength": [0.0, 0.2]},
    }


def write_sweep(folder: Path, table: dict[str, Any], name: str = "sweep.toml") -> Path:
    """Write a sweep table as TOML and return its path."""
    path = Path(folder) / name
    path.write_text(tomli_w.dumps(table), encoding="utf-8")
    return path


def read_tables(run_dir: Path) -> dict[str, pa.Table]:
    """Each table of a run directory, every Parquet file of it, sorted by run id (and step)."""
    tables = {}
    for name in TABLES:
        files = sorted(run_dir.glob(f"{name}.parquet")) + sorted(run_dir.glob(f"{name}/*.parquet"))
        table = pa.concat_tables([pq.read_table(f) for f in files], promote_options="permissive")
        keys = [("run_id", "ascending")] + ([("step", "ascending")] if name != "runs" else [])
        tables[name] = table.sort_by(keys)
    return tables


def assert_same_results(a: Path, b: Path) -> None:
    """Two run directories hold the same runs, steps and events."""
    left, right = read_tables(a), read_tables(b)
    for name in TABLES:
        assert left[name].num_rows > 0 or name == "events"
        assert left[name].equals(right[name]), f"{name} differ between {a} and {b}"


def only_child(folder: Path) -> Path:
    """The one run directory in ``folder``."""
    (child,) = [p for p in Path(folder).iterdir() if not p.name.startswith(".")]
    return child
