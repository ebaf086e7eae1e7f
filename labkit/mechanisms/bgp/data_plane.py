"""The data plane: where every AS's packets for a destination end up (:func:`reach`), and why,
in one sentence per AS.

Packets are forwarded hop by hop. Every AS looks up the destination in its own routes and
sends the packet to the next hop of the most specific prefix it has a route for (longest-prefix
match); the next AS does the same with *its* routes, which may be more specific. A packet ends
where it enters a network that holds the destination (it is delivered inside), at a hijacker
that announced a prefix covering it, at an AS with no route (dropped), or never (a forwarding
loop). For one destination the next hops form a functional graph (one next hop per AS), so
the outcome of every AS is resolved once, in time linear in the number of ASes.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from ...tables import to_pandas
from .events import Event, RoutePolicy
from .graph import ASGraph, ASRef
from .prefixes import Key, covers, format_prefix, parse_prefix, prefix_bits, prefix_key, supernets
from .propagate import CUSTOMER, LEARNED, ORIGIN, PEER, PROVIDER, Run
from .scenario_setup import ScenarioSetup

__all__ = ["OUTCOMES", "ASOutcome", "Forwarding", "Reachability", "forward", "reach"]

#: Where an AS's packets for a destination end up, from best to worst.
OUTCOMES = ("origin", "via-leak", "hijacker", "loop", "none")
_VISITING = "visiting"  # forward(): on the path being walked
_NO_HOP = "no next hop"  # forward(): where a next hop of -1 leads

_ARROW = " → "


def path_names(graph: ASGraph, path: tuple[int, ...] | list[int]) -> str:
    """An AS path as names with numbers, e.g. "isp-chicago (AS64601) → transit-north-america
    (AS64510)"; an AS named only by its number ("AS7", "as7") shows as "AS7".

    >>> from labkit.mechanisms.bgp import toy_as_graph
    >>> path_names(toy_as_graph(), (64601, 64510, 64500))
    'isp-chicago (AS64601) → transit-north-america (AS64510) → atlas (AS64500)'
    """
    out = []
    for asn in path:
        a = graph.ases.get(asn)
        named = a is not None and a.name.lower() != f"as{asn}"
        out.append(f"{a.name} (AS{asn})" if named else f"AS{asn}")  # type: ignore[union-attr]
    return _ARROW.join(out)


@dataclass(frozen=True)
class ASOutcome:
    """Where ``asn``'s packets for the destination go: ``outcome`` is "origin" (the rightful
    holder), "via-leak" (the holder, but through a leaked route), "hijacker", "loop" (they
    circle between ASes for ever) or "none" (no route, or dropped on the way); ``path`` is
    the forwarding path, hop by hop (a loop ends with the first AS seen twice), ``origin``
    the AS they end at, ``prefix`` the prefix of the route that takes them there on the last
    hop, and ``learned_from`` where ``asn`` learned the route it forwards them on."""

    asn: int
    name: str
    kind: str
    city: str | None
    outcome: str
    origin: int | None
    prefix: str | None
    path: tuple[int, ...]
    learned_from: str


class Reachability:
    """Per AS: where its packets for ``destination`` end up, and why (the data plane)."""

    def __init__(self, setup: ScenarioSetup, dest: Key, runs: list[Run], legit: set[int]) -> None:
        self.graph = setup.g
        self.destination = format_prefix(dest) if dest[2] < prefix_bits(dest[0]) else _addr(dest)
        self.legit = tuple(sorted(legit))
        self._setup, self._dest, self._runs = setup, dest, runs  # most specific first
        g = self.graph
        n = len(g)
        idx = g._idx
        # each AS's longest-prefix match: the most specific run it has a route in, and the
        # next hop of that route (-1 where the route starts: its origin or a pinned seed)
        choice = [-1] * n
        nxt = [-1] * n
        for r, run in enumerate(runs):
            ln, nh = run.ln, run.nh
            for i in range(n):
                if choice[i] < 0 and ln[i]:
                    choice[i] = r
                    nxt[i] = nh[i]
        stop: list[str | None] = ["none" if c < 0 else None for c in choice]
        leaky: list[int] = []  # ASes forwarding on a route that came through a leaker
        for r, run in enumerate(runs):
            for k, seed in enumerate(run.seeds):
                i = seed.node
                if choice[i] == r and run.sd[i] == k and run.nh[i] < 0:
                    if len(seed.path) > 1:  # a leaker, or an AS pinned on a leaked path
                        nxt[i] = idx[seed.path[1]]
                    elif seed.origin not in legit:
                        stop[i] = "hijacker"
            if any(seed.leak for seed in run.seeds):
                seeds, sd = run.seeds, run.sd
                leaky += (
                    i
                    for i in range(n)
                    if choice[i] == r and seeds[sd[i]].leak and seeds[sd[i]].node != i
                )
        for asn in legit:  # a packet entering the holder's network is delivered inside it
            stop[idx[asn]] = "origin"
        self._choice, self._next = choice, nxt
        self._fwd = forward(nxt, stop, leaky)

    def _outcome_of(self, run: Run, i: int) -> str:
        """The outcome of ``i``'s own route in ``run`` (control plane: where the route ends)."""
        seed = run.seeds[run.sd[i]]
        if seed.origin not in self.legit:
            return "hijacker"
        if seed.leak and seed.node != i:
            return "via-leak"
        return "origin"

    def _route(self, i: int) -> tuple[int, ...]:
        """The forwarding path of ``i`` (ASNs), hop by hop."""
        return tuple(self.graph._asns[k] for k in self._fwd.path(i))

    def row(self, ref: ASRef) -> ASOutcome:
        g = self.graph
        asn = g.asn(ref)
        i = g._idx[asn]
        a = g.ases[asn]
        outcome = self._fwd.outcome(i)
        if asn in self.legit:  # a network reaches its own addresses inside, whatever BGP says
            return ASOutcome(
                asn, a.name, a.kind, a.city, outcome, asn, self.destination, (asn,), "origin"
            )
        path = self._route(i)
        if not path:
            return ASOutcome(asn, a.name, a.kind, a.city, outcome, None, None, (), "none")
        run = self._runs[self._choice[i]]
        end = path[-1] if outcome in ("origin", "via-leak", "hijacker") else None
        last = g._idx[path[-2]] if len(path) > 1 else i  # the AS making the last hop
        prefix = format_prefix(self._runs[self._choice[last]].key)
        return ASOutcome(
            asn, a.name, a.kind, a.city, outcome, end, prefix, path, LEARNED[run.cl[i]]
        )

    def outcome(self, ref: ASRef) -> str:
        return self.row(ref).outcome

    def path(self, ref: ASRef) -> tuple[int, ...]:
        return self.row(ref).path

    def rows(self) -> list[ASOutcome]:
        """A tidy table: one row per AS."""
        return [self.row(a) for a in self.graph._asns]

    def to_pandas(self) -> Any:
        """:meth:`rows` as a pandas DataFrame (pandas is optional)."""
        return to_pandas(self.rows())

    def counts(self) -> dict[str, int]:
        """Outcome → number of ASes."""
        return self._fwd.counts()

    def by_city(self) -> dict[str, str]:
        """City → outcome for its eyeball ISP (the worst one if a city has several)."""
        worst = {o: k for k, o in enumerate(OUTCOMES)}
        out: dict[str, str] = {}
        for city, asns in self.graph.eyeballs().items():
            out[city] = max((self.outcome(a) for a in asns), key=worst.__getitem__)
        return out

    def summary(self) -> str:
        c = self.counts()
        who = ", ".join(self.graph.label(a) for a in self.legit) or "nobody"

        def reach(count: int) -> str:  # "1 reaches", "2 reach"
            return f"{count} reaches" if count == 1 else f"{count} reach"

        parts = [f"{reach(c['origin'])} the origin {who}"]
        if c["via-leak"]:
            parts.append(f"{reach(c['via-leak'])} it through a leak")
        if c["hijacker"]:
            parts.append(f"{reach(c['hijacker'])} a hijacker")
        if c["loop"]:
            parts.append(f"{c['loop']} {'loops' if c['loop'] == 1 else 'loop'}")
        parts.append(f"{reach(c['none'])} nothing")
        return f"{self.destination}, {len(self.graph)} ASes: " + ", ".join(parts)

    def __repr__(self) -> str:
        return f"Reachability({self.summary()})"

    # --- why ------------------------------------------------------------------------------
    def _offer_outcome(self, run: Run, k: int, to_customer: bool) -> str:
        seed = run.offered_seed(k, to_customer)
        if seed.origin not in self.legit:
            return "hijacker"
        return "via-leak" if seed.leak else "origin"

    def _offers(self, run: Run, i: int) -> list[tuple[tuple[int, int, int], str, str | None]]:
        """Routes ``i``'s neighbours offer it, best first: ((class, length, neighbour ASN),
        outcome, why ``i`` drops it or None)."""
        g, pol = self.graph, run.pol
        me = g._asns[i]
        out = []
        for cls, nbrs in ((CUSTOMER, g._cust[i]), (PEER, g._peer[i]), (PROVIDER, g._prov[i])):
            for k in nbrs:
                if not run.ln[k] or (cls != PROVIDER and not run.exports_to_all(k)):
                    continue
                if me in run.path(k):  # loop prevention
                    continue
                seed = run.offered_seed(k, cls == PROVIDER)
                dropped = None
                if pol.rov is not None and pol.rov[i] and run.bad[run.seeds.index(seed)]:
                    dropped = "RPKI-invalid"
                elif cls != PROVIDER and pol.filt is not None and pol.filt[i] and not run.ok[k]:  # type: ignore[index]
                    dropped = "not registered to that neighbour: filtered"
                rank = (cls, run.ln[k] + 1, g._asns[k])
                out.append((rank, self._offer_outcome(run, k, cls == PROVIDER), dropped))
        return sorted(out)

    def why(self, ref: ASRef) -> str:
        """Why ``ref``'s packets for the destination go where they go, in one sentence.

        >>> from labkit.mechanisms.bgp import Hijack, toy_as_graph
        >>> g = toy_as_graph()
        >>> hijack = Hijack("natel", "10.50.0.0/22")
        >>> print(reach(g, "10.50.0.0/22", [hijack]).why("isp-sydney"))
        AS64611 (isp-sydney) reaches the hijacker AS64999 (natel) via isp-sydney (AS64611) →
        transit-oceania (AS64515) → transit-asia (AS64514) → natel (AS64999) because no other
        route reaches it: upstream, AS64515 (transit-oceania) chose it, as both were learned
        from a provider, and this path is shorter: 3 ASes against 4 via AS64500 (atlas)
        """
        g = self.graph
        row = self.row(ref)
        i = g._idx[row.asn]
        me = g.label(row.asn)
        via = path_names(g, row.path)
        if row.outcome == "none" and not row.path:
            return f"{me} has no route to {self.destination}: {self._why_none(i)}"
        if row.outcome == "none":
            return (
                f"{me} forwards its packets for {self.destination} along {via}, but "
                f"{g.label(row.path[-1])} has no route for it and drops them"
            )
        if row.outcome == "loop":
            return (
                f"{me}'s packets for {self.destination} never arrive: they loop along {via} "
                "(each AS sends them on along its own most specific route, and those routes "
                "lead back to an AS they already crossed)"
            )
        if row.asn in self.legit:
            return f"{me} holds {self.destination} and reaches it inside its own network"
        run = self._runs[self._choice[i]]
        if run.cl[i] == ORIGIN:
            return f"{me} is the origin of {row.prefix} itself"
        if row.outcome == "hijacker":
            head = f"{me} reaches the hijacker {g.label(row.origin)} via {via}"  # type: ignore[arg-type]
        elif row.outcome == "via-leak":
            leaker = self._leaker(row.path)
            head = (
                f"{me} reaches the origin {g.label(row.origin)} through the leaker "  # type: ignore[arg-type]
                f"{g.label(g._asns[leaker])} via {via}"
            )
        else:
            head = f"{me} reaches the origin {g.label(row.origin)} via {via}"  # type: ignore[arg-type]
        own = run.path(i)
        if own != row.path:  # the packets leave the route this AS chose, further on
            return f"{head} {self._why_forwarded(run, i, row, own)}"
        return f"{head} {self._why_chosen(run, i, row)}"

    def _leaker(self, path: tuple[int, ...]) -> int:
        """The leaker behind the first hop of ``path`` taken on a leaked route."""
        for asn in path:
            k = self.graph._idx[asn]
            run = self._runs[self._choice[k]]
            seed = run.seeds[run.sd[k]]
            if seed.leak and seed.node != k:
                return seed.node
        raise AssertionError(f"no leaked route on {path}")  # pragma: no cover

    def _why_forwarded(self, run: Run, i: int, row: ASOutcome, own: tuple[int, ...]) -> str:
        """Why the packets leave the path of ``i``'s own route: an AS on the way holds the
        destination, or has a more specific route (longest-prefix match there)."""
        g, path = self.graph, row.path
        mine = f"its own route, for {format_prefix(run.key)}, is {path_names(g, own)}"
        notes = []
        for j in range(1, len(path)):
            asn = path[j]
            k = g._idx[asn]
            if asn in self.legit:
                notes.append(
                    f"because {mine}, but it enters {g.label(asn)}, which holds "
                    f"{self.destination} and delivers the packets inside its own network"
                )
                break
            if self._choice[k] != self._choice[i]:
                other = self._runs[self._choice[k]]
                if j == len(path) - 1:  # it announces the more specific itself
                    there = f"{g.label(asn)} announces the more specific {format_prefix(other.key)}"
                    notes.append(f"because {mine}, but {there} itself and keeps the packets")
                else:
                    notes.append(
                        f"because {mine}, but at {g.label(asn)} longest-prefix match picks the "
                        f"more specific {format_prefix(other.key)}, learned from its "
                        f"{LEARNED[other.cl[k]]} {g.label(path[j + 1])}"
                    )
                notes += self._missing(i, self._choice[i], first=k if j == 1 else None)
                break
        return "; ".join(notes)

    def _missing(self, i: int, r: int, first: int | None = None) -> list[str]:
        """Why ``i`` has no route for the prefixes more specific than run ``r``'s; ``first``:
        its next hop, if that has one of them."""
        g = self.graph
        notes = []
        for other in self._runs[:r]:
            drops = sorted({d for _, _, d in self._offers(other, i) if d})
            if drops:
                notes.append(f"it drops the more specific {format_prefix(other.key)} ({drops[0]})")
            elif first is not None and other.ln[first] and not other.exports_to_all(first):
                notes.append(
                    f"{g.label(g._asns[first])} does not pass the {format_prefix(other.key)} "
                    f"on to it (it learned it from a {LEARNED[other.cl[first]]}, and passes "
                    "such routes only to its customers)"
                )
            else:
                notes.append(f"the more specific {format_prefix(other.key)} does not reach it")
        return notes

    def _why_chosen(self, run: Run, i: int, row: ASOutcome) -> str:
        g = self.graph
        r = self._choice[i]
        for other in self._runs[r + 1 :]:  # longest-prefix match beat a less specific route
            if other.ln[i] and self._outcome_of(other, i) != row.outcome:
                return (
                    f"because a /{run.key[2]} is more specific than the /{other.key[2]} "
                    "(packets follow the most specific route)"
                )
        chosen = (run.cl[i], run.ln[i], row.path[1])
        offers = self._offers(run, i)
        rivals = [rank for rank, outcome, d in offers if outcome != row.outcome and not d]
        dropped = [(rank, d) for rank, outcome, d in offers if outcome != row.outcome and d]
        if run.is_leaker(i):
            reason = f"(learned from its {LEARNED[run.cl[i]]} {g.label(row.path[1])})"
        elif rivals:
            reason = "because " + _compare(g, chosen, rivals[0])
        elif dropped:
            (_, _, nbr), d = dropped[0]
            reason = f"because it drops the competing route from {g.label(nbr)} ({d})"
        elif (up := self._upstream(run, row)) or row.outcome != "origin":
            reason = "because no other route reaches it" + (f": {up}" if up else "")
        else:
            reason = f"(learned from its {LEARNED[run.cl[i]]} {g.label(row.path[1])})"
        notes = [reason, *self._missing(i, r)]  # more specific prefixes it has no route for
        return "; ".join(notes)

    def _upstream(self, run: Run, row: ASOutcome) -> str:
        """Where along the path the choice was made: the leaker, or the first AS that heard a
        competing route ("" if none did)."""
        g = self.graph
        path = row.path
        for j in range(1, len(path) - 1):
            k = g._idx[path[j]]
            if run.is_leaker(k):
                to = g.rel(path[j], path[j - 1])
                return (
                    f"{g.label(path[j])} leaked it (a route learned from its "
                    f"{LEARNED[run.cl[k]]} {g.label(path[j + 1])}) to its {to} "
                    f"{g.label(path[j - 1])}"
                )
            if run.nh[k] < 0:
                break
            mine = self._outcome_of(run, k)
            rivals = [rank for rank, out, d in self._offers(run, k) if out != mine and not d]
            if rivals:
                chosen = (run.cl[k], run.ln[k], path[j + 1])
                return f"upstream, {g.label(path[j])} chose it, as " + _compare(
                    g, chosen, rivals[0]
                )
        return ""

    def _why_none(self, i: int) -> str:
        g, setup = self.graph, self._setup
        if not self._runs:
            gone = [
                f"{g.label(a)} withdrew {format_prefix(k)}"
                for k in sorted(setup.withdrawn)
                if covers(k, self._dest) or covers(self._dest, k)
                for a in sorted(setup.withdrawn[k])
            ]
            if gone:
                return f"nobody announces a prefix covering it any more ({', '.join(gone)})"
            return "nobody announces a prefix covering it"
        drops = sorted({d for run in self._runs for _, _, d in self._offers(run, i) if d})
        if drops:
            return f"it drops every announcement it hears ({'; '.join(drops)})"
        return (
            "no neighbour passes it a route (routes learned from a peer or a provider go only "
            "to customers)"
        )


