"""The ledger of what a replay scores: each item labelled scripted, constrained or decided.

- ``scripted``: set by the scenario's timeline or agenda. Derived mechanically from the
  scenario and the runs (:func:`scripted_events`): an event is scripted when, in at least
  :data:`SHARE` of the runs that show it, it first comes in the very month of an
  :class:`Anchor` that produces it (a shock of its own kind and actor, the first rung of a
  dispute shock's target, an agenda date of its item), or when it only ever comes after a
  scheduled change of its actor's decision rule (a ``policy_change`` shock).
- ``constrained``: made likely by a parameter calibrated or configured from the same record
  (reason given in :data:`CHOICES`; a rule-based ladder ordered from the record).
- ``decided``: the outcome of a model choice. A dispute rung taken by a ``strategic``
  retaliation policy, or China's warning by a ``strategic`` coercion policy, is a choice
  from the state (:func:`choice_labels`), unless the script sets it (above).

A stylized fact is only as free as its least free required event (:data:`FACT_PARTS`).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import pandas as pd

from analysis.replay import FACTS, INTERVALS, key_kinds, month_number

LABELS = ("scripted", "constrained", "decided")
SHARE = 0.9  # share of runs in which the script fixes an event's month
MIN_RUNS = 5  # an event seen in fewer runs is too rare to say the script sets it

#: Labels of scored events when the script does not set them, with the reason.
CHOICES: dict[str, tuple[str, str]] = {
    "export_controls": ("constrained", "first rung of Japan's ladder, ordered from the record"),
    "gsomia_notice": ("constrained", "ROK's tit-for-tat ladder with linkage, ordered from the "
                      "record, puts the notice second"),
    "gsomia_suspend": ("decided", "ROK's choice at the notice's deadline under US mediation"),
    "gsomia_terminate": ("decided", "ROK's choice at the notice's deadline"),
    "sma_first_round": ("decided", "the US opening the talks"),
    "sma_lapse": ("decided", "no deal by the deadline"),
    "sma_agreed": ("decided", "US ask meets ROK's offer and ratification"),
    "coalition_independent_rok": ("decided", "ROK's answer to the Hormuz ask"),
    "coalition_independent_jpn": ("decided", "Japan's answer to the Hormuz ask"),
    "coalition_join": ("decided", "an ally's answer to the Hormuz ask"),
    "deployment_accept": ("decided", "an ally's answer to the missile ask"),
    "coercion": ("decided", "China's answer to an accepted rivalry-linked ask"),
    "coercion_warning": ("decided", "China's warning"),
    "mediation": ("decided", "US mediation policy"),
    "whitelist_removal": ("constrained", "second rung of Japan's ladder, ordered from the record"),
    "counter_delisting": ("constrained", "first rung of ROK's ladder, ordered from the record"),
    "boycott": ("constrained", "calibrated boycott_probability"),
}  # fmt: skip
#: Events a fact needs to hold (absences such as "no coalition_join" are not listed).
FACT_PARTS: dict[str, tuple[str, ...]] = {
    "1 trade crossed to security": ("export_controls", "gsomia_notice"),
    "2 counter-step within 69 days": ("export_controls", "whitelist_removal", "counter_delisting"),
    "3 GSOMIA suspended under US pressure": ("gsomia_suspend",),
    "4 cost-sharing talks ran long": ("sma_first_round", "sma_lapse", "sma_agreed"),
    "5 independent Hormuz dispatches": ("coalition_independent_rok", "coalition_independent_jpn"),
    "6 no missiles hosted": ("coercion_warning", "deployment_accept"),
}
LAUNCHES = ("constrained", "the DPRK's launch rates are calibrated on these very months")
#: Each dispute rung's actor: with a ``strategic`` retaliation policy its rungs are choices.
RUNGS: dict[str, str] = {
    "export_controls": "JPN", "whitelist_removal": "JPN", "counter_delisting": "ROK",
    "gsomia_notice": "ROK",
}  # fmt: skip
#: Events a strategic policy of the given family and actor decides from the state.
STRATEGIC: dict[str, tuple[str, str, str]] = {
    "coercion_warning": ("CHN", "coercion", "China's strategic choice to warn (warn/punish/"
                         "court/nothing from the state)"),
    "coercion": ("CHN", "coercion", "China's strategic choice to punish"),
}  # fmt: skip


def policy_of(table: Mapping[str, Any], actor: str, family: str) -> str:
    """The policy an actor starts the scenario with in ``family`` ("" if none)."""
    return str(table.get("actors", {}).get(actor, {}).get(family, {}).get("policy", ""))


def choice_labels(table: Mapping[str, Any]) -> dict[str, tuple[str, str]]:
    """:data:`CHOICES` for the scenario: a strategic party's dispute rungs are decided."""
    labels = dict(CHOICES)
    for key, actor in RUNGS.items():
        if policy_of(table, actor, "retaliation") == "strategic":
            labels[key] = ("decided", f"{actor}'s strategic dispute choice from the state "
                           "(escalate, link, hold or lift)")  # fmt: skip
    for key, (actor, family, why) in STRATEGIC.items():
        if policy_of(table, actor, family) == "strategic":
            labels[key] = ("decided", why)
    return labels


