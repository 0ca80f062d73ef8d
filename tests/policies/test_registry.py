"""The explicit registry, after Axelrod's ``test_names.py``: complete, unique, loud on typos."""

from __future__ import annotations

import pytest

from agents import policies as registry
from agents.policies import ALL_POLICIES, FAMILIES, REGISTRY, Policy, policy_class
from agents.policies.base import PolicyParams
from sim.config import build_policy
from sim.config.schema import REQUIRED_FAMILIES, ROLE_FAMILIES
from sim.errors import ConfigError

from . import (
    test_coercion,
    test_demand,
    test_engagement,
    test_mediation,
    test_provocation,
    test_response,
    test_retaliation,
)
from .policy_test_case import TYPICAL_OBSERVATIONS, PolicyTestCase

POLICY_IDS = [f"{cls.family}.{cls.name}" for cls in ALL_POLICIES]
TEST_MODULES = {
    "demand": test_demand,
    "response": test_response,
    "provocation": test_provocation,
    "retaliation": test_retaliation,
    "mediation": test_mediation,
    "coercion": test_coercion,
    "engagement": test_engagement,
}
SEVEN_FAMILIES = {
    "demand",
    "response",
    "provocation",
    "retaliation",
    "mediation",
    "coercion",
    "engagement",
}
# Families with a ``none`` policy: a quiet DPRK, and the families an actor may leave out.
NONE_FAMILIES = ("provocation", "retaliation", "mediation", "coercion", "engagement")


def test_the_seven_families() -> None:
    assert set(FAMILIES) == set(REGISTRY) == SEVEN_FAMILIES
    assert set(TYPICAL_OBSERVATIONS) == SEVEN_FAMILIES, "typical observations for every family"


@pytest.mark.parametrize("family", sorted(FAMILIES))
def test_names_unique_within_each_family(family: str) -> None:
    names = [cls.name for cls in FAMILIES[family]]
    assert len(names) == len(set(names)), names
    assert len(REGISTRY[family]) == len(FAMILIES[family])


def test_every_listed_class_is_registered_and_vice_versa() -> None:
    registered = [cls for names in REGISTRY.values() for cls in names.values()]
    assert len(ALL_POLICIES) == len(set(ALL_POLICIES))
    assert set(registered) == set(ALL_POLICIES)
    for family, names in REGISTRY.items():
        for name, cls in names.items():
            assert cls.name == name
            assert cls.family == family
            assert cls in FAMILIES[family]


def test_the_registered_names() -> None:
    assert {family: sorted(names) for family, names in REGISTRY.items()} == {
        "demand": ["cooperative", "escalating", "fixed", "strategic", "transactional"],
        "response": ["bargaining", "concede", "hedge", "resist", "strategic"],
        "provocation": ["none", "poisson", "signalling", "strategic", "wedge"],
        "retaliation": [
            "generous_tit_for_tat",
            "graduated",
            "grim",
            "none",
            "strategic",
            "tit_for_tat",
        ],
        "mediation": ["at_deadline", "early", "none", "strategic"],
        "coercion": ["inducement", "none", "strategic", "thaad"],
        "engagement": ["none", "reciprocal", "strategic"],
    }


def test_every_policy_has_a_test_class() -> None:
    # One collected subclass (``Test`` prefix) per policy, in its family's module.
    test_classes = [
        (family, obj)
        for family, module in TEST_MODULES.items()
        for name, obj in vars(module).items()
        if name.startswith("Test") and isinstance(obj, type) and issubclass(obj, PolicyTestCase)
    ]
    tested = [obj.policy_class for _, obj in test_classes]
    assert len(tested) == len(set(tested)), "a policy with two test classes"
    assert set(tested) == set(ALL_POLICIES)
    for family, obj in test_classes:
        assert obj.expected_family == family == obj.policy_class.family, obj.__name__


@pytest.mark.parametrize("family", NONE_FAMILIES)
def test_none_policies_are_plain(family: str) -> None:
    # What an actor gets for a family it leaves out: deterministic and memoryless.
    cls = policy_class(family, "none")
    assert cls.classifier == {"stochastic": False, "memory": False}
    assert build_policy(family, {"policy": "none"}, "actors.TEST").params == cls.Params()


def test_every_optional_family_has_a_none_policy() -> None:
    # sim.config: a family an actor may leave out defaults to its ``none`` policy.
    optional = {
        family
        for actor, families in ROLE_FAMILIES.items()
        for family in families
        if family not in REQUIRED_FAMILIES[actor]
    }
    assert optional, "no optional family at all"
    assert optional <= set(NONE_FAMILIES)
    assert all("none" in REGISTRY[family] for family in optional)


