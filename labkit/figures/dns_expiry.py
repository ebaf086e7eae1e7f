"""DNS: the staggered expiry of resolvers' caches. What every resolver answers for one name
over time, one row per resolver, optionally beside a second run (e.g. with serve-stale).

>>> from labkit.mechanisms.dns import RecordEmpty, resolve_timeline, toy_dns
>>> tl = resolve_timeline(toy_dns(), [RecordEmpty("db.us-east.nimbus", "06:48", "09:25")])
>>> print(dns_expiry_figure(tl, "db.us-east.nimbus").layout.title.text.replace("<br>", "\\n"))
17 of 17 resolvers lose db.us-east.nimbus, staggered over 1
min; the last is back 9 min after the fix (TTL 60 s: every
resolver loses it within a minute, so the rows look alike)
"""

from __future__ import annotations

from typing import Any

import plotly.graph_objects as go
from plotly.subplots import make_subplots

from ..clock import fmt_time
from ..mechanisms.dns import DNSFindings
from ._types import DNS_TIMELINE, DNSTimeline, check_height, expect_type, got
from .layout import clock_ticks
from .style import DNS_STYLE, finish, legend_only, millions, wrap

#: The dotted vertical lines: when a failure starts and when it is fixed.
_EVENT_LINE = dict(color="#000000", dash="dot", width=2.5)


