"""Widgets: controls → scenario → simulate → figures updated in place.

Widgets only wire controls to :func:`labkit.simulate` and to :mod:`labkit.figures`; they hold
no model logic. Runs are cached, so toggling back and forth costs one simulation each way.
"""

from __future__ import annotations

import ipywidgets as w

from .clock import fmt_time, parse_time
from .failures import RegionOutage, Scenario
from .figures import impact_figure, internet_map, summary_text, update_impact, update_map
from .internet import Internet, build_internet
from .simulate import simulate
from .timeline import Timeline

__all__ = ["OutageExplorer", "outage_explorer"]


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
        for fig in (self.map_fig, self.impact_fig):
            fig.layout.width = 980  # a FigureWidget does not stretch to the notebook's width
        map_box = w.Box([self.map_fig]).add_class("labkit-map")
        impact_box = w.Box([self.impact_fig]).add_class("labkit-impact")
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
        with self.impact_fig.batch_update():
            self.impact_fig.layout.shapes[-1].x0 = self.time.value / 60
            self.impact_fig.layout.shapes[-1].x1 = self.time.value / 60
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
