"""Config pushes: a fleet running a config version is moved to a new one, all at once or in waves.

A fleet is a set of units (edge servers, cloud hosts, an agent on customers' machines), each in a
group (a city's edge location, a region, a customer). :func:`push` moves the fleet to a new
:class:`ConfigVersion` by a strategy: :class:`GlobalPush` (every unit at once, as Cloudflare's
WAF rule in July 2019 and CrowdStrike's channel file in July 2024) or :class:`StagedPush` (a
canary, then waves, with bake time, a health gate that halts the rollout and an automatic
rollback). A bad config crashes the units that load it, exhausts their CPU or removes part of
their capacity; a good config changes nothing. Time is whole minutes since 00:00.

>>> fleet = Fleet.from_groups("edge fleet", {"Tokyo": 10, "Sydney": 10})
>>> staged = StagedPush(canary=0.1, waves=(0.9,), bake=15, detect_delay=5, rollback_minutes=5)
>>> r = push(fleet, ConfigVersion("v2", effect="crash"), staged, start="10:00")
>>> for e in r.events:
...     print(e)
10:00 canary (10%, 2 units) got v2
10:05 health gate: canary at 0% health < 95% threshold → halt, rollback
10:10 rollback: canary back on v1; rollback done
>>> r.blast_radius
0.1
>>> print(r.reason("10:07"))
edge fleet at 90% capacity because config v2 (crash) reached the canary (10%) before the health
gate halted the rollout at 10:05; rollback under way
"""

from __future__ import annotations

import bisect
import dataclasses
import math
import random
import unicodedata
from collections import deque
from collections.abc import Mapping
from dataclasses import dataclass, field

from ...clock import MINUTES_PER_DAY, TimeLike, fmt_time, parse_time
from ...internet import Internet, build_internet
from ...states import DEGRADED, DOWN, OK, STATE_NAMES
from ...validate import check_choice, short

__all__ = [
    "DEGRADED_BELOW",
    "DOWN_BELOW",
    "EFFECTS",
    "PHASES",
    "ConfigVersion",
    "Fleet",
    "GlobalPush",
    "GroupRow",
    "Rollout",
    "RolloutEvent",
    "RolloutRow",
    "StagedPush",
    "Unit",
    "health_state",
    "push",
    "toy_fleets",
]

#: What a config does to a unit that loads it.
EFFECTS = {
    "none": "a good config: nothing changes",
    "crash": "the unit crashes as soon as it loads the config (CrowdStrike, July 2024)",
    "cpu": "the unit's CPU is exhausted, so it stops serving (Cloudflare's WAF regex, July 2019)",
    "capacity": "a wrong value removes part of the unit's capacity (S3 Feb 2017, Google Cloud "
    "June 2025)",
}
#: The phases a push goes through (a staged push's waves are "canary", "wave 1", "wave 2", …).
PHASES = (
    "before",
    "canary",
    "wave N",
    "done",
    "halted",
    "rolling back",
    "recovering",
    "rolled back",
)
ORDERS = ("random", "by-group")

#: Default thresholds of :func:`health_state`: a fleet (or one group of it) serving less than
#: half its capacity is down; one that lost more than the usual headroom (10%) is degraded.
DOWN_BELOW = 0.5
DEGRADED_BELOW = 0.9

_EPS = 1e-9


# --------------------------------------------------------------------------------------------
# Checking fields
# --------------------------------------------------------------------------------------------
def _name(field_name: str, value: object, example: str) -> str:
    if not isinstance(value, str) or not value.strip():
        raise ValueError(
            f"{field_name}: got {short(value)}; allowed: a non-empty name like {example!r}"
        )
    return value


def _share(field_name: str, value: object, *, zero_ok: bool = False, hint: str = "") -> float:
    low = "[0, 1]" if zero_ok else "(0, 1]"
    if isinstance(value, bool) or not isinstance(value, int | float) or math.isnan(value):
        raise ValueError(f"{field_name}: got {short(value)}; allowed: a share in {low}{hint}")
    if not ((0 <= value if zero_ok else 0 < value) and value <= 1):
        raise ValueError(f"{field_name}: got {short(value)}; allowed: a share in {low}{hint}")
    return float(value)


