"""Analysis of run directories: reads only the output contract of docs/OUTPUTS.md.

From Python (docs/API.md)::

    import analysis

    with analysis.RunDirectory("runs/baseline_2019-<time>") as rd:
        rd.report()                       # -> Path of report.html
        rd.compare("runs/whatif-<time>")  # -> DataFrame: B - A per run summary
        rd.replay().brier                 # -> ReplayScore against 2019
        rd.query("SELECT ...")            # DuckDB over steps, runs, events

``RunDirectory`` (:mod:`analysis.api`) is imported on first use (PEP 562), so that
importing one module of the package does not load them all (and, with no import of them
here, the package's own modules can ``from analysis import aggregate`` without a circle).
"""

from __future__ import annotations

from sim.lazy import lazy_exports

__all__ = ["RunDirectory", "RunDirectoryError"]

__getattr__, __dir__ = lazy_exports(
    "analysis", {"RunDirectory": "analysis.api", "RunDirectoryError": "analysis.load"}
)
