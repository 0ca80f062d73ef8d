"""Package exports imported on first access (PEP 562): ``sim``, ``analysis``, ``sim.explore``.

A package's ``__init__`` that imports its modules eagerly loads them all (slow for the
command line) and lets them import each other through the package in a circle; these
exports name the module of each attribute and import it only when it is first read.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from importlib import import_module
from typing import Any


def lazy_exports(
    package: str, exports: Mapping[str, str]
) -> tuple[Callable[[str], Any], Callable[[], list[str]]]:
    """``__getattr__`` and ``__dir__`` for ``package``: each export from its module.

    ``exports`` maps an attribute to its module's dotted name; a module named like the
    package's own submodule (``sim.sweep`` for ``sweep``) is returned itself.
    """

    def __getattr__(name: str) -> Any:
        module = exports.get(name)
        if module is None:
            raise AttributeError(f"module '{package}' has no attribute '{name}'")
        if module == f"{package}.{name}":
            return import_module(module)
        return getattr(import_module(module), name)

    def __dir__() -> list[str]:
        return sorted([*import_module(package).__dict__, *exports])

    return __getattr__, __dir__
