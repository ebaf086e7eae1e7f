"""Every lesson in a real browser: a fresh kernel runs it top to bottom with no error shown, and
its main widget (the explorer dashboard, or the first lesson's outage explorer) renders."""

from __future__ import annotations

from pathlib import Path

import pytest
from jlab import LabPage

pytestmark = pytest.mark.browser

LESSONS = sorted(
    p.name for p in (Path(__file__).resolve().parents[2] / "notebooks").glob("0*.ipynb")
)


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
    lab.page.wait_for_selector(".labkit-map path.point", state="attached", timeout=60_000)
    assert not lab.shown_errors(), f"{lesson}: errors appeared after the widgets rendered"
