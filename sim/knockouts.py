"""One documented knockout per mechanism M1-M10: its strength set to 0 (or its policy off).

A knockout is a list of dotted ``--set`` overrides of today's parameters (docs/CONFIG.md).
A key may hold one ``*`` in place of an actor code (``actors.*.mediation.strength``): it
stands for every actor whose resolved scenario has that key; for a key of a policy family
(``actors.*.FAMILY.PARAM``) it also stands for every ``policy_change`` shock of that family
whose new policy has ``PARAM`` (``timeline.N.policy.PARAM``). Keys that exist nowhere in a
scenario (a wedge parameter when the DPRK's policy is not ``wedge``) are left out: there is
nothing to knock out there; so are keys already at the knockout's value.

Where it can, a knockout sets a strength to 0 rather than switching a policy off, so that
the knocked-out run makes the same random draws as the baseline run of the same seed (a
mediation of strength 0 still draws its uniform); the comparisons are then on common random
numbers as far as the knocked-out state lets them be. M7 is the exception: with no
retaliation there are no measures and so no boycott draws.

Each knockout also states the outcome of the baseline its theory says it moves, and the
sign of the mechanism's effect ``baseline - knockout`` on it (MODEL.md: a mechanism counts
as in the model only if that effect's 95 % interval excludes zero in that direction). The
sign is the theory's for the baseline's state: M6 (Cha 1999) draws ROK and Japan together
when both fear abandonment alike, and the baseline's troop-cut threats raise both fears
above ``quasi_alliance_neutral`` (mean fear pressure about 0.28 against 0.2), so "+".
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from sim.config import Scenario
from sim.config.load import apply_overrides, validate_scenario

POLICY_FAMILIES = (
    "demand",
    "response",
    "retaliation",
    "provocation",
    "mediation",
    "coercion",
    "engagement",
)


@dataclass(frozen=True)
class Knockout:
    """A mechanism's knockout and the effect its theory predicts in the baseline."""

    mechanism: str  # M1 .. M10
    title: str
    removes: str  # one sentence: what the knockout takes out
    settings: tuple[tuple[str, Any], ...]  # dotted keys (with at most one "*") and values
    outcome: str  # the outcome (analysis.mechanisms) the theory says the mechanism moves
    direction: int  # sign of (baseline - knockout) on it that the theory states
    activity: tuple[str, ...] = ()  # outcomes that count the mechanism's own acts


#: The strategic DPRK's M5 weights (agents/policies/provocation_strategic.py).
DPRK_M5 = (
    "exercise",
    "talks_cost",
    "relief_cost",
    "pressure",
    "talks",
    "relief",
    "grievance",
    "programme",
)
#: The strategic US and ROK M5 weights toward the DPRK (policies/engagement_strategic.py).
ENGAGEMENT_M5 = ("reciprocity", "opening", "deadline", "threat")


def _zero(*keys: str) -> tuple[tuple[str, Any], ...]:
    return tuple((key, 0.0) for key in keys)


