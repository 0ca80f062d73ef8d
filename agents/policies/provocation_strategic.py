"""DPRK's provocation decided from the state: talks or not, and launch days (M5, M8).

Each month DPRK makes two choices by the logit rule (:mod:`sim.core.choice`), first
whether to take part in talks under way, then how many days to launch (0 to 6; the 2019
record has at most 5 in a month, dprk_launches_2019.csv). Every value is read from the
state as the month began (docs/ODD.md (7.21) gives the equations)::

    talks       engage    talks       M5    w_e * v          v: 1 summit, 1/2 working level
                          relief      M5    w_r * r          r: relief on the table
                          grievance   M5    -w_g * P         P: pressure (below)
                          constraint  base  -inf without talks or relief on offer
                stay_out  (no terms: utility 0)

    launches    k = 0     (no terms: utility 0)
                k = 1..6  k times, per launch day:
                          exercise    M5    w_x * s          s: the exercise's scale (0 none)
                          talks_cost  M5    -w_t * T         T: the prospect of talks (below)
                          relief_cost M5    -w_l * r         launches forfeit relief (a freeze)
                          pressure    M5    w_p * P
                          wedge       M8    w_w * (1 - c_min)   c_min: the weakest dyad
                          capability  base  w_c * min(1, m / cadence)   m: months since a launch
                          programme   M5    w_b * min(1, B / backlog_scale) * (1 - closed)
                          isolation   base  -w_i * i * 2^(-months closed / half-life)
                          launch_cost base  -w_0

    P = 2^(-months since breakdown / h) while talks are broken down
      + 2^(-months since a deadline passed unmet / h)
      + 1/2 while the US or ROK demands a freeze under pressure (assumed)
    T = v if DPRK engages this month; 2^(-1 - months since breakdown / h_T) while talks
        are broken down (the prospect that they resume, worth half of working-level talks
        at first, fades); 0 otherwise
    v = 1/2 for talks the US or ROK offers to resume (engaging takes them up)

Launch days are signals against the threat DPRK perceives (balance of threat, Walt 1987):
combined exercises, by their scale, raise it; a summit process and relief on offer lower it
and put a cost on launches, since a launch can end them (the freeze the US asks); after a
breakdown the cost fades with the prospect that talks resume (the shadow of the future,
Axelrod 1984); a breakdown or an unmet deadline leaves a grievance that launches express.
Launches are aimed at the weakest alliance dyad and are worth more the weaker it is (wedge
strategies, Crawford 2011). A test programme has its own cadence (capability) and a
backlog of developed, untested systems that it releases as far as a closed border lets it
(internal balancing against the threat; sim/core/programme.py), and a closed border (2020)
turns the regime inward. Talks are worth their status and the relief on the table,
less the grievance; a DPRK that stays out of talks three months running ends them
(sim/core/diplomacy.py). Offers of talks and relief and freeze demands come from the US's
and ROK's engagement policies (agents/policies/engagement.py); DPRK answers a freeze
demand with defiance, as Sigal (1998) found it answered pressure, and takes up an offer of
talks by engaging.
"""

from __future__ import annotations

import math

import numpy as np
from pydantic import Field

from agents.observations import ProvocationMove, ProvocationObservation
from agents.policies.choice_policy import ChoiceParams, ChoicePolicy, Reasoned
from sim.core.choice import DecisionSpec

ENGAGE, STAY_OUT = "engage", "stay_out"
MAX_DAYS = 6
TALKS = DecisionSpec(
    "talks",
    {
        ENGAGE: [("talks", "M5"), ("relief", "M5"), ("grievance", "M5"), ("constraint", "base")],
        STAY_OUT: [],
    },
)
PER_DAY = (
    ("exercise", "M5"),
    ("talks_cost", "M5"),
    ("relief_cost", "M5"),
    ("pressure", "M5"),
    ("wedge", "M8"),
    ("capability", "base"),
    ("programme", "M5"),
    ("isolation", "base"),
    ("launch_cost", "base"),
)
LAUNCHES = DecisionSpec(
    "launches", {"0": [], **{str(k): list(PER_DAY) for k in range(1, MAX_DAYS + 1)}}
)
#: The launch days of the options after "0" (k of ``k · term``).
_DAYS = tuple(float(k) for k in range(1, MAX_DAYS + 1))
_DYADS = (("ROK", "JPN"), ("USA", "JPN"), ("USA", "ROK"))  # sorted: ties go to the first
_TALKS_VALUE = {"summit": 1.0, "working_level": 0.5}
_OFFERED = 0.5  # talks offered resume at working level
FREEZE_PRESSURE = 0.5  # assumed: a standing freeze demand, half a fresh breakdown's grievance
_UNAVAILABLE = -math.inf


