"""Unit tests of the scenario loader (sim.config): strictness, messages, overrides, round trip."""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

import pydantic
import pytest
import tomli_w
from conftest import BASELINE, load_baseline, write_toml
from property import DELETE, apply_change, get_path

from agents.policies import REGISTRY
from sim.config import ScenarioFile, load_scenario, validate_scenario
from sim.config.load import apply_overrides, parse_value
from sim.config.schema import POLICY_FAMILIES, ROLE_FAMILIES, CohesionWeights
from sim.errors import ConfigError


def valid_names(family: str) -> str:
    """The valid policy names of a family as the loader lists them."""
    return ", ".join(sorted(REGISTRY[family]))


def config_error(tmp_path: Path, table: dict[str, Any], path: str, value: Any) -> ConfigError:
    """Write ``table`` with one change to a file, load it, return the ConfigError raised."""
    source = write_toml(tmp_path, apply_change(table, path, value))
    with pytest.raises(ConfigError) as info:
        load_scenario(source)
    return info.value


def assert_message(error: ConfigError, source: str, key: str, *fragments: str) -> str:
    """The one-line message names file and key (``FILE: KEY: ...``) and has each fragment."""
    line = error.one_line()
    assert "\n" not in line and "\r" not in line
    assert line.startswith(f"{source}: {key}: "), line
    assert error.key == key
    for fragment in fragments:
        assert fragment in line, (fragment, line)
    return line


# --------------------------------------------------------------------------------------
# The baseline.
# --------------------------------------------------------------------------------------


def test_baseline_loads(baseline_table: dict[str, Any]) -> None:
    scenario = load_scenario(BASELINE)
    spec = scenario.spec
    assert scenario.name == "baseline_2019"
    assert scenario.source == str(BASELINE)
    assert (spec.scenario.start, spec.scenario.steps, spec.scenario.seed) == (
        "2019-07",
        36,
        20190809,
    )
    assert spec.run.replications == baseline_table["run"]["replications"]
    assert scenario.overrides == ()
    for code, families in scenario.policies.items():
        assert set(families) <= set(ROLE_FAMILIES[code])
        for family, policy in families.items():
            assert policy.family == family
            named = baseline_table["actors"][code].get(family)
            if named is not None:  # the file's policy, with its parameters
                assert policy.as_table() == {**policy.as_table(), **named}
    assert scenario.policies["USA"]["demand"].name == "transactional"
    assert scenario.policies["ROK"]["response"].name == "hedge"
    assert scenario.policies["JPN"]["response"].name == "bargaining"
    assert scenario.policies["PRK"]["provocation"].name == "strategic"
    assert spec.diplomacy.talks == "summit" and spec.diplomacy.deadline == "2019-12"
    assert sorted(spec.agenda) == sorted(baseline_table["agenda"])
    assert len(spec.timeline) == len(baseline_table["timeline"])
    changes = {
        i: s["policy"]["policy"]
        for i, s in enumerate(baseline_table["timeline"])
        if s["kind"] == "policy_change"
    }
    assert changes  # the baseline has a change of US policy
    assert {i: p.name for i, p in scenario.shock_policies.items()} == changes


def test_loaded_scenario_is_immutable() -> None:
    spec = load_scenario(BASELINE).spec
    with pytest.raises(pydantic.ValidationError):
        spec.scenario.steps = 3  # type: ignore[misc]
    with pytest.raises(pydantic.ValidationError):
        spec.mechanisms.rally_strength = 0.5  # type: ignore[misc]


def test_defaults_fill_absent_tables(baseline_table: dict[str, Any]) -> None:
    del baseline_table["mechanisms"]
    assert "metrics" not in baseline_table
    spec = validate_scenario(baseline_table).spec
    assert spec.mechanisms == type(spec.mechanisms)()  # every mechanism at its default
    weights = spec.metrics.weights
    assert weights.affinity + weights.alignment + weights.burden + weights.threat == (
        pytest.approx(1.0)
    )
    assert 0.0 <= spec.mechanisms.rally_strength <= 1.0


# --------------------------------------------------------------------------------------
# Bad input: every kind raises ConfigError naming file, key and expectation.
# --------------------------------------------------------------------------------------

