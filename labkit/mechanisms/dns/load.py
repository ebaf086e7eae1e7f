"""Load on a provider's name servers: queries per minute from resolvers' refreshes, attack
traffic and retries, and the share of queries it cannot answer."""

from __future__ import annotations

from dataclasses import dataclass

from ...clock import fmt_time
from .failures import AuthoritativeDDoS, AuthoritativeOutage, DNSFailure
from .world import DNSWorld

__all__ = ["ProviderLoad", "provider_load"]


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


def provider_load(
    world: DNSWorld, pid: str, active: list[DNSFailure], retries: int
) -> ProviderLoad:
    prov = world.providers[pid]
    cap = prov.capacity
    normal = world.normal_load(pid)
    ddos = [e for e in active if isinstance(e, AuthoritativeDDoS)]
    outages = [e for e in active if isinstance(e, AuthoritativeOutage)]
    attack = sum(e.attack for e in ddos) * cap
    both: list[DNSFailure] = [*ddos, *outages]
    causes = tuple(sorted(both, key=lambda e: (e.start_min, e.fixed_min, repr(e))))
    if outages:
        load, share = attack + normal * (1 + retries), 1.0
    elif attack + normal <= cap:
        load, share = attack + normal, 0.0
    else:
        load = attack + normal * (1 + retries)
        share = 1 - cap / load
    return ProviderLoad(pid, normal, attack, retries, load, cap, share, bool(outages), causes)
