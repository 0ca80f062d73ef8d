"""The command line: ``python -m sim run | sweep | validate | policies | explore``.

``main(argv) -> int`` runs without a subprocess, for tests. Exit codes
(:class:`sim.commandline.ExitCode`, docs/OUTPUTS.md): 0 success, 1 a run failed, 2 bad
input (one line on stderr naming file, key and expectation; nothing written), 74 output
could not be written (what was kept is said), 130 interrupted by Ctrl-C and 143 by SIGTERM
(completed runs are kept).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from sim.commandline import (
    ExitCode,
    Parser,
    UsageError,
    WriteFailed,
    checked_out,
    guarded,
    interrupt_code,
)

if TYPE_CHECKING:
    from sim.config import Scenario

__all__ = ["ExitCode", "Parser", "UsageError", "build_parser", "main"]


def build_parser() -> Parser:
    """The argument parser of ``python -m sim``."""
    parser = Parser(prog="python -m sim", description="Alliance politics in Northeast Asia, 2019.")
    commands = parser.add_subparsers(dest="command", required=True, parser_class=Parser)
    run = commands.add_parser("run", help="run a scenario (its [run] replications)")
    run.add_argument(
        "config", nargs="?", help="scenario file (TOML) or a shipped one's name; not with --resume"
    )
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
    run.add_argument(
        "--resume", metavar="RUN_DIR", help="finish an interrupted run directory (alone)"
    )
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
    return guarded(
        lambda: dispatch(build_parser().parse_args(args_list), args_list),
        restore_signals=argv is not None,  # as a program: the process ends next
    )


def dispatch(args: argparse.Namespace, args_list: list[str]) -> int:
    """Run the chosen subcommand."""
    if args.command == "run":
        return command_run(args, args_list)
    if args.command == "sweep":
        return command_sweep(args, args_list)
    if args.command == "validate":
        return command_validate(args.config)
    if args.command == "explore":
        return command_explore(args)
    return command_policies()


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
    """Run (or resume) a scenario's replications into a run directory, chunk by chunk."""
    from sim import scenario_run
    from sim.config import load_scenario

    command = ["python", "-m", "sim", *argv]
    if args.resume:
        given = [f"--{o}" for o in SHORTCUTS if getattr(args, o) is not None]
        if args.config or args.overrides or given:
            raise UsageError(
                "run --resume RUN_DIR: give no scenario, --set or "
                + "/".join(f"--{o}" for o in SHORTCUTS)
                + "; the directory's own are used"
            )
        run_dir = Path(args.resume)
        scenario, done = scenario_run.open_for_resume(run_dir, command)
    else:
        if not args.config:
            raise UsageError("python -m sim run: expected a scenario file (or --resume RUN_DIR)")
        scenario = load_scenario(args.config, *run_overrides(args))
        root = checked_out(args.out)
        run_dir, done = scenario_run.create(root, scenario, command, datetime.now(UTC)), set()
    return execute_run(scenario, run_dir, done, quiet=args.quiet)


def execute_run(scenario: Scenario, run_dir: Path, done: set[str], *, quiet: bool) -> int:
    """Run the missing replicates, finish the directory, report; return the exit code."""
    from tqdm import tqdm

    from sim import scenario_run

    count = scenario.spec.run.replications
    bar = tqdm(total=count, initial=len(done), unit="run", disable=quiet, file=sys.stderr,
               desc=scenario.name)  # fmt: skip
    buffer = scenario_run.ChunkBuffer(run_dir, scenario)
    try:
        interruption = scenario_run.run_pending(scenario, buffer, done, bar.update)
    except OSError as exc:
        bar.close()
        kept = write_failure(run_dir, count)
        raise WriteFailed(f"cannot write {run_dir}: {exc}; {kept}") from None
    finally:
        bar.close()
    status = "interrupted" if interruption is not None else "complete"
    try:
        counts = scenario_run.finish(run_dir, status)
    except OSError as exc:
        kept = write_failure(run_dir, count)
        raise WriteFailed(f"cannot finish {run_dir}: {exc}; {kept}") from None
    if not quiet and counts["runs"]:
        print_summary(scenario, run_dir)
    if interruption is not None:
        print(f"interrupted: {counts['runs']} of {count} runs completed and saved; resume with:"
              f" python -m sim run --resume {run_dir}", file=sys.stderr)  # fmt: skip
    elif counts["failed"]:
        print(f"{counts['failed']} of {count} runs failed; see runs.parquet (status, error)",
              file=sys.stderr)  # fmt: skip
    print(run_dir)
    if interruption is not None:
        return interrupt_code(interruption)
    return ExitCode.RUN_FAILED if counts["failed"] else ExitCode.OK


def kept_runs(run_dir: Path, count: int) -> str:
    """What a failed write left: the runs on disk, and how to go on."""
    from sim.sweep.chunks import finished_run_ids

    try:
        kept = sum(1 for _ in finished_run_ids(run_dir))
    except OSError:
        kept = "?"
    return (f"{kept} of {count} runs are kept in {run_dir}; free space or fix permissions,"
            f" then: python -m sim run --resume {run_dir}")  # fmt: skip


def write_failure(run_dir: Path, count: int) -> str:
    """Record a failed write in the manifest if possible; say what is kept."""
    from sim import scenario_run

    try:
        scenario_run.finish(run_dir, "failed")
    except OSError:
        from sim.sweep.lock import unlock_directory

        unlock_directory(run_dir)
    return kept_runs(run_dir, count)


def print_summary(scenario: Scenario, run_dir: Path) -> None:
    """Print the run's summary (its steps read a row group at a time)."""
    import pyarrow.parquet as pq

    from sim.summary import per_run_cohesion, render_summary

    runs = pq.read_table(run_dir / "runs.parquet").to_pandas()
    print(render_summary(scenario, per_run_cohesion([run_dir / "steps.parquet"]), runs))
    print()


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
