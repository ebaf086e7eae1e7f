"""The simulation: :func:`resolve_timeline` works out what every resolver answers for every name
over a run, computing only the moments at which something can change."""

from __future__ import annotations

import bisect
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from ...clock import MINUTES_PER_DAY
from ...validate import check_seed
from .cache import Builder, PairCache
from .checks import MAX_TTL, check_whole
from .failures import (
    DEFAULT_RETRIES,
    MAX_RETRIES,
    AuthoritativeDDoS,
    AuthoritativeOutage,
    DNSFailure,
    RecordEmpty,
    RecordWrong,
    ResolverOutage,
    RouteToServersLost,
)
from .load import BothFail, ProviderLoad, provider_load
from .luck import draws
from .mitigations import DEFAULT_MAX_STALE
from .result import CLEAN, DNSTimeline, Span
from .world import DNSWorld

__all__ = ["MAX_RETRIES", "resolve_timeline"]


def _quiet(load: ProviderLoad, load2: ProviderLoad | None) -> bool:
    """No attempt is ever lost at the primary, or (if the name has one) at the secondary."""
    return load.fail_share == 0 or (load2 is not None and load2.fail_share == 0)


@dataclass(frozen=True)
class _Unrouted:
    """A resolver with no route to a provider's name servers (:class:`RouteToServersLost`):
    every query it sends there goes unanswered, so it answers SERVFAIL; it sends each query
    ``1 + retries`` times, load on itself and on the path (none reaches the servers). What the
    cache keeps as its failed fetch, like a :class:`ProviderLoad`."""

    lost: RouteToServersLost
    retries: int
    fail_share: float = 1.0

    def loss(self, area: str | None = None) -> float:
        """Every attempt is lost, from every area."""
        return 1.0

    @property
    def provider(self) -> str:
        return self.lost.provider

    @property
    def causes(self) -> tuple[DNSFailure, ...]:
        return (self.lost,)

    def text(self, area: str | None = None) -> str:
        why = f" ({self.lost.why})" if self.lost.why else ""
        return (
            f"the {self.provider} name servers cannot be reached from it{why}, so it answers "
            f"SERVFAIL; it sends each query {1 + self.retries} times and none arrives"
        )


def _cut_at(cuts: list[RouteToServersLost], m: int, retries: int) -> _Unrouted | None:
    """The route loss in force at minute ``m`` (the one fixed last), if any."""
    active = [e for e in cuts if e.active(m)]
    if not active:
        return None
    return _Unrouted(max(active, key=lambda e: (e.fixed_min, -e.start_min)), retries)


def _lookup(area: str | None, load: ProviderLoad, load2: ProviderLoad | None) -> Any:
    """What a resolver in ``area`` gets from its lookups while ``load`` (and ``load2``, the
    secondary's) are on: None (every lookup answered), "fail" (every lookup fails) or "risky"
    (each lookup's attempts are drawn, see :func:`~.luck.lookup_fails`)."""
    l1 = load.loss(area)
    l2 = load2.loss(area) if load2 is not None else 1.0
    if l1 <= 0 or l2 <= 0:
        return None
    if l1 >= 1 and l2 >= 1:
        return "fail"
    return "risky"


def _merge_intervals(events: list[ResolverOutage], end: int) -> list[tuple[int, int, Any]]:
    out: list[list[Any]] = []
    for e in sorted(events, key=lambda e: (e.start_min, e.fixed_min)):
        s, f = e.start_min, min(e.fixed_min, end)
        if s >= end:
            continue
        if out and s <= out[-1][1]:
            out[-1][1] = max(out[-1][1], f)
        else:
            out.append([s, f, e])
    return [(s, f, e) for s, f, e in out]


def _segments(points: Iterable[int], end: int, state_at: Any) -> tuple[list[int], list[Any]]:
    starts: list[int] = []
    states: list[Any] = []
    for p in sorted({0, *(p for p in points if 0 <= p < end)}):
        s = state_at(p)
        if not states or states[-1] != s:
            starts.append(p)
            states.append(s)
    return starts, states


def _at_minute(segs: list[tuple[int, ProviderLoad]], m: int) -> ProviderLoad:
    """The load in force at minute ``m``, from (start, load) segments."""
    return segs[bisect.bisect_right([s for s, _ in segs], m) - 1][1]


def _record_state(events: list[DNSFailure], m: int) -> tuple[str, Any]:
    active = [e for e in events if e.active(m)]
    if not active:
        return ("ok", None)
    # an empty record wins over a wrong one; the one fixed last is named
    empty = [e for e in active if isinstance(e, RecordEmpty)]
    pool = empty or active
    ev = max(pool, key=lambda e: (e.fixed_min, -e.start_min))
    return ("empty" if empty else "wrong", ev)