def _minutes(
    field_name: str, value: object, *, low: int = 0, high: int = 7 * MINUTES_PER_DAY
) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise ValueError(f"{field_name}: got {short(value)}; allowed: whole minutes {low}-{high}")
    return value


def _slug(text: str) -> str:
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return "-".join(plain.lower().split())


# --------------------------------------------------------------------------------------------
# The fleet and the config
# --------------------------------------------------------------------------------------------
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
            if isinstance(n, bool) or not isinstance(n, int) or not 1 <= n <= 100_000:
                raise ValueError(
                    f"counts[{group!r}]: got {n!r}; allowed: a whole number of units 1-100000"
                )
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


# --------------------------------------------------------------------------------------------
# Strategies
# --------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class GlobalPush:
    """Every unit gets the new config in the same minute; nothing watches health. Operators may
    revert a bad config by hand ``revert_after`` minutes after the push (``None``: not within
    the run); the rollback then takes ``rollback_minutes``.

    >>> GlobalPush(revert_after=0)
    Traceback (most recent call last):
    ...
    ValueError: revert_after: got 0; allowed: None (never) or whole minutes 1-10080
    """

    revert_after: int | None = None
    rollback_minutes: int = 0

    def __post_init__(self) -> None:
        _check_revert(self.revert_after)
        _minutes("rollback_minutes", self.rollback_minutes, high=MINUTES_PER_DAY)


@dataclass(frozen=True)
class StagedPush:
    """A canary, then waves: ``canary`` and ``waves`` are shares of the fleet that sum to 1.

    Each wave bakes for ``bake`` minutes before the next starts. During every bake (the last one
    too) a health gate watches the units updated so far; it sees a unit's trouble
    ``detect_delay`` minutes after the unit loaded the config, and halts the rollout when their
    health falls below ``gate``. With ``auto_rollback`` the updated waves then go back to the old
    version, most recent first, ``rollback_minutes`` per wave. ``order`` is "random" (units in a
    seeded random order) or "by-group" (whole groups, in a seeded random order). Shares are
    rounded up to whole units (to whole groups with "by-group"); a wave that rounds to nothing
    is skipped.

    >>> StagedPush(canary=0.05, waves=(0.25, 0.6))
    Traceback (most recent call last):
    ...
    ValueError: waves: got (0.25, 0.6); with the canary 0.05 the shares sum to 0.9; allowed: ...
    """

    canary: float = 0.05
    waves: tuple[float, ...] = (0.25, 0.7)
    bake: int = 15
    gate: float = 0.95
    detect_delay: int = 5
    rollback_minutes: int = 5
    auto_rollback: bool = True
    revert_after: int | None = None
    order: str = "random"

    def __post_init__(self) -> None:
        canary = _share("canary", self.canary, hint=" (e.g. 0.05 for 5% of the fleet)")
        object.__setattr__(self, "canary", canary)
        if not isinstance(self.waves, list | tuple):
            raise ValueError(
                f"waves: got {self.waves!r}; allowed: a list of shares, e.g. (0.25, 0.7)"
            )
        waves = tuple(_share(f"waves[{i}]", w) for i, w in enumerate(self.waves))
        total = canary + sum(waves)
        if abs(total - 1) > 1e-6:
            raise ValueError(
                f"waves: got {tuple(self.waves)!r}; with the canary {canary:g} the shares sum to "
                f"{total:g}; allowed: shares in (0, 1] that sum to 1 with the canary, e.g. "
                f"{_example_waves(canary)}"
            )
        object.__setattr__(self, "waves", waves)
        _minutes("bake", self.bake, high=MINUTES_PER_DAY)
        object.__setattr__(
            self, "gate", _share("gate", self.gate, zero_ok=True, hint=" (0.95 is 95% health)")
        )
        _minutes("detect_delay", self.detect_delay, high=MINUTES_PER_DAY)
        _minutes("rollback_minutes", self.rollback_minutes, high=MINUTES_PER_DAY)
        if not isinstance(self.auto_rollback, bool):
            raise ValueError(f"auto_rollback: got {self.auto_rollback!r}; allowed: True or False")
        _check_revert(self.revert_after)
        check_choice("order", self.order, ORDERS)


