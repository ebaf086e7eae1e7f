"""SecondaryDNS: a second, independent provider serves the apps' names, so a lookup fails only
when both providers fail it. Every expected number is worked out here by hand.

The toy world (``toy_dns(build_internet())``) has 17 resolvers (12 ISP, 2 public, 3 cloud
internal ones). quickdns hosts 19 service names: 15 with TTL 300 s, edgefast's with 60 s and 3
with 3600 s, so each resolver sends it 15·60/300 + 60/60 + 3·60/3600 = 4.05 queries/min, and
its normal load is 17 × 4.05 = 68.85 queries/min; its capacity is about 4× that, rounded up to
hundreds: 300. steadydns hosts 4 names with TTL 300 s (StreamFlix runs its own DNS,
streamflix-dns): 17 × 4 × 0.2 = 13.6 queries/min, capacity 100 (the minimum). With SecondaryDNS()
each also serves the other's names, and its normal load counts them in full: 68.85 + 13.6 = 82.45
queries/min for steadydns; quickdns also backs streamflix.example (TTL 300 s: 17 × 0.2 = 3.4), so
68.85 + 13.6 + 3.4 = 85.85 for quickdns.

A DDoS at 3× capacity (10 retries: each lookup is sent up to 11 times, each attempt drawn on
its own) loses a share ``p = 1 - capacity / load`` of attempts, where the load counts the
retries that losses cause (see ProviderLoad).
"""

from __future__ import annotations

import pytest

import labkit
from labkit.mechanisms.dns import (
    AuthoritativeDDoS,
    RecordEmpty,
    SecondaryDNS,
    resolve_timeline,
    toy_dns,
)

NET = labkit.build_internet()
WORLD = toy_dns(NET)
BACKED = SecondaryDNS().on(WORLD)
NAME = "shopfast.example"  # on quickdns
DDOS_QUICK = AuthoritativeDDoS("quickdns", "11:10", "13:20")  # as in dyn-ddos-2016.json
DDOS_STEADY = AuthoritativeDDoS("steadydns", "11:10", "13:20")


def statuses(tl, resolver, name=NAME):
    """(start, end, status) runs of one resolver for one name, over the whole day."""
    out = []
    for r in tl.rows(resolver, name):
        if out and out[-1][2] == r.status:
            out[-1] = (out[-1][0], r.end, r.status)
        else:
            out.append((r.start, r.end, r.status))
    return out


def test_default_secondaries_pair_the_two_managed_providers():
    assert BACKED.records["shopfast.example"].secondary == "steadydns"
    assert BACKED.records["paywave.example"].secondary == "quickdns"  # paywave is on steadydns
    assert BACKED.records["db.us-east.nimbus"].secondary is None  # cloud endpoints: not named
    assert BACKED.records[NAME].ttl == WORLD.records[NAME].ttl  # TTL unchanged
    assert BACKED.normal_load("steadydns") == pytest.approx(13.6 + 68.85)
    assert BACKED.normal_load("quickdns") == pytest.approx(68.85 + 13.6 + 3.4)


def test_a_ddos_on_the_primary_alone_fails_no_lookup():
    """(a) Without: the DDoS on quickdns (3× capacity) makes it lose a share p of attempts,
    with p = 1 - 300 / load and load > 900 + 68.85 (attack + normal, before retries), so some
    resolvers lose shopfast.example at some minute. With: steadydns gets 82.45 queries/min for
    a capacity of 100 and loses none, so every lookup goes through."""
    plain = resolve_timeline(WORLD, [DDOS_QUICK])
    load = plain.load("quickdns", "12:00")
    assert load.load > 900 + 68.85
    assert load.loss("us-east") == pytest.approx(1 - 300 / load.load)
    assert any(plain.share_resolving(NAME, m) < 1 for m in range(670, 800))

    backed = resolve_timeline(BACKED, [DDOS_QUICK])
    assert backed.load("steadydns", "12:00").fail_share == 0
    for r in WORLD.resolvers:
        assert statuses(backed, r) == [(0, 1440, "answer")], r


