"""Impact in user terms: orders, revenue, IoT devices, inference errors, and the minutes a
status page showed green while users were down. Expected values are worked out by hand from
the toy rates in TOY_USER_TERMS, the apps' users and small drawn dependency chains."""

from __future__ import annotations

import pytest

import labkit
from labkit import (
    CATEGORIES,
    AppTerms,
    IndependentStatusPage,
    LocalFallback,
    RegionOutage,
    RetryBackoff,
    Scenario,
    simulate,
    user_impact_table,
)
from labkit.user_impact import TOY_USER_TERMS, status_pages

NET = labkit.build_internet()
MAIN = NET.main_region()  # nimbus-us-east


@pytest.fixture(scope="module")
def login_hour():
    """Identity fails 08:00-09:00 in the main region (backoff: no retry storm after it).

    Drawn by hand: identity <- SignOnce (hard: signs tokens with keys kept in identity) <-
    ShopFast, Bazaar, ChatMate, HomeGlow (each needs SignOnce hard). So those four apps are
    down for exactly the hour, then degraded while the queued work drains.
    """
    s = Scenario([RegionOutage(MAIN, "08:00", "09:00", blocks=("identity",))], [RetryBackoff()])
    t = simulate(NET, s)
    for app in ("shopfast", "bazaar", "chatmate", "homeglow"):
        assert [(r.start, r.end) for r in t.rows(app) if r.state == "down"] == [(480, 540)]
    for app in ("ticketdash", "scribeai", "visionkit", "doorcam", "petfeeder"):
        assert t.minutes_in(app, "down") == 0
    return t


def test_toy_rates_the_hand_numbers_below_rest_on():
    assert TOY_USER_TERMS["shopfast"] == AppTerms(orders_per_user_hour=0.05, order_value=60)
    assert TOY_USER_TERMS["bazaar"] == AppTerms(orders_per_user_hour=0.04, order_value=35)
    assert TOY_USER_TERMS["homeglow"].devices_per_user == 6
    assert TOY_USER_TERMS["chatmate"].requests_per_user_hour == 20
    users = {a: NET.services[a].total_users for a in ("shopfast", "bazaar", "chatmate", "homeglow")}
    assert users == {"shopfast": 6_000_000, "bazaar": 4_000_000, "chatmate": 7_000_000,
                     "homeglow": 3_000_000}  # fmt: skip


def test_orders_and_revenue_lost_in_a_one_hour_login_outage(login_hour):
    u = login_hour.user_impact()
    # ShopFast: 6.0M users x 1 h x 0.05 = 300,000 orders x $60 = $18.0M
    # Bazaar:   4.0M users x 1 h x 0.04 = 160,000 orders x $35 = $5.6M
    assert u.orders_lost == pytest.approx(300_000 + 160_000)
    assert u.revenue_lost == pytest.approx(18_000_000 + 5_600_000)


def test_iot_devices_not_responding_and_inference_errors(login_hour):
    u = login_hour.user_impact()
    # HomeGlow: 3.0M users x 6 lights = 18.0M devices not responding for the hour
    assert u.devices_not_responding == 18_000_000
    glow = {a.app: a for a in u.apps}["homeglow"]
    assert glow.device_hours_down == pytest.approx(18_000_000)
    # ChatMate: 7.0M users x 1 h x 20 requests = 140M failed inference requests
    assert u.inference_errors == pytest.approx(140_000_000)


def test_local_fallback_keeps_the_devices_answering():
    # with local fallback HomeGlow is degraded, not down: its lights still switch
    s = Scenario([RegionOutage(MAIN, "08:00", "09:00", blocks=("identity",))],
                 [RetryBackoff(), LocalFallback()])  # fmt: skip
    assert simulate(NET, s).user_impact().devices_not_responding == 0


def test_own_rates_replace_the_toy_table(login_hour):
    # 1 order per user-hour at $10: ShopFast alone, 6.0M orders, $60M
    u = login_hour.user_impact({"shopfast": AppTerms(orders_per_user_hour=1, order_value=10)})
    assert (u.orders_lost, u.revenue_lost) == (pytest.approx(6e6), pytest.approx(6e7))


