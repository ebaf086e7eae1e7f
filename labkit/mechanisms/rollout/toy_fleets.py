"""The toy internet's fleets: EdgeFast's edge servers, the dominant cloud's compute hosts and an
endpoint-security agent on companies' own machines (:func:`toy_fleets`)."""

from __future__ import annotations

from ...internet import Internet, build_internet
from .fleet import Fleet, Unit

__all__ = ["toy_fleets"]

_CUSTOMERS = ("airline", "bank", "hospital", "broadcaster", "retailer", "rail operator")


def _agent_customers(internet: Internet) -> list[str]:
    """Who runs the agent: companies with their own data centres (self-hosted services), or
    stand-in customers in a world without any."""
    own = [s.id for s in internet.services.values() if s.self_hosted]
    return own or list(_CUSTOMERS)


def toy_fleets(internet: Internet | None = None) -> dict[str, Fleet]:
    """Fleets of the toy internet (default: ``build_internet(0)``), all on config "v1":

    - "edgefast": EdgeFast's edge servers, 4 in each of the world's 12 cities (group: city);
    - "nimbus-compute": 8 compute hosts in each region of the dominant cloud (group: region);
    - "bulwark-agent": the Bulwark endpoint-security agent on 10 machines at each company that
      runs its own data centre (group: the self-hosted service), the kind of fleet CrowdStrike's
      July 2024 update hit.

    >>> fleets = toy_fleets()
    >>> {k: (f.size, len(f.groups)) for k, f in fleets.items()}
    {'edgefast': (48, 12), 'nimbus-compute': (32, 4), 'bulwark-agent': (80, 8)}
    >>> fleets["nimbus-compute"].groups[0]
    'nimbus-us-east'

    A CrowdStrike-like day: pushed to every machine at 04:09, reverted 78 min later; each
    customer's IT team repairs its 10 machines by hand, an hour each:

    >>> from labkit.clock import fmt_time
    >>> from labkit.mechanisms.rollout import ConfigVersion, GlobalPush, push
    >>> bad = ConfigVersion("291", effect="crash", recovery=60)
    >>> r = push(fleets["bulwark-agent"], bad, GlobalPush(revert_after=78), "04:09")
    >>> r.share_healthy("05:26"), r.share_healthy("10:27"), fmt_time(r.recovered_at)
    (0.0, 0.5, '15:27')
    """
    if internet is None:
        internet = build_internet(0)
    cloud = internet.dominant_provider()
    return {
        "edgefast": Fleet.from_groups(
            "EdgeFast edge",
            {city: 4 for city in internet.cities},
            what="EdgeFast's CDN edge servers: caches near users, one location per city",
        ),
        "nimbus-compute": Fleet(
            f"{cloud.name} compute",
            tuple(Unit(f"{r}-host-{i}", r) for r in cloud.regions for i in range(1, 9)),
            what=f"{cloud.name}'s compute hosts (and the control-plane service on them), "
            "per region",
        ),
        "bulwark-agent": Fleet.from_groups(
            "Bulwark agent",
            {c: 10 for c in _agent_customers(internet)},
            what="an endpoint-security agent with a kernel driver, on customers' machines",
        ),
    }
