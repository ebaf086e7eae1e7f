"""Config pushes as a scenario holds them: the :class:`ConfigPush` failure and the
:class:`StagedRollout` mitigation, turned into the rollout model's versions and strategies.

>>> ConfigPush("edgefast", "09:47", revert_after=49).describe()
'global push of a bad config (crash) to edgefast at 09:47'
>>> ConfigPush("edgfast")
Traceback (most recent call last):
...
ValueError: fleet: unknown value 'edgfast'. Did you mean 'edgefast'? Allowed: ...
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

from ...clock import TimeLike, fmt_time
from ...scenario import EngineOptions, Failure, Mitigation
from ...validate import check_choice, check_number
from .fleet import ConfigVersion
from .strategies import GlobalPush, StagedPush

__all__ = ["FLEETS", "PUSH_STRATEGIES", "ConfigPush", "StagedRollout"]

PUSH_STRATEGIES = ("global", "staged")
#: The toy fleets a push can reach (see :func:`~labkit.mechanisms.rollout.toy_fleets.toy_fleets`).
FLEETS = ("edgefast", "nimbus-compute", "bulwark-agent")


@dataclass(frozen=True, init=False)
class ConfigPush(Failure):
    """A bad config pushed to a fleet at ``start``: "edgefast" (the CDN's edge servers, per
    city), "nimbus-compute" (Nimbus's compute hosts, per region) or "bulwark-agent" (an
    endpoint-security agent on companies' own servers). ``effect``: "crash", "cpu" or
    "capacity" (``removes`` that share of each server's capacity). A "global" push reaches every
    server at once and people revert it by hand after ``revert_after`` minutes (None: never);
    a "staged" push goes canary first and a health gate halts and rolls it back. Crashed
    servers may need ``recovery`` minutes of hands-on repair each (boot loops), after the
    rollback.

    Parameters
    ----------
    fleet : {"edgefast", "nimbus-compute", "bulwark-agent"}, default "edgefast"
        Where the config goes.
    start : str or int, default "10:00"
        When it is pushed. There is no ``fixed`` or ``duration``: the push ends when it is
        reverted or rolled back.
    effect : {"crash", "cpu", "capacity"}, default "crash"
        What the config does to a server that loads it.
    strategy : {"global", "staged"}, default "global"
        How it goes out (a :class:`StagedRollout` mitigation overrides it).
    removes : float, optional
        Share of each server's capacity removed, in (0, 1]; with effect "capacity" only, and
        required then.
    recovery : int, default 0
        Minutes of hands-on repair per crashed server, 0 to 1440; with effect "crash" only.
    revert_after : int or None, default 60
        Minutes after the push when people revert a global push, 1 to 10080 (None: never).

    Raises
    ------
    ValueError
        If ``fleet``, ``strategy`` or ``effect`` is unknown (the message suggests the
        closest), ``removes`` or ``recovery`` does not fit the effect or its range,
        ``revert_after`` is out of range, or ``start`` is not a time.

    Notes
    -----
    Fastly's bad customer config hit at 09:47 UTC and 95% of the network was normal within
    49 minutes (casebook: Fastly, 8 Jun 2021); CrowdStrike's channel file went out at 04:09
    UTC and was reverted after 78 minutes, but crashed machines needed manual repair
    (casebook: CrowdStrike, 19 Jul 2024).

    Examples
    --------
    >>> import labkit
    >>> net = labkit.build_internet(seed=0)
    >>> push = ConfigPush("edgefast", "09:47", revert_after=49)
    >>> t = labkit.simulate(net, labkit.Scenario([push]))
    >>> t.down_at("10:00")
    ['edgefast', 'streamflix', 'tunewave', 'livecast']
    >>> t.recovered_at("streamflix")
    663
    """

    fleet: str = "edgefast"
    effect: str = "crash"
    strategy: str = "global"
    removes: float | None = None
    recovery: int = 0
    revert_after: int | None = 60

    def __init__(
        self,
        fleet: str = "edgefast",
        start: TimeLike = "10:00",
        *,
        effect: str = "crash",
        strategy: str = "global",
        removes: float | None = None,
        recovery: int = 0,
        revert_after: int | None = 60,
    ) -> None:
        check_choice("fleet", fleet, FLEETS)
        check_choice("strategy", strategy, PUSH_STRATEGIES)
        self._set(fleet=fleet, effect=effect, strategy=strategy, removes=removes,
                  recovery=recovery, revert_after=revert_after, start=start, fixed=None,
                  duration=None)  # fmt: skip
        self.version()  # checks effect, removes and recovery
        self.rollout_strategy(None)  # checks revert_after

    def version(self) -> ConfigVersion:
        """The bad config, as the rollout model takes it."""
        return ConfigVersion("v2", self.effect, self.removes, self.recovery)

    def rollout_strategy(self, staged: StagedPush | None = None) -> GlobalPush | StagedPush:
        """The push strategy: the ``StagedRollout`` mitigation's, or this push's own."""
        if staged is not None:
            return staged
        if self.strategy == "staged":
            return StagedPush()
        return GlobalPush(revert_after=self.revert_after)

    def describe(self) -> str:
        return f"{self.strategy} push of a bad config ({self.effect}) to {self.fleet} at " + (
            fmt_time(self.start_min)
        )


@dataclass(frozen=True)
class StagedRollout(Mitigation):
    """Config pushes go out in stages: a ``canary`` share first, then waves, each watched for
    ``bake`` minutes by a health gate that halts and rolls back a bad config.

    Every :class:`ConfigPush` of the scenario then follows this strategy instead of its own;
    after the canary the rest goes out in two waves (a quarter, then three quarters).

    Parameters
    ----------
    canary : float, default 0.05
        Share of the fleet in the first stage, in (0, 1].
    bake : int, default 15
        Minutes each stage is watched before the next, 0 to 1440.
    detect_delay : int, default 5
        Minutes before the health gate sees a server's trouble, 0 to 1440.

    Raises
    ------
    ValueError
        If ``canary`` is not a share in (0, 1], or ``bake`` or ``detect_delay`` is not whole
        minutes in range.

    Notes
    -----
    After Channel File 291, CrowdStrike announced staggered deployment starting with a canary
    (casebook: CrowdStrike, 19 Jul 2024).

    Examples
    --------
    >>> import labkit
    >>> net = labkit.build_internet(seed=0)
    >>> push = ConfigPush("edgefast", "09:47", revert_after=49)
    >>> t = labkit.simulate(net, labkit.Scenario([push], [StagedRollout()]))
    >>> t.down_at("10:00"), t.state("streamflix", "10:00")
    ([], 'ok')
    >>> StagedRollout().strategy().waves
    (0.2375, 0.7125)
    """

    canary: float = 0.05
    bake: int = 15
    detect_delay: int = 5

    def __post_init__(self) -> None:
        check_number("canary", self.canary, 0, 1, "a share in (0, 1], e.g. 0.05")
        self.strategy()  # check the fields now, with the rollout model's messages

    def strategy(self) -> StagedPush:
        rest = 1 - self.canary
        waves = (round(rest * 0.25, 6), round(rest * 0.75, 6)) if rest > 1e-9 else ()
        if waves and abs(self.canary + sum(waves) - 1) > 1e-9:
            waves = (waves[0], round(1 - self.canary - waves[0], 9))
        return StagedPush(self.canary, waves, self.bake, detect_delay=self.detect_delay)

    def tune(self, options: EngineOptions) -> EngineOptions:
        return dataclasses.replace(options, staged_rollout=self.strategy())
