"""Routes between networks (BGP): who reaches whom, and what a hijack, a leak or a withdrawal does.

The internet is a graph of autonomous systems (ASes). Two neighbouring ASes are either customer
and provider (the customer pays for transit) or peers (they swap their customers' traffic for
free). Each AS picks one best route per prefix the way real networks do (Gao–Rexford): a route
learned from a customer beats one from a peer, which beats one from a provider; then the shorter
AS path; then the neighbour with the lower ASN. It passes routes learned from customers (and its
own prefixes) to everyone, but routes learned from peers or providers only to its customers
("valley-free" export). Packets follow the most specific prefix an AS has a route for.

>>> g = toy_as_graph()
>>> r = reach(g, "10.50.1.7", [Hijack("natel", "10.50.1.0/24")])
>>> r.outcome("isp-paris")
'hijacker'
>>> print(r.why("isp-paris"))
AS64605 (isp-paris) reaches the hijacker AS64999 (natel) via 64605 → 64511 → 64501 → 64514 →
64999 because a /24 is more specific than the /22 (packets follow the most specific route)
>>> hijack = Hijack("natel", "10.50.1.0/24")
>>> safe = reach(g, "10.50.1.7", [hijack], [OriginValidation(g.of_kind("tier-1"))])
>>> safe.outcome("isp-paris"), safe.outcome("isp-mumbai")
('origin', 'hijacker')
"""

from __future__ import annotations

import bisect
import ipaddress
import random
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import Any

import networkx as nx

from ...tables import to_pandas
from ...validate import check_choice, short, suggest

__all__ = [
    "AS",
    "AS_KINDS",
    "LEARNED",
    "OUTCOMES",
    "ROA",
    "OriginValidation",
    "ASGraph",
    "ASOutcome",
    "Announce",
    "Hijack",
    "Leak",
    "RouteFilter",
    "PrefixRoutes",
    "Reachability",
    "Route",
    "Withdraw",
    "reach",
    "routes",
    "synthetic_as_graph",
    "toy_as_graph",
]

#: What an AS is, for people reading the map.
AS_KINDS = (
    "tier-1",
    "transit",
    "cloud",
    "cdn",
    "content",
    "eyeball",
    "isp",
    "enterprise",
    "stub",
    "as",
)
#: Where a route was learned, in order of preference (own prefix first).
LEARNED = ("origin", "customer", "peer", "provider")
#: Where an AS's packets for a destination end up.
OUTCOMES = ("origin", "via-leak", "hijacker", "none")

_ORIGIN, _CUSTOMER, _PEER, _PROVIDER = 0, 1, 2, 3
_ARROW = " → "

Key = tuple[int, int, int]  # (IP version, network address as int, prefix length)
ASRef = int | str


# ------------------------------------------------------------------------------------------
# Prefixes
# ------------------------------------------------------------------------------------------


def _bits(version: int) -> int:
    return 32 if version == 4 else 128


def _parse_net(field: str, value: object) -> ipaddress.IPv4Network | ipaddress.IPv6Network:
    if isinstance(value, ipaddress.IPv4Network | ipaddress.IPv6Network):
        return value
    if not isinstance(value, str):
        raise ValueError(f"{field}: got {short(value)}; allowed: a prefix like '203.0.113.0/24'")
    try:
        return ipaddress.ip_network(value.strip(), strict=True)
    except ValueError as err:
        hint = ""
        try:
            fixed = ipaddress.ip_network(value.strip(), strict=False)
            hint = f" (host bits set: did you mean {str(fixed)!r}?)"
        except ValueError:
            pass
        raise ValueError(
            f"{field}: got {short(value)}, which is not a prefix{hint}; "
            "allowed: a network like '203.0.113.0/24' or '2001:db8::/32'"
        ) from err


def _key(field: str, value: object) -> Key:
    """``value`` (a prefix) as a (version, network int, length) key; raises ValueError."""
    net = _parse_net(field, value)
    return (net.version, int(net.network_address), net.prefixlen)


def _fmt(key: Key) -> str:
    v, a, n = key
    return str(ipaddress.IPv4Network((a, n)) if v == 4 else ipaddress.IPv6Network((a, n)))


def _supernets(key: Key) -> list[Key]:
    """``key`` and every prefix covering it, most specific first."""
    v, a, n = key
    bits = _bits(v)
    full = (1 << bits) - 1
    return [(v, a & (full ^ ((1 << (bits - k)) - 1)), k) for k in range(n, -1, -1)]


def _covers(outer: Key, inner: Key) -> bool:
    v, a, n = outer
    if v != inner[0] or n > inner[2]:
        return False
    shift = _bits(v) - n
    return (inner[1] >> shift) == (a >> shift)


# ------------------------------------------------------------------------------------------
# The AS graph
# ------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class AS:
    """An autonomous system: ``asn``, a readable ``name``, its ``kind`` (see :data:`AS_KINDS`),
    the ``city`` its users are in (eyeball ISPs) and the ``prefixes`` it originates.

    >>> AS(64605, "isp-paris", "eyeball", "Paris", ("10.205.0.0/16",)).label
    'AS64605 (isp-paris)'
    >>> AS(1, "x", prefixes=("10.0.0.1/16",))
    Traceback (most recent call last):
    ...
    ValueError: prefixes: got '10.0.0.1/16', which is not a prefix (host bits set: did you mean ...
    """

    asn: int
    name: str
    kind: str = "as"
    city: str | None = None
    prefixes: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if isinstance(self.asn, bool) or not isinstance(self.asn, int) or self.asn <= 0:
            raise ValueError(f"asn: got {self.asn!r}; allowed: a whole number > 0, like 64500")
        if not isinstance(self.name, str) or not self.name.strip():
            raise ValueError(f"name: got {self.name!r}; allowed: a non-empty name like 'isp-paris'")
        check_choice("kind", self.kind, AS_KINDS)
        if isinstance(self.prefixes, str):
            raise ValueError(
                f"prefixes: got the string {self.prefixes!r}; allowed: a tuple of prefixes, "
                f"like ({self.prefixes!r},)"
            )
        canon = tuple(str(_parse_net("prefixes", p)) for p in self.prefixes)
        object.__setattr__(self, "prefixes", canon)

    @property
    def label(self) -> str:
        return f"AS{self.asn} ({self.name})"


def _unchecked_as(asn: int, name: str, kind: str, prefixes: tuple[str, ...]) -> AS:
    """An AS built without validation, for generated graphs of many thousands of ASes."""
    a = object.__new__(AS)
    for k, v in (("asn", asn), ("name", name), ("kind", kind), ("city", None)):
        object.__setattr__(a, k, v)
    object.__setattr__(a, "prefixes", prefixes)
    return a


