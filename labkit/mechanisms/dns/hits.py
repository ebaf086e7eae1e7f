"""What DNS failures feed the engine: while a component's resolver has no usable answer for a
name, that component cannot reach what the name points to; while most users of a city cannot
resolve an app's name, that city's users cannot reach the app."""

from __future__ import annotations

from ...internet import Internet
from ...scenario import EngineOptions, Scenario
from ...states import Hit
from .failures import DNSFailure
from .resolve import resolve_timeline
from .routes import cut_off_hits, rooted, routes_lost
from .toy import toy_dns

__all__ = ["hits"]


def hits(world: Internet, scenario: Scenario, options: EngineOptions) -> list[Hit]:
    """The hits of the scenario's DNS failures, from one :func:`resolve_timeline` run on the
    toy DNS world as the engine options' ``dns_world_changes`` (e.g. a secondary provider)
    change it. Resolvers that routing cuts off from a provider's name servers (the scenario's
    BGP failures, :func:`~.routes.routes_lost`) fail its names too."""
    events = [f for f in scenario.failures if isinstance(f, DNSFailure)]
    events += routes_lost(world, scenario, options)
    if not events:
        return cut_off_hits(world, scenario, [])
    dns = toy_dns(world)
    for change in options.dns_world_changes:
        dns = change.on(dns)
    timeline = resolve_timeline(
        dns, events, minutes=scenario.minutes, seed=scenario.seed,
        serve_stale=options.dns_serve_stale, max_stale=options.dns_max_stale,
    )  # fmt: skip
    found = rooted(timeline.hits(world))
    return found + cut_off_hits(world, scenario, found)
