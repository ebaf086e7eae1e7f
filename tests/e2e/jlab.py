"""Drive the lessons in a real browser: a throwaway JupyterLab server and headless Chromium.

Shared by the browser test (``tests/e2e/test_browser.py``) and the click-to-redraw benchmark
(``bench/bench_browser.py``).

What this module takes care of, so callers do not have to:

* The server runs on 127.0.0.1 on a free port with no token and no password, and every Jupyter
  config, data, runtime, settings and workspace directory points into a temporary folder, so
  nothing is read from or left in the home directory. It serves a *copy* of ``notebooks/``:
  running the lessons never modifies the committed notebooks. The repository root is put on the
  kernel's ``PYTHONPATH`` (after any caller's entries), so the lessons import the working tree's
  ``labkit``.
* Chromium is Debian's (``/usr/bin/chromium``, or ``$OUTAGE_LAB_CHROMIUM``) driven by Python
  Playwright through ``executable_path``. ``playwright install`` is never needed.
* JupyterLab's "Run All" silently does nothing while the toolbar already says ``idle`` but no kernel
  is connected yet, so :meth:`LabPage.open_notebook` waits until the server reports the notebook's
  kernel ``idle`` with at least one connection *and* the page's own kernel connection is up.
* Saved widget outputs of an untrusted notebook only show their text fallback, so
  :meth:`LabPage.run_all` clears every output before running all cells.
"""

from __future__ import annotations

import contextlib
import json
import math
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

REPO_ROOT = Path(__file__).resolve().parents[2]
NOTEBOOKS_DIR = REPO_ROOT / "notebooks"
START_NOTEBOOK = "00_start_here.ipynb"
DEFAULT_CHROMIUM = "/usr/bin/chromium"

# The explorer's parts, by the DOM classes ``labkit.widgets`` gives them. The map and the impact
# figure are drawn by one widget, the stage (``labkit/widgets/stage.js``): its root carries
# ``data-status`` ("loading" | "ready" | "failed"), ``data-drawn`` (+1 per completed draw: a run
# or one scrub/Play frame), ``data-run`` (+1 per run drawn from the kernel) and ``data-t``.
TOGGLE = ".labkit-outage-toggle"
STAGE = ".labkit-stage"
SUMMARY = ".labkit-summary"
NOTE = ".labkit-note"
MAP = ".labkit-stage .labkit-map-plot"
IMPACT = ".labkit-stage .labkit-impact-plot"
SCRUB = ".labkit-stage input.labkit-scrub"
PLAY = ".labkit-stage .labkit-play"
CLOCK = ".labkit-stage .labkit-clock"
# Inside a map plot: the component markers (plotly's second scatter trace; the first draws the
# dependency lines). Their fills are set inline, so ``style.fill`` is what the learner sees.
MAP_MARKERS = ".scatterlayer .trace:nth-child(2) path.point"
# Inside an impact plot: one line per category.
IMPACT_LINES = ".scatterlayer path.js-line"

# Okabe-Ito vermilion, the map's "down" colour (#D55E00), as plotly writes it into a marker's style.
DOWN_FILL = "rgb(213, 94, 0)"

CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

HOW_TO_ENABLE = (
    "To run the browser tests: install Debian's Chromium (`sudo apt-get install chromium`, "
    "or run `make test` as root, which installs it), or set OUTAGE_LAB_CHROMIUM to a Chromium "
    "binary; and install the test extra (`pip install -e '.[test]'`) for the Python `playwright` "
    "package. Never run `playwright install`: Debian's Chromium is used as it is."
)

# JupyterLab user settings written into the throwaway settings directory: no news or update toasts
# over the notebook, and every cell kept in the DOM (no windowing) so selectors see the whole page.
LAB_SETTINGS = {
    "@jupyterlab/apputils-extension/notification.jupyterlab-settings": {
        "fetchNews": "false",
        "checkForUpdates": False,
    },
    "@jupyterlab/notebook-extension/tracker.jupyterlab-settings": {"windowingMode": "none"},
}


