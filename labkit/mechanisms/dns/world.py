"""The DNS world: records (names), authoritative providers, recursive resolvers, and
:class:`DNSWorld` holding them, with its look-ups and knobs."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from ...validate import check_choice
from .checks import check_label, check_negative_ttl, check_number, check_ttl, check_whole

__all__ = ["RESOLVER_KINDS", "DNSProvider", "DNSWorld", "Record", "Resolver"]

RESOLVER_KINDS = ("isp", "public", "cloud")


@dataclass(frozen=True)
class Record:
    """A name (its address records), hosted by the authoritative ``provider``. ``ttl`` is in
    seconds: how long a resolver may reuse the answer after fetching it. ``secondary``: a second,
    independent provider that serves the same zone data (see
    :class:`~labkit.mechanisms.dns.SecondaryDNS`), or None.

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
    secondary: str | None = None

    def __post_init__(self) -> None:
        check_label("name", self.name, "'db.us-east.nimbus'")
        check_label("provider", self.provider, "'nimbus-dns'")
        check_ttl("ttl", self.ttl)
        if self.secondary is not None:
            check_label("secondary", self.secondary, "'steadydns'")
            if self.secondary == self.provider:
                raise ValueError(
                    f"secondary: got {self.secondary!r}, the record's own provider; allowed: "
                    "another provider, or None"
                )

    @property
    def tld(self) -> str:
        return self.name.rsplit(".", 1)[-1]


@dataclass(frozen=True)
class DNSProvider:
    """An authoritative DNS provider. ``capacity``: queries per minute its name servers can
    answer (over all its points of presence); ``negative_ttl``: the MINIMUM field of its zones'
    SOA record (seconds); ``soa_ttl``: the TTL of that SOA record itself (seconds).

    Resolvers cache "no such data" for :attr:`negative_cache_ttl`, the smaller of the two
    (RFC 2308 §5: "the TTL of this record is set from the minimum of the MINIMUM field of the
    SOA record and the TTL of the SOA itself").

    >>> DNSProvider("nimbus-dns", negative_ttl=900, soa_ttl=300).negative_cache_ttl
    300
    >>> DNSProvider("nimbus-dns", soa_ttl=0)
    Traceback (most recent call last):
    ...
    ValueError: soa_ttl: got 0; allowed: whole seconds from 1 to 604800 (7 days), e.g. 60, 300
    """

    id: str
    capacity: float = 1000.0
    negative_ttl: int = 300
    what: str = ""
    soa_ttl: int = 3600

    def __post_init__(self) -> None:
        check_label("id", self.id, "'nimbus-dns'")
        check_number("capacity", self.capacity, "queries per minute > 0")
        check_negative_ttl("negative_ttl", self.negative_ttl)
        check_ttl("soa_ttl", self.soa_ttl)

    @property
    def negative_cache_ttl(self) -> int:
        """Seconds a resolver caches "no such data" from this provider: min(SOA MINIMUM, SOA
        TTL) (RFC 2308 §5)."""
        return min(self.negative_ttl, self.soa_ttl)

    @property
    def servers(self) -> tuple[str, str]:
        return (f"ns1.{self.id}", f"ns2.{self.id}")


