"""Every sourced number of the baseline equals (a stated transform of) the shared data."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from mechanism_support import baseline_table

from sim.core.mechanisms import voluntary_contribution

DATA = Path(__file__).resolve().parent.parent / "configs" / "data"
KRW_PER_USD = 1166.0  # assumed in the baseline (no rate in the shared data)


def _csv(name: str, key: str) -> dict[str, dict[str, str]]:
    with open(DATA / name, newline="", encoding="utf-8") as handle:
        return {row[key]: row for row in csv.DictReader(handle)}


CAL = {k: row["value"] for k, row in _csv("calibration_2019.csv", "key").items()}


def value(table: dict, dotted: str):
    node = table
    for part in dotted.split("."):
        node = node[part]
    return node


def num(key: str) -> float:
    return float(CAL[key])


SOURCED = [
    ("actors.USA.gdp", num("gdp_usa")),
    ("actors.ROK.gdp", num("gdp_rok")),
    ("actors.JPN.gdp", num("gdp_jpn")),
    ("actors.CHN.gdp", num("gdp_chn")),
    ("actors.PRK.gdp", num("gdp_prk")),
    ("actors.USA.milex", num("milex_usa")),
    ("actors.ROK.milex", num("milex_rok")),
    ("actors.JPN.milex", num("milex_jpn")),
    ("actors.CHN.milex", num("milex_chn")),
    ("actors.PRK.milex", num("milex_prk")),
    ("actors.ROK.us_troops_hosted", num("us_troops_rok")),
    ("actors.JPN.us_troops_hosted", num("us_troops_jpn")),
    ("actors.ROK.domestic_support", 1 - num("poll_rok_oppose_meeting_us_demand") / 100),
    ("actors.ROK.abandonment_fear", 1 - num("poll_rok_confident_us_commitment") / 100),
    ("actors.ROK.win_set_increase", num("rok_offer_rejected_increase") / 100),
    ("relations.affinity.ROK.USA", 2 * num("poll_rok_support_alliance") / 100 - 1),
    ("agenda.sma_rok.ask", num("us_initial_demand_rok")),
    ("agenda.sma_rok.status_quo", num("sma10_rok_payment") * 1000 / KRW_PER_USD),
    ("agenda.hns_jpn.ask", num("us_request_japan_hns")),
    ("agenda.hns_jpn.status_quo", num("japan_hns_actual_usd")),
    ("actors.USA.demand.floor", num("us_revised_demand_rok") / num("us_initial_demand_rok")),
    # 5 bn in 2019-09 to 4 bn in 2020-03: a fifth of the ask in two lowering steps
    (
        "actors.USA.demand.markdown",
        (1 - num("us_revised_demand_rok") / num("us_initial_demand_rok")) / 2,
    ),
    ("actors.ROK.response.mission_stake", num("rok_crude_via_hormuz") / 100),
]


@pytest.mark.parametrize(("key", "expected"), SOURCED, ids=[k for k, _ in SOURCED])
def test_sourced_value(key, expected):
    assert value(baseline_table(), key) == pytest.approx(expected, abs=1e-3)


def test_sma_dates_match_the_timeline():
    agenda = baseline_table()["agenda"]["sma_rok"]
    assert CAL["sma11_first_round"].startswith(agenda["opens"])


@pytest.mark.parametrize("ally", ["ROK", "JPN"])
def test_free_riding_elasticity_makes_2019_an_equilibrium(ally):
    table = baseline_table()
    actor, usa = table["actors"][ally], table["actors"]["USA"]
    target = voluntary_contribution(
        actor["gdp"], usa["gdp"], usa["milex"], actor["free_riding_elasticity"]
    )
    assert target == pytest.approx(actor["milex"], rel=1e-3)


def test_data_files_keep_their_source_column():
    for path in DATA.glob("*.csv"):
        with open(path, newline="", encoding="utf-8") as handle:
            rows = list(csv.DictReader(handle))
        assert rows and all(row["source"].strip() for row in rows), path.name


# -- the US-DPRK diplomacy track (diplomacy_2018_2023.csv) ----------------------------------
CONFIGS = DATA.parent
DIPLOMACY_KINDS = {
    "summit": ("summit",),
    "talks_breakdown": ("talks_breakdown",),
    "border_closure": ("border_closed", "border_reopened"),
    "defence_plan": ("defence_plan",),
    "exercise": ("exercise", "exercise_suspended", "exercise_scaled_down"),
}


def _diplomacy_rows() -> list[dict[str, str]]:
    with open(DATA / "diplomacy_2018_2023.csv", newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def _scale_of(row: dict[str, str]) -> float:
    """An exercise row's scale: suspended 0, scaled down 0.5, full field training 1."""
    if row["kind"] == "exercise_suspended":
        return 0.0
    if row["kind"] == "exercise_scaled_down" or "scaled down" in row["detail"]:
        return 0.5
    return 1.0


def _months_apart(a: str, b: str) -> int:
    return (int(a[:4]) * 12 + int(a[5:7])) - (int(b[:4]) * 12 + int(b[5:7]))


@pytest.mark.parametrize("name", ["dprk_2019_2022.toml", "whatif_exercises_suspended.toml"])
def test_recorded_diplomacy_shocks_match_the_data(name):
    import tomllib

    with open(CONFIGS / name, "rb") as handle:
        timeline = tomllib.load(handle)["timeline"]
    rows = _diplomacy_rows()
    checked = 0
    for shock in timeline:
        kinds = DIPLOMACY_KINDS.get(shock["kind"])
        if kinds is None or shock.get("note", "").startswith(("assumed", "what-if")):
            continue
        matches = [
            r
            for r in rows
            if r["kind"] in kinds and 0 <= _months_apart(shock["month"], r["date"]) <= 1
        ]
        assert matches, f"{name}: {shock['month']} {shock['kind']} is not in the data"
        if shock["kind"] == "exercise":
            assert any(_scale_of(r) == shock.get("magnitude", 1.0) for r in matches), shock
        checked += 1
    assert checked >= 3 if name.startswith("dprk") else True


def test_the_diplomacy_track_starts_from_panmunjom_with_the_2019_deadline():
    import tomllib

    with open(CONFIGS / "dprk_2019_2022.toml", "rb") as handle:
        table = tomllib.load(handle)
    track = {**baseline_table().get("diplomacy", {}), **table.get("diplomacy", {})}
    rows = _diplomacy_rows()
    summit = max(r["date"] for r in rows if r["kind"] == "summit" and r["date"] < "2019-07")
    assert summit == "2019-06-30" and track["talks"] == "summit"
    assert track["months_since_change"] == _months_apart("2019-07", summit)
    deadline = next(r for r in rows if r["kind"] == "deadline")
    assert "end of 2019" in deadline["detail"] and track["deadline"] == "2019-12"
    launches = _csv("dprk_launches_2019.csv", "month")
    last = max(m for m, row in launches.items() if m < "2019-07" and int(row["launch_days"]) > 0)
    assert track["months_since_launch"] == _months_apart("2019-07", last)
