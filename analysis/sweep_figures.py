"""Figures of sweeps: parameter heatmaps, sensitivity bars and PRIM boxes (PNG)."""

from __future__ import annotations

from pathlib import Path

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import seaborn as sns

from analysis.discovery import Discovery
from analysis.figures import save
from analysis.sensitivity import NOISE

HEATMAP_VALUES: dict[str, str] = {
    "mean_cohesion": "mean trilateral cohesion (mean over runs)",
    "mean_min_cohesion": "minimum trilateral cohesion (mean over runs)",
}
WEAK_P = 0.05  # restrictions with a larger quasi-p value are drawn grey
INDEX_LABELS = {"S1": "S1 (first order)", "ST": "ST (total)", "mu_star": "mu*", "sigma": "sigma"}


def heatmap_figure(table: pd.DataFrame, path: Path) -> Path:
    """Two heatmaps of a parameter pair: mean and minimum cohesion per cell."""
    sns.set_theme(style="white", context="notebook")
    x, y = table["x"].iloc[0], table["y"].iloc[0]
    figure, axes = plt.subplots(1, 2, figsize=(13, 4.8))
    for ax, (column, title) in zip(axes, HEATMAP_VALUES.items(), strict=True):
        grid = table.pivot_table(
            index="y_level", columns="x_level", values=column, observed=False
        ).sort_index(ascending=False)
        sns.heatmap(
            grid,
            ax=ax,
            cmap="mako",
            annot=grid.size <= 64,
            fmt=".2f",
            cbar_kws={"label": "cohesion"},
        )
        ax.set_title(title, fontsize=11)
        ax.set_xlabel(x)
        ax.set_ylabel(y)
        ax.tick_params(axis="x", labelrotation=30)
        ax.tick_params(axis="y", labelrotation=0)
    figure.tight_layout()
    return save(figure, path)


def noise_line(ax: plt.Axes, rows: pd.DataFrame) -> None:
    """A dashed line at the replication-noise floor, if the table has one."""
    noise = rows.loc[rows["parameter"] == NOISE, "value"].dropna()
    if len(noise):
        ax.axvline(noise.iloc[0], color="grey", ls="--", lw=1.2, label="replication noise floor")


def index_bars(ax: plt.Axes, rows: pd.DataFrame, indices: list[str]) -> None:
    """Grouped horizontal bars of indices per parameter, with confidence intervals."""
    noise_line(ax, rows)
    rows = rows[rows["parameter"] != NOISE]
    parameters = list(dict.fromkeys(rows["parameter"]))
    height = 0.8 / len(indices)
    colours = sns.color_palette("colorblind", len(indices))
    for k, (index, colour) in enumerate(zip(indices, colours, strict=True)):
        part = rows[rows["index"] == index].set_index("parameter").reindex(parameters)
        position = np.arange(len(parameters)) + (k - (len(indices) - 1) / 2) * height
        errors = part["conf"].to_numpy(dtype=float)
        ax.barh(
            position,
            part["value"],
            height=height,
            color=colour,
            xerr=np.where(np.isnan(errors), 0, errors),
            capsize=3,
            label=INDEX_LABELS.get(index, index),
        )
    ax.set_yticks(np.arange(len(parameters)), parameters)
    ax.invert_yaxis()
    ax.axvline(0, color="black", lw=0.8)


def sensitivity_figure(table: pd.DataFrame, path: Path) -> Path:
    """Sobol S1 and ST, or Morris mu* and sigma, per output and lever combination."""
    sns.set_theme(style="whitegrid", context="notebook")
    method = table["method"].iloc[0]
    indices = ["S1", "ST"] if method == "sobol" else ["mu_star", "sigma"]
    outputs = list(dict.fromkeys(table["output"]))
    blocks = list(dict.fromkeys(table["levers"]))
    parameters = table["parameter"].nunique() - 1
    size = (6.5 * len(outputs), (1 + 0.55 * parameters) * len(blocks) + 0.6)
    figure, axes = plt.subplots(len(blocks), len(outputs), squeeze=False, sharex=True, figsize=size)
    for row, block in enumerate(blocks):
        for col, output in enumerate(outputs):
            ax = axes[row][col]
            rows = table[(table["levers"] == block) & (table["output"] == output)]
            index_bars(ax, rows, indices)
            ax.set_title(f"{output}" + (f"\n{block}" if block else ""), fontsize=10)
    handles, labels = axes[0][0].get_legend_handles_labels()
    figure.legend(handles, labels, loc="lower center", ncol=len(labels), frameon=False)
    what = (
        "Sobol indices (bars: 95 % CI)" if method == "sobol" else "Morris screening (mu*: 95 % CI)"
    )
    figure.suptitle(what)
    figure.tight_layout(rect=(0, 0.06, 1, 1))
    return save(figure, path)


def discovery_figure(found: Discovery, ranges: pd.DataFrame, path: Path) -> Path:
    """PRIM: the coverage-density trade-off of each box, and its limits on each parameter."""
    sns.set_theme(style="whitegrid", context="notebook")
    figure, (left, right) = plt.subplots(1, 2, figsize=(13, 4.6))
    trajectories = found.trajectories
    sns.scatterplot(
        trajectories,
        x="coverage",
        y="density",
        hue="res_dim",
        style="box",
        palette="viridis",
        ax=left,
    )
    chosen = trajectories[trajectories["chosen"]]
    left.scatter(
        chosen["coverage"],
        chosen["density"],
        s=220,
        facecolors="none",
        edgecolors="red",
        linewidths=2,
        label="chosen box",
    )
    left.set_title(f"Peeling trajectory (cases: {found.output} < {found.threshold:.3g})")
    left.legend(fontsize=8, loc="lower left")
    limit_bars(right, found.limits, ranges)
    figure.tight_layout()
    return save(figure, path)


def limit_bars(ax: plt.Axes, limits: pd.DataFrame, ranges: pd.DataFrame) -> None:
    """Each box's numeric limits as a bar over the parameter's range scaled to [0, 1]."""
    numeric = limits[limits["values"] == ""].merge(ranges, on="parameter")
    labels = [f"box {b}: {p}" for b, p in zip(numeric["box"], numeric["parameter"], strict=True)]
    span = (numeric["max"] - numeric["min"]).replace(0, 1)
    low = (numeric["low"] - numeric["min"]) / span
    high = (numeric["high"] - numeric["min"]) / span
    weak = numeric["quasi_p"].fillna(0) > WEAK_P
    colours = ["lightgrey" if w else "tab:red" for w in weak]
    ax.barh(range(len(numeric)), high - low, left=low, color=colours, alpha=0.8)
    for i, row in enumerate(numeric.itertuples()):
        ax.text(1.01, i, f"{row.low:.3g} to {row.high:.3g}", va="center", fontsize=8)
    categorical = limits[limits["values"] != ""]
    ax.set_yticks(range(len(numeric)), labels, fontsize=8)
    ax.set_xlim(0, 1)
    ax.invert_yaxis()
    note = "; ".join(
        f"box {r.box}: {r.parameter} in {{{r.values}}}" for r in categorical.itertuples()
    )
    title = "Box limits (share of each parameter's range; grey: quasi-p > 0.05)"
    ax.set_title(title + ("\n" + note if note else ""), fontsize=10)
