"""The explorer page rendered in-process with solara.render: Step, a policy change, Reset, a run."""

from __future__ import annotations

import ipyvuetify as v
import ipywidgets as widgets
import pytest
import solara

from sim.explore.page import Page


@pytest.fixture
def page() -> object:
    """The page inside an AppLayout (which shows SolaraViz's sidebar), and its render context."""
    _box, context = solara.render(solara.AppLayout(children=[Page()]), handle_error=False)
    yield context
    context.close()


def where(context: object) -> str:
    return context.find(meta_ref="where").widget.children[0]


def cohesion_png(context: object) -> bytes:
    return context.find(widgets.Image, meta_ref="cohesion-plot").widget.value


def log_html(context: object) -> str:
    found = context.find(meta_ref="event-log")
    return found.widget.unsafe_innerHTML if found.widgets else ""


def click(context: object, label: str) -> None:
    context.find(v.Btn, children=[label]).widget.click()


def choose(context: object, label: str, value: object) -> None:
    context.find(v.Select, label=label).widget.v_model = value


def test_step_changes_the_caption_plot_and_event_log(page: object) -> None:
    assert "month 0 of 36" in where(page)
    assert log_html(page) == ""
    before = cohesion_png(page)
    click(page, "Step")
    assert "2019-07 · month 1 of 36 · baseline_2019" in where(page)
    assert cohesion_png(page) != before
    assert 'data-kind="export_controls"' in log_html(page)


def test_policy_change_takes_effect_on_reset(page: object) -> None:
    choose(page, "PRK · provocation", "none")
    page.find(v.Slider, label="Render Interval (steps)").widget.v_model = 12
    click(page, "Step")
    assert "month 12 of 36" in where(page)
    assert 'data-kind="provocation"' in log_html(page), "the old model still launches"
    click(page, "Reset")
    assert "month 0 of 36" in where(page)
    click(page, "Step")
    assert "month 12 of 36" in where(page)
    assert log_html(page) and 'data-kind="provocation"' not in log_html(page)


def test_scenario_choice_and_a_full_run_then_replications(page: object) -> None:
    choose(page, "Scenario", "whatif_cooperative_us")
    click(page, "Reset")
    assert "whatif_cooperative_us" in where(page)
    page.find(v.Slider, label="Render Interval (steps)").widget.v_model = 50
    click(page, "Step")
    assert "2022-06 · month 36 of 36" in where(page)
    assert page.find(v.Btn, children=["Step"]).widget.disabled, "the run is over"
    page.find(v.Slider, label="Replications").widget.v_model = 5
    click(page, "Run 5 replications")
    summary = page.find(meta_ref="bands-summary").widget.children[0]
    assert summary.startswith("5 runs · mean cohesion")
    assert page.find(widgets.Image, meta_ref="bands-plot").widget.value


def test_a_longer_scenario_runs_to_its_own_end_unless_months_are_chosen(page: object) -> None:
    choose(page, "Scenario", "dprk_2019_2022")
    click(page, "Reset")
    assert "month 0 of 42 · dprk_2019_2022" in where(page)
    page.find(v.Slider, label="Render Interval (steps)").widget.v_model = 50
    click(page, "Step")
    assert "2022-12 · month 42 of 42" in where(page)
    choose(page, "Months to simulate", 12)
    click(page, "Reset")
    assert "month 0 of 12 · dprk_2019_2022" in where(page)


def test_each_session_has_its_own_model() -> None:
    _a, first = solara.render(solara.AppLayout(children=[Page()]), handle_error=False)
    _b, second = solara.render(solara.AppLayout(children=[Page()]), handle_error=False)
    click(first, "Step")
    assert "month 1 of 36" in where(first)
    assert "month 0 of 36" in where(second)
    first.close()
    second.close()
