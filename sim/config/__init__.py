"""Scenario configuration: schema, strict loading and ``--set`` overrides."""

from sim.config.load import Scenario, build_policy, load_scenario, validate_scenario
from sim.config.schema import ACTORS, ALLIES, ScenarioFile

__all__ = [
    "ACTORS",
    "ALLIES",
    "Scenario",
    "ScenarioFile",
    "build_policy",
    "load_scenario",
    "validate_scenario",
]
