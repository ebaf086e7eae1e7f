"""One resolver's cache for one name, moved forward fetch by fetch (or in jumps): TTL, negative
caching, serve-stale, restarts, and the words that explain what its users get."""

from __future__ import annotations

import bisect
import functools
from collections.abc import Callable
from typing import Any

from ...clock import fmt_time
from .failures import DNSFailure
from .load import BothFail, ProviderLoad
from .luck import Attempts
from .result import Span

__all__ = ["Builder", "PairCache"]

_INF = 10**18
#: :func:`~labkit.clock.fmt_time`, remembered: a run names the same few minutes again and again
_hhmm = functools.lru_cache(maxsize=4096)(fmt_time)


def _at(seconds: int) -> str:
    """A moment in seconds as "HH:MM", or "HH:MM:SS" when it is not on a whole minute."""
    minute, sec = divmod(seconds, 60)
    return _hhmm(minute) + (f":{sec:02d}" if sec else "")


def _span(seconds: int) -> str:
    """A duration in seconds for people: "90 s", "15 min", "1 h", "1 day"."""
    if seconds % 86_400 == 0:
        days = seconds // 86_400
        return f"{days} day{'s' if days > 1 else ''}"
    if seconds % 3_600 == 0:
        return f"{seconds // 3_600} h"
    if seconds % 60 == 0:
        return f"{seconds // 60} min"
    return f"{seconds} s"


class Builder:
    """Collects (minute, status, reason) observations of one pair, keeping only changes; fills
    "{since}" with the first minute of the current run of the same status."""

    __slots__ = ("out", "status", "run", "last")

    def __init__(self) -> None:
        self.out: list[Span] = []
        self.status = ""
        self.run = 0
        self.last: tuple[str, DNSFailure | None] | None = None  # the last reason as given

    def emit(self, m: int, status: str, reason: str, root: DNSFailure | None) -> None:
        if status != self.status:
            self.status, self.run = status, m
        elif self.last is not None and self.last[0] == reason and self.last[1] is root:
            return  # the same as the last observation, which the last span already says
        self.last = (reason, root)
        if reason:
            reason = reason.replace("{since}", _hhmm(self.run))
        out = self.out
        if out and out[-1][1] == status and out[-1][2] == reason and out[-1][3] == root:
            return
        out.append((m, status, reason, root))


