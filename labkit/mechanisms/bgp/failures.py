"""BGP failures in time (a prefix hijacked, withdrawn or leaked while a scenario runs), the
holder's answer to a hijack (announcing more-specifics of its own prefix), and the
mitigations a scenario can buy (RPKI, prefix filters). Each turns into a routing event or route
policy (:mod:`.events`) on the world's AS graph (:mod:`.placement`).
"""

from __future__ import annotations

import dataclasses
import ipaddress
from dataclasses import dataclass

from ...catalogue import Control, Kind, Param
from ...internet import Internet
from ...scenario import EngineOptions, Failure, Mitigation, failure
from ...validate import check_choice, check_count, check_flag, check_names, check_type, short
from .events import Announce, Event, Hijack, Leak, OriginValidation, RouteFilter, Withdraw
from .placement import Placement, placement
from .prefixes import parse_prefix

__all__ = [
    "RPKI",
    "BGPFailure",
    "BackboneCut",
    "PrefixAnnouncement",
    "PrefixFilters",
    "PrefixHijack",
    "PrefixWithdrawal",
    "RouteLeak",
]


class BGPFailure(Failure):
    """Base of the timed BGP failures: :meth:`event` gives the routing event while active."""

    def event(self, place: Placement) -> Event:  # pragma: no cover - overridden
        raise NotImplementedError


def _target(field: str, value: object, optional: bool = False) -> None:
    if optional and value is None:
        return
    allowed = "a service, region or AS name, or a prefix, e.g. 'streamflix'"
    text: str = check_type(
        field, value, str, ("None (everything) or " if optional else "") + allowed
    )
    if not text.strip():
        raise ValueError(f"{field}: got {short(value)}; allowed: {allowed}")


def _as_ref(field: str, value: object) -> None:
    allowed = "an AS name like 'natel' or an ASN like 64500"
    check_type(field, value, str | int, allowed)
    if value in ("", 0):
        raise ValueError(f"{field}: got {short(value)}; allowed: {allowed}")


@failure("target")
class PrefixWithdrawal(BGPFailure):
    """The network holding ``target`` (a service, region, AS name or prefix) stops announcing
    it, and the rest of the internet forgets the way there — as Facebook's prefixes (and with
    them its DNS servers) were withdrawn on 4 October 2021.

    Parameters
    ----------
    target : str
        A service ("streamflix"), a region, an AS name, or a prefix ("203.0.113.0/24") that
        some network of the world holds.
    start, fixed, duration : str or int, optional
        When it starts and is fixed, as for every :class:`~labkit.Failure`.

    Raises
    ------
    TypeError
        If ``target`` is not a string.
    ValueError
        If ``target`` is blank or a time is invalid; in :func:`labkit.simulate`, if ``target``
        is unknown or no network of the world holds it.

    Notes
    -----
    Facebook's DNS servers withdrew their own anycast announcements when they lost the
    backbone, so facebook.com, instagram.com and whatsapp.com stopped resolving (casebook:
    Facebook, 4 Oct 2021). Here the withdrawal is the failure; :class:`BackboneCut` models the
    backbone behind it. A withdrawn prefix that holds a DNS provider's name servers
    (:func:`~labkit.mechanisms.dns.dns_placement`) also leaves resolvers without them.

    Examples
    --------
    >>> import labkit
    >>> net = labkit.build_internet(seed=0)
    >>> f = PrefixWithdrawal("streamflix", "15:40", "21:30")
    >>> f.describe()
    'BGP withdrawal of streamflix (15:40–21:30)'
    >>> t = labkit.simulate(net, labkit.Scenario([f]))
    >>> t.state("streamflix", "16:00"), t.state("streamflix", "15:00")
    ('down', 'ok')
    """

    target: str = ""

    def check_fields(self) -> None:
        _target("target", self.target)

    def event(self, place: Placement) -> Withdraw:
        return Withdraw(place.resolve("target", self.target))

    def describe(self) -> str:
        return f"BGP withdrawal of {self.target} ({self.window})"

    def validate(self, internet: Internet) -> None:
        placement(internet).held("target", self.target)


