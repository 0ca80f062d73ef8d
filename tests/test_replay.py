"""Replay scoring on constructed event tables with known answers."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from analysis.history import load_record
from analysis.replay import score

RECORD = load_record()
MONTHS = (
    [f"2019-{m:02d}" for m in range(7, 13)]
    + [f"2020-{m:02d}" for m in range(1, 13)]
    + [f"2021-{m:02d}" for m in range(1, 7)]
)


def steps_for(run_id: str, launches: dict[str, int] | None = None, measures: int = 2) -> list[dict]:
    launches = launches or {}
    return [
        {"run_id": run_id, "step": i + 1, "date": m, "provocations": launches.get(m, 0),
         "measures_jpn": measures, "measures_rok": 0}
        for i, m in enumerate(MONTHS)
    ]  # fmt: skip


def ev(run_id, date, actor, kind, target="", item=""):
    return {"run_id": run_id, "step": MONTHS.index(date) + 1, "date": date, "actor": actor,
            "kind": kind, "target": target, "magnitude": 1.0, "item": item}  # fmt: skip


def history_like(run_id: str) -> list[dict]:
    """A run that follows 2019 month by month (as far as a monthly model can)."""
    return [
        ev(run_id, "2019-07", "JPN", "export_controls", "ROK", "history"),
        ev(run_id, "2019-07", "ROK", "boycott", "JPN", "history"),
        ev(run_id, "2019-08", "JPN", "whitelist_removal", "ROK", "history"),
        ev(run_id, "2019-08", "ROK", "counter_delisting", "JPN", "history"),
        ev(run_id, "2019-08", "ROK", "gsomia_notice", "JPN", "history"),
        ev(run_id, "2019-08", "CHN", "coercion_warning", "ROK"),
        ev(run_id, "2019-09", "USA", "demand", "ROK", "sma_rok"),
        ev(run_id, "2019-09", "ROK", "wto_complaint", "JPN", "history"),
        ev(run_id, "2019-11", "USA", "mediation", "ROK", "history"),
        ev(run_id, "2019-11", "ROK", "gsomia_suspend", "JPN", "gsomia_notice"),
        ev(run_id, "2019-12", "USA", "lapse", "ROK", "sma_rok"),
        ev(run_id, "2019-12", "JPN", "coalition_independent", "USA", "hormuz_jpn"),
        ev(run_id, "2020-01", "ROK", "coalition_independent", "USA", "hormuz_rok"),
        ev(run_id, "2021-03", "USA", "agreement", "ROK", "sma_rok"),
    ]


def deviant(run_id: str) -> list[dict]:
    """A run that gets 2019 wrong: GSOMIA ends, Seoul joins the coalition and takes missiles."""
    return [
        ev(run_id, "2019-07", "JPN", "export_controls", "ROK", "history"),
        ev(run_id, "2019-12", "ROK", "gsomia_notice", "JPN", "history"),
        ev(run_id, "2020-03", "ROK", "gsomia_terminate", "JPN"),
        ev(run_id, "2019-08", "ROK", "coalition_join", "USA", "hormuz_rok"),
        ev(run_id, "2019-09", "ROK", "deployment_accept", "USA", "missiles_rok"),
        ev(run_id, "2019-10", "CHN", "coercion", "ROK"),
    ]


def tables(*runs):
    events = pd.DataFrame([e for builder, rid in runs for e in builder(rid)])
    steps = pd.DataFrame([s for _, rid in runs for s in steps_for(rid, RECORD_LAUNCHES)])
    return events, steps


RECORD_LAUNCHES = dict(RECORD.launch_days)


def test_the_record_comes_from_the_data_files():
    assert RECORD.months["export_controls"] == "2019-07"
    assert RECORD.months["gsomia_notice"] == "2019-08"
    assert RECORD.months["gsomia_suspend"] == "2019-11"
    assert RECORD.months["sma_first_round"] == "2019-09"
    assert RECORD.months["sma_agreed"] == "2021-03"
    assert sum(RECORD.launch_days.values()) == 14


def test_a_history_like_run_shows_every_fact_and_scores_perfectly():
    result = score(*tables((history_like, "a")), RECORD)
    assert result.fact_shares().to_dict() == dict.fromkeys(result.facts.columns, 1.0)
    assert result.intervals.loc["a"].tolist() == [0.0, 0.0, 0.0]
    assert result.launches.loc["a"] == 0.0
    assert result.brier == 0.0
    assert result.timing_distance == 0.0


def test_a_deviant_run_fails_the_facts_it_contradicts():
    result = score(*tables((deviant, "b")), RECORD)
    facts = result.facts.loc["b"]
    assert not facts["3 GSOMIA suspended under US pressure"]
    assert not facts["5 independent Hormuz dispatches"]
    assert not facts["6 no missiles hosted"]
    assert not facts["1 trade crossed to security"]  # notice five months after controls
    assert result.intervals.loc["b", "export controls to GSOMIA notice"] == 5 - 1
    assert math.isnan(result.intervals.loc["b", "GSOMIA notice to suspension"])


def test_shares_and_brier_over_a_mix_of_runs():
    result = score(
        *tables((history_like, "a"), (deviant, "b"), (history_like, "c"), (deviant, "d")), RECORD
    )
    shares = result.fact_shares()
    assert shares["6 no missiles hosted"] == 0.5
    occurrence = result.occurrence.set_index("event")
    assert occurrence.loc["gsomia_terminate", "share of runs"] == 0.5
    assert occurrence.loc["export_controls", "share of runs"] == 1.0
    # by hand: shares of the ten scored events against what happened
    expected = {"export_controls": 1.0, "gsomia_notice": 1.0, "gsomia_suspend": 0.5,
                "sma_agreed": 0.5, "coalition_independent_rok": 0.5,
                "coalition_independent_jpn": 0.5, "gsomia_terminate": 0.5,
                "coalition_join": 0.5, "deployment_accept": 0.5, "coercion": 0.5}  # fmt: skip
    happened = {k: 1 for k in list(expected)[:6]} | {k: 0 for k in list(expected)[6:]}
    brier = sum((expected[k] - happened[k]) ** 2 for k in expected) / len(expected)
    assert result.brier == pytest.approx(brier)


def test_counter_steps_need_a_korean_answer_within_two_months():
    late = [
        e
        for e in history_like("a")
        if e["kind"] not in ("boycott", "counter_delisting", "wto_complaint")
    ]
    late.append(ev("a", "2019-12", "ROK", "counter_delisting", "JPN", "history"))
    events = pd.DataFrame(late)
    steps = pd.DataFrame(steps_for("a", RECORD_LAUNCHES))
    assert not score(events, steps, RECORD).facts.loc["a", "2 counter-step within 69 days"]


def test_a_japanese_concession_before_the_suspension_breaks_fact_3():
    events = pd.DataFrame(
        [*history_like("a"), ev("a", "2019-10", "JPN", "reconcile", "ROK", "export_controls")]
    )
    steps = pd.DataFrame(steps_for("a", RECORD_LAUNCHES))
    assert not score(events, steps, RECORD).facts.loc["a", "3 GSOMIA suspended under US pressure"]


def test_launch_error_is_the_mean_absolute_monthly_difference():
    events = pd.DataFrame(history_like("a"))
    quiet = pd.DataFrame(steps_for("a", {}))  # no launches at all
    expected = sum(RECORD.launch_days[m] for m in MONTHS[:6]) / 6  # 2019-07..12 overlap
    assert score(events, quiet, RECORD).launches.loc["a"] == pytest.approx(expected)
