"""The dashboard's drawing area without a browser: the frames it keeps agree with the model at
every minute, plotly.js is sent when asked, and a still picture stands in where widgets
cannot run."""

from __future__ import annotations

import re
from importlib import resources
from pathlib import Path

import pytest

import labkit
from labkit.figures import frame_at, impact_figure, internet_map, stage_run, stage_skeleton
from labkit.figures.frames import STATES, STEP
from labkit.figures.still import STILL_NOTE, still_html
from labkit.widgets import Stage

NET = labkit.build_internet()
OUTAGE = labkit.Scenario([labkit.RegionOutage("nimbus-us-east", "08:00", "11:00")])


@pytest.fixture(scope="module")
def day():
    return labkit.simulate(NET, OUTAGE)


@pytest.mark.parametrize("name", labkit.scenarios.names())
def test_every_frame_the_browser_can_show_is_the_model_state_at_that_minute(name):
    # the browser looks up the last stored frame at or before the minute (frame_at does the
    # same); whatever minute of the slider it asks for, the states must be the model's
    timeline = labkit.simulate(NET, labkit.scenarios.load(name))
    run = stage_run(timeline)
    for m in range(0, run["last"] + 1, STEP):
        model = timeline.states_at(m)
        assert frame_at(run, m)["states"] == [model[c] for c in timeline.components], (name, m)


def test_a_frame_is_stored_only_where_the_picture_changes(day):
    run = stage_run(day)
    codes = [f[1] for f in run["frames"]]
    assert all(a != b for a, b in zip(codes, codes[1:], strict=False))
    # before 08:00 nothing is wrong, so the first frame (minute 0) is all "ok"
    assert run["frames"][0][0] == 0 and set(codes[0]) == {str(STATES.index("ok"))}
    # the outage starts at 08:00: a frame at 08:00 with some component down
    assert [f[0] for f in run["frames"]][1] == 8 * 60
    assert str(STATES.index("down")) in run["frames"][1][1]


def test_the_texts_of_a_frame_are_the_figures_own(day):
    shown = frame_at(stage_run(day), "09:30")
    # the page wraps the title itself; the figure wraps it with <br> for its width
    assert shown["title"] == internet_map(day, "09:30").layout.title.text.replace("<br>", " ")
    assert shown["summary"] == labkit.figures.summary_text(day, "09:30")


def test_the_impact_lines_are_the_impact_figures_lines(day):
    run = stage_run(day)
    fig = impact_figure(day)
    lines = [t for t in fig.data if t.legendgroup != "marks"]  # the categories' lines
    assert [line["y"] for line in run["impact"]["lines"][: len(lines)]] == [
        list(t.y) for t in lines
    ]
    assert [line["x"] for line in run["impact"]["lines"][: len(lines)]] == [
        list(t.x) for t in lines
    ]
    # the page draws one line per trace of the skeleton (the rest: legend entries, no data)
    assert len(run["impact"]["lines"]) == len(stage_skeleton(day)["impact"]["data"])
    assert run["impact"]["title"] == fig.layout.title.text.replace("<br>", " ")


def test_the_skeleton_draws_markers_in_the_timelines_order_with_no_state_in_hovers(day):
    sk = stage_skeleton(day)
    nodes = sk["map"]["data"][1]
    assert len(nodes["x"]) == len(sk["components"]) == len(day.components)
    assert sk["components"] == list(day.components)
    # the hover text must not claim a state: the frames change colours, not hover texts
    assert not any(h.endswith(("<br>ok", "<br>down", "<br>degraded")) for h in nodes["hovertext"])
    assert [p[0] for p in sk["palette"]] == list(STATES)
    assert "title" not in sk["map"]["layout"] and "title" not in sk["impact"]["layout"]


def test_the_stage_sends_plotly_js_when_the_browser_asks_and_reports_clicks(day):
    stage = Stage(day, 540)
    sent = []
    stage.send = lambda content, buffers=None: sent.append((content, buffers))
    stage._on_message(stage, {"type": "plotly"}, [])
    bundle = resources.files("plotly").joinpath("package_data", "plotly.min.js").read_bytes()
    assert sent == [({"type": "plotly"}, [bundle])]
    assert bundle.lstrip().startswith(b"/**") and b"window.Plotly" in bundle
    picked = []
    stage.on_pick(picked.append)
    stage._on_message(stage, {"type": "pick", "id": "bazaar"}, [])
    stage._on_message(stage, {"type": "pick", "id": "<script>"}, [])
    stage._on_message(stage, "not a dict", [])
    assert picked == ["bazaar"]


def test_a_new_run_keeps_the_minute_unless_the_run_is_shorter(day):
    stage = Stage(day, 600)
    stage.show(labkit.simulate(NET, labkit.Scenario(minutes=8 * 60)))
    # an 8-hour run's slider ends at 07:55 (the last 5-minute frame before 08:00)
    assert stage.run["last"] == 8 * 60 - STEP and stage.t == 8 * 60 - STEP


def test_the_still_picture_shows_the_minute_and_says_what_is_missing(day):
    sk, run = stage_skeleton(day), stage_run(day)
    page = still_html(sk, run, 9 * 60)
    assert STILL_NOTE.split(":")[0] in page
    assert labkit.figures.summary_text(day, "09:00") in page.replace("&#x27;", "'")
    assert page.count("<circle") == len(day.components)
    # each labelled component that is down carries a "×" as well as its colour
    states = day.states_at("09:00")
    labelled_down = [c for c in day.components if c in NET.services and states[c] == "down"]
    assert page.count(">×</text>") == len(labelled_down) > 0
    assert "<script" not in page


def test_the_dashboards_offer_the_still_picture_beside_the_live_widget():
    ex = labkit.explore(NET, OUTAGE)
    bundle = ex._repr_mimebundle_()
    assert "application/vnd.jupyter.widget-view+json" in bundle
    assert bundle["text/html"] == ex.stage.still()
    small = labkit.widgets.outage_explorer(NET, broken=True)
    assert "outage of nimbus-us-east" in small._repr_mimebundle_()["text/html"]


def test_plotly_js_is_not_sent_again_while_the_last_bundle_is_on_its_way(day, monkeypatch):
    # A widget's messages from the kernel reach every tab connected to it, so two tabs asking
    # at once must get one bundle between them, not one each (each would receive both).
    from labkit.widgets import stage as stage_module

    clock = [1000.0]
    monkeypatch.setattr(stage_module.time, "monotonic", lambda: clock[0])
    stage = Stage(day, 540)
    sent = []
    stage.send = lambda content, buffers=None: sent.append(content)
    stage._on_message(stage, {"type": "plotly"}, [])  # tab 1 asks
    clock[0] += 0.5
    stage._on_message(stage, {"type": "plotly"}, [])  # tab 2 asks half a second later
    assert len(sent) == 1
    # a tab that missed the bundle asks again 3 s later (stage.js): by then it is answered
    clock[0] += 3.0
    stage._on_message(stage, {"type": "plotly"}, [])
    assert len(sent) == 2
    # ... which needs the script's interval to be longer than the kernel's quiet time
    js = (Path(stage_module.__file__).parent / "stage.js").read_text()
    ask_again_ms = int(re.search(r"PLOTLY_ASK_AGAIN = (\d+)", js).group(1))
    assert ask_again_ms / 1000 > stage_module.PLOTLY_RESEND_S
