"""The regional-cloud replays against the record (casebook §1, §2, §3 in
``/work/shared/casebook/outages.md``): who fails first, why, and how long the tail is.

Expected sets are worked out here by hand from the default world's dependencies (seed 0), which
the first test pins down, so a change of the world shows up as that test failing first.
"""

from __future__ import annotations

import pytest
from worlds import hm

import labkit
from labkit import scenarios
from labkit.replay import compare

NET = labkit.build_internet()
APPS = {a.id for a in NET.apps()}


def run(name: str) -> labkit.Timeline:
    return labkit.simulate(NET, scenarios.load(name))


def apps_in(t: labkit.Timeline, state: str, at: str) -> set[str]:
    return {a for a in APPS if t.state(a, at) == state}


def test_the_world_the_derivations_below_read():
    """Where things run in the default world (from labkit.internet's tables, seed 0)."""
    east = {s.id for s in NET.services.values() if "nimbus-us-east" in s.regions}
    assert east == {"signonce", "coinpurse", "recommendo", "edgefast", "ticketdash"}
    assert NET.services["edgefast"].failover == "active-active"
    assert NET.services["ticketdash"].regions == ("nimbus-us-east", "nimbus-ap-south")
    hard = {a.id: {d.target for d in a.needs if d.hard} for a in NET.apps()}
    assert {a for a, h in hard.items() if "signonce" in h} == {
        "streamflix", "shopfast", "bazaar", "chatmate", "homeglow", "docushare", "teamchat",
        "taskboard"}  # fmt: skip
    assert {a for a, h in hard.items() if "coinpurse" in h} == {"bazaar"}
    assert {a for a, h in hard.items() if "edgefast" in h} == {"streamflix", "tunewave",
                                                               "livecast"}  # fmt: skip
    # the apps that keep their files in object storage run elsewhere or on their own machines
    files = {a.id for a in NET.apps() if any(d.target == "object-storage" for d in a.block_needs)}
    assert not any("nimbus-us-east" in NET.services[a].regions for a in files)


# ---- §2 AWS us-east-1, 20 Oct 2025 ----------------------------------------------------------
# "New-instance launches failed from **09:25 to 17:36 UTC** … some new instances had
# connectivity problems until **20:50 UTC**"; NLB "Increased connection errors from **12:30 to
# 21:09 UTC**"; "**Whole event:** 06:48 → **21:20 UTC**" (casebook §2)
DYNAMO = "aws-dynamodb-dns-2025"


def test_dynamodb_replay_uses_the_sourced_windows():
    empty, launches, network, health = scenarios.load(DYNAMO).failures
    assert (empty.start_min, empty.fixed_min) == (hm("06:48"), hm("09:25"))
    assert (launches.blocks, launches.start_min, launches.fixed_min) == (
        ("compute",), hm("09:25"), hm("17:36"))  # fmt: skip
    assert (network.blocks, network.start_min, network.fixed_min) == (
        ("compute",), hm("17:36"), hm("20:50"))  # fmt: skip
    assert (health.blocks, health.start_min, health.fixed_min) == (
        ("load-balancer",), hm("12:30"), hm("21:09"))  # fmt: skip
    assert all(isinstance(f, labkit.BlockImpairment) for f in (launches, network, health))


def test_dynamodb_order_of_failure():
    t = run(DYNAMO)
    # Phase one (07:30): the key-value database cannot be found by name, so the single-region
    # services of nimbus-us-east are down (every cloud service needs kv-db hard); apps that
    # need SignOnce or CoinPurse hard go down with them. TicketDash has moved to ap-south
    # (5 min of health checks), EdgeFast runs on in its other regions: the apps that need
    # EdgeFast (StreamFlix aside, which also needs SignOnce) are only degraded.
    phase_one = {"streamflix", "shopfast", "bazaar", "chatmate", "homeglow", "docushare",
                 "teamchat", "taskboard"}  # fmt: skip
    assert apps_in(t, "down", "07:30") == phase_one
    assert apps_in(t, "degraded", "07:30") == {"tunewave", "livecast"}
    # Phase two (15:00, long after the DNS fix): launches fail and health checks remove load
    # balancer capacity, so every service in nimbus-us-east is degraded (hard needs on compute
    # and the load balancer), and with them the apps that need SignOnce, CoinPurse or EdgeFast
    # hard. Nothing is down any more. TicketDash stays in ap-south (it fails back only to a
    # primary that is ok), so it is ok. ScribeAI, VisionKit, DoorCam and PetFeeder need
    # nothing in nimbus-us-east hard: ok throughout.
    assert apps_in(t, "down", "15:00") == set()
    phase_two = phase_one | {"tunewave", "livecast"}
    assert apps_in(t, "degraded", "15:00") == phase_two
    for at in ("18:00", "21:08"):  # network configuration, then health checks alone
        assert apps_in(t, "degraded", at) == phase_two
    untouched = APPS - phase_two - {"ticketdash"}
    assert untouched == {"scribeai", "visionkit", "doorcam", "petfeeder"}
    assert all(t.recovered_at(a) is None for a in untouched)


