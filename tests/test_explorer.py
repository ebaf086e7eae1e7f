"""The explore() dashboard without a browser: controls → scenario → figures and texts."""

from __future__ import annotations

import html

import pytest

import labkit
from labkit.explorer import FAILURE_KINDS, Controls

NET = labkit.build_internet()


@pytest.fixture
def ex():
    return labkit.explore(NET)


def downs(ex) -> int:
    """Components the map draws as down at the minute shown (what the browser draws too)."""
    return ex.stage.frame()["states"].count("down")


def summary(ex) -> str:
    return ex.stage.frame()["summary"]


def lines(ex) -> list:
    return [line["y"] for line in ex.stage.run["impact"]["lines"]]


def test_starts_quiet(ex):
    assert downs(ex) == 0
    assert "no failure" in summary(ex)
    assert ex.message.value == ""


@pytest.mark.parametrize("kind", list(FAILURE_KINDS))
def test_each_failure_kind_changes_map_impact_and_summary(ex, kind):
    before_y = lines(ex)
    ex.toggles[kind].value = True
    assert downs(ex) > 0, kind
    assert lines(ex) != before_y
    assert "no failure" not in summary(ex)
    assert ex.timeline.failures and ex.timeline.scenario == ex.controls.scenario()
    ex.toggles[kind].value = False
    assert downs(ex) == 0


def test_a_mitigation_lowers_the_affected_users(ex):
    ex.toggles["region"].value = True
    hit = ex.timeline.affected_at("09:00")
    ex.mitigations["multi-region"].value = True
    assert ex.timeline.affected_at("09:00") < hit
    assert f"{ex.timeline.affected_at('09:00') / 1e6:.1f}M" in summary(ex) or (
        " 0 of " in summary(ex)
    )


def test_bad_times_show_a_message_and_keep_the_last_figures(ex):
    ex.toggles["region"].value = True
    shown = ex.stage.run
    ex.params["fixed:region"].value = "07:00"
    assert "fixed: got &#x27;07:00&#x27;" in ex.message.value
    assert "not after start" in ex.message.value
    assert ex.stage.run is shown
    ex.params["fixed:region"].value = "twelve"
    assert "fixed: got &#x27;twelve&#x27;" in ex.message.value
    ex.params["fixed:region"].value = "12:00"
    assert ex.message.value == ""
    assert ex.timeline.failures[0].fixed_min == 720


def test_time_slider_recolours_without_simulating_again(ex, monkeypatch):
    ex.toggles["region"].value = True
    calls = []
    monkeypatch.setattr(labkit.explorer, "simulate", lambda *a: calls.append(a))
    ex.stage.t = 7 * 60
    assert downs(ex) == 0 and "07:00" in summary(ex)
    ex.stage.t = 9 * 60
    assert downs(ex) > 0
    assert calls == []


def test_why_panel_explains_the_picked_component(ex):
    ex.toggles["region"].value = True
    ex.why_pick.value = "bazaar"
    assert "root cause: outage of nimbus-us-east" in ex.why.value
    ex.stage.t = 6 * 60
    assert "bazaar is ok at 06:00" in ex.why.value


def test_a_stored_scenario_sets_the_controls():
    sc = labkit.scenarios.load("youtube-hijack-2008")
    ex = labkit.explore(NET, sc)
    assert ex.toggles["bgp"].value and ex.params["bgp:target"].value == "streamflix"
    assert ex.timeline.scenario == sc


def test_controls_keep_failures_they_have_no_control_for():
    # two blocks at once: the region row shows a whole region or one block of it
    odd = labkit.RegionOutage("nimbus-us-east", blocks=["object-storage", "queue"], duration=30)
    c = Controls.from_scenario(labkit.Scenario([odd], [labkit.MultiRegion(("shopfast",))]))
    assert c.extra_failures == (odd,) and not any(c.on.values())
    assert c.scenario().failures == (odd,)
    assert c.scenario().mitigations == (labkit.MultiRegion(("shopfast",)),)


def test_blast_radius_is_drawn_only_when_opened_and_follows_the_run(ex):
    ex.toggles["region"].value = True
    assert ex.blast_fig is None
    ex.blast.selected_index = 0
    assert ex.blast_fig is not None
    # 50.5M app users are hit at 09:00 (Timeline.affected_at's example); the title tells those
    # whose app is down from those whose app is only degraded (no city is cut off here)
    states = ex.timeline.states_at("09:00")
    down = sum(a.total_users for a in NET.apps() if states[a.id] == "down")
    slow = sum(a.total_users for a in NET.apps() if states[a.id] == "degraded")
    assert down + slow == 50_500_000
    told = f"{down / 1e6:.1f}M of 60.8M app users cannot use their app, {slow / 1e6:.1f}M more"
    assert told in ex.blast_fig.layout.title.text.replace("<br>", " ")
    ex.toggles["region"].value = False
    assert "cannot use" not in ex.blast_fig.layout.title.text.replace("<br>", " ")


