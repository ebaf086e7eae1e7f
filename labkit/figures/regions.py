"""Regions: how much of the internet leans on each one, directly (apps run there) or only
through third parties (a SaaS they need runs there).

>>> import labkit
>>> print(region_concentration(labkit.build_internet()).layout.title.text.replace("<br>", "\\n"))
nimbus-us-east is the most concentrated region: 93% of app
users depend on it, 96% of them only through third parties
"""

from __future__ import annotations

import plotly.graph_objects as go
from plotly.subplots import make_subplots

from ._types import INTERNET, Internet, check_height, expect_type
from .layout import concentration_shares
from .style import finish

__all__ = ["region_concentration"]


def region_concentration(internet: Internet, *, height: int | None = None) -> go.Figure:
    """Per region, the share of apps (left) and of app users (right) that depend on it:
    directly (the app runs there) or only through third parties (a SaaS it needs runs there).
    The title names the region most users lean on."""
    expect_type("internet", internet, Internet, INTERNET)
    check_height("height", height, optional=True)
    shares = concentration_shares(internet)
    order = sorted(
        shares,
        key=lambda r: (shares[r]["users_direct"] + shares[r]["users_indirect"], r),
    )
    fig = make_subplots(
        rows=1,
        cols=2,
        shared_yaxes=True,
        horizontal_spacing=0.04,
        subplot_titles=["<b>share of apps (%)</b>", "<b>share of app users (%)</b>"],
    )
    styles = (
        ("direct", "runs there itself", "#0072B2", ""),
        ("indirect", "only through third parties", "#E69F00", "/"),
    )
    for col, what in ((1, "apps"), (2, "users")):
        for how, label, colour, pattern in styles:
            vals = [round(100 * shares[r][f"{what}_{how}"], 1) for r in order]
            fig.add_bar(
                y=order,
                x=vals,
                orientation="h",
                name=label,
                legendgroup=how,
                showlegend=col == 1,
                marker=dict(
                    color=colour,
                    line=dict(color="#222222", width=1),
                    pattern=dict(shape=pattern, fgcolor="#222222", size=9, solidity=0.3),
                ),
                text=[f"{v:.0f}" if v >= 6 else "" for v in vals],
                textposition="inside",
                insidetextanchor="middle",
                textfont=dict(size=14),
                hovertemplate="%{y}: %{x:.0f}% of " + what + " " + label + "<extra></extra>",
                row=1,
                col=col,
            )
    top = order[-1]
    s = shares[top]
    users = s["users_direct"] + s["users_indirect"]
    apps = s["apps_direct"] + s["apps_indirect"]
    title = (
        f"{top} is the most concentrated region: {users:.0%} of app users depend on it, "
        f"{s['users_indirect'] / users:.0%} of them only through third parties"
        if users
        else "No region carries any app"
    )
    summary = (
        f"{title} ({apps:.0%} of apps: {s['apps_direct']:.0%} run there, "
        f"{s['apps_indirect']:.0%} only through a third party)."
    )
    fig.update_xaxes(range=[0, 100], gridcolor="#EEEEEE", dtick=25)
    fig.update_yaxes(tickfont=dict(size=14))
    fig.update_annotations(font=dict(size=16))
    return finish(
        fig,
        title,
        summary,
        height=height or 180 + 36 * len(order),
        barmode="stack",
        margin=dict(l=160, r=20, t=90, b=50),
        legend=dict(orientation="h", y=-0.06, yanchor="top", x=0, title=dict(text="depends:")),
    )
