"""The explicit registry of policies, by family and name.

Every family lives in its own module with one :class:`~agents.policies.family.Family`
descriptor; adding a family means that module and one entry in :data:`FAMILY_LIST`
(the schema, the actors and the snapshot derive from it). Adding a policy means one class
in its family's module and one entry in that module's tuple of policies.
"""

from __future__ import annotations

from agents.policies.base import Policy, PolicyParams
from agents.policies.coercion import COERCION
from agents.policies.demand import DEMAND
from agents.policies.engagement import ENGAGEMENT
from agents.policies.family import Family
from agents.policies.mediation import MEDIATION
from agents.policies.provocation import PROVOCATION
from agents.policies.response import RESPONSE
from agents.policies.retaliation import RETALIATION

#: Every family, in the order actors consult them (so draws come in a fixed order).
FAMILY_LIST: tuple[Family, ...] = (
    DEMAND,
    RESPONSE,
    PROVOCATION,
    RETALIATION,
    MEDIATION,
    COERCION,
    ENGAGEMENT,
)
DESCRIPTORS: dict[str, Family] = {family.name: family for family in FAMILY_LIST}

FAMILIES: dict[str, tuple[type[Policy], ...]] = {f.name: f.policies for f in FAMILY_LIST}

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


__all__ = [
    "ALL_POLICIES",
    "DESCRIPTORS",
    "FAMILIES",
    "FAMILY_LIST",
    "REGISTRY",
    "Family",
    "Policy",
    "PolicyParams",
    "policy_class",
]
