"""Fixtures for the browser tests: Debian's Chromium under Playwright, and a throwaway JupyterLab.

The browser tests need the Python package ``playwright`` and a Chromium binary
(``$OUTAGE_LAB_CHROMIUM`` or ``/usr/bin/chromium``). Without them the tests are skipped with a
reason that says how to enable them, except under CI (``CI=true``), where they fail instead:
CI must never pass by skipping the only test that clicks the widgets.

``OUTAGE_LAB_NOTEBOOKS`` may name another folder of lessons to serve instead of ``notebooks/``.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))  # `import jlab` under any import mode

import jlab  # noqa: E402


def require_browser() -> None:
    """Skip (or, under CI, fail) when the browser cannot be driven here."""
    problem = jlab.browser_problem()
    if problem is None:
        return
    if jlab.in_ci():
        pytest.fail(
            f"CI=true but the browser tests cannot run: {problem}. {jlab.HOW_TO_ENABLE}",
            pytrace=False,
        )
    pytest.skip(f"BROWSER TESTS SKIPPED: {problem}. {jlab.HOW_TO_ENABLE}")


@pytest.fixture(scope="session")
def notebooks_dir() -> Path:
    folder = Path(os.environ.get("OUTAGE_LAB_NOTEBOOKS") or jlab.NOTEBOOKS_DIR)
    if not (folder / jlab.START_NOTEBOOK).is_file():
        pytest.fail(f"{folder / jlab.START_NOTEBOOK} does not exist", pytrace=False)
    return folder


@pytest.fixture(scope="session")
def chromium_browser() -> Iterator[Any]:
    require_browser()
    with jlab.chromium() as browser:
        yield browser


@pytest.fixture(scope="module")
def lab_server(tmp_path_factory: pytest.TempPathFactory, notebooks_dir: Path) -> Iterator[Any]:
    require_browser()
    work_dir = tmp_path_factory.mktemp("jupyterlab")
    with jlab.running_lab(work_dir, notebooks_dir) as server:
        yield server


@pytest.fixture
def lab_page(chromium_browser: Any, lab_server: jlab.LabServer) -> Iterator[jlab.LabPage]:
    context = chromium_browser.new_context(viewport={"width": 1200, "height": 900})
    try:
        yield jlab.LabPage(context.new_page(), lab_server)
    finally:
        context.close()
