"""The command line: ``python -m analysis COMMAND``, the commands of ``build_parser``.

``main(argv) -> int`` runs without a subprocess, for tests. Exit codes as for ``python -m
sim``: 0 success; 2 bad input (a missing or malformed run directory, bad arguments), one
line on stderr and no traceback.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence

from sim.commandline import ExitCode, Parser, WriteFailed, checked_out, guarded


def build_parser() -> Parser:
    """The argument parser of ``python -m analysis``."""
    parser = Parser(prog="python -m analysis", description="Figures and tables of run outputs.")
    commands = parser.add_subparsers(dest="command", required=True, parser_class=Parser)
    report = commands.add_parser("report", help="HTML report, figures and CSV tables of a run")
    report.add_argument("run_dir", help="a run directory (python -m sim run or sweep)")
    report.add_argument("--out", help="output folder (default: RUN_DIR/report)")
    report.add_argument("--by", help="swept parameter to group runs by (default: the first)")
    report.add_argument(
        "--low-cohesion",
        type=float,
        metavar="X",
        help="PRIM: runs with mean trilateral cohesion below X are of interest"
        " (default: the lowest quarter of runs)",
    )
    report.add_argument("-q", "--quiet", action="store_true", help="no progress messages")
    compare = commands.add_parser("compare", help="difference of run summaries, B - A")
    compare.add_argument("run_a", help="run directory A (e.g. the baseline)")
    compare.add_argument("run_b", help="run directory B (e.g. a what-if)")
    compare.add_argument("--out", help="also write compare.csv and compare.png to this folder")
    from analysis.validation_cli import add_parsers

    add_parsers(commands)  # replay, calibrate (docs/VALIDATION.md)
    from analysis.mechanisms import add_parser as add_mechanisms

    add_mechanisms(commands)  # knockouts of M1-M10 (docs/ANALYSIS.md)
    from analysis.outofsample_cli import add_headline_parser
    from analysis.outofsample_cli import add_parser as add_outofsample

    add_outofsample(commands)  # held-out record 2020-2023 (docs/VALIDATION.md)
    add_headline_parser(commands)  # headline numbers under a posterior (docs/VALIDATION.md)
    from analysis.abc_dprk_cli import add_parser as add_abc_dprk

    add_abc_dprk(commands)  # ABC-SMC of the strategic DPRK, 2022 held out
    return parser


def command_report(args) -> int:  # noqa: ANN001
    """Write the report and print the path of report.html."""
    from analysis.report import ReportOptions, build_report

    def log(message: str) -> None:
        if not args.quiet:
            print(f"report: {message}", file=sys.stderr)

    out = checked_out(args.out) if args.out else None
    options = ReportOptions(out, args.by, args.low_cohesion, log)
    print(build_report(args.run_dir, options))
    return ExitCode.OK


def command_compare(args) -> int:  # noqa: ANN001
    """Print the comparison (and write it with ``--out``)."""
    from analysis.compare import compare_figure, compare_runs, render
    from analysis.load import RunDirectory

    out = checked_out(args.out) if args.out else None
    a, b = RunDirectory(args.run_a), RunDirectory(args.run_b)
    try:
        for warning in comparison_warnings(a, b):
            print(f"warning: {warning}", file=sys.stderr)
        table = compare_runs(a, b)
        print(render(table, f"{a.name} ({a.path})", f"{b.name} ({b.path})"))
        if out is not None:
            out.mkdir(parents=True, exist_ok=True)
            table.to_csv(out / "compare.csv", index=False)
            compare_figure(table, a.name, b.name, out / "compare.png")
            print(out / "compare.csv")
    finally:
        a.close()
        b.close()
    return ExitCode.OK


def comparison_warnings(a, b) -> list[str]:  # noqa: ANN001
    """What may make a comparison meaningless: the same directory twice, or mixed kinds."""
    warnings = []
    if a.path.resolve() == b.path.resolve():
        warnings.append(f"A and B are the same run directory ({a.path}): every difference is 0")
    kinds = (a.manifest.get("kind"), b.manifest.get("kind"))
    if kinds[0] != kinds[1]:
        warnings.append(
            f"A is a {kinds[0]} run and B a {kinds[1]}: a sweep's summaries are pooled over"
            " all its points"
        )
    return warnings


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point; returns the exit code."""
    args_list = list(sys.argv[1:] if argv is None else argv)
    return guarded(
        lambda: dispatch(build_parser().parse_args(args_list)),
        restore_signals=argv is not None,  # as a program: the process ends next
    )


def dispatch(args) -> int:  # noqa: ANN001
    """Run the chosen subcommand; a failure to write its output is one line (exit 74)."""
    try:
        return run_command(args)
    except OSError as exc:
        raise WriteFailed(f"cannot write the output: {exc}") from None


def run_command(args) -> int:  # noqa: ANN001
    """Run the chosen subcommand."""
    if args.command == "report":
        return command_report(args)
    if args.command in ("replay", "calibrate", "base", "abc-smc"):
        from analysis import validation_cli

        name = args.command.replace("-", "_")
        return getattr(validation_cli, f"command_{name}")(args)
    if args.command == "mechanisms":
        from analysis.mechanisms import command_mechanisms

        return command_mechanisms(args, checked_out(args.out) if args.out else None)
    if args.command == "outofsample":
        from analysis.outofsample_cli import command_outofsample

        return command_outofsample(args)
    if args.command == "abc-dprk":
        from analysis.abc_dprk_cli import command_abc_dprk

        return command_abc_dprk(args)
    if args.command == "headline":
        from analysis.outofsample_cli import command_headline

        return command_headline(args)
    return command_compare(args)
