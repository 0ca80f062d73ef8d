"""Load a sweep file strictly and check every point against the scenario schema.

Loading reads the sweep file, its base scenario (``base``, relative to the sweep file),
builds the design and validates the base with each point's values through
:func:`sim.config.validate_scenario`, all before any run starts. Any problem raises one
:class:`~sim.errors.ConfigError` naming the sweep file, the key and what was expected.
"""

from __future__ import annotations

import copy
import hashlib
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from sim.config import Scenario, validate_scenario
from sim.config.errors import explain
from sim.config.load import apply_overrides, read_scenario_table, read_toml, set_path
from sim.errors import ConfigError
from sim.resources import resolve_config
from sim.storage import records_decisions
from sim.sweep.keys import Point, make_point
from sim.sweep.sampling import design
from sim.sweep.spec import PARAMETER_TABLES, SweepFile, flatten_parameter_tables, spec_table


@dataclass(frozen=True)
class Sweep:
    """A validated sweep: its spec, the base scenario table and every point of its design."""

    source: str
    spec: SweepFile
    base_raw: dict[str, Any]  # the base scenario file as read (``extends`` resolved)
    base: dict[str, Any]  # base_raw with ``[fixed]`` and ``steps`` applied: what runs start from
    parameters: tuple[str, ...]  # swept dotted keys: levers, then uncertainties
    design: tuple[str, ...]  # the point id of every sample, in the sampler's order
    points: tuple[Point, ...]  # distinct points, sorted by point id

    @property
    def name(self) -> str:
        """The sweep's name, used in the run directory's name."""
        return self.spec.sweep.name

    @property
    def run_count(self) -> int:
        """How many runs the sweep makes: distinct points times replications."""
        return len(self.points) * self.spec.sweep.replications

    @property
    def record_decisions(self) -> bool:
        """Whether its runs record decisions: the base's ``[run]``, or a point that sets it."""
        key = "run.record_decisions"
        return records_decisions(self.base) or any(p.as_dict().get(key) for p in self.points)

    def identity(self) -> dict[str, Any]:
        """What a resumed sweep must share with the original: all but executor settings."""
        table = spec_table(self.spec)
        table["sweep"] = {
            k: v
            for k, v in table["sweep"].items()
            if k not in ("executor", "description", "base")  # the base is compared by content
        }
        return {"spec": table, "base": self.base_raw}

    def fingerprint(self) -> str:
        """A hash of :meth:`identity`."""
        text = json.dumps(self.identity(), sort_keys=True, default=str)
        return hashlib.sha256(text.encode()).hexdigest()


def is_sweep_file(path: str | Path) -> bool:
    """Whether a TOML file (a path or a shipped name) is a sweep file: it has ``[sweep]``."""
    return isinstance(read_toml(resolve_config(path)).get("sweep"), dict)


def parse_spec(raw: Mapping[str, Any], source: str) -> SweepFile:
    """The typed sweep spec; a schema error names the sweep file and the key."""
    try:
        spec = SweepFile.model_validate(flatten_parameter_tables(raw, source))
    except ValidationError as exc:
        key, message = explain(exc.errors()[0], SweepFile)
        raise ConfigError(source, key, message) from None
    for table in PARAMETER_TABLES:
        for key in getattr(spec, table):
            if "" in key.split("."):
                message = "expected a dotted scenario key, e.g. mechanisms.rally_strength"
                raise ConfigError(source, f"{table}.{key}", message)
    return spec


def base_tables(spec: SweepFile, source: str) -> tuple[dict[str, Any], dict[str, Any]]:
    """The base scenario as read, and with ``[fixed]`` values and ``steps`` applied."""
    base_path = Path(source).resolve().parent / spec.sweep.base
    if not base_path.is_file():
        raise ConfigError(source, "sweep.base", f"no such file: {base_path}")
    raw = read_scenario_table(base_path)
    base = copy.deepcopy(raw)
    fixed = dict(spec.fixed)
    if spec.sweep.steps is not None:
        fixed["scenario.steps"] = spec.sweep.steps
    for key, value in ordered(fixed):
        set_path(base, key, value, f"{source} (fixed.{key})")
    labels = {key: f"fixed.{key}" for key in fixed} | {"scenario.steps": "sweep.steps"}
    check_point(base, {}, source, labels)
    return raw, base


def ordered(values: Mapping[str, Any]) -> list[tuple[str, Any]]:
    """Values in application order: policy names first, as naming a policy resets its table."""
    return sorted(values.items(), key=lambda item: not item[0].endswith(".policy"))


