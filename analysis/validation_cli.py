"""The ``replay`` and ``calibrate`` subcommands of ``python -m analysis``."""

from __future__ import annotations

import argparse
import re
from pathlib import Path

import pandas as pd
import tomli_w

from analysis.cutoff import CutoffError, base_for_cutoff
from analysis.history import load_record
from analysis.information import Leak, leaks
from analysis.launch_years import launch_years
from analysis.launch_years import render as render_years
from analysis.validation import Validation, calibrate, ok_runs, read_run_dir, validate
from analysis.validation_figures import posterior_figure, timeline_figure
from sim.commandline import checked_out
from sim.config import validate_scenario
from sim.config.load import read_scenario_table
from sim.errors import ConfigError
from sim.resources import configs_root, resolve_config


def baseline_table() -> dict:
    """The baseline's table (calibrated values are recognised by equality with it)."""
    return read_scenario_table(configs_root() / "baseline_2019.toml")


def add_parsers(commands: argparse._SubParsersAction) -> None:
    """Register ``replay`` and ``calibrate``."""
    replay_parser = commands.add_parser("replay", help="score a 2019 baseline run against history")
    replay_parser.add_argument("run_dir", help="a run directory of the 2019 baseline")
    replay_parser.add_argument("--out", help="output folder (default: RUN_DIR/replay)")
    replay_parser.add_argument(
        "--until", help="cutoff month YYYY-MM: list the run's inputs known only after it"
    )
    base = commands.add_parser("base", help="a scenario restricted to what was known by a month")
    base.add_argument("scenario", help="a scenario file (e.g. configs/baseline_2019.toml)")
    base.add_argument("--until", required=True, help="cutoff month YYYY-MM")
    base.add_argument("--out", help="write the base scenario (TOML) to this file")
    smc = commands.add_parser("abc-smc", help="ABC-SMC (pyabc) of assumed parameters to a cutoff")
    smc.add_argument(
        "--base", default="replay_2019_only", help="base scenario (default: the 2019-12 base)"
    )
    smc.add_argument(
        "--priors", default="calibration_abc", help="sweep spec: [uncertainties] are the priors"
    )
    smc.add_argument("--until", default="2019-12", help="last month of the record to fit")
    smc.add_argument("--population", type=int, default=200, help="particles per generation")
    smc.add_argument("--generations", type=int, default=6, help="number of generations")
    smc.add_argument("--replications", type=int, default=3, help="runs per particle")
    smc.add_argument("--draws", type=int, default=100, help="posterior draws for the checks")
    smc.add_argument("--out", required=True, help="output folder")
    smc.add_argument("--db", action="store_true", help="keep pyabc's history as OUT/history.db")
    smc.add_argument("-q", "--quiet", action="store_true", help="no progress messages")
    cal = commands.add_parser("calibrate", help="rejection ABC on an lhs sweep against 2019")
    cal.add_argument("run_dir", help="the run directory of an lhs sweep over assumed parameters")
    cal.add_argument("--until", default="2019-12", help="last month of the record to fit")
    cal.add_argument("--accept", type=float, default=0.05, help="share of points accepted")
    cal.add_argument("--out", help="output folder (default: RUN_DIR/calibration)")


def cutoff_month(value: str) -> str:
    """``value`` if it is a month ``YYYY-MM`` (an ``--until``); else a :class:`ConfigError`."""
    if not re.fullmatch(r"[0-9]{4}-(0[1-9]|1[0-2])", value):
        raise ConfigError("--until", "", f"expected a month YYYY-MM, got {value!r}")
    return value


def render_leaks(found: list[Leak], cutoff: str) -> str:
    """The inputs known only after ``cutoff``, one a line (or a line saying there are none)."""
    if not found:
        lines = [f"information set: nothing known only after {cutoff} (scale-only inputs"
                 " tolerated)"]  # fmt: skip
    else:
        lines = [f"information set: {len(found)} input(s) known only after {cutoff}:"]
        lines += [f"  {leak.key:<40} known {leak.known}  ({leak.why})" for leak in found]
    return "\n".join(lines)


def command_base(args: argparse.Namespace) -> int:
    """Print what the scenario knows too late; write the base for the cutoff with ``--out``."""
    cutoff = cutoff_month(args.until)
    table = read_scenario_table(args.scenario)
    print(render_leaks(leaks(table, cutoff, baseline_table()), cutoff))
    try:
        base = base_for_cutoff(table, cutoff)
    except CutoffError as exc:
        raise ConfigError(args.scenario, "", str(exc)) from None
    validate_scenario(base, args.scenario)
    if args.out:
        Path(args.out).write_text(tomli_w.dumps(base), encoding="utf-8")
        print(args.out)
    return 0


