"""Shared checks that every policy's tests inherit, after Axelrod's ``TestPlayer``.

A policy's test class subclasses :class:`PolicyTestCase` and declares what it expects
(``policy_class``, ``expected_name``, ``expected_family``, ``expected_classifier``); it then
gets every check below for free and adds short scripted scenarios of its own through
:meth:`PolicyTestCase.versus_test` (Axelrod's ``versus_test``: moves written out month by
month). The base class has no ``Test`` prefix, so pytest collects only its subclasses.

Typical observations are drawn from the 2019 baseline (``configs/baseline_2019.toml``):
the 5 bn USD ask of Korea against a status quo of 0.891 bn, Japan's 8 bn against 2.5 bn,
yes/no asks (Hormuz coalition, missile deployment) with zero amounts; the ROK-Japan dispute
of 2019 (export controls, GSOMIA notice) for retaliation and mediation; missile deployments
and US-ally cohesion for coercion. Hypothesis generators for arbitrary observations live
here too, in one place, as do the match helpers of the retaliation family
(:func:`play_match` against a scripted opponent, :func:`play_pair` between two policies).
"""

from __future__ import annotations

import copy
import random
import re
from collections.abc import Sequence
from dataclasses import fields, is_dataclass, replace
from typing import Any, ClassVar

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from agents.observations import (
    COOPERATE,
    DEFECT,
    Choice,
    CoercionMove,
    CoercionObservation,
    DemandMove,
    DemandObservation,
    EngagementMove,
    EngagementObservation,
    MediationMove,
    MediationObservation,
    ProvocationMove,
    ProvocationObservation,
    ResponseMove,
    ResponseObservation,
    RetaliationObservation,
)
from agents.policies import REGISTRY, Policy, policy_class
from agents.policies.choice_policy import ChoicePolicy
from sim.config import build_policy

SEEDS = (0, 1, 2, 3, 4, 5, 6, 7, 2019, 20190809)
YES_NO_KINDS = ("coalition", "deployment")
RESPONSE_KINDS = ("cost_sharing", *YES_NO_KINDS)
ALLIES = ("ROK", "JPN")  # the US allies China watches
# The three dyads of the triangle, in the model's order (sim.core.metrics.DYADS).
USA_ROK, USA_JPN, ROK_JPN = ("USA", "ROK"), ("USA", "JPN"), ("ROK", "JPN")
DYADS = (USA_ROK, USA_JPN, ROK_JPN)
LONGEST_MONTH = 31  # launch days a month can hold
STRATEGIC_MOVE = re.compile(r"[DKHL]S?")
LONGEST_HISTORY = 36  # months of a dispute in the typical observations (a three-year run)

# Derandomized and without an example database: reproducible, and nothing written to disk.
PROPERTY = settings(
    max_examples=40,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.differing_executors],
)

# -- typical observations ------------------------------------------------------------------

DEMAND_OBSERVATIONS: tuple[DemandObservation, ...] = (
    # initial_ask, status_quo, last_ask, last_offer, months_open, to_deadline, rejected
    DemandObservation(5.0, 0.891, 5.0, None, 0, 3, 0),  # SMA talks open, 2019-09
    DemandObservation(5.0, 0.891, 4.835, 1.007, 1, 2, 1),
    DemandObservation(5.0, 0.891, 4.67, 1.05, 3, 0, 3),  # deadline month, 3rd rejection
    DemandObservation(5.0, 0.891, 4.0, 1.2, 9, -6, 9),  # talks go on after the lapse
    DemandObservation(8.0, 2.5, 8.0, None, 0, 20, 0),  # Japan's HNS, 2019-07
    DemandObservation(8.0, 2.5, 7.2, 2.75, 6, 14, 6),
)

