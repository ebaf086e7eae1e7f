"""What a learner can break (failures) and what they can switch on against it (mitigations).

Each is a small frozen dataclass whose fields are checked on creation; names of regions, zones
and services are checked against a world by :meth:`Scenario.validate` (done by ``simulate``).

>>> f = RegionOutage("nimbus-us-east", start="08:00", fixed="11:00")
>>> (f.start_min, f.fixed_min)
(480, 660)
>>> RegionOutage("nimbus-us-east", start="08:00", fixed="07:00")
Traceback (most recent call last):
...
ValueError: fixed: got '07:00', which is not after start '08:00'; allowed: ...
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from .clock import MINUTES_PER_DAY, TimeLike, fmt_time, parse_duration, parse_time
from .internet import BLOCK_KINDS
from .validate import (
    check_choice,
    check_count,
    check_names,
    check_number,
    check_type,
    short,
)

if TYPE_CHECKING:
    from .internet import Internet

__all__ = [
    "Checkpointing",
    "ConfigPush",
    "Failure",
    "IndependentStatusPage",
    "LocalFallback",
    "Mitigation",
    "MultiRegion",
    "RegionOutage",
    "RetryBackoff",
    "Scenario",
    "StagedRollout",
    "ZoneOutage",
]


def _name(field_name: str, value: object, allowed: str) -> str:
    """A non-empty name (a string; other types are a TypeError)."""
    check_type(field_name, value, str, allowed)
    if not value or value != value.strip() or len(value) > 200:
        raise ValueError(f"{field_name}: got {short(value)}; allowed: {allowed}")
    return value  # type: ignore[return-value]


@dataclass(frozen=True)
class Failure:
    """Base of every failure: it starts at ``start`` and is fixed at ``fixed`` (or after
    ``duration`` minutes; never fixed within the day if neither is given)."""

    start: TimeLike = "08:00"
    fixed: TimeLike | None = None
    duration: int | None = None
    start_min: int = field(init=False, repr=False, compare=False)
    fixed_min: int = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        start = parse_time("start", self.start)
        if self.fixed is not None and self.duration is not None:
            raise ValueError(
                f"fixed/duration: got fixed={short(self.fixed)} and "
                f"duration={short(self.duration)}; allowed: one of them, not both"
            )
        if self.duration is not None:
            fixed = start + parse_duration("duration", self.duration)
        elif self.fixed is not None:
            fixed = parse_time("fixed", self.fixed)
            if fixed <= start:
                raise ValueError(
                    f"fixed: got {short(self.fixed)}, which is not after start "
                    f"{short(self.start)}; allowed: a time after the start (or duration= minutes "
                    "> 0)"
                )
        else:
            fixed = 10**9  # never fixed
        object.__setattr__(self, "start_min", start)
        object.__setattr__(self, "fixed_min", fixed)

    def active(self, t: int) -> bool:
        return self.start_min <= t < self.fixed_min

    @property
    def window(self) -> str:
        end = "not fixed" if self.fixed_min >= 10**9 else fmt_time(self.fixed_min)
        return f"{fmt_time(self.start_min)}–{end}"

    def describe(self) -> str:  # pragma: no cover - overridden
        return f"{type(self).__name__} {self.window}"

    def validate(self, internet: Internet) -> None:
        """Check names against the world (raises ValueError)."""


@dataclass(frozen=True)
class RegionOutage(Failure):
    """A whole region fails (every zone), or only some of its building blocks (``blocks``),
    e.g. ``RegionOutage("nimbus-us-east", blocks=("object-storage",))`` as S3 in Feb 2017."""

    region: str = ""
    blocks: tuple[str, ...] = ()

    def __init__(
        self,
        region: str,
        start: TimeLike = "08:00",
        fixed: TimeLike | None = None,
        *,
        duration: int | None = None,
        blocks: tuple[str, ...] | list[str] = (),
    ) -> None:
        _name("region", region, "a region name like 'nimbus-us-east'")
        blocks = check_names("blocks", blocks, BLOCK_KINDS, example="['object-storage']")
        object.__setattr__(self, "region", region)
        object.__setattr__(self, "blocks", blocks)
        object.__setattr__(self, "start", start)
        object.__setattr__(self, "fixed", fixed)
        object.__setattr__(self, "duration", duration)
        self.__post_init__()

    def describe(self) -> str:
        what = f"{', '.join(self.blocks)} in {self.region}" if self.blocks else self.region
        return f"outage of {what} ({self.window})"

    def validate(self, internet: Internet) -> None:
        internet.check_region(self.region)


@dataclass(frozen=True)
class ZoneOutage(Failure):
    """One zone (data centre) of a region fails: power, cooling, network."""

    zone: str = ""

    def __init__(
        self,
        zone: str,
        start: TimeLike = "08:00",
        fixed: TimeLike | None = None,
        *,
        duration: int | None = None,
    ) -> None:
        _name("zone", zone, "a zone name like 'nimbus-us-east-a'")
        object.__setattr__(self, "zone", zone)
        object.__setattr__(self, "start", start)
        object.__setattr__(self, "fixed", fixed)
        object.__setattr__(self, "duration", duration)
        self.__post_init__()

    @property
    def region(self) -> str:
        return self.zone.rsplit("-", 1)[0]

    def describe(self) -> str:
        return f"outage of zone {self.zone} ({self.window})"

    def validate(self, internet: Internet) -> None:
        check_choice("zone", self.zone, internet.zones)


_PUSH_STRATEGIES = ("global", "staged")
_FLEETS = ("edgefast", "nimbus-compute", "bulwark-agent")


@dataclass(frozen=True)
class ConfigPush(Failure):
    """A bad config pushed to a fleet at ``start``: "edgefast" (the CDN's edge servers, per
    city), "nimbus-compute" (Nimbus's compute hosts, per region) or "bulwark-agent" (an
    endpoint-security agent on companies' own servers). ``effect``: "crash", "cpu" or
    "capacity" (``removes`` that share of each server's capacity). A "global" push reaches every
    server at once and people revert it by hand after ``revert_after`` minutes; a "staged" push
    goes canary first and a health gate halts and rolls it back. Crashed servers may need
    ``recovery`` minutes of hands-on repair each (boot loops), after the rollback.
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
        for name, value in (("fleet", fleet), ("effect", effect), ("strategy", strategy),
                            ("removes", removes), ("recovery", recovery),
                            ("revert_after", revert_after), ("start", start)):  # fmt: skip
            object.__setattr__(self, name, value)
        object.__setattr__(self, "fixed", None)
        object.__setattr__(self, "duration", None)
        check_choice("fleet", fleet, _FLEETS)
        check_choice("strategy", strategy, _PUSH_STRATEGIES)
        self.__post_init__()
        self.version()  # checks effect, removes and recovery
        self.rollout_strategy(None)  # checks revert_after

    def version(self):
        """The bad config, as the rollout model takes it."""
        from .rollout import ConfigVersion

        return ConfigVersion("v2", self.effect, self.removes, self.recovery)

    def rollout_strategy(self, staged=None):
        """The push strategy: this push's own, or the ``StagedRollout`` mitigation's."""
        from .rollout import GlobalPush, StagedPush

        if self.strategy == "staged" or staged is not None:
            base = staged or StagedPush()
            return base
        return GlobalPush(revert_after=self.revert_after)

    def describe(self) -> str:
        return f"{self.strategy} push of a bad config ({self.effect}) to {self.fleet} at " + (
            fmt_time(self.start_min)
        )


@dataclass(frozen=True)
class Mitigation:
    """Base of every mitigation: it changes the world or the engine's behaviour."""

    def validate(self, internet: Internet) -> None:
        """Check names against the world (raises ValueError)."""

    def apply(self, internet: Internet) -> Internet:
        """The world as this mitigation changes it (default: unchanged)."""
        return internet

    def engine_options(self) -> dict[str, object]:
        """Engine settings this mitigation changes (default: none)."""
        return {}


#: Without a mitigation, clients retry each failed request once, at once (no backoff).
DEFAULT_RETRY_AMPLIFICATION = 2


@dataclass(frozen=True)
class RetryBackoff(Mitigation):
    """Clients retry with exponential backoff and jitter: failed work piles up no faster than
    it arrives, and a recovering service is not flattened by everyone retrying at once."""

    def engine_options(self) -> dict[str, object]:
        return {"retry_amplification": 1, "collapse": False}


@dataclass(frozen=True)
class StagedRollout(Mitigation):
    """Config pushes go out in stages: a ``canary`` share first, then waves, each watched for
    ``bake`` minutes by a health gate that halts and rolls back a bad config."""

    canary: float = 0.05
    bake: int = 15
    detect_delay: int = 5

    def __post_init__(self) -> None:
        check_number("canary", self.canary, 0, 1, "a share in (0, 1], e.g. 0.05")
        self.strategy()  # check the fields now, with the rollout model's messages

    def strategy(self):
        from .rollout import StagedPush

        rest = 1 - self.canary
        waves = (round(rest * 0.25, 6), round(rest * 0.75, 6)) if rest > 1e-9 else ()
        if waves and abs(self.canary + sum(waves) - 1) > 1e-9:
            waves = (waves[0], round(1 - self.canary - waves[0], 9))
        return StagedPush(self.canary, waves, self.bake, detect_delay=self.detect_delay)

    def engine_options(self) -> dict[str, object]:
        return {"staged_rollout": self.strategy()}


@dataclass(frozen=True)
class IndependentStatusPage(Mitigation):
    """Every provider's status page is hosted outside the region it reports on, so it stays up
    to say what is broken (after S3 in February 2017, whose dashboard depended on S3)."""

    def apply(self, internet: Internet) -> Internet:
        import dataclasses

        blocks = {
            bid: dataclasses.replace(b, needs=(), independent=True)
            if b.kind == "status-page"
            else b
            for bid, b in internet.blocks.items()
        }
        return dataclasses.replace(internet, blocks=blocks)


@dataclass(frozen=True)
class LocalFallback(Mitigation):
    """IoT devices keep working locally when their cloud is away: every service an IoT app
    needs becomes a soft need (the light switch still switches; remote control waits)."""

    def apply(self, internet: Internet) -> Internet:
        import dataclasses

        from .internet import Dependency

        services = {}
        for sid, s in internet.services.items():
            if s.kind == "app" and s.category == "IoT":
                soft = tuple(Dependency(d.target, False, d.why) for d in s.needs)
                s = dataclasses.replace(s, needs=soft)
            services[sid] = s
        return dataclasses.replace(internet, services=services)


#: Without the Checkpointing mitigation, AI training jobs save their progress every 6 hours.
DEFAULT_CHECKPOINT_EVERY = 360


@dataclass(frozen=True)
class Checkpointing(Mitigation):
    """AI training jobs save a checkpoint every ``every`` minutes, so a failure loses at most
    that much training (see :meth:`Timeline.training_minutes_lost`)."""

    every: int = 30

    def __post_init__(self) -> None:
        check_count("every", self.every, 1, 1440, "whole minutes 1-1440")


@dataclass(frozen=True)
class MultiRegion(Mitigation):
    """Run the named services (default: every app and SaaS on a cloud) in a second region of
    the same provider, with health-checked active-passive failover."""

    services: tuple[str, ...] | None = None

    def __post_init__(self) -> None:
        if self.services is not None:
            names = check_names("services", self.services, example="['signonce']")
            object.__setattr__(self, "services", names)

    def validate(self, internet: Internet) -> None:
        for s in self.services or ():
            check_choice("services", s, internet.services)

    def apply(self, internet: Internet) -> Internet:
        from .regions import with_second_region

        return with_second_region(internet, self.services)


@dataclass(frozen=True)
class Scenario:
    """What happens in one simulated run: failures, mitigations, how long, which seed.

    >>> Scenario([RegionOutage("nimbus-us-east", "08:00", "11:00")]).minutes
    1440
    """

    failures: tuple[Failure, ...] | list[Failure] = ()
    mitigations: tuple[Mitigation, ...] | list[Mitigation] = ()
    minutes: int = MINUTES_PER_DAY
    seed: int = 0
    failover_delay: int = 5  # minutes of failed health checks before traffic moves

    def __post_init__(self) -> None:
        failures_allowed = "a list of failures such as [RegionOutage('nimbus-us-east')]"
        mitigations_allowed = "a list of mitigations such as [MultiRegion()]"
        check_type("failures", self.failures, list | tuple, failures_allowed)
        check_type("mitigations", self.mitigations, list | tuple, mitigations_allowed)
        object.__setattr__(self, "failures", tuple(self.failures))
        object.__setattr__(self, "mitigations", tuple(self.mitigations))
        for i, f in enumerate(self.failures):
            check_type(f"failures[{i}]", f, Failure, "failures such as RegionOutage, ZoneOutage")
        for i, m in enumerate(self.mitigations):
            check_type(f"mitigations[{i}]", m, Mitigation, "mitigations such as MultiRegion()")
        check_count("minutes", self.minutes, 1, 7 * MINUTES_PER_DAY, "whole minutes 1-10080")
        check_count("seed", self.seed, -(2**63), 2**63, "a whole number")
        check_count("failover_delay", self.failover_delay, 0, 240, "whole minutes 0-240")
        for i, f in enumerate(self.failures):
            if f.start_min >= self.minutes:
                raise ValueError(
                    f"failures[{i}].start: got {short(f.start)}, at or after the run's end "
                    f"({fmt_time(self.minutes)}, minutes={self.minutes}); allowed: a start "
                    "before the end, or a longer run (minutes=)"
                )

    def validate(self, internet: Internet) -> None:
        for f in self.failures:
            f.validate(internet)
        for m in self.mitigations:
            m.validate(internet)

    def with_failures(self, *extra: Failure) -> Scenario:
        """A copy with more failures."""
        return Scenario(
            (*self.failures, *extra),
            self.mitigations,
            self.minutes,
            self.seed,
            self.failover_delay,
        )
