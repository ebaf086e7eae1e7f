"""Scrubbing the exported animated map in a real browser: time per frame, and the file's size.

usage: python bench/bench_frames.py [--scenario NAME] [--step MIN] [--frames N] [--out PATH]

Exports :func:`labkit.figures.animated_map` of a stored scenario with
:func:`labkit.figures.to_html` (plotly.js inline, so the page works offline), opens it through
``file://`` in headless Chromium (Debian's, driven by Playwright as in ``tests/e2e``) and steps
through ``N`` consecutive frames the way the time slider does (``Plotly.animate`` with
``redraw: false``), first through the outage and recovery, then onwards. For each step it measures,
in the page:

- *recoloured*: from the call until the map's markers have changed in the DOM (the first
  callback of a MutationObserver on the plot's scatter layer). This is what the learner sees;
  the budget is 33 ms (30 frames a second while dragging the slider). It includes waiting for
  the display's next frame (up to ~17 ms at 60 Hz), as in any browser.
- *settled*: until plotly's animate promise resolves (its own bookkeeping ends a frame later).

The first steps after the page loads are reported apart (warm-up).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests" / "e2e"))
sys.path.insert(0, str(ROOT))

import jlab  # noqa: E402
from test_static_html import export_map, frame_names, open_page, scrub  # noqa: E402

BUDGET_MS = 33.0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--scenario", default="nimbus-us-east-outage")
    parser.add_argument("--step", type=int, default=10, help="minutes between frames")
    parser.add_argument("--frames", type=int, default=60, help="frames to step through (>= 30)")
    parser.add_argument("--warmup", type=int, default=5)
    parser.add_argument("--out", type=Path, help="keep the exported HTML here")
    args = parser.parse_args()
    if args.frames < 30:
        parser.error("--frames must be at least 30")
    problem = jlab.browser_problem()
    if problem:
        print(f"cannot run: {problem}. {jlab.HOW_TO_ENABLE}", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory() as tmp:
        folder = args.out.parent if args.out else Path(tmp)
        folder.mkdir(parents=True, exist_ok=True)
        path = export_map(folder, args.scenario, args.step)
        if args.out:
            path = path.rename(args.out)
        size = path.stat().st_size
        with jlab.chromium() as browser:
            page = open_page(browser, path)
            names = frame_names(page)
            start = max(0, min(names.index("07:00") if "07:00" in names else 0, len(names) - 1))
            order = (names[start:] + names[:start])[: args.warmup + args.frames]
            times = scrub(page, order)
            page.close()
    warm, timed = times[: args.warmup], times[args.warmup :]
    print(f"animated_map of {args.scenario!r}: {len(names)} frames (every {args.step} min and at")
    print(f"every change), HTML {size / 1e6:.2f} MB with plotly.js inline")
    print()
    print(f"{'per frame (ms)':<34} {'n':>4} {'median':>8} {'p95':>8} {'max':>8}")
    for label, key in (
        ("recoloured (what the learner sees)", "drawn"),
        ("animate settled", "settled"),
    ):
        ms = [t[key] for t in timed]
        print(
            f"{label:<34} {len(ms):>4} {statistics.median(ms):>8.1f} "
            f"{jlab.percentile(ms, 95):>8.1f}"
            f" {max(ms):>8.1f}"
        )
    if warm:
        ms = [t["drawn"] for t in warm]
        print(
            f"{'warm-up, recoloured':<34} {len(ms):>4} {statistics.median(ms):>8.1f}"
            f" {jlab.percentile(ms, 95):>8.1f} {max(ms):>8.1f}"
        )
    drawn = [t["drawn"] for t in timed]
    med, p95 = statistics.median(drawn), jlab.percentile(drawn, 95)
    verdict = (
        "within"
        if p95 <= BUDGET_MS
        else ("median within, p95 over" if med <= BUDGET_MS else "OVER")
    )
    print(f"\nbudget {BUDGET_MS:.0f} ms per frame: recolour median {med:.1f} ms, p95 {p95:.1f} ms:")
    print(f"  {verdict}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
