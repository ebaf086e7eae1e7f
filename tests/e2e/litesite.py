"""Drive the browser-only edition (the JupyterLite site of ``scripts/build_lite.py``) in Chromium.

Shared by ``tests/e2e/test_lite_browser.py`` and ``bench/bench_lite.py``.

* :func:`serving` serves a built site on 127.0.0.1 (a free port) from a thread of this process,
  as ``python -m http.server`` would, and counts the requests and bytes it answers (so a
  benchmark can tell what a visit downloaded, and what the browser's cache saved).
* :class:`LitePage` opens a lesson in the site's Notebook app with every request to another host
  aborted and remembered (:attr:`LitePage.foreign`): a site that works offline asks no other host.
* Run All, and the run's errors, reuse the in-page JavaScript of :mod:`jlab` (the site exposes
  ``window.jupyterapp`` for this).
"""

from __future__ import annotations

import contextlib
import functools
import http.server
import json
import subprocess
import sys
import threading
import time
import urllib.parse
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import jlab

REPO_ROOT = jlab.REPO_ROOT
BUILD_SCRIPT = REPO_ROOT / "scripts" / "build_lite.py"
SITE_DIR = REPO_ROOT / "build" / "lite"


def build_site(out: Path = SITE_DIR, timeout: float = 900) -> Path:
    """Build the site with ``scripts/build_lite.py`` (which skips an up-to-date build)."""
    run = subprocess.run(
        [sys.executable, str(BUILD_SCRIPT), "--out", str(out)],
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    if run.returncode != 0:
        raise RuntimeError(
            f"scripts/build_lite.py failed ({run.returncode}):\n{run.stdout[-3000:]}\n"
            f"{run.stderr[-3000:]}"
        )
    return out


# --------------------------------------------------------------------------------------------------
# Serving


@dataclass
class Traffic:
    """What the server answered: a request count and body bytes, per path."""

    requests: int = 0
    bytes: int = 0
    not_modified: int = 0
    paths: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)  # paths answered 404
    lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def reset(self) -> None:
        with self.lock:
            self.requests = self.bytes = self.not_modified = 0
            self.paths, self.missing = [], []


class _Handler(http.server.SimpleHTTPRequestHandler):
    traffic: Traffic

    def log_message(self, format: str, *args: Any) -> None:  # quiet
        pass

    def send_response(self, code: int, message: str | None = None) -> None:
        with self.traffic.lock:
            self.traffic.requests += 1
            self.traffic.paths.append(self.path)
            if code == 304:
                self.traffic.not_modified += 1
            elif code == 404:
                self.traffic.missing.append(self.path)
        super().send_response(code, message)

    def copyfile(self, source: Any, outputfile: Any) -> None:
        class Counting:
            def __init__(self, out: Any, traffic: Traffic) -> None:
                self.out, self.traffic = out, traffic

            def write(self, data: bytes) -> int:
                with self.traffic.lock:
                    self.traffic.bytes += len(data)
                return self.out.write(data)

        super().copyfile(source, Counting(outputfile, self.traffic))


@dataclass
class Site:
    base_url: str
    folder: Path
    traffic: Traffic


@contextlib.contextmanager
def serving(folder: Path) -> Iterator[Site]:
    """Serve ``folder`` on 127.0.0.1 until the ``with`` block ends."""
    traffic = Traffic()
    handler = type("Handler", (_Handler,), {"traffic": traffic})
    handler.extensions_map = {**handler.extensions_map, ".whl": "application/zip"}
    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(handler, directory=str(folder))
    )
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield Site(f"http://127.0.0.1:{server.server_address[1]}", Path(folder), traffic)
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)


# --------------------------------------------------------------------------------------------------
# The page


def block_other_hosts(context: Any, base_url: str, foreign: list[str]) -> None:
    """Abort every request of ``context`` to a host other than ``base_url``'s; list it."""
    own = urllib.parse.urlsplit(base_url).netloc

    def route(r: Any) -> None:
        url = r.request.url
        parts = urllib.parse.urlsplit(url)
        if parts.scheme in ("data", "blob") or parts.netloc == own:
            r.continue_()
        else:
            if url not in foreign:
                foreign.append(url)
            r.abort()

    context.route("**/*", route)
    # requests that bypass routing (none should) are still seen here
    context.on(
        "request",
        lambda req: (
            foreign.append(req.url)
            if urllib.parse.urlsplit(req.url).scheme in ("http", "https", "ws", "wss")
            and urllib.parse.urlsplit(req.url).netloc != own
            and req.url not in foreign
            else None
        ),
    )


