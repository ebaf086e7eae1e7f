"""Ready-made sweeps for the lessons: each returns a :class:`~labkit.sweeping.SweepTable`, and
each has a ``*_finding`` that says in one sentence what its table shows, computed from the
rows (the figures in :mod:`labkit.figures.sweep` use it as their title).

- :func:`ttl_sweep`: the TTL of a wrong DNS record vs the minutes it lingers after the fix;
- :func:`rpki_sweep`: the share of ASes doing route-origin validation vs a hijack's reach, on a
  synthetic internet-sized AS graph (70,000 ASes by default);
- :func:`hijack_pairs_sweep`: origins against hijackers on that graph, a few of each kind;
- :func:`failover_sweep`: the failover delay of a multi-region design vs user-hours down;
- :func:`budget_sweep`: the chaos lab's budget vs the best score it buys.

Every ``run`` here is a top-level function of this module (or a ``functools.partial`` of one),
so a process pool or a Dask cluster can run the points.

>>> t = failover_sweep([0, 10], progress=False)
>>> t.column("failover_delay"), t.column("user_hours_down")[0]
([0, 10], 0.0)
"""

from __future__ import annotations

import concurrent.futures as cf
import functools
import random
from collections.abc import Sequence
from typing import Any

from . import chaos
from .clock import TimeLike
from .internet import Internet, build_internet
from .mechanisms.bgp import ASGraph, Hijack, OriginValidation, reach, synthetic_as_graph
from .mechanisms.dns import RecordWrong, resolve_timeline, toy_dns
from .mechanisms.regions import MultiRegion, RegionOutage
from .scenario import Scenario
from .simulate import simulate
from .sweeping import SweepTable, sweep
from .validate import (
    check_count,
    check_number,
    check_seed,
    check_share,
    check_type,
    short,
    value_error,
)

__all__ = [
    "AS_KINDS_SWEPT",
    "DEFAULT_BUDGETS",
    "DEFAULT_DELAYS",
    "DEFAULT_SHARES",
    "DEFAULT_TTLS",
    "budget_finding",
    "budget_sweep",
    "curve_shape",
    "failover_finding",
    "failover_sweep",
    "hijack_pair",
    "hijack_pairs_sweep",
    "hijack_reach",
    "pair_points",
    "reach_share",
    "rpki_finding",
    "rpki_sweep",
    "ttl_finding",
    "ttl_outage",
    "ttl_sweep",
]

#: TTLs (seconds) of :func:`ttl_sweep`: a minute to two hours.
DEFAULT_TTLS: tuple[int, ...] = (60, 300, 900, 1800, 3600, 7200)
#: Adoption shares of :func:`rpki_sweep`.
DEFAULT_SHARES: tuple[float, ...] = (0.0, 0.05, 0.1, 0.2, 0.3, 0.5, 0.7, 1.0)
#: Failover delays (minutes) of :func:`failover_sweep`.
DEFAULT_DELAYS: tuple[int, ...] = (0, 5, 15, 30, 60, 120, 180, 240)
#: Budgets (credits per month) of :func:`budget_sweep`.
DEFAULT_BUDGETS: tuple[int, ...] = (0, 5, 10, 15, 20, 30, 40, 60, 80, 100)
#: The kinds of AS :func:`pair_points` samples origins and hijackers from.
AS_KINDS_SWEPT: tuple[str, ...] = ("tier-1", "transit", "stub")


def _values(field: str, values: Any, check: Any, example: str) -> list[Any]:
    if isinstance(values, str | bytes) or not isinstance(values, Sequence | range):
        raise value_error(field, short(values), f"a list of values, e.g. {example}")
    if not values:
        raise value_error(field, "an empty list", "at least one value")
    return [check(f"{field}[{i}]", v) for i, v in enumerate(values)]


# ---- DNS: a wrong record's TTL vs how long it lingers after the fix -----------------------------
@functools.lru_cache(maxsize=4)
def _toy(seed: int) -> tuple[Internet, Any]:
    net = build_internet(seed)
    return net, toy_dns(net)


