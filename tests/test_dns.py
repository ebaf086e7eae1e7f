"""DNS on hand-checkable cases: every expected minute is worked out in the docstring.

Times: minute m is the instant 60·m s after 00:00; a resolver with offset φ and TTL T fetches at
φ, φ + T, φ + 2T, … seconds while answers keep coming, and what its users get at minute m is what
it holds at that instant (a fetch at exactly 60·m counts).
"""

from __future__ import annotations

import os
import subprocess
import sys
import time

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import labkit
from labkit.mechanisms.dns import (
    STATUSES,
    AuthoritativeDDoS,
    AuthoritativeOutage,
    DNSProvider,
    DNSWorld,
    Record,
    RecordEmpty,
    RecordWrong,
    Resolver,
    ResolverOutage,
    ServeStale,
    resolve_timeline,
    toy_dns,
)

APP = "app.example"


def world(ttl=300, neg=600, resolvers=("r1", "r2"), names=(APP,), capacity=1000.0):
    """One provider "quickdns" hosting ``names``; each resolver has 1000 users in its own city."""
    return DNSWorld(
        [DNSProvider("quickdns", capacity=capacity, negative_ttl=neg)],
        [Record(n, "quickdns", ttl) for n in names],
        [Resolver(r, ((f"city-{r}", 1000),)) for r in resolvers],
    )


def spans(tl, resolver, name=APP):
    """Runs of one status (rows also split where only the reason changes, e.g. at a fix)."""
    out = []
    for r in tl.rows(resolver, name):
        if out and out[-1][2] == r.status:
            out[-1] = (out[-1][0], r.end, r.status)
        else:
            out.append((r.start, r.end, r.status))
    return out


def hm(text):
    return labkit.parse_time("t", text)


# ---- TTL ------------------------------------------------------------------------------------
def test_cache_expires_at_exactly_ttl():
    """TTL 300 s, r1's offset 0: fetches at 07:00 (minute 420) and 07:05 (425). The record is
    emptied at 07:02. The answer fetched at 07:00 is still used at 07:04 (fetch + TTL - 1 min);
    at 07:05 (fetch + TTL) the re-fetch sees the empty record: negative from 425 to the end, as
    the record is never fixed."""
    tl = resolve_timeline(world(), [RecordEmpty(APP, "07:02")], offsets={("r1", APP): 0})
    assert tl.status("r1", APP, "07:04") == "answer"
    assert tl.status("r1", APP, "07:05") == "negative"
    assert spans(tl, "r1") == [(0, 425, "answer"), (425, 1440, "negative")]
    assert tl.reason("r1", APP, "08:00").startswith(
        "resolver r1 has no answer for app.example since 07:05: the record is empty at the "
        "authoritative server (quickdns) since 07:02 (NODATA) and its cached answer expired"
    )


def test_ttl_in_seconds_that_are_not_whole_minutes():
    """TTL 90 s, offset 30 s: fetches at 30 + 90k s, i.e. 570 s (00:09:30) and 660 s (00:11:00).
    The record is emptied at 00:10 (600 s). At minute 10 (600 s) the resolver still holds the
    answer fetched at 570 s (valid while t < 660 s); the fetch at 660 s = minute 11 sees it
    empty. So: answer through minute 10, negative from minute 11."""
    tl = resolve_timeline(
        world(ttl=90), [RecordEmpty(APP, "00:10")], minutes=60, offsets={("r1", APP): 30}
    )
    assert spans(tl, "r1") == [(0, 11, "answer"), (11, 60, "negative")]


