"""Parameter sweeps: sweep files, sampling, executors, chunked storage, resume, compaction.

``load_sweep(path)`` reads and validates a sweep file and every point of its design;
``run_sweep(sweep, options)`` runs (or resumes) it into a run directory. docs/SWEEPS.md
describes the sweep file, the executors and the output layout.

The package is also callable: ``sim.sweep("demand_vs_linkage", replications=2)`` is
:func:`sim.sweep.api.sweep`, the Python API's sweep (docs/API.md), as ``sim.sweep`` cannot
be both this package and a function otherwise.
"""

import sys
import types
from typing import Any

from sim.sweep.engine import SweepOptions, SweepOutcome, run_sweep
from sim.sweep.load import Sweep, is_sweep_file, load_sweep

__all__ = [
    "Sweep",
    "SweepOptions",
    "SweepOutcome",
    "is_sweep_file",
    "load_sweep",
    "run_sweep",
]


class CallablePackage(types.ModuleType):
    """The class of the package ``sim.sweep``: calling it calls :func:`sim.sweep.api.sweep`."""

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        """``sim.sweep(...)``: see :func:`sim.sweep.api.sweep`.

        Imported here, not at the top: :mod:`sim.sweep.api` builds on :mod:`sim.api`, which
        writes run directories with this package's chunk machinery.
        """
        from sim.sweep.api import sweep

        return sweep(*args, **kwargs)


sys.modules[__name__].__class__ = CallablePackage