RESPONSE_OBSERVATIONS: tuple[ResponseObservation, ...] = (
    # kind, ask, status_quo, win_set_ceiling, propensity, last_offer, open, to_deadline
    ResponseObservation("cost_sharing", 5.0, 0.891, 1.007, 0.55, None, 0, 3),
    ResponseObservation("cost_sharing", 4.67, 0.891, 1.25, 0.4, 1.0, 3, 0),
    ResponseObservation("cost_sharing", 4.0, 0.891, 4.5, 0.7, 2.0, 10, -7),  # ceiling > ask
    ResponseObservation("cost_sharing", 8.0, 2.5, 2.75, 0.6, 2.6, 2, 18),
    ResponseObservation("coalition", 0.0, 0.0, 0.0, 0.45, None, 1, 3),
    ResponseObservation("coalition", 0.0, 0.0, 0.0, 0.8, None, 4, 0),  # deadline month
    ResponseObservation("deployment", 0.0, 0.0, 0.0, 0.3, None, 2, 10),
    ResponseObservation("deployment", 0.0, 0.0, 0.0, 0.2, None, 13, -1),  # past deadline
)

PROVOCATION_OBSERVATIONS: tuple[ProvocationObservation, ...] = (
    ProvocationObservation(exercise=False, decision_point=False, trilateral_cohesion=0.5),
    ProvocationObservation(exercise=True, decision_point=False, trilateral_cohesion=0.55),
    ProvocationObservation(exercise=False, decision_point=True, trilateral_cohesion=0.3),
    ProvocationObservation(exercise=True, decision_point=True, trilateral_cohesion=0.7),
    # With the dyads, as the model builds them: the ROK-Japan tie is the weakest in 2019,
    ProvocationObservation(False, False, 0.55, {USA_ROK: 0.6, USA_JPN: 0.75, ROK_JPN: 0.3}),
    # the US-ROK tie strained by the cost-sharing talks,
    ProvocationObservation(True, False, 0.45, {USA_ROK: 0.25, USA_JPN: 0.6, ROK_JPN: 0.5}),
    # a tie for the weakest (broken by name order),
    ProvocationObservation(False, True, 0.4, {USA_ROK: 0.35, USA_JPN: 0.7, ROK_JPN: 0.35}),
    # a cohesive triangle above the wedge's reference.
    ProvocationObservation(True, True, 0.85, {USA_ROK: 0.9, USA_JPN: 0.85, ROK_JPN: 0.8}),
)


def history(own: str, opponent: str) -> RetaliationObservation:
    """A dispute history written as two strings of C and D, oldest month first."""
    return RetaliationObservation(tuple(own), tuple(opponent))


def answered(opponent: str) -> RetaliationObservation:
    """The history of a party that answered each of ``opponent``'s moves (tit for tat)."""
    return history((COOPERATE + opponent)[: len(opponent)], opponent)


RETALIATION_OBSERVATIONS: tuple[RetaliationObservation, ...] = (
    history("", ""),  # the month the dispute starts
    history("C", "D"),  # the shock (Japan's export controls, 2019-07) as Seoul sees it
    history("D", "C"),  # ... and as Tokyo sees it
    answered("DC"),
    answered("CCCCD"),  # a first defection after calm months
    answered("DCCCCC"),  # a defection long past
    answered("DDDDD"),  # a spiral
    history("DCDCDC", "CDCDCD"),  # the echo of two tit for tats
    history("CCDCC", "DDDCC"),  # defections during a punishment
    answered("D" + "C" * 10 + "DD" + "C" * 22 + "D"),  # 36 months, a D in the last
    answered("C" * 5 + "D" + "C" * 20 + "DCD" + "C" * 7),  # 36 months, the last a C
    history("C" + "D" * (LONGEST_HISTORY - 1), "D" * LONGEST_HISTORY),  # 36 months of war
    answered("C" * LONGEST_HISTORY),  # 36 months of peace
)

