"""Single runs and replications: seeds, failure capture and run results.

A replicate's seed derives from the scenario seed and the replicate number through numpy's
SeedSequence, never from its position in a list of jobs, so a run is the same whichever
executor runs it and in whatever order runs complete.
"""

from __future__ import annotations

import time
import traceback
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pyarrow as pa

from sim.config import Scenario
from sim.core.model import AllianceModel
from sim.decision_table import decisions_arrow


@dataclass(slots=True)
class RunResult:
    """Everything one run produced, in plain columns (no model objects)."""

    run_id: str
    seed: int
    replicate: int
    status: str
    error: str
    steps: dict[str, list[Any]] = field(default_factory=dict)
    events: dict[str, list[Any]] = field(default_factory=dict)
    summary: dict[str, Any] = field(default_factory=dict)
    #: The decisions.parquet rows when ``[run] record_decisions``; else None.
    decisions: pa.Table | None = None


def derive_seed(base_seed: int, *key: int) -> int:
    """A 63-bit run seed from a base seed and an integer key (e.g. the replicate number)."""
    state = np.random.SeedSequence(base_seed, spawn_key=key).generate_state(1, np.uint64)[0]
    return int(state >> np.uint64(1))


def run_id_for(scenario: Scenario, replicate: int) -> str:
    """The run id of a replicate: scenario name and replicate number."""
    return f"{scenario.name}-{replicate:04d}"


class RunTimeout(Exception):
    """A run went past its time limit (checked between steps)."""


def deadline_check(model: AllianceModel, time_limit: float, started: float) -> Callable[[], None]:
    """A ``before_step`` hook that raises :class:`RunTimeout` once the limit has passed.

    The check is cooperative: it runs between steps, so it works on every executor
    (threads included) but cannot interrupt a step that never ends.
    """

    def check() -> None:
        elapsed = time.monotonic() - started
        if elapsed > time_limit:
            raise RunTimeout(
                f"time limit of {time_limit:g} s exceeded at step {model.steps} "
                f"({elapsed:.1f} s elapsed)"
            )

    return check


def run_once(
    scenario: Scenario,
    replicate: int,
    *,
    seed: int | None = None,
    run_id: str | None = None,
    time_limit: float | None = None,
) -> RunResult:
    """Run one replicate; an exception is captured as a failed run, not raised.

    ``seed`` and ``run_id`` default to the scenario's derivation (:func:`derive_seed`,
    :func:`run_id_for`); a sweep passes its own, derived from the point and the replicate.
    A run still stepping ``time_limit`` seconds after it began ends with status "timeout".
    """
    seed = derive_seed(scenario.spec.scenario.seed, replicate) if seed is None else seed
    run_id = run_id_for(scenario, replicate) if run_id is None else run_id
    started = time.monotonic()
    try:
        model = AllianceModel(scenario, seed)
        check = deadline_check(model, time_limit, started) if time_limit else None
        model.run(before_step=check)
    except RunTimeout as exc:
        return RunResult(run_id, seed, replicate, "timeout", str(exc))
    except Exception as exc:  # noqa: BLE001 - a failing run is recorded, the others go on
        error = f"{type(exc).__name__}: {exc}\n{traceback.format_exc(limit=5)}"
        return RunResult(run_id, seed, replicate, "failed", error)
    summary = model.summary()
    summary.update(item_outcomes(model))
    return RunResult(
        run_id,
        seed,
        replicate,
        "ok",
        "",
        steps=model.recorder.step_columns(),
        events=model.recorder.event_columns(),
        summary=summary,
        decisions=decisions_arrow(run_id, model.recorder.choices)
        if model.record_decisions
        else None,
    )


def item_outcomes(model: AllianceModel) -> dict[str, Any]:
    """Final status and decision step of every agenda item, as ``item_<id>_status/_step``."""
    outcomes: dict[str, Any] = {}
    for item in model.world.agenda:
        outcomes[f"item_{item.item_id}_status"] = item.status
        outcomes[f"item_{item.item_id}_step"] = (
            item.agreed_step if item.status == "agreed" else None
        )
    return outcomes


def run_replications(scenario: Scenario, replications: int | None = None) -> Iterator[RunResult]:
    """Run replicates 0..N-1 in order, yielding each result as it finishes."""
    count = replications if replications is not None else scenario.spec.run.replications
    for replicate in range(count):
        yield run_once(scenario, replicate)
