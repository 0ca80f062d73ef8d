"""US and ROK engagement on the diplomacy track: stances, DPRK's answer, knockouts, what-if.

The controlled pair (a US that offers relief lowers DPRK launch days against one offering
talks alone) is in tests/mechanism_specs.py (DPRK) and fails under M5's knockout
(tests/test_knockouts.py); the pairs of the strategic ROK's M2 and M3 terms are there too
(ENGAGEMENT, tests/test_mechanisms_engagement.py).
"""

from __future__ import annotations

from mechanism_support import run, scenario

from sim.config import load_scenario
from sim.config.schema import DiplomacySection
from sim.core.diplomacy import DiplomacyTrack
from sim.core.recorder import Recorder
from sim.knockouts import overrides_for


def track(**spec) -> DiplomacyTrack:
    return DiplomacyTrack(DiplomacySection(**spec), "2019-07")


def test_an_offer_of_talks_is_taken_up_by_engaging():
    t, log = track(talks="broken_down", months_since_change=3), Recorder()
    log.begin(1, "2019-07")
    t.take_stance("USA", "talks", 0.0, log)
    assert t.offered and not t.freeze and t.stances == {"USA": "talks"}
    t.after_month(2, 0, True, log)
    assert t.talks == "working_level" and not t.offered and t.since_change(2) == 0
    assert [e.kind for e in log.events] == ["talks_offer", "talks_resumed"]


def test_relief_comes_with_an_offer_and_a_freeze_withdraws_both():
    t, log = track(talks="none"), Recorder()
    log.begin(1, "2019-07")
    t.take_stance("ROK", "relief", 0.25, log)
    t.take_stance("USA", "relief", 0.5, log)
    assert t.relief == 0.5 and t.offered
    t.take_stance("USA", "freeze", 0.0, log)
    assert t.freeze and not t.offered and t.relief == 0.0
    t.take_stance("USA", "freeze", 0.0, log)  # the same stance again: no second event
    assert [e.kind for e in log.events].count("freeze_demand") == 1
    t.take_stance("USA", "", 0.0, log)  # no stance: the track as it was
    assert t.freeze


def test_launches_are_remembered_with_a_three_month_half_life():
    t, log = track(), Recorder()
    log.begin(1, "2019-07")
    t.after_month(1, 4, None, log)
    for step in (2, 3, 4):
        t.after_month(step, 0, None, log)
    assert abs(t.recent - 2.0) < 1e-9


def test_the_default_is_inert_and_the_golden_baseline_has_no_stance():
    model = run(scenario(), 0)
    kinds = {e.kind for e in model.recorder.events}
    assert not kinds & {"talks_offer", "relief_offer", "freeze_demand", "talks_resumed"}


def test_a_strategic_us_moves_the_track_and_dprk_answers():
    model = run(scenario(("actors.USA.engagement.policy=strategic",)), 1)
    kinds = [e.kind for e in model.recorder.events if e.actor == "USA"]
    assert {"talks_offer", "relief_offer", "freeze_demand"} & set(kinds)


def test_knockouts_remove_the_engagement_terms():
    sc = scenario(("actors.USA.engagement.policy=strategic",))
    m5 = overrides_for("M5", sc)
    for weight in ("reciprocity", "opening", "deadline", "threat"):
        assert f"actors.USA.engagement.{weight}=0.0" in m5
    assert "actors.USA.engagement.domestic=0.0" in overrides_for("M2", sc)
    assert "actors.USA.engagement.alliance=0.0" in overrides_for("M3", sc)


def test_the_what_if_runs_with_both_engaging():
    sc = load_scenario("whatif_us_offers_talks")
    assert sc.policies["USA"]["engagement"].name == "strategic"
    assert sc.policies["ROK"]["engagement"].params.relief_size == 0.25
