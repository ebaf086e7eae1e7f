"""Bad inputs across the public API, as one table.

Every row is a call with one bad argument. The library must answer with a ``ValueError`` or a
``TypeError`` (a lesson checker: with a ``Feedback`` that is not correct) whose message names the
field, stays short (a 1 MB value is never echoed back), shows no Python error text, and comes
within a second. The rules behind the expectations: a name never splits into letters, a typo of
a known name gets a "did you mean", numbers are finite and bounded, times are 'HH:MM' within the
run.
"""

from __future__ import annotations

import functools
import tempfile
import time
from pathlib import Path

import pytest

import labkit
from labkit import (
    RPKI,
    AuthoritativeDDoS,
    AuthoritativeOutage,
    BackboneCut,
    BlockImpairment,
    Checkpointing,
    ConfigPush,
    Failure,
    IndependentStatusPage,
    LocalFallback,
    MultiCloud,
    MultiRegion,
    PrefixAnnouncement,
    PrefixFilters,
    PrefixHijack,
    PrefixWithdrawal,
    RecordEmpty,
    RecordWrong,
    RegionOutage,
    ResolverOutage,
    RetryBackoff,
    RouteLeak,
    RouteToServersLost,
    Scenario,
    SecondaryDNS,
    ServeStale,
    StagedRollout,
    ZoneOutage,
    casebook,
    checks,
    explorer,
    figures,
    scenarios,
)
from labkit.checks.predict import compare_prediction, write_first
from labkit.mechanisms.bgp import placement
from labkit.mechanisms.dns import DNSPlacement, DNSProvider, Resolver, toy_dns

NAN = float("nan")
INF = float("inf")
HUGE = 10**5000  # Python refuses to print more than 4300 digits
MEGA = "x" * 1_000_000  # a 1 MB name
PYTHON_TEXT = (
    "object is not",
    "unsupported operand",
    "Traceback",
    "NoneType",
    "KeyError",
    "not iterable",
    "positional argument",
    "has no attribute",
    "Exceeds the limit",
)
MAX_MESSAGE = 600
#: CPU seconds a bad input may cost before it is refused (CPU time, not the clock: the limit
#: catches slow checks, not a machine busy with other work)
MAX_SECONDS = 1.0


@functools.cache
def net():
    return labkit.build_internet()


@functools.cache
def tl():
    return labkit.simulate(net(), Scenario([RegionOutage("nimbus-us-east", "08:00", "11:00")]))


@functools.cache
def dns_world():
    return toy_dns()


@functools.cache
def leak():
    return scenarios.load("verizon-leak-2019")


@functools.cache
def dns_outage():
    return scenarios.load("aws-dynamodb-dns-2025")


@functools.cache
def _pairs_table():
    return labkit.SweepTable(("origin_kind",), ({"origin_kind": "stub", "reach": 0.5},), 1, 1)


def sim(*failures, mitigations=(), **kw):
    """Build and run a scenario: names are checked against the world when it runs."""
    return labkit.simulate(net(), Scenario(list(failures), list(mitigations), **kw))


def scenario_file(name: str, content: bytes) -> str:
    folder = Path(tempfile.gettempdir()) / "labkit-bad-inputs"
    folder.mkdir(exist_ok=True)
    path = folder / name
    path.write_bytes(content)
    return str(path)


def controls(**kw):
    c = explorer.Controls()
    for k, v in kw.items():
        if k in ("bgp_kind", "effect", "region"):  # a row's setting
            row, name = {"bgp_kind": ("bgp", "kind"), "effect": ("push", "effect"),
                         "region": ("region", "region")}[k]  # fmt: skip
            c.values[row][name] = v
            continue
        if isinstance(v, tuple) and len(v) == 2 and isinstance(v[0], dict):  # (dict, patch)
            getattr(c, k).update(v[1])
        else:
            setattr(c, k, v)
    return c.scenario()


CASES: list[tuple] = []  # (label, field, call, kind, expected text or None)


def bad(label, field, fn, *args, expect=None, **kwargs):
    """A call that must raise ValueError or TypeError naming ``field``."""
    CASES.append((label, field, functools.partial(fn, *args, **kwargs), "raise", expect))


def fb(label, field, fn, *args, expect=None, **kwargs):
    """A checker call that must return a Feedback that is not correct, naming ``field``."""
    CASES.append((label, field, functools.partial(fn, *args, **kwargs), "feedback", expect))


def fig(label, field, fn, *args, **kwargs):
    """A figure call that must raise ValueError or TypeError naming ``field``."""
    CASES.append((label, field, functools.partial(fn, *args, **kwargs), "figure", None))


# ---- times shared by every failure -----------------------------------------------------------
TIMES = [
    ("None", None),
    ("25:00", "25:00"),
    ("day 0", "day 0 01:00"),
    ("negative", -5),
    ("bool", True),
    ("float", 8.5),
    ("NaN", NAN),
    ("5000 digits", HUGE),
    ("1 MB", MEGA),
    ("list", ["08:00"]),
]
for tag, value in TIMES:
    bad(f"RegionOutage start {tag}", "start", RegionOutage, "nimbus-us-east", value)
for tag, value in TIMES[1:]:
    bad(f"ZoneOutage fixed {tag}", "fixed", ZoneOutage, "nimbus-us-east-a", "08:00", value)
for tag, value in (("zero", 0), ("negative", -1), ("bool", True), ("str", "60"), ("NaN", NAN),
                   ("inf", INF), ("5000 digits", HUGE), ("float", 1.5)):  # fmt: skip
    bad(f"RecordEmpty duration {tag}", "duration", RecordEmpty, "db.us-east.nimbus", "08:00",
        duration=value)  # fmt: skip
bad("fixed before start", "fixed", RegionOutage, "nimbus-us-east", "08:00", "07:00")
bad("fixed and duration", "duration", ZoneOutage, "nimbus-us-east-a", "08:00", "09:00",
    duration=10)  # fmt: skip
bad("Failure base start str", "start", Failure, start="soon")

# ---- region and zone outages ------------------------------------------------------------------
for tag, value in (("None", None), ("int", 5), ("empty", ""), ("list", ["nimbus-us-east"]),
                   ("dict", {"region": "nimbus-us-east"}), ("1 MB", MEGA)):  # fmt: skip
    bad(f"RegionOutage region {tag}", "region", RegionOutage, value)
bad("RegionOutage region typo", "region", sim, RegionOutage("nimbus-us-eats"),
    expect="Did you mean 'nimbus-us-east'")  # fmt: skip
for tag, value in (("str", "compute"), ("None", None), ("int", 3), ("dict", {"compute": 1}),
                   ("list of int", [1]), ("1 MB", [MEGA])):  # fmt: skip
    bad(f"RegionOutage blocks {tag}", "blocks", RegionOutage, "nimbus-us-east", blocks=value)
bad("RegionOutage blocks typo", "blocks", RegionOutage, "nimbus-us-east", blocks=["computee"],
    expect="Did you mean 'compute'")  # fmt: skip
for tag, value in (("None", None), ("int", 5), ("empty", ""), (" spaced", " nimbus-us-east"),
                   ("1 MB", MEGA)):  # fmt: skip
    bad(f"BlockImpairment region {tag}", "region", BlockImpairment, value, blocks=["compute"])
bad("BlockImpairment region typo", "region", sim,
    BlockImpairment("nimbus-us-eats", blocks=["compute"]),
    expect="Did you mean 'nimbus-us-east'")  # fmt: skip
for tag, value in (("missing", ()), ("empty list", []), ("str", "compute"), ("None", None),
                   ("int", 3), ("dict", {"compute": 1}), ("list of int", [1]),
                   ("1 MB", [MEGA])):  # fmt: skip
    bad(f"BlockImpairment blocks {tag}", "blocks", BlockImpairment, "nimbus-us-east",
        blocks=value)  # fmt: skip
bad("BlockImpairment blocks typo", "blocks", BlockImpairment, "nimbus-us-east",
    blocks=["load-balancr"], expect="Did you mean 'load-balancer'")  # fmt: skip
for tag, value in (("None", None), ("int", 3), ("list", ["launches fail"]),
                   ("too long", "x" * 121), ("two lines", "launches\nfail"),
                   (" spaced", " launches fail"), ("1 MB", MEGA)):  # fmt: skip
    bad(f"BlockImpairment what {tag}", "what", BlockImpairment, "nimbus-us-east",
        blocks=["compute"], what=value)  # fmt: skip
for tag, value in TIMES[:3]:
    bad(f"BlockImpairment start {tag}", "start", BlockImpairment, "nimbus-us-east", value,
        blocks=["compute"])  # fmt: skip
bad("BlockImpairment fixed before start", "fixed", BlockImpairment, "nimbus-us-east", "08:00",
    "07:00", blocks=["compute"])  # fmt: skip