@failure("network")
class BackboneCut(BGPFailure):
    """``network`` (a company with its own network, e.g. "streamflix") loses its backbone: its
    data centres are cut off, so its apps fail for every user who still reaches its edge, and
    its authoritative DNS servers, whose health checks can no longer reach the data centres,
    withdraw their anycast prefix (``dns_prefix``) — as Facebook's on 4 October 2021.

    The withdrawal is a routing event like :class:`PrefixWithdrawal`; the DNS engine then finds
    which resolvers lose the way to the name servers
    (:func:`~labkit.mechanisms.dns.routes.routes_lost`), and they answer SERVFAIL once their
    cached answers expire.

    Parameters
    ----------
    network : str
        A service that runs its own network and DNS, or its AS name, e.g. "streamflix".
    start, fixed, duration : str or int, optional
        When the backbone is cut and comes back, as for every :class:`~labkit.Failure`.
    dns_prefix : str, optional
        The prefix the DNS servers withdraw; default: the network's DNS prefix (the second
        prefix its AS holds).

    Raises
    ------
    TypeError
        If ``network`` or ``dns_prefix`` is not a string.
    ValueError
        If ``network`` is blank, ``dns_prefix`` is not a prefix, or a time is invalid; in
        :func:`labkit.simulate`, if ``network`` is unknown or runs in a cloud, has no DNS prefix,
        or ``dns_prefix`` is not one its AS holds.

    Notes
    -----
    A command meant to assess backbone capacity took down all backbone connections; the DNS
    servers, "still running but unreachable", withdrew their BGP anycast advertisements because
    they could not reach the data centres; resolvers worldwide got SERVFAIL (casebook §4). The
    toy withdraws the DNS prefix for exactly as long as the backbone is cut (the record gives no
    separate times).

    Examples
    --------
    >>> import labkit
    >>> cut = BackboneCut("streamflix", "15:40", "21:30")
    >>> print(cut.describe())  # doctest: +NORMALIZE_WHITESPACE
    backbone cut at streamflix: data centres cut off, DNS servers withdraw their prefix
    (15:40–21:30)
    >>> t = labkit.simulate(labkit.build_internet(seed=0), labkit.Scenario([cut]))
    >>> [t.state("streamflix", m) for m in ("15:39", "15:40", "21:30")]
    ['ok', 'down', 'ok']
    """

    network: str = ""
    dns_prefix: str | None = None

    def check_fields(self) -> None:
        _target("network", self.network)
        if self.dns_prefix is not None:
            check_type("dns_prefix", self.dns_prefix, str, "None or a prefix, e.g. '10.50.4.0/24'")
            object.__setattr__(self, "dns_prefix", str(parse_prefix("dns_prefix", self.dns_prefix)))

    def asn(self, place: Placement) -> int:
        """The AS of the network: a self-hosted service's own AS, or an AS named so."""
        if self.network in place.service_as and self.network in place.prefix:
            asn = place.service_as[self.network]
        else:
            asn = place.graph.asn(self.network, "network")
        kind = place.graph.ases[asn].kind
        if kind != "content":
            raise ValueError(
                f"network: got {short(self.network)}, a {kind} network; allowed: a company with "
                "its own network, e.g. 'streamflix'"
            )
        return asn

    def withdrawn(self, place: Placement) -> str:
        """The prefix the DNS servers withdraw."""
        own = place.graph.ases[self.asn(place)].prefixes
        if self.dns_prefix is None:
            if len(own) < 2:
                raise ValueError(
                    f"network: {short(self.network)} has no DNS prefix of its own; allowed: a "
                    "network whose AS holds one (a second prefix), or give dns_prefix="
                )
            return own[1]
        if self.dns_prefix not in own:
            raise ValueError(
                f"dns_prefix: got {short(self.dns_prefix)}; allowed: a prefix "
                f"{self.network} holds, one of {list(own)}"
            )
        return self.dns_prefix

    def services(self, world: Internet) -> list[str]:
        """The services whose servers sit in the network's data centres."""
        place = placement(world)
        asn = self.asn(place)
        return [s for s, a in place.service_as.items() if a == asn]

    def event(self, place: Placement) -> Withdraw:
        return Withdraw(self.withdrawn(place))

    def describe(self) -> str:
        return (
            f"backbone cut at {self.network}: data centres cut off, DNS servers withdraw their "
            f"prefix ({self.window})"
        )

    def validate(self, internet: Internet) -> None:
        self.withdrawn(placement(internet))