# --------------------------------------------------------------------------------------------------
# Is a browser available?


def find_chromium() -> Path | None:
    """The Chromium to drive: ``$OUTAGE_LAB_CHROMIUM`` if set, else Debian's; None if missing."""
    candidate = os.environ.get("OUTAGE_LAB_CHROMIUM") or DEFAULT_CHROMIUM
    path = Path(candidate)
    if path.is_file() and os.access(path, os.X_OK):
        return path
    found = shutil.which(candidate)
    return Path(found) if found else None


def browser_problem() -> str | None:
    """Why the browser cannot be driven on this machine, or None when it can."""
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "the Python package `playwright` is not installed"
    if find_chromium() is None:
        where = os.environ.get("OUTAGE_LAB_CHROMIUM")
        if where:
            return f"OUTAGE_LAB_CHROMIUM={where!r} is not an executable"
        return f"no Chromium at {DEFAULT_CHROMIUM}"
    return None


def in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() in {"true", "1", "yes"}


# --------------------------------------------------------------------------------------------------
# The JupyterLab server


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class LabServer:
    """A running ``jupyter lab`` serving a copy of the notebooks; stop it with :meth:`stop`."""

    base_url: str
    root_dir: Path
    state_dir: Path
    log_path: Path
    proc: subprocess.Popen = field(repr=False)

    def api(self, path: str, timeout: float = 5.0) -> Any:
        with urllib.request.urlopen(f"{self.base_url}/api/{path}", timeout=timeout) as resp:
            return json.load(resp)

    def sessions(self) -> list[dict[str, Any]]:
        return self.api("sessions")

    def kernel_of(self, notebook: str) -> dict[str, Any] | None:
        """The kernel model the server holds for ``notebook`` (a path relative to the root)."""
        for session in self.sessions():
            if session.get("path") == notebook and session.get("kernel"):
                return session["kernel"]
        return None

    def log_tail(self, lines: int = 30) -> str:
        try:
            text = self.log_path.read_text(errors="replace")
        except OSError:
            return ""
        return "\n".join(text.splitlines()[-lines:])

    def stop(self, timeout: float = 10.0) -> None:
        """Stop the server and its kernels: they form the process group led by the server's PID."""
        if self.proc.poll() is not None:
            return
        pgid = self.proc.pid  # started with start_new_session=True: the server leads its group
        with contextlib.suppress(ProcessLookupError):
            os.killpg(pgid, signal.SIGTERM)
        try:
            self.proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(pgid, signal.SIGKILL)
            self.proc.wait(timeout=timeout)


