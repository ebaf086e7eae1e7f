"""The static site (``make site``): a page per lesson and doc, links that resolve, plotly.js
shipped once, nothing fetched from another host, the lessons' text outputs and dashboards kept.

The site is built once per session (``static_site`` in ``tests/conftest.py``); the browser
half (a figure drawn, a slider that works, offline) is ``tests/e2e/test_static_site_browser.py``.
"""

from __future__ import annotations

import html
import json
import re
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import nbformat
import plotly
import pytest

REPO_ROOT = Path(__file__).resolve().parent.parent
StaticSite = Any  # tests/conftest.py: .path (the site's folder) and .output (what it printed)
NOTEBOOKS = REPO_ROOT / "notebooks"
LESSONS = sorted(NOTEBOOKS.glob("*.ipynb"))
SOURCES = [*LESSONS, NOTEBOOKS / "glossary.md", NOTEBOOKS / "instructor_guide.md"]
PLOTLY_JS = Path(plotly.__file__).parent / "package_data" / "plotly.min.js"
# the comment plotly.min.js opens with: a page holding it inline would contain this
PLOTLY_BANNER = PLOTLY_JS.read_text(encoding="utf-8")[:200].split("\n")[1].strip()


class Refs(HTMLParser):
    """Every href and src of a page, and the src of each script element."""

    def __init__(self) -> None:
        super().__init__()
        self.refs: list[str] = []
        self.scripts: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if name in ("href", "src") and value is not None:
                self.refs.append(value)
                if tag == "script" and name == "src":
                    self.scripts.append(value)


def refs(page: Path) -> Refs:
    parser = Refs()
    parser.feed(page.read_text(encoding="utf-8"))
    return parser


def pages(site: StaticSite) -> list[Path]:
    return sorted(site.path.glob("*.html"))


def markdown_of(source: Path) -> str:
    if source.suffix == ".md":
        return source.read_text(encoding="utf-8")
    nb = nbformat.read(source, as_version=4)
    return "\n".join(c.source for c in nb.cells if c.cell_type == "markdown")


def test_every_lesson_and_doc_has_a_page_listed_on_the_index(static_site: StaticSite) -> None:
    # the numbered lessons 00, 01, ... with no gap (each links to the next), demo_mechanisms,
    # the glossary and the instructor guide: nothing a learner can open is left without a page
    numbers = sorted(int(p.name[:2]) for p in LESSONS if p.name[:2].isdigit())
    assert numbers == list(range(len(numbers))) and len(numbers) >= 8, numbers
    names = {p.name for p in SOURCES}
    assert {"demo_mechanisms.ipynb", "glossary.md", "instructor_guide.md"} <= names, names
    index = refs(static_site.path / "index.html").refs
    for source in SOURCES:
        page = static_site.path / source.with_suffix(".html").name
        assert page.is_file(), f"no page for {source.name}"
        assert page.name in index, f"index.html does not link {page.name}"
    assert {p.name for p in pages(static_site)} == {
        *(s.with_suffix(".html").name for s in SOURCES),
        "index.html",
    }


def test_every_local_link_resolves_and_none_points_at_a_notebook(static_site: StaticSite) -> None:
    for page in pages(static_site):
        for ref in refs(page).refs:
            if re.match(r"[a-z][a-z0-9+.-]*:", ref) or ref.startswith("#"):
                continue  # another site (not fetched: a learner follows it) or an anchor
            target = ref.split("#")[0]
            assert not target.endswith((".ipynb", ".md")), f"{page.name}: {ref}"
            assert (static_site.path / target).is_file(), f"{page.name} links {ref}: missing"


@pytest.mark.parametrize("source", SOURCES, ids=lambda p: p.name)
def test_links_between_lessons_and_to_the_glossary_point_at_the_pages(
    static_site: StaticSite, source: Path
) -> None:
    # each markdown link [text](NAME.ipynb) or [text](NAME.md) in the source is one link to
    # NAME.html on its page (the navigation bars add more, never fewer)
    wanted = re.findall(r"\]\(([\w.-]+)\.(?:ipynb|md)\)", markdown_of(source))
    page = refs(static_site.path / source.with_suffix(".html").name).refs
    for name in set(wanted):
        assert page.count(f"{name}.html") >= wanted.count(name), (source.name, name)