for tag, value in (("None", None), ("int", 1), ("empty", ""), ("1 MB", MEGA)):
    bad(f"ZoneOutage zone {tag}", "zone", ZoneOutage, value)
bad("ZoneOutage zone typo", "zone", sim, ZoneOutage("nimbus-us-east-z"), expect="Did you mean")

# ---- config pushes and staged rollouts ---------------------------------------------------------
bad("ConfigPush fleet typo", "fleet", ConfigPush, "edgefats", expect="Did you mean 'edgefast'")
bad("ConfigPush fleet None", "fleet", ConfigPush, None)
bad("ConfigPush fleet 1 MB", "fleet", ConfigPush, MEGA)
bad("ConfigPush effect typo", "effect", ConfigPush, effect="crsh", expect="Did you mean 'crash'")
bad("ConfigPush effect int", "effect", ConfigPush, effect=1)
bad("ConfigPush strategy typo", "strategy", ConfigPush, strategy="stagd",
    expect="Did you mean 'staged'")  # fmt: skip
bad("ConfigPush strategy list", "strategy", ConfigPush, strategy=["staged"])
for tag, value in (("NaN", NAN), ("negative", -0.5), ("above 1", 1.5), ("str", "0.5"),
                   ("inf", INF), ("bool", True)):  # fmt: skip
    bad(f"ConfigPush removes {tag}", "removes", ConfigPush, effect="capacity", removes=value)
for tag, value in (("negative", -1), ("str", "60"), ("NaN", NAN), ("5000 digits", HUGE),
                   ("bool", True)):  # fmt: skip
    bad(f"ConfigPush recovery {tag}", "recovery", ConfigPush, recovery=value)
for tag, value in (("zero", 0), ("str", "60"), ("NaN", NAN), ("5000 digits", HUGE)):
    bad(f"ConfigPush revert_after {tag}", "revert_after", ConfigPush, revert_after=value)
bad("ConfigPush start 25:00", "start", ConfigPush, "edgefast", "25:00")
for tag, value in (("zero", 0), ("negative", -0.1), ("above 1", 1.5), ("str", "10%"),
                   ("NaN", NAN), ("inf", INF), ("bool", True)):  # fmt: skip
    bad(f"ConfigPush repair_rate {tag}", "repair_rate", ConfigPush, "bulwark-agent",
        repair_rate=value)  # fmt: skip
bad("ConfigPush repair_rate with recovery", "repair_rate", ConfigPush, "bulwark-agent",
    recovery=60, repair_rate=0.1, expect="not both")  # fmt: skip
bad("ConfigPush repair_rate with cpu", "repair_rate", ConfigPush, effect="cpu", repair_rate=0.1)
for tag, value in (("zero", 0), ("negative", -0.5), ("above 1", 1.2), ("str", "85%"),
                   ("None", None), ("NaN", NAN), ("bool", False)):  # fmt: skip
    bad(f"ConfigPush reach {tag}", "reach", ConfigPush, reach=value)
for tag, value in (("negative", -1), ("float", 1.5), ("str", "90"), ("too big", 1441),
                   ("NaN", NAN), ("5000 digits", HUGE)):  # fmt: skip
    bad(f"ConfigPush cold {tag}", "cold", ConfigPush, cold=value)
bad("ConfigPush cold with cpu", "cold", ConfigPush, effect="cpu", cold=90)
for tag, value in (("negative", -1), ("float", 1.5), ("str", "2"), ("too big", 1441),
                   ("NaN", NAN), ("None", None)):  # fmt: skip
    bad(f"ConfigPush settle {tag}", "settle", ConfigPush, effect="cpu", settle=value)
bad("ConfigPush settle with crash", "settle", ConfigPush, settle=2, expect="effect 'cpu'")
bad("ConfigPush settle with capacity", "settle", ConfigPush, effect="capacity", removes=0.5,
    settle=2, expect="effect 'cpu'")  # fmt: skip
bad("ConfigPush cold with manual repair", "cold", ConfigPush, "bulwark-agent", recovery=60,
    cold=90)  # fmt: skip
for tag, value in (("None", None), ("int", 3), ("two lines", "a\nb"), ("padded", " a "),
                   ("too long", "x" * 121)):  # fmt: skip
    bad(f"RegionOutage what {tag}", "what", RegionOutage, "nimbus-us-east", what=value)
for tag, value in (("str", "no"), ("int", 0), ("None", None)):
    bad(f"RegionOutage backlog_after {tag}", "backlog_after", RegionOutage, "nimbus-us-east",
        backlog_after=value)  # fmt: skip
for tag, value in (("NaN", NAN), ("negative", -0.1), ("above 1", 2), ("str", "5%"),
                   ("None", None), ("inf", INF)):  # fmt: skip
    bad(f"StagedRollout canary {tag}", "canary", StagedRollout, canary=value)
for tag, value in (("negative", -1), ("float", 2.5), ("str", "15"), ("bool", False),
                   ("5000 digits", HUGE)):  # fmt: skip
    bad(f"StagedRollout bake {tag}", "bake", StagedRollout, bake=value)
bad("StagedRollout detect_delay None", "detect_delay", StagedRollout, detect_delay=None)

# ---- other mitigations -----------------------------------------------------------------------
for tag, value in (("zero", 0), ("bool", True), ("str", "30"), ("NaN", NAN), ("too big", 2000),
                   ("5000 digits", HUGE)):  # fmt: skip
    bad(f"Checkpointing every {tag}", "every", Checkpointing, every=value)
for tag, value in (("str", "signonce"), ("int", 3), ("dict", {"signonce": 1}),
                   ("list of None", [None])):  # fmt: skip
    bad(f"MultiRegion services {tag}", "services", MultiRegion, value)
    bad(f"MultiCloud services {tag}", "services", MultiCloud, value)
bad("MultiRegion services typo", "services", sim, mitigations=[MultiRegion(["shopfst"])],
    expect="Did you mean 'shopfast'")  # fmt: skip
bad("MultiCloud services typo", "services", sim, mitigations=[MultiCloud(["signone"])],
    expect="Did you mean 'signonce'")  # fmt: skip
bad("MultiRegion services 1 MB", "services", sim, mitigations=[MultiRegion([MEGA])])
for cls in (RetryBackoff, IndependentStatusPage, LocalFallback):
    bad(f"{cls.__name__} unknown field", "regions", cls, regions=2)
for tag, value in (("zero", 0), ("str", "3600"), ("NaN", NAN), ("5000 digits", HUGE),
                   ("bool", True)):  # fmt: skip
    bad(f"ServeStale max_stale {tag}", "max_stale", ServeStale, max_stale=value)
bad("SecondaryDNS names str", "names", SecondaryDNS, names="shopfast.example")
bad("SecondaryDNS names int", "names", SecondaryDNS, names=3)
bad("SecondaryDNS names typo", "names", sim, mitigations=[SecondaryDNS(["shopfats.example"])],
    expect="Did you mean 'shopfast.example'")  # fmt: skip
bad("SecondaryDNS provider typo", "provider", sim, mitigations=[SecondaryDNS(provider="stedydns")],
    expect="Did you mean 'steadydns'")  # fmt: skip
bad("SecondaryDNS provider 1 MB", "provider", SecondaryDNS, provider=MEGA)

# ---- DNS failures -----------------------------------------------------------------------------
for cls, field in ((RecordEmpty, "name"), (RecordWrong, "name"), (AuthoritativeOutage, "provider"),
                   (AuthoritativeDDoS, "provider"), (ResolverOutage, "resolver")):  # fmt: skip
    for tag, value in (("None", None), ("int", 7), ("empty", ""), ("1 MB", MEGA)):
        bad(f"{cls.__name__} {field} {tag}", field, cls, value)
bad("RecordEmpty name typo", "name", sim, RecordEmpty("db.us-east.nimbs"), expect="Did you mean")
bad("AuthoritativeOutage provider typo", "provider", sim, AuthoritativeOutage("quickdsn"),
    expect="Did you mean 'quickdns'")  # fmt: skip
bad("ResolverOutage resolver typo", "resolver", sim, ResolverOutage("isp-pars"),
    expect="Did you mean 'isp-paris'")  # fmt: skip
bad("RecordEmpty rcode typo", "rcode", RecordEmpty, "db.us-east.nimbus", rcode="NXDOMIAN",
    expect="Did you mean 'NXDOMAIN'")  # fmt: skip
for tag, value in (("zero", 0), ("str", "300"), ("NaN", NAN), ("5000 digits", HUGE)):
    bad(f"RecordWrong ttl {tag}", "ttl", RecordWrong, "shopfast.example", ttl=value)
for tag, value in (("NaN", NAN), ("inf", INF), ("zero", 0), ("negative", -2), ("str", "3"),
                   ("too big", 5000), ("5000 digits", HUGE)):  # fmt: skip
    bad(f"AuthoritativeDDoS attack {tag}", "attack", AuthoritativeDDoS, "quickdns", attack=value)
