"""Impact over the day: the share of each category's users whose app is down or degraded, with
the failures, the full recovery and "now" marked; and the one-sentence summary of a moment.

>>> import labkit
>>> day = labkit.simulate(labkit.build_internet(), labkit.Scenario(
...     [labkit.RegionOutage("nimbus-us-east", "08:00", "11:00")]))
>>> fig = impact_figure(day, "09:00")
>>> set_now(fig, "12:30")
>>> fig.layout.shapes[-1].x0
12.5
"""

from __future__ import annotations

import plotly.graph_objects as go

from ..clock import fmt_time, parse_time
from ._types import (
    CATEGORIES,
    TIMELINE,
    CategoryImpact,
    Timeline,
    check_flag,
    check_height,
    expect_type,
)
from .style import (
    CATEGORY_STYLE,
    FONT,
    batch,
    check_figure,
    components_down,
    fit_title,
    legend_only,
    millions,
    wrap_title,
)

__all__ = [
    "MARK_STYLE",
    "add_impact_lines",
    "impact_figure",
    "impact_window",
    "set_now",
    "summary_text",
    "update_impact",
]

#: The vertical lines of an impact figure: legend text, colour, dash (Okabe–Ito; no category
#: line has the same colour and dash).
MARK_STYLE = {
    "start": ("a failure starts", "#D55E00", "dot"),
    "fixed": ("a failure is fixed", "#0072B2", "dash"),
    "back": ("every app fully back", "#009E73", "longdashdot"),
    "now": ("now (the time shown)", "#666666", "solid"),
}
_NOW_LINE = dict(color=MARK_STYLE["now"][1], width=2)  # the line at minute t
_IMPACT = "a figure from labkit.figures.impact_figure(...)"


def add_impact_lines(fig: go.Figure, timeline: Timeline) -> None:
    """One step line per category: the share of its users whose app is down or degraded."""
    for cat in CATEGORIES:
        colour, dash = CATEGORY_STYLE[cat]
        xs, ys = _impact_xy(timeline, cat)
        fig.add_scatter(
            x=xs,
            y=ys,
            mode="lines",
            name=cat,
            legendgroup="categories",
            line=dict(color=colour, dash=dash, width=3, shape="hv"),
            hovertemplate="%{y:.0f}% of " + cat + " users at %{x:.2f} h<extra></extra>",
        )


def _impact_xy(timeline: Timeline, category: str) -> tuple[list[float], list[float]]:
    xs, ys = [], []
    for r in timeline.impact(category):
        xs.append(r.start / 60)
        ys.append(round(100 * r.share_affected, 2))
    xs.append(timeline.minutes / 60)
    ys.append(ys[-1])
    return xs, ys


def impact_figure(
    timeline: Timeline, t: int | str | None = None, *, widget: bool = False, height: int = 420
) -> go.Figure:
    """Share of each category's users whose app is down or degraded, over the day; dotted
    lines mark when each failure started and was fixed, a grey line marks minute ``t``."""
    expect_type("timeline", timeline, Timeline, TIMELINE)
    check_flag("widget", widget)
    check_height("height", height)
    # a widget is updated in place to other runs, which may draw any of the vertical lines
    return _impact_figure(timeline, t, widget=widget, height=height, every_mark=widget)


def _impact_figure(
    timeline: Timeline,
    t: int | str | None = None,
    *,
    widget: bool = False,
    height: int = 420,
    every_mark: bool = False,
) -> go.Figure:
    """:func:`impact_figure`; ``every_mark``: a legend entry for every kind of vertical line
    (for a dashboard, whose later runs may draw any of them), else for those drawn."""
    fig = go.FigureWidget() if widget else go.Figure()
    add_impact_lines(fig, timeline)
    shapes = _impact_shapes(timeline, t)
    drawn = {
        k
        for k, (_, colour, dash) in MARK_STYLE.items()
        for s in shapes
        if s["line"]["color"] == colour and s["line"].get("dash", "solid") == dash
    }
    for key, (label, colour, dash) in MARK_STYLE.items():
        if every_mark or key in drawn:
            legend_only(fig, label, line=dict(color=colour, dash=dash, width=2),
                        legendgroup="marks", legendgrouptitle=dict(text="lines:"))  # fmt: skip
    lo, hi = impact_window(timeline, t)
    fig.update_layout(
        font=FONT,
        height=height,
        margin=dict(l=70, r=20, t=60, b=60),
        plot_bgcolor="white",
        xaxis=dict(
            title="hour of the day",
            range=[lo / 60, hi / 60],
            gridcolor="#EEEEEE",
            **_hour_ticks(lo, hi),
        ),  # fmt: skip
        yaxis=dict(title="users affected (%)", range=[-3, 103], gridcolor="#EEEEEE"),
        legend=dict(title=dict(text="category:"), tracegroupgap=10),
        shapes=shapes,
        meta=dict(summary=_impact_summary(timeline)),
    )
    fit_title(fig, _impact_title(timeline))
    return fig


