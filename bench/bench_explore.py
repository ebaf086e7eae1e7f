"""Latency of the explore() dashboard, measured inside a real browser.

usage: python bench/bench_explore.py [--changes N] [--steps N] [--warmup N] [--screenshot PATH]

Starts a throwaway JupyterLab on a copy of ``notebooks/`` plus a one-cell notebook
(``explore_check.ipynb``: ``import labkit; labkit.explore()``), as the browser test does, opens
it in headless Chromium and runs it. Then two measurements, both taken in the page:

1. Control changes. Clicks alternate: region outage on, "multi-region" on, "multi-region" off,
   region outage off, again and again. Each latency runs from the click event's ``timeStamp``
   (a capturing listener) until ``MutationObserver``s on both plots have seen their redraw: the
   map's markers (fill or shape) and the impact figure's lines or title differ from before the
   click. The later of the two is the latency; each plot's own time is kept too.
2. Time scrubbing, with the region outage on: the stage's time slider (``input.labkit-scrub``)
   moves one 5-minute step at a time (its value set, an ``input`` event sent); each latency runs
   from the event until the map's title (which starts with the time shown) changes. The
   stage draws the frame in the browser; the kernel hears the minute a moment later.

Playwright's own round trip (~40-50 ms) is left out. The first changes are reported apart
(warm-up): they include the first simulation of each scenario (runs are cached afterwards).

``--screenshot PATH`` also saves a full-page picture of JupyterLab showing the whole dashboard with
the region outage on.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests" / "e2e"))

import jlab  # noqa: E402

NOTEBOOK = "explore_check.ipynb"

# Installed once: remember when the last click on a dashboard checkbox, and the last key pressed on
# the time slider, happened (event time, ms since the page's time origin, as performance.now()).
_JS_INSTALL = """([rootSel, sliderSel]) => {
  if (window.__exploreBench) return;
  const bench = (window.__exploreBench = {at: null, result: null, status: []});
  const kernel = window.jupyterapp.shell.currentWidget.sessionContext.session.kernel;
  kernel.statusChanged.connect((_, s) => bench.status.push([performance.now(), s]));
  document.addEventListener('click', (e) => {
    if (e.target instanceof Element && e.target.matches('input[type=checkbox]')
        && e.target.closest(rootSel)) bench.at = e.timeStamp;
  }, true);
  document.addEventListener('keydown', (e) => {
    if (e.target instanceof Element && e.target.closest(sliderSel)) bench.at = e.timeStamp;
  }, true);
}"""

# Armed before each change: resolves once every watched plot has changed (map: marker fills and
# shapes, or only its title with ``mapTitleOnly``; impact: lines and title), with the time from the
# event to each plot's first change.
_JS_ARM = """([rootSel, watch, mapTitleOnly, timeoutMs]) => {
  const bench = window.__exploreBench;
  const root = document.querySelector(rootSel);
  const title = (box, sel) => {
    const t = box.querySelector(sel);
    return t ? t.textContent : '';
  };
  const looks = {
    map: (box) => mapTitleOnly ? title(box, '.labkit-map-title')
      : [...box.querySelectorAll('.labkit-map-plot __MARKERS__')]
        .map((p) => `${p.style.fill} ${p.getAttribute('d')}`).join('|'),
    impact: (box) => title(box, '.labkit-impact-title') + '|'
      + [...box.querySelectorAll('.labkit-impact-plot __LINES__')]
        .map((p) => p.getAttribute('d')).join('|'),
  };
  // the stage holds both plots and their titles (HTML above each plot)
  const stage = root.querySelector('.labkit-stage');
  const boxes = {map: stage, impact: stage};
  const before = {};
  for (const name of watch) before[name] = looks[name](boxes[name]);
  bench.at = null;
  const times = {};
  const observers = [];
  bench.result = new Promise((resolve, reject) => {
    const stop = () => observers.forEach((o) => o.disconnect());
    const timer = setTimeout(() => {
      stop();
      const seen = JSON.stringify(times);
      reject(new Error(`not all of ${watch} changed within ${timeoutMs} ms: ${seen}`));
    }, timeoutMs);
    for (const name of watch) {
      const observer = new MutationObserver(() => {
        if (bench.at === null || name in times) return;
        if (looks[name](boxes[name]) === before[name]) return;
        times[name] = performance.now() - bench.at;
        observer.disconnect();
        if (watch.every((n) => n in times)) {
          clearTimeout(timer);
          stop();
          resolve({ms: Math.max(...Object.values(times)), times, at: bench.at});
        }
      });
      observer.observe(boxes[name], {subtree: true, childList: true, attributes: true,
                                     characterData: true});
      observers.push(observer);
    }
  });
  bench.result.catch(() => {});  // reported when awaited
}""".replace("__MARKERS__", jlab.MAP_MARKERS).replace("__LINES__", jlab.IMPACT_LINES)


def table(rows: dict[str, list[float]], first: str) -> str:
    head = f"{first:<22}{'n':>4}{'min':>9}{'median':>9}{'p95':>9}{'max':>9}"
    lines = [head, "-" * len(head)]
    for label, values in rows.items():
        if not values:
            continue
        lines.append(
            f"{label:<22}{len(values):>4}{min(values):>9.1f}{statistics.median(values):>9.1f}"
            f"{jlab.percentile(values, 95):>9.1f}{max(values):>9.1f}"
        )
    return "\n".join(lines)


# The moment the kernel last went idle, once it has stayed idle for ``quietMs``.
_JS_QUIET = """(quietMs) => {
  const status = window.__exploreBench.status;
  const last = status[status.length - 1];
  return last && last[1] === 'idle' && performance.now() - last[0] > quietMs ? last[0] : null;
}"""


def measure(lab: jlab.DashboardPage, act, watch: list[str], timeout_ms: int, **kw) -> dict:
    """Arm the observers, do ``act()``, return the in-page latencies in ms: ``ms`` (every watched
    plot redrawn), ``times`` (each plot), and ``idle`` (the kernel idle for good: after the
    explorer's work and after the figures' own messages back to the kernel)."""
    before = lab.dashboard_state()
    lab.page.evaluate(_JS_ARM, [jlab.EXPLORER, watch, kw.get("map_title_only", False), timeout_ms])
    act()
    measured = lab.page.evaluate("() => window.__exploreBench.result")
    # Everything else (summary, why-panel, kernel idle) before the next change.
    lab.wait_for_parts(
        before, tuple(kw.get("parts", ("map", "summary"))), timeout=timeout_ms / 1000
    )
    idle_at = lab.page.wait_for_function(_JS_QUIET, arg=QUIET_MS, timeout=timeout_ms).json_value()
    measured["idle"] = idle_at - measured["at"]
    return measured


QUIET_MS = 300  # the kernel counts as done once idle this long

# Control changes, in the order clicked: (label, checkbox).
CYCLE = [
    ("region on", jlab.failure_box("region")),
    ("multi-region on", jlab.mitigation_box("multi-region")),
    ("multi-region off", jlab.mitigation_box("multi-region")),
    ("region off", jlab.failure_box("region")),
]


def set_box(lab: jlab.DashboardPage, box: str, on: bool) -> None:
    if lab.is_checked(box) != on:
        before = lab.dashboard_state()
        lab.click(box)
        lab.wait_for_parts(before, ("map", "summary"))


def bench_controls(lab: jlab.DashboardPage, n: int, warmup: int, timeout_ms: int) -> None:
    first: list[float] = []
    rows: dict[str, list[float]] = {"all (map and impact)": []}
    for label, _ in CYCLE:
        rows[label] = []
    more: dict[str, list[float]] = {"map only": [], "impact only": [], "kernel idle again": []}
    for i in range(warmup + n):
        label, box = CYCLE[i % len(CYCLE)]
        got = measure(lab, lambda box=box: lab.click(box), ["map", "impact"], timeout_ms)
        if i < warmup:
            first.append(got["ms"])
            continue
        rows["all (map and impact)"].append(got["ms"])
        rows[label].append(got["ms"])
        more["map only"].append(got["times"]["map"])
        more["impact only"].append(got["times"]["impact"])
        more["kernel idle again"].append(got["idle"])
    warm = ", ".join(f"{ms:.1f}" for ms in first)
    print(
        "\nclick -> map AND impact figure redrawn, measured in the page, in ms"
        f" (warm-up clicks: {warm})\n"
    )
    print(table({**rows, **more}, "change"))


def slider_value(lab: jlab.DashboardPage) -> int:
    return round(float(lab.page.locator(f"{jlab.EXPLORER} {jlab.SCRUB}").first.input_value()))


# One 5-minute step of the time slider, as a dragging hand makes it: the value, then an ``input``
# event (the moment is noted first, as a keydown's timeStamp would be).
_JS_STEP = """(sel) => {
  const scrub = document.querySelector(sel);
  window.__exploreBench.at = performance.now();
  scrub.value = String(Number(scrub.value) + 5);
  scrub.dispatchEvent(new Event('input', {bubbles: true}));
}"""


def bench_scrub(lab: jlab.DashboardPage, n: int, warmup: int, timeout_ms: int) -> None:
    slider = f"{jlab.EXPLORER} {jlab.SCRUB}"
    values: list[float] = []
    first: list[float] = []
    start = lab.dashboard_state().map_title
    for i in range(warmup + n):
        got = measure(
            lab,
            lambda: lab.page.evaluate(_JS_STEP, slider),
            ["map"],
            timeout_ms,
            map_title_only=True,
            parts=("map_title", "summary"),
        )
        if i < warmup:
            first.append(got["ms"])
        else:
            values.append(got["ms"])
    end = lab.dashboard_state().map_title
    warm = ", ".join(f"{ms:.1f}" for ms in first)
    print(
        f"\ntime slider step -> map redrawn (in the browser), in ms"
        f" (warm-up steps: {warm}; map title from {start[:5]!r} to {end[:5]!r})\n"
    )
    # (no "kernel idle again": a step sends the kernel nothing; the stage tells it the minute
    # once, 250 ms after the last step)
    print(table({"5-minute step": values}, "scrub"))


# While the Play button runs: every distinct time the map's title showed, with when.
_JS_WATCH_TITLES = """(rootSel) => {
  const box = document.querySelector(rootSel + ' .labkit-stage');
  const seen = (window.__exploreTitles = []);
  const read = () => {
    const t = box.querySelector('.labkit-map-title');
    const now = t ? t.textContent.slice(0, 5) : '';
    if (!seen.length || seen[seen.length - 1][1] !== now) seen.push([performance.now(), now]);
  };
  window.__exploreTitlesStop = new MutationObserver(read);
  window.__exploreTitlesStop.observe(box, {subtree: true, childList: true, attributes: true,
                                          characterData: true});
}"""


def bench_play(lab: jlab.DashboardPage, seconds: float, timeout_ms: int) -> None:
    """Press Play for ``seconds``, press it again; how many steps the map showed, and its lag."""
    play = lab.page.locator(f"{jlab.EXPLORER} {jlab.PLAY}").first
    from_value = slider_value(lab)
    lab.page.evaluate(_JS_WATCH_TITLES, jlab.EXPLORER)
    pressed = lab.page.evaluate("() => performance.now()")
    play.click()
    lab.page.wait_for_timeout(seconds * 1000)
    play.click()  # the same button pauses
    paused = lab.page.evaluate("() => performance.now()")
    to_value = slider_value(lab)
    lab.page.wait_for_function(_JS_QUIET, arg=QUIET_MS, timeout=timeout_ms)
    seen = lab.page.evaluate(
        "() => { window.__exploreTitlesStop.disconnect(); return window.__exploreTitles; }"
    )
    final = lab.dashboard_state().map_title[:5]
    steps = (to_value - from_value) // 5
    drawn = [title for at, title in seen[1:] if at >= pressed]
    caught_up = next((at for at, title in seen if title == final and at >= pressed), paused)
    print(
        f"\nPlay for {seconds:.0f} s (one step per 120 ms): the slider moved {steps} steps"
        f" ({from_value // 60:02d}:{from_value % 60:02d} -> {to_value // 60:02d}:"
        f"{to_value % 60:02d}); the map drew {len(drawn)} of them; it showed the paused time"
        f" ({final}) {caught_up - paused:.0f} ms after the pause"
    )


# For the picture only: hide the cell's code and put the dashboard at the top of the notebook.
_JS_FRAME_DASHBOARD = """(rootSel) => {
  const cell = document.querySelector(rootSel).closest('.jp-Cell');
  const input = cell.querySelector('.jp-Cell-inputWrapper');
  if (input) input.style.display = 'none';
  cell.scrollIntoView({block: 'start'});
  return Math.ceil(document.querySelector(rootSel).getBoundingClientRect().height);
}"""


def take_screenshot(lab: jlab.DashboardPage, path: Path) -> None:
    """The whole dashboard as it is now, in a window tall enough to show all of it; then the
    window as it was (1200x900, file browser open) for the measurements that follow."""
    lab.command("application:toggle-left-area")  # hide the file browser: room for the figures
    lab.page.set_viewport_size({"width": 1400, "height": 900})
    height = lab.page.evaluate(_JS_FRAME_DASHBOARD, jlab.EXPLORER)
    lab.page.set_viewport_size({"width": 1400, "height": height + 250})
    lab.page.evaluate(_JS_FRAME_DASHBOARD, jlab.EXPLORER)
    lab.page.mouse.move(1, 1)  # no hover effects (plotly's mode bar) in the picture
    lab.settle()
    Path(path).parent.mkdir(parents=True, exist_ok=True)
    lab.page.locator(jlab.EXPLORER).first.screenshot(path=str(path))
    print(f"\nscreenshot of the dashboard: {path}")
    lab.command("application:toggle-left-area")
    lab.page.set_viewport_size({"width": 1200, "height": 900})
    lab.settle()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--changes", type=int, default=24, help="measured clicks (default 24)")
    parser.add_argument("--steps", type=int, default=24, help="measured slider steps (default 24)")
    parser.add_argument("--warmup", type=int, default=2, help="unmeasured first ones (default 2)")
    parser.add_argument(
        "--play", type=float, default=5.0, help="seconds of Play to watch (default 5; 0: none)"
    )
    parser.add_argument("--timeout", type=float, default=30.0, help="seconds per change at most")
    parser.add_argument("--screenshot", type=Path, help="also save the dashboard, region out")
    args = parser.parse_args(argv)

    missing = jlab.browser_missing_exit_code()
    if missing is not None:
        return missing
    timeout_ms = int(args.timeout * 1000)

    with tempfile.TemporaryDirectory(prefix="outage-lab-bench-") as tmp:
        notebooks = Path(tmp) / "source"
        shutil.copytree(
            jlab.NOTEBOOKS_DIR,
            notebooks,
            ignore=shutil.ignore_patterns(".ipynb_checkpoints", "__pycache__"),
        )
        jlab.explore_notebook(notebooks / NOTEBOOK)
        with (
            jlab.running_lab(Path(tmp) / "lab", notebooks) as server,
            jlab.chromium() as browser,
        ):
            context = browser.new_context(viewport={"width": 1200, "height": 900})
            lab = jlab.DashboardPage(context.new_page(), server)
            started = time.perf_counter()
            lab.open_notebook(NOTEBOOK)
            errors = lab.run_all()
            if errors:
                print("the notebook shows errors:\n" + "\n---\n".join(errors), file=sys.stderr)
                return 1
            lab.wait_for_dashboard()
            print(f"notebook open and run in {time.perf_counter() - started:.1f} s")
            lab.page.evaluate(_JS_INSTALL, [jlab.EXPLORER, jlab.SCRUB])

            bench_controls(lab, args.changes, args.warmup, timeout_ms)

            # The scrubbing, Play and the picture: the region outage alone.
            set_box(lab, jlab.mitigation_box("multi-region"), False)
            set_box(lab, jlab.failure_box("region"), True)
            if args.screenshot:
                take_screenshot(lab, args.screenshot)
            bench_scrub(lab, args.steps, args.warmup, timeout_ms)
            if args.play:
                bench_play(lab, args.play, timeout_ms)

            errors = lab.shown_errors()
            if errors:
                print("errors shown after the benchmark:\n" + "\n".join(errors), file=sys.stderr)
                return 1
            context.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
