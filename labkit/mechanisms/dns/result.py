"""The result of a DNS run: what every resolver answers for every name, as stretches of minutes
(:class:`DNSTimeline`), with shares of users resolving, and the hits it feeds the engine."""

from __future__ import annotations

import bisect
from dataclasses import dataclass, replace
from typing import Any

from ...clock import TimeLike, fmt_time, parse_time
from ...internet import Internet
from ...scenario import NEVER
from ...states import DOWN, Cause, Hit
from ...tables import to_pandas
from ...validate import check_choice
from .failures import DNSFailure
from .load import ProviderLoad
from .world import DNSWorld

__all__ = ["CLEAN", "RESOLVING", "STATUSES", "DNSFindings", "DNSRow", "DNSTimeline", "Span"]

STATUSES = ("answer", "stale", "wrong", "fail", "negative")
#: Statuses with which users reach the right address.
RESOLVING = frozenset({"answer", "stale"})


@dataclass(frozen=True)
class DNSRow:
    """One stretch of minutes [start, end) in which ``resolver`` gave one ``status`` for
    ``name``, with the ``reason`` in words and the ``root`` failure behind it (if any)."""

    start: int
    end: int
    resolver: str
    name: str
    status: str
    reason: str
    root: DNSFailure | None = None

    @property
    def minutes(self) -> int:
        return self.end - self.start


@dataclass(frozen=True)
class DNSFindings:
    """What one run did to one name, worked out once by :meth:`DNSTimeline.findings`.

    Minutes count from the start of the run; a resolver "loses" the name while its status is
    not in :data:`RESOLVING` (a stale answer still reaches the right address).

    Attributes
    ----------
    name : str
        The DNS name.
    resolvers : int
        How many resolvers the world has.
    minutes : int
        The length of the run (an ``all_back`` equal to it: not back before the end).
    hit : tuple of str
        The resolvers that lost the name at some moment, by id.
    users_hit : int
        Users behind those resolvers.
    stale : tuple of str
        The resolvers that served a stale answer at some moment, by id.
    first_lost : int or None
        The first minute a resolver lost the name (None: none did).
    last_lost : int or None
        The minute the last of the ``hit`` resolvers first lost it.
    all_lost : int or None
        The first minute at which no resolver resolves the name (None: never all at once).
    fixed : int or None
        When the run's failures were fixed: the latest fix before the end of the run (None:
        none is fixed by then). A run's failures may concern other names too.
    all_back : int or None
        The minute from which every resolver resolves the name again (None: never lost).
    resolver_minutes_lost : int
        Minutes during which a resolver could not resolve the name, summed over resolvers.
    order : tuple of str
        Every resolver, in the order it first stopped answering normally (a stale answer
        counts); those that never did last, by id.
    back_at : tuple of (str, int)
        Each ``hit`` resolver and the minute from which it resolves the name again, earliest
        first (ties by id).
    problem_span : tuple of (int, int) or None
        From the first minute any resolver stopped answering normally (stale included) to the
        end of the last such stretch (None: every resolver always answered normally).
    """

    name: str
    resolvers: int
    minutes: int
    hit: tuple[str, ...]
    users_hit: int
    stale: tuple[str, ...]
    first_lost: int | None
    last_lost: int | None
    all_lost: int | None
    fixed: int | None
    all_back: int | None
    resolver_minutes_lost: int
    order: tuple[str, ...]
    back_at: tuple[tuple[str, int], ...]
    problem_span: tuple[int, int] | None

    @property
    def spread(self) -> int | None:
        """Minutes from the first resolver losing the name to the last one losing it."""
        if self.first_lost is None or self.last_lost is None:
            return None
        return self.last_lost - self.first_lost

    @property
    def linger(self) -> int | None:
        """Minutes the name stays lost somewhere after the fix: ``all_back - fixed`` when every
        resolver is back before the end of the run, later than the fix (else None)."""
        if self.fixed is None or self.all_back is None or self.all_back >= self.minutes:
            return None
        return self.all_back - self.fixed if self.all_back > self.fixed else None

    @property
    def headline(self) -> str:
        """The finding in one sentence (the title of :func:`~labkit.figures.dns_expiry_figure`)."""
        if not self.hit:
            extra = f" ({len(self.stale)} served stale answers)" if self.stale else ""
            return f"every resolver still answers for {self.name}{extra}"
        text = f"{len(self.hit)} of {self.resolvers} resolvers lose {self.name}"
        if self.spread:
            text += f", staggered over {self.spread} min"
        if self.linger is not None:
            text += f"; the last is back {self.linger} min after the fix"
        return text

    def __str__(self) -> str:
        lines = [self.headline[0].upper() + self.headline[1:] + "."]
        if self.first_lost is not None and self.all_back is not None:
            times = [f"first lost at {fmt_time(self.first_lost)}"]
            if self.all_lost is not None:
                times.append(f"lost by every resolver at {fmt_time(self.all_lost)}")
            if self.fixed is not None:
                times.append(f"fixed at {fmt_time(self.fixed)}")
            if self.all_back < self.minutes:
                times.append(f"back everywhere at {fmt_time(self.all_back)}")
            else:
                times.append(f"not back everywhere by {fmt_time(self.minutes)}")
            lines.append("; ".join(times) + f" ({self.users_hit:,} users behind those hit).")
        return "\n".join(lines)

    def _repr_pretty_(self, p: Any, cycle: bool) -> None:
        p.text(str(self))


