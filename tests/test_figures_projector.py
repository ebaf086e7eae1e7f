"""Figures that read on a projector: titles that fit the default width, every line and style
in a legend, labels that keep apart, time axes that zoom to the event, AS paths with names.

The properties are checked, not numbers copied from a run: a title line is compared with what
fits (:func:`labkit.figures.style.title_chars`), a vertical line with the legend's entries, an
axis range with the event's own start and end.
"""

from __future__ import annotations

import re

import pytest

import labkit
from labkit import scenarios
from labkit.figures import (
    bgp_route_map,
    blast_radius,
    dependency_chain,
    dns_expiry_figure,
    impact_figure,
    internet_map,
    region_concentration,
    replay_figure,
    rollout_waves_figure,
)
from labkit.figures.style import DEFAULT_WIDTH, LABEL_FONT, title_chars
from labkit.mechanisms.bgp import placement
from labkit.mechanisms.dns import DNSFailure, resolve_timeline, toy_dns
from labkit.mechanisms.rollout import ConfigVersion, GlobalPush, StagedPush, push, toy_fleets

NET = labkit.build_internet(seed=0)
NAME = "db.us-east.nimbus"


@pytest.fixture(scope="module")
def runs():
    day = labkit.simulate(
        NET, labkit.Scenario([labkit.RegionOutage("nimbus-us-east", "08:00", "11:00")])
    )
    fastly = scenarios.load("fastly-config-2021")
    world = toy_dns(NET)
    aws = scenarios.load("aws-dynamodb-dns-2025")
    dns_part = [f for f in aws.failures if isinstance(f, DNSFailure)]
    ddos = scenarios.load("dyn-ddos-2016")
    return {
        "day": day,
        "fastly": labkit.simulate(NET, fastly),
        "staged": labkit.simulate(NET, labkit.Scenario(fastly.failures, [labkit.StagedRollout()])),
        "aws": labkit.simulate(NET, aws),
        "empty": resolve_timeline(world, dns_part),
        "slow": resolve_timeline(world.with_ttl(3600, [NAME]), dns_part),
        "attack": resolve_timeline(world, ddos.failures),
        "stale": resolve_timeline(world, ddos.failures, serve_stale=True),
    }


@pytest.fixture(scope="module")
def lesson_figures(runs):
    """The figures the lessons show, drawn as the lessons draw them."""
    place = placement(NET)
    hijack = scenarios.load("youtube-hijack-2008").failures[0].event(place)
    fleet, bad = toy_fleets(NET)["edgefast"], ConfigVersion("v2", effect="crash")
    return {
        "map": internet_map(runs["day"], "09:00"),
        "impact": impact_figure(runs["day"], "09:00"),
        "impact staged": impact_figure(runs["staged"]),
        "blast": blast_radius(runs["day"]),
        "chain": dependency_chain(NET, "shopfast"),
        "regions": region_concentration(NET),
        "dns": dns_expiry_figure(runs["empty"], NAME),
        "dns ttl": dns_expiry_figure(
            runs["empty"], NAME, compare=runs["slow"], labels=("TTL 60 s", "TTL 3600 s")
        ),
        "dns stale": dns_expiry_figure(
            runs["attack"],
            "shopfast.example",
            compare=runs["stale"],
            labels=("plain", "serve-stale"),
        ),
        "bgp": bgp_route_map(place.reach("streamflix")),
        "bgp hijack": bgp_route_map(place.reach("streamflix", [hijack])),
        "waves": rollout_waves_figure(
            {
                "global": push(fleet, bad, GlobalPush(revert_after=49), "09:47"),
                "staged": push(fleet, bad, StagedPush(), "09:47"),
            }
        ),
        "replay": replay_figure(runs["aws"], scenarios.info("aws-dynamodb-dns-2025").record),
    }


def _visible(text: str) -> str:
    return re.sub(r"<[^>]+>", "", text)


# ---- titles ------------------------------------------------------------------------------
def test_every_title_line_fits_the_default_width(lesson_figures):
    # at 20 px, an average character of Arial is about 11 px wide: a 700 px figure holds 60
    most = title_chars(DEFAULT_WIDTH)
    assert 50 <= most <= 70
    for name, fig in lesson_figures.items():
        for line in fig.layout.title.text.split("<br>"):
            assert len(_visible(line)) <= most, f"{name}: {line!r} is longer than {most}"


def test_a_wrapped_title_gets_the_room_it_needs(lesson_figures):
    # every line the wrapping adds makes the top margin taller by a line (1.3 x 20 px)
    fig = lesson_figures["regions"]
    lines = fig.layout.title.text.count("<br>") + 1
    assert lines >= 2
    assert fig.layout.margin.t >= 90 + (lines - 1) * 26