def copy_along(table: dict[str, Any], key: str) -> None:
    """Replace the tables on ``key``'s path by copies, so that setting it spares the original.

    Cheaper than a deep copy of the whole scenario for every point; a path that does not
    exist is left for :func:`set_path` to create or to report.
    """
    node: Any = table
    for part in key.split(".")[:-1]:
        if isinstance(node, dict) and isinstance(node.get(part), dict | list):
            node[part] = copy.copy(node[part])
            node = node[part]
        elif isinstance(node, list) and part.isdigit() and int(part) < len(node):
            node[int(part)] = copy.copy(node[int(part)])
            node = node[int(part)]
        else:
            return


def scenario_for(base: Mapping[str, Any], values: Mapping[str, Any], source: str) -> Scenario:
    """The validated scenario of a point: the base with the point's values set."""
    raw = dict(base)
    for key, value in ordered(values):
        copy_along(raw, key)
        set_path(raw, key, value, source)
    return validate_scenario(raw, source, override_keys=tuple(values))


def labels_of(spec: SweepFile) -> dict[str, str]:
    """How errors name each swept key: its table in the sweep file and the key."""
    return {
        **{key: f"levers.{key}" for key in spec.levers},
        **{key: f"uncertainties.{key}" for key in spec.uncertainties},
    }


def check_point(
    base: Mapping[str, Any], values: Mapping[str, Any], source: str, labels: Mapping[str, str]
) -> None:
    """Validate one point; a failure names the sweep file's table and key, and the values.

    ``labels`` maps each key set on the base to its name in the sweep file.
    """
    try:
        scenario_for(base, values, "<sweep>")
    except ConfigError as exc:
        culprit = next(
            (k for k in labels if exc.key == k or exc.key.startswith(k + ".")),
            next((k for k in labels if k.startswith(exc.key + ".")), None),
        )
        where = labels.get(culprit, exc.key) if culprit else exc.key
        detail = f"{exc.key}: " if culprit and exc.key != culprit else ""
        point = f" (at {json.dumps(dict(values))})" if len(values) > 1 else ""
        raise ConfigError(source, where, f"{detail}{exc.message}{point}") from None


def build_points(
    samples: list[dict[str, Any]], base: Mapping[str, Any], spec: SweepFile, source: str
) -> tuple[tuple[str, ...], tuple[Point, ...]]:
    """Point ids in design order and the distinct points, each validated once."""
    distinct: dict[str, Point] = {}
    design_ids = []
    labels = labels_of(spec)
    for values in samples:
        point = make_point(values)
        seen = distinct.get(point.point_id)
        if seen is None:
            check_point(base, values, source, labels)
            distinct[point.point_id] = point
        elif seen.as_dict() != values:  # a hash collision: never silently merge two points
            raise ConfigError(source, "", f"two points share the id {point.point_id}")
        design_ids.append(point.point_id)
    return tuple(design_ids), tuple(distinct[k] for k in sorted(distinct))


def load_sweep(
    path: str | Path, overrides: Sequence[str] = (), labels: Mapping[str, str] | None = None
) -> Sweep:
    """Read and validate a sweep file (a path or a shipped name) and every point of its design.

    ``overrides`` are ``KEY=VALUE`` assignments to the sweep file's own keys (the Python
    API's ``replications`` sets ``sweep.replications``); ``labels`` name their options.
    """
    path = resolve_config(path)
    source = str(path)
    spec = parse_spec(apply_overrides(read_toml(path), overrides, source, labels), source)
    overlap = sorted(set(spec.levers) & set(spec.uncertainties))
    if overlap:
        raise ConfigError(source, f"uncertainties.{overlap[0]}", "already a lever; name it once")
    swept = sorted(set(spec.fixed) & (set(spec.levers) | set(spec.uncertainties)))
    if swept:
        raise ConfigError(source, f"fixed.{swept[0]}", "also swept; fix it or sweep it, not both")
    if spec.sweep.steps is not None and "scenario.steps" in spec.fixed:
        message = "sweep.steps sets it too; give the number of steps once"
        raise ConfigError(source, "fixed.scenario.steps", message)
    raw_base, base = base_tables(spec, source)
    design_ids, points = build_points(design(spec, source), base, spec, source)
    parameters = (*spec.levers, *spec.uncertainties)
    return Sweep(source, spec, raw_base, base, parameters, design_ids, points)