for tag, value in (("negative", -1), ("too many", 21), ("float", 2.5), ("str", "10"),
                   ("bool", True), ("None", None), ("5000 digits", HUGE)):  # fmt: skip
    bad(f"AuthoritativeDDoS retries {tag}", "retries", AuthoritativeDDoS, "quickdns",
        retries=value)  # fmt: skip
for tag, value in (("str", "us-east"), ("empty", []), ("int", 3), ("dict", {"us-east": 1}),
                   ("list of int", [7]), ("1 MB", [MEGA])):  # fmt: skip
    bad(f"AuthoritativeDDoS pops {tag}", "pops", AuthoritativeDDoS, "quickdns", pops=value)
bad("AuthoritativeDDoS pops typo", "pops", sim, AuthoritativeDDoS("quickdns", pops=["us-eats"]),
    expect="Did you mean 'us-east'")  # fmt: skip
for tag, value in (("zero", 0), ("str", "300"), ("NaN", NAN), ("8 days", 8 * 86_400)):
    bad(f"DNSProvider soa_ttl {tag}", "soa_ttl", DNSProvider, "quickdns", soa_ttl=value)
for tag, value in (("int", 3), ("empty", ""), ("spaces", "us east"), ("1 MB", MEGA)):
    bad(f"Resolver area {tag}", "area", Resolver, "isp-paris", area=value)

# ---- BGP failures and mitigations ----------------------------------------------------------------
for cls in (PrefixWithdrawal, PrefixHijack, PrefixAnnouncement):
    for tag, value in (("None", None), ("int", 5), ("empty", ""), ("list", ["streamflix"])):
        bad(f"{cls.__name__} target {tag}", "target", cls, value)
    bad(f"{cls.__name__} target typo", "target", sim, cls("streamflx"),
        expect="Did you mean 'streamflix'")  # fmt: skip
    bad(f"{cls.__name__} target 1 MB", "target", sim, cls(MEGA))
    bad(f"{cls.__name__} target bad prefix", "target", sim, cls("10.0.0.0/99"))
bad("PrefixHijack unheld prefix", "target", sim, PrefixHijack("172.16.0.0/24"),
    expect="no network")  # fmt: skip
bad("PrefixHijack hijacker None", "hijacker", PrefixHijack, "streamflix", hijacker=None)
bad("PrefixHijack hijacker typo", "hijacker", sim, PrefixHijack("streamflix", hijacker="natle"),
    expect="Did you mean 'natel'")  # fmt: skip
bad("PrefixHijack hijacker 5000 digits", "hijacker", sim,
    PrefixHijack("streamflix", hijacker=HUGE))  # fmt: skip
bad("PrefixHijack more_specific str", "more_specific", PrefixHijack, "streamflix",
    more_specific="yes")  # fmt: skip
bad("PrefixAnnouncement unheld prefix", "target", sim, PrefixAnnouncement("172.16.0.0/24"),
    expect="no network")  # fmt: skip
for tag, value in (("str", "25"), ("float", 25.0), ("bool", True), ("zero", 0), ("negative", -1),
                   ("too big", 129), ("5000 digits", HUGE), ("NaN", NAN)):  # fmt: skip
    bad(f"PrefixAnnouncement length {tag}", "length", PrefixAnnouncement, "streamflix",
        length=value)  # fmt: skip
# streamflix's prefix is a /22: a block announced inside it is a /23 to a /32
for tag, value in (("same as the prefix", 22), ("shorter than the prefix", 16),
                   ("longer than an address", 33)):  # fmt: skip
    bad(f"PrefixAnnouncement length {tag}", "length", sim,
        PrefixAnnouncement("streamflix", "20:18", length=value),
        expect="from 23 to 32")  # fmt: skip
bad("PrefixAnnouncement start 25:00", "start", PrefixAnnouncement, "streamflix", "25:00")
bad("PrefixAnnouncement fixed before start", "fixed", PrefixAnnouncement, "streamflix", "20:18",
    "20:07")  # fmt: skip
bad("PrefixAnnouncement fixed and duration", "duration", PrefixAnnouncement, "streamflix",
    "20:18", "21:01", duration=43)  # fmt: skip
bad("PrefixAnnouncement duration zero", "duration", PrefixAnnouncement, "streamflix", "20:18",
    duration=0)  # fmt: skip
for tag, value in (("None", None), ("float", 1.5), ("dict", {})):
    bad(f"RouteLeak leaker {tag}", "leaker", RouteLeak, value)
bad("RouteLeak leaker typo", "leaker", sim, RouteLeak("alloywork"), expect="Did you mean")
bad("RouteLeak target int", "target", RouteLeak, target=3)
# ---- where BGP meets DNS: a backbone cut, a lost route to name servers, the DNS placement ----
for tag, value in (("None", None), ("int", 5), ("empty", ""), ("list", ["streamflix"])):
    bad(f"BackboneCut network {tag}", "network", BackboneCut, value)
bad("BackboneCut network typo", "network", sim, BackboneCut("streamflx"),
    expect="Did you mean 'streamflix'")  # fmt: skip
bad("BackboneCut network 1 MB", "network", sim, BackboneCut(MEGA))
bad("BackboneCut network in a cloud", "network", sim, BackboneCut("signonce"),
    expect="its own network")  # fmt: skip
bad("BackboneCut network an eyeball ISP", "network", sim, BackboneCut("isp-paris"),
    expect="its own network")  # fmt: skip
bad("BackboneCut network without a DNS prefix", "network", sim, BackboneCut("tunewave"),
    expect="no DNS prefix")  # fmt: skip
bad("BackboneCut dns_prefix int", "dns_prefix", BackboneCut, "streamflix", dns_prefix=4)
bad("BackboneCut dns_prefix not a prefix", "dns_prefix", BackboneCut, "streamflix",
    dns_prefix="10.50.4.0/99")  # fmt: skip
bad("BackboneCut dns_prefix host bits", "dns_prefix", BackboneCut, "streamflix",
    dns_prefix="10.50.4.1/24", expect="did you mean '10.50.4.0/24'")  # fmt: skip
bad("BackboneCut dns_prefix not its own", "dns_prefix", sim,
    BackboneCut("streamflix", dns_prefix="198.51.100.0/24"), expect="10.50.4.0/24")  # fmt: skip
bad("BackboneCut fixed before start", "fixed", BackboneCut, "streamflix", "15:40", "15:00")
for tag, value in (("None", None), ("int", 7), ("empty", ""), ("1 MB", MEGA)):
    bad(f"RouteToServersLost provider {tag}", "provider", RouteToServersLost, value,
        resolvers=["isp-paris"])  # fmt: skip
for tag, value in (("str", "isp-paris"), ("empty", []), ("None", None), ("list of int", [3]),
                   ("dict", {"isp-paris": 1})):  # fmt: skip
    bad(f"RouteToServersLost resolvers {tag}", "resolvers", RouteToServersLost, "quickdns",
        resolvers=value)  # fmt: skip
bad(
    "RouteToServersLost resolvers typo",
    "resolvers",
    sim,
    RouteToServersLost("quickdns", resolvers=["isp-pars"]),
    expect="Did you mean 'isp-paris'",
)
bad(
    "RouteToServersLost provider typo",
    "provider",
    sim,
    RouteToServersLost("quickdsn", resolvers=["isp-paris"]),
    expect="Did you mean 'quickdns'",
)
bad("RouteToServersLost why int", "why", RouteToServersLost, "quickdns", resolvers=["isp-paris"],
    why=3)  # fmt: skip
bad("RouteToServersLost behind str", "behind", RouteToServersLost, "quickdns",
    resolvers=["isp-paris"], behind="a withdrawal")  # fmt: skip


def _dns_placement(**patch):
    """DNSPlacement of the toy world with one field patched."""
    place = placement(net())
    fields = {
        "graph": place.graph,
        "dns": dns_world(),
        "servers": {"streamflix-dns": "10.50.4.0/24"},
        "resolvers": {r: place.graph.asn("isp-paris") for r in dns_world().resolvers},
    }
    return DNSPlacement(**{**fields, **patch})


bad(
    "DNSPlacement servers provider typo",
    "servers",
    _dns_placement,
    servers={"streamflix-dsn": "10.50.4.0/24"},
    expect="Did you mean 'streamflix-dns'",
)
bad("DNSPlacement servers not a prefix", "servers", _dns_placement,
    servers={"streamflix-dns": "10.50.4/99"})  # fmt: skip
bad("DNSPlacement servers prefix nobody holds", "servers", _dns_placement,
    servers={"streamflix-dns": "172.16.0.0/24"}, expect="no AS")  # fmt: skip
bad("DNSPlacement servers list", "servers", _dns_placement, servers=["streamflix-dns"])
bad("DNSPlacement resolvers typo", "resolvers", _dns_placement,
    resolvers={"isp-pars": 64605}, expect="Did you mean 'isp-paris'")  # fmt: skip
