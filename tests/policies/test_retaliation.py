"""Retaliation policies: the shared checks plus matches written out move for move.

The reference is the Axelrod library's canonical strategies (``axelrod/strategies``):
Cooperator, TitForTat, GTFT, OriginalGradual and Grudger. As in Axelrod's ``versus_test``
with a ``MockPlayer``, each scripted match lists the opponent's moves and the exact answers,
oldest month first: the answer of month ``t`` sees the opponent's moves before ``t``.
Matches between two policies start from the dispute shock the model writes: the offender
defects ("D"), the other party cooperates ("C").
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given

from agents.observations import COOPERATE, DEFECT, RetaliationObservation
from agents.policies.choice_policy import ChoicePolicy
from agents.policies.retaliation import (
    RETALIATION_POLICIES,
    GenerousTitForTat,
    Graduated,
    Grim,
    NoRetaliation,
    StrategicRetaliation,
    TitForTat,
)

from .policy_test_case import (
    PROPERTY,
    RETALIATION_OBSERVATIONS,
    ChoicePolicyTestCase,
    PolicyTestCase,
    history,
    play_match,
    play_pair,
    retaliation_observations,
)

C, D = COOPERATE, DEFECT
DRAWS = 4000  # GTFT's statistical checks: one seed per draw
# Six standard errors of a proportion at p = 0.5 over 4000 draws is 0.047 (the seeds are
# fixed, so a pass is reproducible; a correct policy fails about once in 10**9 seed sets).
TOLERANCE = 0.05
SHOCK = ("D", "C")  # the first player's dispute shock, the second's calm month

# Scripted opponents (Axelrod's Cooperator, Defector, Alternator and a MockPlayer).
COOPERATOR = C * 12
DEFECTOR = D * 12
ALTERNATOR = "CD" * 6
MOCK = "CDDCDCCCDDDCCCCC"  # the same script for every policy below


def payoffs(first: str, second: str) -> tuple[int, int]:
    """Total scores of a prisoner's dilemma match, Axelrod's payoffs (R, S, T, P) = (3, 0, 5, 1)."""
    table = {("C", "C"): (3, 3), ("C", "D"): (0, 5), ("D", "C"): (5, 0), ("D", "D"): (1, 1)}
    scores = [table[pair] for pair in zip(first, second, strict=True)]
    return sum(s for s, _ in scores), sum(s for _, s in scores)


def gradual_vs_defector(months: int) -> str:
    """Gradual against a Defector: C, then n defections and two calm Cs for n = 1, 2, 3..."""
    moves, n = C, 1
    while len(moves) < months:
        moves += D * n + C * 2
        n += 1
    return moves[:months]


class TestNoRetaliation(PolicyTestCase):
    policy_class = NoRetaliation
    expected_name = "none"
    expected_family = "retaliation"
    expected_classifier = {"stochastic": False, "memory": False}
    param_variants = ({"linkage": True},)

    @pytest.mark.parametrize("opponent", [COOPERATOR, DEFECTOR, ALTERNATOR, MOCK])
    def test_always_cooperates(self, opponent: str) -> None:
        self.versus_opponent(opponent, C * len(opponent))

    @PROPERTY
    @given(obs=retaliation_observations())
    def test_cooperates_whatever_the_history(self, obs: RetaliationObservation) -> None:
        assert self.make().decide(obs, None) == C


class TestTitForTat(PolicyTestCase):
    policy_class = TitForTat
    expected_name = "tit_for_tat"
    expected_family = "retaliation"
    expected_classifier = {"stochastic": False, "memory": True}
    param_variants = ({"linkage": True},)

    def test_cooperates_first(self) -> None:
        assert self.make().decide(history("", ""), None) == C

    def test_copies_the_opponents_last_move(self) -> None:
        # Axelrod's second_play_test(rCC=C, rCD=D, rDC=C, rDD=D).
        for own in (C, D):
            for opponent in (C, D):
                assert self.make().decide(history(own, opponent), None) == opponent

    def test_against_the_axelrod_opponents(self) -> None:
        self.versus_opponent(ALTERNATOR[:5], "CCDCD")
        self.versus_opponent(COOPERATOR[:5], "CCCCC")
        self.versus_opponent(DEFECTOR[:5], "CDDDD")
        self.versus_opponent("CDCD", "CCDC")  # MockPlayer([C, D]), cycled
        self.versus_opponent("CCDDCD", "CCCDDC")  # MockPlayer([C, C, D, D, C, D])

    def test_against_the_mock(self) -> None:
        self.versus_opponent(MOCK, "CCDDCDCCCDDDCCCC")

    def test_a_36_month_dispute(self) -> None:
        opponent = "D" + C * 10 + "DD" + C * 22 + "D"
        self.versus_opponent(opponent, C + opponent[:-1])

    @PROPERTY
    @given(obs=retaliation_observations())
    def test_answers_with_the_last_move_whatever_came_before(
        self, obs: RetaliationObservation
    ) -> None:
        expected = obs.opponent_moves[-1] if obs.opponent_moves else C
        assert self.make().decide(obs, None) == expected


class TestGenerousTitForTat(PolicyTestCase):
    policy_class = GenerousTitForTat
    expected_name = "generous_tit_for_tat"
    expected_family = "retaliation"
    expected_classifier = {"stochastic": True, "memory": True}
    param_variants = ({"forgiveness": 0.1, "linkage": True}, {"forgiveness": 0.0})

    def cooperation_after_a_defection(self, forgiveness: float) -> float:
        policy, obs = self.make(forgiveness=forgiveness), history("CC", "CD")
        moves = [policy.decide(obs, np.random.default_rng(seed)) for seed in range(DRAWS)]
        assert set(moves) <= {C, D}
        return moves.count(C) / DRAWS

    def test_default_forgiveness(self) -> None:
        assert self.make().params.forgiveness == 0.3

    @pytest.mark.parametrize("opponent", [COOPERATOR, DEFECTOR, ALTERNATOR, MOCK])
    @pytest.mark.parametrize("seed", [0, 1, 2019])
    def test_forgiveness_zero_is_tit_for_tat(self, opponent: str, seed: int) -> None:
        expected = play_match(TitForTat(), opponent)
        self.versus_opponent(opponent, expected, {"forgiveness": 0.0}, seed)

    @PROPERTY
    @given(obs=retaliation_observations())
    def test_forgiveness_zero_answers_as_tit_for_tat_on_any_history(
        self, obs: RetaliationObservation
    ) -> None:
        move = self.make(forgiveness=0.0).decide(obs, np.random.default_rng(0))
        assert move == TitForTat().decide(obs, None)

    @pytest.mark.parametrize("opponent", [DEFECTOR, ALTERNATOR, MOCK])
    def test_forgiveness_one_always_cooperates(self, opponent: str) -> None:
        for seed in range(20):
            self.versus_opponent(opponent, C * len(opponent), {"forgiveness": 1.0}, seed)

    @pytest.mark.parametrize("forgiveness", [0.1, 0.3, 0.5, 0.9])
    def test_forgives_a_defection_with_the_forgiveness_probability(
        self, forgiveness: float
    ) -> None:
        frequency = self.cooperation_after_a_defection(forgiveness)
        assert frequency == pytest.approx(forgiveness, abs=TOLERANCE)

    @pytest.mark.parametrize("seed", range(20))
    def test_always_cooperates_after_a_cooperation(self, seed: int) -> None:
        # However bitter the past: only the opponent's last move can be punished.
        assert play_match(self.make(forgiveness=0.0), D * 11 + C * 2, seed)[-2:] == "DC"
        assert self.make().decide(history(D * 30, D * 29 + C), np.random.default_rng(seed)) == C

    def test_draws_only_when_the_opponent_last_defected(self) -> None:
        policy = self.make()
        for obs in [*RETALIATION_OBSERVATIONS, history("DD", "DC"), history("C" * 36, "D" * 36)]:
            for seed in (0, 1, 2):
                rng = np.random.default_rng(seed)
                policy.decide(obs, rng)
                reference = np.random.default_rng(seed)
                if obs.opponent_moves and obs.opponent_moves[-1] == D:
                    reference.random()  # exactly one draw
                assert rng.bit_generator.state == reference.bit_generator.state, obs

    def test_the_draw_decides_as_a_uniform_below_the_forgiveness(self) -> None:
        # C if and only if the generator's next uniform lies below the forgiveness.
        policy, obs = self.make(forgiveness=0.4), history("C", "D")
        for seed in range(200):
            expected = C if np.random.default_rng(seed).random() < 0.4 else D
            assert policy.decide(obs, np.random.default_rng(seed)) == expected

    def test_a_scripted_match_with_a_fixed_seed_repeats(self) -> None:
        first = play_match(self.make(), MOCK, seed=2019)
        assert play_match(self.make(), MOCK, seed=2019) == first
        # Cooperates wherever the opponent last cooperated, whatever the draws.
        for month, move in enumerate(first):
            if month == 0 or MOCK[month - 1] == C:
                assert move == C


class TestGraduated(PolicyTestCase):
    """Axelrod's ``OriginalGradual`` (Beaufils, Delahaye and Mathieu 1997), as in its test suite."""

    policy_class = Graduated
    expected_name = "graduated"
    expected_family = "retaliation"
    expected_classifier = {"stochastic": False, "memory": True}
    param_variants = ({"linkage": True},)

    def test_cooperates_until_the_opponent_defects(self) -> None:
        self.versus_opponent(COOPERATOR, COOPERATOR)
        self.versus_opponent("C", "C")
        self.versus_opponent("D", "C")

    def test_first_defection_punished_once_then_two_calm_moves(self) -> None:
        self.versus_opponent("DC", "CD")
        self.versus_opponent("DCC", "CDC")
        self.versus_opponent("DCCCC", "CDCCC")

    def test_the_axelrod_test_suite_sequences(self) -> None:
        # axelrod/tests/strategies/test_titfortat.py, TestOriginalGradual.test_strategy
        # (TestGradual before the library renamed the strategy)
        self.versus_opponent("DCDC", "CDCC")
        self.versus_opponent("DCDCC", "CDCCC")
        self.versus_opponent("DCDCCC", "CDCCCC")
        self.versus_opponent("DCDCCCDC", "CDCCCCCD")
        self.versus_opponent("DCDCCDDD", "CDCCCCDD")

    def test_punishment_grows_with_each_punishment_begun(self) -> None:
        # Against a Defector: C, then D, C, C, then DD, C, C, then DDD, C, C ...
        self.versus_opponent(D * 20, "C" + "DCC" + "DDCC" + "DDDCC" + "DDDDCC" + "D")

    def test_against_the_mock(self) -> None:
        # The opponent's Ds of months 2, 9 and 10 fall in punishments and are let go.
        self.versus_opponent(MOCK, "CCDCCDDCCDDDCCCC")

    def test_defections_during_a_punishment_or_the_calm_start_nothing(self) -> None:
        # The opponent defects in the months of the punishment and of the first calm C:
        # those Ds are seen during the calm and never punished.
        self.versus_opponent("DDDC" + C * 4, "CDCC" + C * 4)
        # A D in the month of the second calm C is seen afterwards: a new punishment (2 Ds).
        self.versus_opponent("DCCDCCCC", "CDCCDDCC")

    def test_limit_counts_punishments_not_the_opponents_defections(self) -> None:
        # Three Ds, one punishment: the next punishment is the 2nd (two Ds), not the 4th.
        self.versus_opponent("DDDCCD" + C * 4, "CDCCCCDDCC")

    def test_long_dispute_of_36_months(self) -> None:
        opponent = "D" + C * 10 + "DD" + C * 22 + "D"
        expected = "CDCC" + C * 8 + "DDCC" + C * 20  # the D of month 12 is let go
        self.versus_opponent(opponent, expected)

    def test_the_literature_scores_over_1000_moves(self) -> None:
        # Beaufils et al. 1996, in Axelrod's TestOriginalGradual.test_output_from_literature.
        policy = self.make()
        defector = D * 1000
        played = play_match(policy, defector)
        assert played == gradual_vs_defector(1000)
        assert payoffs(played, defector) == (915, 1340)
        cycler_ccd = ("CCD" * 334)[:1000]
        assert payoffs(play_match(policy, cycler_ccd), cycler_ccd) == (3472, 767)

    def test_decides_on_the_opponents_moves_only(self) -> None:
        # The state is replayed from the opponent's history; its own record plays no part.
        policy = self.make()
        for obs in RETALIATION_OBSERVATIONS:
            other_own = "D" * len(obs.own_moves)
            assert policy.decide(obs, None) == policy.decide(
                history(other_own, "".join(obs.opponent_moves)), None
            )


