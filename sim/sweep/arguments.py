"""The ``sweep`` subcommand's arguments (light: importing it loads nothing heavy)."""

from __future__ import annotations

import argparse


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """The ``sweep`` subcommand's arguments."""
    parser.add_argument("sweep", nargs="?", help="sweep file (TOML); with --resume, optional")
    parser.add_argument("--out", default="runs", help="folder for the run directory")
    parser.add_argument("--workers", type=int, help="workers (default: every core)")
    parser.add_argument(
        "--executor", choices=("serial", "process", "dask"), help="default: process"
    )
    parser.add_argument("--scheduler", help="address of a running Dask scheduler (implies dask)")
    parser.add_argument("--resume", metavar="RUN_DIR", help="finish an interrupted sweep")
    parser.add_argument("--time-limit", type=float, metavar="SECONDS", help="per run; 0: none")
    parser.add_argument("-q", "--quiet", action="store_true", help="no progress bar or summary")
