"""What a policy sees and what it returns: small records, treated as values.

Every actor decides on the state as it was at the start of the step (MODEL.md, process
step 2), so observations are snapshots; decisions (moves) are plain values that the model
resolves after all actors have chosen (simultaneous moves). Neither is ever changed once
built: every policy's tests check that ``decide`` leaves its observation as it was
(tests/policies). They are not frozen dataclasses only because a frozen dataclass costs
five times as much to build, and some twenty are built every step.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Any


class Choice(StrEnum):
    """An ally's answer to a yes/no ask (coalition dispatch, missile deployment)."""

    ACCEPT = "accept"
    REFUSE = "refuse"
    INDEPENDENT = "independent"  # a national alternative, e.g. an independent dispatch
    WAIT = "wait"


@dataclass(slots=True, unsafe_hash=True)
class DemandObservation:
    """The demander's view of one open cost-sharing item (amounts in bn USD per year)."""

    initial_ask: float
    status_quo: float
    last_ask: float
    last_offer: float | None
    months_open: int
    months_to_deadline: int  # negative once the deadline has passed
    rejected_rounds: int
    # For the ``strategic`` policy's terms; the defaults (a cohesive dyad, a fearless ally)
    # let rule-based policies and their tests leave them out.
    cohesion: float = 1.0  # last month's cohesion of the US and the item's target, [0, 1]
    ally_fear: float = 0.0  # the target's abandonment fear, [0, 1] (M3)


@dataclass(slots=True, unsafe_hash=True)
class DemandMove:
    """The ask of this month, the least offer that is accepted, and a troop-cut threat."""

    ask: float
    min_acceptable: float
    troop_threat: bool = False


@dataclass(slots=True, unsafe_hash=True)
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
    # The fields below feed the ``strategic`` policy's terms (M1-M5, M9); their defaults
    # describe an ally with no fears, no threat, an even public and no tie to China, so
    # rule-based policies and their tests need not set them.
    nominal_ceiling: float | None = None  # the win-set's top before M3 widens it (M2)
    rivalry_linked: bool = False  # the ask is tied to the US-China rivalry (M4, M9)
    abandonment_fear: float = 0.0  # [0, 1] (M3)
    entrapment_fear: float = 0.0  # [0, 1] (M4)
    affinity_to_us: float = 0.0  # the ally's affinity to the US, [-1, 1]
    threat: float = 0.0  # the ally's perceived DPRK threat, [0, 1] (M5)
    domestic_support: float = 0.5  # the government's support at home, [0, 1] (M2)
    trade_dependence: float = 0.0  # the ally's trade dependence on China, [0, 1] (M9)
    credibility: float = 0.0  # China's coercion credibility, [0, 1] (M9)


@dataclass(slots=True, unsafe_hash=True)
class ResponseMove:
    """An offer (bn USD per year) for a cost-sharing item, or a choice for a yes/no ask."""

    offer: float | None = None
    choice: Choice = Choice.WAIT


@dataclass(slots=True, unsafe_hash=True)
class ProvocationObservation:
    """What the DPRK watches: exercises, decision points and the cohesion of its adversaries.

    The fields after ``dyad_cohesion`` feed the ``strategic`` policy's terms (the diplomacy
    track, sim/core/diplomacy.py); their defaults describe no talks, no deadline and no
    relief, so rule-based policies and their tests need not set them.
    """

    exercise: bool
    decision_point: bool
    trilateral_cohesion: float
    dyad_cohesion: dict[tuple[str, str], float] | None = None
    exercise_scale: float = 1.0  # an exercise's scale: 0.5 scaled down, 1 full field training
    talks: str = "none"  # none, working_level, summit, broken_down
    months_since_change: int = 0  # months since the last summit or breakdown
    months_to_deadline: int | None = None  # before DPRK's own deadline (None: none set)
    months_since_deadline: int | None = None  # since a deadline passed unmet (None: none)
    relief: float = 0.0  # sanctions relief on the table, [0, 1]
    isolation: float = 0.0  # how closed DPRK's border is, [0, 1]
    months_closed: int = 0  # months since the border closed
    months_since_launch: int = 12  # months since DPRK's last launch
    talks_offered: bool = False  # the US or ROK offers to resume talks (engagement family)
    freeze_demanded: bool = False  # the US or ROK demands a freeze, under pressure
    backlog: float = 0.0  # launch days' worth of developed systems awaiting a test


