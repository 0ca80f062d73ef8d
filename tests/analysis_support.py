"""Run directories for the analysis tests, made by the tool itself (never hand-written)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import tomli_w

import sim.sweep.engine
from sim.cli import ExitCode, main

ROOT = Path(__file__).resolve().parent.parent
BASELINE = ROOT / "configs" / "baseline_2019.toml"
WHATIF = ROOT / "configs" / "whatif_no_linkage.toml"
#: The sweeps' base: the rule-based baseline (configs/rulebased_2019.toml: the 2019 launch
#: tempo, rule-based dispute parties and asks), where the rally drives cohesion well above
#: replication noise. The sensitivity, PRIM and discovery tests check the analysis machinery
#: on a known driver; the strategic baseline's noise would make them tests of sample size.
RALLY_DRIVEN = ROOT / "configs" / "rulebased_2019.toml"
STEPS = 12


def only_child(folder: Path) -> Path:
    """The one run directory in ``folder``."""
    (child,) = [p for p in Path(folder).iterdir() if not p.name.startswith(".")]
    return child


def scenario_run(folder: Path, config: Path = BASELINE, replications: int = 4) -> Path:
    """``python -m sim run CONFIG --replications N --steps 12`` into ``folder``."""
    argv = ["run", str(config), "--replications", str(replications), "--steps", str(STEPS)]
    assert main([*argv, "-q", "--out", str(folder)]) == ExitCode.OK
    return only_child(folder)


def sweep_file(folder: Path, method: str, **sweep: Any) -> Path:
    """A small sweep of the baseline; ``levers``/``uncertainties`` given as keywords."""
    levers = sweep.pop("levers", {})
    uncertainties = sweep.pop("uncertainties", {})
    section = {"name": f"t_{method}", "base": str(RALLY_DRIVEN), "method": method,
               "replications": 2, "seed": 7, "steps": STEPS,
               "executor": {"kind": "serial"}, **sweep}  # fmt: skip
    table = {"sweep": section, "levers": levers, "uncertainties": uncertainties}
    path = Path(folder) / f"{method}.toml"
    path.write_text(tomli_w.dumps(table), encoding="utf-8")
    return path


def sweep_run(folder: Path, path: Path, monkeypatch: Any = None, compact: bool = True) -> Path:
    """``python -m sim sweep FILE``; with ``compact=False`` the chunk folders are kept."""
    if not compact:
        monkeypatch.setattr(sim.sweep.engine, "compact", lambda run_dir, **_: None)
    assert main(["sweep", str(path), "--out", str(folder), "-q"]) == ExitCode.OK
    if not compact:
        monkeypatch.undo()
    return only_child(folder)


#: A Sobol or Morris sweep where ``metrics.crisis_threshold`` cannot move cohesion (it only
#: counts crisis months) and ``mechanisms.rally_strength`` drives it.
DUMMY = "metrics.crisis_threshold"
DRIVER = "mechanisms.rally_strength"
SENSITIVITY_RANGES = {DUMMY: [0.2, 0.6], DRIVER: [0.0, 1.0]}
