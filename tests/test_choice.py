"""The choice model (sim/core/choice.py): logit probabilities, one draw, knockouts."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from sim.core.choice import DECISION_COLUMNS, DecisionSpec, pick, probabilities

utility = st.floats(min_value=-50.0, max_value=50.0, allow_nan=False)
utilities = st.lists(utility, min_size=1, max_size=6)
precision = st.floats(min_value=0.0, max_value=20.0, allow_nan=False)

SPEC = DecisionSpec(
    "dispute",
    {
        "escalate": [("material_cost", "base"), ("reciprocity", "M7"), ("rally", "M5")],
        "hold": [],
        "lift": [("us_pressure", "M10"), ("audience_cost", "M2")],
    },
)


def one_term_spec(n: int) -> DecisionSpec:
    return DecisionSpec("d", {f"o{i}": [("u", "base")] for i in range(n)})


@given(utilities, precision)
def test_probabilities_sum_to_one(us, lam):
    p = probabilities(us, lam)
    assert math.isclose(sum(p), 1.0, rel_tol=1e-12)
    assert all(0.0 <= x <= 1.0 for x in p)


@given(utilities, precision, st.data())
def test_probability_is_monotone_in_own_utility(us, lam, data):
    i = data.draw(st.integers(0, len(us) - 1))
    bump = data.draw(st.floats(min_value=0.01, max_value=10.0))
    raised = list(us)
    raised[i] += bump
    before, after = probabilities(us, lam)[i], probabilities(raised, lam)[i]
    assert after >= before - 1e-12
    if lam > 0 and len(us) > 1 and 1e-9 < before < 1 - 1e-9 and lam * bump > 1e-6:
        assert after > before


@given(utilities)
def test_precision_zero_is_uniform(us):
    assert np.allclose(probabilities(us, 0.0), 1.0 / len(us))


@given(utilities.filter(lambda us: len(set(us)) == len(us)), st.floats(0.0, 1.0, exclude_max=True))
def test_infinite_precision_picks_the_best(us, draw):
    assert pick(us, math.inf, draw) == int(np.argmax(us))


@given(st.lists(st.floats(-1, 1), min_size=2, max_size=5, unique=True), st.floats(0, 1))
def test_large_precision_approaches_argmax(us, draw):
    assume(np.diff(np.sort(us)).min() >= 1e-3)
    p = probabilities(us, 1e5)
    assert p[int(np.argmax(us))] > 1 - 1e-9


def test_ties_at_infinite_precision_share_the_draw():
    assert probabilities([1.0, 1.0, 0.0], math.inf) == (0.5, 0.5, 0.0)
    assert pick([1.0, 1.0, 0.0], math.inf, 0.2) == 0
    assert pick([1.0, 1.0, 0.0], math.inf, 0.7) == 1


@given(st.lists(utility, min_size=2, max_size=5), precision, st.floats(0.0, 1.0, exclude_max=True))
def test_unavailable_options_are_never_chosen(us, lam, draw):
    us[0] = -math.inf
    assert probabilities(us, lam)[0] == 0.0
    assert pick(us, lam, draw) != 0


def test_no_available_option_is_an_error():
    with pytest.raises(ValueError, match="no available option"):
        probabilities([-math.inf, -math.inf], 1.0)
    with pytest.raises(ValueError, match="precision"):
        pick([0.0, 1.0], -1.0, 0.5)


@given(
    st.integers(1, 5),
    st.lists(utility, min_size=5, max_size=5),
    st.sampled_from([0.0, 1.0, math.inf]),
    st.integers(0, 2**32 - 1),
)
def test_one_draw_per_decision_whatever_the_utilities(n, us, lam, seed):
    rng, twin = np.random.default_rng(seed), np.random.default_rng(seed)
    one_term_spec(n).choose(rng, us[:n], "ROK", lam)
    twin.random()
    assert rng.random() == twin.random()


@given(st.lists(utility, min_size=5, max_size=5), precision)
def test_knockout_drops_exactly_the_knocked_terms(values, lam):
    rng = np.random.default_rng(0)
    full = SPEC.choose(rng, values, "ROK", lam)
    knocked = SPEC.choose(rng, values, "ROK", lam, frozenset({"M7", "M10"}))
    assert full.utilities == [sum(values[:3], 0.0), 0.0, values[3] + values[4]]
    assert knocked.utilities == [values[0] + values[2], 0.0, values[4]]
    rows = knocked.rows("r", 3)
    assert {r[6] for r in rows if r[9]} == {"reciprocity", "us_pressure"}
    assert [r[8] for r in rows if r[6]] == [float(v) for v in values]  # values still recorded


def test_frequencies_follow_the_probabilities():
    rng = np.random.default_rng(7)
    spec = one_term_spec(3)
    us, lam = (0.0, 1.0, 2.0), 1.0
    counts = np.bincount(
        [spec.choose(rng, us, "JPN", lam).chosen for _ in range(20000)], minlength=3
    )
    expected = np.array(probabilities(us, lam)) * 20000
    assert np.all(np.abs(counts - expected) < 4 * np.sqrt(expected))


@given(st.integers(0, 2**32 - 1), st.lists(st.lists(utility, min_size=5, max_size=5), min_size=1))
@settings(max_examples=50)
def test_same_seed_same_choices(seed, calls):
    def choices(rng):
        return [SPEC.choose(rng, v, "ROK", 0.7).chosen for v in calls]

    assert choices(np.random.default_rng(seed)) == choices(np.random.default_rng(seed))


def test_the_record():
    choice = SPEC.choose(np.random.default_rng(1), [1.0, 0.5, -0.2, 0.3, -0.1], "JPN", 2.0)
    assert choice.decision == "dispute"
    assert choice.option == choice.options[choice.chosen]
    assert choice.term_values("lift") == {"us_pressure": 0.3, "audience_cost": -0.1}
    rows = choice.rows("run-0001", 4)
    assert all(len(r) == len(DECISION_COLUMNS) for r in rows)
    assert len(rows) == 6  # five terms and the termless "hold"
    hold = next(r for r in rows if r[5] == "hold")
    assert hold[6:9] == ("", "", 0.0)
    chosen = {r[5] for r in rows if r[12]}
    assert chosen == {choice.option}
    assert math.isclose(sum({r[5]: r[11] for r in rows}.values()), 1.0)
    assert "JPN dispute" in repr(choice)


def test_bad_specs_and_calls():
    with pytest.raises(ValueError, match="mechanism 'M11'"):
        DecisionSpec("d", {"a": [("t", "M11")]})
    with pytest.raises(ValueError, match="no options"):
        DecisionSpec("d", {})
    with pytest.raises(ValueError, match="2 values for 5 terms"):
        SPEC.choose(np.random.default_rng(0), [1.0, 2.0], "ROK", 1.0)


@given(st.lists(utility, min_size=2, max_size=2), precision, st.floats(0.0, 1.0, exclude_max=True))
def test_the_two_option_shortcut_agrees_with_the_probabilities(us, lam, draw):
    p0 = probabilities(us, lam)[0]
    if abs(draw - p0) > 1e-12:
        assert pick(us, lam, draw) == (0 if draw < p0 else 1)


@pytest.mark.parametrize("us", [[math.nan, 1.0], [1.0, math.nan], [0.0, 1.0, math.nan]])
def test_nan_utilities_are_an_error(us):
    with pytest.raises(ValueError):
        pick(us, 1.0, 0.5)


def test_the_rows_make_an_arrow_table_of_the_documented_schema():
    import pyarrow as pa

    from sim.core.choice import DECISION_TYPES

    schema = pa.schema([(c, pa.type_for_alias(t)) for c, t in DECISION_TYPES.items()])
    rng = np.random.default_rng(2)
    rows = [r for step in range(3) for r in SPEC.choose(rng, [0.1] * 5, "ROK", 1.0).rows("x", step)]
    table = pa.Table.from_pylist(
        [dict(zip(DECISION_COLUMNS, r, strict=True)) for r in rows], schema
    )
    assert table.num_rows == 18 and table.schema == schema


# -- the generated hot path (sim/core/choice_code.py) equals the generic one ----------------
WIDE = DecisionSpec(
    "wide",
    {
        "a": [("t1", "base"), ("t2", "M7"), ("t3", "base")],
        "b": [],
        "c": [("t4", "M7")],
        "d": [("t5", "base"), ("t6", "M10"), ("t7", "M7"), ("t8", "base")],
        "e": [("t9", "M3"), ("t10", "base")],
    },
)
term = st.one_of(utility, st.just(-math.inf), st.floats(-1e-300, 1e-300))


@given(
    st.sampled_from([SPEC, WIDE, one_term_spec(2), one_term_spec(7)]),
    st.data(),
    st.sampled_from([frozenset(), frozenset({"M7"}), frozenset({"M7", "M10", "base"})]),
    st.one_of(precision, st.sampled_from([0.0, math.inf, 1e-300, 1e300])),
    st.one_of(st.floats(0.0, 1.0, exclude_max=True), st.sampled_from([0.0, 1.0 - 2**-53])),
)
@settings(max_examples=400)
def test_the_generated_chooser_is_the_generic_path_bit_for_bit(spec, data, knockout, lam, draw):
    values = data.draw(st.lists(term, min_size=len(spec.layout), max_size=len(spec.layout)))
    expected = [sum(get(values), 0.0) for get in spec.active(knockout)]
    try:
        chosen = pick(expected, lam, draw)
    except ValueError:
        with pytest.raises(ValueError):
            spec.chooser(knockout)(values, lam, draw)
        return
    utilities, index = spec.chooser(knockout)(values, lam, draw)
    assert [u.hex() for u in utilities] == [u.hex() for u in expected]
    assert index == chosen


@pytest.mark.parametrize("us", [[math.nan, 1.0, 0.0], [1.0, 0.0, math.nan], [-math.inf] * 3])
def test_the_generated_chooser_raises_as_pick_does(us):
    spec = one_term_spec(3)
    with pytest.raises(ValueError):
        spec.chooser(frozenset())(us, 1.0, 0.5)
