"""``python -m sim.explore [--host H] [--port N] [-q]``: start the explorer's server."""

from __future__ import annotations

import argparse
import sys

from sim.explore.server import DEFAULT_HOST, DEFAULT_PORT, serve


def main(argv: list[str] | None = None) -> int:
    """Parse the options and serve the page until interrupted; returns the exit code."""
    parser = argparse.ArgumentParser(
        prog="python -m sim.explore", description="Explore the alliance model in the browser."
    )
    parser.add_argument("--host", default=DEFAULT_HOST, help=f"default: {DEFAULT_HOST}")
    parser.add_argument("--port", type=int, default=DEFAULT_PORT, help=f"default: {DEFAULT_PORT}")
    parser.add_argument("-q", "--quiet", action="store_true", help="print nothing but errors")
    args = parser.parse_args(argv)
    return serve(args.host, args.port, args.quiet)


if __name__ == "__main__":
    sys.exit(main())
