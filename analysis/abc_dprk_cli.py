"""The ``abc-dprk`` subcommand: ABC-SMC of the strategic DPRK's weights, 2022 held out."""

from __future__ import annotations

import argparse
from pathlib import Path

import pandas as pd

from sim.commandline import checked_out
from sim.config import validate_scenario
from sim.config.load import read_scenario_table
from sim.errors import ConfigError
from sim.resources import resolve_config


def add_parser(commands: argparse._SubParsersAction) -> None:
    """The ``abc-dprk`` subcommand's arguments."""
    parser = commands.add_parser(
        "abc-dprk", help="ABC-SMC of the strategic DPRK on launch days, later years held out"
    )
    parser.add_argument("--base", default="dprk_2019_2022",
                        help="scenario (default: configs/dprk_2019_2022.toml)")  # fmt: skip
    parser.add_argument("--priors", default="calibration_dprk",
                        help="sweep spec: [uncertainties] are the priors")  # fmt: skip
    parser.add_argument("--until", default="2021-12",
                        help="last month fitted (a year's end); later years held out")  # fmt: skip
    parser.add_argument("--population", type=int, default=300, help="particles per generation")
    parser.add_argument("--generations", type=int, default=4, help="number of generations")
    parser.add_argument("--replications", type=int, default=4, help="runs per particle")
    parser.add_argument("--draws", type=int, default=30, help="posterior draws for the test")
    parser.add_argument("--runs", type=int, default=10, help="full runs per draw")
    parser.add_argument("--seed", type=int, default=20211231, help="seed of the sampler and test")
    parser.add_argument("--particles", metavar="CSV",
                        help="skip the fit: test the posterior of this particles.csv")  # fmt: skip
    parser.add_argument("--out", required=True, help="output folder")
    parser.add_argument("--db", action="store_true", help="keep pyabc's history as OUT/history.db")
    parser.add_argument("-q", "--quiet", action="store_true", help="no progress messages")


def command_abc_dprk(args: argparse.Namespace) -> int:
    """Fit (or read) the posterior; write it and the held-out test; print both."""
    try:
        from analysis import abc_dprk
        from analysis.abc_report import marginals_figure
        from analysis.abc_smc import SmcOptions, read_priors, run_smc
    except ImportError as exc:
        raise ConfigError("abc-dprk", "", f"needs pyabc ({exc}): pip install -e '.[abc]'") from None
    from analysis.validation_cli import cutoff_month

    cutoff = cutoff_month(args.until)
    if min(args.population - 1, args.generations, args.replications, args.draws, args.runs) < 1:
        raise ConfigError("abc-dprk", "", "expected --population >= 2, --generations, "
                          "--replications, --draws and --runs >= 1")  # fmt: skip
    base = read_scenario_table(resolve_config(args.base))
    validate_scenario(base, args.base)
    priors = read_priors(resolve_config(args.priors))
    start = base["scenario"]["start"]
    try:
        observed = abc_dprk.observed_launch_stats(start, cutoff)
    except ValueError as exc:
        raise ConfigError("--until", "", str(exc)) from None
    out = checked_out(args.out)
    out.mkdir(parents=True, exist_ok=True)
    if args.particles:
        try:
            result = abc_dprk.result_from_particles(Path(args.particles), priors)
        except (OSError, KeyError, ValueError) as exc:
            message = f"expected an abc-dprk particles.csv: {exc}"
            raise ConfigError(args.particles, "", message) from None
    else:
        options = SmcOptions(population=args.population, generations=args.generations,
                             replications=args.replications, seed=args.seed,
                             quiet=args.quiet)  # fmt: skip
        database = out / "history.db" if args.db else None
        result = run_smc(base, priors, observed, cutoff, database, options, abc_dprk.launch_stats)
        result.particles.assign(weight=result.weights).to_csv(out / "particles.csv", index=False)
    posterior = result.posterior()
    posterior.to_csv(out / "posterior.csv")
    marginals_figure(result, out / "posterior_marginals.png")
    pd.Series(observed, name="record").to_csv(out / "observed_stats.csv")
    draws = result.sample(args.draws, args.seed)
    steps = abc_dprk.predictive_steps(base, draws, args.runs, args.seed)
    abc_dprk.draw_means(steps, draws).to_csv(out / "held_out_draws.csv", index_label="draw")
    table = abc_dprk.held_out_table(
        abc_dprk.launch_years(steps),
        abc_dprk.predictive_years(base, [{}] * args.draws, args.runs, args.seed),
        cutoff,
    )
    table.to_csv(out / "held_out.csv", index=False)
    abc_dprk.held_out_figure(table, out / "held_out.png")
    with pd.option_context("display.width", 160, "display.max_columns", 10):
        if not args.particles:
            print(f"{result.simulations} simulations; last generation of {len(result.particles)}"
                  f" (effective sample size {result.ess:.0f}); epsilons"
                  f" {', '.join(f'{e:.3g}' for e in result.epsilons)}")  # fmt: skip
        print(f"statistics fitted to {cutoff}: {', '.join(observed)}")
        print(posterior.round(3).to_string())
        print()
        print(abc_dprk.render_held_out(table))
    print(out)
    return 0