BAD_CASES = [
    # unknown keys, with a did-you-mean hint
    (
        "mechanisms.rally_strenght",
        0.1,
        "mechanisms.rally_strenght",
        ["unknown key 'rally_strenght'", "did you mean 'rally_strength'", "valid keys:"],
    ),
    ("scenario.sed", 1, "scenario.sed", ["did you mean 'seed'"]),
    ("mechanism", {"rally_strength": 0.1}, "mechanism", ["did you mean 'mechanisms'"]),
    ("actors.ROK.domestic_suport", 0.4, "actors.ROK.domestic_suport", ["'domestic_support'"]),
    ("actors.USJ", {"gdp": 1.0, "milex": 1.0}, "actors.USJ", ["did you mean 'USA'"]),
    ("actors.USA.demand.markdwon", 0.1, "actors.USA.demand.markdwon", ["'markdown'"]),
    ("agenda.sma_rok.askk", 5.0, "agenda.sma_rok.askk", ["did you mean 'ask'"]),
    ("timeline.0.magnitud", 0.1, "timeline.0.magnitud", ["did you mean 'magnitude'"]),
    ("relations.affinity.USA.ROJ", 0.1, "relations.affinity.USA.ROJ", ["did you mean 'ROK'"]),
    ("institutions.gsomia", "activ", "institutions.gsomia", ["did you mean 'active'"]),
    # wrong types (strict: no coercion, booleans are not numbers)
    ("scenario.steps", "36", "scenario.steps", ["expected an integer", "got '36'"]),
    ("scenario.steps", True, "scenario.steps", ["expected an integer", "got true"]),
    ("scenario.steps", 36.0, "scenario.steps", ["expected an integer"]),
    ("actors.USA.gdp", "21.4", "actors.USA.gdp", ["expected a number", "got '21.4'"]),
    ("actors.USA.gdp", True, "actors.USA.gdp", ["expected a number", "got true"]),
    ("mechanisms.rally_strength", False, "mechanisms.rally_strength", ["expected a number"]),
    ("actors.ROK.us_troops_hosted", 28500.5, "actors.ROK.us_troops_hosted", ["an integer"]),
    ("actors.ROK.response.share", True, "actors.ROK.response.share", ["expected a number"]),
    ("actors.USA.demand.threat_interval", 3.0, "actors.USA.demand.threat_interval", ["integer"]),
    ("actors.USA.demand.threats", 1, "actors.USA.demand.threats", ["expected true or false"]),
    ("agenda.hormuz_rok.rivalry_linked", 0, "agenda.hormuz_rok.rivalry_linked", ["true or"]),
    ("scenario.name", 5, "scenario.name", ["expected a string", "got 5"]),
    ("scenario.start", 201907, "scenario.start", ["expected a string"]),
    ("timeline.0.note", 1.5, "timeline.0.note", ["expected a string"]),
    ("agenda.sma_rok.target", 1, "agenda.sma_rok.target", ["expected one of", "'ROK'"]),
    ("actors.CHN", "China", "actors.CHN", ["expected a table"]),
    ("timeline", {"month": "2019-07"}, "timeline", ["expected an array"]),
    # out of range
    ("actors.ROK.abandonment_fear", 1.5, "actors.ROK.abandonment_fear", ["<= 1.0", "got 1.5"]),
    ("actors.ROK.domestic_support", -0.1, "actors.ROK.domestic_support", [">= 0.0"]),
    ("mechanisms.rally_strength", 1.01, "mechanisms.rally_strength", ["<= 1.0"]),
    ("timeline.0.magnitude", 2.0, "timeline.0.magnitude", ["<= 1.0"]),
    ("relations.affinity.ROK.JPN", -1.5, "relations.affinity.ROK.JPN", [">= -1.0"]),
    ("actors.USA.gdp", -21.4, "actors.USA.gdp", [">= 0.001", "got -21.4"]),
    ("actors.USA.gdp", 0.0, "actors.USA.gdp", [">= 0.001"]),
    ("actors.USA.milex", -1.0, "actors.USA.milex", [">= 0.0"]),
    ("scenario.steps", 0, "scenario.steps", [">= 1", "got 0"]),
    ("scenario.steps", 1201, "scenario.steps", ["<= 1200"]),
    ("scenario.seed", -1, "scenario.seed", [">= 0"]),
    ("run.replications", 0, "run.replications", [">= 1"]),
    ("actors.JPN.response.patience", 1.0, "actors.JPN.response.patience", ["< 1.0"]),
    ("agenda.sma_rok.ask", -5.0, "agenda.sma_rok.ask", [">= 0.0"]),
    # unknown policy names list the valid ones
    (
        "actors.USA.demand.policy",
        "transactinal",
        "actors.USA.demand.policy",
        [
            "unknown demand policy 'transactinal'",
            "did you mean 'transactional'",
            f"valid: {valid_names('demand')}",
        ],
    ),
    (
        "actors.ROK.response.policy",
        "none",
        "actors.ROK.response.policy",
        [f"valid: {valid_names('response')}"],
    ),
    (
        "actors.PRK.provocation.policy",
        "quiet",
        "actors.PRK.provocation.policy",
        [f"valid: {valid_names('provocation')}"],
    ),
    ("actors.USA.demand.policy", 3, "actors.USA.demand.policy", ["expected a policy name"]),
    ("actors.USA.demand.policy", DELETE, "actors.USA.demand.policy", ["got nothing"]),
    # missing tables and keys
    ("actors.CHN", DELETE, "actors.CHN", ["required key is missing"]),
    ("actors.PRK", DELETE, "actors.PRK", ["required key is missing"]),
    ("scenario.start", DELETE, "scenario.start", ["required key is missing"]),
    ("relations", DELETE, "relations", ["required key is missing"]),
    (
        "actors.USA.demand",
        DELETE,
        "actors.USA.demand",
        ["required policy table is missing", valid_names("demand")],
    ),
    # malformed months
    ("scenario.start", "2019-13", "scenario.start", ['a month as "YYYY-MM"', "'2019-13'"]),
    ("scenario.start", "2019-00", "scenario.start", ['"YYYY-MM"']),
    ("scenario.start", "2019-7", "scenario.start", ['"YYYY-MM"']),
    ("scenario.start", "July 2019", "scenario.start", ['"YYYY-MM"']),
    ("agenda.sma_rok.deadline", "2019/12", "agenda.sma_rok.deadline", ['"YYYY-MM"']),
    ("timeline.0.month", "2019-07-04", "timeline.0.month", ['"YYYY-MM"']),
]


