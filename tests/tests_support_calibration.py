"""A scenario with a Poisson DPRK at a chosen rate, for calibration tests."""

from __future__ import annotations

from mechanism_support import BASELINE

from sim.config import Scenario, load_scenario

REPLAY = BASELINE.parent / "replay_2019_only.toml"


def quiet_dprk_scenario(rate: float, steps: int) -> Scenario:
    """The 2019-only replay base, no ROK-Japan dispute, a Poisson DPRK at ``rate`` a month."""
    return load_scenario(
        REPLAY,
        [
            f"scenario.steps={steps}",
            "actors.PRK.provocation.policy=poisson",
            f"actors.PRK.provocation.rate={rate}",
            'actors.ROK.retaliation.policy="none"',
            'actors.JPN.retaliation.policy="none"',
        ],
    )