@dataclass(frozen=True)
class Forwarding:
    """Where packets for one destination end, for every AS of a forwarding table (the result
    of :func:`forward`). ASes are numbered 0 to n-1.

    Attributes
    ----------
    next_hop : list of int
        The AS each AS sends the packets to (ignored where it stops them).
    halts : list of str or None
        Per AS, how it stops packets itself ("origin", "hijacker" or "none"), or None if it
        forwards them.
    stop : list of str
        Per AS, how its packets end: "origin" (delivered by a holder of the destination),
        "hijacker", "none" (dropped: an AS on the way has no route) or "loop".
    via_leak : list of bool
        Per AS, whether its packets cross a hop on a leaked route.
    """

    next_hop: list[int]
    halts: list[str | None]
    stop: list[str]
    via_leak: list[bool]

    def outcome(self, i: int) -> str:
        """The outcome (one of :data:`OUTCOMES`) of AS ``i``'s packets."""
        o = self.stop[i]
        return "via-leak" if o == "origin" and self.via_leak[i] else o

    def path(self, i: int) -> list[int]:
        """The ASes a packet from ``i`` crosses, ``i`` first: to the AS where it stops, or to
        the first AS it reaches a second time (a loop); empty if ``i`` has no route itself."""
        halts, nxt = self.halts, self.next_hop
        if halts[i] is not None:
            return [] if halts[i] == "none" else [i]
        out, seen = [i], {i}
        while halts[i] is None:
            i = nxt[i]
            out.append(i)
            if i in seen:
                break
            seen.add(i)
        return out

    def end(self, i: int) -> int:
        """The AS where ``i``'s packets stop (-1 if they loop)."""
        return -1 if self.stop[i] == "loop" else ([i, *self.path(i)])[-1]

    def counts(self) -> dict[str, int]:
        """Outcome → number of ASes."""
        out = dict.fromkeys(OUTCOMES, 0)
        for o, v in zip(self.stop, self.via_leak, strict=True):
            out["via-leak" if v and o == "origin" else o] += 1
        return out


