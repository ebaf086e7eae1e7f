"""The static site in headless Chromium with no network: a lesson page served from 127.0.0.1,
every request to another host aborted (and the test fails if one was attempted). Its figures
draw, and the time slider of the dashboard's kernel-free form recolours the map. It runs as on a
busy classroom machine: a CPU hog beside the browser and a second tab open on another lesson.

Lesson 01's dashboard opens on ``RegionOutage("nimbus-us-east", "08:00", "11:00",
blocks=["kv-db"])`` (its cell above the dashboard), and the lesson's checked output says the
graph and the simulation agree on "the same: True (8 apps)" down at 09:00.
"""

from __future__ import annotations

import functools
import http.server
import json
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import dashjs
import pytest
from jlab import DOWN_FILL

pytestmark = pytest.mark.browser

LESSON = "01_dependency_chains.html"
MAP = ".dashboard .plot >> nth=0"

# The map's node markers drawn in the "down" colour (names sit in a trace of their own).
JS_COUNT_DOWN = """([div, fill]) => {
  let n = 0;
  for (const p of div.querySelectorAll('.scatterlayer path.point'))
    if (p.style.fill === fill) n += 1;
  return n;
}"""
JS_SLIDER_TIME = """(div) => {
  const t = div.querySelector('.slider-container text.slider-label');
  return t ? t.textContent : '';
}"""


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - the base's name
        pass


@pytest.fixture(scope="module")
def site_url(static_site: Any) -> Iterator[str]:
    """The site served over HTTP on 127.0.0.1 (a free port) for this module's tests."""
    handler = functools.partial(QuietHandler, directory=str(static_site.path))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


def frames_of_map(site: Path) -> dict[str, list[int]]:
    """Frame name → the map's node state codes (2 = down), from the JSON in the page."""
    text = (site / LESSON).read_text(encoding="utf-8")
    block = text.split('<div class="dashboard">')[1]
    raw = block.split('class="plotly-figure"', 1)[1].split(">", 1)[1].split("</script>")[0]
    fig = json.loads(raw)
    return {f["name"]: f["data"][0]["marker"]["color"] for f in fig["frames"]}


def click_tick(page: Any, plot: Any, index: int) -> None:
    """Click the slider under the tick of frame ``index``, as a learner would."""
    tick = plot.locator(".slider-container rect.slider-tick-rect").nth(index)
    rail = plot.locator(".slider-container .slider-rail-touch-rect").first
    rail.scroll_into_view_if_needed()
    tbox, rbox = tick.bounding_box(), rail.bounding_box()
    assert tbox and rbox, "the slider is not on the page"
    page.mouse.click(tbox["x"] + tbox["width"] / 2, rbox["y"] + rbox["height"] / 2)


def test_a_lesson_page_draws_and_its_slider_works_with_no_network(
    chromium_browser: Any, site_url: str, static_site: Any
) -> None:
    context = chromium_browser.new_context(viewport={"width": 1280, "height": 900})
    elsewhere: list[str] = []
    errors: list[str] = []

    def only_this_server(route: Any) -> None:
        if route.request.url.startswith(site_url):
            route.continue_()
        else:
            elsewhere.append(route.request.url)
            route.abort()

    context.route("**/*", only_this_server)
    page = context.new_page()
    page.on("pageerror", lambda e: errors.append(str(e)))
    with dashjs.cpu_hog():
        try:
            second = context.new_page()  # a second tab, on the lesson with the most figures
            second.on("pageerror", lambda e: errors.append(f"second tab: {e}"))
            second.goto(site_url + "02_dns.html", wait_until="commit")
            page.goto(site_url + LESSON)
            figures = page.locator("script.plotly-figure").count()
            assert figures >= 3, "lesson 01 shows two figures and its dashboard's two"
            page.wait_for_function(
                "n => document.querySelectorAll('.plot .main-svg').length >= n",
                arg=figures,
                timeout=30_000,
            )
            # every figure drew data: markers, lines or bars in its svg
            drawn = page.evaluate(
                """() => [...document.querySelectorAll('.plot')].map(div =>
                     div.querySelectorAll('path.point, path.js-line, .bars path').length)"""
            )
            assert len(drawn) == figures and all(n > 0 for n in drawn), drawn

            plot = page.locator(MAP)
            handle = plot.element_handle()
            frames = frames_of_map(static_site.path)
            names = list(frames)
            # it opens where the outage starts (08:00), already with components down
            assert page.evaluate(JS_SLIDER_TIME, handle) == "time: 08:00"
            opened = page.evaluate(JS_COUNT_DOWN, [handle, DOWN_FILL])
            assert opened == frames["08:00"].count(2) > 0

            # midnight: the outage starts at 08:00, so nothing is down
            click_tick(page, plot, names.index("00:00"))
            page.wait_for_function(
                f"([div, fill]) => ({JS_COUNT_DOWN})([div, fill]) === 0", arg=[handle, DOWN_FILL]
            )
            assert page.evaluate(JS_SLIDER_TIME, handle) == "time: 00:00"

            # 09:00 (a click lands on the nearest tick, ten minutes either side; all within the
            # outage): at least the lesson's 8 apps are down, as many markers as the frame says
            click_tick(page, plot, names.index("09:00"))
            page.wait_for_function(
                f"([div, fill]) => ({JS_COUNT_DOWN})([div, fill]) > 0", arg=[handle, DOWN_FILL]
            )
            shown = page.evaluate(JS_SLIDER_TIME, handle).removeprefix("time: ")
            assert shown in ("08:50", "09:00", "09:10"), shown
            down = page.evaluate(JS_COUNT_DOWN, [handle, DOWN_FILL])
            assert down == frames[shown].count(2) >= 8, (shown, down)
            second.wait_for_function(
                "() => document.querySelectorAll('.plot .main-svg').length > 0", timeout=30_000
            )
            assert not errors, errors
        finally:
            context.close()
    assert elsewhere == [], f"the page tried to reach another host: {elsewhere}"