def _chain(t: labkit.Timeline, app: str, at: str) -> str:
    return " ".join(str(t.explain(app, at)).split())


def test_dynamodb_explain_names_each_phase_mechanism():
    t = run(DYNAMO)
    first = _chain(t, "shopfast", "07:30")
    assert "signonce is down because it cannot reach nimbus-us-east/kv-db" in first
    assert "db.us-east.nimbus" in first and "record is empty" in first
    assert isinstance(t.explain("shopfast", "07:30").root, labkit.RecordEmpty)
    launches = _chain(t, "shopfast", "15:00")
    assert "signonce is degraded because it needs nimbus-us-east/compute" in launches
    assert "new-instance launches fail" in launches
    network = _chain(t, "shopfast", "18:00")
    assert "without network configuration" in network
    health = _chain(t, "shopfast", "21:00")
    assert "nimbus-us-east/load-balancer" in health and "health checks remove" in health


def test_dynamodb_tail_comes_within_a_third_of_the_record():
    """Record tail: 09:25 → 21:20 = 715 min (casebook §2). Model: the last impairment (the
    health checks) ends at 21:09; the backlogs of phase one drain while the services are
    degraded (at half pace) and are gone long before, so every app is ok from 21:09:
    704 min, 704 / 715 ≈ 0.98."""
    t = run(DYNAMO)
    c = compare(t, scenarios.info(DYNAMO).record)
    assert c.record_tail == hm("21:20") - hm("09:25") == 715
    assert t.full_recovery() == hm("21:09")
    assert c.tail_ratio == pytest.approx(704 / 715)
    assert 0.65 <= c.tail_ratio <= 1.35


# ---- §1 AWS S3 us-east-1, 28 Feb 2017 -------------------------------------------------------
# "Start | 2017-02-28 **17:37 UTC**"; "21:54 UTC … 'S3 was operating normally'"; "other services
# in the region that rely on S3 fail: the S3 console, **EC2 new-instance launches**, …"; "the
# dashboard itself depended on S3" (casebook §1)
S3 = "aws-s3-2017"


def test_s3_replay_fails_only_object_storage_at_the_record_times():
    (out,) = scenarios.load(S3).failures
    assert (out.region, out.blocks) == (NET.main_region(), ("object-storage",))
    assert (out.start_min, out.fixed_min) == (hm("17:37"), hm("21:54"))


def test_s3_order_of_failure():
    t = run(S3)
    # Object storage is down; the status page needs it hard: down. Compute needs it softly
    # (launches): degraded, and so is everything that needs compute hard: the load balancer
    # and every service of the region. EdgeFast's deployment there also serves files from
    # object storage (hard): down, so for the first 5 min (health checks) EdgeFast is degraded,
    # then out of rotation; its other regions serve.
    down_blocks = {c for c in t.down_at("18:00") if c in NET.blocks}
    assert down_blocks == {"nimbus-us-east/object-storage", "nimbus-us-east/status-page"}
    assert t.state("nimbus-us-east/compute", "18:00") == "degraded"
    assert t.state("nimbus-us-east/load-balancer", "18:00") == "degraded"
    assert t.state("edgefast", "17:40") == "degraded"
    # No app is down: none keeps its files only in nimbus-us-east (first test).
    assert apps_in(t, "down", "18:00") == set()
    # First minutes (17:40): the apps that need EdgeFast hard are degraded with it, and the
    # apps that need a degraded nimbus-us-east service hard; TicketDash's primary is degraded,
    # not down, so it stays there, degraded.
    early = {"streamflix", "tunewave", "livecast", "shopfast", "bazaar", "chatmate",
             "homeglow", "docushare", "teamchat", "taskboard", "ticketdash"}  # fmt: skip
    assert apps_in(t, "degraded", "17:40") == early
    # Later (18:00) EdgeFast runs in its other regions: TuneWave and LiveCast are ok again.
    assert apps_in(t, "degraded", "18:00") == early - {"tunewave", "livecast"}
    assert t.full_recovery() == hm("21:54")


