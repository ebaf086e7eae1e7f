"""DNS, the internet's phone book: how a name becomes an address, and how that breaks.

A user's device (the *stub*) asks a *recursive resolver* (its ISP's, or a public one), which asks
the *authoritative* name servers of the provider hosting the name and caches the answer. Root and
TLD referrals are cached for days, so :meth:`DNSWorld.path` names them but they never fail here.

What the model keeps, for every resolver and name:

- **TTL (RFC 1034).** An answer is reused until its TTL runs out, counted from when *that*
  resolver fetched it. Every resolver is assumed to get queries for every name all the time, so
  it re-fetches the moment its answer expires. Resolvers fetched at different moments (a seeded
  offset within the TTL), so they see a change at different minutes: impact spreads as caches
  expire, and recovery spreads the same way.
- **Negative caching (RFC 2308).** "No such data" (NODATA, or NXDOMAIN) is cached for the zone's
  SOA minimum (:attr:`DNSProvider.negative_ttl`): a fixed record can stay broken that long.
- **Serve-stale (RFC 8767)**, a mitigation: while the authoritative servers cannot be reached, an
  expired answer is served for up to ``max_stale`` seconds past its expiry. It does not help when
  the authoritative server answers "empty": that is a valid answer and replaces the old one.
- **Load.** A provider gets one query per resolver and name per TTL (short TTLs mean more load).
  Under a DDoS, or when that load exceeds its capacity, it drops the share of queries it cannot
  answer, and resolvers send each failed query again (``retries``), which adds load.

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

from __future__ import annotations

import bisect
import hashlib
import math
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from ...clock import MINUTES_PER_DAY, TimeLike, fmt_time, parse_time
from ...internet import Internet, build_internet
from ...scenario import EngineOptions, Failure, Mitigation
from ...states import DOWN, Cause, Hit
from ...tables import to_pandas
from ...validate import check_choice, short

__all__ = [
    "RESOLVING",
    "STATUSES",
    "AuthoritativeDDoS",
    "AuthoritativeOutage",
    "DNSFailure",
    "DNSProvider",
    "DNSRow",
    "DNSTimeline",
    "DNSWorld",
    "ProviderLoad",
    "Record",
    "RecordEmpty",
    "RecordWrong",
    "Resolver",
    "ResolverOutage",
    "ServeStale",
    "pair_luck",
    "pair_offset",
    "resolve_timeline",
    "toy_dns",
]

STATUSES = ("answer", "stale", "wrong", "fail", "negative")
#: Statuses with which users reach the right address.
RESOLVING = frozenset({"answer", "stale"})
RESOLVER_KINDS = ("isp", "public", "cloud")
RCODES = ("NODATA", "NXDOMAIN")
MAX_TTL = 7 * 86_400  # RFC 8767 §4: resolvers cap TTLs at 7 days
MAX_NEGATIVE_TTL = 3 * 3_600  # RFC 2308 §5: one to three hours is a sensible cap
DEFAULT_MAX_STALE = 86_400  # RFC 8767 §5 suggests 1 to 3 days
MAX_RETRIES = 20
_INF = 10**18


# ---- input checks ---------------------------------------------------------------------------
def _whole(field_name: str, value: object, lo: int, hi: int, allowed: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not lo <= value <= hi:
        raise ValueError(f"{field_name}: got {short(value)}; allowed: {allowed}")
    return value


def _ttl(field_name: str, value: object) -> int:
    return _whole(
        field_name, value, 1, MAX_TTL, f"whole seconds from 1 to {MAX_TTL} (7 days), e.g. 60, 300"
    )


def _negative_ttl(field_name: str, value: object) -> int:
    return _whole(
        field_name,
        value,
        1,
        MAX_NEGATIVE_TTL,
        f"whole seconds from 1 to {MAX_NEGATIVE_TTL} (3 hours), e.g. 60, 300, 900",
    )


def _label(field_name: str, value: object, example: str) -> str:
    if (
        not isinstance(value, str)
        or not value
        or value != value.strip()
        or " " in value
        or len(value) > 253
    ):
        raise ValueError(
            f"{field_name}: got {short(value)}; allowed: a name without spaces like {example}"
        )
    return value


def _number(field_name: str, value: object, allowed: str, lo: float = 0.0) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or not value > lo:
        raise ValueError(f"{field_name}: got {short(value)}; allowed: {allowed}")
    if isinstance(value, float) and not math.isfinite(value) or value > 1e12:
        raise ValueError(f"{field_name}: got {short(value)}; allowed: {allowed}")
    return float(value)


def _at(seconds: int) -> str:
    """A moment in seconds as "HH:MM", or "HH:MM:SS" when it is not on a whole minute."""
    minute, sec = divmod(seconds, 60)
    return fmt_time(minute) + (f":{sec:02d}" if sec else "")


def _span(seconds: int) -> str:
    """A duration in seconds for people: "90 s", "15 min", "1 h", "1 day"."""
    if seconds % 86_400 == 0:
        days = seconds // 86_400
        return f"{days} day{'s' if days > 1 else ''}"
    if seconds % 3_600 == 0:
        return f"{seconds // 3_600} h"
    if seconds % 60 == 0:
        return f"{seconds // 60} min"
    return f"{seconds} s"


# ---- the world ------------------------------------------------------------------------------
@dataclass(frozen=True)
class Record:
    """A name (its address records), hosted by the authoritative ``provider``. ``ttl`` is in
    seconds: how long a resolver may reuse the answer after fetching it.

    >>> Record("db.us-east.nimbus", "nimbus-dns", ttl=60).tld
    'nimbus'
    >>> Record("db.us-east.nimbus", "nimbus-dns", ttl=0)
    Traceback (most recent call last):
    ...
    ValueError: ttl: got 0; allowed: whole seconds from 1 to 604800 (7 days), e.g. 60, 300
    """

    name: str
    provider: str
    ttl: int = 300
    what: str = ""

    def __post_init__(self) -> None:
        _label("name", self.name, "'db.us-east.nimbus'")
        _label("provider", self.provider, "'nimbus-dns'")
        _ttl("ttl", self.ttl)

    @property
    def tld(self) -> str:
        return self.name.rsplit(".", 1)[-1]


@dataclass(frozen=True)
class DNSProvider:
    """An authoritative DNS provider. ``capacity``: queries per minute its name servers can
    answer; ``negative_ttl``: the SOA minimum of its zones (seconds), how long resolvers cache
    "no such data"."""

    id: str
    capacity: float = 1000.0
    negative_ttl: int = 300
    what: str = ""

    def __post_init__(self) -> None:
        _label("id", self.id, "'nimbus-dns'")
        _number("capacity", self.capacity, "queries per minute > 0")
        _negative_ttl("negative_ttl", self.negative_ttl)

    @property
    def servers(self) -> tuple[str, str]:
        return (f"ns1.{self.id}", f"ns2.{self.id}")


@dataclass(frozen=True)
class Resolver:
    """A recursive resolver with its own cache. ``users``: (city, users) behind it; ``kind``:
    "isp", "public" or "cloud" (the resolver servers inside a cloud use); ``fallback``: the
    resolver its users switch to when this one is down (none by default; one hop: if the
    fallback is down too, they get nothing)."""

    id: str
    users: tuple[tuple[str, int], ...] = ()
    kind: str = "isp"
    fallback: str | None = None
    what: str = ""

    def __post_init__(self) -> None:
        _label("id", self.id, "'isp-paris'")
        users = self.users
        if isinstance(users, Mapping):
            users = tuple(users.items())
        users = tuple(tuple(u) for u in users)
        for u in users:
            if len(u) != 2 or not isinstance(u[0], str) or isinstance(u[1], bool):
                raise ValueError(f"users: got {u!r}; allowed: (city, users) pairs")
            _whole("users", u[1], 0, 10**10, "a whole number of users >= 0")
        object.__setattr__(self, "users", users)
        check_choice("kind", self.kind, RESOLVER_KINDS)
        if self.fallback is not None:
            _label("fallback", self.fallback, "'public-1'")
            if self.fallback == self.id:
                raise ValueError(
                    f"fallback: got {self.fallback!r}, the resolver itself; allowed: another "
                    "resolver, or None"
                )

    @property
    def total_users(self) -> int:
        return sum(n for _, n in self.users)

    def users_in(self, city: str) -> int:
        return sum(n for c, n in self.users if c == city)


def _keyed(items: Any, key: str, what: str) -> dict[str, Any]:
    if isinstance(items, Mapping):
        items = list(items.values())
    out: dict[str, Any] = {}
    for item in items:
        k = getattr(item, key, None)
        if k is None:
            raise ValueError(f"{what}: got {item!r}; allowed: {what} objects")
        if k in out:
            raise ValueError(f"{what}: {k!r} appears twice; allowed: each {key} once")
        out[k] = item
    return out


@dataclass(frozen=True)
class DNSWorld:
    """Providers, names and resolvers; ``components`` maps a component of the toy internet
    (a region's building block or a service) to the name clients use to find it.

    >>> w = DNSWorld(
    ...     [DNSProvider("nimbus-dns", capacity=500)],
    ...     [Record("db.us-east.nimbus", "nimbus-dns", ttl=60)],
    ...     [Resolver("isp-paris", (("Paris", 1000),))],
    ... )
    >>> w.path("isp-paris", "db.us-east.nimbus").split(" → ", 2)[2]
    'root → .nimbus TLD → ns1.nimbus-dns (authoritative)'
    >>> w.normal_load("nimbus-dns")  # one query per resolver and name per 60 s TTL
    1.0
    """

    providers: Mapping[str, DNSProvider]
    records: Mapping[str, Record]
    resolvers: Mapping[str, Resolver]
    components: Mapping[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        object.__setattr__(self, "providers", _keyed(self.providers, "id", "providers"))
        object.__setattr__(self, "records", _keyed(self.records, "name", "records"))
        object.__setattr__(self, "resolvers", _keyed(self.resolvers, "id", "resolvers"))
        object.__setattr__(self, "components", dict(self.components))
        if not self.records or not self.resolvers:
            raise ValueError("records/resolvers: got none; allowed: at least one of each")
        for r in self.records.values():
            check_choice(f"provider (of {r.name})", r.provider, self.providers)
        for res in self.resolvers.values():
            if res.fallback is not None:
                check_choice(f"fallback (of {res.id})", res.fallback, self.resolvers)
        for comp, name in self.components.items():
            check_choice(f"components[{comp!r}]", name, self.records)

    # ---- look-ups ----------------------------------------------------------------------------
    def names(self, provider: str | None = None) -> list[str]:
        """Every name, or those hosted by ``provider``."""
        if provider is not None:
            self.check_provider(provider)
        return [n for n, r in self.records.items() if provider in (None, r.provider)]

    def cities(self) -> list[str]:
        return sorted({c for r in self.resolvers.values() for c, _ in r.users})

    def check_name(self, name: str, field_name: str = "name") -> str:
        return check_choice(field_name, name, self.records)

    def check_resolver(self, resolver: str, field_name: str = "resolver") -> str:
        return check_choice(field_name, resolver, self.resolvers)

    def check_provider(self, provider: str, field_name: str = "provider") -> str:
        return check_choice(field_name, provider, self.providers)

    def name_for(self, component: str) -> str | None:
        """The name clients use to find ``component``, if it has one."""
        return self.components.get(component)

    def internal_resolver(self, cloud: str) -> str | None:
        """The resolver that servers inside cloud provider ``cloud`` use ("<cloud>-internal")."""
        rid = f"{cloud}-internal"
        return rid if rid in self.resolvers else None

    def path(self, resolver: str, name: str) -> str:
        """The resolution path, stub to authoritative."""
        self.check_resolver(resolver)
        rec = self.records[self.check_name(name)]
        ns = self.providers[rec.provider].servers[0]
        return (
            f"stub (device) → {resolver} (recursive resolver) → root → .{rec.tld} TLD → "
            f"{ns} (authoritative)"
        )

    def normal_load(self, provider: str) -> float:
        """Queries per minute ``provider`` gets when all is well: every resolver re-fetches each
        of its names once per TTL (60 / ttl per minute), so shorter TTLs mean more load."""
        self.check_provider(provider)
        per_resolver = sum(60 / r.ttl for r in self.records.values() if r.provider == provider)
        return len(self.resolvers) * per_resolver

    # ---- knobs (each returns a changed copy) -------------------------------------------------
    def with_ttl(self, ttl: int, names: Iterable[str] | None = None) -> DNSWorld:
        """A copy where ``names`` (default: every name) have TTL ``ttl`` seconds.

        >>> toy_dns().with_ttl(3600, ["shopfast.example"]).records["shopfast.example"].ttl
        3600
        """
        _ttl("ttl", ttl)
        chosen = list(self.records) if names is None else [self.check_name(n) for n in names]
        records = dict(self.records)
        for n in chosen:
            records[n] = replace(records[n], ttl=ttl)
        return replace(self, records=records)

    def with_negative_ttl(self, seconds: int, providers: Iterable[str] | None = None) -> DNSWorld:
        """A copy where ``providers`` (default: all) have SOA minimum ``seconds``."""
        _negative_ttl("negative_ttl", seconds)
        chosen = (
            list(self.providers)
            if providers is None
            else [self.check_provider(p) for p in providers]
        )
        provs = dict(self.providers)
        for p in chosen:
            provs[p] = replace(provs[p], negative_ttl=seconds)
        return replace(self, providers=provs)

    def with_fallback(
        self, fallback: str | None, resolvers: Iterable[str] | None = None
    ) -> DNSWorld:
        """A copy where the users of ``resolvers`` (default: every ISP resolver) switch to
        ``fallback`` while their resolver is down (``None``: no fallback)."""
        if fallback is not None:
            self.check_resolver(fallback, "fallback")
        if resolvers is None:
            chosen = [r.id for r in self.resolvers.values() if r.kind == "isp"]
        else:
            chosen = [self.check_resolver(r) for r in resolvers]
        res = dict(self.resolvers)
        for r in chosen:
            if r != fallback:
                res[r] = replace(res[r], fallback=fallback)
        return replace(self, resolvers=res)


# ---- failures -------------------------------------------------------------------------------
class DNSFailure(Failure):
    """Base of DNS failures (start/fixed/duration as for every :class:`~labkit.failures.Failure`);
    :meth:`check` checks their names against a :class:`DNSWorld`."""

    def check(self, world: DNSWorld) -> None:
        """Check names against ``world`` (raises ValueError)."""

    def validate(self, internet: Internet) -> None:
        """Check names against the toy internet's DNS, :func:`toy_dns` (raises ValueError)."""
        self.check(toy_dns(internet))


@dataclass(frozen=True, init=False)
class RecordEmpty(DNSFailure):
    """Every address of ``name`` is removed at the authoritative server, which answers "no such
    data" (NODATA; ``rcode="NXDOMAIN"`` if the name itself is gone), as the DynamoDB endpoint in
    us-east-1 in Oct 2025. Resolvers see it when their cached answer expires, then cache the empty
    answer for the SOA minimum, so it lingers after the fix. Serve-stale does not help: an empty
    answer is a valid answer, so the old one is not kept.

    >>> RecordEmpty("db.us-east.nimbus", "06:48", "09:25").describe()
    'record db.us-east.nimbus emptied (NODATA) (06:48–09:25)'
    """

    name: str = ""
    rcode: str = "NODATA"

    def __init__(
        self,
        name: str,
        start: TimeLike = "08:00",
        fixed: TimeLike | None = None,
        *,
        duration: int | None = None,
        rcode: str = "NODATA",
    ) -> None:
        _label("name", name, "'db.us-east.nimbus'")
        check_choice("rcode", rcode, RCODES)
        self._set(start=start, fixed=fixed, duration=duration, name=name, rcode=rcode)

    def describe(self) -> str:
        return f"record {self.name} emptied ({self.rcode}) ({self.window})"

    def check(self, world: DNSWorld) -> None:
        world.check_name(self.name)


@dataclass(frozen=True, init=False)
class RecordWrong(DNSFailure):
    """The authoritative server publishes a wrong address for ``name`` (a stale plan, a typo):
    clients connect to the wrong place. Resolvers cache it like any answer, for ``ttl`` seconds
    (default: the record's own TTL), so it lingers after the fix.

    >>> RecordWrong("shopfast.example", "10:00", duration=30, ttl=3600).describe()
    'wrong record for shopfast.example, TTL 3600 s (10:00–10:30)'
    """

    name: str = ""
    ttl: int | None = None

    def __init__(
        self,
        name: str,
        start: TimeLike = "08:00",
        fixed: TimeLike | None = None,
        *,
        duration: int | None = None,
        ttl: int | None = None,
    ) -> None:
        _label("name", name, "'shopfast.example'")
        if ttl is not None:
            _ttl("ttl", ttl)
        self._set(start=start, fixed=fixed, duration=duration, name=name, ttl=ttl)

    def describe(self) -> str:
        ttl = f", TTL {self.ttl} s" if self.ttl is not None else ""
        return f"wrong record for {self.name}{ttl} ({self.window})"

    def check(self, world: DNSWorld) -> None:
        world.check_name(self.name)


@dataclass(frozen=True, init=False)
class AuthoritativeOutage(DNSFailure):
    """No query reaches ``provider``'s name servers (e.g. their routes are withdrawn, as
    Facebook's in Oct 2021): resolvers get nothing for its names once their answers expire,
    unless they serve stale.

    >>> AuthoritativeOutage("quickdns", "11:10", "13:20").describe()
    'quickdns name servers unreachable (11:10–13:20)'
    """

    provider: str = ""

    def __init__(
        self,
        provider: str,
        start: TimeLike = "08:00",
        fixed: TimeLike | None = None,
        *,
        duration: int | None = None,
    ) -> None:
        _label("provider", provider, "'quickdns'")
        self._set(start=start, fixed=fixed, duration=duration, provider=provider)

    def describe(self) -> str:
        return f"{self.provider} name servers unreachable ({self.window})"

    def check(self, world: DNSWorld) -> None:
        world.check_provider(self.provider)


@dataclass(frozen=True, init=False)
class AuthoritativeDDoS(DNSFailure):
    """A DDoS on ``provider`` (as on Dyn in Oct 2016): attack traffic of ``attack`` × its
    capacity. It answers only ``capacity`` queries a minute, picked at random from everything
    that arrives, so a share ``1 - capacity / load`` fails; resolvers send each failed query
    ``retries`` more times, which adds to the load (see :class:`ProviderLoad`).

    >>> AuthoritativeDDoS("quickdns", "11:10", "13:20", attack=3).describe()
    'DDoS on quickdns at 3× its capacity (11:10–13:20)'
    """

    provider: str = ""
    attack: float = 3.0

    def __init__(
        self,
        provider: str,
        start: TimeLike = "08:00",
        fixed: TimeLike | None = None,
        *,
        duration: int | None = None,
        attack: float = 3.0,
    ) -> None:
        _label("provider", provider, "'quickdns'")
        if _number("attack", attack, "a multiple of the provider's capacity > 0") > 1000:
            raise ValueError(f"attack: got {attack!r}; allowed: a multiple of capacity, 0 to 1000")
        self._set(start=start, fixed=fixed, duration=duration, provider=provider, attack=attack)

    def describe(self) -> str:
        return f"DDoS on {self.provider} at {self.attack:g}× its capacity ({self.window})"

    def check(self, world: DNSWorld) -> None:
        world.check_provider(self.provider)


@dataclass(frozen=True, init=False)
class ResolverOutage(DNSFailure):
    """``resolver`` is down: its users get no answer for any name, unless it has a
    ``fallback`` resolver (:meth:`DNSWorld.with_fallback`). It comes back with an empty cache.

    >>> ResolverOutage("isp-paris", "08:00", duration=60).describe()
    'resolver isp-paris down (08:00–09:00)'
    """

    resolver: str = ""

    def __init__(
        self,
        resolver: str,
        start: TimeLike = "08:00",
        fixed: TimeLike | None = None,
        *,
        duration: int | None = None,
    ) -> None:
        _label("resolver", resolver, "'isp-paris'")
        self._set(start=start, fixed=fixed, duration=duration, resolver=resolver)

    def describe(self) -> str:
        return f"resolver {self.resolver} down ({self.window})"

    def check(self, world: DNSWorld) -> None:
        world.check_resolver(self.resolver)


@dataclass(frozen=True)
class ServeStale(Mitigation):
    """Resolvers serve expired answers while the authoritative servers cannot be reached, for up
    to ``max_stale`` seconds past expiry (RFC 8767). No help against an emptied record.

    >>> ServeStale().tune(EngineOptions()).dns_max_stale
    86400
    """

    max_stale: int = DEFAULT_MAX_STALE

    def __post_init__(self) -> None:
        _whole("max_stale", self.max_stale, 1, MAX_TTL, f"whole seconds from 1 to {MAX_TTL}")

    def tune(self, options: EngineOptions) -> EngineOptions:
        return replace(options, dns_serve_stale=True, dns_max_stale=self.max_stale)


# ---- provider load --------------------------------------------------------------------------
@dataclass(frozen=True)
class ProviderLoad:
    """Queries per minute reaching ``provider`` and the share it cannot answer.

    ``normal``: resolvers' refreshes (:meth:`DNSWorld.normal_load`); ``attack``: DDoS traffic.
    While everything fits in ``capacity`` nothing fails and nobody retries. Otherwise every
    resolver query may fail, so each is sent ``1 + retries`` times (the worst case, which is what a
    retry storm looks like): ``load = attack + normal × (1 + retries)`` and
    ``fail_share = 1 - capacity / load``. A resolver's retries land on the same swamped servers
    seconds later, so here they add load but no luck: a resolver whose queries fail keeps failing
    while the share stays the same (its seeded :func:`pair_luck` is below ``fail_share``).
    ``unreachable``: an :class:`AuthoritativeOutage` is on (``fail_share`` 1).
    """

    provider: str
    normal: float
    attack: float
    retries: int
    load: float
    capacity: float
    fail_share: float
    unreachable: bool = False
    causes: tuple[DNSFailure, ...] = ()

    def text(self) -> str:
        """Why queries to this provider fail, for explanations."""
        p = self.provider
        if self.unreachable:
            out = next(c for c in self.causes if isinstance(c, AuthoritativeOutage))
            return f"the authoritative servers cannot be reached: {out.describe()}"
        load = f"{self.load:.0f} queries/min for a capacity of {self.capacity:.0f}"
        if self.attack:
            ddos = [c for c in self.causes if isinstance(c, AuthoritativeDDoS)]
            since = fmt_time(min(c.start_min for c in ddos))
            first = (
                f"{p} is overloaded since {since}: attack traffic of "
                f"{self.attack / self.capacity:g}× its capacity plus resolvers' retries "
                f"({self.retries} per query) make {load}"
            )
        else:
            first = (
                f"{p} is overloaded: refreshes of short-TTL names ({self.normal:.0f} queries/min) "
                f"plus resolvers' retries ({self.retries} per query) make {load}"
            )
        return f"{first}, so {self.fail_share:.0%} of queries fail, this resolver's among them"


def _provider_load(
    world: DNSWorld, pid: str, active: list[DNSFailure], retries: int
) -> ProviderLoad:
    prov = world.providers[pid]
    cap = prov.capacity
    normal = world.normal_load(pid)
    ddos = [e for e in active if isinstance(e, AuthoritativeDDoS)]
    outages = [e for e in active if isinstance(e, AuthoritativeOutage)]
    attack = sum(e.attack for e in ddos) * cap
    causes = tuple(sorted(ddos + outages, key=lambda e: (e.start_min, e.fixed_min, repr(e))))
    if outages:
        load, share = attack + normal * (1 + retries), 1.0
    elif attack + normal <= cap:
        load, share = attack + normal, 0.0
    else:
        load = attack + normal * (1 + retries)
        share = 1 - cap / load
    return ProviderLoad(pid, normal, attack, retries, load, cap, share, bool(outages), causes)


# ---- seeded offsets and luck ----------------------------------------------------------------
def _draws(seed: int, resolver: str, name: str) -> tuple[float, float]:
    digest = hashlib.blake2b(f"{seed}\0{resolver}\0{name}".encode(), digest_size=16).digest()
    return (
        int.from_bytes(digest[:8], "big") / 2**64,
        int.from_bytes(digest[8:], "big") / 2**64,
    )


def pair_offset(seed: int, resolver: str, name: str, ttl: int) -> int:
    """When (seconds after 00:00, in ``[0, ttl)``) ``resolver`` first re-fetches ``name``:
    it fetches at ``offset + k·ttl`` while answers keep coming. Seeded, stable across runs.

    >>> 0 <= pair_offset(0, "isp-paris", "db.us-east.nimbus", 60) < 60
    True
    """
    return int(_draws(seed, resolver, name)[0] * ttl)


def pair_luck(seed: int, resolver: str, name: str) -> float:
    """A seeded number in [0, 1): while a provider fails a share ``p`` of queries, the lookups of
    ``resolver`` for ``name`` fail when its luck is below ``p``."""
    return _draws(seed, resolver, name)[1]


# ---- the result ----------------------------------------------------------------------------
@dataclass(frozen=True)
class DNSRow:
    """One stretch of minutes [start, end) in which ``resolver`` gave one ``status`` for
    ``name``, with the ``reason`` in words and the ``root`` failure behind it (if any)."""

    start: int
    end: int
    resolver: str
    name: str
    status: str
    reason: str
    root: DNSFailure | None = None

    @property
    def minutes(self) -> int:
        return self.end - self.start


_Span = tuple[int, str, str, "DNSFailure | None"]  # start, status, reason, root
_CLEAN: tuple[_Span, ...] = ((0, "answer", "", None),)


class DNSTimeline:
    """What every resolver answers for every name, minute by minute, stored as change points;
    built by :func:`resolve_timeline`."""

    def __init__(
        self,
        world: DNSWorld,
        events: tuple[DNSFailure, ...],
        minutes: int,
        spans: dict[tuple[str, str], tuple[_Span, ...] | list[_Span]],
        loads: dict[str, list[tuple[int, ProviderLoad]]],
        settings: dict[str, Any],
    ) -> None:
        self.world = world
        self.events = events
        self.minutes = minutes
        self.settings = settings
        self._spans = spans
        self._loads = loads
        self._starts: dict[tuple[str, str], list[int]] = {}

    def __repr__(self) -> str:
        what = "; ".join(e.describe() for e in self.events) or "no failure"
        return f"<DNSTimeline {len(self._spans)} resolver×name pairs, {self.minutes} min: {what}>"

    # ---- look-ups ----------------------------------------------------------------------------
    def _minute(self, t: TimeLike) -> int:
        m = parse_time("t", t)
        if m >= self.minutes:
            raise ValueError(
                f"t: got {t!r}; allowed: a minute before the end ({fmt_time(self.minutes)})"
            )
        return m

    def _span_at(self, resolver: str, name: str, m: int) -> _Span:
        key = (resolver, name)
        if key not in self._spans:
            self.world.check_resolver(resolver)
            self.world.check_name(name)
        spans = self._spans[key]
        if len(spans) == 1:
            return spans[0]
        starts = self._starts.get(key)
        if starts is None:
            starts = self._starts[key] = [s[0] for s in spans]
        return spans[bisect.bisect_right(starts, m) - 1]

    def status(self, resolver: str, name: str, t: TimeLike) -> str:
        """What ``resolver`` gives its users for ``name`` at minute ``t``: one of STATUSES."""
        return self._span_at(resolver, name, self._minute(t))[1]

    def reason(self, resolver: str, name: str, t: TimeLike) -> str:
        """Why, in words ("" when it answers normally)."""
        return self._span_at(resolver, name, self._minute(t))[2]

    def resolvable(self, resolver: str, name: str, t: TimeLike) -> bool:
        """True when ``resolver``'s users reach the right address for ``name`` at ``t``."""
        return self.status(resolver, name, t) in RESOLVING

    def rows(
        self, resolver: str | None = None, name: str | None = None, *, problems: bool = False
    ) -> list[DNSRow]:
        """Stretches of constant status (optionally of one resolver and/or name; ``problems``:
        only those whose status is not "answer")."""
        if resolver is not None:
            self.world.check_resolver(resolver)
        if name is not None:
            self.world.check_name(name)
        out = []
        for (r, n), spans in self._spans.items():
            if (resolver is None or r == resolver) and (name is None or n == name):
                for i, (start, status, reason, root) in enumerate(spans):
                    if problems and status == "answer":
                        continue
                    end = spans[i + 1][0] if i + 1 < len(spans) else self.minutes
                    out.append(DNSRow(start, end, r, n, status, reason, root))
        return out

    def to_pandas(self, problems: bool = False) -> Any:
        """The rows as a pandas DataFrame (pandas is optional; :meth:`rows` needs nothing)."""
        return to_pandas(self.rows(problems=problems))

    def change_minutes(self) -> list[int]:
        """Minutes (after 0) at which any resolver's status or reason for any name changes: the
        marks an event-driven engine must stop at."""
        return sorted({s[0] for spans in self._spans.values() for s in spans[1:]})

    def load(self, provider: str, t: TimeLike) -> ProviderLoad:
        """The load on ``provider``'s name servers at minute ``t``."""
        self.world.check_provider(provider)
        segs = self._loads[provider]
        m = self._minute(t)
        return segs[bisect.bisect_right([s for s, _ in segs], m) - 1][1]

    # ---- shares --------------------------------------------------------------------------------
    def _weights(self, city: str | None, by: str) -> dict[str, float]:
        check_choice("by", by, ("users", "resolvers"))
        if city is not None:
            check_choice("city", city, self.world.cities())
        res = self.world.resolvers.values()
        if by == "resolvers":
            return {r.id: 1.0 for r in res if city is None or any(c == city for c, _ in r.users)}
        w = {r.id: float(r.users_in(city) if city else r.total_users) for r in res}
        w = {k: v for k, v in w.items() if v > 0}
        if not w:
            raise ValueError("by: got 'users', but no resolver has users; allowed: 'resolvers'")
        return w

    def share_resolving(
        self, name: str, t: TimeLike, *, city: str | None = None, by: str = "users"
    ) -> float:
        """Share of users (``by="users"``, weighted by the users behind each resolver) or of
        resolvers (``by="resolvers"``) that reach the right address for ``name`` at ``t``,
        optionally only in ``city``."""
        self.world.check_name(name)
        m = self._minute(t)
        w = self._weights(city, by)
        ok = sum(v for r, v in w.items() if self._span_at(r, name, m)[1] in RESOLVING)
        return ok / sum(w.values())

    def share_series(
        self, name: str, *, city: str | None = None, by: str = "users"
    ) -> list[tuple[int, int, float]]:
        """``share_resolving`` over the whole run, as stretches (start, end, share)."""
        self.world.check_name(name)
        w = self._weights(city, by)
        marks = sorted({s[0] for r in w for s in self._spans[(r, name)]})
        total = sum(w.values())
        out: list[tuple[int, int, float]] = []
        for i, m in enumerate(marks):
            end = marks[i + 1] if i + 1 < len(marks) else self.minutes
            ok = sum(v for r, v in w.items() if self._span_at(r, name, m)[1] in RESOLVING)
            share = ok / total
            if out and out[-1][2] == share:
                out[-1] = (out[-1][0], end, share)
            else:
                out.append((m, end, share))
        return out

    def users_cut(self, name: str, t: TimeLike) -> dict[str, tuple[int, str]]:
        """Per city: users who cannot reach the right address for ``name`` at ``t``, and the
        reason given by the failing resolver with most of them."""
        self.world.check_name(name)
        m = self._minute(t)
        total: dict[str, int] = {}
        biggest: dict[str, tuple[int, str]] = {}
        for r in self.world.resolvers.values():
            status, reason = self._span_at(r.id, name, m)[1:3]
            if status in RESOLVING:
                continue
            for city, n in r.users:
                if n > 0:
                    total[city] = total.get(city, 0) + n
                    if n > biggest.get(city, (0, ""))[0]:
                        biggest[city] = (n, reason)
        return {city: (users, biggest[city][1]) for city, users in sorted(total.items())}

    # ---- wiring into the engine ----------------------------------------------------------------
    def hits(
        self, internet: Internet, *, majority: float = 0.5, self_hosted: str = "public-1"
    ) -> list[Hit]:
        """What DNS does to the toy internet, as engine hits for components with a name
        (:attr:`DNSWorld.components`, e.g. ``nimbus-us-east/kv-db`` → ``db.us-east.nimbus``):

        - every component that needs it (an edge in ``internet.graph``) loses it while the
          resolver its servers use cannot resolve the name: the internal resolver of its cloud
          (``nimbus-internal``), or ``self_hosted`` for self-hosted services (``vantage`` = the
          component that needs it; the named component itself stays up);
        - an app's users in a city lose it while more than ``majority`` of that city's users
          are behind resolvers that cannot resolve its name (``vantage`` = the city).

        >>> import labkit
        >>> net = labkit.build_internet()
        >>> empty = RecordEmpty("db.us-east.nimbus", "06:48", "09:25")
        >>> tl = resolve_timeline(toy_dns(net), [empty])
        >>> hs = [h for h in tl.hits(net) if h.vantage == "nimbus-us-east/identity"]
        >>> [(h.target, fmt_time(h.start), fmt_time(h.end)) for h in hs]  # record, then linger
        [('nimbus-us-east/kv-db', '06:49', '09:25'), ('nimbus-us-east/kv-db', '09:25', '09:34')]
        """
        if self_hosted is not None:
            self.world.check_resolver(self_hosted, "self_hosted")
        if (
            isinstance(majority, bool)
            or not isinstance(majority, int | float)
            or not (0 <= majority < 1)
        ):
            raise ValueError(f"majority: got {majority!r}; allowed: a share from 0 to just below 1")
        graph = internet.graph
        cities = set(self.world.cities())
        out: list[Hit] = []
        for comp, name in self.world.components.items():
            if comp not in graph or all(
                self._spans[(r, name)] is _CLEAN for r in self.world.resolvers
            ):
                continue
            owners: dict[str, list[str]] = {}
            for owner in sorted(graph.predecessors(comp)):
                rid = self._resolver_of(internet, owner, self_hosted)
                if rid is not None:
                    owners.setdefault(rid, []).append(owner)
            for rid, who in owners.items():
                for row in self.rows(rid, name, problems=True):
                    if row.status not in RESOLVING:
                        cause = Cause("dns", row.reason, root=row.root)
                        out += [Hit(row.start, row.end, comp, DOWN, cause, o) for o in who]
            svc = internet.services.get(comp)
            for city in sorted({c for c, n in svc.users if n} & cities) if svc else ():
                out += self._city_hits(comp, name, city, majority)
        return out

    def _resolver_of(self, internet: Internet, owner: str, self_hosted: str) -> str | None:
        if owner in internet.blocks:
            region = internet.blocks[owner].region
        elif owner in internet.services and internet.services[owner].regions:
            region = internet.services[owner].regions[0]
        else:
            return self_hosted if owner in internet.services else None
        return self.world.internal_resolver(internet.regions[region].provider)

    def _city_hits(self, comp: str, name: str, city: str, majority: float) -> list[Hit]:
        here = [r for r in self.world.resolvers.values() if r.users_in(city) > 0]
        total = sum(r.users_in(city) for r in here)
        marks = sorted({s[0] for r in here for s in self._spans[(r.id, name)]})
        out: list[Hit] = []
        for i, m in enumerate(marks):
            stop = marks[i + 1] if i + 1 < len(marks) else self.minutes
            bad = [
                (r.users_in(city), self._span_at(r.id, name, m))
                for r in here
                if self._span_at(r.id, name, m)[1] not in RESOLVING
            ]
            if sum(n for n, _ in bad) <= majority * total:
                continue
            _, (_, _, reason, root) = max(bad, key=lambda b: b[0])
            cause = Cause("dns", reason, root=root)
            last = out[-1] if out else None
            if last is not None and last.end == m and last.cause == cause:
                out[-1] = replace(last, end=stop)
            else:
                out.append(Hit(m, stop, comp, DOWN, cause, city))
        return out


# ---- the simulation -------------------------------------------------------------------------
class _Builder:
    """Collects (minute, status, reason) observations of one pair, keeping only changes; fills
    "{since}" with the first minute of the current run of the same status."""

    __slots__ = ("out", "status", "run")

    def __init__(self) -> None:
        self.out: list[_Span] = []
        self.status = ""
        self.run = 0

    def emit(self, m: int, status: str, reason: str, root: DNSFailure | None) -> None:
        if status != self.status:
            self.status, self.run = status, m
        if reason:
            reason = reason.replace("{since}", fmt_time(self.run))
        out = self.out
        if out and out[-1][1] == status and out[-1][2] == reason and out[-1][3] == root:
            return
        out.append((m, status, reason, root))


class _Pair:
    """One resolver's cache for one name, moved forward fetch by fetch (or in jumps)."""

    __slots__ = (
        "res", "name", "provider", "ttl", "neg", "stale", "max_stale",
        "starts_s", "starts_min", "outs", "downs", "di",
        "kind", "cause", "fetched", "expires", "next", "failing",
        "had_answer", "restart", "down_until", "down_ev", "last_seg",
    )  # fmt: skip

    def __init__(self, res, rec, prov, offset, starts_min, outs, downs, stale, max_stale):
        self.res, self.name, self.provider = res, rec.name, prov.id
        self.ttl, self.neg = rec.ttl, prov.negative_ttl
        self.stale, self.max_stale = stale, max_stale
        self.starts_min = starts_min
        self.starts_s = [s * 60 for s in starts_min]
        self.outs = outs
        self.downs, self.di = downs, 0
        # warm start: an answer fetched at offset - ttl (before 00:00, when all was well)
        self.kind, self.cause = "answer", None
        self.fetched, self.expires, self.next = offset - rec.ttl, offset, offset
        self.failing: ProviderLoad | None = None
        self.had_answer, self.restart = True, 0
        self.down_until, self.down_ev = -1, None
        self.last_seg = -1

    # ---- moving forward ----------------------------------------------------------------------
    def _fetch(self, x: int) -> None:
        i = bisect.bisect_right(self.starts_s, x) - 1
        kind, what = self.outs[i]
        self.last_seg = i
        if kind == "fail":
            self.failing = what
            self.next = (x // 60 + 1) * 60
            return
        assert kind != "down", "no fetch while the resolver is down"
        self.failing = None
        if kind == "ok":
            self.kind, self.cause, life = "answer", None, self.ttl
        elif kind == "empty":
            self.kind, self.cause, life = "negative", what, self.neg
        else:
            self.kind, self.cause, life = "wrong", what, what.ttl or self.ttl
        if self.kind != "negative":
            self.had_answer = True
        self.fetched, self.expires, self.next = x, x + life, x + life

    def advance(self, tau: int, bulk: bool) -> None:
        """Do every fetch at or before second ``tau``; ``bulk``: skip runs of fetches that
        return the same thing in closed form."""
        while True:
            ds = self.downs[self.di][0] * 60 if self.di < len(self.downs) else _INF
            if ds <= tau and ds <= self.next:  # the resolver goes down: no fetches, cold restart
                _, up, ev = self.downs[self.di]
                self.di += 1
                self.kind, self.cause, self.failing = None, None, None
                self.had_answer, self.restart = False, up
                self.down_until, self.down_ev = up, ev
                self.next, self.last_seg = up * 60, -1
                continue
            if self.next > tau:
                return
            self._fetch(self.next)
            if not bulk:
                continue
            i = self.last_seg
            seg_end = self.starts_s[i + 1] if i + 1 < len(self.starts_s) else _INF
            lim = min(tau, seg_end - 1)
            if self.next <= lim:
                if self.failing is not None:  # retries every minute, all failing alike
                    self.next = (lim // 60 + 1) * 60
                else:  # re-fetches every `life` seconds, all returning the same
                    life = self.expires - self.fetched
                    last = self.next + (lim - self.next) // life * life
                    self.fetched, self.expires, self.next = last, last + life, last + life

    def next_change(self, m: int, end: int) -> int:
        """The next minute after ``m`` at which what users see may change."""
        c = end
        j = bisect.bisect_right(self.starts_min, m)
        if j < len(self.starts_min):
            c = min(c, self.starts_min[j])
        x = self.next
        if bisect.bisect_right(self.starts_s, x) - 1 != self.last_seg:
            c = min(c, -(-x // 60))
        if self.failing is not None:
            if self.stale and self.kind in ("answer", "wrong"):
                cap = self.expires + self.max_stale
                if cap > m * 60:
                    c = min(c, -(-cap // 60))
        elif self.kind in ("negative", "wrong"):
            fx = self.cause.fixed_min
            if fx > m and fx * 60 < self.expires:
                c = min(c, fx)
        return max(c, m + 1)

    # ---- what users see ---------------------------------------------------------------------
    def observe(self, m: int) -> tuple[str, str, DNSFailure | None]:
        """(status, reason with a "{since}" slot, root failure) at minute ``m``, once every
        fetch up to that instant is done."""
        if m < self.down_until:
            ev = self.down_ev
            return "down", f"resolver {self.res} is down since {{since}} ({ev.describe()})", ev
        if self.failing is None:
            if self.kind == "answer":
                return "answer", "", None
            return self._cached(m)
        return self._failing(m)

    def _cached(self, m: int) -> tuple[str, str, DNSFailure | None]:
        """A fresh negative or wrong answer: while the failure lasts, or lingering after it."""
        ev, fetched, expires = self.cause, _at(self.fetched), _at(self.expires)
        fixed = fmt_time(ev.fixed_min)
        if self.kind == "negative":
            head = f"resolver {self.res} has no answer for {self.name} since {{since}}: "
            if m >= ev.fixed_min:
                text = (
                    f"the record was fixed at {fixed}, but the empty answer it cached at "
                    f"{fetched} is kept until {expires} (SOA minimum {self.neg} s)"
                )
            else:
                was = "its cached answer expired" if self.had_answer else self._restarted()
                text = (
                    f"the record is empty at the authoritative server ({self.provider}) since "
                    f"{fmt_time(ev.start_min)} ({ev.rcode}) and {was}; it caches the empty "
                    f"answer for {self.neg} s (SOA minimum)"
                )
            return "negative", head + text, ev
        head = f"resolver {self.res} gives a wrong address for {self.name} since {{since}}: "
        life = self.expires - self.fetched
        if m >= ev.fixed_min:
            text = (
                f"the record was fixed at {fixed}, but the wrong answer it cached at {fetched} "
                f"is kept until {expires} (TTL {life} s)"
            )
        else:
            text = (
                f"the authoritative server ({self.provider}) has published a wrong record since "
                f"{fmt_time(ev.start_min)}, which resolvers cache for {life} s"
            )
        return "wrong", head + text, ev

    def _failing(self, m: int) -> tuple[str, str, DNSFailure | None]:
        """The last fetch failed: a stale answer if serve-stale allows, else nothing."""
        load = self.failing
        root = load.causes[0] if load.causes else None
        why, r, n, fetched = load.text(), self.res, self.name, _at(self.fetched)
        positive = self.kind in ("answer", "wrong")
        cap = self.expires + self.max_stale
        if self.stale and positive and m * 60 < cap:
            if self.kind == "wrong":
                return "wrong", (
                    f"resolver {r} gives a wrong address for {n} since {{since}}: {why}, so it "
                    f"serves the expired wrong answer it cached at {fetched} (serve-stale)"
                ), root  # fmt: skip
            return "stale", (
                f"resolver {r} serves an expired answer for {n} since {{since}} (serve-stale): "
                f"{why}; it keeps the answer cached at {fetched} until {_at(cap)} at most "
                f"({_span(self.max_stale)} past its expiry)"
            ), root  # fmt: skip
        if self.kind is None:
            was = self._restarted()
        elif self.stale and positive:
            was = f"serve-stale gave up at {_at(cap)}, {_span(self.max_stale)} after it expired"
            was = "its cached answer expired and " + was
        elif self.kind == "negative":
            was = "its cached (empty) answer expired"
        else:
            was = "its cached answer expired (serve-stale is off)"
        return "fail", f"resolver {r} cannot resolve {n} since {{since}}: {why}; {was}", root

    def _restarted(self) -> str:
        return f"it has had nothing cached since it restarted at {fmt_time(self.restart)}"


def _merge_intervals(events: list[ResolverOutage], end: int) -> list[tuple[int, int, Any]]:
    out: list[list[Any]] = []
    for e in sorted(events, key=lambda e: (e.start_min, e.fixed_min)):
        s, f = e.start_min, min(e.fixed_min, end)
        if s >= end:
            continue
        if out and s <= out[-1][1]:
            out[-1][1] = max(out[-1][1], f)
        else:
            out.append([s, f, e])
    return [(s, f, e) for s, f, e in out]


def _segments(points: Iterable[int], end: int, state_at: Any) -> tuple[list[int], list[Any]]:
    starts: list[int] = []
    states: list[Any] = []
    for p in sorted({0, *(p for p in points if 0 <= p < end)}):
        s = state_at(p)
        if not states or states[-1] != s:
            starts.append(p)
            states.append(s)
    return starts, states


def _record_state(events: list[DNSFailure], m: int) -> tuple[str, Any]:
    active = [e for e in events if e.active(m)]
    if not active:
        return ("ok", None)
    # an empty record wins over a wrong one; the one fixed last is named
    empty = [e for e in active if isinstance(e, RecordEmpty)]
    pool = empty or active
    ev = max(pool, key=lambda e: (e.fixed_min, -e.start_min))
    return ("empty" if empty else "wrong", ev)


def resolve_timeline(
    world: DNSWorld,
    events: Iterable[DNSFailure] = (),
    *,
    minutes: int = MINUTES_PER_DAY,
    seed: int = 0,
    serve_stale: bool = False,
    max_stale: int = DEFAULT_MAX_STALE,
    retries: int = 2,
    offsets: Mapping[tuple[str, str], int] | None = None,
    every_minute: bool = False,
) -> DNSTimeline:
    """What every resolver in ``world`` answers for every name over ``minutes``, given DNS
    failures ``events``.

    - ``seed`` decides when each resolver fetched each name (an offset within the TTL, see
      :func:`pair_offset`) and whose queries fail under a DDoS (:func:`pair_luck`);
      ``offsets`` sets some offsets by hand: (resolver, name) → seconds in ``[0, ttl)``.
    - ``serve_stale``: serve expired answers while the authoritative side cannot be reached,
      up to ``max_stale`` seconds past their expiry (RFC 8767 suggests 1 to 3 days). It does not
      help against an emptied record: "no such data" is a valid answer.
    - ``retries``: how many times a resolver re-sends a failed query (adds load, see
      :class:`ProviderLoad`).

    Only moments at which something can change are computed (a fetch that sees a change at the
    authoritative side, a serve-stale limit, a fix, a resolver going down or up);
    ``every_minute=True`` steps through every minute and every fetch and gives the same result.

    >>> tl = resolve_timeline(toy_dns(), [AuthoritativeOutage("quickdns", "11:00", "12:00")],
    ...                       serve_stale=True)
    >>> tl.share_resolving("shopfast.example", "11:30")
    1.0
    >>> tl.status("isp-tokyo", "shopfast.example", "11:30")
    'stale'
    """
    if not isinstance(world, DNSWorld):
        raise ValueError(f"world: got {type(world).__name__}; allowed: a DNSWorld, e.g. toy_dns()")
    events = tuple(events)
    for i, e in enumerate(events):
        if not isinstance(e, DNSFailure):
            raise ValueError(
                f"events[{i}]: got {e!r}; allowed: DNS failures such as RecordEmpty, "
                "RecordWrong, AuthoritativeOutage, AuthoritativeDDoS, ResolverOutage"
            )
        e.check(world)
    end = _whole("minutes", minutes, 1, 7 * MINUTES_PER_DAY, "whole minutes 1-10080")
    if isinstance(seed, bool) or not isinstance(seed, int):
        raise ValueError(f"seed: got {seed!r}; allowed: a whole number")
    for flag, v in (("serve_stale", serve_stale), ("every_minute", every_minute)):
        if not isinstance(v, bool):
            raise ValueError(f"{flag}: got {v!r}; allowed: True or False")
    _whole("max_stale", max_stale, 1, MAX_TTL, f"whole seconds from 1 to {MAX_TTL} (7 days)")
    _whole("retries", retries, 0, MAX_RETRIES, f"a whole number from 0 to {MAX_RETRIES}")
    fixed_offsets: dict[tuple[str, str], int] = {}
    for key, off in (offsets or {}).items():
        if not isinstance(key, tuple) or len(key) != 2:
            raise ValueError(f"offsets: got key {key!r}; allowed: (resolver, name) pairs")
        r, n = world.check_resolver(key[0]), world.check_name(key[1])
        ttl = world.records[n].ttl
        _whole(f"offsets[{key!r}]", off, 0, ttl - 1, f"whole seconds from 0 to {ttl - 1} (< TTL)")
        fixed_offsets[(r, n)] = off

    # the authoritative side, per provider and per name: change points and states
    by_provider: dict[str, list[DNSFailure]] = {p: [] for p in world.providers}
    by_name: dict[str, list[DNSFailure]] = {}
    by_resolver: dict[str, list[ResolverOutage]] = {}
    for e in events:
        if isinstance(e, AuthoritativeOutage | AuthoritativeDDoS):
            by_provider[e.provider].append(e)
        elif isinstance(e, RecordEmpty | RecordWrong):
            by_name.setdefault(e.name, []).append(e)
        elif isinstance(e, ResolverOutage):
            by_resolver.setdefault(e.resolver, []).append(e)
    loads: dict[str, list[tuple[int, ProviderLoad]]] = {}
    for pid, evs in by_provider.items():
        pts = [m for e in evs for m in (e.start_min, e.fixed_min)]
        starts, states = _segments(
            pts, end, lambda m, evs=evs, pid=pid: _provider_load(
                world, pid, [e for e in evs if e.active(m)], retries
            ),
        )  # fmt: skip
        loads[pid] = list(zip(starts, states, strict=True))
    downs = {r: _merge_intervals(evs, end) for r, evs in by_resolver.items()}

    spans: dict[tuple[str, str], Any] = {}
    for name, rec in world.records.items():
        prov = world.providers[rec.provider]
        rec_events = by_name.get(name, [])
        load_segs = loads[rec.provider]
        pts = {s for s, _ in load_segs} | {
            m for e in rec_events for m in (e.start_min, e.fixed_min)
        }
        load_starts = [s for s, _ in load_segs]

        def name_state(m, rec_events=rec_events, load_segs=load_segs, load_starts=load_starts):
            load = load_segs[bisect.bisect_right(load_starts, m) - 1][1]
            return _record_state(rec_events, m), load

        n_starts, n_states = _segments(pts, end, name_state)
        quiet = len(n_starts) == 1 and n_states[0][0][0] == "ok" and n_states[0][1].fail_share == 0
        for rid in world.resolvers:
            rdowns = downs.get(rid, [])
            if quiet and not rdowns and not every_minute:
                spans[(rid, name)] = _CLEAN
                continue
            offset_u, luck = _draws(seed, rid, name)
            offset = fixed_offsets.get((rid, name), int(offset_u * rec.ttl))

            def pair_state(m, luck=luck, rdowns=rdowns, n_starts=n_starts, n_states=n_states):
                for s, f, ev in rdowns:
                    if s <= m < f:
                        return ("down", ev)
                (rstate, load) = n_states[bisect.bisect_right(n_starts, m) - 1]
                if luck < load.fail_share:
                    return ("fail", load)
                return rstate

            pts2 = set(n_starts) | {m for s, f, _ in rdowns for m in (s, f)}
            starts, outs = _segments(pts2, end, pair_state)
            pair = _Pair(rid, rec, prov, offset, starts, outs, rdowns, serve_stale, max_stale)
            b = _Builder()
            if every_minute:
                for m in range(end):
                    pair.advance(m * 60, bulk=False)
                    b.emit(m, *pair.observe(m))
            else:
                m = 0
                while m < end:
                    pair.advance(m * 60, bulk=True)
                    b.emit(m, *pair.observe(m))
                    m = pair.next_change(m, end)
            spans[(rid, name)] = b.out

    if downs:
        _resolve_downs(world, spans, downs, end)
    settings = {
        "seed": seed,
        "serve_stale": serve_stale,
        "max_stale": max_stale,
        "retries": retries,
        "every_minute": every_minute,
    }
    return DNSTimeline(world, events, end, spans, loads, settings)


def _resolve_downs(world: DNSWorld, spans: dict, downs: dict, end: int) -> None:
    """Replace the "down" stretches of resolvers that are down by what their users get: their
    fallback's answers, or nothing."""
    raw = dict(spans)
    for rid in downs:
        fb = world.resolvers[rid].fallback
        for name in world.records:
            mine = raw[(rid, name)]
            out: list[_Span] = []
            for i, (start, status, reason, root) in enumerate(mine):
                stop = mine[i + 1][0] if i + 1 < len(mine) else end
                if status != "down":
                    out.append((start, status, reason, root))
                    continue
                if fb is None:
                    out.append((start, "fail", f"{reason}: its users get no answer at all", root))
                    continue
                theirs = raw[(fb, name)]
                for j, (s2, st2, r2, root2) in enumerate(theirs):
                    e2 = theirs[j + 1][0] if j + 1 < len(theirs) else end
                    if e2 <= start or s2 >= stop:
                        continue
                    at = max(s2, start)
                    if st2 == "down":
                        out.append((at, "fail", f"{reason}; its fallback {fb} is down too", root))
                    elif st2 == "answer":
                        text = f"{reason}; its users fall back to {fb}, which answers"
                        out.append((at, "answer", text, root))
                    else:
                        text = f"{reason}; its users fall back to {fb}: {r2}"
                        out.append((at, st2, text, root2))
            merged: list[_Span] = []
            for sp in out:
                if merged and merged[-1][1:] == sp[1:]:
                    continue
                merged.append(sp)
            spans[(rid, name)] = merged


# ---- the toy DNS world ----------------------------------------------------------------------
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
_ON_STEADYDNS = ("paywave", "streamflix", "teamchat", "doorcam", "ticketdash")
#: Negative TTL (SOA minimum, s) of each provider. nimbus-dns's 900 s: as in Oct 2025 (DNS fixed
#: 09:25, clients back by 09:40), names come back up to 15 minutes after the fix.
_NEGATIVE_TTL = {"nimbus": 900, "stratus": 300, "cirrus": 600, "quickdns": 900, "steadydns": 3600}
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
    - Capacities are about 4× each provider's normal load.

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
        name = f"{sid}.example"
        records.append(Record(name, host, _SERVICE_TTL.get(base, 300), f"{svc.name}: {svc.what}"))
        components[sid] = name
    resolvers = [
        Resolver(
            f"isp-{_slug(city)}",
            ((city, int(thousands * 1000 * 0.8)),),
            "isp",
            what=f"the main ISP's resolver in {city}",
        )
        for city, thousands in internet.cities.items()
    ]
    for rid, share in _PUBLIC:
        users = tuple((c, int(k * 1000 * share)) for c, k in internet.cities.items())
        resolvers.append(Resolver(rid, users, "public", what="a public anycast resolver"))
    for pid, p in internet.providers.items():
        resolvers.append(Resolver(f"{pid}-internal", (), "cloud", what=f"{p.name}'s resolver"))
    hosts = [f"{pid}-dns" for pid in internet.providers] + ["quickdns", "steadydns"]
    draft = DNSWorld([DNSProvider(h) for h in hosts], records, resolvers, components)
    providers = []
    for h in hosts:
        normal = draft.normal_load(h)
        capacity = float(max(100, -(-_HEADROOM * normal // 100) * 100))
        neg = _NEGATIVE_TTL[h.removesuffix("-dns")]
        what = "managed DNS provider" if not h.endswith("-dns") else f"{h[:-4]}'s own DNS"
        providers.append(DNSProvider(h, capacity, neg, what))
    return DNSWorld(providers, records, resolvers, components)
