"""Build the lessons as a static site that works with no network: ``build/site/``.

usage: python scripts/build_site.py [--out DIR] [--notebooks DIR] [--jobs N]

Every notebook in ``notebooks/`` becomes a page, and so do ``glossary.md`` and
``instructor_guide.md``; ``index.html`` lists them. A page shows the markdown, the code and the
text outputs, and draws the plotly figures with plotly.js, which is copied once into
``assets/`` from the installed plotly package (no CDN, no require.js, no MathJax: the lessons
hold no math). Links between lessons and to the glossary point at the pages.

The committed notebooks keep only text outputs (``scripts/record_notebooks.py`` drops the
figures), so each notebook is run here in a fresh kernel, with ``PLOTLY_RENDERER=
plotly_mimetype`` so that every figure arrives as plotly JSON. A dashboard (``labkit.explore()``,
``outage_explorer()``) needs a kernel to answer its controls; in this build the kernel displays
it as its kernel-free form instead: the dashboard's run drawn in advance as the animated map and
the animated impact figure (:func:`labkit.figures.animated_map`, ``animated_impact``), whose
time sliders and play buttons work in the page. The notebooks on disk are not changed.

At the end it prints the site's size: each page, the shared assets and the total.
"""

from __future__ import annotations

import argparse
import html
import json
import os
import re
import shutil
import sys
from collections.abc import Iterable, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import mistune
import nbformat
import plotly
import site_dashboards  # scripts/, beside this file
from nbclient import NotebookClient
from pygments import highlight
from pygments.formatters import HtmlFormatter
from pygments.lexers import PythonLexer

ROOT = Path(__file__).resolve().parent.parent
PLOTLY_MIME = "application/vnd.plotly.v1+json"
#: What the build's kernel displays for a dashboard: its run as animated figures.
DASHBOARD_MIME = site_dashboards.MIME
DOCS = ("glossary.md", "instructor_guide.md")
ASSETS = "assets"
PLOTLY_JS = f"{ASSETS}/plotly.min.js"
PLOT_CONFIG = {"displaylogo": False, "responsive": True}

# Run before a notebook's first cell, in its kernel only (it is not part of any page).
PREAMBLE = f"""import sys as _sys
_sys.path.insert(0, {str(Path(__file__).resolve().parent)!r})
import site_dashboards as _site_dashboards
_site_dashboards.register()
_sys.path.pop(0)
del _sys, _site_dashboards
"""

CSS = """
body{font-family:system-ui,-apple-system,"Segoe UI",Arial,sans-serif;font-size:17px;
  line-height:1.55;color:#1d1d1d;margin:0;background:#fafafa}
main{max-width:1120px;margin:0 auto;padding:8px 24px 48px;background:#fff}
nav.site{max-width:1120px;margin:0 auto;padding:10px 24px;display:flex;gap:18px;
  flex-wrap:wrap;border-bottom:1px solid #ddd;background:#fff;font-size:15px}
nav.site .next{margin-left:auto}
a{color:#0b5cad}
h1,h2,h3{line-height:1.25}
table{border-collapse:collapse;margin:12px 0}
th,td{border:1px solid #ccc;padding:4px 10px;text-align:left;vertical-align:top}
code{font-family:ui-monospace,Menlo,Consolas,monospace;font-size:.9em;background:#f3f3f3;
  padding:0 3px;border-radius:3px}
pre{font-family:ui-monospace,Menlo,Consolas,monospace;font-size:14px;line-height:1.4;
  overflow-x:auto;padding:8px 12px;margin:0;white-space:pre}
.cell{margin:18px 0}
.markdown{max-width:52rem}
.code .input{background:#f5f7fa;border-left:4px solid #7aa7d6;border-radius:3px}
.output{border-left:4px solid #e2e2e2;margin-top:4px}
.output pre{white-space:pre-wrap;word-break:break-word;background:#fff}
.output .stderr{background:#fff4f4}
.plot{width:100%;min-height:300px}
.figure-summary{font-size:15px;color:#444;margin:8px 0 0}
.dashboard{border:1px solid #c9d7e6;border-radius:4px;padding:8px 10px;background:#f8fbff}
.dashboard .note{color:#7a3d00;margin:4px 0 8px}
.pages li{margin:6px 0}
.live{background:#f5f7fa;padding:10px 14px;border-radius:4px;font-size:15px}
"""

