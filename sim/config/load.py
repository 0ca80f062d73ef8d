"""Load a scenario file strictly: TOML, then ``--set`` overrides, then typed validation.

Defaults come from the schema, then the file, then command-line overrides (the towncrier
and vulture habit). Any problem raises :class:`~sim.errors.ConfigError` naming the file,
the dotted key and what was expected; nothing is written by loading.
"""

from __future__ import annotations

import copy
import tomllib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import ValidationError
from pydantic_core import ErrorDetails

from agents.policies import REGISTRY, Policy
from sim.config.errors import describe_value, explain
from sim.config.files import MAX_EXTENDS, read_toml
from sim.config.schema import (
    ACTORS,
    DISPUTE_FAMILIES,
    POLICY_FAMILIES,
    REQUIRED_FAMILIES,
    ROLE_FAMILIES,
    ScenarioFile,
)
from sim.errors import ConfigError, did_you_mean
from sim.resources import resolve_config


@dataclass(frozen=True)
class Scenario:
    """A validated scenario: the typed file plus one policy object per actor and family."""

    spec: ScenarioFile
    policies: Mapping[str, Mapping[str, Policy]]
    source: str = "<memory>"
    overrides: tuple[tuple[str, Any], ...] = field(default=())
    shock_policies: Mapping[int, Policy] = field(default_factory=dict)

    @property
    def name(self) -> str:
        """The scenario's name, used in run directory names and run ids."""
        return self.spec.scenario.name

    def resolved_table(self) -> dict[str, Any]:
        """The scenario as a TOML-ready table with every default and policy parameter filled."""
        table = self.spec.model_dump(mode="python", exclude_none=True)
        for code, families in self.policies.items():
            for family, policy in families.items():
                table["actors"][code][family] = policy.as_table()
        for index, policy in self.shock_policies.items():
            table["timeline"][index]["policy"] = policy.as_table()
        return table


def read_scenario_table(path: str | Path, _seen: tuple[Path, ...] = ()) -> dict[str, Any]:
    """Parse a scenario file, resolving ``extends = "other.toml"`` (relative to the file).

    The file's tables are merged into the base's key by key; arrays (``timeline``) and
    policy tables (those naming a ``policy``) replace the base's whole.
    """
    resolved = Path(path).resolve()
    if resolved in _seen:
        raise ConfigError(str(path), "extends", "circular: the file extends itself")
    if len(_seen) >= MAX_EXTENDS:
        raise ConfigError(str(path), "extends", f"a chain of more than {MAX_EXTENDS} files")
    raw = read_toml(path)
    base_name = raw.pop("extends", None)
    if base_name is None:
        return raw
    if not isinstance(base_name, str):
        raise ConfigError(
            str(path), "extends", f"expected a file name, got {describe_value(base_name)}"
        )
    base_path = resolved.parent / base_name
    if not base_path.is_file():
        raise ConfigError(str(path), "extends", f"no such file: {base_path}")
    return merge_tables(read_scenario_table(base_path, (*_seen, resolved)), raw)


def merge_tables(base: dict[str, Any], changes: dict[str, Any]) -> dict[str, Any]:
    """``base`` updated by ``changes``: tables merge recursively, other values replace."""
    merged = copy.deepcopy(base)
    for key, value in changes.items():
        current = merged.get(key)
        if isinstance(value, dict) and isinstance(current, dict) and "policy" not in value:
            merged[key] = merge_tables(current, value)
        else:
            merged[key] = copy.deepcopy(value)
    return merged


def parse_value(text: str) -> Any:
    """A ``--set`` value: TOML syntax (numbers, booleans, quoted strings, arrays), else text."""
    try:
        return tomllib.loads(f"v = {text}")["v"]
    except tomllib.TOMLDecodeError:
        return text


