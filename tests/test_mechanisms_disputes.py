"""Mechanisms M6 to M10: controlled pairs of runs over 40 seeds, direction of each effect."""

from __future__ import annotations

import numpy as np
from mechanism_support import column, event_count, mean_of, per_seed, scenario

from sim.core.mechanisms import wedge_push


def final(name: str):
    return lambda model: float(column(model, name)[-1])


def summary_of(key: str):
    return lambda model: float(model.summary()[key] or 0)


CALM_US = ["actors.USA.demand.threats=false"]  # fears stay at their scenario values


# -- M6: quasi-alliance (Cha 1999) ----------------------------------------------------------------
def test_m6_shared_abandonment_fear_draws_rok_and_japan_together():
    shared = ["actors.ROK.abandonment_fear=0.5", "actors.JPN.abandonment_fear=0.5"]
    lopsided = ["actors.ROK.abandonment_fear=0.5", "actors.JPN.abandonment_fear=0.05"]
    together = per_seed(scenario([*CALM_US, *shared]), mean_of("affinity_rok_jpn"))
    apart = per_seed(scenario([*CALM_US, *lopsided]), mean_of("affinity_rok_jpn"))
    assert together.mean() > apart.mean()
    assert np.mean(together > apart) >= 0.9


def test_m6_a_firm_looking_us_lets_friction_grow():
    firm = ["actors.ROK.abandonment_fear=0.02", "actors.JPN.abandonment_fear=0.02"]
    shaky = ["actors.ROK.abandonment_fear=0.5", "actors.JPN.abandonment_fear=0.5"]
    frictions = per_seed(scenario([*CALM_US, *firm]), mean_of("cohesion_rok_jpn"))
    rallied = per_seed(scenario([*CALM_US, *shaky]), mean_of("cohesion_rok_jpn"))
    assert frictions.mean() < rallied.mean()


def test_m6_strength_zero_switches_it_off():
    shaky = ["actors.ROK.abandonment_fear=0.5", "actors.JPN.abandonment_fear=0.5"]
    on = per_seed(scenario([*CALM_US, *shaky]), mean_of("affinity_rok_jpn"))
    off = per_seed(
        scenario([*CALM_US, *shaky, "mechanisms.quasi_alliance_strength=0"]),
        mean_of("affinity_rok_jpn"),
    )
    assert on.mean() > off.mean()


# -- M7: retaliation (Axelrod 1984) ---------------------------------------------------------------
def test_m7_retaliation_policies_escalate_where_none_damps():
    retaliating = per_seed(scenario(), summary_of("total_retaliations"))
    passive = per_seed(
        scenario(["actors.JPN.retaliation.policy=none", "actors.ROK.retaliation.policy=none"]),
        summary_of("total_retaliations"),
    )
    assert np.all(retaliating > passive)
    assert np.all(passive == 0)


def test_m7_linkage_is_an_rok_choice():
    linked = per_seed(scenario(), event_count("gsomia_notice"))
    unlinked = per_seed(
        scenario(["actors.ROK.retaliation.linkage=false"]), event_count("gsomia_notice")
    )
    assert np.all(linked == 1)
    assert np.all(unlinked == 0)


def test_m7_forgiveness_ends_spirals():
    tft = ["actors.JPN.retaliation.policy=tit_for_tat", "actors.ROK.retaliation.policy=tit_for_tat"]
    forgiving = [
        "actors.JPN.retaliation.policy=generous_tit_for_tat",
        "actors.JPN.retaliation.forgiveness=0.5",
        "actors.ROK.retaliation.policy=generous_tit_for_tat",
        "actors.ROK.retaliation.forgiveness=0.5",
        "actors.ROK.retaliation.linkage=true",
    ]
    alone = "actors.USA.mediation.policy=none"  # no mediator to break the spiral for them

    def measures(model) -> float:
        return float(column(model, "measures_jpn")[-1] + column(model, "measures_rok")[-1])

    spiral = per_seed(scenario([*tft, alone]), measures)
    settled = per_seed(scenario([*forgiving, alone]), measures)
    assert np.all(spiral > 0)  # tit for tat echoes the first defection for ever
    assert np.mean(settled < spiral) >= 0.9
    escalated = per_seed(scenario([*forgiving, alone]), summary_of("total_retaliations")) > 0
    reconciled = per_seed(scenario([*forgiving, alone]), event_count("reconcile")) > 0
    assert np.mean(reconciled[escalated]) >= 0.9  # where measures went on, they come off


# -- M8: wedge strategies (Crawford 2011) ---------------------------------------------------------
WEDGE = ["actors.PRK.provocation.policy=wedge"]
POISSON = ["actors.PRK.provocation.policy=poisson", "actors.PRK.provocation.rate=1.0"]


