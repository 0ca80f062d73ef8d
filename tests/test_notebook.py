"""docs/notebooks/what_if.ipynb runs from top to bottom and draws its figures (nbclient)."""

from __future__ import annotations

from pathlib import Path

import nbformat
from conftest import ROOT
from nbclient import NotebookClient

NOTEBOOK = ROOT / "docs" / "notebooks" / "what_if.ipynb"


def test_what_if_notebook_runs(tmp_path: Path) -> None:
    notebook = nbformat.read(NOTEBOOK, as_version=4)
    assert not any(cell.get("outputs") for cell in notebook.cells if cell.cell_type == "code")
    client = NotebookClient(
        notebook, timeout=120, kernel_name="python3", resources={"metadata": {"path": tmp_path}}
    )
    client.execute()  # raises CellExecutionError, naming the cell, if any cell fails
    outputs = [o for cell in notebook.cells if cell.cell_type == "code" for o in cell.outputs]
    figures = [o for o in outputs if "image/png" in o.get("data", {})]
    assert len(figures) == 3
    text = "\n".join(str(o.get("data", {}).get("text/plain", "")) for o in outputs)
    assert "Result(scenario 'baseline_2019': 30 runs" in text
    assert "Result(sweep 'demand_vs_linkage': 64 runs)" in text
    assert "mean_trilateral_cohesion" in text
    assert list(tmp_path.iterdir()) == []  # run directories go to a temporary folder
