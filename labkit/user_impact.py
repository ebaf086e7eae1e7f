"""Impact in user terms: orders and revenue lost, IoT devices not responding, AI inference
errors, and the minutes a provider's status page showed green while something it
reports on (a block of its region, or a service hosted there) was down.

Users affected (:meth:`labkit.Timeline.impact_summary`) say how many; this says what it meant
for them. The rates are toy assumptions, all in one table, :data:`TOY_USER_TERMS` (the casebook
gives no figure for orders, devices or requests): change them by passing ``terms=``.

Users down per app: all of an app's users while it is down; while it is degraded because some
cities cannot reach it (a route leak or hijack), the category's users who cannot reach their app
are shared among its degraded apps in proportion to their users. A degraded app otherwise loses
nothing here (slower, not gone).

The status page (the ``status-page`` block in every region, which needs the region's object
storage) behaves honestly: while it is up it shows red if any zone or building block of its
region is not ok, green otherwise; while it is down it cannot change, so it shows what it showed
last (green if it went down before it could turn red). "Green while down" minutes are minutes
in which something the page reports on was down -- a building block of its region (object
storage, as S3 was) or a service hosted there (an app, or a SaaS the apps need) -- while the
page was down and still showing green. That is what happened to AWS in 2017:
"The AWS Service Health Dashboard did not show S3 as down, because the dashboard itself
depended on S3" (casebook §1); in 2021 congestion "impaired our Service Health Dashboard
tooling from appropriately failing over to our standby region" (casebook §3); and Google's own
"Cloud Service Health status infrastructure was down with the outage", delaying the first
public posting (casebook §10).

>>> import labkit
>>> t = labkit.simulate(labkit.build_internet(),
...                     labkit.Scenario([labkit.RegionOutage("nimbus-us-east", "08:00", "11:00")]))
>>> u = user_impact(t)
>>> u.green_while_down
(('nimbus', 180),)
"""

from __future__ import annotations

import bisect
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from .internet import CATEGORIES
from .tables import to_pandas
from .training import training_report
from .validate import check_choice, check_number, check_type, short, type_error

__all__ = [
    "TOY_USER_TERMS",
    "AppTerms",
    "AppUserImpact",
    "StatusPageRow",
    "UserImpact",
    "UserImpactRow",
    "status_pages",
    "user_impact",
    "user_impact_table",
]


@dataclass(frozen=True)
class AppTerms:
    """What an hour of one app's users means in user terms (toy assumptions).

    Parameters
    ----------
    orders_per_user_hour : float, default 0
        Orders placed per user per hour online (e-commerce), 0 to 100.
    order_value : float, default 0
        Average order value in dollars, 0 to 1,000,000.
    devices_per_user : float, default 0
        Devices each user has (IoT), 0 to 1000.
    requests_per_user_hour : float, default 0
        Inference requests per user per hour (AI), 0 to 100,000.

    Raises
    ------
    ValueError
        If a value is not a finite number in its range.

    Examples
    --------
    >>> AppTerms(orders_per_user_hour=0.05, order_value=60).order_value
    60
    >>> AppTerms(devices_per_user=-1)
    Traceback (most recent call last):
    ...
    ValueError: devices_per_user: got -1; allowed: a number from 0 to 1000
    """

    orders_per_user_hour: float = 0.0
    order_value: float = 0.0
    devices_per_user: float = 0.0
    requests_per_user_hour: float = 0.0

    def __post_init__(self) -> None:
        check_number("orders_per_user_hour", self.orders_per_user_hour, 0, 100)
        check_number("order_value", self.order_value, 0, 1_000_000)
        check_number("devices_per_user", self.devices_per_user, 0, 1000)
        check_number("requests_per_user_hour", self.requests_per_user_hour, 0, 100_000)


#: Toy assumptions (not from the record): per app, orders per user-hour and average order value
#: in dollars (e-commerce), devices per user (IoT), inference requests per user-hour (AI).
TOY_USER_TERMS: dict[str, AppTerms] = {
    "shopfast": AppTerms(orders_per_user_hour=0.05, order_value=60),
    "bazaar": AppTerms(orders_per_user_hour=0.04, order_value=35),
    "ticketdash": AppTerms(orders_per_user_hour=0.02, order_value=90),
    "homeglow": AppTerms(devices_per_user=6),
    "doorcam": AppTerms(devices_per_user=1),
    "petfeeder": AppTerms(devices_per_user=1),
    "chatmate": AppTerms(requests_per_user_hour=20),
    "scribeai": AppTerms(requests_per_user_hour=4),
    "visionkit": AppTerms(requests_per_user_hour=30),
}


