"""The DNS mechanism against the record of the Dyn DDoS (casebook §8) and the RFCs: per-attempt
losses with retries that both rescue lookups and add load, an attack on some points of presence
only, negative caching per RFC 2308 §5, serve-stale as a resolvers' setting, and a region's
lost endpoint names that leave the database itself up."""

from __future__ import annotations

import dataclasses
import math

import pytest

import labkit
from labkit import scenarios
from labkit.clock import parse_time
from labkit.mechanisms.dns import (
    AuthoritativeDDoS,
    DNSProvider,
    DNSWorld,
    Record,
    RecordEmpty,
    Resolver,
    resolve_timeline,
    toy_dns,
)
from labkit.mechanisms.dns.luck import attempt_draw, lookup_fails
from labkit.replay import compare

NET = labkit.build_internet(seed=0)


def hm(text):
    return parse_time("time", text)


def small_world(ttl=60, areas=(None, None, None, None)):
    names = tuple(f"n{i}.example" for i in range(5))
    return DNSWorld(
        [DNSProvider("quickdns", capacity=100, negative_ttl=300)],
        [Record(n, "quickdns", ttl) for n in names],
        [Resolver(f"r{i}", ((f"c{i}", 1000),), area=a) for i, a in enumerate(areas)],
    )


# ---- 1. retries: a field, one draw per attempt, load solved self-consistently -----------------
def test_without_retries_and_with_60_s_ttls_the_load_is_the_old_closed_form():
    """4 resolvers × 5 names, TTL 60 s (T = 1 min): normal load 20/min, capacity 100. A failed
    lookup is retried a minute later and an answered one after its TTL, also a minute: every
    pair looks up once a minute whatever happens. With 0 retries, one attempt per lookup:
    load = 100 (attack 1× capacity) + 20 = 120, loss p = 1 - 100/120 = 1/6."""
    tl = resolve_timeline(
        small_world(), [AuthoritativeDDoS("quickdns", "08:00", "09:00", attack=1.0, retries=0)]
    )
    load = tl.load("quickdns", "08:30")
    assert load.load == pytest.approx(120)
    assert load.loss() == pytest.approx(1 / 6)
    assert load.lookup_failure() == pytest.approx(1 / 6)


def test_retries_add_load_and_the_loss_is_the_fixed_point_of_that_loop():
    """Same world, 3 retries. A lookup sends attempts until one is answered, at most 4: on
    average 1 + p + p² + p³ of them. Load = 100 + 20·(1 + p + p² + p³) and p = 1 - 100/load:
    p = 1 - 100 / (100 + 20·(1 + p + p² + p³)). Solved here by bisection (the right side minus
    p falls through zero once in (0, 1)); a lookup fails only when all 4 attempts are lost,
    with probability p⁴, smaller than p: retries rescue lookups, and add load."""

    def gap(p):
        return 1 - 100 / (100 + 20 * (1 + p + p**2 + p**3)) - p

    lo, hi = 0.0, 1.0
    for _ in range(200):
        mid = (lo + hi) / 2
        lo, hi = (mid, hi) if gap(mid) > 0 else (lo, mid)
    p = (lo + hi) / 2
    tl = resolve_timeline(
        small_world(), [AuthoritativeDDoS("quickdns", "08:00", "09:00", attack=1.0, retries=3)]
    )
    load = tl.load("quickdns", "08:30")
    assert load.retries == 3
    assert load.loss() == pytest.approx(p, abs=1e-9)
    assert load.load == pytest.approx(100 + 20 * (1 + p + p**2 + p**3), abs=1e-6)
    assert load.load > 120  # more than without retries
    assert load.lookup_failure() == pytest.approx(p**4)


def test_a_lookup_fails_only_when_every_attempt_is_lost_each_drawn_on_its_own():
    """Loss 0.9 and 2 retries: the lookup fails iff all three attempt draws are below 0.9."""
    for at in range(0, 6000, 60):
        d = [attempt_draw(0, "r0", "n0.example", "quickdns", at, k) for k in range(3)]
        expected = all(x < 0.9 for x in d)
        assert lookup_fails(0, "r0", "n0.example", "quickdns", at, 0.9, 2) is expected
    assert not lookup_fails(0, "r0", "n0.example", "quickdns", 0, 0.0, 2)
    assert lookup_fails(0, "r0", "n0.example", "quickdns", 0, 1.0, 0)


