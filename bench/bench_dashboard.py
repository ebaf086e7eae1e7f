"""The explore() dashboard against a bare-recolour baseline, measured in a real browser, one run.

usage: python bench/bench_dashboard.py [--clicks N] [--frames N] [--screenshots DIR]

Starts a throwaway JupyterLab (as the browser tests do, ``tests/e2e/jlab.py``) on a folder of
small notebooks, drives it with headless Chromium and prints one table. Every time is taken in the
page with ``performance.now()`` and event ``timeStamp``\\ s (Playwright's own round trip, ~40-50 ms,
is left out):

i.   baseline: a bare ipywidgets ``Checkbox`` whose observer recolours every third marker of a
     200-node scatter graph (plus its edges) in a plotly ``FigureWidget``; no simulation. From the
     click event until the markers' fills in the DOM show the new colours; ``N`` clicks, taken in
     turn with the dashboard's (baseline, mitigation, failure, baseline, ...: two pages, two
     kernels) so that the ratio compares clicks made under the same load.
ii.  the dashboard (``labkit.explore()``), region outage ticked: from the click event on a control
     until the stage has drawn the new run in every visible figure (its ``data-run`` counter goes
     up; the stage bumps it once both plotly plots are drawn): ``N`` clicks alternating a
     mitigation ("multi-region") on and off, then ``N`` clicks alternating a failure ("dns") on and
     off. The ratio to the baseline is given at the median and at p95 (<= 1.0 is the goal). The
     first two clicks of each row are reported apart (warm-up: the first simulation of each
     scenario; runs are cached after).
iii. time in the browser: the time slider moved across the day (one ``input`` event per display
     frame) until ``data-drawn`` goes up, per frame; Play's intervals between drawn frames.
iv.  first ``explore()`` in a warm kernel (kernel started, ``import labkit`` done): the call's
     time in the kernel, and from running the cell until the first figure is drawn in the page
     (a fresh page: plotly.js reaches it then).

The machine's load (``os.getloadavg()``) is printed before and after.

``--screenshots DIR`` also saves, at 1280x800 with the file browser collapsed and the dashboard
scrolled to the top, ``DIR/dashboard-region-outage.png`` (the nimbus-us-east outage) and
``DIR/dashboard-staged-rollout.png`` (a config push with staged rollout ticked). The README's
pictures are made this way: ``python bench/bench_dashboard.py --screenshots docs``.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests" / "e2e"))

import dashjs  # noqa: E402
import jlab  # noqa: E402

PROJECTOR = {"width": 1280, "height": 800}
BASELINE = "baseline.ipynb"
WARM = "warm.ipynb"

# The baseline: no labkit, no simulation; a checkbox recolours a 200-node graph's markers.
BASELINE_SOURCE = """import random
import ipywidgets as w
import plotly.graph_objects as go

rng = random.Random(1)
n = 200
xs = [rng.random() * 10 for _ in range(n)]
ys = [rng.random() * 10 for _ in range(n)]
ex, ey = [], []
for i in range(1, n):  # a tree: each node linked to an earlier one
    j = rng.randrange(i)
    ex += [xs[i], xs[j], None]
    ey += [ys[i], ys[j], None]
UP, DOWN = "#0072B2", "#D55E00"
fig = go.FigureWidget(
    [
        go.Scatter(x=ex, y=ey, mode="lines", line={"color": "#bbbbbb", "width": 1}),
        go.Scatter(x=xs, y=ys, mode="markers", marker={"size": 10, "color": [UP] * n}),
    ],
    layout={"height": 360, "showlegend": False, "margin": {"l": 20, "r": 20, "t": 20, "b": 20}},
)
box = w.Checkbox(description="break every third node", indent=False)
box.add_class("bench-box")


def recolour(change):
    fig.data[1].marker.color = [DOWN if change["new"] and i % 3 == 0 else UP for i in range(n)]


