"""The figures package from outside: its public names, the checks at its boundary (TypeError
for the wrong kind of argument, ValueError for a bad keyword value), the helpers the widgets
use instead of figure internals, and its modules importing each other in one direction."""

from __future__ import annotations

import ast
import pathlib
import re

import networkx as nx
import pytest
from plotly.callbacks import Points

import labkit
import labkit.figures as figures
from labkit.figures import (
    STATE_STYLE,
    animated_impact,
    animated_map,
    bgp_route_map,
    blast_radius,
    concentration_shares,
    dependency_chain,
    dns_expiry_figure,
    figure_summary,
    impact_figure,
    internet_map,
    on_component_click,
    recolour_map,
    region_concentration,
    rollout_waves_figure,
    set_now,
    show,
    summary_text,
    to_html,
    update_impact,
    update_map,
)
from labkit.mechanisms import bgp, dns, rollout

NET = labkit.build_internet()
OUTAGE = labkit.Scenario([labkit.RegionOutage("nimbus-us-east", "08:00", "11:00")])
PACKAGE = pathlib.Path(figures.__file__).parent


@pytest.fixture(scope="module")
def day():
    return labkit.simulate(NET, OUTAGE)


@pytest.fixture(scope="module")
def routes():
    return bgp.reach(bgp.toy_as_graph(), "10.50.1.7")


@pytest.fixture(scope="module")
def empty_record():
    return dns.resolve_timeline(
        dns.toy_dns(NET), [dns.RecordEmpty("db.us-east.nimbus", "06:48", "09:25")]
    )


@pytest.fixture(scope="module")
def pushes():
    fleet = rollout.toy_fleets(NET)["edgefast"]
    return {"staged": rollout.push(fleet, rollout.ConfigVersion("v2"), rollout.StagedPush())}


# --- public names ----------------------------------------------------------------------------


def test_public_names_are_the_old_ones_the_widget_helpers_and_the_replay_figure():
    old = {"DNS_STYLE", "OUTCOME_STYLE", "STATE_STYLE", "animated_impact", "animated_map",
           "bgp_route_map", "concentration_shares", "blast_radius", "dependency_chain",
           "dns_expiry_figure", "figure_summary", "impact_figure", "internet_map",
           "region_concentration", "rollout_waves_figure", "show", "summary_text", "to_html",
           "update_impact", "update_map"}  # fmt: skip
    new = {"set_now", "recolour_map", "on_component_click", "replay_figure", "frame_at",
           "stage_run", "stage_skeleton", "still_html"}  # fmt: skip
    sweeps = {"sweep_figure", "ttl_figure", "rpki_figure", "failover_figure", "budget_figure"}
    assert set(figures.__all__) == old | new | sweeps
    for name in figures.__all__:
        assert getattr(figures, name) is not None
    namespace: dict = {}
    exec("from labkit.figures import *", namespace)
    assert set(figures.__all__) <= set(namespace)
    with pytest.raises(AttributeError, match="no attribute 'nope'"):
        figures.nope  # noqa: B018


def test_every_module_has_a_docstring_and_all():
    for path in PACKAGE.glob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        assert ast.get_docstring(tree), path.name
        names = [t.id for node in tree.body if isinstance(node, ast.Assign)
                 for t in node.targets if isinstance(t, ast.Name)]  # fmt: skip
        assert "__all__" in names, path.name