@pytest.mark.parametrize(
    ("path", "value", "key", "fragments"),
    BAD_CASES,
    ids=[f"{c[0]}={c[1]!r}"[:60] for c in BAD_CASES],
)
def test_bad_input_names_file_key_and_expectation(
    tmp_path: Path,
    baseline_table: dict[str, Any],
    path: str,
    value: Any,
    key: str,
    fragments: list[str],
) -> None:
    error = config_error(tmp_path, baseline_table, path, value)
    assert_message(error, str(tmp_path / "scenario.toml"), key, *fragments)
    assert error.source == str(tmp_path / "scenario.toml")


def test_error_message_names_the_file_given(tmp_path: Path, baseline_table: dict) -> None:
    table = apply_change(baseline_table, "scenario.steps", 0)
    source = write_toml(tmp_path, table, name="my scenario.toml")
    with pytest.raises(ConfigError) as info:
        load_scenario(source)
    assert info.value.one_line().startswith(f"{source}: scenario.steps: ")


@pytest.mark.parametrize(
    ("code", "family", "owners"),
    [
        ("PRK", "demand", "USA"),
        ("CHN", "response", "ROK, JPN"),
        ("USA", "provocation", "PRK"),
        ("ROK", "demand", "USA"),
    ],
)
def test_policy_family_on_the_wrong_actor(
    tmp_path: Path, baseline_table: dict, code: str, family: str, owners: str
) -> None:
    table = {"policy": sorted(REGISTRY[family])[0]}
    error = config_error(tmp_path, baseline_table, f"actors.{code}.{family}", table)
    assert_message(
        error,
        str(tmp_path / "scenario.toml"),
        f"actors.{code}.{family}",
        f"the {family} family applies to {owners} only",
    )


def test_bad_policy_parameter_names_the_parameter(tmp_path: Path, baseline_table: dict) -> None:
    error = config_error(tmp_path, baseline_table, "actors.ROK.response.share", 1.2)
    assert_message(error, str(tmp_path / "scenario.toml"), "actors.ROK.response.share", "<= 1.0")


def test_parameters_of_another_policy_are_rejected(tmp_path: Path, baseline_table: dict) -> None:
    # switching the name alone keeps the old parameters, which the new policy does not take
    error = config_error(tmp_path, baseline_table, "actors.USA.mediation.policy", "none")
    assert error.key.startswith("actors.USA.mediation.")
    stale = error.key.rsplit(".", 1)[1]
    assert stale in baseline_table["actors"]["USA"]["mediation"]
    assert_message(error, str(tmp_path / "scenario.toml"), error.key, f"unknown key '{stale}'")


@pytest.mark.parametrize(("a", "b"), [("USA", "ROK"), ("JPN", "ROK"), ("PRK", "CHN")])
def test_missing_affinity_pair(tmp_path: Path, baseline_table: dict, a: str, b: str) -> None:
    error = config_error(tmp_path, baseline_table, f"relations.affinity.{a}.{b}", DELETE)
    assert_message(error, str(tmp_path / "scenario.toml"), "relations", f"missing affinity.{a}.{b}")


def test_affinity_toward_itself(tmp_path: Path, baseline_table: dict) -> None:
    error = config_error(tmp_path, baseline_table, "relations.affinity.ROK.ROK", 1.0)
    assert_message(error, str(tmp_path / "scenario.toml"), "relations", "affinity.ROK.ROK")


