"""The DNS failures: an emptied or wrong record, a provider unreachable or swamped by a DDoS, a
resolver down. Each checks its names against a :class:`~.world.DNSWorld`."""

from __future__ import annotations

from ...catalogue import Control, Kind, Param
from ...internet import Internet
from ...scenario import Failure, failure
from ...validate import check_choice, check_names, check_type, short
from .checks import check_label, check_number, check_ttl, check_whole
from .toy import toy_dns
from .world import DNSWorld

__all__ = [
    "RCODES",
    "AuthoritativeDDoS",
    "AuthoritativeOutage",
    "DNSFailure",
    "RecordEmpty",
    "RecordWrong",
    "ResolverOutage",
    "RouteToServersLost",
]

RCODES = ("NODATA", "NXDOMAIN")
#: Resolvers' retries per query under a DDoS: the low end of "retry 10–20×" (casebook §8).
DEFAULT_RETRIES = 10
MAX_RETRIES = 20


class DNSFailure(Failure):
    """Base of DNS failures (start/fixed/duration as for every :class:`~labkit.failures.Failure`);
    :meth:`check` checks their names against a :class:`DNSWorld`."""

    def check(self, world: DNSWorld) -> None:
        """Check names against ``world`` (raises ValueError)."""

    def validate(self, internet: Internet) -> None:
        """Check names against the toy internet's DNS, :func:`toy_dns` (raises ValueError)."""
        self.check(toy_dns(internet))


@failure("name")
class RecordEmpty(DNSFailure):
    """Every address of ``name`` is removed at the authoritative server, which answers "no such
    data" (NODATA; ``rcode="NXDOMAIN"`` if the name itself is gone), as the DynamoDB endpoint in
    us-east-1 in Oct 2025. Resolvers see it when their cached answer expires, then cache the empty
    answer for the SOA minimum, so it lingers after the fix. Serve-stale does not help: an empty
    answer is a valid answer, so the old one is not kept.

    Parameters
    ----------
    name : str
        The DNS name, e.g. "db.us-east.nimbus" (a cloud endpoint) or "shopfast.example" (a
        service); checked against the world's DNS by :func:`labkit.simulate`.
    start, fixed, duration : str or int, optional
        When it starts and is fixed, as for every :class:`~labkit.Failure`.
    rcode : {"NODATA", "NXDOMAIN"}, default "NODATA"
        What the authoritative server answers.

    Raises
    ------
    ValueError
        If ``name`` is not a name without spaces, ``rcode`` is not one of the two, or a time is
        invalid, both ``fixed`` and ``duration`` are given, or ``fixed`` is not after ``start``.
        Also, in :func:`labkit.simulate`, if ``name`` is not a name of the world's DNS.

    Notes
    -----
    In the DynamoDB outage the regional endpoint's addresses were removed at 06:48 UTC and
    the DNS state was restored at 09:25 UTC; clients recovered as their caches expired
    (casebook: AWS us-east-1 DynamoDB DNS, 20 Oct 2025). The longer tail of that outage (EC2
    leases, network state) is not modelled.

    Examples
    --------
    >>> RecordEmpty("db.us-east.nimbus", "06:48", "09:25").describe()
    'record db.us-east.nimbus emptied (NODATA) (06:48–09:25)'
    >>> import labkit
    >>> net = labkit.build_internet(seed=0)
    >>> f = RecordEmpty("db.us-east.nimbus", "06:48", "09:25")
    >>> t = labkit.simulate(net, labkit.Scenario([f]))
    >>> t.state("signonce", "07:30"), t.state("signonce", "09:30")
    ('down', 'down')
    >>> labkit.fmt_time(t.recovered_at("signonce"))
    '10:16'
    """

    name: str = ""
    rcode: str = "NODATA"

    def check_fields(self) -> None:
        check_label("name", self.name, "'db.us-east.nimbus'")
        check_choice("rcode", self.rcode, RCODES)

    def describe(self) -> str:
        return f"record {self.name} emptied ({self.rcode}) ({self.window})"

    def check(self, world: DNSWorld) -> None:
        world.check_name(self.name)