# ---- negative caching -----------------------------------------------------------------------
def test_negative_answer_lingers_for_the_soa_minimum_after_the_fix():
    """TTL 300 s, offset 0, SOA minimum 600 s; the record is empty 07:02–07:26.
    Fetches: 07:05 empty (kept 600 s) → 07:15 empty → 07:25 empty (the fix comes a minute
    later) → kept until 07:35. So negative 07:05–07:34 and the answer is back at 07:35: the empty
    answer fetched at 07:25 is served for exactly the SOA minimum, 9 minutes past the fix.
    With an SOA minimum of 60 s the resolver re-asks every minute (07:05, 07:06, … 07:25, kept
    until 07:26) and is back at 07:26, the minute of the fix."""
    fail = [RecordEmpty(APP, "07:02", "07:26")]
    off = {("r1", APP): 0}
    tl = resolve_timeline(world(neg=600), fail, offsets=off)
    assert spans(tl, "r1") == [(0, 425, "answer"), (425, 455, "negative"), (455, 1440, "answer")]
    assert tl.reason("r1", APP, "07:30") == (
        "resolver r1 has no answer for app.example since 07:05: the record was fixed at 07:26, "
        "but the empty answer it cached at 07:25 is kept until 07:35 (SOA minimum 600 s)"
    )
    short = resolve_timeline(world(neg=600).with_negative_ttl(60), fail, offsets=off)
    assert spans(short, "r1") == [(0, 425, "answer"), (425, 446, "negative"), (446, 1440, "answer")]


# ---- serve-stale ----------------------------------------------------------------------------
def test_serve_stale_keeps_answers_through_an_authoritative_outage_until_its_cap():
    """TTL 300 s, offset 0; quickdns unreachable 08:02–12:00. Last good fetch 08:00, expiring
    08:05. Without serve-stale: fail 08:05–11:59 (a retry every minute), answer again at 12:00.
    With serve-stale and max_stale 3600 s: the expired answer is served while t < 08:05 + 1 h,
    so stale 08:05–09:04, then fail 09:05–11:59, answer at 12:00. With max_stale 1 day: stale
    until the fix."""
    out = [AuthoritativeOutage("quickdns", "08:02", "12:00")]
    off = {("r1", APP): 0}
    plain = resolve_timeline(world(), out, offsets=off)
    assert spans(plain, "r1") == [(0, 485, "answer"), (485, 720, "fail"), (720, 1440, "answer")]
    assert "its cached answer expired (serve-stale is off)" in plain.reason("r1", APP, "09:00")
    capped = resolve_timeline(world(), out, offsets=off, serve_stale=True, max_stale=3600)
    assert spans(capped, "r1") == [
        (0, 485, "answer"), (485, 545, "stale"), (545, 720, "fail"), (720, 1440, "answer")
    ]  # fmt: skip
    assert "serve-stale gave up at 09:05, 1 h after it expired" in capped.reason("r1", APP, 600)
    day = resolve_timeline(world(), out, offsets=off, serve_stale=True)
    assert spans(day, "r1") == [(0, 485, "answer"), (485, 720, "stale"), (720, 1440, "answer")]
    assert day.resolvable("r1", APP, "11:59")


def test_serve_stale_does_not_help_against_an_emptied_record():
    """An empty answer (NODATA) is a valid answer from a reachable server: it replaces the cached
    one, so serve-stale changes nothing. Offset 0, TTL 300 s, empty from 07:02: negative from
    07:05 with or without serve-stale."""
    fail = [RecordEmpty(APP, "07:02", "09:00")]
    off = {("r1", APP): 0, ("r2", APP): 120}
    plain = resolve_timeline(world(), fail, offsets=off)
    stale = resolve_timeline(world(), fail, offsets=off, serve_stale=True)
    assert plain.rows() == stale.rows()
    assert plain.status("r1", APP, "07:05") == "negative"


# ---- staggered expiry ------------------------------------------------------------------------
def test_resolvers_lose_a_name_at_different_minutes():
    """TTL 300 s; r1 has offset 0 (fetches 07:00, 07:05), r2 offset 60 s (07:01, 07:06). The
    record is emptied at 07:02: r1 loses it at 07:05, r2 at 07:06; at 07:05 half the resolvers
    (and half the users) still resolve it."""
    tl = resolve_timeline(
        world(), [RecordEmpty(APP, "07:02")], offsets={("r1", APP): 0, ("r2", APP): 60}
    )
    assert spans(tl, "r1")[1][0] == hm("07:05")
    assert spans(tl, "r2")[1][0] == hm("07:06")
    assert tl.share_resolving(APP, "07:05", by="resolvers") == 0.5
    assert tl.share_series(APP) == [(0, 425, 1.0), (425, 426, 0.5), (426, 1440, 0.0)]