def test_missing_actor_table_of_affinity(tmp_path: Path, baseline_table: dict) -> None:
    error = config_error(tmp_path, baseline_table, "relations.affinity.CHN", DELETE)
    assert_message(error, str(tmp_path / "scenario.toml"), "relations", "affinity.CHN.")


@pytest.mark.parametrize("deadline", ["2019-08", "2018-12", "0001-01"])
def test_agenda_deadline_before_opens(tmp_path: Path, baseline_table: dict, deadline: str) -> None:
    error = config_error(tmp_path, baseline_table, "agenda.sma_rok.deadline", deadline)
    assert_message(
        error,
        str(tmp_path / "scenario.toml"),
        "agenda.sma_rok",
        f"deadline {deadline} is before opens 2019-09",
    )


def test_agenda_deadline_equal_to_opens_loads(baseline_table: dict) -> None:
    table = apply_change(baseline_table, "agenda.sma_rok.deadline", "2019-09")
    assert validate_scenario(table).spec.agenda["sma_rok"].deadline == "2019-09"


@pytest.mark.parametrize(
    ("ask", "status_quo"), [(0.891, 0.891), (0.5, 0.891), (0.0, 0.891), (5.0, 0.0)]
)
def test_cost_sharing_needs_ask_above_status_quo(
    tmp_path: Path, baseline_table: dict, ask: float, status_quo: float
) -> None:
    table = apply_change(baseline_table, "agenda.sma_rok.status_quo", status_quo)
    error = config_error(tmp_path, table, "agenda.sma_rok.ask", ask)
    assert_message(error, str(tmp_path / "scenario.toml"), "agenda.sma_rok", "ask > status_quo > 0")


def test_ask_is_free_for_yes_no_items(baseline_table: dict) -> None:
    # coalition and deployment asks carry no amounts, so ask <= status_quo is fine there
    table = apply_change(baseline_table, "agenda.hormuz_rok.ask", 0.0)
    assert validate_scenario(table).spec.agenda["hormuz_rok"].ask == 0.0


@pytest.mark.parametrize(
    "weights",
    [
        {"affinity": 0.5, "alignment": 0.3, "burden": 0.15, "threat": 0.15},
        {"affinity": 0.0, "alignment": 0.0, "burden": 0.0, "threat": 0.0},
        {"affinity": 0.5},
    ],
)
def test_cohesion_weights_must_sum_to_one(
    tmp_path: Path, baseline_table: dict, weights: dict
) -> None:
    error = config_error(tmp_path, baseline_table, "metrics.weights", weights)
    defaults = {name: info.default for name, info in CohesionWeights.model_fields.items()}
    total = sum((defaults | weights).values())
    assert_message(
        error,
        str(tmp_path / "scenario.toml"),
        "metrics.weights",
        "weights must sum to 1",
        f"they sum to {total:g}",
    )


def test_cohesion_weights_summing_to_one_load(baseline_table: dict) -> None:
    weights = {"affinity": 0.1, "alignment": 0.2, "burden": 0.3, "threat": 0.4}
    spec = validate_scenario(apply_change(baseline_table, "metrics.weights", weights)).spec
    assert spec.metrics.weights.threat == 0.4


# --------------------------------------------------------------------------------------
# policy_change shocks.
# --------------------------------------------------------------------------------------


def _shock(**fields: Any) -> dict[str, Any]:
    return {"month": "2020-01", **fields}


#: Index of a shock appended to the baseline's timeline.
NEW = len(load_baseline()["timeline"])
#: Index of the baseline's (first) policy_change shock.
CHANGE = next(i for i, s in enumerate(load_baseline()["timeline"]) if s["kind"] == "policy_change")


def test_policy_change_shock_builds_its_policy(baseline_table: dict) -> None:
    shock = _shock(
        kind="policy_change",
        actor="PRK",
        family="provocation",
        policy={"policy": "poisson", "rate": 2.0},
    )
    table = apply_change(baseline_table, "timeline", [*baseline_table["timeline"], shock])
    scenario = validate_scenario(table)
    built = scenario.shock_policies[NEW]
    assert built.name == "poisson" and built.params.rate == 2.0
    assert scenario.resolved_table()["timeline"][NEW]["policy"] == built.as_table()


