"""The dependency graph knows what the engine knows about zones.

Lesson 01 finds single points of failure in ``net.graph`` with networkx (the hard edges only);
the engine decides what a zone outage takes down with :func:`labkit.cascade.zone_coverage`.
They must agree, zone by zone, or the lesson teaches something the model contradicts.
"""

from __future__ import annotations

from dataclasses import replace

import networkx as nx
import pytest

import labkit
from labkit.checks import hard_graph, single_points_of_failure

NET = labkit.build_internet()


def _down_in_zone_outage(net: labkit.Internet, zone: str) -> set[str]:
    """What the engine says is down at 08:30 when ``zone`` alone fails from 08:00 to 09:00."""
    outage = labkit.Scenario([labkit.ZoneOutage(zone, "08:00", "09:00")])
    day = labkit.simulate(net, outage)
    return {c for c in [*net.blocks, *net.services] if day.state(c, "08:30") == "down"}


def _down_by_graph(net: labkit.Internet, zone: str) -> set[str]:
    """What lesson 01's analysis says ``zone`` takes down: its hard ancestors."""
    return nx.ancestors(hard_graph(net), zone)


@pytest.mark.parametrize("zone", NET.zones)
def test_every_zone_takes_down_the_apps_the_graph_says(zone):
    down = _down_in_zone_outage(NET, zone)
    apps = {a.id for a in NET.apps()}
    by_checker = {a for a in apps if zone in single_points_of_failure(NET, a)}
    assert down & apps == by_checker
    # not only apps: every block and SaaS too
    assert down == _down_by_graph(NET, zone)


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_engine_and_graph_agree_on_zones_in_other_worlds(seed):
    net = labkit.build_internet(seed)
    for zone in net.zones:
        assert _down_in_zone_outage(net, zone) == _down_by_graph(net, zone), zone


def test_petfeeder_falls_with_its_only_zone():
    # internet.py's _APPS row for PetFeeder: one region wanted, failover "none", 1 zone used;
    # seed 0 places it in stratus-us-central, so the engine deploys it in that region's first
    # zone only (zones[:1]) and it is down whenever stratus-us-central-a is.
    pet = NET.services["petfeeder"]
    assert (pet.regions, pet.failover, pet.zones_used) == (("stratus-us-central",), "none", 1)
    edge = NET.graph.edges["petfeeder", "stratus-us-central-a"]
    assert edge["hard"] is True and edge["zones"] == 1
    assert "stratus-us-central-b" not in NET.graph["petfeeder"]
    assert "stratus-us-central-a" in single_points_of_failure(NET, "petfeeder")
    day = labkit.simulate(
        NET, labkit.Scenario([labkit.ZoneOutage("stratus-us-central-a", "08:00", "09:00")])
    )
    assert day.state("petfeeder", "08:30") == "down"
    assert day.state("petfeeder", "07:59") == "ok"
    # the same zone also takes down MailRelay (SaaS, 1 zone in stratus-us-central), but the
    # apps that use MailRelay need it softly, so PetFeeder is the only app that falls
    assert {a.id for a in NET.apps() if day.state(a.id, "08:30") == "down"} == {"petfeeder"}
    assert day.state("mailrelay", "08:30") == "down"


def test_spread_over_several_zones_is_a_soft_need_of_each():
    # ScribeAI uses 2 zones of stratus-us-central: losing one leaves it running
    edges = {z: d for z, d in NET.graph["scribeai"].items() if z in NET.zones}
    assert set(edges) == {"stratus-us-central-a", "stratus-us-central-b"}
    assert all(d["hard"] is False and d["zones"] == 2 for d in edges.values())
    # a block runs in all its region's zones (nimbus-us-east has 3)
    blk = {z: d for z, d in NET.graph["nimbus-us-east/kv-db"].items() if z in NET.zones}
    assert len(blk) == 3 and all(not d["hard"] and d["zones"] == 3 for d in blk.values())
    # a self-hosted app needs no zone directly
    assert not any(z in NET.zones for z in NET.graph["shopfast"])


def test_failover_makes_a_single_zone_soft():
    # TicketDash runs in two regions with active-passive failover; in a world where it uses one
    # zone in each, losing its primary zone takes it down only until failover (a few minutes),
    # so the zone is a soft need, as the region's building blocks are
    tix = NET.services["ticketdash"]
    assert len(tix.regions) == 2 and tix.failover == "active-passive"
    one = replace(tix, zones_used=1)
    net = replace(NET, services={**NET.services, "ticketdash": one})
    zone = net.regions[tix.regions[0]].zones[0]
    edge = net.graph.edges["ticketdash", zone]
    assert edge["hard"] is False and edge["zones"] == 1
    assert "ticketdash" not in _down_in_zone_outage(net, zone)
    assert _down_in_zone_outage(net, zone) == _down_by_graph(net, zone)
