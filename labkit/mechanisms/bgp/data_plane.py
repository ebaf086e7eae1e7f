"""The data plane: where every AS's packets for a destination end up (:func:`reach`), following
the most specific prefix it has a route for, and why, in one sentence per AS.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from ...tables import to_pandas
from .events import Event, RoutePolicy
from .graph import ASGraph, ASRef
from .prefixes import Key, covers, format_prefix, parse_prefix, prefix_bits, prefix_key, supernets
from .propagate import CUSTOMER, LEARNED, ORIGIN, PEER, PROVIDER, Run
from .scenario_setup import ScenarioSetup

__all__ = ["OUTCOMES", "ASOutcome", "Reachability", "reach"]

#: Where an AS's packets for a destination end up.
OUTCOMES = ("origin", "via-leak", "hijacker", "none")

_ARROW = " → "


@dataclass(frozen=True)
class ASOutcome:
    """Where ``asn``'s packets for the destination go: ``outcome`` is "origin" (the rightful
    holder), "via-leak" (the holder, but through a leaked route), "hijacker" or "none";
    ``prefix`` is the announced prefix they follow and ``path`` the AS path."""

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
        choice = [-1] * n
        for r, run in enumerate(runs):
            ln = run.ln
            for i in range(n):
                if choice[i] < 0 and ln[i]:
                    choice[i] = r
        self._choice = choice

    def _outcome_of(self, run: Run, i: int) -> str:
        seed = run.seeds[run.sd[i]]
        if seed.origin not in self.legit:
            return "hijacker"
        if seed.leak and seed.node != i:
            return "via-leak"
        return "origin"

    def row(self, ref: ASRef) -> ASOutcome:
        g = self.graph
        asn = g.asn(ref)
        i = g._idx[asn]
        a = g.ases[asn]
        if asn in self.legit:  # a network reaches its own addresses inside, whatever BGP says
            return ASOutcome(
                asn, a.name, a.kind, a.city, "origin", asn, self.destination, (asn,), "origin"
            )
        r = self._choice[i]
        if r < 0:
            return ASOutcome(asn, a.name, a.kind, a.city, "none", None, None, (), "none")
        run = self._runs[r]
        path = run.path(i)
        return ASOutcome(
            asn,
            a.name,
            a.kind,
            a.city,
            self._outcome_of(run, i),
            path[-1],
            format_prefix(run.key),
            path,
            LEARNED[run.cl[i]],
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
        out = dict.fromkeys(OUTCOMES, 0)
        legit, asns = set(self.legit), self.graph._asns
        for i, r in enumerate(self._choice):
            if asns[i] in legit:  # as row(): a network reaches its own addresses inside
                out["origin"] += 1
            else:
                out["none" if r < 0 else self._outcome_of(self._runs[r], i)] += 1
        return out

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
        parts = [f"{c['origin']} reach the origin {who}"]
        if c["via-leak"]:
            parts.append(f"{c['via-leak']} reach it through a leak")
        if c["hijacker"]:
            parts.append(f"{c['hijacker']} reach a hijacker")
        parts.append(f"{c['none']} reach nothing")
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
        AS64611 (isp-sydney) reaches the hijacker AS64999 (natel) via 64611 → 64515 → 64514 →
        64999 because no other route reaches it: upstream, AS64515 (transit-oceania) chose it,
        as both were learned from a provider, and this path is shorter: 3 ASes against 4 via
        AS64500 (atlas)
        """
        g = self.graph
        row = self.row(ref)
        i = g._idx[row.asn]
        me = g.label(row.asn)
        if row.outcome == "none":
            return f"{me} has no route to {self.destination}: {self._why_none(i)}"
        if row.asn in self.legit:
            return f"{me} holds {self.destination} and reaches it inside its own network"
        run = self._runs[self._choice[i]]
        if run.cl[i] == ORIGIN:
            return f"{me} is the origin of {row.prefix} itself"
        via = _ARROW.join(map(str, row.path))
        if row.outcome == "hijacker":
            head = f"{me} reaches the hijacker {g.label(row.origin)} via {via}"  # type: ignore[arg-type]
        elif row.outcome == "via-leak":
            leaker = run.seeds[run.sd[i]].node
            head = (
                f"{me} reaches the origin {g.label(row.origin)} through the leaker "  # type: ignore[arg-type]
                f"{g.label(g._asns[leaker])} via {via}"
            )
        else:
            head = f"{me} reaches the origin {g.label(row.origin)} via {via}"  # type: ignore[arg-type]
        return f"{head} {self._why_chosen(run, i, row)}"

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
        notes = [reason]
        for other in self._runs[:r]:  # more specific prefixes it has no route for
            drops = sorted({d for _, _, d in self._offers(other, i) if d})
            if drops:
                notes.append(f"it drops the more specific {format_prefix(other.key)} ({drops[0]})")
            else:
                notes.append(f"the more specific {format_prefix(other.key)} does not reach it")
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
