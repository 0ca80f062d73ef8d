"""``python -m analysis compare RUN_A RUN_B``: how the run summaries differ between two runs.

For every numeric run summary that both run directories have, over their completed runs:
the mean of A and of B, the difference B - A, and its 95 % confidence interval from
Welch's t (unequal variances; Welch-Satterthwaite degrees of freedom), with the two-sided
p-value. Replications of a scenario are independent draws of its runs, so Welch's interval
is the textbook one; with fewer than two runs on a side, or no spread on either, there is
no interval. The standardized difference divides B - A by the pooled standard deviation so
that summaries in different units fit one figure.
"""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pandas as pd
from scipy import stats

from analysis.aggregate import SUMMARIES
from analysis.load import RunDirectory

CONFIDENCE = 0.95
COLUMNS = [
    "summary",
    "runs_a",
    "mean_a",
    "runs_b",
    "mean_b",
    "difference",
    "ci_low",
    "ci_high",
    "p_value",
    "standardized",
    "std_ci_low",
    "std_ci_high",
]


def welch(a: np.ndarray, b: np.ndarray, confidence: float = CONFIDENCE) -> dict[str, float]:
    """Difference of means B - A with Welch's confidence interval and p-value."""
    difference = float(b.mean() - a.mean()) if len(a) and len(b) else math.nan
    result = {
        "difference": difference,
        "ci_low": math.nan,
        "ci_high": math.nan,
        "p_value": math.nan,
        "pooled_sd": math.nan,
    }
    if len(a) < 2 or len(b) < 2:
        return result
    var_a, var_b = a.var(ddof=1) / len(a), b.var(ddof=1) / len(b)
    result["pooled_sd"] = math.sqrt((a.var(ddof=1) + b.var(ddof=1)) / 2)
    if var_a + var_b == 0:
        return result
    se = math.sqrt(var_a + var_b)
    dof = (var_a + var_b) ** 2 / (var_a**2 / (len(a) - 1) + var_b**2 / (len(b) - 1))
    margin = stats.t.ppf(0.5 + confidence / 2, dof) * se
    result.update(
        ci_low=difference - margin,
        ci_high=difference + margin,
        p_value=float(2 * stats.t.sf(abs(difference) / se, dof)),
    )
    return result


def summary_values(rd: RunDirectory, name: str) -> np.ndarray:
    """One summary over the completed runs, as floats (booleans as 0/1), nulls dropped."""
    return rd.ok_runs[name].dropna().astype(float).to_numpy()


def compare_runs(a: RunDirectory, b: RunDirectory) -> pd.DataFrame:
    """One row per summary present in both directories (see the module docstring)."""
    common = [s for s in SUMMARIES if s in a.runs.columns and s in b.runs.columns]
    rows = []
    for name in common:
        values_a, values_b = summary_values(a, name), summary_values(b, name)
        test = welch(values_a, values_b)
        sd = test.pop("pooled_sd")
        floor = 1e-9 * max(1.0, abs(test["difference"]), *np.abs(values_a[:1]))
        scale = sd if sd > floor else math.nan  # no spread beyond float noise
        rows.append(
            {
                "summary": name,
                "runs_a": len(values_a),
                "mean_a": values_a.mean() if len(values_a) else math.nan,
                "runs_b": len(values_b),
                "mean_b": values_b.mean() if len(values_b) else math.nan,
                **test,
                "standardized": test["difference"] / scale,
                "std_ci_low": test["ci_low"] / scale,
                "std_ci_high": test["ci_high"] / scale,
            }
        )
    return pd.DataFrame(rows, columns=COLUMNS)


def number(value: float, digits: int = 4) -> str:
    """A number for the terminal table; empty for NaN."""
    return "" if value is None or math.isnan(value) else f"{value:.{digits}g}"


def render(table: pd.DataFrame, name_a: str, name_b: str) -> str:
    """The comparison as a fixed-width text table."""
    lines = [
        f"A: {name_a}   B: {name_b}   difference B - A, 95 % CI (Welch t)",
        "",
        f"  {'summary':<26} {'mean A':>10} {'mean B':>10} {'B - A':>10} {'95 % CI':>24} {'p':>8}",
    ]
    for row in table.itertuples():
        interval = (
            f"[{number(row.ci_low)}, {number(row.ci_high)}]" if not math.isnan(row.ci_low) else ""
        )
        lines.append(
            f"  {row.summary:<26} {number(row.mean_a):>10} {number(row.mean_b):>10}"
            f" {number(row.difference):>10} {interval:>24} {number(row.p_value, 2):>8}"
        )
    return "\n".join(lines)


def compare_figure(table: pd.DataFrame, name_a: str, name_b: str, path: Path) -> Path:
    """Forest plot of the standardized differences with their confidence intervals."""
    import matplotlib.pyplot as plt
    import seaborn as sns

    from analysis.figures import save

    sns.set_theme(style="whitegrid", context="notebook")
    rows = table.dropna(subset=["standardized"]).reset_index(drop=True)
    figure, ax = plt.subplots(figsize=(8, 0.42 * len(rows) + 1.4))
    low = (rows["standardized"] - rows["std_ci_low"]).fillna(0)
    high = (rows["std_ci_high"] - rows["standardized"]).fillna(0)
    ax.errorbar(rows["standardized"], rows.index, xerr=[low, high], fmt="o", capsize=3)
    for i, row in rows.iterrows():
        ax.annotate(
            f"{row['difference']:+.3g}",
            (row["standardized"], i),
            xytext=(0, 6),
            textcoords="offset points",
            ha="center",
            fontsize=7,
        )
    ax.axvline(0, color="black", lw=0.8)
    ax.set_yticks(rows.index, rows["summary"])
    ax.invert_yaxis()
    ax.set_xlabel("difference B - A in pooled standard deviations (labels: raw difference)")
    ax.set_title(f"A: {name_a}  vs  B: {name_b} (95 % CI, Welch)")
    return save(figure, path)
