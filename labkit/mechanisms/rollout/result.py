"""What a push did: :class:`Rollout` (change-point rows of the fleet, :class:`RolloutRow`, and
of each group, :class:`GroupRow`; the :class:`RolloutEvent` log; look-ups and explanations) and
:func:`health_state`, which turns a share of healthy capacity into an engine state."""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field

from ...clock import TimeLike, fmt_time, parse_time
from ...states import DEGRADED, DOWN, OK, STATE_NAMES
from ...validate import check_choice
from .checks import _EPS
from .fleet import ConfigVersion, Fleet
from .strategies import StagedPush, Strategy

__all__ = [
    "DEGRADED_BELOW",
    "DOWN_BELOW",
    "PHASES",
    "GroupRow",
    "Rollout",
    "RolloutEvent",
    "RolloutRow",
    "health_state",
]

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

#: Default thresholds of :func:`health_state`: a fleet (or one group of it) serving less than
#: half its capacity is down; one that lost more than the usual headroom (10%) is degraded.
DOWN_BELOW = 0.5
DEGRADED_BELOW = 0.9


@dataclass(frozen=True)
class RolloutRow:
    """One stretch [start, end) in which the fleet did not change.

    ``share_new``/``share_bad``: share of units on the pushed version (``share_bad`` counts it
    only if the config is bad and harms that unit, see ``ConfigVersion.reach``);
    ``share_healthy``: the capacity the fleet serves, as a share of normal; ``wave``: the wave
    in progress (0 is the canary), ``None`` when none is.
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
    on the old version; ``recovered_at`` when the last harmed unit served in full again (the
    last crashed unit repaired, the last cache refilled or the last CPU settled).
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

    def refilling(self, t: TimeLike) -> bool:
        """Whether at ``t`` the only capacity lost is units refilling cold caches (``cold``)
        or settling their CPU (``settle``): the push is rolled back and nothing waits for
        repair. Such units are reachable, only slow."""
        row = self.at(t)
        return row.phase == "recovering" and self.config.lag > 0

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
            pace = self.config.repair_rate
            if self.config.manual_repair:
                recovering = "; rolled back, but crashed units still wait for manual repair" + (
                    f" (each team repairs {pace:.0%} of its units a day)" if pace else ""
                )
            elif self.config.effect == "crash":
                recovering = (
                    "; rolled back, but the units that crashed restarted with empty caches and "
                    "refill them from the origins, which are overloaded meanwhile"
                )
            else:
                recovering = "; rolled back, but the units' CPU is not back to normal yet"
            tail = {
                "rolling back": "; rollback under way",
                "recovering": recovering,
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