MEDIATION_OBSERVATIONS: tuple[MediationObservation, ...] = (
    # dispute_active, notice_pending, notice_months_left (None: no notice, or not known)
    MediationObservation(False, False),  # quiet
    MediationObservation(True, False),  # export controls in force, 2019-07
    MediationObservation(True, True, 2),  # the GSOMIA notice of 2019-08-22, 2019-09
    MediationObservation(True, True, 1),
    MediationObservation(True, True, 0),  # the month it expires, 2019-11
    MediationObservation(True, True),  # a notice of unknown term
    MediationObservation(False, True, 5),  # a notice outliving the dispute
    MediationObservation(False, True, 0),
)

COERCION_OBSERVATIONS: tuple[CoercionObservation, ...] = (
    # new_deployments, coerced, us_dyad_cohesion
    CoercionObservation((), (), {"ROK": 0.6, "JPN": 0.75}),  # nobody deploys
    CoercionObservation(("ROK",), (), {"ROK": 0.55, "JPN": 0.75}),  # THAAD, 2017
    CoercionObservation(("JPN",), (), {"ROK": 0.7, "JPN": 0.5}),
    CoercionObservation(("ROK", "JPN"), (), {"ROK": 0.6, "JPN": 0.6}),  # a cohesion tie
    CoercionObservation(("ROK", "JPN"), ("ROK",), {"ROK": 0.4, "JPN": 0.65}),  # ROK coerced
    CoercionObservation(("JPN",), ("JPN", "ROK"), {"ROK": 0.8, "JPN": 0.3}),
    CoercionObservation((), ("ROK",), {"ROK": 0.5, "JPN": 0.5}),
)

ENGAGEMENT_OBSERVATIONS: tuple[EngagementObservation, ...] = (
    # The US's view: after Stockholm (2019-10), a launch the month before, the deadline near
    EngagementObservation("broken_down", 0, 1, 3.5, 0.6, 0.45, 0.0, 0.0, False, False, 2),
    EngagementObservation("broken_down", 8, 6, 0.3, 0.4, 0.45, 0.0, 0.0, True, False),  # quiet
    EngagementObservation("summit", 1, 2, 1.0, 0.5, 0.5),  # Panmunjom 2019-06-30
    EngagementObservation("working_level", 7, 9, 0.0, 0.3, 0.5, 0.0, 0.5, own_stance="relief"),
    # ROK's view: fearing abandonment while the US demands a freeze (2017's maximum pressure)
    EngagementObservation(
        "none", 24, 1, 6.0, 0.8, 0.6, 0.7, 0.0, False, True, None, "talks", "freeze"
    ),
    EngagementObservation("none", 24, 12, 0.0, 0.2, 0.6, 0.3, partner_stance="talks"),
)

TYPICAL_OBSERVATIONS: dict[str, tuple[Any, ...]] = {
    "demand": DEMAND_OBSERVATIONS,
    "response": RESPONSE_OBSERVATIONS,
    "provocation": PROVOCATION_OBSERVATIONS,
    "retaliation": RETALIATION_OBSERVATIONS,
    "mediation": MEDIATION_OBSERVATIONS,
    "coercion": COERCION_OBSERVATIONS,
    "engagement": ENGAGEMENT_OBSERVATIONS,
}

MOVE_TYPES: dict[str, type] = {
    "demand": DemandMove,
    "response": ResponseMove,
    "provocation": ProvocationMove,
    "retaliation": str,  # "C" or "D"
    "mediation": MediationMove,
    "coercion": CoercionMove,
    "engagement": EngagementMove,
}

# -- Hypothesis generators ---------------------------------------------------------------


def amounts(low: float, high: float) -> st.SearchStrategy[float]:
    """Finite amounts (bn USD per year) in [low, high]."""
    return st.floats(low, high, allow_nan=False, allow_infinity=False)


