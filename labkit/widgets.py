"""Widgets: controls → scenario → simulate → figures updated in place.

Widgets only wire controls to :func:`labkit.simulate` and to :mod:`labkit.figures`; they hold
no model logic. Runs are cached, so toggling back and forth costs one simulation each way.
"""

from __future__ import annotations

import html

import ipywidgets as w
import plotly.graph_objects as go

from .clock import fmt_time, parse_time
from .explorer import CONTROLS, MITIGATIONS, Controls, RunCache, explore_inputs
from .figures import (
    blast_radius,
    impact_figure,
    internet_map,
    on_component_click,
    recolour_map,
    set_now,
    summary_text,
    update_impact,
    update_map,
)
from .internet import Internet, build_internet
from .mechanisms.regions import RegionOutage
from .scenario import Scenario
from .simulate import simulate
from .timeline import Timeline

__all__ = ["Explorer", "OutageExplorer", "explore", "outage_explorer"]


class OutageExplorer(w.VBox):
    """Pick a region, toggle its outage, scrub the day; the map and impact figures follow.

    Attributes a lesson (or a test) may read: ``timeline`` (the current run), ``region``,
    ``toggle``, ``time``, ``summary``, ``map_fig``, ``impact_fig``.
    """

    def __init__(
        self, internet: Internet, region: str, start: str, fixed: str, t: str, broken: bool
    ) -> None:
        internet.check_region(region)
        self.internet = internet
        self.start, self.fixed = start, fixed
        RegionOutage(region, start, fixed)  # check the times once, with a clear error
        self._runs: dict[tuple[str, bool], Timeline] = {}
        self.region = w.Dropdown(
            options=sorted(internet.regions), value=region, description="region"
        )
        self.toggle = w.ToggleButton(
            value=broken,
            description="Break it",
            icon="bolt",
            tooltip=f"outage from {start} to {fixed}",
        )
        minutes = list(range(0, 24 * 60, 5))
        self.time = w.SelectionSlider(
            options=[(fmt_time(m), m) for m in minutes],
            value=parse_time("t", t) // 5 * 5,
            description="time",
            continuous_update=True,
            layout=w.Layout(width="520px"),
        )
        self.summary = w.HTML()
        for widget, cls in (
            (self.region, "labkit-region"),
            (self.toggle, "labkit-outage-toggle"),
            (self.time, "labkit-time"),
            (self.summary, "labkit-summary"),
        ):
            widget.add_class(cls)
        self.timeline = self._run()
        # heights chosen so controls, map and impact fit on one 900-pixel screen together
        self.map_fig = internet_map(self.timeline, self.time.value, widget=True, height=480)
        self.impact_fig = impact_figure(self.timeline, self.time.value, widget=True, height=320)
        map_box = _figure_box(self.map_fig, "labkit-map")
        impact_box = _figure_box(self.impact_fig, "labkit-impact")
        self._show_summary()
        self.region.observe(self._on_scenario, names="value")
        self.toggle.observe(self._on_scenario, names="value")
        self.time.observe(self._on_time, names="value")
        controls = w.HBox([self.region, self.toggle, self.time])
        super().__init__([controls, self.summary, map_box, impact_box])

    def scenario(self) -> Scenario:
        """The scenario the controls describe now."""
        if not self.toggle.value:
            return Scenario()
        return Scenario([RegionOutage(self.region.value, self.start, self.fixed)])

    def _run(self) -> Timeline:
        key = (self.region.value, self.toggle.value)
        if key not in self._runs:
            self._runs[key] = simulate(self.internet, self.scenario())
        return self._runs[key]

    def _show_summary(self) -> None:
        self.summary.value = (
            f"<b style='font-size:16px'>{summary_text(self.timeline, self.time.value)}</b>"
        )

    def _on_scenario(self, _change: dict) -> None:
        self.timeline = self._run()
        update_map(self.map_fig, self.timeline, self.time.value)
        update_impact(self.impact_fig, self.timeline, self.time.value)
        self._show_summary()

    def _on_time(self, _change: dict) -> None:
        update_map(self.map_fig, self.timeline, self.time.value)
        set_now(self.impact_fig, self.time.value)
        self._show_summary()


