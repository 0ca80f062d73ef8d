"""Information sets: which sourced inputs a scenario uses, and when each became known.

Every row of ``configs/data/calibration_2019.csv`` carries a ``known`` date: the publication
date of its earliest cited source (``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``; a bare year or
month counts as its *last* month, so an imprecise date never passes as earlier than it
was). Dated event tables (``timeline_2019_2021.csv``, ``dprk_launches_*.csv``) are known on
their own dates. :data:`INPUTS` names every scenario key whose value is derived from the
data, with the derivation; an input *reaches* a scenario when the scenario's value equals
the derivation. :func:`leaks` lists the inputs, timeline shocks and agenda items of a
scenario that a modeller at a cutoff month could not have known.
"""

from __future__ import annotations

import copy
import csv
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sim.config import validate_scenario
from sim.errors import ConfigError
from sim.resources import data_dir

KRW_PER_USD = 1166.0  # assumed in the baseline (no exchange rate in the shared data)
#: Shock kinds on a published calendar: known in advance (the August combined exercises).
SCHEDULED_IN_ADVANCE: tuple[str, ...] = ("exercise",)
#: Keys set by the rejection ABC against the record up to 2019-12 (docs/VALIDATION.md).
CALIBRATED_UNTIL = "2019-12"
CALIBRATED: tuple[str, ...] = (
    "actors.USA.mediation.strength",
    "actors.USA.mediation.window",
    "actors.USA.mediation.hard",  # the strategic US: the strength calibrated above
    "actors.ROK.entrapment_fear",
    "actors.ROK.response.commit_rate",
    "actors.JPN.response.reservation",
    "mechanisms.abandonment_concession",
    "mechanisms.entrapment_sensitivity",
    "actors.PRK.provocation.base_rate",
    "actors.PRK.provocation.exercise_multiplier",
    "disputes.history.boycott_probability",
    *(STRATEGIC_CALIBRATED := (
        "actors.ROK.retaliation.audience", "actors.ROK.retaliation.exposure",
        "actors.ROK.retaliation.defiance", "actors.ROK.retaliation.security",
        "actors.ROK.retaliation.leverage", "actors.JPN.retaliation.audience",
        "actors.JPN.retaliation.material", "actors.ROK.response.domestic",
        "actors.ROK.response.patience", "actors.ROK.response.ratification",
        "actors.ROK.response.coercion_risk", "actors.JPN.response.domestic",
    )),  # the strategic weights: ABC-SMC on 2019-12 (configs/sweeps/calibration_strategic.toml)
)  # fmt: skip
#: Strategic policy weights whose *defaults* were set by hand so that the baseline's state
#: gives what the record shows, and the last month of the record each was set toward: the
#: dispute's weights toward Japan's controls held to 2023-03 and GSOMIA kept, the answers'
#: toward Seoul's independent Hormuz answer (2020-01) and neither ally taking the missiles.
#: A default that reaches a base for an earlier cutoff (the key unset, or set to the
#: default) is a leak: the base must take a value calibrated by then (:data:`CALIBRATED`).
HAND_SET_DEFAULTS: dict[str, str] = {
    **{key: "2023-03" for key in STRATEGIC_CALIBRATED if ".retaliation." in key},
    **{key: "2020-01" for key in STRATEGIC_CALIBRATED if ".response." in key},
}
#: Inputs set by hand against the record to ``HAND_SET_UNTIL``: the strategic DPRK's
#: weights, fitted to the yearly launch days 2019-2022 (docs/ODD.md (7.21)), its test
#: programme's ``programme``, ``backlog_scale`` and ``isolation_half_life`` among them
#: (docs/ODD.md (7.24)). ``[diplomacy] development`` (1, a full programme)
#: is assumed and reaches launches only through those weights. A base for an earlier
#: cutoff takes the policy calibrated on 2019 instead (analysis/cutoff.py).
HAND_SET_UNTIL = "2022-12"
HAND_SET: tuple[str, ...] = ("actors.PRK.provocation",)
#: Inputs dated after 2019 that are tolerated in a 2019 base because no scored item depends
#: on them: annual aggregates that only scale M1's burden shares (tests/test_information.py
#: checks that the scored events do not move when each moves by 5 %).
SCALE_ONLY: tuple[str, ...] = (
    *(f"actors.{code}.{field}" for code in ("USA", "ROK", "JPN", "CHN", "PRK")
      for field in ("gdp", "milex")),
    "actors.ROK.us_troops_hosted", "actors.JPN.us_troops_hosted",
    "actors.ROK.free_riding_elasticity", "actors.JPN.free_riding_elasticity",
)  # fmt: skip
#: Data keys a scenario uses other than as a number: the key it sets, present or not.
OTHER_USES: dict[str, str] = {
    "sma11_first_round": "agenda.sma_rok.opens",  # the month the talks open
    "thaad_loss_rok": "actors.CHN.coercion.gdp_loss",  # 0.5 % of GDP, in the unit column
    # 70-100 % of world supply: a range, whose midpoint is the cost of the controls
    "japan_share_of_controlled_chemicals": "disputes.history.measure_cost.export_controls",
}


