"""The short, readable summary a scenario run prints before its run directory."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from sim.config import Scenario
from sim.months import month_of

DYAD_LABELS = {
    "cohesion_usa_rok": "USA-ROK",
    "cohesion_usa_jpn": "USA-JPN",
    "cohesion_rok_jpn": "ROK-JPN",
    "trilateral_cohesion": "trilateral",
}
KIND_LABELS = {"coalition": "joined", "deployment": "accepted", "cost_sharing": "agreed"}
OUTCOME_LABELS = {
    "agreed": "agreed",
    "independent": "independent",
    "refused": "refused",
    "lapsed": "no deal",
    "open": "open",
    "pending": "not opened",
}


def per_run_cohesion(files: Sequence[Path]) -> pd.DataFrame:
    """Mean, minimum and final value of each dyad's cohesion per run, from steps files.

    Reads one row group at a time and keeps only the per-run figures, so memory grows
    with the number of runs, not of rows. Rows of a run are consecutive and in step order.
    """
    columns = ["run_id", *DYAD_LABELS]
    aggregates = [(c, f) for c in DYAD_LABELS for f in ("sum", "count", "min", "last")]
    partial = []
    for path in files:
        source = pq.ParquetFile(path)
        for group in range(source.num_row_groups):
            table = source.read_row_group(group, columns=columns)
            partial.append(table.group_by("run_id", use_threads=False).aggregate(aggregates))
    if not partial:
        return pd.DataFrame()
    frame = pa.concat_tables(partial).to_pandas()  # a run cut by a row group: two rows
    per_run = frame.groupby("run_id", sort=False)
    result = {}
    for column in DYAD_LABELS:
        result[f"{column}_mean"] = per_run[f"{column}_sum"].sum() / per_run[f"{column}_count"].sum()
        result[f"{column}_min"] = per_run[f"{column}_min"].min()
        result[f"{column}_final"] = per_run[f"{column}_last"].last()
    return pd.DataFrame(result)


def cohesion_block(per_run: pd.DataFrame) -> list[str]:
    """Mean cohesion per dyad: over months within a run, then mean and sd over runs."""
    lines = [f"  {'cohesion':<12}{'mean':>7}{'sd':>8}{'min':>7}{'final':>7}"]
    for column, label in DYAD_LABELS.items():
        means = per_run[f"{column}_mean"]
        lows = per_run[f"{column}_min"]
        finals = per_run[f"{column}_final"]
        spread = means.std(ddof=1) if len(means) > 1 else 0.0
        lines.append(
            f"  {label:<12}{means.mean():7.3f}{spread:8.3f}{lows.mean():7.3f}{finals.mean():7.3f}"
        )
    return lines


def outcome_block(runs: pd.DataFrame, scenario: Scenario) -> list[str]:
    """For each agenda item: how runs ended and the median month of agreement."""
    start = scenario.spec.scenario.start
    lines = [f"  {'agenda item':<14}outcome over runs"]
    for column in sorted(
        c for c in runs.columns if c.startswith("item_") and c.endswith("_status")
    ):
        item = column.removeprefix("item_").removesuffix("_status")
        agreed = KIND_LABELS[scenario.spec.agenda[item].kind]
        labels = {**OUTCOME_LABELS, "agreed": agreed}
        shares = runs[column].value_counts()
        parts = [f"{labels.get(k, k)} {n}/{len(runs)}" for k, n in shares.items()]
        steps = runs[f"item_{item}_step"].dropna()
        if len(steps):
            parts.append(f"median month {agreed} {month_of(int(steps.median()), start)}")
        lines.append(f"  {item:<14}" + ", ".join(parts))
    return lines


def _share_and_month(runs: pd.DataFrame, column: str, start: str) -> str:
    steps = runs[column].dropna()
    text = f"{len(steps)}/{len(runs)}"
    if len(steps):
        text += f" (median {month_of(int(steps.median()), start)})"
    return text


def dispute_block(runs: pd.DataFrame, start: str) -> list[str]:
    """The ROK-Japan dispute, US mediation and Chinese coercion, over runs."""
    n = len(runs)
    controls = _share_and_month(runs, "export_controls_step", start)
    return [
        f"  ROK-JPN dispute: export controls {controls};"
        f" GSOMIA notice {_share_and_month(runs, 'gsomia_notice_step', start)},"
        f" suspended {int(runs['gsomia_suspended'].sum())}/{n},"
        f" terminated {int(runs['gsomia_terminated'].sum())}/{n}",
        f"  retaliation steps per run {runs['total_retaliations'].mean():.1f};"
        f" US mediation events per run {runs['mediations'].mean():.1f};"
        f" runs with Chinese coercion of ROK {int((runs['coercion_months_rok'] > 0).sum())}/{n},"
        f" of Japan {int((runs['coercion_months_jpn'] > 0).sum())}/{n}",
    ]


def render_summary(scenario: Scenario, per_run: pd.DataFrame, runs: pd.DataFrame) -> str:
    """The whole summary as text: ``per_run`` from :func:`per_run_cohesion`, ``runs`` table."""
    spec = scenario.spec.scenario
    ok = runs[runs["status"] == "ok"]
    head = (
        f"{scenario.name}: {len(runs)} run(s) x {spec.steps} months "
        f"({spec.start} to {month_of(spec.steps, spec.start)}), seed {spec.seed}"
    )
    lines = [head, ""]
    if len(ok) == 0:
        return "\n".join([*lines, "  no run completed"])
    lines += cohesion_block(per_run)
    lines += ["", *outcome_block(ok, scenario), ""]
    lines += [*dispute_block(ok, spec.start), ""]
    threshold = scenario.spec.metrics.crisis_threshold
    lines.append(
        f"  DPRK launch days per run {ok['total_provocations'].mean():.1f}"
        f" (sd {ok['total_provocations'].std(ddof=1) if len(ok) > 1 else 0.0:.1f});"
        f" peak threat ROK/JPN {ok['peak_threat'].mean():.2f};"
        f" US troop-cut threats {ok['troop_threats'].mean():.1f}"
    )
    lines.append(
        f"  months in crisis (trilateral < {threshold:g}): {ok['crisis_months'].mean():.1f} per run"
    )
    failed = len(runs) - len(ok)
    if failed:
        lines.append(f"  {failed} run(s) FAILED: see runs.parquet, columns status and error")
    return "\n".join(lines)