@failure("target")
class PrefixHijack(BGPFailure):
    """``hijacker`` announces ``target``'s prefix (``more_specific``: a smaller block inside it,
    which wins wherever it is heard) — as Pakistan Telecom announced a /24 inside YouTube's /22
    on 24 February 2008.

    Parameters
    ----------
    target : str
        A service ("streamflix"), a region, an AS name, or a prefix ("203.0.113.0/24") that
        some network of the world holds.
    start, fixed, duration : str or int, optional
        When it starts and is fixed, as for every :class:`~labkit.Failure`.
    hijacker : str or int, default "natel"
        The AS that announces it: an AS name, "AS64999" or an ASN.
    more_specific : bool, default True
        Announce a smaller block inside the prefix (which wins everywhere it is heard)
        instead of the same prefix (which wins only where the path is shorter).

    Raises
    ------
    TypeError
        If ``target`` is not a string or ``hijacker`` not a string or int.
    ValueError
        If ``target`` or ``hijacker`` is blank, ``more_specific`` is not True or False, or a
        time is invalid; in :func:`labkit.simulate`, if ``target`` or ``hijacker`` is unknown.

    Notes
    -----
    YouTube's /22 lost to Pakistan Telecom's /24 from 18:47 UTC; the hijack ended at 21:01
    when the upstream, PCCW, withdrew the announcements (casebook: Pakistan Telecom / YouTube,
    24 Feb 2008). Upstream prefix filtering and RPKI are the lessons drawn
    (:class:`PrefixFilters`, :class:`RPKI`).

    Examples
    --------
    >>> import labkit
    >>> net = labkit.build_internet(seed=0)
    >>> failures = [PrefixHijack("streamflix", "20:18", "21:01")]
    >>> failures[0].describe()
    'BGP hijack: natel announces a more-specific of streamflix (20:18–21:01)'
    >>> before = labkit.simulate(net, labkit.Scenario(failures))
    >>> after = labkit.simulate(net, labkit.Scenario(failures, [RPKI()]))
    >>> before.state("streamflix", "20:30"), after.state("streamflix", "20:30")
    ('down', 'ok')
    """

    target: str = ""
    hijacker: str = "natel"
    more_specific: bool = True

    def check_fields(self) -> None:
        _target("target", self.target)
        _as_ref("hijacker", self.hijacker)
        check_flag("more_specific", self.more_specific)

    def announced(self, place: Placement) -> str:
        net = ipaddress.ip_network(place.resolve("target", self.target))
        if self.more_specific and net.prefixlen < 32:
            return str(next(net.subnets(new_prefix=min(net.prefixlen + 2, 32))))
        return str(net)

    def event(self, place: Placement) -> Hijack:
        return Hijack(place.graph.asn(self.hijacker, "hijacker"), self.announced(place))

    def describe(self) -> str:
        what = "a more-specific of" if self.more_specific else "the prefix of"
        return f"BGP hijack: {self.hijacker} announces {what} {self.target} ({self.window})"

    def validate(self, internet: Internet) -> None:
        place = placement(internet)
        place.held("target", self.target)
        place.graph.asn(self.hijacker, "hijacker")


