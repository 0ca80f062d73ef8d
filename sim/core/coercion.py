"""Chinese economic coercion episodes (M9, after the THAAD retaliation of 2017).

An episode against an ally runs until its end step and costs the target a share of its GDP
each year it lasts; the model reads the loss month by month (docs/ODD.md, M9).
"""

from __future__ import annotations

from collections.abc import Iterable


class CoercionEpisodes:
    """The step each running episode ends, and its annual GDP loss, by target."""

    __slots__ = ("end", "loss")

    def __init__(self, targets: Iterable[str]) -> None:
        self.end: dict[str, int] = {}  # target -> first step free of coercion
        self.loss: dict[str, float] = dict.fromkeys(targets, 0.0)

    def open(self, target: str, until: int, gdp_loss: float) -> None:
        """Start (or renew) an episode against ``target`` lasting until step ``until``."""
        self.end[target] = until
        self.loss[target] = gdp_loss

    def close(self, target: str) -> None:
        """End the episode against ``target``."""
        del self.end[target]
        self.loss[target] = 0.0

    def running(self) -> tuple[str, ...]:
        """Targets under a running episode, in name order."""
        return (
            tuple(sorted(self.end)) if self.end else ()
        )  # read twice a month: no episode, no sort
