"""Calendar months as ``YYYY-MM`` strings and step arithmetic (one step = one month).

The conversions are memoised (pure functions of a few dozen distinct arguments a run): a
model converts every step of its run when it is built, and building the model took about
a twentieth of a short run's time.
"""

from __future__ import annotations

from functools import lru_cache

_memo = lru_cache(maxsize=4096)


@_memo
def month_index(month: str) -> int:
    """Months since year 0 for a ``YYYY-MM`` string, so that differences count months."""
    year, mon = month.split("-")
    return int(year) * 12 + int(mon) - 1


@_memo
def month_name(index: int) -> str:
    """Inverse of :func:`month_index`."""
    return f"{index // 12:04d}-{index % 12 + 1:02d}"


@_memo
def step_of(month: str, start: str) -> int:
    """Step number (1-based) at which ``month`` is simulated in a run starting at ``start``."""
    return month_index(month) - month_index(start) + 1


@_memo
def month_of(step: int, start: str) -> str:
    """Calendar month simulated at ``step`` (1-based) of a run starting at ``start``."""
    return month_name(month_index(start) + step - 1)