class TestGrim(PolicyTestCase):
    """Axelrod's ``Grudger``."""

    policy_class = Grim
    expected_name = "grim"
    expected_family = "retaliation"
    expected_classifier = {"stochastic": False, "memory": True}
    param_variants = ({"linkage": True},)

    def test_cooperates_until_the_first_defection_then_defects_for_ever(self) -> None:
        self.versus_opponent(COOPERATOR, COOPERATOR)
        self.versus_opponent("CCCD" + C * 8, "CCCC" + D * 8)
        self.versus_opponent(DEFECTOR, "C" + D * 11)
        self.versus_opponent(ALTERNATOR, "CC" + D * 10)
        self.versus_opponent(MOCK, "CC" + D * 14)

    def test_a_defection_long_past_is_never_forgiven(self) -> None:
        obs = history("C" + D * 35, D + C * 35)
        assert self.make().decide(obs, None) == D

    @PROPERTY
    @given(obs=retaliation_observations())
    def test_defects_if_and_only_if_the_opponent_ever_defected(
        self, obs: RetaliationObservation
    ) -> None:
        assert self.make().decide(obs, None) == (D if D in obs.opponent_moves else C)


# -- matches between policies -------------------------------------------------------------


class TestMatches:
    """Two policies against each other after the dispute shock of the first."""

    def test_tit_for_tat_pair_echoes_a_single_defection_for_ever(self) -> None:
        a, b = play_pair(TitForTat(), TitForTat(), 11, opening=SHOCK)
        assert (a, b) == ("D" + "CD" * 5 + "C", "C" + "DC" * 5 + "D")

    def test_cooperative_pair_stays_cooperative(self) -> None:
        for first, second in [(TitForTat(), Grim()), (Graduated(), GenerousTitForTat())]:
            assert play_pair(first, second, 24) == (C * 24, C * 24)

    def test_grim_locks_into_defection_after_a_single_d(self) -> None:
        # The TFT party's single shock: Grim never forgives, so TFT answers D for ever too.
        a, b = play_pair(TitForTat(), Grim(), 12, opening=SHOCK)
        assert (a, b) == ("DC" + D * 11, "C" + D * 12)

    def test_grim_pair_locks_into_mutual_defection(self) -> None:
        a, b = play_pair(Grim(), Grim(), 10, opening=SHOCK)
        assert (a, b) == ("DC" + D * 9, "C" + D * 10)

    def test_graduated_ends_the_echo_with_its_calm_moves(self) -> None:
        # Graduated punishes the shock once; TFT echoes that D during the calm, unanswered.
        a, b = play_pair(Graduated(), TitForTat(), 10, opening=("C", "D"))
        assert (a, b) == ("CDCC" + C * 7, "DCDC" + C * 7)

    def test_no_retaliation_absorbs_the_shock(self) -> None:
        a, b = play_pair(TitForTat(), NoRetaliation(), 8, opening=SHOCK)
        assert (a, b) == ("D" + C * 8, C * 9)

    def test_generous_pair_ends_a_spiral_within_a_few_moves(self) -> None:
        # After the shock one party a month faces a D and forgives it with probability 0.3;
        # the first forgiveness ends the echo: mutual cooperation from then on. The month
        # of peace is geometric, mean 1 / 0.3: within 10 months in 97 % of runs.
        forgiveness, months, runs = 0.3, 30, 500
        ends = []
        for seed in range(runs):
            a, b = play_pair(
                GenerousTitForTat(GenerousTitForTat.Params(forgiveness=forgiveness)),
                GenerousTitForTat(GenerousTitForTat.Params(forgiveness=forgiveness)),
                months,
                seed,
                opening=SHOCK,
            )
            calm = next((m for m in range(1, months + 1) if a[m] == b[m] == C), None)
            if calm is not None:
                assert a[calm:] == b[calm:] == C * (months + 1 - calm), "peace is kept"
            ends.append(calm if calm is not None else months + 1)
        ends_array = np.array(ends)
        assert np.mean(ends_array <= 10) >= 0.9
        # Geometric: mean 1/p = 3.33, standard deviation sqrt(1 - p) / p = 2.8.
        assert ends_array.mean() == pytest.approx(1 / forgiveness, abs=6 * 2.8 / np.sqrt(runs))

    def test_tit_for_tat_never_ends_the_spiral_that_generosity_ends(self) -> None:
        a, b = play_pair(TitForTat(), TitForTat(), 30, opening=SHOCK)
        assert all(x != y for x, y in zip(a, b, strict=True))


