"""Speed of single runs of the baseline, beside an empty Mesa model of the same shape.

Prints runs per second and microseconds per step for:
  * the baseline scenario, 36 monthly steps, with recording (``sim.runner.run_once``:
    model, metrics and events collected into columns, as a scenario run or sweep does);
  * the same plus conversion of the results to Arrow tables in batches of 50 runs (what
    storage then writes to Parquet);
  * the baseline with ``[run] record_decisions`` on (the choices' reasons kept, each run's
    decisions table built, ``sim.decision_table``, and concatenated in batches of 50
    runs): the cost of recording decisions (every family of the baseline decides by the
    choice model);
  * an empty Mesa 3.5 model with five agents whose step does nothing, 36 steps: the
    framework's own share of the cost.

Times are CPU seconds of this one process (``time.process_time``), best of three, so that
another job on the machine disturbs the figures less than wall-clock time would. Run by
hand, preferably on an idle machine: ``python benchmarks/bench_run.py [--runs N]``.
"""

from __future__ import annotations

import argparse
import platform
import time
from pathlib import Path

import mesa
import numpy as np

from sim.config import load_scenario
from sim.runner import run_once
from sim.storage import decisions_table, events_table, runs_table, steps_table

BASELINE = Path(__file__).resolve().parent.parent / "configs" / "baseline_2019.toml"
STEPS = 36
#: The target: the baseline runs at no less than 1/15 of the empty model's runs/s.
TARGET_RATIO = 15


class EmptyAgent(mesa.Agent):
    """Does nothing."""

    def step(self) -> None:
        """Nothing."""


class EmptyModel(mesa.Model):
    """Five idle agents, stepped like the alliance model."""

    def __init__(self, seed: int) -> None:
        super().__init__(rng=seed)
        for _ in range(5):
            EmptyAgent(self)

    def step(self) -> None:
        """Activate every agent once."""
        self.agents.do("step")


def timed(label: str, runs: int, body) -> float:
    """Run ``body(i)`` for i in range(runs) after a warm-up; print and return runs/s."""
    warm_up(runs, body)
    best = min(cpu_seconds(runs, body) for _ in range(3))  # robust to a noisy neighbour
    return report(label, runs, best)


def warm_up(runs: int, body) -> None:
    """Run ``body`` a few times first (imports, caches, generated choosers)."""
    for i in range(min(20, runs)):
        body(i)


def cpu_seconds(runs: int, body) -> float:
    """CPU time of this process (``time.process_time``: "on one core") for ``runs`` calls."""
    start = time.process_time()
    for i in range(runs):
        body(i)
    return time.process_time() - start


def report(label: str, runs: int, seconds: float) -> float:
    """Print one line, runs/s and CPU us per step, and return runs/s."""
    rate = runs / seconds
    print(f"{label:<44}{rate:10.0f} runs/s{seconds / runs / STEPS * 1e6:10.1f} us/step (CPU)")
    return rate


def paired(runs: int, ours, bare) -> tuple[float, float]:
    """The baseline and the empty model timed in alternating rounds, best of three each.

    Timed one after the other, the empty model came out up to 15 % slower after the
    baseline's thousands of runs than in a fresh process (2,985 against 3,530 runs/s on
    2026-12-01; the cause was not pinned down), which flattered the ratio; alternating
    rounds give both the same conditions.
    """
    warm_up(runs, bare)
    warm_up(runs, ours)
    best_bare = best_ours = float("inf")
    for _ in range(3):
        best_bare = min(best_bare, cpu_seconds(runs, bare))
        best_ours = min(best_ours, cpu_seconds(runs, ours))
    return (
        report("baseline run with recording", runs, best_ours),
        report("empty 5-agent Mesa model", runs, best_bare),
    )


def main() -> float:
    """Measure and print."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=500)
    args = parser.parse_args()
    scenario = load_scenario(BASELINE, ["scenario.steps=36"])
    print(
        f"python {platform.python_version()}, mesa {mesa.__version__}, numpy {np.__version__}, "
        f"{platform.machine()}; {args.runs} runs of {STEPS} steps, best of 3"
    )

    def baseline(i: int) -> None:
        run_once(scenario, i)

    batch: list = []

    def with_tables(i: int) -> None:
        batch.append(run_once(scenario, i))
        if len(batch) == 50:  # tables are built per batch of runs, as storage does
            steps_table(batch), events_table(batch), runs_table(batch, {})
            batch.clear()

    loud = load_scenario(BASELINE, ["scenario.steps=36", "run.record_decisions=true"])
    recorded: list = []

    def decisions_on(i: int) -> None:
        recorded.append(run_once(loud, i))
        if len(recorded) == 50:
            decisions_table(recorded)
            recorded.clear()

    def empty(i: int) -> None:
        model = EmptyModel(i)
        for _ in range(STEPS):
            model.step()

    # The criterion's pair first, alternating, before the other lines run.
    ours, bare = paired(args.runs, baseline, empty)
    print(f"framework share of a baseline run: {ours / bare:.1%}")
    timed("baseline run, recording, Arrow tables", args.runs, with_tables)
    on = timed("baseline, record_decisions on", args.runs, decisions_on)
    print(f"recording decisions costs {1 - on / ours:.1%} of the runs/s")
    # The criterion (issues 10 and 11): the baseline, record_decisions off (its default),
    # at no less than 1/15 of the empty model's runs/s, measured in the same process.
    print(
        f"baseline (record_decisions off) / empty model: 1/{bare / ours:.1f}; "
        f"target >= 1/{TARGET_RATIO}: {'met' if ours * TARGET_RATIO >= bare else 'NOT met'}"
    )
    return ours / bare


if __name__ == "__main__":
    main()
