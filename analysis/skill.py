"""The skill table: the model against each baseline on the decided items, with intervals.

Skill is ``1 - S_model / S_baseline`` for the mean Brier score over the decided events
(positive: the model is better) and the difference of mean log scores (baseline minus
model; positive: the model is better). Intervals are the 5-95 % range over bootstrap
resamples of the model's runs (and of the knocked-out runs, resampled alongside).
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd

from analysis.baselines import base_rates, persistence, uniform, yearly_rate
from analysis.replay import RunTimeline
from analysis.scoring import (
    BOOTSTRAP,
    OUTCOMES,
    bootstrap_scores,
    event_scores,
    launch_crps_ensemble,
    launch_crps_point,
    launch_crps_poisson,
    occurrence_matrix,
)

SEED = 20191122  # bootstrap resampling; fixed so that the table comes back exactly


def _fixed(p: pd.Series, items: list[str], n: int) -> tuple[float, float, float]:
    scores = event_scores(p, n)
    return (scores.loc[items, "brier"].mean(), scores.loc[items, "log"].mean(),
            scores["brier"].mean())  # fmt: skip


def skill_table(
    model: Mapping[str, RunTimeline],
    knocked_out: Mapping[str, RunTimeline],
    decided: list[str],
    launches: Mapping[int, int],
    start: str,
    horizon: int,
    persistent_launches: float = 0.0,
) -> pd.DataFrame:
    """One row per forecaster: its scores, and the model's skill against it.

    ``persistent_launches``: launch days a month that persistence carries on (the month
    before the start).
    """
    if not decided:
        raise ValueError("no decided event to score")
    n, rng = len(model), np.random.default_rng(SEED)
    matrix, knock = occurrence_matrix(model), occurrence_matrix(knocked_out)
    model_boot = bootstrap_scores(matrix, decided, rng)
    knock_boot = bootstrap_scores(knock, decided, rng)
    shares = (matrix.sum() + 0.5) / (n + 1)
    knock_shares = (knock.sum() + 0.5) / (len(knock) + 1)
    fixed = {
        "persistence": (persistence(), launch_crps_point(persistent_launches, launches)),
        "base rates": (base_rates(horizon, start), launch_crps_poisson(yearly_rate(), launches)),
        "uniform choice": (uniform(), float("nan")),
    }
    rows = []
    for name, (p, crps) in fixed.items():
        brier, log, brier_all = _fixed(p, decided, n)
        constant = pd.DataFrame({"brier": [brier] * BOOTSTRAP, "log": [log] * BOOTSTRAP})
        rows.append(_row(name, brier, log, brier_all, crps, model_boot, constant))
    brier, log, brier_all = _fixed(knock_shares, decided, len(knock))
    crps = launch_crps_ensemble(knocked_out, launches)
    rows.append(_row("knocked out", brier, log, brier_all, crps, model_boot, knock_boot))
    brier, log, brier_all = _fixed(shares, decided, n)
    rows.append({"forecaster": "model", "Brier (decided)": brier, "log (decided)": log,
                 "Brier (all)": brier_all,
                 "launch CRPS": launch_crps_ensemble(model, launches)})  # fmt: skip
    return pd.DataFrame(rows).set_index("forecaster")


def _row(name, brier, log, brier_all, crps, model_boot, base_boot) -> dict:  # noqa: ANN001
    bss = 1 - model_boot["brier"].to_numpy() / base_boot["brier"].to_numpy()
    dlog = base_boot["log"].to_numpy() - model_boot["log"].to_numpy()
    return {
        "forecaster": name, "Brier (decided)": brier, "log (decided)": log,
        "Brier (all)": brier_all, "launch CRPS": crps,
        "Brier skill": float(np.median(bss)),
        "Brier skill 5%": float(np.quantile(bss, 0.05)),
        "Brier skill 95%": float(np.quantile(bss, 0.95)),
        "log gain": float(np.median(dlog)),
        "log gain 5%": float(np.quantile(dlog, 0.05)),
        "log gain 95%": float(np.quantile(dlog, 0.95)),
    }  # fmt: skip


def decided_events(ledger: pd.DataFrame) -> list[str]:
    """Scored events labelled decided."""
    rows = ledger[(ledger["type"] == "event") & (ledger["label"] == "decided")]
    return [k for k in rows.index if k in OUTCOMES]
