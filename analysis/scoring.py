"""Proper scores of event forecasts and launch counts (scoringrules), and skill with intervals.

Every forecast of an event is a probability. An ensemble of ``n`` runs in which ``k`` show
the event forecasts ``(k + 1/2) / (n + 1)``, and a fixed probability is clipped to the same
range, so that no forecast is certain and the log score stays finite; the same rule applies
to the model and to every baseline. Events: Brier and log score (lower is better). Launch
days a month: CRPS, of an ensemble or of a Poisson rate.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd
import scoringrules as sr

from analysis.history import DID_NOT_HAPPEN
from analysis.replay import HAPPENED, RunTimeline, month_number

OUTCOMES: dict[str, int] = {**dict.fromkeys(HAPPENED, 1), **dict.fromkeys(DID_NOT_HAPPEN, 0)}
BOOTSTRAP = 1000


def clipped(p: np.ndarray, n: int) -> np.ndarray:
    """Probabilities kept within ``[1/2, n + 1/2] / (n + 1)``."""
    low = 0.5 / (n + 1)
    return np.clip(p, low, 1 - low)


def occurrence_matrix(runs: Mapping[str, RunTimeline]) -> pd.DataFrame:
    """Runs x scored events, 1 if the run shows the event."""
    return pd.DataFrame(
        {k: [int(run.has(k)) for run in runs.values()] for k in OUTCOMES}, index=list(runs)
    )


def ensemble_probabilities(matrix: pd.DataFrame) -> pd.Series:
    """``(k + 1/2) / (n + 1)`` per event."""
    return (matrix.sum() + 0.5) / (len(matrix) + 1)


def event_scores(probabilities: pd.Series, n: int) -> pd.DataFrame:
    """Brier and log score per event of a probability forecast (clipped as for ``n`` runs)."""
    keys = list(OUTCOMES)
    obs = np.array([OUTCOMES[k] for k in keys])
    fct = clipped(probabilities.reindex(keys).to_numpy(dtype=float), n)
    return pd.DataFrame(
        {"p": fct, "happened": obs, "brier": sr.brier_score(obs, fct),
         "log": sr.log_score(obs, fct)},
        index=keys,
    )  # fmt: skip


def launch_months(record_launches: Mapping[str, int], start: str) -> dict[int, int]:
    """Recorded launch days per month from the replay's start."""
    first = month_number(start)
    return {month_number(m): n for m, n in record_launches.items() if month_number(m) >= first}


def launch_crps_ensemble(runs: Mapping[str, RunTimeline], truth: Mapping[int, int]) -> float:
    """Mean CRPS over the recorded months of the runs' launch days (an ensemble per month)."""
    months = sorted(truth)
    ensemble = np.array(
        [[run.launches_by_month.get(m, np.nan) for run in runs.values()] for m in months],
        dtype=float,
    )
    obs = np.array([truth[m] for m in months], dtype=float)
    return float(np.mean(sr.crps_ensemble(obs, ensemble, nan_policy="omit")))


def launch_crps_poisson(rate: float, truth: Mapping[int, int]) -> float:
    """Mean CRPS of a Poisson forecast with ``rate`` launch days a month."""
    obs = np.array([truth[m] for m in sorted(truth)], dtype=float)
    if rate <= 0:
        return launch_crps_point(0.0, truth)
    return float(np.mean(sr.crps_poisson(obs, np.full_like(obs, rate))))


def launch_crps_point(value: float, truth: Mapping[int, int]) -> float:
    """Mean CRPS of a certain forecast of ``value`` launch days a month (its absolute error)."""
    obs = np.array([truth[m] for m in sorted(truth)], dtype=float)
    return float(np.mean(sr.crps_ensemble(obs, np.full((len(obs), 1), value))))


def bootstrap_scores(
    matrix: pd.DataFrame, items: list[str], rng: np.random.Generator, draws: int = BOOTSTRAP
) -> pd.DataFrame:
    """Mean Brier and log score over ``items`` of ``draws`` resamples of the runs."""
    values = matrix[items].to_numpy()
    n = len(values)
    obs = np.array([OUTCOMES[k] for k in items])
    rows = []
    for _ in range(draws):
        sample = values[rng.integers(0, n, n)]
        p = (sample.sum(axis=0) + 0.5) / (n + 1)
        rows.append((np.mean(sr.brier_score(obs, p)), np.mean(sr.log_score(obs, p))))
    return pd.DataFrame(rows, columns=["brier", "log"])
