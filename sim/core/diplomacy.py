"""The US-DPRK diplomacy track: talks, a DPRK deadline, relief on offer, DPRK's isolation.

The state DPRK's ``strategic`` provocation policy reads (docs/ODD.md (7.21)). Talks are
``none``, ``working_level``, ``summit`` (a summit process) or ``broken_down``. Scheduled
shocks move them (``summit``, ``talks_breakdown``, ``deadline``, ``relief``,
``border_closure``; docs/CONFIG.md); DPRK moves them too: a summit process settles to
working-level talks after :data:`SUMMIT_MONTHS`, and talks break down when DPRK stays out
of them :data:`WALKOUT_MONTHS` months in a row. A deadline passes at the end of its month
unless relief of at least :data:`RELIEF_MEETS_DEADLINE` is on the table by then (Kim's
2019-04-12 deadline asked the US for "a new approach" by the end of 2019).

The US and ROK move the track through their engagement policies (agents/policies/
engagement.py) after DPRK's month: an offer of talks (which DPRK may take up the next month:
talks resume at working level), relief on the table (with an offer of talks), or a freeze
demand under pressure (relief and any offer withdrawn). Their stances stand until changed.
"""

from __future__ import annotations

from sim.config.schema import DiplomacySection, ShockSection
from sim.core.programme import TestProgramme
from sim.core.recorder import Recorder
from sim.months import month_index

TALKING = ("working_level", "summit")
SUMMIT_MONTHS = 6  # assumed: a summit's momentum lasts half a year, then working level
WALKOUT_MONTHS = 3  # assumed: a quarter of DPRK absence ends the talks
RELIEF_MEETS_DEADLINE = 0.5  # assumed: half the relief DPRK asks for is "a new approach"
#: The value of talks to DPRK (and the cost launches put on them), by status.
TALKS_VALUE = {"summit": 1.0, "working_level": 0.5}
RECENT_HALF_LIFE = 3.0  # assumed: months over which US and ROK remember launches
_RECENT_DECAY = 0.5 ** (1.0 / RECENT_HALF_LIFE)
#: The event recorded when an actor takes a stance (magnitude: the relief on the table).
STANCE_EVENTS = {"talks": "talks_offer", "relief": "relief_offer", "freeze": "freeze_demand"}


