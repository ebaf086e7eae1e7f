"""The toy internet, as data: clouds, regions, zones, building blocks, SaaS, apps and users.

Nothing here knows about time or failures; :mod:`labkit.simulate` does. The world is fixed by
``seed`` (which provider and region each service lands on, where its users live).

>>> net = build_internet(seed=0)
>>> net.dominant_provider().name
'Nimbus Cloud'
>>> sorted(net.categories())
['AI', 'IoT', 'e-commerce', 'office', 'streaming']
>>> net.graph.number_of_nodes() == len(net.components())
True
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from functools import cached_property

import networkx as nx

from .training import TrainingJob, default_jobs
from .validate import check_choice, check_count

__all__ = [
    "BLOCK_KINDS",
    "CATEGORIES",
    "Block",
    "Dependency",
    "Internet",
    "Provider",
    "Region",
    "Service",
    "build_internet",
    "region_blocks",
]

CATEGORIES = ("streaming", "e-commerce", "AI", "IoT", "office")
FAILOVER_MODES = ("none", "active-passive", "active-active")

#: The building blocks inside every region, what each needs in the same region (hard/soft),
#: and how fast queued work drains after a failure (x normal throughput; None: nothing queues).
#: "dns" is the region's endpoint records: losing them does not stop a block, it stops its
#: clients from finding it, so "dns" is a need of every block (and, see :func:`_finds_by_name`,
#: every service) that looks another block up by name, as hard as its need of that block; the
#: key-value database and object storage need nothing else and stay up. A block-level loss acts
#: at once, as if every client needed a new lookup; for a lost record that lingers in resolvers'
#: caches per its TTL, use the DNS mechanism (:class:`~labkit.RecordEmpty`).
BLOCK_KINDS: dict[str, tuple[tuple[tuple[str, bool], ...], int | None, str]] = {
    "dns": ((), None, "endpoint DNS records: how clients find every regional service"),
    "kv-db": ((), 6, "key-value database"),
    "object-storage": ((), None, "object storage (files, images, backups)"),
    "identity": ((("kv-db", True), ("dns", True)), None, "identity and access (credentials)"),
    "compute": (
        (("kv-db", False), ("identity", False), ("object-storage", False), ("dns", False)),
        2,
        "virtual machines; launching new ones needs the kv-db control plane and object storage",
    ),
    "queue": ((("kv-db", True), ("dns", True)), 3, "message queue"),
    "load-balancer": ((("compute", True), ("dns", True)), None, "load balancer"),
    "status-page": ((("object-storage", True), ("dns", True)), None, "the provider's status page"),
}


def _finds_by_name(needs: tuple[Dependency, ...]) -> tuple[Dependency, ...]:
    """``needs`` (a service's building blocks) plus the region's "dns" when it needs a block,
    which it finds by its endpoint name: hard if any such need is hard."""
    named = [d for d in needs if d.target != "dns"]
    if not named or any(d.target == "dns" for d in needs):
        return needs
    hard = any(d.hard for d in named)
    return (*needs, Dependency("dns", hard, "finds the region's blocks by their endpoint names"))


@dataclass(frozen=True)
class Provider:
    """A cloud provider: ``share`` is its share of the cloud market in this world."""

    id: str
    name: str
    share: float
    regions: tuple[str, ...]


@dataclass(frozen=True)
class Region:
    """A region of a provider, made of independent zones (data centres)."""

    id: str
    provider: str
    location: str
    zones: tuple[str, ...]


@dataclass(frozen=True)
class Dependency:
    """``target`` is needed: ``hard`` means down without it, soft means degraded without it."""

    target: str
    hard: bool
    why: str = ""


@dataclass(frozen=True)
class Block:
    """One building block of a region (compute, kv-db, …), spread over all the region's zones."""

    id: str
    kind: str
    region: str
    needs: tuple[Dependency, ...]
    drain: int | None  # backlog drain rate (x normal), None if no work queues up
    independent: bool = False  # hosted outside its region: no zone or block of it can fail it


@dataclass(frozen=True)
class Service:
    """A third-party SaaS or an app, running in ``regions`` (primary first) or self-hosted.

    ``block_needs`` are building blocks it needs in every region it runs in; ``needs`` are other
    services (hard or soft). ``users`` maps city → users (apps only).
    """

    id: str
    name: str
    kind: str  # "saas" or "app"
    category: str  # app category, or the SaaS function (payments, login, …)
    regions: tuple[str, ...]
    failover: str
    zones_used: int
    block_needs: tuple[Dependency, ...]
    needs: tuple[Dependency, ...]
    drain: int
    users: tuple[tuple[str, int], ...] = ()
    what: str = ""

    def __post_init__(self) -> None:
        check_choice("failover", self.failover, FAILOVER_MODES)

    @property
    def self_hosted(self) -> bool:
        return not self.regions

    @property
    def total_users(self) -> int:
        return sum(n for _, n in self.users)


@dataclass
class Internet:
    """The whole toy internet. ``graph`` is a networkx DiGraph: edge u → v means "u needs v"."""

    seed: int
    providers: dict[str, Provider]
    regions: dict[str, Region]
    blocks: dict[str, Block]
    services: dict[str, Service]
    cities: dict[str, int]
    zones: tuple[str, ...] = field(default=())
    #: AI training jobs on the regions' GPUs (see :mod:`labkit.training`); not components.
    training_jobs: tuple[TrainingJob, ...] = field(default=())

    # --- look-ups -------------------------------------------------------------------------
    def components(self) -> list[str]:
        """Every component the engine gives a state: zones, blocks, SaaS and apps."""
        return [*self.zones, *self.blocks, *self.services]

    def apps(self, category: str | None = None) -> list[Service]:
        """Apps, optionally of one category."""
        if category is not None:
            check_choice("category", category, CATEGORIES)
        return [
            s
            for s in self.services.values()
            if s.kind == "app" and (category is None or s.category == category)
        ]

    def saas(self) -> list[Service]:
        return [s for s in self.services.values() if s.kind == "saas"]

    def categories(self) -> list[str]:
        return list(CATEGORIES)

    def dominant_provider(self) -> Provider:
        return max(self.providers.values(), key=lambda p: p.share)

    def main_region(self, provider: str | None = None) -> str:
        """The provider's main region (its first and busiest), by default the dominant one's."""
        pid = provider or self.dominant_provider().id
        check_choice("provider", pid, self.providers)
        return self.providers[pid].regions[0]

    def check_region(self, region: str, field_name: str = "region") -> str:
        return check_choice(field_name, region, self.regions)

    def check_component(self, name: str, field_name: str = "component") -> str:
        return check_choice(field_name, name, self.components())

    def kind_of(self, component: str) -> str:
        """ "zone", "block", "saas" or "app"."""
        if component in self.blocks:
            return "block"
        if component in self.services:
            return self.services[component].kind
        if component in self.zones:
            return "zone"
        self.check_component(component)
        raise AssertionError("unreachable")

    def hosting_share(self) -> dict[str, float]:
        """Share of services (apps and SaaS) whose primary region is on each provider."""
        counts = {p: 0 for p in self.providers} | {"self-hosted": 0}
        for s in self.services.values():
            key = self.regions[s.regions[0]].provider if s.regions else "self-hosted"
            counts[key] += 1
        total = sum(counts.values())
        return {k: round(v / total, 3) for k, v in counts.items()}

    def describe(self) -> str:
        """A short tour of this world, as text."""
        apps, saas = self.apps(), self.saas()
        lines = [
            f"{len(self.providers)} cloud providers, {len(self.regions)} regions, "
            f"{len(self.zones)} zones, {len(self.blocks)} building blocks",
            f"{len(saas)} third-party SaaS and {len(apps)} apps with "
            f"{sum(a.total_users for a in apps) / 1e6:.1f}M users in all",
        ]
        hosting = self.hosting_share()
        for p in self.providers.values():
            lines.append(
                f"  {p.name:<14} {p.share:>4.0%} of the cloud market; main region "
                f"{p.regions[0]}; hosts {hosting[p.id]:.0%} of our services"
            )
        lines.append(f"  {'self-hosted':<14} hosts {hosting['self-hosted']:.0%} of our services")
        return "\n".join(lines)

    # --- the dependency graph -------------------------------------------------------------
    @cached_property
    def graph(self) -> nx.DiGraph:
        """Dependency graph: nodes carry ``kind``, ``provider``, ``region``, ``category``;
        edges carry ``hard`` (bool) and ``why``.

        Zones: a block "needs" every zone of its region, and a SaaS or app the
        ``zones_used`` first zones of each region it runs in; these edges also carry
        ``zones``, the number of zones it is spread over there. Being spread over several
        zones, it is down only when all of them are (a soft edge: it loses capacity with
        one); in a single zone, that zone is a hard need, unless failover to another region
        covers it (as for its building blocks). This is what the engine does
        (:func:`labkit.cascade.zone_coverage`), so the hard edges give exactly the zones
        whose failure alone takes something down.

        >>> net = build_internet()
        >>> net.services["petfeeder"].zones_used, net.services["petfeeder"].regions
        (1, ('stratus-us-central',))
        >>> net.graph.edges["petfeeder", "stratus-us-central-a"]
        {'hard': True, 'why': 'runs only in this zone', 'region': 'stratus-us-central', 'zones': 1}
        >>> net.graph.edges["scribeai", "stratus-us-central-a"]["hard"]
        False
        """
        g = nx.DiGraph()
        for z in self.zones:
            region = z.rsplit("-", 1)[0]
            g.add_node(z, kind="zone", region=region, provider=self.regions[region].provider)
        for b in self.blocks.values():
            g.add_node(
                b.id,
                kind="block",
                block=b.kind,
                region=b.region,
                provider=self.regions[b.region].provider,
            )
            spread = self.regions[b.region].zones
            for z in spread:
                hard = len(spread) == 1
                g.add_edge(b.id, z, hard=hard, why="runs in this zone", zones=len(spread))
            for d in b.needs:
                g.add_edge(b.id, d.target, hard=d.hard, why=d.why)
        for s in self.services.values():
            provider = self.regions[s.regions[0]].provider if s.regions else "self-hosted"
            g.add_node(
                s.id,
                kind=s.kind,
                category=s.category,
                provider=provider,
                region=s.regions[0] if s.regions else None,
                users=s.total_users,
            )
            # with failover, nothing in a single region is a hard need of the service
            no_failover = s.failover == "none" or len(s.regions) == 1
            for r in s.regions:
                spread = self.regions[r].zones[: s.zones_used]  # as the engine deploys it
                for z in spread:
                    hard = no_failover and len(spread) == 1
                    why = "runs only in this zone" if len(spread) == 1 else "runs in this zone"
                    g.add_edge(s.id, z, hard=hard, why=why, region=r, zones=len(spread))
                for d in s.block_needs:
                    hard = d.hard and no_failover
                    g.add_edge(s.id, f"{r}/{d.target}", hard=hard, why=d.why, region=r)
            for d in s.needs:
                g.add_edge(s.id, d.target, hard=d.hard, why=d.why)
        return g

    @cached_property
    def service_order(self) -> list[str]:
        """Services with every dependency before its dependents."""
        sub = nx.DiGraph()
        sub.add_nodes_from(self.services)
        for s in self.services.values():
            for d in s.needs:
                sub.add_edge(d.target, s.id)
        return list(nx.lexicographical_topological_sort(sub))

    @cached_property
    def block_order(self) -> list[str]:
        sub = nx.DiGraph()
        sub.add_nodes_from(self.blocks)
        for b in self.blocks.values():
            for d in b.needs:
                sub.add_edge(d.target, b.id)
        return list(nx.lexicographical_topological_sort(sub))

    def dependents(self, component: str) -> set[str]:
        """Everything that needs ``component``, directly or through others."""
        self.check_component(component)
        return nx.ancestors(self.graph, component)

    def dependencies(self, component: str) -> set[str]:
        """Everything ``component`` needs, directly or through others."""
        self.check_component(component)
        return nx.descendants(self.graph, component)


# ------------------------------------------------------------------------------------------
# The default world
# ------------------------------------------------------------------------------------------

_PROVIDERS = (
    # id, name, market share, regions (main first): (code, location, zones)
    (
        "nimbus",
        "Nimbus Cloud",
        0.34,
        (
            ("us-east", "Virginia", 3),
            ("us-west", "Oregon", 3),
            ("eu-central", "Frankfurt", 3),
            ("ap-south", "Mumbai", 2),
        ),
    ),
    (
        "stratus",
        "Stratus Cloud",
        0.22,
        (("us-central", "Iowa", 3), ("eu-west", "Dublin", 3), ("ap-east", "Tokyo", 2)),
    ),
    (
        "cirrus",
        "Cirrus Cloud",
        0.12,
        (("us-east", "Ohio", 2), ("eu-north", "Stockholm", 2), ("sa-east", "São Paulo", 2)),
    ),
)
_OTHER_SHARE = 0.32  # smaller clouds and companies' own data centres ("self-hosted")

CITIES = {  # users online, in thousands (toy numbers)
    "New York": 9_000,
    "Chicago": 5_000,
    "San Francisco": 4_000,
    "São Paulo": 11_000,
    "London": 8_000,
    "Paris": 7_000,
    "Berlin": 4_000,
    "Lagos": 9_000,
    "Mumbai": 14_000,
    "Tokyo": 12_000,
    "Singapore": 4_000,
    "Sydney": 3_000,
}

_B = Dependency
_RUNS_ON = (
    _B("compute", True, "runs on virtual machines"),
    _B("load-balancer", True, "traffic enters through the load balancer"),
    _B("kv-db", True, "keeps its data in the key-value database"),
)
_WITH_QUEUE = (*_RUNS_ON, _B("queue", False, "background jobs go through the queue"))
_WITH_FILES = (*_RUNS_ON, _B("object-storage", True, "serves files from object storage"))

# id, name, function, regions wanted, failover, zones used, block needs, service needs, drain, what
_SAAS = (
    (
        "paywave",
        "PayWave",
        "payments",
        2,
        "active-passive",
        2,
        _WITH_QUEUE,
        (),
        4,
        "card payments for online shops",
    ),
    ("coinpurse", "CoinPurse", "payments", 1, "none", 2, _RUNS_ON, (), 4, "subscriptions billing"),
    (
        "signonce",
        "SignOnce",
        "login",
        1,
        "none",
        2,
        (*_RUNS_ON, _B("identity", True, "signs tokens with keys kept in identity")),
        (),
        8,
        "'log in with SignOnce' for many apps",
    ),
    ("metricly", "Metricly", "analytics", 1, "none", 1, _WITH_QUEUE, (), 2, "usage analytics"),
    (
        "edgefast",
        "EdgeFast",
        "CDN",
        3,
        "active-active",
        2,
        _WITH_FILES,
        (),
        10,
        "content delivery network: caches video and images near users",
    ),
    ("cortexa", "Cortexa", "model API", 1, "none", 2, _RUNS_ON, (), 3, "hosted AI model API"),
    (
        "recommendo",
        "Recommendo",
        "recommendations",
        1,
        "none",
        1,
        _RUNS_ON,
        (_B("metricly", False, "learns from analytics events"),),
        5,
        "'you may also like' lists",
    ),
    (
        "pushly",
        "Pushly",
        "IoT messaging",
        1,
        "none",
        2,
        _WITH_QUEUE,
        (),
        2,
        "device messaging hub for smart-home gadgets",
    ),
    (
        "mailrelay",
        "MailRelay",
        "email",
        1,
        "none",
        1,
        _WITH_QUEUE,
        (),
        3,
        "transactional email (receipts, password resets)",
    ),
)

_S = Dependency
# id, name, category, regions wanted, failover, zones used, block needs, service needs,
# drain, users (thousands), what
_APPS = (
    (
        "streamflix",
        "StreamFlix",
        "streaming",
        2,
        "active-active",
        3,
        _WITH_FILES,
        (
            _S("edgefast", True, "video reaches viewers through the CDN"),
            _S("signonce", True, "viewers log in with SignOnce"),
            _S("recommendo", False, "the home screen shows recommendations"),
            _S("metricly", False, "playback analytics"),
        ),
        6,
        9_000,
        "video on demand",
    ),
    (
        "tunewave",
        "TuneWave",
        "streaming",
        1,
        "none",
        2,
        _WITH_FILES,
        (
            _S("edgefast", True, "audio files come through the CDN"),
            _S("coinpurse", False, "subscription renewals"),
            _S("metricly", False, "listening analytics"),
        ),
        6,
        5_000,
        "music streaming",
    ),
    (
        "livecast",
        "LiveCast",
        "streaming",
        1,
        "none",
        2,
        _RUNS_ON,
        (
            _S("edgefast", True, "live video goes out through the CDN"),
            _S("signonce", False, "chat needs a login; watching does not"),
        ),
        8,
        3_000,
        "live sports and events",
    ),
    (
        "shopfast",
        "ShopFast",
        "e-commerce",
        1,
        "none",
        2,
        _WITH_QUEUE,
        (
            _S("paywave", True, "checkout takes cards through PayWave"),
            _S("signonce", True, "shoppers log in with SignOnce"),
            _S("recommendo", False, "'you may also like' is optional"),
            _S("mailrelay", False, "receipts can be sent later"),
        ),
        4,
        6_000,
        "online store",
    ),
    (
        "bazaar",
        "Bazaar",
        "e-commerce",
        1,
        "none",
        2,
        _WITH_QUEUE,
        (
            _S("coinpurse", True, "sellers are paid through CoinPurse"),
            _S("signonce", True, "buyers log in with SignOnce"),
            _S("recommendo", False, "recommendations are optional"),
        ),
        4,
        4_000,
        "marketplace",
    ),
    (
        "ticketdash",
        "TicketDash",
        "e-commerce",
        2,
        "active-passive",
        2,
        _RUNS_ON,
        (
            _S("paywave", True, "tickets are paid through PayWave"),
            _S("mailrelay", False, "tickets are emailed later if needed"),
        ),
        4,
        2_000,
        "event tickets",
    ),
    (
        "chatmate",
        "ChatMate",
        "AI",
        1,
        "none",
        2,
        _RUNS_ON,
        (
            _S("cortexa", True, "every answer comes from the Cortexa model API"),
            _S("signonce", True, "users log in with SignOnce"),
            _S("metricly", False, "usage analytics"),
        ),
        5,
        7_000,
        "AI chat assistant",
    ),
    (
        "scribeai",
        "ScribeAI",
        "AI",
        1,
        "none",
        2,
        _WITH_QUEUE,
        (
            _S("cortexa", True, "transcripts are written by the Cortexa model API"),
            _S("mailrelay", False, "finished transcripts are emailed"),
        ),
        3,
        2_000,
        "meeting transcription",
    ),
    (
        "visionkit",
        "VisionKit",
        "AI",
        1,
        "none",
        2,
        _WITH_FILES,
        (_S("cortexa", False, "falls back to a smaller local model"),),
        3,
        1_500,
        "photo tagging",
    ),
    (
        "homeglow",
        "HomeGlow",
        "IoT",
        1,
        "none",
        2,
        _RUNS_ON,
        (
            _S("pushly", True, "every 'switch on' command goes through the Pushly hub"),
            _S("signonce", True, "the phone app logs in with SignOnce"),
        ),
        2,
        3_000,
        "smart lights",
    ),
    (
        "doorcam",
        "DoorCam",
        "IoT",
        2,
        "active-passive",
        2,
        _WITH_FILES,
        (
            _S("pushly", True, "doorbell alerts go through the Pushly hub"),
            _S("edgefast", False, "recorded clips come through the CDN"),
        ),
        2,
        4_000,
        "video doorbells",
    ),
    (
        "petfeeder",
        "PetFeeder",
        "IoT",
        1,
        "none",
        1,
        _RUNS_ON,
        (
            _S("pushly", False, "feeders keep their schedule without the hub"),
            _S("metricly", False, "usage analytics"),
        ),
        2,
        800,
        "smart pet feeders",
    ),
    (
        "docushare",
        "DocuShare",
        "office",
        1,
        "none",
        2,
        _WITH_FILES,
        (
            _S("signonce", True, "staff log in with SignOnce"),
            _S("mailrelay", False, "share notifications"),
        ),
        5,
        5_000,
        "shared documents",
    ),
    (
        "teamchat",
        "TeamChat",
        "office",
        2,
        "active-active",
        2,
        _WITH_QUEUE,
        (
            _S("signonce", True, "staff log in with SignOnce"),
            _S("pushly", False, "mobile notifications"),
        ),
        5,
        6_000,
        "team messaging",
    ),
    (
        "taskboard",
        "TaskBoard",
        "office",
        1,
        "none",
        2,
        _RUNS_ON,
        (
            _S("signonce", True, "staff log in with SignOnce"),
            _S("mailrelay", False, "reminder emails"),
        ),
        5,
        2_500,
        "project boards",
    ),
)


def region_blocks(region: str) -> dict[str, Block]:
    """The building blocks of one region, wired to each other as :data:`BLOCK_KINDS` says."""
    out = {}
    for kind, (needs, drain, _what) in BLOCK_KINDS.items():
        deps = tuple(Dependency(f"{region}/{t}", h, f"needs {t}") for t, h in needs)
        out[f"{region}/{kind}"] = Block(f"{region}/{kind}", kind, region, deps, drain)
    return out


def _quota(n: int, shares: dict[str, float]) -> list[str]:
    """n labels split by share with the largest-remainder method (deterministic)."""
    total = sum(shares.values())
    exact = {k: n * v / total for k, v in shares.items()}
    counts = {k: int(x) for k, x in exact.items()}
    for k in sorted(exact, key=lambda k: (counts[k] - exact[k], k))[: n - sum(counts.values())]:
        counts[k] += 1
    return [k for k in shares for _ in range(counts[k])]


def build_internet(seed: int = 0, scale: int = 1) -> Internet:
    """Build the toy internet. ``seed`` decides where services run and where users live;
    ``scale`` makes ``scale`` copies of everything (for benchmarks), linked through SaaS.

    The world has three clouds with their regions and zones, the building blocks each region
    offers (compute, storage, DNS, …), SaaS companies and apps in five categories, and the
    cities their users live in. Every SaaS and app is placed on a provider by market share,
    most often in the provider's main region. Nothing here knows about time or failures.

    Parameters
    ----------
    seed : int, default 0
        Decides which provider and regions each service lands on and where its users live;
        any whole number from -2**63 to 2**63. The same seed always gives the same world.
    scale : int, default 1
        How many copies of everything to build, 1 to 1000 (for benchmarks).

    Returns
    -------
    Internet
        The world, to give to :func:`labkit.simulate`.

    Raises
    ------
    ValueError
        If ``seed`` or ``scale`` is not a whole number in its range (a bool is not one).

    Notes
    -----
    The world is deliberately small: three clouds, nine SaaS companies, 15 apps and users in
    12 cities. At each minute every component is ok, degraded or down; latency is not
    modelled. Building the default world takes a few milliseconds.

    Examples
    --------
    >>> net = build_internet(seed=0)
    >>> net.main_region()
    'nimbus-us-east'
    >>> len(net.apps()) >= 15 and all(len(net.apps(c)) >= 3 for c in net.categories())
    True
    >>> len(build_internet(scale=2).components()) == 2 * len(net.components())
    True
    >>> build_internet(scale=0)
    Traceback (most recent call last):
    ...
    ValueError: scale: got 0; allowed: a whole number from 1 to 1000
    """
    check_count("seed", seed, -(2**63), 2**63, "a whole number")
    check_count("scale", scale, 1, 1000)
    rng = random.Random(seed)
    providers: dict[str, Provider] = {}
    regions: dict[str, Region] = {}
    blocks: dict[str, Block] = {}
    services: dict[str, Service] = {}
    for copy in range(scale):
        sfx = "" if copy == 0 else f"-x{copy}"
        for pid, pname, share, regs in _PROVIDERS:
            ids = []
            for code, location, nz in regs:
                rid = f"{pid}-{code}{sfx}"
                zones = tuple(f"{rid}-{'abc'[i]}" for i in range(nz))
                regions[rid] = Region(rid, pid, location, zones)
                ids.append(rid)
                blocks.update(region_blocks(rid))
            if copy == 0:
                providers[pid] = Provider(pid, pname, share, tuple(ids))
            else:
                old = providers[pid]
                providers[pid] = Provider(pid, pname, share, old.regions + tuple(ids))
        _place_services(rng, copy, sfx, regions, services)
    zones = tuple(z for r in regions.values() for z in r.zones)
    main = max(providers.values(), key=lambda p: p.share).regions[0]
    jobs = default_jobs(main)
    return Internet(seed, providers, regions, blocks, services, dict(CITIES), zones, jobs)


def _place_services(
    rng: random.Random, copy: int, sfx: str, regions: dict[str, Region], out: dict[str, Service]
) -> None:
    """Put every SaaS and app of one copy of the world on a provider (by market share)."""
    shares = {pid: share for pid, _, share, _ in _PROVIDERS} | {"self-hosted": _OTHER_SHARE}
    rows = [("saas", *r) for r in _SAAS] + [("app", *r) for r in _APPS]
    owners = _quota(len(rows), shares)
    rng.shuffle(owners)
    # SaaS companies run on the clouds: swap any "self-hosted" draw with an app's cloud draw
    apps_on_cloud = [i for i, r in enumerate(rows) if r[0] == "app" and owners[i] != "self-hosted"]
    for i, r in enumerate(rows):
        if r[0] == "saas" and owners[i] == "self-hosted":
            j = apps_on_cloud.pop(0)
            owners[i], owners[j] = owners[j], owners[i]
    for (kind, sid, name, cat, nreg, failover, nz, bneeds, needs, drain, *rest), owner in zip(
        rows, owners, strict=True
    ):
        own = [r for r in regions.values() if r.provider == owner and r.id.endswith(sfx)]
        if copy > 0:
            own = [r for r in own if r.id.endswith(sfx)]
        else:
            own = [r for r in own if "-x" not in r.id]
        if owner == "self-hosted" or not own:
            chosen: tuple[str, ...] = ()
            failover, nz = "none", 0
        else:
            # the main region attracts half of a provider's customers, as us-east-1 does
            first = own[0] if rng.random() < 0.6 else rng.choice(own)
            others = [r for r in own if r is not first]
            rng.shuffle(others)
            chosen = tuple(r.id for r in [first, *others][: min(nreg, len(own))])
            if len(chosen) == 1:
                failover = "none"
            nz = min(nz, min(len(regions[r].zones) for r in chosen))
        users: tuple[tuple[str, int], ...] = ()
        what = rest[-1]
        if kind == "app":
            total = rest[0] * 1000  # the table gives thousands
            weights = {c: rng.uniform(0.2, 1.0) * pop for c, pop in CITIES.items()}
            wsum = sum(weights.values())
            split = [(c, int(total * w / wsum)) for c, w in weights.items()]
            split[-1] = (split[-1][0], total - sum(n for _, n in split[:-1]))
            users = tuple(split)
        dep_sfx = sfx
        deps = tuple(Dependency(d.target + dep_sfx, d.hard, d.why) for d in needs)
        out[sid + sfx] = Service(
            id=sid + sfx,
            name=name + (f" #{copy + 1}" if copy else ""),
            kind=kind,
            category=cat,
            regions=chosen,
            failover=failover,
            zones_used=nz,
            block_needs=_finds_by_name(bneeds) if chosen else (),
            needs=deps,
            drain=drain,
            users=users,
            what=what,
        )