# -- the family ---------------------------------------------------------------------------


@pytest.mark.parametrize("cls", RETALIATION_POLICIES, ids=lambda cls: cls.name)
def test_every_retaliation_policy_carries_linkage(cls: type) -> None:
    info = cls.Params.model_fields["linkage"]
    assert info.annotation is bool
    assert info.default is False
    assert cls(cls.Params(linkage=True)).params.linkage is True


@pytest.mark.parametrize("cls", RETALIATION_POLICIES, ids=lambda cls: cls.name)
@PROPERTY
@given(obs=retaliation_observations())
def test_linkage_leaves_the_moves_alone(cls: type, obs: RetaliationObservation) -> None:
    # Linkage tells the model which measures a "D" may take, not whether to play it.
    plain, linked = cls(cls.Params(linkage=False)), cls(cls.Params(linkage=True))
    assert plain.decide(obs, np.random.default_rng(5)) == linked.decide(
        obs, np.random.default_rng(5)
    )


RULE_BASED = [c for c in RETALIATION_POLICIES if not issubclass(c, ChoicePolicy)]


@pytest.mark.parametrize("cls", RULE_BASED, ids=lambda cls: cls.name)
def test_every_policy_cooperates_on_the_first_move(cls: type) -> None:
    assert cls().decide(history("", ""), np.random.default_rng(0)) == C


