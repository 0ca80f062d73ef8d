"""A policy family: what its policies observe, what they return, who may hold one.

One :class:`Family` descriptor per family module (``agents/policies/<family>.py``) is the
single place a family is defined; the registry (:mod:`agents.policies`), the scenario
schema's policy tables (:mod:`sim.config.schema`), the actors' deciding
(:meth:`agents.actor.StateActor.decide`) and the snapshot's views
(:mod:`sim.core.observe`) are derived from it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from agents.policies.base import Policy

#: How a family's decisions are keyed: one per live agenda item, one per started dispute
#: the actor is party to, or one a month ("").
KeyedBy = Literal["item", "dispute", ""]


@dataclass(frozen=True, slots=True)
class Family[Obs, Move]:
    """The descriptor of one policy family.

    ``holders`` may name a policy of this family in a scenario (the others cannot);
    ``required_by`` must name one (the others default to the family's ``none`` policy).
    A family keyed by dispute is also required of every party to a dispute.
    """

    name: str
    observation: type[Obs]
    move: type[Move]
    holders: tuple[str, ...]
    required_by: tuple[str, ...]
    keyed_by: KeyedBy
    policies: tuple[type[Policy], ...]
    description: str = ""

    def __post_init__(self) -> None:
        for cls in self.policies:
            if cls.family != self.name:
                raise TypeError(f"{cls.__name__} belongs to {cls.family}, not {self.name}")