class ASGraph:
    """ASes and their business relationships.

    ``c2p`` lists (customer, provider) pairs, ``p2p`` lists peer pairs, by ASN or name. An ASN
    used in a link but missing from ``ases`` gets a plain ``AS(asn, f"AS{asn}")``.
    ``graph`` shows it all as a networkx DiGraph: every link appears in both directions, and
    ``graph[u][v]["rel"]`` says what ``v`` is to ``u`` ("customer", "provider" or "peer").

    >>> g = ASGraph(c2p=[(1, 10), (2, 10), (2, 20)], p2p=[(10, 20)])
    >>> g
    ASGraph(4 ASes, 4 links: 3 customer→provider, 1 peer–peer)
    >>> g.graph[2][20]["rel"], g.graph[20][2]["rel"], g.graph[10][20]["rel"]
    ('provider', 'customer', 'peer')
    >>> g.providers(2), g.customers(10), g.peers(20)
    ([10, 20], [1, 2], [10])
    """

    def __init__(
        self,
        ases: Iterable[AS] = (),
        c2p: Iterable[tuple[ASRef, ASRef]] = (),
        p2p: Iterable[tuple[ASRef, ASRef]] = (),
    ) -> None:
        table: dict[int, AS] = {}
        for a in ases:
            if not isinstance(a, AS):
                raise ValueError(f"ases: got {a!r}; allowed: AS(asn, name, ...) objects")
            if a.asn in table:
                raise ValueError(f"ases: AS{a.asn} is listed twice; allowed: each ASN once")
            table[a.asn] = a
        names: dict[str, int] = {}
        for a in table.values():
            if a.name in names:
                raise ValueError(
                    f"ases: the name {a.name!r} is used by AS{names[a.name]} and AS{a.asn}; "
                    "allowed: a different name for each AS"
                )
            names[a.name] = a.asn

        def ref(field: str, r: object) -> int:
            if isinstance(r, str):
                if r in names:
                    return names[r]
                digits = r[2:] if r[:2].upper() == "AS" else r
                if not digits.isdigit():
                    close = suggest(r, names)
                    hint = f" Did you mean {close[0]!r}?" if close else ""
                    raise ValueError(
                        f"{field}: unknown value {r!r}.{hint} Allowed: an ASN or the name of "
                        "an AS in ases"
                    )
                r = int(digits)
            if isinstance(r, bool) or not isinstance(r, int) or r <= 0:
                raise ValueError(f"{field}: got {r!r}; allowed: an ASN (a whole number > 0)")
            if r not in table:
                table[r] = AS(r, f"AS{r}")
            return r

        c2p_pairs = [(ref("c2p", c), ref("c2p", p)) for c, p in _pairs("c2p", c2p)]
        p2p_pairs = [(ref("p2p", a), ref("p2p", b)) for a, b in _pairs("p2p", p2p)]
        seen: dict[tuple[int, int], str] = {}
        for what, pairs in (("c2p", c2p_pairs), ("p2p", p2p_pairs)):
            for a, b in pairs:
                if a == b:
                    raise ValueError(f"{what}: got a link from AS{a} to itself; allowed: two ASes")
                pair = (min(a, b), max(a, b))
                if pair in seen:
                    raise ValueError(
                        f"{what}: the link AS{a}–AS{b} is listed twice (also in "
                        f"{seen[pair]}); allowed: one relationship per pair of ASes"
                    )
                seen[pair] = what
        self._setup(table, c2p_pairs, p2p_pairs)
        cycle = self._provider_cycle()
        if cycle:
            path = " → ".join(f"AS{a}" for a in cycle)
            raise ValueError(
                f"c2p: the customer→provider links go round in a circle ({path}); allowed: "
                "links where no AS is (indirectly) its own provider"
            )

    @classmethod
    def _trusted(cls, ases: dict[int, AS], c2p: list[tuple[int, int]], p2p: list[tuple[int, int]]):
        """Build without checks (for generators that guarantee valid input)."""
        g = cls.__new__(cls)
        g._setup(ases, c2p, p2p)
        return g

    def _setup(
        self, ases: dict[int, AS], c2p: list[tuple[int, int]], p2p: list[tuple[int, int]]
    ) -> None:
        self._asns: list[int] = sorted(ases)
        self._idx: dict[int, int] = {a: i for i, a in enumerate(self._asns)}
        self.ases: dict[int, AS] = {a: ases[a] for a in self._asns}
        n, idx = len(self._asns), self._idx
        prov: list[list[int]] = [[] for _ in range(n)]
        cust: list[list[int]] = [[] for _ in range(n)]
        peer: list[list[int]] = [[] for _ in range(n)]
        for c, p in c2p:
            prov[idx[c]].append(idx[p])
            cust[idx[p]].append(idx[c])
        for a, b in p2p:
            peer[idx[a]].append(idx[b])
            peer[idx[b]].append(idx[a])
        for lists in (prov, cust, peer):
            for lst in lists:
                lst.sort()
        self._prov, self._cust, self._peer = prov, cust, peer
        self.n_c2p, self.n_p2p = len(c2p), len(p2p)

    def _provider_cycle(self) -> list[int]:
        """A customer→provider cycle as ASNs (first repeated at the end), or [] if none."""
        n = len(self._asns)
        indeg = [len(c) for c in self._cust]
        todo = [i for i in range(n) if indeg[i] == 0]
        done = 0
        while todo:
            i = todo.pop()
            done += 1
            for p in self._prov[i]:
                indeg[p] -= 1
                if indeg[p] == 0:
                    todo.append(p)
        if done == n:
            return []
        left = {i for i in range(n) if indeg[i] > 0}
        i, trail, pos = min(left), [], {}
        while i not in pos:
            pos[i] = len(trail)
            trail.append(i)
            i = next(p for p in self._prov[i] if p in left)
        return [self._asns[k] for k in trail[pos[i] :]] + [self._asns[i]]

    # --- look-ups -------------------------------------------------------------------------
    def __len__(self) -> int:
        return len(self._asns)

    def __contains__(self, ref: object) -> bool:
        return ref in self._idx or (isinstance(ref, str) and ref in self._names)

    def __repr__(self) -> str:
        links = self.n_c2p + self.n_p2p
        return (
            f"ASGraph({len(self)} ASes, {links} links: {self.n_c2p} customer→provider, "
            f"{self.n_p2p} peer–peer)"
        )

    @cached_property
    def _names(self) -> dict[str, int]:
        return {a.name: a.asn for a in self.ases.values()}

    def asn(self, ref: ASRef, field: str = "asn") -> int:
        """The ASN of ``ref`` (an ASN, an AS name or "AS64500"), or a ValueError with hints.

        >>> toy_as_graph().asn("isp-pars")
        Traceback (most recent call last):
        ...
        ValueError: asn: unknown value 'isp-pars'. Did you mean 'isp-paris'? Allowed: an ASN ...
        """
        if isinstance(ref, int) and not isinstance(ref, bool) and ref in self._idx:
            return ref
        if isinstance(ref, str):
            if ref in self._names:
                return self._names[ref]
            digits = ref[2:] if ref[:2].upper() == "AS" else ref
            if digits.isdigit() and len(digits) <= 12 and int(digits) in self._idx:
                return int(digits)
        hint = ""
        if isinstance(ref, int) and not isinstance(ref, bool) and abs(ref) < 2**64:
            if len(self) <= 5000:
                close = suggest(str(ref), [str(a) for a in self._asns])
            else:  # numerically nearest
                k = bisect.bisect_left(self._asns, ref)
                close = [str(a) for a in self._asns[max(0, k - 1) : k + 1]]
            if close:
                hint = f" Did you mean {self.label(int(close[0]))}?"
        elif isinstance(ref, str) and len(self) <= 5000:
            close = suggest(ref, self._names)
            if close:
                hint = f" Did you mean {close[0]!r}?"
        examples = ", ".join(f"{a} ({self.ases[a].name})" for a in self._asns[:3])
        raise ValueError(
            f"{field}: unknown value {short(ref)}.{hint} Allowed: an ASN or AS name in this graph, "
            f"e.g. {examples}"
        )

    def label(self, ref: ASRef) -> str:
        """ "AS64605 (isp-paris)"."""
        return self.ases[self.asn(ref)].label

    def providers(self, ref: ASRef) -> list[int]:
        return [self._asns[k] for k in self._prov[self._idx[self.asn(ref)]]]

    def customers(self, ref: ASRef) -> list[int]:
        return [self._asns[k] for k in self._cust[self._idx[self.asn(ref)]]]

    def peers(self, ref: ASRef) -> list[int]:
        return [self._asns[k] for k in self._peer[self._idx[self.asn(ref)]]]

    def rel(self, a: ASRef, b: ASRef) -> str | None:
        """What ``b`` is to ``a``: "customer", "provider", "peer", or None if not neighbours."""
        i, j = self._idx[self.asn(a, "a")], self._idx[self.asn(b, "b")]
        for name, lst in (("customer", self._cust), ("provider", self._prov), ("peer", self._peer)):
            if j in lst[i]:
                return name
        return None

    def of_kind(self, kind: str) -> list[int]:
        """ASNs of one kind, e.g. ``g.of_kind("tier-1")``."""
        check_choice("kind", kind, AS_KINDS)
        return [a for a in self._asns if self.ases[a].kind == kind]

    def eyeballs(self) -> dict[str, list[int]]:
        """City → the eyeball ISPs whose users live there."""
        out: dict[str, list[int]] = {}
        for a in self.ases.values():
            if a.kind == "eyeball" and a.city:
                out.setdefault(a.city, []).append(a.asn)
        return out

    def customer_cone(self, ref: ASRef) -> set[int]:
        """The AS and everyone below it through customer links."""
        start = self._idx[self.asn(ref)]
        seen, todo = {start}, [start]
        while todo:
            for c in self._cust[todo.pop()]:
                if c not in seen:
                    seen.add(c)
                    todo.append(c)
        return {self._asns[k] for k in seen}

    # --- prefixes (the registry: who holds which address space) ---------------------------
    @cached_property
    def _registry(self) -> dict[Key, list[int]]:
        reg: dict[Key, list[int]] = {}
        for a in self.ases.values():
            for p in a.prefixes:
                reg.setdefault(_key("prefixes", p), []).append(a.asn)
        return reg

    @cached_property
    def _registry_sorted(self) -> list[Key]:
        return sorted(self._registry)

    def prefixes(self) -> dict[str, list[int]]:
        """Every registered prefix → the ASes that hold (and normally announce) it."""
        return {_fmt(k): list(v) for k, v in sorted(self._registry.items())}

    def holders(self, prefix: str) -> list[int]:
        """ASes holding the most specific registered prefix covering ``prefix`` (or [])."""
        for k in _supernets(_key("prefix", prefix)):
            if k in self._registry:
                return list(self._registry[k])
        return []

    def _registered_inside(self, key: Key) -> list[Key]:
        v, a, n = key
        lo = bisect.bisect_left(self._registry_sorted, (v, a, n))
        hi = bisect.bisect_left(self._registry_sorted, (v, a + (1 << (_bits(v) - n)), 0))
        return self._registry_sorted[lo:hi]

    # --- the inspectable view -------------------------------------------------------------
    @cached_property
    def graph(self) -> nx.DiGraph:
        """networkx view: nodes are ASNs (``name``, ``kind``, ``city``, ``prefixes``); edge
        u → v has ``rel`` = what v is to u ("customer", "provider" or "peer")."""
        g = nx.DiGraph()
        for a in self.ases.values():
            g.add_node(a.asn, name=a.name, kind=a.kind, city=a.city, prefixes=a.prefixes)
        asns = self._asns
        for i, provs in enumerate(self._prov):
            for p in provs:
                g.add_edge(asns[i], asns[p], rel="provider")
                g.add_edge(asns[p], asns[i], rel="customer")
        for i, peers in enumerate(self._peer):
            for p in peers:
                g.add_edge(asns[i], asns[p], rel="peer")
        return g


