"""Helpers for the decisions tests: a run directory with made-up decisions of any name.

:func:`write_decisions` writes a decisions.parquet from choices made by the real choice
model (:class:`sim.core.choice.DecisionSpec`) for a decision that no policy makes, so the
analysis can be shown to report any decision name with no code change.
"""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq

from sim.core.choice import DECISION_COLUMNS, DecisionSpec
from sim.storage import DECISIONS_SCHEMA

#: A decision no policy makes: a made-up actor's yes/no with a constraint option.
INVENTED = DecisionSpec(
    "invented_ask",
    {
        "accept": [("security", "M3"), ("entrapment", "M6")],
        "refuse": [("audience", "base")],
        "defer": [("constraint", "base")],
    },
)


def invented_values(rng: np.random.Generator) -> list[float]:
    """Term values in INVENTED.layout order: security, entrapment, audience, constraint."""
    return [rng.uniform(0.0, 2.0), -rng.uniform(0.0, 1.0), rng.uniform(0.0, 0.5), -math.inf]


def write_decisions(run_dir: Path, runs: int = 3, steps: int = 10, seed: int = 1) -> pa.Table:
    """Write decisions.parquet of ``runs`` runs making INVENTED monthly; return the table."""
    rng = np.random.default_rng(seed)
    rows = []
    for run in range(runs):
        for step in range(1, steps + 1):
            choice = INVENTED.choose(rng, invented_values(rng), actor="XYZ", precision=2.0)
            choice.subject = "item_1"
            rows += choice.rows(f"invented-{run:04d}", step)
    columns = {name: [r[i] for r in rows] for i, name in enumerate(DECISION_COLUMNS)}
    table = pa.table(columns, schema=DECISIONS_SCHEMA)
    pq.write_table(table, run_dir / "decisions.parquet")
    return table
