"""Aggregates of a run directory, computed in DuckDB: only their results reach pandas.

Every statistic is over the runs that completed (``status = 'ok'``). The per-step
trajectories and the event shares scan steps.parquet and events.parquet inside DuckDB
(hundreds of thousands to millions of rows for a large sweep); the run summaries are one
row per run and are aggregated the same way for uniformity.
"""

from __future__ import annotations

import pandas as pd

from analysis.groups import levels
from analysis.load import RunDirectory

COHESION_COLUMNS: dict[str, str] = {
    "cohesion_usa_rok": "USA-ROK",
    "cohesion_usa_jpn": "USA-JPN",
    "cohesion_rok_jpn": "ROK-JPN",
    "trilateral_cohesion": "trilateral",
}
QUANTILES: tuple[float, ...] = (0.05, 0.25, 0.5, 0.75, 0.95)
#: Events worth a row in the timeline (no monthly offers, demands, refusals or shocks).
SALIENT_KINDS: tuple[str, ...] = (
    "export_controls",
    "whitelist_removal",
    "boycott",
    "counter_delisting",
    "wto_complaint",
    "gsomia_notice",
    "gsomia_suspend",
    "gsomia_terminate",
    "reconcile",
    "mediation",
    "agreement",
    "lapse",
    "troop_threat",
    "provocation",
    "wedge",
    "coercion",
    "inducement",
    "coalition_join",
    "coalition_independent",
    "deployment_accept",
    "deployment_refuse",
)
#: Numeric run summaries (docs/OUTPUTS.md) shown as distributions and compared.
SUMMARIES: tuple[str, ...] = (
    "mean_trilateral_cohesion",
    "min_trilateral_cohesion",
    "final_trilateral_cohesion",
    "crisis_months",
    "sma_agreed_step",
    "hns_agreed_step_jpn",
    "gsomia_notice_step",
    "total_provocations",
    "total_retaliations",
    "peak_threat",
    "troop_threats",
    "mediations",
    "coercion_months_rok",
    "coercion_months_jpn",
    "final_burden_share_rok",
    "final_burden_share_jpn",
    "gsomia_terminated",
    "gsomia_suspended",
)
OK_GROUPS = "ok_groups"  # the registered (run_id, grp) frame of completed runs


def register_groups(rd: RunDirectory, groups: pd.DataFrame) -> None:
    """Register the run -> group mapping of the completed runs for the queries below."""
    ok = set(rd.ok_runs["run_id"])
    frame = groups[groups["run_id"].isin(ok)].copy()
    frame["grp"] = frame["grp"].astype(str)
    rd.register(OK_GROUPS, frame)


def with_group_order(frame: pd.DataFrame, groups: pd.DataFrame) -> pd.DataFrame:
    """Turn ``grp`` back into the ordered categorical of ``groups``."""
    categories = groups["grp"].cat.categories
    frame["grp"] = pd.Categorical(frame["grp"], categories=categories, ordered=True)
    return frame.sort_values([c for c in ("grp", "metric", "step") if c in frame.columns])


def trajectories(rd: RunDirectory, groups: pd.DataFrame) -> pd.DataFrame:
    """Per group, metric and step: runs, mean, sd, 95 % CI of the mean and quantiles."""
    register_groups(rd, groups)
    parts = []
    for column in COHESION_COLUMNS:
        quantiles = ", ".join(
            f"quantile_cont(s.{column}, {q}) AS p{round(q * 100):02d}" for q in QUANTILES
        )
        parts.append(f"""
            SELECT g.grp, '{column}' AS metric, s.step, min(s.date) AS date,
                   count(s.{column}) AS runs, avg(s.{column}) AS mean,
                   coalesce(stddev_samp(s.{column}), 0) AS sd, {quantiles}
            FROM steps s JOIN {OK_GROUPS} g USING (run_id)
            GROUP BY g.grp, s.step""")
    frame = rd.query(" UNION ALL ".join(parts))
    half_width = 1.96 * frame["sd"] / frame["runs"].clip(lower=1) ** 0.5
    frame["ci_low"], frame["ci_high"] = frame["mean"] - half_width, frame["mean"] + half_width
    return with_group_order(frame, groups).reset_index(drop=True)


def months(rd: RunDirectory) -> pd.DataFrame:
    """Every step with its calendar month."""
    return rd.query("SELECT step, min(date) AS date FROM steps GROUP BY step ORDER BY step")


