"""The toy internet's DNS: its providers, names and resolvers, built from an
:class:`~labkit.internet.Internet` by :func:`toy_dns`."""

from __future__ import annotations

import unicodedata

from ...internet import Internet, build_internet
from .world import DNSProvider, DNSWorld, Record, Resolver

__all__ = ["AREAS", "ENDPOINTS", "toy_dns"]

#: Building block kind → (first label of its regional endpoint name, TTL in seconds).
ENDPOINTS: dict[str, tuple[str, int]] = {
    "kv-db": ("db", 60),
    "object-storage": ("storage", 60),
    "identity": ("identity", 60),
    "compute": ("compute", 60),
    "queue": ("queue", 60),
    "load-balancer": ("lb", 60),
    "status-page": ("status", 300),
}
#: TTLs (seconds) of some services' names; every other service name has 300 s.
_SERVICE_TTL = {"edgefast": 60, "docushare": 3600, "taskboard": 3600, "mailrelay": 3600}
#: Services whose names a second managed DNS provider hosts; the rest are on quickdns.
_ON_STEADYDNS = ("paywave", "teamchat", "doorcam", "ticketdash")
#: Services that run their own authoritative DNS (in their own network, see
#: :func:`~labkit.mechanisms.dns.routes.dns_placement`), as Facebook does (casebook §4).
_SELF_HOSTED = {"streamflix": "streamflix-dns"}
#: Negative TTL (SOA minimum, s) of each provider. nimbus-dns's 900 s: as in Oct 2025 (DNS fixed
#: 09:25, clients back by 09:40), names come back up to 15 minutes after the fix.
_NEGATIVE_TTL = {"nimbus": 900, "stratus": 300, "cirrus": 600, "quickdns": 900, "steadydns": 3600}
_NEGATIVE_TTL["streamflix"] = 300  # assumed: the record gives no SOA minimum
#: The area of each city's ISP resolver: where the authoritative providers' points of presence
#: that answer it are (toy geography; every provider has one in each area).
AREAS = {
    "New York": "us-east", "Chicago": "us-east", "San Francisco": "us-west",
    "São Paulo": "south-america", "London": "europe", "Paris": "europe", "Berlin": "europe",
    "Lagos": "europe", "Mumbai": "asia-pacific", "Tokyo": "asia-pacific",
    "Singapore": "asia-pacific", "Sydney": "asia-pacific",
}  # fmt: skip
_PUBLIC = (("public-1", 0.12), ("public-2", 0.08))  # share of every city's users
_HEADROOM = 4  # providers can answer about 4x their normal load


def _slug(text: str) -> str:
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return "-".join(plain.lower().split())


def toy_dns(internet: Internet | None = None) -> DNSWorld:
    """The DNS of the toy internet (default: ``build_internet(seed=0)``); built once per world.

    - Resolvers: one ISP resolver per city (``isp-paris``, ``isp-sao-paulo``, …; 80% of the
      city's users), two public resolvers (``public-1``, ``public-2``: 12% and 8% of every
      city's users) and each cloud's internal resolver (``nimbus-internal``, …) that servers
      in that cloud use.
    - Providers: each cloud's own DNS (``nimbus-dns`` for ``*.nimbus``, …) with the regional
      endpoints of its building blocks (``db.us-east.nimbus``, ``storage.us-east.nimbus``,
      TTL 60 s), and two managed DNS providers for the services' names: ``quickdns`` hosts most
      (``shopfast.example``, …; TTL 300 s, some 60 or 3600 s), ``steadydns`` a few.
    - Capacities are about 4× each provider's normal load (a toy figure). Every provider has a
      point of presence in each area of :data:`AREAS` (``us-east``: New York and Chicago, …);
      an ISP resolver's queries go to its city's area, public and cloud resolvers' to all.

    >>> w = toy_dns()
    >>> sorted(r.kind for r in w.resolvers.values()).count("isp")
    12
    >>> w.name_for("nimbus-us-east/kv-db")
    'db.us-east.nimbus'
    >>> w.records["shopfast.example"].provider, w.records["db.us-east.nimbus"].ttl
    ('quickdns', 60)
    """
    if internet is None:
        internet = build_internet(seed=0)
    cached = internet.__dict__.get("_toy_dns")
    if cached is None:
        cached = internet.__dict__["_toy_dns"] = _toy_dns(internet)
    return cached


def _toy_dns(internet: Internet) -> DNSWorld:
    records: list[Record] = []
    components: dict[str, str] = {}
    for region in internet.regions.values():
        code = region.id[len(region.provider) + 1 :]
        for kind, (label, ttl) in ENDPOINTS.items():
            name = f"{label}.{code}.{region.provider}"
            bid = f"{region.id}/{kind}"
            records.append(Record(name, f"{region.provider}-dns", ttl, f"endpoint of {bid}"))
            components[bid] = name
    for sid, svc in internet.services.items():
        base = sid.split("-x")[0]
        host = "steadydns" if base in _ON_STEADYDNS else "quickdns"
        host = _SELF_HOSTED.get(base, host)
        name = f"{sid}.example"
        records.append(Record(name, host, _SERVICE_TTL.get(base, 300), f"{svc.name}: {svc.what}"))
        components[sid] = name
    resolvers = [
        Resolver(
            f"isp-{_slug(city)}",
            ((city, int(thousands * 1000 * 0.8)),),
            "isp",
            what=f"the main ISP's resolver in {city}",
            area=AREAS.get(city),
        )
        for city, thousands in internet.cities.items()
    ]
    for rid, share in _PUBLIC:
        users = tuple((c, int(k * 1000 * share)) for c, k in internet.cities.items())
        resolvers.append(Resolver(rid, users, "public", what="a public anycast resolver"))
    for pid, p in internet.providers.items():
        resolvers.append(Resolver(f"{pid}-internal", (), "cloud", what=f"{p.name}'s resolver"))
    hosts = [f"{pid}-dns" for pid in internet.providers] + ["quickdns", "steadydns"]
    hosts += sorted(set(_SELF_HOSTED.values()))
    draft = DNSWorld([DNSProvider(h) for h in hosts], records, resolvers, components)  # type: ignore[arg-type]
    providers = []
    for h in hosts:
        normal = draft.normal_load(h)
        capacity = float(max(100, -(-_HEADROOM * normal // 100) * 100))
        neg = _NEGATIVE_TTL[h.removesuffix("-dns")]
        what = "managed DNS provider" if not h.endswith("-dns") else f"{h[:-4]}'s own DNS"
        providers.append(DNSProvider(h, capacity, neg, what))
    return DNSWorld(providers, records, resolvers, components)  # type: ignore[arg-type]
