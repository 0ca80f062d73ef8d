"""``python -m sim.explore``: options and one-line errors (serving: the browser test)."""

from __future__ import annotations

import socket
import subprocess
import sys

import pytest

from sim.explore.__main__ import main
from sim.explore.server import port_problem


def test_help_lists_host_and_port(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["--help"])
    assert exit_info.value.code == 0
    out = capsys.readouterr().out
    assert "--host" in out and "--port" in out


def test_a_port_in_use_is_one_line_and_exit_code_2(capsys: pytest.CaptureFixture[str]) -> None:
    with socket.create_server(("127.0.0.1", 0)) as busy:
        port = busy.getsockname()[1]
        assert port_problem("127.0.0.1", port)
        assert main(["--port", str(port)]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"explore: cannot listen on 127.0.0.1:{port}: ")
    assert err.count("\n") == 1


def test_a_free_port_has_no_problem() -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    assert port_problem("127.0.0.1", port) == ""


def test_the_model_does_not_need_the_viz_extra() -> None:
    """``import sim.explore`` (ExplorerModel, serve) loads neither Solara nor Mesa's viz."""
    code = (
        "import sys, sim.explore; "
        "loaded = [m for m in ('solara', 'mesa.visualization') if m in sys.modules]; "
        "sys.exit(f'loaded: {loaded}' if loaded else 0)"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