def test_a_number_stays_with_its_unit_when_a_title_wraps(lesson_figures):
    # "8 h 20 min" is one length: no line ends inside it ("… (8 h" / "20 min) …")
    for name, fig in lesson_figures.items():
        lines = [_visible(line) for line in fig.layout.title.text.split("<br>")]
        for a, b in zip(lines, lines[1:], strict=False):
            assert not (re.search(r"\d$", a) and re.match(r"(min|h|s)\b", b)), (name, a, b)
            assert not (re.search(r"\d h$", a) and re.match(r"\d", b)), (name, a, b)


# ---- every line and style in a legend ------------------------------------------------------
def _legend(fig) -> list:
    return [t for t in fig.data if t.showlegend is not False and t.name]


def _line_styles_in_legend(fig) -> set:
    lines = [t for t in _legend(fig) if getattr(t, "mode", None) == "lines"]
    return {(t.line.color, t.line.dash or "solid") for t in lines}


@pytest.mark.parametrize("which", ["impact", "impact staged"])
def test_every_vertical_line_of_the_impact_chart_is_in_its_legend(lesson_figures, which):
    fig = lesson_figures[which]
    drawn = {(s.line.color, s.line.dash or "solid") for s in fig.layout.shapes}
    assert drawn, "the chart draws its start, fix, recovery or now lines"
    assert drawn <= _line_styles_in_legend(fig)


def test_the_impact_legend_names_start_fix_recovery_and_now(lesson_figures):
    # the region outage starts at 08:00, is fixed at 11:00, every app is back later that day,
    # and the figure is drawn at 09:00: all four kinds of line are drawn, so all four are named
    names = {t.name for t in _legend(lesson_figures["impact"])}
    assert {"a failure starts", "a failure is fixed", "every app fully back"} <= names
    assert any(n.startswith("now") for n in names)


@pytest.mark.parametrize("which", ["dns", "dns ttl", "dns stale"])
def test_every_dns_status_and_the_dotted_lines_are_in_the_legend_once(lesson_figures, which):
    fig = lesson_figures[which]
    drawn = {t.name for t in fig.data if t.type == "bar" and len(t.x)}
    named = [t.name for t in _legend(fig) if t.type == "bar"]
    assert set(named) == drawn and len(named) == len(set(named))
    dotted = {(s.line.color, s.line.dash) for s in fig.layout.shapes}
    assert dotted <= _line_styles_in_legend(fig)


def test_the_hatched_stale_answer_is_in_the_serve_stale_comparison_legend(lesson_figures):
    # serve-stale: resolvers answer with expired records while quickdns is flooded (RFC 8767);
    # only the right-hand panel has stale answers, and the legend must still show the hatch
    fig = lesson_figures["dns stale"]
    stale = [t for t in _legend(fig) if t.name == "stale"]
    assert len(stale) == 1 and stale[0].marker.pattern.shape == "/"


