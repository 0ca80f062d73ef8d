"""``python -m analysis report``: figures and tables of a run directory, as one HTML page.

The report is written to ``<RUN_DIR>/report/`` unless another folder is given:
``report.html`` (self-contained: figures embedded), ``figures/*.png`` and
``tables/*.csv``. The run's own files are only read. docs/ANALYSIS.md describes every
figure and table.
"""

from __future__ import annotations

import html
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from analysis import aggregate
from analysis.decisions import decisions_section
from analysis.figures import distribution_figure, timeline_figure, trajectory_figure
from analysis.groups import default_grouping, run_groups
from analysis.html import Section, Table, render_page, write_tables
from analysis.load import RunDirectory, RunDirectoryError
from analysis.sweep_sections import sweep_sections

SUMMARY_COLUMNS = ("mean_trilateral_cohesion", "min_trilateral_cohesion")


@dataclass
class ReportOptions:
    """What the command line can change about a report."""

    out: Path | None = None
    by: str | None = None  # parameter to group runs by (sweeps)
    low_cohesion: float | None = None  # PRIM threshold; None: the lowest quarter of runs
    log: Callable[[str], None] = field(default=lambda message: None)


def provenance(rd: RunDirectory) -> pd.DataFrame:
    """Where the runs came from: the manifest's identity, times, seeds and versions."""
    m, seeds = rd.manifest, rd.manifest.get("seeds") or {}
    seed = seeds.get("scenario_seed", seeds.get("sweep_seed"))
    rows = {
        "kind": m.get("kind"),
        "name": rd.name,
        "source": m.get("source"),
        "command": " ".join(m.get("command") or []),
        "status": m.get("status"),
        "started": m.get("started"),
        "finished": m.get("finished"),
        "git revision": m.get("git_revision"),
        "runs": len(rd.runs),
        "runs completed": len(rd.ok_runs),
        f"{m.get('kind')} seed": seed,
        "seed derivation": seeds.get("derivation"),
        "packages": json.dumps(m.get("packages") or {}),
        "run directory": str(rd.path.resolve()),
    }
    return pd.DataFrame({"field": list(rows), "value": [str(v) for v in rows.values()]})


def parameter_table(rd: RunDirectory) -> pd.DataFrame:
    """The swept parameters with their values or ranges, or a scenario's ``--set`` values."""
    if rd.kind != "sweep":
        overrides = rd.manifest.get("overrides") or {}
        return pd.DataFrame(
            {
                "parameter": list(overrides),
                "role": "--set",
                "values": [json.dumps(v) for v in overrides.values()],
            }
        )
    spec = rd.spec
    rows = [
        (k, role, json.dumps(spec.get(table, {}).get(k)))
        for role, table in (("lever", "levers"), ("uncertainty", "uncertainties"))
        for k in spec.get(table, {})
    ]
    return pd.DataFrame(rows, columns=["parameter", "role", "values"])


def overview_section(rd: RunDirectory) -> Section:
    """Provenance, parameters and the seed of every run."""
    seed_columns = [
        c for c in ("run_id", "point_id", "replicate", "seed", "status") if c in rd.runs.columns
    ]
    method = (rd.spec.get("sweep") or {}).get("method", "")
    text = (
        f"{html.escape(rd.kind)} <b>{html.escape(rd.name)}</b>"
        + (f", method <code>{html.escape(method)}</code>" if method else "")
        + f": {len(rd.ok_runs)} of {len(rd.runs)} runs completed. Every statistic below"
        " is over the completed runs."
    )
    return Section(
        "Where these runs came from",
        [text],
        tables=[
            Table("Provenance (manifest.json)", provenance(rd), "provenance.csv"),
            Table("Parameters", parameter_table(rd), "parameters.csv"),
            Table("Seed of every run", rd.runs[seed_columns], "seeds.csv", show_rows=10),
        ],
    )