@failure("name")
class RecordWrong(DNSFailure):
    """The authoritative server publishes a wrong address for ``name`` (a stale plan, a typo):
    clients connect to the wrong place. Resolvers cache it like any answer, for ``ttl`` seconds
    (default: the record's own TTL), so it lingers after the fix.

    Parameters
    ----------
    name : str
        The DNS name, e.g. "shopfast.example".
    start, fixed, duration : str or int, optional
        When it starts and is fixed, as for every :class:`~labkit.Failure`.
    ttl : int, optional
        Seconds resolvers keep the wrong answer, 1 to 604800 (7 days); default: the record's
        own TTL.

    Raises
    ------
    ValueError
        If ``name`` is not a name without spaces, ``ttl`` is not whole seconds in range, or a time
        is invalid, both ``fixed`` and ``duration`` are given, or ``fixed`` is not after ``start``.
        Also, in :func:`labkit.simulate`, if ``name`` is not a name of the world's DNS.

    Examples
    --------
    >>> RecordWrong("shopfast.example", "10:00", duration=30, ttl=3600).describe()
    'wrong record for shopfast.example, TTL 3600 s (10:00–10:30)'
    >>> import labkit
    >>> net = labkit.build_internet(seed=0)
    >>> short = labkit.Scenario([RecordWrong("shopfast.example", "10:00", duration=30)])
    >>> long = labkit.Scenario([RecordWrong("shopfast.example", "10:00", duration=30, ttl=3600)])
    >>> t = labkit.simulate(net, short)
    >>> t.state("shopfast", "10:15"), t.recovered_at("shopfast")
    ('down', 635)
    >>> labkit.simulate(net, long).recovered_at("shopfast")
    665
    """

    name: str = ""
    ttl: int | None = None

    def check_fields(self) -> None:
        check_label("name", self.name, "'shopfast.example'")
        if self.ttl is not None:
            check_ttl("ttl", self.ttl)

    def describe(self) -> str:
        ttl = f", TTL {self.ttl} s" if self.ttl is not None else ""
        return f"wrong record for {self.name}{ttl} ({self.window})"

    def check(self, world: DNSWorld) -> None:
        world.check_name(self.name)


@failure("provider")
class AuthoritativeOutage(DNSFailure):
    """No query reaches ``provider``'s name servers (e.g. their routes are withdrawn, as
    Facebook's in Oct 2021): resolvers get nothing for its names once their answers expire,
    unless they serve stale.

    Parameters
    ----------
    provider : str
        The DNS provider, e.g. "quickdns" or "nimbus-dns".
    start, fixed, duration : str or int, optional
        When it starts and is fixed, as for every :class:`~labkit.Failure`.

    Raises
    ------
    ValueError
        If ``provider`` is not a name without spaces, or a time is invalid, both ``fixed`` and
        ``duration`` are given, or ``fixed`` is not after ``start``.
        Also, in :func:`labkit.simulate`, if ``provider`` is not a DNS provider of the world.

    Notes
    -----
    Facebook's DNS servers withdrew their BGP announcements when they lost the backbone: they
    were still running but unreachable (casebook: Facebook, 4 Oct 2021). Here the servers are
    simply unreachable from every resolver; for unreachability that comes from routing (some
    resolvers lose the route, others not) see :class:`RouteToServersLost` and
    :class:`~labkit.BackboneCut`.

    Examples
    --------
    >>> AuthoritativeOutage("quickdns", "11:10", "13:20").describe()
    'quickdns name servers unreachable (11:10–13:20)'
    >>> import labkit
    >>> net = labkit.build_internet(seed=0)
    >>> failures = [AuthoritativeOutage("quickdns", "11:10", "13:20")]
    >>> before = labkit.simulate(net, labkit.Scenario(failures))
    >>> after = labkit.simulate(net, labkit.Scenario(failures, [labkit.ServeStale()]))
    >>> before.state("shopfast", "12:00"), after.state("shopfast", "12:00")
    ('down', 'ok')
    """

    provider: str = ""

    def check_fields(self) -> None:
        check_label("provider", self.provider, "'quickdns'")

    def describe(self) -> str:
        return f"{self.provider} name servers unreachable ({self.window})"

    def check(self, world: DNSWorld) -> None:
        world.check_provider(self.provider)