def apply_overrides(
    raw: dict[str, Any],
    assignments: Sequence[str],
    source: str,
    labels: Mapping[str, str] | None = None,
) -> dict[str, Any]:
    """A copy of ``raw`` with each ``KEY=VALUE`` applied at its dotted path."""
    result = copy.deepcopy(raw)
    # A policy named by --set takes effect first, so that --set keys of its parameters stick
    # whatever their order on the command line.
    ordered = sorted(assignments, key=lambda a: not a.partition("=")[0].strip().endswith(".policy"))
    for assignment in ordered:
        key, sep, text = assignment.partition("=")
        key = key.strip()
        if not sep or not key or "" in key.split("."):
            raise ConfigError(source, f"--set {assignment}", "expected KEY=VALUE with a dotted KEY")
        try:
            set_path(result, key, parse_value(text.strip()), source)
        except ConfigError as exc:
            option = (labels or {}).get(key, f"--set {key}")
            raise ConfigError(f"{source} ({option})", exc.key, exc.message) from None
    return result


def set_path(table: dict[str, Any], key: str, value: Any, source: str) -> None:
    """Set ``value`` at dotted ``key`` in nested tables (array items by index), in place.

    Naming a different policy (``actors.PRK.provocation.policy=none``) drops the parameters
    of the old one, so that later ``--set`` keys configure the new policy.
    """
    node: Any = table
    parts = key.split(".")
    for depth, part in enumerate(parts):
        last = depth == len(parts) - 1
        where = ".".join(parts[: depth + 1])
        if isinstance(node, list):
            if not part.isdigit() or int(part) >= len(node):
                raise ConfigError(source, where, f"expected an index below {len(node)}")
            part = int(part)
        elif not isinstance(node, dict):
            raise ConfigError(source, ".".join(parts[:depth]), "is a value, not a table")
        if last:
            renamed = (
                isinstance(node, dict)
                and isinstance(node.get("policy"), str)
                and node["policy"] != value
            )
            if part == "policy" and isinstance(value, str) and renamed:
                node.clear()  # a new policy starts from its own defaults, not the old parameters
            node[part] = value
        else:
            if isinstance(node, dict) and part not in node:
                node[part] = {}
            node = node[part]


def load_scenario(
    path: str | Path, overrides: Sequence[str] = (), labels: Mapping[str, str] | None = None
) -> Scenario:
    """Read, override and validate a scenario file (a path, or a shipped scenario's name).

    ``labels`` maps an override's key to the option that set it, for error messages.
    """
    path = resolve_config(path)
    return override_table(read_scenario_table(path), str(path), overrides, labels)


def override_table(
    raw: dict[str, Any],
    source: str,
    overrides: Sequence[str] = (),
    labels: Mapping[str, str] | None = None,
) -> Scenario:
    """Apply ``KEY=VALUE`` assignments to a parsed scenario table, then validate it."""
    table = apply_overrides(raw, overrides, source, labels)
    values = {
        a.partition("=")[0].strip(): parse_value(a.partition("=")[2].strip()) for a in overrides
    }
    return validate_scenario(table, source, tuple(values), values, labels)


def validate_scenario(
    raw: Mapping[str, Any],
    source: str = "<memory>",
    override_keys: Sequence[str] = (),
    override_values: Mapping[str, Any] | None = None,
    labels: Mapping[str, str] | None = None,
) -> Scenario:
    """Validate a parsed scenario table into a :class:`Scenario`.

    ``override_keys`` name the ``--set`` keys (errors on them name the option);
    ``override_values`` are their values as given, recorded with the scenario.
    """
    try:
        spec = ScenarioFile.model_validate(raw)
        policies = {code: _actor_policies(spec, code) for code in ACTORS}
        shock_policies = _shock_policies(spec)
    except ValidationError as exc:
        key, message = explain(most_helpful(exc), ScenarioFile)
        raise ConfigError(_source_for(source, key, override_keys, labels), key, message) from None
    except ConfigError as exc:
        raise ConfigError(
            _source_for(source, exc.key, override_keys, labels), exc.key, exc.message
        ) from None
    given = override_values if override_values is not None else {}
    overrides = tuple((k, given[k] if k in given else _lookup(raw, k)) for k in override_keys)
    return Scenario(spec, policies, source, overrides, shock_policies)