def test_under_a_steady_attack_a_resolver_can_fail_and_then_get_through():
    """One draw per attempt, not one per resolver and name for the whole attack: under a
    constant load some pair that fails at one minute is answered at a later one (a fixed draw
    could never do that). The same seed gives the same run."""
    attack = [AuthoritativeDDoS("quickdns", "08:00", "10:00", attack=3.0, retries=2)]
    tl = resolve_timeline(small_world(), attack, seed=4)
    again = resolve_timeline(small_world(), attack, seed=4)
    window = range(hm("08:10"), hm("10:00"))
    recovered = [
        (r, n)
        for r in tl.world.resolvers
        for n in tl.world.records
        if any(
            tl.status(r, n, m) == "fail" and tl.status(r, n, m + k) == "answer"
            for m in window
            for k in (1, 2)
            if m + k < hm("10:00")
        )
    ]
    assert recovered
    assert [tl.status(r, n, m) for r, n in recovered for m in window] == [
        again.status(r, n, m) for r, n in recovered for m in window
    ]


def test_every_minute_stepping_gives_the_same_run_with_per_attempt_draws():
    attack = [AuthoritativeDDoS("quickdns", "08:00", "09:00", attack=2.0, retries=4)]
    fast = resolve_timeline(small_world(ttl=300), attack, minutes=720)
    slow = resolve_timeline(small_world(ttl=300), attack, minutes=720, every_minute=True)
    for r in fast.world.resolvers:
        for n in fast.world.records:
            assert [fast.status(r, n, m) for m in range(720)] == [
                slow.status(r, n, m) for m in range(720)
            ]


def test_an_attempt_whose_draw_equals_the_loss_gets_through():
    """An attempt is lost when its draw is *below* the loss chance (attempt_draw). With the
    loss set to exactly the largest draw of a lookup's attempts, that attempt gets through, so
    the lookup does not fail; with the next float above it, every attempt is lost. Retries 7,
    8 and 20 cover 8, 9 and 21 attempts (one, two and three hashes of eight draws)."""
    for at in range(0, 3600, 60):
        for retries in (0, 7, 8, 20):
            d = [attempt_draw(3, "r1", "n2.example", "quickdns", at, k) for k in range(1 + retries)]
            top = max(d)
            assert not lookup_fails(3, "r1", "n2.example", "quickdns", at, top, retries)
            above = math.nextafter(top, 1.0)
            assert lookup_fails(3, "r1", "n2.example", "quickdns", at, above, retries)


def test_every_minute_stepping_gives_the_same_words_with_retries_and_serve_stale():
    """The run that computes only the moments of change gives the same rows (status and
    reason, minute by minute) as stepping through every minute and fetch: 10 retries (two
    hashes per lookup), answers served stale while lookups fail, for at most 2 minutes past
    their expiry, so that long runs of failed lookups end in "fail"."""
    attack = [AuthoritativeDDoS("quickdns", "08:00", "09:30", attack=15.0, retries=10)]
    kw = {"minutes": 720, "serve_stale": True, "max_stale": 120, "seed": 2}
    fast = resolve_timeline(small_world(ttl=300), attack, **kw)
    slow = resolve_timeline(small_world(ttl=300), attack, every_minute=True, **kw)
    assert fast.rows() == slow.rows()
    assert {r.status for r in fast.rows()} == {"answer", "stale", "fail"}


# ---- 2. the attack on some points of presence ---------------------------------------------------
def test_an_attack_on_one_area_spares_the_others_and_hits_anycast_resolvers_by_the_mean():
    """Resolvers r0, r1 in "east", r2 in "west", r3 with nodes everywhere. Capacity is split
    by normal load: east gets (2 + 1/2)/4 of it, west (1 + 1/2)/4. The whole attack lands on
    east: west loses no attempt, r3's attempts land on east half of the time, so it loses the
    mean of the two losses."""
    world = small_world(areas=("east", "east", "west", None))
    tl = resolve_timeline(
        world, [AuthoritativeDDoS("quickdns", "08:00", "09:00", attack=2.0, pops=["east"])]
    )
    load = tl.load("quickdns", "08:30")
    pops = {p.area: p for p in load.pops}
    assert pops["east"].capacity == pytest.approx(100 * 2.5 / 4)
    assert pops["west"].capacity == pytest.approx(100 * 1.5 / 4)
    assert pops["east"].attack == pytest.approx(200)
    assert pops["west"].loss == 0 and pops["east"].loss > 0.5
    assert load.loss(None) == pytest.approx(pops["east"].loss / 2)
    window = range(hm("08:00"), hm("09:00"))
    assert all(tl.status("r2", n, m) == "answer" for n in world.records for m in window)
    assert any(tl.status("r0", n, m) == "fail" for n in world.records for m in window)


