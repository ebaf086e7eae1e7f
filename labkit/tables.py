"""Tidy tables: results are lists of plain dataclasses; pandas is an optional view of them.

>>> from dataclasses import dataclass
>>> @dataclass
... class R:
...     a: int
>>> rows_as_dicts([R(1), R(2)])
[{'a': 1}, {'a': 2}]
"""

from __future__ import annotations

import sys
from dataclasses import asdict
from typing import Any

__all__ = ["dicts_to_pandas", "rows_as_dicts", "to_pandas"]


def rows_as_dicts(rows: list) -> list[dict[str, Any]]:
    """Each dataclass row as a plain dict."""
    return [asdict(r) for r in rows]


def _pandas() -> Any:
    try:
        import pandas as pd
    except ImportError as err:
        if sys.platform == "emscripten":  # the browser-only edition (Pyodide)
            how = "the browser-only edition has no pandas (it cannot be installed there); use"
        else:
            how = "`pip install pandas`, or use"
        raise ImportError(
            f"to_pandas() needs pandas, which labkit does not require: {how} the plain rows "
            "(a list of dataclasses) instead"
        ) from err
    return pd


def dicts_to_pandas(rows: list[dict[str, Any]], columns: list[str]) -> Any:
    """``rows`` (plain dicts, some maybe missing a column) as a pandas DataFrame with
    ``columns`` in that order; pandas is optional, as for :func:`to_pandas`."""
    return _pandas().DataFrame(rows, columns=columns)


def to_pandas(rows: list) -> Any:
    """``rows`` (dataclasses) as a pandas DataFrame. pandas is optional on purpose (the model
    must run where it is not installed); without it this says how to get it."""
    return _pandas().DataFrame(rows_as_dicts(rows))