def start_lab(
    work_dir: Path,
    notebooks: Path = NOTEBOOKS_DIR,
    *,
    python: str = sys.executable,
    timeout: float = 60.0,
) -> LabServer:
    """Start JupyterLab serving a copy of ``notebooks`` in ``work_dir``; wait until it answers."""
    work_dir = Path(work_dir)
    root = work_dir / "notebooks"
    shutil.copytree(
        notebooks, root, ignore=shutil.ignore_patterns(".ipynb_checkpoints", "__pycache__")
    )
    state = work_dir / "jupyter"
    dirs = {
        "JUPYTER_CONFIG_DIR": state / "config",
        "JUPYTER_DATA_DIR": state / "data",
        "JUPYTER_RUNTIME_DIR": state / "runtime",
        "JUPYTERLAB_SETTINGS_DIR": state / "lab-settings",
        "JUPYTERLAB_WORKSPACES_DIR": state / "lab-workspaces",
        "IPYTHONDIR": state / "ipython",
    }
    for d in dirs.values():
        d.mkdir(parents=True, exist_ok=True)
    for rel, settings in LAB_SETTINGS.items():
        target = dirs["JUPYTERLAB_SETTINGS_DIR"] / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(json.dumps(settings))

    env = os.environ.copy()
    env.update({k: str(v) for k, v in dirs.items()})
    env["JUPYTER_PLATFORM_DIRS"] = "1"
    # The working tree's labkit, unless the caller's PYTHONPATH names another one first.
    env["PYTHONPATH"] = os.pathsep.join(p for p in (env.get("PYTHONPATH"), str(REPO_ROOT)) if p)
    env["PATH"] = os.pathsep.join([str(Path(python).parent), env.get("PATH", "")])
    env.pop("JUPYTER_TOKEN", None)

    port = free_port()
    cmd = [
        python,
        "-m",
        "jupyterlab",
        "--no-browser",
        f"--port={port}",
        "--ServerApp.ip=127.0.0.1",
        "--ServerApp.port_retries=0",
        "--IdentityProvider.token=",
        "--ServerApp.password=",
        f"--ServerApp.root_dir={root}",
        "--LabApp.expose_app_in_browser=True",
    ]
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        cmd.append("--allow-root")

    log_path = work_dir / "jupyterlab.log"
    with open(log_path, "wb") as log:
        proc = subprocess.Popen(
            cmd,
            cwd=root,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    server = LabServer(f"http://127.0.0.1:{port}", root, state, log_path, proc)
    deadline = time.monotonic() + timeout
    while True:
        if proc.poll() is not None:
            raise RuntimeError(
                f"jupyter lab exited with code {proc.returncode}:\n{server.log_tail()}"
            )
        try:
            server.api("status", timeout=2)
            return server
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        if time.monotonic() > deadline:
            server.stop()
            raise RuntimeError(
                f"jupyter lab did not answer in {timeout:.0f} s:\n{server.log_tail()}"
            )
        time.sleep(0.1)


@contextlib.contextmanager
def running_lab(
    work_dir: Path, notebooks: Path = NOTEBOOKS_DIR, **kwargs: Any
) -> Iterator[LabServer]:
    server = start_lab(work_dir, notebooks, **kwargs)
    try:
        yield server
    finally:
        server.stop()


# --------------------------------------------------------------------------------------------------
# The browser


@contextlib.contextmanager
def chromium(**launch_kwargs: Any) -> Iterator[Any]:
    """A headless Debian Chromium under Playwright (a fresh, empty profile each launch)."""
    from playwright.sync_api import sync_playwright

    executable = find_chromium()
    if executable is None:
        raise RuntimeError(f"{browser_problem()}. {HOW_TO_ENABLE}")
    with sync_playwright() as pw:
        browser = pw.chromium.launch(
            executable_path=str(executable), args=CHROMIUM_ARGS, headless=True, **launch_kwargs
        )
        try:
            yield browser
        finally:
            browser.close()


# In-page JavaScript. ``window.jupyterapp`` exists because the server runs with
# ``LabApp.expose_app_in_browser``.

_JS_NOTEBOOK_CONNECTED = """(path) => {
  const app = window.jupyterapp;
  const panel = app && app.shell.currentWidget;
  if (!panel || !panel.context || panel.context.path !== path || !panel.content) return false;
  const kernel = panel.sessionContext.session && panel.sessionContext.session.kernel;
  return !!kernel && kernel.connectionStatus === 'connected' && kernel.status === 'idle';
}"""

# Progress of "Run All": done once the kernel is idle and every non-empty code cell has an
# execution count (set when its reply arrives), or an error stopped the run.
_JS_RUN_STATE = """() => {
  const panel = window.jupyterapp.shell.currentWidget;
  const kernel = panel.sessionContext.session && panel.sessionContext.session.kernel;
  const state = {pending: 0, errors: [], idle: !!kernel && kernel.status === 'idle'};
  for (const cell of panel.content.widgets) {
    const model = cell.model;
    if (model.type !== 'code' || !model.sharedModel.getSource().trim()) continue;
    if (model.executionCount === null) state.pending += 1;
    for (let i = 0; i < model.outputs.length; i++) {
      const out = model.outputs.get(i).toJSON();
      if (out.output_type === 'error') state.errors.push(out.ename + ': ' + out.evalue);
    }
  }
  return state;
}"""

# Error outputs as the learner sees them: tracebacks, and widgets that failed to render.
_JS_SHOWN_ERRORS = """() => {
  const found = [];
  const stderr = 'application/vnd.jupyter.stderr';
  for (const el of document.querySelectorAll(`.jp-OutputArea-output[data-mime-type="${stderr}"]`)) {
    if (el.textContent.includes('Traceback')) found.push(el.textContent.trim().slice(0, 2000));
  }
  const broken = ['Error displaying widget', 'Failed to initialize model',
                  'Failed to load model class', 'Model not found'];
  for (const el of document.querySelectorAll('.jp-OutputArea-output')) {
    const text = el.textContent;
    for (const b of broken) if (text.includes(b)) found.push(text.trim().slice(0, 500));
  }
  return found;
}"""

_JS_COUNT_DOWN = """([sel, fill]) => {
  const root = document.querySelector(sel);
  if (!root) return -1;
  let n = 0;
  for (const p of root.querySelectorAll('__MARKERS__')) if (p.style.fill === fill) n += 1;
  return n;
}"""

_JS_EXPLORER_CHANGED = """([mapSel, summarySel, fill, downBefore, summaryBefore]) => {
  const root = document.querySelector(mapSel);
  const summary = document.querySelector(summarySel);
  if (!root || !summary) return false;
  let n = 0;
  for (const p of root.querySelectorAll('__MARKERS__')) if (p.style.fill === fill) n += 1;
  return n !== downBefore && summary.innerText.trim() !== summaryBefore;
}"""
_JS_COUNT_DOWN = _JS_COUNT_DOWN.replace("__MARKERS__", MAP_MARKERS)
_JS_EXPLORER_CHANGED = _JS_EXPLORER_CHANGED.replace("__MARKERS__", MAP_MARKERS)

# True once the stage under ``rootSel`` has drawn a run with plotly: status "ready", at least one
# draw, the map's markers and the impact figure's lines in the DOM.
_JS_STAGE_DRAWN = """(rootSel) => {
  const root = document.querySelector(rootSel);
  const stage = root
    && (root.matches('.labkit-stage') ? root : root.querySelector('.labkit-stage'));
  if (!stage || stage.dataset.status !== 'ready' || Number(stage.dataset.drawn) < 1) return false;
  const map = stage.querySelector('.labkit-map-plot');
  const impact = stage.querySelector('.labkit-impact-plot');
  return !!map && !!impact && map.querySelectorAll('__MARKERS__').length > 0
    && impact.querySelectorAll('__LINES__').length > 0;
}""".replace("__MARKERS__", MAP_MARKERS).replace("__LINES__", IMPACT_LINES)


@dataclass
class ExplorerState:
    down: int  # map markers drawn in the "down" colour
    summary: str  # the summary widget's text
    outage_on: bool  # whether the outage toggle is pressed


def watch_console(page: Any) -> list[str]:
    """A list that collects the page's console errors and uncaught exceptions as they come."""
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(f"pageerror: {e}"))
    return errors