def test_a_ddos_on_both_providers_fails_a_lookup_only_when_both_lose_every_attempt():
    """(b) With both attacked (30× capacity each), a lookup fails only when all 11 attempts at
    quickdns are lost (chance q1 = p1^11) and then all 11 at steadydns (q2 = p2^11, drawn on
    their own): q1 × q2, less than q1 alone. So resolvers lose the name for fewer minutes with
    the mitigation, and when one does, the reason names both providers."""
    both = [
        AuthoritativeDDoS("quickdns", "11:10", "13:20", attack=30),
        AuthoritativeDDoS("steadydns", "11:10", "13:20", attack=30),
    ]
    plain = resolve_timeline(WORLD, both)
    backed = resolve_timeline(BACKED, both)
    q1 = backed.load("quickdns", "12:00").lookup_failure()
    q2 = backed.load("steadydns", "12:00").lookup_failure()
    assert 0 < q1 < 1 and 0 < q2 < 1
    window = range(670, 800)

    def lost(tl):
        return sum(tl.status(r, NAME, m) == "fail" for r in WORLD.resolvers for m in window)

    assert 0 < lost(backed) < lost(plain)
    reasons = [
        backed.reason(r, NAME, m)
        for r in WORLD.resolvers
        for m in window
        if backed.status(r, NAME, m) == "fail"
    ]
    assert all("secondary provider steadydns fails it too" in x for x in reasons)


def test_an_emptied_record_is_not_helped():
    """(c) Both providers serve the same zone data: the secondary answers "empty" too. TTL
    300 s: by 07:05 every resolver has re-fetched and caches the empty answer."""
    empty = [RecordEmpty(NAME, "07:00", "08:00")]
    plain = resolve_timeline(WORLD, empty)
    backed = resolve_timeline(BACKED, empty)
    assert backed.share_resolving(NAME, "07:06") == plain.share_resolving(NAME, "07:06") == 0
    for r in WORLD.resolvers:
        assert statuses(backed, r) == statuses(plain, r), r


def test_the_whole_engine_counts_fewer_user_hours_down():
    """(d) With a DDoS on quickdns only, every lookup goes through with SecondaryDNS (test (a)
    for one name; the same holds for every name on quickdns, and the clouds' own DNS is not
    attacked), so DNS hits nothing: 0 user-hours down."""

    def down(scenario):
        return sum(r.user_hours_down for r in labkit.simulate(NET, scenario).impact_summary().rows)

    without = down(labkit.Scenario([DDOS_QUICK]))
    with_it = down(labkit.Scenario([DDOS_QUICK], [labkit.SecondaryDNS()]))
    assert with_it < without
    assert with_it == 0


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda: SecondaryDNS(names="shopfast.example"), r"^names: got 'shopfast.example'"),
        (lambda: SecondaryDNS(names=[]), r"^names: got \[\]"),
        (lambda: SecondaryDNS(provider=""), r"^provider: got ''"),
        (
            lambda: SecondaryDNS(names=["shopfst.example"]).validate(NET),
            r"^names: unknown value 'shopfst.example'\. Did you mean 'shopfast.example'\?",
        ),
        (
            lambda: SecondaryDNS(provider="stedydns").validate(NET),
            r"^provider: unknown value 'stedydns'\. Did you mean 'steadydns'\?",
        ),
        (
            lambda: SecondaryDNS([NAME], provider="quickdns").validate(NET),
            r"^provider: got 'quickdns', which already hosts shopfast.example",
        ),
        (
            lambda: labkit.Scenario([], [SecondaryDNS(provider="nope")]).validate(NET),
            r"^provider: unknown value 'nope'",
        ),
    ],
)
def test_bad_input_names_the_field(make, message):
    """(e)"""
    with pytest.raises(ValueError, match=message):
        make()


def test_in_the_catalogue_and_scenario_files():
    """(f) In the catalogue, off the chaos lab's menu; a scenario file can name it."""
    kind = labkit.CATALOGUE.kind("secondary-dns")
    assert kind.cls is SecondaryDNS is labkit.SecondaryDNS
    assert (kind.role, kind.mechanism, kind.price, kind.menu) == ("mitigation", "dns", 10, False)
    assert "secondary-dns" not in [k.key for k in labkit.CATALOGUE.menu()]
    s = labkit.scenarios.from_dict({"failures": [], "mitigations": [{"type": "SecondaryDNS"}]})
    assert s.mitigations == (SecondaryDNS(),)
    named = labkit.scenarios.from_dict(
        {"mitigations": [{"type": "SecondaryDNS", "names": [NAME], "provider": "steadydns"}]}
    )
    assert named.mitigations == (SecondaryDNS((NAME,), "steadydns"),)
    with pytest.raises(ValueError, match="mitigations\\[0\\]: names: got 'shopfast.example'"):
        labkit.scenarios.from_dict({"mitigations": [{"type": "SecondaryDNS", "names": NAME}]})
