"""Where DNS meets BGP: resolvers and name servers sit in ASes, and a resolver whose packets for
a provider's name servers end up nowhere, at a hijacker or in a leak cannot ask them.

:class:`DNSPlacement` says which prefix each provider's name servers are reached at and which
AS each resolver sends from; :func:`lost_routes_to_servers` asks the BGP data plane
(:func:`~labkit.mechanisms.bgp.reach`) which resolvers lose the way under some routing events;
:func:`routes_lost` turns a scenario's BGP failures into :class:`~.failures.RouteToServersLost`
for the DNS engine, which then answers SERVFAIL once cached answers expire.

>>> import labkit
>>> from labkit.mechanisms.bgp import Withdraw
>>> net = labkit.build_internet()
>>> where = dns_placement(net)
>>> where.servers["streamflix-dns"], where.resolvers["isp-paris"]
('10.50.4.0/24', 64605)
>>> lost = lost_routes_to_servers(where, [Withdraw("10.50.4.0/24")])
>>> sorted(lost["streamflix-dns"])[:3]
['cirrus-internal', 'isp-berlin', 'isp-chicago']
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from ...internet import Internet
from ...scenario import EngineOptions, Scenario
from ...states import DOWN, Cause, Hit
from ...validate import check_choice, check_type, short
from ..bgp import ASGraph, BackboneCut, BGPFailure, lost_route, placement, reach, stretches
from ..bgp.events import Event, RoutePolicy
from ..bgp.placement import Placement, destination
from ..bgp.prefixes import parse_prefix
from .failures import RouteToServersLost
from .toy import toy_dns
from .world import DNSWorld

__all__ = [
    "DNSPlacement",
    "cut_off_hits",
    "dns_placement",
    "lost_routes_to_servers",
    "rooted",
    "routes_lost",
]

#: Where the toy's public resolvers send from (assumed; the record names none): public-1 in the
#: CDN's network (as 1.1.1.1 sits in Cloudflare's), public-2 in a cloud's (as 8.8.8.8 in Google's).
_PUBLIC_AS = {"public-1": "edgefast", "public-2": "stratus"}


@dataclass(frozen=True)
class DNSPlacement:
    """Where DNS sits on an AS graph: ``servers`` maps a DNS provider to the prefix its name
    servers are reached at (anycast: one prefix); ``resolvers`` maps a resolver to the AS it
    sends its queries from. A provider left out has no prefix of its own in the graph and is
    reached from everywhere whatever routing does.

    Parameters
    ----------
    graph : ASGraph
        The AS graph.
    dns : DNSWorld
        The DNS world whose providers and resolvers are placed.
    servers : mapping of str to str
        Provider → a prefix some AS of ``graph`` holds, e.g. ``{"streamflix-dns":
        "10.50.4.0/24"}``.
    resolvers : mapping of str to int or str
        Resolver → an AS (ASN or name); every resolver of ``dns`` must be placed.

    Raises
    ------
    TypeError
        If ``servers`` or ``resolvers`` is not a mapping.
    ValueError
        If a provider or resolver is unknown (with the closest name), a prefix is not a
        prefix or no AS holds it, an AS is unknown, or a resolver of ``dns`` is not placed.

    Examples
    --------
    >>> from labkit.mechanisms.bgp import AS, ASGraph
    >>> from labkit.mechanisms.dns import DNSProvider, DNSWorld, Record, Resolver
    >>> g = ASGraph([AS(1, "dns-co", "content", None, ("10.9.0.0/24",)), AS(2, "isp", "eyeball")],
    ...             [("dns-co", "isp")])
    >>> w = DNSWorld([DNSProvider("dns-co-dns")], [Record("a.example", "dns-co-dns")],
    ...              [Resolver("isp-res")])
    >>> DNSPlacement(g, w, {"dns-co-dns": "10.9.0.0/24"}, {"isp-res": "isp"}).resolvers
    {'isp-res': 2}
    >>> DNSPlacement(g, w, {"dns-co-dsn": "10.9.0.0/24"}, {"isp-res": "isp"})
    Traceback (most recent call last):
    ...
    ValueError: servers: unknown value 'dns-co-dsn'. Did you mean 'dns-co-dns'? ...
    """

    graph: ASGraph
    dns: DNSWorld
    servers: Mapping[str, str] = field(default_factory=dict)
    resolvers: Mapping[str, int | str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        check_type("graph", self.graph, ASGraph, "an ASGraph")
        check_type("dns", self.dns, DNSWorld, "a DNSWorld, e.g. toy_dns()")
        check_type("servers", self.servers, Mapping, "a mapping provider → prefix")
        check_type("resolvers", self.resolvers, Mapping, "a mapping resolver → AS")
        servers: dict[str, str] = {}
        for pid, prefix in self.servers.items():
            check_choice("servers", pid, self.dns.providers)
            net = str(parse_prefix(f"servers[{pid!r}]", prefix))
            if not self.graph.holders(net):
                raise ValueError(
                    f"servers[{pid!r}]: got {short(prefix)}, a prefix no AS of the graph holds; "
                    "allowed: a prefix inside one an AS holds"
                )
            servers[pid] = net
        placed: dict[str, int] = {}
        for rid, ref in self.resolvers.items():
            check_choice("resolvers", rid, self.dns.resolvers)
            placed[rid] = self.graph.asn(ref, f"resolvers[{rid!r}]")
        missing = sorted(set(self.dns.resolvers) - set(placed))
        if missing:
            raise ValueError(
                f"resolvers: {missing[0]!r} has no AS; allowed: an AS for every resolver "
                f"({len(missing)} missing)"
            )
        object.__setattr__(self, "servers", servers)
        object.__setattr__(self, "resolvers", placed)


def dns_placement(world: Internet) -> DNSPlacement:
    """The toy internet's DNS on its AS graph (computed once per world).

    - Name servers: a service that runs its own DNS (``streamflix-dns``) at its network's DNS
      prefix (the second prefix of its AS, ``10.50.4.0/24``). The clouds' DNS and the managed
      providers (``quickdns``, ``steadydns``) have no prefix of their own in the toy graph,
      so routing never cuts them off.
    - Resolvers: each city's ISP resolver in that city's eyeball AS, each cloud's internal
      resolver in the cloud's AS, ``public-1`` in ``edgefast`` and ``public-2`` in ``stratus``
      (assumed).

    >>> import labkit
    >>> sorted(dns_placement(labkit.build_internet()).servers)
    ['streamflix-dns']
    """
    cached = world.__dict__.get("_dns_placement")
    if cached is None:
        cached = world.__dict__["_dns_placement"] = _place(world)
    return cached


def _place(world: Internet) -> DNSPlacement:
    place = placement(world)
    dns = toy_dns(world)
    graph = place.graph
    servers: dict[str, str] = {}
    for pid in dns.providers:
        owner = pid.removesuffix("-dns")
        if owner in world.services and owner in place.targets and owner not in world.providers:
            own = graph.ases[place.service_as[owner]].prefixes
            if len(own) > 1:
                servers[pid] = own[1]
    city_of = {f"isp-{r.id[4:]}": r.users[0][0] for r in dns.resolvers.values() if r.users}
    resolvers: dict[str, int | str] = {}
    for rid, res in dns.resolvers.items():
        if res.kind == "isp":
            resolvers[rid] = place.city_as[city_of[rid]]
        elif res.kind == "cloud":
            resolvers[rid] = rid.removesuffix("-internal")
        else:
            resolvers[rid] = _PUBLIC_AS[rid]
    return DNSPlacement(graph, dns, servers, resolvers)


def lost_routes_to_servers(
    where: DNSPlacement, events: Iterable[Event], mitigations: Iterable[RoutePolicy] = ()
) -> dict[str, dict[str, str]]:
    """Per placed provider, the resolvers whose packets for its name servers are lost under the
    routing ``events`` (no route, a loop, a hijacker, a leak), with why in words.

    Parameters
    ----------
    where : DNSPlacement
        The placement of the DNS world on the AS graph.
    events : iterable of Event
        Routing events, e.g. ``[Withdraw("10.50.4.0/24")]``.
    mitigations : iterable of RoutePolicy
        Route policies, e.g. ``OriginValidation``.

    Returns
    -------
    dict of str to dict of str to str
        Provider → {resolver: why}; providers every resolver still reaches are left out.
    """
    events, mitigations = list(events), list(mitigations)
    out: dict[str, dict[str, str]] = {}
    for pid, prefix in where.servers.items():
        result = reach(where.graph, destination(prefix), events, mitigations)
        lost = {
            rid: result.why(asn)
            for rid, asn in where.resolvers.items()
            if lost_route(result.outcome(asn))
        }
        if lost:
            out[pid] = lost
    return out


def routes_lost(
    world: Internet, scenario: Scenario, options: EngineOptions
) -> list[RouteToServersLost]:
    """The scenario's BGP failures as DNS failures: for each stretch of time with the same BGP
    failures in force, one :class:`RouteToServersLost` per provider and resolver that cannot
    reach it (``behind``: the failure whose prefix is the servers', else the first in force).

    >>> import labkit
    >>> net = labkit.build_internet()
    >>> s = labkit.Scenario([labkit.BackboneCut("streamflix", "15:40", "21:30")])
    >>> lost = routes_lost(net, s, s.options())
    >>> len(lost), lost[0].resolvers, lost[0].window
    (17, ('cirrus-internal',), '15:40–21:30')
    """
    failures = [f for f in scenario.failures if isinstance(f, BGPFailure)]
    if not failures:
        return []
    where = dns_placement(world)
    if not where.servers:
        return []
    place = placement(world)
    mitigations = [m.routing(place) for m in options.bgp_mitigations]
    out: list[RouteToServersLost] = []
    for a, b, active in stretches(failures, scenario.minutes):
        routed = list(dict.fromkeys(f.event(place) for f in active))
        for pid, lost in lost_routes_to_servers(where, routed, mitigations).items():
            behind = _behind(active, where.servers[pid], place)
            for rid, why in sorted(lost.items()):  # one each: every resolver has its own path
                why = f"{why} [{behind.describe()}]"
                out.append(RouteToServersLost(pid, a, b, resolvers=[rid], why=why, behind=behind))
    return out


def _behind(active: list[BGPFailure], prefix: str, place: Placement) -> BGPFailure:
    """The failure in force whose routing event concerns ``prefix`` (else the first)."""
    for f in active:
        ev = f.event(place)
        if getattr(ev, "prefix", None) == prefix:
            return f
    return active[0]


def rooted(hits: list[Hit]) -> list[Hit]:
    """``hits`` with the root of a :class:`RouteToServersLost` replaced by the routing failure
    behind it, so that explanations end at the failure the scenario holds."""
    out = []
    for h in hits:
        root = h.cause.root
        if isinstance(root, RouteToServersLost) and root.behind is not None:
            cause = Cause(h.cause.kind, h.cause.text, h.cause.via, root.behind)
            h = Hit(h.start, h.end, h.target, h.state, cause, h.vantage)
        out.append(h)
    return out


def cut_off_hits(world: Internet, scenario: Scenario, dns_hits: list[Hit]) -> list[Hit]:
    """Users who still resolve an app's name reach its edge but not its data centres while a
    :class:`~labkit.mechanisms.bgp.BackboneCut` is in force: a hit per city for the minutes
    DNS does not already cut that city off (users who cannot resolve never get that far)."""
    out: list[Hit] = []
    for f in scenario.failures:
        if not isinstance(f, BackboneCut):
            continue
        for sid in f.services(world):
            svc = world.services[sid]
            for city in sorted({c for c, n in svc.users if n}):
                covered = sorted(
                    (h.start, h.end) for h in dns_hits if h.target == sid and h.vantage == city
                )
                cause = Cause("failure", f"its data centres are cut off: {f.describe()}", root=f)
                t = f.start_min
                stop = min(f.fixed_min, scenario.minutes)
                for s, e in [*covered, (stop, stop)]:
                    if s > t:
                        out.append(Hit(t, min(s, stop), sid, DOWN, cause, city))
                    t = max(t, e)
                    if t >= stop:
                        break
    return out