@dataclass(frozen=True)
class AppUserImpact:
    """One app: user-hours down and what they meant (0 where a measure does not apply)."""

    app: str
    category: str
    user_hours_down: float
    orders_lost: float
    revenue_lost: float
    peak_devices_down: int
    device_hours_down: float
    inference_errors: float


@dataclass(frozen=True)
class StatusPageRow:
    """One region's status page: minutes it was down, minutes it showed green while something
    it reports on was down, and what: ``down`` lists building blocks of the region
    ("nimbus-us-east/object-storage") and services hosted there (an app or a SaaS)."""

    region: str
    provider: str
    page_down_minutes: int
    green_while_down: int
    down: tuple[str, ...]


@dataclass(frozen=True)
class UserImpactRow:
    """One measure of the run in user terms: ``measure``, ``value``, ``unit``."""

    measure: str
    value: float
    unit: str


@dataclass(frozen=True)
class UserImpact:
    """The run in user terms. Made by :func:`user_impact` (or
    :meth:`labkit.Timeline.user_impact`); prints as a short table.

    Attributes
    ----------
    apps : tuple of AppUserImpact
        One per app.
    status_pages : tuple of StatusPageRow
        One per region.
    orders_lost, revenue_lost, inference_errors : float
        Totals over the apps.
    devices_not_responding : int
        IoT devices not responding at the worst moment.
    green_while_down : tuple of (provider, minutes)
        Per provider with any: minutes in which one of its status pages showed green while a
        block it reports on or a service hosted behind it was down (the union over its
        regions).
    """

    apps: tuple[AppUserImpact, ...]
    status_pages: tuple[StatusPageRow, ...]
    orders_lost: float
    revenue_lost: float
    devices_not_responding: int
    inference_errors: float
    green_while_down: tuple[tuple[str, int], ...]

    def rows(self) -> list[UserImpactRow]:
        """The totals as tidy rows (measure, value, unit)."""
        out = [
            UserImpactRow("orders lost", self.orders_lost, "orders"),
            UserImpactRow("revenue lost", self.revenue_lost, "dollars"),
            UserImpactRow(
                "IoT devices not responding (peak)", self.devices_not_responding, "devices"
            ),
            UserImpactRow("AI inference errors", self.inference_errors, "requests"),
        ]
        out += [
            UserImpactRow(f"{p} status page green while down", m, "minutes")
            for p, m in self.green_while_down
        ]
        return out

    def to_pandas(self) -> Any:
        """:meth:`rows` as a pandas DataFrame (needs pandas)."""
        return to_pandas(self.rows())

    def __str__(self) -> str:
        return "\n".join(f"{r.measure:<45} {r.value:>14,.0f} {r.unit}" for r in self.rows())

    def _repr_pretty_(self, p: Any, cycle: bool) -> None:
        p.text(str(self))


def _base(app_id: str) -> str:
    """The app of the first copy of the world ("shopfast-x2" -> "shopfast")."""
    head, sep, tail = app_id.rpartition("-x")
    return head if sep and tail.isdigit() else app_id


def _check_terms(terms: Any, apps: list[str]) -> Mapping[str, AppTerms]:
    check_type("terms", terms, Mapping, "a dict of app name to AppTerms, e.g. TOY_USER_TERMS")
    for k, v in terms.items():
        check_type("terms", k, str, "app names as keys")
        check_choice("terms", k, apps)
        check_type(f"terms[{k!r}]"[:70], v, AppTerms, "an AppTerms(...)")
    return terms


def _users_down(run: Any) -> dict[str, list[tuple[int, int, float]]]:
    """Per app: stretches (start, end, users down), cut-off users of degraded apps shared."""
    world = run.world
    out: dict[str, list[tuple[int, int, float]]] = {}
    for cat in CATEGORIES:
        apps = world.apps(cat)
        if not apps:
            continue
        rows = {a.id: run.rows(a.id) for a in apps}
        starts = {a: [r.start for r in rs] for a, rs in rows.items()}
        impact = run.impact(cat)
        istarts = [r.start for r in impact]
        cuts = sorted({*istarts, *(t for s in starts.values() for t in s)})
        for i, t in enumerate(cuts):
            end = cuts[i + 1] if i + 1 < len(cuts) else run.minutes
            if end <= t:
                continue
            users_down = impact[bisect.bisect_right(istarts, t) - 1].users_down
            states = {a: rows[a][bisect.bisect_right(starts[a], t) - 1].state for a in rows}
            full = {a.id: a.total_users for a in apps if states[a.id] == "down"}
            shaky = {a.id: a.total_users for a in apps if states[a.id] == "degraded"}
            extra = max(users_down - sum(full.values()), 0)
            for a, n in full.items():
                out.setdefault(a, []).append((t, end, float(n)))
            total = sum(shaky.values())
            if extra and total:
                for a, n in shaky.items():
                    out.setdefault(a, []).append((t, end, extra * n / total))
    return out