box.observe(recolour, names="value")
w.VBox([box, fig]).add_class("bench-baseline")"""

WARM_CELLS = [
    "import labkit",
    "import time\n"
    "_t0 = time.perf_counter()\n"
    "ex = labkit.explore()\n"
    'print(f"explore() in the kernel: {time.perf_counter() - _t0:.3f} s")\n'
    "ex",
]

# Installed once per page: the time of the last click on a checkbox (event timeStamp, the same
# clock as performance.now()).
_JS_INSTALL = """() => {
  if (window.__benchClicks) return;
  const bench = (window.__benchClicks = {at: null});
  document.addEventListener('click', (e) => {
    if (e.target instanceof Element && e.target.matches('input[type=checkbox]'))
      bench.at = e.timeStamp;
  }, true);
}"""

# Armed before a click: resolves with the ms from the click event until ``done`` holds, checked on
# every DOM change under ``rootSel``. ``mode`` "fills": the count of markers filled ``fill`` in
# the figure's node trace differs from before; "run": the first stage's data-run went up.
_JS_ARM = """([rootSel, mode, fill, markers, timeoutMs]) => {
  const bench = window.__benchClicks;
  const root = document.querySelector(rootSel);
  const stage = root.querySelector('.labkit-stage');
  const downs = () => [...root.querySelectorAll(markers)]
    .filter((p) => p.style.fill === fill).length;
  const look = mode === 'run' ? () => Number(stage.dataset.run) : downs;
  const before = look();
  bench.at = null;
  bench.result = new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      observer.disconnect();
      reject(new Error(`${mode}: no change within ${timeoutMs} ms (before: ${before})`));
    }, timeoutMs);
    const observer = new MutationObserver(() => {
      if (bench.at === null || look() === before) return;
      const ms = performance.now() - bench.at;
      observer.disconnect();
      clearTimeout(timer);
      resolve(ms);
    });
    observer.observe(root, {subtree: true, childList: true, attributes: true});
  });
  bench.result.catch(() => {});
}"""


def write_notebook(path: Path, cells: list[str]) -> None:
    jlab.explore_notebook(path, cells[0])
    if len(cells) > 1:
        import json

        nb = json.loads(path.read_text())
        first = nb["cells"][0]
        nb["cells"] = [
            {**first, "id": f"cell-{i}", "source": source} for i, source in enumerate(cells)
        ]
        path.write_text(json.dumps(nb, indent=1))


def handled(lab: jlab.LabPage, since: float, timeout_ms: int) -> None:
    """Wait until the kernel has handled the widget message the page sent after ``since``."""
    lab.page.wait_for_function(dashjs.JS_CLICK_HANDLED, arg=since, timeout=timeout_ms)


def click(lab: jlab.LabPage, selector: str, root: str, mode: str, timeout_ms: int) -> float:
    """Click ``selector``; the in-page ms until the change shows; then wait for the kernel."""
    lab.page.evaluate(_JS_ARM, [root, mode, jlab.DOWN_FILL, jlab.MAP_MARKERS, timeout_ms])
    since = lab.page.evaluate("() => performance.now()")
    lab.page.locator(selector).first.click()
    ms = lab.page.evaluate("() => window.__benchClicks.result")
    handled(lab, since, timeout_ms)
    lab.page.wait_for_timeout(50)
    return ms


def row(label: str, values: list[float], base: dict[str, float] | None = None) -> str:
    if not values:
        return f"{label:<46}{'(none)':>6}"
    s = dashjs.stats(values)
    line = (
        f"{label:<46}{s['n']:>4}{s['min']:>9.1f}{s['median']:>9.1f}{s['p95']:>9.1f}{s['max']:>9.1f}"
    )
    if base:
        line += f"{s['median'] / base['median']:>9.2f}{s['p95'] / base['p95']:>9.2f}"
    return line


def run_cell(lab: jlab.LabPage, index: int) -> None:
    lab.page.evaluate(
        """(i) => { const p = window.jupyterapp.shell.currentWidget;
          p.content.activeCellIndex = i; p.content.deselectAll();
          window.jupyterapp.commands.execute('notebook:run-cell'); }""",
        index,
    )


def scroll_to_dashboard(lab: jlab.LabPage) -> None:
    lab.page.evaluate(
        "(sel) => document.querySelector(sel).scrollIntoView({block: 'start'})", jlab.EXPLORER
    )
    lab.page.mouse.move(2, 790)  # no hover effects (plotly's mode bar) in a picture
    lab.page.wait_for_timeout(300)


def set_box(lab: jlab.LabPage, selector: str, on: bool, timeout_ms: int) -> None:
    if lab.page.locator(selector).first.is_checked() != on:
        click(lab, selector, jlab.EXPLORER, "run", timeout_ms)


def show_minute(lab: jlab.LabPage, minute: int) -> None:
    lab.page.evaluate(dashjs.JS_SCRUB, [0, [minute]])
    lab.page.wait_for_timeout(600)  # the stage tells the kernel the minute; the why-text follows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--clicks", type=int, default=30, help="measured clicks per row (30)")
    parser.add_argument("--frames", type=int, default=60, help="scrub frames (60)")
    parser.add_argument("--play", type=int, default=40, help="Play frames (40)")
    parser.add_argument("--timeout", type=float, default=30.0, help="seconds per step at most")
    parser.add_argument("--screenshots", type=Path, help="save the two README pictures here")
    args = parser.parse_args(argv)
    if args.clicks < 2 or args.frames < 2 or args.play < 2:
        parser.error("--clicks, --frames and --play must be at least 2")

    missing = jlab.browser_missing_exit_code()
    if missing is not None:
        return missing
    timeout_ms = int(args.timeout * 1000)
    load_before = os.getloadavg()
    rows: dict[str, list[float]] = {}
    warmups: dict[str, list[float]] = {}
    notes: list[str] = []

    with tempfile.TemporaryDirectory(prefix="outage-lab-bench-") as tmp:
        source = Path(tmp) / "source"
        source.mkdir()
        write_notebook(source / BASELINE, [BASELINE_SOURCE])
        write_notebook(source / WARM, WARM_CELLS)
        with jlab.running_lab(Path(tmp) / "lab", source) as server, jlab.chromium() as browser:
            # i. the baseline, in its own page
            context = browser.new_context(viewport=PROJECTOR)
            base = jlab.LabPage(context.new_page(), server)
            base.open_notebook(BASELINE)
            errors = base.run_all()
            if errors:
                print("the baseline shows errors:\n" + "\n".join(errors), file=sys.stderr)
                return 1
            base.page.wait_for_selector(
                f".bench-baseline {jlab.MAP_MARKERS}", state="attached", timeout=timeout_ms
            )
            base.page.evaluate(_JS_INSTALL)
            base.page.evaluate(dashjs.JS_LOG_KERNEL_MESSAGES)

            # iv. first explore() in a warm kernel, in a fresh page
            context = browser.new_context(viewport=PROJECTOR)
            lab = jlab.DashboardPage(context.new_page(), server)
            lab.open_notebook(WARM)
            lab.command("application:toggle-left-area")
            run_cell(lab, 0)
            lab.page.wait_for_function(
                "() => window.jupyterapp.shell.currentWidget.content.widgets[0]"
                ".model.executionCount !== null",
                timeout=timeout_ms,
            )
            lab.wait_kernel_idle()
            lab.page.wait_for_timeout(1000)
            started = lab.page.evaluate("() => performance.now()")
            run_cell(lab, 1)
            drawn = lab.page.wait_for_function(
                "(started) => { const s = document.querySelector('.labkit-stage');"
                " return s && Number(s.dataset.drawn) > 0 && s.dataset.status === 'ready'"
                " ? performance.now() - started : null; }",
                arg=started,
                timeout=timeout_ms * 2,
                polling="raf",
            ).json_value()
            said = lab.page.locator(".jp-OutputArea-output:has-text('explore() in the kernel')")
            said.first.wait_for(timeout=timeout_ms)
            in_kernel = float(said.first.inner_text().split(":")[1].strip().split()[0])
            lab.wait_for_dashboard()
            lab.page.evaluate(_JS_INSTALL)
            lab.page.evaluate(dashjs.JS_LOG_KERNEL_MESSAGES)

            # i. and ii. the baseline and the dashboard's controls (region outage on), clicked in
            # turn, so that both meet the same load on the machine
            set_box(lab, jlab.failure_box("region"), True, timeout_ms)
            rounds: list[tuple[str, jlab.LabPage, str, str, str]] = [
                ("baseline", base, ".bench-box input[type=checkbox]", ".bench-baseline", "fills"),
                ("dashboard: mitigation multi-region on/off", lab,
                 jlab.mitigation_box("multi-region"), jlab.EXPLORER, "run"),
                ("dashboard: failure dns on/off", lab, jlab.failure_box("dns"), jlab.EXPLORER,
                 "run"),
            ]  # fmt: skip
            times: dict[str, list[float]] = {label: [] for label, *_ in rounds}
            for _ in range(args.clicks + 2):
                for label, page, box, root, mode in rounds:
                    times[label].append(click(page, box, root, mode, timeout_ms))
            for label, values in times.items():
                warmups[label], rows[label] = values[:2], values[2:]
            base.page.context.close()
            for box in (jlab.mitigation_box("multi-region"), jlab.failure_box("dns")):
                set_box(lab, box, False, timeout_ms)

            if args.screenshots:
                show_minute(lab, 9 * 60)
                scroll_to_dashboard(lab)
                path = lab.screenshot(args.screenshots / "dashboard-region-outage.png")
                notes.append(f"screenshot: {path}")

            # iii. time in the browser
            scroll_to_dashboard(lab)
            last = int(lab.page.locator(jlab.SCRUB).first.get_attribute("max"))
            since = lab.page.evaluate("() => performance.now()")
            scrub = lab.page.evaluate(dashjs.JS_SCRUB, [0, dashjs.scrub_minutes(last, args.frames)])
            sent = lab.page.evaluate(dashjs.JS_SENT_SINCE, since)
            rows["scrub: input -> frame drawn (in the browser)"] = scrub["times"]
            notes.append(
                f"scrub: {len(sent)} messages to the kernel during {len(scrub['times'])} frames;"
                f" {scrub['replotted']} frames redrawn by plotly (the rest painted directly)"
            )
            lab.page.wait_for_timeout(1000)
            lab.wait_kernel_idle()
            play = lab.page.evaluate(dashjs.JS_PLAY, [0, 420, args.play])
            rows["Play: interval between drawn frames"] = play["gaps"]
            notes.append(
                f"Play: {play['frames']} frames drawn, {play['from'] // 60:02d}:"
                f"{play['from'] % 60:02d} -> {play['to'] // 60:02d}:{play['to'] % 60:02d}"
                " (one step per 120 ms by design)"
            )
            lab.wait_kernel_idle()

            if args.screenshots:
                set_box(lab, jlab.failure_box("region"), False, timeout_ms)
                set_box(lab, jlab.failure_box("push"), True, timeout_ms)
                set_box(lab, jlab.mitigation_box("staged-rollout"), True, timeout_ms)
                show_minute(lab, 8 * 60 + 5)  # the canary wave, before the health gate halts it
                scroll_to_dashboard(lab)
                path = lab.screenshot(args.screenshots / "dashboard-staged-rollout.png")
                notes.append(f"screenshot: {path}")

            errors = lab.shown_errors()
            context.close()
    load_after = os.getloadavg()

    head = (
        f"{'in ms, measured in the page':<46}{'n':>4}{'min':>9}{'median':>9}{'p95':>9}"
        f"{'max':>9}{'x base':>9}{'x b p95':>9}"
    )
    print(f"\nload average before: {' '.join(f'{x:.2f}' for x in load_before)}"
          f" ({os.cpu_count()} CPUs)")  # fmt: skip
    print(head)
    print("-" * len(head))
    baseline = dashjs.stats(rows["baseline"])
    print(row("baseline: Checkbox -> FigureWidget recolour", rows["baseline"]))
    for label in list(rows)[1:3]:
        print(row(label, rows[label], baseline))
    for label in list(rows)[3:]:
        print(row(label, rows[label]))
    print(f"{'first explore(), warm kernel: in the kernel':<46}{1:>4}{in_kernel * 1000:>9.0f}")
    print(f"{'first explore(): run cell -> figure drawn':<46}{1:>4}{drawn:>9.0f}")
    print(f"load average after:  {' '.join(f'{x:.2f}' for x in load_after)}")
    for label, values in warmups.items():
        print(f"warm-up clicks, {label}: {', '.join(f'{v:.0f}' for v in values)} ms")
    for note in notes:
        print(note)
    if errors:
        print("errors shown after the benchmark:\n" + "\n".join(errors), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    started = time.perf_counter()
    code = main()
    print(f"({time.perf_counter() - started:.0f} s)")
    sys.exit(code)