@pytest.mark.parametrize(
    ("shock", "key", "fragment"),
    [
        (
            _shock(kind="policy_change", actor="USA", family="demand"),
            f"timeline.{NEW}",
            "go together",
        ),
        (
            _shock(kind="policy_change", actor="USA", policy={"policy": "fixed"}),
            f"timeline.{NEW}",
            "go together",
        ),
        (
            _shock(kind="exercise", actor="USA", family="demand", policy={"policy": "fixed"}),
            f"timeline.{NEW}",
            'kind = "policy_change" only',
        ),
        (
            _shock(kind="policy_change", actor="ROK", family="demand", policy={"policy": "fixed"}),
            f"timeline.{NEW}.family",
            "ROK has no demand policy to change",
        ),
        (
            _shock(kind="policy_change", actor="USA", family="demand", policy={"policy": "hedge"}),
            f"timeline.{NEW}.policy.policy",
            f"valid: {valid_names('demand')}",
        ),
        (
            _shock(
                kind="policy_change",
                actor="USA",
                family="demand",
                policy={"policy": "fixed", "acceptance_ratio": 0.0},
            ),
            f"timeline.{NEW}.policy.acceptance_ratio",
            "> 0.0",
        ),
        (
            _shock(
                kind="policy_change",
                actor="USA",
                family="demand",
                policy={"policy": "fixed", "growth": 0.1},
            ),
            f"timeline.{NEW}.policy.growth",
            "unknown key 'growth'",
        ),
        (
            _shock(kind="policy_change", actor="USA", family="tariffs", policy={"policy": "x"}),
            f"timeline.{NEW}.family",
            "expected one of",
        ),
        (_shock(kind="troop_threat", actor="USA"), f"timeline.{NEW}", "needs a target"),
        (_shock(kind="earthquake", actor="USA"), f"timeline.{NEW}.kind", "expected one of"),
    ],
    ids=[
        "no-policy",
        "no-family",
        "not-policy-change",
        "wrong-actor",
        "unknown-policy",
        "bad-param",
        "foreign-param",
        "unknown-family",
        "no-target",
        "unknown-kind",
    ],
)
def test_policy_change_shock_rules(
    tmp_path: Path, baseline_table: dict, shock: dict, key: str, fragment: str
) -> None:
    timeline = [*baseline_table["timeline"], shock]
    error = config_error(tmp_path, baseline_table, "timeline", timeline)
    assert_message(error, str(tmp_path / "scenario.toml"), key, fragment)


@pytest.mark.parametrize(
    "extra", [{"family": "demand"}, {"policy": {"policy": "fixed"}}], ids=["family", "policy"]
)
def test_family_or_policy_alone_on_other_shock_is_rejected(
    baseline_table: dict, extra: dict
) -> None:
    index = next(i for i, s in enumerate(baseline_table["timeline"]) if s["kind"] == "exercise")
    shock = {**baseline_table["timeline"][index], **extra}
    table = apply_change(baseline_table, f"timeline.{index}", shock)
    with pytest.raises(ConfigError) as info:
        validate_scenario(table, "x.toml")
    assert info.value.key == f"timeline.{index}"


# --------------------------------------------------------------------------------------
# The diplomacy track: [diplomacy] and its timeline kinds (sim/core/diplomacy.py).
# --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("key", "value", "fragment"),
    [
        ("diplomacy.talks", "frozen", "expected one of 'none', 'working_level', 'summit'"),
        ("diplomacy.relief", 2.0, "<= 1.0"),
        ("diplomacy.deadline", "2019-13", "YYYY-MM"),
        ("diplomacy.months_since_launch", -1, ">= 0"),
        ("diplomacy.deadlin", "2019-12", "did you mean 'deadline'"),
    ],
)
def test_bad_diplomacy_values_name_file_key_and_expectation(
    tmp_path: Path, baseline_table: dict, key: str, value: Any, fragment: str
) -> None:
    error = config_error(tmp_path, baseline_table, key, value)
    assert_message(error, str(tmp_path / "scenario.toml"), key, fragment)


DIPLOMACY_SHOCKS = [
    (_shock(kind="summit", actor="CHN", target="PRK"), "a summit shock goes from USA or ROK"),
    (_shock(kind="summit", actor="USA", target="ROK"), "a summit shock goes from USA or ROK"),
    (_shock(kind="talks_breakdown", actor="USA", target="ROK"), "between PRK and USA or ROK"),
    (_shock(kind="deadline", actor="PRK", target="USA"), "needs due"),
    (_shock(kind="deadline", actor="USA", target="PRK", due="2020-12"), "from PRK"),
    (_shock(kind="deadline", actor="PRK", due="2019-12"), "before the month"),
    (_shock(kind="exercise", actor="USA", target="ROK", due="2020-12"), "only it takes one"),
    (_shock(kind="relief", actor="PRK", target="USA", magnitude=0.5), "from USA or ROK"),
    (_shock(kind="border_closure", actor="ROK"), "from PRK"),
]


