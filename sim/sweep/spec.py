"""The sweep file's schema: strict, frozen pydantic models, one per TOML table.

A sweep file names a base scenario, the parameters to vary by the same dotted keys as
``--set`` (``[levers]``: what a government chooses, e.g. policies by name;
``[uncertainties]``: what it does not control), a sampling method, replications and a
seed. docs/SWEEPS.md documents every key.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Annotated, Any, Literal

from pydantic import Field

from agents.policies.base import Strict
from sim.errors import ConfigError

Method = Literal["grid", "lhs", "sobol", "morris"]
ExecutorKind = Literal["serial", "process", "dask"]
SAMPLED_METHODS: tuple[str, ...] = ("lhs", "sobol", "morris")
#: Replicate numbers are written with four digits in run ids (``-r0003``).
MAX_REPLICATIONS = 10_000


class ExecutorSection(Strict):
    """``[sweep.executor]``: defaults for how runs are executed (the command line wins)."""

    kind: ExecutorKind = "process"
    workers: int = Field(0, ge=0, le=100_000)  # 0: every core (process) or the cluster's
    scheduler: str = ""  # dask scheduler address; empty: a LocalCluster
    chunk_runs: int = Field(0, ge=0, le=100_000)  # runs per chunk file; 0: automatic
    time_limit: float = Field(0.0, ge=0.0)  # seconds per run; 0: no limit


class SweepSection(Strict):
    """``[sweep]``: identity, base scenario, method, replications and seed."""

    name: Annotated[str, Field(pattern=r"^[A-Za-z0-9_.-]{1,64}$")]
    description: str = ""
    base: str
    method: Method
    samples: int | None = Field(None, ge=1, le=1_000_000)
    replications: int = Field(1, ge=1, le=MAX_REPLICATIONS)
    seed: int = Field(ge=0, lt=2**63)
    steps: int | None = Field(None, ge=1, le=1200)
    second_order: bool = True  # sobol only: also sample for second-order indices
    levels: int = Field(4, ge=2, le=1000)  # morris only: grid levels of each input
    executor: ExecutorSection = ExecutorSection()


class SweepFile(Strict):
    """A whole sweep file, with parameter tables flattened to dotted keys."""

    sweep: SweepSection
    fixed: dict[str, Any] = {}
    levers: dict[str, list[Any]] = {}
    uncertainties: dict[str, list[Any]] = {}


#: Tables whose keys are dotted scenario paths (nested TOML tables are flattened).
PARAMETER_TABLES: tuple[str, ...] = ("fixed", "levers", "uncertainties")


def flatten(table: Mapping[str, Any], prefix: str = "") -> dict[str, Any]:
    """Nested tables as one level of dotted keys: ``{"a": {"b": 1}}`` -> ``{"a.b": 1}``.

    ``actors.ROK.response.policy = [...]`` written without quotes is a nested table in
    TOML; flattening makes it the same as the quoted ``"actors.ROK.response.policy"``.
    A key given both ways is a :class:`ConfigError` (never merged silently).
    """
    flat: dict[str, Any] = {}
    for key, value in table.items():
        dotted = f"{prefix}{key}"
        nested = isinstance(value, dict) and value
        found = flatten(value, dotted + ".") if nested else {dotted: value}
        for name, item in found.items():
            if name in flat:
                message = "given twice (quoted and as dotted keys); name it once"
                raise ConfigError("", name, message)
            flat[name] = item
    return flat


def flatten_parameter_tables(raw: Mapping[str, Any], source: str = "") -> dict[str, Any]:
    """A copy of the parsed sweep file with ``fixed``, ``levers`` and ``uncertainties`` flat."""
    result = dict(raw)
    for name in PARAMETER_TABLES:
        if isinstance(result.get(name), dict):
            try:
                result[name] = flatten(result[name])
            except ConfigError as exc:
                raise ConfigError(source, f"{name}.{exc.key}", exc.message) from None
    return result


def normalized_values(values: list[Any]) -> list[Any]:
    """Numeric lists that mix integers and floats become all floats (one column type)."""
    numeric = all(isinstance(v, int | float) and not isinstance(v, bool) for v in values)
    if numeric and any(isinstance(v, float) for v in values):
        return [float(v) for v in values]
    return list(values)


#: Options that belong to one method only.
METHOD_OPTIONS: dict[str, str] = {"second_order": "sobol", "levels": "morris"}


def spec_table(spec: SweepFile) -> dict[str, Any]:
    """The sweep as a TOML-ready table with every default of its method filled."""
    table = spec.model_dump(mode="python", exclude_none=True)
    for option, method in METHOD_OPTIONS.items():
        if spec.sweep.method != method:
            del table["sweep"][option]
    return table
