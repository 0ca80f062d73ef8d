"""Alliance politics in Northeast Asia, 2019: model, configuration, runs and storage.

The Python API (docs/API.md)::

    import sim

    result = sim.run("baseline_2019", replications=10, seed=7)
    result.steps.groupby("date")["trilateral_cohesion"].mean()

``run``, ``load_scenario`` and ``Result`` come from :mod:`sim.api`; ``sweep`` is the package
:mod:`sim.sweep`, callable as the function :func:`sim.sweep.api.sweep`; ``SimError``
is the one exception type of bad input; ``ExplorerModel`` (:mod:`sim.explore.model`) is
the keyword-only Mesa model of the browser explorer. All are imported on first use, so that
``import sim`` stays light (the command line and the sweep workers import this package).
"""

from __future__ import annotations

from sim.errors import SimError
from sim.lazy import lazy_exports

__version__ = "0.1.0"
__all__ = ["ExplorerModel", "Result", "SimError", "load_scenario", "run", "sweep"]

__getattr__, __dir__ = lazy_exports(
    "sim",
    {
        "run": "sim.api",
        "sweep": "sim.sweep",  # the package, callable
        "load_scenario": "sim.api",
        "Result": "sim.api",
        "ExplorerModel": "sim.explore.model",
    },
)
