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
from collections import deque

from ...clock import MINUTES_PER_DAY, TimeLike, fmt_time, parse_time
from ...scenario import MAX_MINUTES
from ...validate import check_seed
from .checks import _EPS, _minutes
from .fleet import COLD_HEALTH, ConfigVersion, Fleet
from .result import GroupRow, Rollout, RolloutEvent, RolloutRow
from .strategies import GlobalPush, StagedPush, Strategy

__all__ = ["push"]


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
    _minutes("minutes", minutes, low=1, high=MAX_MINUTES)
    begin = parse_time("start", start)
    if begin >= minutes:
        raise ValueError(
            f"start: got {start!r}, which is not before the end of the run ({fmt_time(minutes)}); "
            "allowed: an earlier start or more minutes"
        )
    check_seed("seed", seed)
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
        self.gate: float | None
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
        self.harmed = _harmed(n, config.reach, random.Random(f"{seed}-reach"))
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
        self.crew_clock: dict[str, float] = {}  # group → when its team's current job ends
        sizes: dict[str, int] = {}
        for g in self.group_of:
            sizes[g] = sizes.get(g, 0) + 1
        self.repair_each = {g: config.repair_minutes(k) for g, k in sizes.items()}
        self.cold_until = [0] * n  # cold cache or settling CPU until then (half capacity)
        self.cold_end: int | None = None  # when the last unit serves in full again
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
                visible += sum(1 for u in self.wave_idx[k] if self.harmed[u])
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
        cfg = self.config
        repair, lag = cfg.manual_repair, cfg.lag
        hurt = [u for u in self.wave_idx[k] if self.harmed[u]]
        for u in self.wave_idx[k]:
            self.on_new[u] = False
        for u in hurt:
            if repair:
                self.broken[u] = True
                self.queues[self.group_of[u]].append(u)
            if lag:
                self.cold_until[u] = t + lag
                self.cold_end = t + lag
        text = f"rollback: {self._label(k)} back on {old}"
        if not self.pending:
            self.rolled_back_at = t
            text += "; rollback done"
        if repair and hurt:
            pace = (
                f"{cfg.recovery} min each"
                if cfg.repair_rate is None
                else f"each group's team repairs {cfg.repair_rate:.0%} of its units a day"
            )
            text += f"; {len(hurt)} crashed units need manual repair ({pace})"
        if lag and hurt and cfg.effect == "crash":
            text += (
                f"; {len(hurt)} restarted units refill their empty caches from the origins "
                f"({cfg.cold} min)"
            )
        elif lag and hurt:
            text += f"; the CPU of {len(hurt)} units is back to normal only {lag} min later"
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
                # the team's jobs follow one another; whole minutes only where one ends
                done = max(float(t), self.crew_clock.get(g, 0.0)) + self.repair_each[g]
                self.crew_clock[g] = done
                self.busy[g] = (queue.popleft(), math.ceil(done - 1e-6))
        if fixed and not self.busy and not self.pending:
            self.recovered_at = t
            n = sum(1 for k in range(len(self.loaded)) for u in self.wave_idx[k] if self.harmed[u])
            self._event(t, "recovered", f"manual repair done: all {n} crashed units back")
        if (
            self.cold_end is not None
            and t >= self.cold_end
            and not self.pending
            and self.recovered_at is None
        ):  # the last slow unit serves in full (or the rollback ends after it already did)
            self.recovered_at = t
            back = (
                "caches refilled: every restarted unit serves in full"
                if self.config.effect == "crash"
                else "CPU back to normal: every unit serves in full"
            )
            self._event(t, "recovered", back)

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
        due += [c for c in self.cold_until if c > t]
        later = [m for m in due if m > t]
        return min(later) if later else None

    def snapshot(self, t: int) -> tuple[tuple, dict[str, tuple[float, float, float]]]:
        """The fleet's row values and every group's (share_new, share_bad, share_healthy)."""
        bad, health = self.config.bad, self.config.health
        counts = {g: [0, 0, 0.0, 0] for g in self.queues}  # new, bad, lost capacity, size
        cold = False
        for u, g in enumerate(self.group_of):
            c = counts[g]
            c[3] += 1
            if self.on_new[u]:
                c[0] += 1
                if bad and self.harmed[u]:
                    c[1] += 1
            elif self.broken[u]:
                c[2] += 1
            elif self.cold_until[u] > t:
                c[2] += 1 - COLD_HEALTH  # halves: exact in floats
                cold = True
        per_group = {}
        tot: list[float] = [0, 0, 0.0, 0]
        for g, (new, nbad, broken, size) in counts.items():
            per_group[g] = _shares(new, nbad, broken, size, health)
            tot = [tot[0] + new, tot[1] + nbad, tot[2] + broken, tot[3] + size]
        whole = _shares(tot[0], tot[1], tot[2], tot[3], health)
        rolled_back = self.rollback_at is not None and not self.pending
        wave = None
        if t < self.start:
            phase = "before"
        elif self.rollback_at is not None:
            phase = (
                "rolling back"
                if self.pending
                else ("recovering" if any(self.broken) or cold else "rolled back")
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
    new: float, bad: float, broken: float, size: float, health: float
) -> tuple[float, float, float]:
    """(share_new, share_bad, share_healthy) from unit counts (no sums of floats: exact)."""
    ok = size - bad - broken
    return new / size, bad / size, (ok + bad * health) / size


def _harmed(n: int, reach: float, rng: random.Random) -> list[bool]:
    """Which of ``n`` units the config harms: all of them, or ``reach`` of them rounded up to
    whole units, in a seeded random choice."""
    if reach >= 1 - _EPS:
        return [True] * n
    chosen = set(rng.sample(range(n), max(1, math.ceil(reach * n - 1e-6))))
    return [u in chosen for u in range(n)]


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
    out: list[list[int]] = []
    lo, cum = 0, 0.0
    for k, s in enumerate(shares):
        cum += s
        want = max(1, math.ceil(cum * n - 1e-6)) if k < len(shares) - 1 else n
        hi = max(lo, cuts[bisect.bisect_left(cuts, min(want, n))])
        if hi > lo or k == len(shares) - 1 and not out:
            out.append(idx[lo:hi])  # a wave that rounds to no units is skipped
        lo = hi
    return out
