// The dashboard's drawing area (labkit.widgets.stage.Stage): the internet map and the impact
// figure, drawn with plotly.js from complete data the kernel sends, and every 5-minute frame
// of the run kept here, so the time slider and Play redraw the map without the kernel.
//
// DOM contract (tests and benchmarks rely on it): the root `.labkit-stage` carries
// data-status ("loading" | "ready" | "failed"), data-drawn (+1 per completed draw),
// data-run (+1 per run drawn) and data-t (the minute shown).

const STEP = 5; // minutes per frame, as in labkit.figures.frames.STEP
const PLAY_INTERVAL = 120; // ms between two Play frames
const PLOTLY_TIMEOUT = 30000; // ms to wait for plotly.js before drawing the plain picture
const PLOTLY_ASK_AGAIN = 3000; // ms between requests for plotly.js (see PLOTLY_RESEND_S)
const SYNC_DELAY = 250; // ms after the last scrub before the kernel hears the new minute
const NODES = 1; // the map's trace of component markers

// ---- plotly.js, once per page ----------------------------------------------------------
function loadPlotly(model) {
  if (window.Plotly && window.Plotly.react) return Promise.resolve(window.Plotly);
  if (!window.__labkitPlotly) {
    const pending = new Promise((resolve, reject) => {
      const ask = () => model.send({ type: "plotly" });
      // the kernel does not answer a request that comes just after it sent the bundle (that
      // bundle reaches every tab); a tab that missed it asks again
      const again = setInterval(ask, PLOTLY_ASK_AGAIN);
      const timer = setTimeout(() => {
        clearInterval(again);
        reject(new Error("plotly.js did not arrive in time"));
      }, PLOTLY_TIMEOUT);
      const onMessage = (msg, buffers) => {
        if (!msg || msg.type !== "plotly") return;
        model.off("msg:custom", onMessage);
        clearInterval(again);
        if (window.Plotly && window.Plotly.react) {
          clearTimeout(timer);
          resolve(window.Plotly);
          return;
        }
        const url = URL.createObjectURL(new Blob([buffers[0]], { type: "text/javascript" }));
        const script = document.createElement("script");
        script.src = url;
        script.onload = () => {
          clearTimeout(timer);
          URL.revokeObjectURL(url);
          if (window.Plotly && window.Plotly.react) resolve(window.Plotly);
          else reject(new Error("plotly.js did not start"));
        };
        script.onerror = () => {
          clearTimeout(timer);
          reject(new Error("plotly.js could not be loaded"));
        };
        document.head.appendChild(script);
      };
      model.on("msg:custom", onMessage);
      ask();
    });
    window.__labkitPlotly = pending;
    pending.catch(() => {
      if (window.__labkitPlotly === pending) window.__labkitPlotly = null; // a later view retries
    });
  }
  return window.__labkitPlotly;
}

// ---- small helpers ----------------------------------------------------------------------
function fmt(minute) {
  const day = Math.floor(minute / 1440);
  const rest = minute - day * 1440;
  const hhmm = `${String(Math.floor(rest / 60)).padStart(2, "0")}:${String(rest % 60).padStart(2, "0")}`;
  return day === 0 ? hhmm : `day ${day + 1} ${hhmm}`;
}

