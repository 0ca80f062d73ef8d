"""The event log: each recorded event in a category and as one readable line."""

from __future__ import annotations

import html
from collections.abc import Iterable, Sequence

from sim.explore.state import Event

#: Categories shown as filters, the event kinds of each (docs/OUTPUTS.md), their colour.
CATEGORIES: dict[str, tuple[frozenset[str], str]] = {
    "launches": (frozenset({"provocation", "wedge"}), "#6c3483"),
    "measures": (
        frozenset(
            {
                "export_controls",
                "whitelist_removal",
                "counter_delisting",
                "wto_complaint",
                "tariffs",
                "sanctions",
                "boycott",
                "reconcile",
                "coercion",
                "coercion_end",
                "inducement",
                "mediation",
            }
        ),
        "#c0392b",
    ),  # fmt: skip
    "notices": (
        frozenset(
            {
                "gsomia_notice",
                "gsomia_suspend",
                "gsomia_terminate",
                "troop_threat",
                "coercion_warning",
            }
        ),
        "#d68910",
    ),  # fmt: skip
    "agreements": (
        frozenset(
            {
                "agreement",
                "coalition_join",
                "coalition_independent",
                "deployment_accept",
                "deployment_refuse",
                "lapse",
            }
        ),
        "#1e8449",
    ),  # fmt: skip
    "bargaining": (frozenset({"demand", "offer", "refusal"}), "#5d6d7e"),
    "shocks": (frozenset({"exercise", "dispute", "policy_change"}), "#1f4e79"),
}
DEFAULT_SHOWN: tuple[str, ...] = ("launches", "measures", "notices", "agreements", "shocks")


def category(kind: str) -> str:
    """The category of an event kind (``shocks`` for a kind not listed)."""
    return next((name for name, (kinds, _) in CATEGORIES.items() if kind in kinds), "shocks")


def describe(event: Event) -> str:
    """A short sentence for one event."""
    kind = event.kind.replace("_", " ")
    target = f" → {event.target}" if event.target else ""
    detail = f" ({event.item})" if event.item else ""
    amount = ""
    if event.kind in ("demand", "offer", "agreement") and event.magnitude > 1.0:
        amount = f": {event.magnitude:.2f} bn USD/yr"
    elif event.kind == "provocation":
        amount = f": severity {event.magnitude:.2f}"
    elif event.kind == "mediation":
        amount = f": chance {event.magnitude:.2f}"
    return f"{event.actor} {kind}{target}{detail}{amount}"


def shown(events: Iterable[Event], categories: Sequence[str], limit: int) -> list[Event]:
    """The latest ``limit`` events of the chosen categories, newest first."""
    chosen = [e for e in events if category(e.kind) in categories]
    return chosen[::-1][:limit]


def table_html(events: Sequence[Event]) -> str:
    """The events as an HTML table (escaped), one row each."""
    rows = []
    for e in events:
        name = category(e.kind)
        colour = CATEGORIES[name][1]
        badge = (
            f'<span style="background:{colour};color:white;border-radius:8px;'
            f'padding:1px 7px;font-size:11px">{html.escape(name)}</span>'
        )
        rows.append(
            f'<tr class="event-row" data-kind="{html.escape(e.kind)}">'
            f'<td style="white-space:nowrap;padding:2px 8px">{html.escape(e.date)}</td>'
            f'<td style="padding:2px 8px">{badge}</td>'
            f'<td style="padding:2px 8px">{html.escape(describe(e))}</td></tr>'
        )
    return (
        '<table class="event-log" style="border-collapse:collapse;font-size:13px;width:100%">'
        + "".join(rows)
        + "</table>"
    )
