"""Parameter sweeps: sweep files, sampling, executors, chunked storage, resume, compaction.

``load_sweep(path)`` reads and validates a sweep file and every point of its design;
``run_sweep(sweep, options)`` runs (or resumes) it into a run directory. docs/SWEEPS.md
describes the sweep file, the executors and the output layout.
"""

from sim.sweep.engine import SweepOptions, SweepOutcome, run_sweep
from sim.sweep.load import Sweep, is_sweep_file, load_sweep

__all__ = ["Sweep", "SweepOptions", "SweepOutcome", "is_sweep_file", "load_sweep", "run_sweep"]
