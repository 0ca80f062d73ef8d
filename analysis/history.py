"""The historical record of 2019-2021 that a replay of the baseline is scored against.

Dates come from ``configs/data/timeline_2019_2021.csv`` and launch counts from
``configs/data/dprk_launches_2019.csv`` (each row with its source), found as shipped package
data (:func:`sim.resources.data_dir`); this module only maps the timeline's vocabulary onto
the model's event kinds.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

from sim.resources import data_dir

#: (actor, timeline kind) -> the model's event kind.
TIMELINE_KINDS: dict[tuple[str, str], str] = {
    ("JPN", "export_controls"): "export_controls",
    ("ROK", "boycott"): "boycott",
    ("JPN", "whitelist_removal"): "whitelist_removal",
    ("ROK", "whitelist_removal"): "counter_delisting",
    ("ROK", "gsomia_notice"): "gsomia_notice",
    ("ROK", "wto_complaint"): "wto_complaint",
    ("ROK", "gsomia_suspend"): "gsomia_suspend",
    ("USA", "negotiation_round"): "sma_first_round",
    ("USA", "agreement_lapse"): "sma_lapse",
    ("JPN", "coalition_independent"): "coalition_independent_jpn",
    ("ROK", "coalition_independent"): "coalition_independent_rok",
    ("USA", "agreement"): "sma_agreed",
}
REPLAY_START = "2019-07"  # the baseline's first month; earlier rows are context

#: Events that did not happen in 2019-2021 although the model allows them.
DID_NOT_HAPPEN: tuple[str, ...] = (
    "gsomia_terminate",
    "coalition_join",
    "deployment_accept",
    "coercion",
)


@dataclass(frozen=True)
class Record:
    """Months (``YYYY-MM``) of the key events, and DPRK launch days per month of 2019."""

    months: dict[str, str]
    launch_days: dict[str, int]


def month_of(date: str) -> str:
    """``YYYY-MM`` of a ``YYYY-MM`` or ``YYYY-MM-DD`` date."""
    return date[:7]


def load_record(data: Path | None = None) -> Record:
    """Read the record from the data files (default: the shipped ``configs/data``)."""
    data = data_dir() if data is None else data
    months: dict[str, str] = {}
    with open(data / "timeline_2019_2021.csv", newline="", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            kind = TIMELINE_KINDS.get((row["actor"], row["kind"]))
            if kind and month_of(row["date"]) >= REPLAY_START and kind not in months:
                months[kind] = month_of(row["date"])
    with open(data / "dprk_launches_2019.csv", newline="", encoding="utf-8") as handle:
        launches = {row["month"]: int(row["launch_days"]) for row in csv.DictReader(handle)}
    return Record(months, launches)
