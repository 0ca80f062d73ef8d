"""Alliance cohesion: the per-step metric and the per-run summaries (docs/ODD.md, section 7).

Dyadic cohesion is a weighted mean of four components in [0, 1], so it stays in [0, 1]:
mutual affinity, alignment on the agenda, burden satisfaction and threat convergence. The
ROK-Japan dyad has no burden-sharing relation, so its burden weight is spread over the
others. Trilateral cohesion is the geometric mean of the three dyads: it falls to 0 when
any dyad collapses.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sim.config.schema import CohesionWeights

DYADS: tuple[tuple[str, str], ...] = (("USA", "ROK"), ("USA", "JPN"), ("ROK", "JPN"))


@dataclass(slots=True)
class DyadParts:
    """The four components of one dyad's cohesion, each in [0, 1]."""

    affinity: float
    alignment: float
    burden: float | None  # None: the dyad has no burden-sharing relation
    threat_convergence: float


def mutual_affinity(a_to_b: float, b_to_a: float) -> float:
    """Mean directed affinity mapped from [-1, 1] to [0, 1]."""
    return 0.5 * (1.0 + 0.5 * (a_to_b + b_to_a))


def burden_satisfaction(burden_share: float, gdp_share: float) -> float:
    """The US view of an ally's effort: its burden share relative to its GDP share, capped at 1."""
    return min(1.0, burden_share / gdp_share)


def dyad_cohesion(parts: DyadParts, weights: CohesionWeights) -> float:
    """Weighted mean of the components, the burden weight spread when it does not apply."""
    total = (
        weights.affinity * parts.affinity
        + weights.alignment * parts.alignment
        + weights.threat * parts.threat_convergence
    )
    if parts.burden is None:
        rest = weights.affinity + weights.alignment + weights.threat
        return total / rest if rest > 0 else 0.0
    return total + weights.burden * parts.burden


def trilateral_cohesion(dyads: Sequence[float]) -> float:
    """Geometric mean of the dyads' cohesion: zero as soon as one dyad is zero."""
    product = 1.0
    for value in dyads:
        product *= value
    return product ** (1.0 / len(dyads)) if product > 0 else 0.0


def summarize(trilateral: Sequence[float], crisis_threshold: float) -> dict[str, float | int]:
    """The cohesion summaries of one run."""
    return {
        "mean_trilateral_cohesion": sum(trilateral) / len(trilateral),
        "min_trilateral_cohesion": min(trilateral),
        "final_trilateral_cohesion": trilateral[-1],
        "crisis_months": sum(1 for value in trilateral if value < crisis_threshold),
    }
