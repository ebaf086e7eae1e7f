"""Fixtures shared by tests in more than one folder."""

from __future__ import annotations

import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class StaticSite:
    """The static site built once per test session: its folder and what the build printed
    (``None`` for a site built before, named by ``$OUTAGE_LAB_SITE``)."""

    path: Path
    output: str | None


@pytest.fixture(scope="session")
def static_site(tmp_path_factory: pytest.TempPathFactory) -> StaticSite:
    """``scripts/build_site.py`` run as ``make site`` runs it, into a temporary folder (it
    runs every notebook, two kernels at a time: about a minute and a half on 2 cores).
    ``OUTAGE_LAB_SITE=build/site`` tests a site built before (by ``make site``) instead."""
    if os.environ.get("OUTAGE_LAB_SITE"):
        return StaticSite(Path(os.environ["OUTAGE_LAB_SITE"]).resolve(), None)
    out = tmp_path_factory.mktemp("static") / "site"
    env = dict(
        os.environ, PYTHONPATH=os.pathsep.join([str(REPO_ROOT), os.environ.get("PYTHONPATH", "")])
    )
    done = subprocess.run(
        [sys.executable, str(REPO_ROOT / "scripts" / "build_site.py"), "--out", str(out)],
        cwd=REPO_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert done.returncode == 0, f"the site did not build:\n{done.stdout}\n{done.stderr[-4000:]}"
    return StaticSite(out, done.stdout)