bad("DNSPlacement resolvers AS typo", "resolvers", _dns_placement,
    resolvers={**{r: 64605 for r in dns_world().resolvers}, "isp-paris": "isp-pars"},
    expect="Did you mean")  # fmt: skip
bad("DNSPlacement resolvers missing", "resolvers", _dns_placement,
    resolvers={"isp-paris": 64605}, expect="has no AS")  # fmt: skip
bad("DNSPlacement graph None", "graph", _dns_placement, graph=None)
bad("DNSPlacement dns None", "dns", _dns_placement, dns=None)

for cls, field in ((RPKI, "adopters"), (PrefixFilters, "adopters")):
    for tag, value in (("None", None), ("int", 3), ("empty str", ""), ("dict", {"a": 1}),
                       ("list of int", [None])):  # fmt: skip
        bad(f"{cls.__name__} {field} {tag}", field, cls, value)
bad("RPKI adopters typo", "adopters", sim, mitigations=[RPKI(["tier1"])], expect="Did you mean")

# ---- Scenario and simulate -------------------------------------------------------------------
OUTAGE = RegionOutage("nimbus-us-east", "08:00", "11:00")
for tag, value in (("None", None), ("str", "nimbus-us-east"), ("int", 1), ("one failure", OUTAGE),
                   ("dict", {"region": "x"}), ("list of str", ["nimbus-us-east"])):  # fmt: skip
    bad(f"Scenario failures {tag}", "failures", Scenario, value)
for tag, value in (("None", None), ("str", "multi-region"), ("int", 2), ("one", MultiRegion()),
                   ("list of failures", [OUTAGE])):  # fmt: skip
    bad(f"Scenario mitigations {tag}", "mitigations", Scenario, [], value)
for tag, value in (("zero", 0), ("too long", 20161), ("str", "1440"), ("NaN", NAN),
                   ("bool", True), ("5000 digits", HUGE)):  # fmt: skip
    bad(f"Scenario minutes {tag}", "minutes", Scenario, [], minutes=value)
for tag, value in (("None", None), ("float", 1.5), ("5000 digits", HUGE), ("str", "0")):
    bad(f"Scenario seed {tag}", "seed", Scenario, [], seed=value)
for tag, value in (("negative", -1), ("too big", 1000), ("NaN", NAN)):
    bad(f"Scenario failover_delay {tag}", "failover_delay", Scenario, [], failover_delay=value)
bad("failure after the run's end", "start", Scenario,
    [RegionOutage("nimbus-us-east", "13:00")], minutes=600, expect="end")  # fmt: skip
bad("failure on day 2 of a 1-day run", "start", Scenario,
    [ZoneOutage("nimbus-us-east-a", "day 2 01:00")], expect="end")  # fmt: skip
bad("simulate internet None", "internet", labkit.simulate, None, Scenario())
bad("simulate internet str", "internet", labkit.simulate, "world", Scenario())
bad("simulate scenario list", "scenario", lambda: labkit.simulate(net(), [OUTAGE]))
bad("simulate scenario None", "scenario", lambda: labkit.simulate(net(), None))
bad("simulate every_minute str", "every_minute", labkit.simulate, net(), Scenario(),
    every_minute="yes")  # fmt: skip
bad("build_internet seed str", "seed", labkit.build_internet, "0")
bad("build_internet scale 0", "scale", labkit.build_internet, 0, 0)
bad("build_internet scale 5000 digits", "scale", labkit.build_internet, 0, HUGE)
bad("parse_time 1 MB", "when", labkit.parse_time, "when", MEGA)
bad("fmt_time None", "minute", labkit.fmt_time, None)
bad("fmt_time NaN", "minute", labkit.fmt_time, NAN)
bad("fmt_time 5000 digits", "minute", labkit.fmt_time, HUGE)

# ---- Timeline queries ---------------------------------------------------------------------
for method in ("state", "cause", "explain"):
    bad(f"Timeline.{method} component None", "component", lambda m=method: getattr(tl(), m)(
        None, "09:00"))  # fmt: skip
    bad(f"Timeline.{method} component typo", "component", lambda m=method: getattr(tl(), m)(
        "signonse", "09:00"), expect="Did you mean 'signonce'")  # fmt: skip
    bad(f"Timeline.{method} t 25:00", "t", lambda m=method: getattr(tl(), m)("signonce", "25:00"))
    bad(f"Timeline.{method} t after the end", "t", lambda m=method: getattr(tl(), m)(
        "signonce", "day 2 01:00"), expect="within")  # fmt: skip
    bad(f"Timeline.{method} t NaN", "t", lambda m=method: getattr(tl(), m)("signonce", NAN))
bad("Timeline.state component 1 MB", "component", lambda: tl().state(MEGA, "09:00"))
bad("Timeline.state t 5000 digits", "t", lambda: tl().state("signonce", HUGE))
bad("Timeline.states_at None", "t", lambda: tl().states_at(None))
bad("Timeline.states_at day 0", "t", lambda: tl().states_at("day 0 01:00"))
bad("Timeline.states_at 1 MB", "t", lambda: tl().states_at(MEGA))
bad("Timeline.rows component int", "component", lambda: tl().rows(3))
bad("Timeline.rows component typo", "component", lambda: tl().rows("shopfat"),
    expect="Did you mean 'shopfast'")  # fmt: skip
bad("Timeline.impact category typo", "category", lambda: tl().impact("streeming"),
    expect="Did you mean 'streaming'")  # fmt: skip
bad("Timeline.impact category list", "category", lambda: tl().impact(["AI"]))
bad("Timeline.affected_at t None", "t", lambda: tl().affected_at(None))
bad("Timeline.affected_at category typo", "category", lambda: tl().affected_at("09:00", "IoTT"))
bad("Timeline.minutes_in state typo", "state", lambda: tl().minutes_in("signonce", "donw"),
    expect="Did you mean 'down'")  # fmt: skip
bad("Timeline.minutes_in component None", "component", lambda: tl().minutes_in(None))
bad("Timeline.recovered_at component typo", "component", lambda: tl().recovered_at("paywav"))
bad("Timeline.recovered_at component dict", "component", lambda: tl().recovered_at({}))

# ---- training jobs and impact in user terms --------------------------------------------------
_JOB = {"name": "j", "region": "nimbus-us-east"}
for tag, field, value in [
    ("name None", "name", None), ("name empty", "name", ""), ("name 1 MB", "name", MEGA),
    ("region int", "region", 3), ("gpus 0", "gpus", 0), ("gpus float", "gpus", 1.5),
    ("gpus huge", "gpus", HUGE), ("gpus bool", "gpus", True), ("started 25:00", "started", "25:00"),
    ("started negative", "started", -5), ("ran_before negative", "ran_before", -1),
    ("ran_before nan", "ran_before", NAN), ("checkpoint_every 0", "checkpoint_every", 0),
    ("checkpoint_every typo", "checkpoint_every", "nonne"),
    ("checkpoint_every float", "checkpoint_every", 1.5),
    ("checkpoint_every inf", "checkpoint_every", INF),
]:  # fmt: skip
    bad(f"TrainingJob {tag}", field, labkit.TrainingJob, **(_JOB | {field: value}))
bad("with_jobs jobs str", "jobs", labkit.with_jobs, net(), "job")
bad("with_jobs jobs item", "jobs[0]", lambda: labkit.with_jobs(net(), [None]))
bad("with_jobs region typo", "jobs[0].region",
    lambda: labkit.with_jobs(net(), [labkit.TrainingJob("j", "nimbus-us-eats")]))  # fmt: skip
bad("with_jobs duplicate name", "jobs[1].name",
    lambda: labkit.with_jobs(net(), [labkit.TrainingJob("j", "nimbus-us-east")] * 2))  # fmt: skip
bad("training.interruptions job None", "job", labkit.training.interruptions, None, {})
bad("training.interruptions down list", "down",
    lambda: labkit.training.interruptions(labkit.TrainingJob(**_JOB), []))  # fmt: skip
bad("training.interruptions minutes 0", "minutes",
    lambda: labkit.training.interruptions(labkit.TrainingJob(**_JOB), {}, 0))  # fmt: skip
bad("training.training_report run None", "run", labkit.training.training_report, None)
for tag, field, value in [
    ("orders_per_user_hour negative", "orders_per_user_hour", -1),
    ("order_value nan", "order_value", NAN), ("devices_per_user str", "devices_per_user", "6"),
    ("requests_per_user_hour huge", "requests_per_user_hour", HUGE),
]:  # fmt: skip
    bad(f"AppTerms {tag}", field, labkit.AppTerms, **{field: value})
bad("user_impact_table run None", "run", labkit.user_impact_table, None)
bad("user_impact_table terms list", "terms", lambda: labkit.user_impact_table(tl(), []))
_TYPO_TERMS = {"shopfst": labkit.AppTerms()}
bad("user_impact_table terms typo", "terms", lambda: labkit.user_impact_table(tl(), _TYPO_TERMS),
    expect="shopfast")  # fmt: skip
