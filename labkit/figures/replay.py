"""A replay next to the record: the simulated impact over time, per category, with the real
outage's milestones (onset, root cause fixed, full recovery or incident closed) as labelled
vertical lines, and a title that compares the model's recovery with the record's.

>>> import labkit
>>> from labkit import scenarios
>>> t = labkit.simulate(labkit.build_internet(), scenarios.load("cloudflare-waf-2019"))
>>> fig = replay_figure(t, scenarios.info("cloudflare-waf-2019").record)
>>> print(fig.layout.title.text.replace("<br>", "\\n"))
Model: back 14:09; record: 14:09 — the model's tail is 1×
the record's
"""

from __future__ import annotations

import plotly.graph_objects as go

from ..clock import fmt_time
from ._types import (
    RECORD,
    TIMELINE,
    Record,
    Timeline,
    check_height,
    compare,
    expect_type,
)
from .impact import _hour_ticks, add_impact_lines, impact_window
from .style import LABEL_FONT, finish

__all__ = ["replay_figure"]

#: per milestone: colour, line dash (Okabe–Ito; no category uses these colours with these dashes)
MILESTONE_STYLE = {
    "onset": ("#D55E00", "dot"),
    "root_cause_fixed": ("#0072B2", "dash"),
    "full_recovery": ("#E69F00", "dashdot"),
    "incident_closed": ("#009E73", "longdashdot"),
}
_MODEL_BACK = ("#666666", "longdash")  # the model's full recovery


def replay_figure(timeline: Timeline, record: Record, *, height: int = 480) -> go.Figure:
    """The simulated impact of a replay with the real outage's milestones overlaid.

    Parameters
    ----------
    timeline : Timeline
        The replay, from :func:`labkit.simulate` (e.g. of ``labkit.scenarios.load(name)``).
    record : Record
        The real outage's milestones, e.g. ``labkit.scenarios.info(name).record``.
    height : int, default 480
        Height in pixels.

    Returns
    -------
    plotly.graph_objects.Figure
        One line per category (share of its users whose app is down or degraded; colour and
        dash per category), a vertical line per milestone of the record labelled with its
        time, and the model's full recovery as a grey line. The title states the finding
        (see :attr:`labkit.replay.ReplayComparison.headline`); :func:`figure_summary` gives it
        as a sentence, with the milestones that fall after the run's end.

    Raises
    ------
    TypeError
        If ``timeline`` is not a Timeline or ``record`` is not a Record.
    ValueError
        If ``height`` is not a whole number of pixels > 0.

    Examples
    --------
    >>> import labkit
    >>> from labkit import scenarios
    >>> from labkit.figures import figure_summary
    >>> name = "aws-dynamodb-dns-2025"
    >>> t = labkit.simulate(labkit.build_internet(), scenarios.load(name))
    >>> fig = replay_figure(t, scenarios.info(name).record)
    >>> [a.text for a in fig.layout.annotations]
    ['record: onset 06:48', 'record: root cause fixed 09:25', 'record: full recovery 21:20', \
'model: all back 21:09']
    >>> figure_summary(fig)
    "Model: back 21:09; record: 21:20 — the model's tail is 0.98× the record's. Model tail ..."
    >>> replay_figure(t, None)
    Traceback (most recent call last):
    ...
    TypeError: record: got None; allowed: a Record, e.g. labkit.scenarios.info(name).record
    """
    expect_type("timeline", timeline, Timeline, TIMELINE)
    expect_type("record", record, Record, RECORD)
    check_height("height", height)
    c = compare(timeline, record)
    fig = go.Figure()
    add_impact_lines(fig, timeline)
    lines: list[tuple[int, str, tuple[str, str]]] = [
        (m, f"record: {record.labels[name]} {fmt_time(m)}", MILESTONE_STYLE[name])
        for name, m in record.milestones.items()
    ]
    if c.model_full_recovery is not None:
        lines.append((c.model_full_recovery, f"model: all back {fmt_time(c.model_full_recovery)}",
                      _MODEL_BACK))  # fmt: skip
    shapes, notes, later = [], [], []
    # the axis zooms to the event and the record's milestones (zoom out to see the whole run)
    lo, hi = impact_window(timeline)
    inside = [m for m, *_ in lines if m < timeline.minutes]
    if inside:
        lo, hi = min(lo, *inside), max(hi, *inside)
        pad = max(30, (max(inside) - min(inside)) // 8)
        lo, hi = (
            max(0, min(lo, min(inside) - pad)),
            min(timeline.minutes, max(hi, max(inside) + pad)),
        )
    middle = (lo + hi) / 2
    for i, (m, text, (colour, dash)) in enumerate(lines):
        if m >= timeline.minutes:
            later.append(text)
            continue
        x = m / 60
        shapes.append(dict(type="line", x0=x, x1=x, y0=0, y1=1, yref="paper",
                           line=dict(color=colour, dash=dash, width=3)))  # fmt: skip
        right = m > middle  # a label right of the middle runs leftwards, clear of the legend
        notes.append(dict(x=x, y=1 - 0.09 * i, xref="x", yref="paper", text=text,
                          showarrow=False, xanchor="right" if right else "left",
                          xshift=-4 if right else 4, font=LABEL_FONT,
                          bgcolor="rgba(255,255,255,0.85)"))  # fmt: skip
    summary = _summary(c, later)
    xtitle = (
        "hour of the day (UTC)" if timeline.minutes <= 1440 else "time (UTC; day 1 is the first)"
    )
    return finish(
        fig,
        c.headline,
        summary,
        height=height,
        margin=dict(l=70, r=20, t=70, b=60),
        xaxis=dict(
            title=xtitle, range=[lo / 60, hi / 60], gridcolor="#EEEEEE", **_hour_ticks(lo, hi)
        ),
        yaxis=dict(title="users affected (%)", range=[-3, 103], gridcolor="#EEEEEE"),
        legend=dict(title=dict(text="category:")),
        shapes=shapes,
        annotations=notes,
    )


def _summary(c, later: list[str]) -> str:
    """One paragraph for :func:`replay_figure`: the finding, the tails, the record's source."""
    parts = [c.headline + "."]
    if c.model_tail is not None and c.record_tail is not None:
        parts.append(
            f"Model tail after the root-cause fix {c.model_tail} min, record {c.record_tail} min."
        )
    if later:
        parts.append("After the run's end: " + "; ".join(later) + ".")
    parts.append(f"Record: {c.record.source}.")
    return " ".join(parts)
