"""Point ids, run ids and seeds that depend on what a run is, never on where it is listed.

A point's id is a stable hash of its parameters (canonical JSON of the sorted ``key:
value`` pairs); a run's id adds the replicate number; a run's seed derives from the sweep
seed, the point's hash and the replicate through numpy's SeedSequence. Adding points to a
sweep, reordering its levers or running it on another executor changes no existing run.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from sim.runner import derive_seed

#: How a run's seed is derived; written into the manifest.
SEED_DERIVATION = (
    "SeedSequence(sweep_seed, spawn_key=(point_key, replicate)).generate_state(1, uint64) >> 1;"
    " point_key = int(sha256(canonical parameters)[:16], 16)"
)
POINT_ID_DIGITS = 12  # 48 bits: collisions are checked for, and unlikely below ~10^6 points


@dataclass(frozen=True, slots=True)
class Point:
    """One combination of parameter values (levers and uncertainties)."""

    point_id: str
    key: int
    values: tuple[tuple[str, Any], ...]

    def as_dict(self) -> dict[str, Any]:
        """The values by dotted key."""
        return dict(self.values)


@dataclass(frozen=True, slots=True)
class RunKey:
    """Everything a worker needs to identify and seed one run of a point."""

    run_id: str
    point_id: str
    replicate: int
    seed: int
    values: tuple[tuple[str, Any], ...]


def canonical(values: Mapping[str, Any]) -> str:
    """Canonical JSON of parameter values: sorted keys, no spaces, floats by repr."""
    return json.dumps(sorted(values.items()), separators=(",", ":"), ensure_ascii=True)


def make_point(values: Mapping[str, Any]) -> Point:
    """The point of ``values`` (in the order given), with its id and integer key."""
    digest = hashlib.sha256(canonical(values).encode("ascii")).hexdigest()
    return Point(f"p{digest[:POINT_ID_DIGITS]}", int(digest[:16], 16), tuple(values.items()))


def run_id_of(point_id: str, replicate: int) -> str:
    """A run's id: ``<point_id>-r<replicate, four digits>``; sorts as (point, replicate)."""
    return f"{point_id}-r{replicate:04d}"


def run_keys(points: Iterable[Point], replications: int, sweep_seed: int) -> Iterator[RunKey]:
    """Every run of ``points`` (taken in the order given), replicates 0..N-1 in turn."""
    for point in points:
        for replicate in range(replications):
            yield RunKey(
                run_id_of(point.point_id, replicate),
                point.point_id,
                replicate,
                derive_seed(sweep_seed, point.key, replicate),
                point.values,
            )