@dataclass(slots=True, unsafe_hash=True)
class ProvocationMove:
    """Launch days, their severity (0..1), the dyad aimed at, and DPRK's part in talks."""

    launch_days: int
    severity: float
    aim: tuple[str, str] | None = None
    engage: bool | None = None  # in talks under way this month (None: no such decision)


#: The stances of the engagement family (agents/policies/engagement.py) on the track.
TALKS_OFFER, RELIEF_OFFER, FREEZE_DEMAND = "talks", "relief", "freeze"
STANCES = (TALKS_OFFER, RELIEF_OFFER, FREEZE_DEMAND)


@dataclass(slots=True, unsafe_hash=True)
class EngagementObservation:
    """What the US or ROK sees of the diplomacy track with the DPRK this month.

    The defaults describe a quiet DPRK with no talks and no stance taken, so rule-based
    policies and their tests need set only what they read.
    """

    talks: str = "none"  # none, working_level, summit, broken_down
    months_since_change: int = 0  # months since the last summit or breakdown
    months_since_launch: int = 12  # months since the DPRK's last launch
    recent_launches: float = 0.0  # DPRK launch days, decayed by half every 3 months
    threat: float = 0.0  # own perceived DPRK threat, [0, 1] (M5's state)
    domestic_support: float = 0.5  # own government's support at home, [0, 1] (M2)
    abandonment_fear: float = 0.0  # own fear of US abandonment, [0, 1] (M3; the US: 0)
    relief: float = 0.0  # sanctions relief on the table, [0, 1]
    talks_offered: bool = False  # an offer to resume talks stands
    freeze_demanded: bool = False  # a freeze demand stands
    months_to_deadline: int | None = None  # before the DPRK's deadline (None: none set)
    own_stance: str = ""  # the actor's standing stance ("": none taken)
    partner_stance: str = ""  # the ally's standing stance (the US's for ROK, ROK's for the US)


@dataclass(slots=True, unsafe_hash=True)
class EngagementMove:
    """A stance on the track (talks, relief, freeze), or ``""``: leave it as it is."""

    stance: str = ""
    relief: float = 0.0  # the relief offered with ``relief`` (or talks), [0, 1]


COOPERATE = "C"
DEFECT = "D"
#: The moves of a ``strategic`` party (agents/policies/retaliation_strategic.py): escalate
#: ("D", the next trade rung), link (the next security rung: the GSOMIA notice), hold, lift
#: one of its own measures; a trailing SUSPEND withdraws its pending GSOMIA notice.
LINK = "K"
HOLD = "H"
LIFT = "L"
SUSPEND = "S"


@dataclass(slots=True, unsafe_hash=True)
class RetaliationObservation:
    """The moves of a dispute so far, oldest first ("C" or "D"), from one party's side.

    A party's move is "D" in a month it escalated (or held its measures as a deliberate
    defection), "C" otherwise; a scheduled dispute shock counts as a "D" of its actor.

    The fields after ``opponent_moves`` feed the ``strategic`` policy's terms (M2, M3, M5,
    M6, M7, M10; docs/ODD.md (7.19)); their defaults describe a party with no rung
    left and nothing at stake, so rule-based policies and their tests need not set them.
    """

    own_moves: tuple[str, ...]
    opponent_moves: tuple[str, ...]
    next_measure: str = ""  # the next trade rung of the own ladder ("": none left)
    next_security: str = ""  # the next security rung, "" if none or not allowed (linkage)
    liftable: tuple[str, ...] = ()  # own measures in force a government may lift
    own_standing: float = 0.0  # own measures in force / own ladder length, [0, 1]
    opponent_standing: float = 0.0  # the opponent's measures in force / its ladder length
    opponent_escalated: bool = False  # the opponent escalated last month (or the trigger)
    opponent_lifted: bool = False  # the opponent lifted a measure last month
    escalation: float = 0.0  # rungs taken / ladder length: how far the party has gone
    trade_dependence: float = 0.0  # own trade dependence on the opponent, [0, 1]
    next_cost: float = 0.0  # measure_cost of next_measure
    lift_cost: float = 0.0  # measure_cost of the measure ``lift`` would take off
    boycotted: float = 0.0  # boycott_cost if a boycott against this party is in force
    threat: float = 0.0  # own DPRK threat, [0, 1] (M5's state)
    us_tie: float = 0.0  # dependence on the US: (1 + own affinity to the US) / 2
    abandonment_fear: float = 0.0  # own abandonment fear (M3)
    partner_fear: float = 0.0  # the opponent's abandonment fear (M6, between allies)
    allies: bool = False  # a dispute between the two US allies (M6, M10 apply)
    domestic_support: float = 0.5  # own domestic support (M2's audience)
    mediation: float = 0.0  # last month's US mediation strength (M10)
    notice_pending: bool = False  # this party's GSOMIA termination notice runs
    notice_months_left: int | None = None  # months before it expires (0: this month)
    notice_months: int = 3  # how long a notice runs ([institutions] gsomia_notice_months)


