"""Policies that decide by the one choice model (:mod:`sim.core.choice`): ``strategic``.

A choice policy computes, from its observation (the state as the step began), the value
of every named term of every option of one or more decisions, and lets the logit rule
(McKelvey and Palfrey 1995) choose. Its parameters are the term weights (one per
mechanism that enters, so a knockout is that weight set to 0) and the precision ``λ``.

:meth:`ChoicePolicy.reasoned` returns the move and the :class:`~sim.core.choice.Choice`
records that made it; :meth:`decide` returns the move alone. Both make the same draws:
an actor recording decisions (``[run] record_decisions``) calls the first, otherwise the
second, and the run is the same.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from pydantic import Field

from agents.policies.base import Policy, PolicyParams, traits
from sim.core.choice import Choice, DecisionSpec

#: The decisions of a choice policy: the move, and the choices that made it, in order.
Reasoned = tuple[Any, tuple[Choice, ...]]


class ChoiceParams(PolicyParams):
    """Shared by every choice policy: the logit precision ``λ`` (0: uniform choice).

    Assumed: 4 makes a one-unit utility gap a 98 % choice and a 0.25 gap a 73 % one.
    """

    precision: float = Field(4.0, ge=0.0, le=100.0)


class ChoicePolicy(Policy):
    """A policy whose every decision is a logit choice over named, state-computed terms."""

    classifier = traits(stochastic=True, memory=False)
    Params = ChoiceParams

    def choose(self, spec: DecisionSpec, rng: np.random.Generator, values: Any) -> Choice:
        """One logit choice of ``spec`` over the term ``values`` at the policy's precision.

        The actor (and, unless the policy sets one, the subject) is stamped by the actor
        that records the choice (agents/actor.py).
        """
        return spec.choose(rng, values, "", self.params.precision)  # actor "", precision

    def reasoned(self, observation: Any, rng: np.random.Generator) -> Reasoned:  # pragma: no cover
        """The move for ``observation`` and the choices that made it."""
        raise NotImplementedError

    def decide(self, observation: Any, rng: np.random.Generator) -> Any:
        """The move for ``observation`` (the same draws as :meth:`reasoned`)."""
        return self.reasoned(observation, rng)[0]