def test_users_cut_off_by_routing_are_shared_among_degraded_apps_without_loss():
    # a route leak cuts some cities off: their users count as down in the category totals;
    # the per-app shares must add up to exactly those totals
    t = simulate(NET, labkit.scenarios.load("verizon-leak-2019"))
    summary, u = t.impact_summary(), t.user_impact()
    assert summary.row("AI").user_hours_down > 0
    for cat in CATEGORIES:
        ours = sum(a.user_hours_down for a in u.apps if a.category == cat)
        assert ours == pytest.approx(summary.row(cat).user_hours_down)


def test_a_status_page_that_fails_with_its_region_shows_green_throughout():
    # casebook §1: the dashboard "did not show S3 as down, because the dashboard itself depended
    # on S3". The whole region fails 09:00-10:00: the page (it needs object storage) goes down
    # in the same minute, never having turned red: green for all 60 minutes while SignOnce,
    # hosted there, is down
    t = simulate(NET, Scenario([RegionOutage(MAIN, "09:00", "10:00")], [RetryBackoff()]))
    [page] = [p for p in status_pages(t) if p.region == MAIN]
    assert (page.page_down_minutes, page.green_while_down) == (60, 60)
    assert "signonce" in page.down
    assert t.user_impact().green_while_down == (("nimbus", 60),)


def test_a_page_that_turned_red_before_it_failed_stays_red():
    # the queue fails at 08:00: the page is up and turns red. The region fails at 09:00 and the
    # page with it, but it keeps showing red: no green minutes
    queue = RegionOutage(MAIN, "08:00", "10:00", blocks=("queue",))
    s = Scenario([RegionOutage(MAIN, "09:00", "10:00"), queue], [RetryBackoff()])
    t = simulate(NET, s)
    assert t.state(f"{MAIN}/status-page", "08:30") == "ok"
    assert t.state(f"{MAIN}/status-page", "09:30") == "down"
    assert t.user_impact().green_while_down == ()


def test_a_status_page_hosted_elsewhere_never_shows_green_during_the_outage():
    s = Scenario([RegionOutage(MAIN, "08:00", "11:00")], [IndependentStatusPage()])
    assert simulate(NET, s).user_impact().green_while_down == ()


def test_s3_down_with_the_page_that_depends_on_it_counts_as_green_while_down():
    # casebook §1: "The AWS Service Health Dashboard did not show S3 as down, because the
    # dashboard itself depended on S3". Object storage alone fails 09:00-10:00; the page needs
    # it (hard), so it goes down in the same minute, never red: 60 green minutes, while the
    # services hosted there are only degraded
    s = Scenario([RegionOutage(MAIN, "09:00", "10:00", blocks=("object-storage",))])
    t = simulate(NET, s)
    assert t.state("signonce", "09:30") == "degraded"
    [page] = [p for p in status_pages(t) if p.region == MAIN]
    assert (page.page_down_minutes, page.green_while_down) == (60, 60)
    assert page.down == (f"{MAIN}/object-storage",)


def test_a_provider_counts_overlapping_minutes_of_its_regions_once():
    # us-east fails 08:00-10:00, us-west 09:00-11:00: each page is green for 120 minutes while
    # a service behind it is down (us-west: DocuShare, down since 08:00 for want of SignOnce),
    # but Nimbus as a whole for 08:00-11:00 = 180, not 240
    s = Scenario([RegionOutage(MAIN, "08:00", "10:00"),
                  RegionOutage("nimbus-us-west", "09:00", "11:00")], [RetryBackoff()])  # fmt: skip
    t = simulate(NET, s)
    pages = {p.region: p.green_while_down for p in status_pages(t)}
    assert (pages[MAIN], pages["nimbus-us-west"]) == (120, 120)
    assert t.user_impact().green_while_down == (("nimbus", 180),)


def test_the_table_and_the_summary_carry_the_same_numbers(login_hour):
    rows = {r.measure: r for r in user_impact_table(login_hour)}
    assert rows["orders lost"].value == pytest.approx(460_000)
    assert rows["orders lost"].unit == "orders"
    assert rows["AI training progress lost"].value == 0  # compute never went down
    summary = login_hour.impact_summary()
    assert summary.user_terms == login_hour.user_impact()
    assert summary.gpu_hours_lost == 0
