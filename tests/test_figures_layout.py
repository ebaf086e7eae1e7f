"""The figures' layout maths (labkit.figures.layout), without plotly: every expected value below
is worked out by hand from a small world or graph."""

from __future__ import annotations

import subprocess
import sys
from types import SimpleNamespace

import networkx as nx
import pytest
from worlds import tiny_world

from labkit.figures import layout
from labkit.figures.layout import (
    as_layout,
    chain_layout,
    chain_nodes,
    clock_ticks,
    concentration_shares,
    dependency_pairs,
    frame_minutes,
    longest_depth,
    map_positions,
    regions_of,
    segments,
    worst_minute,
)

TINY = tiny_world()


def test_layout_and_the_package_import_without_plotly():
    code = (
        "import sys, labkit, labkit.figures, labkit.figures.layout as L\n"
        "L.map_positions(labkit.build_internet())\n"
        "L.concentration_shares(labkit.build_internet())\n"
        "assert 'plotly' not in sys.modules, 'plotly was imported'\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


def test_layout_module_does_not_mention_plotly():
    source = open(layout.__file__, encoding="utf-8").read()
    assert "import plotly" not in source and "from plotly" not in source


# --- the internet map -----------------------------------------------------------------------


def test_map_positions_of_a_tiny_world():
    pos = map_positions(TINY)
    # one provider "acme": r1 at x=0, r2 at x=1; two zones each, 0.3 apart around the x
    assert pos["r1-a"] == pytest.approx((-0.15, 0.0))
    assert pos["r1-b"] == pytest.approx((0.15, 0.0))
    assert pos["r2-a"] == pytest.approx((0.85, 0.0))
    assert pos["r2-b"] == pytest.approx((1.15, 0.0))
    # blocks two to a row in BLOCK_KINDS order, from y = 1 + 1: dns (left) and kv-db (right),
    # then object-storage / identity, compute / queue, load-balancer / status-page
    assert pos["r1/dns"] == pytest.approx((-0.2, 2.0))
    assert pos["r1/kv-db"] == pytest.approx((0.2, 2.0))
    assert pos["r1/compute"] == pytest.approx((-0.2, 4.0))
    assert pos["r2/status-page"] == pytest.approx((1.2, 5.0))
    # after the provider x = 2.6, so the width is 2.6 - 1.6 = 1: one SaaS at x 0, row 7
    assert pos["login"] == pytest.approx((0.0, 7.0))
    # five apps, all category "office", sorted by id and spread 1/4 apart on row 9.5
    for i, app in enumerate(["duo", "edge", "fan", "pair", "solo"]):
        assert pos[app] == pytest.approx((i * 0.25, 9.5)), app
    assert len(pos) == len(TINY.components())


def test_dependency_pairs_are_needs_and_load_balancers():
    assert dependency_pairs(TINY) == [
        ("login", "r1/load-balancer"),
        ("solo", "r1/load-balancer"),
        ("pair", "r1/load-balancer"),
        ("pair", "r2/load-balancer"),
        ("duo", "r1/load-balancer"),
        ("duo", "r2/load-balancer"),
        ("edge", "login"),
        ("edge", "r2/load-balancer"),
        ("fan", "login"),
    ]


def test_segments_break_between_pairs():
    pos = {"a": (0, 1), "b": (2, 3), "c": (4, 5)}
    xs, ys = segments([("a", "b"), ("b", "c")], pos)
    assert xs == [0, 2, None, 2, 4, None]
    assert ys == [1, 3, None, 3, 5, None]
    assert segments([], pos) == ([], [])


# --- the BGP map ----------------------------------------------------------------------------


def test_as_layout_layers_by_kind_and_orders_by_neighbours():
    g = nx.DiGraph()
    kinds = {1: "tier-1", 2: "tier-1", 10: "transit", 11: "transit", 20: "cloud"}
    kinds |= {30: "eyeball", 31: "eyeball", 32: "eyeball"}
    for asn, kind in kinds.items():
        g.add_node(asn, kind=kind)
    g.add_edges_from([(10, 2), (11, 1), (20, 11), (30, 10), (31, 11)])
    pos = as_layout(g)
    # tier-1 by ASN: 1 at 1/4, 2 at 3/4 of the width, y 3
    assert pos[1] == pytest.approx((0.25, 3.0)) and pos[2] == pytest.approx((0.75, 3.0))
    # transit 11 leans on AS1 (x 1/4), 10 on AS2 (x 3/4): 11 goes left
    assert pos[11] == pytest.approx((0.25, 2.0)) and pos[10] == pytest.approx((0.75, 2.0))
    # any other kind (a cloud) on y 1, alone: the middle
    assert pos[20] == pytest.approx((0.5, 1.0))
    # eyeballs: 31 under 11 (x 1/4), 30 under 10 (x 3/4), 32 has no neighbour: last
    assert pos[31] == pytest.approx((1 / 6, 0.0))
    assert pos[30] == pytest.approx((3 / 6, 0.0))
    assert pos[32] == pytest.approx((5 / 6, 0.0))


# --- one app's dependency chain ---------------------------------------------------------------


def test_longest_depth_takes_the_longest_chain():
    g = nx.DiGraph([("a", "b"), ("b", "c"), ("a", "c"), ("a", "d")])
    assert longest_depth(g) == {"a": 0, "b": 1, "c": 2, "d": 1}


def test_chain_layout_of_edge_in_the_tiny_world():
    # edge (r2) needs r2/compute and login (r1), which needs r1/compute; compute softly needs
    # kv-db, identity, object storage and dns (it finds them by name); identity needs kv-db and
    # dns; kv-db, object storage and dns need nothing (losing a name does not stop the database)
    sub = chain_nodes(TINY, "edge", zones=False)
    kinds = ("compute", "identity", "kv-db", "dns", "object-storage")
    blocks = {f"{r}/{k}" for r in ("r1", "r2") for k in kinds}
    assert set(sub) == {"edge", "login"} | blocks
    pos, regions = chain_layout(TINY, sub, "edge")
    assert regions == ["r1", "r2"]
    # services: edge on row 0, login on row 1, each alone in its row: x 1/2
    assert pos["edge"] == pytest.approx((0.5, 0.0))
    assert pos["login"] == pytest.approx((0.5, -1.0))
    # blocks from row 2 by their own chain: compute 2, identity and object storage 3 (one below
    # compute), kv-db and dns 4 (one below identity); r1's band is x 0..1/2 (middle 1/4), r2's
    # 1/2..1 (middle 3/4)
    assert pos["r1/compute"] == pytest.approx((0.25, -2.0))
    assert pos["r2/compute"] == pytest.approx((0.75, -2.0))
    # rows 3 and 4 hold two blocks per band, at 1/4 and 3/4 of it, in name order
    assert pos["r1/identity"] == pytest.approx((0.125, -3.0))
    assert pos["r1/object-storage"] == pytest.approx((0.375, -3.0))
    assert pos["r2/identity"] == pytest.approx((0.625, -3.0))
    assert pos["r2/object-storage"] == pytest.approx((0.875, -3.0))
    assert pos["r1/dns"] == pytest.approx((0.125, -4.0))
    assert pos["r1/kv-db"] == pytest.approx((0.375, -4.0))
    assert pos["r2/dns"] == pytest.approx((0.625, -4.0))
    assert pos["r2/kv-db"] == pytest.approx((0.875, -4.0))


def test_chain_layout_puts_zones_on_the_bottom_row():
    sub = chain_nodes(TINY, "edge", zones=True)
    pos, _ = chain_layout(TINY, sub, "edge")
    # bottom row: 2 + 2 (deepest block) + 1 = 5; two zones share each band, at 1/4 and 3/4 of it
    assert pos["r1-a"] == pytest.approx((0.125, -5.0))
    assert pos["r1-b"] == pytest.approx((0.375, -5.0))
    assert pos["r2-a"] == pytest.approx((0.625, -5.0))
    assert pos["r2-b"] == pytest.approx((0.875, -5.0))


# --- region concentration ---------------------------------------------------------------------


def test_regions_of_follow_third_parties():
    assert regions_of(TINY, "solo") == {"r1"}
    assert regions_of(TINY, "edge") == {"r1", "r2"}  # r1 through login
    assert regions_of(TINY, "fan") == {"r1"}  # self-hosted, needs login softly


def test_concentration_shares_of_the_tiny_world():
    shares = concentration_shares(TINY)
    # five apps of 1000 users each: 1/5 apiece. r1: solo, pair, duo run there; edge and fan
    # only need login, which does. r2: pair, duo, edge run there; nothing else reaches it.
    assert shares["r1"] == pytest.approx(
        dict(apps_direct=0.6, apps_indirect=0.4, users_direct=0.6, users_indirect=0.4)
    )
    assert shares["r2"] == pytest.approx(
        dict(apps_direct=0.6, apps_indirect=0.0, users_direct=0.6, users_indirect=0.0)
    )


def test_concentration_shares_checks_its_argument():
    with pytest.raises(TypeError, match=r"internet: got 'net' \(a str\); allowed: an Internet"):
        concentration_shares("net")


# --- time ------------------------------------------------------------------------------------


def test_frame_minutes_are_steps_and_changes():
    tl = SimpleNamespace(minutes=100, change_times=lambda: [7, 30, 95])
    assert frame_minutes(tl, 30) == [0, 7, 30, 60, 90, 95]
    assert frame_minutes(tl, 100) == [0, 7, 30, 95]


@pytest.mark.parametrize("step", [0, -10, 2.5, True, "10"])
def test_frame_minutes_reject_a_bad_step(step):
    tl = SimpleNamespace(minutes=100, change_times=lambda: [])
    with pytest.raises(ValueError, match=r"^step: got .*; allowed: a whole number of minutes >= 1"):
        frame_minutes(tl, step)


def test_worst_minute_is_the_first_stretch_with_most_users_hit():
    row = SimpleNamespace
    rows = [row(start=0, users_down=0, users_degraded=0),
            row(start=60, users_down=10, users_degraded=5),
            row(start=60, users_down=0, users_degraded=20),  # another category, same stretch
            row(start=120, users_down=35, users_degraded=0),
            row(start=180, users_down=30, users_degraded=0)]  # fmt: skip
    # totals: 0 → 0, 60 → 35, 120 → 35 (a tie: the first wins), 180 → 30
    assert worst_minute(SimpleNamespace(impact=lambda: rows)) == 60
    quiet = [row(start=0, users_down=0, users_degraded=0)]
    assert worst_minute(SimpleNamespace(impact=lambda: quiet)) == 0


def test_clock_ticks_pick_the_first_step_that_fits():
    # 60 minutes: 5-minute steps make 12 > 10, 10-minute steps make 6
    ticks = clock_ticks(60, 120)
    assert ticks["tickvals"] == [60, 70, 80, 90, 100, 110, 120]
    assert ticks["ticktext"][0] == "01:00" and ticks["ticktext"][-1] == "02:00"
    # a whole day: up to 120-minute steps make 12 > 10, 180-minute steps make 8
    day = clock_ticks(0, 1440)
    assert day["tickvals"] == [0, 180, 360, 540, 720, 900, 1080, 1260, 1440]
    # at most 2 steps over 13 minutes: 10-minute steps, from the first multiple of 10
    assert clock_ticks(7, 20, most=2)["tickvals"] == [10, 20]
