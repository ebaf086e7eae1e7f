"""The exported animated map works on its own: a file:// page in headless Chromium, no kernel,
no server, no internet. Moving the time slider recolours the map, and stepping through frames is
quick. The per-frame times are printed (run with ``-s`` to see them); ``bench/bench_frames.py``
reports them against the 33 ms budget.
"""

from __future__ import annotations

import statistics
from pathlib import Path
from typing import Any

import pytest
from jlab import DOWN_FILL, percentile

import labkit
from labkit import scenarios
from labkit.figures import animated_map, to_html

pytestmark = pytest.mark.browser

PLOT = "#labkit-figure"

# Count the map's node markers drawn in the "down" colour.
JS_COUNT_DOWN = """([sel, fill]) => {
  let n = 0;
  for (const p of document.querySelectorAll(`${sel} .scatterlayer path.point`))
    if (p.style.fill === fill) n += 1;
  return n;
}"""

# The time the slider shows ("time: 09:00").
JS_SLIDER_TIME = """(sel) => {
  const t = document.querySelector(`${sel} .slider-container text.slider-label`);
  return t ? t.textContent : '';
}"""

# Step through frames the way the slider does (Plotly.animate, redraw: false). Per frame: ms from
# the call until the map's markers are recoloured in the DOM (a MutationObserver's first callback
# runs after plotly's synchronous update), and ms until plotly's animate promise settles (its
# own bookkeeping: it waits a frame or two of the display).
JS_SCRUB = """async ([sel, names]) => {
  const gd = document.querySelector(sel);
  const layer = gd.querySelector('.scatterlayer');
  const out = [];
  for (const name of names) {
    const t0 = performance.now();
    let drawn = null;
    const obs = new MutationObserver(() => { if (drawn === null) drawn = performance.now() - t0; });
    obs.observe(layer, {subtree: true, attributes: true, childList: true});
    await Plotly.animate(gd, [name], {
      mode: 'immediate', frame: {duration: 0, redraw: false}, transition: {duration: 0}});
    const settled = performance.now() - t0;
    obs.disconnect();
    out.push({name, drawn: drawn === null ? settled : drawn, settled});
  }
  return out;
}"""


def simulate(name: str = "nimbus-us-east-outage") -> labkit.Timeline:
    return labkit.simulate(labkit.build_internet(), scenarios.load(name))


DAY = simulate()


def export_map(folder: Path, name: str = "nimbus-us-east-outage", step: int = 10) -> Path:
    day = DAY if name == "nimbus-us-east-outage" else simulate(name)
    return to_html(animated_map(day, step=step), folder / f"{name}.html")


def open_page(browser: Any, path: Path) -> Any:
    page = browser.new_page(viewport={"width": 1200, "height": 800})
    page.goto(path.resolve().as_uri())
    page.wait_for_selector(f"{PLOT} .scatterlayer path.point", state="attached", timeout=30_000)
    return page


def frame_names(page: Any) -> list[str]:
    return page.evaluate(
        "(sel) => document.querySelector(sel)._transitionData._frames.map(f => f.name)", PLOT
    )


def scrub(page: Any, names: list[str]) -> list[dict]:
    """Per-frame times (ms) for stepping through ``names``, measured in the page."""
    return page.evaluate(JS_SCRUB, [PLOT, names])


def test_slider_recolours_the_exported_map_without_a_kernel(
    chromium_browser: Any, tmp_path: Path
) -> None:
    path = export_map(tmp_path)
    page = open_page(chromium_browser, path)
    try:
        errors: list[str] = []
        page.on("pageerror", lambda e: errors.append(str(e)))
        names = frame_names(page)
        assert page.evaluate(JS_COUNT_DOWN, [PLOT, DOWN_FILL]) == 0, "00:00 should be calm"

        # click the slider's tick for 09:00, as a learner would
        target = names.index("09:00")
        tick = page.locator(f"{PLOT} .slider-container rect.slider-tick-rect").nth(target)
        rail = page.locator(f"{PLOT} .slider-container .slider-rail-touch-rect").first
        tbox, rbox = tick.bounding_box(), rail.bounding_box()
        assert tbox and rbox, "the slider is not on the page"
        page.mouse.click(tbox["x"] + tbox["width"] / 2, rbox["y"] + rbox["height"] / 2)
        page.wait_for_function(
            f"([sel, fill]) => ({JS_COUNT_DOWN})([sel, fill]) > 0", arg=[PLOT, DOWN_FILL]
        )
        down = page.evaluate(JS_COUNT_DOWN, [PLOT, DOWN_FILL])
        shown = page.evaluate(JS_SLIDER_TIME, PLOT)
        assert shown in ("time: 08:50", "time: 09:00", "time: 09:10"), shown
        expected = len(DAY.down_at(shown.removeprefix("time: ")))
        assert down == expected, f"{down} markers down at {shown}, the model says {expected}"

        # and back to the calm morning
        scrub(page, ["07:00"])
        assert page.evaluate(JS_COUNT_DOWN, [PLOT, DOWN_FILL]) == 0

        # step frame by frame through the outage and its recovery
        start = names.index("07:00")
        steps = names[start : start + 40]
        times = scrub(page, steps)
        drawn = [t["drawn"] for t in times]
        settled = [t["settled"] for t in times]
        print(
            f"\n{len(steps)} frames: recoloured in median {statistics.median(drawn):.1f} ms, "
            f"p95 {percentile(drawn, 95):.1f} ms; animate settled in median "
            f"{statistics.median(settled):.1f} ms, p95 {percentile(settled, 95):.1f} ms"
        )
        assert len(steps) >= 20
        assert percentile(drawn, 95) < 250, drawn
        assert percentile(settled, 95) < 250, settled
        assert not errors, errors
    finally:
        page.close()
