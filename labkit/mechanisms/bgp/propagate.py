"""Route computation for one prefix: the three phases of valley-free propagation.

Each AS picks one best route per prefix the way real networks do (Gao–Rexford): a route learned
from a customer beats one from a peer, which beats one from a provider; then the shorter AS
path; then the neighbour with the lower ASN. It passes routes learned from customers (and its
own prefixes) to everyone, but routes learned from peers or providers only to its customers
("valley-free" export). So routes spread in three phases: up the customer→provider links, one
hop across peer links, then down the provider→customer links. Several seeds (origins, hijackers,
leakers) may compete; mitigations (:class:`Policy`) make some ASes refuse some announcements.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from .events import OriginValidation, RouteFilter, RoutePolicy
from .graph import ASGraph
from .prefixes import Key, format_prefix, prefix_key, supernets

__all__ = [
    "CUSTOMER",
    "LEARNED",
    "ORIGIN",
    "PEER",
    "PROVIDER",
    "Policy",
    "Run",
    "Seed",
    "compute",
]

#: Where a route was learned, in order of preference (own prefix first).
LEARNED = ("origin", "customer", "peer", "provider")
#: Indices into :data:`LEARNED`: a route's class (lower is preferred).
ORIGIN, CUSTOMER, PEER, PROVIDER = 0, 1, 2, 3


@dataclass(frozen=True)
class Seed:
    node: int  # index of the AS whose route is fixed
    path: tuple[int, ...]  # its AS path (ASNs, from itself to the origin)
    cls: int  # where it learned it: ORIGIN, CUSTOMER, PEER or PROVIDER
    leak: bool = False  # a leaker: exports to everyone whatever cls is

    @property
    def origin(self) -> int:
        return self.path[-1]


class Policy:
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
                        k = prefix_key("roas", r.prefix)
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
        for k in supernets(key):
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
        for k in supernets(key):
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


class Run:
    """Best routes of every AS for one prefix: path length ``ln`` (0: no route), class ``cl``,
    next hop ``nh`` (-1 at a seed) and the seed ``sd`` the route comes from."""

    def __init__(
        self,
        g: ASGraph,
        key: Key,
        seeds: list[Seed],
        pol: Policy,
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
        return self.cl[i] <= CUSTOMER or self.is_leaker(i)

    def is_leaker(self, i: int) -> bool:
        return self.nh[i] < 0 and self.seeds[self.sd[i]].leak

    def offered_seed(self, k: int, to_customer: bool) -> Seed:
        """The seed of the route ``k`` offers a neighbour (a leaker offers its customers its
        route as usual, not as a leak)."""
        s = self.sd[k]
        if to_customer and self.nh[k] < 0 and s in self.shadow:
            s = self.shadow[s]
        return self.seeds[s]


def _propagate(
    g: ASGraph,
    seeds: list[Seed],
    bad: list[bool],
    pol: Policy,
    ok: list[bool] | None,
    shadow: dict[int, int],
) -> tuple[list[int], list[int], list[int], list[int]]:
    n = len(g)
    prov, cust, peer = g._prov, g._cust, g._peer
    ln = [0] * n
    cl = [PROVIDER] * n  # whatever is set in phase 3 was learned from a provider
    nh = [-1] * n
    sd = [-1] * n
    rov, filt = pol.rov, pol.filt
    # closed[s]: the ASes that refuse seed s's announcement (RPKI-invalid there), or None
    closed = [rov if b else None for b in bad]

    up: list[list[int]] = [[]]
    shadows = set(shadow.values())
    for k, seed in enumerate(seeds):
        if k in shadows:
            continue
        i, length = seed.node, len(seed.path)
        ln[i], cl[i], sd[i] = length, seed.cls, k
        if seed.cls <= CUSTOMER or seed.leak:
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
                            ln[p], cl[p], nh[p], sd[p] = nxt_len, CUSTOMER, u, s
                            nxt.append(p)
                else:
                    for p in prov[u]:
                        if ln[p] or (b1 is not None and b1[p]) or (b2 is not None and b2[p]):
                            continue
                        ln[p], cl[p], nh[p], sd[p] = nxt_len, CUSTOMER, u, s
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
        ln[v], cl[v], nh[v], sd[v] = best_len[v], PEER, u, sd[u]

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


def compute(
    g: ASGraph,
    key: Key,
    origins: Iterable[int],
    leakers: Sequence[tuple[int, bool]],
    pol: Policy,
) -> Run:
    """Routes for one prefix announced by ``origins``; ``leakers`` are (asn, strict) pairs: a
    strict leaker that cannot leak this prefix is an error, a lax one is skipped."""
    seeds = [Seed(g._idx[o], (o,), ORIGIN) for o in sorted(set(origins))]
    run = Run(g, key, seeds, pol)
    if not leakers:
        return run
    leak_seeds: list[Seed] = []
    paths = []
    for asn, strict in leakers:
        i = g._idx[asn]
        if run.ln[i] and run.cl[i] > CUSTOMER:
            path = run.path(i)
            leak_seeds.append(Seed(i, path, run.cl[i], leak=True))
            paths.append(path)
        elif strict:
            _cannot_leak(g, run, asn, key)
    if not leak_seeds:
        return run
    pinned = {s.node for s in seeds} | {s.node for s in leak_seeds}
    extra: list[Seed] = []
    shadow: dict[int, int] = {}
    for seed in leak_seeds:  # the route as the leaker passes it to its customers: no leak there
        shadow[len(seeds) + len(extra)] = len(seeds) + len(leak_seeds) + len(extra)
        extra.append(Seed(seed.node, seed.path, seed.cls))
    # The ASes on a leaked path keep their routes: any route the leak creates has them all
    # in its AS path, so they refuse it. Fixing them keeps the three phases loop-free.
    for path in paths:
        for j in range(1, len(path)):
            k = g._idx[path[j]]
            if k not in pinned:
                pinned.add(k)
                extra.append(Seed(k, path[j:], run.cl[k]))
    return Run(g, key, seeds + leak_seeds + extra, pol, shadow)


def _cannot_leak(g: ASGraph, run: Run, asn: int, key: Key) -> None:
    i = g._idx[asn]
    if not run.ln[i]:
        why = "has no route for it"
    elif run.cl[i] == ORIGIN:
        why = "originates it itself"
    else:
        why = "learned it from a customer, so it announces it to everyone anyway"
    candidates = [
        g._asns[k] for k in range(len(g)) if run.ln[k] and run.cl[k] > CUSTOMER and g._prov[k]
    ][:3]
    eg = f", e.g. {', '.join(g.label(a) for a in candidates)}" if candidates else ""
    raise ValueError(
        f"leaker: {g.label(asn)} {why} ({format_prefix(key)}); allowed: an AS whose route for the "
        f"prefix was learned from a provider or a peer{eg}"
    )
