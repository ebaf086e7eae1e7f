"""Service health from dependencies, one moment at a time: hard and soft needs, zone spread,
health-checked failover between regions, and the backlog of queued work that keeps a service
degraded after the root cause is fixed. A backlog builds up only where clients can still
reach a component and it can queue work (:func:`work_piles_up`).

The engine (:mod:`labkit.simulate`) calls :meth:`Cascade.evaluate` only at moments where
something can change, and :meth:`Cascade.advance` to move backlogs over the quiet stretch in
between; that is exactly the same as evaluating every minute (a test checks it).
"""

from __future__ import annotations

import heapq
from collections.abc import Sequence
from dataclasses import dataclass, field

from .internet import Dependency, Internet, Service
from .states import DEGRADED, DOWN, HEALTHY, OK, STATE_NAMES, Cause

__all__ = ["Cascade", "FailoverEvent", "work_piles_up"]

# Backlog is counted in half-minutes of queued work: +2 per minute down for a reason that lets
# work pile up (see work_piles_up; times the retry
# amplification: clients that retry without backoff send each failed request again), -1 x drain
# per minute while degraded (it still works, at half the pace: an assumption, no record gives a
# figure), and -2 x drain per minute once healthy again. Integers keep runs reproducible.
# A state is the worse of what the dependencies say and what the backlog says, so more failure
# never makes anything better (a property test checks it).
#: More than this many minutes of draining left and a recovering service is overloaded (down).
COLLAPSE_MINUTES = 60


def work_piles_up(cause: Cause, *, cut_off: bool = False, turned_away: bool = False) -> bool:
    """Whether queued work and clients' retries pile up at a component that is down for
    ``cause``. They can only pile up where clients still reach the component and it takes
    their requests in; where requests fail before they get there, nothing waits.

    Parameters
    ----------
    cause : Cause
        One reason the component is down.
    cut_off : bool, default False
        For kind "reach": True when its users cannot reach it, False when it is the component
        that cannot reach something it needs.
    turned_away : bool, default False
        For kind "dependency": True when the dependency is down only for reasons that turn
        work away at once (see below), so the work for this component fails at once too.

    Returns
    -------
    bool
        True if a backlog grows while the component is down for this reason.

    Notes
    -----
    By ``cause.kind``:

    - "failure" (the failure hit it directly): yes, unless the failure turns work away at
      once (:attr:`labkit.Failure.fails_fast`). Building blocks of a region that fail in place
      still sit behind working endpoints: after S3 came back, other services "had backlogs to
      work off" (casebook §1, AWS S3, 28 Feb 2017). Crashed or CPU-pinned servers of a config
      push take nothing in: CrowdStrike's hosts boot-looped and came back one manual repair at
      a time (§6, 19 Jul 2024); Fastly's edge answered errors while the origins were healthy,
      95% of it normal within 49 minutes (§5, 8 Jun 2021); Cloudflare's WAF outage had "no
      separate long tail" (§7, 2 Jul 2019).
    - "dependency" (a hard need is down): yes; the component runs, its callers reach it, and
      their work waits and is retried until the need is back. Unless ``turned_away``: a
      crashed CDN in front of it, or crashed hosts under it, fail the work before it arrives.
    - "zones" (every zone it runs in is down) and "failover" (health checks have not moved
      traffic yet): yes; the region's front door still takes requests, and they queue.
    - "reach", the component cannot reach a need (its resolver has no answer, its route is
      lost): yes; it is up and its callers reach it. The canonical retry storm: EC2's
      DropletWorkflow Manager could not reach DynamoDB by name, and after the DNS fix its
      piled-up retries sent it into "congestive collapse" (§2, AWS us-east-1, 20 Oct 2025).
    - "reach", its users cannot reach it (``cut_off``): no. Retries sent along a withdrawn or
      hijacked route (§4 Facebook, §9 YouTube) or to a name that does not resolve (§8 Dyn:
      the web servers "were healthy" but "unreachable by name") never arrive.
    - "dns", "bgp": no, for the same reason (the engine gives these causes to vantage
      points, so a component's own state gets them as "reach").
    - "backlog": yes, that is the retry storm itself.

    A component down for several reasons at once piles up work if any of them lets it, so
    adding a failure never shortens a backlog (a property test checks that more failure
    never makes anything better).

    Examples
    --------
    >>> from labkit import ConfigPush, RegionOutage
    >>> work_piles_up(Cause("zones", "", root=RegionOutage("nimbus-us-east")))
    True
    >>> work_piles_up(Cause("failure", "", root=ConfigPush("bulwark-agent", recovery=60)))
    False
    >>> work_piles_up(Cause("reach", "users in Paris cannot reach it"), cut_off=True)
    False
    """
    if cause.kind == "failure":
        return cause.root is None or not cause.root.fails_fast
    if cause.kind == "dependency":
        return not turned_away
    if cause.kind == "reach":
        return not cut_off
    return cause.kind not in ("dns", "bgp")