Span = tuple[int, str, str, "DNSFailure | None"]  # start, status, reason, root
CLEAN: tuple[Span, ...] = ((0, "answer", "", None),)


class DNSTimeline:
    """What every resolver answers for every name, minute by minute, stored as change points;
    built by :func:`resolve_timeline`."""

    def __init__(
        self,
        world: DNSWorld,
        events: tuple[DNSFailure, ...],
        minutes: int,
        spans: dict[tuple[str, str], tuple[Span, ...] | list[Span]],
        loads: dict[str, list[tuple[int, ProviderLoad]]],
        settings: dict[str, Any],
    ) -> None:
        self.world = world
        self.events = events
        self.minutes = minutes
        self.settings = settings
        self._spans = spans
        self._loads = loads
        self._starts: dict[tuple[str, str], list[int]] = {}

    def __repr__(self) -> str:
        what = "; ".join(e.describe() for e in self.events) or "no failure"
        return f"<DNSTimeline {len(self._spans)} resolver×name pairs, {self.minutes} min: {what}>"

    # ---- look-ups ----------------------------------------------------------------------------
    def _minute(self, t: TimeLike) -> int:
        m = parse_time("t", t)
        if m >= self.minutes:
            raise ValueError(
                f"t: got {t!r}; allowed: a minute before the end ({fmt_time(self.minutes)})"
            )
        return m

    def _span_at(self, resolver: str, name: str, m: int) -> Span:
        key = (resolver, name)
        if key not in self._spans:
            self.world.check_resolver(resolver)
            self.world.check_name(name)
        spans = self._spans[key]
        if len(spans) == 1:
            return spans[0]
        starts = self._starts.get(key)
        if starts is None:
            starts = self._starts[key] = [s[0] for s in spans]
        return spans[bisect.bisect_right(starts, m) - 1]

    def status(self, resolver: str, name: str, t: TimeLike) -> str:
        """What ``resolver`` gives its users for ``name`` at minute ``t``: one of STATUSES."""
        return self._span_at(resolver, name, self._minute(t))[1]

    def reason(self, resolver: str, name: str, t: TimeLike) -> str:
        """Why, in words ("" when it answers normally)."""
        return self._span_at(resolver, name, self._minute(t))[2]

    def resolvable(self, resolver: str, name: str, t: TimeLike) -> bool:
        """True when ``resolver``'s users reach the right address for ``name`` at ``t``."""
        return self.status(resolver, name, t) in RESOLVING

    def rows(
        self, resolver: str | None = None, name: str | None = None, *, problems: bool = False
    ) -> list[DNSRow]:
        """Stretches of constant status (optionally of one resolver and/or name; ``problems``:
        only those whose status is not "answer")."""
        if resolver is not None:
            self.world.check_resolver(resolver)
        if name is not None:
            self.world.check_name(name)
        out = []
        pairs = self._spans.items()
        key = (resolver, name)
        if key in self._spans:  # one pair: no need to go through all
            pairs = [(key, self._spans[key])]  # type: ignore[assignment]
        for (r, n), spans in pairs:
            if (resolver is None or r == resolver) and (name is None or n == name):
                for i, (start, status, reason, root) in enumerate(spans):
                    if problems and status == "answer":
                        continue
                    end = spans[i + 1][0] if i + 1 < len(spans) else self.minutes
                    out.append(DNSRow(start, end, r, n, status, reason, root))
        return out

    def to_pandas(self, problems: bool = False) -> Any:
        """The rows as a pandas DataFrame (pandas is optional; :meth:`rows` needs nothing)."""
        return to_pandas(self.rows(problems=problems))

    def change_minutes(self) -> list[int]:
        """Minutes (after 0) at which any resolver's status or reason for any name changes: the
        marks an event-driven engine must stop at."""
        return sorted({s[0] for spans in self._spans.values() for s in spans[1:]})

    def load(self, provider: str, t: TimeLike) -> ProviderLoad:
        """The load on ``provider``'s name servers at minute ``t``."""
        self.world.check_provider(provider)
        segs = self._loads[provider]
        m = self._minute(t)
        return segs[bisect.bisect_right([s for s, _ in segs], m) - 1][1]

    def findings(self, name: str) -> DNSFindings:
        """What this run did to ``name``: when the first resolver lost it, when every one had,
        when the failure was fixed, when the last resolver got it back, who was hit.

        Parameters
        ----------
        name : str
            A DNS name of the world, e.g. ``"db.us-east.nimbus"``.

        Returns
        -------
        DNSFindings
            The findings, with a sentence for learners as ``str(...)``.

        Examples
        --------
        >>> from labkit.mechanisms.dns import RecordEmpty, resolve_timeline, toy_dns
        >>> empty = RecordEmpty("db.us-east.nimbus", "06:48", "09:25")
        >>> found = resolve_timeline(toy_dns(), [empty]).findings("db.us-east.nimbus")
        >>> fmt_time(found.first_lost), fmt_time(found.fixed), fmt_time(found.all_back)
        ('06:48', '09:25', '09:34')
        >>> print(found.headline)
        17 of 17 resolvers lose db.us-east.nimbus, staggered over 1 min; the last is back 9 min
        after the fix
        >>> len(found.hit), found.resolvers, found.linger  # every resolver, back 9 min late
        (17, 17, 9)
        """
        self.world.check_name(name)
        rows = self.rows(name=name, problems=True)
        bad = [r for r in rows if r.status not in RESOLVING]
        first: dict[str, int] = {}  # first minute of trouble (stale included)
        lost: dict[str, int] = {}  # first minute without the right address
        back: dict[str, int] = {}
        for r in rows:
            first[r.resolver] = min(first.get(r.resolver, r.start), r.start)
        for r in bad:
            lost[r.resolver] = min(lost.get(r.resolver, r.start), r.start)
            back[r.resolver] = max(back.get(r.resolver, r.end), r.end)
        hit = tuple(sorted(lost))
        fixes = [e.fixed_min for e in self.events if e.fixed_min < self.minutes]
        series = self.share_series(name, by="resolvers") if bad else []
        return DNSFindings(
            name=name,
            resolvers=len(self.world.resolvers),
            minutes=self.minutes,
            hit=hit,
            users_hit=sum(self.world.resolvers[r].total_users for r in hit),
            stale=tuple(sorted({r.resolver for r in rows if r.status == "stale"})),
            first_lost=min(lost.values()) if lost else None,
            last_lost=max(lost.values()) if lost else None,
            all_lost=next((s for s, _, share in series if share == 0), None),
            fixed=max(fixes) if fixes else None,
            all_back=max(back.values()) if back else None,
            resolver_minutes_lost=sum(r.minutes for r in bad),
            order=tuple(sorted(self.world.resolvers, key=lambda r: (first.get(r, NEVER), r))),
            back_at=tuple(sorted(back.items(), key=lambda kv: (kv[1], kv[0]))),
            problem_span=(min(r.start for r in rows), max(r.end for r in rows)) if rows else None,
        )

    # ---- shares --------------------------------------------------------------------------------
    def _weights(self, city: str | None, by: str) -> dict[str, float]:
        check_choice("by", by, ("users", "resolvers"))
        if city is not None:
            check_choice("city", city, self.world.cities())
        res = self.world.resolvers.values()
        if by == "resolvers":
            return {r.id: 1.0 for r in res if city is None or any(c == city for c, _ in r.users)}
        w = {r.id: float(r.users_in(city) if city else r.total_users) for r in res}
        w = {k: v for k, v in w.items() if v > 0}
        if not w:
            raise ValueError("by: got 'users', but no resolver has users; allowed: 'resolvers'")
        return w

    def share_resolving(
        self, name: str, t: TimeLike, *, city: str | None = None, by: str = "users"
    ) -> float:
        """Share of users (``by="users"``, weighted by the users behind each resolver) or of
        resolvers (``by="resolvers"``) that reach the right address for ``name`` at ``t``,
        optionally only in ``city``."""
        self.world.check_name(name)
        m = self._minute(t)
        w = self._weights(city, by)
        ok = sum(v for r, v in w.items() if self._span_at(r, name, m)[1] in RESOLVING)
        return ok / sum(w.values())

    def share_series(
        self, name: str, *, city: str | None = None, by: str = "users"
    ) -> list[tuple[int, int, float]]:
        """``share_resolving`` over the whole run, as stretches (start, end, share)."""
        self.world.check_name(name)
        w = self._weights(city, by)
        marks = sorted({s[0] for r in w for s in self._spans[(r, name)]})
        total = sum(w.values())
        out: list[tuple[int, int, float]] = []
        for i, m in enumerate(marks):
            end = marks[i + 1] if i + 1 < len(marks) else self.minutes
            ok = sum(v for r, v in w.items() if self._span_at(r, name, m)[1] in RESOLVING)
            share = ok / total
            if out and out[-1][2] == share:
                out[-1] = (out[-1][0], end, share)
            else:
                out.append((m, end, share))
        return out

    def users_cut(self, name: str, t: TimeLike) -> dict[str, tuple[int, str]]:
        """Per city: users who cannot reach the right address for ``name`` at ``t``, and the
        reason given by the failing resolver with most of them."""
        self.world.check_name(name)
        m = self._minute(t)
        total: dict[str, int] = {}
        biggest: dict[str, tuple[int, str]] = {}
        for r in self.world.resolvers.values():
            status, reason = self._span_at(r.id, name, m)[1:3]
            if status in RESOLVING:
                continue
            for city, n in r.users:
                if n > 0:
                    total[city] = total.get(city, 0) + n
                    if n > biggest.get(city, (0, ""))[0]:
                        biggest[city] = (n, reason)
        return {city: (users, biggest[city][1]) for city, users in sorted(total.items())}

    # ---- wiring into the engine ----------------------------------------------------------------
    def hits(
        self, internet: Internet, *, majority: float = 0.5, self_hosted: str = "public-1"
    ) -> list[Hit]:
        """What DNS does to the toy internet, as engine hits for components with a name
        (:attr:`DNSWorld.components`, e.g. ``nimbus-us-east/kv-db`` → ``db.us-east.nimbus``):

        - every component that needs it (an edge in ``internet.graph``) loses it while the
          resolver its servers use cannot resolve the name: the internal resolver of its cloud
          (``nimbus-internal``), or ``self_hosted`` for self-hosted services (``vantage`` = the
          component that needs it; the named component itself stays up);
        - an app's users in a city lose it while more than ``majority`` of that city's users
          are behind resolvers that cannot resolve its name (``vantage`` = the city).

        >>> import labkit
        >>> from labkit.mechanisms.dns import RecordEmpty, resolve_timeline, toy_dns
        >>> net = labkit.build_internet()
        >>> empty = RecordEmpty("db.us-east.nimbus", "06:48", "09:25")
        >>> tl = resolve_timeline(toy_dns(net), [empty])
        >>> hs = [h for h in tl.hits(net) if h.vantage == "nimbus-us-east/identity"]
        >>> [(h.target, fmt_time(h.start), fmt_time(h.end)) for h in hs]  # record, then linger
        [('nimbus-us-east/kv-db', '06:49', '09:25'), ('nimbus-us-east/kv-db', '09:25', '09:34')]
        """
        if self_hosted is not None:
            self.world.check_resolver(self_hosted, "self_hosted")
        if (
            isinstance(majority, bool)
            or not isinstance(majority, int | float)
            or not (0 <= majority < 1)
        ):
            raise ValueError(f"majority: got {majority!r}; allowed: a share from 0 to just below 1")
        graph = internet.graph
        cities = set(self.world.cities())
        out: list[Hit] = []
        for comp, name in self.world.components.items():
            if comp not in graph or all(
                self._spans[(r, name)] is CLEAN for r in self.world.resolvers
            ):
                continue
            owners: dict[str, list[str]] = {}
            for owner in sorted(graph.predecessors(comp)):
                rid = self._resolver_of(internet, owner, self_hosted)
                if rid is not None:
                    owners.setdefault(rid, []).append(owner)
            for rid, who in owners.items():
                for row in self.rows(rid, name, problems=True):
                    if row.status not in RESOLVING:
                        cause = Cause("dns", row.reason, root=row.root)
                        out += [Hit(row.start, row.end, comp, DOWN, cause, o) for o in who]
            svc = internet.services.get(comp)
            for city in sorted({c for c, n in svc.users if n} & cities) if svc else ():
                out += self._city_hits(comp, name, city, majority)
        return out

    def _resolver_of(self, internet: Internet, owner: str, self_hosted: str) -> str | None:
        if owner in internet.blocks:
            region = internet.blocks[owner].region
        elif owner in internet.services and internet.services[owner].regions:
            region = internet.services[owner].regions[0]
        else:
            return self_hosted if owner in internet.services else None
        return self.world.internal_resolver(internet.regions[region].provider)

    def _city_hits(self, comp: str, name: str, city: str, majority: float) -> list[Hit]:
        users = {r.id: r.users_in(city) for r in self.world.resolvers.values()}
        here = [(n, self._spans[(rid, name)]) for rid, n in users.items() if n > 0]
        total = sum(n for n, _ in here)
        marks = sorted({s[0] for _, spans in here for s in spans})
        at = [0] * len(here)  # per resolver, its span in force at the mark (marks go forward)
        out: list[Hit] = []
        for i, m in enumerate(marks):
            stop = marks[i + 1] if i + 1 < len(marks) else self.minutes
            bad = []
            for k, (n, spans) in enumerate(here):
                j = at[k]
                while j + 1 < len(spans) and spans[j + 1][0] <= m:
                    j += 1
                at[k] = j
                if spans[j][1] not in RESOLVING:
                    bad.append((n, spans[j]))
            if sum(n for n, _ in bad) <= majority * total:
                continue
            _, (_, _, reason, root) = max(bad, key=lambda b: b[0])
            cause = Cause("dns", reason, root=root)
            last = out[-1] if out else None
            if last is not None and last.end == m and last.cause == cause:
                out[-1] = replace(last, end=stop)
            else:
                out.append(Hit(m, stop, comp, DOWN, cause, city))
        return out
