"""Where a baseline step's time goes: CPU microseconds per step, phase by phase.

Wraps each phase of :meth:`sim.core.model.AllianceModel.step` (the snapshot, each actor's
decisions, each resolution, the slow dynamics, cohesion and the step's metrics) in a timer
and runs the baseline, 36 steps, ``--runs`` times; prints each phase's microseconds per
step (wall-clock, ``time.perf_counter``: run it on an idle machine) and its share of the
whole run (``run_once``: building the model, the steps, Mesa's stepping and collecting the
results). Each timer adds some 0.2 microseconds per wrapped call, so the run is a few
per cent slower than without them. Run by hand: ``python benchmarks/bench_phases.py
[--runs N]``; the ratio to the empty Mesa model is ``bench_run.py``'s.
"""

from __future__ import annotations

import argparse
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

import agents.actor
import sim.core.model as model_module
from sim.config import load_scenario
from sim.runner import run_once

BASELINE = Path(__file__).resolve().parent.parent / "configs" / "baseline_2019.toml"
STEPS = 36
spent: Counter[str] = Counter()
#: Wall-clock time: ``process_time`` is a system call, dearer than the phases it would time.
clock = time.perf_counter


def timer(label: str, function: Callable[..., Any]) -> Callable[..., Any]:
    """``function``, its CPU time added to ``spent[label]``."""

    def timed(*args: Any, **kwargs: Any) -> Any:
        start = clock()
        try:
            return function(*args, **kwargs)
        finally:
            spent[label] += clock() - start

    return timed


def instrument() -> None:
    """Wrap the phases the model's step calls (module attributes looked up per call)."""
    m = model_module
    m.build_snapshot = timer("2 snapshot of observations", m.build_snapshot)
    m.resolve_disputes = timer("4 resolution: disputes, mediation", m.resolve_disputes)
    for name in ("open_items", "apply_shocks"):
        setattr(m.resolution, name, timer("1 shocks, items opening", getattr(m.resolution, name)))
    for name in ("resolve_provocation", "resolve_engagement", "resolve_items", "resolve_coercion"):
        label = f"4 resolution: {name.removeprefix('resolve_')}"
        setattr(m.resolution, name, timer(label, getattr(m.resolution, name)))
    m.dynamics.advance = timer("5 slow dynamics", m.dynamics.advance)
    m.readout.measure = timer("6 cohesion", m.readout.measure)
    m.readout.step_metrics = timer("6 step metrics", m.readout.step_metrics)
    decide = agents.actor.StateActor.decide

    def decide_timed(self: agents.actor.StateActor, *args: Any) -> Any:
        start = clock()
        try:
            return decide(self, *args)
        finally:
            spent[f"3 decisions: {self.code}"] += clock() - start

    agents.actor.StateActor.decide = decide_timed  # type: ignore[method-assign]
    m.AllianceModel.step = timer("the step (all phases)", m.AllianceModel.step)


def main() -> None:
    """Measure and print."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=500)
    args = parser.parse_args()
    scenario = load_scenario(BASELINE, [f"scenario.steps={STEPS}"])
    instrument()
    for i in range(20):  # warm-up
        run_once(scenario, i)
    spent.clear()
    start = clock()
    for i in range(args.runs):
        run_once(scenario, i)
    whole = clock() - start
    steps = args.runs * STEPS
    print(f"baseline, {args.runs} runs of {STEPS} steps: us per step (wall), share of the run")
    for label, seconds in sorted(spent.items()):
        print(f"  {label:<40}{seconds / steps * 1e6:8.1f}{seconds / whole:8.1%}")
    outside = whole - spent["the step (all phases)"]
    print(f"  {'outside the step (build, Mesa, collect)':<40}"
          f"{outside / steps * 1e6:8.1f}{outside / whole:8.1%}")  # fmt: skip
    print(f"  {'the run (run_once)':<40}{whole / steps * 1e6:8.1f}{1:8.1%}")


if __name__ == "__main__":
    main()
