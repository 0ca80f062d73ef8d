"""Invariants over random scenarios (hypothesis): bounded state, non-negative counts."""

from __future__ import annotations

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from mechanism_support import scenario
from model_strategies import scenario_overrides

from sim.core.model import AllianceModel
from sim.core.recorder import STEP_COLUMNS

UNIT_COLUMNS = [
    c
    for c in STEP_COLUMNS
    if c.startswith(
        (
            "cohesion",
            "trilateral",
            "threat_",
            "abandonment",
            "entrapment",
            "burden",
            "domestic",
            "coercion",
        )
    )
]
SIGNED_COLUMNS = [c for c in STEP_COLUMNS if c.startswith("affinity")]
COUNT_COLUMNS = [
    "provocations",
    "retaliations",
    "items_open",
    "items_agreed",
    "items_refused",
    "items_lapsed",
]


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(overrides=scenario_overrides(), seed=st.integers(0, 2**32))
def test_state_stays_in_bounds_and_counts_non_negative(overrides, seed):
    model = AllianceModel(scenario(overrides), seed)
    model.run(24)
    steps = model.recorder.step_columns()
    assert steps["step"] == list(range(1, 25))
    for name in UNIT_COLUMNS:
        values = np.array(steps[name], dtype=float)
        assert np.all((values >= 0.0) & (values <= 1.0)), name
    for name in SIGNED_COLUMNS:
        values = np.array(steps[name], dtype=float)
        assert np.all((values >= -1.0) & (values <= 1.0)), name
    for name in COUNT_COLUMNS:
        assert min(steps[name]) >= 0, name
    for pair, value in model.world.relations.affinity.items():
        assert -1.0 <= value <= 1.0, pair
    summary = model.summary()
    assert (
        summary["min_trilateral_cohesion"]
        <= summary["mean_trilateral_cohesion"]
        <= max(steps["trilateral_cohesion"])
    )
    assert 0 <= summary["crisis_months"] <= 24
    assert summary["total_provocations"] == sum(steps["provocations"])
    assert summary["total_retaliations"] >= 0


@settings(max_examples=15, deadline=None)
@given(overrides=scenario_overrides(), seed=st.integers(0, 2**32))
def test_trilateral_is_zero_only_if_a_dyad_is_zero_and_below_the_largest(overrides, seed):
    model = AllianceModel(scenario(overrides), seed)
    model.run(12)
    steps = model.recorder.step_columns()
    for row in range(12):
        dyads = [
            steps[c][row] for c in ("cohesion_usa_rok", "cohesion_usa_jpn", "cohesion_rok_jpn")
        ]
        tri = steps["trilateral_cohesion"][row]
        assert min(dyads) - 1e-12 <= tri <= max(dyads) + 1e-12
        assert (tri == 0.0) == (min(dyads) == 0.0)
