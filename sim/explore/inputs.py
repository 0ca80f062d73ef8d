"""The page's inputs as SolaraViz ``model_params``: scenario, replicate, policies, parameters.

Each key is an :class:`~sim.explore.model.ExplorerModel` keyword; Mesa passes the values to
the constructor on Reset. The run length and policy choices default to :data:`AS_IN_FILE`
(so the 42-month ``dprk_2019_2022`` runs to its end) and the parameter sliders to the
baseline's values, which no shipped scenario changes (tests/test_explore_model.py checks
it), so the inputs left alone run each scenario exactly as its file says.
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
    Parameter("mechanisms.abandonment_concession", "Abandonment → concession (M3)", 0.0, 2.0, 0.05),
    Parameter("mechanisms.entrapment_sensitivity", "Entrapment sensitivity (M4)", 0.0, 0.5, 0.01),
    Parameter("mechanisms.troop_threat_fear", "Fear from a troop-cut threat", 0.0, 0.5, 0.01),
    Parameter("mechanisms.rally_strength", "Rally after a launch (M5)", 0.0, 0.5, 0.01),
    Parameter("mechanisms.audience_cost", "Audience cost of conceding (M2)", 0.0, 1.0, 0.05),
    Parameter("mechanisms.measure_affinity_cost", "Affinity cost of a measure", 0.0, 0.5, 0.01),
)
MAX_REPLICATE = 49
#: Run lengths a user may pick instead of the scenario's own (36 months for the baseline
#: and what-ifs, 42 for ``dprk_2019_2022``).
MONTHS: tuple[int, ...] = (6, 12, 18, 24, 30, 36, 42, 48, 60)


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


def months_input() -> dict[str, Any]:
    """The run length: the scenario's own by default, so that every scenario runs to its end."""
    return {
        "type": "Select",
        "label": "Months to simulate",
        "value": AS_IN_FILE,
        "values": [AS_IN_FILE, *MONTHS],
    }


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
        keyword("scenario.steps"): months_input(),
        **policy_inputs(),
        **parameter_inputs(),
    }
