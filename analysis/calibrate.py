"""Approximate Bayesian computation (rejection) over a sweep of assumed parameters.

A Latin-hypercube sweep (``method = "lhs"``) over the parameters marked "assumed" is a
sample from a uniform prior. Each run is compared with a target record (the 2019 history up
to a cutoff month, or a synthetic record made by the model itself); a point's distance is
the mean over its replications; the points with the smallest distances (a share
``accept``) are the accepted sample, whose quantiles are the posterior ranges (Pritchard et
al. 1999; Beaumont 2010, "Approximate Bayesian computation in evolution and ecology").
Rejection ABC on a stored sweep is a quantile filter, so it needs no ABC library; SMC
would need the model in the loop, which the sweep design deliberately keeps apart.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from analysis.history import DID_NOT_HAPPEN, Record
from analysis.replay import HAPPENED, INTERVALS, RunTimeline, month_number

TIMING_SCALE = 3.0  # months: an interval three months off counts one unit
RATE_SCALE = 0.5  # launch days a month: a launch rate off by half a day a month counts one unit


@dataclass(frozen=True)
class Target:
    """What a calibration fits: event outcomes, key months and monthly launches to a cutoff."""

    outcomes: dict[str, bool]
    months: dict[str, int]
    launch_days: dict[int, int]
    cutoff: int

    @classmethod
    def from_record(cls, record: Record, cutoff: str) -> Target:
        """The historical record, seen up to ``cutoff`` (``YYYY-MM``)."""
        end = month_number(cutoff)
        months = {k: month_number(m) for k, m in record.months.items() if month_number(m) <= end}
        outcomes = {k: k in months for k in (*HAPPENED, *DID_NOT_HAPPEN)}
        launches = {
            month_number(m): n for m, n in record.launch_days.items() if month_number(m) <= end
        }
        return cls(outcomes, months, launches, end)

    @classmethod
    def from_run(cls, run: RunTimeline, cutoff: str) -> Target:
        """A synthetic record: what one simulated run did up to ``cutoff``."""
        end = month_number(cutoff)
        months = {k: m for k, m in run.first.items() if m <= end}
        outcomes = {k: k in months for k in (*HAPPENED, *DID_NOT_HAPPEN)}
        launches = {m: n for m, n in run.launches_by_month.items() if m <= end}
        return cls(outcomes, months, launches, end)


def run_distance(run: RunTimeline, target: Target) -> float:
    """Distance of one run from the target: the mean of three normalised errors.

    Events: the share of scored events whose occurrence differs. Timing: the mean absolute
    error of the key intervals both show, in units of TIMING_SCALE. Launches: the error of
    the mean monthly launch rate over the months both cover, in units of RATE_SCALE.
    """
    seen = {k for k, m in run.first.items() if m <= target.cutoff}
    wrong = sum((k in seen) != happened for k, happened in target.outcomes.items())
    components = [wrong / len(target.outcomes)]
    timing = [
        abs(run.first[b] - run.first[a] - (target.months[b] - target.months[a])) / TIMING_SCALE
        for a, b in INTERVALS.values()
        if a in target.months and b in target.months and a in seen and b in seen
    ]
    if timing:
        components.append(sum(timing) / len(timing))
    months = sorted(set(target.launch_days) & set(run.launches_by_month))
    if months:
        simulated = sum(run.launches_by_month[m] for m in months) / len(months)
        recorded = sum(target.launch_days[m] for m in months) / len(months)
        components.append(abs(simulated - recorded) / RATE_SCALE)
    return sum(components) / len(components)


@dataclass(frozen=True)
class AbcResult:
    """The accepted points and the posterior they imply."""

    distances: pd.DataFrame  # one row per point: its parameters and mean distance
    accepted: pd.DataFrame  # the accepted rows of ``distances``
    parameters: list[str]
    priors: dict[str, tuple[float, float]]

    def posterior(self) -> pd.DataFrame:
        """Prior range and posterior 5 %, 50 % and 95 % quantiles of each parameter."""
        rows = []
        for name in self.parameters:
            values = self.accepted[name].astype(float)
            low, high = self.priors[name]
            rows.append({
                "parameter": name, "prior low": low, "prior high": high,
                "posterior 5%": values.quantile(0.05), "posterior median": values.median(),
                "posterior 95%": values.quantile(0.95),
                "narrowing": (values.quantile(0.95) - values.quantile(0.05)) / (high - low),
            })  # fmt: skip
        return pd.DataFrame(rows).set_index("parameter")


def abc_rejection(
    runs: pd.DataFrame,
    run_distances: pd.Series,
    priors: dict[str, tuple[float, float]],
    accept: float = 0.1,
) -> AbcResult:
    """Accept the share ``accept`` of points closest to the target (mean over replications).

    ``runs`` has one row per run with ``run_id``, ``point_id`` and a column per parameter;
    ``run_distances`` is indexed by run_id.
    """
    parameters = list(priors)
    table = runs.set_index("run_id")[["point_id", *parameters]].join(
        run_distances.rename("distance")
    )
    per_point = table.groupby("point_id").agg(
        {**dict.fromkeys(parameters, "first"), "distance": "mean"}
    )
    ranked = per_point.sort_values(["distance", *parameters]).reset_index()
    keep = max(1, round(accept * len(ranked)))
    return AbcResult(ranked, ranked.head(keep), parameters, priors)
