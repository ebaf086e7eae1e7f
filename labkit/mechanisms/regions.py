"""Regions and zones: outages of a whole region, of some of its building blocks, or of one
zone; and what a deployment does against them — a second region (:class:`MultiRegion`), a
second provider (:class:`MultiCloud`), a status page hosted elsewhere
(:class:`IndependentStatusPage`). Pure functions of the world and the time.

>>> f = RegionOutage("nimbus-us-east", start="08:00", fixed="11:00")
>>> (f.start_min, f.fixed_min)
(480, 660)
>>> RegionOutage("nimbus-us-east", start="08:00", fixed="07:00")
Traceback (most recent call last):
...
ValueError: fixed: got '07:00', which is not after start '08:00'; allowed: ...
>>> import labkit
>>> MultiCloud().apply(labkit.build_internet(0)).services["signonce"].regions
('nimbus-us-east', 'stratus-us-central')
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

from ..catalogue import Control, Kind, Param
from ..internet import BLOCK_KINDS, Internet, Service
from ..scenario import EngineOptions, Failure, Mitigation, Scenario, failure
from ..states import DEGRADED, DOWN, Cause, Hit
from ..validate import check_choice, check_flag, check_names, check_type, short

__all__ = [
    "KINDS",
    "BlockImpairment",
    "IndependentStatusPage",
    "MultiCloud",
    "MultiRegion",
    "RegionOutage",
    "ZoneOutage",
    "hits",
    "with_second_region",
]


# ---- failures --------------------------------------------------------------------------------
def _name(field_name: str, value: object, allowed: str) -> str:
    """A non-empty name (a string; other types are a TypeError)."""
    text: str = check_type(field_name, value, str, allowed)
    if not text or text != text.strip() or len(text) > 200:
        raise ValueError(f"{field_name}: got {short(text)}; allowed: {allowed}")
    return text


@failure("region")
class RegionOutage(Failure):
    """A whole region fails (every zone), or only some of its building blocks (``blocks``),
    e.g. ``RegionOutage("nimbus-us-east", blocks=("object-storage",))`` as S3 in Feb 2017.

    Every service that runs only there goes down, and so does everything that needs one of
    them, unless it has a standby elsewhere (:class:`MultiRegion`, :class:`MultiCloud`).

    Parameters
    ----------
    region : str
        The region, e.g. "nimbus-us-east" (checked against the world by
        :func:`labkit.simulate`).
    start, fixed, duration : str or int, optional
        When it starts and is fixed, as for every :class:`~labkit.Failure`.
    blocks : list of str, optional
        Only these building blocks of the region fail: "compute", "dns", "identity", "kv-db",
        "load-balancer", "object-storage", "queue", "status-page". Default: the whole region.
    backlog_after : bool, default True
        Whether work queues behind the outage and is worked off after ``fixed`` (see
        :func:`labkit.cascade.work_piles_up`). False when the outage *is* the overload and
        its sourced end already includes working it off, e.g. the herd of restarting tasks
        on Google's policy database, which ended with the region's recovery (casebook §10):
        then nothing queues and no backlog tail is added after ``fixed``.
    what : str, optional
        A few words on what failed in reality, which the explanation then gives as the root
        cause (e.g. "the internal network congests"); at most :data:`MAX_WHAT` characters on
        one line.

    Raises
    ------
    TypeError
        If ``region`` is not a string, or ``blocks`` is a single string or not a list.
        If ``backlog_after`` is not True or False (a ValueError).
    ValueError
        If a time is invalid, both ``fixed`` and ``duration`` are given, or ``fixed`` is not
        after ``start``.
        Also if ``region`` is empty or has surrounding spaces, a block kind is unknown,
        ``what`` is too long, spans lines or has surrounding spaces, or (in
        :func:`labkit.simulate`) the region is not in the world.

    Notes
    -----
    Every zone of the region fails at once and comes back at once. The S3 outage of
    28 Feb 2017 began when a mistyped command removed far more servers than intended, and
    other services in us-east-1 that rely on S3 failed with it (casebook: AWS S3 us-east-1,
    28 Feb 2017).

    Examples
    --------
    >>> import labkit
    >>> net = labkit.build_internet(seed=0)
    >>> f = RegionOutage("nimbus-us-east", "09:00", duration=60, blocks=["object-storage"])
    >>> f.describe()
    'outage of object-storage in nimbus-us-east (09:00–10:00)'
    >>> labkit.simulate(net, labkit.Scenario([f])).down_at("09:30")
    ['nimbus-us-east/object-storage', 'nimbus-us-east/status-page']
    >>> RegionOutage("nimbus-us-east", "09:00", duration=60, blocks=["identity"],
    ...              what="the internal network congests").describe()
    'the internal network congests: outage of identity in nimbus-us-east (09:00–10:00)'
    """

    region: str = ""
    blocks: tuple[str, ...] = ()
    backlog_after: bool = True
    what: str = ""

    def check_fields(self) -> None:
        _name("region", self.region, "a region name like 'nimbus-us-east'")
        check_flag("backlog_after", self.backlog_after)
        blocks = check_names("blocks", self.blocks, BLOCK_KINDS, example="['object-storage']")
        object.__setattr__(self, "blocks", blocks)
        _check_what(self.what, "the internal network congests")

    @property
    def fails_fast(self) -> bool:
        """True when ``backlog_after`` is False: nothing queues behind this outage."""
        return not self.backlog_after

    def describe(self) -> str:
        where = f"{', '.join(self.blocks)} in {self.region}" if self.blocks else self.region
        cause = f"{self.what}: " if self.what else ""
        if not self.backlog_after:
            return f"{cause}overload of {where} ({self.window}; worked off by its end)"
        return f"{cause}outage of {where} ({self.window})"

    def validate(self, internet: Internet) -> None:
        internet.check_region(self.region)


#: Longest ``what`` of a :class:`RegionOutage` or :class:`BlockImpairment`, in characters.
MAX_WHAT = 120


def _check_what(what: object, example: str) -> None:
    """A failure's ``what``: a few words on one line, or '' for none."""
    allowed = (
        f"a few words on one line, at most {MAX_WHAT} characters, e.g. '{example}' (or '' for none)"
    )
    text: str = check_type("what", what, str, allowed)
    if text != text.strip() or len(text) > MAX_WHAT or "\n" in text or "\r" in text:
        raise ValueError(f"what: got {short(text)}; allowed: {allowed}")


