"""The one loader of run directories: DuckDB over the Parquet files of the output contract.

A run directory (docs/OUTPUTS.md, docs/SWEEPS.md) holds ``manifest.json`` and three tables,
``steps``, ``runs`` and ``events``, each either one compacted file (``steps.parquet``) or,
while a sweep runs or after an interruption, a folder of chunks (``steps/part-*.parquet``).
A compacted file supersedes a leftover folder, as in the sweep's own compaction. Each table
becomes a DuckDB view over exactly its own files, so queries aggregate inside DuckDB and
only their (small) results reach pandas. Nothing here imports the model.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from functools import cached_property
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd

from sim.errors import ConfigError

TABLES: tuple[str, ...] = ("steps", "runs", "events")
PART_GLOB = "part-*.parquet"
#: Columns each table must have for the analysis to make sense.
REQUIRED_COLUMNS: dict[str, tuple[str, ...]] = {
    "steps": (
        "run_id",
        "step",
        "date",
        "cohesion_usa_rok",
        "cohesion_usa_jpn",
        "cohesion_rok_jpn",
        "trilateral_cohesion",
    ),
    "runs": ("run_id", "status"),
    "events": ("run_id", "step", "date", "actor", "kind"),
}
MEMORY_LIMIT = "1GB"  # DuckDB spills to disk beyond this, keeping a report well under 2 GB


class RunDirectoryError(ConfigError):
    """A missing or malformed run directory: one line naming the path and the problem."""

    def __init__(self, path: Path | str, message: str) -> None:
        super().__init__(str(path), "", message)


def table_files(path: Path, name: str) -> list[Path]:
    """The Parquet files of one table: the compacted file, else its finished chunks."""
    compacted = path / f"{name}.parquet"
    if compacted.is_file():
        return [compacted]
    folder = path / name
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.glob(PART_GLOB) if p.is_file())


def read_manifest(path: Path) -> dict[str, Any]:
    """``manifest.json`` as a dict; a missing or unreadable one is a RunDirectoryError."""
    if not path.is_dir():
        raise RunDirectoryError(path, "no such run directory")
    try:
        manifest = json.loads((path / "manifest.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        raise RunDirectoryError(path, "no readable manifest.json: not a run directory") from None
    if not isinstance(manifest, dict) or manifest.get("kind") not in ("scenario", "sweep"):
        raise RunDirectoryError(path, "manifest.json: expected kind 'scenario' or 'sweep'")
    return manifest


def sql_list(files: Sequence[Path]) -> str:
    """A DuckDB list literal of file paths."""
    quoted = ", ".join("'" + str(f).replace("'", "''") + "'" for f in files)
    return f"[{quoted}]"


class RunDirectory:
    """A run directory opened for reading: its manifest and a DuckDB view per table."""

    def __init__(self, path: Path | str, threads: int = 2) -> None:
        self.path = Path(path)
        self.manifest = read_manifest(self.path)
        self.con = duckdb.connect(config={"threads": threads, "memory_limit": MEMORY_LIMIT})
        for name in TABLES:
            self._create_view(name)

    def _create_view(self, name: str) -> None:
        files = table_files(self.path, name)
        if not files:
            raise RunDirectoryError(self.path, f"no {name}.parquet (nor {name}/{PART_GLOB})")
        source = f"read_parquet({sql_list(files)}, union_by_name = true)"
        try:
            self.con.execute(f"CREATE VIEW {name} AS SELECT * FROM {source}")
            columns = {row[0] for row in self.con.execute(f"DESCRIBE {name}").fetchall()}
        except duckdb.Error as exc:
            first = str(exc).splitlines()[0]
            raise RunDirectoryError(self.path, f"{name}: unreadable Parquet ({first})") from None
        missing = [c for c in REQUIRED_COLUMNS[name] if c not in columns]
        if missing:
            raise RunDirectoryError(self.path, f"{name}: missing column(s) {', '.join(missing)}")

    def query(self, sql: str) -> pd.DataFrame:
        """Run a query over the views ``steps``, ``runs``, ``events`` (and registered frames)."""
        return self.con.execute(sql).df()

    def columns(self, table: str) -> list[str]:
        """The column names of a table, in file order."""
        return [row[0] for row in self.con.execute(f"DESCRIBE {table}").fetchall()]

    @property
    def kind(self) -> str:
        """``"scenario"`` or ``"sweep"``."""
        return str(self.manifest["kind"])

    @property
    def name(self) -> str:
        """The scenario's or the sweep's name."""
        return str(self.manifest.get("scenario") or self.manifest.get("sweep") or self.path.name)

    @cached_property
    def runs(self) -> pd.DataFrame:
        """runs.parquet as a DataFrame (one row per run: small even for large sweeps)."""
        return self.query("SELECT * FROM runs ORDER BY run_id")

    @property
    def ok_runs(self) -> pd.DataFrame:
        """The runs that completed (``status == "ok"``)."""
        return self.runs[self.runs["status"] == "ok"].reset_index(drop=True)

    @property
    def spec(self) -> dict[str, Any]:
        """A sweep's resolved spec (manifest ``spec``); empty for a scenario run."""
        return dict(self.manifest.get("spec") or {})

    @property
    def parameters(self) -> list[str]:
        """Swept parameters (levers, then uncertainties), or a scenario's ``--set`` keys."""
        if self.kind == "sweep":
            declared = self.manifest.get("parameters") or {}
            keys = [*declared.get("levers", []), *declared.get("uncertainties", [])]
        else:
            keys = list(self.manifest.get("overrides") or {})
        return [k for k in keys if k in self.runs.columns]

    @property
    def levers(self) -> list[str]:
        """A sweep's levers (policies chosen by name), as swept."""
        declared = (self.manifest.get("parameters") or {}).get("levers", [])
        return [k for k in declared if k in self.runs.columns]

    def declared_values(self, key: str) -> list[Any] | None:
        """The values a sweep file lists for a lever (or a grid's uncertainty), in its order."""
        spec = self.spec
        if key in (spec.get("levers") or {}):
            return list(spec["levers"][key])
        if (spec.get("sweep") or {}).get("method") == "grid":
            return list((spec.get("uncertainties") or {}).get(key) or []) or None
        return None

    def design(self) -> pd.DataFrame:
        """A sweep's design.parquet (every sample in the sampler's order)."""
        path = self.path / "design.parquet"
        if not path.is_file():
            raise RunDirectoryError(self.path, "no design.parquet: not a sampled sweep")
        return self.query(f"SELECT * FROM read_parquet({sql_list([path])}) ORDER BY sample")

    def register(self, name: str, frame: pd.DataFrame) -> None:
        """Make a pandas frame queryable as ``name`` (e.g. a run -> group mapping)."""
        self.con.register(name, frame)

    def close(self) -> None:
        """Close the DuckDB connection."""
        self.con.close()