@st.composite
def demand_observations(draw: st.DrawFn) -> DemandObservation:
    """Any state of cost-sharing talks the model can produce (ask > status quo > 0)."""
    status_quo = draw(amounts(0.05, 10.0))
    initial_ask = draw(amounts(status_quo * 1.01, status_quo * 12.0))
    last_ask = draw(amounts(status_quo, initial_ask * 10.0))
    last_offer = draw(st.none() | amounts(status_quo, last_ask * 1.5))
    months_open = draw(st.integers(0, 1200))
    return DemandObservation(
        initial_ask=initial_ask,
        status_quo=status_quo,
        last_ask=last_ask,
        last_offer=last_offer,
        months_open=months_open,
        months_to_deadline=draw(st.integers(-1200, 1200)),
        rejected_rounds=draw(st.integers(0, months_open)),
    )


@st.composite
def response_observations(draw: st.DrawFn) -> ResponseObservation:
    """Any ask an ally can face: amounts for cost-sharing, zeros for yes/no asks."""
    kind = draw(st.sampled_from(RESPONSE_KINDS))
    ask = status_quo = ceiling = 0.0
    last_offer = None
    if kind == "cost_sharing":
        status_quo = draw(amounts(0.05, 10.0))
        ask = draw(amounts(status_quo, status_quo * 12.0))
        ceiling = draw(amounts(0.0, ask * 2.0))
        last_offer = draw(st.none() | amounts(status_quo, ask))
    return ResponseObservation(
        kind=kind,
        ask=ask,
        status_quo=status_quo,
        win_set_ceiling=ceiling,
        acceptance_propensity=draw(amounts(0.0, 1.0)),
        last_offer=last_offer,
        months_open=draw(st.integers(0, 1200)),
        months_to_deadline=draw(st.integers(-1200, 1200)),
    )


# Cohesion in [0, 1], often a round value so that ties between dyads come up.
cohesions = st.sampled_from([0.0, 0.3, 0.5, 0.7, 1.0]) | amounts(0.0, 1.0)

provocation_observations = st.builds(
    ProvocationObservation,
    st.booleans(),
    st.booleans(),
    amounts(0.0, 1.0),
    st.none() | st.fixed_dictionaries(dict.fromkeys(DYADS, cohesions)),
)

moves = st.sampled_from((COOPERATE, DEFECT))


@st.composite
def retaliation_observations(draw: st.DrawFn, max_months: int = 60) -> RetaliationObservation:
    """Any dispute history: both parties have moved in every month so far."""
    months = draw(st.integers(0, max_months))
    own = draw(st.lists(moves, min_size=months, max_size=months))
    opponent = draw(st.lists(moves, min_size=months, max_size=months))
    return RetaliationObservation(tuple(own), tuple(opponent))


@st.composite
def mediation_observations(draw: st.DrawFn) -> MediationObservation:
    """Any month of the dispute: a notice's remaining months only while it runs."""
    notice = draw(st.booleans())
    months_left = draw(st.none() | st.integers(0, 36)) if notice else None
    return MediationObservation(draw(st.booleans()), notice, months_left)


allies = st.lists(st.sampled_from(ALLIES), unique=True).map(tuple)

coercion_observations = st.builds(
    CoercionObservation,
    allies,
    allies.map(lambda a: tuple(sorted(a))),  # the model lists the coerced sorted
    st.dictionaries(st.sampled_from(ALLIES), cohesions, min_size=1),
)

stances = st.sampled_from(("", "talks", "relief", "freeze"))

engagement_observations = st.builds(
    EngagementObservation,
    st.sampled_from(("none", "working_level", "summit", "broken_down")),
    st.integers(0, 600),
    st.integers(1, 600),
    amounts(0.0, 40.0),
    amounts(0.0, 1.0),
    amounts(0.0, 1.0),
    amounts(0.0, 1.0),
    amounts(0.0, 1.0),
    st.booleans(),
    st.booleans(),
    st.none() | st.integers(-12, 60),
    stances,
    stances,
)