@failure("target")
class PrefixAnnouncement(BGPFailure):
    """The network holding ``target`` announces a more-specific block of its own prefix (a
    ``/length``), which wins back, by longest-prefix match, every network that hears it — as
    YouTube announced two /25s at 20:18 UTC on 24 February 2008 against Pakistan Telecom's /24.

    A response rather than a failure: it hurts nothing, and it never ends unless ``fixed`` or
    ``duration`` says so (the holder keeps announcing).

    Parameters
    ----------
    target : str
        A service ("streamflix"), a region, an AS name, or a prefix ("10.50.0.0/24") inside
        address space some network of the world holds; that network announces.
    start, fixed, duration : str or int, optional
        When the announcement starts and is withdrawn, as for every :class:`~labkit.Failure`
        (by default it is never withdrawn).
    length : int, optional
        The length of the block announced, longer than ``target``'s prefix; it is the block
        holding the address the target is reached at (the first of its prefix). Default: the
        prefix's length + 3, one bit more specific than the block a :class:`PrefixHijack`
        announces (a /25 inside a /22, against the hijacker's /24).

    Raises
    ------
    TypeError
        If ``target`` is not a string.
    ValueError
        If ``target`` is blank, ``length`` is not a whole number from 1 to 128, or a time is
        invalid; in :func:`labkit.simulate`, if ``target`` is unknown or no network of the world
        holds it, or ``length`` is not longer than its prefix (up to the address's bits).

    See Also
    --------
    PrefixHijack : the hijack this answers.

    Notes
    -----
    YouTube announced the same /24 as Pakistan Telecom at 20:07 UTC, which only partly won
    (path length decides a tie), then two /25s at 20:18, which won traffic back by
    longest-prefix match; PCCW withdrew the hijacked prefixes at 21:01 (casebook: Pakistan
    Telecom / YouTube, 24 Feb 2008). Here one block is announced: the one holding the address
    the service is reached at. A holder's more-specifics are invalid under RPKI unless its ROA
    allows them (a ``max_length``), so :class:`RPKI` adopters ignore them and keep the holder's
    own prefix.

    Examples
    --------
    >>> import labkit
    >>> net = labkit.build_internet(seed=0)
    >>> reply = PrefixAnnouncement("streamflix", "20:18", length=25)
    >>> reply.describe()
    'BGP counter-announcement: the holder of streamflix announces a /25 of it (20:18–not fixed)'
    >>> hijack = PrefixHijack("streamflix", "18:47", "21:01")
    >>> t = labkit.simulate(net, labkit.Scenario([hijack, reply]))

    Down under the hijack; from 20:18 every network's packets follow the /25 to StreamFlix,
    and it is ok at once (its users' retries went to the hijacker, so none piled up at
    StreamFlix), well before the hijack ends:

    >>> [t.state("streamflix", m) for m in ("19:00", "20:18", "21:00")]
    ['down', 'ok', 'ok']
    """

    target: str = ""
    length: int | None = None

    def check_fields(self) -> None:
        _target("target", self.target)
        if self.length is not None:
            check_count("length", self.length, 1, 128, "None or a prefix length, e.g. 25")

    def announced(self, place: Placement) -> str:
        """The block announced: the first ``/length`` of ``target``'s prefix."""
        net = ipaddress.ip_network(place.held("target", self.target))
        length = min(net.prefixlen + 3, net.max_prefixlen) if self.length is None else self.length
        if not net.prefixlen < length <= net.max_prefixlen:
            raise ValueError(
                f"length: got {short(self.length)} for {net}; allowed: a longer prefix length, "
                f"from {net.prefixlen + 1} to {net.max_prefixlen}"
            )
        return str(next(net.subnets(new_prefix=length)))

    def event(self, place: Placement) -> Announce:
        prefix = self.announced(place)
        return Announce(place.graph.holders(prefix)[0], prefix)

    def describe(self) -> str:
        what = "a more-specific" if self.length is None else f"a /{self.length}"
        return (
            f"BGP counter-announcement: the holder of {self.target} announces {what} of it "
            f"({self.window})"
        )

    def validate(self, internet: Internet) -> None:
        self.announced(placement(internet))


@failure("leaker", default="alloyworks")
class RouteLeak(BGPFailure):
    """``leaker`` passes routes it learned from one provider on to its other providers, which
    prefer them (customer routes) and send traffic through the small network — as a customer of
    Verizon leaked routes on 24 June 2019. ``target``: only that prefix (default: all).

    Parameters
    ----------
    leaker : str or int, default "alloyworks"
        The AS that leaks: an AS name, "AS64500" or an ASN.
    start, fixed, duration : str or int, optional
        When it starts and is fixed, as for every :class:`~labkit.Failure`.
    target : str, optional
        Leak only this prefix (a service, region, AS name or prefix); default: every route.

    Raises
    ------
    TypeError
        If ``leaker`` is not a string or int, or ``target`` not a string or None.
    ValueError
        If ``leaker`` or ``target`` is blank or a time is invalid; in :func:`labkit.simulate`,
        if ``leaker`` or ``target`` is unknown.

    Notes
    -----
    In 2019 a customer of Verizon re-announced routes to Verizon, which accepted and
    propagated them with no filtering; traffic for about 20,000 prefixes went through a small
    network and was dropped (casebook: Verizon / DQE, 24 Jun 2019). Congestion is modelled as
    users cut off, not as slower traffic.

    Examples
    --------
    >>> import labkit
    >>> net = labkit.build_internet(seed=0)
    >>> failures = [RouteLeak("alloyworks", "10:34", "12:36")]
    >>> before = labkit.simulate(net, labkit.Scenario(failures))
    >>> after = labkit.simulate(net, labkit.Scenario(failures, [PrefixFilters()]))
    >>> before.state("docushare", "11:00"), after.state("docushare", "11:00")
    ('degraded', 'ok')
    """

    leaker: str = "alloyworks"
    target: str | None = None

    def check_fields(self) -> None:
        _as_ref("leaker", self.leaker)
        _target("target", self.target, optional=True)

    def event(self, place: Placement) -> Leak:
        prefix = None if self.target is None else place.resolve("target", self.target)
        return Leak(place.graph.asn(self.leaker, "leaker"), prefix)

    def describe(self) -> str:
        what = f" of {self.target}" if self.target else ""
        return f"BGP route leak{what} by {self.leaker} ({self.window})"

    def validate(self, internet: Internet) -> None:
        place = placement(internet)
        place.graph.asn(self.leaker, "leaker")
        if self.target is not None:
            place.resolve("target", self.target)


