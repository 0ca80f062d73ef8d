"""Policy families are defined once (a Family descriptor) and everything derives from it."""

from __future__ import annotations

from mechanism_support import scenario

from agents.policies import DESCRIPTORS, FAMILY_LIST
from sim.config.schema import POLICY_FAMILIES, REQUIRED_FAMILIES, ROLE_FAMILIES, ActorSection
from sim.core.model import AllianceModel
from sim.core.observe import build_snapshot, consulted


def test_every_policy_belongs_to_the_family_that_lists_it():
    for family in FAMILY_LIST:
        assert family.policies, family.name
        assert all(cls.family == family.name for cls in family.policies)
        assert "none" in {cls.name for cls in family.policies} or family.required_by


def test_schema_roles_and_tables_derive_from_the_descriptors():
    assert tuple(DESCRIPTORS) == POLICY_FAMILIES
    for code, families in ROLE_FAMILIES.items():
        assert set(families) == {f.name for f in FAMILY_LIST if code in f.holders}
        assert set(REQUIRED_FAMILIES[code]) <= set(families)
    assert set(POLICY_FAMILIES) <= set(ActorSection.model_fields)


def test_the_snapshot_has_views_for_every_family_and_only_for_holders():
    model = AllianceModel(scenario(), 1)
    model.run(3)  # the dispute has started, items are open
    world = model.world
    snapshot = build_snapshot(
        world,
        4,
        mech=model.mech,
        cohesion=model.cohesion,
        calendar=model.calendar,
        new_deployments=(),
    )
    assert set(snapshot.views) == set(DESCRIPTORS)
    for name, by_actor in snapshot.views.items():
        family = DESCRIPTORS[name]
        assert set(by_actor) <= set(family.holders), name
        for views in by_actor.values():
            assert all(isinstance(obs, family.observation) for obs in views.values()), name
            if family.keyed_by == "":
                assert list(views) == [""], name
        if family.keyed_by == "":  # every holder whose policy decides; none for an inert one
            deciding = {h for h in family.holders if consulted(world, h, name)}
            assert set(by_actor) == deciding, name
    assert snapshot.of("provocation", "PRK") and snapshot.of("mediation", "USA")
    assert not snapshot.of("engagement", "USA"), "the baseline's engagement is inert: no view"
    assert snapshot.of("retaliation", "JPN"), "the baseline's dispute is under way"
