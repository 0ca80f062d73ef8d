"""Hypothesis generators of sweep files, valid and broken (for tests/test_sweep_properties.py).

Kept apart from tests/property.py (the scenario generators). A generated sweep starts from
a small valid grid over the baseline and applies a few mutations: a key misspelt, a value
of the wrong type, a path that does not exist, a method option out of place, and so on.
"""

from __future__ import annotations

from typing import Any

from hypothesis import strategies as st
from sweep_support import sweep_table

SCALARS = st.one_of(
    st.booleans(),
    st.integers(-5, 5),
    st.floats(-2.0, 2.0, allow_nan=False),
    st.text("abcdefghijklmnopqrstuvwxyz_.", max_size=12),
)
VALUES = st.one_of(SCALARS, st.lists(SCALARS, max_size=4), st.dictionaries(st.just("x"), SCALARS))
KEYS = st.sampled_from(
    [
        "mechanisms.rally_strength",
        "mechanisms.rally_strenght",
        "mechanisms.threat_half_life",
        "actors.USA.demand.policy",
        "actors.USA.demand.markdown",
        "actors.ROK.response.policy",
        "actors.ROK.response",
        "actors.XXX.gdp",
        "scenario.steps",
        "timeline.0.magnitude",
        "timeline.99.magnitude",
        "agenda",
        "",
        "a..b",
    ]
)
SWEEP_KEYS = st.sampled_from(
    [
        "name", "base", "method", "samples", "replications", "seed", "steps",
        "second_order", "levels", "executor", "metod", "description",
    ]
)  # fmt: skip
SWEEP_VALUES = st.one_of(
    VALUES,
    st.sampled_from(["grid", "lhs", "sobol", "morris", "../nowhere.toml", "bad name!"]),
    st.sampled_from([1, 2, 3, 4, 8, 0, -1, 2**63]),
    st.dictionaries(st.sampled_from(["kind", "workers", "chunk_runs", "bogus"]), SCALARS),
)


@st.composite
def mutation(draw: st.DrawFn) -> tuple[str, str, Any]:
    """One change to a sweep file: (table, key, value)."""
    table = draw(st.sampled_from(["sweep", "levers", "uncertainties", "fixed", "extra"]))
    key = draw(SWEEP_KEYS if table == "sweep" else KEYS)
    value = draw(SWEEP_VALUES if table == "sweep" else VALUES)
    return table, key, value


@st.composite
def sweep_files(draw: st.DrawFn) -> dict[str, Any]:
    """A small sweep table with up to three mutations applied."""
    table = sweep_table(steps=2, replications=1)
    for section, key, value in draw(st.lists(mutation(), max_size=3)):
        target = table.setdefault(section, {})
        if not isinstance(target, dict):
            continue
        target[key] = value
    return table