def launch_label(table: Mapping[str, Any]) -> tuple[str, str]:
    """Launches: calibrated rates, or a strategic DPRK whose weights were set on 2019-2020."""
    if policy_of(table, "PRK", "provocation") == "strategic":
        return ("constrained", "the strategic DPRK's term weights were set by hand on the "
                "2019-2020 record (docs/ODD.md (7.21))")  # fmt: skip
    return LAUNCHES


@dataclass(frozen=True)
class Anchor:
    """A month the script fixes, and the events it produces directly.

    A shock produces its own kind by its actor (a ``coercion_warning`` shock, a
    ``coercion_warning`` event of China); a ``dispute`` shock also produces the first rung of
    its target's ladder (the target answers the defection). An agenda date produces any event
    on its item.
    """

    month: int
    what: str
    actor: str = ""
    keys: frozenset[str] = frozenset()
    item: str = ""

    def matches(self, rows: pd.DataFrame, key: str) -> pd.Series:
        """Which of a key's first events (one row per run) this anchor produces."""
        same_month = rows["month"] == self.month
        if self.item:
            return same_month & (rows["item"].astype(str) == self.item)
        return same_month & (rows["actor"] == self.actor) & (key in self.keys)


def anchors(table: Mapping[str, Any]) -> list[Anchor]:
    """Every shock and agenda date of the scenario as an :class:`Anchor`."""
    found = []
    for shock in table.get("timeline", []):
        month, kind = month_number(shock["month"]), shock["kind"]
        found.append(Anchor(month, f"{kind} shock", shock["actor"], frozenset({kind})))
        if kind == "dispute":
            disputes = table.get("disputes", {}).values()
            rungs = [d["ladder"].get(shock["target"], []) for d in disputes]
            first = frozenset(ladder[0] for ladder in rungs if ladder)
            found.append(Anchor(month, "dispute shock", shock["target"], first))
    for name, item in table.get("agenda", {}).items():
        for date in ("opens", "deadline"):
            found.append(Anchor(month_number(item[date]), f"{name} {date}", item=name))
    return found


def keyed_events(events: pd.DataFrame) -> pd.DataFrame:
    """Events with the replay's key and a month number."""
    months = {d: month_number(d) for d in events["date"].unique()}
    return events.assign(key=key_kinds(events), month=events["date"].map(months))


def scripted_events(events: pd.DataFrame, table: Mapping[str, Any]) -> dict[str, str]:
    """Scored events the scenario's script sets, each with the anchor that sets it."""
    firsts = keyed_events(events).sort_values("month").groupby(["key", "run_id"]).first()
    changes = [
        (month_number(s["month"]), s["actor"])
        for s in table.get("timeline", [])
        if s["kind"] == "policy_change"
    ]
    found = {}
    for key in choice_labels(table):
        if key not in firsts.index.get_level_values("key"):
            continue
        rows = firsts.loc[key]
        if len(rows) < MIN_RUNS:
            continue
        for anchor in anchors(table):
            if anchor.matches(rows, key).mean() >= SHARE:
                found[key] = f"same month as the {anchor.what} ({_label(anchor.month)})"
                break
        else:
            for month, actor in changes:
                if ((rows["actor"] == actor) & (rows["month"] >= month)).all():
                    found[key] = f"only after the {actor} policy_change shock ({_label(month)})"
    return found


def _label(month: int) -> str:
    return f"{month // 12}-{month % 12 + 1:02d}"


def event_labels(events: pd.DataFrame, table: Mapping[str, Any]) -> dict[str, tuple[str, str]]:
    """Label and reason of every scored event."""
    scripted = scripted_events(events, table)
    return {
        k: ("scripted", scripted[k]) if k in scripted else v
        for k, v in choice_labels(table).items()
    }


def ledger(events: pd.DataFrame, table: Mapping[str, Any]) -> pd.DataFrame:
    """One row per scored item: what it is, its label and why."""
    labels = event_labels(events, table)
    rows = [{"item": k, "type": "event", "label": lab, "why": why} for k, (lab, why) in
            labels.items()]  # fmt: skip
    for fact in FACTS:
        parts = FACT_PARTS[fact]
        label = min((labels[p][0] for p in parts), key=LABELS.index)
        why = ", ".join(f"{p}: {labels[p][0]}" for p in parts)
        rows.append({"item": fact, "type": "fact", "label": label, "why": why})
    for name, (a, b) in INTERVALS.items():
        label = min((labels[a][0], labels[b][0]), key=LABELS.index)
        rows.append({"item": name, "type": "interval", "label": label,
                     "why": f"{a}: {labels[a][0]}, {b}: {labels[b][0]}"})  # fmt: skip
    launches = launch_label(table)
    rows.append({"item": "DPRK launch days a month", "type": "count", "label": launches[0],
                 "why": launches[1]})  # fmt: skip
    return pd.DataFrame(rows).set_index("item")
