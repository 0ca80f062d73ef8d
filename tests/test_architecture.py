"""The layout's rules: no import circle, and data flowing one way (ARCHITECTURE.md)."""

from __future__ import annotations

import ast
from pathlib import Path

import networkx as nx

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("sim", "agents", "analysis")


def module_name(path: Path) -> str:
    name = ".".join(path.relative_to(ROOT).with_suffix("").parts)
    return name.removesuffix(".__init__")


def import_graph() -> nx.DiGraph:
    """Project module -> project modules it imports (type-only imports included)."""
    files = {module_name(f): f for p in PACKAGES for f in (ROOT / p).rglob("*.py")}
    graph = nx.DiGraph()
    graph.add_nodes_from(files)
    for name, path in files.items():
        for node in ast.walk(ast.parse(path.read_text())):
            targets: list[str] = []
            if isinstance(node, ast.Import):
                targets = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                targets = [node.module, *(f"{node.module}.{a.name}" for a in node.names)]
            graph.add_edges_from((name, t) for t in targets if t in files and t != name)
    return graph


GRAPH = import_graph()


def test_the_graph_sees_the_project():
    assert GRAPH.has_edge("sim.core.model", "sim.core.resolution")
    assert len(GRAPH) > 60


def test_no_import_circle():
    cycles = list(nx.simple_cycles(GRAPH))
    assert not cycles, "import circles: " + "; ".join(" -> ".join(c) for c in cycles[:5])


def imports_of(prefix: str) -> set[str]:
    return {t for s, t in GRAPH.edges if s == prefix or s.startswith(prefix + ".")}


def test_phases_do_not_import_the_model():
    for source, target in GRAPH.edges:
        if target == "sim.core.model":
            assert not source.startswith("sim.core."), f"{source} imports the model class"


def test_agents_never_import_running_storage_or_cli():
    forbidden = ("sim.runner", "sim.storage", "sim.cli", "sim.sweep", "analysis")
    assert not {t for t in imports_of("agents") if t.startswith(forbidden)}


def test_analysis_reads_outputs_not_model_internals():
    assert not {t for t in imports_of("analysis") if t.startswith(("sim.core", "agents"))}
