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


def add_headline_parser(commands: argparse._SubParsersAction) -> None:
    """The ``headline`` subcommand's arguments."""
    parser = commands.add_parser(
        "headline", help="the baseline's headline numbers under an ABC-SMC posterior"
    )
    parser.add_argument(
        "scenario", nargs="?", default="configs/baseline_2019.toml",
        help="a scenario file (default: configs/baseline_2019.toml)",
    )  # fmt: skip
    parser.add_argument("--particles", required=True, metavar="CSV",
                        help="an ABC-SMC particles.csv (python -m analysis abc-smc)")  # fmt: skip
    parser.add_argument("--draws", type=int, default=30, help="posterior draws (default 30)")
    parser.add_argument("--runs", type=int, default=10, help="runs per draw (default 10)")
    parser.add_argument("--out", help="also write headline.csv to this folder")


def command_headline(args: argparse.Namespace) -> int:
    """Print (and write) the headline numbers: the scenario's values against the posterior."""
    from analysis.headline import headline_spread
    from analysis.outofsample import read_particles

    if args.draws < 1 or args.runs < 2:
        raise ConfigError("headline", "", "expected --draws >= 1 and --runs >= 2")
    path = resolve_config(args.scenario)
    table = read_scenario_table(path)
    validate_scenario(table, str(path))
    try:
        draws = read_particles(args.particles, args.draws, seed=20191122)
    except (OSError, KeyError, ValueError) as exc:
        raise ConfigError(args.particles, "weight", f"expected an abc-smc particles.csv"
                          f" with a weight column ({exc})") from None  # fmt: skip
    spread = headline_spread(table, draws, args.runs, seed=20191122)
    with pd.option_context("display.width", 220, "display.max_columns", 20):
        print(f"{table['scenario']['name']}: {args.draws * args.runs} runs at the scenario's"
              f" values; {args.draws} posterior draws x {args.runs} runs (events: share of"
              " runs; draw means: the spread the parameters alone make)")  # fmt: skip
        print(spread.round(3).to_string())
    if args.out:
        out = checked_out(args.out, "output folder")
        out.mkdir(parents=True, exist_ok=True)
        spread.to_csv(out / "headline.csv")
        print(out)
    return 0


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
