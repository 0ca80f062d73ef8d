"""Hypothesis strategies for model-level property tests: random valid ``--set`` overrides."""

from __future__ import annotations

from hypothesis import strategies as st

from agents.policies import REGISTRY

UNIT_KEYS = [
    "mechanisms.burden_adjustment_rate",
    "mechanisms.demand_affinity_friction",
    "mechanisms.audience_cost",
    "mechanisms.troop_threat_fear",
    "mechanisms.entrapment_sensitivity",
    "mechanisms.rally_strength",
    "mechanisms.rally_support",
    "mechanisms.affinity_relaxation",
    "mechanisms.fear_relaxation",
    "mechanisms.support_relaxation",
    "mechanisms.agreement_affinity_bonus",
    "mechanisms.refusal_affinity_cost",
    "actors.ROK.domestic_support",
    "actors.ROK.abandonment_fear",
    "actors.ROK.entrapment_fear",
    "actors.ROK.threat_from_prk",
    "actors.JPN.domestic_support",
    "actors.JPN.abandonment_fear",
    "actors.JPN.entrapment_fear",
    "actors.CHN.coercion_credibility",
    "actors.ROK.free_riding_elasticity",
    "actors.JPN.free_riding_elasticity",
    "mechanisms.measure_affinity_cost",
    "mechanisms.quasi_alliance_strength",
    "mechanisms.quasi_alliance_neutral",
    "mechanisms.wedge_strength",
    "mechanisms.coercion_support_cost",
    "mechanisms.coercion_entrapment",
    "mechanisms.coercion_affinity_cost",
    "mechanisms.coercion_credibility_gain",
    "disputes.history.boycott_probability",
]
SIGNED_KEYS = [
    "relations.affinity.ROK.USA",
    "relations.affinity.JPN.ROK",
    "relations.affinity.USA.JPN",
]


POLICY_SLOTS = (
    ("USA", "demand"),
    ("ROK", "response"),
    ("JPN", "response"),
    ("PRK", "provocation"),
    ("ROK", "retaliation"),
    ("JPN", "retaliation"),
    ("USA", "mediation"),
    ("CHN", "coercion"),
)


def _assignment(key: str, value: float) -> str:
    return f"{key}={value!r}"


@st.composite
def scenario_overrides(draw: st.DrawFn) -> list[str]:
    """A list of in-range overrides of the baseline, policies included."""
    keys = draw(st.lists(st.sampled_from(UNIT_KEYS), unique=True, max_size=8))
    overrides = [_assignment(k, draw(st.floats(0.0, 1.0))) for k in keys]
    signed = draw(st.lists(st.sampled_from(SIGNED_KEYS), unique=True, max_size=3))
    overrides += [_assignment(k, draw(st.floats(-1.0, 1.0))) for k in signed]
    overrides.append(_assignment("mechanisms.two_level_friction", draw(st.floats(0.0, 100.0))))
    overrides.append(_assignment("mechanisms.abandonment_concession", draw(st.floats(0.0, 10.0))))
    overrides.append(_assignment("mechanisms.threat_half_life", draw(st.floats(0.1, 1200.0))))
    overrides.append(_assignment("agenda.sma_rok.ask", draw(st.floats(1.0, 50.0))))
    overrides.append(f"institutions.gsomia_notice_months={draw(st.integers(1, 24))}")
    overrides.append(f"mechanisms.measure_saturation={draw(st.integers(1, 20))}")
    for actor, family in POLICY_SLOTS:
        name = draw(st.sampled_from(sorted(REGISTRY[family])))
        overrides.append(f"actors.{actor}.{family}.policy={name}")
    linkage = "true" if draw(st.booleans()) else "false"
    overrides.append(f"actors.ROK.retaliation.linkage={linkage}")
    return overrides
