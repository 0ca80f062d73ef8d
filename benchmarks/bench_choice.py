"""Speed of the choice model (sim/core/choice.py) beside a plain numpy draw.

Prints decisions per second for a two-option and a four-option decision (three terms an
option), with and without a knockout, and, for scale, plain ``rng.random()`` calls per
second (the one uniform every decision draws) and a numpy softmax-and-draw over the same
utilities. The baseline runs at about 240 runs/s x 36 steps, so a few decisions a step
cost about 8,600 x (decisions per step) calls a second. CPU time of this process, best of
three. Run by hand: ``python benchmarks/bench_choice.py [--calls N]``.
"""

from __future__ import annotations

import argparse
import platform
import time

import numpy as np

from sim.core.choice import DecisionSpec

TERMS = [("material_cost", "base"), ("reciprocity", "M7"), ("us_pressure", "M10")]


def spec_of(options: int) -> DecisionSpec:
    return DecisionSpec("bench", {f"option{i}": TERMS for i in range(options)})


def best_rate(func, calls: int) -> float:
    best = float("inf")
    for _ in range(3):
        started = time.process_time()
        func(calls)
        best = min(best, time.process_time() - started)
    return calls / best


def choices(options: int, knockout: frozenset[str]):
    spec = spec_of(options)
    rng = np.random.default_rng(1)
    values = tuple(float(v) for v in rng.normal(size=3 * options))

    def loop(calls: int) -> None:
        choose = spec.choose
        for _ in range(calls):
            choose(rng, values, "ROK", 2.0, knockout)

    return loop


def plain_draws(calls: int) -> None:
    rng = np.random.default_rng(1)
    draw = rng.random
    for _ in range(calls):
        draw()


def numpy_softmax(options: int):
    rng = np.random.default_rng(1)
    values = rng.normal(size=(options, 3))

    def loop(calls: int) -> None:
        for _ in range(calls):
            u = values.sum(axis=1)
            w = np.exp(2.0 * (u - u.max()))
            int(np.searchsorted(np.cumsum(w), rng.random() * w.sum()))

    return loop


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--calls", type=int, default=200_000)
    calls = parser.parse_args().calls
    print(f"python {platform.python_version()}, numpy {np.__version__}, {calls:,} calls, best of 3")
    rows = [
        ("plain rng.random() (one uniform)", plain_draws),
        ("choice, 2 options x 3 terms", choices(2, frozenset())),
        ("choice, 2 options, M7 knocked out", choices(2, frozenset({"M7"}))),
        ("choice, 4 options x 3 terms", choices(4, frozenset())),
        ("numpy softmax + draw, 2 options", numpy_softmax(2)),
        ("numpy softmax + draw, 4 options", numpy_softmax(4)),
    ]
    for label, func in rows:
        rate = best_rate(func, calls)
        print(f"  {label:<38}{rate:>12,.0f} /s  {1e6 / rate:6.2f} us")


if __name__ == "__main__":
    main()
