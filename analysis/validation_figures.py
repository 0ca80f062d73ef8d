"""Figures of validation: simulated against historical timelines; prior against posterior."""

from __future__ import annotations

import sys
from pathlib import Path

import matplotlib

if "matplotlib.pyplot" not in sys.modules:  # else keep the caller's backend (a notebook's)
    matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import pandas as pd  # noqa: E402
import seaborn as sns  # noqa: E402

from analysis.calibrate import AbcResult  # noqa: E402
from analysis.history import Record  # noqa: E402
from analysis.replay import RunTimeline, month_number  # noqa: E402

TIMELINE_KINDS = (
    "export_controls", "boycott", "whitelist_removal", "counter_delisting", "gsomia_notice",
    "wto_complaint", "gsomia_suspend", "gsomia_terminate", "sma_first_round", "sma_lapse",
    "sma_agreed", "coalition_independent_jpn", "coalition_independent_rok", "coalition_join",
    "deployment_accept", "coercion",
)  # fmt: skip


def month_label(number: int) -> str:
    """``YYYY-MM`` of a month number."""
    return f"{number // 12:04d}-{number % 12 + 1:02d}"


def timeline_figure(runs: dict[str, RunTimeline], record: Record, path: Path) -> Path:
    """Box of simulated first months per key event, with the historical month as a red mark."""
    rows = [
        {"event": kind, "month": run.first[kind]}
        for run in runs.values()
        for kind in TIMELINE_KINDS
        if kind in run.first
    ]
    frame = pd.DataFrame(rows, columns=["event", "month"])
    order = list(TIMELINE_KINDS)
    fig, ax = plt.subplots(figsize=(10, 0.42 * len(order) + 1.5))
    if not frame.empty:
        sns.boxplot(data=frame, x="month", y="event", order=order, color="#9ecae1", ax=ax,
                    fliersize=2, whis=(5, 95))  # fmt: skip
    for index, kind in enumerate(order):
        share = sum(kind in r.first for r in runs.values()) / max(1, len(runs))
        ax.annotate(f"{share:.0%}", (1.01, index), xycoords=("axes fraction", "data"), va="center")
        if kind in record.months:
            ax.plot(month_number(record.months[kind]), index, marker="D", color="#d62728")
    ticks = ax.get_xticks()
    ax.set_xticks(ticks, [month_label(int(t)) for t in ticks], rotation=45, ha="right")
    ax.set_xlabel("first month in a run (box: runs with the event; red: 2019-2021 record)")
    ax.set_ylabel("")
    ax.set_title("Simulated against historical timeline (right: share of runs with the event)")
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)
    return path


def posterior_figure(result: AbcResult, path: Path) -> Path:
    """Per parameter: the prior sample (all points) against the accepted points."""
    names = result.parameters
    fig, axes = plt.subplots(len(names), 1, figsize=(7, 1.3 * len(names) + 0.8), squeeze=False)
    for ax, name in zip(axes[:, 0], names, strict=True):
        low, high = result.priors[name]
        bins = [low + (high - low) * i / 20 for i in range(21)]
        ax.hist(result.distances[name].astype(float), bins=bins, density=True, color="#cccccc",
                label="prior sample")  # fmt: skip
        ax.hist(result.accepted[name].astype(float), bins=bins, density=True, alpha=0.7,
                color="#3182bd", label="accepted")  # fmt: skip
        ax.set_ylabel(name.rsplit(".", 2)[-2] + "." + name.rsplit(".", 1)[-1], fontsize=7,
                      rotation=0, ha="right", va="center")  # fmt: skip
        ax.set_yticks([])
    axes[0, 0].legend(fontsize=7, loc="upper right")
    axes[0, 0].set_title("ABC: prior sample and accepted points")
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)
    return path
