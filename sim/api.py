"""The Python API: load a scenario, run it or a sweep, and get the tables as DataFrames.

``sim.run`` and ``sim.sweep`` (:mod:`sim.sweep.api`) do what ``python -m sim run`` and
``python -m sim sweep`` do, through the same functions (:mod:`sim.config`,
:mod:`sim.runner`, :mod:`sim.storage`, :mod:`sim.sweep`), and return the tables of
docs/OUTPUTS.md as pandas DataFrames (``decisions`` empty unless ``[run]
record_decisions``); with ``out`` they also write the run directory, in the same format.
Bad input raises :class:`sim.SimError` carrying the one line the command line prints.
Nothing is printed; a progress bar goes to stderr with ``progress=True``. docs/API.md shows
it all in use.
"""

from __future__ import annotations

import sys
import warnings
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pandas as pd
import tomli_w
from tqdm import tqdm

from sim import scenario_run
from sim.config import Scenario
from sim.config.load import load_scenario as load_scenario_file
from sim.config.load import override_table
from sim.errors import ConfigError
from sim.runner import RunResult, run_replications
from sim.storage import (
    DECISIONS_SCHEMA,
    decisions_table,
    events_table,
    runs_table,
    steps_table,
)

#: Settings as ``{dotted key: value}`` or as ``--set`` strings ``"KEY=VALUE"``.
Settings = Mapping[str, Any] | Sequence[str] | None

#: The keyword shortcuts, as the command line's ``--replications``, ``--seed``, ``--steps``.
SCENARIO_SHORTCUTS = {
    "seed": "scenario.seed",
    "steps": "scenario.steps",
    "replications": "run.replications",
}
SWEEP_SHORTCUTS = {
    "seed": "sweep.seed",
    "steps": "sweep.steps",
    "replications": "sweep.replications",
}
TABLES = ("steps", "runs", "events")


def no_decisions() -> pd.DataFrame:
    """An empty decisions table with its columns and types (decisions not recorded)."""
    return DECISIONS_SCHEMA.empty_table().to_pandas()


def read_decisions(run_dir: Path) -> pd.DataFrame:
    """A run directory's decisions.parquet, or an empty table if it records none."""
    path = run_dir / "decisions.parquet"
    return pd.read_parquet(path) if path.is_file() else no_decisions()


@dataclass(frozen=True, repr=False, eq=False)
class Result:
    """What ``sim.run`` or ``sim.sweep`` made: the tables, and the run directory.

    ``steps`` has one row per run and month, ``runs`` one per run (seed, set parameters,
    status, summaries), ``events`` one per event; ``decisions`` one per term of every option
    of every decision when ``[run] record_decisions`` (else empty, with its columns); their
    columns are documented in docs/OUTPUTS.md. ``run_dir`` is the run directory written
    (None without ``out``).
    """

    name: str
    kind: str  # "scenario" or "sweep"
    steps: pd.DataFrame
    runs: pd.DataFrame
    events: pd.DataFrame
    run_dir: Path | None = None
    decisions: pd.DataFrame = field(default_factory=no_decisions)

    @property
    def failed(self) -> int:
        """How many runs did not complete (status other than ``"ok"``)."""
        return int((self.runs["status"] != "ok").sum()) if len(self.runs) else 0

    def __repr__(self) -> str:
        where = f", run_dir='{self.run_dir}'" if self.run_dir else ""
        return f"Result({self.kind} '{self.name}': {len(self.runs)} runs{where})"


def toml_value(value: Any, key: str) -> str:
    """``value`` written in TOML, the syntax ``--set`` reads (tables written inline)."""
    try:
        text = tomli_w.dumps({"v": [value]})  # inside an array, tables are written inline
    except TypeError:
        message = f"expected a number, string, boolean, array or table, got {value!r}"
        raise ConfigError("set", key, message) from None
    return text.strip().removeprefix("v = [").removesuffix("]").strip().removesuffix(",")


def assignments(settings: Settings) -> list[str]:
    """``KEY=VALUE`` strings, as ``--set`` takes them, from a mapping or from strings."""
    if settings is None:
        return []
    if isinstance(settings, str):
        return [settings]
    if isinstance(settings, Mapping):
        return [f"{key}={toml_value(value, key)}" for key, value in settings.items()]
    return [str(item) for item in settings]


def with_shortcuts(
    settings: Settings, shortcuts: Mapping[str, str], **given: int | None
) -> tuple[list[str], dict[str, str]]:
    """Assignments plus the shortcuts given, and the option behind each (for messages)."""
    result, labels = assignments(settings), {}
    for option, value in given.items():
        if value is not None:
            result.append(f"{shortcuts[option]}={value}")
            labels[shortcuts[option]] = f"--{option}"
    return result, labels