def _pairs(field: str, pairs: Iterable[Any]) -> list[tuple[Any, Any]]:
    out = []
    for pair in pairs:
        if not isinstance(pair, tuple | list) or len(pair) != 2:
            raise ValueError(f"{field}: got {pair!r}; allowed: pairs of ASes like (64600, 64510)")
        out.append((pair[0], pair[1]))
    return out


# ------------------------------------------------------------------------------------------
# Events and mitigations
# ------------------------------------------------------------------------------------------


def _check_ref(field: str, value: object) -> None:
    if isinstance(value, bool) or not isinstance(value, int | str) or value in ("", 0):
        raise ValueError(f"{field}: got {short(value)}; allowed: an ASN like 64500 or an AS name")


def _canon(field: str, prefix: object) -> str:
    return str(_parse_net(field, prefix))


@dataclass(frozen=True)
class Withdraw:
    """``origin`` stops announcing ``prefix`` (by default every AS announcing it does), as
    Facebook withdrew the prefixes of its DNS servers in October 2021."""

    prefix: str
    origin: ASRef | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "prefix", _canon("prefix", self.prefix))
        if self.origin is not None:
            _check_ref("origin", self.origin)


@dataclass(frozen=True)
class Announce:
    """``origin`` announces ``prefix`` too, e.g. the victim of a hijack announcing the same
    more-specific back (as YouTube did in February 2008)."""

    origin: ASRef
    prefix: str

    def __post_init__(self) -> None:
        _check_ref("origin", self.origin)
        object.__setattr__(self, "prefix", _canon("prefix", self.prefix))


@dataclass(frozen=True)
class Hijack:
    """``hijacker`` announces ``prefix``, address space it does not hold: the same prefix as
    the victim (a competing origin) or a more specific one inside it, as Pakistan Telecom
    announced a /24 inside YouTube's /22 in February 2008."""

    hijacker: ASRef
    prefix: str

    def __post_init__(self) -> None:
        _check_ref("hijacker", self.hijacker)
        object.__setattr__(self, "prefix", _canon("prefix", self.prefix))


@dataclass(frozen=True)
class Leak:
    """``leaker`` passes its route for ``prefix`` (every prefix if None), learned from a
    provider or a peer, on to its providers and peers, which take it as a customer route
    (path: the leaker, then its own path), as a small customer of Verizon did in June 2019."""

    leaker: ASRef
    prefix: str | None = None

    def __post_init__(self) -> None:
        _check_ref("leaker", self.leaker)
        if self.prefix is not None:
            object.__setattr__(self, "prefix", _canon("prefix", self.prefix))


@dataclass(frozen=True)
class ROA:
    """A route origin authorisation: ``asn`` may originate ``prefix`` and more-specifics of it
    up to ``max_length`` (default: the prefix's own length, no more-specifics)."""

    prefix: str
    asn: int
    max_length: int | None = None

    def __post_init__(self) -> None:
        net = _parse_net("prefix", self.prefix)
        object.__setattr__(self, "prefix", str(net))
        if isinstance(self.asn, bool) or not isinstance(self.asn, int) or self.asn <= 0:
            raise ValueError(f"asn: got {self.asn!r}; allowed: an ASN (a whole number > 0)")
        m = self.max_length
        if m is not None and (
            isinstance(m, bool)
            or not isinstance(m, int)
            or not net.prefixlen <= m <= net.max_prefixlen
        ):
            raise ValueError(
                f"max_length: got {m!r}; allowed: a whole number from {net.prefixlen} "
                f"(the prefix's length) to {net.max_prefixlen}"
            )


