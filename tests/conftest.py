"""Shared test fixtures and helpers.

Import the plain helpers directly in a test module (``tests/`` is on ``sys.path`` because
it has no ``__init__.py``)::

    from conftest import BASELINE, load_baseline, write_toml

and request the fixtures by name (``baseline_path``, ``baseline_table``).
"""

from __future__ import annotations

import copy
import tomllib
from pathlib import Path
from typing import Any

import pytest
import tomli_w

#: The repository root (the folder holding pyproject.toml).
ROOT: Path = Path(__file__).resolve().parent.parent

#: The baseline scenario every test starts from.
BASELINE: Path = ROOT / "configs" / "baseline_2019.toml"

_BASELINE_CACHE: dict[str, Any] = {}


def load_baseline() -> dict[str, Any]:
    """The baseline parsed with tomllib, as a fresh deep copy that callers may mutate."""
    if not _BASELINE_CACHE:
        with open(BASELINE, "rb") as handle:
            _BASELINE_CACHE.update(tomllib.load(handle))
    return copy.deepcopy(_BASELINE_CACHE)


def write_toml(tmp_path: Path, table: dict[str, Any], name: str = "scenario.toml") -> Path:
    """Write ``table`` as TOML (tomli_w) to ``tmp_path / name`` and return the file's path."""
    path = Path(tmp_path) / name
    path.write_text(tomli_w.dumps(table), encoding="utf-8")
    return path


@pytest.fixture
def baseline_path() -> Path:
    """Path of configs/baseline_2019.toml (absolute, so tests may change directory)."""
    return BASELINE


@pytest.fixture
def baseline_table() -> dict[str, Any]:
    """The baseline scenario parsed as a dict; a fresh copy per test, safe to mutate."""
    return load_baseline()
