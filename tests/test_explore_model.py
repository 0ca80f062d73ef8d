"""ExplorerModel: the keyword-only Mesa model of the explorer, with batch_run and overrides."""

from __future__ import annotations

import warnings

import mesa
import pytest
from mesa.experimental.scenarios import Scenario as MesaScenario

from sim.config import load_scenario
from sim.errors import ConfigError
from sim.explore import inputs, state
from sim.explore.model import AS_IN_FILE, ExplorerModel, config_path, scenario_names
from sim.runner import run_once


def run_to_end(model: ExplorerModel) -> ExplorerModel:
    while model.running:
        model.step()
    return model


def test_default_run_is_replicate_zero_of_sim_run() -> None:
    model = run_to_end(ExplorerModel())
    reference = run_once(load_scenario(config_path("baseline_2019")), 0)
    assert model.steps == 36
    assert model.core.recorder.step_columns() == reference.steps
    assert model.core.recorder.event_columns() == reference.events


def test_datacollector_holds_the_initial_state_then_every_step() -> None:
    model = run_to_end(ExplorerModel(scenario__steps=5))
    frame = model.datacollector.get_model_vars_dataframe()
    assert len(frame) == 6
    assert list(frame["trilateral_cohesion"][1:]) == model.core.recorder.column(
        "trilateral_cohesion"
    )


def test_double_underscore_and_mapping_overrides_agree() -> None:
    by_keyword = ExplorerModel(
        actors__PRK__provocation__policy="none", mechanisms__rally_strength=0.3
    )
    by_mapping = ExplorerModel(
        overrides={"actors.PRK.provocation.policy": "none", "mechanisms.rally_strength": 0.3}
    )
    for model in (by_keyword, by_mapping):
        assert model.alliance_scenario.spec.mechanisms.rally_strength == 0.3
        assert model.alliance_scenario.policies["PRK"]["provocation"].name == "none"
        run_to_end(model)
        assert all(e.kind != "provocation" for e in state.events(model.core))
    assert by_keyword.core.recorder.rows == by_mapping.core.recorder.rows


def test_as_in_file_leaves_the_scenario_alone() -> None:
    plain = ExplorerModel(config="whatif_cooperative_us")
    same = ExplorerModel(config="whatif_cooperative_us", actors__USA__demand__policy=AS_IN_FILE)
    assert same.alliance_scenario.policies["USA"]["demand"].name == "cooperative"
    assert run_to_end(plain).core.recorder.rows == run_to_end(same).core.recorder.rows


def test_seed_rng_and_replicate() -> None:
    assert ExplorerModel(seed=7).run_seed == ExplorerModel(rng=7).run_seed == 7
    assert ExplorerModel(replicate=1).run_seed != ExplorerModel(replicate=0).run_seed
    with pytest.raises(ValueError, match="either seed or rng"):
        ExplorerModel(seed=1, rng=2)


def test_bad_input_is_one_config_error_naming_the_key() -> None:
    with pytest.raises(ConfigError, match="mechanisms.rally_strength") as caught:
        ExplorerModel(mechanisms__rally_strength=3.0)
    assert "\n" not in str(caught.value)
    with pytest.raises(ConfigError, match="no such file"):
        ExplorerModel(config="no_such_scenario")
    with pytest.raises(TypeError, match="double underscores"):
        ExplorerModel(rally_strength=0.2)


def test_mesa_reset_passes_its_own_scenario_which_is_ignored() -> None:
    model = ExplorerModel(scenario=MesaScenario(), config="whatif_quiet_dprk")
    assert model.alliance_scenario.name == "whatif_quiet_dprk"
    with pytest.raises(TypeError, match="Mesa's Scenario"):
        ExplorerModel(scenario="baseline_2019")


def test_batch_run() -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error", DeprecationWarning)
        results = mesa.batch_run(
            ExplorerModel,
            parameters={
                "config": ["baseline_2019", "whatif_quiet_dprk"],
                "mechanisms__rally_strength": [0.05, 0.2],
            },
            rng=[11, 12],
            max_steps=100,
            data_collection_period=-1,
            display_progress=False,
        )
    assert len(results) == 8
    assert {r["Step"] for r in results} == {36}
    assert {r["seed"] for r in results} == {11, 12}
    quiet = [r for r in results if r["config"] == "whatif_quiet_dprk"]
    assert all(r["provocations"] == 0 for r in quiet)
    assert all(0.0 <= r["trilateral_cohesion"] <= 1.0 for r in results)


def test_every_scenario_loads_and_the_page_defaults_change_none() -> None:
    """Slider defaults are the baseline's values; no what-if changes them (so they are inert)."""
    assert scenario_names()[0] == "baseline_2019"
    assert len(scenario_names()) >= 2
    for name in scenario_names():
        spec = ExplorerModel(config=name).alliance_scenario.spec
        for parameter in inputs.PARAMETERS:
            node = spec
            for part in parameter.key.split("."):
                node = getattr(node, part)
            assert node == inputs.baseline_value(parameter.key), (name, parameter.key)


def test_every_shipped_scenario_is_listed_and_runs_its_own_length_by_default() -> None:
    from sim.explore.model import configs_dir

    names = scenario_names()
    assert sorted(names) == sorted(p.stem for p in configs_dir().glob("*.toml"))
    assert names[0] == "baseline_2019" and names[-2:] == ["rulebased_2019", "replay_2019_only"]
    months = inputs.model_params()["scenario__steps"]
    assert months["value"] == inputs.AS_IN_FILE and 42 in months["values"]
    longer = ExplorerModel(config="dprk_2019_2022", scenario__steps=months["value"])
    assert longer.alliance_scenario.spec.scenario.steps == 42
    assert (
        ExplorerModel(
            config="dprk_2019_2022", scenario__steps=12
        ).alliance_scenario.spec.scenario.steps
        == 12
    )


def test_page_defaults_build_the_same_model_as_the_constructor_defaults() -> None:
    params = {key: spec["value"] for key, spec in inputs.model_params().items()}
    from_page = run_to_end(ExplorerModel(**params))
    assert from_page.core.recorder.rows == run_to_end(ExplorerModel()).core.recorder.rows
