"""BGP, the internet's map: who reaches whom, and what a hijack, a leak or a withdrawal does.

The internet is a graph of autonomous systems (ASes). Two neighbouring ASes are either customer
and provider (the customer pays for transit) or peers (they swap their customers' traffic for
free). Each AS picks one best route per prefix the way real networks do (Gao–Rexford): a route
learned from a customer beats one from a peer, which beats one from a provider; then the shorter
AS path; then the neighbour with the lower ASN. It passes routes learned from customers (and its
own prefixes) to everyone, but routes learned from peers or providers only to its customers
("valley-free" export). Packets are forwarded hop by hop: every AS on the way sends them on
along the most specific prefix it has a route for (longest-prefix match).

>>> g = toy_as_graph()
>>> r = reach(g, "10.50.1.7", [Hijack("natel", "10.50.1.0/24")])
>>> r.outcome("isp-paris")
'hijacker'
>>> print(r.why("isp-paris"))
AS64605 (isp-paris) reaches the hijacker AS64999 (natel) via isp-paris (AS64605) →
transit-europe (AS64511) → meridian (AS64501) → transit-asia (AS64514) → natel (AS64999)
because a /24 is more specific than the /22 (packets follow the most specific route)
>>> hijack = Hijack("natel", "10.50.1.0/24")
>>> safe = reach(g, "10.50.1.7", [hijack], [OriginValidation(g.of_kind("tier-1"))])
>>> safe.outcome("isp-paris"), safe.outcome("isp-mumbai")
('origin', 'hijacker')

The route engine, each module one step on top of the ones before it:

- :mod:`.prefixes`: prefixes as sortable keys, and which covers which;
- :mod:`.graph`: ASes and their relationships (:class:`AS`, :class:`ASGraph`);
- :mod:`.events`: routing events (withdraw, announce, hijack, leak) and route policies
  (origin validation with ROAs, route filters);
- :mod:`.propagate`: the three-phase route computation for one prefix;
- :mod:`.scenario_setup`: events and mitigations checked against a graph;
- :mod:`.control_plane`: every AS's best route for one prefix (:func:`routes`);
- :mod:`.data_plane`: where every AS's packets for a destination go, hop by hop, and why
  (:func:`reach`, :func:`forward`);
- :mod:`.toy_graph` and :mod:`.synthetic`: the toy internet's graph, and internet-sized ones.

The lessons' world on top of it: :mod:`.placement` puts the toy internet on the AS graph,
:mod:`.failures` holds the timed failures and mitigations a scenario can hold, :mod:`.hits` what
they feed the engine, and ``failures.KINDS`` their catalogue entries.
"""

from . import failures
from .control_plane import PrefixRoutes, Route, routes
from .data_plane import OUTCOMES, ASOutcome, Forwarding, Reachability, forward, reach
from .events import ROA, Announce, Hijack, Leak, OriginValidation, RouteFilter, Withdraw
from .failures import *  # noqa: F403  (every failure kind and mitigation, as its module lists it)
from .graph import AS, AS_KINDS, ASGraph
from .hits import LOST, event_sets, hits, lost_route, lost_routes, stretches
from .placement import Placement, destination, placement
from .propagate import LEARNED
from .synthetic import synthetic_as_graph
from .toy_graph import toy_as_graph

__all__ = [
    "AS",
    "AS_KINDS",
    "KINDS",
    *failures.__all__,
    "LEARNED",
    "LOST",
    "OUTCOMES",
    "ROA",
    "ASGraph",
    "ASOutcome",
    "Announce",
    "Forwarding",
    "Hijack",
    "Leak",
    "OriginValidation",
    "Placement",
    "PrefixRoutes",
    "Reachability",
    "Route",
    "RouteFilter",
    "Withdraw",
    "destination",
    "event_sets",
    "forward",
    "hits",
    "lost_route",
    "lost_routes",
    "placement",
    "reach",
    "routes",
    "stretches",
    "synthetic_as_graph",
    "toy_as_graph",
]

#: The catalogue entries of this mechanism (see :mod:`labkit.catalogue`).
KINDS = failures.KINDS