# ---- 3. the Dyn replay (casebook §8) ---------------------------------------------------------
@pytest.fixture(scope="module")
def dyn():
    return labkit.simulate(NET, scenarios.load("dyn-ddos-2016"))


def test_dyn_uses_the_records_retries_and_hits_us_east_first(dyn):
    """Casebook §8: "recursive resolvers time out and retry 10–20×" (the replay: 10, the low
    end); "The first attack hit Dyn Managed DNS in US-East" and "US-East first, then global
    POPs"; wave 2 "more global". So in wave 1 (11:10–13:20) New York's users lose a quickdns
    name at some minute and Paris's never do; in wave 2 (15:50–17:00) Paris's do too."""
    waves = [f for f in scenarios.load("dyn-ddos-2016").failures]
    assert [w.retries for w in waves] == [10, 10]
    assert 10 <= waves[0].retries <= 20
    assert waves[0].pops == ("us-east",) and waves[1].pops is None
    tl = resolve_timeline(toy_dns(NET), waves)
    name = "shopfast.example"
    wave1 = range(hm("11:10"), hm("13:20"))
    wave2 = range(hm("15:50"), hm("17:00"))
    assert any(tl.share_resolving(name, m, city="New York") < 0.5 for m in wave1)
    assert all(tl.share_resolving(name, m, city="Paris") == 1 for m in wave1)
    assert any(tl.share_resolving(name, m, city="Paris") < 1 for m in wave2)
    first_ny = min(m for m in wave1 if tl.share_resolving(name, m, city="New York") < 1)
    first_paris = min(m for m in wave2 if tl.share_resolving(name, m, city="Paris") < 1)
    assert first_ny < first_paris


def test_dyn_explains_an_affected_app_by_the_ddos_and_resolvers_retries(dyn):
    text = str(dyn.explain("shopfast", "12:00"))
    assert "DDoS on quickdns" in text
    assert "retries" in text
    assert "us-east" in text and "isp-" in text and "resolvers' retries" in " ".join(text.split())
    assert "root cause: DDoS on quickdns (us-east)" in text


def test_dyn_record_gives_the_incidents_close_not_a_recovery_and_the_model_is_back_by_then(dyn):
    """Casebook §8: "about 17:00 mitigated → incident logged until about 17:45 UTC" and
    "Durations | About 2h10m (wave 1) + about 1h10m (wave 2). The incident window was about
    6h35m (11:10–17:45 UTC)". The impact is the two waves; 17:45 is when the log closed, and
    nothing says what users saw between 17:00 and 17:45. So the record has no full-recovery
    time and no tail to take a ratio from; the model must be back after the fix (17:00) and
    by the close (17:45)."""
    rec = scenarios.info("dyn-ddos-2016").record
    assert (rec.root_cause_fixed, rec.full_recovery, rec.incident_closed) == (
        hm("17:00"), None, hm("17:45"))  # fmt: skip
    c = compare(dyn, rec)
    assert c.record_tail is None and c.tail_ratio is None
    assert hm("17:00") <= c.model_full_recovery <= hm("17:45")
    assert c.back_before_close is True
    assert "the record gives only the incident's close at 17:45" in c.headline
    assert "not comparable" in str(c) and "incident closed" in str(c)