class PairCache:
    """One resolver's cache for one name, moved forward fetch by fetch (or in jumps)."""

    __slots__ = (
        "res", "name", "provider", "ttl", "neg", "stale", "max_stale",
        "starts_s", "starts_min", "outs", "downs", "di",
        "kind", "cause", "fetched", "expires", "next", "failing",
        "had_answer", "restart", "down_until", "down_ev", "last_seg", "seed", "area",
        "why_of", "why", "tests", "ahead",
    )  # fmt: skip

    def __init__(
        self, res, rec, prov, offset, starts_min, outs, downs, stale, max_stale, seed=0, area=None
    ) -> None:
        self.res, self.name, self.provider = res, rec.name, prov.id
        self.seed, self.area = seed, area
        self.why_of: object = None  # the failed fetch whose words are in self.why
        self.why = ""
        self.tests: dict[int, Callable[[int], bool]] = {}  # per stretch: does a lookup fail?
        self.ahead: tuple[int, bool] | None = None  # (second, fails) of a lookup drawn ahead
        # RFC 2308 §5: "no such data" is cached for min(SOA MINIMUM, the SOA record's TTL)
        self.ttl, self.neg = rec.ttl, prov.negative_cache_ttl
        self.stale, self.max_stale = stale, max_stale
        self.starts_min = starts_min
        self.starts_s = [s * 60 for s in starts_min]
        self.outs = outs
        self.downs, self.di = downs, 0
        # warm start: an answer fetched at offset - ttl (before 00:00, when all was well)
        self.kind: str | None = "answer"
        self.cause: Any = None  # the DNSFailure whose answer is cached, if any
        self.fetched, self.expires, self.next = offset - rec.ttl, offset, offset
        self.failing: ProviderLoad | BothFail | None = None
        self.had_answer, self.restart = True, 0
        self.down_until = -1
        self.down_ev: Any = None  # the failure that took the resolver down
        self.last_seg = -1

    # ---- moving forward ----------------------------------------------------------------------
    def _fetch(self, x: int) -> None:
        i = bisect.bisect_right(self.starts_s, x) - 1
        kind, what = self.outs[i]
        self.last_seg = i
        if kind == "risky":  # each attempt of this lookup is drawn; it fails if all are lost
            rstate, load, load2 = what
            if self._fails(x, i):
                kind, what = "fail", (load if load2 is None else BothFail(load, load2))
            else:
                kind, what = rstate
        if kind == "fail":
            self.failing = what
            self.next = (x // 60 + 1) * 60
            return
        assert kind != "down", "no fetch while the resolver is down"
        self.failing = None
        if kind == "ok":
            self.kind, self.cause, life = "answer", None, self.ttl
        elif kind == "empty":
            self.kind, self.cause, life = "negative", what, self.neg
        else:
            self.kind, self.cause, life = "wrong", what, what.ttl or self.ttl
        if self.kind != "negative":
            self.had_answer = True
        self.fetched, self.expires, self.next = x, x + life, x + life

    def _fails(self, x: int, seg: int) -> bool:
        """Whether the lookup at second ``x`` (in stretch ``seg``, one with drawn attempts)
        fails at the primary and, if the name has one, at the secondary: every attempt lost
        at both."""
        ahead, self.ahead = self.ahead, None
        if ahead is not None and ahead[0] == x:
            return ahead[1]
        return self._test(seg)(x)

    def _test(self, seg: int) -> Callable[[int], bool]:
        """Whether a lookup in stretch ``seg`` fails, as a function of its second."""
        test = self.tests.get(seg)
        if test is None:
            test = self.tests[seg] = self._make_test(*self.outs[seg][1][1:])
        return test

    def _make_test(self, load: ProviderLoad, load2: ProviderLoad | None) -> Callable[[int], bool]:
        first = self._lost(load)
        if load2 is None:
            return first
        second = self._lost(load2)
        return lambda x: first(x) and second(x)

    def _lost(self, load: ProviderLoad) -> Callable[[int], bool]:
        attempts = Attempts(self.seed, self.res, self.name, load.provider)
        return attempts.test(load.loss(self.area), load.retries)

    def advance(self, tau: int, bulk: bool) -> None:
        """Do every fetch at or before second ``tau``; ``bulk``: skip runs of fetches that
        return the same thing in closed form."""
        while True:
            ds = self.downs[self.di][0] * 60 if self.di < len(self.downs) else _INF
            if ds <= tau and ds <= self.next:  # the resolver goes down: no fetches, cold restart
                _, up, ev = self.downs[self.di]
                self.di += 1
                self.kind, self.cause, self.failing = None, None, None
                self.had_answer, self.restart = False, up
                self.down_until, self.down_ev = up, ev
                self.next, self.last_seg = up * 60, -1
                continue
            if self.next > tau:
                return
            self._fetch(self.next)
            if not bulk or self.outs[self.last_seg][0] == "risky":
                continue
            i = self.last_seg
            seg_end = self.starts_s[i + 1] if i + 1 < len(self.starts_s) else _INF
            lim = min(tau, seg_end - 1)
            if self.next <= lim:
                if self.failing is not None:  # retries every minute, all failing alike
                    self.next = (lim // 60 + 1) * 60
                else:  # re-fetches every `life` seconds, all returning the same
                    life = self.expires - self.fetched
                    last = self.next + (lim - self.next) // life * life
                    self.fetched, self.expires, self.next = last, last + life, last + life

    def next_change(self, m: int, end: int) -> int:
        """The next minute after ``m`` at which what users see may change. Lookups of a stretch
        with drawn attempts that leave it as it is (a failed lookup retried and failing again,
        a fresh answer fetched again) are done here, up to the first that may change it."""
        c = end
        j = bisect.bisect_right(self.starts_min, m)
        if j < len(self.starts_min):
            c = min(c, self.starts_min[j])
        if self.failing is not None:
            if self.stale and self.kind in ("answer", "wrong"):
                cap = self.expires + self.max_stale
                if cap > m * 60:
                    c = min(c, -(-cap // 60))
        elif self.kind in ("negative", "wrong"):
            fx = self.cause.fixed_min
            if fx > m and fx * 60 < self.expires:
                c = min(c, fx)
        x = self.next
        seg = bisect.bisect_right(self.starts_s, x) - 1
        if seg != self.last_seg:
            c = min(c, -(-x // 60))
        elif self.outs[seg][0] == "risky":
            c = min(c, -(-self._repeat(c) // 60))
        return max(c, m + 1)

    def _repeat(self, c: int) -> int:
        """Do the lookups of the current stretch (one with drawn attempts) that come before
        minute ``c`` and whose outcome is the last one's, so that users see no change: retries
        of a failed lookup that fail again, or re-fetches of an answer that succeed again.
        Returns the second of the next lookup not done (its outcome is kept for
        :meth:`_fetch`)."""
        x, seg = self.next, self.last_seg
        failing = self.failing is not None
        if not failing and (self.kind != "answer" or self.outs[seg][1][0][0] != "ok"):
            return x
        test = self._test(seg)
        while -(-x // 60) < c:
            fails = test(x)
            if fails != failing:
                self.ahead = (x, fails)
                break
            if failing:  # retried a minute later, failing alike
                x = (x // 60 + 1) * 60
            else:  # the same answer again, kept for its TTL
                self.fetched, self.expires, x = x, x + self.ttl, x + self.ttl
        self.next = x
        return x

    # ---- what users see ---------------------------------------------------------------------
    def observe(self, m: int) -> tuple[str, str, DNSFailure | None]:
        """(status, reason with a "{since}" slot, root failure) at minute ``m``, once every
        fetch up to that instant is done."""
        if m < self.down_until:
            ev = self.down_ev
            return "down", f"resolver {self.res} is down since {{since}} ({ev.describe()})", ev
        if self.failing is None:
            if self.kind == "answer":
                return "answer", "", None
            return self._cached(m)
        return self._failing(m)

    def _cached(self, m: int) -> tuple[str, str, DNSFailure | None]:
        """A fresh negative or wrong answer: while the failure lasts, or lingering after it."""
        ev, fetched, expires = self.cause, _at(self.fetched), _at(self.expires)
        fixed = _hhmm(ev.fixed_min)
        if self.kind == "negative":
            head = f"resolver {self.res} has no answer for {self.name} since {{since}}: "
            if m >= ev.fixed_min:
                text = (
                    f"the record was fixed at {fixed}, but the empty answer it cached at "
                    f"{fetched} is kept until {expires} (SOA minimum {self.neg} s)"
                )
            else:
                was = "its cached answer expired" if self.had_answer else self._restarted()
                text = (
                    f"the record is empty at the authoritative server ({self.provider}) since "
                    f"{_hhmm(ev.start_min)} ({ev.rcode}) and {was}; it caches the empty "
                    f"answer for {self.neg} s (SOA minimum)"
                )
            return "negative", head + text, ev
        head = f"resolver {self.res} gives a wrong address for {self.name} since {{since}}: "
        life = self.expires - self.fetched
        if m >= ev.fixed_min:
            text = (
                f"the record was fixed at {fixed}, but the wrong answer it cached at {fetched} "
                f"is kept until {expires} (TTL {life} s)"
            )
        else:
            text = (
                f"the authoritative server ({self.provider}) has published a wrong record since "
                f"{_hhmm(ev.start_min)}, which resolvers cache for {life} s"
            )
        return "wrong", head + text, ev

    def _failing(self, m: int) -> tuple[str, str, DNSFailure | None]:
        """The last fetch failed: a stale answer if serve-stale allows, else nothing."""
        load = self.failing
        assert load is not None  # only called after a failed fetch
        root = load.causes[0] if load.causes else None
        if load is not self.why_of:
            self.why_of, self.why = load, load.text(self.area)
        why, r, n, fetched = self.why, self.res, self.name, _at(self.fetched)
        positive = self.kind in ("answer", "wrong")
        cap = self.expires + self.max_stale
        if self.stale and positive and m * 60 < cap:
            if self.kind == "wrong":
                return "wrong", (
                    f"resolver {r} gives a wrong address for {n} since {{since}}: {why}, so it "
                    f"serves the expired wrong answer it cached at {fetched} (serve-stale)"
                ), root  # fmt: skip
            return "stale", (
                f"resolver {r} serves an expired answer for {n} since {{since}} (serve-stale): "
                f"{why}; it keeps the answer cached at {fetched} until {_at(cap)} at most "
                f"({_span(self.max_stale)} past its expiry)"
            ), root  # fmt: skip
        if self.kind is None:
            was = self._restarted()
        elif self.stale and positive:
            was = f"serve-stale gave up at {_at(cap)}, {_span(self.max_stale)} after it expired"
            was = "its cached answer expired and " + was
        elif self.kind == "negative":
            was = "its cached (empty) answer expired"
        else:
            was = "its cached answer expired (serve-stale is off)"
        return "fail", f"resolver {r} cannot resolve {n} since {{since}}: {why}; {was}", root

    def _restarted(self) -> str:
        return f"it has had nothing cached since it restarted at {_hhmm(self.restart)}"
