"""Every lesson in a real browser: a fresh kernel runs it top to bottom with no error shown, and
its main widget (the explorer dashboard, or the first lesson's outage explorer) renders."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from jlab import LabPage

pytestmark = pytest.mark.browser

NOTEBOOKS = Path(__file__).resolve().parents[2] / "notebooks"
ALL_LESSONS = sorted(p.name for p in NOTEBOOKS.glob("0*.ipynb"))
#: Lessons other browser tests already run top to bottom in JupyterLab, errors checked:
#: 00 (test_browser.py, which also clicks its explorer), 04 and 07 (the two-tab test below).
RUN_ELSEWHERE = {"00_start_here.ipynb", "04_config_push.ipynb", "07_casebook.ipynb"}


def has_dashboard(lesson: str) -> bool:
    """Whether the lesson's code opens a dashboard (``explore(...)`` or the outage explorer)."""
    cells = json.loads((NOTEBOOKS / lesson).read_text(encoding="utf-8"))["cells"]
    code = "\n".join("".join(c["source"]) for c in cells if c["cell_type"] == "code")
    return "explore(" in code or "outage_explorer(" in code


#: Every other lesson with a dashboard, run once here. A lesson without one (08) runs under
#: nbval only: the browser would add nothing but time.
LESSONS = [x for x in ALL_LESSONS if x not in RUN_ELSEWHERE and has_dashboard(x)]


def test_every_lesson_with_a_dashboard_is_run_in_the_browser_somewhere() -> None:
    with_dashboard = {x for x in ALL_LESSONS if has_dashboard(x)}
    assert with_dashboard <= set(LESSONS) | RUN_ELSEWHERE, with_dashboard - set(LESSONS)
    assert "00_start_here.ipynb" in with_dashboard  # the rule above would be empty otherwise


@pytest.mark.parametrize("lesson", LESSONS)
def test_lesson_runs_in_the_browser_and_its_widget_renders(
    lab_page: LabPage, lesson: str, tmp_path: Path
) -> None:
    lab = lab_page
    lab.open_notebook(lesson)
    errors = lab.run_all(timeout=180)
    if errors:
        shot = lab.screenshot(tmp_path / f"{lesson}.png", full_page=True)
        pytest.fail(f"{lesson} shows errors (screenshot {shot}):\n" + "\n---\n".join(errors))
    widget = ".labkit-explorer, .labkit-outage-toggle"
    lab.page.wait_for_selector(widget, state="attached", timeout=60_000)
    lab.wait_for_stage(timeout=60)
    assert not lab.shown_errors(), f"{lesson}: errors appeared after the widgets rendered"


def test_casebook_lesson_runs_while_a_second_tab_runs_another_lesson(
    chromium_browser, lab_server, tmp_path: Path
) -> None:
    """Two tabs, as a learner with the config-push lesson still busy in one and the casebook in
    the other: both runs end with no error shown and the casebook's dashboard renders."""
    context = chromium_browser.new_context(viewport={"width": 1200, "height": 900})
    try:
        other = LabPage(context.new_page(), lab_server)
        other.open_notebook("04_config_push.ipynb")
        other.command("notebook:clear-all-cell-outputs")
        other.command("notebook:run-all-cells")  # left running while the casebook runs
        lab = LabPage(context.new_page(), lab_server)
        lab.open_notebook("07_casebook.ipynb")
        errors = lab.run_all(timeout=240)
        if errors:
            shot = lab.screenshot(tmp_path / "07_two_tabs.png", full_page=True)
            pytest.fail(
                f"07 shows errors beside a busy tab (screenshot {shot}):\n" + "\n".join(errors)
            )
        lab.page.wait_for_selector(".labkit-explorer", state="attached", timeout=60_000)
        lab.wait_for_stage(".labkit-explorer", timeout=60)
        other.page.bring_to_front()
        assert other.run_all(timeout=240) == [], "the second tab's lesson shows errors"
    finally:
        context.close()
