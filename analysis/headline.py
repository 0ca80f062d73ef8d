"""The baseline's headline numbers under a posterior: what to quote, with what uncertainty.

Each headline number (:data:`QUANTITIES`) is measured on runs of a scenario (by default the
baseline) twice: with its parameters as the scenario sets them, over ``draws * runs`` seeds
(the spread is the seeds' alone), and with ``draws`` parameter draws from an ABC-SMC
posterior (``particles.csv`` of ``python -m analysis abc-smc``), ``runs`` seeds each. For
the posterior the table gives the mean over all runs, the 5 %-95 % range of the per-draw
means (the parameters' uncertainty: how far the number moves with what 2019 left unknown)
and the 5 %-95 % range over all runs (seeds and parameters together).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

import pandas as pd

from analysis.replay import month_number
from sim.config import validate_scenario
from sim.config.load import apply_overrides
from sim.runner import derive_seed, run_once


def _status(item: str, status: str) -> Callable[[Any, Mapping[str, Any]], float]:
    return lambda result, _table: float(result.summary.get(f"item_{item}_status") == status)


def _summary(name: str) -> Callable[[Any, Mapping[str, Any]], float]:
    return lambda result, _table: float(bool(result.summary.get(name)))


def _notice(result: Any, _table: Mapping[str, Any]) -> float:
    return float(result.summary.get("gsomia_notice_step") is not None)


def _lifted(result: Any, _table: Mapping[str, Any]) -> float:
    events = result.events
    return float(any(
        kind == "reconcile" and actor == "JPN" and item == "export_controls"
        for kind, actor, item in zip(events["kind"], events["actor"], events["item"], strict=True)
    ))  # fmt: skip


def _sma(result: Any, table: Mapping[str, Any]) -> tuple[float, float]:
    """Months from the start to the SMA and its size over the status quo (NaN if none)."""
    events = result.events
    start = month_number(table["scenario"]["start"])
    status_quo = float(table["agenda"]["sma_rok"]["status_quo"])
    for date, kind, target, magnitude in zip(
        events["date"], events["kind"], events["target"], events["magnitude"], strict=True
    ):
        if kind == "agreement" and target == "ROK":
            return month_number(str(date)[:7]) - start, float(magnitude) / status_quo - 1.0
    return float("nan"), float("nan")


#: Headline numbers: name -> value of one run (1/0 for events).
QUANTITIES: dict[str, Callable[[Any, Mapping[str, Any]], float]] = {
    "ROK accepts the missiles": _status("missiles_rok", "agreed"),
    "JPN accepts the missiles": _status("missiles_jpn", "agreed"),
    "ROK joins the Hormuz coalition": _status("hormuz_rok", "agreed"),
    "JPN joins the Hormuz coalition": _status("hormuz_jpn", "agreed"),
    "GSOMIA notice": _notice,
    "GSOMIA notice suspended": _summary("gsomia_suspended"),
    "GSOMIA terminated": _summary("gsomia_terminated"),
    "Japan lifts its export controls": _lifted,
    "SMA agreed, months after the start": lambda r, t: _sma(r, t)[0],
    "SMA agreed, rise over the status quo": lambda r, t: _sma(r, t)[1],
    "DPRK launch days a run": lambda r, _t: float(r.summary.get("total_provocations", 0)),
}


def run_values(table: Mapping[str, Any], seeds: Sequence[int]) -> pd.DataFrame:
    """One row per run of ``table`` (one seed each), one column per headline number."""
    scenario = validate_scenario(dict(table), "headline")
    rows = []
    for seed in seeds:
        result = run_once(scenario, 0, seed=seed)
        if result.status == "ok":
            rows.append({name: value(result, table) for name, value in QUANTITIES.items()})
    return pd.DataFrame(rows, columns=list(QUANTITIES))


def draw_table(table: Mapping[str, Any], draw: Mapping[str, float]) -> dict[str, Any]:
    """``table`` with a posterior draw set (integers rounded as the ABC-SMC samples)."""
    from analysis.outofsample import posterior_settings

    return apply_overrides(dict(table), posterior_settings(draw), "headline")


def headline_spread(
    table: Mapping[str, Any], draws: Sequence[Mapping[str, float]], runs: int, seed: int
) -> pd.DataFrame:
    """Per headline number: the scenario's values against the posterior draws."""
    fixed = run_values(table, [derive_seed(seed, i) for i in range(len(draws) * runs)])
    per_draw = []
    for d, draw in enumerate(draws):
        seeds = [derive_seed(seed, d * runs + r) for r in range(runs)]
        per_draw.append(run_values(draw_table(table, draw), seeds))
    pooled = pd.concat(per_draw, ignore_index=True)
    means = pd.DataFrame([frame.mean() for frame in per_draw])
    rows = []
    for name in QUANTITIES:
        f, p, m = fixed[name].dropna(), pooled[name].dropna(), means[name].dropna()
        rows.append({
            "quantity": name,
            "scenario mean": f.mean(), "scenario 5%": f.quantile(0.05),
            "scenario 95%": f.quantile(0.95),
            "posterior mean": p.mean(), "draw means 5%": m.quantile(0.05),
            "draw means 95%": m.quantile(0.95), "posterior 5%": p.quantile(0.05),
            "posterior 95%": p.quantile(0.95),
            "runs with a value": f"{len(f)} / {len(p)}",
        })  # fmt: skip
    return pd.DataFrame(rows).set_index("quantity")
