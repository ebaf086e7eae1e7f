"""The dashboard agrees with the lessons: every starting failure can be removed, it opens at the
first failure, labels follow the mitigations, "worst hit" says when, a mitigation that does
nothing says so and why, one price scale, why-text as sentences.

Expected values are worked out in the comments from the scenario files, the catalogue and the
documented rules of the model (a global push reaches every server at once; a staged rollout's
canary is 5% of the fleet in whole units, its gate sees trouble ``detect_delay`` = 5 minutes
later and rolls back in 5 minutes).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import labkit
from labkit import chaos, costs, scenarios
from labkit.explorer import (
    CONTROLS,
    MITIGATION_PRICES,
    MITIGATIONS,
    Controls,
    RunCache,
    explore_inputs,
    mitigation_effect,
    mitigation_label,
)
from labkit.figures import blast_radius, impact_figure, internet_map, summary_text
from labkit.figures.style import figure_summary
from labkit.mechanisms import CATALOGUE

NET = labkit.build_internet()
SCENARIOS = Path(labkit.__file__).parent / "scenarios"
# the plain push of ConfigPush's own example: every EdgeFast edge server at 09:47, reverted by
# hand 49 minutes later (10:36)
PUSH = labkit.ConfigPush("edgefast", "09:47", revert_after=49)
PUSH_WORDS = "push of a bad config (crash) to edgefast at 09:47"


@pytest.fixture(scope="module")
def cache():
    return RunCache(NET)


def _stored_failure(name: str) -> dict:
    return json.loads((SCENARIOS / f"{name}.json").read_text())["failures"][0]


# ---- 1. every failure of a starting scenario can be removed ----------------------------------
def test_lesson_01_kv_outage_is_shown_by_the_region_row():
    # lesson 01 opens the dashboard on RegionOutage("nimbus-us-east", "08:00", "11:00",
    # blocks=["kv-db"]): one block of one region, which the region row's "part" can show, so
    # the row is ticked (no longer "every box unticked yet 14 components down")
    kv = labkit.Scenario(
        [labkit.RegionOutage("nimbus-us-east", "08:00", "11:00", blocks=["kv-db"])]
    )
    c = Controls.from_scenario(kv)
    assert c.on["region"] and c.values["region"] == {"region": "nimbus-us-east", "part": "kv-db"}
    assert (c.start["region"], c.fixed["region"]) == ("08:00", "11:00")
    assert c.extra_failures == () and c.kept() == []
    assert c.scenario() == kv
    c.on["region"] = False
    assert c.scenario().failures == ()


def test_the_region_row_builds_a_whole_region_or_one_block():
    c = Controls()
    c.on["region"] = True  # defaults: nimbus-us-east, whole region, 08:00-11:00
    assert c.scenario().failures == (labkit.RegionOutage("nimbus-us-east", "08:00", "11:00"),)
    c.values["region"]["part"] = "object-storage"  # S3's outage of 2017 (casebook §1)
    (f,) = c.scenario().failures
    assert f.blocks == ("object-storage",)


def test_lesson_04_push_has_a_flag_and_its_words():
    # fastly-config-2021.json: the push harms 85% of the servers (reach 0.85) and they refill
    # their caches for 90 minutes (cold 90); the push row builds only reach 1.0, cold 0, so the
    # push is kept with an on/off flag of its own, labelled with its words
    f = _stored_failure("fastly-config-2021")
    assert (f["reach"], f["cold"]) == (0.85, 90)
    sc = scenarios.load("fastly-config-2021")
    c = Controls.from_scenario(sc)
    assert not any(c.on.values())
    assert c.extra_on == [True]
    assert c.extra_labels() == [f"global {PUSH_WORDS}"]
    assert c.scenario() == sc  # all flags on: the round trip is exact
    c.extra_on[0] = False
    assert c.scenario().failures == () and c.kept() == []
    assert c.extra_labels() == [f"global {PUSH_WORDS}"]  # the label stays beside the flag


@pytest.mark.parametrize("name", scenarios.names())
def test_every_failure_of_every_stored_scenario_can_be_removed(name):
    sc = scenarios.load(name)
    c = Controls.from_scenario(sc)
    rows = [k for k in CONTROLS if c.on[k]]
    # each failure is shown by one row or kept with one flag
    assert len(rows) + len(c.extra_on) == len(sc.failures)
    assert len(c.extra_labels()) == len(c.extra_failures)
    assert c.scenario() == sc
    for k in rows:
        c.on[k] = False
    c.extra_on = [False] * len(c.extra_on)
    assert c.scenario().failures == ()
    assert c.scenario().mitigations == sc.mitigations


def test_kept_failures_switched_off_one_at_a_time_keep_their_order():
    zone = labkit.ZoneOutage("nimbus-us-east-a", "07:00", "08:00")
    two = labkit.RegionOutage("nimbus-us-east", "09:00", "10:00", blocks=["kv-db", "queue"])
    region = labkit.RegionOutage("nimbus-eu-central", "10:00", "11:00")
    c = Controls.from_scenario(labkit.Scenario([zone, region, two]))
    assert c.extra_failures == (zone, two) and c.on["region"]
    c.extra_on = [False, True]
    assert c.scenario().failures == (region, two)
    c.extra_on = [True, False]
    assert c.scenario().failures == (zone, region)


# ---- 2. the dashboard opens at the first failure ---------------------------------------------
def test_opening_minute_is_the_first_start_on_the_five_minute_grid():
    # no failure: 09:00
    assert Controls().opening_minute() == 9 * 60
    # fastly-config-2021 starts at 09:47 (casebook §5); the slider moves by 5 minutes and a
    # frame shows the state at its minute, so the first frame showing the push is 09:50
    assert _stored_failure("fastly-config-2021")["start"] == "09:47"
    fastly = Controls.from_scenario(scenarios.load("fastly-config-2021"))
    assert fastly.opening_minute() == 9 * 60 + 50
    # the earliest of several, whatever their order: 07:00 before 09:00
    zone = labkit.ZoneOutage("nimbus-us-east-a", "07:00", "08:00")
    region = labkit.RegionOutage("nimbus-us-east", "09:00", "10:00")
    c = Controls.from_scenario(labkit.Scenario([region, zone]))
    assert c.opening_minute() == 7 * 60
    c.extra_on = [False]  # the zone outage switched off: the region outage's 09:00
    assert c.opening_minute() == 9 * 60


def test_a_time_the_caller_gives_wins_on_the_same_grid():
    fastly = Controls.from_scenario(scenarios.load("fastly-config-2021"))
    # 13:02 is 782 minutes; the slider's grid of 5 puts it at 780 (13:00)
    assert fastly.opening_minute("13:02") == 780
    assert fastly.opening_minute(0) == 0
    # explore() without t: the inputs check leaves the time to opening_minute
    world, sc = explore_inputs(NET, "fastly-config-2021", None)
    assert world is NET and Controls.from_scenario(sc).opening_minute() == 590


def test_opening_minute_stays_within_the_sliders_day():
    # a two-day run whose only failure starts on day 2: the slider covers the first day,
    # 0 .. (1440 - 1) // 5 * 5 = 1435 (23:55), so the dashboard opens at its end
    late = labkit.RegionOutage("nimbus-us-east", "day 2 01:00", "day 2 03:00")
    c = Controls.from_scenario(labkit.Scenario([late], minutes=2 * 1440))
    assert c.opening_minute() == 1435


# ---- 3. labels follow the mitigations --------------------------------------------------------
def test_a_push_under_staged_rollout_reads_staged_push_everywhere():
    # StagedRollout: "Every ConfigPush of the scenario then follows this strategy instead of
    # its own", so the run's words for PUSH are "staged push ..."
    staged = labkit.simulate(NET, labkit.Scenario([PUSH], [labkit.StagedRollout()]))
    assert staged.failure_labels() == [f"staged {PUSH_WORDS}"]
    texts = [
        internet_map(staged, "09:50").layout.title.text.replace("<br>", " "),
        summary_text(staged, "09:50"),
        figure_summary(impact_figure(staged)),
        staged.impact_summary().title,
        str(staged.explain("streamflix", "09:50")).splitlines()[-1],
    ]
    for text in texts:
        assert f"staged {PUSH_WORDS}" in text and "global push" not in text, text
    plain = labkit.simulate(NET, labkit.Scenario([PUSH]))
    assert plain.failure_labels() == [f"global {PUSH_WORDS}"]
    assert f"global {PUSH_WORDS}" in summary_text(plain, "09:50")


def test_the_kept_note_follows_the_staged_rollout_box():
    c = Controls.from_scenario(scenarios.load("fastly-config-2021"))
    assert c.kept() == [f"global {PUSH_WORDS}"]
    c.mitigations["staged-rollout"] = True
    assert c.kept() == [f"staged {PUSH_WORDS}"]
    assert c.extra_labels() == [f"staged {PUSH_WORDS}"]


def test_the_blast_treemap_does_not_call_a_halted_canary_100_percent():
    # Under staged rollout the canary is 5% of EdgeFast's 48 servers in whole units: 3 units
    # (6%), 4 per city, so at most 3 of the 12 cities lose part of their edge at 09:47, and
    # only their users cannot use the streaming apps. The model marks each partly cut-off app
    # degraded for all its users, so "down or degraded" is all 17.0M streaming users: the
    # treemap must tell the two apart instead of adding them into "100% affected".
    staged = labkit.simulate(NET, labkit.Scenario([PUSH], [labkit.StagedRollout()]))
    (row,) = [r for r in staged.impact("streaming") if r.start <= 9 * 60 + 47 < r.end]
    assert row.users_down + row.users_degraded == row.users  # what read "100% affected"
    assert 0 < row.users_down < row.users
    fig = blast_radius(staged, "09:47")
    labels = dict(zip(fig.data[0].ids, fig.data[0].labels, strict=True))
    down, slow = row.users_down / row.users, row.users_degraded / row.users
    assert (
        labels["streaming"] == f"<b>streaming</b> · {down:.0%} cannot use it, {slow:.0%} degraded"
    )
    assert "100%" not in labels["streaming"] and "affected" not in fig.layout.title.text.replace(
        "<br>", " "
    )
    assert f"{row.users_down / 1e6:.1f}M of 60.8M app users cannot use their app" in (
        fig.layout.title.text.replace("<br>", " ")
    )
    # the canary is rolled back by 09:47 + 5 (gate) + 5 (rollback) = 09:57: all fine at 10:00
    assert (
        blast_radius(staged, "10:00").layout.title.text.replace("<br>", " ")
        == "At 10:00, all 60.8M app users are fine"
    )


# ---- 4. "worst hit" says when ----------------------------------------------------------------
def test_worst_hit_says_when_and_how_long():
    # The global push crashes every edge server at 09:47; the streaming apps (StreamFlix,
    # TuneWave, LiveCast: 17.0M users) need EdgeFast and are down until the revert at
    # 09:47 + 49 = 10:36. 17.0M users x 49/60 h = 13.88M user-hours; no other category has an
    # app down.
    plain = labkit.simulate(NET, labkit.Scenario([PUSH]))
    assert {a.id for a in NET.apps("streaming")} == {"streamflix", "tunewave", "livecast"}
    title = (
        "Worst hit: streaming, 100% of its users at 09:47–10:36 (49 min); 13.9M user-hours "
        "down in all"
    )
    fig = impact_figure(plain)
    assert fig.layout.title.text.replace("<br>", " ") == title
    assert figure_summary(fig) == (
        f"{title} (17.0M of 17.0M streaming users at the peak; global {PUSH_WORDS})."
    )


def test_worst_hit_says_how_often_a_peak_came_back():
    # two pushes of 10 minutes each, at 09:00 and 12:00: the same peak twice; user-hours
    # 17.0M x 20/60 h = 5.67M
    twice = labkit.Scenario(
        [labkit.ConfigPush("edgefast", "09:00", revert_after=10),
         labkit.ConfigPush("edgefast", "12:00", revert_after=10)]
    )  # fmt: skip
    fig = impact_figure(labkit.simulate(NET, twice))
    assert fig.layout.title.text.replace("<br>", " ") == (
        "Worst hit: streaming, 100% of its users at 09:00–09:10 (10 min, and 1 more time); "
        "5.7M user-hours down in all"
    )


def test_a_peak_that_lasts_to_the_end_of_the_run_says_so():
    # a push never reverted: the streaming apps are down from 09:47 (587) to the end of the
    # one-day run (1440): 853 min = 14 h 13 min; 17.0M users x 853/60 h = 241.68M user-hours
    never = labkit.ConfigPush("edgefast", "09:47", revert_after=None)
    fig = impact_figure(labkit.simulate(NET, labkit.Scenario([never])))
    assert fig.layout.title.text.replace("<br>", " ") == (
        "Worst hit: streaming, 100% of its users from 09:47 to the end of the run "
        "(14 h 13 min); 241.7M user-hours down in all"
    )


def test_a_failure_that_hits_no_app_user_says_so():
    # the status page is a block no app needs: it only reports on its region
    assert not any("nimbus-us-east/status-page" in NET.dependencies(a.id) for a in NET.apps())
    page = labkit.RegionOutage("nimbus-us-east", "09:00", "10:00", blocks=["status-page"])
    fig = impact_figure(labkit.simulate(NET, labkit.Scenario([page])))
    assert (
        fig.layout.title.text.replace("<br>", " ")
        == "No app user affected; 0.0M user-hours down in all"
    )


# ---- 5. a mitigation that does nothing says so and why ---------------------------------------
def test_a_mitigation_that_changes_the_run_has_no_note(cache):
    # StagedRollout's own example: with it, nothing is down at 10:00; without it, edgefast is
    c = Controls.from_scenario(labkit.Scenario([PUSH]))
    assert mitigation_effect(cache, c, "staged-rollout") == ""
    c.mitigations["staged-rollout"] = True  # ticked: unticking it changes the run as much
    assert mitigation_effect(cache, c, "staged-rollout") == ""


def test_a_mitigation_for_failures_the_scenario_lacks_says_which_it_acts_on(cache):
    # RPKI is in the catalogue's "bgp" mechanism, whose failure kinds are the BGP hijack,
    # route leak, withdrawal, backbone cut and counter-announcement; the scenario holds only
    # a bad config push
    c = Controls.from_scenario(labkit.Scenario([PUSH]))
    assert [k.label for k in CATALOGUE.failures() if k.mechanism == "bgp"] == [
        "BGP hijack", "BGP route leak", "BGP withdrawal", "backbone cut",
        "BGP counter-announcement",
    ]  # fmt: skip
    assert mitigation_effect(cache, c, "rpki") == (
        'no effect on this scenario: "RPKI" acts on routing (BGP) failures (BGP hijack, BGP '
        "route leak, BGP withdrawal, backbone cut, BGP counter-announcement), and this "
        "scenario holds none (it holds: bad config push)."
    )


def test_a_mitigation_whose_failures_are_there_says_nothing_changes(cache):
    # A 5-minute region outage without backlog: a standby takes over failover_delay = 5
    # minutes after the outage begins (Scenario's default), at 09:10, when the region is back,
    # so the second region changes nothing.
    short = labkit.RegionOutage("nimbus-us-east", "09:05", "09:10", backlog_after=False)
    c = Controls.from_scenario(labkit.Scenario([short]))
    assert c.failover_delay == 5
    assert mitigation_effect(cache, c, "multi-region") == (
        "no effect on this scenario: the failures it acts on are in the scenario (region "
        'outage), but "multi-region" (every cloud service gets a standby in a second region) '
        "changes no component's state and no user count here."
    )


def test_a_client_mitigation_and_an_empty_scenario(cache):
    # checkpointing saves AI training progress; the push stops no region's compute, so no
    # training is lost with or without it
    c = Controls.from_scenario(labkit.Scenario([PUSH]))
    assert mitigation_effect(cache, c, "checkpointing") == (
        'no effect on this scenario: "AI checkpointing" acts on how clients and apps behave in '
        "any failure (AI training saves progress every 30 minutes); the failures it acts on "
        "are in the scenario (bad config push), but with it no component's state, no user "
        "count and no AI training lost changes."
    )
    assert mitigation_effect(cache, Controls(), "multi-cloud") == (
        "no effect on this scenario: there is no failure for it to act on."
    )


def test_asking_again_runs_nothing(cache, monkeypatch):
    c = Controls.from_scenario(labkit.Scenario([PUSH]))
    first = mitigation_effect(cache, c, "serve-stale")
    monkeypatch.setattr(labkit.explorer, "simulate", lambda *a: pytest.fail("ran again"))
    assert mitigation_effect(cache, c, "serve-stale") == first != ""


# ---- 6. one price scale ----------------------------------------------------------------------
def test_dashboard_prices_are_the_chaos_labs():
    # lesson 06 charges multi-region 40 credits against a 60-credit budget (chaos.menu_table:
    # "multi-region     40"); lesson 05's per-service price list says 160 for the same words
    # (1.6 x 100), a different scale that must not label a checkbox
    assert chaos.DEFAULT_BUDGET == 60 and chaos.PRICES["multi-region"] == 40
    assert costs.deployment_cost("multi-region") == 160
    assert (
        mitigation_label("multi-region") == MITIGATIONS["multi-region"][0] == "multi-region (40 cr)"
    )
    for key, (label, _, _) in MITIGATIONS.items():
        price = MITIGATION_PRICES[key]
        if key in chaos.PRICES:
            assert price == chaos.PRICES[key], key
        elif price is not None:  # priced in the catalogue but not on the lab's menu
            assert price == CATALOGUE.price(key)
        assert label == (
            f"{CATALOGUE.kind(key).label} ({price} cr)" if price else CATALOGUE.kind(key).label
        )
        assert "160" not in label and "230" not in label
    assert set(chaos.PRICES) <= set(MITIGATIONS)  # everything the lab sells is on the dashboard


# ---- 7. why-text reads as sentences ----------------------------------------------------------
def _flat(text: str) -> str:
    return " ".join(text.split())


def test_explanation_lines_are_unwrapped_sentences_for_the_page():
    # the page wraps text on word boundaries itself: lines() gives each step whole
    why = labkit.simulate(NET, labkit.Scenario([PUSH])).explain("streamflix", "10:00")
    lines = why.lines()
    assert lines[0].startswith("streamflix is down at 10:00 because it needs edgefast")
    assert lines[1].startswith("← edgefast is down because of the failure: global push")
    assert lines[-1] == f"root cause: global {PUSH_WORDS}"
    assert _flat(str(why)) == _flat(" ".join(lines))  # the printed text: the same words
    assert all("\n" not in line for line in lines)


def test_why_a_global_push_took_the_cdn_down():
    # a global push reaches all 48 servers at once; "crash" leaves none serving: 0% capacity
    why = labkit.simulate(NET, labkit.Scenario([PUSH])).explain("edgefast", "10:00")
    assert _flat(str(why)) == (
        f"edgefast is down at 10:00 because of the failure: global {PUSH_WORDS}, which left "
        "EdgeFast edge at 0% capacity because config v2 (crash) was pushed to every unit at "
        f"once at 09:47 root cause: global {PUSH_WORDS}"
    )


def test_why_a_canary_city_cannot_reach_an_app_before_and_after_the_halt():
    # The canary: 3 of the 48 servers (6%), one each in New York, Mumbai and Tokyo (the
    # rollout model's seeded order, see test_rollout), so each of those cities keeps 3 of its
    # 4 servers: 75%. The gate halts at 09:47 + 5 = 09:52 and the rollback ends at 09:57.
    staged = labkit.simulate(NET, labkit.Scenario([PUSH], [labkit.StagedRollout()]))
    head = (
        "streamflix is degraded at {t} because users in Mumbai, New York, Tokyo cannot reach "
        f"it because of the failure: staged {PUSH_WORDS}, which left EdgeFast edge in New York "
        "at 75% capacity because config v2 (crash) "
    )
    before = _flat(str(staged.explain("streamflix", "09:50")))
    assert before == head.format(t="09:50") + (
        "has reached the canary (6%) and the health gate has not halted it yet "
        f"root cause: staged {PUSH_WORDS}"
    )
    after = _flat(str(staged.explain("streamflix", "09:55")))  # the same stretch of health
    assert after == head.format(t="09:55") + (
        "reached the canary (6%) before the health gate halted the rollout at 09:52; rollback "
        f"under way root cause: staged {PUSH_WORDS}"
    )
    assert staged.state("streamflix", "09:57") == "ok"
    for text in (before, after):
        assert "cannot reach it:" not in text and ": of the failure" not in text
