"""The ``outofsample`` subcommand: calibrated on 2019, scored on 2020 to 2023-03."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import pandas as pd

from sim.commandline import checked_out
from sim.config import validate_scenario
from sim.config.load import read_scenario_table
from sim.errors import ConfigError
from sim.resources import resolve_config


def add_parser(commands: argparse._SubParsersAction) -> None:
    """The ``outofsample`` subcommand's arguments."""
    parser = commands.add_parser(
        "outofsample", help="score the 2019-12 information set against the record to 2023-03"
    )
    parser.add_argument(
        "scenario", nargs="?", default="configs/dprk_2019_2022.toml",
        help="a scenario file (default: configs/dprk_2019_2022.toml, the recorded events to 2022)",
    )  # fmt: skip
    parser.add_argument(
        "--replications", type=int, default=50, metavar="N",
        help="runs of the model and of the knocked-out model (default 50)",
    )  # fmt: skip
    parser.add_argument(
        "--particles", metavar="CSV",
        help="an ABC-SMC particles.csv (python -m analysis abc-smc): one posterior draw a run",
    )  # fmt: skip
    parser.add_argument("--out", help="output folder (default: runs/outofsample_NAME)")
    parser.add_argument("-q", "--quiet", action="store_true", help="no progress messages")


def command_outofsample(args: argparse.Namespace) -> int:
    """Print the hindsight shocks and the score table; write both as CSV."""
    from analysis.outofsample import out_of_sample, read_particles

    if args.replications < 2:
        raise ConfigError("--replications", "", f"expected 2 or more, got {args.replications}")
    path = resolve_config(args.scenario)
    table = read_scenario_table(path)
    validate_scenario(table, str(path))
    particles = []
    if args.particles:
        try:
            particles = read_particles(args.particles, args.replications, seed=20191122)
        except (OSError, KeyError, ValueError) as exc:
            raise ConfigError(args.particles, "weight", f"expected an abc-smc particles.csv"
                              f" with a weight column ({exc})") from None  # fmt: skip
    name = table["scenario"]["name"]
    out = checked_out(args.out or Path("runs") / f"outofsample_{name}", "output folder")
    if not args.quiet:
        print(f"{name}: {args.replications} runs to 2023-03 and as many knocked out ...",
              file=sys.stderr)  # fmt: skip
    scores, shocks = out_of_sample(table, args.replications, particles)
    out.mkdir(parents=True, exist_ok=True)
    scores.to_csv(out / "outofsample.csv")
    pd.DataFrame(shocks).to_csv(out / "hindsight.csv", index=False)
    print(render(scores, shocks, bool(particles)))
    print(out)
    return 0


def render(scores: pd.DataFrame, hindsight: list[dict], posterior: bool) -> str:
    """The hindsight shocks, then the scores (lower is better)."""
    given = "one ABC-SMC posterior draw a run" if posterior else "the scenario's values"
    lines = [f"out of sample: the information set of 2019-12 ({given}), run to 2023-03.",
             "scripted hindsight (inputs dated after 2019-12, given, never scored):"]  # fmt: skip
    for shock in sorted(hindsight, key=lambda s: s["month"]):
        target = f" -> {shock['target']}" if shock.get("target") else ""
        lines.append(f"  {shock['month']}  {shock['kind']:<15} {shock.get('actor', '')}{target}")
    with pd.option_context("display.width", 220, "display.max_columns", 20):
        lines += ["", "held-out record, scores (lower is better; model 5%-95%: bootstrap"
                  " over runs):", scores.round(3).to_string()]  # fmt: skip
    return "\n".join(lines)
