"""What the phases of one step share: the month, the parameters, the generator, the log.

Also :class:`Cohesion`, the step's cohesion readings by name, which several phases read.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple

import numpy as np

from sim.config.schema import MechanismsSection
from sim.core.recorder import Recorder
from sim.core.relations import Relations


class Cohesion(NamedTuple):
    """Cohesion of the three dyads and trilateral cohesion, each in [0, 1]."""

    usa_rok: float
    usa_jpn: float
    rok_jpn: float
    trilateral: float

    def of(self, dyad: tuple[str, str]) -> float:
        """The cohesion of ``dyad`` (one of :data:`sim.core.metrics.DYADS`)."""
        return self[DYAD_INDEX[dyad]]

    def with_us(self, ally: str) -> float:
        """The cohesion of the ally's alliance with the US."""
        return self.usa_rok if ally == "ROK" else self.usa_jpn


DYAD_INDEX = {("USA", "ROK"): 0, ("USA", "JPN"): 1, ("ROK", "JPN"): 2}


@dataclass(slots=True)
class StepContext:
    """What every phase of one step shares: the month, parameters, generator and log.

    Made once per run; the model sets ``step`` at the start of each step. ``relations`` is
    here because nearly every phase moves affinity.
    """

    step: int
    mech: MechanismsSection
    rng: np.random.Generator
    log: Recorder
    relations: Relations
