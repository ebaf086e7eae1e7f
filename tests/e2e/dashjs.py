"""In-page measurements of the explore() dashboard's stage, shared by
``tests/e2e/test_dashboard_browser.py`` and ``bench/bench_dashboard.py``.

Everything here is timed inside the page with ``performance.now()``: Playwright's own round trip
(~40-50 ms) is left out. The stage's DOM contract (``labkit/widgets/stage.js``): the root
``.labkit-stage`` carries ``data-drawn`` (+1 per completed draw: a run, or one scrub/Play frame),
``data-run`` (+1 per run drawn from the kernel), ``data-status`` and ``data-t``.
"""

from __future__ import annotations

import math
import statistics
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from jlab import IMPACT_LINES, MAP_MARKERS, percentile

# The n-th stage on the page (0: the first), as every script below finds it.
_FIND_STAGE = """const stages = document.querySelectorAll('.labkit-stage');
  const stage = stages[which];
  if (!stage) throw new Error(`no stage number ${which} on the page (${stages.length} found)`);"""

# Scrub the slider to each minute in ``minutes``, one at a time, as a dragging hand does (an
# ``input`` event, then the next one a display frame later). Per frame: from the event until
# ``data-drawn`` has gone up (a MutationObserver on the attribute), in ms.
JS_SCRUB = (
    """async ([which, minutes]) => {
  """
    + _FIND_STAGE
    + """
  const scrub = stage.querySelector('input.labkit-scrub');
  const replotted = Number(stage.dataset.replotted || 0);
  const times = [];
  for (const t of minutes) {
    const before = Number(stage.dataset.drawn);
    let obs = null;
    const drawn = new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        obs.disconnect();
        reject(new Error(`minute ${t}: not drawn within 5 s (data-drawn ${before})`));
      }, 5000);
      obs = new MutationObserver(() => {
        if (Number(stage.dataset.drawn) <= before) return;
        const at = performance.now();
        obs.disconnect();
        clearTimeout(timer);
        resolve(at);
      });
      obs.observe(stage, {attributes: true, attributeFilter: ['data-drawn']});
    });
    const t0 = performance.now();
    scrub.value = String(t);
    scrub.dispatchEvent(new Event('input', {bubbles: true}));
    times.push((await drawn) - t0);
    await new Promise((r) => requestAnimationFrame(r));
  }
  return {times, replotted: Number(stage.dataset.replotted || 0) - replotted,
          t: Number(stage.dataset.t), clock: stage.querySelector('.labkit-clock').textContent};
}"""
)

# Put the slider at ``start``, press Play, note when each frame is drawn (``data-drawn`` up),
# press Play again (pause) after ``frames`` frames. Returns the draw times (ms) and the minutes
# shown before and after.
JS_PLAY = (
    """async ([which, start, frames]) => {
  """
    + _FIND_STAGE
    + """
  const scrub = stage.querySelector('input.labkit-scrub');
  const play = stage.querySelector('.labkit-play');
  const settle = (ms) => new Promise((r) => setTimeout(r, ms));
  const before = Number(stage.dataset.drawn);
  scrub.value = String(start);
  scrub.dispatchEvent(new Event('input', {bubbles: true}));
  const t0 = performance.now();
  while (Number(stage.dataset.drawn) === before && performance.now() - t0 < 5000) await settle(5);
  await settle(400);
  const stamps = [];
  const from = Number(stage.dataset.t);
  const obs = new MutationObserver((records) => {
    const at = performance.now();
    for (const r of records) stamps.push(at);
  });
  obs.observe(stage, {attributes: true, attributeFilter: ['data-drawn']});
  const pressed = performance.now();
  play.click();
  while (stamps.length < frames && performance.now() - pressed < frames * 1000) await settle(10);
  play.click();
  obs.disconnect();
  const gaps = [];
  for (let i = 1; i < stamps.length; i++) gaps.push(stamps[i] - stamps[i - 1]);
  return {gaps, frames: stamps.length, first: stamps.length ? stamps[0] - pressed : null,
          from, to: Number(stage.dataset.t), label: play.textContent};
}"""
)

# Log every message between the page and the notebook's kernel (JupyterLab's kernel connection
# ``anyMessage`` signal): [when, "send" | "recv", msg_type, what], where "what" is the
# execution state of a status message and, for a widget message, its method or the names of
# the traits it updates.
JS_LOG_KERNEL_MESSAGES = """() => {
  const kernel = window.jupyterapp.shell.currentWidget.sessionContext.session.kernel;
  if (window.__labkitMsgs && window.__labkitMsgs.kernel === kernel) return;
  const log = (window.__labkitMsgs = {kernel, all: []});
  kernel.anyMessage.connect((_, args) => {
    const m = args.msg;
    const data = (m.content && m.content.data) || {};
    let what = '';
    if (m.header.msg_type === 'status') what = m.content.execution_state;
    else if (data.method === 'update' && data.state) what = Object.keys(data.state).join(',');
    else if (data.method) what = data.method;
    log.all.push([performance.now(), args.direction, m.header.msg_type, what]);
  });
}"""

# Messages the page sent to the kernel since ``since`` (a performance.now() time), as
# [ms after since, msg_type, what].
JS_SENT_SINCE = """(since) => window.__labkitMsgs.all
  .filter((m) => m[0] >= since && m[1] === 'send')
  .map((m) => [Math.round(m[0] - since), m[2], m[3]])"""

