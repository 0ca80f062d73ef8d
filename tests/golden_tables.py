"""Checksums of the Parquet tables of fixed runs, to prove a refactor changed no result.

``python tests/golden_tables.py --update`` records them (tests/golden/checksums.json); the
test ``test_golden.py`` recomputes and compares. A change that alters results on purpose
updates the file in the same commit and says why in its message.

A checksum covers a table's column names and types and every value, rendered with
``repr`` (exact for floats), so it does not depend on the Parquet writer's version.
"""

from __future__ import annotations

import hashlib
import json
import sys
from pathlib import Path

import pyarrow as pa

from sim.config import load_scenario
from sim.runner import run_replications
from sim.storage import events_table, runs_table, steps_table

ROOT = Path(__file__).resolve().parent.parent
CHECKSUMS = Path(__file__).resolve().parent / "golden" / "checksums.json"
SCENARIOS = (
    "baseline_2019",
    "whatif_transactional_threats",
    "whatif_no_linkage",
    "whatif_wedge_dprk",
)
SEEDS = 20


def table_checksum(table: pa.Table) -> str:
    """SHA-256 of a table's schema and values, independent of file encoding."""
    digest = hashlib.sha256()
    for field, column in zip(table.schema, table.columns, strict=True):
        digest.update(f"{field.name}:{field.type}\n".encode())
        digest.update(repr(column.to_pylist()).encode())
    return digest.hexdigest()


def checksums() -> dict[str, dict[str, str]]:
    """Checksums of steps, runs and events for each golden scenario (20 replicates)."""
    found: dict[str, dict[str, str]] = {}
    for name in SCENARIOS:
        scenario = load_scenario(ROOT / "configs" / f"{name}.toml")
        results = list(run_replications(scenario, SEEDS))
        tables = {
            "steps": steps_table(results),
            "runs": runs_table(results, {}),
            "events": events_table(results),
        }
        found[name] = {key: table_checksum(table) for key, table in tables.items()}
    return found


if __name__ == "__main__":
    if sys.argv[1:] != ["--update"]:
        sys.exit("usage: python tests/golden_tables.py --update")
    CHECKSUMS.write_text(json.dumps(checksums(), indent=2, sort_keys=True) + "\n")
    print(f"wrote {CHECKSUMS}")