def test_seeded_offsets_spread_expiry_over_the_ttl():
    """shopfast.example has TTL 300 s in the toy world. Emptied at 07:00, each user-facing
    resolver loses it at its next fetch, somewhere in 07:00–07:05 (offsets are seeded within the
    TTL), so the share of users resolving it falls in steps, not all at once."""
    tl = resolve_timeline(toy_dns(), [RecordEmpty("shopfast.example", "07:00")])
    users = [r for r in tl.world.resolvers.values() if r.total_users]
    lost = {tl.rows(r.id, "shopfast.example")[1].start for r in users}
    assert len(lost) >= 3 and min(lost) >= hm("07:00") and max(lost) <= hm("07:05")
    steps = [s for s in tl.share_series("shopfast.example") if 0 < s[2] < 1]
    assert len(steps) >= 2


# ---- wrong records --------------------------------------------------------------------------
def test_wrong_record_is_cached_and_lingers_for_its_ttl():
    """A wrong record with TTL 3600 s is published 07:02–07:10. r1 (TTL 300 s, offset 0) fetches
    it at 07:05 and keeps it for an hour: wrong 07:05–08:04, right again at 08:05, 55 minutes
    after the fix. Had the wrong record kept the normal 300 s TTL, r1 would re-fetch at 07:10,
    the minute of the fix, and be right again then."""
    off = {("r1", APP): 0}
    tl = resolve_timeline(world(), [RecordWrong(APP, "07:02", "07:10", ttl=3600)], offsets=off)
    assert spans(tl, "r1") == [(0, 425, "answer"), (425, 485, "wrong"), (485, 1440, "answer")]
    assert tl.reason("r1", APP, "07:30") == (
        "resolver r1 gives a wrong address for app.example since 07:05: the record was fixed at "
        "07:10, but the wrong answer it cached at 07:05 is kept until 08:05 (TTL 3600 s)"
    )
    assert not tl.resolvable("r1", APP, "07:30")
    short = resolve_timeline(world(), [RecordWrong(APP, "07:02", "07:10")], offsets=off)
    assert spans(short, "r1") == [(0, 425, "answer"), (425, 430, "wrong"), (430, 1440, "answer")]


# ---- resolver outages -----------------------------------------------------------------------
def test_resolver_outage_and_fallback():
    """r1 is down 08:00–09:00: its users get nothing ("fail") 08:00–08:59 for every name, and
    it answers again at 09:00 (a cold restart fetches at once). With r2 as fallback, r1's users
    get r2's answers meanwhile."""
    down = [ResolverOutage("r1", "08:00", "09:00")]
    tl = resolve_timeline(world(), down)
    assert spans(tl, "r1") == [(0, 480, "answer"), (480, 540, "fail"), (540, 1440, "answer")]
    assert tl.reason("r1", APP, "08:30") == (
        "resolver r1 is down since 08:00 (resolver r1 down (08:00–09:00)): its users get no "
        "answer at all"
    )
    assert spans(tl, "r2") == [(0, 1440, "answer")]
    backed = resolve_timeline(world().with_fallback("r2"), down)
    assert [r.status for r in backed.rows("r1", APP)] == ["answer", "answer", "answer"]
    assert backed.reason("r1", APP, "08:30").endswith("its users fall back to r2, which answers")
    assert backed.share_resolving(APP, "08:30") == 1.0
    assert tl.users_cut(APP, "08:30") == {"city-r1": (1000, tl.reason("r1", APP, "08:30"))}
    assert backed.users_cut(APP, "08:30") == {}