CATALOGUE: dict[str, Knockout] = {
    k.mechanism: k
    for k in (
        Knockout("M1", "free riding", "no free riding: every ally's elasticity is 0, so its"
                 " voluntary effort drifts toward its GDP share, and the effort responds to"
                 " neither threat, abandonment fear nor US pressure; a strategic ally's offer"
                 " costs it nothing (burden weight 0)",
                 _zero("actors.*.free_riding_elasticity", "mechanisms.effort_threat_response",
                       "mechanisms.effort_abandonment_response",
                       "mechanisms.effort_pressure_response", "actors.*.response.burden"),
                 "final_burden_share_rok", -1),
        Knockout("M2", "two-level games", "no Level II: no ratification failure, no affinity"
                 " lost to a demand above the win-set, no audience cost; a strategic ally"
                 " weighs no domestic opposition and no ratification risk",
                 _zero("mechanisms.two_level_friction", "mechanisms.demand_affinity_friction",
                       "mechanisms.audience_cost", "actors.*.retaliation.audience",
                       "actors.*.response.domestic", "actors.*.response.ratification",
                       "actors.*.engagement.domestic"),
                 "mean_affinity_rok_usa", -1),
        Knockout("M3", "abandonment", "troop-cut threats of the demand policy raise no fear and"
                 " fear widens no offer and raises no acceptance; a strategic ally weighs no"
                 " fear and no US pressure, a strategic US sees no lever in threats",
                 _zero("mechanisms.abandonment_concession", "mechanisms.troop_threat_fear",
                       "actors.*.retaliation.abandonment", "actors.*.response.abandonment",
                       "actors.*.response.us_pressure", "actors.*.demand.lever",
                       "actors.*.engagement.alliance"),
                 "sma_agreed_step", -1),
        Knockout("M4", "entrapment", "rivalry-linked asks raise no entrapment fear, and a"
                 " strategic ally weighs none",
                 _zero("mechanisms.entrapment_sensitivity", "actors.*.response.entrapment"),
                 "mean_entrapment_fear_rok", 1),
        Knockout("M5", "balance of threat (rally)", "shared threat raises no affinity and own"
                 " threat no domestic support; a strategic dispute party sees no security"
                 " cost in linking trade to GSOMIA; a strategic DPRK signals against no"
                 " exercise and weighs neither talks, relief nor a grievance; a strategic ally"
                 " sees no protection's value in a deployment",
                 _zero("mechanisms.rally_strength", "mechanisms.rally_support",
                       "actors.*.retaliation.security", "actors.*.response.threat",
                       *(f"actors.*.provocation.{w}" for w in DPRK_M5),
                       *(f"actors.*.engagement.{w}" for w in ENGAGEMENT_M5)),
                 "mean_trilateral_cohesion", 1),
        Knockout("M6", "quasi-alliance", "ROK-Japan affinity does not drift with the two"
                 " allies' abandonment fears, nor do their dispute choices",
                 _zero("mechanisms.quasi_alliance_strength",
                       "actors.*.retaliation.quasi_alliance"),
                 "mean_affinity_rok_jpn", 1),
        Knockout("M7", "retaliation", "no party to a dispute retaliates (retaliation policy"
                 " none): no measures, no GSOMIA notice",
                 (("actors.*.retaliation.policy", "none"),), "mean_cohesion_rok_jpn", -1,
                 ("total_retaliations",)),
        Knockout("M8", "wedge strategies", "a DPRK wedge takes no affinity and does not launch"
                 " more when cohesion is low; a Chinese inducement courts with strength 0 and"
                 " takes no US affinity; a strategic China sees no value in courting a weak"
                 " dyad; a strategic DPRK sees no value in launching at a weak dyad",
                 _zero("mechanisms.wedge_strength", "actors.*.provocation.wedge",
                                "actors.*.provocation.cohesion_sensitivity",
                                "actors.*.coercion.strength", "actors.*.coercion.us_pull",
                                "actors.*.coercion.courting"), "mean_affinity_rok_jpn", -1),
        Knockout("M9", "economic coercion", "a coercion episode (its GDP loss still"
                 " recorded) costs no support, affinity, trade or entrapment fear and adds no"
                 " credibility; a strategic China sees no value in punishing a deployment or"
                 " warning on an open ask, and its warnings add no credibility; a strategic ally"
                 " fears no coercion for a rivalry-linked ask",
                 _zero("mechanisms.coercion_support_cost",
                       "mechanisms.coercion_entrapment", "mechanisms.coercion_affinity_cost",
                       "mechanisms.coercion_credibility_gain", "mechanisms.coercion_trade_cut",
                       "actors.*.coercion.deployment", "actors.*.coercion.rivalry_asks",
                       "actors.*.coercion.warning", "actors.*.response.coercion_risk"),
                 "mean_entrapment_fear_rok", 1),
        Knockout("M10", "US mediation", "US mediation presses with strength 0; a strategic US"
                 " sees no stake in pressing (its dispute, GSOMIA and intelligence terms"
                 " weigh 0); a strategic dispute party feels no US pressure",
                 _zero("actors.*.mediation.strength", "actors.*.mediation.dispute",
                       "actors.*.mediation.gsomia", "actors.*.mediation.intelligence",
                       "actors.*.retaliation.us_pressure"),
                 "gsomia_terminated", -1, ("mediations",)),
    )
}  # fmt: skip
MECHANISM_IDS: tuple[str, ...] = tuple(CATALOGUE)


def toml_value(value: Any) -> str:
    """A value as ``--set`` text (TOML syntax)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return json.dumps(value)
    return repr(value)


def _has(node: Any, parts: list[str]) -> bool:
    for part in parts:
        if not isinstance(node, dict) or part not in node:
            return False
        node = node[part]
    return True


def expand(key: str, table: dict[str, Any]) -> list[str]:
    """The concrete keys a knockout key stands for in a resolved scenario table."""
    if "*" not in key:
        return [key]
    head, _, rest = key.partition(".*.")
    if head != "actors":
        raise ValueError(f"knockout key {key}: '*' stands for an actor only")
    parts = rest.split(".")
    found = [
        f"actors.{code}.{rest}" for code in table["actors"] if _has(table["actors"][code], parts)
    ]
    if parts[0] in POLICY_FAMILIES and len(parts) == 2:
        for index, shock in enumerate(table.get("timeline", [])):
            policy = shock.get("policy")
            if shock.get("family") == parts[0] and isinstance(policy, dict) and parts[1] in policy:
                found.append(f"timeline.{index}.policy.{parts[1]}")
    return found


def overrides_for(mechanism: str, scenario: Scenario) -> list[str]:
    """The ``--set`` overrides of a mechanism's knockout in this scenario."""
    if mechanism not in CATALOGUE:
        raise KeyError(f"unknown mechanism {mechanism!r}; valid: {', '.join(MECHANISM_IDS)}")
    table = scenario.resolved_table()
    return [
        f"{concrete}={toml_value(value)}"
        for key, value in CATALOGUE[mechanism].settings
        for concrete in expand(key, table)
        if _value_at(table, concrete) != value  # already knocked out there: nothing to set
    ]


def _value_at(table: dict[str, Any], key: str) -> Any:
    node: Any = table
    for part in key.split("."):
        node = node[int(part)] if isinstance(node, list) else node.get(part)
    return node


def knocked_out(scenario: Scenario, mechanism: str) -> Scenario:
    """The scenario with one mechanism knocked out (same name, seed and everything else)."""
    overrides = overrides_for(mechanism, scenario)
    table = apply_overrides(scenario.resolved_table(), overrides, scenario.source)
    keys = tuple(o.partition("=")[0] for o in overrides)
    return validate_scenario(table, scenario.source, (*dict(scenario.overrides), *keys))