def test_m8_a_wedge_drives_the_weakest_dyad_apart():
    wedged = per_seed(scenario(WEDGE), mean_of("affinity_rok_jpn"))
    blunt = per_seed(scenario(POISSON), mean_of("affinity_rok_jpn"))
    assert wedged.mean() < blunt.mean()
    assert np.mean(wedged < blunt) >= 0.9


def test_m8_a_wedge_bites_harder_where_there_is_friction():
    assert wedge_push(0.02, 3, 0.3) > wedge_push(0.02, 3, 0.7) > 0
    no_dispute = ["actors.JPN.retaliation.policy=none", "actors.ROK.retaliation.policy=none"]

    def push_per_launch(model) -> float:
        pushes = sum(e.magnitude for e in model.recorder.events if e.kind == "wedge")
        return pushes / max(1, model.summary()["total_provocations"])

    with_friction = per_seed(scenario(WEDGE), push_per_launch)
    without = per_seed(scenario([*no_dispute, *WEDGE]), push_per_launch)
    assert with_friction.mean() > without.mean() > 0


def test_m8_a_wedge_provokes_more_when_cohesion_is_low():
    divided = per_seed(scenario(WEDGE), summary_of("total_provocations"))
    united = per_seed(
        scenario(
            [
                *WEDGE,
                "actors.JPN.retaliation.policy=none",
                "actors.ROK.retaliation.policy=none",
                "actors.USA.demand.policy=cooperative",
            ]
        ),
        summary_of("total_provocations"),
    )
    assert divided.mean() > united.mean()


def test_m8_chinese_inducement_pulls_the_weakest_ally_away():
    induced = scenario(["actors.CHN.coercion.policy=inducement"])
    idle = scenario(["actors.CHN.coercion.policy=none"])
    assert (
        per_seed(induced, mean_of("affinity_rok_chn")).mean()
        > per_seed(idle, mean_of("affinity_rok_chn")).mean()
    )
    assert np.all(per_seed(induced, event_count("inducement")) > 0)


# -- M9: Chinese economic coercion (THAAD 2017) ---------------------------------------------------
ACCEPTS = ["actors.ROK.response.policy=concede"]  # Seoul accepts the missiles in 2019-08


def test_m9_coercion_cuts_trade_and_support_and_raises_entrapment_fear():
    coerced = scenario([*ACCEPTS, "actors.CHN.coercion.policy=thaad"])
    spared = scenario([*ACCEPTS, "actors.CHN.coercion.policy=none"])
    for name, direction in (
        ("domestic_support_rok", -1),
        ("entrapment_fear_rok", 1),
        ("affinity_rok_chn", -1),
    ):
        hit = per_seed(coerced, mean_of(name))
        free = per_seed(spared, mean_of(name))
        assert np.all(np.sign(hit - free) == direction), name
    assert np.all(per_seed(coerced, mean_of("coercion_loss_rok")) > 0)
    assert np.all(per_seed(spared, mean_of("coercion_loss_rok")) == 0)


def test_m9_an_episode_lasts_the_calibrated_duration():
    coerced = scenario([*ACCEPTS, "actors.CHN.coercion.policy=thaad"])
    months = per_seed(coerced, summary_of("coercion_months_rok"))
    assert np.all(months == 8)  # 7.5 months (thaad_coercion_duration), whole months
    loss = per_seed(coerced, lambda m: float(max(column(m, "coercion_loss_rok"))))
    assert np.all(loss == 0.005)  # thaad_loss_rok: 0.5 % of GDP


def test_m9_china_coerces_only_its_targets():
    both_accept = [*ACCEPTS, "actors.JPN.response.policy=concede"]
    rok_only = per_seed(scenario(both_accept), summary_of("coercion_months_jpn"))
    everyone = per_seed(
        scenario([*both_accept, 'actors.CHN.coercion.targets=["ROK", "JPN"]']),
        summary_of("coercion_months_jpn"),
    )
    assert np.all(rok_only == 0)
    assert np.all(everyone == 8)


# -- M10: US mediation ----------------------------------------------------------------------------
def test_m10_mediation_saves_gsomia_more_often():
    mediated = per_seed(scenario(), summary_of("gsomia_terminated"))
    alone = per_seed(
        scenario(["actors.USA.mediation.policy=none"]), summary_of("gsomia_terminated")
    )
    assert np.all(alone == 1)
    assert mediated.mean() < 0.5


def test_m10_mediation_works_in_proportion_to_us_affinity_with_both():
    trusted = per_seed(scenario(), summary_of("gsomia_terminated"))
    distrusted = per_seed(
        scenario(["relations.affinity.USA.ROK=0.1", "relations.affinity.ROK.USA=0.1"]),
        summary_of("gsomia_terminated"),
    )
    assert trusted.mean() < distrusted.mean()


def test_m10_early_mediation_de_escalates_sooner():
    early = per_seed(scenario(["actors.USA.mediation.policy=early"]), mean_of("measures_jpn"))
    late = per_seed(scenario(), mean_of("measures_jpn"))
    assert early.mean() < late.mean()