def test_a_restarted_resolver_has_nothing_to_serve_stale():
    """quickdns is unreachable 08:30–10:00 and serve-stale is on (TTL 300 s, offsets 0). Both
    resolvers fetched at 08:25; the re-fetch at 08:30 fails, so they serve that answer stale from
    08:30. r2 does so until the fix (stale 08:30–09:59). r1 is down 08:45–09:00 (its users get
    nothing) and comes back with an empty cache: nothing to serve, so it fails 09:00–09:59 too,
    and answers at 10:00."""
    fail = [
        AuthoritativeOutage("quickdns", "08:30", "10:00"),
        ResolverOutage("r1", "08:45", "09:00"),
    ]
    off = {("r1", APP): 0, ("r2", APP): 0}
    tl = resolve_timeline(world(), fail, offsets=off, serve_stale=True)
    assert spans(tl, "r2") == [(0, 510, "answer"), (510, 600, "stale"), (600, 1440, "answer")]
    assert spans(tl, "r1") == [
        (0, 510, "answer"), (510, 525, "stale"), (525, 600, "fail"), (600, 1440, "answer"),
    ]  # fmt: skip
    assert "nothing cached since it restarted at 09:00" in tl.reason("r1", APP, "09:30")


# ---- DDoS, retries and load ------------------------------------------------------------------
def ddos_world(ttl=60):
    names = tuple(f"n{i}.example" for i in range(5))
    return DNSWorld(
        [DNSProvider("quickdns", capacity=100, negative_ttl=300)],
        [Record(n, "quickdns", ttl) for n in names],
        [Resolver(f"r{i}", ((f"c{i}", 1000),)) for i in range(4)],
    )


def failing(tl, m):
    return {
        (r, n) for r in tl.world.resolvers for n in tl.world.records if tl.status(r, n, m) == "fail"
    }


def test_ddos_within_headroom_does_nothing_and_short_ttls_overload_on_their_own():
    """Attack 0.5× capacity: 50 + 20 = 70 ≤ 100, nothing fails, nobody retries.
    TTL 5 s and no attack, no retries: normal load 4 × 5 × 12 = 240 > 100, so attempts are lost
    (p > 0) all day. A pair looks up again after 5 s (T = 1/12 min) when answered and after a
    minute when not: 1 / ((1 - p)/12 + p) lookups a minute, so load = 20 / ((1 - p)/12 + p)
    and p = 1 - 100 / load must hold together (the self-consistent loss)."""
    small = resolve_timeline(ddos_world(), [AuthoritativeDDoS("quickdns", "08:00", attack=0.5)])
    assert small.load("quickdns", "08:30").load == pytest.approx(70)
    assert failing(small, hm("08:30")) == set()
    short = resolve_timeline(ddos_world(ttl=5), retries=0)
    load = short.load("quickdns", "12:00")
    p = load.loss()
    assert load.normal == pytest.approx(240) and p > 0
    assert load.load == pytest.approx(20 / ((1 - p) / 12 + p))
    assert p == pytest.approx(1 - 100 / load.load)
    m = next(m for m in range(hm("12:00"), hm("14:00")) if failing(short, m))
    assert "refreshes of short-TTL names" in short.reason(*sorted(failing(short, m))[0], m)


# ---- the toy world, determinism, the TTL trade-off -------------------------------------------
def test_toy_world_shape_and_path():
    w = toy_dns()
    kinds = [r.kind for r in w.resolvers.values()]
    assert (kinds.count("isp"), kinds.count("public"), kinds.count("cloud")) == (12, 2, 3)
    assert "isp-sao-paulo" in w.resolvers and "isp-new-york" in w.resolvers
    assert w.path("isp-paris", "db.us-east.nimbus").endswith(
        "root → .nimbus TLD → ns1.nimbus-dns (authoritative)"
    )
    assert w.records["storage.us-east.nimbus"].provider == "nimbus-dns"
    assert w.records["shopfast.example"].provider == "quickdns"
    assert w.name_for("shopfast") == "shopfast.example"
    assert all(p.capacity >= 3 * w.normal_load(p.id) for p in w.providers.values())


