"""The analysis from Python: a run directory with report, compare, replay and calibrate.

``analysis.RunDirectory(path)`` opens a run directory (a path, or a result of
``sim.run`` / ``sim.sweep`` written with ``out``) for DuckDB queries, as
:class:`analysis.load.RunDirectory` does, and adds the ``python -m analysis`` subcommands
as methods that return what they computed (a path, DataFrames, a score) without printing.
Bad input raises :class:`sim.SimError` (here its subclass
:class:`~analysis.load.RunDirectoryError`) with the line the command line prints.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any, Self

import pandas as pd

from analysis import load
from analysis.compare import compare_runs
from analysis.replay import ReplayScore
from analysis.report import ReportOptions, build_report
from analysis.validation import Calibration, calibrate, replay


def run_dir_path(run_dir: Any) -> Path:
    """The path of a run directory given as a path, a RunDirectory or a ``sim`` result."""
    if isinstance(run_dir, load.RunDirectory):
        return run_dir.path
    if isinstance(run_dir, str | Path):
        return Path(run_dir)
    if hasattr(run_dir, "run_dir"):  # sim.Result
        if run_dir.run_dir is None:
            message = "no run directory: run it with out=FOLDER to write one"
            raise load.RunDirectoryError(repr(run_dir), message)
        return Path(run_dir.run_dir)
    raise TypeError(f"expected the path of a run directory, got {type(run_dir).__name__}")


class RunDirectory(load.RunDirectory):
    """A run directory opened for reading, with the analysis subcommands as methods.

    Also a context manager that closes its DuckDB connection on leaving.
    """

    def __init__(self, path: str | Path | Any, threads: int = 2) -> None:
        super().__init__(run_dir_path(path), threads)

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"RunDirectory('{self.path}')"

    def report(
        self,
        *,
        out: str | Path | None = None,
        by: str | None = None,
        low_cohesion: float | None = None,
        log: Callable[[str], None] | None = None,
    ) -> Path:
        """Write the HTML report, figures and tables; return the path of report.html.

        As ``python -m analysis report``: ``out`` defaults to ``RUN_DIR/report``, ``by`` is
        the swept parameter to group runs by, ``low_cohesion`` the PRIM threshold; ``log``
        receives the progress messages (default: none).
        """
        options = ReportOptions(None if out is None else Path(out), by, low_cohesion)
        if log is not None:
            options.log = log
        return build_report(self.path, options)

    def compare(self, other: str | Path | Any) -> pd.DataFrame:
        """Every run summary of ``other`` (B) against this one (A), as ``analysis compare``.

        One row per summary: runs and means of A and B, the difference B - A with its
        95 % confidence interval (Welch) and p-value, and the standardized difference
        (docs/ANALYSIS.md).
        """
        if isinstance(other, load.RunDirectory):
            return compare_runs(self, other)
        with RunDirectory(other) as opened:
            return compare_runs(self, opened)

    def replay(self) -> ReplayScore:
        """Score this run of the 2019 baseline against the record (docs/VALIDATION.md).

        The score holds DataFrames per run (``facts``, ``intervals``, ``occurrence``) and
        the summaries ``fact_shares()``, ``brier`` and ``timing_distance`` that ``python -m
        analysis replay`` prints.
        """
        return replay(self.path)

    def calibrate(self, *, until: str = "2019-12", accept: float = 0.05) -> Calibration:
        """Rejection ABC of this lhs sweep against the record up to ``until``.

        Returns the accepted points and posterior (``abc``) and the out-of-sample check
        (``forecast``), as ``python -m analysis calibrate`` computes them.
        """
        if not 0.0 < accept <= 1.0:
            raise load.RunDirectoryError("--accept", f"expected a share in (0, 1], got {accept}")
        return calibrate(self.path, until=until, accept=accept)