@dataclass(frozen=True)
class Resolver:
    """A recursive resolver with its own cache. ``users``: (city, users) behind it; ``kind``:
    "isp", "public" or "cloud" (the resolver servers inside a cloud use); ``fallback``: the
    resolver its users switch to when this one is down (none by default; one hop: if the
    fallback is down too, they get nothing). ``area``: the area whose points of presence of
    every authoritative provider answer its queries (anycast sends a query to the nearest one),
    e.g. "us-east"; None for a resolver with nodes everywhere (a public anycast resolver, a
    cloud's resolver), whose queries are spread over all areas alike."""

    id: str
    users: tuple[tuple[str, int], ...] = ()
    kind: str = "isp"
    fallback: str | None = None
    what: str = ""
    area: str | None = None

    def __post_init__(self) -> None:
        check_label("id", self.id, "'isp-paris'")
        users = self.users
        if isinstance(users, Mapping):
            users = tuple(users.items())
        users = tuple(tuple(u) for u in users)  # type: ignore[misc]  # checked just below
        for u in users:
            if len(u) != 2 or not isinstance(u[0], str) or isinstance(u[1], bool):
                raise ValueError(f"users: got {u!r}; allowed: (city, users) pairs")
            check_whole("users", u[1], 0, 10**10, "a whole number of users >= 0")
        object.__setattr__(self, "users", users)
        check_choice("kind", self.kind, RESOLVER_KINDS)
        if self.fallback is not None:
            check_label("fallback", self.fallback, "'public-1'")
            if self.fallback == self.id:
                raise ValueError(
                    f"fallback: got {self.fallback!r}, the resolver itself; allowed: another "
                    "resolver, or None"
                )
        if self.area is not None:
            check_label("area", self.area, "'us-east'")

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
            if r.secondary is not None:
                check_choice(f"secondary (of {r.name})", r.secondary, self.providers)
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

    def areas(self) -> list[str]:
        """The areas of the resolvers (see :attr:`Resolver.area`): where the providers have
        points of presence; ["global"] when no resolver has an area."""
        found = sorted({r.area for r in self.resolvers.values() if r.area is not None})
        return found or ["global"]

    def check_areas(self, areas: Iterable[str], field_name: str = "pops") -> list[str]:
        return [check_choice(field_name, a, self.areas()) for a in areas]

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
        of its names once per TTL (60 / ttl per minute), so shorter TTLs mean more load. Names it
        serves as a secondary count in full: it must be ready to answer them all when their
        primary fails them."""
        self.check_provider(provider)
        per_resolver = sum(
            60 / r.ttl for r in self.records.values() if provider in (r.provider, r.secondary)
        )
        return len(self.resolvers) * per_resolver

    # ---- knobs (each returns a changed copy) -------------------------------------------------
    def with_ttl(self, ttl: int, names: Iterable[str] | None = None) -> DNSWorld:
        """A copy where ``names`` (default: every name) have TTL ``ttl`` seconds.

        >>> from labkit.mechanisms.dns import toy_dns
        >>> toy_dns().with_ttl(3600, ["shopfast.example"]).records["shopfast.example"].ttl
        3600
        """
        check_ttl("ttl", ttl)
        chosen = list(self.records) if names is None else [self.check_name(n) for n in names]
        records = dict(self.records)
        for n in chosen:
            records[n] = replace(records[n], ttl=ttl)
        return replace(self, records=records)

    def with_negative_ttl(self, seconds: int, providers: Iterable[str] | None = None) -> DNSWorld:
        """A copy where ``providers`` (default: all) have SOA minimum ``seconds``."""
        check_negative_ttl("negative_ttl", seconds)
        chosen = (
            list(self.providers)
            if providers is None
            else [self.check_provider(p) for p in providers]
        )
        provs = dict(self.providers)
        for p in chosen:
            provs[p] = replace(provs[p], negative_ttl=seconds)
        return replace(self, providers=provs)

    def with_secondary(self, provider: str, names: Iterable[str]) -> DNSWorld:
        """A copy where ``names`` are also served by ``provider``, a secondary provider.

        >>> from labkit.mechanisms.dns import toy_dns
        >>> w = toy_dns().with_secondary("steadydns", ["shopfast.example"])
        >>> w.records["shopfast.example"].secondary
        'steadydns'
        """
        self.check_provider(provider)
        records = dict(self.records)
        for n in names:
            rec = records[self.check_name(n, "names")]
            if rec.provider == provider:
                raise ValueError(
                    f"provider: got {provider!r}, which already hosts {n}; allowed: another "
                    f"provider, one of {sorted(p for p in self.providers if p != provider)}"
                )
            records[n] = replace(rec, secondary=provider)
        return replace(self, records=records)

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