def _region_flags(run: Any, components: list[str], state: tuple[str, ...]) -> bytearray:
    flags = bytearray(run.minutes)
    for c in components:
        for r in run.rows(c):
            if r.state in state and r.end > r.start:
                flags[r.start : r.end] = b"\x01" * (r.end - r.start)
    return flags


def _page(run: Any, rid: str) -> tuple[int, set[int], tuple[str, ...]]:
    """Region ``rid``'s page: minutes down, the minutes it showed green while something it
    reports on was down (a building block of the region, or a service hosted there), and
    those blocks and services."""
    world = run.world
    page = f"{rid}/status-page"
    blocks = [b for b in world.blocks if world.blocks[b].region == rid and b != page]
    bad = _region_flags(run, [*world.regions[rid].zones, *blocks], ("down", "degraded"))
    page_down = _region_flags(run, [page], ("down",))
    # what its users miss: the region's own blocks (S3 in 2017) and the services hosted there
    watched = [*blocks, *(s.id for s in world.services.values() if rid in s.regions)]
    down = {c: _region_flags(run, [c], ("down",)) for c in watched}
    shown_red = False  # what the page shows; it keeps showing it while it is down
    green: set[int] = set()
    hit: set[str] = set()
    for m in range(run.minutes):
        if not page_down[m]:
            shown_red = bool(bad[m])
            continue
        down_now = [c for c in watched if down[c][m]]
        if not shown_red and down_now:
            green.add(m)
            hit.update(down_now)
    return sum(page_down), green, tuple(c for c in watched if c in hit)


def status_pages(run: Any) -> list[StatusPageRow]:
    """Per region: its status page's down minutes and its "green while down" minutes.

    Parameters
    ----------
    run : Timeline
        A simulated run.

    Returns
    -------
    list of StatusPageRow
        In the world's order of regions.

    Examples
    --------
    A whole-region outage takes the page down with everything else at 08:00: it never turned
    red, so for the three hours of the outage (08:00-11:00, 180 minutes) it showed green while
    the region's blocks and the services hosted there were down. At 11:00 it is back, and red.

    >>> import labkit
    >>> s = labkit.Scenario([labkit.RegionOutage("nimbus-us-east", "08:00", "11:00")])
    >>> t = labkit.simulate(labkit.build_internet(), s)
    >>> [r] = [r for r in status_pages(t) if r.region == "nimbus-us-east"]
    >>> r.page_down_minutes, r.green_while_down, "signonce" in r.down
    (180, 180, True)
    """
    return [_page_row(run, rid) for rid in run.world.regions]


def _page_row(run: Any, rid: str) -> StatusPageRow:
    down, green, apps = _page(run, rid)
    return StatusPageRow(rid, run.world.regions[rid].provider, down, len(green), apps)


def _green_by_provider(run: Any, pages: list[StatusPageRow]) -> tuple[tuple[str, int], ...]:
    """Per provider: the union over its regions of the green-while-down minutes."""
    per: dict[str, set[int]] = {}
    for p in pages:
        if p.green_while_down:
            per.setdefault(p.provider, set()).update(_page(run, p.region)[1])
    return tuple((pid, len(per[pid])) for pid in run.world.providers if pid in per)


def _check_run(run: Any) -> None:
    """``run`` must be a simulated run (a :class:`labkit.Timeline`), checked by its shape."""
    if not all(hasattr(run, a) for a in ("world", "rows", "impact", "minutes")):
        raise type_error("run", short(run), "a Timeline from labkit.simulate(...)")