def ttl_outage(
    point: dict[str, Any],
    name: str = "shopfast.example",
    start: TimeLike = "10:00",
    duration: int = 10,
    seed: int = 0,
) -> dict[str, Any]:
    """One point of :func:`ttl_sweep`: a :class:`~labkit.RecordWrong` for ``name`` with TTL
    ``point["ttl"]`` seconds, from ``start`` for ``duration`` minutes, on the toy internet of
    ``seed``. Returns the minutes from the fix until the last resolver has the right answer
    again, the resolver-minutes spent with the wrong one, and the user-hours of apps down.

    >>> ttl_outage({"ttl": 3600})["minutes_after_fix"] >= 50
    True
    """
    net, world = _toy(seed)
    wrong = RecordWrong(name, start, duration=duration, ttl=point["ttl"])
    found = resolve_timeline(world, [wrong]).findings(name)
    down = simulate(net, Scenario([wrong], seed=seed)).impact_summary().user_hours_down
    after = 0 if found.all_back is None or found.fixed is None else found.all_back - found.fixed
    return {
        "minutes_after_fix": after,
        "resolver_minutes_lost": found.resolver_minutes_lost,
        "user_hours_down": down,
    }


def ttl_sweep(
    ttls: Sequence[int] = DEFAULT_TTLS,
    *,
    name: str = "shopfast.example",
    start: TimeLike = "10:00",
    duration: int = 10,
    seed: int = 0,
    executor: cf.Executor | None = None,
    progress: bool = True,
) -> SweepTable:
    """A wrong address for ``name`` is published at ``start`` and fixed ``duration`` minutes
    later; how long does it linger after the fix, for each TTL in ``ttls`` (seconds)?

    Resolvers cache the wrong answer like any answer, for its TTL: the fix reaches each one
    only when its copy expires. With a TTL longer than the outage, each resolver fetches the
    wrong answer once (at its first look-up after the start) and keeps it for a whole TTL.

    Parameters
    ----------
    ttls : list of int
        TTLs of the wrong record, in seconds (1 to 604800).
    name : str, default "shopfast.example"
        A DNS name of the toy internet.
    start, duration
        When the wrong record is published, and for how many minutes (as for every failure).
    seed : int, default 0
        The toy internet's seed.
    executor, progress
        As for :func:`labkit.sweep`.

    Returns
    -------
    SweepTable
        Columns ``ttl``, ``minutes_after_fix``, ``resolver_minutes_lost``, ``user_hours_down``.

    Examples
    --------
    >>> t = ttl_sweep([60, 7200], progress=False)
    >>> t.column("minutes_after_fix")[0] <= 1 < 110 <= t.column("minutes_after_fix")[1] <= 120
    True
    >>> ttl_sweep([0])
    Traceback (most recent call last):
    ...
    ValueError: ttl: got 0; allowed: ...
    """
    values = _values("ttls", ttls, lambda f, v: v, "[60, 3600]")
    check_count("duration", duration, 1, 7 * 24 * 60)
    for v in values:  # the failure checks each TTL and the other fields before anything runs
        RecordWrong(name, start, duration=duration, ttl=v)
    _toy(check_seed("seed", seed))[1].check_name(name)
    run = functools.partial(ttl_outage, name=name, start=start, duration=duration, seed=seed)
    return sweep(run, {"ttl": values}, executor=executor, progress=progress)


def ttl_finding(table: SweepTable) -> str:
    """What a :func:`ttl_sweep` table shows, in one sentence computed from its rows.

    >>> print(ttl_finding(ttl_sweep([60, 3600], progress=False)))
    A wrong record lingers after its fix for up to one TTL: 1 min at TTL 60 s, 5... min at TTL
    3600 s
    """
    rows = _ok_rows(table, "ttl", "minutes_after_fix")
    lo, hi = min(rows, key=lambda r: r["ttl"]), max(rows, key=lambda r: r["ttl"])
    return (
        "A wrong record lingers after its fix for up to one TTL: "
        f"{lo['minutes_after_fix']} min at TTL {lo['ttl']} s, "
        f"{hi['minutes_after_fix']} min at TTL {hi['ttl']} s"
    )


# ---- BGP: RPKI adoption vs a hijack's reach, on an internet-sized graph ------------------------
@functools.lru_cache(maxsize=2)
def _graph(n: int, seed: int) -> ASGraph:
    """The synthetic AS graph, built once per process (each worker of a pool builds its own)."""
    return synthetic_as_graph(n, seed)