@dataclass(frozen=True)
class OriginValidation:
    """Route origin validation: the ``adopters`` drop announcements whose origin is invalid
    for a prefix covered by a ROA (another origin, or more specific than ``max_length``).
    ``roas`` default to one ROA per registered prefix, for its holder, with no more-specifics."""

    adopters: tuple[ASRef, ...]
    roas: tuple[ROA, ...] | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "adopters", _refs("adopters", self.adopters))
        if self.roas is not None:
            roas = tuple(self.roas) if not isinstance(self.roas, ROA) else (self.roas,)
            for r in roas:
                if not isinstance(r, ROA):
                    raise ValueError(f"roas: got {r!r}; allowed: ROA(prefix, asn, max_length)")
            object.__setattr__(self, "roas", roas)


@dataclass(frozen=True)
class RouteFilter:
    """The ``ases`` accept from a customer or a peer only prefixes registered to that
    neighbour or to an AS in its customer cone (IRR-style filters): a leak or a hijack stops at
    the first filtering AS."""

    ases: tuple[ASRef, ...]

    def __post_init__(self) -> None:
        object.__setattr__(self, "ases", _refs("ases", self.ases))


def _refs(field: str, value: object) -> tuple[ASRef, ...]:
    if isinstance(value, int | str):
        value = (value,)
    if not isinstance(value, Iterable):
        raise ValueError(f"{field}: got {short(value)}; allowed: a list of ASNs or AS names")
    out = tuple(value)
    for v in out:
        _check_ref(field, v)
    return out


Event = Withdraw | Announce | Hijack | Leak
RoutePolicy = OriginValidation | RouteFilter


# ------------------------------------------------------------------------------------------
# Route computation: the three phases, generalised to several seeds
# ------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Seed:
    node: int  # index of the AS whose route is fixed
    path: tuple[int, ...]  # its AS path (ASNs, from itself to the origin)
    cls: int  # where it learned it: _ORIGIN, _CUSTOMER, _PEER or _PROVIDER
    leak: bool = False  # a leaker: exports to everyone whatever cls is

    @property
    def origin(self) -> int:
        return self.path[-1]


class _Policy:
    """Mitigations resolved against a graph: who validates, who filters, which ROAs exist."""

    def __init__(self, g: ASGraph, mitigations: Sequence[RoutePolicy]) -> None:
        n = len(g)
        self.rov: list[bool] | None = None
        self.filt: list[bool] | None = None
        self.roas: dict[Key, list[tuple[int, int]]] | None = None  # None: from the registry
        for m in mitigations:
            if isinstance(m, OriginValidation):
                self.rov = self.rov or [False] * n
                for a in m.adopters:
                    self.rov[g._idx[g.asn(a, "adopters")]] = True
                if m.roas is not None:
                    self.roas = self.roas or {}
                    for r in m.roas:
                        k = _key("roas", r.prefix)
                        self.roas.setdefault(k, []).append((r.asn, r.max_length or k[2]))
            elif isinstance(m, RouteFilter):
                self.filt = self.filt or [False] * n
                for a in m.ases:
                    self.filt[g._idx[g.asn(a, "ases")]] = True
            else:
                raise ValueError(
                    f"mitigations: got {m!r}; allowed: OriginValidation(adopters=...), "
                    "RouteFilter(ases=...)"
                )

    def invalid(self, g: ASGraph, key: Key, origin: int) -> bool:
        """Is (prefix, origin) RPKI-invalid? (covered by a ROA, but none allows it)."""
        covered = False
        for k in _supernets(key):
            if self.roas is None:
                entries = [(h, k[2]) for h in g._registry.get(k, ())]
            else:
                entries = self.roas.get(k, [])
            for asn, max_len in entries:
                covered = True
                if asn == origin and key[2] <= max_len:
                    return False
        return covered

    def allowed(self, g: ASGraph, key: Key) -> list[bool] | None:
        """For filters: which neighbours may announce ``key`` (holders and their providers,
        transitively)."""
        if self.filt is None:
            return None
        ok = [False] * len(g)
        todo = []
        for k in _supernets(key):
            for h in g._registry.get(k, ()):
                i = g._idx[h]
                if not ok[i]:
                    ok[i] = True
                    todo.append(i)
        while todo:
            for p in g._prov[todo.pop()]:
                if not ok[p]:
                    ok[p] = True
                    todo.append(p)
        return ok


class _Run:
    """Best routes of every AS for one prefix: path length ``ln`` (0: no route), class ``cl``,
    next hop ``nh`` (-1 at a seed) and the seed ``sd`` the route comes from."""

    def __init__(
        self,
        g: ASGraph,
        key: Key,
        seeds: list[_Seed],
        pol: _Policy,
        shadow: dict[int, int] | None = None,
    ) -> None:
        self.g, self.key, self.seeds, self.pol = g, key, seeds, pol
        self.shadow = shadow or {}  # leak seed → the same route as exported to customers
        self.bad = [pol.rov is not None and pol.invalid(g, key, s.origin) for s in seeds]
        self.ok = pol.allowed(g, key)
        self.ln, self.cl, self.nh, self.sd = _propagate(
            g, seeds, self.bad, pol, self.ok, self.shadow
        )

    def path(self, i: int) -> tuple[int, ...]:
        if not self.ln[i]:
            return ()
        asns, nh, out = self.g._asns, self.nh, []
        while nh[i] >= 0:
            out.append(asns[i])
            i = nh[i]
        return (*out, *self.seeds[self.sd[i]].path)

    def exports_to_all(self, i: int) -> bool:
        return self.cl[i] <= _CUSTOMER or self.is_leaker(i)

    def is_leaker(self, i: int) -> bool:
        return self.nh[i] < 0 and self.seeds[self.sd[i]].leak

    def offered_seed(self, k: int, to_customer: bool) -> _Seed:
        """The seed of the route ``k`` offers a neighbour (a leaker offers its customers its
        route as usual, not as a leak)."""
        s = self.sd[k]
        if to_customer and self.nh[k] < 0 and s in self.shadow:
            s = self.shadow[s]
        return self.seeds[s]


