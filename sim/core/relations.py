"""Directed affinity between every pair of actors (-1..1), with its scenario baseline.

Affinity moves with events (shifts, kept within [-1, 1]) and relaxes each month a share of
the way back to its baseline (docs/ODD.md, slow dynamics).
"""

from __future__ import annotations

from collections.abc import Mapping

Pair = tuple[str, str]


class Relations:
    """The affinity of each actor toward each other actor, and its baseline."""

    __slots__ = ("affinity", "base", "pre_dispute")

    def __init__(self, table: Mapping[str, Mapping[str, float]]) -> None:
        self.affinity: dict[Pair, float] = {
            (a, b): value for a, row in table.items() for b, value in row.items()
        }
        self.base: dict[Pair, float] = dict(self.affinity)
        #: Mutual affinity of two dispute parties when their dispute started (M5's cap).
        self.pre_dispute: dict[Pair, float] = {}

    def __getitem__(self, pair: Pair) -> float:
        return self.affinity[pair]

    def remember_pre_dispute(self, a: str, b: str) -> None:
        """Record the affinity of ``a`` and ``b`` toward each other as a dispute starts."""
        for pair in ((a, b), (b, a)):
            self.pre_dispute[pair] = self.affinity[pair]

    def shift(self, a: str, b: str, delta: float) -> None:
        """Change the affinity of ``a`` toward ``b`` by ``delta``, kept within [-1, 1]."""
        value = self.affinity[(a, b)] + delta
        # clamp(value, -1, 1), inlined: this runs a dozen times a month
        self.affinity[(a, b)] = -1.0 if value < -1.0 else 1.0 if value > 1.0 else value

    def shift_both(self, a: str, b: str, delta: float) -> None:
        """Change the affinity of ``a`` toward ``b`` and of ``b`` toward ``a``."""
        affinity = self.affinity
        for pair in ((a, b), (b, a)):
            value = affinity[pair] + delta
            affinity[pair] = -1.0 if value < -1.0 else 1.0 if value > 1.0 else value

    def relax(self, rate: float) -> None:
        """Every directed affinity moves a share ``rate`` of the way to its baseline."""
        base = self.base
        self.affinity = {pair: v + rate * (base[pair] - v) for pair, v in self.affinity.items()}
