"""What labkit says in the browser-only edition (Pyodide, ``sys.platform == "emscripten"``) where
something cannot work there, instead of advice that cannot be followed there.

(``labkit.figures.show`` without nbformat: ``tests/test_figures_show.py``; the lessons in the
browser: ``tests/e2e/test_lite_browser.py``.)
"""

from __future__ import annotations

import sys

import pytest

import labkit


def test_to_pandas_in_the_browser_says_pandas_cannot_be_had_there(monkeypatch):
    t = labkit.simulate(labkit.build_internet(), labkit.Scenario())
    monkeypatch.setitem(sys.modules, "pandas", None)  # `import pandas` fails, as in Pyodide
    monkeypatch.setattr(sys, "platform", "emscripten")
    with pytest.raises(ImportError, match="browser-only edition has no pandas") as err:
        t.to_pandas()
    assert "pip install" not in str(err.value), "advice that cannot be followed in the browser"
    assert "plain rows" in str(err.value)


def test_to_pandas_elsewhere_still_says_how_to_install_it(monkeypatch):
    t = labkit.simulate(labkit.build_internet(), labkit.Scenario())
    monkeypatch.setitem(sys.modules, "pandas", None)
    with pytest.raises(ImportError, match="pip install pandas"):
        t.to_pandas()


def test_a_bare_figure_displays_through_show_in_the_browser(monkeypatch):
    # Lesson 07 leaves replay_figure(...) as a cell's last value: IPython then calls the
    # ipython_display formatter, which plotly answers with fig.show() (needs nbformat).
    import IPython.display
    import plotly.graph_objects as go
    import plotly.io as pio
    import plotly.io._renderers as plotly_renderers
    from IPython.core.formatters import DisplayFormatter

    from labkit.figures import style

    class Shell:  # what the hook needs of the kernel's shell
        display_formatter = DisplayFormatter()

    shell = Shell()
    fig = go.Figure(layout_title_text="A replay")
    shown: list = []
    monkeypatch.setattr(IPython.display, "display", lambda *o, **k: shown.append((o, k)))
    monkeypatch.setattr(plotly_renderers, "nbformat", None)
    monkeypatch.setattr(pio.renderers, "default", "plotly_mimetype")

    assert style._show_bare_figures_in_pyodide(shell) is False  # not in the browser: untouched
    shell.display_formatter.ipython_display_formatter(fig)  # IPython prints plotly's error
    assert shown == [], "plotly's own path displays nothing without nbformat"

    monkeypatch.setattr(sys, "platform", "emscripten")
    assert style._show_bare_figures_in_pyodide(shell) is True
    assert shell.display_formatter.ipython_display_formatter(fig) is True
    ((bundle,), kwargs), *rest = shown
    assert not rest and kwargs == {"raw": True}
    assert list(bundle) == ["application/vnd.plotly.v1+json"]
    assert bundle["application/vnd.plotly.v1+json"]["layout"]["title"]["text"] == "A replay"