@failure("region")
class BlockImpairment(Failure):
    """Some building blocks of a region keep working, but impaired (*degraded*, not down):
    e.g. running machines keep running while new ones cannot be launched, or health checks
    take part of a load balancer's healthy capacity out of service.

    Parameters
    ----------
    region : str
        The region, e.g. "nimbus-us-east" (checked against the world by
        :func:`labkit.simulate`).
    start, fixed, duration : str or int, optional
        When it starts and is fixed, as for every :class:`~labkit.Failure`.
    blocks : list of str
        The impaired building blocks, at least one: "compute", "dns", "identity", "kv-db",
        "load-balancer", "object-storage", "queue", "status-page".
    what : str, optional
        What goes wrong, in a few words (at most 120 characters, one line), e.g.
        "new-instance launches fail"; :meth:`describe` and so :meth:`labkit.Timeline.explain`
        name it.

    Raises
    ------
    TypeError
        If ``region`` or ``what`` is not a string, or ``blocks`` is a single string or not a
        list.
    ValueError
        If a time is invalid, both ``fixed`` and ``duration`` are given, or ``fixed`` is not
        after ``start``.
        Also if ``region`` is empty or has surrounding spaces, ``blocks`` is empty or names an
        unknown block kind, ``what`` is too long, spans lines or has surrounding spaces, or
        (in :func:`labkit.simulate`) the region is not in the world.

    Notes
    -----
    What *degraded* does, by the engine's rules for any degraded component
    (:mod:`labkit.cascade`):

    - whatever needs the block **hard** is degraded too (it works, worse), and so on up the
      chain; nothing is put down by an impairment alone;
    - whatever needs it only **softly** is unaffected (a soft need matters only when it is
      down);
    - no backlog of queued work and retries builds up (work piles up only where something is
      down, :func:`labkit.cascade.work_piles_up`);
    - health checks do not move traffic away: a service with a standby region stays in the
      impaired one (failover happens only from a region that is down), and an active-active
      service is degraded as a whole while one of its regions is.

    A :class:`RegionOutage` of the same block at the same time wins: down is worse.

    The second phase of the AWS us-east-1 outage of 20 Oct 2025 is of this kind: after the
    DNS fix, "New-instance launches failed from 09:25 to 17:36 UTC", "some new instances had
    connectivity problems until 20:50 UTC", and the NLB saw "Increased connection errors from
    12:30 to 21:09 UTC" as health checks removed healthy capacity (casebook §2).

    Examples
    --------
    >>> import labkit
    >>> f = BlockImpairment("nimbus-us-east", "09:00", "12:00", blocks=["compute"],
    ...                     what="new-instance launches fail")
    >>> f.describe()
    'new-instance launches fail: compute in nimbus-us-east impaired (09:00–12:00)'
    >>> t = labkit.simulate(labkit.build_internet(seed=0), labkit.Scenario([f]))
    >>> t.state("nimbus-us-east/compute", "10:00"), t.state("signonce", "10:00")
    ('degraded', 'degraded')
    >>> t.down_at("10:00")
    []
    >>> BlockImpairment("nimbus-us-east", "09:00", "12:00")
    Traceback (most recent call last):
    ...
    ValueError: blocks: got an empty list; allowed: at least one name, e.g. ['compute']
    """

    region: str = ""
    blocks: tuple[str, ...] = ()
    what: str = ""

    def check_fields(self) -> None:
        _name("region", self.region, "a region name like 'nimbus-us-east'")
        blocks = check_names("blocks", self.blocks, BLOCK_KINDS, example="['compute']", empty=False)
        object.__setattr__(self, "blocks", blocks)
        _check_what(self.what, "new-instance launches fail")

    def describe(self) -> str:
        where = f"{', '.join(self.blocks)} in {self.region}"
        if self.what:
            return f"{self.what}: {where} impaired ({self.window})"
        return f"impairment of {where} ({self.window})"

    def validate(self, internet: Internet) -> None:
        internet.check_region(self.region)


