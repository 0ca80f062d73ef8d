"""The page's inputs as SolaraViz ``model_params``: scenario, replicate, policies, parameters.

Each key is an :class:`~sim.explore.model.ExplorerModel` keyword; Mesa passes the values to
the constructor on Reset. Policy choices default to :data:`AS_IN_FILE` and the parameter
sliders to the baseline's values, which no what-if changes (tests/test_explore_model.py
checks it), so the inputs left alone run each scenario exactly as its file says.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Any

from agents.policies import REGISTRY
from sim.config.schema import ACTORS, ROLE_FAMILIES
from sim.explore.model import AS_IN_FILE, build_scenario, scenario_names


@dataclass(frozen=True, slots=True)
class Parameter:
    """A scenario value shown as a slider."""

    key: str  # dotted path in the scenario file
    label: str
    low: float
    high: float
    step: float


#: The main parameters: the strengths of the mechanisms users most often ask about.
PARAMETERS: tuple[Parameter, ...] = (
    Parameter("scenario.steps", "Months to simulate", 12, 60, 1),
    Parameter("mechanisms.abandonment_concession", "Abandonment → concession (M3)", 0.0, 2.0, 0.05),
    Parameter("mechanisms.entrapment_sensitivity", "Entrapment sensitivity (M4)", 0.0, 0.5, 0.01),
    Parameter("mechanisms.troop_threat_fear", "Fear from a troop-cut threat", 0.0, 0.5, 0.01),
    Parameter("mechanisms.rally_strength", "Rally after a launch (M5)", 0.0, 0.5, 0.01),
    Parameter("mechanisms.audience_cost", "Audience cost of conceding (M2)", 0.0, 1.0, 0.05),
    Parameter("mechanisms.measure_affinity_cost", "Affinity cost of a measure", 0.0, 0.5, 0.01),
)
MAX_REPLICATE = 49


def keyword(dotted: str) -> str:
    """The constructor keyword of a dotted scenario key."""
    return dotted.replace(".", "__")


def policy_key(actor: str, family: str) -> str:
    """The dotted key of an actor's policy name for a family."""
    return f"actors.{actor}.{family}.policy"


@cache
def baseline_value(key: str) -> Any:
    """A value of the baseline scenario by dotted key."""
    node: Any = build_scenario("baseline_2019", {}).spec
    for part in key.split("."):
        node = getattr(node, part)
    return node


def policy_inputs() -> dict[str, dict[str, Any]]:
    """One select per actor and policy family it may carry."""
    inputs = {}
    for actor in ACTORS:
        for family in ROLE_FAMILIES[actor]:
            inputs[keyword(policy_key(actor, family))] = {
                "type": "Select",
                "label": f"{actor} · {family}",
                "value": AS_IN_FILE,
                "values": [AS_IN_FILE, *REGISTRY[family]],
            }
    return inputs


def parameter_inputs() -> dict[str, dict[str, Any]]:
    """One slider per main parameter, at the baseline's value."""
    inputs = {}
    for p in PARAMETERS:
        integer = isinstance(baseline_value(p.key), int)
        inputs[keyword(p.key)] = {
            "type": "SliderInt" if integer else "SliderFloat",
            "label": p.label,
            "value": baseline_value(p.key),
            "min": int(p.low) if integer else p.low,
            "max": int(p.high) if integer else p.high,
            "step": int(p.step) if integer else p.step,
        }
    return inputs


def model_params() -> dict[str, Any]:
    """Every input of the page, in the order shown."""
    return {
        "config": {
            "type": "Select",
            "label": "Scenario",
            "value": "baseline_2019",
            "values": scenario_names(),
        },
        "replicate": {
            "type": "SliderInt",
            "label": "Replicate (its seed as in sim run)",
            "value": 0,
            "min": 0,
            "max": MAX_REPLICATE,
            "step": 1,
        },
        **policy_inputs(),
        **parameter_inputs(),
    }