def test_the_dns_comparison_has_one_short_axis_title_per_panel(lesson_figures):
    # two panels side by side: each axis title must fit half the width (16 px font)
    fig = lesson_figures["dns stale"]
    titles = [fig.layout.xaxis.title.text, fig.layout.xaxis2.title.text]
    assert all(titles)
    assert all(len(t) <= title_chars(DEFAULT_WIDTH // 2, 16) for t in titles)


def test_the_bgp_legend_says_what_each_outcome_means(lesson_figures):
    # with no failure all 38 ASes reach StreamFlix's own network: the entry says so in words
    names = [t.name for t in _legend(lesson_figures["bgp"])]
    n = len(placement(NET).graph.ases)
    assert f"reach the rightful origin ({n} ASes)" in names
    assert not any(name.startswith("origin (") for name in names)


# ---- labels keep apart ------------------------------------------------------------------------
def _label_boxes(fig):
    """(x in px at the default width, row, side, lines away, visible text) per AS label."""
    width = DEFAULT_WIDTH - fig.layout.margin.l - fig.layout.margin.r
    lo, hi = fig.layout.xaxis.range
    out = []
    for t in fig.data:
        if t.mode != "markers+text":
            continue
        for x, y, text, place in zip(t.x, t.y, t.text, t.textposition, strict=True):
            lines = _visible(text.replace("<br>", "\n"))
            away = len(lines) - len(lines.lstrip("\n")) + len(lines) - len(lines.rstrip("\n"))
            out.append(((x - lo) / (hi - lo) * width, y, place, away, lines.strip("\n")))
    return out


@pytest.mark.parametrize("which", ["bgp", "bgp hijack"])
def test_city_names_on_the_bgp_map_do_not_overlap(lesson_figures, which):
    # names at 14 px are about 0.55 x 14 = 7.7 px a character; two names on the same row, on
    # the same side and as far from their markers must be at least half their widths apart
    char = 0.55 * LABEL_FONT["size"]
    boxes = [b for b in _label_boxes(lesson_figures[which]) if b[1] == 0.0]
    assert len(boxes) == 12  # one ISP per city
    for i, a in enumerate(boxes):
        for b in boxes[i + 1 :]:
            if a[2:4] != b[2:4]:
                continue
            wide = max(len(s) for s in a[4].split("\n")) + max(len(s) for s in b[4].split("\n"))
            assert abs(a[0] - b[0]) >= wide / 2 * char, (a[4], b[4])


def test_new_york_and_san_francisco_sit_apart(lesson_figures):
    boxes = {b[4]: b for b in _label_boxes(lesson_figures["bgp"]) if b[1] == 0.0}
    ny, sf = boxes["New York"], boxes["San Francisco"]
    assert ny[2:4] != sf[2:4] or abs(ny[0] - sf[0]) >= 13 * 0.55 * LABEL_FONT["size"]


# ---- time axes zoom to the event ---------------------------------------------------------------
def test_a_ten_minute_config_push_is_not_a_hairline_on_a_day(runs, lesson_figures):
    # lesson 04: staged, the canary gets the bad config at 09:47, the gate halts it at 09:52 and
    # the rollback is done at 09:57: a 10-minute event. The axis must hold it with a margin of
    # at most max(30 min, a quarter of the span) on each side, so it is wide on the screen.
    fig = lesson_figures["impact staged"]
    lo, hi = (h * 60 for h in fig.layout.xaxis.range)
    start, end = 9 * 60 + 47, 9 * 60 + 57
    assert lo <= start and hi >= end
    assert start - lo <= 30 + 1e-6 and hi - end <= 30 + 1e-6
    assert (end - start) / (hi - lo) >= 0.1  # a tenth of the axis at least, not 10 / 1440
    # zooming out still shows the whole day: the lines run from 00:00 to the end of the run
    cats = [t for t in fig.data if t.legendgroup == "categories"]
    assert min(cats[0].x) == 0 and max(cats[0].x) == runs["staged"].minutes / 60


def test_the_impact_axis_holds_the_whole_outage(runs, lesson_figures):
    # the region outage: from 08:00 to when every app is back, and the "now" line at 09:00
    fig = lesson_figures["impact"]
    lo, hi = (h * 60 for h in fig.layout.xaxis.range)
    assert lo < 8 * 60 and hi > runs["day"].full_recovery()


def test_the_replay_axis_holds_every_milestone_of_the_record(runs, lesson_figures):
    record = scenarios.info("aws-dynamodb-dns-2025").record
    lo, hi = (h * 60 for h in lesson_figures["replay"].layout.xaxis.range)
    for m in record.milestones.values():
        assert lo < m < hi


# ---- the 60-second TTL chart says why its rows look alike ---------------------------------------
def test_a_60_second_ttl_says_every_resolver_loses_it_within_a_minute(lesson_figures):
    # RFC 1035: a resolver keeps an answer for its TTL. With 60 s every cached copy expires
    # within a minute of the record emptying, so the 17 rows change at the same moment on an
    # axis of hours; the title must say so. With 3600 s the losses spread over the hour.
    title = _visible(lesson_figures["dns ttl"].layout.title.text.replace("<br>", " "))
    first, second = title.split("TTL 3600 s:")
    assert "within a minute" in first and "look alike" in first
    assert "within a minute" not in second


# ---- AS paths read as names ------------------------------------------------------------------
def test_an_as_path_reads_as_names_with_numbers():
    # the toy graph names every AS: Paris's ISP is AS64605 "isp-paris", its provider
    # transit-europe AS64511 (toy_graph); a path shows both, not bare numbers
    why = placement(NET).reach("streamflix").why("isp-paris")
    assert "isp-paris (AS64605) → transit-europe (AS64511)" in why
    assert not re.search(r"\b6\d{4} →", why)


# ---- the summary table says what its headers mean ------------------------------------------
def test_every_header_of_the_impact_table_is_explained_under_it(runs):
    text = str(runs["day"].impact_summary())
    header = text.splitlines()[1]
    key = " ".join(
        line for line in text.splitlines() if not line.startswith(tuple(labkit.CATEGORIES))
    )
    key = key.split("Key:", 1)[1]
    for column in ("peak down", "share", "at", "down+degr.", "user-hours down"):
        assert column in header
        assert f"{column} =" in key, column