class StrategicProvocationParams(ChoiceParams):
    """Term weights (one per term, named after it), the programme's cadence, severity.

    The weights are assumed and hand-set (no source measures DPRK's utilities) so that the
    baseline's yearly launch days come near the 2019-2022 record (dprk_launches_yearly.csv:
    14, 4, 4, 33); docs/ODD.md (7.21) reports how near. ``programme``, ``backlog_scale`` and
    ``isolation_half_life`` (the closure holds until the border reopens, not for a year)
    were set by hand with the test programme (docs/ODD.md (7.24)).
    """

    precision: float = Field(4.0, ge=0.0, le=100.0)  # logit precision, as ChoiceParams
    talks: float = Field(1.0, ge=0.0, le=20.0)  # M5, assumed
    relief: float = Field(1.0, ge=0.0, le=20.0)  # M5, assumed
    grievance: float = Field(1.0, ge=0.0, le=20.0)  # M5, assumed
    exercise: float = Field(0.45, ge=0.0, le=20.0)  # M5, assumed
    talks_cost: float = Field(0.2, ge=0.0, le=20.0)  # M5, assumed
    relief_cost: float = Field(0.3, ge=0.0, le=20.0)  # M5, assumed
    pressure: float = Field(0.1, ge=0.0, le=20.0)  # M5, assumed
    pressure_half_life: float = Field(3.0, gt=0.0, le=120.0)  # months, assumed
    prospect_half_life: float = Field(12.0, gt=0.0, le=120.0)  # months, assumed
    wedge: float = Field(0.2, ge=0.0, le=20.0)  # M8, assumed
    capability: float = Field(0.1, ge=0.0, le=20.0)  # base, assumed
    cadence: float = Field(3.0, gt=0.0, le=120.0)  # months, assumed
    programme: float = Field(0.4, ge=0.0, le=20.0)  # M5, assumed (hand-set, see above)
    backlog_scale: float = Field(12.0, gt=0.0, le=100.0)  # launch days' worth, assumed
    isolation: float = Field(0.4, ge=0.0, le=20.0)  # base, assumed
    isolation_half_life: float = Field(120.0, gt=0.0, le=120.0)  # months, assumed
    launch_cost: float = Field(0.17, ge=0.0, le=20.0)  # base, assumed
    severity: float = Field(0.1, ge=0.0, le=1.0)  # as the baseline's signalling, assumed


def pressure(p: StrategicProvocationParams, obs: ProvocationObservation) -> float:
    """The grievance of a breakdown and of an unmet deadline, each halving every h months."""
    value = 0.0
    if obs.talks == "broken_down":
        value += 0.5 ** (obs.months_since_change / p.pressure_half_life)
    if obs.months_since_deadline is not None:
        value += 0.5 ** (obs.months_since_deadline / p.pressure_half_life)
    if obs.freeze_demanded:
        value += FREEZE_PRESSURE
    return value


def prospect(p: StrategicProvocationParams, obs: ProvocationObservation, engaged: bool) -> float:
    """What launches put at risk: talks DPRK is in, or the fading hope of broken-down ones."""
    if engaged and obs.talks_offered and obs.talks not in _TALKS_VALUE:
        return _OFFERED  # talks it takes up
    if obs.talks == "broken_down":
        return 0.5 ** (1.0 + obs.months_since_change / p.prospect_half_life)
    return _TALKS_VALUE.get(obs.talks, 0.0) if engaged else 0.0


def talks_values(
    p: StrategicProvocationParams, obs: ProvocationObservation, grievance: float
) -> tuple[float, ...]:
    """The values of the talks decision's terms, in ``TALKS.layout`` order."""
    value = _TALKS_VALUE.get(obs.talks, 0.0) or (_OFFERED if obs.talks_offered else 0.0)
    on_offer = value > 0.0 or obs.relief > 0.0
    return (
        p.talks * value,
        p.relief * obs.relief,
        -p.grievance * grievance,
        0.0 if on_offer else _UNAVAILABLE,
    )


def per_day(
    p: StrategicProvocationParams, obs: ProvocationObservation, grievance: float, engaged: bool
) -> tuple[float, ...]:
    """The value of each launch term for one launch day, in ``PER_DAY`` order."""
    dyads = obs.dyad_cohesion
    weakest = min(dyads.values()) if dyads else obs.trilateral_cohesion
    scale = obs.exercise_scale if obs.exercise else 0.0
    talking = prospect(p, obs, engaged)
    closed = obs.isolation * 0.5 ** (obs.months_closed / p.isolation_half_life)
    return (
        p.exercise * scale,
        -p.talks_cost * talking,
        -p.relief_cost * obs.relief,
        p.pressure * grievance,
        p.wedge * (1.0 - weakest),
        p.capability * min(1.0, obs.months_since_launch / p.cadence),
        p.programme * min(1.0, obs.backlog / p.backlog_scale) * (1.0 - closed),
        -p.isolation * closed,
        -p.launch_cost,
    )


def launch_values(day: tuple[float, ...]) -> tuple[float, ...]:
    """The values of the launch decision's terms, in ``LAUNCHES.layout`` order."""
    return tuple([k * value for k in _DAYS for value in day])


def weakest_dyad(dyads: dict[tuple[str, str], float] | None) -> tuple[str, str] | None:
    """The dyad of lowest cohesion (ties: the first in sorted order), or None."""
    if not dyads:
        return None
    usual = len(dyads) == 3 and _DYADS[0] in dyads and _DYADS[1] in dyads and _DYADS[2] in dyads
    keys = _DYADS if usual else sorted(dyads)
    return min(keys, key=dyads.__getitem__)


class StrategicProvocation(ChoicePolicy):
    """Take part in talks or not, and launch 0-6 days, by the state (M5, M8)."""

    name = "strategic"
    family = "provocation"
    description = "talks and launch days by a logit choice over exercises, talks and cohesion"
    Params = StrategicProvocationParams

    def reasoned(self, obs: ProvocationObservation, rng: np.random.Generator) -> Reasoned:
        """The talks choice, then the launch choice (which reads it); aim at the weakest dyad."""
        p = self.params
        grievance = pressure(p, obs)
        talks = self.choose(TALKS, rng, talks_values(p, obs, grievance))
        engaged = talks.option == ENGAGE
        day = per_day(p, obs, grievance, engaged)
        launches = self.choose(LAUNCHES, rng, launch_values(day))
        aim = weakest_dyad(obs.dyad_cohesion)
        talking = obs.talks in _TALKS_VALUE or obs.talks_offered
        move = ProvocationMove(int(launches.option), p.severity, aim, engaged if talking else None)
        return move, (talks, launches)
