"""The command line: ``python -m sim run | sweep | validate | policies | explore``.

``main(argv) -> int`` runs without a subprocess, for tests. Exit codes: 0 success, 1 a run
failed, 2 bad input (one line on stderr naming file, key and expectation; nothing written),
130 interrupted (completed runs are still written).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from datetime import UTC, datetime
from enum import IntEnum
from pathlib import Path

from sim.errors import ConfigError


class ExitCode(IntEnum):
    """Process exit codes (docs/ARCHITECTURE, 'Command line')."""

    OK = 0
    RUN_FAILED = 1
    BAD_INPUT = 2
    INTERRUPTED = 130


class UsageError(Exception):
    """A bad command line, reported on one line."""


class Parser(argparse.ArgumentParser):
    """An ArgumentParser that raises instead of printing usage and exiting."""

    def error(self, message: str) -> None:  # type: ignore[override]
        """Raise :class:`UsageError` with argparse's message."""
        raise UsageError(f"{self.prog}: {message}")


def build_parser() -> Parser:
    """The argument parser of ``python -m sim``."""
    parser = Parser(prog="python -m sim", description="Alliance politics in Northeast Asia, 2019.")
    commands = parser.add_subparsers(dest="command", required=True, parser_class=Parser)
    run = commands.add_parser("run", help="run a scenario (its [run] replications)")
    run.add_argument("config", help="scenario file (TOML), or a shipped one's name")
    run.add_argument("--seed", type=int, help="scenario seed (replicates derive from it)")
    run.add_argument("--steps", type=int, help="months to simulate")
    run.add_argument("--replications", type=int, help="number of replications")
    run.add_argument("--out", default="runs", help="folder for the run directory (default: runs)")
    run.add_argument(
        "--set",
        dest="overrides",
        action="append",
        default=[],
        metavar="KEY=VALUE",
        help="override a scenario key by dotted path, e.g. actors.ROK.win_set_increase=0.2",
    )
    run.add_argument("-q", "--quiet", action="store_true", help="no progress bar or summary")
    from sim.sweep.arguments import add_arguments

    sweep = commands.add_parser("sweep", help="run a parameter sweep (docs/SWEEPS.md)")
    add_arguments(sweep)
    validate = commands.add_parser("validate", help="check a scenario or sweep file")
    validate.add_argument("config", help="scenario or sweep file, or a shipped one's name")
    commands.add_parser("policies", help="list every registered policy and its parameters")
    explore = commands.add_parser("explore", help="the explorer in the browser (a Solara server)")
    explore.add_argument("--host", default="127.0.0.1", help="address to listen on")
    explore.add_argument("--port", type=int, default=8765, help="port (default: 8765)")
    explore.add_argument("-q", "--quiet", action="store_true", help="no server log")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point; returns the exit code."""
    args_list = list(sys.argv[1:] if argv is None else argv)
    try:
        args = build_parser().parse_args(args_list)
        if args.command == "run":
            return command_run(args, args_list)
        if args.command == "sweep":
            return command_sweep(args, args_list)
        if args.command == "validate":
            return command_validate(args.config)
        if args.command == "explore":
            return command_explore(args)
        return command_policies()
    except (ConfigError, UsageError) as exc:
        print(f"error: {' '.join(str(exc).split())}", file=sys.stderr)
        return ExitCode.BAD_INPUT


SHORTCUTS = {"seed": "scenario.seed", "steps": "scenario.steps", "replications": "run.replications"}


def run_overrides(args: argparse.Namespace) -> tuple[list[str], dict[str, str]]:
    """``--set`` assignments plus the shortcuts ``--seed``, ``--steps``, ``--replications``.

    Returns the assignments and, for error messages, the option behind each shortcut key.
    """
    overrides, labels = list(args.overrides), {}
    for option, key in SHORTCUTS.items():
        value = getattr(args, option)
        if value is not None:
            overrides.append(f"{key}={value}")
            labels[key] = f"--{option}"
    return overrides, labels


def command_run(args: argparse.Namespace, argv: list[str]) -> int:
    """Run a scenario's replications, write the run directory, print a summary and its path."""
    import pyarrow.parquet as pq
    from tqdm import tqdm

    from sim.config import load_scenario
    from sim.runner import run_replications
    from sim.storage import write_run_directory
    from sim.summary import render_summary

    out = Path(args.out)
    if out.exists() and not out.is_dir():
        raise UsageError(f"--out {args.out}: exists and is not a directory")
    scenario = load_scenario(args.config, *run_overrides(args))
    started = datetime.now(UTC)
    count = scenario.spec.run.replications
    results, status = [], "complete"
    bar = tqdm(total=count, unit="run", disable=args.quiet, file=sys.stderr, desc=scenario.name)
    try:
        for result in run_replications(scenario):
            results.append(result)
            bar.update()
    except KeyboardInterrupt:
        status = "interrupted"
    finally:
        bar.close()
    command = ["python", "-m", "sim", *argv]
    run_dir = write_run_directory(
        Path(args.out), scenario, results, command=command, started=started, status=status
    )
    if not args.quiet and results:
        tables = {
            n: pq.read_table(run_dir / f"{n}.parquet").to_pandas()
            for n in ("steps", "runs", "events")
        }
        print(render_summary(scenario, tables["steps"], tables["runs"], tables["events"]))
        print()
    failed = sum(1 for r in results if r.status != "ok")
    if status == "interrupted":
        print(f"interrupted: {len(results)} of {count} runs completed and saved", file=sys.stderr)
    elif failed:
        print(f"{failed} of {count} runs failed; see runs.parquet (status, error)", file=sys.stderr)
    print(run_dir)
    if status == "interrupted":
        return ExitCode.INTERRUPTED
    return ExitCode.RUN_FAILED if failed else ExitCode.OK


def command_sweep(args: argparse.Namespace, argv: list[str]) -> int:
    """Run or resume a parameter sweep (:mod:`sim.sweep.command`)."""
    from sim.sweep.command import command_sweep as run_sweep_command

    return run_sweep_command(args, argv)


def command_validate(path: str) -> int:
    """Check a scenario or sweep file and describe it in one line."""
    from sim.config import load_scenario
    from sim.sweep import is_sweep_file
    from sim.sweep.command import command_validate_sweep

    if is_sweep_file(path):
        return command_validate_sweep(path)
    scenario = load_scenario(path)
    spec = scenario.spec
    print(
        f"ok: {path}: scenario '{scenario.name}', {spec.scenario.steps} months from "
        f"{spec.scenario.start}, {len(spec.agenda)} agenda items, {len(spec.timeline)} shocks, "
        f"{spec.run.replications} replication(s)"
    )
    return ExitCode.OK


def command_policies() -> int:
    """Print every registered policy by family with its parameters and defaults."""
    from sim.policy_catalogue import render_catalogue

    print(render_catalogue())
    return ExitCode.OK


def command_explore(args: argparse.Namespace) -> int:
    """Start the explorer's server (:func:`sim.explore.serve`), which prints its URL."""
    try:
        from sim.explore import serve
    except ImportError as exc:
        raise UsageError(f"explore: the explorer cannot be loaded ({exc})") from None
    return serve(args.host, args.port, quiet=args.quiet)