def test_plotly_js_is_shipped_once_and_each_page_with_figures_loads_that_copy(
    static_site: StaticSite,
) -> None:
    copies = [p for p in static_site.path.rglob("*") if "plotly" in p.name]
    assert [p.relative_to(static_site.path).as_posix() for p in copies] == ["assets/plotly.min.js"]
    assert copies[0].read_bytes() == PLOTLY_JS.read_bytes()
    with_figures = 0
    for page in pages(static_site):
        text = page.read_text(encoding="utf-8")
        assert PLOTLY_BANNER not in text, f"{page.name} holds plotly.js inline"
        loaded = [s for s in refs(page).scripts if "plotly" in s]
        if 'class="plotly-figure"' in text:
            with_figures += 1
            assert loaded == ["assets/plotly.min.js"], (page.name, loaded)
        else:
            assert loaded == [], page.name
    # every lesson 00-07 has at least its dashboard's figures
    assert with_figures >= 8


def test_nothing_is_loaded_from_another_host(static_site: StaticSite) -> None:
    for page in pages(static_site):
        text = page.read_text(encoding="utf-8").lower()
        for name in (
            "require.js",
            "require.min.js",
            "requirejs",
            "mathjax",
            "cdn.plot.ly",
            "unpkg",
        ):
            assert name not in text, f"{page.name} mentions {name}"
        for ref in refs(page).scripts:
            assert not re.match(r"([a-z]+:)?//", ref), f"{page.name} loads {ref}"
        loaded = re.findall(r'<(?:script|link|img)[^>]+(?:src|href)="((?:https?:)?//[^"]+)"', text)
        assert loaded == [], (page.name, loaded)


@pytest.mark.parametrize("lesson", LESSONS, ids=lambda p: p.name)
def test_text_outputs_and_code_are_on_the_page(static_site: StaticSite, lesson: Path) -> None:
    # the cells nbval compares hold the numbers the lessons quote: the committed outputs of
    # those cells are what a fresh run prints, so the page built from a fresh run shows them
    nb = nbformat.read(lesson, as_version=4)
    page = (static_site.path / lesson.with_suffix(".html").name).read_text(encoding="utf-8")
    code_cells = [c for c in nb.cells if c.cell_type == "code"]
    assert page.count('<div class="cell code">') == len(code_cells)
    checked = [c for c in code_cells if "nbval-check-output" in c.metadata.get("tags", [])]
    for cell in checked:
        for out in cell.outputs:
            text = out.get("text") or out.get("data", {}).get("text/plain", "")
            for line in filter(None, (ln.strip() for ln in text.splitlines())):
                assert html.escape(line) in page, f"{lesson.name}: {line!r} not on the page"


@pytest.mark.parametrize("lesson", LESSONS, ids=lambda p: p.name)
def test_each_dashboard_becomes_its_animated_map_and_impact_figure(
    static_site: StaticSite, lesson: Path
) -> None:
    # a code cell that opens a dashboard (explore(...) or outage_explorer(...)) gives one
    # kernel-free dashboard on the page: a note and two figures, each with a time slider
    # and one frame per moment
    nb = nbformat.read(lesson, as_version=4)
    opening = [
        c
        for c in nb.cells
        if c.cell_type == "code" and re.search(r"\b(explore|outage_explorer)\(", c.source)
    ]
    page = (static_site.path / lesson.with_suffix(".html").name).read_text(encoding="utf-8")
    blocks = page.split('<div class="dashboard">')[1:]
    assert len(blocks) == len(opening), lesson.name
    for block in blocks:
        assert "need a running Python kernel" in block
        # both figures say what they show in a sentence (for screen readers, and skimmers)
        assert block.count('class="figure-summary"') >= 2
        figures = re.findall(
            r'<script type="application/json" class="plotly-figure"[^>]*>(.*?)</script>', block
        )[:2]
        assert len(figures) == 2
        for raw in figures:
            fig = json.loads(raw)
            steps = fig["layout"]["sliders"][0]["steps"]
            assert len(steps) == len(fig["frames"]) > 24, "fewer frames than hours in a day"
            assert [s["args"][0][0] for s in steps] == [f["name"] for f in fig["frames"]]


def test_the_build_prints_each_page_size_and_the_total(static_site: StaticSite) -> None:
    if static_site.output is None:
        pytest.skip("OUTAGE_LAB_SITE names a site built before: its build's output is not here")
    plotly_kb = PLOTLY_JS.stat().st_size / 1000
    for page in pages(static_site):
        kb = page.stat().st_size / 1000
        assert f"| {page.name} | {kb:,.1f} | " in static_site.output
    # a lesson's first visit loads plotly.js too (and a style sheet and a script of a few kB)
    row = re.search(r"\| 02_dns.html \| ([\d,.]+) \| ([\d,.]+) \|", static_site.output)
    assert row, static_site.output
    page_kb, first_kb = (float(x.replace(",", "")) for x in row.groups())
    assert page_kb + plotly_kb < first_kb < page_kb + plotly_kb + 50
    total = sum(p.stat().st_size for p in static_site.path.rglob("*") if p.is_file()) / 1000
    assert f"| **total** | **{total:,.1f}** |" in static_site.output