def resolve_timeline(
    world: DNSWorld,
    events: Iterable[DNSFailure] = (),
    *,
    minutes: int = MINUTES_PER_DAY,
    seed: int = 0,
    serve_stale: bool = False,
    max_stale: int = DEFAULT_MAX_STALE,
    retries: int = DEFAULT_RETRIES,
    offsets: Mapping[tuple[str, str], int] | None = None,
    every_minute: bool = False,
) -> DNSTimeline:
    """What every resolver in ``world`` answers for every name over ``minutes``, given DNS
    failures ``events``.

    - ``seed`` decides when each resolver fetched each name (an offset within the TTL, see
      :func:`pair_offset`) and which query attempts are lost under a DDoS (a draw per attempt,
      :func:`~.luck.lookup_fails`);
      ``offsets`` sets some offsets by hand: (resolver, name) → seconds in ``[0, ttl)``.
    - ``serve_stale``: serve expired answers while the authoritative side cannot be reached,
      up to ``max_stale`` seconds past their expiry (RFC 8767 suggests 1 to 3 days). It does not
      help against an emptied record: "no such data" is a valid answer.
    - ``retries``: how many times a resolver re-sends a query that got no answer while no
      :class:`AuthoritativeDDoS` (which has its own ``retries``) is on; retries rescue lookups
      and add load (see :class:`ProviderLoad`).
    - A record with a ``secondary`` provider (:class:`~.mitigations.SecondaryDNS`) fails a
      fetch only when its primary and its secondary both fail it.

    Only moments at which something can change are computed (a fetch that sees a change at the
    authoritative side, a serve-stale limit, a fix, a resolver going down or up);
    ``every_minute=True`` steps through every minute and every fetch and gives the same result.

    >>> from labkit.mechanisms.dns import toy_dns
    >>> tl = resolve_timeline(toy_dns(), [AuthoritativeOutage("quickdns", "11:00", "12:00")],
    ...                       serve_stale=True)
    >>> tl.share_resolving("shopfast.example", "11:30")
    1.0
    >>> tl.status("isp-tokyo", "shopfast.example", "11:30")
    'stale'
    """
    if not isinstance(world, DNSWorld):
        raise ValueError(f"world: got {type(world).__name__}; allowed: a DNSWorld, e.g. toy_dns()")
    events = tuple(events)
    for i, e in enumerate(events):
        if not isinstance(e, DNSFailure):
            raise ValueError(
                f"events[{i}]: got {e!r}; allowed: DNS failures such as RecordEmpty, "
                "RecordWrong, AuthoritativeOutage, AuthoritativeDDoS, ResolverOutage"
            )
        e.check(world)
    end = check_whole("minutes", minutes, 1, 7 * MINUTES_PER_DAY, "whole minutes 1-10080")
    check_seed("seed", seed)
    for flag, v in (("serve_stale", serve_stale), ("every_minute", every_minute)):
        if not isinstance(v, bool):
            raise ValueError(f"{flag}: got {v!r}; allowed: True or False")
    check_whole("max_stale", max_stale, 1, MAX_TTL, f"whole seconds from 1 to {MAX_TTL} (7 days)")
    check_whole("retries", retries, 0, MAX_RETRIES, f"a whole number from 0 to {MAX_RETRIES}")
    fixed_offsets: dict[tuple[str, str], int] = {}
    for key, off in (offsets or {}).items():
        if not isinstance(key, tuple) or len(key) != 2:
            raise ValueError(f"offsets: got key {key!r}; allowed: (resolver, name) pairs")
        r, n = world.check_resolver(key[0]), world.check_name(key[1])
        ttl = world.records[n].ttl
        check_whole(
            f"offsets[{key!r}]", off, 0, ttl - 1, f"whole seconds from 0 to {ttl - 1} (< TTL)"
        )
        fixed_offsets[(r, n)] = off

    # the authoritative side, per provider and per name: change points and states
    by_provider: dict[str, list[DNSFailure]] = {p: [] for p in world.providers}
    by_name: dict[str, list[DNSFailure]] = {}
    by_resolver: dict[str, list[ResolverOutage]] = {}
    unrouted: dict[tuple[str, str], list[RouteToServersLost]] = {}  # (provider, resolver)
    for e in events:
        if isinstance(e, RouteToServersLost):
            for r in e.resolvers:
                unrouted.setdefault((e.provider, r), []).append(e)
        if isinstance(e, AuthoritativeOutage | AuthoritativeDDoS):
            by_provider[e.provider].append(e)
        elif isinstance(e, RecordEmpty | RecordWrong):
            by_name.setdefault(e.name, []).append(e)
        elif isinstance(e, ResolverOutage):
            by_resolver.setdefault(e.resolver, []).append(e)
    loads: dict[str, list[tuple[int, ProviderLoad]]] = {}
    for pid, evs in by_provider.items():
        pts = [m for e in evs for m in (e.start_min, e.fixed_min)]
        starts, states = _segments(
            pts, end, lambda m, evs=evs, pid=pid: provider_load(
                world, pid, [e for e in evs if e.active(m)], retries
            ),
        )  # fmt: skip
        loads[pid] = list(zip(starts, states, strict=True))
    downs = {r: _merge_intervals(evs, end) for r, evs in by_resolver.items()}

    spans: dict[tuple[str, str], Any] = {}
    for name, rec in world.records.items():
        prov = world.providers[rec.provider]
        rec_events = by_name.get(name, [])
        load_segs = loads[rec.provider]
        sec_segs = loads[rec.secondary] if rec.secondary is not None else []
        pts = {s for s, _ in (*load_segs, *sec_segs)} | {  # type: ignore[assignment]
            m for e in rec_events for m in (e.start_min, e.fixed_min)
        }

        def name_state(m, rec_events=rec_events, load_segs=load_segs, sec_segs=sec_segs):
            load = _at_minute(load_segs, m)
            load2 = _at_minute(sec_segs, m) if sec_segs else None
            return _record_state(rec_events, m), load, load2

        n_starts, n_states = _segments(pts, end, name_state)
        quiet = (
            len(n_starts) == 1
            and n_states[0][0][0] == "ok"
            and _quiet(n_states[0][1], n_states[0][2])
        )
        for rid in world.resolvers:
            rdowns = downs.get(rid, [])
            cuts = unrouted.get((rec.provider, rid), [])
            cuts2 = unrouted.get((rec.secondary, rid), []) if rec.secondary is not None else []
            if quiet and not rdowns and not cuts and not cuts2 and not every_minute:
                spans[(rid, name)] = CLEAN
                continue
            offset_u = draws(seed, rid, name)[0]
            offset = fixed_offsets.get((rid, name), int(offset_u * rec.ttl))
            area = world.resolvers[rid].area

            def pair_state(
                m, area=area, rdowns=rdowns, n_starts=n_starts, n_states=n_states,
                cuts=cuts, cuts2=cuts2,
            ):  # fmt: skip
                for s, f, ev in rdowns:
                    if s <= m < f:
                        return ("down", ev)
                (rstate, load, load2) = n_states[bisect.bisect_right(n_starts, m) - 1]
                load = _cut_at(cuts, m, retries) or load  # no route: every query fails
                if load2 is not None:
                    load2 = _cut_at(cuts2, m, retries) or load2
                how = _lookup(area, load, load2)
                if how == "fail":
                    return ("fail", load if load2 is None else BothFail(load, load2))
                if how == "risky":
                    return ("risky", (rstate, load, load2))
                return rstate

            pts2 = set(n_starts) | {m for s, f, _ in rdowns for m in (s, f)}
            pts2 |= {m for e in (*cuts, *cuts2) for m in (e.start_min, e.fixed_min)}
            starts, outs = _segments(pts2, end, pair_state)
            pair = PairCache(
                rid, rec, prov, offset, starts, outs, rdowns, serve_stale, max_stale, seed, area
            )
            b = Builder()
            if every_minute:
                for m in range(end):
                    pair.advance(m * 60, bulk=False)
                    b.emit(m, *pair.observe(m))
            else:
                m = 0
                while m < end:
                    pair.advance(m * 60, bulk=True)
                    b.emit(m, *pair.observe(m))
                    m = pair.next_change(m, end)
            spans[(rid, name)] = b.out

    if downs:
        _resolve_downs(world, spans, downs, end)
    settings = {
        "seed": seed,
        "serve_stale": serve_stale,
        "max_stale": max_stale,
        "retries": retries,
        "every_minute": every_minute,
    }
    return DNSTimeline(world, events, end, spans, loads, settings)