def event_shares(rd: RunDirectory) -> pd.DataFrame:
    """For each salient kind and month: runs in which it happened, and their share."""
    total = len(rd.ok_runs)
    kinds = ", ".join(f"'{k}'" for k in SALIENT_KINDS)
    frame = rd.query(f"""
        SELECT e.kind, e.step, min(e.date) AS date, count(DISTINCT e.run_id) AS runs
        FROM events e SEMI JOIN (SELECT run_id FROM runs WHERE status = 'ok') r USING (run_id)
        WHERE e.kind IN ({kinds})
        GROUP BY e.kind, e.step ORDER BY e.kind, e.step""")
    frame["share"] = frame["runs"] / max(total, 1)
    return frame


def event_totals(rd: RunDirectory) -> pd.DataFrame:
    """For each event kind: runs in which it happens, their share, events per run, first month."""
    total = max(len(rd.ok_runs), 1)
    frame = rd.query("""
        WITH per_run AS (
            SELECT e.kind, e.run_id, count(*) AS events, min(e.step) AS first_step
            FROM events e SEMI JOIN (SELECT run_id FROM runs WHERE status = 'ok') r
                USING (run_id)
            GROUP BY e.kind, e.run_id)
        SELECT kind, count(*) AS runs, sum(events) AS events,
               median(first_step) AS median_first_step
        FROM per_run GROUP BY kind ORDER BY median_first_step, kind""")
    frame.insert(2, "share", frame["runs"] / total)
    frame.insert(4, "events_per_run", frame["events"] / total)
    return frame


def present_summaries(rd: RunDirectory) -> list[str]:
    """The numeric run summaries that this run directory has."""
    columns = set(rd.runs.columns)
    return [s for s in SUMMARIES if s in columns]


def summary_table(rd: RunDirectory, groups: pd.DataFrame) -> pd.DataFrame:
    """Per group and summary: runs with a value, mean, sd, min, quantiles and max."""
    register_groups(rd, groups)
    parts = []
    for name in present_summaries(rd):
        value = f'CAST(r."{name}" AS DOUBLE)'
        quantiles = ", ".join(
            f"quantile_cont({value}, {q}) AS p{round(q * 100):02d}" for q in QUANTILES
        )
        parts.append(f"""
            SELECT g.grp, '{name}' AS summary, count({value}) AS runs,
                   count(*) - count({value}) AS missing, avg({value}) AS mean,
                   coalesce(stddev_samp({value}), 0) AS sd, min({value}) AS min,
                   {quantiles}, max({value}) AS max
            FROM runs r JOIN {OK_GROUPS} g USING (run_id) GROUP BY g.grp""")
    frame = rd.query(" UNION ALL ".join(parts))
    frame["order"] = frame["summary"].map(SUMMARIES.index)
    frame = with_group_order(frame, groups).sort_values(["grp", "order"], kind="stable")
    return frame.drop(columns="order").reset_index(drop=True)


def outcome_table(rd: RunDirectory) -> pd.DataFrame:
    """For each agenda item (``item_<id>_status``): the share of runs ending in each status."""
    ok = rd.ok_runs
    rows = []
    for column in [c for c in ok.columns if c.startswith("item_") and c.endswith("_status")]:
        item = column.removeprefix("item_").removesuffix("_status")
        for status, count in ok[column].value_counts().sort_index().items():
            rows.append(
                {"item": item, "status": status, "runs": int(count), "share": count / len(ok)}
            )
    return pd.DataFrame(rows, columns=["item", "status", "runs", "share"])


def parameter_pairs(parameters: list[str], limit: int = 3) -> list[tuple[str, str]]:
    """Pairs of swept parameters for heatmaps, in parameter order, at most ``limit``."""
    pairs = [(a, b) for i, a in enumerate(parameters) for b in parameters[i + 1 :]]
    return pairs[:limit]


def heatmap_table(rd: RunDirectory, x: str, y: str) -> pd.DataFrame:
    """Per level (or bin) of two parameters: runs and mean of the mean and minimum cohesion."""
    ok = rd.ok_runs
    frame = pd.DataFrame(
        {
            "x_level": levels(ok[x], rd.declared_values(x)).array,
            "y_level": levels(ok[y], rd.declared_values(y)).array,
            "mean_trilateral_cohesion": ok["mean_trilateral_cohesion"].astype(float).to_numpy(),
            "min_trilateral_cohesion": ok["min_trilateral_cohesion"].astype(float).to_numpy(),
        }
    )
    table = (
        frame.groupby(["x_level", "y_level"], observed=True)
        .agg(
            runs=("mean_trilateral_cohesion", "size"),
            mean_cohesion=("mean_trilateral_cohesion", "mean"),
            mean_min_cohesion=("min_trilateral_cohesion", "mean"),
            lowest_min_cohesion=("min_trilateral_cohesion", "min"),
        )
        .reset_index()
    )
    table.insert(0, "x", x)
    table.insert(2, "y", y)
    return table
