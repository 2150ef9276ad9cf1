"""The dashboard in a real browser: served offline, driven by Playwright in headless Chromium.

The server runs on a free 127.0.0.1 port; every request to another host is aborted and
recorded, console errors are collected, and screenshots go to tests/artifacts/. The tests
share one page and run in file order (each builds on the state the previous one left).
`make test` installs Debian's chromium and the playwright package; without them this
module is skipped with the reason.
"""

from __future__ import annotations

import os
import re
import time
from pathlib import Path
from urllib.parse import urlparse

import pytest

CHROMIUM = "/usr/bin/chromium"
ARTIFACTS = Path(__file__).parent / "artifacts"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]
WAIT_MS = 20_000  # bound on every single wait in the page

pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.timeout(240)]

if not os.path.exists(CHROMIUM):
    pytest.skip(f"{CHROMIUM} is missing (make test installs Debian's chromium)",
                allow_module_level=True)
sync_api = pytest.importorskip(
    "playwright.sync_api", reason="the playwright package is missing (make test installs the "
    "viz extra)")


class Watch:
    """Requests beyond 127.0.0.1 (aborted) and console errors seen by the page."""

    def __init__(self) -> None:
        self.outside: list[str] = []
        self.errors: list[str] = []

    def route(self, route) -> None:
        if urlparse(route.request.url).hostname != "127.0.0.1":
            self.outside.append(route.request.url)
            route.abort()
        else:
            route.continue_()


@pytest.fixture(scope="module")
def server():
    from trustsim.viz import serve

    ARTIFACTS.mkdir(exist_ok=True)
    port = serve.free_port()
    with open(ARTIFACTS / "dashboard-server.log", "w") as log:
        proc = serve.start(port, log=log)
        try:
            serve.wait_ready(f"http://127.0.0.1:{port}/", timeout=90, proc=proc)
            yield f"http://127.0.0.1:{port}/"
        finally:
            serve.stop(proc)


@pytest.fixture(scope="module")
def session(server):
    watch = Watch()
    with sync_api.sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        try:
            page = browser.new_page(viewport={"width": 1500, "height": 2300})
            page.set_default_timeout(WAIT_MS)
            page.route("**/*", watch.route)
            page.on("console", lambda m: watch.errors.append(m.text) if m.type == "error"
                    else None)
            page.on("pageerror", lambda e: watch.errors.append(str(e)))
            page.goto(server, timeout=60_000)
            page.wait_for_selector("#ts-trust-chart", timeout=60_000)
            yield page, watch
        finally:
            browser.close()


def shot(page, name: str) -> None:
    page.screenshot(path=str(ARTIFACTS / f"dashboard-{name}.png"))


def wait_day(page, js_test: str) -> None:
    """Wait until the day display exists and ``js_test`` holds for its text ``t``."""
    page.wait_for_function(f"(() => {{ const e = document.querySelector('#ts-day'); "
                           f"if (!e) return false; const t = e.textContent; "
                           f"return {js_test}; }})()", timeout=WAIT_MS)


def day(page) -> int:
    return int(re.match(r"Day (\d+)", page.locator("#ts-day").inner_text()).group(1))


def wait_mesa_time(page, value: float) -> None:
    """Wait until SolaraViz's own time display (in the sidebar) reads ``value``."""
    page.get_by_text(f"Time: {value:.1f}", exact=True).wait_for(timeout=WAIT_MS)


def choose(page, label: str, option: str) -> None:
    """Pick ``option`` in the Vuetify select labelled ``label``."""
    page.locator(".v-select").filter(has=page.locator("label", has_text=label)).first.click()
    menu = page.locator(".menuable__content__active")
    menu.get_by_text(option, exact=True).first.click()


def svg_html(page, chart_id: str) -> str:
    return page.locator(f"#{chart_id}").evaluate("e => e.outerHTML")


def test_page_loads_and_charts_render(session):
    page, _ = session
    for chart in ("ts-trust-chart", "ts-aum-chart", "ts-flow-chart", "ts-network",
                  "ts-timeline"):
        box = page.locator(f"#{chart}").bounding_box()
        assert box and box["width"] > 100 and box["height"] > 100, chart
    assert page.locator("#ts-trust-chart polyline").count() >= 4
    assert page.locator("#ts-network circle").count() >= 150
    assert page.locator("#ts-cards .ts-card").count() == 4
    assert day(page) == 0
    wait_mesa_time(page, 0)
    shot(page, "01-loaded")
    # what the controls do, one click away
    page.get_by_text("How to run it", exact=True).click()
    page.get_by_text(re.compile("the button still shows ❚❚: press Reset")).wait_for()


def test_step_advances_time_and_changes_chart(session):
    page, _ = session
    before = svg_html(page, "ts-trust-chart")
    page.get_by_role("button", name="Step").click()
    wait_day(page, "t.startsWith('Day 1 ')")
    wait_mesa_time(page, 1)
    page.wait_for_function("b => document.querySelector('#ts-trust-chart').outerHTML !== b",
                           arg=before, timeout=WAIT_MS)
    assert svg_html(page, "ts-trust-chart") != before


def test_play_and_pause(session):
    page, _ = session
    start = day(page)
    page.get_by_role("button", name="▶").click()
    wait_day(page, f"parseInt(t.slice(4)) >= {start + 3}")
    page.get_by_role("button", name="❚❚").click()
    page.get_by_role("button", name="Step").wait_for(state="visible")
    time.sleep(0.5)
    stopped = day(page)
    time.sleep(0.6)
    assert day(page) == stopped > start


