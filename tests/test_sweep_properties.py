"""Property: a sweep file either loads or raises one clear ConfigError, never anything else."""

from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from sweep_strategies import sweep_files
from sweep_support import write_sweep

from sim.errors import ConfigError
from sim.sweep import load_sweep


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(sweep_files())
def test_loading_a_sweep_file_raises_config_error_or_nothing(table):
    with tempfile.TemporaryDirectory() as folder:
        path = write_sweep(Path(folder), table)
        try:
            sweep = load_sweep(path)
        except ConfigError as exc:
            line = exc.one_line()
            assert "\n" not in line and line.startswith(str(path))
        else:
            assert sweep.run_count == len(sweep.points) * sweep.spec.sweep.replications >= 1
