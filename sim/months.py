"""Calendar months as ``YYYY-MM`` strings and step arithmetic (one step = one month)."""

from __future__ import annotations


def month_index(month: str) -> int:
    """Months since year 0 for a ``YYYY-MM`` string, so that differences count months."""
    year, mon = month.split("-")
    return int(year) * 12 + int(mon) - 1


def month_name(index: int) -> str:
    """Inverse of :func:`month_index`."""
    return f"{index // 12:04d}-{index % 12 + 1:02d}"


def step_of(month: str, start: str) -> int:
    """Step number (1-based) at which ``month`` is simulated in a run starting at ``start``."""
    return month_index(month) - month_index(start) + 1


def month_of(step: int, start: str) -> str:
    """Calendar month simulated at ``step`` (1-based) of a run starting at ``start``."""
    return month_name(month_index(start) + step - 1)
