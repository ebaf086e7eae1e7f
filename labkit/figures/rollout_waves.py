"""Config pushes: how far a bad config got, strategy by strategy. The share of the fleet on
the bad config and the capacity it serves over time, with each wave, halt, revert, rollback
and repair marked.

>>> from labkit.mechanisms.rollout import ConfigVersion, GlobalPush, StagedPush, push, toy_fleets
>>> fleet, bad = toy_fleets()["edgefast"], ConfigVersion("v2", effect="crash")
>>> fig = rollout_waves_figure({
...     "global": push(fleet, bad, GlobalPush(revert_after=30), "10:00"),
...     "staged": push(fleet, bad, StagedPush(), "10:00")})
>>> print(fig.layout.title.text.replace("<br>", "\\n"))
Bad config reached 100% of the fleet with global, 6% with
staged
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import plotly.graph_objects as go
from plotly.subplots import make_subplots

from ..clock import fmt_time
from ._types import ROLLOUTS, Rollout, check_height, expect_type, got
from .layout import clock_ticks
from .style import EVENT_SYMBOL, STRATEGY_STYLE, finish, legend_only, wrap

__all__ = ["rollout_waves_figure"]


def _step_xy(rows: Any, attr: str, end: int) -> tuple[list[int], list[float]]:
    xs, ys = [], []
    for r in rows:
        xs.append(r.start)
        ys.append(round(100 * getattr(r, attr), 2))
    xs.append(end)
    ys.append(ys[-1])
    return xs, ys


def _around(ro: Rollout, m: int) -> float:
    """The share on the bad config just before or at minute ``m``, whichever is higher (where
    an event's marker sits on the line)."""
    shares = [ro.share_bad(x) for x in (m - 1, m) if 0 <= x < ro.minutes]
    return round(100 * max(shares, default=0.0), 2)


def _check_rollouts(rollouts: Any) -> None:
    expect_type("rollouts", rollouts, Mapping, ROLLOUTS)
    if not rollouts:
        raise ValueError("rollouts: got an empty mapping; allowed: {label: Rollout, ...}")
    for label, ro in rollouts.items():
        if not isinstance(label, str):
            raise TypeError(f"rollouts: got a key {got(label)}; allowed: {ROLLOUTS}")
        if not isinstance(ro, Rollout):
            raise TypeError(f"rollouts[{label!r}]: got {got(ro)}; allowed: {ROLLOUTS}")


def rollout_waves_figure(rollouts: dict[str, Rollout], *, height: int = 620) -> go.Figure:
    """Two panels over time, one line style per strategy: the share of the fleet on the bad
    config (top) and the share of normal capacity it serves (bottom). Markers show each wave
    going out, the health gate halting the push or operators reverting it, the rollback and
    the last repair; hover over them for what happened.

    ``rollouts`` maps a label ("global", "staged with halt", …) to a
    :class:`~labkit.mechanisms.rollout.Rollout` from :func:`labkit.mechanisms.rollout.push`.
    """
    _check_rollouts(rollouts)
    check_height("height", height)
    fig = make_subplots(
        rows=2,
        cols=1,
        shared_xaxes=True,
        vertical_spacing=0.1,
        subplot_titles=["<b>fleet on the bad config (%)</b>", "<b>capacity served (%)</b>"],
    )
    marks: list[int] = []
    end = max(r.minutes for r in rollouts.values())
    kinds_seen: set[str] = set()
    for i, (label, ro) in enumerate(rollouts.items()):
        colour, dash, symbol = STRATEGY_STYLE[i % len(STRATEGY_STYLE)]
        for row, attr in ((1, "share_bad"), (2, "share_healthy")):
            xs, ys = _step_xy(ro.rows, attr, ro.minutes)
            fig.add_scatter(
                x=xs,
                y=ys,
                mode="lines",
                name=label,
                legendgroup=label,
                showlegend=row == 1,
                line=dict(color=colour, dash=dash, width=4 - i % 2, shape="hv"),
                hovertemplate=f"{label}: %{{y:.0f}}%<extra></extra>",
                row=row,
                col=1,
            )
        ev = list(ro.events)  # a push that recovers has its own "recovered" event
        if ev:
            kinds_seen.update(e.kind for e in ev)
            marks += [e.at for e in ev]
            fig.add_scatter(
                x=[e.at for e in ev],
                y=[_around(ro, e.at) for e in ev],
                mode="markers",
                marker=dict(
                    color=colour,
                    size=15,
                    symbol=[EVENT_SYMBOL.get(e.kind, symbol) for e in ev],
                    line=dict(color="#222222", width=1.5),
                ),
                customdata=[wrap(str(e)) for e in ev],
                hovertemplate=f"{label}: %{{customdata}}<extra></extra>",
                name=f"{label}: events",
                legendgroup=label,
                showlegend=False,
                row=1,
                col=1,
            )
    for kind in ("wave", "halt", "revert", "rollback", "recovered"):
        if kind in kinds_seen:
            names = {"wave": "wave starts", "halt": "health gate halts", "revert": "revert"}
            legend_only(
                fig,
                names.get(kind, kind),
                marker=dict(
                    color="white",
                    size=13,
                    symbol=EVENT_SYMBOL[kind],
                    line=dict(color="#222222", width=1.5),
                ),
                legendgroup="events",
            )
    starts = [r.start for r in rollouts.values()]
    lo = max(0, min(starts) - 20)
    hi = min(end, max(marks + starts) + 40)
    ticks = clock_ticks(lo, hi)
    fig.update_xaxes(range=[lo, hi], gridcolor="#EEEEEE", **ticks)
    fig.update_xaxes(title="time of day", row=2, col=1)
    fig.update_yaxes(range=[-4, 104], gridcolor="#EEEEEE", dtick=25)
    fig.update_annotations(font=dict(size=16))
    ranked = sorted(rollouts.items(), key=lambda kv: -kv[1].blast_radius)
    parts = [f"{ro.blast_radius:.0%} of the fleet with {label}" for label, ro in ranked]
    title = "Bad config reached " + ", ".join(
        p if i == 0 else p.replace(" of the fleet", "") for i, p in enumerate(parts)
    )
    details = []
    for label, ro in rollouts.items():
        back = ro.recovered_at if ro.recovered_at is not None else ro.rolled_back_at
        when = f", full capacity again at {fmt_time(back)}" if back is not None else ""
        details.append(
            f"{label}: on the bad config at most {ro.blast_radius:.0%}, capacity as low as "
            f"{ro.lowest_health:.0%}{when}"
        )
    return finish(
        fig,
        title,
        f"{title}. " + "; ".join(details) + ".",
        height=height,
        margin=dict(l=70, r=20, t=90, b=60),
        legend=dict(title=dict(text="strategy:"), tracegroupgap=12),
    )