class LabPage:
    """A Playwright page showing JupyterLab, with the steps the lessons need."""

    def __init__(self, page: Any, server: LabServer) -> None:
        self.page = page
        self.server = server
        self.console_errors = watch_console(page)

    # -- notebook ---------------------------------------------------------------------------------

    def open_notebook(self, name: str = START_NOTEBOOK, timeout: float = 60.0) -> None:
        """Open ``name`` and return once its kernel is idle and connected to this page."""
        page = self.page
        page.goto(f"{self.server.base_url}/lab/tree/{name}?reset", wait_until="domcontentloaded")
        page.wait_for_selector(".jp-NotebookPanel .jp-Notebook", timeout=timeout * 1000)
        self.wait_connected(name, timeout)

    def wait_connected(self, name: str, timeout: float = 60.0) -> None:
        """Wait until the server says the kernel of ``name`` is idle with a connection, and this
        page's own connection to it is up and idle (after opening, or after a restart)."""
        page = self.page
        deadline = time.monotonic() + timeout
        while True:
            self._dismiss_interruptions()
            kernel = self.server.kernel_of(name)
            if (
                kernel
                and kernel.get("execution_state") == "idle"
                and kernel.get("connections", 0) >= 1
                and page.evaluate(_JS_NOTEBOOK_CONNECTED, name)
            ):
                return
            if time.monotonic() > deadline:
                raise TimeoutError(
                    f"the kernel of {name} was not idle and connected after {timeout:.0f} s "
                    f"(server says {kernel})"
                )
            page.wait_for_timeout(100)

    def _dismiss_interruptions(self) -> None:
        """Accept a kernel-selection dialog; decline a news toast if one shows anyway."""
        page = self.page
        dialog = page.locator(".jp-Dialog .jp-Dialog-button.jp-mod-accept")
        if dialog.count() and dialog.first.is_visible():
            dialog.first.click()
        toast_no = page.locator(".Toastify__toast button:has-text('No')")
        if toast_no.count() and toast_no.first.is_visible():
            toast_no.first.click()

    def command(self, command_id: str) -> None:
        """Run a JupyterLab command (what a menu item does) without waiting for it to finish."""
        self.page.evaluate("(id) => { window.jupyterapp.commands.execute(id); }", command_id)

    def run_all(self, timeout: float = 120.0) -> list[str]:
        """Clear all outputs, Run All, wait for the run to end; return the errors shown."""
        self.command("notebook:clear-all-cell-outputs")  # also resets every execution count
        self.command("notebook:run-all-cells")
        from playwright.sync_api import TimeoutError as PlaywrightTimeout

        try:
            done = self.page.wait_for_function(
                f"() => {{ const s = ({_JS_RUN_STATE})();"
                " return (s.pending === 0 || s.errors.length) && s.idle ? s : null; }",
                timeout=timeout * 1000,
                polling=100,
            )
        except PlaywrightTimeout:
            state = self.page.evaluate(_JS_RUN_STATE)
            raise TimeoutError(
                f"Run All did not finish in {timeout:.0f} s: {state['pending']} cells pending"
            ) from None
        return done.json_value()["errors"] + self.page.evaluate(_JS_SHOWN_ERRORS)

    def restart_kernel(self, name: str, timeout: float = 60.0) -> None:
        """Restart the notebook's kernel (no dialog) and wait until it is back and connected."""
        self.page.evaluate(
            "async () => { await window.jupyterapp.shell.currentWidget"
            ".sessionContext.session.kernel.restart(); }"
        )
        self.wait_connected(name, timeout)

    def save(self) -> None:
        """Save the notebook (its outputs included) to disk."""
        self.page.evaluate(
            "async () => { await window.jupyterapp.shell.currentWidget.context.save(); }"
        )

    def revert(self) -> None:
        """Reload the notebook from disk (File > Reload Notebook from Disk, without the dialog)."""
        self.page.evaluate(
            "async () => { await window.jupyterapp.shell.currentWidget.context.revert(); }"
        )

    def shown_errors(self) -> list[str]:
        return self.page.evaluate(_JS_SHOWN_ERRORS)

    # -- the outage explorer ----------------------------------------------------------------------

    def wait_for_explorer(self, timeout: float = 60.0) -> None:
        """Wait until the toggle is visible and the stage has drawn its map and impact figure."""
        self.page.wait_for_selector(TOGGLE, state="visible", timeout=timeout * 1000)
        self.wait_for_stage(".labkit-explorer", timeout)

    def wait_for_stage(self, root: str = STAGE, timeout: float = 60.0) -> None:
        """Wait until the (first) stage in ``root`` is ready and has drawn markers and lines."""
        self.page.wait_for_function(_JS_STAGE_DRAWN, arg=root, timeout=timeout * 1000)

    def explorer_state(self) -> ExplorerState:
        down = self.page.evaluate(_JS_COUNT_DOWN, [MAP, DOWN_FILL])
        summary = self.page.locator(SUMMARY).first.inner_text().strip()
        pressed = "mod-active" in (self.page.locator(TOGGLE).first.get_attribute("class") or "")
        return ExplorerState(down=down, summary=summary, outage_on=pressed)

    def toggle_outage(self, before: ExplorerState, timeout: float = 15.0) -> ExplorerState:
        """Click the outage toggle; wait until both the map and the summary have changed."""
        self.page.locator(TOGGLE).first.click()
        return self.wait_for_change(before, timeout)

    def wait_for_change(self, before: ExplorerState, timeout: float = 15.0) -> ExplorerState:
        """Wait until the map and the summary differ from ``before`` and the kernel is idle."""
        from playwright.sync_api import TimeoutError as PlaywrightTimeout

        try:
            self.page.wait_for_function(
                _JS_EXPLORER_CHANGED,
                arg=[MAP, SUMMARY, DOWN_FILL, before.down, before.summary],
                timeout=timeout * 1000,
            )
        except PlaywrightTimeout:
            now = self.explorer_state()
            raise AssertionError(
                f"{timeout:.0f} s after a click on the outage toggle (pressed: {before.outage_on}"
                f" -> {now.outage_on}) the map and the summary had not both changed:\n"
                f"  down-coloured map markers: {before.down} -> {now.down}\n"
                f"  summary: {before.summary!r}\n        -> {now.summary!r}"
            ) from None
        self.wait_kernel_idle(timeout)
        self.page.evaluate(  # let plotly finish the frame it is drawing
            "() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))"
        )
        return self.explorer_state()

    def wait_kernel_idle(self, timeout: float = 15.0) -> None:
        self.page.wait_for_function(
            """() => {
              const panel = window.jupyterapp.shell.currentWidget;
              const k = panel.sessionContext.session && panel.sessionContext.session.kernel;
              return !!k && k.status === 'idle';
            }""",
            timeout=timeout * 1000,
        )

    def scroll_explorer_into_view(self) -> None:
        self.page.locator(TOGGLE).first.scroll_into_view_if_needed()

    def screenshot(self, path: Path, **kwargs: Any) -> Path:
        path = Path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        self.page.screenshot(path=str(path), **kwargs)
        return path

    def diagnostics(self) -> str:
        """Browser console errors and the server log's tail, for a failure message."""
        console = "\n".join(self.console_errors[-15:]) or "(none)"
        return f"browser console errors:\n{console}\nserver log (tail):\n{self.server.log_tail()}"


