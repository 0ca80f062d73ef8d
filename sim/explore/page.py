"""The explorer page: SolaraViz with the network, time plots, event log and replications.

``solara run sim.explore.page`` (or :func:`sim.explore.serve`) serves :func:`Page`. Every
browser session renders its own :func:`Page`, so each has its own model.
"""

from __future__ import annotations

from typing import Any

import solara
from mesa.visualization import SolaraViz
from mesa.visualization.utils import update_counter

from sim.explore import events, figures, inputs, state
from sim.explore.model import ExplorerModel
from sim.explore.replications import Bands, run_bands

COHESION_STYLES = {
    "USA–ROK": {"color": figures.COLOURS["ROK"], "lw": 1.5},
    "USA–JPN": {"color": figures.COLOURS["JPN"], "lw": 1.5},
    "ROK–JPN": {"color": "#7f8c8d", "lw": 1.5},
    "trilateral": {"color": "#1f4e79", "lw": 2.8},
}
FEAR_SERIES = {
    "threat USA": ("threat_usa", {"color": figures.COLOURS["USA"], "lw": 1.8}),
    "threat ROK": ("threat_rok", {"color": figures.COLOURS["ROK"], "lw": 1.8}),
    "threat JPN": ("threat_jpn", {"color": figures.COLOURS["JPN"], "lw": 1.8}),
    "abandonment ROK": ("abandonment_fear_rok", {"color": figures.COLOURS["ROK"], "ls": "--"}),
    "abandonment JPN": ("abandonment_fear_jpn", {"color": figures.COLOURS["JPN"], "ls": "--"}),
    "entrapment ROK": ("entrapment_fear_rok", {"color": figures.COLOURS["ROK"], "ls": ":"}),
    "entrapment JPN": ("entrapment_fear_jpn", {"color": figures.COLOURS["JPN"], "ls": ":"}),
}
EVENT_LIMIT = 150


def collected(model: ExplorerModel) -> dict[str, list[Any]]:
    """Every collected metric, step 0 (the initial state) first."""
    return model.datacollector.model_vars


def months(model: ExplorerModel) -> list[str]:
    """Month labels of steps 0..total."""
    return [state.month_label(model.core, s) for s in range(state.total_steps(model.core) + 1)]


def where(model: ExplorerModel) -> str:
    """``2019-09 · month 3 of 36 · baseline_2019``."""
    core = model.core
    done, total = state.steps_done(core), state.total_steps(core)
    return f"{state.month_label(core, done)} · month {done} of {total} · {model.settings['config']}"


def settings_line(model: ExplorerModel) -> str:
    """The replicate and every setting that differs from the scenario file."""
    changes = ", ".join(f"{key}={value}" for key, value in model.changes.items())
    return f"replicate {model.replicate} · " + (
        f"changed: {changes}" if changes else "as in the file"
    )


def status_line(metrics: dict[str, Any]) -> str:
    """GSOMIA, measures in force, the agenda and this month's launches, in one line."""
    if metrics["gsomia_notice_pending"]:
        gsomia = "notice pending"
    else:
        gsomia = "active" if metrics["gsomia_active"] else "terminated"
    return (
        f"GSOMIA {gsomia} · measures in force JPN {metrics['measures_jpn']}, "
        f"ROK {metrics['measures_rok']} · agenda {metrics['items_agreed']} agreed, "
        f"{metrics['items_refused']} refused, {metrics['items_open']} open · "
        f"launches this month {metrics['provocations']}"
    )


def figure_panel(fig: Any, name: str) -> solara.Element:
    """A figure in a column carrying a CSS class (the browser test finds panels by it)."""
    with solara.Column(gap="0px", classes=[name]) as panel:
        solara.FigureMatplotlib(fig, format="png").meta(ref=name)
    return panel


@solara.component
def NetworkPanel(model: ExplorerModel) -> solara.Element:
    """The five states: edges show alliance cohesion, nodes threat and fears."""
    update_counter.get()  # re-render after every step
    core = model.core
    fig = figures.network_figure(state.actors(core), state.cohesion(core), state.affinity(core))
    with solara.Column(gap="0px", classes=["network-panel"]) as panel:
        bold, small = {"font-weight": "bold"}, {"font-size": "13px"}
        solara.Text(where(model), classes=["explorer-where"], style=bold).meta(ref="where")
        solara.Text(settings_line(model), classes=["explorer-settings"], style=small)
        solara.Text(status_line(state.metrics(core)), style=small)
        solara.FigureMatplotlib(fig, format="png")
    return panel


@solara.component
def CohesionPlot(model: ExplorerModel) -> solara.Element:
    """Cohesion of the three dyads and the trilateral, month by month."""
    update_counter.get()  # re-render after every step
    data = collected(model)
    names = ("cohesion_usa_rok", "cohesion_usa_jpn", "cohesion_rok_jpn", "trilateral_cohesion")
    series = {label: data[name] for label, name in zip(COHESION_STYLES, names, strict=True)}
    fig = figures.series_figure(
        series,
        COHESION_STYLES,
        months(model),
        state.total_steps(model.core),
        "Alliance cohesion",
        threshold=state.crisis_threshold(model.core),
    )
    return figure_panel(fig, "cohesion-plot")