def _example_waves(canary: float) -> str:
    rest = 1 - canary
    if rest <= _EPS:
        return "() with canary 1"
    return f"({rest * 0.25:.4g}, {rest * 0.75:.4g})"


def _check_revert(value: object) -> None:
    if value is not None:
        try:
            _minutes("revert_after", value, low=1)
        except ValueError:
            raise ValueError(
                f"revert_after: got {short(value)}; allowed: None (never) or whole minutes 1-10080"
            ) from None


Strategy = GlobalPush | StagedPush


# --------------------------------------------------------------------------------------------
# The result
# --------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class RolloutRow:
    """One stretch [start, end) in which the fleet did not change.

    ``share_new``/``share_bad``: share of units on the pushed version (``share_bad`` counts it
    only if the config is bad); ``share_healthy``: the capacity the fleet serves, as a share of
    normal; ``wave``: the wave in progress (0 is the canary), ``None`` when none is.
    """

    start: int
    end: int
    share_new: float
    share_bad: float
    share_healthy: float
    wave: int | None
    phase: str
    halted: bool
    rolled_back: bool

    @property
    def minutes(self) -> int:
        return self.end - self.start


@dataclass(frozen=True)
class GroupRow:
    """One group's (region's, city's, customer's) shares during [start, end)."""

    start: int
    end: int
    group: str
    share_new: float
    share_bad: float
    share_healthy: float

    @property
    def minutes(self) -> int:
        return self.end - self.start


@dataclass(frozen=True)
class RolloutEvent:
    """Something the push did at minute ``at``: ``kind`` is one of "wave", "halt", "revert",
    "rollback", "done", "recovered"."""

    at: int
    kind: str
    text: str

    def __str__(self) -> str:
        return f"{fmt_time(self.at)} {self.text}"


