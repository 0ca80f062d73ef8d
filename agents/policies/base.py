"""The policy contract: one small class per decision rule, with declared traits.

Modelled on the Axelrod library's strategies: a ``name``, a ``classifier`` of traits and one
decision method, here ``decide(observation, rng) -> move``, pure given its inputs and the
run's generator. Parameters are a strict pydantic model, so a scenario file is checked
against exactly what the policy accepts.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import Any, ClassVar

import numpy as np
from pydantic import BaseModel, ConfigDict


class Strict(BaseModel):
    """The one base of every pydantic model in the project.

    Scenario and sweep sections and policy parameters all derive from it: frozen, strict
    (no coercion: ``true`` is not 1), unknown keys rejected, no infinities or NaN.
    """

    model_config = ConfigDict(extra="forbid", frozen=True, strict=True, allow_inf_nan=False)


class PolicyParams(Strict):
    """Base of every policy's parameters."""


class NoParams(PolicyParams):
    """For policies without parameters."""


def traits(*, stochastic: bool = False, memory: bool = False) -> Mapping[str, bool]:
    """A read-only classifier: ``stochastic`` draws from the generator; ``memory`` reads history."""
    return MappingProxyType({"stochastic": stochastic, "memory": memory})


class Policy:
    """A named, parameterised decision rule of one family.

    Subclasses set ``name``, ``family``, ``description``, ``classifier`` (``stochastic``:
    whether ``decide`` draws from the generator; ``memory``: whether it uses the item's
    history beyond the current observation) and ``Params``.
    """

    name: ClassVar[str]
    family: ClassVar[str]
    description: ClassVar[str]
    classifier: ClassVar[Mapping[str, bool]] = traits()
    Params: ClassVar[type[PolicyParams]] = NoParams
    #: True for a policy that never acts (the ``none`` of a family): it is not consulted.
    inert: ClassVar[bool] = False

    def __init__(self, params: PolicyParams | None = None) -> None:
        if params is not None and not isinstance(params, self.Params):
            expected = self.Params.__name__
            raise TypeError(f"{self.name} takes {expected}, not {type(params).__name__}")
        self.params = params if params is not None else self.Params()

    def decide(self, observation: Any, rng: np.random.Generator) -> Any:  # pragma: no cover
        """Return this month's move for ``observation``."""
        raise NotImplementedError

    def as_table(self) -> dict[str, Any]:
        """The policy as a scenario-file table: its name and every parameter, resolved."""
        return {"policy": self.name, **self.params.model_dump()}

    def __repr__(self) -> str:
        args = ", ".join(f"{k}={v!r}" for k, v in self.params.model_dump().items())
        return f"{type(self).__name__}({args})"
