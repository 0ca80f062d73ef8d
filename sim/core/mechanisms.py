"""The equations of the mechanisms and of the slow dynamics, as pure functions.

M1-M6, M8 and M10 have their equations here, under a comment naming each, and M9's trade
cut; M7's ladders are in :mod:`sim.core.dispute` and M9's episodes in
:mod:`sim.core.coercion` and :func:`sim.core.dynamics.coercion`. Each function is small
and named after what it computes; docs/ODD.md gives the same equations with their
parameters and sources. Values called fears, threat and support live in [0, 1]; affinity
in [-1, 1].
"""

from __future__ import annotations

import math


def clamp(value: float, low: float = 0.0, high: float = 1.0) -> float:
    """``value`` limited to ``[low, high]``."""
    return low if value < low else high if value > high else value


def compound(level: float, push: float) -> float:
    """Raise a [0, 1] level by a [0, 1] push without leaving the unit interval."""
    return 1.0 - (1.0 - level) * (1.0 - clamp(push))


def relax(value: float, target: float, rate: float) -> float:
    """Move ``value`` a share ``rate`` of the way to ``target``."""
    return value + rate * (target - value)


# M1: free riding (Olson & Zeckhauser 1966)
def gdp_share(ally_gdp: float, us_gdp: float) -> float:
    """The ally's share of the dyad's GDP: its 'fair' share of the common defence."""
    return ally_gdp / (ally_gdp + us_gdp)


def burden_share(contribution: float, us_milex: float) -> float:
    """The ally's share of the dyad's defence effort (bn USD)."""
    return contribution / (contribution + us_milex)


def voluntary_contribution(
    ally_gdp: float, us_gdp: float, us_milex: float, elasticity: float
) -> float:
    """What an ally pays without US pressure (Olson & Zeckhauser 1966).

    The target share of the common defence is ``g * (1 - elasticity * (1 - g))`` for a GDP
    share ``g``: with elasticity 0 the ally pays its GDP share; the larger the elasticity, the
    more the small ally free-rides on the large one. Returned as a contribution in bn USD.
    """
    g = gdp_share(ally_gdp, us_gdp)
    target = g * (1.0 - elasticity * (1.0 - g))
    return us_milex * target / (1.0 - target)


def effort_target(
    free_riding_level: float,
    threat_rise: float,
    fear_rise: float,
    pressure: float,
    responses: tuple[float, float, float],
) -> float:
    """The level an ally's voluntary defence effort drifts toward this month (bn USD).

    The free-riding level scaled by ``1 + r_T * threat_rise + r_A * fear_rise + r_P *
    pressure`` (at least 0): a threat above its starting level (balance of threat, Walt
    1987), abandonment fear above its starting level (Snyder 1984: the ally arms itself)
    and US pressure for cost-sharing (:func:`us_pressure`) raise it; ``responses`` are
    ``(r_T, r_A, r_P)``. With no rise and no pressure it is the free-riding level.
    """
    r_threat, r_fear, r_pressure = responses
    scale = 1.0 + r_threat * threat_rise + r_fear * fear_rise + r_pressure * pressure
    return free_riding_level * scale if scale > 0.0 else 0.0


def us_pressure(demand: float, status_quo: float, effort: float) -> float:
    """US pressure of one cost-sharing item, as a share of the ally's 2019 effort.

    The payment the US demands (open talks) or got (an agreed deal) above the status quo,
    over ``effort``, the ally's 2019 defence spending.
    """
    return max(0.0, demand - status_quo) / effort if effort > 0.0 else 0.0


# M2: two-level games (Putnam 1988)
def nominal_ceiling(status_quo: float, win_set_increase: float) -> float:
    """The largest payment the ally's public accepts (its Level II win-set)."""
    return status_quo * (1.0 + win_set_increase)


def demand_gap(ask: float, ceiling: float) -> float:
    """Share of the ask above the win-set, in [0, 1)."""
    return max(0.0, ask - ceiling) / ask if ask > 0 else 0.0


def ratification_probability(
    amount: float, ceiling: float, support: float, friction: float
) -> float:
    """Chance that a deal at ``amount`` survives domestic ratification.

    ``exp(-friction * gap * opposition)`` with the relative gap above the win-set and the
    opposition ``1 - support``: a deal inside the win-set always passes.
    """
    gap = max(0.0, amount - ceiling) / ceiling
    return math.exp(-friction * gap * (1.0 - support))


def demand_friction(ask: float, ceiling: float, support: float, friction: float) -> float:
    """Monthly loss of the ally's affinity to the US while a demand above its win-set stands."""
    return friction * demand_gap(ask, ceiling) * (1.0 - support)