# --------------------------------------------------------------------------------------------------
# The explore() dashboard: a checkbox for each failure kind and mitigation, a time slider, the map
# and the impact figure. Used by ``tests/e2e/test_explore_browser.py`` and
# ``bench/bench_explore.py``.

EXPLORER = ".labkit-explorer"
MESSAGE = ".labkit-message"


def failure_kinds() -> tuple[str, ...]:
    """The keys of the dashboard's failure checkboxes (``labkit.explorer.CONTROLS``)."""
    from labkit.explorer import CONTROLS

    return tuple(CONTROLS)


def mitigation_keys() -> tuple[str, ...]:
    """The keys of the dashboard's mitigation checkboxes (``labkit.explorer.MITIGATIONS``)."""
    from labkit.explorer import MITIGATIONS

    return tuple(MITIGATIONS)


def failure_box(kind: str) -> str:
    """The checkbox input that switches failure ``kind`` on or off."""
    return f"{EXPLORER} .labkit-fail-{kind} input[type=checkbox]"


def mitigation_box(name: str) -> str:
    """The checkbox input of mitigation ``name`` (its catalogue key, e.g. ``"multi-region"``)."""
    return f"{EXPLORER} .labkit-mit-{name} input[type=checkbox]"


def explore_notebook(path: Path, source: str = "import labkit\nlabkit.explore()") -> Path:
    """Write a one-cell notebook showing the dashboard (``source`` is the cell's code)."""
    cell = {
        "cell_type": "code",
        "execution_count": None,
        "id": "explore-check",
        "metadata": {},
        "outputs": [],
        "source": source,
    }
    notebook = {
        "cells": [cell],
        "metadata": {
            "kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"},
            "language_info": {"name": "python"},
        },
        "nbformat": 4,
        "nbformat_minor": 5,
    }
    path = Path(path)
    path.write_text(json.dumps(notebook, indent=1))
    return path