def _output(run_dir: Path, out: str | None, name: str) -> Path:
    folder = checked_out(out) if out else checked_out(run_dir / name, "output folder")
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def command_replay(args: argparse.Namespace) -> int:
    """Print the ledger, the decided-only scores and the full table; write tables and figure."""
    run_dir = Path(args.run_dir)
    result = validate(run_dir)  # a bad directory raises a one-line RunDirectoryError
    tables = read_run_dir(run_dir)
    if args.until:
        cutoff = cutoff_month(args.until)
        config = tables.manifest.get("config", {})
        print(render_leaks(leaks(config, cutoff, baseline_table()), cutoff))
    runs = ok_runs(tables)
    out = _output(run_dir, args.out, "replay")
    score = result.score
    score.fact_shares().to_csv(out / "facts.csv")
    score.intervals.describe().T.to_csv(out / "timing_errors.csv")
    score.occurrence.to_csv(out / "occurrence.csv", index=False)
    result.ledger.to_csv(out / "ledger.csv")
    result.skill.to_csv(out / "skill.csv")
    result.events.to_csv(out / "event_forecasts.csv")
    timeline_figure(runs, load_record(), out / "timeline.png")
    ok = set(tables.runs.loc[tables.runs["status"] == "ok", "run_id"])
    years = launch_years(tables.steps[tables.steps["run_id"].isin(ok)])
    years.to_csv(out / "launch_years.csv", index=False)
    print(render_validation(result))
    print(render_years(years))
    print(out)
    return 0


def render_validation(result: Validation) -> str:
    """Ledger, skill on decided events, then the full replay table."""
    with pd.option_context("display.width", 200, "display.max_columns", 20,
                           "display.max_colwidth", 70):  # fmt: skip
        ledger_text = result.ledger.to_string()
        events_text = result.events.round(3).to_string()
        skill_text = result.skill.round(3).to_string()
    decided = result.events[result.events["label"] == "decided"]
    return "\n".join([
        "ledger of scored items (scripted: set by the timeline or agenda; constrained: made"
        " likely by a calibrated or configured parameter; decided: a model choice):",
        ledger_text, "",
        f"scores over the {len(decided)} decided events only (lower is better); skill of the"
        " model against each baseline, median [5 %, 95 %] over bootstrap resamples of runs:",
        skill_text, "",
        "event forecasts (probabilities; all items):", events_text, "",
        "full replay table (all items, scripted ones included):",
        render_replay(result.score),
    ])  # fmt: skip


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


def command_abc_smc(args: argparse.Namespace) -> int:
    """Run ABC-SMC; write the posterior, the predictive check and the headline numbers."""
    try:
        from analysis.abc_report import (
            headline_numbers,
            marginals_figure,
            predictive_figure,
            predictive_stats,
        )
        from analysis.abc_smc import SmcOptions, observed_stats, read_priors, run_smc
    except ImportError as exc:
        raise ConfigError("abc-smc", "", f"needs pyabc ({exc}): pip install -e '.[abc]'") from None

    cutoff = cutoff_month(args.until)
    if args.population < 2 or args.generations < 1 or args.draws < 1 or args.replications < 1:
        raise ConfigError("abc-smc", "", "expected --population >= 2, --generations >= 1, "
                          "--draws >= 1, --replications >= 1")  # fmt: skip
    base = read_scenario_table(resolve_config(args.base))
    validate_scenario(base, args.base)
    priors = read_priors(resolve_config(args.priors))
    out = _output(Path(args.out), None, "")
    observed = observed_stats(load_record(), base["scenario"]["start"], cutoff)
    options = SmcOptions(population=args.population, generations=args.generations,
                         replications=args.replications, quiet=args.quiet)  # fmt: skip
    database = out / "history.db" if args.db else None
    result = run_smc(base, priors, observed, cutoff, database, options)
    posterior = result.posterior()
    posterior.to_csv(out / "posterior.csv")
    result.particles.assign(weight=result.weights).to_csv(out / "particles.csv", index=False)
    marginals_figure(result, out / "posterior_marginals.png")
    predicted = predictive_stats(result, base, cutoff, args.draws, options.seed)
    predicted.to_csv(out / "predictive.csv", index=False)
    predictive_figure(predicted, observed, out / "predictive_check.png")
    headline = headline_numbers(baseline_table(), result, args.draws, options.seed)
    headline.to_csv(out / "headline.csv")
    with pd.option_context("display.width", 160, "display.max_columns", 10):
        print(f"{result.simulations} simulations; last generation of {len(result.particles)}"
              f" (effective sample size {result.ess:.0f})")  # fmt: skip
        print(posterior.round(3).to_string())
        print("\nheadline numbers of the baseline (fixed values vs posterior draws):")
        print(headline.round(3).to_string())
    print(out)
    return 0