@failure("zone")
class ZoneOutage(Failure):
    """One zone (data centre) of a region fails: power, cooling, network.

    A service that runs in several zones of the region keeps working, degraded, on the others;
    one that runs in that zone only goes down.

    Parameters
    ----------
    zone : str
        The zone, e.g. "nimbus-us-east-a" (a region's name and a letter); its region is
        ``region``.
    start, fixed, duration : str or int, optional
        When it starts and is fixed, as for every :class:`~labkit.Failure`.

    Raises
    ------
    TypeError
        If ``zone`` is not a string.
    ValueError
        If a time is invalid, both ``fixed`` and ``duration`` are given, or ``fixed`` is not
        after ``start``.
        Also if ``zone`` is empty or has surrounding spaces, or (in :func:`labkit.simulate`)
        the zone is not in the world.

    Examples
    --------
    >>> import labkit
    >>> f = ZoneOutage("nimbus-us-east-a", "08:00", "10:00")
    >>> f.region
    'nimbus-us-east'
    >>> t = labkit.simulate(labkit.build_internet(seed=0), labkit.Scenario([f]))
    >>> t.state("nimbus-us-east-a", "09:00"), t.state("signonce", "09:00")
    ('down', 'degraded')
    """

    zone: str = ""

    def check_fields(self) -> None:
        _name("zone", self.zone, "a zone name like 'nimbus-us-east-a'")

    @property
    def region(self) -> str:
        return self.zone.rsplit("-", 1)[0]

    def describe(self) -> str:
        return f"outage of zone {self.zone} ({self.window})"

    def validate(self, internet: Internet) -> None:
        check_choice("zone", self.zone, internet.zones)


def hits(world: Internet, scenario: Scenario, options: EngineOptions) -> list[Hit]:
    """Zones and blocks that region and zone outages put down directly, and blocks that
    impairments leave degraded, and when."""
    out: list[Hit] = []
    for f in scenario.failures:
        if isinstance(f, RegionOutage):
            targets = (
                [f"{f.region}/{kind}" for kind in f.blocks]
                if f.blocks
                else list(world.regions[f.region].zones)
            )
        elif isinstance(f, ZoneOutage):
            targets = [f.zone]
        elif isinstance(f, BlockImpairment):
            cause = Cause("failure", f"of the failure: {f.describe()}", root=f)
            out += [
                Hit(f.start_min, f.fixed_min, f"{f.region}/{kind}", DEGRADED, cause)
                for kind in f.blocks
            ]
            continue
        else:
            continue
        cause = Cause("failure", f"of the failure: {f.describe()}", root=f)
        out += [Hit(f.start_min, f.fixed_min, t, DOWN, cause) for t in targets]
    return out