class DiplomacyTrack:
    """The track's mutable state; steps are the model's (1 = the first month)."""

    __slots__ = (
        "talks",
        "changed_step",
        "deadline_step",
        "passed_step",
        "relief",
        "isolation",
        "closed_step",
        "last_launch_step",
        "absent",
        "start_index",
        "offered",
        "freeze",
        "stances",
        "recent",
        "programme",
    )

    def __init__(self, spec: DiplomacySection, start: str) -> None:
        self.start_index = month_index(start) - 1  # step s is month start_index + s
        self.talks: str = spec.talks
        self.changed_step = 1 - spec.months_since_change
        self.deadline_step = (
            month_index(spec.deadline) - self.start_index if spec.deadline else None
        )
        self.passed_step: int | None = None
        self.relief = spec.relief
        self.isolation = spec.isolation
        self.closed_step = 1 if spec.isolation > 0 else None
        self.last_launch_step = 1 - spec.months_since_launch
        self.absent = 0  # months in a row DPRK stayed out of talks under way
        self.offered = False  # the US or ROK offers to resume talks
        self.freeze = False  # the US or ROK demands a freeze
        self.stances: dict[str, str] = {}  # each engaging actor's standing stance
        self.recent = 0.0  # launch days, decayed by half every RECENT_HALF_LIFE months
        self.programme = TestProgramme(
            spec.backlog, spec.programme_rate, spec.development_months, spec.development
        )  # DPRK's weapons-test programme (sim/core/programme.py)

    # -- what DPRK reads ---------------------------------------------------------------------
    @property
    def talks_value(self) -> float:
        """1 in a summit process, 0.5 in working-level talks, 0 otherwise."""
        return TALKS_VALUE.get(self.talks, 0.0)

    def since_change(self, step: int) -> int:
        """Months since the last summit or breakdown (0 in its month)."""
        return step - self.changed_step

    def since_launch(self, step: int) -> int:
        """Months since DPRK's last launch (1 the month after one)."""
        return step - self.last_launch_step

    def since_passed(self, step: int) -> int | None:
        """Months since a deadline passed unmet (None if none has)."""
        return None if self.passed_step is None else step - self.passed_step

    def months_to_deadline(self, step: int) -> int | None:
        """Months before the deadline's month (0 in it), or None without a deadline."""
        return None if self.deadline_step is None else self.deadline_step - step

    # -- scheduled shocks ---------------------------------------------------------------------
    def apply(self, shock: ShockSection, step: int) -> None:
        """A diplomacy-track shock of the timeline."""
        kind = shock.kind
        if kind == "summit":
            self.talks, self.changed_step, self.absent = "summit", step, 0
            self.offered = False
        elif kind == "talks_breakdown":
            self.breakdown(step)
        elif kind == "deadline" and shock.due is not None:
            self.deadline_step = month_index(shock.due) - self.start_index
        elif kind == "relief":
            self.relief = shock.magnitude
        elif kind == "defence_plan":
            self.programme.plan(step, shock.magnitude)
        elif kind == "border_closure":
            self.isolation = shock.magnitude
            self.closed_step = step if shock.magnitude > 0 else None

    def breakdown(self, step: int) -> None:
        """Talks break down; relief comes off the table."""
        self.talks, self.changed_step, self.relief, self.absent = "broken_down", step, 0.0, 0
        self.offered = False

    # -- DPRK's month ------------------------------------------------------------------------
    def after_month(self, step: int, launch_days: int, engage: bool | None, log: Recorder) -> None:
        """Record DPRK's launches and engagement; move the talks and the deadline on."""
        if launch_days > 0:
            self.last_launch_step = step
        self.recent = self.recent * _RECENT_DECAY + launch_days
        self.programme.after_month(step, launch_days)
        if self.offered and engage and self.talks not in TALKING:
            self.talks, self.changed_step, self.absent = "working_level", step, 0
            self.offered = False
            log.event("PRK", "talks_resumed", "USA", 0.5)
        if self.talks in TALKING:
            if engage is False:
                self.absent += 1
                if self.absent >= WALKOUT_MONTHS:
                    self.breakdown(step)
                    log.event("PRK", "talks_breakdown", "USA", 0.0)
            else:
                self.absent = 0
            if self.talks == "summit" and step - self.changed_step >= SUMMIT_MONTHS:
                self.talks = "working_level"
        if self.deadline_step is not None and step >= self.deadline_step:
            met = self.relief >= RELIEF_MEETS_DEADLINE
            self.deadline_step = None
            if not met:
                self.passed_step = step
            log.event("PRK", "deadline_met" if met else "deadline_passed", "USA", self.relief)

    # -- the US and ROK (engagement policies), after DPRK's month ----------------------------
    def take_stance(self, actor: str, stance: str, relief: float, log: Recorder) -> None:
        """``actor`` offers talks, puts relief on the table, or demands a freeze.

        An empty stance leaves the track as it is. An offer of talks (or of relief, which
        comes with one) stands while talks are not under way; a freeze demand withdraws
        relief and any offer. The event is recorded when the actor's stance changes.
        """
        if not stance:
            return
        if stance == "freeze":
            self.freeze, self.offered, self.relief = True, False, 0.0
        else:
            self.freeze = False
            self.offered = self.talks not in TALKING
            if stance == "relief":
                self.relief = max(self.relief, relief)
        if self.stances.get(actor) != stance:
            self.stances[actor] = stance
            log.event(actor, STANCE_EVENTS[stance], "PRK", self.relief)