@dataclass(frozen=True)
class FailoverEvent:
    """At minute ``t``, ``service`` moved its traffic from region ``source`` to ``target``."""

    t: int
    service: str
    source: str
    target: str


@dataclass
class _Failover:
    active: int = 0
    since: dict[int, int] = field(default_factory=dict)  # region index -> minute it went down
    removed: set[int] = field(default_factory=set)  # active-active: regions out of rotation


def _need(dep: Dependency, state: int, cause_for: str, owner: str) -> tuple[int, Cause | None]:
    """What one dependency in ``state`` does to its dependent."""
    if state == OK:
        return OK, None
    why = f" ({dep.why})" if dep.why else ""
    if dep.hard:
        return state, Cause(
            "dependency",
            f"it needs {cause_for}{why}, which is {STATE_NAMES[state]}",
            via=dep.target,
        )
    if state == DOWN:
        return DEGRADED, Cause(
            "dependency", f"it can do without {cause_for}{why}, but only partly", via=dep.target
        )
    return OK, None


def zone_coverage(
    zones: tuple[str, ...], state: dict[str, int], causes: dict[str, Cause], what: str
) -> tuple[int, Cause | None]:
    """State of something spread over ``zones``: down if all are down, degraded if some are."""
    down = [z for z in zones if state.get(z, OK) == DOWN]
    if not down:
        return OK, None
    root = causes[down[0]].root
    if len(down) == len(zones):
        every = (
            "the only zone"
            if len(zones) == 1
            else ("both zones" if len(zones) == 2 else f"all {len(zones)} zones")
        )
        text = f"{every} {what} runs in {'is' if len(zones) == 1 else 'are'} down, e.g. {down[0]}"
        return DOWN, Cause("zones", text, via=down[0], root=root)
    text = f"{len(down)} of the {len(zones)} zones {what} runs in are down ({', '.join(down)})"
    return DEGRADED, Cause("zones", text, via=down[0], root=root)