def most_helpful(exc: ValidationError) -> ErrorDetails:
    """The error to report: a misspelt key first (its hint explains a 'missing' sibling)."""
    errors = exc.errors()
    return next((e for e in errors if e["type"] == "extra_forbidden"), errors[0])


def _source_for(
    source: str, key: str, override_keys: Sequence[str], labels: Mapping[str, str] | None = None
) -> str:
    """Name the option that set the bad key (or else a sibling of it), if one did.

    ``labels`` names options other than ``--set KEY`` (the CLI's ``--steps`` and kin).
    """
    labels = labels or {}
    related = [
        k for k in override_keys if key == k or key.startswith(k + ".") or k.startswith(key + ".")
    ]
    siblings = [k for k in override_keys if key.rpartition(".")[0] == k.rpartition(".")[0]]
    for k in related or siblings:
        return f"{source} ({labels.get(k, '--set ' + k)})"
    return source


def _lookup(raw: Mapping[str, Any], key: str) -> Any:
    node: Any = raw
    for part in key.split("."):
        node = node[int(part)] if isinstance(node, list) else node[part]
    return node


def _actor_policies(spec: ScenarioFile, code: str) -> dict[str, Policy]:
    """Build the actor's policy objects, checking its role and each table's parameters."""
    actor = getattr(spec.actors, code)
    parties = {p for d in spec.disputes.values() for p in d.parties}
    policies: dict[str, Policy] = {}
    for family in POLICY_FAMILIES:
        table = getattr(actor, family)
        key = f"actors.{code}.{family}"
        allowed = family in ROLE_FAMILIES[code]
        required = family in REQUIRED_FAMILIES[code] or (
            family in DISPUTE_FAMILIES and code in parties
        )
        if table is None and required:
            names = ", ".join(sorted(REGISTRY[family]))
            why = " (a party to a dispute)" if family in DISPUTE_FAMILIES else ""
            message = f"required policy table is missing{why}; policy = one of {names}"
            raise ConfigError("", key, message)
        if table is not None and not allowed:
            owners = [a for a, fams in ROLE_FAMILIES.items() if family in fams]
            raise ConfigError("", key, f"the {family} family applies to {', '.join(owners)} only")
        if table is not None:
            policies[family] = build_policy(family, table, key)
        elif allowed:
            policies[family] = REGISTRY[family]["none"]()
    return policies


def _shock_policies(spec: ScenarioFile) -> dict[int, Policy]:
    """Policies that ``policy_change`` shocks switch to, checked like the actors' own."""
    built: dict[int, Policy] = {}
    for index, shock in enumerate(spec.timeline):
        if shock.kind != "policy_change" or shock.family is None or shock.policy is None:
            continue
        key = f"timeline.{index}"
        if shock.family not in ROLE_FAMILIES[shock.actor]:
            raise ConfigError(
                "", f"{key}.family", f"{shock.actor} has no {shock.family} policy to change"
            )
        built[index] = build_policy(shock.family, shock.policy, f"{key}.policy")
    return built


def build_policy(family: str, table: Mapping[str, Any], key: str) -> Policy:
    """One policy object from its table (``policy = NAME`` plus parameters)."""
    params = dict(table)
    name = params.pop("policy", None)
    known = sorted(REGISTRY[family])
    if not isinstance(name, str):
        got = "nothing" if name is None else describe_value(name)
        raise ConfigError(
            "", f"{key}.policy", f"expected a policy name ({', '.join(known)}), got {got}"
        )
    if name not in REGISTRY[family]:
        hint = did_you_mean(name, known)
        message = f"unknown {family} policy '{name}'{hint}; valid: {', '.join(known)}"
        raise ConfigError("", f"{key}.policy", message)
    cls = REGISTRY[family][name]
    try:
        return cls(cls.Params.model_validate(params))
    except ValidationError as exc:
        sub_key, message = explain(most_helpful(exc), cls.Params)
        raise ConfigError("", f"{key}.{sub_key}", message) from None
