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
