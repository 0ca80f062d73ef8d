"""GSOMIA notice-period rules and the escalation ladder, on scripted disputes."""

from __future__ import annotations

import pytest
from mechanism_support import column, run, scenario

# Both sides escalate every month from 2019-07 (grim), no mediator, no public boycott.
HAWKS = [
    "actors.JPN.retaliation.policy=grim",
    "actors.ROK.retaliation.policy=grim",
    "actors.ROK.retaliation.linkage=true",
    "actors.USA.mediation.policy=none",
    "disputes.history.boycott_probability=0.0",
]


def events_of(model, kind):
    return [e for e in model.recorder.events if e.kind == kind]


def test_ladders_are_climbed_in_order_one_rung_per_defection():
    model = run(scenario(HAWKS), 0)
    steps = {e.kind: e.step for e in model.recorder.events if e.item == "history"}
    # The rulings count as Korea's defection in 2019-06: Japan answers in 2019-07 (step 1),
    # Korea answers Japan's first step in 2019-08 and climbs one rung a month after.
    assert steps == {
        "export_controls": 1,
        "whitelist_removal": 2,
        "counter_delisting": 2,
        "gsomia_notice": 3,
        "wto_complaint": 4,
    }
    assert list(column(model, "measures_jpn")[:5]) == [1, 2, 2, 2, 2]
    assert list(column(model, "measures_rok")[:5]) == [0, 1, 2, 3, 3]


@pytest.mark.parametrize("months", [1, 3, 6])
def test_notice_terminates_after_its_period_unless_suspended(months):
    model = run(scenario([*HAWKS, f"institutions.gsomia_notice_months={months}"]), 0)
    notice = events_of(model, "gsomia_notice")[0][0]
    (end,) = events_of(model, "gsomia_terminate")
    assert end[0] == notice + months
    pending = column(model, "gsomia_notice_pending")
    active = column(model, "gsomia_active")
    assert all(pending[notice - 1 : notice - 1 + months])
    assert not any(pending[notice - 1 + months :])
    assert not any(active[notice - 1 :])
    assert model.summary()["gsomia_terminated"]


def test_a_suspension_keeps_the_pact_and_the_notice_is_not_sent_again():
    model = run(
        scenario(
            [
                *HAWKS[:-2],
                "actors.USA.mediation.policy=at_deadline",
                "actors.USA.mediation.strength=1.0",
                "disputes.history.boycott_probability=0.0",
            ]
        ),
        0,
    )
    assert len(events_of(model, "gsomia_notice")) == 1
    assert len(events_of(model, "gsomia_suspend")) == 1
    assert events_of(model, "gsomia_terminate") == []
    assert column(model, "gsomia_active")[-1]
    assert not model.summary()["gsomia_terminated"]


def test_without_linkage_korea_skips_the_security_rung():
    model = run(scenario([*HAWKS[:2], "actors.ROK.retaliation.linkage=false", *HAWKS[3:]]), 0)
    kinds = [e.kind for e in model.recorder.events if e.item == "history"]
    assert "gsomia_notice" not in kinds
    assert {"counter_delisting", "wto_complaint"} <= set(kinds)
    assert all(column(model, "gsomia_active"))


def test_mutual_cooperation_lifts_measures_most_recent_first():
    # Tit for tat on both sides, a mediator forcing cooperation in the notice months.
    model = run(
        scenario(
            [
                "actors.JPN.retaliation.policy=tit_for_tat",
                "actors.USA.mediation.policy=early",
                "actors.USA.mediation.strength=1.0",
                "disputes.history.boycott_probability=0.0",
            ]
        ),
        0,
    )
    lifts = [e for e in model.recorder.events if e.kind in ("reconcile", "gsomia_suspend")]
    assert lifts, "a mediated dispute de-escalates"
    assert column(model, "measures_jpn")[-1] + column(model, "measures_rok")[-1] == 0


def test_the_dispute_starts_only_with_its_shock():
    def no_trigger(table):
        table["timeline"] = [s for s in table["timeline"] if s["kind"] != "dispute"]

    model = run(scenario(HAWKS, edit=no_trigger), 0)
    assert not model.world.disputes[0].started
    assert sum(column(model, "retaliations")) == 0


def test_any_pair_of_actors_can_have_a_dispute():
    def trade_war(table):
        table["disputes"]["trade_war"] = {
            "parties": ["USA", "CHN"],
            "ladder": {"USA": ["tariffs", "sanctions"], "CHN": ["tariffs"]},
        }
        table["actors"]["USA"]["retaliation"] = {"policy": "tit_for_tat"}
        table["actors"]["CHN"]["retaliation"] = {"policy": "grim"}
        table["timeline"].append(
            {"month": "2019-09", "kind": "dispute", "actor": "CHN", "target": "USA"}
        )

    model = run(scenario(edit=trade_war), 0)
    steps = [(e.step, e.actor, e.kind) for e in model.recorder.events if e.item == "trade_war"]
    # CHN's "offence" counts in 2019-08; US tit for tat answers in 2019-09 (step 3), China
    # (grim) answers the US in 2019-10 and holds; the US echoes with its second rung.
    assert steps[:3] == [(3, "USA", "tariffs"), (4, "CHN", "tariffs"), (5, "USA", "sanctions")]
    assert model.world.disputes.measures_in_force("USA", "CHN") == 2
    assert model.world.disputes.measures_in_force("CHN", "USA") == 1
    assert "gsomia_notice" not in {e.kind for e in model.recorder.events if e.item == "trade_war"}
