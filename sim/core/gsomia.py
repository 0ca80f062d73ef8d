"""The ROK-Japan intelligence pact (GSOMIA): active, under a termination notice, or ended.

A notice runs for ``notice_months``; suspended before then the pact stays active, left to
run it ends the pact (docs/ODD.md, institutions). Either party of a dispute may send the
notice (Korea did on 2019-08-22 and suspended it on 2019-11-22). Each month a notice
runs, a ``strategic`` sender chooses to suspend it or let it run
(agents/policies/retaliation_strategic.py); a rule-based one only lifts it with its other
measures or under US mediation (sim/core/dispute.py).
"""

from __future__ import annotations

from typing import Literal

Status = Literal["active", "notice", "terminated"]
#: The pact's contribution to ROK-Japan alignment (docs/ODD.md, cohesion).
SCORE: dict[str, float] = {"active": 1.0, "notice": 0.5, "terminated": 0.0}


class Gsomia:
    """The pact's status, the step a pending notice expires, and who sent it to whom."""

    __slots__ = ("deadline", "notice_months", "parties", "status")

    def __init__(self, status: Status, notice_months: int = 3) -> None:
        self.status: Status = status
        self.notice_months = notice_months  # how long a notice runs (the 90-day rule)
        self.deadline = 0
        self.parties: tuple[str, str] = ("ROK", "JPN")  # sender, receiver of a notice

    @property
    def active(self) -> bool:
        """In force with no notice pending."""
        return self.status == "active"

    @property
    def notice_pending(self) -> bool:
        """A termination notice runs."""
        return self.status == "notice"

    def months_left(self, step: int) -> int | None:
        """Months before a pending notice expires (0: this month), None without one."""
        return self.deadline - step if self.status == "notice" else None

    def notify(self, sender: str, receiver: str, step: int, notice_months: int) -> None:
        """``sender`` gives notice of termination; the pact ends after ``notice_months``."""
        self.status = "notice"
        self.parties = (sender, receiver)
        self.deadline = step + notice_months

    def restore(self) -> str:
        """Withdraw a notice (or restore an ended pact); returns the event kind."""
        kind = "gsomia_suspend" if self.status == "notice" else "reconcile"
        self.status = "active"
        return kind

    def expire(self, step: int) -> tuple[str, str] | None:
        """End the pact if a notice has run its course; returns (sender, receiver) if so."""
        if self.status == "notice" and step >= self.deadline:
            self.status = "terminated"
            return self.parties
        return None

    @property
    def score(self) -> float:
        """1 active, 0.5 under notice, 0 ended."""
        return SCORE[self.status]
