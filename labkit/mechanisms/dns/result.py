"""The result of a DNS run: what every resolver answers for every name, as stretches of minutes
(:class:`DNSTimeline`), with shares of users resolving, and the hits it feeds the engine."""

from __future__ import annotations

import bisect
from dataclasses import dataclass, replace
from typing import Any

from ...clock import TimeLike, fmt_time, parse_time
from ...internet import Internet
from ...states import DOWN, Cause, Hit
from ...tables import to_pandas
from ...validate import check_choice
from .failures import DNSFailure
from .load import ProviderLoad
from .world import DNSWorld

__all__ = ["CLEAN", "RESOLVING", "STATUSES", "DNSRow", "DNSTimeline", "Span"]

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
        for (r, n), spans in self._spans.items():
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
        here = [r for r in self.world.resolvers.values() if r.users_in(city) > 0]
        total = sum(r.users_in(city) for r in here)
        marks = sorted({s[0] for r in here for s in self._spans[(r.id, name)]})
        out: list[Hit] = []
        for i, m in enumerate(marks):
            stop = marks[i + 1] if i + 1 < len(marks) else self.minutes
            bad = [
                (r.users_in(city), self._span_at(r.id, name, m))
                for r in here
                if self._span_at(r.id, name, m)[1] not in RESOLVING
            ]
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