@pytest.mark.parametrize(("shock", "fragment"), DIPLOMACY_SHOCKS, ids=lambda x: str(x)[:40])
def test_diplomacy_shock_rules(tmp_path: Path, baseline_table: dict, shock: dict, fragment: str):
    timeline = [*baseline_table["timeline"], shock]
    error = config_error(tmp_path, baseline_table, "timeline", timeline)
    assert_message(error, str(tmp_path / "scenario.toml"), f"timeline.{NEW}", fragment)


def test_an_exercise_without_magnitude_is_full_scale(baseline_table: dict) -> None:
    timeline = [*baseline_table["timeline"], _shock(kind="exercise", actor="USA", target="ROK"),
                _shock(kind="exercise", actor="USA", target="ROK", magnitude=0.0)]  # fmt: skip
    spec = validate_scenario(apply_change(baseline_table, "timeline", timeline), "x.toml").spec
    assert [s.scale for s in spec.timeline[-2:]] == [1.0, 0.0]


def test_good_diplomacy_shocks_load(baseline_table: dict) -> None:
    shocks = [_shock(kind="summit", actor="ROK", target="PRK"),
              _shock(kind="talks_breakdown", actor="PRK", target="USA"),
              _shock(kind="deadline", actor="PRK", target="USA", due="2020-12"),
              _shock(kind="relief", actor="USA", target="PRK", magnitude=0.5),
              _shock(kind="border_closure", actor="PRK", target="CHN", magnitude=1.0)]  # fmt: skip
    table = apply_change(baseline_table, "timeline", [*baseline_table["timeline"], *shocks])
    assert len(validate_scenario(table, "x.toml").spec.timeline) == NEW + len(shocks)


# --------------------------------------------------------------------------------------
# Known gaps, marked as bugs.
# --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("table", "right", "wrong"),
    [
        ("actors.USA", "gdp", "gpd"),
        ("scenario", "steps", "stpes"),
        ("agenda.sma_rok", "opens", "opnes"),
    ],
)
def test_misspelt_required_key_gets_a_hint(
    baseline_table: dict, table: str, right: str, wrong: str
) -> None:
    node = get_path(baseline_table, table)
    node[wrong] = node.pop(right)
    with pytest.raises(ConfigError) as info:
        validate_scenario(baseline_table, "x.toml")
    assert f"did you mean '{right}'" in info.value.one_line()


@pytest.mark.parametrize("path", ["actors.USA.gdp", "actors.ROK.milex", "agenda.hns_jpn.ask"])
def test_infinite_numbers_are_rejected(tmp_path: Path, baseline_table: dict, path: str) -> None:
    source = write_toml(tmp_path, apply_change(baseline_table, path, float("inf")))
    assert "= inf" in source.read_text()
    with pytest.raises(ConfigError) as info:
        load_scenario(source)
    assert info.value.key == path


@pytest.mark.parametrize("month", ["\u0662\u0660\u0661\u0669-07", "\uff12\uff10\uff11\uff19-07"])
def test_non_ascii_digits_are_not_a_month(baseline_table: dict, month: str) -> None:
    table = apply_change(baseline_table, "scenario.start", month)
    with pytest.raises(ConfigError) as info:
        validate_scenario(table, "x.toml")
    assert info.value.key == "scenario.start"


# --------------------------------------------------------------------------------------
# Reading files.
# --------------------------------------------------------------------------------------


def test_missing_file(tmp_path: Path) -> None:
    source = tmp_path / "nope.toml"
    with pytest.raises(ConfigError) as info:
        load_scenario(source)
    assert info.value.one_line() == f"{source}: no such file"
    assert not source.exists()


def test_malformed_toml(tmp_path: Path) -> None:
    source = tmp_path / "broken.toml"
    source.write_text('[scenario\nname = "x"\n', encoding="utf-8")
    with pytest.raises(ConfigError) as info:
        load_scenario(source)
    line = info.value.one_line()
    assert line.startswith(f"{source}: not valid TOML")
    assert "\n" not in line


def test_duplicate_key_is_malformed_toml(tmp_path: Path) -> None:
    source = tmp_path / "dup.toml"
    source.write_text(BASELINE.read_text(encoding="utf-8") + "\n[scenario]\nsteps = 3\n")
    with pytest.raises(ConfigError, match="not valid TOML"):
        load_scenario(source)


def test_not_utf8(tmp_path: Path) -> None:
    source = tmp_path / "latin1.toml"
    source.write_bytes('[scenario]\nname = "caf\u00e9"\n'.encode("latin-1"))
    with pytest.raises(ConfigError) as info:
        load_scenario(source)
    assert info.value.one_line().startswith(f"{source}: not valid TOML")


def test_directory_instead_of_file(tmp_path: Path) -> None:
    with pytest.raises(ConfigError) as info:
        load_scenario(tmp_path)
    assert info.value.one_line().startswith(f"{tmp_path}: ")
    assert "directory" in info.value.one_line()