_ADOPTER_SETS = ("tier-1", "transit", "all")


def _adopters(field: str, value: object) -> tuple[str, ...] | str:
    """AS names (or "tier-1", "transit", "all"): one name, or a list of names."""
    if isinstance(value, str):
        if not value.strip():
            raise ValueError(f"{field}: got {short(value)}; allowed: {', '.join(_ADOPTER_SETS)} "
                             "or AS names")  # fmt: skip
        return value
    return check_names(field, value, example="['tier-1', 'transit']")


@dataclass(frozen=True)
class RPKI(Mitigation):
    """Route-origin validation: the ``adopters`` (AS names, or "tier-1", "transit", "all")
    drop announcements whose origin has no signed authorisation for the prefix.

    Parameters
    ----------
    adopters : str or list of str, default ("tier-1", "transit")
        Who filters: "tier-1", "transit", "all", or AS names (one, or a list).

    Raises
    ------
    TypeError
        If ``adopters`` is neither a string nor a list of strings.
    ValueError
        If ``adopters`` is a blank string; in :func:`labkit.simulate`, if an AS name is
        unknown.

    Notes
    -----
    It stops a hijack by a network that does not own the prefix, not a leak of genuine routes
    (use :class:`PrefixFilters`).

    Examples
    --------
    >>> RPKI("all").adopters
    'all'
    >>> import labkit
    >>> net = labkit.build_internet(seed=0)
    >>> failures = [PrefixHijack("streamflix", "20:18", "21:01")]
    >>> labkit.simulate(net, labkit.Scenario(failures, [RPKI()])).state("streamflix", "20:30")
    'ok'
    """

    adopters: tuple[str, ...] | str = ("tier-1", "transit")

    def __post_init__(self) -> None:
        object.__setattr__(self, "adopters", _adopters("adopters", self.adopters))

    def ases(self, place: Placement) -> tuple[int, ...]:
        chosen = (self.adopters,) if isinstance(self.adopters, str) else tuple(self.adopters)
        out: list[int] = []
        for a in chosen:
            if a == "all":
                out += list(place.graph.ases)
            elif a in ("tier-1", "transit"):
                out += place.graph.of_kind(a)
            else:
                if isinstance(a, str) and not a[:2].upper() == "AS" and a not in place.targets:
                    names = [x.name for x in place.graph.ases.values()]
                    check_choice("adopters", a, [*_ADOPTER_SETS, *names])
                out.append(place.graph.asn(a, "adopters"))
        return tuple(dict.fromkeys(out))

    def validate(self, internet: Internet) -> None:
        self.ases(placement(internet))

    def tune(self, options: EngineOptions) -> EngineOptions:
        return dataclasses.replace(options, bgp_mitigations=(*options.bgp_mitigations, self))

    def routing(self, place: Placement) -> OriginValidation:
        return OriginValidation(self.ases(place))


