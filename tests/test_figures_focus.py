"""The focused figures: each one shows what the model computed, says it in its title and summary,
and stays readable (projector-sized fonts, Okabe–Ito colours with a second cue)."""

from __future__ import annotations

import re

import pytest

import labkit
from labkit import scenarios
from labkit.figures import (
    DNS_STYLE,
    OUTCOME_STYLE,
    STATE_STYLE,
    animated_impact,
    animated_map,
    bgp_route_map,
    blast_radius,
    dependency_chain,
    dns_expiry_figure,
    figure_summary,
    impact_figure,
    internet_map,
    region_concentration,
    rollout_waves_figure,
    to_html,
    update_impact,
    update_map,
)
from labkit.mechanisms import bgp, dns, rollout
from labkit.mechanisms import bgp as routing

NET = labkit.build_internet()
OKABE_ITO = {"#000000", "#E69F00", "#56B4E9", "#009E73", "#F0E442", "#0072B2", "#D55E00", "#CC79A7"}


@pytest.fixture(scope="module")
def day():
    return labkit.simulate(NET, scenarios.load("nimbus-us-east-outage"))


@pytest.fixture(scope="module")
def hijack():
    return bgp.reach(bgp.toy_as_graph(), "10.50.1.7", [bgp.Hijack("natel", "10.50.1.0/24")])


@pytest.fixture(scope="module")
def leak():
    place = routing.placement(NET)
    event = scenarios.load("verizon-leak-2019").failures[0].event(place)
    return bgp.reach(place.graph, routing.destination(place.prefix["streamflix"]), [event])


@pytest.fixture(scope="module")
def dns_runs():
    world = dns.toy_dns(NET)
    outage = [dns.AuthoritativeOutage("quickdns", "11:00", "12:00")]
    plain = dns.resolve_timeline(world, outage)
    stale = dns.resolve_timeline(world, outage, serve_stale=True)
    empty = dns.resolve_timeline(world, [dns.RecordEmpty("db.us-east.nimbus", "06:48", "09:25")])
    return plain, stale, empty


@pytest.fixture(scope="module")
def rollouts():
    fleet = rollout.toy_fleets(NET)["edgefast"]
    bad = rollout.ConfigVersion("v2", effect="crash", recovery=30)
    return {
        "global push": rollout.push(fleet, bad, rollout.GlobalPush(revert_after=45), "10:00"),
        "staged with halt": rollout.push(fleet, bad, rollout.StagedPush(), "10:00"),
    }


def legible(fig) -> None:
    assert fig.layout.font.size >= 14
    assert fig.layout.title.font.size >= 18
    summary = figure_summary(fig)
    assert summary and "<" not in summary, summary


def markers(fig, name_start: str) -> list:
    return [t for t in fig.data if (t.name or "").startswith(name_start) and t.mode != "lines"]


# --- styles ---------------------------------------------------------------------------------------


def test_every_palette_is_okabe_ito_and_has_a_second_cue():
    for style in (OUTCOME_STYLE, DNS_STYLE, STATE_STYLE):
        colours = [v[0] for v in style.values()]
        assert set(colours) <= OKABE_ITO and len(set(colours)) == len(colours)
        second = [v[1:] for v in style.values()]  # shape (+ dash), or fill pattern
        assert len(set(second)) == len(second)


# --- BGP ------------------------------------------------------------------------------------------


def test_bgp_map_colours_each_as_by_its_outcome(hijack):
    fig = bgp_route_map(hijack)
    legible(fig)
    counts = hijack.counts()
    for outcome, (colour, symbol, _) in OUTCOME_STYLE.items():
        drawn = [t for t in fig.data if t.mode == "markers+text" and t.marker.color == colour]
        assert sum(len(t.x) for t in drawn) == counts[outcome]
        assert all(t.marker.symbol == symbol for t in drawn)
    cities = hijack.by_city()
    hijacked = sum(1 for o in cities.values() if o == "hijacker")
    assert (
        fig.layout.title.text.replace("<br>", " ")
        == f"Hijacker wins {hijacked} of {len(cities)} cities: a /24 beats the /22"
    )
    assert f"{hijacked} of {len(cities)}" in figure_summary(fig)
    # the eyeballs' chosen paths are drawn in the hijacker's style, hop by hop
    paths = [t for t in fig.data if t.name == "a city's path to the hijacker"]
    assert len(paths) == 1 and paths[0].line.dash == OUTCOME_STYLE["hijacker"][2]
    hops = {
        (r.path[i], r.path[i + 1])
        for r in hijack.rows()
        if r.kind == "eyeball"
        for i in range(len(r.path) - 1)
    }
    assert list(paths[0].x).count(None) == len(hops)


