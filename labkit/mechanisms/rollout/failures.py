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

from ...catalogue import Control, Kind, Param
from ...clock import TimeLike, fmt_time, parse_time
from ...scenario import EngineOptions, Failure, Mitigation, failure
from ...validate import check_choice, check_number
from .fleet import EFFECTS, ConfigVersion
from .strategies import GlobalPush, StagedPush

__all__ = ["FLEETS", "PUSH_STRATEGIES", "ConfigPush", "StagedRollout"]

PUSH_STRATEGIES = ("global", "staged")
#: The toy fleets a push can reach (see :func:`~labkit.mechanisms.rollout.toy_fleets.toy_fleets`).
FLEETS = ("edgefast", "nimbus-compute", "bulwark-agent")


@failure("fleet", default="edgefast", window=False)
class ConfigPush(Failure):
    """A bad config pushed to a fleet at ``start``: "edgefast" (the CDN's edge servers, per
    city), "nimbus-compute" (Nimbus's compute hosts, per region) or "bulwark-agent" (an
    endpoint-security agent on companies' own servers). ``effect``: "crash", "cpu" or
    "capacity" (``removes`` that share of each server's capacity). A "global" push reaches every
    server at once and people revert it by hand after ``revert_after`` minutes (None: never);
    a "staged" push goes canary first and a health gate halts and rolls it back. Crashed
    servers may need hands-on repair after the rollback (boot loops): ``recovery`` minutes
    each, or at a pace of ``repair_rate`` of each group's servers a day; crashed servers that
    restart by themselves may come back with cold caches (``cold``), and servers whose CPU was
    pinned may take minutes to settle (``settle``). ``reach`` is the share of the fleet on
    which the config does harm (a latent bug that only some traffic triggers).

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
    repair_rate : float, optional
        Instead of ``recovery``: the share of each group's crashed servers its team repairs
        per day, in (0, 1]; with effect "crash" only. A group is then fully back ``1 /
        repair_rate`` days after the rollback, and ``0.9 / repair_rate`` days after it, 90% of
        its servers are (the engine's "ok" threshold, :data:`DEGRADED_BELOW`).
    reach : float, default 1.0
        Share of the fleet's servers the config harms, in (0, 1]; the others load it
        harmlessly (chosen by the scenario's seed).
    cold : int, default 0
        Minutes a crashed server that restarts by itself after the rollback needs to refill
        its cache from the origins, 0 to 1440; meanwhile it serves half its capacity (up, but
        slow: the origins take every miss). Effect "crash" without manual repair only.
    settle : int, default 0
        Minutes after the rollback reaches a server whose CPU the config pinned until its CPU
        is back to normal, 0 to 1440; meanwhile it serves half its capacity. The toy does not
        simulate why a CPU takes that long: the time is given, e.g. from a record. Effect
        "cpu" only.
    revert_after : int or None, default 60
        Minutes after the push when people revert a global push, 1 to 10080 (None: never).

    Raises
    ------
    ValueError
        If ``fleet``, ``strategy`` or ``effect`` is unknown (the message suggests the
        closest), ``removes``, ``recovery``, ``repair_rate``, ``cold`` or ``settle`` does not
        fit the effect or its range, ``reach`` is not a share in (0, 1], ``revert_after`` is
        out of range, or ``start`` is not a time.

    Notes
    -----
    Fastly's bad customer config hit at 09:47 UTC and 95% of the network was normal within
    49 minutes (casebook: Fastly, 8 Jun 2021); CrowdStrike's channel file went out at 04:09
    UTC and was reverted after 78 minutes, but crashed machines needed manual repair
    (casebook: CrowdStrike, 19 Jul 2024).

    The records give no repair pace and no cache-refill time, so the replays state theirs as
    assumptions: "crowdstrike-agent-2024" assumes ``repair_rate=0.1`` (each company's team
    repairs a tenth of its machines a day; a company is ok again 0.9 / 0.1 = 9 days after the
    revert, and the tail scales as 1 / ``repair_rate``); "fastly-config-2021" takes
    ``reach=0.85`` from the record ("85% of the network returned errors", casebook §5) and
    assumes ``cold=90`` minutes of cache refilling after the revert, which is its tail.
    "cloudflare-waf-2019" takes ``settle=2`` from the record: the WAF was globally terminated
    at 14:07 and "traffic and CPU [were] back to normal" at 14:09 (casebook §7); the toy does
    not simulate why those two minutes passed.

    Examples
    --------
    >>> import labkit
    >>> net = labkit.build_internet(seed=0)
    >>> push = ConfigPush("edgefast", "09:47", revert_after=49)
    >>> t = labkit.simulate(net, labkit.Scenario([push]))
    >>> t.down_at("10:00")
    ['edgefast', 'streamflix', 'tunewave', 'livecast']
    >>> t.recovered_at("streamflix")
    636
    >>> cold = ConfigPush("edgefast", "09:47", revert_after=49, reach=0.85, cold=90)
    >>> t = labkit.simulate(net, labkit.Scenario([cold]))
    >>> t.state("streamflix", "10:36"), t.recovered_at("streamflix")
    ('degraded', 726)
    """

    start: TimeLike = "10:00"
    fleet: str = "edgefast"
    effect: str = "crash"
    strategy: str = "global"
    removes: float | None = None
    recovery: int = 0
    revert_after: int | None = 60
    repair_rate: float | None = None
    reach: float = 1.0
    cold: int = 0
    settle: int = 0

    def check_fields(self) -> None:
        check_choice("fleet", self.fleet, FLEETS)
        check_choice("strategy", self.strategy, PUSH_STRATEGIES)
        self.version()  # checks effect, removes, recovery, repair_rate, reach, cold, settle
        self.rollout_strategy(None)  # checks revert_after

    @property
    def fails_fast(self) -> bool:
        """True for effects "crash" and "cpu": a crashed (or boot-looping) server takes no
        requests, and one whose CPU is pinned answers errors at once, so no retries queue
        there; its group comes back as it is reverted or repaired. False for "capacity": the
        servers still take requests, and what they cannot serve queues."""
        return self.effect in ("crash", "cpu")

    def version(self) -> ConfigVersion:
        """The bad config, as the rollout model takes it."""
        return ConfigVersion(
            "v2", self.effect, self.removes, self.recovery, self.repair_rate, self.reach,
            self.cold, self.settle,
        )  # fmt: skip

    def rollout_strategy(self, staged: StagedPush | None = None) -> GlobalPush | StagedPush:
        """The push strategy: the ``StagedRollout`` mitigation's, or this push's own."""
        if staged is not None:
            return staged
        if self.strategy == "staged":
            return StagedPush()
        return GlobalPush(revert_after=self.revert_after)

    def describe(self) -> str:
        return self._label(self.strategy)

    def describe_with(self, options: EngineOptions) -> str:
        """:meth:`describe` as a run with ``options`` applies the push: a
        :class:`StagedRollout` makes every push a staged one.

        >>> from labkit import Scenario
        >>> push = ConfigPush("edgefast", "09:47")
        >>> push.describe_with(Scenario([push], [StagedRollout()]).options())
        'staged push of a bad config (crash) to edgefast at 09:47'
        """
        return self._label("staged" if options.staged_rollout is not None else self.strategy)

    def _label(self, strategy: str) -> str:
        return f"{strategy} push of a bad config ({self.effect}) to {self.fleet} at " + (
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


# ---- the catalogue's entries -----------------------------------------------------------------
_CAPACITY_REMOVED = 0.6  # what the dashboard's "capacity" effect takes away


def _build(v: dict[str, str], start: str, fixed: str | None) -> Failure:
    revert = None
    if fixed is not None:
        a, b = parse_time("start", start), parse_time("fixed", fixed)
        if b <= a:
            raise ValueError(
                f"fixed: got {fixed!r}, which is not after start {start!r}; allowed: a time "
                "after the start, when people revert the push (or 'never')"
            )
        revert = b - a
    removes = _CAPACITY_REMOVED if v["effect"] == "capacity" else None
    return ConfigPush(v["fleet"], start, effect=v["effect"], removes=removes, revert_after=revert)


def _read(f: Failure) -> dict[str, str] | None:
    if type(f) is not ConfigPush or f.strategy != "global" or f.recovery:
        return None
    if f.repair_rate is not None or f.reach != 1.0 or f.cold or f.settle:
        return None
    if f.removes != (_CAPACITY_REMOVED if f.effect == "capacity" else None):
        return None
    fixed = "never" if f.revert_after is None else fmt_time(f.start_min + f.revert_after)
    return {"fleet": f.fleet, "effect": f.effect, "fixed": fixed}


PUSH_CONTROL = Control(
    "push",
    "Bad config push",
    (
        Param("fleet", "fleet", FLEETS, "edgefast"),
        Param("effect", "effect", tuple(e for e in EFFECTS if e != "none"), "crash"),
    ),
    _build,
    _read,
)

KINDS = (
    Kind(ConfigPush, "failure", "rollout", "push", "a bad config is pushed to a fleet",
         label="Bad config push", control=PUSH_CONTROL,
         examples=lambda: (ConfigPush("edgefast", "09:47", revert_after=49),
                           ConfigPush("bulwark-agent", "04:09", recovery=60, revert_after=78))),
    Kind(StagedRollout, "mitigation", "rollout", "staged-rollout",
         "config pushes go canary first, with a health gate", label="staged rollout",
         price=15, menu=True, examples=lambda: (StagedRollout(), StagedRollout(canary=0.1))),
)  # fmt: skip