SITE_JS = """// Draws every plotly figure of the page from the JSON stored beside its div.
(function () {
  function draw() {
    document.querySelectorAll('script.plotly-figure').forEach(function (node) {
      var fig = JSON.parse(node.textContent);
      var div = document.getElementById(node.dataset.target);
      Plotly.newPlot(div, fig.data, fig.layout || {}, fig.config || {}).then(function (gd) {
        if (fig.frames && fig.frames.length) { return Plotly.addFrames(gd, fig.frames); }
      });
    });
  }
  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', draw);
  } else {
    draw();
  }
})();
"""


@dataclass(frozen=True)
class Page:
    """One page of the site: where it comes from and where it goes."""

    source: Path
    name: str  # output file name, e.g. "02_dns.html"
    title: str


@dataclass
class Figures:
    """Numbers the figures of one page, so each div id is unique in it."""

    count: int = 0

    def next_id(self) -> str:
        self.count += 1
        return f"fig-{self.count}"


# --------------------------------------------------------------------------------------------
# sources and execution
# --------------------------------------------------------------------------------------------
def page_name(source: Path) -> str:
    """``02_dns.ipynb`` → ``02_dns.html``; ``glossary.md`` → ``glossary.html``."""
    return source.with_suffix(".html").name


def sources(notebooks: Path) -> list[Path]:
    """The notebooks in name order, then the glossary and the instructor guide."""
    found = sorted(notebooks.glob("*.ipynb"))
    docs = [notebooks / d for d in DOCS]
    missing = [str(p) for p in docs if not p.is_file()]
    if not found or missing:
        raise FileNotFoundError(f"no notebooks in {notebooks}" if not found else missing)
    return [*found, *docs]


def kernel_env(root: Path) -> None:
    """What the kernels inherit: figures as plotly JSON, and this checkout's labkit."""
    os.environ["PLOTLY_RENDERER"] = "plotly_mimetype"
    paths = [str(root), *filter(None, os.environ.get("PYTHONPATH", "").split(os.pathsep))]
    os.environ["PYTHONPATH"] = os.pathsep.join(dict.fromkeys(paths))


def execute(path: Path, timeout: int = 600) -> nbformat.NotebookNode:
    """Run a copy of the notebook in a fresh kernel from its own folder; the preamble cell is
    removed again afterwards. An error in a cell stops the build."""
    nb = nbformat.read(path, as_version=4)
    nb.cells.insert(0, nbformat.v4.new_code_cell(PREAMBLE))
    client = NotebookClient(
        nb,
        timeout=timeout,
        resources={"metadata": {"path": str(path.parent)}},
        record_timing=False,
        store_widget_state=False,
    )
    client.execute()
    nb.cells.pop(0)
    return nb


def execute_all(paths: Sequence[Path], jobs: int) -> list[nbformat.NotebookNode]:
    """Run the notebooks, ``jobs`` kernels at a time, in the order given."""
    if jobs <= 1:
        return [execute(p) for p in paths]
    with ProcessPoolExecutor(max_workers=jobs) as pool:
        return list(pool.map(execute, paths))


# --------------------------------------------------------------------------------------------
# rendering
# --------------------------------------------------------------------------------------------
_MARKDOWN = mistune.create_markdown(escape=False, plugins=["table", "strikethrough", "url"])
_LOCAL_LINK = re.compile(r'href="(?![a-z][a-z0-9+.-]*:|#|/)([^"#]*?)\.(?:ipynb|md)(#[^"]*)?"')
_FORMATTER = HtmlFormatter(nowrap=False, cssclass="highlight")
_ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")


def rewrite_links(body: str) -> str:
    """Relative links to ``.ipynb`` and ``.md`` files point at their pages (``.html``)."""
    return _LOCAL_LINK.sub(lambda m: f'href="{m.group(1)}.html{m.group(2) or ""}"', body)


def markdown(text: str) -> str:
    """Markdown as HTML, with links to lessons and docs rewritten to their pages."""
    return rewrite_links(str(_MARKDOWN(text)))


def code(source: str) -> str:
    return highlight(source, PythonLexer(), _FORMATTER)


def script_json(value: Any) -> str:
    """JSON that is safe inside a ``<script>`` element."""
    text = json.dumps(value, separators=(",", ":"), ensure_ascii=False)
    return text.replace("</", "<\\/").replace("<!--", "<\\!--")


def summary(figure: dict[str, Any]) -> str:
    """The one-sentence summary a labkit figure carries (``layout.meta.summary``), or ''."""
    meta = figure.get("layout", {}).get("meta")
    return str(meta.get("summary", "")) if isinstance(meta, dict) else ""