bad("Timeline.user_impact terms value", "terms",
    lambda: tl().user_impact({"shopfast": 0.05}))  # fmt: skip

# ---- scenario data, files, load and info ------------------------------------------------------
GOOD_FAILURE = {"type": "RegionOutage", "region": "nimbus-us-east"}
bad("from_dict None", "scenario", scenarios.from_dict, None)
bad("from_dict list", "scenario", scenarios.from_dict, [GOOD_FAILURE])
bad("from_dict 'failure' typo", "failure", scenarios.from_dict, {"failure": [GOOD_FAILURE]},
    expect="Did you mean 'failures'")  # fmt: skip
bad("from_dict failures str", "failures", scenarios.from_dict, {"failures": "RegionOutage"})
bad("from_dict failures dict", "failures", scenarios.from_dict, {"failures": GOOD_FAILURE})
bad("from_dict failures None", "failures", scenarios.from_dict, {"failures": None})
bad("from_dict failure without type", "failures[0]", scenarios.from_dict,
    {"failures": [{"region": "nimbus-us-east"}]})  # fmt: skip
bad("from_dict failure type typo", "type", scenarios.from_dict,
    {"failures": [{"type": "RegionOutag"}]}, expect="Did you mean 'RegionOutage'")  # fmt: skip
bad("from_dict failure type int", "type", scenarios.from_dict, {"failures": [{"type": 3}]})
bad("from_dict unknown field", "regoin", scenarios.from_dict,
    {"failures": [{"type": "RegionOutage", "regoin": "x"}]}, expect="region")  # fmt: skip
bad("from_dict missing field", "region", scenarios.from_dict,
    {"failures": [{"type": "RegionOutage"}]}, expect="missing")  # fmt: skip
bad("from_dict blocks str", "blocks", scenarios.from_dict,
    {"failures": [{**GOOD_FAILURE, "blocks": "compute"}]})  # fmt: skip
bad("from_dict start 25:00", "start", scenarios.from_dict,
    {"failures": [{**GOOD_FAILURE, "start": "25:00"}]})  # fmt: skip
bad("from_dict minutes str", "minutes", scenarios.from_dict, {"minutes": "1440"})
bad("from_dict mitigation as failure", "failures[0]", scenarios.from_dict,
    {"failures": [{"type": "MultiRegion"}]})  # fmt: skip
bad("from_dict start after the end", "start", scenarios.from_dict,
    {"failures": [{**GOOD_FAILURE, "start": "12:00"}], "minutes": 60}, expect="end")  # fmt: skip
bad("from_dict 1 MB region", "region", scenarios.from_dict,
    {"failures": [{**GOOD_FAILURE, "region": MEGA}]})  # fmt: skip
bad("from_dict 1 MB key", "field", scenarios.from_dict, {MEGA: 1})
bad("parse malformed JSON", "bad.json", scenarios.parse, '{"failures": [', "bad.json")
bad("parse invalid UTF-8", "bad.json", scenarios.parse, b'{"title": "\xff"}', "bad.json")
bad("parse deep nesting", "deep.json", scenarios.parse, "[" * 100_000 + "]" * 100_000,
    "deep.json")  # fmt: skip
bad("parse top-level list", "list.json", scenarios.parse, "[]", "list.json")
bad("parse None", "text", scenarios.parse, None)
bad("load_file malformed JSON", "broken.json", lambda: scenarios.load_file(
    scenario_file("broken.json", b'{"failures": [}')))  # fmt: skip
bad("load_file invalid UTF-8", "latin1.json", lambda: scenarios.load_file(
    scenario_file("latin1.json", '{"title": "Zürich"}'.encode("latin-1"))))  # fmt: skip
bad("load_file deep nesting", "deep.json", lambda: scenarios.load_file(
    scenario_file("deep.json", b"[" * 100_000 + b"]" * 100_000)))  # fmt: skip
bad("load_file 'failure' typo", "typo.json", lambda: scenarios.load_file(
    scenario_file("typo.json", b'{"failure": []}')), expect="Did you mean 'failures'")  # fmt: skip
bad("load_file missing file", "nowhere.json", scenarios.load_file, "/nonexistent/nowhere.json")
bad("load_file path None", "path", scenarios.load_file, None)
bad("info_file without a title", "title", lambda: scenarios.info_file(
    scenario_file("untitled.json", b'{"failures": []}')), expect="untitled.json")  # fmt: skip
_RECORD = {"onset": "13:42", "root_cause_fixed": "14:07", "full_recovery": "14:09",
           "source": "casebook §7 Cloudflare WAF regex — 2019-07-02"}  # fmt: skip
for tag, patch, field, expect in (
    ("unknown milestone", {"fixed": "14:07"}, "record field", "Did you mean 'root_cause_fixed'"),
    ("onset 25:00", {"onset": "25:00"}, "record.onset", "rec.json"),
    ("onset int", {"onset": 822}, "record.onset", "rec.json"),
    ("onset 1 MB", {"onset": MEGA}, "record.onset", "rec.json"),
    ("fix before onset", {"root_cause_fixed": "13:00"}, "record.root_cause_fixed", "before onset"),
    ("recovery before fix", {"full_recovery": "14:00"}, "record.full_recovery", "before"),
    ("closed before recovery", {"incident_closed": "14:08"}, "record.incident_closed", "before"),
    ("closed not a time", {"incident_closed": "late"}, "record.incident_closed", "rec.json"),
    ("closed typo", {"incident_close": "14:30"}, "record field", "Did you mean 'incident_closed'"),
    ("source empty", {"source": ""}, "record.source", "rec.json"),
    ("source None", {"source": None}, "record.source", "rec.json"),
    ("notes list", {"notes": ["x"]}, "record.notes", "rec.json"),
):
    bad(f"Record.from_dict {tag}", field, labkit.replay.Record.from_dict, {**_RECORD, **patch},
        "rec.json", expect=expect)  # fmt: skip
bad("Record.from_dict source missing", "record.source", labkit.replay.Record.from_dict,
    {"onset": "13:42"}, "rec.json")  # fmt: skip
bad("Record.from_dict onset missing", "record.onset", labkit.replay.Record.from_dict,
    {"source": "casebook §7"}, "rec.json")  # fmt: skip
bad("Record.from_dict list", "record", labkit.replay.Record.from_dict, ["13:42"], "rec.json")
bad("Record.from_dict closed before fix", "record.incident_closed", labkit.replay.Record.from_dict,
    {"onset": "13:42", "root_cause_fixed": "14:07", "incident_closed": "14:00",
     "source": "casebook §8"}, "rec.json", expect="before root_cause_fixed")  # fmt: skip
bad("Record onset NaN", "onset", labkit.replay.Record, "casebook §7", NAN)
bad("Record source None", "source", labkit.replay.Record, None, 822)
bad("Record out of order", "root_cause_fixed", labkit.replay.Record, "casebook §7", 822, 800)
bad("from_dict record unknown milestone", "record field", scenarios.from_dict,
    {"record": {**_RECORD, "recovery": "14:09"}}, "rec.json", expect="Did you mean")  # fmt: skip
bad("load_file record bad time", "record.onset", lambda: scenarios.load_file(
    scenario_file("rec.json", b'{"record": {"onset": "9", "source": "s"}}')))  # fmt: skip
bad("info_file record not an object", "record", lambda: scenarios.info_file(scenario_file(
    "rec.json", b'{"title": "t", "echoes": "e", "source": "s", "mechanism": "m", "record": 5}')),
    expect="rec.json")  # fmt: skip
bad("info_file notes not text", "notes", lambda: scenarios.info_file(scenario_file(
    "notes.json", b'{"title": "t", "echoes": "e", "source": "s", "mechanism": "m", "notes": 5}')),
    expect="notes.json")  # fmt: skip
bad("replay.compare timeline None", "timeline", labkit.replay.compare, None,
    labkit.replay.Record("casebook §7", 822))  # fmt: skip
bad("replay.compare record dict", "record", lambda: labkit.replay.compare(tl(), _RECORD))
for fn in (scenarios.load, scenarios.info):
    bad(f"{fn.__name__} name typo", "name", fn, "dyn-ddos-2061", expect="Did you mean")
    bad(f"{fn.__name__} name None", "name", fn, None)
    bad(f"{fn.__name__} name list", "name", fn, ["dyn-ddos-2016"])
    bad(f"{fn.__name__} name 1 MB", "name", fn, MEGA)

