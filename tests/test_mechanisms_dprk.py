"""DPRK's strategic provocation on the diplomacy track (M5, M8).

Each spec is a controlled pair over 40 seeds whose 95 % paired interval must exclude zero
in the direction theory states (mechanism_support.assert_spec): a summit lowers launches in
the months after it, a full exercise draws more than a suspended one, a breakdown or a
missed deadline raises them, and a weak dyad draws the wedge. tests/test_knockouts.py
checks that each fails with its mechanism knocked out.
"""

from __future__ import annotations

import pytest
from mechanism_specs import DPRK
from mechanism_support import assert_spec, run, scenario


@pytest.mark.parametrize("spec", DPRK, ids=lambda s: s.id)
def test_mechanism(spec):
    assert_spec(spec)


def test_recorded_dprk_choices_are_talks_then_launches_and_change_nothing():
    quiet = run(scenario(), 3)
    loud = run(scenario(("run.record_decisions=true",)), 3)
    assert quiet.recorder.step_columns() == loud.recorder.step_columns()
    made = [c.decision for _, c in loud.recorder.choices if c.actor == "PRK"]
    assert made == ["talks", "launches"] * 36
    launches = [int(c.option) for _, c in loud.recorder.choices if c.decision == "launches"]
    assert launches == loud.recorder.column("provocations")


def test_a_suspended_exercise_is_no_exercise_month_and_a_missing_scale_is_full():
    sc = scenario()
    model = run(sc, 0)
    scales = model.calendar.exercise_scale
    months = {s.month: s.scale for s in sc.spec.timeline if s.kind == "exercise"}
    assert months["2019-08"] == 0.5 and months["2020-03"] == 0.0
    assert all(step not in model.calendar.exercise_steps for step, x in scales.items() if x == 0)


def test_the_track_follows_the_2019_record():
    model = run(scenario(), 0)
    kinds = [(e.date, e.kind) for e in model.recorder.events
             if e.kind in ("talks_breakdown", "deadline_passed", "deadline_met")]  # fmt: skip
    assert ("2019-10", "talks_breakdown") in kinds and ("2019-12", "deadline_passed") in kinds
    assert model.track.talks == "broken_down"
    assert model.track.isolation == 0.5  # closed 2020-01, freight reopened 2022-01
