"""The fleet and the config: :class:`Unit`, :class:`Fleet` (units that all run one config
version) and :class:`ConfigVersion` (a version and what it does to each unit that loads it, one
of :data:`EFFECTS`)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from ...clock import MINUTES_PER_DAY
from ...validate import check_choice, check_count
from .checks import _minutes, _name, _share, _slug

__all__ = ["COLD_HEALTH", "EFFECTS", "ConfigVersion", "Fleet", "Unit"]

#: The capacity a unit serves while it refills a cold cache (``cold``: up, but every request
#: goes on to the origins, which cannot take all of it) or while its CPU settles (``settle``:
#: the toy is given the time and does not simulate why). A toy convention (the records give no
#: figure): exactly the "down" threshold, so such a group is degraded, not down.
COLD_HEALTH = 0.5

#: What a config does to a unit that loads it.
EFFECTS = {
    "none": "a good config: nothing changes",
    "crash": "the unit crashes as soon as it loads the config (CrowdStrike, July 2024)",
    "cpu": "the unit's CPU is exhausted, so it stops serving (Cloudflare's WAF regex, July 2019)",
    "capacity": "a wrong value removes part of the unit's capacity (S3 Feb 2017, Google Cloud "
    "June 2025)",
}


@dataclass(frozen=True)
class Unit:
    """One server, host or machine of a fleet; ``group`` is where it sits (a city's edge location,
    a region, a customer)."""

    id: str
    group: str

    def __post_init__(self) -> None:
        _name("id", self.id, "tokyo-1")
        _name("group", self.group, "Tokyo")


@dataclass(frozen=True)
class Fleet:
    """Units that all run config ``version`` before a push.

    >>> f = Fleet.from_groups("EdgeFast edge", {"São Paulo": 2, "Tokyo": 1})
    >>> [u.id for u in f.units], f.groups
    (['sao-paulo-1', 'sao-paulo-2', 'tokyo-1'], ('São Paulo', 'Tokyo'))
    """

    name: str
    units: tuple[Unit, ...]
    version: str = "v1"
    what: str = ""

    def __post_init__(self) -> None:
        _name("name", self.name, "EdgeFast edge")
        _name("version", self.version, "v1")
        units = tuple(self.units) if isinstance(self.units, list | tuple) else self.units
        if not isinstance(units, tuple) or not units:
            raise ValueError(f"units: got {self.units!r}; allowed: a non-empty list of Unit")
        seen: set[str] = set()
        for i, u in enumerate(units):
            if not isinstance(u, Unit):
                raise ValueError(f"units[{i}]: got {u!r}; allowed: Unit(id, group)")
            if u.id in seen:
                raise ValueError(f"units[{i}]: id {u.id!r} appears twice; allowed: unique ids")
            seen.add(u.id)
        object.__setattr__(self, "units", units)

    @classmethod
    def from_groups(
        cls, name: str, counts: Mapping[str, int], *, version: str = "v1", what: str = ""
    ) -> Fleet:
        """A fleet with ``counts[group]`` units in each group, named ``<group>-1``, ``-2``, …"""
        if not isinstance(counts, Mapping) or not counts:
            raise ValueError(
                f"counts: got {counts!r}; allowed: a mapping group → units, e.g. {{'Tokyo': 4}}"
            )
        units = []
        for group, n in counts.items():
            _name("counts", group, "Tokyo")
            check_count(f"counts[{group!r}]", n, 1, 100_000, "a whole number of units 1-100000")
            units += [Unit(f"{_slug(group)}-{i}", group) for i in range(1, n + 1)]
        return cls(name, tuple(units), version, what)

    @property
    def size(self) -> int:
        return len(self.units)

    @property
    def groups(self) -> tuple[str, ...]:
        """The groups, in the order their first unit appears."""
        return tuple(dict.fromkeys(u.group for u in self.units))


@dataclass(frozen=True)
class ConfigVersion:
    """A config version and what it does to each unit that loads it (see :data:`EFFECTS`).

    ``removes`` (effect "capacity" only) is the share of each unit's capacity the wrong value
    takes away. ``recovery`` (effect "crash" only) is the minutes of hands-on work a crashed unit
    needs after the rollback reaches it (a boot loop: someone must fix it at the console); each
    group's team fixes its units one after another. ``repair_rate`` (effect "crash" only, instead
    of ``recovery``) says the same as a pace: the share of a group's units its team repairs per
    day, so a group of ``n`` crashed units is back after ``n / (rate * n)`` = ``1 / rate`` days
    whatever its size. ``reach`` is the share of the fleet's units on which the config does its
    harm (a latent bug that only some units' traffic triggers); the rest load it harmlessly.
    ``cold`` (effect "crash" only, without manual repair) is the minutes a unit that restarts
    after the rollback needs to refill its cache from the origins; until then it is up but slow,
    counted at :data:`COLD_HEALTH` of its capacity (degraded, not down). ``settle`` (effect
    "cpu" only) is the same for a unit whose CPU the config pinned: the minutes after the
    rollback reaches it until its CPU is back to normal, counted at :data:`COLD_HEALTH`. It is a
    time the toy is given (from a record), not one it simulates.

    >>> ConfigVersion("v2", effect="crahs")
    Traceback (most recent call last):
    ...
    ValueError: effect: unknown value 'crahs'. Did you mean 'crash'? Allowed: ...
    """

    version: str
    effect: str = "none"
    removes: float | None = None
    recovery: int = 0
    repair_rate: float | None = None
    reach: float = 1.0
    cold: int = 0
    settle: int = 0

    def __post_init__(self) -> None:
        _name("version", self.version, "v2")
        check_choice("effect", self.effect, EFFECTS)
        if self.effect == "capacity":
            hint = " (the share of each unit's capacity the config removes, e.g. 0.6)"
            object.__setattr__(self, "removes", _share("removes", self.removes, hint=hint))
        elif self.removes is not None:
            raise ValueError(
                f"removes: got {self.removes!r} with effect {self.effect!r}; allowed: only with "
                "effect 'capacity'"
            )
        _minutes("recovery", self.recovery, high=MINUTES_PER_DAY)
        if self.recovery and self.effect != "crash":
            raise ValueError(
                f"recovery: got {self.recovery!r} with effect {self.effect!r}; allowed: 0, or "
                "minutes > 0 only with effect 'crash' (crashed units that need manual repair)"
            )
        if self.repair_rate is not None:
            hint = " per day (the share of a group's crashed units its team repairs a day)"
            rate = _share("repair_rate", self.repair_rate, hint=hint)
            if self.effect != "crash" or self.recovery:
                raise ValueError(
                    f"repair_rate: got {self.repair_rate!r} with effect {self.effect!r} and "
                    f"recovery {self.recovery!r}; allowed: None, or a share per day only with "
                    "effect 'crash' and recovery 0 (give the repair as minutes per unit or as a "
                    "pace, not both)"
                )
            object.__setattr__(self, "repair_rate", rate)
        hint = " (the share of the fleet's units the config harms, e.g. 0.85)"
        object.__setattr__(self, "reach", _share("reach", self.reach, hint=hint))
        _minutes("cold", self.cold, high=MINUTES_PER_DAY)
        if self.cold and (self.effect != "crash" or self.manual_repair):
            raise ValueError(
                f"cold: got {self.cold!r} with effect {self.effect!r}; allowed: 0, or minutes > 0 "
                "only with effect 'crash' and no manual repair (units that restart by themselves "
                "with an empty cache)"
            )
        _minutes("settle", self.settle, high=MINUTES_PER_DAY)
        if self.settle and self.effect != "cpu":
            raise ValueError(
                f"settle: got {self.settle!r} with effect {self.effect!r}; allowed: 0, or minutes "
                "> 0 only with effect 'cpu' (units whose CPU is back to normal only that long "
                "after the rollback)"
            )

    @property
    def lag(self) -> int:
        """Minutes a harmed unit serves at :data:`COLD_HEALTH` after the rollback reaches it:
        ``cold`` (a crashed unit refilling its cache) or ``settle`` (a CPU settling)."""
        return {"crash": self.cold, "cpu": self.settle}.get(self.effect, 0)

    @property
    def manual_repair(self) -> bool:
        """Whether crashed units need hands-on repair after the rollback."""
        return self.effect == "crash" and (self.recovery > 0 or self.repair_rate is not None)

    def repair_minutes(self, group_size: int) -> float:
        """Minutes of a group's team per crashed unit: ``recovery``, or one day over the units
        the team repairs a day (``repair_rate`` times the group's size); 0 without repair.

        >>> ConfigVersion("v2", "crash", repair_rate=0.1).repair_minutes(10)
        1440.0
        """
        if self.repair_rate is not None:
            return MINUTES_PER_DAY / (self.repair_rate * group_size)
        return float(self.recovery)

    @property
    def bad(self) -> bool:
        return self.effect != "none"

    @property
    def health(self) -> float:
        """The capacity a unit on this version still serves: 1 for a good config."""
        if self.effect == "capacity":
            return 1.0 - (self.removes or 0.0)
        return 0.0 if self.bad else 1.0
