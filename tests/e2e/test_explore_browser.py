"""The explore() dashboard in a real browser: every failure, a mitigation and a bad time, clicked.

JupyterLab in headless Chromium serves a copy of ``notebooks/`` plus a one-cell notebook
(``explore_check.ipynb``: ``import labkit; labkit.explore()``). After "Run All" the test clicks the
dashboard the way a learner does and checks that the kernel's answer reaches the page:

* each failure kind, ticked, changes the map's down-coloured markers, the summary and the impact
  figure; unticked, it brings back the first picture;
* with the region outage on, ticking "multi-region" lowers the affected users in the summary and
  changes the map;
* a fix time before the start shows a warning and leaves the map as it was; a good time clears it.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import jlab
import pytest
from jlab import DashboardPage, failure_box, failure_kinds, mitigation_box, screenshot_on_failure

pytestmark = pytest.mark.browser

NOTEBOOK = "explore_check.ipynb"
CHANGED = ("down", "summary", "impact")  # what a ticked failure must change
PICTURE = ("map", "summary", "impact", "message")  # what "the same picture" compares


@pytest.fixture(scope="module")
def notebooks_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The lessons (``$OUTAGE_LAB_NOTEBOOKS`` or ``notebooks/``) plus a notebook that shows only
    the dashboard."""
    folder = tmp_path_factory.mktemp("explore-notebooks") / "notebooks"
    shutil.copytree(
        os.environ.get("OUTAGE_LAB_NOTEBOOKS") or jlab.NOTEBOOKS_DIR,
        folder,
        ignore=shutil.ignore_patterns(".ipynb_checkpoints", "__pycache__"),
    )
    jlab.explore_notebook(folder / NOTEBOOK)
    return folder


@pytest.fixture
def dashboard(chromium_browser: Any, lab_server: jlab.LabServer) -> Iterator[DashboardPage]:
    context = chromium_browser.new_context(viewport={"width": 1200, "height": 900})
    try:
        yield DashboardPage(context.new_page(), lab_server)
    finally:
        context.close()


def test_explore_dashboard_follows_every_control(dashboard: DashboardPage, tmp_path: Path) -> None:
    lab = dashboard
    with screenshot_on_failure(lab, tmp_path / "explore_failure.png"):
        lab.open_notebook(NOTEBOOK)
        errors = lab.run_all()
        assert not errors, "cells of {} show errors:\n{}".format(NOTEBOOK, "\n---\n".join(errors))
        first = lab.wait_for_dashboard()
        assert first.down == 0 and first.affected_millions == 0, first.summary
        assert len(first.impact_lines) == 5, "one impact line per category"

        for kind in failure_kinds():
            box = failure_box(kind)
            lab.click(box)
            broken = lab.wait_for_parts(first, CHANGED, what=f"ticking {kind}")
            assert lab.is_checked(box)
            assert broken.down > first.down, f"{kind}: no map marker turned down"
            assert broken.affected_millions > 0, f"{kind}: {broken.summary}"
            assert not broken.message, f"{kind}: {broken.message}"

            lab.click(box)
            calm = lab.wait_for_parts(first, PICTURE, same=True, what=f"unticking {kind}")
            assert not lab.is_checked(box)
            assert calm == first

        # A mitigation: fewer users affected, and the map shows it.
        lab.click(failure_box("region"))
        region = lab.wait_for_parts(first, CHANGED, what="ticking region")
        hit = region.affected_millions
        assert hit > 0
        lab.click(mitigation_box("multi-region"))
        mitigated = lab.wait_for_parts(region, ("map", "summary"), what="ticking multi-region")
        assert mitigated.affected_millions < hit, (region.summary, mitigated.summary)
        assert mitigated.map_points != region.map_points
        lab.click(mitigation_box("multi-region"))
        again = lab.wait_for_parts(region, PICTURE, same=True, what="unticking multi-region")
        assert again == region

        # A fix time before the start: a warning, and the figures stay as they were.
        fixed = lab.time_box("region", "fixed")
        assert fixed.input_value() == "11:00"
        fixed.fill("07:00")
        fixed.press("Tab")
        warned = lab.wait_for_parts(region, ("message",), what="typing 07:00 as the fix time")
        assert "fixed" in warned.message and "not after start" in warned.message, warned.message
        assert (warned.map_points, warned.map_title) == (region.map_points, region.map_title)
        assert (warned.summary, warned.impact_lines) == (region.summary, region.impact_lines)

        fixed.fill("11:00")
        fixed.press("Tab")
        healed = lab.wait_for_parts(region, PICTURE, same=True, what="typing 11:00 back")
        assert healed.message == ""

        assert not lab.shown_errors(), "errors appeared while clicking the dashboard"
