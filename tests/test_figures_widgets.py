"""Figures and the explorer widget: readable, colour-blind-safe, updated in place."""

from __future__ import annotations

import pytest

import labkit
import labkit.figures.frames as frames
from labkit.figures import (
    STATE_STYLE,
    impact_figure,
    internet_map,
    summary_text,
    update_impact,
    update_map,
)

NET = labkit.build_internet()
OUTAGE = labkit.Scenario([labkit.RegionOutage("nimbus-us-east", "08:00", "11:00")])


@pytest.fixture(scope="module")
def day():
    return labkit.simulate(NET, OUTAGE)


def test_states_differ_in_colour_and_shape_from_the_okabe_ito_palette():
    okabe_ito = {"#E69F00", "#56B4E9", "#009E73", "#F0E442", "#0072B2", "#D55E00", "#CC79A7"}
    colours = [c for c, _ in STATE_STYLE.values()]
    shapes = [s for _, s in STATE_STYLE.values()]
    assert set(colours) <= okabe_ito and len(set(colours)) == 3
    assert len(set(shapes)) == 3


def test_map_colours_each_component_by_its_state(day):
    fig = internet_map(day, "09:00")
    nodes = fig.data[1]
    states = day.states_at("09:00")
    expected = [STATE_STYLE[states[c]][0] for c in day.components]
    assert list(nodes.marker.color) == expected
    assert list(nodes.marker.color).count(STATE_STYLE["down"][0]) == len(day.down_at("09:00"))
    assert fig.layout.font.size >= 14 and fig.layout.title.font.size >= 18
    assert {t.name for t in fig.data if t.showlegend is not False} >= set(STATE_STYLE)
    assert "components down" in fig.layout.title.text.replace("<br>", " ")


def test_update_map_recolours_in_place_to_match_a_fresh_figure(day):
    quiet = labkit.simulate(NET, labkit.Scenario())
    fig = internet_map(quiet, "09:00", widget=True)
    update_map(fig, day, "09:00")
    fresh = internet_map(day, "09:00")
    assert list(fig.data[1].marker.color) == list(fresh.data[1].marker.color)
    assert list(fig.data[1].marker.symbol) == list(fresh.data[1].marker.symbol)
    assert fig.layout.title.text.replace("<br>", " ") == fresh.layout.title.text.replace(
        "<br>", " "
    )


def test_impact_figure_has_a_line_per_category_and_marks_start_and_fix(day):
    fig = impact_figure(day, "09:00")
    assert [t.name for t in fig.data if t.legendgroup != "marks"] == list(labkit.CATEGORIES)
    xs = sorted(s.x0 for s in fig.layout.shapes)
    assert 8.0 in xs and 11.0 in xs and 9.0 in xs
    ecommerce = fig.data[1]
    assert max(ecommerce.y) == 100.0
    assert fig.layout.title.text.replace("<br>", " ").startswith("Worst hit:")


def test_update_impact_matches_a_fresh_figure(day):
    fig = impact_figure(labkit.simulate(NET, labkit.Scenario()), widget=True)
    assert max(max(t.y) for t in fig.data[: len(labkit.CATEGORIES)]) == 0
    update_impact(fig, day, "09:00")
    fresh = impact_figure(day, "09:00")
    n = len(labkit.CATEGORIES)
    assert [list(t.y) for t in fig.data[:n]] == [list(t.y) for t in fresh.data[:n]]
    # the widget's legend has every vertical line a later run may draw
    marks = {t.name for t in fig.data if t.legendgroup == "marks"}
    assert marks >= {t.name for t in fresh.data if t.legendgroup == "marks"}


def test_summary_text_states_the_numbers(day):
    text = summary_text(day, "09:00")
    affected = day.affected_at("09:00")
    assert f"{affected / 1e6:.1f}M of 60.8M app users affected" in text
    assert f"{len(day.down_at('09:00'))} components down" in text


def test_explorer_toggle_resimulates_and_updates_both_figures():
    from labkit.widgets import outage_explorer

    ex = outage_explorer(NET)

    def downs() -> int:
        return ex.stage.frame()["states"].count("down")

    assert downs() == 0
    assert "no failure" in ex.stage.frame()["summary"]
    ex.toggle.value = True
    assert downs() > 10
    assert "outage of nimbus-us-east" in ex.stage.frame()["summary"]
    # the outage (08:00-11:00) takes every streaming app down at some minute
    streaming = frames.CATEGORIES.index("streaming")
    assert max(ex.stage.run["impact"]["lines"][streaming]["y"]) == 100.0
    ex.stage.t = 12 * 60
    assert ex.stage.frame()["summary"].startswith("12:00")
    ex.toggle.value = False
    assert downs() == 0


def test_the_break_button_says_what_pressing_it_does_next():
    from labkit.widgets import outage_explorer

    ex = outage_explorer(NET)
    assert ex.toggle.description == "Break it"
    ex.toggle.value = True  # pressed: the region is broken, so the next press mends it
    assert "mend" in ex.toggle.description and ex.toggle.button_style == "danger"
    ex.toggle.value = False
    assert ex.toggle.description == "Break it" and ex.toggle.button_style == ""
    assert "mend" in outage_explorer(NET, broken=True).toggle.description


def test_explorer_rejects_bad_region_with_a_suggestion():
    from labkit.widgets import outage_explorer

    with pytest.raises(ValueError, match="Did you mean 'nimbus-us-east'"):
        outage_explorer(NET, region="nimbus-useast")