# ---- explorer logic and explore() ---------------------------------------------------------
bad("RunCache size 0", "size", lambda: explorer.RunCache(net(), size=0))
bad("RunCache size str", "size", lambda: explorer.RunCache(net(), size="32"))
bad("RunCache size NaN", "size", lambda: explorer.RunCache(net(), size=NAN))
bad("RunCache internet None", "internet", explorer.RunCache, None)
bad("RunCache.run scenario None", "scenario", lambda: explorer.RunCache(net()).run(None))
bad("Controls bgp_kind typo", "values['bgp']['kind']", controls, on=({}, {"bgp": True}),
    bgp_kind="hijak",
    expect="Did you mean 'hijack'")  # fmt: skip
bad("Controls effect typo", "values['push']['effect']", controls, on=({}, {"push": True}),
    effect="cpuu",
    expect="Did you mean 'cpu'")  # fmt: skip
bad("Controls push to before from", "push row", controls, on=({}, {"push": True}),
    start=({}, {"push": "10:00"}), fixed=({}, {"push": "09:00"}),
    expect="not after start '10:00'")  # fmt: skip
bad("Controls on missing key", "on", controls, on={"region": True})
bad("Controls on unknown key", "on", controls, on=({}, {"regoin": True}),
    expect="Did you mean 'region'")  # fmt: skip
bad("Controls start None", "start", controls, start=None)
bad("Controls on value str", "on", controls, on=({}, {"dns": "yes"}))
bad(
    "Controls region typo",
    "values['region']['region']",
    controls,
    on=({}, {"region": True}),
    region=5,
)
bad("Controls start 25:00", "start", controls, on=({}, {"ddos": True}),
    start=({}, {"ddos": "25:00"}))  # fmt: skip
bad("Controls mitigations missing", "mitigations", controls, mitigations={})
bad("Controls region part typo", "values['region']['part']", controls, on=({}, {"region": True}),
    values=({}, {"region": {"region": "nimbus-us-east", "part": "kv"}}),
    expect="Did you mean 'kv-db'")  # fmt: skip
bad("Controls extra_on tuple", "extra_on", controls, extra_on=(True,))
bad("Controls extra_on str flag", "extra_on[0]", controls,
    extra_failures=(labkit.ZoneOutage("nimbus-us-east-a", "09:00", "10:00"),),
    extra_on=["no"])  # fmt: skip
bad("Controls extra_on too many", "extra_on", controls, extra_on=[True],
    expect="got 1 flags for 0 kept failures")  # fmt: skip
bad("mitigation_effect key typo", "key", lambda: explorer.mitigation_effect(
    explorer.RunCache(net()), explorer.Controls(), "multi-regoin"),
    expect="Did you mean 'multi-region'")  # fmt: skip
bad("mitigation_effect controls None", "controls", lambda: explorer.mitigation_effect(
    explorer.RunCache(net()), None, "rpki"))  # fmt: skip
bad("mitigation_effect cache None", "cache", explorer.mitigation_effect, None,
    explorer.Controls(), "rpki")  # fmt: skip
bad("Controls.opening_minute t 25:00", "t", lambda: explorer.Controls().opening_minute("25:00"))
bad("Controls.opening_minute t after the run", "t",
    lambda: explorer.Controls(minutes=600).opening_minute("11:00"))  # fmt: skip
bad("mitigation_label key typo", "key", explorer.mitigation_label, "rpky",
    expect="Did you mean 'rpki'")  # fmt: skip
bad("failure_label failure None", "failure", labkit.timeline.failure_label, None,
    labkit.Scenario().options())  # fmt: skip
bad("explore scenario name typo", "name", labkit.explore, scenario="dyn-ddos-2061",
    expect="Did you mean 'dyn-ddos-2016'")  # fmt: skip
bad("explore scenario int", "scenario", labkit.explore, scenario=3)
bad("explore scenario list", "scenario", labkit.explore, scenario=[OUTAGE])
bad("explore internet str", "internet", labkit.explore, "net")
bad("explore internet Scenario", "internet", labkit.explore, Scenario())
bad("explore t 25:00", "t", labkit.explore, t="25:00")

# ---- checkers: feedback, never an exception ---------------------------------------------------
for tag, value in (("None", None), ("int", 3), ("dict", {"shopfast": 1}), ("1 MB", MEGA),
                   ("typo", ["shopfats"])):  # fmt: skip
    fb(f"check_prediction answer {tag}", "answer", lambda v=value: checks.check_prediction(v, tl()))
fb("check_prediction timeline None", "timeline", checks.check_prediction, ["shopfast"], None)
fb("check_prediction timeline Internet", "timeline", lambda: checks.check_prediction(
    ["shopfast"], net()))  # fmt: skip
fb("check_prediction t 25:00", "t", lambda: checks.check_prediction(["shopfast"], tl(), "25:00"))
fb("check_prediction t after the end", "t", lambda: checks.check_prediction(
    ["shopfast"], tl(), "day 2 01:00"))  # fmt: skip
for tag, value in (("None", None), ("int", 5), ("list", ["signonce"]), ("1 MB", MEGA),
                   ("empty", "")):  # fmt: skip
    fb(f"check_culprit answer {tag}", "answer", lambda v=value: checks.check_culprit(v, tl()))
fb("check_culprit answer typo", "answer", lambda: checks.check_culprit("signonse", tl()),
   expect="Did you mean 'signonce'")  # fmt: skip
fb("check_culprit timeline str", "timeline", checks.check_culprit, "signonce", "timeline")
fb("check_culprit t NaN", "t", lambda: checks.check_culprit("signonce", tl(), NAN))
for tag, value in (("None", None), ("int", 1), ("1 MB", MEGA), ("list", ["shopfast"])):
    fb(f"check_most_fragile_app answer {tag}", "answer",
       lambda v=value: checks.check_most_fragile_app(v, net()))  # fmt: skip
fb("check_most_fragile_app internet None", "internet", checks.check_most_fragile_app,
   "shopfast", None)  # fmt: skip
fb("check_most_fragile_app internet Timeline", "internet", lambda: checks.check_most_fragile_app(
    "shopfast", tl()))  # fmt: skip
for tag, value in (("None", None), ("25:00", "25:00"), ("1 MB", MEGA), ("5000 digits", HUGE),
                   ("NaN", NAN), ("list", ["09:34"])):  # fmt: skip
    fb(f"check_back_at answer {tag}", "answer", lambda v=value: checks.check_back_at(
        v, dns_world(), dns_outage().failures, "db.us-east.nimbus"))  # fmt: skip
fb("check_back_at world None", "world", lambda: checks.check_back_at(
    "09:34", None, dns_outage().failures, "db.us-east.nimbus"))  # fmt: skip
fb("check_back_at failures None", "failures", lambda: checks.check_back_at(
    "09:34", dns_world(), None, "db.us-east.nimbus"))  # fmt: skip
fb("check_back_at failures Scenario", "failures", lambda: checks.check_back_at(
    "09:34", dns_world(), dns_outage(), "db.us-east.nimbus"))  # fmt: skip
fb("check_back_at name typo", "name", lambda: checks.check_back_at(
    "09:34", dns_world(), dns_outage().failures, "db.us-east.nimbs"),
   expect="Did you mean")  # fmt: skip
fb("check_back_at name int", "name", lambda: checks.check_back_at(
    "09:34", dns_world(), dns_outage().failures, 5))  # fmt: skip
for tag, value in (("None", None), ("float", 1.5), ("1 MB", MEGA), ("5000 digits", HUGE),
                   ("typo", "transit-north-amerika")):  # fmt: skip
    fb(f"check_leak_stopper answer {tag}", "answer",
       lambda v=value: checks.check_leak_stopper(v, net(), leak()))  # fmt: skip
fb("check_leak_stopper internet None", "internet", lambda: checks.check_leak_stopper(
    "AS64510", None, leak()))  # fmt: skip
fb("check_leak_stopper scenario str", "scenario", lambda: checks.check_leak_stopper(
    "AS64510", net(), "verizon-leak-2019"))  # fmt: skip
for tag, value in (("None", None), ("str", "canary"), ("NaN canary", {"canary": NAN, "bake": 30}),
                   ("missing bake", {"canary": 0.05}), ("negative bake", {"canary": 0.05,
                   "bake": -5}), ("5000-digit bake", {"canary": 0.05, "bake": HUGE}),
                   ("str bake", {"canary": 0.05, "bake": "half an hour"}),
                   ("canary %%", {"canary": "5%%", "bake": 30}),
                   ("canary % of a word", {"canary": "lots%", "bake": 30}),
                   ("percent bake", {"canary": 0.05, "bake": "30%"}),
                   ("5000-digit canary", {"canary": HUGE, "bake": 30}),
                   ("1e400 canary", {"canary": "1e400", "bake": 30})):  # fmt: skip
    fb(f"check_rollout_plan answer {tag}", "answer", checks.check_rollout_plan, value)
for tag, value in (("None not chosen", None), ("empty dict", {})):  # the start: not chosen
    fb(f"check_rollout_plan answer {tag}", "answer", checks.check_rollout_plan, value,
       expect="not chosen yet")  # fmt: skip
