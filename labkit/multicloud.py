"""Multi-cloud: a standby copy of each service on a *second provider*, not just a second region.

A :class:`MultiCloud` mitigation gives every named service (default: every app and SaaS on a
cloud) a second region at another provider, the one with the largest market share, in its
main region, with health-checked active-passive failover. Unlike
:class:`~labkit.failures.MultiRegion` it survives failures that hit a whole provider at once,
such as a bad config pushed to every region's compute hosts.

>>> import labkit
>>> net = labkit.build_internet(0)
>>> MultiCloud().apply(net).services["signonce"].regions
('nimbus-us-east', 'stratus-us-central')
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

from .failures import Mitigation
from .internet import Internet
from .validate import check_choice, check_names

__all__ = ["MultiCloud"]


@dataclass(frozen=True)
class MultiCloud(Mitigation):
    """Run the named services (default: every service on a cloud that runs on one provider) also
    in the largest other provider's main region; a service without failover gets active-passive
    failover, one with failover keeps its own."""

    services: tuple[str, ...] | None = None

    def __post_init__(self) -> None:
        if self.services is not None:
            names = check_names("services", self.services, example="['signonce']")
            object.__setattr__(self, "services", names)

    def validate(self, internet: Internet) -> None:
        for s in self.services or ():
            check_choice("services", s, internet.services)

    def apply(self, internet: Internet) -> Internet:
        chosen = set(self.services) if self.services is not None else set(internet.services)
        new = {}
        for sid, s in internet.services.items():
            providers = {internet.regions[r].provider for r in s.regions}
            if sid in chosen and len(providers) == 1:
                own = next(iter(providers))
                others = [p for p in internet.providers.values() if p.id != own]
                other = max(others, key=lambda p: (p.share, p.id))
                second = other.regions[0]
                nz = min(s.zones_used, len(internet.regions[second].zones))
                mode = s.failover if s.failover != "none" else "active-passive"
                s = dataclasses.replace(
                    s, regions=(*s.regions, second), failover=mode, zones_used=nz
                )
            new[sid] = s
        return dataclasses.replace(internet, services=new)