def _alike(tl: DNSTimeline, found: DNSFindings, lo: int, hi: int) -> str:
    """A note for a title when the resolvers lose the name so close together that their rows
    look the same on an axis from ``lo`` to ``hi`` (within 1% of it, or a minute): why."""
    if found.spread is None or not found.hit or found.spread > max(1, (hi - lo) // 100):
        return ""
    ttl = tl.world.records[found.name].ttl
    within = "a minute" if found.spread <= 1 else f"{found.spread} minutes"
    return f" (TTL {ttl} s: every resolver loses it within {within}, so the rows look alike)"


__all__ = ["dns_expiry_figure"]


def _dns_window(tls: list[DNSTimeline], found: list[DNSFindings]) -> tuple[int, int]:
    """The minutes worth showing: from a little before the first failure or problem to a
    little after the last recovery (or fix)."""
    marks = [m for tl in tls for e in tl.events for m in (e.start_min, e.fixed_min)]
    marks += [m for f in found if f.problem_span for m in f.problem_span]
    end = max(tl.minutes for tl in tls)
    marks = [m for m in marks if 0 <= m <= end] or [0, end]
    lo, hi = min(marks), max(marks)
    pad = max(10, (hi - lo) // 12)
    return max(0, lo - pad), min(end, hi + pad)


def _check_args(dns_timeline: Any, compare: Any, labels: Any, height: Any) -> None:
    if isinstance(dns_timeline, list | tuple):
        raise TypeError(
            f"dns_timeline: got {got(dns_timeline)}; allowed: {DNS_TIMELINE} "
            "(to draw a second run beside it, pass it as compare=...)"
        )
    expect_type("dns_timeline", dns_timeline, DNSTimeline, DNS_TIMELINE)
    if compare is not None:
        expect_type("compare", compare, DNSTimeline, f"None or {DNS_TIMELINE}")
    if labels is not None and not (
        isinstance(labels, tuple | list)
        and len(labels) == 2
        and all(isinstance(label, str) for label in labels)
    ):
        raise ValueError(f"labels: got {labels!r}; allowed: None or two texts, e.g. ('a', 'b')")
    check_height("height", height, optional=True)


def dns_expiry_figure(
    dns_timeline: DNSTimeline,
    name: str,
    *,
    compare: DNSTimeline | None = None,
    labels: tuple[str, str] | Any = None,
    height: int | None = None,
) -> go.Figure:
    """What every resolver answers for ``name`` over time: one row per resolver, coloured and
    patterned bands per status (answer / stale / wrong / negative / fail). Caches expire at
    different moments, so trouble arrives resolver by resolver, and lingers after the fix (a
    cached "no such data" is kept for the zone's negative TTL). Dotted lines mark each failure
    and its fix. ``compare``: a second :class:`~labkit.mechanisms.dns.DNSTimeline` (e.g. with
    serve-stale) drawn as a second panel with the same rows; ``labels`` names the two panels.
    """
    _check_args(dns_timeline, compare, labels, height)
    tls = [dns_timeline] + ([compare] if compare is not None else [])
    for tl in tls:
        tl.world.check_name(name)
    if labels is None:
        labels = tuple(
            "with serve-stale" if tl.settings.get("serve_stale") else "without serve-stale"
            for tl in tls
        ) + ("",) * (2 - len(tls))
        if len(tls) == 2 and labels[0] == labels[1]:
            labels = ("first run", "second run")
    found = [tl.findings(name) for tl in tls]
    order = found[0].order
    lo, hi = _dns_window(tls, found)
    if len(tls) == 2:
        fig = make_subplots(
            rows=1,
            cols=2,
            shared_yaxes=True,
            horizontal_spacing=0.04,
            subplot_titles=[f"<b>{label}</b>" for label in labels],
        )
    else:
        fig = go.Figure()
    present = {r.status for tl in tls for r in tl.rows(name=name)}
    # each status in the legend once: from the first panel that draws it
    first = {
        s: next(
            col for col, tl in enumerate(tls, 1) if any(r.status == s for r in tl.rows(name=name))
        )
        for s in present
    }
    for col, tl in enumerate(tls, start=1):
        rows = tl.rows(name=name)
        for status, (colour, pattern) in DNS_STYLE.items():
            mine = [r for r in rows if r.status == status]
            if status not in present:
                continue
            trace = go.Bar(
                y=[r.resolver for r in mine],
                x=[r.end - r.start for r in mine],
                base=[r.start for r in mine],
                orientation="h",
                name=status,
                legendgroup=status,
                showlegend=col == first[status],
                marker=dict(
                    color=colour,
                    line=dict(color="white", width=0.5),
                    pattern=dict(shape=pattern, fgcolor="#222222", size=8, solidity=0.25),
                ),
                customdata=[[fmt_time(r.start), fmt_time(r.end), wrap(r.reason)] for r in mine],
                hovertemplate="%{y}: "
                + status
                + " %{customdata[0]}–%{customdata[1]}<br>%{customdata[2]}<extra></extra>",
            )
            if len(tls) == 2:
                fig.add_trace(trace, row=1, col=col)
            else:
                fig.add_trace(trace)
        for e in tl.events:
            for m in (e.start_min, e.fixed_min):
                if lo <= m <= hi:
                    kw = dict(row=1, col=col) if len(tls) == 2 else {}
                    fig.add_vline(x=m, line=_EVENT_LINE, **kw)
    if any(lo <= m <= hi for tl in tls for e in tl.events for m in (e.start_min, e.fixed_min)):
        legend_only(fig, "failure starts / is fixed", line=_EVENT_LINE, legendgroup="events")
    notes = [_alike(tl, f, lo, hi) for tl, f in zip(tls, found, strict=True)]
    finding = found[0].headline
    title = summary = finding[0].upper() + finding[1:] + notes[0]
    if compare is not None:
        other = found[1].headline
        title = f"{labels[0]}: {finding}{notes[0]}<br>{labels[1]}: {other}{notes[1]}"
        summary = f"{labels[0]}: {finding}{notes[0]}; {labels[1]}: {other}{notes[1]}"
    if found[0].users_hit:
        summary += f" ({millions(found[0].users_hit)} users behind them)"
    events = "; ".join(
        f"{e.describe()}" for e in dns_timeline.events if e.start_min < dns_timeline.minutes
    )
    marks = sorted({m for e in dns_timeline.events for m in (e.start_min, e.fixed_min)})
    shown = [fmt_time(m) for m in marks if lo <= m <= hi]
    # one panel: the dotted times in the axis title; two: each panel's axis titled on its own,
    # short enough for half the width (the dotted lines are in the legend)
    axis = "time of day" + (f" (dotted: {', '.join(shown)})" if shown and len(tls) == 1 else "")
    if events:
        summary += f". Failure: {events}"
    ticks = clock_ticks(lo, hi, most=6 if len(tls) == 2 else 12)
    fig.update_xaxes(range=[lo, hi], gridcolor="#EEEEEE", title=axis, **ticks)
    fig.update_yaxes(
        categoryorder="array", categoryarray=list(reversed(order)), tickfont=dict(size=14)
    )
    fig.update_annotations(font=dict(size=16))
    return finish(
        fig,
        title,
        summary if summary.endswith(".") else summary + ".",
        height=height or 140 + 30 * len(order),
        barmode="overlay",
        bargap=0.25,
        margin=dict(l=150, r=20, t=110 if compare is not None else 70, b=60),
        legend=dict(title=dict(text="resolver gives:"), traceorder="normal"),
    )