def test_a_strategic_party_with_nothing_at_stake_holds() -> None:
    # Its C: no rung left, nothing to lift (the observation's defaults).
    assert StrategicRetaliation().decide(history("", ""), np.random.default_rng(0)) == "H"


def stake(**fields: object) -> RetaliationObservation:
    """A strategic party's view in the 2019 dispute (defaults: Korea, 2019-08)."""
    base = dict(next_measure="counter_delisting", next_security="gsomia_notice",
                opponent_standing=0.5, opponent_escalated=True, trade_dependence=0.073,
                next_cost=0.1, threat=0.3, us_tie=0.92, abandonment_fear=0.18,
                partner_fear=0.2, allies=True, domestic_support=0.41)  # fmt: skip
    base.update(fields)
    return RetaliationObservation((), (), **base)  # type: ignore[arg-type]


class TestStrategicRetaliation(ChoicePolicyTestCase):
    policy_class = StrategicRetaliation
    expected_name = "strategic"
    expected_family = "retaliation"
    expected_classifier = {"stochastic": True, "memory": True}  # last month's moves
    param_variants = ({"precision": 0.0}, {"linkage": True}, {"reciprocity": 0.0})

    def observations(self) -> tuple[RetaliationObservation, ...]:
        return (
            *RETALIATION_OBSERVATIONS,
            stake(),
            stake(opponent_escalated=False, opponent_standing=0.3),
            stake(liftable=("export_controls",), lift_cost=0.85, escalation=0.5),
            stake(notice_pending=True, notice_months_left=0, escalation=1.0,
                  liftable=("wto_complaint",)),
        )  # fmt: skip
