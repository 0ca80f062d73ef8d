"""Paired effects of mechanism knockouts on run outcomes, with 95 % intervals, and a figure.

The baseline and each knockout are run on common random numbers: replicate ``r`` of every
arm has the same seed (``sim.runner.derive_seed`` of the scenario seed and ``r``). The
**effect of a mechanism** on an outcome is the mean over replicates of the paired
difference ``baseline - knockout``: what the mechanism adds to the outcome (positive: the
mechanism raises it). Its 95 % interval is the paired t interval of those differences
(``mean ± t(0.975, n-1) · sd / √n``); when every difference is the same the interval is
that value. Pairs where either run failed or the outcome is missing (an agreement never
reached) are left out (``n`` says how many remain).

Outcomes: every numeric run summary of ``runs.parquet`` (booleans as 0/1), whether each
agenda item was agreed (``item_<id>_agreed``, 0/1), and the run means of the step metrics
in :data:`STEP_MEANS` (``mean_<metric>``).

The outcome a mechanism **moves most** is the one with the largest standardized effect
(effect over the standard deviation of the outcome over both arms' runs) among those whose
interval excludes zero; if none does, the mechanism moves nothing detectably and the
largest standardized effect is shown with sign 0. Counts of the mechanism's own acts (its
knockout's ``activity``: retaliation steps for M7, mediations for M10) are left out of
the table: that the knockout stops them says nothing.
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from scipy import stats

from sim.knockouts import CATALOGUE
from sim.runner import RunResult

CONFIDENCE = 0.95
STEP_MEANS: tuple[str, ...] = (
    "cohesion_usa_rok", "cohesion_usa_jpn", "cohesion_rok_jpn",
    "affinity_rok_usa", "affinity_jpn_usa", "affinity_rok_jpn", "affinity_rok_chn",
    "abandonment_fear_rok", "abandonment_fear_jpn", "entrapment_fear_rok", "entrapment_fear_jpn",
    "domestic_support_rok", "domestic_support_jpn", "burden_share_rok", "burden_share_jpn",
)  # fmt: skip
COLUMNS = [
    "mechanism", "title", "overrides", "outcome", "n", "baseline_mean", "knockout_mean",
    "effect", "ci_low", "ci_high", "sign", "standardized", "moved_most", "theory_direction",
    "as_theory",
]  # fmt: skip


def outcomes_of(result: RunResult) -> dict[str, float]:
    """The outcomes of one finished run (empty for a failed run)."""
    if result.status != "ok":
        return {}
    found: dict[str, float] = {}
    for key, value in result.summary.items():
        if key.startswith("item_") and key.endswith("_status"):
            found[f"{key.removesuffix('_status')}_agreed"] = float(value == "agreed")
        elif isinstance(value, numbers.Real) and not key.startswith("item_"):
            found[key] = float(value)
        elif value is None and key.endswith("_step") and not key.startswith("item_"):
            found[key] = math.nan
    for name in STEP_MEANS:
        found[f"mean_{name}"] = float(np.mean(result.steps[name]))
    return found


def paired_effect(base: np.ndarray, knocked: np.ndarray) -> dict[str, float]:
    """Mean paired difference ``base - knocked``, its 95 % interval and standardized size."""
    keep = ~(np.isnan(base) | np.isnan(knocked))
    base, knocked = base[keep], knocked[keep]
    n = len(base)
    row = {"n": n, "baseline_mean": np.nan, "knockout_mean": np.nan, "effect": np.nan,
           "ci_low": np.nan, "ci_high": np.nan, "sign": 0, "standardized": 0.0}  # fmt: skip
    if n == 0:
        return row
    diff = base - knocked
    effect = float(diff.mean())
    row.update(baseline_mean=float(base.mean()), knockout_mean=float(knocked.mean()), effect=effect)
    if n >= 2:
        half = float(stats.t.ppf(0.5 + CONFIDENCE / 2, n - 1) * diff.std(ddof=1) / math.sqrt(n))
        row.update(ci_low=effect - half, ci_high=effect + half)
        if row["ci_low"] > 0 or row["ci_high"] < 0:
            row["sign"] = 1 if effect > 0 else -1
    spread = float(np.concatenate([base, knocked]).std(ddof=1)) if n >= 2 else 0.0
    row["standardized"] = effect / spread if spread > 0 else 0.0
    return row


def effects_table(
    baseline: Sequence[Mapping[str, float]],
    knockouts: Mapping[str, Sequence[Mapping[str, float]]],
    overrides: Mapping[str, Sequence[str]],
) -> pd.DataFrame:
    """Every mechanism x outcome: the paired effect, and which outcome each moves most."""
    names = sorted({k for run in baseline for k in run})
    rows = []
    for mechanism, runs in knockouts.items():
        spec = CATALOGUE[mechanism]
        block = []
        for outcome in names:
            base = np.array([r.get(outcome, np.nan) for r in baseline], dtype=float)
            knocked = np.array([r.get(outcome, np.nan) for r in runs], dtype=float)
            theory = spec.direction if outcome == spec.outcome else 0
            row = {"mechanism": mechanism, "title": spec.title,
                   "overrides": " ".join(overrides[mechanism]), "outcome": outcome,
                   **paired_effect(base, knocked), "moved_most": False,
                   "theory_direction": theory}  # fmt: skip
            row["as_theory"] = bool(row["theory_direction"] and row["sign"] == spec.direction)
            block.append(row)
        frame = pd.DataFrame(block)
        frame = frame[~frame["outcome"].isin(spec.activity)] if spec.activity else frame
        significant = frame[frame["sign"] != 0]
        pool = significant if len(significant) else frame
        if pool["standardized"].abs().max() > 0:
            frame.loc[pool["standardized"].abs().idxmax(), "moved_most"] = True
        rows.append(frame)
    return pd.concat(rows, ignore_index=True)[COLUMNS]


def verdict(row: Mapping[str, Any]) -> str:
    """How the theory's outcome moved: as theory states, the wrong way, or not at all."""
    if row["sign"] == 0:
        return "no effect (CI includes 0)"
    return "as theory" if row["sign"] == row["theory_direction"] else "WRONG SIGN"