def test_bgp_map_on_the_placed_world_shows_the_leak(leak):
    fig = bgp_route_map(leak)
    counts = leak.counts()
    assert counts["via-leak"] >= 1
    via = markers(fig, "detour through the leaker")
    assert len(via) == 1 and len(via[0].x) == counts["via-leak"]
    assert f"{counts['via-leak']} AS" in fig.layout.title.text.replace("<br>", " ")
    assert len(fig.data[0].x) > 0  # the links are drawn
    star = [t for t in fig.data if (t.name or "").startswith("rightful origin")]
    assert len(star[0].x) == len(leak.legit)


# --- DNS ------------------------------------------------------------------------------------------


def bands(fig, status: str, xaxis: str = "x") -> set:
    out = set()
    for t in fig.data:
        if t.type == "bar" and t.name == status and (t.xaxis or "x") == xaxis:
            out |= {(y, b, b + w) for y, b, w in zip(t.y, t.base, t.x, strict=True)}
    return out


def test_dns_bands_are_the_timeline_rows(dns_runs):
    plain, stale, empty = dns_runs
    fig = dns_expiry_figure(empty, "db.us-east.nimbus")
    legible(fig)
    for status in DNS_STYLE:
        rows = {
            (r.resolver, r.start, r.end)
            for r in empty.rows(name="db.us-east.nimbus")
            if r.status == status
        }
        assert bands(fig, status) == rows
    problems = empty.rows(name="db.us-east.nimbus", problems=True)
    hit = {r.resolver for r in problems}
    title = fig.layout.title.text.replace("<br>", " ")
    assert title.startswith(
        f"{len(hit)} of {len(empty.world.resolvers)} resolvers lose db.us-east.nimbus"
    )
    # the last resolver gets its answer back after the fix: the title says how long after
    linger = max(r.end for r in problems) - 565
    assert f"back {linger} min after the fix" in title
    # patterns differ per status, so the bands do not rely on colour alone
    shapes = {t.name: t.marker.pattern.shape for t in fig.data if t.type == "bar"}
    assert len(set(shapes.values())) == len(shapes)


def test_dns_compare_draws_a_second_panel_with_the_same_rows(dns_runs):
    plain, stale, _ = dns_runs
    fig = dns_expiry_figure(plain, "shopfast.example", compare=stale)
    for status in DNS_STYLE:
        rows = {
            (r.resolver, r.start, r.end)
            for r in stale.rows(name="shopfast.example")
            if r.status == status
        }
        assert bands(fig, status, "x2") == rows
    assert bands(fig, "stale", "x2") and not bands(fig, "stale", "x")
    assert "with serve-stale: every resolver still answers" in fig.layout.title.text.replace(
        "<br>", " "
    )
    assert "without serve-stale: 17 of 17 resolvers" in figure_summary(fig)


# --- config rollouts ------------------------------------------------------------------------------


def test_waves_follow_the_rollouts(rollouts):
    fig = rollout_waves_figure(rollouts)
    legible(fig)
    for label, ro in rollouts.items():
        bad, healthy = [t for t in fig.data if t.name == label]
        assert max(bad.y) == pytest.approx(100 * ro.blast_radius)
        assert min(healthy.y) == pytest.approx(100 * ro.lowest_health)
        events = [t for t in fig.data if t.name == f"{label}: events"][0]
        assert len(events.x) >= len(ro.events)
        assert set(events.x) >= {e.at for e in ro.events}
    g, s = rollouts["global push"], rollouts["staged with halt"]
    assert fig.layout.title.text.replace("<br>", " ") == (
        f"Bad config reached {g.blast_radius:.0%} of the fleet with global push, "
        f"{s.blast_radius:.0%} with staged with halt"
    )
    styles = {(t.line.color, t.line.dash) for t in fig.data if t.name in rollouts}
    assert len(styles) == len(rollouts)  # colour and dash both differ


