"""Matplotlib figures of the page: the network of the five states and the time plots.

Figures are built with ``matplotlib.figure.Figure`` (no pyplot state), so sessions drawing
at the same time do not interfere.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
from matplotlib import colormaps
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from sim.explore.state import DYADS, ActorState

#: Where each state sits on the network plot (roughly its place on the map).
POSITIONS: dict[str, tuple[float, float]] = {
    "CHN": (0.0, 0.62),
    "PRK": (0.42, 0.95),
    "ROK": (0.5, 0.42),
    "JPN": (0.95, 0.62),
    "USA": (1.35, 0.12),
}
#: Where a node's caption goes, relative to the node, clear of the edges.
CAPTION_PLACES = {
    "ROK": (-0.09, -0.06, "right"),
    "JPN": (0.1, 0.08, "left"),
    "USA": (-0.1, -0.03, "right"),
}
COLOURS = {"USA": "#1f4e79", "ROK": "#2a9d8f", "JPN": "#c0392b", "CHN": "#d68910", "PRK": "#6c3483"}
DYAD_COLOURS = {("USA", "ROK"): "#2a9d8f", ("USA", "JPN"): "#c0392b", ("ROK", "JPN"): "#7f8c8d"}
COHESION_MAP = colormaps["RdYlGn"]
THREAT_MAP = colormaps["OrRd"]


def network_figure(
    actors: Mapping[str, ActorState],
    cohesion: Mapping[tuple[str, str], float],
    affinity: Mapping[tuple[str, str], float],
) -> Figure:
    """The five states: alliance edges by cohesion, other ties by affinity, nodes by threat."""
    fig = Figure(figsize=(6.4, 3.5), dpi=110, layout="constrained")
    ax = fig.add_subplot()
    draw_other_ties(ax, affinity)
    for (a, b), value in cohesion.items():
        draw_edge(ax, a, b, 2 + 10 * value, COHESION_MAP(value), f"{value:.2f}")
    for actor in actors.values():
        draw_node(ax, actor)
    ax.set_xlim(-0.3, 1.65)
    ax.set_ylim(-0.06, 1.06)
    ax.set_axis_off()
    scale = fig.colorbar(
        _mappable(COHESION_MAP), ax=ax, shrink=0.5, pad=0.01, label="alliance cohesion"
    )
    scale.ax.tick_params(labelsize=8)
    threat = fig.colorbar(_mappable(THREAT_MAP), ax=ax, shrink=0.5, pad=0.01, label="threat (node)")
    threat.ax.tick_params(labelsize=8)
    return fig


def _mappable(cmap: object) -> object:
    from matplotlib.cm import ScalarMappable
    from matplotlib.colors import Normalize

    return ScalarMappable(norm=Normalize(0, 1), cmap=cmap)


def draw_other_ties(ax: object, affinity: Mapping[tuple[str, str], float]) -> None:
    """Dotted lines for the non-alliance pairs: blue when friendly, red when hostile."""
    allied = {frozenset(d) for d in DYADS}
    codes = list(POSITIONS)
    for i, a in enumerate(codes):
        for b in codes[i + 1 :]:
            if frozenset((a, b)) in allied:
                continue
            mutual = 0.5 * (affinity[(a, b)] + affinity[(b, a)])
            colour = "#2e86c1" if mutual > 0 else "#cb4335"
            (xa, ya), (xb, yb) = POSITIONS[a], POSITIONS[b]
            ax.plot([xa, xb], [ya, yb], ls=":", lw=0.8 + 2.5 * abs(mutual), color=colour,
                    alpha=0.55, zorder=1)  # fmt: skip


def draw_edge(ax: object, a: str, b: str, width: float, colour: object, label: str) -> None:
    """An alliance edge with its cohesion written at the middle."""
    (xa, ya), (xb, yb) = POSITIONS[a], POSITIONS[b]
    ax.plot([xa, xb], [ya, yb], lw=width, color=colour, solid_capstyle="round", zorder=2)
    box = {"boxstyle": "round,pad=0.2", "fc": "white", "ec": "#999999", "lw": 0.5}
    middle = ((xa + xb) / 2, (ya + yb) / 2)
    ax.text(*middle, label, fontsize=9, ha="center", va="center", zorder=5, bbox=box)


def node_caption(actor: ActorState) -> str:
    """The numbers under a node: threat for all, fears for the allies, credibility for China."""
    if actor.code in ("ROK", "JPN"):
        return (
            f"threat {actor.threat:.2f}\nabandonment {actor.abandonment_fear:.2f}"
            f"\nentrapment {actor.entrapment_fear:.2f}"
        )
    if actor.code == "CHN":
        return f"coercion credibility {actor.coercion_credibility:.2f}"
    if actor.code == "USA":
        return f"threat {actor.threat:.2f}"
    return ""


def draw_node(ax: object, actor: ActorState) -> None:
    """A node coloured by threat from the DPRK, ringed in the actor's colour."""
    x, y = POSITIONS[actor.code]
    face = THREAT_MAP(actor.threat) if actor.code in ("USA", "ROK", "JPN") else "#eeeeee"
    ax.scatter([x], [y], s=1500, c=[face], edgecolors=COLOURS[actor.code], linewidths=3, zorder=3)
    ax.text(x, y, actor.code, ha="center", va="center", fontsize=10, weight="bold", zorder=4)
    caption = node_caption(actor)
    if caption:
        dx, dy, align = CAPTION_PLACES.get(actor.code, (0.0, -0.11, "center"))
        ax.text(x + dx, y + dy, caption, ha=align, va="top", fontsize=8, color="#333333", zorder=4,
                linespacing=1.15)  # fmt: skip


