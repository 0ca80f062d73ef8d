"""Information sets: nothing dated after a cutoff reaches the base for that cutoff."""

from __future__ import annotations

import csv
import hashlib
import re
from pathlib import Path

import pandas as pd
import pytest

from analysis.cutoff import REPLACEMENTS, CutoffError, base_for_cutoff, set_key
from analysis.information import (
    CALIBRATED,
    HAND_SET_DEFAULTS,
    HAND_SET_US_DEMAND,
    INPUTS,
    OTHER_USES,
    SCALE_ONLY,
    STRATEGIC_CALIBRATED,
    leaks,
    load_data,
    lookup,
    month_of,
    policy_default,
)
from sim.config import validate_scenario
from sim.config.load import read_scenario_table
from sim.resources import data_dir
from sim.runner import run_once

DATA = data_dir()
ROOT = Path(__file__).resolve().parent.parent
BASELINE = read_scenario_table(ROOT / "configs" / "baseline_2019.toml")
REPLAY = read_scenario_table(ROOT / "configs" / "replay_2019_only.toml")


def test_every_data_row_has_a_known_date():
    with open(DATA / "calibration_2019.csv", newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    pattern = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")
    assert rows and all(pattern.match(row["known"]) for row in rows)
    # a value is never known before the period it describes begins
    assert all(month_of(row["known"]) >= row["date"][:4] for row in rows)


def test_imprecise_dates_count_as_their_last_month():
    assert month_of("2020") == "2020-12"
    assert month_of("2019-11-06") == "2019-11"


def test_the_2019_base_has_no_input_known_after_2019():
    assert leaks(REPLAY, "2019-12", BASELINE) == []


def test_the_baseline_leaks_what_the_issue_names():
    keys = {leak.key for leak in leaks(BASELINE, "2019-12", BASELINE)}
    named = {"actors.USA.demand.floor", "actors.ROK.win_set_increase",
             "actors.ROK.abandonment_fear", "timeline.5", "timeline.6"}  # fmt: skip
    assert named <= keys


IN_2019_BASE = [i for i in INPUTS if lookup(REPLAY, i.key) is not None]


@pytest.mark.parametrize("item", IN_2019_BASE, ids=[i.key for i in IN_2019_BASE])
def test_a_late_input_put_into_the_2019_base_is_caught(item):
    values, known = load_data()
    table = base_for_cutoff(BASELINE, "2019-12")
    set_key(table, item.key, item.derive(values))
    late = max(known[s] for s in item.sources) > "2019-12"
    caught = item.key in {leak.key for leak in leaks(table, "2019-12", BASELINE, tolerate=False)}
    assert caught == late


def test_a_late_shock_is_caught():
    table = base_for_cutoff(BASELINE, "2019-12")
    index = len(table["timeline"])
    table["timeline"].append({"month": "2020-01", "kind": "troop_threat", "actor": "USA",
                              "target": "ROK", "magnitude": 0.1})  # fmt: skip
    assert [leak.key for leak in leaks(table, "2019-12", BASELINE)] == [f"timeline.{index}"]


def test_a_late_exercise_scale_is_caught_and_replaced_by_the_last_known():
    keys = {leak.key for leak in leaks(BASELINE, "2019-12", BASELINE)}
    late = next(i for i, s in enumerate(BASELINE["timeline"])
                if s["kind"] == "exercise" and s.get("magnitude") == 0.0)  # fmt: skip
    assert f"timeline.{late}.magnitude" in keys and "actors.PRK.provocation" in keys
    base = base_for_cutoff(BASELINE, "2019-12")
    scales = {s["month"]: s["magnitude"] for s in base["timeline"] if s["kind"] == "exercise"}
    assert scales[BASELINE["timeline"][late]["month"]] == 0.5  # as 2019-08
    assert base["actors"]["PRK"]["provocation"]["policy"] == "signalling"


def test_the_config_file_is_the_generated_base():
    generated = base_for_cutoff(BASELINE, "2019-12")
    written = dict(REPLAY)
    generated.pop("scenario")
    written.pop("scenario")
    assert written == generated


def test_earlier_cutoffs_need_a_recalibration():
    with pytest.raises(CutoffError, match="no replacement"):
        base_for_cutoff(BASELINE, "2019-09")


def test_replacements_name_their_reason_and_polls_their_question():
    assert all(r.reason for r in REPLACEMENTS)
    assert all(i.note for i in INPUTS if any(s.startswith("poll_") for s in i.sources))


def _scored_events_signature(table: dict) -> str:
    """A digest of everything the replay scores (facts, intervals, launches, occurrence)."""
    from analysis.history import load_record
    from analysis.replay import score

    scenario = validate_scenario(table, "test")
    events, steps = [], []
    for replicate in range(12):
        result = run_once(scenario, replicate)
        events.append(pd.DataFrame(result.events).assign(run_id=str(replicate)))
        steps.append(pd.DataFrame(result.steps).assign(run_id=str(replicate)))
    scored = score(pd.concat(events), pd.concat(steps), load_record())
    digest = hashlib.sha256()
    for part in (scored.facts, scored.intervals, scored.launches, scored.occurrence):
        digest.update(part.to_csv().encode())
    return digest.hexdigest()


def test_scale_only_inputs_do_not_move_any_event():
    """The reason SCALE_ONLY inputs are tolerated in a 2019 base."""
    table = base_for_cutoff(BASELINE, "2019-12")
    before = _scored_events_signature(table)
    for key in SCALE_ONLY:
        value = lookup(table, key)
        set_key(table, key, type(value)(value * 0.95))
    assert _scored_events_signature(table) == before


def test_base_command_writes_a_valid_base_and_rejects_bad_months(tmp_path, capsys):
    from analysis.cli import main

    out = tmp_path / "base.toml"
    scenario = str(ROOT / "configs" / "baseline_2019.toml")
    assert main(["base", scenario, "--until", "2019-12", "--out", str(out)]) == 0
    assert "timeline.6" in capsys.readouterr().out
    written = read_scenario_table(out)
    assert leaks(written, "2019-12", BASELINE) == []
    assert main(["base", scenario, "--until", "2019-13"]) == 2
    assert main(["base", scenario, "--until", "2019-07", "--out", str(tmp_path / "x")]) == 2
    assert not (tmp_path / "x").exists()


def test_every_data_key_the_baseline_names_is_accounted_for():
    """A data key cited in the baseline is an input, another use, or a shock's note."""
    _, known = load_data()
    text = (ROOT / "configs" / "baseline_2019.toml").read_text(encoding="utf-8")
    named = {k for k in known if re.search(rf"\b{k}\b", text)}
    notes = " ".join(s.get("note", "") for s in BASELINE["timeline"])
    accounted = {s for i in INPUTS for s in i.sources} | set(OTHER_USES)
    assert named - accounted == {k for k in named - accounted if k in notes}
    assert named - accounted  # the furlough and the 2021 agreement are cited by notes


def test_a_shock_citing_a_late_source_is_caught_even_when_dated_early():
    table = base_for_cutoff(BASELINE, "2019-12")
    table["timeline"][0] = {**table["timeline"][0], "note": "see us_revised_demand_rok"}
    assert [leak.key for leak in leaks(table, "2019-12", BASELINE)] == ["timeline.0"]


HAND_KEYS = sorted(HAND_SET_DEFAULTS)


@pytest.mark.parametrize("key", HAND_KEYS)
def test_a_hand_set_strategic_default_reaching_the_2019_base_is_caught(key):
    """A weight whose default was set by hand against the record after 2019 leaks if the
    2019-12 base leaves it unset or puts the default back (it must take its calibration)."""
    table = base_for_cutoff(BASELINE, "2019-12")
    assert key not in {leak.key for leak in leaks(table, "2019-12", BASELINE)}
    *parents, last = key.split(".")
    lookup(table, ".".join(parents)).pop(last)
    assert key in {leak.key for leak in leaks(table, "2019-12", BASELINE)}
    set_key(table, key, policy_default(table, key))
    assert key in {leak.key for leak in leaks(table, "2019-12", BASELINE)}


def test_the_strategic_weights_are_the_posterior_medians_of_the_2019_calibration():
    posterior = pd.read_csv(ROOT / "calibration" / "strategic" / "posterior.csv")
    medians = dict(zip(posterior["parameter"], posterior["posterior median"], strict=True))
    assert set(medians) == set(STRATEGIC_CALIBRATED) == set(HAND_SET_DEFAULTS)
    assert set(STRATEGIC_CALIBRATED) <= set(CALIBRATED)
    for key, median in medians.items():
        assert lookup(BASELINE, key) == pytest.approx(median, abs=0.006), key
        assert lookup(REPLAY, key) == lookup(BASELINE, key), key


US_DEMAND_KEYS = sorted(HAND_SET_US_DEMAND)


@pytest.mark.parametrize("key", US_DEMAND_KEYS)
def test_a_hand_set_us_demand_weight_reaching_the_2019_base_is_caught(key):
    """The strategic US's weights were set toward the 2021-03 agreement: any one of them at
    its hand value in a base for 2019-12 is a leak (none is tolerated), and the base for
    2021-03 may keep them."""
    table = base_for_cutoff(BASELINE, "2019-12")
    assert table["actors"]["USA"]["demand"]["policy"] == "transactional"
    strategic = {**BASELINE["actors"]["USA"]["demand"], "markdown": 0.0, "floor": 1.0}
    for other in US_DEMAND_KEYS:  # every other weight off its hand value
        name = other.rsplit(".", 1)[1]
        strategic[name] = strategic[name] + (0.0 if other == key else 0.25)
    table["actors"]["USA"]["demand"] = strategic
    assert [leak.key for leak in leaks(table, "2019-12", BASELINE)] == [key]
    assert [leak.key for leak in leaks(table, "2021-03", BASELINE)] == []


def test_the_2019_base_replaces_the_strategic_us_and_prints_nothing_tolerated(capsys):
    from analysis.cli import main

    keys = {leak.key for leak in leaks(BASELINE, "2019-12", BASELINE)}
    assert set(HAND_SET_US_DEMAND) <= keys
    assert not set(HAND_SET_US_DEMAND) & {leak.key for leak in leaks(BASELINE, "2021-03", BASELINE)}
    assert base_for_cutoff(BASELINE, "2021-03")["actors"]["USA"]["demand"]["policy"] == "strategic"
    assert REPLAY["actors"]["USA"]["demand"]["policy"] == "transactional"
    assert main(["base", "configs/replay_2019_only.toml", "--until", "2019-12"]) == 0
    out = capsys.readouterr().out
    assert "nothing known only after 2019-12" in out and "tolerated:" not in out
