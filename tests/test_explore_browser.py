"""The explorer in a real browser: Debian's Chromium driven by Playwright, as a person uses it.

Starts ``python -m sim.explore`` on a free localhost port, steps and plays the baseline,
switches the DPRK's provocation policy off, resets, and checks the network caption, the
cohesion plot and the event log change; runs replications; saves a screenshot. Every
request the page makes to anything but this server is blocked and fails the test.
Skipped only when /usr/bin/chromium is absent outside CI (``.ci/run`` installs it).
"""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
IN_CI = os.environ.get("CI", "").lower() == "true"

pytestmark = pytest.mark.skipif(
    not CHROMIUM.exists() and not IN_CI,
    reason="the browser test needs Debian's Chromium: apt-get install chromium",
)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def explorer_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The explorer served by ``python -m sim.explore`` on a free localhost port."""
    port = free_port()
    log = tmp_path_factory.mktemp("explorer") / "server.log"
    with open(log, "w") as out:
        server = subprocess.Popen(
            [sys.executable, "-m", "sim.explore", "--host", "127.0.0.1", "--port", str(port)],
            stdout=out,
            stderr=subprocess.STDOUT,
        )
        try:
            url = f"http://127.0.0.1:{port}"
            deadline = time.monotonic() + 60
            while url not in log.read_text():
                if server.poll() is not None or time.monotonic() > deadline:
                    pytest.fail(f"the explorer did not start:\n{log.read_text()}")
                time.sleep(0.2)
            yield url + "/"
        finally:
            server.terminate()
            server.wait(timeout=10)


@pytest.fixture
def page(explorer_url: str, tmp_path: Path) -> Iterator[object]:
    """A Chromium page whose requests off this server are blocked and recorded."""
    if not CHROMIUM.exists():
        pytest.fail("CI=true but /usr/bin/chromium is missing: .ci/run installs it")
    from playwright.sync_api import sync_playwright

    outside: list[str] = []
    failed: list[str] = []
    local = re.compile(r"^(https?|wss?)://127\.0\.0\.1:\d+/")

    def route(request_route: object) -> None:
        url = request_route.request.url
        if local.match(url) or url.startswith("data:"):
            request_route.continue_()
        else:
            outside.append(url)
            request_route.abort()

    with sync_playwright() as playwright:
        context = playwright.chromium.launch_persistent_context(
            str(tmp_path / "profile"),
            executable_path=str(CHROMIUM),
            args=CHROMIUM_ARGS,
            headless=True,
            viewport={"width": 1600, "height": 1250},
        )
        context.route("**/*", route)
        browser_page = context.new_page()
        browser_page.on(
            "response", lambda r: failed.append(f"{r.status} {r.url}") if r.status >= 400 else None
        )
        browser_page.goto(explorer_url)
        yield browser_page
        context.close()
    assert outside == [], "the page asked for something off this server (not offline)"
    assert failed == [], "requests failed"


def month(page: object) -> int:
    """The month counter of the network panel ('... month 3 of 36 ...')."""
    text = page.locator(".explorer-where").inner_text()
    return int(re.search(r"month (\d+) of", text).group(1))


def wait_for(condition: object, what: str, timeout: float = 20.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            pytest.fail(f"timed out waiting for {what}")
        time.sleep(0.1)


def cohesion_image(page: object) -> str:
    return page.locator(".cohesion-plot img").get_attribute("src") or ""


def launches(page: object) -> int:
    return page.locator(".event-log tr[data-kind=provocation]").count()


def choose(page: object, label: str, option: str) -> None:
    """Pick ``option`` in the sidebar's select labelled ``label``."""
    exact = page.locator("label", has_text=re.compile(f"^{re.escape(label)}$"))
    select = page.locator(".v-select").filter(has=exact)
    select.click()
    page.locator(".menuable__content__active [role=option]", has_text=option).first.click()
    wait_for(lambda: option in select.inner_text(), f"{label} to show {option}")


def test_step_play_replicate_change_policy_and_reset(page: object, tmp_path: Path) -> None:
    step = page.get_by_role("button", name="Step")
    step.wait_for(timeout=30_000)
    assert month(page) == 0
    assert "No events yet" in page.locator(".event-log-panel").inner_text()
    initial_plot = cohesion_image(page)

    step.click()
    wait_for(lambda: month(page) == 1, "the first step")
    wait_for(lambda: cohesion_image(page) != initial_plot, "the cohesion plot to change")
    assert page.locator(".event-log tr").count() > 0

    page.get_by_role("button", name="▶").click()
    wait_for(lambda: month(page) >= 6, "play to reach month 6")
    page.get_by_role("button", name="❚❚").click()
    wait_for(lambda: page.get_by_role("button", name="Step").is_enabled(), "the pause")
    assert launches(page) > 0, "the baseline DPRK launches in its first months"

    page.get_by_role("button", name=re.compile(r"Run \d+ replications")).click()
    wait_for(lambda: page.locator(".bands-summary").count() == 1, "the replication bands", 60)
    assert "crisis months" in page.locator(".bands-summary").inner_text()
    screenshot = tmp_path / "explorer.png"
    page.screenshot(path=str(screenshot))
    assert screenshot.stat().st_size > 50_000
    if os.environ.get("EXPLORER_SCREENSHOT"):  # to refresh docs/figures/explorer.png
        shutil.copy(screenshot, os.environ["EXPLORER_SCREENSHOT"])

    choose(page, "PRK · provocation", "none")
    page.get_by_role("button", name="Reset").click()
    wait_for(lambda: month(page) == 0, "Reset to month 0")
    settings = page.locator(".explorer-settings")
    assert "actors.PRK.provocation.policy=none" in settings.inner_text()
    wait_for(lambda: page.locator(".bands-summary").count() == 0, "the old settings' bands to go")
    for months in range(1, 7):
        step.click()
        wait_for(lambda months=months: month(page) == months, f"step to month {months}")
    assert page.locator(".event-log tr").count() > 0
    assert launches(page) == 0, "no launches once the provocation policy is none"
    page.screenshot(path=str(tmp_path / "explorer_no_launches.png"))


def test_the_42_month_scenario_is_listed_and_runs_to_2022_12(page: object, tmp_path: Path) -> None:
    page.get_by_role("button", name="Step").wait_for(timeout=30_000)
    choose(page, "Scenario", "dprk_2019_2022")
    page.get_by_role("button", name="Reset").click()
    where = page.locator(".explorer-where")
    wait_for(lambda: "month 0 of 42" in where.inner_text(), "the 42-month scenario")
    assert "dprk_2019_2022" in where.inner_text()
    render = page.locator(".v-input", has_text="Render Interval").locator("[role=slider]")
    render.focus()
    render.press("End")  # the slider's maximum: one Step runs the scenario to its end
    page.get_by_role("button", name="Step").click()
    wait_for(lambda: "month 42 of 42" in where.inner_text(), "the run to reach 2022-12", 60)
    assert "2022-12" in where.inner_text()
    screenshot = tmp_path / "explorer_dprk_2019_2022.png"
    page.screenshot(path=str(screenshot))
    if os.environ.get("EXPLORER_SCREENSHOT_DPRK"):
        shutil.copy(screenshot, os.environ["EXPLORER_SCREENSHOT_DPRK"])
