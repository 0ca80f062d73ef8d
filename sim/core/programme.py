"""DPRK's weapons-test programme: a backlog of untested systems that testing draws down.

A ``defence_plan`` shock (the five-year plan for defence development announced at the 8th
Party Congress, KCNA 2021-01-09) starts the development of new systems; after
``development_months`` (the plan's first listed system, the Hwasong-8 hypersonic missile,
was first tested 2021-09-28, KCNA 2021-09-29: 8 months) they mature at ``rate`` launch
days' worth a month, the plan's scale times the tempo of a full test programme
(``programme_rate``: 15 launch days a year in 2016 and 2017, dprk_launches_yearly.csv).
Matured systems wait in the backlog until tested; each launch day tests one day's worth.
While testing is held back (the 2020 border closure turns the regime inward) the backlog
grows, and the strategic DPRK's ``programme`` term (M5: internal balancing against the
threat it perceives) releases it (agents/policies/provocation_strategic.py).
"""

from __future__ import annotations


class TestProgramme:
    """The backlog (launch days' worth of systems ready to test) and the plans maturing."""

    __slots__ = ("backlog", "full_rate", "lag", "plans")

    def __init__(self, backlog: float, full_rate: float, lag: int, development: float) -> None:
        self.backlog = backlog
        self.full_rate = full_rate  # launch days a month of a full programme
        self.lag = lag  # months from a plan to its first mature systems
        #: (first step of maturity, rate a month); the programme under way at the start first
        self.plans: list[tuple[int, float]] = (
            [(1, development * full_rate)] if development > 0.0 else []
        )

    def plan(self, step: int, scale: float) -> None:
        """A plan of ``scale`` (1: a full programme) announced at ``step``."""
        self.plans.append((step + self.lag, scale * self.full_rate))

    def after_month(self, step: int, launch_days: int) -> None:
        """Systems mature into the backlog; this month's launch days test some."""
        for start, rate in self.plans:
            if step >= start:
                self.backlog += rate
        if launch_days:
            self.backlog = max(0.0, self.backlog - launch_days)
