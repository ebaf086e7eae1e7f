"""How clients and apps behave when something they need fails: retries (and backing off), IoT
devices falling back to local control, AI training jobs saving checkpoints. These change the
world or the engine's options; they inject no failure of their own.

>>> RetryBackoff().tune(EngineOptions())
EngineOptions(retry_amplification=1, collapse=False, ...)
>>> Checkpointing(every=0)
Traceback (most recent call last):
...
ValueError: every: got 0; allowed: whole minutes 1-1440
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

from ..catalogue import Kind
from ..internet import Dependency, Internet
from ..scenario import EngineOptions, Mitigation
from ..validate import check_count

__all__ = ["KINDS", "Checkpointing", "LocalFallback", "RetryBackoff"]


@dataclass(frozen=True)
class RetryBackoff(Mitigation):
    """Clients retry with exponential backoff and jitter: failed work piles up no faster than
    it arrives, and a recovering service is not flattened by everyone retrying at once.

    Sets :class:`~labkit.scenario.EngineOptions` ``retry_amplification`` to 1 (no extra
    requests per failed one) and ``collapse`` to False (no retry storm). Takes no parameters.

    Notes
    -----
    Without it, each failed request is retried once, at once, and a backlog far above a
    service's drain rate overloads it when it comes back. Resolvers retrying made the DDoS on
    Dyn worse (casebook: Dyn, 21 Oct 2016), and a retry storm kept AWS's internal network
    congested (casebook: AWS us-east-1, 7 Dec 2021). Backoff timing itself is not modelled.

    Examples
    --------
    >>> import labkit
    >>> net = labkit.build_internet(seed=0)
    >>> failures = [labkit.RegionOutage("nimbus-us-east", "08:00", "11:00")]
    >>> before = labkit.simulate(net, labkit.Scenario(failures))
    >>> after = labkit.simulate(net, labkit.Scenario(failures, [RetryBackoff()]))
    >>> before.recovered_at("signonce"), after.recovered_at("signonce")
    (885, 750)
    """

    def tune(self, options: EngineOptions) -> EngineOptions:
        return dataclasses.replace(options, retry_amplification=1, collapse=False)


@dataclass(frozen=True)
class LocalFallback(Mitigation):
    """IoT devices keep working locally when their cloud is away: every service an IoT app
    needs becomes a soft need (the light switch still switches; remote control waits).

    An IoT app whose cloud is down is then degraded instead of down. Other apps are unchanged.
    Takes no parameters.

    Examples
    --------
    >>> import labkit
    >>> net = labkit.build_internet(seed=0)
    >>> failures = [labkit.RegionOutage("nimbus-us-east", "08:00", "11:00")]
    >>> before = labkit.simulate(net, labkit.Scenario(failures))
    >>> after = labkit.simulate(net, labkit.Scenario(failures, [LocalFallback()]))
    >>> before.state("homeglow", "09:00"), after.state("homeglow", "09:00")
    ('down', 'degraded')
    """

    def apply(self, internet: Internet) -> Internet:
        services = {}
        for sid, s in internet.services.items():
            if s.kind == "app" and s.category == "IoT":
                soft = tuple(Dependency(d.target, False, d.why) for d in s.needs)
                s = dataclasses.replace(s, needs=soft)
            services[sid] = s
        return dataclasses.replace(internet, services=services)


@dataclass(frozen=True)
class Checkpointing(Mitigation):
    """AI training jobs save a checkpoint every ``every`` minutes, so a failure of their
    region's compute loses at most that much training (see :mod:`labkit.training` and
    :meth:`Timeline.training`).

    Sets ``checkpoint_every`` of every :class:`~labkit.training.TrainingJob` in the world
    (the default world's job saves one every 360 minutes; a job of your own may say "none"),
    and :class:`~labkit.scenario.EngineOptions` ``checkpoint_every`` to the same interval.

    Parameters
    ----------
    every : int, default 30
        Minutes of training between checkpoints, 1 to 1440.

    Raises
    ------
    ValueError
        If ``every`` is not a whole number from 1 to 1440.

    Notes
    -----
    Only the lost progress and the idle GPUs are counted; the cost of taking checkpoints is
    left out. A job is hurt only when its region's compute is down (or object storage, which
    keeps its checkpoints), never by an AI app's own login or API failure.

    Examples
    --------
    >>> import labkit
    >>> net = labkit.build_internet(seed=0)
    >>> failures = [labkit.RegionOutage("nimbus-us-east", "08:00", "11:00")]
    >>> labkit.simulate(net, labkit.Scenario(failures)).training_minutes_lost()
    {'chatmate-training': 120}
    >>> s = labkit.Scenario(failures, [Checkpointing(every=90)])
    >>> labkit.simulate(net, s).training_minutes_lost()
    {'chatmate-training': 30}
    """

    every: int = 30

    def __post_init__(self) -> None:
        check_count("every", self.every, 1, 1440, "whole minutes 1-1440")

    def apply(self, internet: Internet) -> Internet:
        jobs = tuple(
            dataclasses.replace(j, checkpoint_every=self.every) for j in internet.training_jobs
        )
        return dataclasses.replace(internet, training_jobs=jobs)

    def tune(self, options: EngineOptions) -> EngineOptions:
        return dataclasses.replace(options, checkpoint_every=self.every)


KINDS = (
    Kind(RetryBackoff, "mitigation", "clients", "retry-backoff",
         "clients retry with exponential backoff and jitter", label="retry backoff",
         price=10, menu=True, examples=lambda: (RetryBackoff(),)),
    Kind(LocalFallback, "mitigation", "clients", "local-fallback",
         "smart-home devices work locally without their cloud", label="IoT local fallback",
         examples=lambda: (LocalFallback(),)),
    Kind(Checkpointing, "mitigation", "clients", "checkpointing",
         "AI training saves progress every 30 minutes", label="AI checkpointing",
         examples=lambda: (Checkpointing(), Checkpointing(every=90))),
)  # fmt: skip
