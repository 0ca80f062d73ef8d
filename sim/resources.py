"""The shipped scenarios, sweep files and data, found with :mod:`importlib.resources`.

The project's ``configs/`` folder is installed as the package ``sim.configs`` (setup.py),
so the same lookups work in a checkout installed in editable mode and from a wheel. A
scenario or sweep argument is a path, or the name of a shipped file: ``baseline_2019``
(or ``baseline_2019.toml``) finds ``configs/baseline_2019.toml``, ``demand_vs_linkage``
finds ``configs/sweeps/demand_vs_linkage.toml``. An existing path always wins.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from sim.errors import ConfigError, did_you_mean

PACKAGE = "sim.configs"
SWEEPS = "sweeps"
DATA = "data"


def configs_root() -> Path:
    """The folder of the shipped configs (the checkout's ``configs/`` when editable)."""
    try:
        root = resources.files(PACKAGE)
    except ModuleNotFoundError:
        raise ConfigError(
            PACKAGE, "", "the shipped configs are not installed; reinstall: pip install -e ."
        ) from None
    return Path(str(root))  # pip installs packages as folders, never zipped


def data_dir() -> Path:
    """The folder of the sourced data files (``configs/data``)."""
    return configs_root() / DATA


def shipped_scenarios() -> dict[str, Path]:
    """Every shipped scenario file by name (the file name without ``.toml``)."""
    return {p.stem: p for p in sorted(configs_root().glob("*.toml"))}


def shipped_sweeps() -> dict[str, Path]:
    """Every shipped sweep file by name."""
    return {p.stem: p for p in sorted((configs_root() / SWEEPS).glob("*.toml"))}


def is_name(text: str) -> bool:
    """Whether an argument could name a shipped file: no folder in it."""
    return Path(text).name == text and text not in ("", ".", "..")


def resolve_config(path_or_name: str | Path) -> Path:
    """The file a scenario or sweep argument means: an existing path, else a shipped name.

    A missing path is returned as given (reading it reports "no such file"); a bare name
    that is neither a file nor shipped raises :class:`ConfigError` listing the shipped ones.
    """
    path = Path(path_or_name)
    text = str(path_or_name)
    if path.exists() or not is_name(text):
        return path
    name = text.removesuffix(".toml")
    shipped = shipped_scenarios() | shipped_sweeps()
    if name in shipped:
        return shipped[name]
    hint = did_you_mean(name, shipped)
    listed = ", ".join(shipped)
    raise ConfigError(text, "", f"no such file, nor a shipped file{hint}; shipped: {listed}")