@dataclass(frozen=True)
class Input:
    """A scenario key derived from data keys of calibration_2019.csv."""

    key: str
    sources: tuple[str, ...]
    derive: Callable[[Mapping[str, float]], float]
    note: str = ""


def _gdp(code: str) -> str:
    return f"gdp_{code.lower()}"


def _milex(code: str) -> str:
    return f"milex_{code.lower()}"


def _ratio(a: str, b: str) -> Callable[[Mapping[str, float]], float]:
    return lambda d: d[a] / d[b]


INPUTS: tuple[Input, ...] = (
    *(Input(f"actors.{c}.gdp", (_gdp(c),), lambda d, c=c: d[_gdp(c)])
      for c in ("USA", "ROK", "JPN", "CHN", "PRK")),
    *(Input(f"actors.{c}.milex", (_milex(c),), lambda d, c=c: d[_milex(c)])
      for c in ("USA", "ROK", "JPN", "CHN", "PRK")),
    Input("actors.ROK.us_troops_hosted", ("us_troops_rok",), lambda d: d["us_troops_rok"]),
    Input("actors.JPN.us_troops_hosted", ("us_troops_jpn",), lambda d: d["us_troops_jpn"]),
    Input("actors.ROK.domestic_support", ("poll_rok_oppose_meeting_us_demand",),
          lambda d: 1 - d["poll_rok_oppose_meeting_us_demand"] / 100,
          "RealMeter 2019-01: share opposing meeting the US demand; support = 1 - share"),
    Input("actors.ROK.abandonment_fear", ("poll_rok_confident_us_commitment",),
          lambda d: 1 - d["poll_rok_confident_us_commitment"] / 100,
          "Chicago Council 2020: confident the US would defend ROK; fear = 1 - share"),
    Input("actors.ROK.win_set_increase", ("rok_offer_rejected_increase",),
          lambda d: d["rok_offer_rejected_increase"] / 100, "the +13 % offer of 2020-04"),
    Input("relations.affinity.ROK.USA", ("poll_rok_support_alliance",),
          lambda d: 2 * d["poll_rok_support_alliance"] / 100 - 1,
          "Chicago Council 2019-12 (published 2020-08): support the alliance; 2 * share - 1"),
    Input("agenda.sma_rok.ask", ("us_initial_demand_rok",), lambda d: d["us_initial_demand_rok"]),
    Input("agenda.sma_rok.status_quo", ("sma10_rok_payment",),
          lambda d: d["sma10_rok_payment"] * 1000 / KRW_PER_USD),
    Input("agenda.hns_jpn.ask", ("us_request_japan_hns",), lambda d: d["us_request_japan_hns"]),
    Input("agenda.hns_jpn.status_quo", ("japan_hns_actual_usd",),
          lambda d: d["japan_hns_actual_usd"]),
    Input("actors.USA.demand.floor", ("us_revised_demand_rok", "us_initial_demand_rok"),
          _ratio("us_revised_demand_rok", "us_initial_demand_rok")),
    Input("actors.USA.demand.markdown", ("us_revised_demand_rok", "us_initial_demand_rok"),
          lambda d: (1 - d["us_revised_demand_rok"] / d["us_initial_demand_rok"]) / 2,
          "the strategic US: two lowering steps from the opening ask to the revised one"),
    Input("actors.ROK.response.mission_stake", ("rok_crude_via_hormuz",),
          lambda d: d["rok_crude_via_hormuz"] / 100, "share of crude imports through Hormuz"),
    Input("actors.CHN.coercion.duration_months", ("thaad_coercion_duration",),
          lambda d: d["thaad_coercion_duration"]),
    Input("disputes.history.boycott_cost", ("korean_visitors_to_japan_change_sep2019",),
          lambda d: -d["korean_visitors_to_japan_change_sep2019"] / 100,
          "JNTO 2019-09 (published 2019-10): Korean visitors to Japan -58.1 % year on year"),
)  # fmt: skip


