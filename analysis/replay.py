"""Score a replay of 2019 against the historical record (stylized facts, timing, Brier).

Works on the documented output tables only (events and steps of a run directory, see
docs/OUTPUTS.md) and on :mod:`analysis.history`. A run "shows" a stylized fact
(configs/data/stylized_facts.md) when its events satisfy the fact's predicate, written out
below at the model's monthly resolution; the replay reports the share of runs that show
each fact, the distribution of timing errors of key intervals, and overall scores.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pandas as pd

from analysis.history import DID_NOT_HAPPEN, Record

JAPAN_TRADE_STEPS = ("export_controls", "whitelist_removal")
KOREAN_COUNTER_STEPS = ("boycott", "counter_delisting", "wto_complaint")
FOLLOW_UP_MONTHS = 2  # "within 10 to 69 days": the same month or the next two
HAPPENED = ("export_controls", "gsomia_notice", "gsomia_suspend", "sma_agreed",
            "coalition_independent_rok", "coalition_independent_jpn")  # fmt: skip


def month_number(month: str) -> int:
    """Months since year 0 of a ``YYYY-MM`` string."""
    year, mon = month[:7].split("-")
    return int(year) * 12 + int(mon) - 1


@dataclass(frozen=True)
class RunTimeline:
    """First month (as a month number) of each key event in one run, and its launches."""

    first: dict[str, int]
    all_months: dict[str, list[int]]
    measures_by_month: dict[int, int]
    launches_by_month: dict[int, int]

    def has(self, kind: str) -> bool:
        """Whether the run saw ``kind``."""
        return kind in self.first


def key_kinds(events: pd.DataFrame) -> pd.Series:
    """The replay's name of each event: cost-sharing and coalition events split by ally."""
    kind, actor, target = events["kind"], events["actor"], events["target"]
    item = events["item"].astype(str)
    key = kind.copy()
    to_seoul = (actor == "USA") & (target == "ROK")
    key[(kind == "agreement") & to_seoul] = "sma_agreed"
    key[(kind == "lapse") & to_seoul] = "sma_lapse"
    key[(kind == "demand") & (target == "ROK") & item.str.startswith("sma")] = "sma_first_round"
    split = kind.isin(["coalition_independent", "reconcile"])
    key[split] = kind[split] + "_" + actor[split].str.lower()
    return key


def timelines(events: pd.DataFrame, steps: pd.DataFrame) -> dict[str, RunTimeline]:
    """One :class:`RunTimeline` per run_id (one pass over each table)."""
    months = pd.Series(
        {d: month_number(d) for d in pd.concat([events["date"], steps["date"]]).unique()}
    )
    events = events.assign(key=key_kinds(events), month=events["date"].map(months))
    firsts: dict[str, dict[str, list[int]]] = {}
    for (run_id, key), group in events.groupby(["run_id", "key"], sort=True)["month"]:
        firsts.setdefault(run_id, {})[key] = sorted(group.tolist())
    steps = steps.assign(
        month=steps["date"].map(months), measures=steps["measures_jpn"] + steps["measures_rok"]
    )
    result = {}
    for run_id, group in steps.groupby("run_id", sort=True):
        all_months = firsts.get(run_id, {})
        result[run_id] = RunTimeline(
            first={k: v[0] for k, v in all_months.items()},
            all_months=all_months,
            measures_by_month=dict(zip(group["month"], group["measures"], strict=True)),
            launches_by_month=dict(zip(group["month"], group["provocations"], strict=True)),
        )
    return result


# -- stylized facts (configs/data/stylized_facts.md), one predicate each ---------------------
def trade_to_security(run: RunTimeline, record: Record) -> bool:
    """1. Export controls came first and the GSOMIA notice followed within two months."""
    if not (run.has("export_controls") and run.has("gsomia_notice")):
        return False
    gap = run.first["gsomia_notice"] - run.first["export_controls"]
    return 0 <= gap <= FOLLOW_UP_MONTHS


def counter_steps(run: RunTimeline, record: Record) -> bool:
    """2. Each Japanese trade step drew a Korean counter-step within two months."""
    japanese = [m for k in JAPAN_TRADE_STEPS for m in run.all_months.get(k, [])]
    korean = [m for k in KOREAN_COUNTER_STEPS for m in run.all_months.get(k, [])]
    if not japanese:
        return False
    return all(any(0 <= k - j <= FOLLOW_UP_MONTHS for k in korean) for j in japanese)


def suspended_under_pressure(run: RunTimeline, record: Record) -> bool:
    """3. Suspended under US pressure, no Japanese concession first, measures a year on."""
    if not run.has("gsomia_suspend") or run.has("gsomia_terminate"):
        return False
    month = run.first["gsomia_suspend"]
    pressed = month in run.all_months.get("mediation", [])
    conceded = any(m <= month for m in run.all_months.get("reconcile_jpn", []))
    later = run.measures_by_month.get(month + 12)
    return pressed and not conceded and (later is None or later > 0)


def long_talks(run: RunTimeline, record: Record) -> bool:
    """4. About 18 months from first round to deal (12-24), about 14 with none in force."""
    if not (run.has("sma_first_round") and run.has("sma_agreed") and run.has("sma_lapse")):
        return False
    talks = run.first["sma_agreed"] - run.first["sma_first_round"]
    without = run.first["sma_agreed"] - run.first["sma_lapse"]
    return 12 <= talks <= 24 and without >= 8


