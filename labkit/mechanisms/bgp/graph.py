"""The AS graph: autonomous systems (:class:`AS`) and their business relationships
(:class:`ASGraph`): customer and provider, or peers. Also the registry of who holds which
prefix, and a networkx view of it all.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cached_property
from typing import Any

import networkx as nx

from ...validate import check_choice, short, suggest
from .prefixes import Key, format_prefix, parse_prefix, prefix_bits, prefix_key, supernets

__all__ = ["AS", "AS_KINDS", "ASGraph", "ASRef"]

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

ASRef = int | str  # an ASN, an AS name or "AS64500"


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
        canon = tuple(str(parse_prefix("prefixes", p)) for p in self.prefixes)
        object.__setattr__(self, "prefixes", canon)

    @property
    def label(self) -> str:
        return f"AS{self.asn} ({self.name})"


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
            for x, y in pairs:
                if x == y:
                    raise ValueError(f"{what}: got a link from AS{x} to itself; allowed: two ASes")
                pair = (min(x, y), max(x, y))
                if pair in seen:
                    raise ValueError(
                        f"{what}: the link AS{x}–AS{y} is listed twice (also in "
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
        i = min(left)
        trail: list[int] = []
        pos: dict[int, int] = {}
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

        >>> ASGraph([AS(64605, "isp-paris", "eyeball")]).asn("isp-pars")
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
                reg.setdefault(prefix_key("prefixes", p), []).append(a.asn)
        return reg

    @cached_property
    def _registry_sorted(self) -> list[Key]:
        return sorted(self._registry)

    def prefixes(self) -> dict[str, list[int]]:
        """Every registered prefix → the ASes that hold (and normally announce) it."""
        return {format_prefix(k): list(v) for k, v in sorted(self._registry.items())}

    def holders(self, prefix: str) -> list[int]:
        """ASes holding the most specific registered prefix covering ``prefix`` (or [])."""
        for k in supernets(prefix_key("prefix", prefix)):
            if k in self._registry:
                return list(self._registry[k])
        return []

    def _registered_inside(self, key: Key) -> list[Key]:
        v, a, n = key
        lo = bisect.bisect_left(self._registry_sorted, (v, a, n))
        hi = bisect.bisect_left(self._registry_sorted, (v, a + (1 << (prefix_bits(v) - n)), 0))
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