def _sibling_imports(path: pathlib.Path) -> set[str]:
    """The package's modules that ``path`` imports, anywhere in it (functions too)."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.level == 1:
            if node.module:
                found.add(node.module.split(".")[0])
            else:
                found.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom | ast.Import):
            mod = node.module if isinstance(node, ast.ImportFrom) else node.names[0].name
            if mod and mod.startswith("labkit.figures"):
                found.add(mod.split(".")[2] if mod.count(".") >= 2 else "__init__")
    return found


def test_modules_import_each_other_in_one_direction():
    modules = {p.stem: _sibling_imports(p) for p in PACKAGE.glob("*.py") if p.stem != "__init__"}
    graph = nx.DiGraph([(m, d) for m, deps in modules.items() for d in deps])
    graph.add_nodes_from(modules)
    assert nx.is_directed_acyclic_graph(graph), nx.find_cycle(graph)
    assert "__init__" not in graph, "a module imports the package itself"
    assert modules["_types"] == set()
    assert modules["layout"] == {"_types"}
    assert modules["style"] <= {"_types", "layout"}


# --- TypeError: the wrong kind of argument ------------------------------------------------------


def _bad_calls(day, routes, empty_record, pushes):
    fig = impact_figure(day)
    return [
        (lambda: internet_map("net"), r"^timeline: got 'net' \(a str\); allowed: a Timeline from "
         r"labkit\.simulate\(\.\.\.\)$"),
        (lambda: impact_figure(NET), r"^timeline: got .*\(an Internet\); allowed: a Timeline"),
        (lambda: summary_text(None, "09:00"), r"^timeline: got None; allowed: a Timeline"),
        (lambda: blast_radius(routes), r"^timeline: got .*\(a Reachability\); allowed: a Timeline"),
        (lambda: animated_map(NET), r"^timeline: got .*\(an Internet\)"),
        (lambda: animated_impact([day]), r"^timeline: got .*\(a list\)"),
        (lambda: update_map(fig, NET, 0), r"^timeline: got .*\(an Internet\)"),
        (lambda: update_map("fig", day, 0), r"^fig: got 'fig' \(a str\); allowed: a figure from "
         r"labkit\.figures\.internet_map"),
        (lambda: update_impact(None, day), r"^fig: got None; allowed: a figure from "
         r"labkit\.figures\.impact_figure"),
        (lambda: bgp_route_map(day),
         r"^reachability: got .*\(a Timeline\); allowed: a Reachability "
         r"from labkit\.mechanisms\.bgp\.reach\(\.\.\.\)$"),
        (lambda: bgp_route_map(routes, graph=NET),
         r"^graph: got .*\(an Internet\); allowed: None, an "
         "ASGraph"),
        (lambda: dns_expiry_figure(day, "x"), r"^dns_timeline: got .*\(a Timeline\); allowed: a "
         r"DNSTimeline from labkit\.mechanisms\.dns\.resolve_timeline"),
        (lambda: dns_expiry_figure([empty_record], "x"),
         r"^dns_timeline: got .*\(a list\).*compare="),
        (lambda: dns_expiry_figure(empty_record, "x", compare="y"), r"^compare: got 'y' \(a str\); "
         "allowed: None or a DNSTimeline"),
        (lambda: rollout_waves_figure(list(pushes.values())),
         r"^rollouts: got .*\(a list\); allowed: "
         r"a dict \{label: Rollout"),
        (lambda: rollout_waves_figure({"global": day}),
         r"^rollouts\['global'\]: got .*\(a Timeline\)"),
        (lambda: rollout_waves_figure({1: pushes["staged"]}), r"^rollouts: got a key 1 \(an int\)"),
        (lambda: region_concentration(day),
         r"^internet: got .*\(a Timeline\); allowed: an Internet "
         r"from labkit\.build_internet\(\)$"),
        (lambda: concentration_shares(None), r"^internet: got None; allowed: an Internet"),
        (lambda: dependency_chain(day, "bazaar"), r"^internet: got .*\(a Timeline\); allowed: an "
         "Internet"),
        (lambda: dependency_chain(NET, "bazaar", NET),
         r"^timeline: got .*\(an Internet\); allowed: "
         "None or a Timeline"),
        (lambda: figure_summary("title"), r"^fig: got 'title' \(a str\); allowed: a plotly figure"),
        (lambda: show(day), r"^fig: got .*\(a Timeline\); allowed: a plotly figure"),
        (lambda: to_html({"data": []}, "x.html"), r"^fig: got .*\(a dict\)"),
        (lambda: to_html(fig, 3), r"^path: got 3 \(an int\); allowed: a file path"),
        (lambda: set_now(day, 0), r"^fig: got .*\(a Timeline\); allowed: a figure from "
         r"labkit\.figures\.impact_figure"),
        (lambda: recolour_map(fig, "day", 0), r"^timeline: got 'day' \(a str\)"),
    ]  # fmt: skip


def test_each_figure_says_which_argument_has_the_wrong_type(day, routes, empty_record, pushes):
    for call, message in _bad_calls(day, routes, empty_record, pushes):
        with pytest.raises(TypeError, match=message):
            call()


def test_a_long_bad_value_is_quoted_short():
    with pytest.raises(TypeError) as err:
        internet_map("x" * 500)
    assert len(str(err.value)) < 150


# --- ValueError: bad keyword values ------------------------------------------------------------


@pytest.mark.parametrize("height", [0, -100, 500.0, "500", True, None])
def test_a_bad_height_is_a_value_error_naming_it(day, height):
    for make in (internet_map, impact_figure, blast_radius, animated_map, animated_impact):
        with pytest.raises(ValueError, match=r"^height: got .*; allowed: a whole number of pixels"):
            make(day, height=height)
    with pytest.raises(ValueError, match=r"^height: got"):
        dependency_chain(NET, "bazaar", height=height)


@pytest.mark.parametrize("height", [0, -1, 2.5])
def test_an_optional_height_may_be_none_but_not_bad(empty_record, height):
    with pytest.raises(ValueError, match=r"^height: got .*\(or None for the default\)"):
        region_concentration(NET, height=height)
    with pytest.raises(ValueError, match=r"^height: got"):
        dns_expiry_figure(empty_record, "db.us-east.nimbus", height=height)


def test_other_bad_keyword_values_name_their_field(day, routes, empty_record, pushes):
    with pytest.raises(ValueError, match=r"^step: got 0; allowed: a whole number of minutes >= 1"):
        animated_map(day, step=0)
    with pytest.raises(ValueError, match=r"^step: got 1\.5"):
        animated_impact(day, step=1.5)
    with pytest.raises(ValueError, match=r"^widget: got 'yes'; allowed: True or False"):
        internet_map(day, widget="yes")
    with pytest.raises(ValueError, match=r"^zones: got 1; allowed: True or False"):
        dependency_chain(NET, "bazaar", zones=1)
    with pytest.raises(ValueError, match=r"^summary: got 'no'"):
        update_impact(impact_figure(day), day, summary="no")
    with pytest.raises(ValueError, match=r"^labels: got \('one',\); allowed: None or two texts"):
        dns_expiry_figure(empty_record, "db.us-east.nimbus", labels=("one",))
    with pytest.raises(ValueError, match=r"^height: got 0"):
        bgp_route_map(routes, height=0)
    with pytest.raises(ValueError, match=r"^height: got 0"):
        rollout_waves_figure(pushes, height=0)
    with pytest.raises(ValueError, match=r"^rollouts: got an empty mapping"):
        rollout_waves_figure({})
    with pytest.raises(ValueError, match=r"^t: got '25:00'"):
        internet_map(day, "25:00")


# --- the helpers the widgets use ----------------------------------------------------------------


def test_set_now_moves_only_the_now_line(day):
    fig = impact_figure(day, "09:00")
    before = [s.to_plotly_json() for s in fig.layout.shapes]
    set_now(fig, "12:30")
    after = [s.to_plotly_json() for s in fig.layout.shapes]
    assert len(after) == len(before)
    assert after[:-1] == before[:-1]  # failure and recovery lines stay
    assert after[-1]["x0"] == after[-1]["x1"] == 12.5  # 12:30 is 12.5 hours
    assert after[-1]["line"] == before[-1]["line"]
    # the same as drawing the figure at 12:30
    assert fig.to_plotly_json() == impact_figure(day, "12:30").to_plotly_json()


def test_set_now_adds_the_line_to_a_figure_drawn_without_one(day):
    fig = impact_figure(day)
    n = len(fig.layout.shapes)
    set_now(fig, 600)
    assert len(fig.layout.shapes) == n + 1
    assert fig.layout.shapes[-1].x0 == fig.layout.shapes[-1].x1 == 10.0
    with pytest.raises(ValueError, match=r"^t: got '9am'"):
        set_now(fig, "9am")


def test_set_now_on_a_live_widget(day):
    fig = impact_figure(day, "09:00", widget=True)
    set_now(fig, "15:00")
    assert fig.layout.shapes[-1].x0 == 15.0


def test_recolour_map_changes_colours_shapes_and_title_only(day):
    quiet = labkit.simulate(NET, labkit.Scenario())
    fig = internet_map(quiet, "09:00", widget=True)
    hover, meta = list(fig.data[1].hovertext), fig.layout.meta
    recolour_map(fig, day, "09:00")
    fresh = internet_map(day, "09:00")
    assert list(fig.data[1].marker.color) == list(fresh.data[1].marker.color)
    assert list(fig.data[1].marker.symbol) == list(fresh.data[1].marker.symbol)
    assert fig.layout.title.text.replace("<br>", " ") == fresh.layout.title.text.replace(
        "<br>", " "
    )
    assert list(fig.data[1].hovertext) == hover and fig.layout.meta == meta
    down = list(fig.data[1].marker.color).count(STATE_STYLE["down"][0])
    assert down == len(day.down_at("09:00"))


def test_on_component_click_passes_the_component_id(day):
    fig = internet_map(day, "09:00", widget=True)
    clicked = []
    on_component_click(fig, day, clicked.append)
    i = day.components.index("shopfast")
    fig.data[1]._dispatch_on_click(Points(point_inds=[i], trace_index=1), None)
    fig.data[1]._dispatch_on_click(Points(point_inds=[], trace_index=1), None)  # a miss
    assert clicked == ["shopfast"]


def test_on_component_click_needs_a_widget_and_a_function(day):
    with pytest.raises(TypeError, match=r"(?s)^fig: got .*\(a Figure\); allowed: a FigureWidget"):
        on_component_click(internet_map(day), day, print)
    with pytest.raises(TypeError, match=r"^callback: got 'go' \(a str\); allowed: a function"):
        on_component_click(internet_map(day, widget=True), day, "go")


def test_explorer_clicks_and_time_go_through_the_stage():
    ex = labkit.explore(NET)
    # the browser reports a click on a marker as a "pick" message with the component's id
    ex.stage._on_message(ex.stage, {"type": "pick", "id": "streamflix"}, [])
    assert ex.why_pick.value == "streamflix"
    ex.stage._on_message(ex.stage, {"type": "pick", "id": "no-such-thing"}, [])
    assert ex.why_pick.value == "streamflix"
    ex.stage.t = 10 * 60
    assert ex.stage.frame()["title"].startswith("10:00")
    assert "at 10:00" in ex.why.value


def test_widgets_use_no_figure_internals():
    folder = pathlib.Path(labkit.__file__).with_name("widgets")
    source = "".join(p.read_text(encoding="utf-8") for p in sorted(folder.glob("*.py")))
    assert not re.search(r"(?<!\w)_(title|recolour)\b", source)
    assert "layout.shapes" not in source and ".data[1]" not in source