@solara.component
def ThreatFearPlot(model: ExplorerModel) -> solara.Element:
    """Threat from the DPRK and the allies' fears of abandonment and entrapment."""
    update_counter.get()  # re-render after every step
    data = collected(model)
    series = {label: data[name] for label, (name, _) in FEAR_SERIES.items()}
    styles = {label: style for label, (_, style) in FEAR_SERIES.items()}
    fig = figures.series_figure(
        series, styles, months(model), state.total_steps(model.core), "Threat and fears"
    )
    return figure_panel(fig, "fear-plot")


@solara.component
def EventLog(model: ExplorerModel) -> solara.Element:
    """The events of the current run, newest first, filtered by category."""
    update_counter.get()  # re-render after every step
    chosen = solara.use_reactive(list(events.DEFAULT_SHOWN))
    recorded = state.events(model.core)
    rows = events.shown(recorded, chosen.value, EVENT_LIMIT)
    with solara.Column(gap="4px", classes=["event-log-panel"]) as panel:
        solara.Text(
            f"Event log: {len(recorded)} events, {len(rows)} shown (newest first)",
            style={"font-weight": "bold"},
        )
        CategoryChips(chosen)
        if rows:
            solara.HTML(
                tag="div",
                unsafe_innerHTML=events.table_html(rows),
                style={"max-height": "300px", "overflow-y": "auto"},
            ).meta(ref="event-log")
        else:
            solara.Text("No events yet: press Step or ▶.", classes=["event-log-empty"])
    return panel


@solara.component
def CategoryChips(chosen: solara.Reactive[list[str]]) -> solara.Element:
    """Filter chips, one per event category, in the category's colour."""
    names = list(events.CATEGORIES)
    chips = [
        solara.v.Chip(
            children=[name], value=name, filter=True, small=True, outlined=name not in chosen.value,
            color=events.CATEGORIES[name][1], text_color="white" if name in chosen.value else None,
        )
        for name in names
    ]  # fmt: skip
    return solara.v.ChipGroup(
        v_model=chosen.value, on_v_model=chosen.set, multiple=True, column=True, children=chips
    )


@solara.component
def ReplicationsPanel(model: ExplorerModel) -> solara.Element:
    """Run N replications of the current settings and show trilateral cohesion's bands."""
    update_counter.get()  # re-render after every step
    runs = solara.use_reactive(20)
    result = solara.use_reactive(None)
    key = repr((model.settings, model.core.spec.scenario.seed))

    def run() -> None:
        result.set((key, run_bands(model.alliance_scenario, runs.value)))

    with solara.Column(gap="4px", classes=["replications-panel"]) as panel:
        with solara.Row(style={"align-items": "center"}):
            solara.SliderInt("Replications", value=runs, min=5, max=200, step=5)
            solara.Button(f"Run {runs.value} replications", color="primary", on_click=run)
        if result.value is not None and result.value[0] == key:
            bands = result.value[1]
            show_bands(model, bands)
        else:
            solara.Info(
                "Runs the current settings (as of the last Reset) with the seeds of "
                "`python -m sim run`, and shows the spread of trilateral cohesion."
            )
    return panel


def show_bands(model: ExplorerModel, bands: Bands) -> None:
    """The headline shares and the bands figure of a replication result."""
    failed = f" · {bands.failed} failed" if bands.failed else ""
    solara.Text(
        f"{bands.runs} runs · mean cohesion {bands.mean_cohesion:.2f} · crisis months "
        f"{bands.crisis_share:.0%} · GSOMIA ended {bands.gsomia_terminated:.0%} · "
        f"SMA ratified {bands.sma_agreed:.0%}{failed}",
        classes=["bands-summary"],
        style={"font-size": "13px"},
    ).meta(ref="bands-summary")
    fig = figures.bands_figure(
        bands.quantiles,
        collected(model)["trilateral_cohesion"],
        months(model),
        state.crisis_threshold(model.core),
        "Trilateral cohesion: spread over the runs",
    )
    figure_panel(fig, "bands-plot")


COMPONENTS = [NetworkPanel, CohesionPlot, ThreatFearPlot, EventLog, ReplicationsPanel]


@solara.component
def Page() -> None:
    """The whole page; the model is built here, once per browser session."""
    model = solara.use_memo(ExplorerModel, [])
    solara.Title("Alliance explorer")
    SolaraViz(
        model,
        components=[(component, 0) for component in COMPONENTS],
        model_params=inputs.model_params(),
        name="Alliance explorer · Northeast Asia, 2019",
        play_interval=250,
    )