def test_dyn_tail_after_the_mitigation_is_backlog_draining(dyn):
    """What the model gives after 17:00: names resolve again (no SERVFAIL is cached for more
    than a retry minute), so whatever is still not ok after 17:00 is work that queued while
    lookups failed and is being worked off, and it ends before the incident's log closed."""
    c = compare(dyn, scenarios.info("dyn-ddos-2016").record)
    assert 0 < c.model_tail < hm("17:45") - hm("17:00")
    fixed = scenarios.info("dyn-ddos-2016").record.root_cause_fixed
    late = [
        r for a in dyn.world.apps() for r in dyn.rows(a.id) if r.state != "ok" and r.end > fixed + 1
    ]
    assert late and all("queued work and retries that piled up" in r.cause for r in late)


def test_dyn_tail_grows_with_the_assumed_attack_size_so_it_predicts_nothing():
    """The scenario's notes: the attack size is assumed (the record gives none), and the tail
    after 17:00 grows with it, because a bigger attack fails more lookups and more work piles
    up. So at 10×, 30× (the replay's) and 50× the model is back strictly later each time, and
    always by the incident's close at 17:45."""
    base = scenarios.load("dyn-ddos-2016")
    rec = scenarios.info("dyn-ddos-2016").record
    backs = []
    for size in (10, 30, 50):
        waves = [dataclasses.replace(f, attack=size) for f in base.failures]
        c = compare(labkit.simulate(NET, dataclasses.replace(base, failures=waves)), rec)
        backs.append(c.model_full_recovery)
        assert c.back_before_close
    assert backs[0] < backs[1] < backs[2]
    assert [f.attack for f in base.failures] == [30, 30]


# ---- 4. RFC 2308 §5: negative answers cached for min(SOA MINIMUM, SOA TTL) ---------------------
def test_negative_answers_are_cached_for_the_smaller_of_soa_minimum_and_soa_ttl():
    """RFC 2308 §5: "the TTL of this record is set from the minimum of the MINIMUM field of the
    SOA record and the TTL of the SOA itself". MINIMUM 900 s, SOA TTL 300 s: the empty answer
    is kept 300 s. The record is emptied 10:00–10:05; r0 fetches at offset 0 (on each whole
    minute, TTL 60 s), so at 10:00 it caches the empty answer until 10:05:00, re-fetches then
    and gets the fixed record: answering from 10:05. With MINIMUM 900 s as the only figure it
    would be 10:15."""
    world = DNSWorld(
        [DNSProvider("quickdns", capacity=100, negative_ttl=900, soa_ttl=300)],
        [Record("n.example", "quickdns", 60)],
        [Resolver("r0", (("c", 1),))],
    )
    assert world.providers["quickdns"].negative_cache_ttl == min(900, 300)
    tl = resolve_timeline(
        world, [RecordEmpty("n.example", "10:00", "10:05")], offsets={("r0", "n.example"): 0}
    )
    assert tl.status("r0", "n.example", "10:04") == "negative"
    assert tl.status("r0", "n.example", "10:05") == "answer"
    longer = DNSWorld(
        [DNSProvider("quickdns", capacity=100, negative_ttl=900, soa_ttl=3600)],
        world.records,
        world.resolvers,
    )
    tl = resolve_timeline(
        longer, [RecordEmpty("n.example", "10:00", "10:05")], offsets={("r0", "n.example"): 0}
    )
    assert tl.status("r0", "n.example", "10:14") == "negative"
    assert tl.status("r0", "n.example", "10:15") == "answer"


# ---- 5. serve-stale is the resolvers' operators' setting ------------------------------------
def test_serve_stale_is_described_as_a_resolver_setting():
    kind = labkit.CATALOGUE.kind("serve-stale") if hasattr(labkit, "CATALOGUE") else None
    doc = labkit.ServeStale.__doc__ or ""
    assert "operators" in doc and "not something the owner of an app" in doc
    if kind is not None:
        assert "resolver" in kind.help


# ---- 6. a region's lost endpoint names: clients cannot find the database; it is not down ------
def test_losing_a_regions_endpoint_names_cuts_clients_off_but_leaves_the_database_up():
    """The key-value database needs no name to run; identity finds it by name, so identity
    cannot work while the region's names are lost. The database itself stays ok."""
    out = labkit.RegionOutage("nimbus-us-east", "09:00", duration=60, blocks=["dns"])
    t = labkit.simulate(NET, labkit.Scenario([out]))
    assert t.state("nimbus-us-east/kv-db", "09:30") == "ok"
    assert t.state("nimbus-us-east/identity", "09:30") == "down"
