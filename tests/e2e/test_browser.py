"""The first lesson in a real browser: it runs without errors and its outage toggle redraws.

This is the one test that clicks a widget the way a learner does: JupyterLab in headless Chromium,
"Run All" on ``00_start_here.ipynb``, then the outage toggle of the explorer, checking that the
kernel's answer reaches the page (the internet map gains down-coloured markers and the summary
changes), and that a second click restores the first picture.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from jlab import START_NOTEBOOK, LabPage, screenshot_on_failure

pytestmark = pytest.mark.browser


def test_start_here_runs_and_outage_toggle_redraws(lab_page: LabPage, tmp_path: Path) -> None:
    lab = lab_page
    with screenshot_on_failure(lab, tmp_path / "start_here_failure.png"):
        lab.open_notebook(START_NOTEBOOK)
        errors = lab.run_all()
        assert not errors, "cells of {} show errors:\n{}".format(
            START_NOTEBOOK, "\n---\n".join(errors)
        )

        lab.wait_for_explorer()
        first = lab.explorer_state()
        assert first.down >= 0, "the explorer's map (.labkit-map) is not on the page"

        second = lab.toggle_outage(first)
        assert second.outage_on != first.outage_on, "the toggle did not change its state"
        assert second.summary != first.summary
        broken, calm = (second, first) if second.outage_on else (first, second)
        assert broken.down > calm.down, (
            f"the outage should mark more of the map down: {calm.down} markers down without it,"
            f" {broken.down} with it"
        )

        third = lab.toggle_outage(second)
        assert third.outage_on == first.outage_on
        assert third.down == first.down, f"{third.down} markers down, {first.down} at first"
        assert third.summary == first.summary

        assert not lab.shown_errors(), "errors appeared while clicking the explorer"
