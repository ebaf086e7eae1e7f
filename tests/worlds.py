"""Small hand-built worlds whose outcomes can be worked out on paper."""

from __future__ import annotations

from labkit.internet import CITIES, Dependency, Internet, Provider, Region, Service, region_blocks

D = Dependency


def tiny_world() -> Internet:
    """One provider "acme" with regions r1 and r2 (zones a, b each) and four services:

    - ``solo``: app in r1 only, both zones, needs r1/compute (hard); drain 4.
    - ``pair``: app in r1 then r2, active-passive, needs compute (hard); drain 4.
    - ``duo``: app in r1 and r2, active-active, needs compute (hard); drain 4.
    - ``edge``: app in r2, one zone (r2-a), needs compute (hard), needs ``login`` (hard);
    - ``login``: SaaS in r1 only, needs compute (hard); drain 8.
    - ``fan``: app self-hosted, needs ``login`` softly.
    """
    regions = {
        rid: Region(rid, "acme", rid.upper(), (f"{rid}-a", f"{rid}-b")) for rid in ("r1", "r2")
    }
    blocks = {**region_blocks("r1"), **region_blocks("r2")}
    compute = (D("compute", True, "runs on VMs"),)

    def svc(sid, kind, regions, failover, zones, needs=(), drain=4, users=1000, bneeds=compute):
        return Service(
            sid, sid.title(), kind, "office" if kind == "app" else "login", regions, failover,
            zones, bneeds, needs, drain, (("London", users),) if kind == "app" else (),
        )  # fmt: skip

    services = {
        "login": svc("login", "saas", ("r1",), "none", 2, drain=8),
        "solo": svc("solo", "app", ("r1",), "none", 2),
        "pair": svc("pair", "app", ("r1", "r2"), "active-passive", 2),
        "duo": svc("duo", "app", ("r1", "r2"), "active-active", 2),
        "edge": svc("edge", "app", ("r2",), "none", 1, needs=(D("login", True),)),
        "fan": svc("fan", "app", (), "none", 0, needs=(D("login", False),), bneeds=()),
    }
    provider = Provider("acme", "Acme", 1.0, ("r1", "r2"))
    zones = tuple(z for r in regions.values() for z in r.zones)
    return Internet(0, {"acme": provider}, regions, blocks, services, dict(CITIES), zones)


def hm(text: str) -> int:
    """Minutes since 00:00 of day 1 for "HH:MM" or "day N HH:MM", read here independently of
    labkit's own clock, so tests that quote a record's times do not trust the code under test."""
    day = 1
    if text.startswith("day "):
        _, d, text = text.split(" ")
        day = int(d)
    h, m = text.split(":")
    return (day - 1) * 1440 + int(h) * 60 + int(m)