def _hour_ticks(lo: int, hi: int) -> dict:
    """Ticks every 15 min to 2 days (hours on the axis), at most 9 of them, labelled HH:MM
    ("day 2 06:00" after the first day).

    >>> _hour_ticks(480, 600)["ticktext"][:3]
    ['08:00', '08:15', '08:30']
    """
    span = max(hi - lo, 1)
    steps = (15, 30, 60, 120, 180, 360, 720, 1440)
    step = next((s for s in steps if span / s <= 8), 2880)
    first = -(-lo // step) * step
    vals = list(range(first, hi + 1, step))
    return dict(tickvals=[v / 60 for v in vals], ticktext=[fmt_time(v) for v in vals])


def impact_window(timeline: Timeline, t: int | str | None = None) -> tuple[int, int]:
    """The minutes an impact figure shows: from the first failure's start to the last fix or
    the moment every app is back (whichever is later), and minute ``t``, with a margin of a
    quarter of that span on each side (at least 30 minutes); the whole run when nothing
    failed. Zooming out (double-click) still shows the whole run.

    >>> import labkit
    >>> day = labkit.simulate(labkit.build_internet(), labkit.Scenario(
    ...     [labkit.RegionOutage("nimbus-us-east", "08:00", "11:00")]))
    >>> back = day.full_recovery()  # every app back
    >>> pad = (back - 480) // 4  # a quarter of 08:00 to then, on either side
    >>> impact_window(day) == (480 - pad, back + pad)
    True
    """
    expect_type("timeline", timeline, Timeline, TIMELINE)
    end = timeline.minutes
    marks = [m for f in timeline.failures for m in (f.start_min, f.fixed_min) if m < end]
    back = timeline.full_recovery() if timeline.failures else None
    marks += [back] if back is not None and back < end else []
    marks += [
        r.end for c in CATEGORIES for r in timeline.impact(c) if r.share_affected and r.end < end
    ]
    if t is not None:
        marks.append(min(parse_time("t", t), end))
    if not marks:
        return 0, end
    lo, hi = min(marks), max(marks)
    pad = max(30, (hi - lo) // 4)
    return max(0, lo - pad), min(end, hi + pad)


def _impact_shapes(timeline: Timeline, t: int | str | None) -> list[dict]:
    shapes = []
    for f in timeline.failures:
        for key, m in (("start", f.start_min), ("fixed", f.fixed_min)):
            if m < timeline.minutes:
                _, colour, dash = MARK_STYLE[key]
                shapes.append(dict(type="line", x0=m / 60, x1=m / 60, y0=0, y1=1, yref="paper",
                                   line=dict(color=colour, dash=dash, width=2)))  # fmt: skip
    back = timeline.full_recovery() if timeline.failures else None
    if back is not None and back < timeline.minutes:  # every app fully back
        _, colour, dash = MARK_STYLE["back"]
        shapes.append(dict(type="line", x0=back / 60, x1=back / 60, y0=0, y1=1, yref="paper",
                           line=dict(color=colour, dash=dash, width=2)))  # fmt: skip
    if t is not None:
        shapes.append(_now_shape(parse_time("t", t)))
    return shapes


def _now_shape(m: int) -> dict:
    """The grey line at minute ``m`` (the last shape of an impact figure drawn with a ``t``)."""
    h = m / 60
    return dict(type="line", x0=h, x1=h, y0=0, y1=1, yref="paper", line=dict(_NOW_LINE))


def _worst(timeline: Timeline) -> CategoryImpact:
    """The worst-hit category: most user-hours down, then the largest share affected."""
    return max(
        timeline.impact_summary().rows,
        key=lambda r: (r.user_hours_down, r.peak_affected / r.users if r.users else 0.0),
    )


def _peak_when(timeline: Timeline, row: CategoryImpact) -> str:
    """When ``row``'s category was at its peak (down or degraded), e.g. "at 09:05–09:10 (5
    min)" or "from 09:47 to the end of the run (14 h 13 min)"; a peak reached more than once is
    told by its first stretch and how often."""
    spans: list[list[int]] = []
    for r in timeline.impact(row.category):
        if r.users_down + r.users_degraded != row.peak_affected:
            continue
        if spans and spans[-1][1] == r.start:
            spans[-1][1] = r.end
        else:
            spans.append([r.start, r.end])
    start, end = spans[0]
    more = f", and {len(spans) - 1} more time{'s' * (len(spans) > 2)}" if len(spans) > 1 else ""
    length = f"({_length(end - start)}{more})"
    if end >= timeline.minutes:
        return f"from {fmt_time(start)} to the end of the run {length}"
    return f"at {fmt_time(start)}–{fmt_time(end)} {length}"


def _length(minutes: int) -> str:
    """A stretch's length in words: "5 min", "2 h", "1 h 30 min".

    >>> _length(5), _length(120), _length(90)
    ('5 min', '2 h', '1 h 30 min')
    """
    h, m = divmod(minutes, 60)
    return " ".join(([f"{h} h"] if h else []) + ([f"{m} min"] if m or not h else []))


def _impact_title(timeline: Timeline) -> str:
    """The impact figure's title: the worst-hit category, its peak share and when that peak
    was, and the user-hours down in all.

    >>> import labkit
    >>> day = labkit.simulate(labkit.build_internet(), labkit.Scenario(
    ...     [labkit.RegionOutage("nimbus-us-east", "08:00", "11:00")]))
    >>> for part in _impact_title(day).split("; "):
    ...     print(part)
    Worst hit: office, 100% of its users at 08:00–16:20 (8 h 20 min)
    332.4M user-hours down in all
    """
    if not timeline.failures:
        return "No failure: every category's users are fine all day"
    s = timeline.impact_summary()
    hours = s.user_hours_down
    worst = _worst(timeline)
    if not worst.peak_affected:
        return f"No app user affected; {hours / 1e6:.1f}M user-hours down in all"
    return (
        f"Worst hit: {worst.category}, {worst.peak_affected / worst.users:.0%} of its users "
        f"{_peak_when(timeline, worst)}; {hours / 1e6:.1f}M user-hours down in all"
    )


def _impact_summary(timeline: Timeline) -> str:
    """One sentence for :func:`impact_figure`: the worst-hit category (when, how many) and
    user-hours lost, and the failures as the run applied them."""
    if not timeline.failures:
        return "No failure: every category's users are fine all day."
    worst = _worst(timeline)
    return (
        f"{_impact_title(timeline)} ({millions(worst.peak_affected)} of "
        f"{millions(worst.users)} {worst.category} users at the peak; "
        f"{'; '.join(timeline.failure_labels())})."
    )


def update_impact(
    fig: go.Figure, timeline: Timeline, t: int | str | None = None, *, summary: bool = True
) -> None:
    """Update the lines, markers and title of ``fig`` (from :func:`impact_figure`) in place.

    ``summary=False`` leaves the stored text summary alone: a change to ``layout.meta`` makes
    plotly redraw the whole figure, so a live widget that shows the summary elsewhere skips it.
    """
    check_figure("fig", fig, _IMPACT)
    expect_type("timeline", timeline, Timeline, TIMELINE)
    check_flag("summary", summary)
    with batch(fig):
        for trace, cat in zip(fig.data[: len(CATEGORIES)], CATEGORIES, strict=True):
            xs, ys = _impact_xy(timeline, cat)
            trace.x, trace.y = xs, ys
        fig.layout.shapes = _impact_shapes(timeline, t)
        fig.layout.title.text = wrap_title(_impact_title(timeline), fig.layout.width)
        if summary:
            fig.layout.meta = dict(summary=_impact_summary(timeline))


def set_now(fig: go.Figure, t: int | str) -> None:
    """Move the grey "now" line of ``fig`` (from :func:`impact_figure`) to minute ``t``; only
    that line changes (one small message for a live widget). A figure drawn without a ``t``
    gets the line added."""
    check_figure("fig", fig, _IMPACT)
    m = parse_time("t", t)
    shapes = fig.layout.shapes
    with batch(fig):
        if shapes and shapes[-1].line.color == _NOW_LINE["color"]:
            shapes[-1].x0 = shapes[-1].x1 = m / 60
        else:
            fig.layout.shapes = (*shapes, _now_shape(m))


def summary_text(timeline: Timeline, t: int | str) -> str:
    """One sentence that says what the figures show at minute ``t`` (for screen readers)."""
    expect_type("timeline", timeline, Timeline, TIMELINE)
    m = parse_time("t", t)
    total = sum(a.total_users for a in timeline.world.apps())
    affected = timeline.affected_at(m)
    what = "; ".join(timeline.failure_labels()) or "no failure"
    down = len(timeline.down_at(m))
    return (
        f"{fmt_time(m)} — {what}: {affected / 1e6:.1f}M of {total / 1e6:.1f}M app users "
        f"affected; {components_down(down)}."
    ).replace(" 0.0M of", " 0 of")
