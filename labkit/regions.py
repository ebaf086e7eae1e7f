"""Regional failures: which zones and building blocks a failure takes out, and multi-region
deployments (the ``MultiRegion`` mitigation). Pure functions of the world and the time."""

from __future__ import annotations

import dataclasses

from .failures import Failure, RegionOutage, ZoneOutage
from .internet import Internet, Service
from .states import DEGRADED, DOWN, OK, Cause, Hit

__all__ = ["region_hits", "zone_coverage", "with_second_region"]


def region_hits(internet: Internet, failures: tuple[Failure, ...]) -> list[Hit]:
    """Zones and blocks that region and zone outages put down directly, and when."""
    hits: list[Hit] = []
    for f in failures:
        cause = Cause("failure", f"of the failure: {f.describe()}", root=f)
        if isinstance(f, RegionOutage):
            targets = (
                [f"{f.region}/{kind}" for kind in f.blocks]
                if f.blocks
                else list(internet.regions[f.region].zones)
            )
        elif isinstance(f, ZoneOutage):
            targets = [f.zone]
        else:
            continue
        hits += [Hit(f.start_min, f.fixed_min, t, DOWN, cause) for t in targets]
    return hits


def zone_coverage(
    zones: tuple[str, ...], state: dict[str, int], causes: dict[str, Cause], what: str
) -> tuple[int, Cause | None]:
    """State of something spread over ``zones``: down if all are down, degraded if some are."""
    down = [z for z in zones if state.get(z, OK) == DOWN]
    if not down:
        return OK, None
    root = causes[down[0]].root
    if len(down) == len(zones):
        every = (
            "the only zone"
            if len(zones) == 1
            else ("both zones" if len(zones) == 2 else f"all {len(zones)} zones")
        )
        text = f"{every} {what} runs in {'is' if len(zones) == 1 else 'are'} down, e.g. {down[0]}"
        return DOWN, Cause("zones", text, via=down[0], root=root)
    text = f"{len(down)} of the {len(zones)} zones {what} runs in are down ({', '.join(down)})"
    return DEGRADED, Cause("zones", text, via=down[0], root=root)


def with_second_region(internet: Internet, services: tuple[str, ...] | None) -> Internet:
    """A copy of ``internet`` where the named (default: all cloud-hosted) services that run in a
    single region also run in the provider's next region, with active-passive failover."""
    chosen = set(services) if services is not None else set(internet.services)
    new: dict[str, Service] = {}
    for sid, s in internet.services.items():
        if sid in chosen and len(s.regions) == 1:
            region = internet.regions[s.regions[0]]
            options = [r for r in internet.providers[region.provider].regions if r != region.id]
            if options:
                second = options[0]
                nz = min(s.zones_used, len(internet.regions[second].zones))
                s = dataclasses.replace(
                    s, regions=(region.id, second), failover="active-passive", zones_used=nz
                )
        new[sid] = s
    return dataclasses.replace(internet, services=new)
