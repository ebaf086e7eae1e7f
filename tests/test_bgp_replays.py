"""Acceptance of the two routing-only replays: the order in which things fail, and an
explanation that names the hijack or the leak. Neither record has both a root-cause fix and a
full recovery (see ``EXPECTED`` in ``tests/test_replay.py``), so there is no tail ratio.

Every expected time is derived from the casebook line quoted beside it
(``/work/shared/casebook/outages.md``). The Facebook replay's are in ``tests/test_bgp_dns.py``.
"""

from __future__ import annotations

from worlds import hm

import labkit
from labkit import scenarios
from labkit.replay import compare

NET = labkit.build_internet()


def hurt(t, minute: int) -> set[str]:
    return {r.component for r in t.rows() if r.state != "ok" and r.start <= minute < r.end}


# ---- YouTube, 24 Feb 2008 (casebook §9) ---------------------------------------------------------
YT = scenarios.load("youtube-hijack-2008")
YT_T = labkit.simulate(NET, YT)


def test_youtube_order_of_failure():
    """§9: "18:47 hijack → … → 20:18 YouTube announces two /25s (longest-prefix wins back
    traffic) → … → 21:01 PCCW withdraws PT's prefixes". Nothing is hurt before 18:47; from
    18:47 StreamFlix (the hijacked app) is down; it is back at 20:18, before the 21:01 fix."""
    assert hurt(YT_T, hm("18:46")) == set()
    assert YT_T.state("streamflix", "18:47") == "down"
    assert YT_T.state("streamflix", "20:17") == "down"
    assert YT_T.state("streamflix", "20:18") == "ok"
    assert YT_T.recovered_at("streamflix") == hm("20:18") < hm("21:01")


def test_youtube_explain_names_the_hijack():
    e = YT_T.explain("streamflix", "19:00")
    assert isinstance(e.root, labkit.PrefixHijack)
    text = str(e)
    # §9: "Routers prefer the longest matching prefix, so most of the internet sent YouTube
    # traffic to Pakistan": the hijacker, and the more specific route
    for link in ("reaches the hijacker", "natel", "more specific", "BGP hijack"):
        assert link in text, link


def test_youtube_against_the_record_has_no_tail_ratio():
    c = compare(YT_T, scenarios.info("youtube-hijack-2008").record)
    assert c.model_onset == hm("18:47")  # §9: "2008-02-24 18:47 UTC"
    assert c.record_tail is None and c.tail_ratio is None  # no full recovery in the record


# ---- Verizon / DQE, 24 Jun 2019 (casebook §11a) --------------------------------------------------
VZ = scenarios.load("verizon-leak-2019")
VZ_T = labkit.simulate(NET, VZ)


def test_verizon_order_of_failure():
    """§11a: "Start about 10:30–10:34 UTC → ended about 12:37–12:39 UTC". The leak starts at
    10:30 and stops at 12:37 in the replay: nothing is hurt before 10:30, apps are hurt from
    10:30, and everything is ok again by 12:39, the record's end."""
    assert hurt(VZ_T, hm("10:29")) == set()
    assert hurt(VZ_T, hm("10:30"))
    assert hurt(VZ_T, hm("12:39")) == set()
    assert VZ_T.full_recovery() <= hm("12:39")


def test_verizon_explain_names_the_leak():
    """§11a: "More-specifics win, so traffic … funnelled through a small network": the path
    goes through the leaker, preferred by the Gao–Rexford order."""
    hurt_at_11 = sorted(hurt(VZ_T, hm("11:00")) & set(NET.services))
    assert hurt_at_11
    e = VZ_T.explain(hurt_at_11[0], "11:00")
    assert isinstance(e.root, labkit.RouteLeak)
    text = str(e)
    for link in ("through the leaker", "alloyworks", "BGP route leak"):
        assert link in text, link


def test_verizon_against_the_record_has_no_tail_ratio():
    c = compare(VZ_T, scenarios.info("verizon-leak-2019").record)
    assert c.model_onset == hm("10:30")  # §11a: "2019-06-24 10:30 UTC (Cloudflare)"
    assert c.tail_ratio is None  # no root-cause fix apart from the end