def time_axis(ax: object, labels: Sequence[str], total: int) -> None:
    """Steps on x, labelled with the month every sixth step, the whole run's width."""
    ticks = list(range(0, total + 1, 6))
    ax.set_xticks(ticks, [labels[t] if t < len(labels) else "" for t in ticks], fontsize=8)
    ax.set_xlim(0, total)
    ax.grid(alpha=0.3)


def series_figure(
    series: Mapping[str, Sequence[float]],
    styles: Mapping[str, dict[str, object]],
    months: Sequence[str],
    total: int,
    title: str,
    threshold: float | None = None,
) -> Figure:
    """Lines over the months run so far (x covers the whole run), values in [0, 1]."""
    fig = Figure(figsize=(6.4, 3.6), dpi=110, layout="constrained")
    ax = fig.add_subplot()
    steps = np.arange(len(next(iter(series.values()), [])))
    for name, values in series.items():
        ax.plot(steps, values, label=name, **styles.get(name, {}))
    return finish_unit_plot(fig, ax, threshold, months, total, title)


def bands_figure(
    quantiles: Mapping[str, np.ndarray],
    current: Sequence[float],
    months: Sequence[str],
    threshold: float,
    title: str,
) -> Figure:
    """Median and 5-95 % / 25-75 % bands of trilateral cohesion, the current run on top."""
    fig = Figure(figsize=(6.4, 2.5), dpi=110, layout="constrained")
    ax = fig.add_subplot()
    total = len(quantiles["median"])
    steps = np.arange(1, total + 1)
    ax.fill_between(steps, quantiles["q05"], quantiles["q95"], color="#1f4e79", alpha=0.15,
                    label="5–95 %")  # fmt: skip
    ax.fill_between(steps, quantiles["q25"], quantiles["q75"], color="#1f4e79", alpha=0.3,
                    label="25–75 %")  # fmt: skip
    ax.plot(steps, quantiles["median"], color="#1f4e79", lw=2, label="median")
    if len(current) > 1:
        ax.plot(np.arange(len(current)), current, color="#e67e22", lw=1.5, label="current run")
    return finish_unit_plot(fig, ax, threshold, months, total, title)


def finish_unit_plot(
    fig: Figure,
    ax: Axes,
    threshold: float | None,
    months: Sequence[str],
    total: int,
    title: str,
) -> Figure:
    """The common end of a [0, 1] time plot: crisis line, axes, title, legend outside."""
    if threshold is not None:
        ax.axhline(threshold, color="#555555", ls="--", lw=1, label="crisis threshold")
    ax.set_ylim(0, 1)
    time_axis(ax, months, total)
    ax.set_title(title, fontsize=11, loc="left")
    fig.legend(fontsize=8, loc="outside right upper", frameon=False)
    return fig
