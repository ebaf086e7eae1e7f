"""Load on a provider's name servers, per point of presence: queries per minute from resolvers'
refreshes and retries and from attack traffic, and the chance that one attempt is lost, solved
self-consistently (more lost attempts, more retries, more load, more lost attempts)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from ...clock import fmt_time
from .failures import AuthoritativeDDoS, AuthoritativeOutage, DNSFailure
from .world import DNSWorld

__all__ = ["BothFail", "PopLoad", "ProviderLoad", "provider_load"]

_SWEEPS = 200
_TOLERANCE = 1e-12


def _solve(loss_at: Callable[[float], float]) -> float:
    """The smallest ``x`` in [0, 1] with ``loss_at(x) == x`` found by bisection, from
    ``loss_at(0) >= 0`` and ``loss_at(1) <= 1``: the loss that the load it causes gives back.

    It stops early once the midpoint is one of the ends (``lo`` and ``hi`` are neighbouring
    floats): ``loss_at(lo) > lo`` and ``loss_at(hi) <= hi`` hold throughout, so every further
    step would keep both ends as they are.

    >>> _solve(lambda x: 0.25 + 0.5 * x)  # x = 1/4 + x/2 at x = 1/2
    0.5
    >>> _solve(lambda x: 0.0)  # no loss at no loss
    0.0
    """
    if loss_at(0.0) <= 0:
        return 0.0
    lo, hi = 0.0, 1.0
    for _ in range(100):
        mid = (lo + hi) / 2
        if mid == lo or mid == hi:
            break
        lo, hi = (mid, hi) if loss_at(mid) > mid else (lo, mid)
    return (lo + hi) / 2


@dataclass(frozen=True)
class PopLoad:
    """One point of presence of a provider (the one serving ``area``): its share of the
    capacity, its resolvers' normal queries, the attack traffic on it, the load (queries per
    minute, retries included) and ``loss``, the chance that one attempt sent there is lost."""

    area: str
    capacity: float
    normal: float
    attack: float
    load: float
    loss: float


@dataclass(frozen=True)
class ProviderLoad:
    """Queries per minute reaching ``provider``, per point of presence (``pops``), and the
    chance that one query attempt is lost.

    The model, per point of presence *k* (one per area of :meth:`DNSWorld.areas`):

    - **Capacity.** The provider's ``capacity`` is split over its points of presence in
      proportion to their normal load (each has the same headroom).
    - **Attempts.** A point of presence that gets ``load`` queries a minute answers
      ``capacity_k`` of them, picked at random: an attempt is lost with probability
      ``p_k = max(0, 1 - capacity_k / load_k)``. A resolver sends a lookup up to
      ``1 + retries`` times, each attempt an independent draw, so the lookup fails with
      probability ``q = p^(1 + retries)`` and takes ``(1 - q) / (1 - p)`` attempts on average.
    - **Lookups.** A resolver looks a name up again when its answer's TTL (``T`` minutes) runs
      out, and a minute after a failed lookup: ``1 / ((1 - q)·T + q)`` lookups a minute. Failing
      lookups are not cached, so a failing name costs far more queries than a cached one.
    - **Self-consistency.** ``load_k`` = attack traffic on *k* + the resolvers' lookups × their
      attempts, which depend on ``p_k``: the ``p_k`` reported solves
      ``p_k = 1 - capacity_k / load_k(p_k)`` (by bisection, each point of presence in turn
      until none moves). Resolvers of an area send to its point of presence; those with nodes
      everywhere (``area`` None) spread their lookups over all alike and lose the mean ``p``.

    ``load``, ``normal``, ``attack`` and ``capacity`` are totals over the points of presence;
    ``fail_share`` is the share of all attempts that are lost. ``unreachable``: an
    :class:`AuthoritativeOutage` is on (every attempt is lost). A steady state per stretch of
    time: the minutes the load takes to settle after a change are not modelled.
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
    pops: tuple[PopLoad, ...] = ()

    def loss(self, area: str | None = None) -> float:
        """The chance that one attempt of a resolver in ``area`` (None: nodes everywhere) is
        lost."""
        if self.unreachable:
            return 1.0
        if not self.pops:
            return self.fail_share
        for pop in self.pops:
            if pop.area == area:
                return pop.loss
        return sum(p.loss for p in self.pops) / len(self.pops)

    def lookup_failure(self, area: str | None = None) -> float:
        """The chance that a lookup (``1 + retries`` attempts) of a resolver in ``area`` fails."""
        return self.loss(area) ** (1 + self.retries)

    def text(self, area: str | None = None) -> str:
        """Why queries to this provider fail, for explanations (of a resolver in ``area``)."""
        p = self.provider
        if self.unreachable:
            out = next(c for c in self.causes if isinstance(c, AuthoritativeOutage))
            return f"the authoritative servers cannot be reached: {out.describe()}"
        pops = [x for x in self.pops if x.area == area] or [x for x in self.pops if x.loss > 0]
        if len(pops) == 1:
            x = pops[0]
            where, load, cap, attack = f"{p}'s {x.area} servers", x.load, x.capacity, x.attack
        else:
            where, load, cap, attack = p, self.load, self.capacity, self.attack
        attempts = 1 + self.retries
        tail = (
            f"{load:.0f} queries/min for a capacity of {cap:.0f}, so {self.loss(area):.0%} of "
            f"attempts are lost and a lookup fails when all {attempts} are "
            f"({self.lookup_failure(area):.0%} of lookups), this one among them"
        )
        if self.attack:
            ddos = [c for c in self.causes if isinstance(c, AuthoritativeDDoS)]
            since = fmt_time(min(c.start_min for c in ddos))
            return (
                f"{where} are overloaded since {since}: a DDoS on {p} ({attack / cap:.3g}× "
                f"their capacity) plus recursive resolvers' retries ({self.retries} per query, "
                f"and failed lookups are retried every minute instead of cached) make {tail}"
            )
        return (
            f"{where} are overloaded: refreshes of short-TTL names ({self.normal:.0f} "
            f"queries/min) plus resolvers' retries ({self.retries} per query) make {tail}"
        )