@failure("provider")
class AuthoritativeDDoS(DNSFailure):
    """A DDoS on ``provider`` (as on Dyn in Oct 2016): attack traffic of ``attack`` × the
    provider's capacity, aimed at its points of presence in ``pops`` (default: all).

    Each point of presence answers only its share of the capacity, so an attempt (one query
    sent) is lost with probability ``1 - capacity / load`` there. A resolver sends a query up to
    ``1 + retries`` times, each attempt an independent draw: a lookup fails only when every
    attempt is lost, and a lookup that fails is tried again a minute later instead of being
    cached for its TTL. So retries both rescue lookups and add load, and the load depends on how
    many lookups fail: the loss probability is the self-consistent solution of that loop (see
    :class:`~labkit.mechanisms.dns.ProviderLoad`).

    Parameters
    ----------
    provider : str
        The DNS provider attacked, e.g. "quickdns".
    start, fixed, duration : str or int, optional
        When it starts and is fixed, as for every :class:`~labkit.Failure`.
    attack : float, default 30.0
        Attack traffic as a multiple of the provider's whole capacity (all points of presence),
        > 0 and at most 1000. Aimed at fewer points of presence, it swamps them more. The
        default is the size assumed in the Dyn replay (the record gives no figure): with
        retries, a smaller attack makes lookups fail only now and then.
    retries : int, default 10
        How many times a resolver re-sends a query that got no answer, 0 to 20. Default: the
        low end of "recursive resolvers time out and retry 10–20×" (casebook §8, Dyn).
    pops : list of str, optional
        The areas whose points of presence are attacked, e.g. ["us-east"] (default: all, see
        :meth:`DNSWorld.areas`). Resolvers whose queries go elsewhere are not hurt; those with
        nodes everywhere (public, cloud) lose attempts that land on attacked ones.

    Raises
    ------
    ValueError
        If ``provider`` is not a name without spaces, ``attack`` is not a number > 0 and at most
        1000, ``retries`` is not a whole number from 0 to 20, ``pops`` is a single string, empty
        or has a name with spaces, or a time is invalid, both ``fixed`` and ``duration`` are
        given, or ``fixed`` is not after ``start``.
        Also, in :func:`labkit.simulate`, if ``provider`` is not a DNS provider of the world or
        a pop is not one of its areas.

    Notes
    -----
    The first wave of the attack on Dyn ran from about 11:10 to about 13:20 UTC and hit
    US-East; the second, from about 15:50 to about 17:00, was "more global", with intermittent
    failures; recursive resolvers retrying 10–20× made it worse (casebook §8, Dyn,
    21 Oct 2016). Which attempts get through is drawn per attempt, seeded by ``Scenario.seed``.

    Examples
    --------
    >>> AuthoritativeDDoS("quickdns", "11:10", "13:20", pops=["us-east"]).describe()
    'DDoS on quickdns (us-east) at 30× its capacity, 10 retries (11:10–13:20)'
    >>> import labkit
    >>> net = labkit.build_internet(seed=0)
    >>> failures = [AuthoritativeDDoS("quickdns", "11:10", "13:20", pops=["us-east"])]
    >>> before = labkit.simulate(net, labkit.Scenario(failures))
    >>> after = labkit.simulate(net, labkit.Scenario(failures, [labkit.SecondaryDNS()]))
    >>> before.state("shopfast", "12:00"), after.state("shopfast", "12:00")
    ('degraded', 'ok')
    >>> AuthoritativeDDoS("quickdns", "11:10", pops="us-east")
    Traceback (most recent call last):
    ...
    ValueError: pops: got 'us-east', a single string; allowed: a list of areas such as ...
    """

    provider: str = ""
    attack: float = 30.0
    retries: int = DEFAULT_RETRIES
    pops: tuple[str, ...] | None = None

    def check_fields(self) -> None:
        check_label("provider", self.provider, "'quickdns'")
        if check_number("attack", self.attack, "a multiple of the provider's capacity > 0") > 1000:
            raise ValueError(
                f"attack: got {self.attack!r}; allowed: a multiple of capacity, 0 to 1000"
            )
        check_whole(
            "retries", self.retries, 0, MAX_RETRIES, f"a whole number from 0 to {MAX_RETRIES}"
        )
        pops = self.pops
        if pops is not None:
            allowed = "a list of areas such as ['us-east'], or None for all"
            if isinstance(pops, str):
                raise ValueError(f"pops: got {pops!r}, a single string; allowed: {allowed}")
            if not isinstance(pops, list | tuple) or not pops:
                raise ValueError(f"pops: got {short(pops)}; allowed: {allowed}")
            for a in pops:
                check_label("pops", a, "'us-east'")
            object.__setattr__(self, "pops", tuple(dict.fromkeys(pops)))

    def describe(self) -> str:
        where = f" ({', '.join(self.pops)})" if self.pops else ""
        return (
            f"DDoS on {self.provider}{where} at {self.attack:g}× its capacity, "
            f"{self.retries} retries ({self.window})"
        )

    def check(self, world: DNSWorld) -> None:
        world.check_provider(self.provider)
        if self.pops:
            world.check_areas(self.pops)