def test_config_error_is_one_line() -> None:
    error = ConfigError("a.toml", "x.y", "first\nsecond\r\n  third")
    assert error.one_line() == "a.toml: x.y: first second third"
    assert str(error) == error.one_line()
    assert ConfigError("a.toml", "", "no such file").one_line() == "a.toml: no such file"


# --------------------------------------------------------------------------------------
# --set overrides.
# --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("12", 12),
        ("0.05", 0.05),
        ("-1", -1),
        ("1e-3", 0.001),
        ("true", True),
        ("false", False),
        ('"quoted"', "quoted"),
        ("bare_word", "bare_word"),
        ("hello world", "hello world"),
        ("2020-01", "2020-01"),
        ("[1, 2]", [1, 2]),
        ('{policy = "none"}', {"policy": "none"}),
    ],
)
def test_parse_value(text: str, value: Any) -> None:
    parsed = parse_value(text)
    assert parsed == value
    assert type(parsed) is type(value)


def test_apply_overrides_sets_dotted_paths(baseline_table: dict) -> None:
    original = tomllib.loads(tomli_w.dumps(baseline_table))
    result = apply_overrides(
        baseline_table,
        [
            "scenario.steps=12",
            "mechanisms.rally_strength = 0.05",
            "institutions.export_controls=true",
            "scenario.name=my_run",
            "scenario.description=a run with spaces",
            "timeline.0.magnitude=0.5",
            "actors.USA.demand.markdown=0.1",
        ],
        "x.toml",
    )
    assert result["scenario"]["steps"] == 12
    assert result["mechanisms"]["rally_strength"] == 0.05
    assert result["institutions"]["export_controls"] is True
    assert result["scenario"]["name"] == "my_run"
    assert result["scenario"]["description"] == "a run with spaces"
    assert result["timeline"][0]["magnitude"] == 0.5
    assert result["actors"]["USA"]["demand"]["markdown"] == 0.1
    assert baseline_table == original  # the input is not changed


def test_load_scenario_with_overrides() -> None:
    scenario = load_scenario(
        BASELINE,
        [
            "scenario.steps=12",
            "run.replications=2",
            "timeline.0.magnitude=0.5",
            "scenario.name=variant",
            'actors.PRK.provocation={policy = "none"}',
        ],
    )
    spec = scenario.spec
    assert spec.scenario.steps == 12
    assert spec.run.replications == 2
    assert spec.timeline[0].magnitude == 0.5
    assert scenario.name == "variant"
    assert scenario.policies["PRK"]["provocation"].name == "none"
    assert scenario.overrides == (
        ("scenario.steps", 12),
        ("run.replications", 2),
        ("timeline.0.magnitude", 0.5),
        ("scenario.name", "variant"),
        ("actors.PRK.provocation", {"policy": "none"}),
    )


def test_later_override_wins() -> None:
    scenario = load_scenario(BASELINE, ["scenario.steps=12", "scenario.steps=6"])
    assert scenario.spec.scenario.steps == 6


@pytest.mark.parametrize(
    ("assignment", "key", "fragments"),
    [
        ("scenario.steps", "--set scenario.steps", ["expected KEY=VALUE"]),
        ("=3", "--set =3", ["expected KEY=VALUE"]),
        ("scenario..steps=3", "--set scenario..steps=3", ["expected KEY=VALUE"]),
    ],
)
def test_malformed_override(assignment: str, key: str, fragments: list[str]) -> None:
    with pytest.raises(ConfigError) as info:
        load_scenario(BASELINE, [assignment])
    assert_message(info.value, str(BASELINE), key, *fragments)


@pytest.mark.parametrize(
    ("assignment", "key", "fragments"),
    [
        ("mechanisms.rally_strenght=0.1", "mechanisms.rally_strenght", ["'rally_strength'"]),
        ("scenario.steps=0", "scenario.steps", [">= 1"]),
        ("scenario.steps=true", "scenario.steps", ["expected an integer", "got true"]),
        ("actors.ROK.gdp=big", "actors.ROK.gdp", ["expected a number", "got 'big'"]),
        ("actors.USA.demand.policy=nonsense", "actors.USA.demand.policy", ["valid: "]),
        ("timeline.0.magnitude=1.5", "timeline.0.magnitude", ["<= 1.0"]),
        ("scenario.start=2019-13", "scenario.start", ['"YYYY-MM"']),
        ("agenda.sma_rok.deadline=2019-01", "agenda.sma_rok", ["before opens"]),
        ("actors.CHN.demand={policy='fixed'}", "actors.CHN.demand", ["applies to USA only"]),
    ],
)
def test_bad_override_names_the_set_option(assignment: str, key: str, fragments: list[str]) -> None:
    with pytest.raises(ConfigError) as info:
        load_scenario(BASELINE, ["scenario.steps=12", assignment])
    option = assignment.partition("=")[0]
    assert_message(info.value, f"{BASELINE} (--set {option})", key, *fragments)


