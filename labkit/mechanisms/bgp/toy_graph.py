"""The toy internet's ASes: the fixed AS graph the lessons' world is placed on."""

from __future__ import annotations

from .graph import AS, ASGraph

__all__ = ["toy_as_graph"]


_TOY_ASES: tuple[tuple[int, str, str, str | None, tuple[str, ...]], ...] = (
    # tier-1 transit: a clique of peers
    (64500, "atlas", "tier-1", None, ("10.0.0.0/16",)),
    (64501, "meridian", "tier-1", None, ("10.1.0.0/16",)),
    (64502, "polaris", "tier-1", None, ("10.2.0.0/16",)),
    (64503, "equator", "tier-1", None, ("10.3.0.0/16",)),
    # regional transit ISPs
    (64510, "transit-north-america", "transit", None, ("10.10.0.0/16",)),
    (64511, "transit-europe", "transit", None, ("10.11.0.0/16",)),
    (64512, "transit-latin-america", "transit", None, ("10.12.0.0/16",)),
    (64513, "transit-africa", "transit", None, ("10.13.0.0/16",)),
    (64514, "transit-asia", "transit", None, ("10.14.0.0/16",)),
    (64515, "transit-oceania", "transit", None, ("10.15.0.0/16",)),
    (64505, "dq-networks", "transit", None, ("10.20.0.0/16",)),
    # a steel company multi-homed to dq-networks and transit-north-america (the 2019 leaker)
    (64525, "alloyworks", "enterprise", None, ("10.21.0.0/24",)),
    # clouds: one prefix per region (main region first)
    (
        64530,
        "nimbus",
        "cloud",
        None,
        ("10.100.0.0/20", "10.100.16.0/20", "10.100.32.0/20", "10.100.48.0/20"),
    ),
    (64531, "stratus", "cloud", None, ("10.101.0.0/20", "10.101.16.0/20", "10.101.32.0/20")),
    (64532, "cirrus", "cloud", None, ("10.102.0.0/20", "10.102.16.0/20", "10.102.32.0/20")),
    (64540, "edgefast", "cdn", None, ("10.110.0.0/16",)),
    # companies with their own network: apps, and (second prefix) their own authoritative DNS
    (64550, "friendbook", "content", None, ("203.0.113.0/24", "198.51.100.0/24")),
    (64551, "streamflix", "content", None, ("10.50.0.0/22", "10.50.4.0/24")),
    # eyeball ISPs: where each city's users connect
    (64600, "isp-new-york", "eyeball", "New York", ("10.200.0.0/16",)),
    (64601, "isp-chicago", "eyeball", "Chicago", ("10.201.0.0/16",)),
    (64602, "isp-san-francisco", "eyeball", "San Francisco", ("10.202.0.0/16",)),
    (64603, "isp-sao-paulo", "eyeball", "São Paulo", ("10.203.0.0/16",)),
    (64604, "isp-london", "eyeball", "London", ("10.204.0.0/16",)),
    (64605, "isp-paris", "eyeball", "Paris", ("10.205.0.0/16",)),
    (64606, "isp-berlin", "eyeball", "Berlin", ("10.206.0.0/16",)),
    (64607, "isp-lagos", "eyeball", "Lagos", ("10.207.0.0/16",)),
    (64608, "isp-mumbai", "eyeball", "Mumbai", ("10.208.0.0/16",)),
    (64609, "isp-singapore", "eyeball", "Singapore", ("10.209.0.0/16",)),
    (64610, "isp-tokyo", "eyeball", "Tokyo", ("10.210.0.0/16",)),
    (64611, "isp-sydney", "eyeball", "Sydney", ("10.211.0.0/16",)),
    # a national telecom whose upstream accepts whatever it announces (the 2008 hijacker)
    (64999, "natel", "isp", None, ("192.0.2.0/24",)),
)

_TOY_C2P = (
    ("transit-north-america", "atlas"),
    ("transit-north-america", "meridian"),
    ("transit-europe", "meridian"),
    ("transit-europe", "polaris"),
    ("transit-latin-america", "atlas"),
    ("transit-latin-america", "equator"),
    ("transit-africa", "polaris"),
    ("transit-africa", "equator"),
    ("transit-asia", "meridian"),
    ("transit-asia", "equator"),
    ("transit-oceania", "transit-asia"),
    ("transit-oceania", "atlas"),
    ("dq-networks", "polaris"),
    ("alloyworks", "dq-networks"),
    ("alloyworks", "transit-north-america"),
    ("nimbus", "atlas"),
    ("nimbus", "meridian"),
    ("stratus", "meridian"),
    ("stratus", "polaris"),
    ("cirrus", "atlas"),
    ("cirrus", "equator"),
    ("edgefast", "atlas"),
    ("edgefast", "polaris"),
    ("friendbook", "meridian"),
    ("friendbook", "equator"),
    ("streamflix", "transit-north-america"),
    ("streamflix", "transit-europe"),
    ("isp-new-york", "transit-north-america"),
    ("isp-new-york", "atlas"),
    ("isp-chicago", "transit-north-america"),
    ("isp-san-francisco", "transit-north-america"),
    ("isp-san-francisco", "meridian"),
    ("isp-sao-paulo", "transit-latin-america"),
    ("isp-london", "transit-europe"),
    ("isp-london", "meridian"),
    ("isp-paris", "transit-europe"),
    ("isp-berlin", "transit-europe"),
    ("isp-berlin", "polaris"),
    ("isp-lagos", "transit-africa"),
    ("isp-mumbai", "transit-asia"),
    ("isp-singapore", "transit-asia"),
    ("isp-tokyo", "transit-asia"),
    ("isp-tokyo", "equator"),
    ("isp-sydney", "transit-oceania"),
    ("natel", "transit-asia"),
)

_TOY_P2P = (
    ("atlas", "meridian"),
    ("atlas", "polaris"),
    ("atlas", "equator"),
    ("meridian", "polaris"),
    ("meridian", "equator"),
    ("polaris", "equator"),
    ("transit-north-america", "transit-europe"),
    ("transit-north-america", "transit-latin-america"),
    ("transit-europe", "transit-africa"),
    # clouds and the CDN peer with regional networks and eyeballs at exchange points
    ("nimbus", "transit-north-america"),
    ("nimbus", "transit-europe"),
    ("nimbus", "transit-asia"),
    ("stratus", "transit-europe"),
    ("stratus", "transit-asia"),
    ("cirrus", "transit-latin-america"),
    ("edgefast", "isp-new-york"),
    ("edgefast", "isp-london"),
    ("edgefast", "isp-paris"),
    ("edgefast", "isp-sao-paulo"),
    ("edgefast", "isp-mumbai"),
    ("edgefast", "isp-tokyo"),
    ("friendbook", "transit-europe"),
    ("friendbook", "transit-africa"),
    ("streamflix", "isp-new-york"),
    ("streamflix", "isp-chicago"),
)


def toy_as_graph() -> ASGraph:
    """The toy internet's ASes: 4 tier-1s, regional transit, the three clouds, a CDN,
    companies with their own network, an eyeball ISP per city, and two networks that make
    history (``natel`` hijacks, ``alloyworks`` leaks). Always the same graph.

    >>> g = toy_as_graph()
    >>> len(g), g.asn("nimbus"), g.ases[64605].city
    (31, 64530, 'Paris')
    >>> sorted(g.eyeballs())[:3]
    ['Berlin', 'Chicago', 'Lagos']
    """
    ases = [AS(asn, name, kind, city, prefixes) for asn, name, kind, city, prefixes in _TOY_ASES]
    return ASGraph(ases, _TOY_C2P, _TOY_P2P)
