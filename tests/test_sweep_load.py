"""Sweep files: methods, stable ids and seeds, one-line errors for every kind of mistake."""

from __future__ import annotations

import pytest
from sweep_support import BASELINE, ROOT, sweep_table, write_sweep

from sim.cli import ExitCode, main
from sim.errors import ConfigError
from sim.sweep import load_sweep
from sim.sweep.keys import run_keys


def keys_of(sweep):
    return {k.run_id: k.seed for k in run_keys(sweep.points, 2, sweep.spec.sweep.seed)}


def test_grid_is_the_full_factorial(tmp_path):
    sweep = load_sweep(write_sweep(tmp_path, sweep_table()))
    assert len(sweep.points) == 4 and sweep.run_count == 8
    assert sweep.parameters == ("actors.USA.demand.policy", "mechanisms.rally_strength")
    values = {tuple(p.as_dict().values()) for p in sweep.points}
    assert values == {(d, r) for d in ("fixed", "cooperative") for r in (0.0, 0.2)}


def test_adding_points_changes_no_existing_run_id_or_seed(tmp_path):
    small = load_sweep(write_sweep(tmp_path, sweep_table(), "a.toml"))
    table = sweep_table()
    table["levers"]["actors.USA.demand.policy"] = ["escalating", "cooperative", "fixed"]
    table["uncertainties"]["mechanisms.rally_strength"] = [0.3, 0.0, 0.2]
    large = load_sweep(write_sweep(tmp_path, table, "b.toml"))
    old, new = keys_of(small), keys_of(large)
    assert len(new) == 18 and all(new[run_id] == seed for run_id, seed in old.items())


def test_unquoted_dotted_keys_are_the_same_parameters(tmp_path):
    text = write_sweep(tmp_path, sweep_table()).read_text()
    text = text.replace('"actors.USA.demand.policy"', "actors.USA.demand.policy")
    (tmp_path / "b.toml").write_text(text)
    assert load_sweep(tmp_path / "b.toml").parameters[0] == "actors.USA.demand.policy"


@pytest.mark.parametrize(
    ("method", "options", "size"),
    [
        ("lhs", {"samples": 5}, 5),
        ("sobol", {"samples": 4}, 4 * (2 * 2 + 2)),
        ("sobol", {"samples": 4, "second_order": False}, 4 * (2 + 2)),
        ("morris", {"samples": 3, "levels": 4}, 3 * (2 + 1)),
    ],
)
def test_sampled_methods_cross_levers_with_samples(tmp_path, method, options, size):
    table = sweep_table(method=method, **options)
    table["uncertainties"] = {
        "mechanisms.rally_strength": [0.0, 0.3],
        "actors.USA.demand.threat_interval": [1, 4],
    }
    table["levers"]["actors.USA.demand.policy"] = ["transactional"]
    sweep = load_sweep(write_sweep(tmp_path, table))
    assert len(sweep.design) == size
    for point in sweep.points:
        values = point.as_dict()
        assert 0.0 <= values["mechanisms.rally_strength"] <= 0.3
        assert values["actors.USA.demand.threat_interval"] in (1, 2, 3, 4)
    assert load_sweep(write_sweep(tmp_path, table, "again.toml")).design == sweep.design


def bad(table_edit):
    table = sweep_table()
    table_edit(table)
    return table


def set_in(section, key, value):
    def edit(table):
        table.setdefault(section, {})[key] = value

    return edit


BAD_FILES = {
    "misspelt sweep key": (set_in("sweep", "metod", "grid"), "sweep.metod", "mean 'method'"),
    "unknown method": (set_in("sweep", "method", "latin"), "sweep.method", "expected one of"),
    "misspelt lever path": (
        set_in("levers", "mechanisms.rally_strenght", [0.1]),
        "levers.mechanisms.rally_strenght",
        "did you mean 'rally_strength'",
    ),
    "unknown policy": (
        set_in("levers", "actors.USA.demand.policy", ["fixd"]),
        "levers.actors.USA.demand.policy",
        "did you mean 'fixed'",
    ),
    "value out of range": (
        set_in("uncertainties", "mechanisms.rally_strength", [0.1, 1.5]),
        "uncertainties.mechanisms.rally_strength",
        "<= 1",
    ),
    "parameter of another policy": (
        set_in("uncertainties", "actors.USA.demand.markdown", [0.01]),
        "uncertainties.actors.USA.demand.markdown",
        "unknown key 'markdown'",
    ),
    "not an array": (
        set_in("levers", "actors.ROK.response.policy", "resist"),
        "levers.actors.ROK.response.policy",
        "expected an array",
    ),
    "empty values": (set_in("levers", "actors.ROK.response.policy", []), "levers", "non-empty"),
    "lhs without samples": (set_in("sweep", "method", "lhs"), "sweep.samples", "required"),
    "samples for a grid": (set_in("sweep", "samples", 4), "sweep.samples", "only for"),
    "missing base": (set_in("sweep", "base", "nowhere.toml"), "sweep.base", "no such file"),
    "steps out of range": (set_in("sweep", "steps", 0), "sweep.steps", ">= 1"),
    "fixed bad value": (
        set_in("fixed", "mechanisms.audience_cost", "high"),
        "fixed.mechanisms.audience_cost",
        "expected a number",
    ),
    "lever twice": (
        set_in("uncertainties", "actors.USA.demand.policy", ["fixed"]),
        "uncertainties.actors.USA.demand.policy",
        "already a lever",
    ),
}


@pytest.mark.parametrize("case", sorted(BAD_FILES))
def test_a_bad_sweep_file_exits_2_with_one_line_and_writes_nothing(tmp_path, capsys, case):
    edit, key, expected = BAD_FILES[case]
    path = write_sweep(tmp_path, bad(edit))
    code = main(["sweep", str(path), "--out", str(tmp_path / "out"), "-q"])
    err = capsys.readouterr().err
    assert code == ExitCode.BAD_INPUT
    assert len(err.strip().splitlines()) == 1, err
    assert str(path) in err and key in err and expected in err, err
    assert not (tmp_path / "out").exists()


def test_sampled_ranges_and_sobol_sizes_are_checked(tmp_path):
    table = sweep_table(method="sobol", samples=6)
    table["uncertainties"] = {"mechanisms.rally_strength": [0.3, 0.1]}
    with pytest.raises(ConfigError, match="power of 2"):
        load_sweep(write_sweep(tmp_path, table))
    table["sweep"]["samples"] = 8
    with pytest.raises(ConfigError, match="low < high"):
        load_sweep(write_sweep(tmp_path, table))


def test_validate_accepts_sweep_files(capsys):
    path = ROOT / "configs" / "sweeps" / "demand_vs_linkage.toml"
    assert main(["validate", str(path)]) == ExitCode.OK
    out = capsys.readouterr().out
    assert out.startswith("ok: ") and "32 point(s) x 10 replication(s) = 320 runs" in out
    assert main(["validate", str(BASELINE)]) == ExitCode.OK


def test_shipped_sobol_sweep_is_valid():
    sweep = load_sweep(ROOT / "configs" / "sweeps" / "sensitivity_sobol.toml")
    assert sweep.spec.sweep.method == "sobol" and len(sweep.design) == 256 * 10