# What the learner sees of the dashboard. ``impact`` is the impact figure's title and the ``d`` of
# each of its lines, so it changes when either does; ``map`` is every marker's fill and shape and
# the map's title. ``run`` and ``drawn`` are the stage's counters.
_JS_DASHBOARD_STATE = """([rootSel, fill]) => {
  const root = document.querySelector(rootSel);
  if (!root) return null;
  const text = (sel) => {
    const el = root.querySelector(sel);
    return el ? el.textContent.trim() : '';
  };
  const stage = root.querySelector('.labkit-stage');
  const map = root.querySelector('.labkit-map-plot');
  const impact = root.querySelector('.labkit-impact-plot');
  const points = map ? [...map.querySelectorAll('__MARKERS__')] : [];
  return {
    down: points.filter((p) => p.style.fill === fill).length,
    summary: text('.labkit-summary'),
    message: text('.labkit-message'),
    note: text('.labkit-note'),
    map_points: points.map((p) => `${p.style.fill} ${p.getAttribute('d')}`).join('|'),
    map_title: text('.labkit-map-title'),
    impact_title: text('.labkit-impact-title'),
    impact_lines: impact ? [...impact.querySelectorAll('__LINES__')]
      .map((p) => p.getAttribute('d') || '') : [],
    run: stage ? Number(stage.dataset.run) : -1,
    drawn: stage ? Number(stage.dataset.drawn) : -1,
  };
}""".replace("__MARKERS__", MAP_MARKERS).replace("__LINES__", IMPACT_LINES)