def test_good_override_is_not_blamed(baseline_table: dict) -> None:
    # the bad value comes from the file, not from the (valid) override
    with pytest.raises(ConfigError) as info:
        validate_scenario(
            apply_change(baseline_table, "scenario.steps", 0),
            "x.toml",
            override_keys=("mechanisms.rally_strength",),
        )
    assert info.value.one_line().startswith("x.toml: scenario.steps: ")


@pytest.mark.parametrize(
    "assignment",
    ["timeline.99.magnitude=0.1", "timeline.x.magnitude=0.1", "scenario.seed.low=1"],
)
def test_bad_override_path_names_the_set_option(assignment: str) -> None:
    with pytest.raises(ConfigError) as info:
        load_scenario(BASELINE, [assignment])
    assert f"--set {assignment.partition('=')[0]}" in info.value.one_line()


def test_override_breaking_a_sibling_rule_names_the_set_option() -> None:
    with pytest.raises(ConfigError) as info:
        load_scenario(BASELINE, [f"timeline.{CHANGE}.actor=ROK"])
    assert info.value.key == f"timeline.{CHANGE}.family"
    assert f"--set timeline.{CHANGE}.actor" in info.value.one_line()


# --------------------------------------------------------------------------------------
# resolved_table round trip.
# --------------------------------------------------------------------------------------


def _policy_tables(scenario: Any) -> dict[str, dict[str, dict[str, Any]]]:
    return {c: {f: p.as_table() for f, p in fams.items()} for c, fams in scenario.policies.items()}


def _round_trip(tmp_path: Path, scenario: Any, name: str = "resolved.toml") -> Any:
    source = tmp_path / name
    source.write_text(tomli_w.dumps(scenario.resolved_table()), encoding="utf-8")
    return load_scenario(source)


def _without_policy_tables(spec: ScenarioFile) -> dict[str, Any]:
    """The spec as a dict minus the raw policy tables (compared as built policies instead)."""
    table = spec.model_dump()
    for actor in table["actors"].values():
        for family in POLICY_FAMILIES:
            actor.pop(family, None)
    for shock in table["timeline"]:
        shock.pop("policy", None)
    return table


def test_resolved_table_round_trips(tmp_path: Path) -> None:
    scenario = load_scenario(BASELINE)
    again = _round_trip(tmp_path, scenario)
    assert isinstance(again.spec, ScenarioFile)
    # the resolved table may spell out policies the file left to their defaults (the
    # "none" policy of an optional family), so raw policy tables are compared as built
    assert _without_policy_tables(again.spec) == _without_policy_tables(scenario.spec)
    assert _policy_tables(again) == _policy_tables(scenario)
    assert {i: p.as_table() for i, p in again.shock_policies.items()} == {
        i: p.as_table() for i, p in scenario.shock_policies.items()
    }
    assert again.resolved_table() == scenario.resolved_table()
    third = _round_trip(tmp_path, again, "third.toml")
    assert third.spec == again.spec  # the resolved form is a fixed point


def test_resolved_table_fills_every_default() -> None:
    scenario = load_scenario(BASELINE, ['actors.PRK.provocation={policy = "poisson"}'])
    table = scenario.resolved_table()
    assert set(table["mechanisms"]) == set(type(scenario.spec.mechanisms).model_fields)
    assert set(table["metrics"]["weights"]) == {"affinity", "alignment", "burden", "threat"}
    assert table["run"] == {"replications": 50, "record_decisions": False}
    provocation = table["actors"]["PRK"]["provocation"]
    assert provocation["policy"] == "poisson"
    assert set(provocation) == {"policy", *REGISTRY["provocation"]["poisson"].Params.model_fields}


def test_resolved_table_of_overridden_scenario_round_trips(tmp_path: Path) -> None:
    scenario = load_scenario(
        BASELINE,
        [
            'actors.USA.demand={policy = "fixed"}',
            "mechanisms.rally_strength=0.07",
            "timeline.0.magnitude=0.4",
        ],
    )
    again = _round_trip(tmp_path, scenario)
    assert _policy_tables(again) == _policy_tables(scenario)
    assert again.resolved_table() == scenario.resolved_table()
    assert again.spec.mechanisms == scenario.spec.mechanisms
    assert again.spec.timeline[0].magnitude == 0.4
    third = _round_trip(tmp_path, again, "third.toml")
    assert third.spec == again.spec  # the resolved form is a fixed point
