"""Mediation policies of the US between its two allies (mechanism M10).

The model turns the pressure into a monthly chance that each disputant de-escalates,
in proportion to US affinity with both (an ally listens to a patron it trusts). In
November 2019 US pressure preceded Seoul's suspension of its GSOMIA termination notice
hours before expiry (timeline_2019_2021.csv, 2019-11-22). ``strategic`` chooses each month
whether to press softly, hard or not by the logit choice model
(:mod:`agents.policies.mediation_strategic`).
"""

from __future__ import annotations

from pydantic import Field

from agents.observations import MediationMove, MediationObservation
from agents.policies.base import Policy, PolicyParams
from agents.policies.family import Family
from agents.policies.mediation_strategic import StrategicMediation


class NoMediation(Policy):
    """Stay out of the allies' dispute."""

    inert = True

    name = "none"
    family = "mediation"
    description = "no pressure to settle"

    def decide(self, obs: MediationObservation, rng: object) -> MediationMove:
        """Never mediate."""
        return MediationMove()


class StrengthParams(PolicyParams):
    """How hard the US presses, 0..1 (scaled by its affinity with both allies)."""

    strength: float = Field(0.5, ge=0.0, le=1.0)


class DeadlineParams(StrengthParams):
    """How many of the notice's last months the US presses in (1: only the expiry month)."""

    window: int = Field(1, ge=1, le=24)


class AtDeadline(Policy):
    """Press in the last ``window`` months of a GSOMIA termination notice (the 2019 pattern).

    A notice whose remaining time is unknown counts as within the window.
    """

    name = "at_deadline"
    family = "mediation"
    description = "press both allies in the last months of a GSOMIA termination notice"
    Params = DeadlineParams

    def decide(self, obs: MediationObservation, rng: object) -> MediationMove:
        """Mediate when a notice is pending and close to expiry."""
        left = obs.notice_months_left
        close = left is None or left < self.params.window
        return (
            MediationMove(True, self.params.strength)
            if obs.notice_pending and close
            else MediationMove()
        )


class Early(Policy):
    """Press from the first escalation, as long as the dispute lasts."""

    name = "early"
    family = "mediation"
    description = "press both allies whenever their dispute is active"
    Params = StrengthParams

    def decide(self, obs: MediationObservation, rng: object) -> MediationMove:
        """Mediate whenever the dispute is active."""
        if obs.dispute_active or obs.notice_pending:
            return MediationMove(True, self.params.strength)
        return MediationMove()


MEDIATION_POLICIES: tuple[type[Policy], ...] = (NoMediation, AtDeadline, Early, StrategicMediation)

MEDIATION = Family(
    name="mediation",
    observation=MediationObservation,
    move=MediationMove,
    holders=("USA",),
    required_by=(),
    keyed_by="",
    policies=MEDIATION_POLICIES,
    description="Whether the US presses its allies to settle their dispute, and how hard.",
)
