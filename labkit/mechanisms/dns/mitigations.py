"""The DNS mitigations: resolvers that serve stale answers (RFC 8767, a setting of the
recursive resolvers' operators) and a secondary DNS provider (a choice of a name's owner)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace

from ...catalogue import Kind
from ...internet import Internet
from ...scenario import EngineOptions, Mitigation
from .checks import MAX_TTL, check_label, check_whole
from .toy import toy_dns
from .world import DNSWorld

__all__ = ["DEFAULT_MAX_STALE", "SecondaryDNS", "ServeStale"]

DEFAULT_MAX_STALE = 86_400  # RFC 8767 §5 suggests 1 to 3 days


@dataclass(frozen=True)
class ServeStale(Mitigation):
    """Recursive resolvers serve expired answers while the authoritative servers cannot be
    reached, for up to ``max_stale`` seconds past expiry (RFC 8767). No help against an emptied
    record.

    Serve-stale is a setting of the **resolvers' operators** (ISPs, public resolvers, clouds),
    not something the owner of an app or a name can buy or switch on: RFC 8767 describes it as
    a behaviour of recursive resolvers. Here it is an internet-wide resolver setting: with it,
    every resolver of the world serves stale. Use it to ask "what if resolvers did this?", not
    as a line of an app's design (its price in the chaos lab stands for lobbying, or for
    running one's own resolvers with it on).

    Parameters
    ----------
    max_stale : int, default 86400
        Seconds past expiry an answer may still be served, 1 to 604800 (7 days).

    Raises
    ------
    ValueError
        If ``max_stale`` is not a whole number of seconds in range.

    Examples
    --------
    >>> ServeStale().tune(EngineOptions()).dns_max_stale
    86400
    >>> import labkit
    >>> net = labkit.build_internet(seed=0)
    >>> failures = [labkit.AuthoritativeOutage("quickdns", "11:10", "13:20")]
    >>> t = labkit.simulate(net, labkit.Scenario(failures, [ServeStale()]))
    >>> t.state("shopfast", "12:00")
    'ok'
    >>> ServeStale(max_stale=0)
    Traceback (most recent call last):
    ...
    ValueError: max_stale: got 0; allowed: whole seconds from 1 to 604800
    """

    max_stale: int = DEFAULT_MAX_STALE

    def __post_init__(self) -> None:
        check_whole("max_stale", self.max_stale, 1, MAX_TTL, f"whole seconds from 1 to {MAX_TTL}")

    def tune(self, options: EngineOptions) -> EngineOptions:
        return replace(options, dns_serve_stale=True, dns_max_stale=self.max_stale)


#: The suffix of the services' names (the default names of :class:`SecondaryDNS`).
SERVICE_SUFFIX = ".example"


@dataclass(frozen=True)
class SecondaryDNS(Mitigation):
    """The named records are also served by a second, independent DNS provider, as many
    companies did after the DDoS on Dyn (21 Oct 2016). Resolvers that get no answer from a
    name's primary provider ask the secondary, so a lookup fails only when BOTH fail it.

    Parameters
    ----------
    names : list of str, optional
        The names to serve twice (default: every service name, ``*.example``; not the clouds'
        endpoints).
    provider : str, optional
        The secondary (default: for each name, another managed DNS provider of the world than
        its own, i.e. one hosting service names: quickdns ↔ steadydns).

    Raises
    ------
    ValueError
        If ``names`` is a single string, empty or not a list, a name or ``provider`` has
        spaces; in :func:`labkit.simulate`, if a name or ``provider`` is unknown in the world's
        DNS, or no other managed provider exists for a name.

    Notes
    -----
    Model choices:

    - **Per-attempt draws.** While a provider loses a share ``p`` of attempts, a resolver's
      lookup fails there when all its ``1 + retries`` attempts are lost, each drawn on its own
      (:func:`~labkit.mechanisms.dns.luck.lookup_fails`); at the secondary its attempts have
      their own, independent draws. The lookup fails only when it fails at both: a DDoS on one
      provider alone fails no lookup of a name that has a healthy secondary.
    - **The secondary's load.** Its normal load grows by the names it now serves, counted in
      full (:meth:`DNSWorld.normal_load`): when a primary fails, all of its resolvers' queries
      come to the secondary. Its capacity is unchanged. In the toy world that fits: steadydns
      then gets 17 + 68.85 queries/min for a capacity of 100, quickdns 68.85 + 17 for 300.
    - **TTL unchanged**: both providers serve the same zone data, with the same TTLs.
    - **No help against an emptied or wrong record** (:class:`RecordEmpty`,
      :class:`RecordWrong`): the secondary serves the same zone data, so it answers "empty"
      (or the wrong address) too. Nor against a resolver outage.

    It acts where the DNS world is built: :meth:`tune` lists it in the engine options'
    ``dns_world_changes``, and :func:`~labkit.mechanisms.dns.hits` applies :meth:`on` to the
    toy DNS world of the run.

    Examples
    --------
    >>> from labkit.mechanisms.dns import toy_dns
    >>> w = SecondaryDNS().on(toy_dns())
    >>> w.records["shopfast.example"].secondary, w.records["paywave.example"].secondary
    ('steadydns', 'quickdns')
    >>> w.records["db.us-east.nimbus"].secondary is None
    True
    >>> SecondaryDNS(names="shopfast.example")
    Traceback (most recent call last):
    ...
    ValueError: names: got 'shopfast.example', a single string; allowed: a list of names such ...
    >>> import labkit
    >>> net = labkit.build_internet(seed=0)
    >>> failures = [labkit.AuthoritativeDDoS("quickdns", "11:10", "13:20")]
    >>> t = labkit.simulate(net, labkit.Scenario(failures, [SecondaryDNS()]))
    >>> t.state("shopfast", "12:00")
    'ok'
    """

    names: tuple[str, ...] | None = None
    provider: str | None = None

    def __post_init__(self) -> None:
        names = self.names
        if names is not None:
            if isinstance(names, str):
                raise ValueError(
                    f"names: got {names!r}, a single string; allowed: a list of names such as "
                    f"[{names!r}], or None for every service name"
                )
            if not isinstance(names, Iterable) or not (names := tuple(names)):
                raise ValueError(
                    f"names: got {self.names!r}; allowed: a list of names such as "
                    "['shopfast.example'], or None for every service name"
                )
            for n in names:
                check_label("names", n, "'shopfast.example'")
            object.__setattr__(self, "names", names)
        if self.provider is not None:
            check_label("provider", self.provider, "'steadydns'")

    def validate(self, internet: Internet) -> None:
        """Check names and provider against the toy internet's DNS (raises ValueError)."""
        self.on(toy_dns(internet))

    def tune(self, options: EngineOptions) -> EngineOptions:
        return replace(options, dns_world_changes=(*options.dns_world_changes, self))

    def on(self, world: DNSWorld) -> DNSWorld:
        """``world`` with the secondary provider of each named record set."""
        if self.provider is not None:
            world.check_provider(self.provider)
        names = (
            [world.check_name(n, "names") for n in self.names]
            if self.names is not None
            else [n for n in world.records if n.endswith(SERVICE_SUFFIX)]
        )
        managed = sorted(
            {r.provider for r in world.records.values() if r.name.endswith(SERVICE_SUFFIX)}
        )
        chosen: dict[str, list[str]] = {}
        for n in names:
            own = world.records[n].provider
            if self.provider is not None:
                sec = self.provider
            else:
                others = [p for p in managed if p != own]
                if not others:
                    raise ValueError(
                        f"provider: got None, but no managed DNS provider other than {own!r} "
                        f"serves {n}; allowed: a provider such as {sorted(world.providers)[0]!r}"
                    )
                sec = others[0]
            chosen.setdefault(sec, []).append(n)
        for sec, group in chosen.items():
            world = world.with_secondary(sec, group)
        return world


# ---- the catalogue's entries -----------------------------------------------------------------
KINDS = (
    Kind(ServeStale, "mitigation", "dns", "serve-stale",
         "resolver operators' setting: every recursive resolver serves expired answers when "
         "the authoritative servers are out (RFC 8767)", label="resolvers serve stale",
         price=5, menu=True,
         examples=lambda: (ServeStale(), ServeStale(max_stale=3600))),
    Kind(SecondaryDNS, "mitigation", "dns", "secondary-dns",
         "a second DNS provider serves the apps' names: a lookup fails only if both fail it",
         label="secondary DNS", price=10, menu=False, examples=lambda: (SecondaryDNS(),)),
)  # fmt: skip
