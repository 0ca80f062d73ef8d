"""Figures of any run directory (seaborn on matplotlib's Agg backend, written as PNG).

Each function takes an aggregate from :mod:`analysis.aggregate` (never raw steps) and a
path, draws one figure, writes it and closes it.
"""

from __future__ import annotations

import sys
from pathlib import Path

import matplotlib

if "matplotlib.pyplot" not in sys.modules:  # else keep the caller's backend (a notebook's)
    matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import pandas as pd  # noqa: E402
import seaborn as sns  # noqa: E402

from analysis.aggregate import COHESION_COLUMNS  # noqa: E402

DPI = 110
MAX_HUES = 8  # more groups than this are drawn without distinct colours per group


def save(figure: plt.Figure, path: Path) -> Path:
    """Write a figure as PNG and close it."""
    path.parent.mkdir(parents=True, exist_ok=True)
    figure.savefig(path, dpi=DPI, bbox_inches="tight")
    plt.close(figure)
    return path


def month_ticks(ax: plt.Axes, dates: list[str], every: int = 6) -> None:
    """Label every ``every``-th step with its month."""
    ticks = list(range(1, len(dates) + 1, every))
    ax.set_xticks(ticks, [dates[t - 1] for t in ticks], rotation=45, ha="right")


def trajectory_figure(table: pd.DataFrame, group_title: str, path: Path) -> Path:
    """Cohesion per dyad and trilateral: mean over runs with bands of the runs' spread.

    One group: bands of 25-75 % and 5-95 % of runs; several: 25-75 % only, to stay legible.
    """
    sns.set_theme(style="whitegrid", context="notebook")
    groups = list(table["grp"].cat.categories)
    bands = [("p25", "p75", 0.25), ("p05", "p95", 0.12)] if len(groups) == 1 else [
        ("p25", "p75", 0.15)]  # fmt: skip
    palette = sns.color_palette("colorblind" if len(groups) <= 10 else "viridis", len(groups))
    figure, axes = plt.subplots(1, 4, figsize=(16, 4.2), sharey=True)
    dates = table.drop_duplicates("step").sort_values("step")["date"].tolist()
    for ax, (column, label) in zip(axes, COHESION_COLUMNS.items(), strict=True):
        for colour, group in zip(palette, groups, strict=True):
            rows = table[(table["metric"] == column) & (table["grp"] == group)]
            for low, high, alpha in bands:
                ax.fill_between(rows["step"], rows[low], rows[high], color=colour, alpha=alpha)
            ax.plot(rows["step"], rows["mean"], color=colour, lw=2, label=group)
        ax.set_title(label)
        month_ticks(ax, dates)
    axes[0].set_ylabel("cohesion (0-1)")
    axes[-1].legend(title=group_title, loc="center left", bbox_to_anchor=(1.02, 0.5))
    spread = "25-75 % and 5-95 %" if len(groups) == 1 else "25-75 %"
    figure.suptitle(f"Cohesion over time: mean over runs, bands {spread} of runs")
    return save(figure, path)


def timeline_figure(shares: pd.DataFrame, months: pd.DataFrame, path: Path) -> Path:
    """Heat strip: share of runs in which each salient event kind happens, per month."""
    sns.set_theme(style="white", context="notebook")
    order = shares.groupby("kind")["step"].min().sort_values(kind="stable").index.tolist()
    grid = shares.pivot_table(index="kind", columns="step", values="share", fill_value=0.0)
    grid = grid.reindex(index=order, columns=months["step"].tolist(), fill_value=0.0)
    height = max(2.5, 0.32 * len(order) + 1.4)
    figure, ax = plt.subplots(figsize=(13, height))
    sns.heatmap(
        grid,
        ax=ax,
        cmap="rocket_r",
        vmin=0,
        vmax=1,
        linewidths=0.3,
        mask=grid == 0,
        cbar_kws={"label": "share of runs"},
    )
    ax.set_xticks(
        [i + 0.5 for i in range(0, len(months), 3)],
        months["date"].tolist()[::3],
        rotation=45,
        ha="right",
    )
    ax.set_xlabel("")
    ax.set_ylabel("")
    ax.set_title(
        "Event timeline: share of runs in which each event happens, per month (blank: in no run)"
    )
    return save(figure, path)


def varying(runs: pd.DataFrame, summaries: list[str]) -> list[str]:
    """The summaries that take more than one value over the runs."""
    return [name for name in summaries if runs[name].dropna().astype(float).nunique() > 1]


def distribution_figure(
    runs: pd.DataFrame, summaries: list[str], group_title: str, path: Path
) -> Path:
    """Histograms of the run summaries that vary, one panel each, coloured by group."""
    sns.set_theme(style="whitegrid", context="notebook")
    summaries = varying(runs, summaries) or summaries[:1]
    columns = 4
    rows = -(-len(summaries) // columns)
    figure, axes = plt.subplots(rows, columns, figsize=(4 * columns, 2.9 * rows), squeeze=False)
    hue = "grp" if 1 < runs["grp"].nunique() <= MAX_HUES else None
    for ax, name in zip(axes.flat, summaries, strict=False):
        data = runs[["grp", name]].dropna().astype({name: float})
        data = data.rename(columns={"grp": group_title})
        sns.histplot(
            data,
            x=name,
            hue=hue and group_title,
            ax=ax,
            element="step",
            stat="percent",
            common_norm=False,
            legend=ax is axes.flat[0],
            bins=min(30, max(5, data[name].nunique())),
        )
        ax.set_title(name, fontsize=10)
        ax.set_xlabel("")
    for ax in list(axes.flat)[len(summaries) :]:
        ax.set_visible(False)
    figure.suptitle("Run summaries that vary between runs: percent of runs in each group")
    figure.tight_layout()
    return save(figure, path)
