"""What a policy sees and what it returns: small, immutable records.

Every actor decides on the state as it was at the start of the step (MODEL.md, process
step 2), so observations are snapshots; decisions are plain values that the model resolves
after all actors have chosen (simultaneous moves).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Choice(StrEnum):
    """An ally's answer to a yes/no ask (coalition dispatch, missile deployment)."""

    ACCEPT = "accept"
    REFUSE = "refuse"
    INDEPENDENT = "independent"  # a national alternative, e.g. an independent dispatch
    WAIT = "wait"


@dataclass(frozen=True, slots=True)
class DemandObservation:
    """The demander's view of one open cost-sharing item (amounts in bn USD per year)."""

    initial_ask: float
    status_quo: float
    last_ask: float
    last_offer: float | None
    months_open: int
    months_to_deadline: int  # negative once the deadline has passed
    rejected_rounds: int


@dataclass(frozen=True, slots=True)
class DemandMove:
    """The ask of this month, the least offer that is accepted, and a troop-cut threat."""

    ask: float
    min_acceptable: float
    troop_threat: bool = False


@dataclass(frozen=True, slots=True)
class ResponseObservation:
    """An ally's view of one open agenda item addressed to it.

    ``win_set_ceiling`` is the largest payment the ally's government can sell at home, widened
    by its fear of abandonment (mechanisms M2 and M3). ``acceptance_propensity`` in [0, 1] is
    the pull of a yes/no ask: alliance affinity discounted by entrapment fear, plus the push of
    abandonment fear (M3, M4).
    """

    kind: str
    ask: float
    status_quo: float
    win_set_ceiling: float
    acceptance_propensity: float
    last_offer: float | None
    months_open: int
    months_to_deadline: int


@dataclass(frozen=True, slots=True)
class ResponseMove:
    """An offer (bn USD per year) for a cost-sharing item, or a choice for a yes/no ask."""

    offer: float | None = None
    choice: Choice = Choice.WAIT


@dataclass(frozen=True, slots=True)
class ProvocationObservation:
    """What the DPRK watches: exercises and decision points of its adversaries this month."""

    exercise: bool
    decision_point: bool
    trilateral_cohesion: float


@dataclass(frozen=True, slots=True)
class ProvocationMove:
    """Number of launch days this month and the severity of each (0..1)."""

    launch_days: int
    severity: float