# M3: abandonment (Snyder 1984)
def widened_ceiling(
    ceiling: float, ask: float, abandonment_fear: float, concession: float
) -> float:
    """Abandonment fear moves what the government will offer from the win-set toward the ask."""
    return ceiling + clamp(concession * abandonment_fear) * max(0.0, ask - ceiling)


# M3 and M4: the pull of a yes/no ask
def acceptance_propensity(
    affinity_to_us: float, entrapment_fear: float, abandonment_fear: float, concession: float
) -> float:
    """Alliance pull ``(1 + affinity) / 2`` discounted by entrapment fear, plus abandonment push."""
    pull = 0.5 * (1.0 + affinity_to_us) * (1.0 - entrapment_fear)
    return clamp(pull + concession * abandonment_fear)


# M4: entrapment (Snyder 1984)
def entrapment_push(
    sensitivity: float, trade_dependence: float, coercion_credibility: float
) -> float:
    """Monthly rise of entrapment fear from one open ask tied to US-China rivalry.

    Exposure is the ally's trade dependence on China, doubled at most by how credible Chinese
    coercion is (the THAAD precedent of 2017).
    """
    return sensitivity * clamp(trade_dependence * (1.0 + coercion_credibility))


# M5: balance of threat (Walt 1987)
def threat_after_launches(
    threat: float, launch_days: int, severity: float, exposure: float
) -> float:
    """Threat after ``launch_days`` launches of a given severity, scaled by exposure."""
    return 1.0 - (1.0 - threat) * (1.0 - clamp(severity * exposure)) ** launch_days


def decay_factor(half_life: float) -> float:
    """Monthly factor by which threat above its baseline decays."""
    return 0.5 ** (1.0 / half_life)


def rally_push(strength: float, surge_a: float, surge_b: float) -> float:
    """Affinity gained by two partners from a threat surge they share.

    The shared surge is the geometric mean of the two surges above baseline: zero unless
    both partners feel the threat rise.
    """
    return strength * math.sqrt(max(0.0, surge_a) * max(0.0, surge_b))


def capped_rally(push: float, affinity: float, ceiling: float) -> float:
    """A rally push that lifts affinity at most to ``ceiling`` (never lowers it).

    While measures of a dispute between the two are in force, ``ceiling`` is their
    affinity when the dispute started: a shared threat pulls them back toward it, not past.
    """
    return min(push, max(0.0, ceiling - affinity))


# M6: quasi-alliance (Cha 1999)
def quasi_alliance_drift(fear_a: float, fear_b: float, strength: float, neutral: float) -> float:
    """Monthly change of the two allies' mutual affinity from their abandonment fears.

    Shared fear (the smaller of the two) draws them together; asymmetric fear (the gap)
    pushes them apart; below ``neutral`` a firm-looking US lets friction grow.
    """
    pressure = min(fear_a, fear_b) - abs(fear_a - fear_b)
    return strength * (pressure - neutral)


# M8: wedge strategies (Crawford 2011)
def wedge_push(strength: float, launch_days: int, dyad_cohesion: float) -> float:
    """Affinity a wedge takes from each partner of the targeted dyad; grows with friction."""
    return strength * launch_days * (1.0 - dyad_cohesion)


# M9: economic coercion (THAAD 2017)
#: The loss of the 2017 episode, share of GDP (thaad_loss_rok: 8.5 tn KRW, 0.5 % of GDP).
THAAD_GDP_LOSS = 0.005


def coerced_trade(baseline: float, gdp_loss: float, cut: float) -> float:
    """The ally's trade dependence on China while an episode of ``gdp_loss`` runs.

    An episode as costly as THAAD's cuts the baseline by ``cut`` (by default the fall of
    Chinese visitors to Korea in 2017, thaad_chinese_visitors_change -48.3 %); a costlier
    or milder one in proportion to its loss, at most all of it.
    """
    return baseline * (1.0 - clamp(cut * gdp_loss / THAAD_GDP_LOSS))


# M10: US mediation
def mediation_probability(strength: float, affinity: dict[tuple[str, str], float]) -> float:
    """Monthly chance that US pressure brings one disputing ally to de-escalate.

    Proportional to US affinity with both allies: the weaker of the two mutual affinities
    (each the mean of both directions), floored at zero.
    """
    ties = [0.5 * (affinity[("USA", a)] + affinity[(a, "USA")]) for a in ("ROK", "JPN")]
    return strength * max(0.0, min(ties))