fb("check_rollout_plan detect_delay str", "detect_delay", checks.check_rollout_plan,
   {"canary": 0.05, "bake": 30}, detect_delay="20")  # fmt: skip
fb("check_rollout_plan max_share NaN", "max_share", checks.check_rollout_plan,
   {"canary": 0.05, "bake": 30}, max_share=NAN)  # fmt: skip
fb("check_rollout_plan max_minutes 0", "max_minutes", checks.check_rollout_plan,
   {"canary": 0.05, "bake": 30}, max_minutes=0)  # fmt: skip
for tag, value in (("None", None), ("text", "lots"), ("NaN", NAN), ("inf", INF),
                   ("5000 digits", HUGE), ("1 MB", MEGA), ("list", [1024])):  # fmt: skip
    fb(f"check_progress_lost answer {tag}", "answer", checks.check_progress_lost, value)
fb("check_progress_lost gpus str", "gpus", checks.check_progress_lost, 1024, gpus="512")
fb("check_progress_lost gpus NaN", "gpus", checks.check_progress_lost, 1024, gpus=NAN)
fb("check_progress_lost every 0", "every", checks.check_progress_lost, 1024, every=0)
fb("check_progress_lost failure_at 25:00", "failure_at", checks.check_progress_lost, 1024,
   failure_at="25:00")  # fmt: skip
fb("check_progress_lost started after failure", "failure_at", checks.check_progress_lost, 1024,
   started="09:00")  # fmt: skip
for tag, value in (("None", None), ("int", 3), ("typo", ["retry-backof"]), ("1 MB", [MEGA]),
                   ("dict", {"rpki": True})):  # fmt: skip
    fb(f"check_design answer {tag}", "answer", checks.check_design, value)
for tag, value in (("NaN", NAN), ("inf", INF), ("str", "60"), ("negative", -1),
                   ("5000 digits", HUGE)):  # fmt: skip
    fb(f"check_design budget {tag}", "budget", checks.check_design, ["retry-backoff"],
       budget=value)  # fmt: skip
bad("compare_prediction what int", "what", compare_prediction, 1, 2, what=3)
bad("compare_prediction what None", "what", compare_prediction, 1, 2, what=None)
bad("write_first what list", "what", write_first, ["apps"])
fb("check_design hypothesis NaN", "hypothesis", checks.check_design, ["retry-backoff"],
   hypothesis=NAN)  # fmt: skip
fb("check_design hypothesis str", "hypothesis", checks.check_design, ["retry-backoff"],
   hypothesis="most")  # fmt: skip
fb("check_design hypothesis %%", "hypothesis", checks.check_design, ["retry-backoff"],
   hypothesis="97%%")  # fmt: skip
fb("check_design hypothesis list", "hypothesis", checks.check_design, ["retry-backoff"],
   hypothesis=[0.97])  # fmt: skip
for tag, value in (("None", None), ("empty", []), ("empty text", "")):  # the exercise's start
    fb(f"check_design answer {tag} not chosen", "answer", checks.check_design, value,
       expect="not chosen yet")  # fmt: skip

for tag, value in (("None", None), ("int", 1), ("typo", "tier-one-ish"), ("1 MB", MEGA),
                   ("list", ["stub"])):  # fmt: skip
    fb(f"check_safest_origin answer {tag}", "answer",
       lambda v=value: checks.check_safest_origin(v, _pairs_table()))  # fmt: skip
fb("check_safest_origin table None", "table", checks.check_safest_origin, "stub", None)
fb("check_safest_origin table of another sweep", "table", lambda: checks.check_safest_origin(
    "stub", labkit.sweep(lambda p: {"y": 1}, {"x": [1]}, progress=False)))  # fmt: skip

# ---- helpers exported by labkit.checks: ordinary errors ---------------------------------------
bad("culprits timeline None", "timeline", checks.culprits, None, "09:00")
bad("culprits t 25:00", "t", lambda: checks.culprits(tl(), "25:00"))
bad("hard_graph internet None", "internet", checks.hard_graph, None)
bad("single_points_of_failure app typo", "app", lambda: checks.single_points_of_failure(
    net(), "shopfats"), expect="Did you mean 'shopfast'")  # fmt: skip
bad("all_back_at failures None", "failures", lambda: checks.all_back_at(
    dns_world(), None, "db.us-east.nimbus"))  # fmt: skip
bad("lost_with_filter_at scenario None", "scenario", lambda: checks.lost_with_filter_at(
    net(), None))  # fmt: skip
bad("parse_kind answer typo", "answer", checks.parse_kind, "transt", expect="Did you mean")
bad("plan_outcome plan dict", "plan", checks.plan_outcome, {"canary": 0.05, "bake": 30})
for tag, value in (("None", None), ("int", 42), ("typo", "stagd rolout"), ("MEGA", MEGA)):
    fb(f"check_announced_fix answer {tag}", "answer", checks.check_announced_fix, value)
fb("check_announced_fix replay typo", "replay", checks.check_announced_fix, "rpki",
   "crowdstrike", expect="Did you mean 'crowdstrike-agent-2024'")  # fmt: skip
fb("check_announced_fix replay None", "replay", checks.check_announced_fix, "rpki", None)
bad("fix_outcome replay typo", "replay", checks.fix_outcome, "dyn-ddos", [],
    expect="Did you mean 'dyn-ddos-2016'")  # fmt: skip
bad("fix_outcome mitigations str", "mitigations", checks.fix_outcome, "dyn-ddos-2016", "rpki")
bad("fix_outcome mitigations typo", "mitigations", checks.fix_outcome, "dyn-ddos-2016", ["rpky"])
bad("fix_outcome seed NaN", "seed", checks.fix_outcome, "dyn-ddos-2016", [], NAN)
bad("casebook.entry replay typo", "replay", casebook.entry, "youtube-2008",
    expect="Did you mean 'youtube-hijack-2008'")  # fmt: skip
bad("casebook.entry replay MEGA", "replay", casebook.entry, MEGA)
bad("casebook.announced replay int", "replay", casebook.announced, 2016)
bad("casebook.AnnouncedFix mitigation typo", "mitigation", casebook.AnnouncedFix, "q", "rpky",
    "why", expect="Did you mean 'rpki'")  # fmt: skip
bad("casebook.AnnouncedFix basis", "basis", casebook.AnnouncedFix, "q", None, "why", "rumour")
bad("casebook.AnnouncedFix quote empty", "quote", casebook.AnnouncedFix, "", None, "why")


# ---- sweeps -------------------------------------------------------------------------------------
def _one(point):
    return {"y": 1}


def _sweep_table():
    return labkit.sweep(_one, {"x": [1]}, progress=False)


bad("sweep run None", "run", labkit.sweep, None, {"x": [1]})
bad("sweep run str", "run", labkit.sweep, "simulate", {"x": [1]})
bad("sweep grid empty dict", "grid", labkit.sweep, _one, {})
bad("sweep grid empty list", "grid", labkit.sweep, _one, [])
bad("sweep grid None", "grid", labkit.sweep, _one, None)
bad("sweep grid str", "grid", labkit.sweep, _one, "ttl")
bad("sweep grid values empty", "grid['x']", labkit.sweep, _one, {"x": []})
bad("sweep grid values str", "grid['x']", labkit.sweep, _one, {"x": "60"})
bad("sweep grid values int", "grid['x']", labkit.sweep, _one, {"x": 60})
bad("sweep grid values 1 MB", "grid['x']", labkit.sweep, _one, {"x": MEGA})
bad("sweep grid name int", "grid", labkit.sweep, _one, {3: [1]})
bad("sweep grid point int", "grid[1]", labkit.sweep, _one, [{"x": 1}, 2])
bad("sweep grid too many points", "grid", labkit.sweep, _one, {"a": range(10_000),
    "b": range(10_000)})  # fmt: skip
bad("sweep progress str", "progress", labkit.sweep, _one, {"x": [1]}, progress="yes")
bad("sweep executor str", "executor", labkit.sweep, _one, {"x": [1]}, executor="dask")
bad("sweep executor int", "executor", labkit.sweep, _one, {"x": [1]}, executor=4)


def _sweep_lambda_on_processes():
    import concurrent.futures as cf

    with cf.ProcessPoolExecutor(1) as pool:
        labkit.sweep(lambda p: {}, {"x": [1]}, executor=pool, progress=False)


def _sweep_unpicklable_point_on_processes():
    import concurrent.futures as cf
    import threading

    with cf.ProcessPoolExecutor(1) as pool:
        labkit.sweep(_one, {"x": [threading.Lock()]}, executor=pool, progress=False)


bad("sweep run lambda on a process pool", "run", _sweep_lambda_on_processes,
    expect="not a lambda")  # fmt: skip
bad("sweep grid point unpicklable on a process pool", "grid point 0",
    _sweep_unpicklable_point_on_processes)  # fmt: skip
