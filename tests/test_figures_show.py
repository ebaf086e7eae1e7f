"""``labkit.figures.show`` displays a figure's MIME bundle itself, so it works where plotly's
``fig.show()`` cannot: in the browser-only edition (Pyodide), which has no nbformat.

What ``show`` must send is worked out from plotly's own rules, not from a recorded output:
``fig.show()`` with the "plotly_mimetype" renderer displays, raw, one bundle holding the figure's
JSON under ``application/vnd.plotly.v1+json`` (plotly.io's ``PlotlyRenderer.to_mimebundle``);
in Pyodide plotly's own default would be "plotly_mimetype+notebook", whose notebook half carries
plotly.js inline, so there ``show`` keeps the plotly MIME type alone.
"""

from __future__ import annotations

import json
import sys

import IPython.display
import plotly.graph_objects as go
import plotly.io as pio
import plotly.io._renderers as plotly_renderers  # where plotly keeps its nbformat check
import pytest

from labkit.figures import show

PLOTLY_MIME = "application/vnd.plotly.v1+json"


@pytest.fixture
def shown(monkeypatch: pytest.MonkeyPatch) -> list[tuple[object, dict]]:
    """Every object given to IPython's ``display``, with its keywords (what the front end gets)."""
    calls: list[tuple[object, dict]] = []

    def fake_display(*objs: object, **kwargs: object) -> None:
        calls.extend((obj, dict(kwargs)) for obj in objs)

    monkeypatch.setattr(IPython.display, "display", fake_display)  # plotly.io uses it too
    return calls


@pytest.fixture
def figure() -> go.Figure:
    return go.Figure(go.Scatter(x=[1, 2], y=[3, 4]), layout_title_text="Two points")


def test_show_sends_what_fig_show_sends_with_the_plotly_renderer(
    shown: list, figure: go.Figure, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(pio.renderers, "default", "plotly_mimetype")
    show(figure)
    ours = list(shown)
    shown.clear()
    pio.show(figure)  # what fig.show() does; nbformat is installed here
    theirs = list(shown)
    assert len(ours) == 1 and ours == theirs
    bundle, kwargs = ours[0]
    assert kwargs == {"raw": True}
    assert list(bundle) == [PLOTLY_MIME]
    assert bundle[PLOTLY_MIME]["layout"]["title"]["text"] == "Two points"
    assert bundle[PLOTLY_MIME]["data"][0]["y"] == [3, 4]


def test_show_needs_no_nbformat_and_in_pyodide_sends_only_the_plotly_mime_type(
    shown: list, figure: go.Figure, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Pyodide: no nbformat, sys.platform "emscripten", and plotly's fallback default renderer.
    monkeypatch.setattr(plotly_renderers, "nbformat", None)
    monkeypatch.setattr(sys, "platform", "emscripten")
    monkeypatch.delenv("PLOTLY_RENDERER", raising=False)
    monkeypatch.setattr(pio.renderers, "default", "plotly_mimetype+notebook")
    with pytest.raises(ValueError, match="nbformat"):
        pio.show(figure)  # why show() cannot simply call fig.show() there
    show(figure)
    assert len(shown) == 1
    bundle, kwargs = shown[0]
    assert kwargs == {"raw": True}
    assert list(bundle) == [PLOTLY_MIME], "no text/html: plotly.js must not travel inline"
    assert json.loads(json.dumps(bundle[PLOTLY_MIME]))["data"][0]["x"] == [1, 2]


def test_show_in_pyodide_follows_an_explicit_renderer(
    shown: list, figure: go.Figure, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(plotly_renderers, "nbformat", None)
    monkeypatch.setattr(sys, "platform", "emscripten")
    monkeypatch.setenv("PLOTLY_RENDERER", "json")
    monkeypatch.setattr(pio.renderers, "default", "json")
    show(figure)
    assert list(shown[0][0]) == ["application/json"]
