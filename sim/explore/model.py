"""A keyword-only Mesa model around :class:`AllianceModel`, for SolaraViz and ``batch_run``.

``ExplorerModel(config="baseline_2019", replicate=0, seed=None, **overrides)`` loads a
scenario file, applies overrides and steps the alliance model month by month, collecting
every step metric in a Mesa ``DataCollector`` (step 0 is the initial state).

Overrides name a scenario key by its dotted path (docs/CONFIG.md), written with double
underscores, since a dot cannot appear in a Python keyword::

    ExplorerModel(mechanisms__rally_strength=0.2, actors__PRK__provocation__policy="none")

or, for any key, in an ``overrides`` mapping: ``overrides={"mechanisms.rally_strength": 0.2}``.
An override whose value is ``None`` or :data:`AS_IN_FILE` is skipped (the file's value
stays); naming a new policy starts it from its own default parameters, as ``--set`` does.

Seeds: ``seed`` (or Mesa's ``rng``, an integer) is the run seed; without one, the run is
replicate ``replicate`` of ``python -m sim run``, with the same derived seed and results.
Mesa's own experimental ``Scenario``, which SolaraViz passes as ``scenario`` on Reset, is
ignored: the scenario here is the file named by ``config``.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import mesa
import numpy as np
import tomli_w
from mesa.experimental.scenarios import Scenario as MesaScenario

from sim.config import Scenario, load_scenario
from sim.core.model import AllianceModel
from sim.errors import ConfigError
from sim.explore import state
from sim.resources import configs_root, resolve_config
from sim.runner import derive_seed

#: The value of an override that leaves the scenario file's value in place.
AS_IN_FILE = "as in the scenario"


def configs_dir() -> Path:
    """The folder of the scenario files shipped with the project."""
    return configs_root()


#: The scenarios listed first, in this order; every other shipped scenario follows by name.
FIRST_SCENARIOS: tuple[str, ...] = ("baseline_2019",)
#: Listed last: the comparison and validation bases, after the what-ifs.
LAST_SCENARIOS: tuple[str, ...] = ("rulebased_2019", "replay_2019_only")


def scenario_names() -> list[str]:
    """Every shipped scenario, the baseline first and the comparison bases last.

    Between them, by file name: the what-ifs and the longer ``dprk_2019_2022`` (42 months).
    """
    shipped = sorted(p.stem for p in configs_dir().glob("*.toml"))
    edges = (*FIRST_SCENARIOS, *LAST_SCENARIOS)
    middle = [name for name in shipped if name not in edges]
    return [*(n for n in FIRST_SCENARIOS if n in shipped), *middle,
            *(n for n in LAST_SCENARIOS if n in shipped)]  # fmt: skip


def config_path(config: str | Path) -> Path:
    """A scenario file from a shipped name or a path to a TOML file."""
    return resolve_config(config)


def toml_value(value: Any) -> str:
    """A Python value written as the TOML text that ``--set`` parses."""
    return tomli_w.dumps({"v": value}).partition("=")[2].strip()


def dotted_overrides(
    keywords: Mapping[str, Any], overrides: Mapping[str, Any] | None
) -> dict[str, Any]:
    """Every override as ``dotted.key -> value``, skipping the ones left as in the file."""
    merged = {key.replace("__", "."): value for key, value in keywords.items()}
    merged.update(overrides or {})
    return {k: v for k, v in merged.items() if v is not None and v != AS_IN_FILE}


def check_keywords(keywords: Mapping[str, Any]) -> None:
    """Reject a keyword that is neither a double-underscore override nor Mesa's Scenario."""
    for key in keywords:
        if "__" not in key.strip("_"):
            raise TypeError(
                f"ExplorerModel got an unexpected keyword argument {key!r}; scenario keys are "
                "written with double underscores, e.g. mechanisms__rally_strength=0.2"
            )


def build_scenario(config: str | Path, overrides: Mapping[str, Any]) -> Scenario:
    """Load the scenario file with the overrides applied; bad input raises ConfigError."""
    assignments = [f"{key}={toml_value(value)}" for key, value in overrides.items()]
    labels = {key: f"override {key}" for key in overrides}
    try:
        return load_scenario(config_path(config), assignments, labels)
    except TypeError as exc:  # a value TOML cannot write (e.g. an object)
        raise ConfigError(str(config), "", f"override value: {exc}") from None


def lookup(table: Mapping[str, Any], key: str) -> Any:
    """The value at dotted ``key`` of a nested table, or None where there is none."""
    node: Any = table
    for part in key.split("."):
        if isinstance(node, list) and part.isdigit() and int(part) < len(node):
            node = node[int(part)]
        elif isinstance(node, Mapping) and part in node:
            node = node[part]
        else:
            return None
    return node


def changed_keys(config: str | Path, overrides: Mapping[str, Any]) -> dict[str, Any]:
    """The overrides whose value differs from the scenario file's."""
    if not overrides:
        return {}
    table = build_scenario(config, {}).resolved_table()
    return {key: value for key, value in overrides.items() if lookup(table, key) != value}


def collected_metric(model: ExplorerModel, name: str) -> Any:
    """One step metric of the explorer's current state (a picklable reporter)."""
    return state.metrics(model.core)[name]


class ExplorerModel(mesa.Model):
    """The alliance model with a keyword-only constructor, stepped one month at a time."""

    def __init__(
        self,
        *,
        config: str = "baseline_2019",
        replicate: int = 0,
        seed: int | None = None,
        rng: int | np.random.Generator | None = None,
        overrides: Mapping[str, Any] | None = None,
        **keywords: Any,
    ) -> None:
        mesa_scenario = keywords.pop("scenario", None)
        if mesa_scenario is not None and not isinstance(mesa_scenario, MesaScenario):
            raise TypeError("'scenario' is Mesa's Scenario; name the scenario file with config=")
        check_keywords(keywords)
        self.settings: dict[str, Any] = {
            "config": str(config),
            "overrides": dotted_overrides(keywords, overrides),
        }
        self.alliance_scenario = build_scenario(config, self.settings["overrides"])
        #: The overrides that change the file (the page's sliders always pass a value).
        self.changes = changed_keys(config, self.settings["overrides"])
        self.replicate = int(replicate)
        self.run_seed = self._run_seed(seed, rng)
        super().__init__(rng=self.run_seed)
        self.core = AllianceModel(self.alliance_scenario, self.run_seed)
        reporters = {
            name: functools.partial(collected_metric, name=name) for name in state.metric_names()
        }
        self.datacollector = mesa.DataCollector(model_reporters=reporters)
        self.datacollector.collect(self)
        self.running = state.steps_done(self.core) < state.total_steps(self.core)

    def _run_seed(self, seed: int | None, rng: int | np.random.Generator | None) -> int:
        same = isinstance(rng, int | np.integer) and rng == seed
        if seed is not None and rng is not None and not same:
            raise ValueError("pass either seed or rng, not both")
        given = seed if seed is not None else rng
        if isinstance(given, np.random.Generator):
            return int(given.integers(2**63))
        if given is not None:
            return int(given)
        return derive_seed(self.alliance_scenario.spec.scenario.seed, self.replicate)

    def step(self) -> None:
        """Simulate one month and collect its metrics; past the scenario's last month, nothing.

        (SolaraViz's Step runs "Render Interval" steps without checking ``running``.)
        """
        if not self.running:
            return
        self.core.step()
        self.datacollector.collect(self)
        self.running = state.steps_done(self.core) < state.total_steps(self.core)