# ---- mitigations -----------------------------------------------------------------------------
@dataclass(frozen=True)
class _Standby(Mitigation):
    """A standby copy somewhere else for the named ``services`` (None: every one on a cloud)."""

    services: tuple[str, ...] | None = None

    def __post_init__(self) -> None:
        if self.services is not None:
            names = check_names("services", self.services, example="['signonce']")
            object.__setattr__(self, "services", names)

    def validate(self, internet: Internet) -> None:
        for s in self.services or ():
            check_choice("services", s, internet.services)


@dataclass(frozen=True)
class MultiRegion(_Standby):
    """Run the named services (default: every app and SaaS on a cloud) in a second region of
    the same provider, with health-checked active-passive failover.

    Parameters
    ----------
    services : list of str, optional
        The services to give a standby, e.g. ``["signonce"]`` (default: every one on a cloud).
        A service that already runs in two regions, or that is self-hosted, is unchanged.

    Raises
    ------
    TypeError
        If ``services`` is a single string, not a list, or holds something that is not a
        string.
    ValueError
        In :func:`labkit.simulate`, if a name in ``services`` is not a service of the world.

    Notes
    -----
    Traffic moves after ``Scenario.failover_delay`` minutes (5 by default) of failed health
    checks, so the service is down for those minutes. The standby region is the provider's
    next region. It does not help when a failure hits every region of the provider (use
    :class:`MultiCloud`).

    Examples
    --------
    >>> import labkit
    >>> net = labkit.build_internet(seed=0)
    >>> MultiRegion().apply(net).services["signonce"].regions
    ('nimbus-us-east', 'nimbus-us-west')
    >>> s = labkit.Scenario([RegionOutage("nimbus-us-east", "08:00", "11:00")], [MultiRegion()])
    >>> labkit.simulate(net, s).state("signonce", "09:00")
    'ok'
    """

    def apply(self, internet: Internet) -> Internet:
        return with_second_region(internet, self.services)


@dataclass(frozen=True)
class MultiCloud(_Standby):
    """Run the named services (default: every service on a cloud that runs on one provider) also
    in the largest other provider's main region; a service without failover gets active-passive
    failover, one with failover keeps its own. Unlike :class:`MultiRegion` it survives failures
    that hit a whole provider at once, such as a bad config pushed to every region's compute.

    Parameters
    ----------
    services : list of str, optional
        The services to give a standby on a second provider (default: every service on a
        cloud that runs on one provider).

    Raises
    ------
    TypeError
        If ``services`` is a single string, not a list, or holds something that is not a
        string.
    ValueError
        In :func:`labkit.simulate`, if a name in ``services`` is not a service of the world.

    Notes
    -----
    The second provider is the largest other one, and the standby runs in its main region.
    As with :class:`MultiRegion`, traffic moves after ``Scenario.failover_delay`` minutes.
    The toy model leaves out what makes this hard in practice (data replicated across
    providers, two sets of tooling).

    Examples
    --------
    >>> import labkit
    >>> net = labkit.build_internet(seed=0)
    >>> MultiCloud(["signonce"]).apply(net).services["signonce"].regions
    ('nimbus-us-east', 'stratus-us-central')
    >>> s = labkit.Scenario([RegionOutage("nimbus-us-east", "08:00", "11:00")], [MultiCloud()])
    >>> labkit.simulate(net, s).state("signonce", "09:00")
    'ok'
    """

    def apply(self, internet: Internet) -> Internet:
        chosen = set(self.services) if self.services is not None else set(internet.services)
        new = {}
        for sid, s in internet.services.items():
            providers = {internet.regions[r].provider for r in s.regions}
            if sid in chosen and len(providers) == 1:
                own = next(iter(providers))
                others = [p for p in internet.providers.values() if p.id != own]
                other = max(others, key=lambda p: (p.share, p.id))
                second = other.regions[0]
                nz = min(s.zones_used, len(internet.regions[second].zones))
                mode = s.failover if s.failover != "none" else "active-passive"
                s = dataclasses.replace(
                    s, regions=(*s.regions, second), failover=mode, zones_used=nz
                )
            new[sid] = s
        return dataclasses.replace(internet, services=new)