def plot(figure: dict[str, Any], figs: Figures) -> str:
    """A div for one plotly figure, labelled by its summary, and its JSON; ``assets/site.js``
    draws it."""
    target = figs.next_id()
    payload = {**figure, "config": {**PLOT_CONFIG, **figure.get("config", {})}}
    said = summary(figure)
    caption = f'<p class="figure-summary" id="{target}-summary">{html.escape(said)}</p>\n'
    return (
        (caption if said else "")
        + f'<div class="plot" id="{target}"'
        + (f' aria-describedby="{target}-summary"' if said else "")
        + "></div>\n"
        f'<script type="application/json" class="plotly-figure" data-target="{target}">'
        f"{script_json(payload)}</script>"
    )


def dashboard(views: dict[str, Any], figs: Figures) -> str:
    """The kernel-free form of a dashboard: a note and its run's animated figures."""
    plots = "\n".join(plot(f, figs) for f in views["figures"])
    return f'<div class="dashboard"><p class="note">{html.escape(views["note"])}</p>\n{plots}</div>'


def text_block(text: str, cls: str) -> str:
    return f'<pre class="{cls}">{html.escape(_ANSI.sub("", text))}</pre>'


def rich_output(data: dict[str, Any], figs: Figures) -> str:
    """The richest form of a display that a page without a kernel can show."""
    if DASHBOARD_MIME in data:
        return dashboard(data[DASHBOARD_MIME], figs)
    if PLOTLY_MIME in data:
        return plot(data[PLOTLY_MIME], figs)
    if "text/html" in data:
        return str(data["text/html"])
    if "image/png" in data:
        return f'<img alt="figure" src="data:image/png;base64,{data["image/png"].strip()}">'
    if "text/plain" in data:
        return text_block(data["text/plain"], "result")
    return ""


def outputs(cell: nbformat.NotebookNode, figs: Figures) -> str:
    """A code cell's outputs; consecutive writes to one stream are joined."""
    parts: list[str] = []
    stream: tuple[str, list[str]] | None = None
    for out in cell.get("outputs", []):
        if out.output_type == "stream":
            if stream and stream[0] == out.name:
                stream[1].append(out.text)
                continue
            if stream:
                parts.append(text_block("".join(stream[1]), stream[0]))
            stream = (out.name, [out.text])
            continue
        if stream:
            parts.append(text_block("".join(stream[1]), stream[0]))
            stream = None
        if out.output_type == "error":
            parts.append(text_block("\n".join(out.traceback), "stderr"))
        else:
            parts.append(rich_output(out.get("data", {}), figs))
    if stream:
        parts.append(text_block("".join(stream[1]), stream[0]))
    shown = "\n".join(p for p in parts if p)
    return f'<div class="output">{shown}</div>' if shown else ""


def notebook_body(nb: nbformat.NotebookNode) -> tuple[str, int]:
    """The cells of a notebook as HTML, and how many plotly figures it draws."""
    figs = Figures()
    cells = []
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            cells.append(f'<div class="cell markdown">{markdown(cell.source)}</div>')
        elif cell.cell_type == "code":
            cells.append(
                f'<div class="cell code"><div class="input">{code(cell.source)}</div>'
                f"{outputs(cell, figs)}</div>"
            )
    return "\n".join(cells), figs.count


def title_of(text: str, fallback: str) -> str:
    """The first heading of a markdown text, as plain text."""
    match = re.search(r"^#{1,2}\s+(.+)$", text, flags=re.MULTILINE)
    return re.sub(r"[*_`]", "", match.group(1)).strip() if match else fallback


def page_title(source: Path) -> str:
    if source.suffix == ".md":
        return title_of(source.read_text(encoding="utf-8"), source.stem)
    nb = nbformat.read(source, as_version=4)
    first = next((c.source for c in nb.cells if c.cell_type == "markdown"), "")
    return title_of(first, source.stem)


def nav(pages: Sequence[Page], index: int | None) -> str:
    """Links to the index and to the previous and next pages."""
    links = ['<a href="index.html">All lessons</a>']
    if index is not None and index > 0:
        prev = pages[index - 1]
        links.append(f'<a href="{prev.name}">← {html.escape(prev.title)}</a>')
    if index is not None and index + 1 < len(pages):
        nxt = pages[index + 1]
        links.append(f'<a class="next" href="{nxt.name}">{html.escape(nxt.title)} →</a>')
    return f'<nav class="site">{"".join(links)}</nav>'


