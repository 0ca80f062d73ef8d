"""Property tests of the loader: every bad baseline mutation is a clean ConfigError.

Strategies are in tests/property.py. Each example writes its own temporary folder (the
``tmp_path`` fixture is per test, not per example), so "nothing written" is checked there.
"""

from __future__ import annotations

import contextlib
import io
import os
import tempfile
from pathlib import Path
from typing import Any

import pytest
import tomli_w
from conftest import BASELINE, load_baseline, write_toml
from hypothesis import given, settings
from property import BAD_KINDS, DELETE, Mutation, bad_mutations, get_path, valid_mutations

from sim.cli import main
from sim.config import load_scenario
from sim.errors import ConfigError

SETTINGS = settings(max_examples=250, deadline=None)


def snapshot(folder: str | Path) -> dict[str, tuple[int, int]]:
    """Every file and folder under ``folder`` with its size and modification time."""
    found = {}
    for root, dirs, files in os.walk(folder):
        for name in dirs + files:
            path = os.path.join(root, name)
            info = os.stat(path)
            found[os.path.relpath(path, folder)] = (info.st_size, info.st_mtime_ns)
    return found


def assert_one_line(line: str, source: str, mutation: Mutation) -> None:
    """``FILE: KEY: MESSAGE`` on one line, with the mutation's key and expectation."""
    assert "\n" not in line and "\r" not in line
    assert line.startswith(f"{source}: {mutation.key}: "), (mutation, line)
    assert mutation.expect in line, (mutation, line)


@SETTINGS
@given(mutation=bad_mutations())
def test_bad_mutation_raises_config_error(mutation: Mutation) -> None:
    assert mutation.kind in BAD_KINDS
    with tempfile.TemporaryDirectory() as folder:
        source = write_toml(Path(folder), mutation.apply(load_baseline()))
        before = snapshot(folder)
        with pytest.raises(ConfigError) as info:  # any other exception fails the test
            load_scenario(source)
        assert_one_line(info.value.one_line(), str(source), mutation)
        assert info.value.key == mutation.key
        assert snapshot(folder) == before


@settings(max_examples=100, deadline=None)
@given(mutation=bad_mutations())
def test_bad_mutation_through_the_cli_is_one_error_line(mutation: Mutation) -> None:
    with tempfile.TemporaryDirectory() as folder:
        source = write_toml(Path(folder), mutation.apply(load_baseline()))
        out = Path(folder) / "out"
        before = snapshot(folder)
        stdout, stderr = io.StringIO(), io.StringIO()
        with contextlib.redirect_stdout(stdout), contextlib.redirect_stderr(stderr):
            code = main(["run", str(source), "-q", "--out", str(out)])
        assert code == 2
        assert stdout.getvalue() == ""
        err = stderr.getvalue()
        assert err.count("\n") == 1 and err.endswith("\n")
        assert err.startswith(f"error: {source}: {mutation.key}: ")
        assert "Traceback" not in err
        assert snapshot(folder) == before
        assert not out.exists()


def _as_toml_value(value: Any) -> str:
    """``value`` as TOML text for ``--set KEY=VALUE``."""
    return tomli_w.dumps({"v": value}).removeprefix("v = ").rstrip("\n")


def _settable(mutation: Mutation) -> bool:
    return mutation.value is not DELETE and not isinstance(mutation.value, dict)


@settings(max_examples=150, deadline=None)
@given(mutation=bad_mutations().filter(_settable))
def test_bad_override_raises_config_error_naming_the_option(mutation: Mutation) -> None:
    assignment = f"{mutation.path}={_as_toml_value(mutation.value)}"
    with pytest.raises(ConfigError) as info:
        load_scenario(BASELINE, [assignment])
    line = info.value.one_line()
    assert "\n" not in line
    assert info.value.key == mutation.key
    assert mutation.expect in line
    related = mutation.key == mutation.path or mutation.path.startswith(mutation.key + ".")
    if related:  # the error is on the overridden key or its table
        assert line.startswith(f"{BASELINE} (--set {mutation.path}): {mutation.key}: "), line


@SETTINGS
@given(mutation=valid_mutations())
def test_valid_mutation_loads(mutation: Mutation) -> None:
    with tempfile.TemporaryDirectory() as folder:
        source = write_toml(Path(folder), mutation.apply(load_baseline()))
        before = snapshot(folder)
        scenario = load_scenario(source)
        assert snapshot(folder) == before
    got = get_path(scenario.resolved_table(), mutation.path)
    if isinstance(mutation.value, dict):
        assert {k: got[k] for k in mutation.value} == mutation.value
    else:
        assert got == mutation.value
        assert isinstance(got, bool) == isinstance(mutation.value, bool)


@settings(max_examples=100, deadline=None)
@given(mutation=valid_mutations().filter(_settable))
def test_valid_override_loads_and_is_recorded(mutation: Mutation) -> None:
    assignment = f"{mutation.path}={_as_toml_value(mutation.value)}"
    scenario = load_scenario(BASELINE, [assignment])
    assert scenario.overrides == ((mutation.path, mutation.value),)
    assert get_path(scenario.resolved_table(), mutation.path) == mutation.value


@settings(max_examples=50, deadline=None)
@given(mutation=valid_mutations())
def test_valid_mutation_resolved_table_is_a_fixed_point(mutation: Mutation) -> None:
    with tempfile.TemporaryDirectory() as folder:
        first = load_scenario(write_toml(Path(folder), mutation.apply(load_baseline())))
        resolved = first.resolved_table()
        second = load_scenario(write_toml(Path(folder), resolved, name="resolved.toml"))
    assert second.resolved_table() == resolved