def independent_dispatches(run: RunTimeline, record: Record) -> bool:
    """5. Neither ally joined the Hormuz coalition; both went independent 3-8 months on."""
    if run.has("coalition_join"):
        return False
    request = month_number("2019-07")  # timeline: coalition_request 2019-07
    keys = ("coalition_independent_rok", "coalition_independent_jpn")
    return all(run.has(k) and 3 <= run.first[k] - request <= 8 for k in keys)


def no_missiles(run: RunTimeline, record: Record) -> bool:
    """6. No ally agreed to host US missiles, and China's warning came."""
    return not run.has("deployment_accept") and run.has("coercion_warning")


FACTS: dict[str, Callable[[RunTimeline, Record], bool]] = {
    "1 trade crossed to security": trade_to_security,
    "2 counter-step within 69 days": counter_steps,
    "3 GSOMIA suspended under US pressure": suspended_under_pressure,
    "4 cost-sharing talks ran long": long_talks,
    "5 independent Hormuz dispatches": independent_dispatches,
    "6 no missiles hosted": no_missiles,
}


def fact_table(runs: dict[str, RunTimeline], record: Record) -> pd.DataFrame:
    """One row per run, one boolean column per stylized fact."""
    rows = {
        run_id: {name: test(run, record) for name, test in FACTS.items()}
        for run_id, run in runs.items()
    }
    return pd.DataFrame.from_dict(rows, orient="index").rename_axis("run_id")


# -- timing ----------------------------------------------------------------------------------
#: Intervals whose simulated length (months) is compared with the historical one.
INTERVALS: dict[str, tuple[str, str]] = {
    "export controls to GSOMIA notice": ("export_controls", "gsomia_notice"),
    "GSOMIA notice to suspension": ("gsomia_notice", "gsomia_suspend"),
    "first SMA round to agreement": ("sma_first_round", "sma_agreed"),
}


def interval_errors(runs: dict[str, RunTimeline], record: Record) -> pd.DataFrame:
    """Simulated minus historical length of each interval, per run (NaN if it never closed)."""
    truth = {
        name: month_number(record.months[b]) - month_number(record.months[a])
        for name, (a, b) in INTERVALS.items()
    }
    rows = {}
    for run_id, run in runs.items():
        rows[run_id] = {
            name: (run.first[b] - run.first[a] - truth[name]) if run.has(a) and run.has(b) else None
            for name, (a, b) in INTERVALS.items()
        }
    return pd.DataFrame.from_dict(rows, orient="index", dtype=float).rename_axis("run_id")


def launch_errors(runs: dict[str, RunTimeline], record: Record) -> pd.Series:
    """Mean absolute difference of monthly launch days from the 2019 record, per run.

    Only the months both cover count (the record ends in 2019-12).
    """
    recorded = {month_number(m): n for m, n in record.launch_days.items()}
    errors = {}
    for run_id, run in runs.items():
        shared = sorted(set(run.launches_by_month) & set(recorded))
        diffs = [abs(run.launches_by_month[m] - recorded[m]) for m in shared]
        errors[run_id] = sum(diffs) / len(diffs) if diffs else float("nan")
    return pd.Series(errors, name="launch days, mean abs error").rename_axis("run_id")


# -- overall scores --------------------------------------------------------------------------
def occurrence_table(runs: dict[str, RunTimeline]) -> pd.DataFrame:
    """For each scored event: share of runs in which it happens, outcome, squared error."""
    outcomes = {**dict.fromkeys(HAPPENED, 1), **dict.fromkeys(DID_NOT_HAPPEN, 0)}
    rows = []
    for kind, outcome in outcomes.items():
        share = sum(run.has(kind) for run in runs.values()) / len(runs)
        rows.append({"event": kind, "share of runs": share, "happened": outcome,
                     "squared error": (share - outcome) ** 2})  # fmt: skip
    return pd.DataFrame(rows)


@dataclass(frozen=True)
class ReplayScore:
    """Everything a replay reports."""

    facts: pd.DataFrame  # per run x fact
    intervals: pd.DataFrame  # per run x interval, months
    launches: pd.Series  # per run
    occurrence: pd.DataFrame  # per scored event

    @property
    def brier(self) -> float:
        """Brier score of event occurrence (0 perfect, 0.25 a coin, 1 always wrong)."""
        return float(self.occurrence["squared error"].mean())

    @property
    def timing_distance(self) -> float:
        """Mean over intervals of the median absolute timing error, in months."""
        return float(self.intervals.abs().median().mean())

    def fact_shares(self) -> pd.Series:
        """Share of runs showing each stylized fact."""
        return self.facts.mean().rename("share of runs")


def score(events: pd.DataFrame, steps: pd.DataFrame, record: Record) -> ReplayScore:
    """Score a run directory's events and steps against the record."""
    runs = timelines(events, steps)
    return ReplayScore(
        facts=fact_table(runs, record),
        intervals=interval_errors(runs, record),
        launches=launch_errors(runs, record),
        occurrence=occurrence_table(runs),
    )
