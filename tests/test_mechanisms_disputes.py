"""Mechanisms M6 to M10: the specs of tests/mechanism_specs.py, and deterministic details."""

from __future__ import annotations

import numpy as np
import pytest
from mechanism_specs import (
    ALONE,
    BASE,
    COERCED,
    FORGIVING,
    M6_TO_M10,
    NO_DISPUTE,
    RULE_BASED_DISPUTE,
    SPARED,
    final_measures,
    summary_of,
)
from mechanism_support import Arm, arm_values, assert_spec, column, event_count, mean_of

from sim.core.mechanisms import wedge_push


@pytest.mark.parametrize("spec", M6_TO_M10, ids=lambda s: s.id)
def test_mechanism(spec):
    assert_spec(spec)


# -- M7: retaliation (Axelrod 1984) ---------------------------------------------------------------
def test_m7_without_retaliation_policies_nothing_is_imposed():
    passive = arm_values(
        Arm(NO_DISPUTE), "total_retaliations", summary_of("total_retaliations"), None
    )
    assert np.all(passive == 0)


def test_m7_linkage_sends_exactly_one_notice_and_none_without_it():
    # The rule-based pair climbs its ladder in order: the notice in every run.
    notices = event_count("gsomia_notice")
    rule_based = Arm(RULE_BASED_DISPUTE)
    assert np.all(arm_values(rule_based, "gsomia_notices", notices, None) == 1)
    unlinked = Arm((*RULE_BASED_DISPUTE, "actors.ROK.retaliation.linkage=false"))
    assert np.all(arm_values(unlinked, "gsomia_notices", notices, None) == 0)


def test_m7_a_strategic_korea_links_at_most_once_mostly_and_never_without_linkage():
    # The baseline's strategic parties choose the link: at most one notice (a rung once
    # spent), in most runs at the 2019 threat (50 of 50 seeds measured), none without it.
    notices = event_count("gsomia_notice")
    sent = arm_values(BASE, "gsomia_notices", notices, None)
    assert np.all(sent <= 1) and sent.mean() >= 0.7
    unlinked = Arm(("actors.ROK.retaliation.linkage=false",))
    assert np.all(arm_values(unlinked, "gsomia_notices", notices, None) == 0)


def test_m7_tit_for_tat_echoes_for_ever_and_forgiveness_lifts_what_was_imposed():
    tft = Arm(("actors.JPN.retaliation.policy=tit_for_tat",
               "actors.ROK.retaliation.policy=tit_for_tat", ALONE))  # fmt: skip
    assert np.all(arm_values(tft, "final_measures", final_measures, None) > 0)
    forgiving = Arm((*FORGIVING, ALONE))
    escalated = arm_values(forgiving, "total_retaliations", summary_of("total_retaliations"), None)
    reconciled = arm_values(forgiving, "reconciles", event_count("reconcile"), None)
    assert np.mean(reconciled[escalated > 0] > 0) >= 0.9  # where measures went on, they come off


# -- M8: wedge strategies (Crawford 2011) ---------------------------------------------------------
def test_m8_wedge_push_grows_with_friction():
    assert wedge_push(0.02, 3, 0.3) > wedge_push(0.02, 3, 0.7) > 0


def test_m8_chinese_inducement_courts_in_every_run():
    induced = Arm(("actors.CHN.coercion.policy=inducement",))
    assert np.all(arm_values(induced, "inducements", event_count("inducement"), None) > 0)


# -- M9: Chinese economic coercion (THAAD 2017) ---------------------------------------------------
def test_m9_only_a_coerced_ally_loses_gdp():
    loss = mean_of("coercion_loss_rok")
    assert np.all(arm_values(COERCED, "coercion_loss_rok", loss, None) > 0)
    assert np.all(arm_values(SPARED, "coercion_loss_rok", loss, None) == 0)


def test_m9_an_episode_lasts_the_calibrated_duration():
    months = arm_values(COERCED, "coercion_months_rok", summary_of("coercion_months_rok"), None)
    assert np.all(months == 8)  # 7.5 months (thaad_coercion_duration), whole months
    peak = arm_values(
        COERCED, "peak_loss", lambda m: float(max(column(m, "coercion_loss_rok"))), None
    )
    assert np.all(peak == 0.005)  # thaad_loss_rok: 0.5 % of GDP


def test_m9_china_coerces_only_its_targets():
    both = (*COERCED.overrides, "actors.JPN.response.policy=concede")
    months = summary_of("coercion_months_jpn")
    assert np.all(arm_values(Arm(both), "coercion_months_jpn", months, None) == 0)
    everyone = Arm((*both, 'actors.CHN.coercion.targets=["ROK", "JPN"]'))
    assert np.all(arm_values(everyone, "coercion_months_jpn", months, None) == 8)


# -- M10: US mediation ----------------------------------------------------------------------------
def test_m10_without_mediation_gsomia_always_ends_under_the_rule_based_pair():
    # Rule-based parties only lift under mediation (or mutual cooperation, which tit for
    # tat against grim never reaches): alone, every notice runs out.
    alone = Arm((*RULE_BASED_DISPUTE, ALONE))
    ended = arm_values(alone, "gsomia_terminated", summary_of("gsomia_terminated"), None)
    assert np.all(ended == 1)