function frameIndex(frames, t) {
  let lo = 0;
  let hi = frames.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (frames[mid][0] <= t) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

function make(tag, cls, text) {
  const node = document.createElement(tag);
  if (cls) node.className = cls;
  if (text !== undefined) node.textContent = text;
  return node;
}

const SVG = "http://www.w3.org/2000/svg";
function svg(tag, attrs) {
  const node = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
  return node;
}

// ---- the view ---------------------------------------------------------------------------
function render({ model, el }) {
  const root = make("div", "labkit-stage");
  Object.assign(root.dataset, { status: "loading", drawn: "0", run: "0", t: "0", replotted: "0" });
  const bar = make("div", "labkit-timebar");
  const play = make("button", "labkit-play", "▶ Play");
  play.type = "button";
  play.setAttribute("aria-label", "play the day");
  const scrub = make("input", "labkit-scrub");
  Object.assign(scrub, { type: "range", min: "0", step: String(STEP) });
  scrub.setAttribute("aria-label", "time of day");
  const clock = make("span", "labkit-clock");
  bar.append(play, scrub, clock);
  const summary = make("div", "labkit-summary");
  summary.setAttribute("role", "status");
  const note = make("div", "labkit-note");
  const mapTitle = make("div", "labkit-map-title labkit-plot-title");
  const mapDiv = make("div", "labkit-map-plot labkit-plot");
  const impactTitle = make("div", "labkit-impact-title labkit-plot-title");
  const impactDiv = make("div", "labkit-impact-plot labkit-plot");
  mapDiv.append(make("div", "labkit-placeholder", "Drawing the map…"));
  impactDiv.append(make("div", "labkit-placeholder", "Drawing the impact over the day…"));
  root.append(bar, summary, note, mapTitle, mapDiv, impactTitle, impactDiv);
  el.append(root);

  let P = null; // plotly, once loaded
  let plain = false; // drawing the plain picture (plotly.js is missing)
  let alive = true;
  let shownIndex = -1;
  let current = model.get("t");
  let wanted = null;
  let drawing = false;
  let playing = false;
  let playTimer = null;
  let syncTimer = null;
  let lastSync = 0;

  const skeleton = () => model.get("skeleton");
  const run = () => model.get("run");
  const bump = (key) => {
    root.dataset[key] = String(Number(root.dataset[key]) + 1);
  };
  const showNote = () => {
    const text = model.get("note");
    note.textContent = text;
    note.style.display = text ? "" : "none";
  };

  function styles(code) {
    const palette = skeleton().palette;
    const colours = new Array(code.length);
    const symbols = new Array(code.length);
    for (let i = 0; i < code.length; i += 1) {
      const p = palette[code.charCodeAt(i) - 48];
      colours[i] = p[1];
      symbols[i] = p[2];
    }
    return [colours, symbols];
  }

  function texts(frame, t) {
    const c = fmt(t);
    clock.textContent = c;
    mapTitle.textContent = `${c}: ${frame[2]}`;
    mapDiv.setAttribute("aria-label", mapTitle.textContent);
    summary.textContent = `${c} — ${frame[3]}`;
  }

  // the grey "now" line over the impact plot: moved by hand, so plotly redraws nothing
  const nowLine = make("div", "labkit-now");
  function placeNow(t) {
    const full = impactDiv._fullLayout;
    if (!full || !full.xaxis || !full._size) return;
    if (nowLine.parentNode !== impactDiv) impactDiv.append(nowLine);
    const size = full._size;
    nowLine.style.left = `${size.l + full.xaxis.l2p(t / 60)}px`;
    nowLine.style.top = `${size.t}px`;
    nowLine.style.height = `${size.h}px`;
  }

  function height(div, fallback) {
    return div.clientHeight > 50 ? div.clientHeight : fallback;
  }

  // Recolouring through plotly redraws the whole map (about 100 ms); a frame instead sets the
  // fill and the outline of the markers that changed, with the marker paths plotly drew for
  // each shape and size (found once per page on a hidden plot), and keeps the figure's data
  // in step so that plotly's own redraws (a resize) show the same.
  async function primeMarkerPaths() {
    if (window.__labkitMarkerPaths) return;
    const sizes = [...new Set(skeleton().map.data[NODES].marker.size)];
    const symbols = skeleton().palette.map((p) => p[2]);
    const combos = symbols.flatMap((symbol) => sizes.map((size) => [symbol, size]));
    const hidden = make("div");
    hidden.style.cssText = "position:absolute;left:-10000px;top:0;width:300px;height:300px";
    document.body.append(hidden);
    try {
      const trace = { x: combos.map((_, i) => i), y: combos.map(() => 0), mode: "markers", type: "scatter",
        marker: { symbol: combos.map((c) => c[0]), size: combos.map((c) => c[1]) } };
      await P.newPlot(hidden, [trace], { width: 300, height: 300, showlegend: false }, { staticPlot: true });
      const paths = {};
      hidden.querySelectorAll("path.point").forEach((node, i) => {
        const [symbol, size] = combos[i];
        paths[`${symbol}/${size}`] = node.getAttribute("d");
      });
      if (Object.keys(paths).length === combos.length) window.__labkitMarkerPaths = paths;
      P.purge(hidden);
    } catch (err) {
      // without the paths every frame goes through plotly: slower, still right
    } finally {
      hidden.remove();
    }
  }

  let painted = null; // the frame code the map's markers show
  let mapSkeleton = null; // the skeleton the map was last drawn from
  function paintFrame(code) {
    const traces = mapDiv.querySelectorAll(".scatterlayer .trace");
    const points = traces.length > NODES ? traces[NODES].querySelectorAll("path.point") : [];
    if (painted === null || points.length !== code.length) return false;
    const paths = window.__labkitMarkerPaths;
    if (!paths) return false;
    const palette = skeleton().palette;
    const sizes = skeleton().map.data[NODES].marker.size;
    const trace = mapDiv.data[NODES];
    for (let i = 0; i < code.length; i += 1) {
      if (code[i] === painted[i]) continue;
      const [, colour, symbol] = palette[code.charCodeAt(i) - 48];
      const d = paths[`${symbol}/${sizes[i]}`];
      if (!d) return false;
      points[i].style.fill = colour;
      points[i].setAttribute("d", d);
      trace.marker.color[i] = colour;
      trace.marker.symbol[i] = symbol;
    }
    painted = code;
    return true;
  }

  // a whole run: both plots from complete data
  async function drawRun() {
    const r = run();
    const sk = skeleton();
    scrub.max = String(r.last);
    const t = Math.min(current, r.last);
    current = t;
    scrub.value = String(t);
    const index = frameIndex(r.frames, t);
    const frame = r.frames[index];
    texts(frame, t);
    impactTitle.textContent = r.impact.title;
    if (plain) {
      drawPlain(frame, t);
    } else {
      const config = { responsive: true, displaylogo: false, modeBarButtonsToRemove: ["select2d", "lasso2d"] };
      const lines = sk.impact.data.map((trace, i) => ({ ...trace, x: r.impact.lines[i].x, y: r.impact.lines[i].y }));
      const impactLayout = {
        ...sk.impact.layout,
        height: height(impactDiv, 200),
        shapes: r.impact.shapes,
        xaxis: { ...sk.impact.layout.xaxis, range: [0, r.impact.minutes / 60] },
      };
      for (const div of [mapDiv, impactDiv]) {
        const placeholder = div.querySelector(".labkit-placeholder");
        if (placeholder) placeholder.remove();
      }
      const work = [P.react(impactDiv, lines, impactLayout, config)];
      // the map's still parts are drawn once per world; a new run only recolours markers
      if (mapSkeleton !== sk || !paintFrame(frame[1])) {
        const [colours, symbols] = styles(frame[1]);
        const data = sk.map.data.map((trace, i) =>
          i === NODES ? { ...trace, marker: { ...trace.marker, color: colours, symbol: symbols } } : trace,
        );
        const mapLayout = { ...sk.map.layout, height: height(mapDiv, 330) };
        work.push(P.react(mapDiv, data, mapLayout, config).then(() => {
          mapSkeleton = sk;
          painted = frame[1];
        }));
      }
      await Promise.all(work);
      placeNow(t);
      if (!window.__labkitMarkerPaths) await primeMarkerPaths();
    }
    shownIndex = index;
    root.dataset.t = String(t);
    bump("run");
    bump("drawn");
  }

  // one frame: the map's colours and shapes, the "now" line and the texts
  async function drawFrame(t) {
    const r = run();
    const index = frameIndex(r.frames, t);
    const frame = r.frames[index];
    texts(frame, t);
    if (plain) {
      drawPlain(frame, t);
    } else {
      if (index !== shownIndex && !paintFrame(frame[1])) {
        bump("replotted"); // a frame plotly had to redraw (slower): counted for the benchmark
        const [colours, symbols] = styles(frame[1]);
        await P.restyle(mapDiv, { "marker.color": [colours], "marker.symbol": [symbols] }, [NODES]);
        painted = frame[1];
      }
      placeNow(t);
    }
    shownIndex = index;
    root.dataset.t = String(t);
    bump("drawn");
  }

  // draw the newest wanted minute, one draw at a time (scrubbing faster than drawing skips)
  async function pump() {
    if (drawing || !alive) return;
    drawing = true;
    try {
      while (wanted !== null && alive) {
        const next = wanted;
        wanted = null;
        if (next.run) await drawRun();
        else await drawFrame(next.t);
      }
    } catch (err) {
      fail(err);
    } finally {
      drawing = false;
    }
  }

  function want(t, wholeRun = false) {
    current = t;
    const runPending = wholeRun || (wanted !== null && wanted.run);
    wanted = { t, run: runPending };
    if (P || plain) pump();
  }

  function syncSoon(delay) {
    clearTimeout(syncTimer);
    syncTimer = setTimeout(() => {
      if (!alive || model.get("t") === current) return;
      lastSync = performance.now();
      model.set("t", current);
      model.save_changes();
    }, delay);
  }

  // ---- time: scrub and Play, all in the browser ----
  scrub.addEventListener("input", () => {
    want(Number(scrub.value));
    syncSoon(SYNC_DELAY);
  });

  function stop() {
    playing = false;
    clearTimeout(playTimer);
    play.textContent = "▶ Play";
    syncSoon(0);
  }

  async function tick() {
    if (!playing || !alive) return;
    const started = performance.now();
    const last = run().last;
    const t = current + STEP;
    if (t > last) {
      stop();
      return;
    }
    scrub.value = String(t);
    want(t);
    while ((drawing || wanted !== null) && alive) await new Promise((r) => setTimeout(r, 4));
    if (performance.now() - lastSync > 1000) syncSoon(0);
    playTimer = setTimeout(tick, Math.max(0, PLAY_INTERVAL - (performance.now() - started)));
  }

  play.addEventListener("click", () => {
    if (playing) {
      stop();
      return;
    }
    if (current >= run().last) want(0);
    playing = true;
    play.textContent = "❚❚ Pause";
    playTimer = setTimeout(tick, 0);
  });

  // ---- the kernel's side ----
  const onRun = () => want(current, true);
  const onT = () => {
    const t = model.get("t");
    if (t !== current && !playing) {
      scrub.value = String(t);
      want(t);
    }
  };
  model.on("change:run", onRun);
  model.on("change:skeleton", onRun);
  model.on("change:t", onT);
  model.on("change:note", showNote);
  showNote();

  // ---- the plain picture, when plotly.js cannot start ----
  function fail(err) {
    if (plain) return;
    plain = true;
    root.dataset.status = "failed";
    const why = err && err.message ? err.message : String(err);
    note.textContent =
      `The interactive figures could not start here (${why}); this is a plain picture ` +
      "of the same run: the time slider and Play still work, zoom and hover do not.";
    note.style.display = "";
    model.set("status", `failed: ${why}`);
    model.save_changes();
    for (const div of [mapDiv, impactDiv]) div.replaceChildren();
    want(current, true);
  }

  function drawPlain(frame, t) {
    const sk = skeleton();
    const r = run();
    const nodes = sk.map.data[NODES];
    const [colours] = styles(frame[1]);
    const w = 900;
    const h = 330;
    const xs = nodes.x;
    const ys = nodes.y;
    const x0 = Math.min(...xs) - 0.5;
    const x1 = Math.max(...xs) + 0.5;
    const sx = (x) => ((x - x0) / (x1 - x0)) * w;
    const sy = (y) => h - ((y + 1.4) / 11.4) * h;
    const map = svg("svg", { viewBox: `0 0 ${w} ${h}`, width: "100%", role: "img" });
    map.setAttribute("aria-label", mapTitle.textContent);
    xs.forEach((x, i) => {
      map.append(svg("circle", { cx: sx(x), cy: sy(ys[i]), r: 6, fill: colours[i], stroke: "#222" }));
    });
    mapDiv.replaceChildren(map);
    const iw = 900;
    const ih = 200;
    const span = r.impact.minutes / 60;
    const impact = svg("svg", { viewBox: `0 0 ${iw} ${ih}`, width: "100%", role: "img" });
    sk.impact.data.forEach((trace, i) => {
      const line = r.impact.lines[i];
      const at = (x, y) => `${(x / span) * iw},${ih - (y / 100) * (ih - 10) - 5}`;
      const pts = line.x.flatMap((x, j) => (j ? [at(x, line.y[j - 1]), at(x, line.y[j])] : [at(x, line.y[j])]));
      impact.append(svg("polyline", { points: pts.join(" "), fill: "none", stroke: trace.line.color, "stroke-width": 3 }));
    });
    const nx = (t / 60 / span) * iw;
    impact.append(svg("line", { x1: nx, x2: nx, y1: 0, y2: ih, stroke: "#666", "stroke-width": 2 }));
    impactDiv.replaceChildren(impact);
  }

  // ---- start: plotly.js, then the first run ----
  loadPlotly(model).then(
    (plotly) => {
      if (!alive) return;
      P = plotly;
      root.dataset.status = "ready";
      model.set("status", "ready");
      model.save_changes();
      want(current, true);
      const hook = () => {
        if (typeof mapDiv.on !== "function") return;
        mapDiv.on("plotly_click", (ev) => {
          const p = ev && ev.points && ev.points[0];
          if (p && p.curveNumber === NODES) model.send({ type: "pick", id: skeleton().components[p.pointNumber] });
        });
      };
      const wait = () => (typeof mapDiv.on === "function" ? hook() : setTimeout(wait, 50));
      wait();
    },
    (err) => fail(err),
  );

  let width = 0;
  const resized = new ResizeObserver(() => {
    const now = root.clientWidth;
    if (now === width) return; // a text grew a line: the plots keep their size
    width = now;
    if (P && !plain && mapDiv.classList.contains("js-plotly-plot")) {
      // plotly redraws the markers from what it computed when the run was drawn: draw the
      // frame again its own way
      Promise.all([P.Plots.resize(mapDiv), P.Plots.resize(impactDiv)]).then(() => {
        painted = null;
        shownIndex = -1;
        want(current);
      });
    }
  });
  resized.observe(root);

  return () => {
    alive = false;
    playing = false;
    clearTimeout(playTimer);
    clearTimeout(syncTimer);
    resized.disconnect();
    model.off("change:run", onRun);
    model.off("change:skeleton", onRun);
    model.off("change:t", onT);
    model.off("change:note", showNote);
    if (P) {
      P.purge(mapDiv);
      P.purge(impactDiv);
    }
  };
}

export default { render };
