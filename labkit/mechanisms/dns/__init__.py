"""DNS, the internet's phone book: how a name becomes an address, and how that breaks.

One module per job: :mod:`.world` (records, providers, resolvers, :class:`DNSWorld`),
:mod:`.failures` and :mod:`.mitigations`, :mod:`.load` (a provider's load and the share of
queries it fails), :mod:`.luck` (seeded offsets and luck), :mod:`.cache` (one resolver's cache
for one name), :mod:`.resolve` (the simulation, :func:`resolve_timeline`), :mod:`.result`
(:class:`DNSTimeline`), :mod:`.toy` (the toy internet's DNS, :func:`toy_dns`), :mod:`.checks`
(input checks); :mod:`.routes` (where DNS meets BGP: name servers and resolvers on the AS graph,
and resolvers the routes leave without a way to the name servers); :mod:`.hits` (what DNS feeds
the engine). Each failure and mitigation module
ends with its catalogue entries (``KINDS``).

A user's device (the *stub*) asks a *recursive resolver* (its ISP's, or a public one), which asks
the *authoritative* name servers of the provider hosting the name and caches the answer. Root and
TLD referrals are cached for days, so :meth:`DNSWorld.path` names them but they never fail here.

What the model keeps, for every resolver and name:

- **TTL (RFC 1034).** An answer is reused until its TTL runs out, counted from when *that*
  resolver fetched it. Every resolver is assumed to get queries for every name all the time, so
  it re-fetches the moment its answer expires. Resolvers fetched at different moments (a seeded
  offset within the TTL), so they see a change at different minutes: impact spreads as caches
  expire, and recovery spreads the same way.
- **Negative caching (RFC 2308 §5).** "No such data" (NODATA, or NXDOMAIN) is cached for the
  smaller of the zone's SOA MINIMUM (:attr:`DNSProvider.negative_ttl`) and the SOA record's own
  TTL (:attr:`DNSProvider.soa_ttl`): a fixed record can stay broken that long.
- **Serve-stale (RFC 8767)**, a setting of the resolvers' operators (not of an app's owner):
  while the authoritative servers cannot be reached, every resolver serves an expired answer for
  up to ``max_stale`` seconds past its expiry. It does not help when the authoritative server
  answers "empty": that is a valid answer and replaces the old one.
- **Load.** A provider gets one lookup per resolver and name per TTL (short TTLs mean more
  load), at the point of presence of the resolver's area. Under a DDoS, or when that load
  exceeds its capacity, each attempt is lost with a chance that grows with the load; resolvers
  send a lookup up to ``1 + retries`` times (each attempt drawn on its own), and look a failed
  name up again every minute instead of caching it, which adds load. The chance is the
  self-consistent solution of that loop (:class:`ProviderLoad`).
- **Secondary DNS**, a mitigation: a second, independent provider serves the same names
  (:class:`SecondaryDNS`); a lookup fails only when both providers fail it. It does not help
  against an emptied or wrong record: both serve the same zone data.

**Time.** The engine ticks in whole minutes; TTLs are seconds, as in real DNS. Minute ``m`` is the
instant ``60·m`` s after 00:00, and what a resolver's users get at minute ``m`` is what it has at
that instant. Fetches happen at exact seconds: an answer fetched at second ``f`` is used while
``t < f + ttl`` and re-fetched at ``f + ttl`` (with a 90 s TTL: 00:00:00, 00:01:30, 00:03:00…).
A failed fetch is retried at the next whole minute. Failures and fixes happen on whole minutes.

Each resolver's answer for a name is one of :data:`STATUSES`: ``"answer"`` (a fresh, right
answer), ``"stale"`` (an expired right answer kept by serve-stale: users get through),
``"wrong"`` (an address that leads nowhere useful), ``"negative"`` (no such address) or
``"fail"`` (no answer at all: the authoritative side or the resolver is unreachable).

>>> world = toy_dns()
>>> day = resolve_timeline(world, [RecordEmpty("db.us-east.nimbus", "06:48", "09:25")])
>>> day.status("isp-paris", "db.us-east.nimbus", "06:47")
'answer'
>>> day.status("isp-paris", "db.us-east.nimbus", "07:00")
'negative'
>>> day.share_resolving("db.us-east.nimbus", "09:30") < 1  # fixed at 09:25, but "empty" lingers
True
>>> day.share_resolving("db.us-east.nimbus", "09:41")
1.0
"""

from . import failures, mitigations
from .failures import *  # noqa: F403  (every failure kind, as its module lists it)
from .hits import hits
from .load import PopLoad, ProviderLoad
from .luck import pair_luck, pair_offset
from .mitigations import *  # noqa: F403  (every mitigation, as its module lists it)
from .resolve import resolve_timeline
from .result import RESOLVING, STATUSES, DNSFindings, DNSRow, DNSTimeline
from .routes import DNSPlacement, dns_placement, lost_routes_to_servers, routes_lost
from .toy import toy_dns
from .world import DNSProvider, DNSWorld, Record, Resolver

#: The DNS mechanism's catalogue entries: its failure kinds, then its mitigations.
KINDS = (*failures.KINDS, *mitigations.KINDS)

__all__ = [
    "KINDS",
    "RESOLVING",
    "STATUSES",
    "DNSFindings",
    "DNSPlacement",
    "DNSProvider",
    "DNSRow",
    "DNSTimeline",
    "DNSWorld",
    "PopLoad",
    "ProviderLoad",
    "Record",
    "Resolver",
    "dns_placement",
    "hits",
    "lost_routes_to_servers",
    "pair_luck",
    "pair_offset",
    "resolve_timeline",
    "routes_lost",
    "toy_dns",
    *failures.__all__,
    *mitigations.__all__,
]