@dataclass(slots=True, unsafe_hash=True)
class MediationMove:
    """Whether the US presses both allies to settle this month, and how hard (0..1)."""

    mediate: bool = False
    strength: float = 0.0


@dataclass(slots=True, unsafe_hash=True)
class MediationObservation:
    """What the US sees of its allies' dispute this month.

    The fields after ``notice_months_left`` feed the ``strategic`` policy's terms (M10, M5);
    their defaults describe a calm triangle, so rule-based policies and their tests need
    not set them.
    """

    dispute_active: bool  # measures in force or an escalation under way
    notice_pending: bool  # a GSOMIA termination notice runs
    notice_months_left: int | None = None  # months before it expires (0: expires this month)
    rok_jpn_cohesion: float = 1.0  # last month's ROK-Japan cohesion, [0, 1]
    tension: float = 0.0  # measures in force between the allies / measure_saturation, [0, 1]
    us_tie: float = 0.0  # the weaker mutual affinity of the US with ROK and JPN, floored at 0
    threat: float = 0.0  # mean DPRK threat perceived by ROK and JPN, [0, 1] (M5's state)


@dataclass(slots=True, unsafe_hash=True)
class CoercionObservation:
    """What China sees: who accepted US missiles last month, and US-ally cohesion.

    The fields after ``us_dyad_cohesion`` feed the ``strategic`` policy's terms (M8, M9);
    with their defaults (no open asks, no trade, no credibility) rule-based policies and
    their tests need not set them. Per-ally maps are keyed like ``us_dyad_cohesion``.
    """

    new_deployments: tuple[str, ...]
    coerced: tuple[str, ...]  # allies under an ongoing coercion episode
    us_dyad_cohesion: dict[str, float]
    rivalry_asks: dict[str, int] | None = None  # open US asks tied to US-China rivalry
    trade_dependence: dict[str, float] | None = None  # each ally's trade dependence on China
    credibility: float = 0.0  # China's coercion credibility, [0, 1]


@dataclass(slots=True, unsafe_hash=True)
class CoercionMove:
    """China's moves this month (M8, M9).

    Coercion episodes to open (targets, duration in months, annual GDP loss); allies courted
    (``induce``), each with ``inducement`` (affinity to China bought) and ``us_pull``
    (affinity to the US taken), both per unit of the dyad's weakness; allies warned, each
    warning a push ``warning`` on China's coercion credibility.
    """

    coerce: tuple[str, ...] = ()
    duration: float = 0.0
    gdp_loss: float = 0.0
    induce: tuple[str, ...] = ()
    inducement: float = 0.0
    us_pull: float = 0.0
    warn: tuple[str, ...] = ()
    warning: float = 0.0


#: Per family, per actor, per key (agenda item, dispute, or "" for a monthly decision).
Views = Mapping[str, Mapping[str, Mapping[str, Any]]]


@dataclass(slots=True)
class Snapshot:
    """The start-of-step view every actor decides on: each family's observations.

    ``views[family][actor][key]`` is what ``actor``'s policy of ``family`` sees for one
    decision; the key is an agenda item id, a dispute id, or "" for a family that decides
    once a month (:class:`agents.policies.family.Family`, ``keyed_by``).
    """

    views: Views
    #: Whether choice policies should hand back their reasons ([run] record_decisions).
    record: bool = False

    def of(self, family: str, actor: str) -> Mapping[str, Any]:
        """The observations of ``actor`` in ``family``, by key (empty if none)."""
        return self.views.get(family, {}).get(actor, {})
