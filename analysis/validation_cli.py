"""The ``replay`` and ``calibrate`` subcommands of ``python -m analysis``."""

from __future__ import annotations

import argparse
from pathlib import Path

import pandas as pd

from analysis.history import load_record
from analysis.validation import calibrate, ok_runs, read_run_dir, replay
from analysis.validation_figures import posterior_figure, timeline_figure
from sim.commandline import checked_out
from sim.errors import ConfigError


def add_parsers(commands: argparse._SubParsersAction) -> None:
    """Register ``replay`` and ``calibrate``."""
    replay_parser = commands.add_parser("replay", help="score a 2019 baseline run against history")
    replay_parser.add_argument("run_dir", help="a run directory of the 2019 baseline")
    replay_parser.add_argument("--out", help="output folder (default: RUN_DIR/replay)")
    cal = commands.add_parser("calibrate", help="rejection ABC on an lhs sweep against 2019")
    cal.add_argument("run_dir", help="the run directory of an lhs sweep over assumed parameters")
    cal.add_argument("--until", default="2019-12", help="last month of the record to fit")
    cal.add_argument("--accept", type=float, default=0.05, help="share of points accepted")
    cal.add_argument("--out", help="output folder (default: RUN_DIR/calibration)")


def _output(run_dir: Path, out: str | None, name: str) -> Path:
    folder = checked_out(out) if out else checked_out(run_dir / name, "output folder")
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def command_replay(args: argparse.Namespace) -> int:
    """Print the replay scores; write tables and the timeline figure."""
    run_dir = Path(args.run_dir)
    result = replay(run_dir)  # a bad directory raises a one-line RunDirectoryError
    runs = ok_runs(read_run_dir(run_dir))
    out = _output(run_dir, args.out, "replay")
    result.fact_shares().to_csv(out / "facts.csv")
    result.intervals.describe().T.to_csv(out / "timing_errors.csv")
    result.occurrence.to_csv(out / "occurrence.csv", index=False)
    timeline_figure(runs, load_record(), out / "timeline.png")
    print(render_replay(result))
    print(out)
    return 0


def render_replay(result) -> str:  # noqa: ANN001
    """The replay as text."""
    lines = ["stylized facts (share of runs showing each):"]
    lines += [f"  {name:<40}{share:6.0%}" for name, share in result.fact_shares().items()]
    lines.append("timing errors, simulated minus historical (months): median [5 %, 95 %], runs")
    for name, column in result.intervals.items():
        values = column.dropna()
        if len(values):
            q = values.quantile([0.5, 0.05, 0.95])
            lines.append(
                f"  {name:<40}{q[0.5]:+5.1f} [{q[0.05]:+.0f}, {q[0.95]:+.0f}]  n={len(values)}"
            )
    lines.append(f"  DPRK launch days a month, mean abs error {result.launches.median():.2f}")
    lines.append(f"Brier score (event occurrence): {result.brier:.3f};"
                 f" timing distance: {result.timing_distance:.2f} months")  # fmt: skip
    return "\n".join(lines)


def command_calibrate(args: argparse.Namespace) -> int:
    """Print the posterior and the out-of-sample check; write tables and figures."""
    run_dir = Path(args.run_dir)
    if not 0.0 < args.accept <= 1.0:
        raise ConfigError("--accept", "", f"expected a share in (0, 1], got {args.accept}")
    result = calibrate(run_dir, until=args.until, accept=args.accept)
    out = _output(run_dir, args.out, "calibration")
    posterior = result.abc.posterior()
    posterior.to_csv(out / "posterior.csv")
    result.abc.accepted.to_csv(out / "accepted_points.csv", index=False)
    result.forecast.to_csv(out / "out_of_sample.csv")
    posterior_figure(result.abc, out / "posterior.png")
    with pd.option_context("display.width", 160, "display.max_columns", 10):
        print(f"accepted {len(result.abc.accepted)} of {len(result.abc.distances)} points")
        print(posterior.round(3).to_string())
        print("\nout of sample, 2020-2021 (accepted runs against 'nothing changes'):")
        print(result.forecast.to_string())
    print(out)
    return 0
