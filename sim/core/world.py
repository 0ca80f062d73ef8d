"""The state of one run, as the objects that own it, and what one step's phases share.

:class:`World` bundles references to the state objects for the phases that only read them
(observation, metrics); the phases that change state take the objects they change one by
one (:mod:`sim.core.resolution`, :mod:`sim.core.dynamics`, :mod:`sim.core.dispute`).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import NamedTuple

import numpy as np

from agents.actor import StateActor
from sim.config.schema import MechanismsSection
from sim.core.agenda import Agenda
from sim.core.burden import BurdenLedger
from sim.core.coercion import CoercionEpisodes
from sim.core.dispute import Disputes
from sim.core.gsomia import Gsomia
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

    ``relations`` is here because nearly every phase moves affinity.
    """

    step: int
    mech: MechanismsSection
    rng: np.random.Generator
    log: Recorder
    relations: Relations


@dataclass(slots=True, frozen=True)
class World:
    """References to every state object of a run (read by observation and metrics)."""

    actors: Mapping[str, StateActor]
    relations: Relations
    agenda: Agenda
    disputes: Disputes
    gsomia: Gsomia
    ledger: BurdenLedger
    episodes: CoercionEpisodes