@dataclass(frozen=True)
class IndependentStatusPage(Mitigation):
    """Every provider's status page is hosted outside the region it reports on, so it stays up
    to say what is broken (after S3 in February 2017, whose dashboard depended on S3).

    It keeps nothing else up: the services of the region fail as before, but people can read
    that they do.

    Notes
    -----
    The AWS Service Health Dashboard did not show S3 as down because the dashboard itself
    depended on S3 (casebook: AWS S3 us-east-1, 28 Feb 2017, widely reported).

    Examples
    --------
    >>> import labkit
    >>> net = labkit.build_internet(seed=0)
    >>> failures = [RegionOutage("nimbus-us-east", "08:00", "11:00")]
    >>> before = labkit.simulate(net, labkit.Scenario(failures))
    >>> after = labkit.simulate(net, labkit.Scenario(failures, [IndependentStatusPage()]))
    >>> page = "nimbus-us-east/status-page"
    >>> before.state(page, "09:00"), after.state(page, "09:00")
    ('down', 'ok')
    >>> after.state("signonce", "09:00")
    'down'
    """

    def apply(self, internet: Internet) -> Internet:
        blocks = {
            bid: dataclasses.replace(b, needs=(), independent=True)
            if b.kind == "status-page"
            else b
            for bid, b in internet.blocks.items()
        }
        return dataclasses.replace(internet, blocks=blocks)


def with_second_region(internet: Internet, services: tuple[str, ...] | None) -> Internet:
    """A copy of ``internet`` where the named (default: all cloud-hosted) services that run in a
    single region also run in the provider's next region, with active-passive failover."""
    chosen = set(services) if services is not None else set(internet.services)
    new: dict[str, Service] = {}
    for sid, s in internet.services.items():
        if sid in chosen and len(s.regions) == 1:
            region = internet.regions[s.regions[0]]
            options = [r for r in internet.providers[region.provider].regions if r != region.id]
            if options:
                second = options[0]
                nz = min(s.zones_used, len(internet.regions[second].zones))
                s = dataclasses.replace(
                    s, regions=(region.id, second), failover="active-passive", zones_used=nz
                )
        new[sid] = s
    return dataclasses.replace(internet, services=new)


# ---- the catalogue's entries -----------------------------------------------------------------
_WHOLE = "whole region"  # the row's "part" when every zone of the region fails


def _read_region(f: Failure) -> dict[str, str] | None:
    if type(f) is RegionOutage and len(f.blocks) <= 1 and f.backlog_after and not f.what:
        return {"region": f.region, "part": f.blocks[0] if f.blocks else _WHOLE}
    return None


def _build_region(v: dict[str, str], start: str, fixed: str | None) -> Failure:
    part = v["part"]
    return RegionOutage(v["region"], start, fixed, blocks=() if part == _WHOLE else (part,))


#: The dashboard's region row: a whole region, or one building block of it (lesson 01's key-value
#: database, S3's object storage), from a time to a time.
REGION_CONTROL = Control(
    "region",
    "Region outage",
    (
        Param("region", "region", lambda net: sorted(net.regions), "nimbus-us-east"),
        Param("part", "part", (_WHOLE, *BLOCK_KINDS), _WHOLE),
    ),
    _build_region,
    _read_region,
)

KINDS = (
    Kind(RegionOutage, "failure", "regions", "region", "a whole region, or some of its blocks, "
         "fails", label="Region outage", control=REGION_CONTROL,
         examples=lambda: (RegionOutage("nimbus-us-east", "08:00", "11:00"),
                           RegionOutage("nimbus-us-east", "09:00", duration=60,
                                        blocks=("object-storage",)))),
    Kind(BlockImpairment, "failure", "regions", "impairment",
         "some blocks of a region keep working, but impaired (degraded)",
         label="Block impairment",
         examples=lambda: (BlockImpairment("nimbus-us-east", "09:00", "12:00",
                                           blocks=("compute",),
                                           what="new-instance launches fail"),
                           BlockImpairment("nimbus-us-east", "09:00", duration=60,
                                           blocks=("load-balancer", "queue")))),
    Kind(ZoneOutage, "failure", "regions", "zone", "one zone (data centre) fails",
         label="Zone outage",
         examples=lambda: (ZoneOutage("nimbus-us-east-a", "08:00", "10:00"),)),
    Kind(MultiRegion, "mitigation", "regions", "multi-region",
         "every cloud service gets a standby in a second region", price=40, menu=True,
         examples=lambda: (MultiRegion(), MultiRegion(("bazaar",)))),
    Kind(MultiCloud, "mitigation", "regions", "multi-cloud",
         "every cloud service gets a standby on a second provider", price=60, menu=True,
         examples=lambda: (MultiCloud(),)),
    Kind(IndependentStatusPage, "mitigation", "regions", "status-page",
         "status pages hosted outside the region they report on",
         label="independent status page", examples=lambda: (IndependentStatusPage(),)),
)  # fmt: skip