def _resolve_downs(world: DNSWorld, spans: dict, downs: dict, end: int) -> None:
    """Replace the "down" stretches of resolvers that are down by what their users get: their
    fallback's answers, or nothing."""
    raw = dict(spans)
    for rid in downs:
        fb = world.resolvers[rid].fallback
        for name in world.records:
            mine = raw[(rid, name)]
            out: list[Span] = []
            for i, (start, status, reason, root) in enumerate(mine):
                stop = mine[i + 1][0] if i + 1 < len(mine) else end
                if status != "down":
                    out.append((start, status, reason, root))
                    continue
                if fb is None:
                    out.append((start, "fail", f"{reason}: its users get no answer at all", root))
                    continue
                theirs = raw[(fb, name)]
                for j, (s2, st2, r2, root2) in enumerate(theirs):
                    e2 = theirs[j + 1][0] if j + 1 < len(theirs) else end
                    if e2 <= start or s2 >= stop:
                        continue
                    at = max(s2, start)
                    if st2 == "down":
                        out.append((at, "fail", f"{reason}; its fallback {fb} is down too", root))
                    elif st2 == "answer":
                        text = f"{reason}; its users fall back to {fb}, which answers"
                        out.append((at, "answer", text, root))
                    else:
                        text = f"{reason}; its users fall back to {fb}: {r2}"
                        out.append((at, st2, text, root2))
            merged: list[Span] = []
            for sp in out:
                if merged and merged[-1][1:] == sp[1:]:
                    continue
                merged.append(sp)
            spans[(rid, name)] = merged
