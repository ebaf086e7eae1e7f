"""The model needs only the standard library and networkx (see DESIGN.md, Dependencies)."""

from __future__ import annotations

import subprocess
import sys

import pytest

import labkit

HEAVY = ("plotly", "ipywidgets", "numpy", "pandas", "anywidget")


def test_model_imports_neither_plotting_nor_dataframes():
    code = (
        "import sys, labkit\n"
        "net = labkit.build_internet()\n"
        "t = labkit.simulate(net, labkit.Scenario([labkit.RegionOutage('nimbus-us-east')]))\n"
        "t.explain('shopfast', '09:00'); t.impact_summary(); t.rows()\n"
        "import labkit.checks\n"
        f"print([m for m in {HEAVY!r} if m in sys.modules])\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_to_pandas_is_optional():
    t = labkit.simulate(labkit.build_internet(), labkit.Scenario())
    try:
        import pandas  # noqa: F401
    except ImportError:
        with pytest.raises(ImportError, match="pip install pandas"):
            t.to_pandas()
    else:
        df = t.to_pandas()
        assert list(df.columns) == ["start", "end", "component", "kind", "state", "cause"]
        assert len(df) == len(t.rows())
