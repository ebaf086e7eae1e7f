"""Click-to-redraw latency of the outage explorer, measured inside a real browser.

usage: python bench/bench_browser.py [--clicks N] [--warmup N] [--screenshot PATH]

Starts a throwaway JupyterLab on a copy of ``notebooks/`` (as the browser test does), opens
``00_start_here.ipynb`` in headless Chromium, runs all cells, then clicks the outage toggle of the
explorer again and again. Each latency is measured in the page: from the click event's
``timeStamp`` (recorded by a capturing listener) to the moment a ``MutationObserver`` on the map
sees the count of down-coloured markers change (``performance.now()``). That covers the widget
message to the kernel, the explorer's work there (a simulation, or a run it cached earlier), the
figure update back, and plotly's restyle; it leaves out Playwright's own round trip (~40-50 ms).
The first clicks are reported apart (warm-up): they include the first simulation of each state.

``--screenshot PATH`` also saves a 1200x900 picture of JupyterLab showing the whole explorer with
the outage on, the explorer zoomed out if it is taller than the view. (The README's pictures of the
``explore()`` dashboard come from ``bench/bench_dashboard.py --screenshots docs``.)
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests" / "e2e"))

import jlab  # noqa: E402

# Installed once: remember when the last click on the toggle happened (event time, in ms since the
# page's time origin, the same clock as performance.now()).
_JS_INSTALL = """([toggleSel]) => {
  if (window.__outageBench) return;
  const bench = (window.__outageBench = {clickAt: null, result: null});
  document.addEventListener('click', (e) => {
    if (e.target instanceof Element && e.target.closest(toggleSel)) bench.clickAt = e.timeStamp;
  }, true);
}"""

# Armed before each click: resolves with the click-to-redraw time once the map's count of
# down-coloured markers differs from what it was when armed.
_JS_ARM = """([mapSel, markers, fill, timeoutMs]) => {
  const bench = window.__outageBench;
  const root = document.querySelector(mapSel);
  const countDown = () => {
    let n = 0;
    for (const p of root.querySelectorAll(markers)) if (p.style.fill === fill) n += 1;
    return n;
  };
  const before = countDown();
  bench.clickAt = null;
  bench.result = new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      observer.disconnect();
      reject(new Error(`the map did not change within ${timeoutMs} ms (down: ${before})`));
    }, timeoutMs);
    const observer = new MutationObserver(() => {
      if (bench.clickAt === null) return;
      const after = countDown();
      if (after === before) return;
      const ms = performance.now() - bench.clickAt;
      observer.disconnect();
      clearTimeout(timer);
      resolve({ms, before, after});
    });
    observer.observe(root, {subtree: true, childList: true, attributes: true});
  });
  bench.result.catch(() => {});  // reported when awaited
  return before;
}"""


def table(rows: dict[str, list[float]]) -> str:
    head = f"{'clicks':<12}{'n':>4}{'min':>9}{'median':>9}{'p95':>9}{'max':>9}"
    lines = [head, "-" * len(head)]
    for label, values in rows.items():
        if not values:
            continue
        lines.append(
            f"{label:<12}{len(values):>4}{min(values):>9.1f}{statistics.median(values):>9.1f}"
            f"{jlab.percentile(values, 95):>9.1f}{max(values):>9.1f}"
        )
    return "\n".join(lines)


def click_and_measure(lab: jlab.LabPage, timeout_ms: int) -> tuple[float, jlab.ExplorerState]:
    """One click on the toggle: the in-page latency, and the explorer once everything settled."""
    before = lab.explorer_state()
    lab.page.evaluate(_JS_ARM, [jlab.MAP, jlab.MAP_MARKERS, jlab.DOWN_FILL, timeout_ms])
    lab.page.locator(jlab.TOGGLE).first.click()
    measured = lab.page.evaluate("() => window.__outageBench.result")
    # Wait for the rest of the update (summary, impact figure, kernel idle) before the next click.
    after = lab.wait_for_change(before, timeout=timeout_ms / 1000)
    return measured["ms"], after


# For the picture only: hide the explorer cell's code, scroll the cell to the top of the notebook,
# and zoom the explorer's output out just enough that all of it fits above the status bar.
_JS_FRAME_EXPLORER = """(toggleSel) => {
  const out = document.querySelector(toggleSel).closest('.jp-OutputArea-output');
  const cell = out.closest('.jp-Cell');
  const input = cell.querySelector('.jp-Cell-inputWrapper');
  if (input) input.style.display = 'none';
  out.style.zoom = 1;
  cell.scrollIntoView({block: 'start'});
  const panel = out.closest('.jp-WindowedPanel-outer, .jp-NotebookPanel-notebook')
    || document.querySelector('.jp-NotebookPanel-notebook');
  const room = panel.getBoundingClientRect().bottom - out.getBoundingClientRect().top - 8;
  const zoom = Math.min(1, room / out.getBoundingClientRect().height);
  out.style.zoom = zoom;
  cell.scrollIntoView({block: 'start'});
  return zoom;
}"""


def take_screenshot(lab: jlab.LabPage, path: Path, timeout_ms: int) -> None:
    """JupyterLab at 1200x900 showing the whole explorer with the outage on."""
    if not lab.explorer_state().outage_on:
        click_and_measure(lab, timeout_ms)
    lab.command("application:toggle-left-area")  # hide the file browser: room for the figures
    lab.page.wait_for_function(
        "() => !document.querySelector('#jp-left-stack') "
        "|| document.querySelector('#jp-left-stack').offsetWidth === 0"
    )
    zoom = lab.page.evaluate(_JS_FRAME_EXPLORER, jlab.TOGGLE)
    lab.page.mouse.move(1, 450)  # no hover effects (plotly's mode bar) in the picture
    lab.page.evaluate(
        "() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))"
    )
    lab.screenshot(path)
    print(f"screenshot: {path} (explorer zoomed to {zoom:.2f})")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--clicks", type=int, default=20, help="measured clicks (default 20)")
    parser.add_argument("--warmup", type=int, default=2, help="unmeasured first clicks (default 2)")
    parser.add_argument(
        "--notebooks",
        type=Path,
        default=jlab.NOTEBOOKS_DIR,
        help="folder of lessons to serve a copy of (default notebooks/)",
    )
    parser.add_argument("--notebook", default=jlab.START_NOTEBOOK, help="lesson to open")
    parser.add_argument("--timeout", type=float, default=30.0, help="seconds per click at most")
    parser.add_argument("--screenshot", type=Path, help="also save the explorer, outage on")
    args = parser.parse_args(argv)

    missing = jlab.browser_missing_exit_code()
    if missing is not None:
        return missing
    timeout_ms = int(args.timeout * 1000)

    with (
        tempfile.TemporaryDirectory(prefix="outage-lab-bench-") as tmp,
        jlab.running_lab(Path(tmp), args.notebooks) as server,
        jlab.chromium() as browser,
    ):
        context = browser.new_context(viewport={"width": 1200, "height": 900})
        lab = jlab.LabPage(context.new_page(), server)
        started = time.perf_counter()
        lab.open_notebook(args.notebook)
        errors = lab.run_all()
        if errors:
            print("the notebook shows errors:\n" + "\n---\n".join(errors), file=sys.stderr)
            return 1
        lab.wait_for_explorer()
        print(f"notebook open and run in {time.perf_counter() - started:.1f} s")
        lab.page.evaluate(_JS_INSTALL, [jlab.TOGGLE])

        first: list[float] = []
        by_direction: dict[str, list[float]] = {"outage on": [], "outage off": []}
        for i in range(args.warmup + args.clicks):
            ms, after = click_and_measure(lab, timeout_ms)
            if i < args.warmup:
                first.append(ms)
                continue
            by_direction["outage on" if after.outage_on else "outage off"].append(ms)
        everything = by_direction["outage on"] + by_direction["outage off"]

        warm = ", ".join(f"{ms:.1f}" for ms in first)
        print(f"\nclick -> map redraw, measured in the page, in ms (warm-up clicks: {warm})\n")
        print(table({"all": everything, **by_direction}))

        if args.screenshot:
            take_screenshot(lab, args.screenshot, timeout_ms)
        context.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