def user_impact(run: Any, terms: Mapping[str, AppTerms] | None = None) -> UserImpact:
    """The run in user terms: orders, revenue, devices, inference errors, status pages.

    Parameters
    ----------
    run : Timeline
        A simulated run (:func:`labkit.simulate`).
    terms : dict of str to AppTerms, optional
        Per app (the first copy's name, e.g. "shopfast"): its rates. Default
        :data:`TOY_USER_TERMS`; apps left out count nothing.

    Returns
    -------
    UserImpact

    Raises
    ------
    TypeError
        If ``terms`` is not a dict of app names to :class:`AppTerms`.
    ValueError
        If a name in ``terms`` is not an app of the world (the message suggests the closest).

    Examples
    --------
    ShopFast (6.0M users) is down 08:00-11:00 at least; with the toy 0.05 orders per
    user-hour at $60 each, every hour it is down costs 6.0M x 0.05 = 300,000 orders, $18M.

    >>> import labkit
    >>> s = labkit.Scenario([labkit.RegionOutage("nimbus-us-east", "08:00", "11:00")])
    >>> t = labkit.simulate(labkit.build_internet(), s)
    >>> shop = {r.app: r for r in user_impact(t).apps}["shopfast"]
    >>> shop.orders_lost == shop.user_hours_down * 0.05, shop.revenue_lost == shop.orders_lost * 60
    (True, True)
    >>> user_impact(t, terms={"shopfast": 1})
    Traceback (most recent call last):
    ...
    TypeError: terms['shopfast']: got 1 (an int); allowed: an AppTerms(...)
    >>> user_impact(t, terms={"shopfst": AppTerms()})
    Traceback (most recent call last):
    ...
    ValueError: terms: unknown value 'shopfst'. Did you mean 'shopfast'? ...
    """
    _check_run(run)
    bases = sorted({_base(a.id) for a in run.world.apps()})
    table = TOY_USER_TERMS if terms is None else _check_terms(terms, bases)
    down = _users_down(run)
    apps = []
    device_stretches: list[tuple[int, int, float]] = []
    for app in run.world.apps():
        stretches = down.get(app.id, [])
        hours = sum(n * (b - a) / 60 for a, b, n in stretches)
        t = table.get(_base(app.id), AppTerms())
        orders = hours * t.orders_per_user_hour
        devices = [(a, b, n * t.devices_per_user) for a, b, n in stretches]
        device_stretches += devices
        apps.append(
            AppUserImpact(
                app.id,
                app.category,
                hours,
                orders,
                orders * t.order_value,
                round(max((d for _, _, d in devices), default=0.0)),
                sum(d * (b - a) / 60 for a, b, d in devices),
                hours * t.requests_per_user_hour,
            )
        )
    pages = status_pages(run)
    return UserImpact(
        tuple(apps),
        tuple(pages),
        sum(a.orders_lost for a in apps),
        sum(a.revenue_lost for a in apps),
        _peak(device_stretches),
        sum(a.inference_errors for a in apps),
        _green_by_provider(run, pages),
    )


def _peak(stretches: list[tuple[int, int, float]]) -> int:
    """The largest total over overlapping stretches (start, end, amount)."""
    events: dict[int, float] = {}
    for a, b, n in stretches:
        events[a] = events.get(a, 0.0) + n
        events[b] = events.get(b, 0.0) - n
    level = best = 0.0
    for t in sorted(events):
        level += events[t]
        best = max(best, level)
    return round(best)


def user_impact_table(run: Any, terms: Mapping[str, AppTerms] | None = None) -> list[UserImpactRow]:
    """The run in user terms as tidy rows (measure, value, unit): orders and revenue lost, IoT
    devices not responding at the worst moment, AI inference errors, minutes each provider's
    status page showed green while something it reports on was down, training progress and
    GPU-hours lost.

    Parameters
    ----------
    run : Timeline
        A simulated run.
    terms : dict of str to AppTerms, optional
        As for :func:`user_impact`.

    Returns
    -------
    list of UserImpactRow

    Examples
    --------
    >>> import labkit
    >>> s = labkit.Scenario([labkit.RegionOutage("nimbus-us-east", "08:00", "11:00")])
    >>> t = labkit.simulate(labkit.build_internet(), s)
    >>> for r in user_impact_table(t)[-3:]:
    ...     print(r.measure, r.value, r.unit)
    nimbus status page green while down 180 minutes
    AI training progress lost 120 minutes
    AI training GPU-hours lost 3584.0 GPU-hours
    """
    rows = user_impact(run, terms).rows()
    training = training_report(run)
    rows.append(UserImpactRow("AI training progress lost", training.progress_lost, "minutes"))
    rows.append(UserImpactRow("AI training GPU-hours lost", training.gpu_hours_lost, "GPU-hours"))
    return rows