# --- regions --------------------------------------------------------------------------------------


def independent_shares(net) -> dict:
    """Regions each app needs, found by walking ``needs`` between services (not the graph)."""
    apps = net.apps()
    users = sum(a.total_users for a in apps)
    out = {r: [0.0, 0.0, 0.0, 0.0] for r in net.regions}  # apps direct/indirect, users ...
    for a in apps:
        seen, todo = set(), [a.id]
        while todo:
            s = net.services[todo.pop()]
            if s.id not in seen:
                seen.add(s.id)
                todo += [d.target for d in s.needs]
        regions = {r for s in seen for r in net.services[s].regions}
        for r in regions:
            k = 0 if r in a.regions else 1
            out[r][k] += 100 / len(apps)
            out[r][k + 2] += 100 * a.total_users / users
    return out


def test_region_concentration_matches_an_independent_count():
    fig = region_concentration(NET)
    legible(fig)
    expected = independent_shares(NET)
    got = {}
    for t in fig.data:
        col = 0 if (t.xaxis or "x") == "x" else 2
        k = 0 if t.legendgroup == "direct" else 1
        for region, x in zip(t.y, t.x, strict=True):
            got.setdefault(region, [0.0] * 4)[col + k] = x
    for region, values in expected.items():
        assert got[region] == pytest.approx(values, abs=0.06), region
    top = max(expected, key=lambda r: expected[r][2] + expected[r][3])
    users = expected[top][2] + expected[top][3]
    assert fig.layout.title.text.replace("<br>", " ").startswith(
        f"{top} is the most concentrated region: {users:.0f}%"
    )
    assert f"{users:.0f}%" in figure_summary(fig)


# --- one app's dependencies -----------------------------------------------------------------------


def test_dependency_chain_draws_every_need_with_its_kind(day):
    fig = dependency_chain(NET, "bazaar")
    legible(fig)
    needs = {d for d in NET.dependencies("bazaar") if NET.kind_of(d) != "zone"}
    nodes = [t for t in fig.data if t.mode == "markers+text"]
    assert sum(len(t.x) for t in nodes) == len(needs) + 1
    hard = [t for t in fig.data if (t.name or "").startswith("hard need")][0]
    soft = [t for t in fig.data if (t.name or "").startswith("soft need")][0]
    assert hard.line.dash == "solid" and soft.line.dash == "dash"
    g = NET.graph.subgraph(needs | {"bazaar"})
    assert list(hard.x).count(None) == sum(1 for *_, d in g.edges(data=True) if d["hard"])
    assert list(soft.x).count(None) == sum(1 for *_, d in g.edges(data=True) if not d["hard"])
    assert f"needs {len(needs)} components" in fig.layout.title.text.replace("<br>", " ")


def test_dependency_chain_with_a_timeline_colours_by_state(day):
    fig = dependency_chain(NET, "shopfast", day, "09:00")
    states = day.states_at("09:00")
    shown = set()
    for t in fig.data:
        if t.mode == "markers+text":
            state = next(s for s, (c, _) in STATE_STYLE.items() if c == t.marker.color)
            assert t.marker.symbol == STATE_STYLE[state][1]
            shown |= {(x, y) for x, y in zip(t.x, t.y, strict=True)}
            assert t.name == f"{state} ({len(t.x)})"
    tree = {"shopfast"} | NET.dependencies("shopfast")
    down = [c for c in tree if states[c] == "down"]
    drawn_down = sum(len(t.x) for t in fig.data if t.name and t.name.startswith("down ("))
    assert drawn_down == len(down)  # zones are down, so they are drawn
    assert fig.layout.title.text.replace("<br>", " ").startswith("ShopFast is down at 09:00")
    assert any(t.name == "chain of causes" for t in fig.data)


# --- blast radius ---------------------------------------------------------------------------------