OBSERVATION_STRATEGIES: dict[str, st.SearchStrategy[Any]] = {
    "demand": demand_observations(),
    "response": response_observations(),
    "provocation": provocation_observations,
    "retaliation": retaliation_observations(),
    "mediation": mediation_observations(),
    "coercion": coercion_observations,
    "engagement": engagement_observations,
}

# -- helpers -------------------------------------------------------------------------------


def assert_same_move(actual: Any, expected: Any, where: str = "") -> None:
    """Field by field: floats to 1e-9 relative, everything else exactly (a "C"/"D" as is)."""
    assert type(actual) is type(expected), f"{where}: {actual!r} is not a {type(expected)}"
    if not is_dataclass(expected):
        assert actual == expected, f"{where}: {actual!r}, expected {expected!r}"
        return
    for f in fields(expected):
        got, want = getattr(actual, f.name), getattr(expected, f.name)
        if isinstance(want, float):
            assert got == pytest.approx(want, rel=1e-9, abs=1e-12), f"{where}: {f.name}"
        else:
            assert got == want, f"{where}: {f.name} is {got!r}, expected {want!r}"


def check_valid_move(family: str, obs: Any, move: Any) -> None:
    """The move is one the model can resolve, for the observation it answers."""
    assert isinstance(move, MOVE_TYPES[family]), f"{move!r} is not a {family} move"
    if family == "retaliation":
        # C or D, or a strategic party's escalate/link/hold/lift with an optional suspend
        assert move in (COOPERATE, DEFECT) or STRATEGIC_MOVE.fullmatch(move), f"{move!r}"
    elif family == "mediation":
        check_mediation_move(move)
    elif family == "coercion":
        check_coercion_move(obs, move)
    elif family == "demand":
        assert move.ask > 0.0
        assert 0.0 < move.min_acceptable <= move.ask
        assert isinstance(move.troop_threat, bool)
    elif family == "response":
        assert isinstance(move.choice, Choice)
        if obs.kind == "cost_sharing":
            assert move.offer is not None
            assert obs.status_quo - 1e-9 <= move.offer <= max(obs.ask, obs.status_quo) + 1e-9
        if move.choice is Choice.INDEPENDENT:
            assert obs.kind == "coalition", "only a coalition has a national alternative"
        if obs.kind in YES_NO_KINDS and obs.months_to_deadline <= 0:
            assert move.choice is not Choice.WAIT, "a yes/no ask is answered by its deadline"
    elif family == "provocation":
        assert type(move.launch_days) is int and 0 <= move.launch_days <= LONGEST_MONTH
        assert isinstance(move.severity, float) and 0.0 <= move.severity <= 1.0
        if move.aim is not None:
            dyads = obs.dyad_cohesion or {}
            assert move.aim in dyads, f"aim {move.aim} is not a dyad of {dyads}"
            assert dyads[move.aim] == min(dyads.values()), f"{move.aim} is not the weakest dyad"
    elif family == "engagement":
        assert move.stance in ("", "talks", "relief", "freeze"), move
        assert 0.0 <= move.relief <= 1.0
        assert move.relief == 0.0 or move.stance == "relief", "relief comes with its stance"
        if move.stance == "talks":
            assert obs.talks not in ("working_level", "summit"), "talks offered while under way"
    else:
        raise AssertionError(f"no validity check for the {family} family: add one here")


def check_mediation_move(move: MediationMove, no_pressure_when_idle: bool = True) -> None:
    """Pressure in [0, 1]; none at all in a month without mediation (if asked)."""
    assert type(move.mediate) is bool
    assert isinstance(move.strength, float) and 0.0 <= move.strength <= 1.0
    if no_pressure_when_idle and not move.mediate:
        assert move.strength == 0.0, f"{move}: no mediation, yet pressure {move.strength}"


