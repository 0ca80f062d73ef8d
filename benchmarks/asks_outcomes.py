"""Outcomes of the US asks over seeds: missiles, Hormuz, SMA and HNS (issue 10, the asks).

``python benchmarks/asks_outcomes.py [SCENARIO] [--seeds N] [--set KEY=VALUE ...]`` prints,
per item, the share of runs in each final status, and for cost-sharing items the agreed
month (median, 5-95 %) and the agreed amount relative to the status quo.
"""

from __future__ import annotations

import argparse
import collections
import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sim.config import validate_scenario  # noqa: E402
from sim.config.load import apply_overrides, read_scenario_table  # noqa: E402
from sim.core.model import AllianceModel  # noqa: E402
from sim.months import month_index, month_name  # noqa: E402

BASELINE = Path(__file__).resolve().parent.parent / "configs" / "baseline_2019.toml"


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("scenario", nargs="?", default=str(BASELINE))
    parser.add_argument("--seeds", type=int, default=50)
    parser.add_argument("--set", action="append", default=[], dest="overrides")
    args = parser.parse_args(argv)
    table = apply_overrides(read_scenario_table(args.scenario), args.overrides, "asks_outcomes")
    sc = validate_scenario(table, args.scenario)
    start = month_index(sc.spec.scenario.start)
    statuses: dict[str, collections.Counter] = collections.defaultdict(collections.Counter)
    steps: dict[str, list[int]] = collections.defaultdict(list)
    levels: dict[str, list[float]] = collections.defaultdict(list)
    decided: dict[str, list[int]] = collections.defaultdict(list)
    threats: list[int] = []
    asks_then: list[float] = []  # the SMA ask in 2020-03 (us_revised_demand_rok: 4 bn USD)
    march = month_index("2020-03") - start + 1
    for seed in range(args.seeds):
        model = AllianceModel(sc, seed)
        model.run()
        events = model.recorder.events
        threats.append(sum(1 for e in events if e.kind == "troop_threat" and e.actor == "USA"))
        demands = [e for e in events if e.kind == "demand" and e.item == "sma_rok"]
        asks_then.append(next((e.magnitude for e in reversed(demands) if e.step <= march), 0.0))
        for e in events:
            if (
                e.kind
                in (
                    "coalition_join",
                    "coalition_independent",
                    "refusal",
                    "deployment_accept",
                    "deployment_refuse",
                )
                and e.item
            ):
                decided[e.item].append(e.step)
        for item in model.world.agenda:
            statuses[item.item_id][item.status] += 1
            if item.agreed_step is not None and item.is_cost_sharing:
                steps[item.item_id].append(item.agreed_step)
                levels[item.item_id].append(item.agreed_amount / item.status_quo - 1.0)
    for item_id, counter in statuses.items():
        shares = ", ".join(f"{k} {v / args.seeds:.0%}" for k, v in sorted(counter.items()))
        line = f"{item_id:12s} {shares}"
        if steps[item_id]:
            s = np.array(steps[item_id])
            q = np.percentile(s, [5, 50, 95]).round().astype(int)
            months = [month_name(start + int(x) - 1) for x in q]
            lv = np.array(levels[item_id]) * 100
            line += (
                f"; agreed month median {months[1]} (5-95 % {months[0]}..{months[2]});"
                f" level +{np.median(lv):.1f} % (5-95 % +{np.percentile(lv, 5):.1f}.."
                f"+{np.percentile(lv, 95):.1f} %)"
            )
        if decided[item_id] and not steps[item_id]:
            median = int(np.median(decided[item_id]))
            line += f"; answered median {month_name(start + median - 1)}"
        print(line)
    print(
        f"US troop-cut threats per run: mean {np.mean(threats):.1f}; SMA ask in 2020-03:"
        f" median {np.median(asks_then):.2f} bn USD (history 4.0)"
    )


if __name__ == "__main__":
    main()
