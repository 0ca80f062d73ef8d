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
from mechanism_support import assert_spec


@pytest.mark.parametrize("spec", DPRK, ids=lambda s: s.id)
def test_mechanism(spec):
    assert_spec(spec)