def month_of(date: str) -> str:
    """The last month a ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD`` date can stand for."""
    return f"{date}-12" if len(date) == 4 else date[:7]


def load_data(data: Path | None = None) -> tuple[dict[str, float], dict[str, str]]:
    """Numeric values and known months of calibration_2019.csv, by key.

    ``data`` defaults to the shipped ``configs/data`` (:func:`sim.resources.data_dir`).
    """
    data = data_dir() if data is None else data
    values, known = {}, {}
    with open(data / "calibration_2019.csv", newline="", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            known[row["key"]] = month_of(row["known"])
            try:
                values[row["key"]] = float(row["value"])
            except ValueError:
                continue  # ranges and dates are not inputs of the model
    return values, known


def lookup(table: Mapping[str, Any], key: str) -> Any:
    """The value at a dotted key, or None."""
    node: Any = table
    for part in key.split("."):
        if not isinstance(node, Mapping) or part not in node:
            return None
        node = node[part]
    return node


@dataclass(frozen=True)
class Leak:
    """Something in a scenario that was known only after the cutoff."""

    key: str
    known: str
    why: str


def input_leaks(table: Mapping[str, Any], cutoff: str, baseline: Mapping[str, Any]) -> list[Leak]:
    """Sourced or calibrated values of ``table`` known only after ``cutoff``."""
    values, known = load_data()
    found = []
    for item in INPUTS:
        value, late = lookup(table, item.key), max(known[s] for s in item.sources)
        derived = item.derive(values)
        same = value is not None and abs(float(value) - derived) <= 1e-3 * max(1.0, abs(derived))
        if same and late > cutoff:
            found.append(Leak(item.key, late, f"derived from {', '.join(item.sources)}"))
    if cutoff < CALIBRATED_UNTIL:
        for key in CALIBRATED:
            value = lookup(table, key)
            if value is not None and value == lookup(baseline, key):
                found.append(Leak(key, CALIBRATED_UNTIL, "calibrated on the record to 2019-12"))
    found += default_leaks(table, cutoff) + us_demand_leaks(table, cutoff)
    if cutoff < HAND_SET_UNTIL:
        for key in HAND_SET:
            value = lookup(table, key)
            if value is not None and value == lookup(baseline, key):
                found.append(Leak(key, HAND_SET_UNTIL, "hand-set on the launch record to 2022"))
    return found


def policy_defaults(table: Mapping[str, Any], keys: Iterable[str]) -> dict[str, Any]:
    """The defaults of policy weights ``actors.X.FAMILY.PARAM`` under the table's policies.

    Read from the scenario validated with those keys removed (analysis does not import the
    policies themselves); a key whose family or policy does not take it maps to None.
    """
    keys = list(keys)
    bare = copy.deepcopy(dict(table))
    for key in keys:
        family_key, param = key.rsplit(".", 1)
        node = lookup(bare, family_key)
        if isinstance(node, dict):
            node.pop(param, None)
    try:
        scenario = validate_scenario(bare, "defaults")
    except ConfigError:
        return dict.fromkeys(keys)
    found: dict[str, Any] = {}
    for key in keys:
        _, actor, family, param = key.split(".")
        policy = scenario.policies.get(actor, {}).get(family)
        found[key] = getattr(getattr(policy, "params", None), param, None)
    return found


def policy_default(table: Mapping[str, Any], key: str) -> Any:
    """The default of one policy weight (:func:`policy_defaults`)."""
    return policy_defaults(table, [key])[key]


def _hand_set_leaks(
    table: Mapping[str, Any], cutoff: str, hand: Mapping[str, str], why: str
) -> list[Leak]:
    """Keys of ``hand`` at their policy default in ``table`` before their month."""
    late = [key for key, until in hand.items() if cutoff < until]
    defaults = policy_defaults(table, late) if late else {}
    found = []
    for key in late:
        default, value = defaults[key], lookup(table, key)
        if default is not None and (value is None or value == default):
            found.append(Leak(key, hand[key], why.format(until=hand[key])))
    return found


def default_leaks(table: Mapping[str, Any], cutoff: str) -> list[Leak]:
    """Hand-set policy defaults (:data:`HAND_SET_DEFAULTS`) that reach ``table``."""
    return _hand_set_leaks(table, cutoff, HAND_SET_DEFAULTS,
                           "the policy's default, hand-set on the record to {until}")  # fmt: skip


#: The strategic US's demand weights, set by hand so that the US holds out until the 2021-02
#: change of policy and settles within months of it (docs/ODD.md (7.20)): dated 2021-03, the
#: agreement they were set toward. 2019 (no agreement, no markdown) cannot identify them, so
#: a base for an earlier cutoff may not keep them at their hand values: ``base_for_cutoff``
#: puts the rule-based US with its 2019-dated parameters in their place (analysis/cutoff.py).
HAND_SET_US_DEMAND: dict[str, str] = {
    f"actors.USA.demand.{name}": "2021-03"
    for name in ("concession", "deal", "urgency", "cohesion", "resolve", "lever", "threat_cost")
}


def us_demand_leaks(table: Mapping[str, Any], cutoff: str) -> list[Leak]:
    """:data:`HAND_SET_US_DEMAND` weights at their hand values in ``table`` before their month."""
    return _hand_set_leaks(table, cutoff, HAND_SET_US_DEMAND,
                           "hand-set toward the agreement of {until}")  # fmt: skip


def schedule_leaks(table: Mapping[str, Any], cutoff: str) -> list[Leak]:
    """Timeline shocks and agenda items after ``cutoff`` that were not scheduled in advance."""
    found = []
    for index, shock in enumerate(table.get("timeline", [])):
        if shock["month"] > cutoff and shock["kind"] not in SCHEDULED_IN_ADVANCE:
            found.append(Leak(f"timeline.{index}", shock["month"], f"{shock['kind']} shock"))
    for index, scale in late_scales(table, cutoff).items():
        why = f"an exercise's scale other than the last known ({scale:g})"
        found.append(Leak(f"timeline.{index}.magnitude", table["timeline"][index]["month"], why))
    for name, item in table.get("agenda", {}).items():
        if item["opens"] > cutoff:
            found.append(Leak(f"agenda.{name}", item["opens"], "an ask not yet made"))
    return found + note_leaks(table, cutoff)


def late_scales(table: Mapping[str, Any], cutoff: str) -> dict[int, float]:
    """Exercises after ``cutoff`` whose scale is not the last one known by then.

    An exercise is on a published calendar (known in advance), its scale is not: a modeller
    at the cutoff expects the scale of the latest exercise by then (1 if there was none).
    Returns, per such shock's index, that expected scale.
    """
    shocks = table.get("timeline", [])
    known = sorted((s["month"], s.get("magnitude", 1.0)) for s in shocks
                   if s["kind"] == "exercise" and s["month"] <= cutoff)  # fmt: skip
    expected = known[-1][1] if known else 1.0
    return {
        i: expected
        for i, s in enumerate(shocks)
        if s["kind"] == "exercise" and s["month"] > cutoff and s.get("magnitude", 1.0) != expected
    }


def note_leaks(table: Mapping[str, Any], cutoff: str) -> list[Leak]:
    """Shocks whose note cites a data key known after ``cutoff``, and other late uses."""
    _, known = load_data()
    found = []
    for index, shock in enumerate(table.get("timeline", [])):
        cited = [k for k in known if re.search(rf"\b{k}\b", shock.get("note", ""))]
        late = [k for k in cited if known[k] > cutoff]
        if late and shock["month"] <= cutoff:
            found.append(Leak(f"timeline.{index}", max(known[k] for k in late),
                              f"note cites {', '.join(late)}"))  # fmt: skip
    for data_key, key in OTHER_USES.items():
        if lookup(table, key) is not None and known[data_key] > cutoff:
            found.append(Leak(key, known[data_key], f"from {data_key}"))
    return found


def leaks(
    table: Mapping[str, Any], cutoff: str, baseline: Mapping[str, Any], tolerate: bool = True
) -> list[Leak]:
    """Everything in ``table`` known only after ``cutoff`` (``SCALE_ONLY`` tolerated)."""
    found = input_leaks(table, cutoff, baseline) + schedule_leaks(table, cutoff)
    return [leak for leak in found if not (tolerate and leak.key in SCALE_ONLY)]