def _propagate(
    g: ASGraph,
    seeds: list[_Seed],
    bad: list[bool],
    pol: _Policy,
    ok: list[bool] | None,
    shadow: dict[int, int],
) -> tuple[list[int], list[int], list[int], list[int]]:
    n = len(g)
    prov, cust, peer = g._prov, g._cust, g._peer
    ln = [0] * n
    cl = [_PROVIDER] * n  # whatever is set in phase 3 was learned from a provider
    nh = [-1] * n
    sd = [-1] * n
    rov, filt = pol.rov, pol.filt
    # closed[s]: the ASes that refuse seed s's announcement (RPKI-invalid there), or None
    closed = [rov if b else None for b in bad]

    up: list[list[int]] = [[]]
    shadows = set(shadow.values())
    for k, s in enumerate(seeds):
        if k in shadows:
            continue
        i, length = s.node, len(s.path)
        ln[i], cl[i], sd[i] = length, s.cls, k
        if s.cls <= _CUSTOMER or s.leak:
            while len(up) <= length + 1:
                up.append([])
            up[length].append(i)

    # Phase 1: up the customer→provider links; shortest first, ties to the lower ASN.
    length = 1
    while length < len(up):
        bucket = up[length]
        if bucket:
            bucket.sort()
            nxt_len = length + 1
            if len(up) <= nxt_len + 1:
                up.append([])
            nxt = up[nxt_len]
            for u in bucket:
                s = sd[u]
                b1 = closed[s]
                b2 = filt if ok is not None and not ok[u] else None
                if b1 is None and b2 is None:
                    for p in prov[u]:
                        if not ln[p]:
                            ln[p], cl[p], nh[p], sd[p] = nxt_len, _CUSTOMER, u, s
                            nxt.append(p)
                else:
                    for p in prov[u]:
                        if ln[p] or (b1 is not None and b1[p]) or (b2 is not None and b2[p]):
                            continue
                        ln[p], cl[p], nh[p], sd[p] = nxt_len, _CUSTOMER, u, s
                        nxt.append(p)
        length += 1

    # Phase 2: one hop across peer links, from ASes with their own or a customer route.
    exporters = sorted(i for bucket in up for i in bucket)
    best_len: dict[int, int] = {}
    best_from: dict[int, int] = {}
    for u in exporters:
        s = sd[u]
        b1 = closed[s]
        b2 = filt if ok is not None and not ok[u] else None
        cand = ln[u] + 1
        for v in peer[u]:
            if ln[v] or (b1 is not None and b1[v]) or (b2 is not None and b2[v]):
                continue
            if cand < best_len.get(v, 1 << 30):
                best_len[v] = cand
                best_from[v] = u
    for v, u in best_from.items():
        ln[v], cl[v], nh[v], sd[v] = best_len[v], _PEER, u, sd[u]

    # Phase 3: down the provider→customer links, from everyone who has a route.
    down: list[list[int]] = [[] for _ in range(max(ln) + 2)]
    for i in range(n):
        if ln[i]:
            down[ln[i]].append(i)
    length = 1
    while length < len(down):
        bucket = down[length]
        if bucket:
            bucket.sort()
            nxt_len = length + 1
            if len(down) <= nxt_len:
                down.append([])
            nxt = down[nxt_len]
            for u in bucket:
                s = sd[u]
                if nh[u] < 0 and s in shadow:  # a leaker passes its route on as usual to
                    s = shadow[s]  # its customers: no leak there
                b1 = closed[s]
                if b1 is None:
                    for c in cust[u]:
                        if not ln[c]:
                            ln[c], nh[c], sd[c] = nxt_len, u, s
                            nxt.append(c)
                else:
                    for c in cust[u]:
                        if not ln[c] and not b1[c]:
                            ln[c], nh[c], sd[c] = nxt_len, u, s
                            nxt.append(c)
        length += 1
    return ln, cl, nh, sd


def _compute(
    g: ASGraph,
    key: Key,
    origins: Iterable[int],
    leakers: Sequence[tuple[int, bool]],
    pol: _Policy,
) -> _Run:
    """Routes for one prefix announced by ``origins``; ``leakers`` are (asn, strict) pairs: a
    strict leaker that cannot leak this prefix is an error, a lax one is skipped."""
    seeds = [_Seed(g._idx[o], (o,), _ORIGIN) for o in sorted(set(origins))]
    run = _Run(g, key, seeds, pol)
    if not leakers:
        return run
    leak_seeds: list[_Seed] = []
    paths = []
    for asn, strict in leakers:
        i = g._idx[asn]
        if run.ln[i] and run.cl[i] > _CUSTOMER:
            path = run.path(i)
            leak_seeds.append(_Seed(i, path, run.cl[i], leak=True))
            paths.append(path)
        elif strict:
            _cannot_leak(g, run, asn, key)
    if not leak_seeds:
        return run
    pinned = {s.node for s in seeds} | {s.node for s in leak_seeds}
    extra, shadow = [], {}
    for s in leak_seeds:  # the route as the leaker passes it to its customers: no leak there
        shadow[len(seeds) + len(extra)] = len(seeds) + len(leak_seeds) + len(extra)
        extra.append(_Seed(s.node, s.path, s.cls))
    # The ASes on a leaked path keep their routes: any route the leak creates has them all
    # in its AS path, so they refuse it. Fixing them keeps the three phases loop-free.
    for path in paths:
        for j in range(1, len(path)):
            k = g._idx[path[j]]
            if k not in pinned:
                pinned.add(k)
                extra.append(_Seed(k, path[j:], run.cl[k]))
    return _Run(g, key, seeds + leak_seeds + extra, pol, shadow)


def _cannot_leak(g: ASGraph, run: _Run, asn: int, key: Key) -> None:
    i = g._idx[asn]
    if not run.ln[i]:
        why = "has no route for it"
    elif run.cl[i] == _ORIGIN:
        why = "originates it itself"
    else:
        why = "learned it from a customer, so it announces it to everyone anyway"
    candidates = [
        g._asns[k] for k in range(len(g)) if run.ln[k] and run.cl[k] > _CUSTOMER and g._prov[k]
    ][:3]
    eg = f", e.g. {', '.join(g.label(a) for a in candidates)}" if candidates else ""
    raise ValueError(
        f"leaker: {g.label(asn)} {why} ({_fmt(key)}); allowed: an AS whose route for the "
        f"prefix was learned from a provider or a peer{eg}"
    )


# ------------------------------------------------------------------------------------------
# Scenario set-up shared by routes() and reach()
# ------------------------------------------------------------------------------------------


class _Setup:
    """Events and mitigations checked against a graph."""

    def __init__(self, g: ASGraph, events: Iterable[Event], mitigations: Iterable[RoutePolicy]):
        if isinstance(events, Event):
            events = [events]
        if isinstance(mitigations, RoutePolicy):
            mitigations = [mitigations]
        self.g = g
        self.events = list(events)
        self.pol = _Policy(g, list(mitigations))
        self.added: dict[Key, dict[int, str]] = {}  # prefix → origin → "hijack" | "announce"
        self.withdrawn: dict[Key, set[int]] = {}
        self.leaks: list[tuple[int, Key | None]] = []
        for e in self.events:
            if isinstance(e, Hijack | Announce):
                who = g.asn(e.hijacker if isinstance(e, Hijack) else e.origin, _field(e))
                k = _key("prefix", e.prefix)
                if isinstance(e, Hijack) and who in self.legit(k):
                    raise ValueError(
                        f"hijacker: {g.label(who)} holds {e.prefix} itself; allowed: an AS "
                        "that does not hold the address space (use Announce for the holder)"
                    )
                self.added.setdefault(k, {})[who] = type(e).__name__.lower()
            elif isinstance(e, Leak):
                who = g.asn(e.leaker, "leaker")
                self.leaks.append((who, None if e.prefix is None else _key("prefix", e.prefix)))
            elif not isinstance(e, Withdraw):
                raise ValueError(
                    f"events: got {e!r}; allowed: Withdraw(...), Hijack(...), "
                    "Announce(...), Leak(...)"
                )
        for e in self.events:
            if isinstance(e, Withdraw):
                k = _key("prefix", e.prefix)
                now = self.origins(k)
                gone = now if e.origin is None else {g.asn(e.origin, "origin")}
                if not now or not gone <= now:
                    listed = ", ".join(g.label(a) for a in sorted(now)) or "nobody"
                    raise ValueError(
                        f"prefix: {e.prefix} is not announced by "
                        f"{g.label(next(iter(gone))) if gone else 'anyone'}; allowed: a prefix "
                        f"and one of its origins (it is announced by {listed})"
                    )
                self.withdrawn.setdefault(k, set()).update(gone)

    def legit(self, key: Key) -> set[int]:
        for k in _supernets(key):
            if k in self.g._registry:
                return set(self.g._registry[k])
        return set()

    def origins(self, key: Key) -> set[int]:
        out = set(self.g._registry.get(key, ())) | set(self.added.get(key, {}))
        return out - self.withdrawn.get(key, set())

    def known(self, key: Key) -> bool:
        return key in self.g._registry or key in self.added

    def run(self, key: Key, strict_leaks: bool) -> _Run:
        leakers = []
        for who, k in self.leaks:
            if k is None or k == key:
                leakers.append((who, strict_leaks or k is not None))
        return _compute(self.g, key, self.origins(key), leakers, self.pol)


