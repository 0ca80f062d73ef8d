"""A base scenario for a cutoff month: the baseline with only what was known by then.

:func:`base_for_cutoff` drops the timeline shocks and agenda items a modeller at the cutoff
could not have known (:func:`analysis.information.leaks`) and puts, in place of each sourced
value known only later, the value the record supported at the cutoff (:data:`REPLACEMENTS`,
each with its reason). A replacement may be a whole policy table: it then covers every
leaking key inside it (the strategic DPRK's and the strategic US's hand-set weights).
``configs/replay_2019_only.toml`` is this base for 2019-12, written out with comments;
tests/test_information.py checks that the two agree.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from analysis.information import SCALE_ONLY, late_scales, leaks

#: DPRK's launches as calibrated on the 2019 record (posterior medians; docs/VALIDATION.md).
SIGNALLING_2019 = {"policy": "signalling", "base_rate": 1.25, "exercise_multiplier": 3.1,
                   "decision_multiplier": 1.5, "severity": 0.1}  # fmt: skip
#: The US cost-sharing ask before the 2021 agreement, from what 2019 shows: the rule-based
#: ``transactional`` US (configs/rulebased_2019.toml) holding the 5 bn opening ask
#: (``markdown`` 0, ``floor`` 1: no ask below 5 bn seen by 2019-12, us_initial_demand_rok
#: 2019-11) with troop-cut talk every third rejected round and a 0.9 acceptance ratio (both
#: assumed, as in the rule-based baseline). It stands in for the strategic US, whose weights
#: were set by hand toward the 2021-03 agreement (information.HAND_SET_US_DEMAND). Chosen
#: over the weights' prior centre: their Field bounds (0-50) are software limits, not a
#: prior a modeller could state, and any other "neutral" weights would be chosen by us now,
#: knowing 2021; the rule-based US has no free weight and every number is dated or assumed.
#: For a cutoff from 2020-03 to 2021-02 it is conservative: it ignores the 4 bn revised ask.
TRANSACTIONAL_2019 = {"policy": "transactional", "acceptance_ratio": 0.9, "markdown": 0.0,
                      "floor": 1.0, "threats": True, "threat_interval": 3}  # fmt: skip


@dataclass(frozen=True)
class Replacement:
    """A value for ``key`` supported by what was known on ``known`` ("" if assumed)."""

    key: str
    value: Any
    known: str
    reason: str


REPLACEMENTS: tuple[Replacement, ...] = (
    Replacement("actors.USA.demand.markdown", 0.0, "2019-11",
                "us_initial_demand_rok: still 5 bn in 2019-11, no markdown seen since 2019-07"),
    Replacement("actors.USA.demand.floor", 1.0, "2019-11",
                "us_initial_demand_rok: no ask below 5 bn seen by 2019-12"),
    Replacement("actors.ROK.win_set_increase", 0.0, "2019-11",
                "poll_rok_oppose_any_increase: 96 % oppose any increase, so the public accepts "
                "no rise"),
    Replacement("actors.ROK.abandonment_fear", 0.2, "",
                "assumed as for Japan: no poll of confidence in the US known by 2019-12"),
    Replacement("actors.ROK.response.mission_stake", 0.8, "",
                "assumed as for Japan: Korea's share of crude through Hormuz was reported 2020-01"),
    Replacement("relations.affinity.ROK.USA", 0.7, "",
                "assumed as Japan's affinity to the US: the alliance poll was published 2020-08"),
    Replacement("actors.PRK.provocation", SIGNALLING_2019, "2019-12",
                "the signalling policy calibrated on the 2019 launch record (ABC, VALIDATION.md)"),
    Replacement("actors.USA.demand", TRANSACTIONAL_2019, "2019-12",
                "the rule-based US holding 5 bn (no markdown seen by 2019-12; threats and "
                "acceptance assumed): the strategic weights were set toward the 2021-03 agreement"),
)  # fmt: skip


class CutoffError(ValueError):
    """A leaking input has no replacement known by the cutoff."""


def set_key(table: dict[str, Any], key: str, value: Any) -> None:
    """Set a dotted key in nested dicts, in place."""
    *parents, last = key.split(".")
    node = table
    for part in parents:
        node = node[part]
    node[last] = value


def base_for_cutoff(baseline: Mapping[str, Any], cutoff: str) -> dict[str, Any]:
    """The baseline's table restricted to the information set at ``cutoff`` (``YYYY-MM``)."""
    table = copy.deepcopy(dict(baseline))
    found = leaks(table, cutoff, baseline)
    dropped_items = {leak.key.split(".")[1] for leak in found if leak.key.startswith("agenda.")}
    for leak in found:
        parts = leak.key.split(".")
        if parts[0] == "agenda" and len(parts) > 2:
            dropped_items.add(parts[1])  # an ask whose sourced terms came later: not known
    table["agenda"] = {k: v for k, v in table["agenda"].items() if k not in dropped_items}
    keys = [leak.key for leak in found]
    for index, scale in late_scales(table, cutoff).items():
        shock = table["timeline"][index]
        note = f"{cutoff}: at the scale of the last exercise known ({scale:g}); the record: "
        table["timeline"][index] = {**shock, "magnitude": scale, "note": note + shock["note"]}
    late_shocks = {int(k.split(".")[1]) for k in keys if re.fullmatch(r"timeline\.\d+", k)}
    table["timeline"] = [s for i, s in enumerate(table["timeline"]) if i not in late_shocks]
    replacements = {r.key: r for r in REPLACEMENTS if r.known <= cutoff}
    chosen: dict[str, Replacement] = {}
    for leak in found:
        if leak.key.startswith(("agenda.", "timeline.")) or leak.key in SCALE_ONLY:
            continue
        found_for = covering(leak.key, replacements)
        if found_for is None:
            raise CutoffError(f"{leak.key}: known {leak.known}, no replacement known by {cutoff}")
        chosen[found_for.key] = found_for
    for key in sorted(chosen, key=lambda k: k.count(".")):  # a whole table before its keys
        set_key(table, key, copy.deepcopy(chosen[key].value))
    return table


def covering(key: str, replacements: Mapping[str, Replacement]) -> Replacement | None:
    """The replacement for ``key`` itself, else for the table it is in (a whole policy)."""
    parts = key.split(".")
    for end in range(len(parts), 0, -1):
        found = replacements.get(".".join(parts[:end]))
        if found is not None:
            return found
    return None