def test_crisis_injection_shows_in_news_feed(session):
    page, _ = session
    choose(page, "Crisis", "data leak")
    choose(page, "Platform", "Platform B")
    page.get_by_role("button", name="Inject now").click()
    page.get_by_text(re.compile("Data leak at Platform B .* hits on day")).wait_for()
    target = day(page) + 8
    for _ in range(8):
        now = day(page)
        page.get_by_role("button", name="Step").click()
        wait_day(page, f"parseInt(t.slice(4)) > {now}")
    assert day(page) == target
    feed = page.locator("#ts-feed").inner_text()
    assert "Data leak hits Platform B" in feed
    assert "Platform B users leaked" in feed  # the media picked it up
    assert page.locator("#ts-timeline polygon").count() >= 1  # the crisis star
    shot(page, "02-after-data-leak")


def test_scenario_switch_resets_the_world(session):
    page, _ = session
    assert day(page) > 0
    page.get_by_role("button", name="▶").click()  # switching while playing stops the play
    choose(page, "Scenario", "data_leak")
    wait_day(page, "t.startsWith('Day 0 of 180')")
    wait_mesa_time(page, 0)
    time.sleep(1.0)
    assert day(page) == 0  # the new world is not playing: fresh controls
    page.get_by_role("button", name="▶").wait_for(state="visible")
    cards = page.locator("#ts-cards").inner_text()
    assert "SafePay" in cards and "Platform B" not in cards
    assert "No news yet" in page.locator("#ts-feed").inner_text()
    shot(page, "03-scenario-switched")
    # Reset rebuilds this world (not the one the page opened with).
    page.get_by_role("button", name="Step").click()
    wait_day(page, "t.startsWith('Day 1 ')")
    page.get_by_role("button", name="Reset").click()
    wait_day(page, "t.startsWith('Day 0 of 180')")
    assert "SafePay" in page.locator("#ts-cards").inner_text()


def test_compare_tab_draws_bands(session):
    page, _ = session
    page.get_by_role("tab", name="Compare strategies").click()
    # Ten runs per strategy (the slider's maximum, set from the keyboard) keep the comparison
    # running for several seconds, long enough to see it in the background on a fast machine.
    page.get_by_text("Runs per strategy: 4").wait_for()
    slider = page.locator(".v-input").filter(has_text="Runs per strategy").get_by_role("slider")
    slider.focus()
    slider.press("End")
    page.get_by_text("Runs per strategy: 10").wait_for()
    page.get_by_role("button", name="Run comparison").click()
    seen = page.get_by_text(re.compile("Running in the background|The comparison failed"))
    try:
        seen.first.wait_for(timeout=60_000)  # a busy machine
    except Exception:
        shot(page, "04-compare-not-started")
        raise
    failed = page.get_by_text("The comparison failed")
    assert failed.count() == 0, failed.first.inner_text()
    # The UI stays responsive while the comparison runs: the live model still steps.
    page.get_by_role("tab", name="Live run").click()
    now = day(page)
    page.get_by_role("button", name="Step").click()
    wait_day(page, f"parseInt(t.slice(4)) > {now}")
    page.get_by_role("tab", name="Compare strategies").click()
    page.wait_for_selector("#ts-compare-chart", timeout=90_000)
    assert page.locator("#ts-compare-chart polygon.band").count() == 3
    assert page.locator("#ts-compare-chart polyline").count() >= 3
    # the table's columns say what they are (student trial: "lowest (median)" unexplained)
    assert page.get_by_text("lowest: each run's lowest value over the days").count() == 1
    shot(page, "04-compare")


def test_offline_and_no_console_errors(session):
    page, watch = session
    page.get_by_role("tab", name="Live run").click()
    shot(page, "05-final")
    assert watch.outside == [], f"requests beyond 127.0.0.1: {watch.outside}"
    assert watch.errors == [], f"console errors: {watch.errors}"


def test_charts_stay_readable_on_a_small_screen(session):
    """At 1024 px the two charts sat side by side at ~250 px, their 12-unit text drawn at
    under 6 px, and at 1366 px at ~427 px, under 10 px (student trial): they stand side by
    side only where the main column holds two at 460 px or more, else they stack; their
    text draws at 10.5 px or more at every width. Solara's corner banner, which covered the
    charts' corner, is gone."""
    page, _ = session
    try:
        for width, side_by_side in ((1024, False), (1366, None), (1500, True)):
            page.set_viewport_size({"width": width, "height": 1400})
            page.wait_for_timeout(500)
            trust = page.locator("#ts-trust-chart").bounding_box()
            aum = page.locator("#ts-aum-chart").bounding_box()
            view_w = float(page.locator("#ts-trust-chart").get_attribute("viewBox").split()[2])
            px = 12 * trust["width"] / view_w  # the charts' font size as drawn
            assert px >= 10.5, (width, trust["width"])
            if side_by_side is not None:
                assert (abs(trust["y"] - aum["y"]) < 5) == side_by_side, (width, trust, aum)
            shot(page, f"06-width-{width}")
        assert page.get_by_text("This website runs on").count() == 0
    finally:
        page.set_viewport_size({"width": 1500, "height": 2300})