def _field(e: Event) -> str:
    return "hijacker" if isinstance(e, Hijack) else "origin"


# ------------------------------------------------------------------------------------------
# Control plane: one prefix
# ------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Route:
    """An AS's best route for one prefix: ``path`` runs from the AS to ``origin`` (empty and
    ``learned_from`` "none" when it has no route)."""

    asn: int
    name: str
    prefix: str
    origin: int | None
    path: tuple[int, ...]
    learned_from: str  # "origin", "customer", "peer", "provider" or "none"


class PrefixRoutes:
    """Every AS's best route for one prefix (the control plane).

    >>> r = routes(toy_as_graph(), "10.50.0.0/22")
    >>> r.route("isp-tokyo").path
    (64610, 64503, 64500, 64510, 64551)
    >>> r.route("isp-tokyo").learned_from
    'provider'
    """

    def __init__(self, g: ASGraph, run: _Run) -> None:
        self.graph, self._run = g, run
        self.prefix = _fmt(run.key)

    def route(self, ref: ASRef) -> Route:
        g, run = self.graph, self._run
        asn = g.asn(ref)
        i = g._idx[asn]
        if not run.ln[i]:
            return Route(asn, g.ases[asn].name, self.prefix, None, (), "none")
        path = run.path(i)
        return Route(asn, g.ases[asn].name, self.prefix, path[-1], path, LEARNED[run.cl[i]])

    def path(self, ref: ASRef) -> tuple[int, ...]:
        return self.route(ref).path

    def rows(self) -> list[Route]:
        return [self.route(a) for a in self.graph._asns]

    def origins(self) -> dict[int | None, int]:
        """Origin ASN (None: no route) → how many ASes route to it."""
        out: dict[int | None, int] = {}
        for i, s in enumerate(self._run.sd):
            o = self._run.seeds[s].origin if self._run.ln[i] else None
            out[o] = out.get(o, 0) + 1
        return out

    def __repr__(self) -> str:
        return f"PrefixRoutes({self.prefix}: {self.origins()})"


def routes(
    graph: ASGraph,
    prefix: str,
    events: Iterable[Event] = (),
    mitigations: Iterable[RoutePolicy] = (),
) -> PrefixRoutes:
    """Best route of every AS for one ``prefix``, after ``events`` and with ``mitigations``.

    >>> g = toy_as_graph()
    >>> routes(g, "198.51.100.0/24", [Withdraw("198.51.100.0/24")]).route("isp-lagos").path
    ()
    """
    setup = _Setup(graph, events, mitigations)
    key = _key("prefix", prefix)
    if not setup.known(key):
        close = suggest(_fmt(key), [_fmt(k) for k in graph._registry_sorted[:5000]])
        hint = f" Did you mean {close[0]!r}?" if close else ""
        raise ValueError(
            f"prefix: nobody holds or announces {_fmt(key)}.{hint} Allowed: a registered "
            "prefix (see graph.prefixes()) or one announced by an event"
        )
    return PrefixRoutes(graph, setup.run(key, strict_leaks=True))


# ------------------------------------------------------------------------------------------
# Data plane: where packets for a destination go
# ------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ASOutcome:
    """Where ``asn``'s packets for the destination go: ``outcome`` is "origin" (the rightful
    holder), "via-leak" (the holder, but through a leaked route), "hijacker" or "none";
    ``prefix`` is the announced prefix they follow and ``path`` the AS path."""

    asn: int
    name: str
    kind: str
    city: str | None
    outcome: str
    origin: int | None
    prefix: str | None
    path: tuple[int, ...]
    learned_from: str