@failure("resolver")
class ResolverOutage(DNSFailure):
    """``resolver`` is down: its users get no answer for any name, unless it has a
    ``fallback`` resolver (:meth:`DNSWorld.with_fallback`). It comes back with an empty cache.

    Only that resolver's users lose the names, so apps are degraded (cut off for some cities)
    rather than down.

    Parameters
    ----------
    resolver : str
        The recursive resolver, e.g. "isp-paris" (a city's ISP) or "nimbus-internal".
    start, fixed, duration : str or int, optional
        When it starts and is fixed, as for every :class:`~labkit.Failure`.

    Raises
    ------
    ValueError
        If ``resolver`` is not a name without spaces, or a time is invalid, both ``fixed`` and
        ``duration`` are given, or ``fixed`` is not after ``start``.
        Also, in :func:`labkit.simulate`, if ``resolver`` is not a resolver of the world.

    Examples
    --------
    >>> ResolverOutage("isp-paris", "08:00", duration=60).describe()
    'resolver isp-paris down (08:00–09:00)'
    >>> import labkit
    >>> net = labkit.build_internet(seed=0)
    >>> f = ResolverOutage("isp-paris", "08:00", duration=60)
    >>> t = labkit.simulate(net, labkit.Scenario([f]))
    >>> t.state("shopfast", "08:30"), t.state("shopfast", "09:30")
    ('degraded', 'ok')
    """

    resolver: str = ""

    def check_fields(self) -> None:
        check_label("resolver", self.resolver, "'isp-paris'")

    def describe(self) -> str:
        return f"resolver {self.resolver} down ({self.window})"

    def check(self, world: DNSWorld) -> None:
        world.check_resolver(self.resolver)


@failure("provider")
class RouteToServersLost(DNSFailure):
    """The ``resolvers`` have no route to ``provider``'s name servers (their prefix is withdrawn,
    black-holed or hijacked, as the BGP data plane finds): their queries for its names go
    unanswered and they answer their users SERVFAIL once their cached answers expire. Other
    resolvers still reach the servers. :func:`labkit.simulate` makes these from a scenario's BGP
    failures (:func:`~labkit.mechanisms.dns.routes.routes_lost`); a scenario need not hold one.

    Parameters
    ----------
    provider : str
        The DNS provider whose name servers are cut off, e.g. "streamflix-dns".
    start, fixed, duration : str or int, optional
        When the route is lost and comes back, as for every :class:`~labkit.Failure`.
    resolvers : list of str
        The resolvers without a route (at least one), e.g. ``["isp-paris", "public-1"]``.
    why : str, default ""
        Why, in words (the routing outcome), for explanations.
    behind : Failure, optional
        The routing failure behind it (e.g. a :class:`~labkit.PrefixWithdrawal`): the root that
        explanations end at.

    Raises
    ------
    TypeError
        If ``resolvers`` is not a list of strings, ``why`` not a string, or ``behind`` not a
        failure or None.
    ValueError
        If ``provider`` is not a name without spaces, ``resolvers`` is empty, or a time is
        invalid; in :func:`labkit.simulate`, if the provider or a resolver is unknown.

    Notes
    -----
    Facebook's name servers were "still running but unreachable" once their anycast prefixes
    were withdrawn, and resolvers worldwide answered SERVFAIL for its names (casebook §4). A
    resolver may cache a server failure for at most five minutes (RFC 2308 §7.1) and must cache
    a resolution failure for at least one second (RFC 9520 §3); here a failed fetch is tried
    again at the next whole minute, so SERVFAIL is cached under a minute and names come back
    within a minute of the route.

    Examples
    --------
    >>> lost = RouteToServersLost("quickdns", "11:00", "12:00", resolvers=["isp-paris"])
    >>> lost.describe()
    'no route from isp-paris to the quickdns name servers (11:00–12:00)'
    >>> from labkit.mechanisms.dns import resolve_timeline, toy_dns
    >>> day = resolve_timeline(toy_dns(), [lost])
    >>> day.status("isp-paris", "shopfast.example", "11:30"), day.status(
    ...     "isp-tokyo", "shopfast.example", "11:30")
    ('fail', 'answer')
    """

    provider: str = ""
    resolvers: tuple[str, ...] = ()
    why: str = ""
    behind: Failure | None = None

    def check_fields(self) -> None:
        check_label("provider", self.provider, "'streamflix-dns'")
        example = "['isp-paris', 'public-1']"
        names = check_names("resolvers", self.resolvers, example=example, empty=False)
        object.__setattr__(self, "resolvers", tuple(names))
        check_type("why", self.why, str, "a sentence, or ''")
        if self.behind is not None:
            check_type("behind", self.behind, Failure, "the routing failure behind it, or None")

    def describe(self) -> str:
        who = ", ".join(self.resolvers[:3]) + (
            f" and {len(self.resolvers) - 3} more" if len(self.resolvers) > 3 else ""
        )
        why = f": {self.why}" if self.why else ""
        return f"no route from {who} to the {self.provider} name servers{why} ({self.window})"

    def check(self, world: DNSWorld) -> None:
        world.check_provider(self.provider)
        for r in self.resolvers:
            world.check_resolver(r, "resolvers")