@dataclass(frozen=True)
class BothFail:
    """A name's primary and secondary providers both fail this resolver's lookup: what the
    cache keeps as its failed fetch (like a :class:`ProviderLoad`: ``causes`` and ``text``)."""

    # a ProviderLoad, or anything that answers like one (loss, text, causes, provider,
    # retries), e.g. a resolver's lost route to the servers
    primary: Any
    secondary: Any

    @property
    def causes(self) -> tuple[DNSFailure, ...]:
        return self.primary.causes + self.secondary.causes

    def text(self, area: str | None = None) -> str:
        return (
            f"{self.primary.text(area)}; its secondary provider {self.secondary.provider} fails "
            f"it too ({self.secondary.text(area)})"
        )


def _attempts(p: float, retries: int) -> tuple[float, float]:
    """(chance a lookup fails, mean attempts per lookup) for attempt loss ``p``."""
    q = p ** (1 + retries)
    return q, (1 + retries if p >= 1 else (1 - q) / (1 - p))


def provider_load(
    world: DNSWorld, pid: str, active: list[DNSFailure], retries: int
) -> ProviderLoad:
    """The load on ``pid`` while the failures ``active`` are on (see :class:`ProviderLoad`);
    ``retries``: resolvers' retries per query when no active DDoS says otherwise."""
    prov = world.providers[pid]
    cap = prov.capacity
    normal = world.normal_load(pid)
    ddos = [e for e in active if isinstance(e, AuthoritativeDDoS)]
    outages = [e for e in active if isinstance(e, AuthoritativeOutage)]
    if ddos:
        retries = max(e.retries for e in ddos)
    both: list[DNSFailure] = [*ddos, *outages]
    causes = tuple(sorted(both, key=lambda e: (e.start_min, e.fixed_min, repr(e))))
    areas = world.areas()
    n_areas = len(areas)
    # lookups per minute of one resolver, per name's TTL in minutes: what each area sends
    ttls = [r.ttl / 60 for r in world.records.values() if pid in (r.provider, r.secondary)]
    n_local = {a: 0 for a in areas}
    n_everywhere = 0
    for res in world.resolvers.values():
        if res.area is None or res.area not in n_local:
            n_everywhere += 1
        else:
            n_local[res.area] += 1
    per_res = sum(1 / t for t in ttls)
    normals = {a: (n_local[a] + n_everywhere / n_areas) * per_res for a in areas}
    caps = {
        a: cap * (normals[a] / normal if normal else 1 / n_areas) for a in areas
    }  # fmt: skip
    attack = {a: 0.0 for a in areas}
    for e in ddos:
        hit = list(e.pops) if e.pops else areas
        hit_cap = sum(caps[a] for a in hit)
        for a in hit:
            attack[a] += e.attack * cap * caps[a] / hit_cap

    def spread_of(p: list[float]) -> float:  # what resolvers with nodes everywhere send a pop
        q_all, att_all = _attempts(sum(p) / n_areas, retries)
        return n_everywhere / n_areas * att_all * sum([1 / ((1 - q_all) * t + q_all) for t in ttls])

    def local_of(a: str, x: float) -> float:  # what the resolvers of area a send
        q, att = _attempts(x, retries)
        return n_local[a] * att * sum([1 / ((1 - q) * t + q) for t in ttls])

    def loads(p: dict[str, float]) -> dict[str, float]:
        spread = spread_of(list(p.values()))
        return {a: attack[a] + local_of(a, p[a]) + spread for a in areas}

    if outages:
        p = {a: 1.0 for a in areas}
    elif not ddos and normal <= cap:
        p = {a: 0.0 for a in areas}
    else:
        p = {a: 0.0 for a in areas}
        for _ in range(_SWEEPS):  # each point of presence in turn, the others held
            before = dict(p)
            for i, a in enumerate(areas):
                held = list(p.values())

                def loss_at(x: float, a: str = a, i: int = i, held: list[float] = held) -> float:
                    held[i] = x  # only pop a's load: the others' do not depend on x
                    return max(0.0, 1 - caps[a] / (attack[a] + local_of(a, x) + spread_of(held)))

                p[a] = _solve(loss_at)
            if max(abs(p[a] - before[a]) for a in areas) < _TOLERANCE:
                break
    load = loads(p)
    pops = tuple(
        PopLoad(a, caps[a], normals[a], attack[a], load[a], p[a]) for a in areas
    )  # fmt: skip
    total = sum(load.values())
    answered = sum(min(load[a], caps[a]) for a in areas) if not outages else 0.0
    share = 1 - answered / total if total else 0.0
    return ProviderLoad(
        pid, normal, sum(attack.values()), retries, total, cap, share, bool(outages), causes, pops
    )