def outage_explorer(
    internet: Internet | None = None,
    region: str | None = None,
    *,
    start: str = "08:00",
    fixed: str = "11:00",
    t: str = "09:00",
    broken: bool = False,
) -> OutageExplorer:
    """A small dashboard: choose a region, press "Break it", move through the day.

    >>> ex = outage_explorer()          # doctest: +SKIP
    >>> ex.toggle.value = True          # the same as pressing the button  # doctest: +SKIP
    """
    net = internet or build_internet()
    return OutageExplorer(net, region or net.main_region(), start, fixed, t, broken)


# --------------------------------------------------------------------------------------------
# explore(): every failure and mitigation in one dashboard
# --------------------------------------------------------------------------------------------
_TEXT = {"layout": w.Layout(width="64px"), "continuous_update": False}  # sync on Enter/Tab


def _figure_box(fig, dom_class: str) -> w.Box:
    """A figure that takes the width the notebook gives it (no fixed size to overflow)."""
    fig.layout.autosize = True
    fig.layout.width = None
    return w.Box([fig], layout=w.Layout(width="100%")).add_class(dom_class)


class Explorer(w.VBox):
    """The dashboard behind :func:`explore`. A learner changes a control → one simulation
    (cached) → only the map's colours and shapes, the impact lines and the texts are sent to the
    browser; the time slider and its play button only recolour the map from the current run.
    """

    def __init__(self, internet: Internet, scenario=None, t: str = "09:00") -> None:
        self.internet = internet
        self.controls = Controls.from_scenario(scenario)
        self.cache = RunCache(internet)
        c = self.controls
        self.toggles: dict[str, w.Checkbox] = {}
        self.params: dict[str, w.Widget] = {}
        rows = []
        for key, control in CONTROLS.items():
            box = w.Checkbox(value=c.on[key], description=control.label, indent=False,
                             layout=w.Layout(width="190px"))  # fmt: skip
            box.add_class(f"labkit-fail-{key}")
            start = w.Text(value=c.start[key], description="", **_TEXT)
            fixed = w.Text(value=c.fixed[key], description="", **_TEXT)
            self.toggles[key] = box
            self.params[f"start:{key}"], self.params[f"fixed:{key}"] = start, fixed
            extras = []
            for p in control.params:
                widget = w.Dropdown(options=p.options(internet), value=c.values[key][p.name],
                                    layout=w.Layout(width="190px"))  # fmt: skip
                self.params[f"{key}:{p.name}"] = widget
                extras.append(widget)
            rows.append(w.HBox([box, *extras, w.Label("from"), start, w.Label("to"), fixed]))
        self.mitigations = {}
        for key, (label, help_text, _) in MITIGATIONS.items():
            box = w.Checkbox(value=c.mitigations[key], description=label, indent=False,
                             tooltip=help_text, layout=w.Layout(width="190px"))  # fmt: skip
            box.add_class(f"labkit-mit-{key}")
            self.mitigations[key] = box
        self.message = w.HTML().add_class("labkit-message")
        self.summary = w.HTML().add_class("labkit-summary")
        last = (min(c.minutes, 24 * 60) - 1) // 5 * 5  # the slider covers the run's first day
        self.time = w.IntSlider(value=min(parse_time("t", t) // 5 * 5, last), min=0, max=last,
                                step=5, readout=False, continuous_update=True,
                                layout=w.Layout(width="520px"))  # fmt: skip
        self.time.add_class("labkit-time")
        self.clock = w.Label()
        self.play = w.Play(value=self.time.value, min=0, max=last, step=5,
                           interval=120)  # fmt: skip
        w.jslink((self.play, "value"), (self.time, "value"))
        self.why_pick = w.Dropdown(options=self._pickable(), description="why?",
                                   layout=w.Layout(width="330px"))  # fmt: skip
        self.why_pick.add_class("labkit-why-pick")
        self.why = w.HTML().add_class("labkit-why")
        # the blast radius is drawn only while its panel is open, so it costs nothing otherwise
        self.blast_fig = None
        self.blast = w.Accordion([w.Box([])], selected_index=None).add_class("labkit-blast")
        self.blast.set_title(0, "Blast radius: who is hit, by category (click to open)")
        self.blast.observe(lambda _: self._refresh_blast(), names="selected_index")
        self.timeline = self.cache.run(self.controls.scenario())
        self.map_fig = internet_map(self.timeline, self.time.value, widget=True, height=480)
        self.impact_fig = impact_figure(self.timeline, self.time.value, widget=True, height=320)
        on_component_click(self.map_fig, self.timeline, self._on_click)
        self.message.value = self._kept_note()
        self._refresh_texts()
        for widget in [*self.toggles.values(), *self.params.values(), *self.mitigations.values()]:
            widget.observe(self._on_control, names="value")
        self.time.observe(self._on_time, names="value")
        self.why_pick.observe(lambda _: self._refresh_why(), names="value")
        panel = w.VBox(
            [w.HTML("<b>Break something</b> (times as HH:MM)"), *rows,
             w.HTML("<b>Mitigations</b>"),
             w.HBox(list(self.mitigations.values()), layout=w.Layout(flex_flow="row wrap"))]
        )  # fmt: skip
        super().__init__(
            [panel, self.message, w.HBox([self.play, self.time, self.clock]), self.summary,
             _figure_box(self.map_fig, "labkit-map"),
             w.HBox([self.why_pick, self.why]),
             _figure_box(self.impact_fig, "labkit-impact"), self.blast]
        )  # fmt: skip
        self.add_class("labkit-explorer")

    # ---- controls → scenario ---------------------------------------------------------------
    def _read_controls(self) -> None:
        c = self.controls
        for key, box in self.toggles.items():
            c.on[key] = box.value
            c.start[key] = self.params[f"start:{key}"].value.strip()
            c.fixed[key] = self.params[f"fixed:{key}"].value.strip()
            for p in CONTROLS[key].params:
                c.values[key][p.name] = self.params[f"{key}:{p.name}"].value
        for key, box in self.mitigations.items():
            c.mitigations[key] = box.value

    def _on_control(self, _change: dict) -> None:
        self._read_controls()
        try:
            timeline = self.cache.run(self.controls.scenario())
        except (ValueError, TypeError) as err:  # say what is wrong; keep the last good figures
            self.message.value = (
                "<div style='color:#B34700;font-size:15px'>⚠ Not run: "
                f"{html.escape(str(err))}</div>"
            )
            return
        self.message.value = self._kept_note()
        self.timeline = timeline
        recolour_map(self.map_fig, timeline, self.time.value)
        update_impact(self.impact_fig, timeline, self.time.value, summary=False)
        self._refresh_texts()

    def _kept_note(self) -> str:
        kept = self.controls.kept()
        if not kept:
            return ""
        return (
            "<div style='font-size:14px'>Also in this scenario, with no control here (kept as "
            f"it is): {html.escape('; '.join(kept))}</div>"
        )

    # ---- time and explanations -------------------------------------------------------------
    def _on_time(self, _change: dict) -> None:
        recolour_map(self.map_fig, self.timeline, self.time.value)
        set_now(self.impact_fig, self.time.value)
        self._refresh_texts()

    def _refresh_texts(self) -> None:
        self.clock.value = fmt_time(self.time.value)
        text = html.escape(summary_text(self.timeline, self.time.value))
        lost = self.timeline.impact_summary().training_minutes_lost
        if lost:
            text += f" AI training progress lost: {lost} min."
        self.summary.value = f"<b style='font-size:16px'>{text}</b>"
        self._refresh_why()
        self._refresh_blast()

    def _refresh_blast(self) -> None:
        if self.blast.selected_index is None:
            return
        fresh = blast_radius(self.timeline, self.time.value, height=420)
        if self.blast_fig is None:
            self.blast_fig = go.FigureWidget(fresh)
            self.blast.children = [_figure_box(self.blast_fig, "labkit-blast-figure")]
            return
        with self.blast_fig.batch_update():
            self.blast_fig.data[0].update(fresh.data[0].to_plotly_json())
            self.blast_fig.layout.title.text = fresh.layout.title.text

    def _pickable(self) -> list[str]:
        net = self.internet
        return [a.id for a in net.apps()] + [s.id for s in net.saas()] + list(net.blocks)

    def _refresh_why(self) -> None:
        why = self.timeline.explain(self.why_pick.value, self.time.value)
        self.why.value = (
            f"<pre style='white-space:pre-wrap;font-size:14px'>{html.escape(str(why))}</pre>"
        )

    def _on_click(self, component: str) -> None:
        if component in self.why_pick.options:
            self.why_pick.value = component


def explore(internet: Internet | None = None, scenario=None, *, t: str = "09:00") -> Explorer:
    """The dashboard behind :func:`labkit.explore` (documented there): checks the inputs, then
    builds the :class:`Explorer`. Each change of a control runs one simulation (cached); moving
    the time slider only recolours the map from the current run.

    >>> ex = explore()  # doctest: +SKIP
    """

    internet, scenario = explore_inputs(internet, scenario, t)
    return Explorer(internet, scenario, t)