# True once every named part differs from ``before`` (with ``same``: once every part equals it).
_JS_DASHBOARD_PARTS = (
    """([rootSel, fill, before, parts, same]) => {
  const now = ("""
    + _JS_DASHBOARD_STATE.strip()
    + """)([rootSel, fill]);
  if (!now) return false;
  const part = (s, p) => p === 'impact' ? JSON.stringify([s.impact_title, s.impact_lines])
    : p === 'map' ? JSON.stringify([s.map_points, s.map_title]) : JSON.stringify(s[p]);
  return parts.every((p) => (part(now, p) === part(before, p)) === same);
}"""
)


@dataclass(frozen=True)
class DashboardState:
    """The explore() dashboard as drawn in the page."""

    down: int  # map markers drawn in the "down" colour
    summary: str  # the summary line
    message: str  # the panel's message line ('' when there is nothing to say)
    note: str  # the stage's note (e.g. "no effect" notes)
    map_points: str  # every map marker's fill and shape, joined
    map_title: str
    impact_title: str
    impact_lines: tuple[str, ...]  # the ``d`` of each line of the impact figure
    run: int = field(default=0, compare=False)  # the stage's data-run counter
    drawn: int = field(default=0, compare=False)  # the stage's data-drawn counter

    @property
    def affected_millions(self) -> float:
        """The summary's "N.NM of M.MM app users affected" N, in millions (0 for "0 of")."""
        found = re.search(r"([\d.]+)(M?) of [\d.]+M app users affected", self.summary)
        if not found:
            raise ValueError(f"no affected-users count in the summary {self.summary!r}")
        value = float(found.group(1))
        return value if found.group(2) else value / 1e6

    def as_js(self) -> dict[str, Any]:
        return {**self.__dict__, "impact_lines": list(self.impact_lines)}

    def differences(self, other: DashboardState) -> str:
        lines = []
        for name in ("down", "summary", "message", "note", "map_title", "impact_title", "run"):
            a, b = getattr(self, name), getattr(other, name)
            lines.append(f"  {name}: {a!r}\n    {'->' if a != b else '=='} {b!r}")
        for name in ("map_points", "impact_lines"):
            same = getattr(self, name) == getattr(other, name)
            lines.append(f"  {name}: {'unchanged' if same else 'changed'}")
        return "\n".join(lines)