def check_coercion_move(obs: CoercionObservation, move: CoercionMove) -> None:
    """New episodes only against new deployers not yet coerced; courting and warning of US
    allies, at most one move per ally."""
    assert isinstance(move.coerce, tuple)
    assert len(set(move.coerce)) == len(move.coerce), f"{move.coerce} names a target twice"
    for target in move.coerce:
        assert target in obs.new_deployments, f"{target} did not accept US missiles"
        assert target not in obs.coerced, f"{target} is already under coercion"
    assert isinstance(move.duration, float) and isinstance(move.gdp_loss, float)
    if move.coerce:
        assert move.duration > 0.0
        assert 0.0 <= move.gdp_loss <= 1.0
    for moves, size in ((move.induce, move.inducement), (move.warn, move.warning)):
        assert isinstance(moves, tuple) and len(set(moves)) == len(moves), moves
        assert all(ally in obs.us_dyad_cohesion for ally in moves), moves
        assert isinstance(size, float) and 0.0 <= size <= 1.0
        if not moves:
            assert size == 0.0, f"{move}: nobody courted or warned, yet {size}"
    assert isinstance(move.us_pull, float) and 0.0 <= move.us_pull <= 1.0
    if not move.induce:
        assert move.us_pull == 0.0, f"{move}: nobody courted, yet a pull from the US"
    acts = [*move.coerce, *move.induce, *move.warn]
    assert len(set(acts)) == len(acts), f"{move}: one ally gets two of China's moves"


def history_variants(family: str, obs: Any) -> list[Any]:
    """Copies of ``obs`` that differ only in what the item's history has been."""
    if family == "demand":
        other_offer = None if obs.last_offer is not None else (obs.last_ask + obs.status_quo) / 2
        return [
            replace(obs, months_open=obs.months_open + 4, rejected_rounds=obs.rejected_rounds + 4),
            replace(obs, last_offer=other_offer),
            replace(obs, last_ask=obs.last_ask * 0.9),
        ]
    if family == "response":
        other_offer = None if obs.last_offer is not None else obs.status_quo
        return [replace(obs, months_open=obs.months_open + 4), replace(obs, last_offer=other_offer)]
    if family == "retaliation":
        flip = {COOPERATE: DEFECT, DEFECT: COOPERATE}
        own, opponent = obs.own_moves, obs.opponent_moves
        variants = [
            RetaliationObservation(own + (COOPERATE,), opponent + (DEFECT,)),
            RetaliationObservation(own + (COOPERATE,), opponent + (COOPERATE,)),
        ]
        if opponent:
            variants.append(replace(obs, opponent_moves=opponent[:-1] + (flip[opponent[-1]],)))
            variants.append(replace(obs, opponent_moves=(flip[opponent[0]],) + opponent[1:]))
        return variants
    return []  # provocation, mediation and coercion observations carry no history


def play(policy: Policy, observations: Sequence[Any], seed: int) -> list[Any]:
    """The policy's moves over ``observations`` with one generator seeded ``seed``."""
    rng = np.random.default_rng(seed)
    return [policy.decide(obs, rng) for obs in observations]


def play_match(policy: Policy, opponent: str, seed: int = 0) -> str:
    """The policy's moves against a scripted opponent (Axelrod's ``MockPlayer``).

    Month by month the policy sees its own moves so far and the opponent's, and both move
    at once: its move of month ``t`` answers ``opponent[:t]``.
    """
    rng = np.random.default_rng(seed)
    own: list[str] = []
    for month in range(len(opponent)):
        own.append(policy.decide(history("".join(own), opponent[:month]), rng))
    return "".join(own)


def play_pair(
    first: Policy, second: Policy, months: int, seed: int = 0, opening: tuple[str, str] = ("", "")
) -> tuple[str, str]:
    """Two policies against each other for ``months`` after scripted ``opening`` moves.

    The opening is what the model writes when a dispute starts: the offender's shock as a
    "D", the other party's month as a "C". One generator serves both, first player first.
    """
    rng = np.random.default_rng(seed)
    a, b = opening
    for _ in range(months):
        move_a = first.decide(history(a, b), rng)
        move_b = second.decide(history(b, a), rng)
        a, b = a + move_a, b + move_b
    return a, b


