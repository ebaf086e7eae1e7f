"""Step 1 of the flow: the ways the toy internet breaks, one home each.

Each mechanism — :mod:`~.regions`, :mod:`~.bgp`, :mod:`~.dns`, :mod:`~.rollout` — holds its
model, its failures and mitigations, how it is placed on the world, and ``hits(world,
scenario, options)``: the timed hits it feeds the engine. :mod:`~.clients` holds how clients
and apps behave (retries, local fallback, checkpoints). Each lists its catalogue entries as
``KINDS``; :data:`CATALOGUE` gathers them, and nothing else lists kinds.

Every hit carries a :class:`~labkit.states.Cause` whose ``root`` is the injected failure, so
:meth:`Timeline.explain` can end each chain there.

>>> [k.key for k in CATALOGUE.menu()]
['multi-region', 'multi-cloud', 'retry-backoff', 'staged-rollout', 'serve-stale', 'rpki', ...]
"""

from __future__ import annotations

from ..catalogue import Catalogue
from ..internet import Internet
from ..scenario import EngineOptions, Scenario
from ..states import Hit
from . import bgp, clients, dns, regions, rollout

__all__ = ["CATALOGUE", "MECHANISMS", "mechanism_hits"]

#: The mechanisms, in the order their hits are gathered (the first of equal hits explains).
MECHANISMS = (regions, bgp, dns, rollout)

#: Every failure kind and mitigation the project offers.
CATALOGUE = Catalogue([*regions.KINDS, *clients.KINDS, *rollout.KINDS, *dns.KINDS, *bgp.KINDS])


def mechanism_hits(world: Internet, scenario: Scenario, options: EngineOptions) -> list[Hit]:
    """All hits of all mechanisms for ``scenario`` on ``world``."""
    out: list[Hit] = []
    for mechanism in MECHANISMS:
        out += mechanism.hits(world, scenario, options)
    return out