# After a click at ``since``: null until the page has sent a widget message and the kernel has
# gone busy and idle again after it; then whether a new run came back in the meantime.
JS_CLICK_HANDLED = """(since) => {
  const log = window.__labkitMsgs.all.filter((m) => m[0] >= since);
  const sent = log.findIndex((m) => m[1] === 'send' && m[2] === 'comm_msg');
  if (sent < 0) return null;
  const rest = log.slice(sent);
  const busy = rest.findIndex((m) => m[2] === 'status' && m[3] === 'busy');
  if (busy < 0) return null;
  const idle = rest.slice(busy).findIndex((m) => m[2] === 'status' && m[3] === 'idle');
  if (idle < 0) return null;
  return {run: rest.some((m) => m[1] === 'recv' && m[2] === 'comm_msg'
                              && m[3].split(',').includes('run'))};
}"""

# Installed before the page loads (``BrowserContext.add_init_script``): every WebSocket message
# the page receives above 1 MB is noted (the only such message a dashboard gets is the plotly.js
# bundle, 4.6 MB).
JS_COUNT_BIG_MESSAGES = """(() => {
  const Native = window.WebSocket;
  window.__labkitBig = [];
  class Counting extends Native {
    constructor(...args) {
      super(...args);
      this.addEventListener('message', (e) => {
        const d = e.data;
        const n = typeof d === 'string' ? d.length : (d.byteLength || d.size || 0);
        if (n > 1e6) window.__labkitBig.push([String(this.url).split('?')[0], n]);
      });
    }
  }
  window.WebSocket = Counting;
})();"""

# What a stage shows, for "is it blank?" and "did it change?": counters, how many map markers and
# impact lines are drawn, the plots' x ranges (plotly's empty default axes are -1..6), and
# fingerprints of the markers' fills and shapes and of the lines.
JS_STAGE_LOOK = """(which) => {
  const stages = document.querySelectorAll('.labkit-stage');
  const stage = stages[which];
  if (!stage) return null;
  const map = stage.querySelector('.labkit-map-plot');
  const impact = stage.querySelector('.labkit-impact-plot');
  const markers = map ? [...map.querySelectorAll('__MARKERS__')] : [];
  const lines = impact ? [...impact.querySelectorAll('__LINES__')]
    .filter((p) => (p.getAttribute('d') || '').length > 1) : [];
  const range = (div) => {
    const xa = div && div._fullLayout && div._fullLayout.xaxis;
    return xa && xa.range ? xa.range.map((v) => Math.round(v * 100) / 100) : null;
  };
  return {
    status: stage.dataset.status, drawn: Number(stage.dataset.drawn),
    run: Number(stage.dataset.run), t: Number(stage.dataset.t),
    map_plotly: !!map && map.classList.contains('js-plotly-plot'),
    impact_plotly: !!impact && impact.classList.contains('js-plotly-plot'),
    markers: markers.length, lines: lines.length,
    map_range: range(map), impact_range: range(impact),
    map_look: markers.map((p) => `${p.style.fill} ${p.getAttribute('d')}`).join('|'),
    impact_look: lines.map((p) => p.getAttribute('d')).join('|') + '#' +
      (impact ? [...impact.querySelectorAll('.shapelayer path')] : [])
        .map((p) => p.getAttribute('d')).join('|'),
    titles: ['.labkit-map-title', '.labkit-impact-title']
      .map((sel) => (stage.querySelector(sel) || {}).textContent || '').join('|'),
    summary: (stage.querySelector('.labkit-summary') || {}).textContent || '',
    note: (stage.querySelector('.labkit-note') || {}).textContent || '',
  };
}""".replace("__MARKERS__", MAP_MARKERS).replace("__LINES__", IMPACT_LINES)

# A run newer than ``run`` drawn by stage ``which``.
JS_RUN_AFTER = """([which, run]) => {
  const stage = document.querySelectorAll('.labkit-stage')[which];
  return !!stage && Number(stage.dataset.run) > run;
}"""


def blank_reasons(look: dict[str, Any] | None, components: int) -> list[str]:
    """Why a stage counts as blank (an empty list when both plots show a drawn run)."""
    if look is None:
        return ["no .labkit-stage on the page"]
    reasons = []
    if look["status"] != "ready":
        reasons.append(f"data-status is {look['status']!r}, not 'ready'")
    if look["drawn"] < 1:
        reasons.append("data-drawn is 0: nothing drawn")
    if not (look["map_plotly"] and look["impact_plotly"]):
        reasons.append("a plot is not a plotly plot (class js-plotly-plot missing)")
    if look["markers"] != components:
        reasons.append(f"{look['markers']} map markers drawn, {components} components")
    if look["lines"] < 1:
        reasons.append("no impact line drawn")
    for name in ("map_range", "impact_range"):
        if look[name] == [-1, 6]:
            reasons.append(f"{name} is plotly's empty default (-1..6)")
    return reasons


def stats(values: list[float]) -> dict[str, float]:
    """n, min, median, p95 (nearest rank), max."""
    return {
        "n": len(values),
        "min": min(values),
        "median": statistics.median(values),
        "p95": percentile(values, 95),
        "max": max(values),
    }


def scrub_minutes(last: int, frames: int = 60, step: int = 5) -> list[int]:
    """``frames`` distinct frame minutes spread over 0..last (multiples of ``step``), in order."""
    stride = max(step, math.floor(last / frames / step) * step)
    return [t for t in range(0, last + 1, stride)][:frames]


@contextmanager
def cpu_hog() -> Iterator[subprocess.Popen]:
    """A busy Python process (one core at 100%) for the duration; killed afterwards by its PID."""
    proc = subprocess.Popen([sys.executable, "-c", "while True: pass"])
    try:
        yield proc
    finally:
        proc.kill()
        proc.wait(timeout=10)
