"""The browser explorer: a SolaraViz page over the alliance model (docs/EXPLORER.md).

:class:`~sim.explore.model.ExplorerModel` needs only the core dependencies; the page and
:func:`serve` need the ``viz`` extra (``pip install -e ".[viz]"``).
"""

from __future__ import annotations

from sim.explore.model import ExplorerModel
from sim.explore.server import serve

__all__ = ["ExplorerModel", "serve"]