def forward(
    next_hop: Sequence[int], stop: Sequence[str | None], leaky: Iterable[int] = ()
) -> Forwarding:
    """Follow a forwarding table for one destination from every AS: where do its packets end?

    Each AS either stops the packets (``stop`` says how) or sends them to ``next_hop``. The
    next hops form a functional graph, so every AS is visited once: a walk stops at an AS
    whose end is already known and passes that end back along the walk (linear time). A walk
    that reaches an AS it is still walking from has found a forwarding loop.

    Parameters
    ----------
    next_hop : sequence of int
        Per AS (numbered 0 to n-1), the AS it forwards the packets to (-1 where it stops them).
    stop : sequence of str or None
        Per AS, None if it forwards the packets, or where they end there: "origin" (it holds
        the destination), "hijacker" (it announced a prefix covering it) or "none" (it has
        no route: dropped).
    leaky : iterable of int
        The ASes that forward on a route that came through a leaker.

    Returns
    -------
    Forwarding
        Per AS: how its packets end (``stop``, with "loop" for a loop), the path there, and
        whether they crossed a leaked route.

    Raises
    ------
    ValueError
        If the table's lengths differ, or an AS that forwards has no next hop in the table.

    Examples
    --------
    AS0 forwards to AS1, which holds the destination; AS2 and AS3 send packets to each other;
    AS4 forwards into that loop:

    >>> f = forward([1, -1, 3, 2, 2], [None, "origin", None, None, None])
    >>> [f.outcome(i) for i in range(5)]
    ['origin', 'origin', 'loop', 'loop', 'loop']
    >>> f.path(4)
    [4, 2, 3, 2]
    """
    n = len(next_hop)
    nxt = list(next_hop)
    if len(stop) != n:
        raise ValueError(f"stop: got {len(stop)} entries; allowed: one per AS ({n})")
    if nxt and not -1 <= min(nxt) <= max(nxt) < n:
        raise ValueError(f"next_hop: allowed: an AS from 0 to {n - 1}, or -1 where it stops")
    out: list[str | None] = [*stop, _NO_HOP]  # a next hop of -1 leads to out[-1]
    hop = [False] * n
    leaks = False
    for i in leaky:
        hop[i] = leaks = True
    via = [False] * (n + 1)
    for s in range(n):
        if out[s] is not None:
            continue
        walk = [s]
        out[s] = _VISITING
        i = nxt[s]
        while out[i] is None:
            out[i] = _VISITING
            walk.append(i)
            i = nxt[i]
        o = out[i]
        v = via[i]
        if o is _VISITING:
            o, v = "loop", False
        elif o is _NO_HOP:
            raise ValueError(f"next_hop: AS {walk[-1]} forwards to -1; allowed: an AS from 0 to "
                             f"{n - 1} (or a stop for AS {walk[-1]})")  # fmt: skip
        if leaks:
            for j in reversed(walk):
                v = v or hop[j]
                out[j], via[j] = o, v
        else:
            for j in walk:
                out[j] = o
    out.pop()
    via.pop()
    return Forwarding(nxt, list(stop), out, via)  # type: ignore[arg-type]


