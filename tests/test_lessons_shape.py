"""Every lesson notebook has the shape of a lesson and stays small.

The shape check is the shared lesson checker that sits beside the repo
(``../shared/tools/check_lessons.py``); the size and widget-state checks are our own.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = ROOT / "notebooks"
CHECKER = ROOT.parent / "shared" / "tools" / "check_lessons.py"
MAX_BYTES = 1_000_000


def notebooks() -> list[Path]:
    return sorted(NOTEBOOKS.glob("*.ipynb"))


def test_lessons_have_the_full_shape():
    if not CHECKER.exists():
        reason = f"lesson checker not found at {CHECKER}"
        if os.environ.get("CI") == "true":
            pytest.fail(reason + " (CI must run it)")
        pytest.skip(reason)
    run = subprocess.run(
        [sys.executable, str(CHECKER), "notebooks"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert run.returncode == 0, run.stdout + run.stderr


def test_there_are_lessons():
    assert notebooks(), f"no notebooks in {NOTEBOOKS}"


@pytest.mark.parametrize("path", notebooks(), ids=lambda p: p.name)
def test_notebook_is_small_and_stores_no_widget_state(path):
    size = path.stat().st_size
    assert size < MAX_BYTES, f"{path.name} is {size / 1e6:.1f} MB: run `make record` to slim it"
    nb = json.loads(path.read_text())
    assert "widgets" not in nb.get("metadata", {}), (
        f"{path.name} stores metadata.widgets (widget state): run `make record` to strip it"
    )
