"""Which group each run belongs to: its scenario, or the level of one swept parameter.

Figures and tables compare groups of runs. A scenario run directory is one group (the
scenario). A sweep is grouped by one parameter (``--by``; default the first lever, else the
first parameter): its values when it has few, else equal-width bins of its range.
"""

from __future__ import annotations

import pandas as pd

MAX_LEVELS = 6  # a parameter with more distinct values than this is binned
BINS = 4


def level_label(value: object) -> str:
    """A short label of a parameter value."""
    if isinstance(value, float):
        return f"{value:.3g}"
    return str(value)


def binned(values: pd.Series, bins: int) -> pd.Series:
    """Equal-width bins of a numeric column, labelled ``[low, high)`` (ordered categories)."""
    edges = pd.interval_range(values.min(), values.max(), periods=bins)
    cut = pd.cut(values, bins=bins, include_lowest=True)
    labels = [
        f"[{e.left:.3g}, {e.right:.3g}{']' if i == bins - 1 else ')'}" for i, e in enumerate(edges)
    ]
    return cut.cat.rename_categories(labels)


def is_numeric(values: pd.Series) -> bool:
    """Numeric (not boolean) values."""
    return pd.api.types.is_numeric_dtype(values) and not pd.api.types.is_bool_dtype(values)


def levels(values: pd.Series, declared: list | None = None, bins: int = BINS) -> pd.Series:
    """Ordered categorical levels of a parameter: its values, or bins of a numeric range.

    Values keep the order of ``declared`` (a sweep file's list) where given, else sorted.
    """
    distinct = values.dropna().unique()
    if is_numeric(values) and len(distinct) > MAX_LEVELS and not declared:
        return binned(values.astype(float), bins)
    order = [v for v in declared or [] if v in set(distinct)]
    order += sorted((v for v in distinct if v not in set(order)), key=lambda v: (str(type(v)), v))
    labels = values.map(level_label)
    return pd.Series(
        pd.Categorical(labels, categories=[level_label(v) for v in order], ordered=True),
        index=values.index,
    )


def default_grouping(parameters: list[str], levers: list[str]) -> str | None:
    """The parameter to group by when none is asked for: the first lever, else the first."""
    if levers:
        return levers[0]
    return parameters[0] if parameters else None


def run_groups(
    runs: pd.DataFrame, by: str | None, name: str, declared: list | None = None
) -> pd.DataFrame:
    """``run_id`` and ``grp`` (ordered categorical) for every run."""
    if by is None:
        group = pd.Categorical([name] * len(runs), categories=[name])
        return pd.DataFrame({"run_id": runs["run_id"].to_numpy(), "grp": group})
    return pd.DataFrame(
        {"run_id": runs["run_id"].to_numpy(), "grp": levels(runs[by], declared).array}
    )