def _dashboard_state(page: Any) -> DashboardState:
    raw = page.evaluate(_JS_DASHBOARD_STATE, [EXPLORER, DOWN_FILL])
    if raw is None:
        raise AssertionError(f"no {EXPLORER} on the page")
    return DashboardState(**{**raw, "impact_lines": tuple(raw["impact_lines"])})


class DashboardPage(LabPage):
    """A :class:`LabPage` with the steps for the explore() dashboard."""

    def wait_for_dashboard(self, timeout: float = 60.0) -> DashboardState:
        """Wait until the dashboard's controls, map markers and impact lines are drawn."""
        ms = timeout * 1000
        self.page.wait_for_selector(failure_box("region"), state="visible", timeout=ms)
        self.wait_for_stage(EXPLORER, timeout)
        self.wait_kernel_idle(timeout)
        self.settle()
        return self.dashboard_state()

    def dashboard_state(self) -> DashboardState:
        return _dashboard_state(self.page)

    def settle(self) -> None:
        self.page.evaluate(  # let plotly finish the frame it is drawing
            "() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))"
        )

    def click(self, selector: str) -> None:
        self.page.locator(selector).first.click()

    def is_checked(self, selector: str) -> bool:
        return self.page.locator(selector).first.is_checked()

    def time_box(self, kind: str, which: str) -> Any:
        """The text box of failure ``kind``'s row: ``which`` is "start" or "fixed"."""
        boxes = self.page.locator(
            f"{EXPLORER} .widget-vbox:has(> .widget-hbox > .labkit-fail-{kind}) .widget-text input"
        )
        return boxes.nth({"start": 0, "fixed": 1}[which])

    def wait_for_parts(
        self,
        before: DashboardState,
        parts: tuple[str, ...],
        *,
        same: bool = False,
        timeout: float = 15.0,
        what: str = "",
    ) -> DashboardState:
        """Wait until every part in ``parts`` differs from ``before`` (with ``same``: equals it),
        then until the kernel is idle; return the dashboard as drawn then.

        A part is a :class:`DashboardState` field name, or "map" (markers and title) or
        "impact" (lines and title)."""
        from playwright.sync_api import TimeoutError as PlaywrightTimeout

        try:
            self.page.wait_for_function(
                _JS_DASHBOARD_PARTS,
                arg=[EXPLORER, DOWN_FILL, before.as_js(), list(parts), same],
                timeout=timeout * 1000,
            )
        except PlaywrightTimeout:
            now = self.dashboard_state()
            goal = "back to" if same else "different from"
            raise AssertionError(
                f"{timeout:.0f} s after {what or 'the change'}, {', '.join(parts)} not all "
                f"{goal} before:\n{before.differences(now)}"
            ) from None
        self.wait_kernel_idle(timeout)
        self.settle()
        return self.dashboard_state()


@contextlib.contextmanager
def screenshot_on_failure(lab: LabPage, path: Path) -> Iterator[None]:
    """On any failure, save a full-page screenshot and add its path and diagnostics to the error."""
    try:
        yield
    except Exception as exc:
        try:
            shot = f"screenshot: {lab.screenshot(path, full_page=True)}"
        except Exception as shot_exc:  # the page itself may be gone
            shot = f"no screenshot ({shot_exc})"
        exc.add_note(f"{shot}\n{lab.diagnostics()}")
        raise


def percentile(values: list[float], p: float) -> float:
    """Nearest-rank percentile (what the benchmarks and browser tests report as p95)."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(p / 100 * len(ordered)) - 1)]


def browser_missing_exit_code() -> int | None:
    """For the benchmark scripts: 2 (after saying how to enable the browser) if it cannot be
    driven here, else None."""
    problem = browser_problem()
    if problem:
        print(f"cannot run the browser benchmark: {problem}.\n{HOW_TO_ENABLE}", file=sys.stderr)
        return 2
    return None