@functools.lru_cache(maxsize=2)
def _adoption_order(n: int, seed: int) -> tuple[int, ...]:
    """Every ASN in a seeded random order: a share ``s`` adopts as the first ``s`` of it, so
    the adopters of a larger share include those of a smaller one."""
    order = list(_graph(n, seed).ases)
    random.Random(seed).shuffle(order)
    return tuple(order)


def hijack_pair(n: int = 70_000, seed: int = 0) -> tuple[int, int]:
    """The (victim, hijacker) of :func:`rpki_sweep`: the stubs a third and two thirds of the
    way through the graph's stubs (the pair ``bench/bench_bgp.py`` times)."""
    stubs = _graph(n, seed).of_kind("stub")
    return stubs[len(stubs) // 3], stubs[2 * len(stubs) // 3]


def reach_share(
    graph: ASGraph, origin: int | str, hijacker: int | str, adopters: Sequence[int] = ()
) -> dict[str, Any]:
    """``hijacker`` announces the first prefix of ``origin`` on ``graph`` while the
    ``adopters`` validate origins (every prefix has a ROA for its holder). Shares of the other
    ASes (neither the origin nor the hijacker, which each reach themselves) whose packets reach
    the hijacker (``reach``), the origin, or nothing.

    >>> from labkit.mechanisms.bgp import toy_as_graph
    >>> reach_share(toy_as_graph(), "friendbook", "natel")["reach"] > 0
    True
    """
    prefix = graph.ases[graph.asn(origin, "origin")].prefixes[0]
    policies = [OriginValidation(tuple(adopters))] if adopters else []
    counts = reach(graph, prefix, [Hijack(hijacker, prefix)], policies).counts()
    others = len(graph) - 2
    return {
        "adopters": len(adopters),
        "reach": (counts["hijacker"] - 1) / others,
        "origin_share": (counts["origin"] - 1) / others,
        "no_route": counts["none"] / others,
    }


def hijack_reach(point: dict[str, Any], n: int = 70_000, seed: int = 0) -> dict[str, Any]:
    """One hijack on ``synthetic_as_graph(n, seed)`` (see :func:`reach_share`):
    ``point["hijacker"]`` announces the prefix of ``point["origin"]`` (by default the pair of
    :func:`hijack_pair`) while a share ``point["adoption"]`` (default 0) of the ASes, the
    first of a seeded random order, validates origins (RPKI).

    >>> row = hijack_reach({"adoption": 1.0}, n=300)
    >>> row["reach"], row["adopters"]
    (0.0, 300)
    """
    g = _graph(n, seed)
    victim, hijacker = hijack_pair(n, seed)
    origin, hijacker = point.get("origin", victim), point.get("hijacker", hijacker)
    adopters = _adoption_order(n, seed)[: round(point.get("adoption", 0.0) * len(g))]
    return reach_share(g, origin, hijacker, adopters)


def rpki_sweep(
    shares: Sequence[float] = DEFAULT_SHARES,
    *,
    n: int = 70_000,
    seed: int = 0,
    executor: cf.Executor | None = None,
    progress: bool = True,
) -> SweepTable:
    """How far one hijack reaches on a synthetic AS graph of ``n`` ASes, for each share of
    ASes that do route-origin validation (RPKI).

    A stub announces another stub's prefix (the pair of :func:`hijack_pair`); every prefix
    has a ROA for its holder. Adopters are drawn in one seeded random order, so a larger share
    keeps the adopters of a smaller one and adds more. Uniform adoption is an assumption: in
    the real internet large transit networks adopted first.

    Parameters
    ----------
    shares : list of float
        Shares of ASes that validate, each from 0 to 1.
    n : int, default 70000
        ASes in the synthetic graph (about the size of today's internet), 10 to 140,000.
    seed : int, default 0
        The graph's seed (also the adoption order's).
    executor, progress
        As for :func:`labkit.sweep`.

    Returns
    -------
    SweepTable
        Columns ``adoption``, ``adopters``, ``reach`` (share of the other ASes whose packets
        reach the hijacker), ``origin_share``, ``no_route``.

    Examples
    --------
    >>> t = rpki_sweep([0.0, 1.0], n=300, progress=False)
    >>> t.column("reach")[0] > 0.1, t.column("reach")[1]
    (True, 0.0)
    >>> rpki_sweep([1.5], n=300)
    Traceback (most recent call last):
    ...
    ValueError: shares[0]: got 1.5; allowed: a share from 0 to 1, e.g. 0.05 for 5%
    """
    values = _values("shares", shares, check_share, "[0.0, 0.5, 1.0]")
    check_count("n", n, 10, 140_000, "a whole number from 10 to 140,000")
    check_seed("seed", seed)
    run = functools.partial(hijack_reach, n=n, seed=seed)
    return sweep(run, {"adoption": values}, executor=executor, progress=progress)


def rpki_finding(table: SweepTable) -> str:
    """What an :func:`rpki_sweep` table shows, in one sentence computed from its rows.

    >>> rpki_finding(rpki_sweep([0.0, 0.5, 1.0], n=300, progress=False))
    'A hijack reaches ...% of ASes with no RPKI, ...% at 50% adoption, ...% at 100%'
    """
    rows = sorted(_ok_rows(table, "adoption", "reach"), key=lambda r: r["adoption"])
    parts = [f"{rows[0]['reach']:.0%} of ASes with no RPKI" if rows[0]["adoption"] == 0 else
             f"{rows[0]['reach']:.0%} of ASes at {rows[0]['adoption']:.0%} adoption"]  # fmt: skip
    parts += [f"{r['reach']:.0%} at {r['adoption']:.0%} adoption" for r in rows[1:-1]]
    if len(rows) > 1:
        parts.append(f"{rows[-1]['reach']:.0%} at {rows[-1]['adoption']:.0%}")
    text = "A hijack reaches " + ", ".join(parts)
    return text


def pair_points(
    per_kind: int | None = 2, *, n: int = 70_000, seed: int = 0, adoption: float = 0.0
) -> list[dict[str, Any]]:
    """Points for :func:`hijack_pairs_sweep`: ``per_kind`` origins of each kind in
    :data:`AS_KINDS_SWEPT` against ``per_kind`` hijackers of each kind (seeded draws), every
    origin against every hijacker but itself. ``per_kind=None``: every AS is an origin (a job
    for a cluster: 70,000 × the hijackers).

    >>> pts = pair_points(1, n=300)
    >>> len(pts), sorted(pts[0])
    (9, ['adoption', 'hijacker', 'hijacker_kind', 'origin', 'origin_kind'])
    """
    g = _graph(check_count("n", n, 10, 140_000, "a whole number from 10 to 140,000"),
               check_seed("seed", seed))  # fmt: skip
    check_share("adoption", adoption)
    rng = random.Random(seed)
    every = per_kind is None
    per = 1 if every else check_count("per_kind", per_kind, 1, 1000)
    origins: list[int] = list(g.ases) if every else []
    hijackers: list[int] = []
    for kind in AS_KINDS_SWEPT:
        pool = g.of_kind(kind)
        if not every:
            origins += rng.sample(pool, min(per, len(pool)))
    for kind in AS_KINDS_SWEPT:  # hijackers: other ASes than the origins drawn
        pool = [a for a in g.of_kind(kind) if every or a not in origins]
        hijackers += rng.sample(pool, min(per, len(pool)))
    return [
        {
            "origin": o,
            "origin_kind": g.ases[o].kind,
            "hijacker": h,
            "hijacker_kind": g.ases[h].kind,
            "adoption": adoption,
        }  # fmt: skip
        for o in origins
        for h in hijackers
        if o != h
    ]


def hijack_pairs_sweep(
    per_kind: int | None = 2,
    *,
    n: int = 70_000,
    seed: int = 0,
    adoption: float = 0.0,
    executor: cf.Executor | None = None,
    progress: bool = True,
) -> SweepTable:
    """Every origin of :func:`pair_points` against every hijacker: one row per pair, with the
    share of the other ASes the hijack reaches (see :func:`hijack_reach`).

    >>> t = hijack_pairs_sweep(1, n=300, progress=False)
    >>> len(t.rows), t.params[:2]
    (9, ('origin', 'origin_kind'))
    """
    points = pair_points(per_kind, n=n, seed=seed, adoption=adoption)
    run = functools.partial(hijack_reach, n=n, seed=seed)
    return sweep(run, points, executor=executor, progress=progress)


# ---- regions: the failover delay vs user-hours down --------------------------------------------
def _failover_point(
    point: dict[str, Any], region: str | None, start: TimeLike, fixed: TimeLike, seed: int
) -> dict[str, Any]:
    net = _toy(seed)[0]
    outage = RegionOutage(region or net.main_region(), start, fixed)
    delay = point["failover_delay"]
    run = simulate(net, Scenario([outage], [MultiRegion()], seed=seed, failover_delay=delay))
    return {"user_hours_down": run.impact_summary().user_hours_down}


def failover_sweep(
    delays: Sequence[int] = DEFAULT_DELAYS,
    *,
    region: str | None = None,
    start: TimeLike = "08:00",
    fixed: TimeLike = "11:00",
    seed: int = 0,
    executor: cf.Executor | None = None,
    progress: bool = True,
) -> SweepTable:
    """A region fails from ``start`` to ``fixed`` while every cloud service has a standby in
    a second region (:class:`~labkit.MultiRegion`); user-hours of apps down for each failover
    delay (minutes of failed health checks before traffic moves).

    Parameters
    ----------
    delays : list of int
        Failover delays in minutes, 0 to 240.
    region : str, optional
        The region that fails (default: the toy internet's main region).
    start, fixed
        When it fails and is fixed.
    seed : int, default 0
        The toy internet's seed.
    executor, progress
        As for :func:`labkit.sweep`.

    Returns
    -------
    SweepTable
        Columns ``failover_delay``, ``user_hours_down``.

    Examples
    --------
    >>> failover_sweep([300])
    Traceback (most recent call last):
    ...
    ValueError: delays[0]: got 300; allowed: whole minutes 0-240
    """

    def minutes(f: str, v: Any) -> int:
        return check_count(f, v, 0, 240, "whole minutes 0-240")

    values = _values("delays", delays, minutes, "[0, 5, 60]")
    net = _toy(check_seed("seed", seed))[0]
    if region is not None:
        net.check_region(check_type("region", region, str, "a region name, e.g. 'nimbus-us-east'"))
    Scenario([RegionOutage(region or net.main_region(), start, fixed)])
    run = functools.partial(_failover_point, region=region, start=start, fixed=fixed, seed=seed)
    return sweep(run, {"failover_delay": values}, executor=executor, progress=progress)


def failover_finding(table: SweepTable) -> str:
    """What a :func:`failover_sweep` table shows, in one sentence computed from its rows.

    >>> print(failover_finding(failover_sweep([0, 5, 60], progress=False)))
    User-hours down grow with the failover delay: 0 at 0 min, 44.5M at 60 min (0.74M per minute of
    delay on average)
    """
    rows = sorted(_ok_rows(table, "failover_delay", "user_hours_down"),
                  key=lambda r: r["failover_delay"])  # fmt: skip
    lo, hi = rows[0], rows[-1]
    span = hi["failover_delay"] - lo["failover_delay"]
    per = (hi["user_hours_down"] - lo["user_hours_down"]) / span if span else 0.0
    return (
        f"User-hours down grow with the failover delay: {_millions(lo['user_hours_down'])} at "
        f"{lo['failover_delay']} min, {_millions(hi['user_hours_down'])} at "
        f"{hi['failover_delay']} min ({per / 1e6:.2f}M per minute of delay on average)"
    )


# ---- the chaos lab: budget vs the best score ---------------------------------------------------
def _budget_point(point: dict[str, Any], seed: int) -> dict[str, Any]:
    best = chaos.best_designs(point["budget"], seed=seed, top=1)[0]
    return {
        "design": ", ".join(best.design) or "nothing",
        "cost": best.cost,
        "saved": best.saved,
        "kept_share": best.kept_share,
    }


def budget_sweep(
    budgets: Sequence[int] = DEFAULT_BUDGETS,
    *,
    seed: int = 0,
    executor: cf.Executor | None = None,
    progress: bool = True,
) -> SweepTable:
    """The best design of the chaos lab (:func:`labkit.chaos.best_designs`) for each budget:
    what it buys, what it costs, and the user-hours it saves over the game day (the score).

    Parameters
    ----------
    budgets : list of int
        Budgets in credits per month, 0 to 1,000.
    seed : int, default 0
        The toy internet's seed.
    executor, progress
        As for :func:`labkit.sweep`.

    Returns
    -------
    SweepTable
        Columns ``budget``, ``design``, ``cost``, ``saved``, ``kept_share``.

    Examples
    --------
    >>> budget_sweep([0, 5], progress=False).column("design")
    ['nothing', 'serve-stale']
    """
    values = _values("budgets", budgets, lambda f, v: check_number(f, v, 0, 1000), "[0, 30, 60]")
    check_seed("seed", seed)
    run = functools.partial(_budget_point, seed=seed)
    return sweep(run, {"budget": values}, executor=executor, progress=progress)


def budget_finding(table: SweepTable) -> str:
    """What a :func:`budget_sweep` table shows, in one sentence computed from its rows: the
    smallest budget that reaches the best score of the sweep.

    >>> budget_finding(budget_sweep([0, 5], progress=False))
    'The best score, ...M user-hours saved, takes 5 credits, the largest budget tried: more ...'
    """
    rows = sorted(_ok_rows(table, "budget", "saved"), key=lambda r: r["budget"])
    best = max(round(r["saved"], 3) for r in rows)
    first = next(r for r in rows if round(r["saved"], 3) == best)
    text = (
        f"The best score, {_millions(first['saved'])} user-hours saved, takes "
        f"{first['budget']:g} credits"
    )
    if first is rows[-1]:
        return text + ", the largest budget tried: more may still help"
    return text + "; more budget buys nothing more"


# ---- shared -------------------------------------------------------------------------------------
def _ok_rows(table: SweepTable, x: str, y: str) -> list[dict[str, Any]]:
    check_type("table", table, SweepTable, "a SweepTable from labkit.sweep(...) or labkit.sweeps")
    rows = [r for r in table.rows if "error" not in r and x in r and y in r]
    if not rows:
        raise value_error(
            "table",
            f"a table without {x!r} and {y!r} rows",
            f"a table from the matching sweep, with columns {x!r} and {y!r}",
        )
    return rows


#: The words :func:`curve_shape` answers with (what a lesson asks the learner to predict).
SHAPES: tuple[str, ...] = ("flat", "straight line", "steeper", "levels off")


def curve_shape(table: SweepTable, x: str, y: str) -> str:
    """The shape of the curve ``y`` against ``x`` in a sweep's table, in one of :data:`SHAPES`.

    The curve is cut at the middle of its x range (the value there read off the straight line
    between its neighbours); the steepness of the second half against the first decides:
    more than 1.5 times as steep is ``"steeper"``, less than 2/3 is ``"levels off"``,
    in between is ``"straight line"``; a curve whose values differ by less than 1% of the
    largest is ``"flat"``. Rising and falling curves are judged alike, by how fast they change.

    Parameters
    ----------
    table : SweepTable
        A sweep's table with numeric columns ``x`` and ``y``; rows with an error are skipped.
    x, y : str
        Column names.

    Returns
    -------
    str
        ``"flat"``, ``"straight line"``, ``"steeper"`` or ``"levels off"``.

    Examples
    --------
    >>> from labkit import sweep
    >>> square = sweep(lambda p: {"y": p["x"] ** 2}, {"x": [0, 1, 2, 3, 4]}, progress=False)
    >>> curve_shape(square, "x", "y")
    'steeper'
    """
    rows = sorted(_ok_rows(table, x, y), key=lambda r: r[x])
    xs, ys = [float(r[x]) for r in rows], [float(r[y]) for r in rows]
    if len(rows) < 3 or xs[0] == xs[-1]:
        raise value_error("table", f"{len(rows)} usable rows", "at least 3 rows at different x")
    if max(ys) - min(ys) <= 0.01 * max(abs(v) for v in ys):
        return "flat"
    mid = (xs[0] + xs[-1]) / 2
    k = next(i for i in range(1, len(xs)) if xs[i] >= mid)
    y_mid = ys[k - 1] + (ys[k] - ys[k - 1]) * (mid - xs[k - 1]) / (xs[k] - xs[k - 1] or 1)
    first, second = abs(y_mid - ys[0]), abs(ys[-1] - y_mid)  # the halves are equally wide
    if second > 1.5 * first:
        return "steeper"
    if second < first * 2 / 3:
        return "levels off"
    return "straight line"


def _millions(n: float) -> str:
    return f"{n / 1e6:,.1f}M" if n else "0"