def test_s3_explain_names_launches_and_the_status_page():
    t = run(S3)
    text = _chain(t, "shopfast", "18:00")
    assert "nimbus-us-east/compute" in text and "object-storage" in text
    assert "outage of object-storage in nimbus-us-east (17:37–21:54)" in text
    page = _chain(t, "nimbus-us-east/status-page", "18:00")
    assert "needs nimbus-us-east/object-storage" in page


def test_s3_has_no_tail_ratio():
    c = compare(run(S3), scenarios.info(S3).record)
    assert c.record_tail is None and c.tail_ratio is None
    assert c.model_onset == hm("17:37")


# ---- §3 AWS us-east-1, 7 Dec 2021 -----------------------------------------------------------
# "Running instances mostly kept working, but could not be changed or launched"; ThousandEyes
# "saw page loads mostly normal by 16:50 UTC and then an API-failure phase lasting 7+ h,
# **resolving about 00:44 UTC Dec 8**" (casebook §3)
CONGESTION = "aws-network-congestion-2021"


def test_network_congestion_order_of_failure():
    t = run(CONGESTION)
    # 15:30-16:50 identity is down: SignOnce needs it hard, so SignOnce and the apps that need
    # SignOnce hard are down (first test): streamflix, shopfast, bazaar, chatmate, homeglow,
    # docushare, teamchat, taskboard. Compute is impaired, so every service of the region is
    # degraded at least: EdgeFast (active-active) and with it TuneWave and LiveCast; TicketDash
    # stays in its degraded primary.
    signonce_apps = {"streamflix", "shopfast", "bazaar", "chatmate", "homeglow", "docushare",
                     "teamchat", "taskboard"}  # fmt: skip
    assert apps_in(t, "down", "16:00") == signonce_apps
    assert apps_in(t, "degraded", "16:00") == {"tunewave", "livecast", "ticketdash"}
    # after 16:50 identity is only impaired: nothing is down once the backlogs of the first
    # 80 minutes have drained (at half pace while degraded; well before 20:00)
    assert apps_in(t, "down", "20:00") == set()
    assert apps_in(t, "degraded", "20:00") == signonce_apps | {"tunewave", "livecast",
                                                                "ticketdash"}  # fmt: skip
    # running machines keep working: compute is degraded, never down
    assert t.state("nimbus-us-east/compute", "16:00") == "degraded"
    assert t.minutes_in("nimbus-us-east/compute", "down") == 0
    assert t.full_recovery() == hm("day 2 00:44")


def test_network_congestion_explain_names_authorization_then_the_api_phase():
    t = run(CONGESTION)
    # casebook §3: the real mechanism is the congested internal network ("monitoring, internal
    # DNS, authorization, and parts of the EC2 control plane" sit on it); every step of the
    # replay names it as the root cause
    first = _chain(t, "shopfast", "16:00")
    assert "signonce is down because it needs nimbus-us-east/identity" in first
    assert "root cause: the internal network congests (authorization and internal DNS fail)" in (
        first)  # fmt: skip
    # later SignOnce is degraded by its first impaired need, compute (its needs in order:
    # compute, load balancer, kv-db, identity); identity is impaired too
    later = _chain(t, "taskboard", "22:00")
    assert "signonce is degraded because it needs nimbus-us-east/compute" in later
    assert "cannot be changed or launched" in later
    auth = _chain(t, "nimbus-us-east/identity", "22:00")
    assert "API calls fail over the congested internal network (authorization impaired)" in auth
    assert "internal network congests" in later
