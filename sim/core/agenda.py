"""Agenda items: a US ask of an ally, with a deadline and a status.

Statuses: ``pending`` (not yet opened), ``open``, ``lapsed`` (deadline passed without a deal;
cost-sharing talks go on, as the 11th SMA talks did through 2020), ``agreed``, ``refused``,
``independent`` (the ally answered a coalition ask with a national alternative).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass

from sim.config.schema import AgendaItemSection
from sim.core.mechanisms import nominal_ceiling
from sim.months import month_index


@dataclass(slots=True)
class AgendaItem:
    """The mutable state of one agenda item during a run."""

    item_id: str
    kind: str
    target: str
    open_step: int
    deadline_step: int
    initial_ask: float
    status_quo: float
    rivalry_linked: bool
    status: str = "pending"
    ask: float = 0.0
    last_offer: float | None = None
    rejected_rounds: int = 0
    agreed_step: int | None = None
    agreed_amount: float | None = None
    recorded_ask: float = 0.0
    recorded_offer: float = 0.0
    ceiling: float = 0.0  # the target's Level II win-set for a cost-sharing item (M2)
    is_cost_sharing: bool = False  # a bargaining item over an amount, not a yes/no ask
    #: Open for decisions this month: open, or lapsed cost-sharing talks that go on. Kept
    #: by the methods below, which are the only writers of ``status``.
    live: bool = False

    @classmethod
    def from_spec(
        cls, item_id: str, spec: AgendaItemSection, start: str, win_set_increase: float
    ) -> AgendaItem:
        """Build the run state of an item; steps are 1-based months from ``start``.

        ``win_set_increase`` is the target public's acceptable rise over the status quo;
        the item's win-set ceiling (M2, Putnam 1988) follows from it and stays fixed.
        """
        first = month_index(start) - 1
        return cls(
            item_id=item_id,
            kind=spec.kind,
            target=spec.target,
            open_step=month_index(spec.opens) - first,
            deadline_step=month_index(spec.deadline) - first,
            initial_ask=spec.ask,
            status_quo=spec.status_quo,
            rivalry_linked=spec.rivalry_linked,
            ask=spec.ask,
            ceiling=nominal_ceiling(spec.status_quo, win_set_increase),
            is_cost_sharing=spec.kind == "cost_sharing",
        )

    def open(self) -> None:
        """The ask is made: the item is open for decisions."""
        self.status, self.live = "open", True
        self.recorded_ask = self.ask

    def lapse(self) -> None:
        """The deadline passed without a deal; cost-sharing talks go on."""
        self.status, self.live = "lapsed", self.is_cost_sharing

    def close(self, status: str, step: int | None = None) -> None:
        """Decided: ``agreed`` (in ``step``), ``refused`` or ``independent``."""
        self.status, self.live = status, False
        if step is not None:
            self.agreed_step = step

    def months_open(self, step: int) -> int:
        """Months since the item opened (0 in its first month)."""
        return step - self.open_step

    def months_to_deadline(self, step: int) -> int:
        """Months left before the deadline month (0 in it, negative after)."""
        return self.deadline_step - step

    def alignment(self) -> float | None:
        """How far ally and US agree on this item, in [0, 1]; None if not yet on the agenda.

        Agreed or accepted 1; refused 0; an independent alternative 0.5; open cost-sharing
        talks the ratio of the last offer to the ask (halved once the deadline has lapsed);
        an open yes/no ask 0.5.
        """
        if self.status == "pending":
            return None
        if self.status == "agreed":
            return 1.0
        if self.status == "refused":
            return 0.0
        if self.status == "independent" or not self.is_cost_sharing:
            return 0.5
        offered = self.last_offer if self.last_offer is not None else self.status_quo
        ratio = min(1.0, offered / self.ask) if self.ask > 0 else 1.0
        return ratio * (0.5 if self.status == "lapsed" else 1.0)


class Agenda:
    """Every agenda item of a run, in file order, and the items addressed to each ally."""

    __slots__ = ("by_target", "items", "openings")

    def __init__(
        self,
        specs: Mapping[str, AgendaItemSection],
        start: str,
        win_set_increase: Mapping[str, float],
    ) -> None:
        self.items = [
            AgendaItem.from_spec(i, s, start, win_set_increase[s.target]) for i, s in specs.items()
        ]
        self.by_target = {a: [i for i in self.items if i.target == a] for a in win_set_increase}
        self.openings: dict[int, list[AgendaItem]] = {}  # step -> items opening then
        for item in self.items:  # an item dated before the start opens at step 1
            self.openings.setdefault(max(item.open_step, 1), []).append(item)

    def __iter__(self) -> Iterator[AgendaItem]:
        return iter(self.items)

    def due(self, step: int) -> list[AgendaItem]:
        """Items that open this step (steps start at 1), in file order."""
        return self.openings.get(step, [])

    def deadline_steps(self) -> set[int]:
        """Steps in which some item's deadline falls (decision points)."""
        return {item.deadline_step for item in self.items}

    def statuses(self) -> list[str]:
        """The status of every item, in file order."""
        return [item.status for item in self.items]

    def live_count(self) -> int:
        """Items open for decisions this month."""
        return sum(1 for item in self.items if item.live)

    def first_cost_sharing_step(self, ally: str) -> int | None:
        """The month the ally's first cost-sharing item (in file order) was agreed, or None."""
        first = next((i for i in self.by_target.get(ally, ()) if i.is_cost_sharing), None)
        return first.agreed_step if first is not None else None