def trajectory_section(rd: RunDirectory, groups: pd.DataFrame, by: str, figures: Path) -> Section:
    """Cohesion trajectories per dyad and trilateral, per group."""
    table = aggregate.trajectories(rd, groups)
    path = trajectory_figure(table, by, figures / "cohesion_trajectories.png")
    last = table[table["step"] == table["step"].max()]
    text = (
        f"Runs grouped by <code>{html.escape(by)}</code>. Lines: mean over runs; bands: "
        "25-75 % of runs in each month (and 5-95 % with one group). The table shows the "
        "last month; "
        "the CSV has every month, with the 95 % confidence interval of the mean."
    )
    return Section(
        "Cohesion over time",
        [text],
        [path],
        [Table("Cohesion in the last month", table, "trajectories.csv", shown=last)],
    )


def timeline_section(rd: RunDirectory, figures: Path) -> Section:
    """Which salient events happen when, across runs."""
    shares, totals = aggregate.event_shares(rd), aggregate.event_totals(rd)
    text = (
        "Each cell: the share of runs in which the event happens in that month. Monthly "
        "demands, offers, refusals and scheduled shocks are left out of the figure; the "
        "table counts every kind."
    )
    tables = [
        Table("Events over the whole run", totals, "event_totals.csv"),
        Table("Share of runs per kind and month", shares, "event_timeline.csv", 0),
    ]
    if shares.empty:
        return Section("Event timeline", [text, "No salient event in any run."], [], tables)
    path = timeline_figure(shares, aggregate.months(rd), figures / "event_timeline.png")
    return Section("Event timeline", [text], [path], tables)


def summary_section(rd: RunDirectory, groups: pd.DataFrame, by: str, figures: Path) -> Section:
    """Distributions of the run summaries and agenda outcomes."""
    names = aggregate.present_summaries(rd)
    runs = rd.ok_runs.merge(groups, on="run_id")
    path = distribution_figure(runs, names, by, figures / "summary_distributions.png")
    text = (
        "One value per run (docs/OUTPUTS.md, runs.parquet); the figure leaves out the "
        "summaries that are the same in every run. Booleans count as 0/1, so "
        "their mean is the share of runs; <i>missing</i> counts runs without a value "
        "(e.g. no agreement)."
    )
    return Section(
        "Run summaries",
        [text],
        [path],
        [
            Table("Run summaries", aggregate.summary_table(rd, groups), "summaries.csv"),
            Table("Agenda outcomes", aggregate.outcome_table(rd), "outcomes.csv"),
        ],
    )


def chosen_grouping(rd: RunDirectory, by: str | None) -> str | None:
    """The swept parameter to group by: the one asked for (checked), else the default.

    A scenario run is one group (its ``--set`` values are the same in every run).
    """
    swept = rd.parameters if rd.kind == "sweep" else []
    if by is not None and by not in swept:
        valid = ", ".join(swept) or "none (not a sweep)"
        raise RunDirectoryError(rd.path, f"--by {by}: not a swept parameter; valid: {valid}")
    return by or default_grouping(swept, rd.levers)


def build_report(run_dir: Path | str, options: ReportOptions | None = None) -> Path:
    """Write the report of ``run_dir`` and return the path of report.html."""
    options = options or ReportOptions()
    rd = RunDirectory(run_dir)
    try:
        if rd.ok_runs.empty:
            raise RunDirectoryError(rd.path, "no completed run to analyse")
        missing = [c for c in SUMMARY_COLUMNS if c not in rd.runs.columns]
        if missing:
            raise RunDirectoryError(rd.path, f"runs: missing column(s) {', '.join(missing)}")
        by = chosen_grouping(rd, options.by)
        groups = run_groups(rd.runs, by, rd.name, rd.declared_values(by) if by else None)
        out = Path(options.out) if options.out else rd.path / "report"
        figures = out / "figures"
        options.log("overview and trajectories")
        title = by or "scenario"
        sections = [overview_section(rd), trajectory_section(rd, groups, title, figures)]
        options.log("events and summaries")
        sections += [timeline_section(rd, figures), summary_section(rd, groups, title, figures)]
        if rd.kind == "sweep":
            sections += sweep_sections(rd, figures, options.low_cohesion, options.log)
        options.log("decisions")
        sections.append(decisions_section(rd, out))
        write_tables(sections, out / "tables")
        page = out / "report.html"
        page.write_text(render_page(f"Report: {rd.name}", sections), encoding="utf-8")
        return page
    finally:
        rd.close()