def test_every_mitigation_checkbox_builds_a_valid_scenario(ex):
    ex.toggles["region"].value = True
    for box in ex.mitigations.values():
        box.value = True
        assert ex.message.value == ""
    assert len(ex.timeline.scenario.mitigations) == len(ex.mitigations)


def test_ai_training_lost_shows_in_the_summary_until_checkpointing_is_on(ex):
    ex.toggles["region"].value = True
    assert "AI training progress lost: 120 min" in ex.stage.note
    ex.mitigations["checkpointing"].value = True
    assert "AI training" not in ex.stage.note


@pytest.mark.parametrize("name", labkit.scenarios.names())
def test_every_stored_scenario_survives_the_controls_round_trip(name):
    sc = labkit.scenarios.load(name)
    assert Controls.from_scenario(sc).scenario() == sc


def test_the_round_trip_keeps_what_no_control_shows():
    # run length, seed, failover delay, a day-2 failure, a push never reverted, a failure kind
    # with no row (a zone outage), mitigations out of the panel's order: all come back equal
    sc = labkit.Scenario(
        [
            labkit.RegionOutage("nimbus-us-east", "day 2 01:00", "day 2 03:00"),
            labkit.ConfigPush("edgefast", "09:47", revert_after=None),
            labkit.ZoneOutage("nimbus-us-east-a", "10:00", duration=30),
        ],
        [labkit.RetryBackoff(), labkit.MultiRegion()],
        minutes=2 * 1440,
        seed=3,
        failover_delay=9,
    )
    c = Controls.from_scenario(sc)
    assert c.scenario() == sc
    assert c.on["region"] and c.start["region"] == "day 2 01:00"
    assert c.on["push"] and c.fixed["push"] == "never"
    assert [f.describe() for f in c.extra_failures] == [sc.failures[2].describe()]
    assert "outage of zone nimbus-us-east-a" in " ".join(c.kept())


def test_a_failure_after_the_run_is_an_error_that_says_so():
    with pytest.raises(ValueError, match="at or after the run's end"):
        labkit.Scenario([labkit.RegionOutage("nimbus-us-east", "13:00")], minutes=600)


def test_it_opens_where_the_first_failure_starts_unless_told():
    # Fastly's push went out at 09:47 (casebook §5); on the slider's 5-minute grid the first
    # frame that can show it is 09:50 (09:45 is before the push)
    ex = labkit.explore(NET, "fastly-config-2021")
    assert ex.stage.t == 9 * 60 + 50 and downs(ex) > 0
    assert labkit.explore(NET, "fastly-config-2021", t="12:00").stage.t == 12 * 60
    # no failure: 09:00, as before
    assert labkit.explore(NET).stage.t == 9 * 60


def test_a_kept_failure_has_its_own_checkbox_that_removes_it():
    # the Fastly replay's push reaches 85% of the edge and refills caches for 90 minutes:
    # no row can show that, so it is kept, with a checkbox of its own
    ex = labkit.explore(NET, "fastly-config-2021")
    assert len(ex.kept) == 1 and ex.kept[0].value
    assert "global push" in ex.kept[0].description
    assert downs(ex) > 0
    ex.mitigations["staged-rollout"].value = True
    assert "staged push" in ex.kept[0].description
    ex.kept[0].value = False
    assert ex.timeline.failures == () and downs(ex) == 0
    ex.kept[0].value = True
    assert len(ex.timeline.failures) == 1


def test_a_mitigation_that_changes_nothing_says_so_under_the_figures(ex):
    ex.toggles["region"].value = True
    ex.mitigations["rpki"].value = True  # RPKI acts on BGP; a region outage has no BGP part
    assert "no effect on this scenario" in ex.stage.note
    assert "routing (BGP)" in ex.stage.note
    ex.mitigations["rpki"].value = False
    assert "no effect" not in ex.stage.note


def test_the_why_text_is_sent_as_whole_lines_for_the_page_to_wrap(ex):
    ex.toggles["region"].value = True
    ex.why_pick.value = "streamflix"
    why = ex.timeline.explain("streamflix", ex.stage.t)
    body = ex.why.value.split(">", 1)[1].rsplit("<", 1)[0]
    assert body.split("\n") == [html.escape(line) for line in why.lines()]


def test_every_choice_in_a_dropdown_fits_without_being_cut(ex):
    # At the page's 13 px font a character of a region or network name is about 7 px wide on
    # average, and the dropdown's arrow and padding take about 20 px: "nimbus-us-east" (14
    # characters) needs about 14 * 7 + 20 = 118 px, more than the 108 px it once had.
    import ipywidgets as w

    dropdowns = [d for d in ex.params.values() if isinstance(d, w.Dropdown)]
    assert dropdowns
    for d in dropdowns:
        longest = max(len(str(label)) for label in d.options)
        assert int(d.layout.width.removesuffix("px")) >= 7 * longest + 20, (d.value, d.options)
