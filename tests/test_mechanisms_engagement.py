"""The strategic US's and ROK's engagement terms M2 and M3 (engagement_strategic.py).

Each spec is a controlled pair over 40 seeds whose 95 % paired interval must exclude zero
in the direction theory states (mechanism_support.assert_spec): an ROK that fears
abandonment stands where a reciprocal US stands more months (M3, Snyder 1984), and a weak
ROK government stands on talks or relief fewer months (M2, Putnam 1988).
tests/test_knockouts.py checks that each fails with its mechanism knocked out.
docs/ODD.md (7.24, "Controlled pairs for the engagement terms M2 and M3") gives the
conditions and the measured effects.
"""

from __future__ import annotations

import pytest
from mechanism_specs import ENGAGEMENT, FOLLOWED_US, standing_stances
from mechanism_support import assert_spec, run, scenario


@pytest.mark.parametrize("spec", ENGAGEMENT, ids=lambda s: s.id)
def test_mechanism(spec):
    assert_spec(spec)


def test_the_standing_stances_follow_from_the_events():
    model = run(scenario(FOLLOWED_US), 0)
    months = standing_stances(model)
    assert len(months) == len(model.recorder.rows)
    assert months[-1] == {code: model.track.stances.get(code, "") for code in ("USA", "ROK")}
    assert any(m["USA"] == "freeze" for m in months) and any(m["ROK"] for m in months)