@dataclass(frozen=True)
class Rollout:
    """What a push did to the fleet, minute by minute, as change-point rows.

    ``wave_units`` are the unit ids of each planned wave (in update order); ``wave_times`` the
    minutes the waves that went out were loaded; ``halted_at``/``halt_reason`` ("gate" or
    "revert") when and why the push was stopped; ``rolled_back_at`` when the last unit was back
    on the old version; ``recovered_at`` when the last crashed unit was repaired.
    """

    fleet: Fleet
    config: ConfigVersion
    strategy: Strategy
    start: int
    minutes: int
    seed: int
    rows: tuple[RolloutRow, ...]
    group_rows: tuple[GroupRow, ...]
    events: tuple[RolloutEvent, ...]
    wave_units: tuple[tuple[str, ...], ...]
    wave_times: tuple[int, ...]
    halted_at: int | None
    halt_reason: str | None
    rolled_back_at: int | None
    recovered_at: int | None
    _starts: tuple[int, ...] = field(init=False, repr=False, compare=False)
    _by_group: dict = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_starts", tuple(r.start for r in self.rows))
        by_group: dict[str, list[GroupRow]] = {}
        for g in self.group_rows:
            by_group.setdefault(g.group, []).append(g)
        object.__setattr__(
            self, "_by_group", {k: (tuple(r.start for r in v), v) for k, v in by_group.items()}
        )

    # --- look-ups ---------------------------------------------------------------------------
    def _minute(self, t: TimeLike) -> int:
        m = parse_time("t", t)
        if m >= self.minutes:
            raise ValueError(
                f"t: got {t!r}; allowed: a time before the end of the run "
                f"({fmt_time(self.minutes)})"
            )
        return m

    def at(self, t: TimeLike) -> RolloutRow:
        """The row covering minute ``t``."""
        return self.rows[bisect.bisect_right(self._starts, self._minute(t)) - 1]

    def group_at(self, group: str, t: TimeLike) -> GroupRow:
        """One group's row covering minute ``t``."""
        check_choice("group", group, self._by_group)
        starts, rows = self._by_group[group]
        return rows[bisect.bisect_right(starts, self._minute(t)) - 1]

    def share_healthy(self, t: TimeLike, group: str | None = None) -> float:
        """Capacity served at ``t`` as a share of normal (of the fleet, or of one group)."""
        return (self.at(t) if group is None else self.group_at(group, t)).share_healthy

    def share_bad(self, t: TimeLike, group: str | None = None) -> float:
        """Share of units on the bad version at ``t`` (of the fleet, or of one group)."""
        return (self.at(t) if group is None else self.group_at(group, t)).share_bad

    def group_health(self, t: TimeLike) -> dict[str, float]:
        """``share_healthy`` of every group at ``t``."""
        return {g: self.group_at(g, t).share_healthy for g in self._by_group}

    def state(self, t: TimeLike, group: str | None = None) -> str:
        """ "ok", "degraded" or "down" by :func:`health_state` with the default thresholds."""
        return STATE_NAMES[health_state(self.share_healthy(t, group))]

    def change_times(self) -> list[int]:
        """Minutes at which something about the fleet or one of its groups changed."""
        return sorted({r.start for r in self.rows} | {g.start for g in self.group_rows})

    @property
    def blast_radius(self) -> float:
        """The largest share of the fleet that was on the bad version at any one minute."""
        return max(r.share_bad for r in self.rows)

    @property
    def lowest_health(self) -> float:
        """The lowest share of capacity the fleet served at any one minute."""
        return min(r.share_healthy for r in self.rows)

    @property
    def staged(self) -> bool:
        return isinstance(self.strategy, StagedPush)

    # --- explanations -----------------------------------------------------------------------
    def reached(self, t: TimeLike) -> str:
        """Which waves had got the config by ``t``, e.g. "the canary and waves 1–2 (70%)"."""
        m = self._minute(t)
        k = bisect.bisect_right(self.wave_times, m)
        n = sum(len(w) for w in self.wave_units[:k])
        share = f"{n / self.fleet.size:.0%}"
        if not self.staged:
            return "no unit" if k == 0 else "every unit at once"
        if k == 0:
            return "no unit yet"
        if k == len(self.wave_units):
            return f"every wave ({share})"
        if k == 1:
            return f"the canary ({share})"
        if k == 2:
            return f"the canary and wave 1 ({share})"
        return f"the canary and waves 1–{k - 1} ({share})"

    def reason(self, t: TimeLike, group: str | None = None) -> str:
        """Why the fleet (or one group) serves what it serves at ``t``, for an explanation chain,
        e.g. "EdgeFast edge at 38% capacity because config v2 (crash) reached …"."""
        m = self._minute(t)
        row = self.at(m)
        health = row.share_healthy if group is None else self.group_at(group, m).share_healthy
        who = self.fleet.name if group is None else f"{self.fleet.name} in {group}"
        if health >= 1 - _EPS:
            return f"{who} at full capacity"
        head = f"{who} at {health:.0%} capacity because config {self.config.version} "
        head += f"({self.config.effect})"
        reached = self.reached(m)
        if self.halted_at is not None and self.halted_at <= m:
            when = fmt_time(self.halted_at)
            if not self.staged:
                text = (
                    f"{head} was pushed to every unit at once at {fmt_time(self.start)} and "
                    f"reverted by hand at {when}"
                )
            elif self.halt_reason == "gate":
                text = (
                    f"{head} reached {reached} before the health gate halted the rollout at {when}"
                )
            else:
                text = f"{head} reached {reached} before operators reverted it by hand at {when}"
            tail = {
                "rolling back": "; rollback under way",
                "recovering": "; rolled back, but crashed units still wait for manual repair",
                "halted": "; no automatic rollback",
            }.get(row.phase, "")
            return text + tail
        if not self.staged:
            return f"{head} was pushed to every unit at once at {fmt_time(self.start)}"
        s = self.strategy
        assert isinstance(s, StagedPush)
        if row.phase == "done":
            return (
                f"{head} reached the whole fleet and the health gate never halted it (bake "
                f"{s.bake} min, detection delay {s.detect_delay} min, threshold {s.gate:.0%})"
            )
        return f"{head} has reached {reached} and the health gate has not halted it yet"


