"""The browser-only edition (``make lite``: a JupyterLite site, Python in the browser) in Chromium.

The site is built once per session (``scripts/build_lite.py``, which reuses a build that is up
to date), served on 127.0.0.1, and opened in headless Chromium with every request to another
host aborted: each test fails if one was even attempted, since a classroom without internet
must get the same lessons. Lesson 00 and lesson 02 run top to bottom with no error shown and
draw one plotly figure per ``show(...)`` in their code; in lesson 02 the explore() dashboard
answers a click on a failure checkbox by redrawing its impact figure (the simulation runs in the
browser's Python), also with a CPU hog beside the browser and a second tab open on the site.
"""

from __future__ import annotations

import json
import re
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import dashjs
import jlab
import litesite
import pytest

pytestmark = pytest.mark.browser

# How many figures show() displayed and the site's plotly extension drew (its renderer's output
# element, holding plotly's SVG).
_JS_SHOWN_FIGURES = """() => [...document.querySelectorAll('.jp-OutputArea-output')]
  .filter((el) => el.matches('.jp-RenderedPlotly') && el.querySelector('svg.main-svg')).length"""


def show_calls(lesson: str) -> int:
    """How many figures the lesson's code displays with ``show(...)`` (one per call)."""
    notebook = json.loads((jlab.NOTEBOOKS_DIR / lesson).read_text())
    code = "".join(
        "".join(cell["source"]) + "\n" for cell in notebook["cells"] if cell["cell_type"] == "code"
    )
    return len(re.findall(r"^\s*show\(", code, flags=re.MULTILINE))


@pytest.fixture(scope="session")
def lite_dir(chromium_browser: Any) -> Path:
    """The built site (after the browser check: without a browser there is nothing to build for).

    The build needs npm for the Pyodide runtime: without it the tests are skipped, except
    under CI, where they fail (as the browser tests do without a browser)."""
    if shutil.which("npm") is None:
        problem = "npm is not installed (the site's Python runtime is the npm package pyodide)"
        if jlab.in_ci():
            pytest.fail(f"CI=true but the Lite site cannot be built: {problem}", pytrace=False)
        pytest.skip(f"LITE BROWSER TESTS SKIPPED: {problem}; install Node.js with npm")
    return litesite.build_site()


@pytest.fixture(scope="module")
def site(lite_dir: Path) -> Iterator[litesite.Site]:
    with litesite.serving(lite_dir) as served:
        yield served


@pytest.fixture
def lite(chromium_browser: Any, site: litesite.Site) -> Iterator[tuple[litesite.LitePage, list]]:
    # tall: a figure scrolled out of view is still drawn and can be checked
    context = chromium_browser.new_context(viewport={"width": 1200, "height": 1600})
    foreign: list[str] = []
    litesite.block_other_hosts(context, site.base_url, foreign)
    try:
        yield litesite.LitePage(context.new_page(), site), foreign
    finally:
        context.close()


def run_lesson(page: litesite.LitePage, lesson: str, tmp_path: Path) -> None:
    page.open_notebook(lesson, timeout=240)
    errors = page.run_all(timeout=300)
    if errors:
        shot = page.screenshot(tmp_path / f"{lesson}.png")
        shown = "\n".join(errors)
        pytest.fail(f"{lesson} shows errors in the Lite site (screenshot {shot}):\n{shown}")
    # every show(...) drew its figure in the page
    wanted = show_calls(lesson)
    assert wanted >= 1, f"{lesson} shows no figure: pick a lesson that does"
    page.page.wait_for_function(f"() => ({_JS_SHOWN_FIGURES})() >= {wanted}", timeout=60_000)
    assert page.page.evaluate(_JS_SHOWN_FIGURES) == wanted
    # the numbers the lesson quotes (the cells nbval compares, recorded with CPython) come out
    # the same in the browser's Python
    stored = litesite.stored_texts(jlab.NOTEBOOKS_DIR / lesson)
    browser = page.cell_texts()
    assert len(browser) == len(stored)
    differ = [
        f"code cell {i}:\n--- stored\n{want}\n--- in the browser\n{got}"
        for i, ((checked, want), got) in enumerate(zip(stored, browser, strict=True))
        if checked and got != want
    ]
    assert not differ, f"{lesson}: checked outputs differ in the browser:\n" + "\n".join(differ)


def test_lesson_00_runs_in_the_browser_only_edition(lite, tmp_path: Path) -> None:
    page, foreign = lite
    run_lesson(page, "00_start_here.ipynb", tmp_path)
    text = page.outputs_text()
    assert "Mime type rendering requires nbformat" not in text
    assert foreign == [], f"requests to other hosts: {foreign[:10]}"


def test_dashboard_responds_in_the_browser_only_edition(lite, tmp_path: Path) -> None:
    page, foreign = lite
    run_lesson(page, "02_dns.ipynb", tmp_path)
    page.page.wait_for_selector(jlab.failure_box("region"), state="visible", timeout=60_000)
    page.page.wait_for_function(jlab._JS_STAGE_DRAWN, arg=jlab.EXPLORER, timeout=120_000)
    before = jlab._dashboard_state(page.page)
    # a busy classroom machine: a second tab on the site and a CPU hog while the click is served
    second = page.page.context.new_page()
    second.goto(page.site.base_url, wait_until="commit")
    try:
        with dashjs.cpu_hog():
            page.page.locator(jlab.failure_box("region")).first.click()
            page.page.wait_for_function(
                jlab._JS_DASHBOARD_PARTS,
                arg=[jlab.EXPLORER, jlab.DOWN_FILL, before.as_js(), ["impact", "summary"], False],
                timeout=120_000,
            )
    except Exception as exc:
        shot = page.screenshot(tmp_path / "lite_dashboard.png")
        now = jlab._dashboard_state(page.page)
        raise AssertionError(
            f"ticking the region outage did not redraw the impact figure (screenshot {shot}):\n"
            f"{before.differences(now)}\nconsole: {page.console_errors[-10:]}"
        ) from exc
    after = jlab._dashboard_state(page.page)
    assert after.impact_lines != before.impact_lines
    assert after.run > before.run, "the stage drew no new run from the kernel"
    assert foreign == [], f"requests to other hosts: {foreign[:10]}"
