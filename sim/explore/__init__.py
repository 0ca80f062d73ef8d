"""The browser explorer: a SolaraViz page over the alliance model (docs/EXPLORER.md).

:class:`~sim.explore.model.ExplorerModel` needs only the core dependencies; the page and
:func:`~sim.explore.server.serve` need the ``viz`` extra (``pip install -e ".[viz]"``).
Both are imported on first access (PEP 562), so the package's own modules can import
each other through it without an import circle.
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

__all__ = ["ExplorerModel", "serve"]

_LAZY = {"ExplorerModel": "sim.explore.model", "serve": "sim.explore.server"}


def __getattr__(name: str) -> Any:
    """Import an exported name's module on first access."""
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'sim.explore' has no attribute '{name}'")
    return getattr(import_module(module), name)