def health_state(
    share_healthy: float, *, down_below: float = DOWN_BELOW, degraded_below: float = DEGRADED_BELOW
) -> int:
    """A fleet's (or group's) health as an engine state: ``DOWN`` below ``down_below``,
    ``DEGRADED`` below ``degraded_below``, else ``OK``.

    >>> [STATE_NAMES[health_state(h)] for h in (1.0, 0.95, 0.6, 0.25)]
    ['ok', 'ok', 'degraded', 'down']
    """
    if share_healthy < down_below - _EPS:
        return DOWN
    if share_healthy < degraded_below - _EPS:
        return DEGRADED
    return OK


# --------------------------------------------------------------------------------------------
# The model
# --------------------------------------------------------------------------------------------
def push(
    fleet: Fleet,
    config: ConfigVersion,
    strategy: Strategy,
    start: TimeLike = "10:00",
    *,
    minutes: int = MINUTES_PER_DAY,
    seed: int = 0,
    every_minute: bool = False,
) -> Rollout:
    """Push ``config`` to ``fleet`` by ``strategy`` at ``start``; the run lasts ``minutes``.

    Only minutes where something can change are computed (a wave starts, a unit's trouble
    becomes visible to the health gate, a bake ends, a rollback step or a repair is done);
    ``every_minute=True`` computes all of them and gives the same result, slower. The result
    depends only on the arguments (``seed`` orders the units).

    >>> f = Fleet.from_groups("hosts", {"r1": 4})
    >>> r = push(f, ConfigVersion("v2", "capacity", removes=0.25), GlobalPush(), "08:00")
    >>> [(x.start, x.end, x.share_bad, x.share_healthy, x.phase) for x in r.rows]
    [(0, 480, 0.0, 1.0, 'before'), (480, 1440, 1.0, 0.75, 'done')]
    """
    if not isinstance(fleet, Fleet):
        raise ValueError(f"fleet: got {type(fleet).__name__}; allowed: a Fleet (see toy_fleets())")
    if not isinstance(config, ConfigVersion):
        raise ValueError(f"config: got {type(config).__name__}; allowed: ConfigVersion('v2', ...)")
    if not isinstance(strategy, GlobalPush | StagedPush):
        raise ValueError(
            f"strategy: got {type(strategy).__name__}; allowed: GlobalPush(...) or StagedPush(...)"
        )
    if config.version == fleet.version:
        raise ValueError(
            f"config: got version {config.version!r}, which the fleet already runs; allowed: "
            "a different version"
        )
    _minutes("minutes", minutes, low=1)
    begin = parse_time("start", start)
    if begin >= minutes:
        raise ValueError(
            f"start: got {start!r}, which is not before the end of the run ({fmt_time(minutes)}); "
            "allowed: an earlier start or more minutes"
        )
    if isinstance(seed, bool) or not isinstance(seed, int):
        raise ValueError(f"seed: got {seed!r}; allowed: a whole number")
    run = _Run(fleet, config, strategy, begin, seed)
    rows: list[RolloutRow] = []
    groups: dict[str, list[GroupRow]] = {g: [] for g in fleet.groups}
    t = 0
    while t < minutes:
        run.step(t)
        nxt = t + 1 if every_minute else run.next_change(t)
        nxt = minutes if nxt is None else min(nxt, minutes)
        whole, per_group = run.snapshot(t)
        _extend(rows, RolloutRow(t, nxt, *whole))
        for g, values in per_group.items():
            _extend(groups[g], GroupRow(t, nxt, g, *values))
        t = nxt
    return Rollout(
        fleet,
        config,
        strategy,
        begin,
        minutes,
        seed,
        tuple(rows),
        tuple(r for g in fleet.groups for r in groups[g]),
        tuple(run.events),
        tuple(tuple(fleet.units[i].id for i in w) for w in run.wave_idx),
        tuple(run.loaded),
        run.halted_at,
        run.halt_reason,
        run.rolled_back_at,
        run.recovered_at,
    )