def test_none_names_a_different_class_in_each_family() -> None:
    nones = [policy_class(family, "none") for family in NONE_FAMILIES]
    assert len(set(nones)) == len(nones)
    assert [cls.family for cls in nones] == list(NONE_FAMILIES)


@pytest.mark.parametrize("cls", ALL_POLICIES, ids=POLICY_IDS)
def test_description_and_docstring(cls: type[Policy]) -> None:
    assert isinstance(cls.description, str) and cls.description.strip()
    assert cls.__doc__ is not None and cls.__doc__.strip()
    assert cls.__doc__ is not Policy.__doc__, "the docstring must be the policy's own"
    assert cls.decide.__doc__ is not None and cls.decide.__doc__.strip()


@pytest.mark.parametrize("cls", ALL_POLICIES, ids=POLICY_IDS)
def test_classifier_declares_both_traits(cls: type[Policy]) -> None:
    assert set(cls.classifier) == {"stochastic", "memory"}
    assert all(isinstance(v, bool) for v in cls.classifier.values())


@pytest.mark.parametrize("cls", ALL_POLICIES, ids=POLICY_IDS)
def test_every_param_has_a_default(cls: type[Policy]) -> None:
    assert issubclass(cls.Params, PolicyParams)
    required = [name for name, info in cls.Params.model_fields.items() if info.is_required()]
    assert required == []
    named_only = build_policy(cls.family, {"policy": cls.name}, "actors.TEST")
    assert type(named_only) is cls
    assert named_only.params == cls.Params()


@pytest.mark.parametrize("family", sorted(FAMILIES))
def test_unknown_name_raises_listing_the_valid_names(family: str) -> None:
    with pytest.raises(registry.UnknownPolicyError) as raised:
        policy_class(family, "no_such_policy")
    message = str(raised.value)
    assert "no_such_policy" in message
    assert f"valid: {', '.join(sorted(REGISTRY[family]))}" in message
    assert isinstance(raised.value, KeyError)


def test_a_name_of_another_family_is_unknown() -> None:
    with pytest.raises(registry.UnknownPolicyError, match="valid: bargaining, concede"):
        policy_class("response", "fixed")
    with pytest.raises(
        registry.UnknownPolicyError, match="valid: at_deadline, early, none, strategic"
    ):
        policy_class("mediation", "tit_for_tat")
    with pytest.raises(
        registry.UnknownPolicyError, match="valid: inducement, none, strategic, thaad"
    ):
        policy_class("coercion", "wedge")


def test_an_unknown_family_lists_the_seven() -> None:
    with pytest.raises(registry.UnknownPolicyError) as raised:
        policy_class("deterrence", "none")
    assert f"valid: {', '.join(REGISTRY)}" in str(raised.value)
    assert all(family in str(raised.value) for family in SEVEN_FAMILIES)


def test_build_policy_rejects_unknown_name_with_a_suggestion() -> None:
    with pytest.raises(ConfigError) as raised:
        build_policy("demand", {"policy": "escalatng"}, "actors.USA.demand")
    message = str(raised.value)
    assert "did you mean 'escalating'" in message
    assert "cooperative, escalating, fixed, strategic, transactional" in message


def test_build_policy_rejects_unknown_param() -> None:
    with pytest.raises(ConfigError, match="actors.USA.demand"):
        build_policy("demand", {"policy": "fixed", "growth": 0.1}, "actors.USA.demand")


def test_build_policy_suggests_a_retaliation_name() -> None:
    with pytest.raises(ConfigError) as raised:
        build_policy("retaliation", {"policy": "tit_for_tatt"}, "actors.ROK.retaliation")
    message = str(raised.value)
    assert "did you mean 'tit_for_tat'" in message
    assert "generous_tit_for_tat, graduated, grim, none, strategic, tit_for_tat" in message


@pytest.mark.parametrize("value", ["yes", 1])
def test_build_policy_rejects_a_linkage_that_is_not_a_boolean(value: object) -> None:
    with pytest.raises(ConfigError, match="actors.JPN.retaliation.linkage"):
        build_policy("retaliation", {"policy": "grim", "linkage": value}, "actors.JPN.retaliation")


def test_build_policy_rejects_a_target_china_does_not_watch() -> None:
    with pytest.raises(ConfigError, match="actors.CHN.coercion.targets"):
        build_policy("coercion", {"policy": "thaad", "targets": ["PRK"]}, "actors.CHN.coercion")