# -- the base class ------------------------------------------------------------------------


class PolicyTestCase:
    """Inherited by every policy's test class; not collected itself (no ``Test`` prefix)."""

    policy_class: ClassVar[type[Policy]]
    expected_name: ClassVar[str]
    expected_family: ClassVar[str]
    expected_classifier: ClassVar[dict[str, bool]]
    # Valid non-default parameters, exercised by the round-trip and validity checks.
    param_variants: ClassVar[tuple[dict[str, Any], ...]] = ()

    # -- helpers for subclasses ------------------------------------------------------------
    def make(self, **params: Any) -> Policy:
        """The policy under test with ``params`` over its defaults (validated strictly)."""
        return self.policy_class(self.policy_class.Params.model_validate(params))

    def observations(self) -> tuple[Any, ...]:
        """Typical observations of the policy's family."""
        return TYPICAL_OBSERVATIONS[self.expected_family]

    def versus_test(
        self,
        observations: Sequence[Any],
        expected_moves: Sequence[Any],
        params: dict[str, Any] | None = None,
        seed: int = 0,
    ) -> None:
        """Play ``observations`` month by month and compare each move with the script."""
        assert len(observations) == len(expected_moves), "script and observations differ"
        policy = self.make(**(params or {}))
        moves = play(policy, observations, seed)
        for month, (move, expected) in enumerate(zip(moves, expected_moves, strict=True)):
            assert_same_move(move, expected, f"{self.expected_name}, month {month}")

    def versus_opponent(
        self,
        opponent: str,
        expected: str,
        params: dict[str, Any] | None = None,
        seed: int = 0,
    ) -> None:
        """Retaliation only: play against a scripted opponent and compare move for move."""
        assert self.expected_family == "retaliation"
        assert len(opponent) == len(expected), "script and opponent differ in length"
        played = play_match(self.make(**(params or {})), opponent, seed)
        assert played == expected, f"{self.expected_name} vs {opponent}"

    def all_policies(self) -> list[Policy]:
        """The defaults and every declared variant."""
        return [self.make()] + [self.make(**p) for p in self.param_variants]

    # -- declared identity ----------------------------------------------------------------
    def test_name_family_and_classifier(self) -> None:
        assert self.policy_class.name == self.expected_name
        assert self.policy_class.family == self.expected_family
        assert self.policy_class.classifier == self.expected_classifier

    def test_registered_under_name_and_family(self) -> None:
        assert REGISTRY[self.expected_family][self.expected_name] is self.policy_class
        assert policy_class(self.expected_family, self.expected_name) is self.policy_class

    # -- parameters ------------------------------------------------------------------------
    def test_default_params_validate_and_are_frozen(self) -> None:
        defaults = self.policy_class.Params()
        assert self.policy_class.Params.model_validate(defaults.model_dump()) == defaults
        assert self.policy_class().params == defaults
        name = next(iter(type(defaults).model_fields), "anything")
        with pytest.raises(ValidationError):
            setattr(defaults, name, getattr(defaults, name, 0))

    def test_unknown_param_rejected(self) -> None:
        with pytest.raises(ValidationError, match="not_a_param"):
            self.policy_class.Params.model_validate({"not_a_param": 1.0})

    def test_numbers_reject_booleans(self) -> None:
        for name, info in self.policy_class.Params.model_fields.items():
            if info.annotation in (int, float):
                with pytest.raises(ValidationError):
                    self.policy_class.Params.model_validate({name: True})

    def test_booleans_reject_numbers_and_strings(self) -> None:
        for name, info in self.policy_class.Params.model_fields.items():
            if info.annotation is bool:
                for value in (1, 0, "true"):
                    with pytest.raises(ValidationError):
                        self.policy_class.Params.model_validate({name: value})

    def test_param_variants_differ_from_defaults(self) -> None:
        for variant in self.param_variants:
            assert self.make(**variant).params != self.make().params

    def test_as_table_round_trips_through_build_policy(self) -> None:
        for policy in self.all_policies():
            table = policy.as_table()
            assert table["policy"] == self.expected_name
            rebuilt = build_policy(self.expected_family, table, "actors.TEST")
            assert type(rebuilt) is self.policy_class
            assert rebuilt.params == policy.params
            assert rebuilt.as_table() == table

    # -- behaviour -------------------------------------------------------------------------
    def test_same_seed_same_moves(self) -> None:
        observations = self.observations() * 3
        for seed in SEEDS[:4]:
            random.seed(seed)  # the global generators must play no part
            np.random.seed(seed)
            first = play(self.make(), observations, seed)
            random.seed(seed + 1)
            np.random.seed(seed + 1)
            assert play(self.make(), observations, seed) == first

    def test_stochastic_trait_matches_behaviour(self) -> None:
        policy = self.make()
        differs = False
        for obs in self.observations():
            rng = np.random.default_rng(SEEDS[0])
            before = copy.deepcopy(rng.bit_generator.state)
            reference = policy.decide(obs, rng)
            draws = rng.bit_generator.state != before
            moves = [policy.decide(obs, np.random.default_rng(seed)) for seed in SEEDS[1:]]
            differs = differs or any(move != reference for move in moves)
            if not self.expected_classifier["stochastic"]:
                assert not draws, f"a deterministic policy drew from the generator on {obs}"
                assert all(move == reference for move in moves), obs
        assert differs == self.expected_classifier["stochastic"]

    def test_memory_trait_matches_behaviour(self) -> None:
        policy = self.make()
        depends = False
        for obs in self.observations():
            reference = policy.decide(obs, np.random.default_rng(7))
            for variant in history_variants(self.expected_family, obs):
                move = policy.decide(variant, np.random.default_rng(7))
                depends = depends or move != reference
        assert depends == self.expected_classifier["memory"]

    def test_moves_valid_on_typical_observations(self) -> None:
        for policy in self.all_policies():
            for seed in SEEDS[:3]:
                moves = play(policy, self.observations(), seed)
                for obs, move in zip(self.observations(), moves, strict=True):
                    check_valid_move(self.expected_family, obs, move)

    @PROPERTY
    @given(data=st.data())
    def test_moves_valid_on_any_observation(self, data: st.DataObject) -> None:
        obs = data.draw(OBSERVATION_STRATEGIES[self.expected_family], label="observation")
        seed = data.draw(st.integers(0, 2**32 - 1), label="seed")
        before = copy.deepcopy(obs)
        move = self.make().decide(obs, np.random.default_rng(seed))
        check_valid_move(self.expected_family, obs, move)
        assert obs == before, "decide mutated the observation"

    def test_decide_never_mutates_the_observation(self) -> None:
        rng = np.random.default_rng(SEEDS[0])
        for policy in self.all_policies():
            for obs in self.observations():
                before = copy.deepcopy(obs)
                policy.decide(obs, rng)
                assert obs == before


class ChoicePolicyTestCase(PolicyTestCase):
    """Inherited by the tests of every choice policy (``strategic``): the shared checks too."""

    @pytest.mark.parametrize("seed", [0, 1, 2019])
    def test_decide_makes_the_same_draws_as_reasoned(self, seed: int) -> None:
        """``decide`` is ``reasoned``'s move with the same draws (recording changes no run)."""
        assert issubclass(self.policy_class, ChoicePolicy)
        for obs in self.observations():
            a, b = np.random.default_rng(seed), np.random.default_rng(seed)
            assert self.make().decide(obs, a) == self.make().reasoned(obs, b)[0]
            assert a.bit_generator.state == b.bit_generator.state