@dataclass(frozen=True)
class PrefixFilters(Mitigation):
    """The ``adopters`` (AS names, or "tier-1", "transit", "all") accept from customers and peers
    only the prefixes registered to them: a leak or a hijack stops at the first filtering
    network.

    Parameters
    ----------
    adopters : str or list of str, default ("tier-1", "transit")
        Who filters: "tier-1", "transit", "all", or AS names (one, or a list).

    Raises
    ------
    TypeError
        If ``adopters`` is neither a string nor a list of strings.
    ValueError
        If ``adopters`` is a blank string; in :func:`labkit.simulate`, if an AS name is
        unknown.

    Notes
    -----
    Upstream prefix filtering is the lesson drawn from the YouTube hijack (casebook: Pakistan
    Telecom / YouTube, 24 Feb 2008) and among Cloudflare's recommendations after the Verizon
    leak (casebook: Verizon / DQE, 24 Jun 2019).

    Examples
    --------
    >>> PrefixFilters().adopters
    ('tier-1', 'transit')
    >>> import labkit
    >>> net = labkit.build_internet(seed=0)
    >>> failures = [RouteLeak("alloyworks", "10:34", "12:36")]
    >>> t = labkit.simulate(net, labkit.Scenario(failures, [PrefixFilters()]))
    >>> t.affected_at("11:00")
    0
    """

    adopters: tuple[str, ...] | str = ("tier-1", "transit")

    def __post_init__(self) -> None:
        object.__setattr__(self, "adopters", _adopters("adopters", self.adopters))

    def routing(self, place: Placement) -> RouteFilter:
        return RouteFilter(RPKI(self.adopters).ases(place))

    def validate(self, internet: Internet) -> None:
        self.routing(placement(internet))

    def tune(self, options: EngineOptions) -> EngineOptions:
        return dataclasses.replace(options, bgp_mitigations=(*options.bgp_mitigations, self))


# ---- the catalogue's entries -----------------------------------------------------------------
#: The incidents the dashboard's BGP row offers.
BGP_INCIDENTS = ("hijack", "leak", "withdrawal")
_LEAKER = "alloyworks"


def _build(v: dict[str, str], start: str, fixed: str | None) -> Failure:
    kind = check_choice("BGP incident", v["kind"], BGP_INCIDENTS)
    if kind == "hijack":
        return PrefixHijack(v["target"], start, fixed)
    if kind == "withdrawal":
        return PrefixWithdrawal(v["target"], start, fixed)
    return RouteLeak(_LEAKER, start, fixed)


def _read(f: Failure) -> dict[str, str] | None:
    if type(f) is PrefixHijack and f.hijacker == "natel" and f.more_specific:
        return {"kind": "hijack", "target": f.target}
    if type(f) is PrefixWithdrawal:
        return {"kind": "withdrawal", "target": f.target}
    if type(f) is RouteLeak and f.leaker == _LEAKER and f.target is None:
        return {"kind": "leak"}
    return None


BGP_CONTROL = Control(
    "bgp",
    "BGP incident",
    (
        Param("kind", "incident", BGP_INCIDENTS, "hijack"),
        Param("target", "target", lambda net: sorted(placement(net).targets), "streamflix"),
    ),
    _build,
    _read,
)

KINDS = (
    Kind(PrefixHijack, "failure", "bgp", "hijack",
         "a network announces someone else's prefix (more specific wins)",
         label="BGP hijack", control=BGP_CONTROL,
         examples=lambda: (PrefixHijack("streamflix", "20:18", "21:01"),)),
    Kind(RouteLeak, "failure", "bgp", "leak",
         "a network passes routes between its providers", label="BGP route leak",
         examples=lambda: (RouteLeak("alloyworks", "10:34", "12:36"),)),
    Kind(PrefixWithdrawal, "failure", "bgp", "withdrawal",
         "a network stops announcing its prefix", label="BGP withdrawal",
         examples=lambda: (PrefixWithdrawal("streamflix", "15:40", "21:30"),)),
    Kind(BackboneCut, "failure", "bgp", "backbone-cut",
         "a company's backbone is cut: data centres off, its DNS servers withdraw their prefix",
         label="backbone cut",
         examples=lambda: (BackboneCut("streamflix", "15:40", "21:30"),)),
    Kind(PrefixAnnouncement, "failure", "bgp", "announcement",
         "the holder announces a more-specific of its own prefix (wins back a hijack)",
         label="BGP counter-announcement",
         examples=lambda: (PrefixAnnouncement("streamflix", "20:18", length=25),
                           PrefixAnnouncement("nimbus-us-east", "09:00", "10:00"))),
    Kind(RPKI, "mitigation", "bgp", "rpki",
         "transit networks drop routes whose origin is not signed", label="RPKI",
         price=15, menu=True, examples=lambda: (RPKI(), RPKI("all"))),
    Kind(PrefixFilters, "mitigation", "bgp", "prefix-filters",
         "transit networks accept only registered prefixes", label="prefix filters",
         price=15, menu=True, examples=lambda: (PrefixFilters(),)),
)  # fmt: skip
