"""Where the world's services and users sit in the AS graph.

The route engine computes routes on any AS graph and knows nothing about services; this module
places the toy internet on :func:`~.toy_graph.toy_as_graph`: each city's users behind their
eyeball ISP, each cloud-hosted service in its region's prefix, each self-hosted company in an AS
of its own.

>>> import labkit
>>> net = labkit.build_internet()
>>> place = placement(net)
>>> place.prefix["signonce"], place.city_as["Paris"]
('10.100.0.0/20', 64605)
"""

from __future__ import annotations

import ipaddress
from collections.abc import Iterable
from dataclasses import dataclass

from ...internet import Internet
from ...validate import check_choice, short
from .data_plane import Reachability, reach
from .events import Event, RoutePolicy
from .graph import AS, ASGraph
from .toy_graph import toy_as_graph

__all__ = ["Placement", "destination", "placement"]

_TRANSITS = (
    "transit-north-america",
    "transit-europe",
    "transit-asia",
    "transit-latin-america",
    "transit-africa",
    "transit-oceania",
)


@dataclass(frozen=True)
class Placement:
    """The AS graph of a world: ``prefix`` per service, ``service_as`` (the AS a service's
    servers send from), ``city_as`` (each city's eyeball ISP), and named targets."""

    graph: ASGraph
    prefix: dict[str, str]
    service_as: dict[str, int]
    city_as: dict[str, int]
    targets: dict[str, str]  # service, region or AS name -> prefix

    def resolve(self, field: str, target: str) -> str:
        """A prefix for ``target``: a service, a region, an AS name, or a prefix itself."""
        if isinstance(target, str) and "/" in target:
            try:
                return str(ipaddress.ip_network(target))
            except ValueError:
                pass
        return self.targets[check_choice(field, target, self.targets)]

    def reach(
        self,
        service: str,
        events: Iterable[Event] = (),
        mitigations: Iterable[RoutePolicy] = (),
    ) -> Reachability:
        """Where every AS's packets for ``service`` go: the data plane (:func:`~.data_plane.reach`)
        for the address the service is reached at (:func:`destination` of its prefix).

        Parameters
        ----------
        service : str
            A service of the world, e.g. ``"streamflix"``.
        events : iterable of Event
            Routing events (e.g. ``failure.event(place)`` of a BGP failure, or an ``Announce``).
        mitigations : iterable of RoutePolicy
            Routing policies, e.g. ``OriginValidation`` or ``RouteFilter``.

        Returns
        -------
        Reachability
            The outcome per AS, with ``summary()`` and ``why(as)``.

        Examples
        --------
        >>> import labkit
        >>> from labkit.mechanisms.bgp import Hijack
        >>> place = placement(labkit.build_internet())
        >>> print(place.reach("streamflix").summary())
        10.50.0.1, 38 ASes: 38 reach the origin AS64551 (streamflix), 0 reach nothing
        >>> place.reach("streamflix", [Hijack("natel", "10.50.0.0/24")]).outcome("isp-paris")
        'hijacker'
        """
        prefix = self.prefix[check_choice("service", service, self.prefix)]
        return reach(self.graph, destination(prefix), events, mitigations)

    def held(self, field: str, target: str) -> str:
        """The prefix for ``target`` (see :meth:`resolve`), which must lie within a prefix some
        network of this world holds."""
        prefix = self.resolve(field, target)
        net = ipaddress.ip_network(prefix)
        for a in self.graph.ases.values():
            for p in a.prefixes:
                own = ipaddress.ip_network(p)
                if own.version == net.version and net.subnet_of(own):  # type: ignore[arg-type]
                    return prefix
        raise ValueError(
            f"{field}: got {short(target)}, a prefix no network in this world holds; allowed: "
            "a service, region or AS name, or a prefix inside one a network holds, e.g. "
            f"{next(iter(self.prefix.values()))!r}"
        )


def placement(world: Internet) -> Placement:
    """Put ``world`` on the toy AS graph (computed once per world)."""
    cached = world.__dict__.get("_placement")
    if cached is None:
        cached = world.__dict__["_placement"] = _place(world)
    return cached


def _place(world: Internet) -> Placement:
    toy = toy_as_graph()
    ases = list(toy.ases.values())
    c2p: list[tuple[int, int | str]] = [(c, p) for c in toy.ases for p in toy.providers(c)]
    p2p = [(a, b) for a in toy.ases for b in toy.peers(a) if a < b]
    names = {a.name: a.asn for a in ases}
    prefix: dict[str, str] = {}
    service_as: dict[str, int] = {}
    extra = 0
    for s in world.services.values():
        if s.regions:
            region = world.regions[s.regions[0]]
            cloud = toy.ases[names[region.provider]]
            index = world.providers[region.provider].regions.index(region.id)
            prefix[s.id] = cloud.prefixes[index % len(cloud.prefixes)]
            service_as[s.id] = cloud.asn
        elif s.id in names:
            prefix[s.id] = toy.ases[names[s.id]].prefixes[0]
            service_as[s.id] = names[s.id]
        else:  # a company with its own data centre gets its own network, multi-homed
            asn = 64700 + extra
            net = f"10.60.{extra}.0/24"
            ases.append(AS(asn, s.id, "content", None, (net,)))
            c2p += [(asn, _TRANSITS[extra % 6]), (asn, _TRANSITS[(extra + 1) % 6])]
            prefix[s.id], service_as[s.id] = net, asn
            extra += 1
    graph = ASGraph(ases, c2p, p2p)
    targets = dict(prefix)
    for pid, provider in world.providers.items():
        cloud = graph.ases[names[pid]]
        for i, rid in enumerate(provider.regions):
            targets.setdefault(rid, cloud.prefixes[i % len(cloud.prefixes)])
    for a in graph.ases.values():
        if a.prefixes:
            targets.setdefault(a.name, a.prefixes[0])
    city_as = {city: asns[0] for city, asns in graph.eyeballs().items()}
    return Placement(graph, prefix, service_as, city_as, targets)


def destination(prefix: str) -> str:
    """The address a service is reached at: the first host of its prefix."""
    return str(ipaddress.ip_network(prefix).network_address + 1)