def _extend(rows: list, row: RolloutRow | GroupRow) -> None:
    """Append ``row``, or lengthen the last row if nothing but the time differs."""
    if rows:
        last = rows[-1]
        same = [getattr(last, k) for k in last.__dataclass_fields__ if k not in ("start", "end")]
        if same == [getattr(row, k) for k in row.__dataclass_fields__ if k not in ("start", "end")]:
            rows[-1] = dataclasses.replace(last, end=row.end)
            return
    rows.append(row)


class _Run:
    """The state of one push; :meth:`step` applies what happens at minute ``t``."""

    def __init__(
        self, fleet: Fleet, config: ConfigVersion, strategy: Strategy, start: int, seed: int
    ) -> None:
        self.fleet, self.config, self.start = fleet, config, start
        self.staged = isinstance(strategy, StagedPush)
        if isinstance(strategy, StagedPush):
            shares = (strategy.canary, *strategy.waves)
            self.bake, self.gate = strategy.bake, strategy.gate
            self.detect, self.auto = strategy.detect_delay, strategy.auto_rollback
            order = strategy.order
        else:
            shares, self.bake, self.gate, self.detect, self.auto = (1.0,), 0, None, 0, True
            order = "random"
        self.rollback_minutes = strategy.rollback_minutes
        self.revert_at = None if strategy.revert_after is None else start + strategy.revert_after
        self.wave_idx = _waves(fleet, shares, order, random.Random(seed))
        n = fleet.size
        self.group_of = [u.group for u in fleet.units]
        self.rank = {u: i for i, w in enumerate(self.wave_idx) for u in w}  # wave of each unit
        # what happened so far
        self.loaded: list[int] = []  # minute each loaded wave got the config
        self.due: int | None = start  # when the next wave goes out
        self.window_end: int | None = None  # end of the last wave's bake
        self.done = False
        self.halted_at: int | None = None
        self.halt_reason: str | None = None
        self.rollback_at: int | None = None
        self.pending: list[int] = []  # waves still to roll back, next first
        self.next_restore: int | None = None
        self.rolled_back_at: int | None = None
        self.recovered_at: int | None = None
        self.on_new = [False] * n
        self.broken = [False] * n  # crashed, rolled back, waiting for manual repair
        self.queues: dict[str, deque[int]] = {g: deque() for g in fleet.groups}
        self.busy: dict[str, tuple[int, int]] = {}  # group → (unit, minute its repair is done)
        self.events: list[RolloutEvent] = []

    # --- helpers ----------------------------------------------------------------------------
    def _label(self, k: int) -> str:
        if not self.staged:
            return "every unit"
        return "canary" if k == 0 else f"wave {k}"

    def _scope(self, k: int) -> str:
        """The first ``k`` waves, e.g. "canary and waves 1–2"."""
        if not self.staged:
            return "every unit"
        if k == 1:
            return "canary"
        return "canary and wave 1" if k == 2 else f"canary and waves 1–{k - 1}"

    def _event(self, t: int, kind: str, text: str) -> None:
        self.events.append(RolloutEvent(t, kind, text))

    def _observed(self, t: int) -> float:
        """Health of the updated units as the gate sees it at ``t`` (``detect`` minutes late)."""
        updated = visible = 0
        for k, at in enumerate(self.loaded):
            updated += len(self.wave_idx[k])
            if at + self.detect <= t:
                visible += len(self.wave_idx[k])
        if not updated:
            return 1.0
        return (updated - visible + visible * self.config.health) / updated

    def _gate_trips(self, t: int) -> bool:
        if self.gate is None or not self.loaded or not self.config.bad:
            return False
        if self.window_end is not None and t > self.window_end:
            return False
        return self._observed(t) < self.gate - _EPS

    # --- one minute -------------------------------------------------------------------------
    def step(self, t: int) -> None:
        if t < self.start:
            return
        v, old = self.config.version, self.fleet.version
        if (
            self.config.bad
            and self.revert_at is not None
            and self.rollback_at is None
            and t >= self.revert_at
        ):
            after = self.revert_at - self.start
            if self.halted_at is None:
                self.halted_at, self.halt_reason, self.due = t, "revert", None
            self._event(
                t, "revert", f"operators revert {v} by hand ({after} min after the push) → rollback"
            )
            self._start_rollback(t)
        while self.halted_at is None:
            if self._gate_trips(t):
                obs, k = self._observed(t), len(self.loaded)
                then = "halt, rollback" if self.auto else "halt (no automatic rollback)"
                self._event(
                    t,
                    "halt",
                    f"health gate: {self._scope(k)} at {obs:.0%} health < {self.gate:.0%} "
                    f"threshold → {then}",
                )
                self.halted_at, self.halt_reason, self.due = t, "gate", None
                if self.auto:
                    self._start_rollback(t)
                break
            if self.due is not None and t >= self.due:
                self._load(self.due)
                continue
            break
        if self.halted_at is None and not self.done and self.window_end is not None:
            if t >= self.window_end:
                self.done = True
                if self.staged:
                    n = self.fleet.size
                    self._event(t, "done", f"rollout complete: all {n} units on {v}")
        while self.pending and self.next_restore is not None and t >= self.next_restore:
            self._restore(self.next_restore, self.pending.pop(0), old)
            self.next_restore += self.rollback_minutes
        self._repair(t)

    def _load(self, t: int) -> None:
        k = len(self.loaded)
        units = self.wave_idx[k]
        for u in units:
            self.on_new[u] = True
        self.loaded.append(t)
        v, n = self.config.version, self.fleet.size
        if self.staged:
            reached = sum(len(w) for w in self.wave_idx[: k + 1]) / n
            text = f"{self._label(k)} ({len(units) / n:.0%}, {len(units)} units) got {v}"
            if k:
                text += f"; {reached:.0%} of the fleet on {v}"
        else:
            text = f"global push: all {n} units got {v}"
        self._event(t, "wave", text)
        if k + 1 < len(self.wave_idx):
            self.due = t + self.bake
        else:
            self.due, self.window_end = None, t + self.bake

    def _start_rollback(self, t: int) -> None:
        self.rollback_at = t
        self.pending = list(reversed(range(len(self.loaded))))
        self.next_restore = t + self.rollback_minutes

    def _restore(self, t: int, k: int, old: str) -> None:
        repair = self.config.effect == "crash" and self.config.recovery > 0
        for u in self.wave_idx[k]:
            self.on_new[u] = False
            if repair:
                self.broken[u] = True
                self.queues[self.group_of[u]].append(u)
        text = f"rollback: {self._label(k)} back on {old}"
        if not self.pending:
            self.rolled_back_at = t
            text += "; rollback done"
        if repair:
            text += (
                f"; {len(self.wave_idx[k])} crashed units need manual repair "
                f"({self.config.recovery} min each)"
            )
        self._event(t, "rollback", text)

    def _repair(self, t: int) -> None:
        fixed = False
        for g, queue in self.queues.items():
            job = self.busy.get(g)
            if job is not None and t >= job[1]:
                self.broken[job[0]] = False
                del self.busy[g]
                fixed = True
            if g not in self.busy and queue:
                self.busy[g] = (queue.popleft(), t + self.config.recovery)
        if fixed and not self.busy and not self.pending:
            self.recovered_at = t
            n = sum(len(self.wave_idx[k]) for k in range(len(self.loaded)))
            self._event(t, "recovered", f"manual repair done: all {n} crashed units back")

    # --- what changes when ------------------------------------------------------------------
    def next_change(self, t: int) -> int | None:
        """The next minute after ``t`` at which :meth:`step` can change anything."""
        due: list[int] = []
        if t < self.start:
            due.append(self.start)
        if self.halted_at is None:
            if self.due is not None:
                due.append(self.due)
            if not self.done and self.window_end is not None:
                due.append(self.window_end)
            if self.config.bad and self.gate is not None:
                due += [at + self.detect for at in self.loaded]
        if self.config.bad and self.revert_at is not None and self.rollback_at is None:
            due.append(self.revert_at)
        if self.pending and self.next_restore is not None:
            due.append(self.next_restore)
        due += [until for _, until in self.busy.values()]
        later = [m for m in due if m > t]
        return min(later) if later else None

    def snapshot(self, t: int) -> tuple[tuple, dict[str, tuple[float, float, float]]]:
        """The fleet's row values and every group's (share_new, share_bad, share_healthy)."""
        bad, health = self.config.bad, self.config.health
        counts = {g: [0, 0, 0.0, 0] for g in self.queues}  # new, bad, lost capacity, size
        for u, g in enumerate(self.group_of):
            c = counts[g]
            c[3] += 1
            if self.on_new[u]:
                c[0] += 1
                if bad:
                    c[1] += 1
            elif self.broken[u]:
                c[2] += 1
        per_group = {}
        tot = [0, 0, 0.0, 0]
        for g, (new, nbad, broken, size) in counts.items():
            per_group[g] = _shares(new, nbad, broken, size, health)
            tot = [tot[0] + new, tot[1] + nbad, tot[2] + broken, tot[3] + size]
        whole = _shares(*tot, health)
        rolled_back = self.rollback_at is not None and not self.pending
        wave = None
        if t < self.start:
            phase = "before"
        elif self.rollback_at is not None:
            phase = (
                "rolling back"
                if self.pending
                else ("recovering" if any(self.broken) else "rolled back")
            )
        elif self.halted_at is not None:
            phase = "halted"
        elif self.done:
            phase = "done"
        else:
            wave = len(self.loaded) - 1
            phase = self._label(wave)
        return (*whole, wave, phase, self.halted_at is not None, rolled_back), per_group