def test_blast_radius_sizes_tiles_by_users_of_affected_apps(day):
    fig = blast_radius(day)
    legible(fig)
    worst = max(day.change_times(), key=lambda m: (day.affected_at(m), -m))
    tm = fig.data[0]
    states = day.states_at(worst)
    values = dict(zip(tm.ids, tm.values, strict=True))
    colours = dict(zip(tm.ids, tm.marker.colors, strict=True))
    for a in NET.apps():
        if states[a.id] == "ok":
            assert a.id not in values
        else:
            assert values[a.id] == a.total_users
            assert colours[a.id] == STATE_STYLE[states[a.id]][0]
    hit = sum(a.total_users for a in NET.apps() if states[a.id] != "ok")
    assert hit == day.affected_at(worst)  # no city cut off here: app states tell it all
    total = sum(a.total_users for a in NET.apps())
    # users who cannot use their app (down apps) and users whose app is degraded are told
    # apart, never added into one "affected" figure
    down = sum(a.total_users for a in NET.apps() if states[a.id] == "down")
    slow = hit - down
    title = f"At {labkit.fmt_time(worst)}, {down / 1e6:.1f}M of {total / 1e6:.1f}M app users "
    title += "cannot use their app" + (f", {slow / 1e6:.1f}M more have it degraded" if slow else "")
    assert fig.layout.title.text.replace("<br>", " ").startswith(title + ":")
    labels = dict(zip(tm.ids, tm.labels, strict=True))
    assert all(states[a.id].upper() in labels[a.id] for a in NET.apps() if a.id in labels)


# --- the existing figures gain a summary ----------------------------------------------------------


def test_map_and_impact_carry_a_summary_that_follows_updates(day):
    quiet = labkit.simulate(NET, labkit.Scenario())
    fig = internet_map(quiet, "09:00", widget=True)
    assert "no failure" in figure_summary(fig)
    update_map(fig, day, "09:00")
    assert f"{len(day.down_at('09:00'))} components down" in figure_summary(fig)
    imp = impact_figure(day)
    assert figure_summary(imp).startswith(imp.layout.title.text.replace("<br>", " "))
    quiet_imp = impact_figure(quiet, widget=True)
    update_impact(quiet_imp, day)
    assert figure_summary(quiet_imp) == figure_summary(imp)


# --- kernel-free animation and export -------------------------------------------------------------


def test_animated_map_has_a_small_frame_per_step_and_change(day):
    fig = animated_map(day, step=30)
    minutes = sorted(set(range(0, day.minutes, 30)) | set(day.change_times()))
    assert [f.name for f in fig.frames] == [labkit.fmt_time(m) for m in minutes]
    steps = fig.layout.sliders[0].steps
    assert [s.args[0][0] for s in steps] == [f.name for f in fig.frames]
    assert all(s.args[1]["frame"]["redraw"] is False for s in steps)
    assert [b.label for b in fig.layout.updatemenus[0].buttons] == ["▶ play", "❚❚ pause"]
    scale = {round(v * 2): c for v, c in fig.data[1].marker.colorscale}
    for frame, m in zip(fig.frames, minutes, strict=True):
        assert frame.traces == (1,)
        (trace,) = frame.data
        assert set(trace.to_plotly_json()) <= {"type", "marker"}  # colour and shape only
        colours = [scale[c] for c in trace.marker.color]
        states = day.states_at(m)
        assert colours == [STATE_STYLE[states[c]][0] for c in day.components]
    assert fig.data[1].mode == "markers"  # names sit in a trace the frames never touch
    assert [t.name for t in fig.data].count("names") == 1
    assert fig.layout.title.text.replace("<br>", " ").startswith(
        "Worst at 08:00: 23 components down"
    )
    assert "08:00" in figure_summary(fig)


def test_animated_impact_moves_a_marker_per_category(day):
    fig = animated_impact(day, step=60)
    frame = next(f for f in fig.frames if f.name == "09:00")
    assert len(frame.data) == len(labkit.CATEGORIES)
    ys = [d.y[0] for d in frame.data]
    shares = [100 * r.share_affected for r in day.impact() if r.start <= 540 < r.end]
    assert ys == pytest.approx(shares, abs=0.01)


def test_to_html_is_self_contained_and_does_not_autoplay(day, tmp_path):
    fig = animated_map(day, step=60)
    path = to_html(fig, tmp_path / "map.html")
    page = path.read_text(encoding="utf-8")
    assert not re.search(r"<script[^>]*\bsrc=", page), "plotly.js must be inline (offline)"
    assert len(page) > 3_000_000  # plotly.js itself is in the file
    assert "Plotly.animate" not in page.split("Plotly.newPlot", 1)[1]
    assert figure_summary(fig).split(";")[0] in page
