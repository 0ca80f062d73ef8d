"""The sweep-only sections of a report: heatmaps, sensitivity indices, scenario discovery."""

from __future__ import annotations

import html
from collections.abc import Callable
from pathlib import Path

import pandas as pd

from analysis import aggregate
from analysis.discovery import NotDiscoverable, discover
from analysis.html import Section, Table
from analysis.load import RunDirectory
from analysis.sensitivity import NotAnalysable, sensitivity_table
from analysis.sweep_figures import discovery_figure, heatmap_figure, sensitivity_figure


def heatmap_section(rd: RunDirectory, figures: Path) -> Section:
    """Mean and minimum cohesion over pairs of swept parameters."""
    pairs = aggregate.parameter_pairs(rd.parameters)
    text = (
        "Each cell: runs whose two parameters fall in that cell (values, or equal-width "
        "bins of a sampled range); colour: the mean over those runs of their mean (left) "
        "and minimum (right) trilateral cohesion."
    )
    if not pairs:
        return Section("Parameter heatmaps", ["The sweep varies fewer than two parameters."])
    section = Section("Parameter heatmaps", [text])
    for number, (x, y) in enumerate(pairs, start=1):
        table = aggregate.heatmap_table(rd, x, y)
        section.figures.append(heatmap_figure(table, figures / f"heatmap_{number}.png"))
        section.tables.append(Table(f"{x} x {y}", table, f"heatmap_{number}.csv", 0))
    return section


def sensitivity_section(rd: RunDirectory, figures: Path) -> Section:
    """Sobol or Morris indices of the mean and minimum cohesion (SALib)."""
    title = "Sensitivity"
    try:
        table = sensitivity_table(rd)
    except NotAnalysable as exc:
        return Section(title, [f"No sensitivity indices: {html.escape(str(exc))}."])
    text = (
        "Sobol: S1 is the share of the output's variance due to the parameter alone, ST "
        "the share due to it alone and in interactions; an ST near 0 means the output "
        "does not depend on the parameter. Morris: mu* is the mean absolute elementary "
        "effect (output change over the parameter's range), sigma their spread "
        "(non-linearity or interactions). Error bars: 95 % bootstrap intervals."
    )
    path = sensitivity_figure(table, figures / "sensitivity.png")
    return Section(title, [text], [path], [Table("Indices", table, "sensitivity.csv")])


def parameter_ranges(runs: pd.DataFrame, parameters: list[str]) -> pd.DataFrame:
    """Observed minimum and maximum of each numeric parameter."""
    rows = [
        (p, float(runs[p].min()), float(runs[p].max()))
        for p in parameters
        if pd.api.types.is_numeric_dtype(runs[p]) and not pd.api.types.is_bool_dtype(runs[p])
    ]
    return pd.DataFrame(rows, columns=["parameter", "min", "max"])


def discovery_section(rd: RunDirectory, figures: Path, low_cohesion: float | None) -> Section:
    """PRIM boxes of low mean trilateral cohesion."""
    title = "Scenario discovery: where cohesion is low"
    try:
        found = discover(rd.ok_runs, rd.parameters, low_cohesion)
    except NotDiscoverable as exc:
        return Section(title, [f"No PRIM box: {html.escape(str(exc))}."])
    text = (
        f"A run is a case of interest when its {found.output} is below "
        f"{found.threshold:.4g} ({found.cases} of {found.runs} runs). PRIM (EMA Workbench) "
        "peels the parameter space towards boxes rich in such runs. <i>Coverage</i>: the "
        "share of all cases inside the box; <i>density</i>: the share of the box's runs "
        "that are cases (compare with the base rate "
        f"{found.cases / found.runs:.3g}). The chosen box (circled) is the densest with "
        "coverage of at least 0.5."
    )
    ranges = parameter_ranges(rd.ok_runs, rd.parameters)
    path = discovery_figure(found, ranges, figures / "prim_boxes.png")
    return Section(
        title,
        [text],
        [path],
        [
            Table("PRIM boxes", found.boxes, "prim_boxes.csv"),
            Table("Box limits (restricted parameters)", found.limits, "prim_limits.csv"),
            Table("Peeling trajectories", found.trajectories, "prim_trajectories.csv", 0),
        ],
    )


def sweep_sections(
    rd: RunDirectory, figures: Path, low_cohesion: float | None, log: Callable[[str], None]
) -> list[Section]:
    """Heatmaps, sensitivity and scenario discovery of a sweep."""
    log("heatmaps")
    sections = [heatmap_section(rd, figures)]
    log("sensitivity")
    sections.append(sensitivity_section(rd, figures))
    log("scenario discovery (PRIM)")
    sections.append(discovery_section(rd, figures, low_cohesion))
    return sections