def _shares(
    new: int, bad: int, broken: int, size: int, health: float
) -> tuple[float, float, float]:
    """(share_new, share_bad, share_healthy) from unit counts (no sums of floats: exact)."""
    ok = size - bad - broken
    return new / size, bad / size, (ok + bad * health) / size


def _waves(
    fleet: Fleet, shares: tuple[float, ...], order: str, rng: random.Random
) -> list[list[int]]:
    """Unit indices of each wave: cumulative shares rounded up to whole units ("by-group": to
    whole groups); the canary has at least one unit, the last wave ends with the whole fleet, and
    a later wave that rounds to no units is skipped."""
    n = fleet.size
    if order == "by-group":
        groups = list(fleet.groups)
        rng.shuffle(groups)
        where = {g: i for i, g in enumerate(groups)}
        idx = sorted(range(n), key=lambda i: (where[fleet.units[i].group], i))
        sizes = [sum(1 for u in fleet.units if u.group == g) for g in groups]
        cuts = [sum(sizes[: i + 1]) for i in range(len(sizes))]  # where each group ends
    else:
        idx = list(range(n))
        rng.shuffle(idx)
        cuts = list(range(1, n + 1))
    out, lo, cum = [], 0, 0.0
    for k, s in enumerate(shares):
        cum += s
        want = max(1, math.ceil(cum * n - 1e-6)) if k < len(shares) - 1 else n
        hi = max(lo, cuts[bisect.bisect_left(cuts, min(want, n))])
        if hi > lo or k == len(shares) - 1 and not out:
            out.append(idx[lo:hi])  # a wave that rounds to no units is skipped
        lo = hi
    return out


# --------------------------------------------------------------------------------------------
# Toy fleets
# --------------------------------------------------------------------------------------------
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