def _fmt(row: Mapping[str, Any]) -> str:
    if np.isnan(row["effect"]):
        return "no pairs"
    ci = "" if np.isnan(row["ci_low"]) else f" [{row['ci_low']:+.4g}, {row['ci_high']:+.4g}]"
    sign = {1: "+", -1: "-", 0: "0"}[int(row["sign"])]
    return f"{row['effect']:+.4g}{ci} {sign}"


def render(table: pd.DataFrame, header: str) -> str:
    """The printed table: per mechanism the outcome it moves most and the theory's outcome."""
    lines = [header, "effect = baseline - knockout, mean of paired replicates, 95 % t interval", ""]
    for mechanism, block in table.groupby("mechanism", sort=False):
        spec = CATALOGUE[str(mechanism)]
        most = block[block["moved_most"]]
        theory = block[block["theory_direction"] != 0].iloc[0]
        lines.append(f"{mechanism:<4} {spec.title}: {block['overrides'].iloc[0] or '(nothing)'}")
        if len(most):
            top = most.iloc[0]
            moved = "moves most" if top["sign"] != 0 else "moves nothing; largest"
            lines.append(f"     {moved}: {top['outcome']} {_fmt(top)}")
        else:
            lines.append("     inert: no outcome differs in any replicate")
        expected = "+" if spec.direction > 0 else "-"
        lines.append(
            f"     theory ({expected}): {theory['outcome']} {_fmt(theory)} -> {verdict(theory)}"
        )
    return "\n".join(lines)


def effects_figure(table: pd.DataFrame, path: Path, title: str) -> None:
    """Forest plot: per mechanism, the standardized effect on its most-moved and theory outcome."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    import seaborn as sns

    sns.set_theme(style="whitegrid")
    shown = table[table["moved_most"] | (table["theory_direction"] != 0)].copy()
    spread = (shown["effect"] / shown["standardized"]).where(shown["standardized"] != 0)
    shown["low"] = ((shown["ci_low"] / spread).fillna(0.0)).to_numpy()
    shown["high"] = ((shown["ci_high"] / spread).fillna(0.0)).to_numpy()
    labels = [f"{r.mechanism} {r.outcome}" + (" (theory)" if r.theory_direction else "")
              for r in shown.itertuples()]  # fmt: skip
    fig, ax = plt.subplots(figsize=(8, 0.35 * len(shown) + 1.5))
    y = np.arange(len(shown))[::-1]
    colours = ["tab:blue" if t else "tab:orange" for t in shown["theory_direction"]]
    middle = shown["standardized"]
    xerr = [middle - shown["low"], shown["high"] - middle]
    ax.errorbar(middle, y, xerr=xerr, fmt="none", ecolor="grey")
    ax.scatter(shown["standardized"], y, c=colours, zorder=3)
    ax.axvline(0.0, color="black", linewidth=0.8)
    for colour, label in (("tab:blue", "theory's outcome"), ("tab:orange", "moved most")):
        ax.scatter([], [], c=colour, label=label)
    ax.legend(loc="best", fontsize=8)
    ax.set_yticks(y, labels, fontsize=8)
    ax.set_xlabel("effect (baseline - knockout) / sd of the outcome, 95 % interval")
    ax.set_title(title, fontsize=10)
    fig.tight_layout()
    fig.savefig(path, dpi=120)
    plt.close(fig)