class Cascade:
    """Carries what must be remembered between moments: backlogs and failover timers."""

    def __init__(
        self, internet: Internet, failover_delay: int, retry_amplification: int = 1,
        collapse: bool = False,
    ) -> None:  # fmt: skip
        self.net = internet
        self.delay = failover_delay
        self.grow = 2 * retry_amplification
        self.collapse = collapse
        self.cut: dict[str, int] = {}  # app -> users who cannot reach it
        self.reach: dict[str, dict[str, Cause]] = {}
        self.backlog: dict[str, int] = {}
        self.piling: dict[str, bool] = {}  # down for a reason that lets work pile up
        self.turns_away: dict[str, bool] = {}  # down only for reasons that turn work away
        self._reasons: list[tuple[int, Cause | None]] = []  # a service's deployments' reasons
        self.last_root: dict[str, Cause] = {}
        self.failover = {s.id: _Failover() for s in internet.services.values() if s.regions}
        self.events: list[FailoverEvent] = []
        self.base: dict[str, int] = {}
        self.drain = {b.id: b.drain for b in internet.blocks.values() if b.drain}
        self.drain |= {s.id: s.drain for s in internet.services.values() if s.drain}
        self.state: dict[str, int] = {}
        self.cause: dict[str, Cause] = {}
        self._hits: dict[str, tuple[int, Cause]] = {}
        self.order = [*internet.zones, *internet.block_order, *internet.service_order]
        self.rank = {c: i for i, c in enumerate(self.order)}
        self.dependents = _dependents(internet)

    # ---- one moment ------------------------------------------------------------------------
    def evaluate(
        self,
        t: int,
        hits: dict[str, tuple[int, Cause]],
        reach: dict[str, dict[str, Cause]],
        *,
        everything: bool = False,
    ) -> set[str]:
        """Bring every component's state and cause (``self.state``, ``self.cause``) to minute
        ``t``, given the direct ``hits`` and the vantage points that cannot reach a component
        (``reach``: target -> vantage -> cause; a vantage is a city, for an app's users, or a
        component that needs the target). Returns the components whose state or cause changed.

        Only what can have changed is recomputed: components whose hits or reach changed, those
        with a backlog or a failover timer running, and, when one of them changes, everything
        that depends on it (in dependency order). ``everything=True`` recomputes all.
        """
        first = not self.state
        dirty: set[str] = set(self.order) if (everything or first) else set()
        if not dirty:
            for target in hits.keys() | self._hits.keys():
                if hits.get(target) != self._hits.get(target):
                    dirty.add(target)
            for target in reach.keys() | self.reach.keys():
                if reach.get(target) != self.reach.get(target):
                    dirty.add(target)
                    dirty |= self.dependents.get(target, set())
            # a backlog still draining, or one that just ran out, decides the state
            dirty |= {
                c
                for c in self.drain
                if self.backlog.get(c, 0) > 0 or self.state.get(c, OK) != self.base.get(c, OK)
            }
            dirty |= {sid for sid, fo in self.failover.items() if fo.since or fo.active}
        self._hits, self.reach = hits, reach
        changed: set[str] = set()
        queue = [(self.rank[c], c) for c in dirty if c in self.rank]
        heapq.heapify(queue)
        done: set[str] = set()
        while queue:
            _, cid = heapq.heappop(queue)
            if cid in done:
                continue
            done.add(cid)
            before = (self.state.get(cid), self.cause.get(cid))
            self._compute(t, cid, hits, reach)
            if first or (self.state[cid], self.cause[cid]) != before:
                changed.add(cid)
                for d in self.dependents.get(cid, ()):
                    if d not in done:
                        heapq.heappush(queue, (self.rank[d], d))
        return changed

    def _compute(self, t: int, cid: str, hits: dict, reach: dict) -> None:
        state, cause = self.state, self.cause
        if cid in self.net.blocks:
            self._compute_block(cid, hits, state, cause)
        elif cid in self.net.services:
            self._compute_service(t, cid, hits, reach, state, cause)
        else:
            state[cid], cause[cid] = hits.get(cid, (OK, HEALTHY))

    def _compute_block(self, bid: str, hits: dict, state: dict, cause: dict) -> None:
        b = self.net.blocks[bid]
        s, c = hits.get(bid, (OK, None))  # a direct hit explains best, if no worse
        reasons = [(s, c)]
        if not b.independent:
            region = self.net.regions[b.region]
            reasons.append(zone_coverage(region.zones, state, cause, bid))
            reasons += [self._need(d, state, d.target, bid) for d in b.needs]
        for rs, rc in reasons[1:]:
            if rs > s:
                s, c = rs, rc
        self._finish(bid, s, c, state, cause, reasons)

    def _compute_service(
        self, t: int, sid: str, hits: dict, reach: dict, state: dict, cause: dict
    ) -> None:
        svc = self.net.services[sid]
        self.cut.pop(sid, None)
        self._reasons = []
        reasons = [self._regions_state(t, svc, state, cause)]
        reasons += [self._need(d, state, d.target, sid) for d in svc.needs]
        if sid in hits:
            reasons.append(hits[sid])
        s, c = reasons[0]
        for rs, rc in reasons[1:]:
            if rs > s:
                s, c = rs, rc
        reasons += self._reasons  # inside its deployments: zones, the region's blocks
        if svc.users:
            # users in a city cut off from the app, or from a service it cannot do without
            cities = dict(reach.get(sid, {}))
            for d in svc.needs:
                if d.hard:
                    for city, lost in reach.get(d.target, {}).items():
                        cities.setdefault(city, lost)
            if cities:
                rs, rc = self._reach(svc, cities)
                if rs > s:
                    s, c = rs, rc  # users cut off: no work of theirs piles up (work_piles_up)
        self._finish(sid, s, c, state, cause, reasons)

    def _turned_away(self, c: Cause) -> bool:
        """Whether a reason turns work away at once: a failure that fails fast, or a need that
        is down only for such reasons."""
        if c.kind == "failure":
            return c.root is not None and c.root.fails_fast
        return c.kind == "dependency" and self.turns_away.get(c.via or "", False)

    def _finish(
        self, cid: str, s: int, c: Cause | None, state: dict, cause: dict,
        reasons: Sequence[tuple[int, Cause | None]] = (),
    ) -> None:  # fmt: skip
        """Record the base state and, when it is down, whether work piles up for any of the
        ``reasons`` it is down (:func:`work_piles_up`); then let an unfinished backlog keep
        the component degraded or overloaded. Users cut off are not among the ``reasons``."""
        if c is not None and c.root is None and c.via is not None:
            c = Cause(c.kind, c.text, c.via, cause[c.via].root)
        self.base[cid] = s
        down = [rc for rs, rc in reasons if rs == DOWN and rc is not None]
        away = [self._turned_away(rc) for rc in down]
        self.piling[cid] = s == DOWN and any(
            work_piles_up(rc, turned_away=a) for rc, a in zip(down, away, strict=True)
        )
        self.turns_away[cid] = s == DOWN and bool(away) and all(away)
        if s != OK:
            self.last_root[cid] = c  # type: ignore[assignment]
        if self.backlog.get(cid, 0) > 0 and s < DOWN:
            root = self.last_root[cid].root
            if self.collapse and self.backlog[cid] > self._threshold(cid):
                s = DOWN
                c = Cause(
                    "backlog",
                    "it is overloaded: the retries and queued work that piled up while it was "
                    "failing all arrive at once (a retry storm)",
                    root=root,
                )
            elif s == OK:
                s = DEGRADED
                c = Cause(
                    "backlog",
                    "it is still working through the queued work and retries that piled up "
                    "while it was failing",
                    root=root,
                )
        state[cid] = s
        cause[cid] = c or HEALTHY

    def _need(
        self, dep: Dependency, state: dict, cause_for: str, owner: str
    ) -> tuple[int, Cause | None]:
        """What one dependency does to ``owner``: its state, unless ``owner`` cannot reach it."""
        lost = self.reach.get(dep.target, {}).get(owner)
        if lost is None:
            return _need(dep, state[dep.target], cause_for, owner)
        text = f"it cannot reach {cause_for} because {lost.text}"
        if dep.hard:
            return DOWN, Cause("reach", text, root=lost.root)
        return DEGRADED, Cause("reach", text + " (it can do without, partly)", root=lost.root)

    def _reach(self, svc: Service, cities: dict[str, Cause]) -> tuple[int, Cause]:
        """Users in ``cities`` cannot reach ``svc``: down for all of them, degraded for some."""
        cities = {c: cause for c, cause in cities.items() if c in self.net.cities}
        if not cities:
            return OK, HEALTHY
        cut = sum(n for city, n in svc.users if city in cities)
        self.cut[svc.id] = cut
        first = next(iter(cities.values()))
        names = ", ".join(sorted(cities))
        text = f"users in {names} cannot reach it because {first.text}"
        state = DOWN if cut == svc.total_users else DEGRADED
        return state, Cause("reach", text, via=first.via, root=first.root)

    def _deployment(self, svc: Service, region: str, state: dict, cause: dict):
        zones = self.net.regions[region].zones[: svc.zones_used]
        s, c = zone_coverage(zones, state, cause, f"{svc.id} in {region}")
        self._reasons.append((s, c))
        for d in svc.block_needs:
            bid = f"{region}/{d.target}"
            ds, dc = self._need(Dependency(bid, d.hard, d.why), state, bid, svc.id)
            self._reasons.append((ds, dc))
            if ds > s:
                s, c = ds, dc
        return s, c

    def _regions_state(self, t: int, svc: Service, state: dict, cause: dict):
        if not svc.regions:
            return OK, None
        deps = [self._deployment(svc, r, state, cause) for r in svc.regions]
        if len(deps) == 1:
            return deps[0]
        fo = self.failover[svc.id]
        for i, (s, _) in enumerate(deps):
            if s == DOWN:
                fo.since.setdefault(i, t)
            else:
                fo.since.pop(i, None)
        if svc.failover == "active-active":
            return self._active_active(t, svc, deps, fo)
        return self._active_passive(t, svc, deps, fo)

    def _active_active(self, t, svc, deps, fo):
        up = [i for i, (s, _) in enumerate(deps) if s != DOWN]
        if not up:
            return deps[0]
        for i, since in fo.since.items():
            if t - since >= self.delay and i not in fo.removed:
                fo.removed.add(i)
                target = ", ".join(svc.regions[j] for j in up)
                self.events.append(FailoverEvent(t, svc.id, svc.regions[i], target))
        fo.removed &= set(fo.since)
        fresh = [i for i in fo.since if t - fo.since[i] < self.delay]
        if fresh:
            i = fresh[0]
            text = (
                f"its deployment in {svc.regions[i]} is down and health checks have not yet "
                f"taken it out of rotation (they need {self.delay} min)"
            )
            return DEGRADED, Cause("failover", text, via=deps[i][1].via, root=deps[i][1].root)
        return worst_of(deps[i] for i in up)

    def _active_passive(self, t, svc, deps, fo):
        a = fo.active
        if a != 0 and deps[0][0] == OK:  # primary healthy again: fail back
            self.events.append(FailoverEvent(t, svc.id, svc.regions[a], svc.regions[0]))
            a = fo.active = 0
        if deps[a][0] == DOWN and t - fo.since[a] >= self.delay:
            target = next((i for i, (s, _) in enumerate(deps) if s != DOWN), None)
            if target is not None:
                self.events.append(FailoverEvent(t, svc.id, svc.regions[a], svc.regions[target]))
                a = fo.active = target
        s, c = deps[a]
        if s == DOWN and any(x != DOWN for x, _ in deps):
            text = (
                f"its active region {svc.regions[a]} is down and health checks have not yet moved "
                f"traffic to a standby (they need {self.delay} min); in {svc.regions[a]}, " + c.text
            )
            return DOWN, Cause("failover", text, via=c.via, root=c.root)
        if a != 0 and s == OK:
            return OK, None
        return s, c

    # ---- between moments -------------------------------------------------------------------
    def next_change(self, t: int) -> int | None:
        """The next minute after ``t`` at which a timer or a backlog changes something."""
        due = []
        for fo in self.failover.values():
            for since in fo.since.values():
                if since + self.delay > t:
                    due.append(since + self.delay)
        for cid, b in self.backlog.items():
            if b > 0 and self.base.get(cid, OK) < DOWN:  # draining (at half pace if degraded)
                rate = _drain_rate(self.drain[cid], self.base.get(cid, OK))
                above = b - self._threshold(cid)
                if self.collapse and above > 0:
                    due.append(t + -(-above // rate))
                else:
                    due.append(t + -(-b // rate))
        return min(due, default=None)

    def _threshold(self, cid: str) -> int:
        return 2 * self.drain[cid] * COLLAPSE_MINUTES

    def advance(self, dt: int) -> None:
        """Move every backlog ``dt`` minutes forward with the current base states."""
        for cid, rate in self.drain.items():
            s = self.base.get(cid, OK)
            if s == DOWN and self.piling.get(cid, False):
                self.backlog[cid] = self.backlog.get(cid, 0) + self.grow * dt
            elif s < DOWN and self.backlog.get(cid):
                self.backlog[cid] = max(0, self.backlog[cid] - _drain_rate(rate, s) * dt)


def _drain_rate(drain: int, state: int) -> int:
    """Half-minutes of backlog worked off per minute: 2 x ``drain`` when ok, ``drain`` when
    degraded (a degraded component still works, at half the pace; assumed)."""
    return 2 * drain if state == OK else drain


def _dependents(net: Internet) -> dict[str, set[str]]:
    """For every component, the components whose state is computed from it."""
    out: dict[str, set[str]] = {}
    for b in net.blocks.values():
        for z in net.regions[b.region].zones:
            out.setdefault(z, set()).add(b.id)
        for d in b.needs:
            out.setdefault(d.target, set()).add(b.id)
    for s in net.services.values():
        for r in s.regions:
            for z in net.regions[r].zones:
                out.setdefault(z, set()).add(s.id)
            for d in s.block_needs:
                out.setdefault(f"{r}/{d.target}", set()).add(s.id)
        for d in s.needs:
            out.setdefault(d.target, set()).add(s.id)
    return out


def worst_of(pairs) -> tuple[int, Cause | None]:
    best: tuple[int, Cause | None] = (OK, None)
    for s, c in pairs:
        if s > best[0]:
            best = (s, c)
    return best
