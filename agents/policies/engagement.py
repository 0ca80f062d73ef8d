"""Engagement policies of the US and ROK toward the DPRK: talks, relief or a freeze demand.

Each month an engaging actor may take a stance on the US-DPRK diplomacy track
(sim/core/diplomacy.py): offer talks, put sanctions relief on the table (with talks), or
demand a freeze under pressure (relief and offers withdrawn), or leave the track as it is.
The strategic DPRK reads the track (agents/policies/provocation_strategic.py), so its
launches and its part in talks answer these stances.

``none`` (the default of every scenario) never moves the track: only the timeline does.
``reciprocal`` is Axelrod's (1984) tit for tat on the track, the reciprocity Sigal (1998)
found to work with Pyongyang: offer talks (and relief, if it has any to give) after
``quiet_months`` without a launch, and withdraw them, demanding a freeze, in a month after
a launch. ``strategic`` chooses among the stances by the logit choice model
(:mod:`agents.policies.engagement_strategic`).
"""

from __future__ import annotations

from pydantic import Field

from agents.observations import (
    FREEZE_DEMAND,
    RELIEF_OFFER,
    TALKS_OFFER,
    EngagementMove,
    EngagementObservation,
)
from agents.policies.base import Policy, PolicyParams
from agents.policies.engagement_strategic import StrategicEngagement
from agents.policies.family import Family

TALKING = ("working_level", "summit")


class NoEngagement(Policy):
    """Leave the track to the timeline."""

    inert = True

    name = "none"
    family = "engagement"
    description = "no stance on the diplomacy track"

    def decide(self, obs: EngagementObservation, rng: object) -> EngagementMove:
        """Never take a stance."""
        return EngagementMove()


class ReciprocalParams(PolicyParams):
    """The quiet months that earn an offer, and the relief offered with it (0: talks only)."""

    quiet_months: int = Field(3, ge=1, le=60)  # assumed: a quarter without launches
    relief: float = Field(0.0, ge=0.0, le=1.0)  # assumed: talks only by default


class Reciprocal(Policy):
    """Tit for tat on the track (Axelrod 1984; Sigal 1998): reward restraint, answer launches.

    A launch last month (``months_since_launch`` 1) brings a freeze demand; ``quiet_months``
    without one bring an offer of talks, with ``relief`` on the table if it is above 0.
    Talks under way are left alone; otherwise the stance stands.
    """

    name = "reciprocal"
    family = "engagement"
    description = "offer talks (and relief) after quiet months, demand a freeze after launches"
    Params = ReciprocalParams

    def decide(self, obs: EngagementObservation, rng: object) -> EngagementMove:
        """The stance that answers the DPRK's last months."""
        p = self.params
        if obs.months_since_launch <= 1:
            return EngagementMove(FREEZE_DEMAND)
        if obs.months_since_launch >= p.quiet_months and obs.talks not in TALKING:
            if p.relief > 0.0:
                return EngagementMove(RELIEF_OFFER, p.relief)
            return EngagementMove(TALKS_OFFER)
        return EngagementMove()


ENGAGEMENT_POLICIES: tuple[type[Policy], ...] = (NoEngagement, Reciprocal, StrategicEngagement)

ENGAGEMENT = Family(
    name="engagement",
    observation=EngagementObservation,
    move=EngagementMove,
    holders=("USA", "ROK"),
    required_by=(),
    keyed_by="",
    policies=ENGAGEMENT_POLICIES,
    description="Whether the US or ROK offers the DPRK talks or relief, or demands a freeze.",
)