def _addr(key: Key) -> str:
    v, a, _ = key
    return str(ipaddress.IPv4Address(a) if v == 4 else ipaddress.IPv6Address(a))


def _compare(g: ASGraph, chosen: tuple[int, int, int], other: tuple[int, int, int]) -> str:
    c1, l1, n1 = chosen
    c2, l2, n2 = other
    if c1 != c2:
        longer = f", even though it is longer ({l1} ASes against {l2})" if l1 > l2 else ""
        return (
            f"a route learned from a {LEARNED[c1]} beats one learned from a {LEARNED[c2]} "
            f"({g.label(n2)}){longer}: customer > peer > provider"
        )
    if l1 != l2:
        return (
            f"both were learned from a {LEARNED[c1]}, and this path is shorter: {l1} ASes "
            f"against {l2} via {g.label(n2)}"
        )
    return (
        f"both were learned from a {LEARNED[c1]} with {l1}-AS paths, and the tie goes to the "
        f"neighbour with the lower ASN: {n1} < {n2}"
    )


def reach(
    graph: ASGraph,
    destination: str | ASRef,
    events: Iterable[Event] = (),
    mitigations: Iterable[RoutePolicy] = (),
) -> Reachability:
    """Where every AS's packets for ``destination`` go, after ``events`` and with
    ``mitigations``. ``destination`` is an address, a prefix (then the most specific
    announcement inside or covering it that an AS hears decides: at least part of the prefix
    goes there) or an AS (its first prefix). Every announced prefix covering it competes;
    the most specific one an AS has a route for wins (longest-prefix match).

    >>> from labkit.mechanisms.bgp import Withdraw, toy_as_graph
    >>> g = toy_as_graph()
    >>> gone = reach(g, "198.51.100.53", [Withdraw("198.51.100.0/24")])
    >>> gone.counts()["none"] == len(g) - 1  # all but friendbook, inside its own network
    True
    >>> print(gone.why("isp-lagos"))
    AS64607 (isp-lagos) has no route to 198.51.100.53: nobody announces a prefix covering it any
    more (AS64550 (friendbook) withdrew 198.51.100.0/24)
    """
    setup = ScenarioSetup(graph, events, mitigations)
    dest = _destination(graph, destination)
    legit = setup.legit(dest)
    if not legit:
        raise ValueError(
            f"destination: {format_prefix(dest)} is not inside any registered prefix; allowed: an "
            "address or prefix inside one of graph.prefixes(), or an AS name"
        )
    keys = {k for k in supernets(dest) if setup.known(k)}
    keys.update(graph._registered_inside(dest))
    keys.update(k for k in setup.added if covers(dest, k))
    runs = [setup.run(k, strict_leaks=False) for k in sorted(keys, key=lambda k: -k[2])]
    runs = [r for r in runs if r.seeds]
    return Reachability(setup, dest, runs, legit)


def _destination(g: ASGraph, destination: object) -> Key:
    if isinstance(destination, str):
        try:
            net = ipaddress.ip_network(destination.strip(), strict=False)
        except ValueError:
            net = None
        if net is not None:
            if "/" in destination:
                parse_prefix("destination", destination)  # host bits set: say so
            return (net.version, int(net.network_address), net.prefixlen)
    if isinstance(destination, int | str) and not isinstance(destination, bool):
        a = g.ases[g.asn(destination, "destination")]
        if not a.prefixes:
            raise ValueError(
                f"destination: {a.label} originates no prefix; allowed: an address, a prefix, "
                "or an AS with prefixes"
            )
        return prefix_key("destination", a.prefixes[0])
    raise ValueError(
        f"destination: got {destination!r}; allowed: an address like '203.0.113.7', a prefix "
        "like '203.0.113.0/24', or an AS name"
    )
