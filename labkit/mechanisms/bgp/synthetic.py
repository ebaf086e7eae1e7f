"""Internet-sized AS graphs, generated: for benchmarks and for exploring at scale."""

from __future__ import annotations

import random

from ...validate import check_count, check_seed
from .graph import AS, ASGraph

__all__ = ["synthetic_as_graph"]


_MAX_SYNTHETIC = 140_000


def _unchecked_as(asn: int, name: str, kind: str, prefixes: tuple[str, ...]) -> AS:
    """An AS built without validation, for generated graphs of many thousands of ASes."""
    a = object.__new__(AS)
    for k, v in (("asn", asn), ("name", name), ("kind", kind), ("city", None)):
        object.__setattr__(a, k, v)
    object.__setattr__(a, "prefixes", prefixes)
    return a


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
    check_count("n", n, 10, _MAX_SYNTHETIC, f"a whole number from 10 to {_MAX_SYNTHETIC:,}")
    check_seed("seed", seed)
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
