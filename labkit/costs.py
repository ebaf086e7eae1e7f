"""What resilience costs, and what downtime costs: toy price lists and small, exact arithmetic.

Everything here is a pure function of its arguments (standard library only). The prices are toy
numbers chosen for teaching, in *credits per month*; only their ratios mean anything.

- :data:`DEPLOYMENTS`: how one service can be deployed (one region … several clouds), what each
  costs relative to a single region, and which kinds of failure it survives;
- :func:`downtime_per_year`, :func:`all_needed`, :func:`any_one_enough`: availability
  arithmetic (a chain of dependencies multiplies; independent copies multiply their downtime);
- :func:`progress_lost`: training progress an AI job loses when its machines fail between two
  checkpoints.

>>> round(downtime_per_year(0.9999), 1)
52.6
>>> deployment_cost("multi-region", base=100)
160
>>> progress_lost("08:00", every=180)
120
"""

from __future__ import annotations

from dataclasses import dataclass

from .clock import TimeLike, parse_time
from .validate import MAX_MINUTES, check_choice, check_count, check_number, short

__all__ = [
    "DEPLOYMENTS",
    "MINUTES_PER_YEAR",
    "Deployment",
    "all_needed",
    "any_one_enough",
    "deployment_cost",
    "deployment_table",
    "downtime_per_year",
    "progress_lost",
]

#: Minutes in an average year (365.25 days), as availability figures are quoted per year.
MINUTES_PER_YEAR = 365.25 * 24 * 60


@dataclass(frozen=True)
class Deployment:
    """One way to deploy a service: its monthly cost as a multiple of a single region's, and the
    widest failure it survives ("zone", "region" or "provider")."""

    name: str
    cost_factor: float
    survives: tuple[str, ...]
    why: str


#: Toy price list: a service in one zone of one region costs 1×. The extra cost is idle standby
#: capacity, data copied between sites, and (across clouds) two sets of tools and skills.
DEPLOYMENTS: dict[str, Deployment] = {
    d.name: d
    for d in (
        Deployment("single-zone", 1.0, (), "one data centre: the cheapest, and fragile"),
        Deployment(
            "multi-zone", 1.1, ("zone",), "spread over the zones of one region (the usual default)"
        ),
        Deployment(
            "multi-region",
            1.6,
            ("zone", "region"),
            "a standby copy in a second region of the same provider, data replicated to it",
        ),
        Deployment(
            "multi-cloud",
            2.3,
            ("zone", "region", "provider"),
            "a standby copy on a second provider: other APIs, tools and skills, egress fees",
        ),
    )
}


def deployment_cost(deployment: str, base: float = 100) -> int:
    """Monthly cost (credits, rounded) of ``deployment`` for a service costing ``base`` in one
    zone.

    >>> [deployment_cost(d) for d in DEPLOYMENTS]
    [100, 110, 160, 230]
    >>> deployment_cost("multi-clod")
    Traceback (most recent call last):
    ...
    ValueError: deployment: unknown value 'multi-clod'. Did you mean 'multi-cloud'? Allowed: ...
    """
    check_choice("deployment", deployment, DEPLOYMENTS)
    base = float(check_number("base", base, 0, 1e12, "a cost from 0 to 1e12, e.g. 100"))
    return round(DEPLOYMENTS[deployment].cost_factor * base)


def deployment_table(base: float = 100) -> str:
    """Every deployment with its monthly cost and the failures it survives, as text.

    >>> print(deployment_table().splitlines()[0])
    deployment      credits/month  survives an outage of
    """
    lines = [f"{'deployment':<15} {'credits/month':>13}  survives an outage of"]
    for d in DEPLOYMENTS.values():
        survives = ", ".join(f"a {s}" for s in d.survives) or "nothing"
        lines.append(f"{d.name:<15} {deployment_cost(d.name, base):>13}  {survives}")
    return "\n".join(lines)


def downtime_per_year(availability: float) -> float:
    """Minutes per year a service with this ``availability`` (a share, e.g. 0.9999) is down.

    >>> round(downtime_per_year(0.999), 1)
    526.0
    >>> downtime_per_year(99.99)
    Traceback (most recent call last):
    ...
    ValueError: availability: got 99.99; allowed: a share from 0 to 1, e.g. 0.9999 for 99.99%
    """
    a = float(
        check_number(
            "availability", availability, 0, 1, "a share from 0 to 1, e.g. 0.9999 for 99.99%"
        )
    )
    return (1 - a) * MINUTES_PER_YEAR


def _shares(availabilities: tuple[float, ...]) -> list[float]:
    if not availabilities:
        raise ValueError("availabilities: got none; allowed: one or more shares from 0 to 1")
    return [
        float(check_number(f"availabilities[{i}]", a, 0, 1, "a share from 0 to 1, e.g. 0.9999"))
        for i, a in enumerate(availabilities)
    ]


def all_needed(*availabilities: float) -> float:
    """Availability of something that needs *every* one of these independent parts (a chain of
    hard dependencies): the product.

    >>> round(downtime_per_year(all_needed(0.9999, 0.9999)), 1)
    105.2
    """
    out = 1.0
    for a in _shares(availabilities):
        out *= a
    return out


def any_one_enough(*availabilities: float) -> float:
    """Availability of something that works while *any one* of these copies works, if the
    copies fail independently: one minus the product of their downtimes. Copies that share a
    cause (the same region, the same config push) are not independent: then the answer is no
    better than one copy.

    >>> round(downtime_per_year(any_one_enough(0.9999, 0.9999)), 4)
    0.0053
    """
    down = 1.0
    for a in _shares(availabilities):
        down *= 1 - a
    return 1 - down


def progress_lost(failure_at: TimeLike, every: int, started: TimeLike = "00:00") -> int:
    """Minutes of training lost when the machines of a job that started at ``started`` and saves
    a checkpoint every ``every`` minutes fail at ``failure_at``: the time since the last
    checkpoint (the job restarts from it).

    >>> progress_lost("08:00", every=90)
    30
    >>> progress_lost("08:00", every=0)
    Traceback (most recent call last):
    ...
    ValueError: every: got 0; allowed: whole minutes > 0 between checkpoints, e.g. 60
    """
    allowed = "whole minutes > 0 between checkpoints, e.g. 60"
    check_count("every", every, 1, MAX_MINUTES, allowed)
    start = parse_time("started", started)
    fail = parse_time("failure_at", failure_at)
    if fail < start:
        raise ValueError(
            f"failure_at: got {short(failure_at)}, before the job started ({short(started)}); "
            "allowed: a "
            "time at or after the start"
        )
    return (fail - start) % every