class Reachability:
    """Per AS: where its packets for ``destination`` end up, and why (the data plane)."""

    def __init__(self, setup: _Setup, dest: Key, runs: list[_Run], legit: set[int]) -> None:
        self.graph = setup.g
        self.destination = _fmt(dest) if dest[2] < _bits(dest[0]) else _addr(dest)
        self.legit = tuple(sorted(legit))
        self._setup, self._dest, self._runs = setup, dest, runs  # most specific first
        g = self.graph
        n = len(g)
        choice = [-1] * n
        for r, run in enumerate(runs):
            ln = run.ln
            for i in range(n):
                if choice[i] < 0 and ln[i]:
                    choice[i] = r
        self._choice = choice

    def _outcome_of(self, run: _Run, i: int) -> str:
        seed = run.seeds[run.sd[i]]
        if seed.origin not in self.legit:
            return "hijacker"
        if seed.leak and seed.node != i:
            return "via-leak"
        return "origin"

    def row(self, ref: ASRef) -> ASOutcome:
        g = self.graph
        asn = g.asn(ref)
        i = g._idx[asn]
        a = g.ases[asn]
        if asn in self.legit:  # a network reaches its own addresses inside, whatever BGP says
            return ASOutcome(
                asn, a.name, a.kind, a.city, "origin", asn, self.destination, (asn,), "origin"
            )
        r = self._choice[i]
        if r < 0:
            return ASOutcome(asn, a.name, a.kind, a.city, "none", None, None, (), "none")
        run = self._runs[r]
        path = run.path(i)
        return ASOutcome(
            asn,
            a.name,
            a.kind,
            a.city,
            self._outcome_of(run, i),
            path[-1],
            _fmt(run.key),
            path,
            LEARNED[run.cl[i]],
        )

    def outcome(self, ref: ASRef) -> str:
        return self.row(ref).outcome

    def path(self, ref: ASRef) -> tuple[int, ...]:
        return self.row(ref).path

    def rows(self) -> list[ASOutcome]:
        """A tidy table: one row per AS."""
        return [self.row(a) for a in self.graph._asns]

    def to_pandas(self) -> Any:
        """:meth:`rows` as a pandas DataFrame (pandas is optional)."""
        return to_pandas(self.rows())

    def counts(self) -> dict[str, int]:
        """Outcome → number of ASes."""
        out = dict.fromkeys(OUTCOMES, 0)
        legit, asns = set(self.legit), self.graph._asns
        for i, r in enumerate(self._choice):
            if asns[i] in legit:  # as row(): a network reaches its own addresses inside
                out["origin"] += 1
            else:
                out["none" if r < 0 else self._outcome_of(self._runs[r], i)] += 1
        return out

    def by_city(self) -> dict[str, str]:
        """City → outcome for its eyeball ISP (the worst one if a city has several)."""
        worst = {o: k for k, o in enumerate(OUTCOMES)}
        out: dict[str, str] = {}
        for city, asns in self.graph.eyeballs().items():
            out[city] = max((self.outcome(a) for a in asns), key=worst.__getitem__)
        return out

    def summary(self) -> str:
        c = self.counts()
        who = ", ".join(self.graph.label(a) for a in self.legit) or "nobody"
        parts = [f"{c['origin']} reach the origin {who}"]
        if c["via-leak"]:
            parts.append(f"{c['via-leak']} reach it through a leak")
        if c["hijacker"]:
            parts.append(f"{c['hijacker']} reach a hijacker")
        parts.append(f"{c['none']} reach nothing")
        return f"{self.destination}, {len(self.graph)} ASes: " + ", ".join(parts)

    def __repr__(self) -> str:
        return f"Reachability({self.summary()})"

    # --- why ------------------------------------------------------------------------------
    def _offer_outcome(self, run: _Run, k: int, to_customer: bool) -> str:
        seed = run.offered_seed(k, to_customer)
        if seed.origin not in self.legit:
            return "hijacker"
        return "via-leak" if seed.leak else "origin"

    def _offers(self, run: _Run, i: int) -> list[tuple[tuple[int, int, int], str, str | None]]:
        """Routes ``i``'s neighbours offer it, best first: ((class, length, neighbour ASN),
        outcome, why ``i`` drops it or None)."""
        g, pol = self.graph, run.pol
        me = g._asns[i]
        out = []
        for cls, nbrs in ((_CUSTOMER, g._cust[i]), (_PEER, g._peer[i]), (_PROVIDER, g._prov[i])):
            for k in nbrs:
                if not run.ln[k] or (cls != _PROVIDER and not run.exports_to_all(k)):
                    continue
                if me in run.path(k):  # loop prevention
                    continue
                seed = run.offered_seed(k, cls == _PROVIDER)
                dropped = None
                if pol.rov is not None and pol.rov[i] and run.bad[run.seeds.index(seed)]:
                    dropped = "RPKI-invalid"
                elif cls != _PROVIDER and pol.filt is not None and pol.filt[i] and not run.ok[k]:
                    dropped = "not registered to that neighbour: filtered"
                rank = (cls, run.ln[k] + 1, g._asns[k])
                out.append((rank, self._offer_outcome(run, k, cls == _PROVIDER), dropped))
        return sorted(out)

    def why(self, ref: ASRef) -> str:
        """Why ``ref``'s packets for the destination go where they go, in one sentence.

        >>> g = toy_as_graph()
        >>> hijack = Hijack("natel", "10.50.0.0/22")
        >>> print(reach(g, "10.50.0.0/22", [hijack]).why("isp-sydney"))
        AS64611 (isp-sydney) reaches the hijacker AS64999 (natel) via 64611 → 64515 → 64514 →
        64999 because no other route reaches it: upstream, AS64515 (transit-oceania) chose it,
        as both were learned from a provider, and this path is shorter: 3 ASes against 4 via
        AS64500 (atlas)
        """
        g = self.graph
        row = self.row(ref)
        i = g._idx[row.asn]
        me = g.label(row.asn)
        if row.outcome == "none":
            return f"{me} has no route to {self.destination}: {self._why_none(i)}"
        if row.asn in self.legit:
            return f"{me} holds {self.destination} and reaches it inside its own network"
        run = self._runs[self._choice[i]]
        if run.cl[i] == _ORIGIN:
            return f"{me} is the origin of {row.prefix} itself"
        via = _ARROW.join(map(str, row.path))
        if row.outcome == "hijacker":
            head = f"{me} reaches the hijacker {g.label(row.origin)} via {via}"
        elif row.outcome == "via-leak":
            leaker = run.seeds[run.sd[i]].node
            head = (
                f"{me} reaches the origin {g.label(row.origin)} through the leaker "
                f"{g.label(g._asns[leaker])} via {via}"
            )
        else:
            head = f"{me} reaches the origin {g.label(row.origin)} via {via}"
        return f"{head} {self._why_chosen(run, i, row)}"

    def _why_chosen(self, run: _Run, i: int, row: ASOutcome) -> str:
        g = self.graph
        r = self._choice[i]
        for other in self._runs[r + 1 :]:  # longest-prefix match beat a less specific route
            if other.ln[i] and self._outcome_of(other, i) != row.outcome:
                return (
                    f"because a /{run.key[2]} is more specific than the /{other.key[2]} "
                    "(packets follow the most specific route)"
                )
        chosen = (run.cl[i], run.ln[i], row.path[1])
        offers = self._offers(run, i)
        rivals = [rank for rank, outcome, d in offers if outcome != row.outcome and not d]
        dropped = [(rank, d) for rank, outcome, d in offers if outcome != row.outcome and d]
        if run.is_leaker(i):
            reason = f"(learned from its {LEARNED[run.cl[i]]} {g.label(row.path[1])})"
        elif rivals:
            reason = "because " + _compare(g, chosen, rivals[0])
        elif dropped:
            (_, _, nbr), d = dropped[0]
            reason = f"because it drops the competing route from {g.label(nbr)} ({d})"
        elif (up := self._upstream(run, row)) or row.outcome != "origin":
            reason = "because no other route reaches it" + (f": {up}" if up else "")
        else:
            reason = f"(learned from its {LEARNED[run.cl[i]]} {g.label(row.path[1])})"
        notes = [reason]
        for other in self._runs[:r]:  # more specific prefixes it has no route for
            drops = sorted({d for _, _, d in self._offers(other, i) if d})
            if drops:
                notes.append(f"it drops the more specific {_fmt(other.key)} ({drops[0]})")
            else:
                notes.append(f"the more specific {_fmt(other.key)} does not reach it")
        return "; ".join(notes)

    def _upstream(self, run: _Run, row: ASOutcome) -> str:
        """Where along the path the choice was made: the leaker, or the first AS that heard a
        competing route ("" if none did)."""
        g = self.graph
        path = row.path
        for j in range(1, len(path) - 1):
            k = g._idx[path[j]]
            if run.is_leaker(k):
                to = g.rel(path[j], path[j - 1])
                return (
                    f"{g.label(path[j])} leaked it (a route learned from its "
                    f"{LEARNED[run.cl[k]]} {g.label(path[j + 1])}) to its {to} "
                    f"{g.label(path[j - 1])}"
                )
            if run.nh[k] < 0:
                break
            mine = self._outcome_of(run, k)
            rivals = [rank for rank, out, d in self._offers(run, k) if out != mine and not d]
            if rivals:
                chosen = (run.cl[k], run.ln[k], path[j + 1])
                return f"upstream, {g.label(path[j])} chose it, as " + _compare(
                    g, chosen, rivals[0]
                )
        return ""

    def _why_none(self, i: int) -> str:
        g, setup = self.graph, self._setup
        if not self._runs:
            gone = [
                f"{g.label(a)} withdrew {_fmt(k)}"
                for k in sorted(setup.withdrawn)
                if _covers(k, self._dest) or _covers(self._dest, k)
                for a in sorted(setup.withdrawn[k])
            ]
            if gone:
                return f"nobody announces a prefix covering it any more ({', '.join(gone)})"
            return "nobody announces a prefix covering it"
        drops = sorted({d for run in self._runs for _, _, d in self._offers(run, i) if d})
        if drops:
            return f"it drops every announcement it hears ({'; '.join(drops)})"
        return (
            "no neighbour passes it a route (routes learned from a peer or a provider go only "
            "to customers)"
        )


def _addr(key: Key) -> str:
    v, a, _ = key
    return str(ipaddress.IPv4Address(a) if v == 4 else ipaddress.IPv6Address(a))


def _compare(g: ASGraph, chosen: tuple[int, int, int], other: tuple[int, int, int]) -> str:
    c1, l1, n1 = chosen
    c2, l2, n2 = other
    if c1 != c2:
        longer = f", even though it is longer ({l1} ASes against {l2})" if l1 > l2 else ""
        return (
            f"a route learned from a {LEARNED[c1]} beats one learned from a {LEARNED[c2]} "
            f"({g.label(n2)}){longer}: customer > peer > provider"
        )
    if l1 != l2:
        return (
            f"both were learned from a {LEARNED[c1]}, and this path is shorter: {l1} ASes "
            f"against {l2} via {g.label(n2)}"
        )
    return (
        f"both were learned from a {LEARNED[c1]} with {l1}-AS paths, and the tie goes to the "
        f"neighbour with the lower ASN: {n1} < {n2}"
    )


