"""Sweeps drawn: one curve of a :class:`~labkit.sweeping.SweepTable`, a result against a
parameter, with a title that states the finding (computed from the table's rows by the
matching ``*_finding`` of :mod:`labkit.sweeps`, never written in advance).

>>> from labkit import sweeps
>>> fig = failover_figure(sweeps.failover_sweep([0, 5, 60], progress=False))
>>> print(fig.layout.title.text.replace("<br>", " "))
User-hours down grow with the failover delay: 0 at 0 min, 44.5M at 60 min (0.74M per minute of
delay on average)
"""

from __future__ import annotations

import plotly.graph_objects as go

from ._types import (
    SWEEP_TABLE,
    SweepTable,
    budget_finding,
    check_height,
    expect_type,
    failover_finding,
    rpki_finding,
    ttl_finding,
)
from .style import finish, wrap

__all__ = ["budget_figure", "failover_figure", "rpki_figure", "sweep_figure", "ttl_figure"]

_LINE = dict(color="#0072B2", width=3)
_MARKER = dict(color="#0072B2", size=10, symbol="circle", line=dict(color="#222222", width=1))


def sweep_figure(
    table: SweepTable,
    x: str,
    y: str,
    *,
    title: str | None = None,
    x_title: str | None = None,
    y_title: str | None = None,
    y_format: str = "",
    log_x: bool = False,
    height: int = 440,
) -> go.Figure:
    """Column ``y`` of ``table`` against column ``x``: a line with a marker per point, in the
    order of ``x``. Rows with an error are left out (and said in the summary).

    Parameters
    ----------
    table : SweepTable
        From :func:`labkit.sweep` or a ready-made sweep of :mod:`labkit.sweeps`.
    x, y : str
        Column names of ``table``.
    title : str, optional
        The title (default: "y against x"); the ready-made figures give their finding.
    x_title, y_title : str, optional
        Axis titles (default: the column names).
    y_format : str, default ""
        A d3 format for the y axis, e.g. ".0%" for shares.
    log_x : bool, default False
        A logarithmic x axis (for TTLs from a minute to hours).
    height : int, default 440
        Height in pixels.

    Returns
    -------
    plotly.graph_objects.Figure

    Raises
    ------
    TypeError
        If ``table`` is not a SweepTable.
    ValueError
        If ``x`` or ``y`` is not a column of the table (with the closest names), or
        ``height`` is not a whole number of pixels > 0.

    Examples
    --------
    >>> import labkit
    >>> t = labkit.sweep(lambda p: {"y": p["x"] ** 2}, {"x": [1, 2, 3]}, progress=False)
    >>> sweep_figure(t, "x", "y").data[0].y
    (1, 4, 9)
    >>> sweep_figure(t, "x", "yy")
    Traceback (most recent call last):
    ...
    ValueError: name: unknown value 'yy'. Did you mean 'y'? Allowed: x, y
    """
    expect_type("table", table, SweepTable, SWEEP_TABLE)
    check_height("height", height)
    table.column(x), table.column(y)  # unknown names: a clear error with the closest ones
    rows = sorted(
        (r for r in table.rows if "error" not in r and r.get(x) is not None),
        key=lambda r: r[x],
    )
    xs, ys = [r[x] for r in rows], [r.get(y) for r in rows]
    fig = go.Figure()
    fig.add_scatter(x=xs, y=ys, mode="lines+markers", line=_LINE, marker=_MARKER, name=y)
    fig.update_xaxes(
        title=x_title or x, type="log" if log_x else "linear", showgrid=True, gridcolor="#DDDDDD"
    )
    fig.update_yaxes(title=y_title or y, tickformat=y_format, showgrid=True, gridcolor="#DDDDDD")
    text = title or f"{y} against {x}"
    summary = f"{text}. {len(rows)} points"
    if table.errors:
        summary += f"; {len(table.errors)} failed and are not drawn"
    if table.partial:
        summary += f"; partial sweep ({table.done} of {table.points} points)"
    return finish(fig, wrap(text, 80), summary + ".", height=height, showlegend=False)


def ttl_figure(table: SweepTable, *, height: int = 440) -> go.Figure:
    """A :func:`labkit.sweeps.ttl_sweep`: minutes a wrong record lingers after its fix, by TTL.

    >>> from labkit import sweeps
    >>> ttl_figure(sweeps.ttl_sweep([60, 600], progress=False)).layout.xaxis.type
    'log'
    """
    expect_type("table", table, SweepTable, SWEEP_TABLE)
    return sweep_figure(
        table, "ttl", "minutes_after_fix", title=ttl_finding(table), log_x=True, height=height,
        x_title="TTL of the wrong record (s, log scale)",
        y_title="minutes until every resolver is right again",
    )  # fmt: skip


def rpki_figure(table: SweepTable, *, height: int = 440) -> go.Figure:
    """An :func:`labkit.sweeps.rpki_sweep`: share of ASes a hijack reaches, by RPKI adoption.

    >>> from labkit import sweeps
    >>> rpki_figure(sweeps.rpki_sweep([0.0, 1.0], n=300, progress=False)).data[0].y[-1]
    0.0
    """
    expect_type("table", table, SweepTable, SWEEP_TABLE)
    return sweep_figure(
        table, "adoption", "reach", title=rpki_finding(table), height=height, y_format=".0%",
        x_title="share of ASes that validate origins (RPKI)",
        y_title="share of ASes whose packets reach the hijacker",
    )  # fmt: skip


def failover_figure(table: SweepTable, *, height: int = 440) -> go.Figure:
    """A :func:`labkit.sweeps.failover_sweep`: user-hours down, by failover delay."""
    expect_type("table", table, SweepTable, SWEEP_TABLE)
    return sweep_figure(
        table, "failover_delay", "user_hours_down", title=failover_finding(table),
        height=height, x_title="failover delay (minutes of failed health checks)",
        y_title="user-hours of apps down",
    )  # fmt: skip


def budget_figure(table: SweepTable, *, height: int = 440) -> go.Figure:
    """A :func:`labkit.sweeps.budget_sweep`: the best score (user-hours saved), by budget.

    >>> from labkit import sweeps
    >>> budget_figure(sweeps.budget_sweep([0, 5], progress=False)).data[0].x
    (0, 5)
    """
    expect_type("table", table, SweepTable, SWEEP_TABLE)
    return sweep_figure(
        table, "budget", "saved", title=budget_finding(table), height=height,
        x_title="budget (credits per month)", y_title="best score: user-hours saved",
    )  # fmt: skip
