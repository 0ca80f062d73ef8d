"""The explicit registry of policies, by family and name.

Every family lives in its own module; adding a family means one module and one line in
``FAMILIES`` (and, for the model, one line in ``sim.config.schema.ROLE_FAMILIES``).
"""

from __future__ import annotations

from agents.policies.base import Policy, PolicyParams
from agents.policies.coercion import COERCION_POLICIES
from agents.policies.demand import DEMAND_POLICIES
from agents.policies.mediation import MEDIATION_POLICIES
from agents.policies.provocation import PROVOCATION_POLICIES
from agents.policies.response import RESPONSE_POLICIES
from agents.policies.retaliation import RETALIATION_POLICIES

FAMILIES: dict[str, tuple[type[Policy], ...]] = {
    "demand": DEMAND_POLICIES,
    "response": RESPONSE_POLICIES,
    "provocation": PROVOCATION_POLICIES,
    "retaliation": RETALIATION_POLICIES,
    "mediation": MEDIATION_POLICIES,
    "coercion": COERCION_POLICIES,
}

REGISTRY: dict[str, dict[str, type[Policy]]] = {
    family: {cls.name: cls for cls in classes} for family, classes in FAMILIES.items()
}

ALL_POLICIES: list[type[Policy]] = [cls for classes in FAMILIES.values() for cls in classes]


class UnknownPolicyError(KeyError):
    """A policy name that is not registered in its family."""


def policy_class(family: str, name: str) -> type[Policy]:
    """The registered class for ``name`` in ``family``; raises with the valid names listed."""
    if family not in REGISTRY:
        families = ", ".join(REGISTRY)
        raise UnknownPolicyError(f"unknown policy family '{family}'; valid: {families}")
    try:
        return REGISTRY[family][name]
    except KeyError:
        valid = ", ".join(sorted(REGISTRY[family]))
        raise UnknownPolicyError(f"unknown {family} policy '{name}'; valid: {valid}") from None


__all__ = ["ALL_POLICIES", "FAMILIES", "REGISTRY", "Policy", "PolicyParams", "policy_class"]