def load_scenario(scenario: str | Path | Scenario, *, set: Settings = None) -> Scenario:
    """A validated scenario from a path, a shipped scenario's name or a scenario object.

    ``set`` overrides keys by dotted path, as ``--set`` does: ``{"actors.ROK.response.policy":
    "resist"}`` or ``["mechanisms.rally_strength=0"]``.
    """
    return configured(scenario, assignments(set), {})


def configured(
    scenario: str | Path | Scenario, overrides: Sequence[str], labels: Mapping[str, str]
) -> Scenario:
    """The scenario with the assignments applied (a scenario object keeps its own first)."""
    if not isinstance(scenario, Scenario):
        return load_scenario_file(scenario, overrides, labels)
    if not overrides:
        return scenario
    earlier = [f"{key}={toml_value(value, key)}" for key, value in scenario.overrides]
    return override_table(
        scenario.resolved_table(), scenario.source, [*earlier, *overrides], labels
    )


def output_folder(out: str | Path) -> Path:
    """An ``out`` folder that is not an existing file."""
    path = Path(out)
    if path.exists() and not path.is_dir():
        raise ConfigError(str(out), "", "exists and is not a directory")
    return path


def described(call: str, source: Any, **options: Any) -> list[str]:
    """The manifest's ``command`` for an API call: its name and the arguments given."""
    return [call, str(source), *(f"{k}={v!r}" for k, v in options.items() if v is not None)]


def run(
    scenario: str | Path | Scenario,
    *,
    replications: int | None = None,
    seed: int | None = None,
    steps: int | None = None,
    set: Settings = None,  # shadows the builtin, as the --set option
    out: str | Path | None = None,
    progress: bool = False,
) -> Result:
    """Run a scenario's replications, as ``python -m sim run`` does.

    ``scenario`` is a path, a shipped scenario's name (``"baseline_2019"``) or a scenario
    from :func:`load_scenario`. ``replications``, ``seed`` and ``steps`` override the
    scenario's ``run.replications``, ``scenario.seed`` and ``scenario.steps``; ``set``
    overrides any key. With ``out`` the run directory is written under that folder (as
    ``--out``). Runs that fail are kept, with their status and error, in ``runs``, and a
    warning says how many failed.
    """
    overrides, labels = with_shortcuts(
        set, SCENARIO_SHORTCUTS, seed=seed, steps=steps, replications=replications
    )
    chosen = configured(scenario, overrides, labels)
    if out is None:
        results = replicate(chosen, progress)
        result = Result(
            chosen.name,
            "scenario",
            steps_table(results).to_pandas(),
            runs_table(results, dict(chosen.overrides)).to_pandas(),
            events_table(results).to_pandas(),
            decisions=decisions_table(results).to_pandas(),
        )
    else:
        command = described(
            "sim.run", scenario if not isinstance(scenario, Scenario) else chosen.source,
            replications=replications, seed=seed, steps=steps, set=set,
        )  # fmt: skip
        run_dir = stream_to_directory(chosen, output_folder(out), command, progress)
        result = Result(
            chosen.name, "scenario", *read_tables(run_dir), run_dir, read_decisions(run_dir)
        )
    warn_failed(result)
    return result


def stream_to_directory(
    scenario: Scenario, folder: Path, command: list[str], progress: bool
) -> Path:
    """Run the replications into a new run directory under ``folder``, as ``sim run`` does.

    Finished runs are written in chunks as they come, so memory stays bounded; on Ctrl-C
    the finished runs are kept (status ``interrupted``) and the interruption is raised
    again once the directory is complete.
    """
    run_dir = scenario_run.create(folder, scenario, command, datetime.now(UTC))
    buffer = scenario_run.ChunkBuffer(run_dir, scenario)
    count = scenario.spec.run.replications
    with tqdm(
        total=count, unit="run", disable=not progress, file=sys.stderr, desc=scenario.name
    ) as bar:
        interruption = scenario_run.run_pending(scenario, buffer, set(), bar.update)
    scenario_run.finish(run_dir, "interrupted" if interruption is not None else "complete")
    if interruption is not None:
        raise interruption
    return run_dir


def read_tables(run_dir: Path) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """The steps, runs and events tables of a complete run directory."""
    steps, runs, events = (pd.read_parquet(run_dir / f"{name}.parquet") for name in TABLES)
    return steps, runs, events


def replicate(scenario: Scenario, progress: bool) -> list[RunResult]:
    """Every replication of the scenario, in order, with an optional progress bar."""
    count = scenario.spec.run.replications
    with tqdm(
        total=count, unit="run", disable=not progress, file=sys.stderr, desc=scenario.name
    ) as bar:
        results = []
        for result in run_replications(scenario):
            results.append(result)
            bar.update()
    return results


def warn_failed(result: Result) -> None:
    """Warn, as the command line says on stderr, when runs failed."""
    if result.failed:
        warnings.warn(
            f"{result.failed} of {len(result.runs)} runs failed; see the runs table"
            " (columns status, error)",
            RuntimeWarning,
            stacklevel=3,
        )
