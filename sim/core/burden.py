"""Defence burden of each US ally (M1, Olson and Zeckhauser 1966).

An ally's contribution is its voluntary defence effort plus the extra payments it agreed
to in cost-sharing deals. Voluntary effort drifts each month toward its target: the
free-riding level (:func:`sim.core.mechanisms.voluntary_contribution`) raised by threat,
abandonment fear and US pressure (:func:`sim.core.mechanisms.effort_target`, computed by
:func:`sim.core.dynamics.defence_effort`); agreements add on top. The burden
share is the ally's part of the dyad's effort (ally contribution over ally plus US).
"""

from __future__ import annotations

from collections.abc import Mapping

from sim.core.mechanisms import burden_share, relax


class BurdenLedger:
    """Voluntary effort, agreed extra payments and the resulting burden shares (bn USD)."""

    __slots__ = (
        "agreed_extra",
        "base_effort",
        "free_riding_level",
        "gdp_share",
        "us_milex",
        "voluntary_effort",
    )

    def __init__(
        self,
        initial_effort: Mapping[str, float],
        free_riding_level: Mapping[str, float],
        gdp_share: Mapping[str, float],
        us_milex: float,
    ) -> None:
        self.voluntary_effort = dict(initial_effort)
        self.base_effort = dict(initial_effort)  # the 2019 effort: the scale of US pressure
        self.gdp_share = dict(gdp_share)  # the 'fair' share: the ally's part of the dyad's GDP
        self.free_riding_level = dict(free_riding_level)
        self.agreed_extra = dict.fromkeys(initial_effort, 0.0)
        self.us_milex = us_milex

    def contribution(self, ally: str) -> float:
        """The ally's defence effort: voluntary plus agreed payments."""
        return self.voluntary_effort[ally] + self.agreed_extra[ally]

    def share(self, ally: str) -> float:
        """The ally's share of the dyad's defence effort."""
        contribution = self.voluntary_effort[ally] + self.agreed_extra[ally]  # inlined: hot
        return burden_share(contribution, self.us_milex)

    def agree(self, ally: str, extra: float) -> None:
        """A ratified deal: ``extra`` bn USD a year on top of what the ally paid."""
        self.agreed_extra[ally] += extra

    def adjust(self, ally: str, target: float, rate: float) -> None:
        """The ally's voluntary effort moves a share ``rate`` of the way to ``target``."""
        self.voluntary_effort[ally] = relax(self.voluntary_effort[ally], target, rate)