def test_toy_day_with_an_emptied_record_is_fast_and_lingers():
    """db.us-east.nimbus (TTL 60 s, nimbus-dns SOA minimum 900 s) is emptied 06:48–09:25.
    Every resolver re-fetches within a minute, so nobody resolves it from 06:49; after the fix
    each keeps its last empty answer (fetched at most 900 s before) up to 15 minutes: everyone
    is back by 09:40 at the latest."""
    w = toy_dns()
    fail = [RecordEmpty("db.us-east.nimbus", "06:48", "09:25")]
    resolve_timeline(w, fail)  # warm up
    t0 = time.perf_counter()
    tl = resolve_timeline(w, fail)
    assert time.perf_counter() - t0 < 0.25
    series = tl.share_series("db.us-east.nimbus", by="resolvers")
    assert series[0] == (0, hm("06:48"), 1.0) and series[1][:2] == (hm("06:48"), hm("06:49"))
    assert tl.share_resolving("db.us-east.nimbus", "09:24", by="resolvers") == 0.0
    assert tl.share_resolving("db.us-east.nimbus", "09:40", by="resolvers") == 1.0
    assert series[-1][2] == 1.0 and hm("09:25") < series[-1][0] <= hm("09:40")
    assert tl.change_minutes()[0] == hm("06:48")


def test_same_seed_same_day_other_seed_other_offsets():
    w = toy_dns()
    fail = [
        AuthoritativeDDoS("quickdns", "11:10", "13:20"),
        RecordEmpty("lb.us-east.nimbus", "08:00"),
    ]
    a, b = resolve_timeline(w, fail, seed=3), resolve_timeline(w, fail, seed=3)
    assert a.rows() == b.rows()
    assert resolve_timeline(w, fail, seed=4).rows() != a.rows()


def test_ttl_trade_off_short_ttl_breaks_sooner_and_recovers_sooner():
    """A wrong record for shopfast.example 10:00–10:30 (it keeps the record's TTL).
    TTL 60 s: every resolver has it by 10:01 and all are right again by 10:31.
    TTL 3600 s: at 10:05 most resolvers still hold the right answer, but those that fetched the
    wrong one keep it for an hour: some are wrong until up to 11:30."""
    fail = [RecordWrong("shopfast.example", "10:00", "10:30")]
    short = resolve_timeline(toy_dns().with_ttl(60, ["shopfast.example"]), fail)
    long = resolve_timeline(toy_dns().with_ttl(3600, ["shopfast.example"]), fail)
    n = "shopfast.example"
    assert short.share_resolving(n, "10:05") == 0.0 < long.share_resolving(n, "10:05")
    assert short.share_resolving(n, "10:31") == 1.0 > long.share_resolving(n, "10:31")
    assert long.share_resolving(n, "11:30") == 1.0
    w60, w3600 = toy_dns().with_ttl(60, [n]), toy_dns().with_ttl(3600, [n])
    assert w60.normal_load("quickdns") > w3600.normal_load("quickdns")


def test_hits_for_the_engine():
    """Servers resolve through their cloud's internal resolver; users per city. An emptied
    db.us-east.nimbus cuts every component that needs nimbus-us-east/kv-db (vantage hits, the
    database itself stays up); a quickdns outage without serve-stale cuts app users in every
    city once their resolvers' answers expire."""
    net = labkit.build_internet()
    w = toy_dns(net)
    tl = resolve_timeline(w, [RecordEmpty("db.us-east.nimbus", "06:48", "09:25")])
    hits = tl.hits(net)
    needs = set(net.graph.predecessors("nimbus-us-east/kv-db"))
    assert {h.vantage for h in hits} == needs and {h.target for h in hits} == {
        "nimbus-us-east/kv-db"
    }
    assert all(h.cause.root is not None for h in hits)
    out = resolve_timeline(w, [AuthoritativeOutage("quickdns", "11:00", "12:00")])
    cities = {h.vantage for h in out.hits(net) if h.target == "shopfast"}
    assert cities == set(net.cities)
    assert not resolve_timeline(w, out.events, serve_stale=True).hits(net)


