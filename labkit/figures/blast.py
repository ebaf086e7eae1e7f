"""Blast radius: who is affected at one moment. A treemap of category → app, each tile sized
by its users and coloured by the app's state, with a grey "fine" tile per category.

Users who cannot use their app (it is down, or their city cannot reach it) and users whose app
is degraded are told apart, never added into one "affected" share: an app that some cities
cannot reach is degraded for all its users (:func:`labkit.impact.category_impact` counts the
cut-off users as down, the rest as degraded), so a staged rollout's canary, which cuts a few
cities off for minutes, would otherwise read "100% affected".

>>> import labkit
>>> from labkit import scenarios
>>> day = labkit.simulate(labkit.build_internet(), scenarios.load("nimbus-us-east-outage"))
>>> print(blast_radius(day).layout.title.text.replace("<br>", "\\n"))  # wrapped to fit
At 08:00, 44.5M of 60.8M app users cannot use their app,
8.0M more have it degraded: streaming worst hit
"""

from __future__ import annotations

import plotly.graph_objects as go

from ..clock import fmt_time, parse_time
from ._types import CATEGORIES, TIMELINE, Timeline, check_height, expect_type
from .layout import worst_minute
from .style import STATE_STYLE, finish, legend_only, millions, wrap

__all__ = ["blast_radius"]


def _impact_at(timeline: Timeline, m: int) -> dict[str, tuple[int, int]]:
    """Per category at minute ``m``: (users who cannot use their app, users whose app is
    degraded), as the run counted them."""
    out = {}
    for cat in CATEGORIES:
        rows = [r for r in timeline.impact(cat) if r.start <= m < r.end]
        out[cat] = (rows[0].users_down, rows[0].users_degraded) if rows else (0, 0)
    return out


def _shares(down: int, degraded: int, users: int) -> str:
    """A category tile's words, e.g. "44% cannot use it, 56% degraded", or "fine".

    >>> _shares(0, 0, 100), _shares(44, 56, 100), _shares(0, 25, 100)
    ('fine', '44% cannot use it, 56% degraded', '25% degraded')
    """
    told = [f"{down / users:.0%} cannot use it"] * bool(down)
    told += [f"{degraded / users:.0%} degraded"] * bool(degraded)
    return ", ".join(told) or "fine"


def blast_radius(timeline: Timeline, t: int | str | None = None, *, height: int = 620) -> go.Figure:
    """A treemap of who is affected at minute ``t`` (default: the worst moment of the run):
    category → app, each tile sized by its users and coloured by the app's state (the state is
    written on the tile too); a grey "fine" tile per category holds the unaffected users."""
    expect_type("timeline", timeline, Timeline, TIMELINE)
    check_height("height", height)
    m = worst_minute(timeline) if t is None else parse_time("t", t)
    states = timeline.states_at(m)
    impact = _impact_at(timeline, m)
    net = timeline.world
    total = sum(a.total_users for a in net.apps())
    ids, labels, parents, values, colours, hover = [], [], [], [], [], []
    for cat in CATEGORIES:
        apps = net.apps(cat)
        users = sum(a.total_users for a in apps)
        if not users:
            continue
        cat_down, cat_slow = impact[cat]
        ids.append(cat)
        labels.append(f"<b>{cat}</b> · {_shares(cat_down, cat_slow, users)}")
        parents.append("")
        values.append(users)
        colours.append("#FFFFFF")
        hover.append(
            f"{cat}: {millions(cat_down)} of {millions(users)} users cannot use their app, "
            f"{millions(cat_slow)} have it degraded"
        )
        fine = 0
        for a in sorted(apps, key=lambda a: -a.total_users):
            s = states[a.id]
            if s == "ok":
                fine += a.total_users
                continue
            ids.append(a.id)
            labels.append(f"{a.name}<br>{s.upper()} · {millions(a.total_users)}")
            parents.append(cat)
            values.append(a.total_users)
            colours.append(STATE_STYLE[s][0])
            hover.append(wrap(str(timeline.explain(a.id, m)).replace("\n", " ")))
        if fine:
            ids.append(f"{cat}/fine")
            labels.append(f"fine · {millions(fine)}")
            parents.append(cat)
            values.append(fine)
            colours.append("#E8E8E8")
            hover.append(f"{cat} apps that work: {millions(fine)} users")
    fig = go.Figure(
        go.Treemap(
            ids=ids,
            labels=labels,
            parents=parents,
            values=values,
            branchvalues="total",
            marker=dict(colors=colours, line=dict(color="#222222", width=1)),
            textfont=dict(size=16),
            hovertext=hover,
            hoverinfo="text",
            tiling=dict(pad=2),
            pathbar=dict(visible=False),
            sort=False,
        )
    )
    for state in ("down", "degraded"):  # the legend: a treemap has none of its own
        colour, symbol = STATE_STYLE[state]
        legend_only(
            fig,
            state,
            marker=dict(
                color=colour, symbol="square", size=16, line=dict(color="#222222", width=1)
            ),
        )
    legend_only(
        fig,
        "fine",
        marker=dict(color="#E8E8E8", symbol="square", size=16, line=dict(color="#222222", width=1)),
    )
    cut = sum(d for d, _ in impact.values())
    slow = sum(g for _, g in impact.values())
    worst = max(CATEGORIES, key=lambda c: (sum(impact[c]), c))
    down = [a.name for a in net.apps() if states[a.id] == "down"]
    of = f"of {millions(total)} app users"
    if cut:
        told = f"{millions(cut)} {of} cannot use their app"
        told += f", {millions(slow)} more have it degraded" if slow else ""
        title = f"At {fmt_time(m)}, {told}: {worst} worst hit"
    elif slow:
        told = f"{millions(slow)} {of} have their app degraded"
        title = f"At {fmt_time(m)}, {told}: {worst} worst hit"
    else:
        title = f"At {fmt_time(m)}, all {millions(total)} app users are fine"
    summary = f"{title}; apps down: {', '.join(down) or 'none'}."
    return finish(
        fig,
        title,
        summary,
        height=height,
        margin=dict(l=10, r=10, t=60, b=10),
        xaxis=dict(visible=False),
        yaxis=dict(visible=False),
        legend=dict(orientation="h", y=1.0, yanchor="bottom", x=1, xanchor="right"),
    )