def reach(
    graph: ASGraph,
    destination: str | ASRef,
    events: Iterable[Event] = (),
    mitigations: Iterable[RoutePolicy] = (),
) -> Reachability:
    """Where every AS's packets for ``destination`` go, after ``events`` and with
    ``mitigations``. ``destination`` is an address, a prefix (then the most specific
    announcement inside or covering it that an AS hears decides: at least part of the prefix
    goes there) or an AS (its first prefix). Every announced prefix covering it competes;
    the most specific one an AS has a route for wins (longest-prefix match).

    >>> g = toy_as_graph()
    >>> gone = reach(g, "198.51.100.53", [Withdraw("198.51.100.0/24")])
    >>> gone.counts()["none"] == len(g) - 1  # all but friendbook, inside its own network
    True
    >>> print(gone.why("isp-lagos"))
    AS64607 (isp-lagos) has no route to 198.51.100.53: nobody announces a prefix covering it any
    more (AS64550 (friendbook) withdrew 198.51.100.0/24)
    """
    setup = _Setup(graph, events, mitigations)
    dest = _destination(graph, destination)
    legit = setup.legit(dest)
    if not legit:
        raise ValueError(
            f"destination: {_fmt(dest)} is not inside any registered prefix; allowed: an "
            "address or prefix inside one of graph.prefixes(), or an AS name"
        )
    keys = {k for k in _supernets(dest) if setup.known(k)}
    keys.update(graph._registered_inside(dest))
    keys.update(k for k in setup.added if _covers(dest, k))
    runs = [setup.run(k, strict_leaks=False) for k in sorted(keys, key=lambda k: -k[2])]
    runs = [r for r in runs if r.seeds]
    return Reachability(setup, dest, runs, legit)


def _destination(g: ASGraph, destination: object) -> Key:
    if isinstance(destination, str):
        try:
            net = ipaddress.ip_network(destination.strip(), strict=False)
        except ValueError:
            net = None
        if net is not None:
            if "/" in destination:
                _parse_net("destination", destination)  # host bits set: say so
            return (net.version, int(net.network_address), net.prefixlen)
    if isinstance(destination, int | str) and not isinstance(destination, bool):
        a = g.ases[g.asn(destination, "destination")]
        if not a.prefixes:
            raise ValueError(
                f"destination: {a.label} originates no prefix; allowed: an address, a prefix, "
                "or an AS with prefixes"
            )
        return _key("destination", a.prefixes[0])
    raise ValueError(
        f"destination: got {destination!r}; allowed: an address like '203.0.113.7', a prefix "
        "like '203.0.113.0/24', or an AS name"
    )


# ------------------------------------------------------------------------------------------
# The toy internet's ASes
# ------------------------------------------------------------------------------------------

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
    # companies with their own network: apps, and (friendbook) its own authoritative DNS
    (64550, "friendbook", "content", None, ("203.0.113.0/24", "198.51.100.0/24")),
    (64551, "streamflix", "content", None, ("10.50.0.0/22",)),
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


# ------------------------------------------------------------------------------------------
# Internet-sized graphs
# ------------------------------------------------------------------------------------------

_MAX_SYNTHETIC = 140_000


def _synthetic_prefix(k: int) -> str:
    """A distinct prefix for the k-th AS: /24s of 10/8, then 100.64/10, then 2001:db8::/32."""
    if k < 65536:
        return f"10.{k >> 8}.{k & 255}.0/24"
    k -= 65536
    if k < 16384:
        return f"100.{64 + (k >> 8)}.{k & 255}.0/24"
    k -= 16384
    return f"2001:db8:{k:x}::/48"


def synthetic_as_graph(n: int = 1000, seed: int = 0) -> ASGraph:
    """An internet-like AS graph of ``n`` ASes, the same for the same ``seed``: a clique of
    tier-1s (up to 17), regional transit (about 13%) bought from tier-1s and larger transit
    with preferential attachment (a few become huge), and stubs (about 85%), mostly
    multi-homed. Transit ASes peer with each other and some stubs peer at exchange points.
    Every AS holds one prefix.

    >>> g = synthetic_as_graph(500, seed=1)
    >>> len(g), len(g.of_kind("tier-1")), g.n_c2p > 500
    (500, 8, True)
    """
    if isinstance(n, bool) or not isinstance(n, int) or not 10 <= n <= _MAX_SYNTHETIC:
        raise ValueError(f"n: got {n!r}; allowed: a whole number from 10 to {_MAX_SYNTHETIC:,}")
    if isinstance(seed, bool) or not isinstance(seed, int):
        raise ValueError(f"seed: got {seed!r}; allowed: a whole number")
    rng = random.Random(seed)
    n_t1 = max(2, min(17, n // 60))
    n_transit = max(2, round(0.13 * n))
    asns = rng.sample(range(1, 400_000), n)
    t1 = range(n_t1)
    transit = range(n_t1, n_t1 + n_transit)
    links: set[tuple[int, int]] = set()
    c2p: list[tuple[int, int]] = []
    p2p: list[tuple[int, int]] = []

    def link(a: int, b: int) -> bool:
        pair = (a, b) if a < b else (b, a)
        if pair in links:
            return False
        links.add(pair)
        return True

    # preferential attachment: a provider appears once, plus once per customer it has won
    pool = [i for i in t1 for _ in range(3)]

    def pick_providers(count: int) -> set[int]:
        chosen: set[int] = set()
        tries = 0
        while len(chosen) < count and tries < 20:
            chosen.add(pool[rng.randrange(len(pool))])
            tries += 1
        return chosen

    for a in t1:
        for b in t1:
            if a < b:
                link(a, b)
                p2p.append((a, b))

    def draw(table: tuple[tuple[float, int], ...]) -> int:
        x = rng.random()
        for cum, value in table:
            if x < cum:
                return value
        return table[-1][1]

    for i in transit:
        count = draw(((0.3, 1), (0.8, 2), (1.0, 3)))
        for p in sorted(pick_providers(count)):
            link(i, p)
            c2p.append((i, p))
            pool.append(p)
        pool.append(i)
    for i in range(n_t1 + n_transit, n):
        count = draw(((0.35, 1), (0.8, 2), (1.0, 3)))
        for p in sorted(pick_providers(count)):
            link(i, p)
            c2p.append((i, p))
            pool.append(p)
    # peering: transit with transit, and some stubs (content) at exchange points
    transit_list = list(transit)
    for i in transit:
        for _ in range(draw(((0.15, 0), (0.3, 1), (0.45, 2), (0.6, 3), (0.75, 5), (1.0, 10)))):
            j = transit_list[rng.randrange(len(transit_list))]
            if j != i and link(i, j):
                p2p.append((i, j))
    for i in range(n_t1 + n_transit, n):
        if rng.random() < 0.1:  # content networks and others at exchange points
            for _ in range(rng.randint(1, 8)):
                j = transit_list[rng.randrange(len(transit_list))]
                if link(i, j):
                    p2p.append((i, j))
    ases = {}
    for k, asn in enumerate(asns):
        kind = "tier-1" if k < n_t1 else "transit" if k < n_t1 + n_transit else "stub"
        ases[asn] = _unchecked_as(asn, f"{kind}-{asn}", kind, (_synthetic_prefix(k),))
    return ASGraph._trusted(
        ases,
        [(asns[a], asns[b]) for a, b in c2p],
        [(asns[a], asns[b]) for a, b in p2p],
    )
