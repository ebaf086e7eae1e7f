"""The fleet and the config: :class:`Unit`, :class:`Fleet` (units that all run one config
version) and :class:`ConfigVersion` (a version and what it does to each unit that loads it, one
of :data:`EFFECTS`)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from ...clock import MINUTES_PER_DAY
from ...validate import check_choice, check_count
from .checks import _minutes, _name, _share, _slug

__all__ = ["EFFECTS", "ConfigVersion", "Fleet", "Unit"]

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
    group's team fixes its units one after another.

    >>> ConfigVersion("v2", effect="crahs")
    Traceback (most recent call last):
    ...
    ValueError: effect: unknown value 'crahs'. Did you mean 'crash'? Allowed: ...
    """

    version: str
    effect: str = "none"
    removes: float | None = None
    recovery: int = 0

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

    @property
    def bad(self) -> bool:
        return self.effect != "none"

    @property
    def health(self) -> float:
        """The capacity a unit on this version still serves: 1 for a good config."""
        if self.effect == "capacity":
            return 1.0 - (self.removes or 0.0)
        return 0.0 if self.bad else 1.0