def document(title: str, body: str, navigation: str, figures: int) -> str:
    """A whole page; plotly.js is loaded (from the site's one copy) only where figures are."""
    scripts = (
        f'<script src="{PLOTLY_JS}"></script>\n<script src="{ASSETS}/site.js"></script>\n'
        if figures
        else ""
    )
    return (
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{html.escape(title)} · Outage Lab</title>\n"
        f'<link rel="stylesheet" href="{ASSETS}/site.css">\n</head>\n<body>\n'
        f"{navigation}\n<main>\n{body}\n</main>\n{navigation}\n{scripts}</body>\n</html>\n"
    )


def index_body(pages: Sequence[Page]) -> str:
    items = "\n".join(f'<li><a href="{p.name}">{html.escape(p.title)}</a></li>' for p in pages)
    return (
        "<h1>Outage Lab</h1>\n<p>The lessons as pages, with their outputs. Figures are "
        "interactive (hover, zoom, time sliders and play buttons) and need no network.</p>\n"
        '<p class="live">What is not live here: code cells cannot be run or changed, and the '
        "dashboards' controls need a Python kernel; each dashboard is shown as the run it opens "
        "with, drawn in advance as an animated map and impact figure. Open the notebooks in "
        "JupyterLab (<code>make lab</code>) to change and run them.</p>\n"
        f'<ul class="pages">\n{items}\n</ul>'
    )


# --------------------------------------------------------------------------------------------
# the site
# --------------------------------------------------------------------------------------------
def write_assets(out: Path) -> None:
    """plotly.js (once for the whole site, from the installed plotly), the script that draws
    the figures, and the style sheet (with the code highlighting's colours)."""
    assets = out / ASSETS
    assets.mkdir(parents=True, exist_ok=True)
    bundled = Path(plotly.__file__).parent / "package_data" / "plotly.min.js"
    shutil.copyfile(bundled, out / PLOTLY_JS)
    (assets / "site.js").write_text(SITE_JS, encoding="utf-8")
    css = CSS + _FORMATTER.get_style_defs(".highlight")
    (assets / "site.css").write_text(css, encoding="utf-8")


def build(notebooks: Path, out: Path, jobs: int = 2) -> list[Page]:
    """Build the whole site into ``out`` (emptied first); returns its pages in order."""
    paths = sources(notebooks)
    pages = [Page(p, page_name(p), page_title(p)) for p in paths]
    kernel_env(ROOT)
    ran = iter(execute_all([p for p in paths if p.suffix == ".ipynb"], jobs))
    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)
    write_assets(out)
    for i, page in enumerate(pages):
        if page.source.suffix == ".ipynb":
            body, figures = notebook_body(next(ran))
        else:
            body, figures = markdown(page.source.read_text(encoding="utf-8")), 0
        text = document(page.title, body, nav(pages, i), figures)
        (out / page.name).write_text(text, encoding="utf-8")
    index = document("Lessons", index_body(pages), nav(pages, None), 0)
    (out / "index.html").write_text(index, encoding="utf-8")
    return pages


_ASSET_REF = re.compile(rf'(?:src|href)="({ASSETS}/[^"]+)"')


def sizes(out: Path) -> list[tuple[str, int, int | None]]:
    """Every file of the site, pages first, then assets: its name, its bytes and, for a page,
    the bytes a first visit loads (the page and the assets it refers to)."""
    files = sorted(out.rglob("*"), key=lambda p: (p.parent != out, str(p)))
    rows: list[tuple[str, int, int | None]] = []
    for path in (p for p in files if p.is_file()):
        size = path.stat().st_size
        loaded = None
        if path.suffix == ".html":
            refs = set(_ASSET_REF.findall(path.read_text(encoding="utf-8")))
            loaded = size + sum((out / ref).stat().st_size for ref in refs)
        rows.append((path.relative_to(out).as_posix(), size, loaded))
    return rows


def size_table(rows: Iterable[tuple[str, int, int | None]]) -> str:
    """A markdown table of file sizes in kB, with the total."""
    rows = list(rows)
    lines = ["| file | kB | kB loaded on a first visit |", "| --- | ---: | ---: |"]
    for name, size, loaded in rows:
        first = "" if loaded is None else f"{loaded / 1000:,.1f}"
        lines.append(f"| {name} | {size / 1000:,.1f} | {first} |")
    lines.append(f"| **total** | **{sum(r[1] for r in rows) / 1000:,.1f}** | |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "build" / "site")
    parser.add_argument("--notebooks", type=Path, default=ROOT / "notebooks")
    parser.add_argument("--jobs", type=int, default=2, help="kernels run at once")
    args = parser.parse_args(argv)
    pages = build(args.notebooks, args.out, args.jobs)
    print(f"{len(pages) + 1} pages in {args.out} (open {args.out / 'index.html'})\n")
    print(size_table(sizes(args.out)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