# ---- event-driven == every minute -------------------------------------------------------------
EXPLORE = os.environ.get("OUTAGE_LAB_EXAMPLES")
SETTINGS = settings(
    max_examples=int(EXPLORE or 60),
    derandomize=EXPLORE is None,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
MINUTES = 300
TTLS = st.one_of(st.sampled_from([7, 30, 59, 60, 61, 90, 150, 300, 3600]), st.integers(5, 5000))


@st.composite
def cases(draw):
    n_res = draw(st.integers(1, 3))
    names = [f"n{i}.example" for i in range(draw(st.integers(1, 3)))]
    provs = ["pa", "pb"]
    w = DNSWorld(
        [
            DNSProvider(p, capacity=draw(st.sampled_from([5, 20, 100])),
                        negative_ttl=draw(st.sampled_from([1, 60, 90, 600, 3600])))
            for p in provs
        ],
        [Record(n, draw(st.sampled_from(provs)), draw(TTLS)) for n in names],
        [Resolver(f"r{i}", ((f"c{i % 2}", 100 + i),)) for i in range(n_res)],
    )  # fmt: skip
    if n_res > 1 and draw(st.booleans()):
        w = w.with_fallback("r0", [f"r{i}" for i in range(1, n_res)])
    events = []
    for _ in range(draw(st.integers(0, 4))):
        start = draw(st.integers(0, MINUTES - 1))
        dur = draw(st.integers(1, 200))
        kind = draw(st.integers(0, 4))
        if kind == 0:
            events.append(RecordEmpty(draw(st.sampled_from(names)), start, duration=dur))
        elif kind == 1:
            ttl = draw(st.one_of(st.none(), TTLS))
            events.append(RecordWrong(draw(st.sampled_from(names)), start, duration=dur, ttl=ttl))
        elif kind == 2:
            events.append(AuthoritativeOutage(draw(st.sampled_from(provs)), start, duration=dur))
        elif kind == 3:
            attack = draw(st.sampled_from([0.2, 1.0, 3.0]))
            events.append(
                AuthoritativeDDoS(draw(st.sampled_from(provs)), start, duration=dur, attack=attack)
            )
        else:
            events.append(
                ResolverOutage(f"r{draw(st.integers(0, n_res - 1))}", start, duration=dur)
            )
    options = dict(
        seed=draw(st.integers(0, 10**6)),
        serve_stale=draw(st.booleans()),
        max_stale=draw(st.sampled_from([60, 90, 1800, 86400])),
        retries=draw(st.integers(0, 3)),
        minutes=MINUTES,
    )
    return w, events, options


@SETTINGS
@given(cases())
def test_event_driven_equals_every_minute(case):
    w, events, options = case
    fast = resolve_timeline(w, events, **options)
    slow = resolve_timeline(w, events, every_minute=True, **options)
    assert fast.rows() == slow.rows()
    for row in fast.rows():
        assert row.status in STATUSES and row.start < row.end
        assert row.status == "answer" or row.reason


# ---- bad input ---------------------------------------------------------------------------------
def test_unknown_names_get_suggestions():
    w = toy_dns()
    with pytest.raises(
        ValueError, match=r"^resolver: unknown value 'isp-pariss'\. Did you mean 'isp-paris'\?"
    ):
        resolve_timeline(w, [ResolverOutage("isp-pariss", "08:00", "09:00")])
    with pytest.raises(
        ValueError,
        match=r"name: unknown value 'db.us-east.nimbs'\. Did you mean 'db.us-east.nimbus'",
    ):
        resolve_timeline(w, [RecordEmpty("db.us-east.nimbs", "08:00")])
    with pytest.raises(
        ValueError, match=r"provider: unknown value 'quikdns'\. Did you mean 'quickdns'"
    ):
        resolve_timeline(w, [AuthoritativeDDoS("quikdns", "08:00")])
    tl = resolve_timeline(w)
    with pytest.raises(ValueError, match="Did you mean 'shopfast.example'"):
        tl.status("isp-paris", "shopfast.exmaple", "08:00")
    with pytest.raises(ValueError, match="city: unknown value 'Pari'"):
        tl.share_resolving("shopfast.example", "08:00", city="Pari")


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda: Record(APP, "quickdns", ttl=0), r"^ttl: got 0; allowed: whole seconds from 1"),
        (lambda: Record(APP, "quickdns", ttl=-60), r"^ttl: got -60; allowed"),
        (lambda: world().with_ttl(0), r"^ttl: got 0"),
        (lambda: DNSProvider("q", negative_ttl=0), r"^negative_ttl: got 0; allowed: whole seconds"),
        (
            lambda: DNSProvider("q", capacity=0),
            r"^capacity: got 0; allowed: queries per minute > 0",
        ),
        (
            lambda: RecordEmpty(APP, "08:00", "07:00"),
            r"^fixed: got '07:00', which is not after start",
        ),
        (lambda: RecordEmpty(APP, "08:00", rcode="SERVFAIL"), r"^rcode: unknown value 'SERVFAIL'"),
        (lambda: RecordWrong(APP, "08:00", ttl=0), r"^ttl: got 0"),
        (lambda: AuthoritativeDDoS("quickdns", attack=0), r"^attack: got 0; allowed"),
        (lambda: Resolver("r1", fallback="r1"), r"^fallback: got 'r1', the resolver itself"),
        (lambda: world().with_fallback("r9"), r"^fallback: unknown value 'r9'"),
        (
            lambda: resolve_timeline(world(), retries=-1),
            r"^retries: got -1; allowed: a whole number",
        ),
        (lambda: resolve_timeline(world(), max_stale=0), r"^max_stale: got 0; allowed"),
        (lambda: resolve_timeline(world(), minutes=0), r"^minutes: got 0; allowed"),
        (lambda: resolve_timeline(world(), serve_stale="yes"), r"^serve_stale: got 'yes'"),
        (
            lambda: resolve_timeline(world(), offsets={("r1", APP): 300}),
            r"allowed: whole seconds from 0 to 299",
        ),
        (
            lambda: resolve_timeline(world(), ["boom"]),
            r"^events\[0\]: got 'boom'; allowed: DNS failures",
        ),
        (
            lambda: resolve_timeline(world()).status("r1", APP, 1440),
            r"^t: got 1440; allowed: a minute before",
        ),
        (
            lambda: DNSWorld([DNSProvider("q")], [Record(APP, "qq")], [Resolver("r")]),
            r"Did you mean 'q'",
        ),
    ],
)
def test_bad_input_names_field_value_and_what_is_allowed(make, message):
    with pytest.raises(ValueError, match=message):
        make()


def test_dns_model_needs_only_the_standard_library():
    code = (
        "import sys\n"
        "from labkit.mechanisms.dns import toy_dns, resolve_timeline, RecordEmpty\n"
        "resolve_timeline(toy_dns(), [RecordEmpty('db.us-east.nimbus', '06:48')]).rows()\n"
        "print([m for m in ('plotly', 'ipywidgets', 'numpy', 'pandas') if m in sys.modules])\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_dns_failures_fit_a_scenario_and_validate_against_the_toy_internet():
    net = labkit.build_internet()
    labkit.Scenario([RecordEmpty("db.us-east.nimbus", "06:48", "09:25")], [ServeStale()]).validate(
        net
    )
    with pytest.raises(ValueError, match="Did you mean 'db.us-east.nimbus'"):
        labkit.Scenario([RecordEmpty("db.us-east.nimbs", "06:48")]).validate(net)
    with pytest.raises(ValueError, match="^max_stale: got 0"):
        ServeStale(max_stale=0)
