"""The browser explorer: a SolaraViz page over the alliance model (docs/EXPLORER.md).

:class:`~sim.explore.model.ExplorerModel` needs only the core dependencies; the page and
:func:`~sim.explore.server.serve` need the ``viz`` extra (``pip install -e ".[viz]"``).
Both are imported on first access (PEP 562), so the package's own modules can import
each other through it without an import circle.
"""

from __future__ import annotations

from sim.lazy import lazy_exports

__all__ = ["ExplorerModel", "serve"]

__getattr__, __dir__ = lazy_exports(
    "sim.explore", {"ExplorerModel": "sim.explore.model", "serve": "sim.explore.server"}
)
