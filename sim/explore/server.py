"""Serve the explorer page with Solara's server (uvicorn), offline and without telemetry."""

from __future__ import annotations

import os
import socket
import sys
import threading
import time

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8765
APP = "sim.explore.page"

#: Solara settings (read from the environment when solara is first imported): no usage
#: telemetry; the browser loads every asset from this server (the solara-assets package);
#: an asset missing there is never fetched from the internet (the CDN is an unused local port).
OFFLINE_ENVIRONMENT = {
    "SOLARA_TELEMETRY_MIXPANEL_ENABLE": "false",
    "SOLARA_ASSETS_PROXY": "true",
    "SOLARA_ASSETS_CDN": "http://127.0.0.1:9/",
}


def offline_settings() -> None:
    """Set :data:`OFFLINE_ENVIRONMENT` (unless set already) and apply it to loaded settings."""
    for key, value in OFFLINE_ENVIRONMENT.items():
        os.environ.setdefault(key, value)
    import solara.server.settings as server_settings
    import solara.settings as ui_settings

    server_settings.telemetry.mixpanel_enable = False
    ui_settings.assets.proxy = os.environ["SOLARA_ASSETS_PROXY"].lower() in ("1", "true")
    ui_settings.assets.cdn = os.environ["SOLARA_ASSETS_CDN"]


def port_problem(host: str, port: int) -> str:
    """Why the server cannot listen on ``host:port``, or an empty string if it can."""
    try:
        with socket.create_server((host, port)):
            return ""
    except OSError as exc:
        return exc.strerror or str(exc)


def announce_when_started(server: object, url: str, quiet: bool) -> None:
    """Print the page's address once the server accepts connections."""
    while not getattr(server, "started", False):
        if getattr(server, "should_exit", False):
            return
        time.sleep(0.05)
    if not quiet:
        print(f"Alliance explorer: {url}  (Ctrl+C stops the server)", flush=True)


def serve(host: str = DEFAULT_HOST, port: int = DEFAULT_PORT, quiet: bool = False) -> int:
    """Serve the page on ``host:port`` until interrupted; print its URL. Returns the exit code.

    Bad input (a missing ``viz`` extra, a port in use) is one line on stderr and exit code 2.
    """
    try:
        offline_settings()
        import uvicorn

        import sim.explore.page  # noqa: F401 - fail now, not at the first request
    except ImportError as exc:
        print(
            f"explore: the explorer needs the viz extra ({exc.name} is missing); "
            "install it with: pip install -e '.[viz]'",
            file=sys.stderr,
        )
        return 2
    problem = port_problem(host, port)
    if problem:
        print(f"explore: cannot listen on {host}:{port}: {problem}", file=sys.stderr)
        return 2
    os.environ["SOLARA_APP"] = APP
    os.environ["SERVER_NAME"], os.environ["SERVER_PORT"] = host, str(port)
    import solara.server.settings as server_settings

    server_settings.main.mode = "production"
    config = uvicorn.Config(
        "solara.server.starlette:app",
        host=host,
        port=port,
        log_level="error" if quiet else "warning",
        access_log=False,
    )
    server = uvicorn.Server(config)
    url = f"http://{host}:{port}"
    threading.Thread(target=announce_when_started, args=(server, url, quiet), daemon=True).start()
    server.run()
    return 0
