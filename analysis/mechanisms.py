"""``python -m analysis mechanisms SCENARIO``: knock out each mechanism, measure what moves.

Runs the scenario and each of its ten knockouts (``sim/knockouts.py``) for the same
replicates, hence the same seeds (common random numbers), and prints per mechanism the
outcome it moves most and the outcome its theory says it moves, each with the paired
effect ``baseline - knockout``, its 95 % interval and sign (``analysis/knockouts.py``).
Writes ``mechanisms.csv`` (every mechanism x outcome) and ``mechanisms.png`` to ``--out``
(default ``runs/mechanisms_<scenario name>/``), only once every run has finished.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from tqdm import tqdm

from sim.commandline import ExitCode, UsageError
from sim.config import Scenario, load_scenario
from sim.knockouts import MECHANISM_IDS, knocked_out, overrides_for
from sim.runner import run_once


def add_parser(commands: argparse._SubParsersAction) -> None:
    """The ``mechanisms`` subcommand's arguments."""
    parser = commands.add_parser(
        "mechanisms", help="knock out each mechanism M1-M10 and measure what it moves"
    )
    parser.add_argument("scenario", help="a scenario file (e.g. configs/baseline_2019.toml)")
    parser.add_argument(
        "--replications",
        type=int,
        metavar="N",
        help="replicates per arm (default: the scenario's [run] replications)",
    )
    parser.add_argument(
        "--set",
        dest="overrides",
        action="append",
        default=[],
        metavar="KEY=VALUE",
        help="override a scenario value before the knockouts (repeatable)",
    )
    parser.add_argument(
        "--out", help="folder for mechanisms.csv and .png (default: runs/mechanisms_NAME)"
    )
    parser.add_argument(
        "--mechanism",
        action="append",
        choices=MECHANISM_IDS,
        help="only this mechanism (repeatable; default: all ten)",
    )
    parser.add_argument("-q", "--quiet", action="store_true", help="no progress bar")


def run_arm(scenario: Scenario, replications: int, bar: tqdm) -> list[dict[str, float]]:
    """The outcomes of replicates 0..N-1 of one arm (a failed run gives no outcomes)."""
    from analysis.knockouts import outcomes_of

    found = []
    for replicate in range(replications):
        found.append(outcomes_of(run_once(scenario, replicate)))
        bar.update()
    return found


def command_mechanisms(args: argparse.Namespace, out: Path | None) -> int:
    """Run the arms, print the table, write the CSV and the figure in ``out``.

    ``out`` is the checked ``--out`` folder (None: ``runs/mechanisms_<scenario>``).
    """
    from analysis.knockouts import effects_figure, effects_table, render

    labels = {a.partition("=")[0].strip(): f"--set {a}" for a in args.overrides}
    scenario = load_scenario(args.scenario, args.overrides, labels)
    replications = args.replications or scenario.spec.run.replications
    if replications < 2:
        raise UsageError(f"--replications {replications}: expected at least 2 (paired intervals)")
    out = out or Path("runs") / f"mechanisms_{scenario.name}"
    mechanisms = list(dict.fromkeys(args.mechanism or MECHANISM_IDS))
    arms = {m: knocked_out(scenario, m) for m in mechanisms}
    overrides = {m: overrides_for(m, scenario) for m in mechanisms}
    total = replications * (1 + len(arms))
    with tqdm(
        total=total, desc="mechanisms", unit="run", disable=args.quiet, file=sys.stderr
    ) as bar:
        baseline = run_arm(scenario, replications, bar)
        knocked = {m: run_arm(arm, replications, bar) for m, arm in arms.items()}
    failed = sum(not r for r in baseline) + sum(not r for runs in knocked.values() for r in runs)
    table = effects_table(baseline, knocked, overrides)
    seed = scenario.spec.scenario.seed
    header = f"{scenario.name}: {replications} paired replicates per arm, seed {seed}"
    if failed:
        header += f" ({failed} failed run(s) left out of their pairs)"
    print(render(table, header))
    out.mkdir(parents=True, exist_ok=True)
    table.to_csv(out / "mechanisms.csv", index=False)
    effects_figure(table, out / "mechanisms.png", header)
    print(out / "mechanisms.csv")
    return ExitCode.OK
