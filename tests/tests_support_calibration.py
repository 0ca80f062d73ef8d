"""A scenario with a Poisson DPRK at a chosen rate, for calibration tests."""

from __future__ import annotations

from mechanism_support import BASELINE  # noqa: F401 - same folder conventions

from sim.config import load_scenario
from sim.config.load import read_scenario_table  # noqa: F401

REPLAY = BASELINE.parent / "replay_2019_only.toml"


def quiet_dprk_scenario(rate: float, steps: int):
    """The replay base with a Poisson DPRK launching ``rate`` days a month."""
    return load_scenario(
        REPLAY,
        [f"scenario.steps={steps}", "actors.PRK.provocation.policy=poisson",
         f"actors.PRK.provocation.rate={rate}"],
    )  # fmt: skip
