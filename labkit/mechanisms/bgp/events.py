"""What happens to routes, and what networks do about it: the routing events (:class:`Withdraw`,
:class:`Announce`, :class:`Hijack`, :class:`Leak`) and the route policies that mitigate them
(:class:`OriginValidation` with :class:`ROA` records, :class:`RouteFilter`). They only describe;
the route computation (:mod:`.propagate`) checks them against a graph and applies them.

>>> Hijack(64999, "10.50.0.0/24")
Hijack(hijacker=64999, prefix='10.50.0.0/24')
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from ...validate import short
from .graph import ASRef
from .prefixes import parse_prefix

__all__ = [
    "ROA",
    "Announce",
    "Event",
    "Hijack",
    "Leak",
    "OriginValidation",
    "RouteFilter",
    "RoutePolicy",
    "Withdraw",
]


def _check_ref(field: str, value: object) -> None:
    if isinstance(value, bool) or not isinstance(value, int | str) or value in ("", 0):
        raise ValueError(f"{field}: got {short(value)}; allowed: an ASN like 64500 or an AS name")


def _canon(field: str, prefix: object) -> str:
    return str(parse_prefix(field, prefix))


@dataclass(frozen=True)
class Withdraw:
    """``origin`` stops announcing ``prefix`` (by default every AS announcing it does), as
    Facebook withdrew the prefixes of its DNS servers in October 2021."""

    prefix: str
    origin: ASRef | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "prefix", _canon("prefix", self.prefix))
        if self.origin is not None:
            _check_ref("origin", self.origin)


@dataclass(frozen=True)
class Announce:
    """``origin`` announces ``prefix`` too, e.g. the victim of a hijack announcing the same
    more-specific back (as YouTube did in February 2008)."""

    origin: ASRef
    prefix: str

    def __post_init__(self) -> None:
        _check_ref("origin", self.origin)
        object.__setattr__(self, "prefix", _canon("prefix", self.prefix))


@dataclass(frozen=True)
class Hijack:
    """``hijacker`` announces ``prefix``, address space it does not hold: the same prefix as
    the victim (a competing origin) or a more specific one inside it, as Pakistan Telecom
    announced a /24 inside YouTube's /22 in February 2008."""

    hijacker: ASRef
    prefix: str

    def __post_init__(self) -> None:
        _check_ref("hijacker", self.hijacker)
        object.__setattr__(self, "prefix", _canon("prefix", self.prefix))


@dataclass(frozen=True)
class Leak:
    """``leaker`` passes its route for ``prefix`` (every prefix if None), learned from a
    provider or a peer, on to its providers and peers, which take it as a customer route
    (path: the leaker, then its own path), as a small customer of Verizon did in June 2019."""

    leaker: ASRef
    prefix: str | None = None

    def __post_init__(self) -> None:
        _check_ref("leaker", self.leaker)
        if self.prefix is not None:
            object.__setattr__(self, "prefix", _canon("prefix", self.prefix))


@dataclass(frozen=True)
class ROA:
    """A route origin authorisation: ``asn`` may originate ``prefix`` and more-specifics of it
    up to ``max_length`` (default: the prefix's own length, no more-specifics)."""

    prefix: str
    asn: int
    max_length: int | None = None

    def __post_init__(self) -> None:
        net = parse_prefix("prefix", self.prefix)
        object.__setattr__(self, "prefix", str(net))
        if isinstance(self.asn, bool) or not isinstance(self.asn, int) or self.asn <= 0:
            raise ValueError(f"asn: got {self.asn!r}; allowed: an ASN (a whole number > 0)")
        m = self.max_length
        if m is not None and (
            isinstance(m, bool)
            or not isinstance(m, int)
            or not net.prefixlen <= m <= net.max_prefixlen
        ):
            raise ValueError(
                f"max_length: got {m!r}; allowed: a whole number from {net.prefixlen} "
                f"(the prefix's length) to {net.max_prefixlen}"
            )


@dataclass(frozen=True)
class OriginValidation:
    """Route origin validation: the ``adopters`` drop announcements whose origin is invalid
    for a prefix covered by a ROA (another origin, or more specific than ``max_length``).
    ``roas`` default to one ROA per registered prefix, for its holder, with no more-specifics."""

    adopters: tuple[ASRef, ...]
    roas: tuple[ROA, ...] | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "adopters", _refs("adopters", self.adopters))
        if self.roas is not None:
            roas = tuple(self.roas) if not isinstance(self.roas, ROA) else (self.roas,)
            for r in roas:
                if not isinstance(r, ROA):
                    raise ValueError(f"roas: got {r!r}; allowed: ROA(prefix, asn, max_length)")
            object.__setattr__(self, "roas", roas)


@dataclass(frozen=True)
class RouteFilter:
    """The ``ases`` accept from a customer or a peer only prefixes registered to that
    neighbour or to an AS in its customer cone (IRR-style filters): a leak or a hijack stops at
    the first filtering AS."""

    ases: tuple[ASRef, ...]

    def __post_init__(self) -> None:
        object.__setattr__(self, "ases", _refs("ases", self.ases))


def _refs(field: str, value: object) -> tuple[ASRef, ...]:
    if isinstance(value, int | str):
        value = (value,)
    if not isinstance(value, Iterable):
        raise ValueError(f"{field}: got {short(value)}; allowed: a list of ASNs or AS names")
    out = tuple(value)
    for v in out:
        _check_ref(field, v)
    return out


Event = Withdraw | Announce | Hijack | Leak
RoutePolicy = OriginValidation | RouteFilter