# True once the notebook panel for ``path`` is current and its kernel is connected and idle.
_JS_KERNEL_READY = """(path) => {
  const app = window.jupyterapp;
  const panel = app && app.shell.currentWidget;
  if (!panel || !panel.context || !panel.context.path.endsWith(path)) return false;
  const kernel = panel.sessionContext.session && panel.sessionContext.session.kernel;
  return !!kernel && kernel.connectionStatus === 'connected' && kernel.status === 'idle';
}"""


# Per code cell: its stdout and its text/plain results, joined (the way nbval compares them).
_JS_CELL_TEXTS = """() => {
  const panel = window.jupyterapp.shell.currentWidget;
  const texts = [];
  for (const cell of panel.content.widgets) {
    const model = cell.model;
    if (model.type !== 'code') continue;
    let text = '';
    for (let i = 0; i < model.outputs.length; i++) {
      const out = model.outputs.get(i).toJSON();
      if (out.output_type === 'stream' && out.name === 'stdout') {
        text += Array.isArray(out.text) ? out.text.join('') : out.text;
      } else if (out.data && out.data['text/plain'] !== undefined) {
        const plain = out.data['text/plain'];
        text += Array.isArray(plain) ? plain.join('') : plain;
      }
    }
    texts.push(text);
  }
  return texts;
}"""


def stored_texts(notebook: Path) -> list[tuple[bool, str]]:
    """Per code cell of a stored notebook: whether nbval compares its outputs (tag
    ``nbval-check-output``), and its stdout and text/plain results joined."""
    cells = []
    for cell in json.loads(Path(notebook).read_text())["cells"]:
        if cell["cell_type"] != "code":
            continue
        checked = "nbval-check-output" in cell.get("metadata", {}).get("tags", [])
        text = ""
        for out in cell.get("outputs", []):
            if out["output_type"] == "stream" and out["name"] == "stdout":
                text += "".join(out["text"])
            elif "text/plain" in out.get("data", {}):
                text += "".join(out["data"]["text/plain"])
        cells.append((checked, text))
    return cells


class LitePage:
    """A page of the Lite site, with the steps a test or a benchmark takes."""

    def __init__(self, page: Any, site: Site) -> None:
        self.page = page
        self.site = site
        self.console_errors = jlab.watch_console(page)

    def open_notebook(self, name: str, timeout: float = 120.0) -> float:
        """Open lesson ``name`` in the Notebook app; return seconds until its kernel was idle."""
        start = time.monotonic()
        self.page.goto(
            f"{self.site.base_url}/notebooks/index.html?path={name}", wait_until="domcontentloaded"
        )
        self.page.wait_for_function(_JS_KERNEL_READY, arg=name, timeout=timeout * 1000, polling=100)
        return time.monotonic() - start

    def command(self, command_id: str) -> None:
        self.page.evaluate("(id) => { window.jupyterapp.commands.execute(id); }", command_id)

    def run_all(self, timeout: float = 180.0) -> list[str]:
        """Clear all outputs, Run All, wait for the run to end; return the errors shown."""
        self.command("notebook:clear-all-cell-outputs")
        self.command("notebook:run-all-cells")
        from playwright.sync_api import TimeoutError as PlaywrightTimeout

        try:
            done = self.page.wait_for_function(
                f"() => {{ const s = ({jlab._JS_RUN_STATE})();"
                " return (s.pending === 0 || s.errors.length) && s.idle ? s : null; }",
                timeout=timeout * 1000,
                polling=200,
            )
        except PlaywrightTimeout:
            state = self.page.evaluate(jlab._JS_RUN_STATE)
            raise TimeoutError(
                f"Run All did not finish in {timeout:.0f} s: {state['pending']} cells pending"
            ) from None
        return done.json_value()["errors"] + self.page.evaluate(jlab._JS_SHOWN_ERRORS)

    def cell_texts(self) -> list[str]:
        """Each code cell's printed text and text/plain results, in order, as the kernel sent
        them (from the notebook model, so a cell scrolled out of view counts too)."""
        return self.page.evaluate(_JS_CELL_TEXTS)

    def outputs_text(self) -> str:
        """The text of every output on the page (what the learner reads)."""
        return self.page.evaluate(
            "() => [...document.querySelectorAll('.jp-OutputArea-output')]"
            ".map(e => e.innerText).join('\\n')"
        )

    def screenshot(self, path: Path, **kwargs: Any) -> Path:
        path = Path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        self.page.screenshot(path=str(path), **kwargs)
        return path