bad("SweepTable column typo", "name", lambda: _sweep_table().column("yy"),
    expect="Did you mean 'y'")  # fmt: skip
for tag, value in (("empty", []), ("str", "60"), ("zero", [0]), ("NaN", [NAN]),
                   ("too big", [10**7])):  # fmt: skip
    bad(f"sweeps.ttl_sweep ttls {tag}", "ttl", labkit.sweeps.ttl_sweep, value)
bad("sweeps.ttl_sweep name typo", "name", labkit.sweeps.ttl_sweep, [60],
    name="shopfats.example", expect="Did you mean")  # fmt: skip
bad("sweeps.ttl_sweep duration 0", "duration", labkit.sweeps.ttl_sweep, [60], duration=0)
bad("sweeps.ttl_sweep start 25:00", "start", labkit.sweeps.ttl_sweep, [60], start="25:00")
for tag, value in (("above 1", [1.5]), ("negative", [-0.1]), ("NaN", [NAN]), ("str", ["10%"]),
                   ("empty", []), ("None", None)):  # fmt: skip
    bad(f"sweeps.rpki_sweep shares {tag}", "shares", labkit.sweeps.rpki_sweep, value, n=100)
for tag, value in (("too small", 5), ("too big", 10**6), ("float", 100.5), ("str", "70000")):
    bad(f"sweeps.rpki_sweep n {tag}", "n", labkit.sweeps.rpki_sweep, [0.1], n=value)
bad("sweeps.rpki_sweep seed NaN", "seed", labkit.sweeps.rpki_sweep, [0.1], n=100, seed=NAN)
bad("sweeps.hijack_pairs_sweep per_kind 0", "per_kind", labkit.sweeps.hijack_pairs_sweep, 0,
    n=100)  # fmt: skip
bad("sweeps.hijack_pairs_sweep adoption 2", "adoption", labkit.sweeps.hijack_pairs_sweep, 1,
    n=100, adoption=2)  # fmt: skip
bad("sweeps.reach_share origin typo", "origin", lambda: labkit.sweeps.reach_share(
    labkit.mechanisms.bgp.toy_as_graph(), "friendbok", "natel"),
    expect="Did you mean")  # fmt: skip
for tag, value in (("too long", [300]), ("negative", [-1]), ("float", [2.5]), ("str", "5"),
                   ("empty", [])):  # fmt: skip
    bad(f"sweeps.failover_sweep delays {tag}", "delays", labkit.sweeps.failover_sweep, value)
bad("sweeps.failover_sweep region typo", "region", labkit.sweeps.failover_sweep, [5],
    region="nimbus-us-eats", expect="Did you mean 'nimbus-us-east'")  # fmt: skip
bad("sweeps.failover_sweep fixed before start", "fixed", labkit.sweeps.failover_sweep, [5],
    start="10:00", fixed="09:00")  # fmt: skip
for tag, value in (("negative", [-5]), ("NaN", [NAN]), ("str", ["60"]), ("empty", []),
                   ("too big", [10**6])):  # fmt: skip
    bad(f"sweeps.budget_sweep budgets {tag}", "budgets", labkit.sweeps.budget_sweep, value)
for name in ("ttl_finding", "rpki_finding", "failover_finding", "budget_finding"):
    bad(f"sweeps.{name} table None", "table", getattr(labkit.sweeps, name), None)
    bad(f"sweeps.{name} table of another sweep", "table",
        lambda n=name: getattr(labkit.sweeps, n)(_sweep_table()))  # fmt: skip
bad("sweeps.curve_shape table None", "table", labkit.sweeps.curve_shape, None, "x", "y")
bad("sweeps.curve_shape column not in the table", "table",
    lambda: labkit.sweeps.curve_shape(_sweep_table(), "ttl", "no such column"))  # fmt: skip


# ---- figures -----------------------------------------------------------------------------------
for name in ("internet_map", "impact_figure", "blast_radius", "animated_map", "animated_impact"):
    fig(f"figures.{name} timeline None", "timeline", getattr(figures, name), None)
    fig(f"figures.{name} timeline Internet", "timeline", lambda n=name: getattr(figures, n)(net()))
for name in ("internet_map", "impact_figure", "blast_radius"):
    fig(f"figures.{name} t 25:00", "t", lambda n=name: getattr(figures, n)(tl(), "25:00"))
fig("figures.summary_text timeline None", "timeline", figures.summary_text, None, "09:00")
fig("figures.summary_text t after the end", "t", lambda: figures.summary_text(tl(), "day 3 01:00"))
fig("figures.update_map fig None", "fig", lambda: figures.update_map(None, tl(), "09:00"))
fig("figures.update_impact fig str", "fig", lambda: figures.update_impact("fig", tl()))
fig("figures.figure_summary None", "fig", figures.figure_summary, None)
fig("figures.region_concentration internet None", "internet", figures.region_concentration, None)
fig("figures.concentration_shares internet str", "internet", figures.concentration_shares, "net")
fig("figures.dependency_chain app typo", "app", lambda: figures.dependency_chain(net(), "shopfats"))
fig("figures.dependency_chain internet None", "internet", figures.dependency_chain, None,
    "shopfast")  # fmt: skip
fig("figures.bgp_route_map None", "reachability", figures.bgp_route_map, None)
fig("figures.dns_expiry_figure None", "dns_timeline", figures.dns_expiry_figure, None,
    "db.us-east.nimbus")  # fmt: skip
fig("figures.rollout_waves_figure None", "rollouts", figures.rollout_waves_figure, None)
fig("figures.rollout_waves_figure list", "rollouts", figures.rollout_waves_figure, [1, 2])
fig("figures.to_html fig None", "fig", figures.to_html, None, "/tmp/labkit-bad.html")
fig("figures.show fig str", "fig", figures.show, "fig")
fig("figures.replay_figure timeline None", "timeline", figures.replay_figure, None,
    labkit.replay.Record("casebook §7", 822))  # fmt: skip
fig("figures.replay_figure record None", "record", lambda: figures.replay_figure(tl(), None))
fig("figures.replay_figure record dict", "record", lambda: figures.replay_figure(tl(), _RECORD))
fig("figures.replay_figure height 0", "height", lambda: figures.replay_figure(
    tl(), labkit.replay.Record("casebook §7", 822), height=0))  # fmt: skip

for name in ("sweep_figure", "ttl_figure", "rpki_figure", "failover_figure", "budget_figure"):
    fig(f"figures.{name} table None", "table", getattr(figures, name), None, *(
        ("x", "y") if name == "sweep_figure" else ()))  # fmt: skip
fig("figures.sweep_figure x typo", "name", lambda: figures.sweep_figure(_sweep_table(), "xx", "y"))
fig("figures.sweep_figure height 0", "height", lambda: figures.sweep_figure(
    _sweep_table(), "x", "y", height=0))  # fmt: skip

# Figure cases that still fail (none: every figure function checks its arguments).
FIGURES_PENDING: set[str] = set()


def _params():
    for label, field, call, kind, expect in CASES:
        marks = ()
        if kind == "figure" and label in FIGURES_PENDING:
            marks = pytest.mark.xfail(
                strict=True, reason="figures boundary check lands with the figures package"
            )
        yield pytest.param(field, call, kind, expect, id=label, marks=marks)


def _check_message(text: str, field: str, expect: str | None) -> None:
    assert len(text) < MAX_MESSAGE, f"message of {len(text)} characters"
    assert field.lower() in text.lower(), f"{field!r} not named in: {text}"
    for python in PYTHON_TEXT:
        assert python not in text, f"Python's error text {python!r} in: {text}"
    if expect is not None:
        assert expect in text, f"{expect!r} not in: {text}"


@pytest.mark.parametrize(("field", "call", "kind", "expect"), list(_params()))
def test_bad_input(field, call, kind, expect):
    started = time.process_time()
    if kind == "feedback":
        result = call()
        took = time.process_time() - started
        assert isinstance(result, checks.Feedback)
        assert not result.correct
        _check_message(result.message, "answer" if field == "predicted" else field, expect)
    else:
        with pytest.raises((ValueError, TypeError)) as info:
            call()
        took = time.process_time() - started
        assert type(info.value) in (ValueError, TypeError), type(info.value)
        _check_message(str(info.value), field, expect)
    assert took < MAX_SECONDS, f"took {took:.2f} s"


def test_the_table_is_large_and_covers_every_public_entry_point():
    assert len(CASES) >= 200
    labels = " ".join(label for label, *_ in CASES)
    exported = [n for n in labkit.__all__ if n[0].isupper() and callable(getattr(labkit, n))]
    skip = {"Explanation", "ImpactSummary", "Internet", "Row", "Timeline", "Mitigation"}
    for name in exported:
        if name not in skip:
            assert name in labels, f"no bad-input case for labkit.{name}"
    for name in checks.__all__:
        if name.startswith("check_"):
            assert name in labels, f"no bad-input case for checks.{name}"
