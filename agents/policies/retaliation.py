"""Retaliation policies for a dispute between two actors (Axelrod 1984).

Each month a party cooperates ("C") or defects ("D") given the history of the dispute; the
model turns a "D" into the party's next escalation step (export controls, a boycott, a
GSOMIA termination notice...). The rules match the Axelrod library's canonical strategies
move for move: Cooperator, TitForTat, GTFT (Nowak and Sigmund 1992), OriginalGradual
(Beaufils, Delahaye and Mathieu 1997) and Grudger. Every policy also carries ``linkage``:
whether the party may answer a trade measure with a security one (Korea's GSOMIA notice of
2019).

These rules see only the two move histories. ``strategic``
(:mod:`agents.policies.retaliation_strategic`) decides from the state instead: the cost of a
measure, the DPRK threat, the US, fears and the domestic audience (docs/ODD.md (7.19)
compares the two).
"""

from __future__ import annotations

import numpy as np
from pydantic import Field

from agents.observations import COOPERATE, DEFECT, RetaliationObservation
from agents.policies.base import Policy, PolicyParams, traits
from agents.policies.family import Family
from agents.policies.retaliation_strategic import StrategicRetaliation


class RetaliationParams(PolicyParams):
    """Shared by every retaliation policy: whether trade disputes may escalate to security ties."""

    linkage: bool = False


class NoRetaliation(Policy):
    """Never retaliate (Axelrod's Cooperator)."""

    inert = True

    name = "none"
    family = "retaliation"
    description = "always cooperate (Cooperator)"
    Params = RetaliationParams

    def decide(self, obs: RetaliationObservation, rng: object) -> str:
        """Cooperate."""
        return COOPERATE


class TitForTat(Policy):
    """Cooperate first, then copy the opponent's last move (Rapoport; Axelrod 1984)."""

    name = "tit_for_tat"
    family = "retaliation"
    description = "cooperate first, then copy the opponent's last move"
    classifier = traits(stochastic=False, memory=True)
    Params = RetaliationParams

    def decide(self, obs: RetaliationObservation, rng: object) -> str:
        """The opponent's last move, or C on the first move."""
        return obs.opponent_moves[-1] if obs.opponent_moves else COOPERATE


class GenerousParams(RetaliationParams):
    """Probability of forgiving a defection."""

    forgiveness: float = Field(0.3, ge=0.0, le=1.0)


class GenerousTitForTat(Policy):
    """Tit for tat that forgives a defection with probability ``forgiveness``.

    Nowak and Sigmund 1992; Axelrod's GTFT: one draw from the run's generator, and only
    when the opponent's last move was a defection.
    """

    name = "generous_tit_for_tat"
    family = "retaliation"
    description = "tit for tat that forgives a defection with a probability"
    classifier = traits(stochastic=True, memory=True)
    Params = GenerousParams

    def decide(self, obs: RetaliationObservation, rng: np.random.Generator) -> str:
        """C, unless the opponent last defected and this defection is not forgiven."""
        if not obs.opponent_moves or obs.opponent_moves[-1] == COOPERATE:
            return COOPERATE
        return COOPERATE if rng.random() < self.params.forgiveness else DEFECT


class Graduated(Policy):
    """Punish a growing number of times, then calm down for two moves (Beaufils et al. 1997).

    This is the Axelrod library's ``OriginalGradual`` (axelrod/strategies/titfortat.py),
    state for state: when the opponent's last move is a defection and the player is
    neither punishing nor calming, the punishment limit grows by one and it punishes with
    that many defections, then cooperates twice whatever the opponent does. The library's
    ``Gradual`` is a later variant (it counts every defection of the opponent, also those
    made during a punishment or the calm), which this rule is not. The state is replayed
    from the history, so the rule stays a pure function of its observation.
    """

    name = "graduated"
    family = "retaliation"
    description = "punish the n-th offence with n defections, then cooperate twice"
    classifier = traits(stochastic=False, memory=True)
    Params = RetaliationParams

    def decide(self, obs: RetaliationObservation, rng: object) -> str:
        """Replay the state machine over the opponent's history; return the next move."""
        move = COOPERATE
        state = _GradualState()
        for turn in range(len(obs.opponent_moves) + 1):
            move = state.next_move(obs.opponent_moves[:turn])
        return move


class _GradualState:
    """The state of Axelrod's Gradual between moves."""

    def __init__(self) -> None:
        self.calming = False
        self.punishing = False
        self.count = 0
        self.limit = 0

    def next_move(self, opponent: tuple[str, ...]) -> str:
        if self.calming:
            self.calming = False
            return COOPERATE
        if self.punishing:
            if self.count < self.limit:
                self.count += 1
                return DEFECT
            self.calming, self.punishing, self.count = True, False, 0
            return COOPERATE
        if opponent and opponent[-1] == DEFECT:
            self.punishing = True
            self.count += 1
            self.limit += 1
            return DEFECT
        return COOPERATE


class Grim(Policy):
    """Cooperate until the opponent defects once, then defect for ever (Grudger)."""

    name = "grim"
    family = "retaliation"
    description = "cooperate until the first defection, then defect for ever"
    classifier = traits(stochastic=False, memory=True)
    Params = RetaliationParams

    def decide(self, obs: RetaliationObservation, rng: object) -> str:
        """D once the opponent has ever defected."""
        return DEFECT if DEFECT in obs.opponent_moves else COOPERATE


RETALIATION_POLICIES: tuple[type[Policy], ...] = (
    NoRetaliation,
    TitForTat,
    GenerousTitForTat,
    Graduated,
    Grim,
    StrategicRetaliation,
)

RETALIATION = Family(
    name="retaliation",
    observation=RetaliationObservation,
    move=str,
    holders=("USA", "ROK", "JPN", "CHN", "PRK"),
    required_by=(),
    keyed_by="dispute",
    policies=RETALIATION_POLICIES,
    description="A party's move in a dispute: cooperate (C) or defect (D).",
)