# ---- the catalogue's entries -----------------------------------------------------------------
def _read_record(f: Failure) -> dict[str, str] | None:
    if type(f) is RecordEmpty and f.rcode == "NODATA":
        return {"record": f.name}
    return None


def _read_ddos(f: Failure) -> dict[str, str] | None:
    if type(f) is AuthoritativeDDoS and (f.attack, f.retries, f.pops) == (30.0, 10, None):
        return {"provider": f.provider}
    return None


RECORD_CONTROL = Control(
    "dns",
    "DNS record emptied",
    (Param("record", "record", lambda net: toy_dns(net).names(), "db.us-east.nimbus"),),
    lambda v, start, fixed: RecordEmpty(v["record"], start, fixed),
    _read_record,
)
DDOS_CONTROL = Control(
    "ddos",
    "DDoS on a DNS provider",
    (Param("provider", "provider", lambda net: sorted(toy_dns(net).providers), "quickdns"),),
    lambda v, start, fixed: AuthoritativeDDoS(v["provider"], start, fixed),
    _read_ddos,
)

KINDS = (
    Kind(RecordEmpty, "failure", "dns", "dns", "a name's addresses are removed (NODATA)",
         label="DNS record emptied", control=RECORD_CONTROL,
         examples=lambda: (RecordEmpty("db.us-east.nimbus", "06:48", "09:25"),)),
    Kind(RecordWrong, "failure", "dns", "dns-wrong", "a name points to the wrong address",
         label="wrong DNS record",
         examples=lambda: (RecordWrong("shopfast.example", "10:00", duration=30),)),
    Kind(AuthoritativeOutage, "failure", "dns", "dns-outage",
         "a DNS provider's name servers cannot be reached", label="DNS provider unreachable",
         examples=lambda: (AuthoritativeOutage("quickdns", "11:10", "13:20"),)),
    Kind(AuthoritativeDDoS, "failure", "dns", "ddos", "a DDoS swamps a DNS provider",
         label="DDoS on a DNS provider", control=DDOS_CONTROL,
         examples=lambda: (AuthoritativeDDoS("quickdns", "11:10", "13:20"),)),
    Kind(ResolverOutage, "failure", "dns", "resolver", "a recursive resolver is down",
         label="resolver outage",
         examples=lambda: (ResolverOutage("isp-paris", "08:00", duration=60),)),
    Kind(RouteToServersLost, "failure", "dns", "dns-route-lost",
         "some resolvers have no route to a DNS provider's name servers",
         label="no route to the name servers",
         examples=lambda: (RouteToServersLost("quickdns", "11:00", "12:00",
                                              resolvers=["isp-paris"]),)),
)  # fmt: skip
