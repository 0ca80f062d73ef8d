"""``python -m sim sweep`` and ``python -m sim validate SWEEP``: options, output, exit codes."""

from __future__ import annotations

import argparse
import math
import sys
from pathlib import Path

from sim.commandline import ExitCode, WriteFailed, checked_out, interrupt_code
from sim.errors import ConfigError
from sim.sweep.engine import SweepOptions, SweepOutcome, run_sweep
from sim.sweep.executors import available_cores
from sim.sweep.load import Sweep, load_sweep
from sim.sweep.report import render

MAX_WORKERS_PER_CORE = 4  # more local workers than this only adds forks and memory


def sweep_source(args: argparse.Namespace) -> str:
    """The sweep file to load: as given, else the resumed directory's config.toml."""
    if args.sweep:
        return args.sweep
    if args.resume:
        return str(Path(args.resume) / "config.toml")
    raise ConfigError("python -m sim sweep", "", "expected a sweep file (or --resume RUN_DIR)")


def options_for(sweep: Sweep, args: argparse.Namespace) -> SweepOptions:
    """Execution options: the command line over the sweep file's ``[sweep.executor]``."""
    defaults = sweep.spec.sweep.executor
    scheduler = args.scheduler or defaults.scheduler
    executor = args.executor or ("dask" if args.scheduler else defaults.kind)
    if scheduler and executor != "dask":
        raise ConfigError("python -m sim sweep", "--scheduler", "needs --executor dask")
    workers = defaults.workers if args.workers is None else args.workers
    most = MAX_WORKERS_PER_CORE * available_cores()
    if workers < 0 or (workers > most and not scheduler):  # a cluster's workers are its own
        message = f"expected 0 (every core) to {most} (4 per core), got {workers}"
        raise ConfigError("python -m sim sweep", "--workers", message)
    limit = defaults.time_limit if args.time_limit is None else args.time_limit
    if not math.isfinite(limit) or limit < 0:
        message = f"expected a number of seconds >= 0 (0: none), got {limit}"
        raise ConfigError("python -m sim sweep", "--time-limit", message)
    return SweepOptions(
        executor=executor,
        workers=workers,
        scheduler=scheduler,
        time_limit=limit or None,
        chunk_runs=defaults.chunk_runs,
        progress=not args.quiet,
    )


def command_sweep(args: argparse.Namespace, argv: list[str]) -> int:
    """Run or resume a sweep; print a summary and the run directory; return the exit code."""
    resume = Path(args.resume) if args.resume else None
    if resume is not None and not resume.is_dir():
        raise ConfigError(str(resume), "", "no such run directory")
    if resume is not None and not (resume / "manifest.json").is_file():
        message = "no manifest.json: not a run directory, or one stopped while it was created"
        raise ConfigError(str(resume), "", f"{message} (no run started in it)")
    sweep = load_sweep(sweep_source(args))
    options = options_for(sweep, args)
    out = checked_out(args.out) if resume is None else Path(args.out)
    try:
        outcome = run_sweep(
            sweep, options, out=out, resume=resume, command=["python", "-m", "sim", *argv]
        )
    except OSError as exc:
        raise WriteFailed(
            f"cannot create the sweep's run directory in {out}: {exc}; nothing ran"
        ) from None
    if not args.quiet:
        print(render(sweep, outcome))
        print()
    code = closing_message(sweep, outcome)
    print(outcome.run_dir)
    return code


def closing_message(sweep: Sweep, outcome: SweepOutcome) -> int:
    """Say on stderr what went wrong, if anything; return the exit code."""
    counts = outcome.counts
    if outcome.status == "interrupted":
        print(
            f"interrupted: {counts.get('runs', 0)} of {sweep.run_count} runs finished and kept;"
            f" resume with: python -m sim sweep {sweep.source} --resume {outcome.run_dir}",
            file=sys.stderr,
        )
        return interrupt_code(outcome.interruption)
    failed = counts.get("failed", 0) + counts.get("timeout", 0)
    if failed:
        print(
            f"{failed} of {sweep.run_count} runs failed ({counts.get('timeout', 0)} timed out);"
            " see runs.parquet, columns status and error",
            file=sys.stderr,
        )
        for line in outcome.errors:
            print(f"  {line}", file=sys.stderr)
        return ExitCode.RUN_FAILED
    return ExitCode.OK


def command_validate_sweep(path: str) -> int:
    """Check a sweep file and every point of its design; describe it in one line."""
    sweep = load_sweep(path)
    spec = sweep.spec.sweep
    print(
        f"ok: {path}: sweep '{sweep.name}', {spec.method}, {len(sweep.points)} point(s) x "
        f"{spec.replications} replication(s) = {sweep.run_count} runs, base {spec.base}"
    )
    return ExitCode.OK
