"""The state of one run, as the objects that own it.

:class:`World` bundles references to the state objects for the phases that only read them
(observation, metrics); the phases that change state take the objects they change one by
one (:mod:`sim.core.resolution`, :mod:`sim.core.dynamics`, :mod:`sim.core.dispute`).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from agents.actor import StateActor
from sim.core.agenda import Agenda
from sim.core.burden import BurdenLedger
from sim.core.coercion import CoercionEpisodes
from sim.core.dispute import Disputes
from sim.core.gsomia import Gsomia
from sim.core.relations import Relations


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
