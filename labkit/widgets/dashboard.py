"""The dashboards: controls → scenario → simulate → the figures' drawing area.

They only wire controls to :func:`labkit.simulate` and to :class:`~labkit.widgets.stage.Stage`
(which draws :mod:`labkit.figures` data in the browser); they hold no model logic. Runs are
cached, so toggling back and forth costs one simulation each way.
"""

from __future__ import annotations

import html
from collections.abc import Iterable

import ipywidgets as w
import plotly.graph_objects as go
from IPython.display import display

from ..clock import parse_time
from ..explorer import (
    CONTROLS,
    MITIGATIONS,
    Controls,
    RunCache,
    explore_inputs,
    mitigation_effect,
)
from ..figures import blast_radius, figure_summary
from ..internet import Internet, build_internet
from ..mechanisms.regions import RegionOutage
from ..scenario import Scenario
from ..simulate import simulate
from ..timeline import Timeline
from .stage import Stage

__all__ = ["Explorer", "OutageExplorer", "explore", "outage_explorer"]


class OutageExplorer(w.VBox):
    """Pick a region, toggle its outage, scrub the day; the map and impact figures follow.

    Attributes a lesson (or a test) may read: ``timeline`` (the current run), ``region``,
    ``toggle`` and ``stage`` (the figures, the time slider and Play; ``stage.t`` is the
    minute shown, ``stage.frame()`` what is drawn there).
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
        self.region.add_class("labkit-region")
        self.toggle.add_class("labkit-outage-toggle")
        self._label_toggle()
        self.timeline = self._run()
        self.stage = Stage(self.timeline, parse_time("t", t) // 5 * 5)
        self.region.observe(self._on_scenario, names="value")
        self.toggle.observe(self._on_scenario, names="value")
        super().__init__([w.HBox([self.region, self.toggle]), self.stage])
        self.add_class("labkit-explorer")

    def _repr_mimebundle_(self, **kwargs: object) -> object:
        return _with_still(super()._repr_mimebundle_(**kwargs), self.stage)

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

    def _label_toggle(self) -> None:
        """The button says what pressing it does next: break the region, or mend it."""
        broken = self.toggle.value
        self.toggle.description = "Broken: press to mend" if broken else "Break it"
        self.toggle.icon = "wrench" if broken else "bolt"
        self.toggle.button_style = "danger" if broken else ""
        self.toggle.layout.width = "190px" if broken else ""

    def _on_scenario(self, _change: dict) -> None:
        self._label_toggle()
        self.timeline = self._run()
        self.stage.show(self.timeline)


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


def _fit_width(options: Iterable[object]) -> str:
    """A dropdown wide enough for its longest option (about 7.5 px a character at the page's
    13 px font, plus the arrow), so "nimbus-us-east" is not cut to "nimbus-us-ea"."""
    labels = [str(o[0] if isinstance(o, tuple) else o) for o in options]
    longest = max((len(label) for label in labels), default=8)
    return f"{min(240, max(108, round(7.5 * longest) + 34))}px"


_WRAP = w.Layout(flex_flow="row wrap")


def _with_still(bundle: object, stage: Stage) -> object:
    """A widget's display data plus a still picture of its figures as HTML: front-ends that
    cannot run widgets (notebook viewers, exported pages, editors without a widget manager)
    show that instead of a line of text; those that can still show the live dashboard."""
    if isinstance(bundle, dict):
        return {**bundle, "text/html": stage.still()}
    return bundle


_PLOTLY_MIME = "application/vnd.plotly.v1+json"


class Explorer(w.VBox):
    """The dashboard behind :func:`explore`: the controls beside the figures (above them where
    the notebook is narrow). A learner changes a control → one simulation (cached) → one
    message with the run's frames; the time slider and Play redraw in the browser
    (:class:`~labkit.widgets.stage.Stage`), and the kernel hears the minute only to explain it.

    Attributes a lesson (or a test) may read: ``timeline`` (the current run), ``stage`` (the
    figures; ``stage.t`` the minute shown, ``stage.frame()`` what is drawn there),
    ``toggles``, ``params`` and ``mitigations`` (the controls), ``message``, ``why_pick``,
    ``why``, ``blast``.
    """

    def __init__(self, internet: Internet, scenario=None, t: str | int | None = None) -> None:
        self.internet = internet
        self.controls = Controls.from_scenario(scenario)
        self.cache = RunCache(internet)
        c = self.controls
        self.toggles: dict[str, w.Checkbox] = {}
        self.params: dict[str, w.Widget] = {}
        rows = []
        for key, control in CONTROLS.items():
            box = w.Checkbox(value=c.on[key], description=control.label, indent=False,
                             layout=w.Layout(width="150px"))  # fmt: skip
            box.add_class(f"labkit-fail-{key}")
            start = w.Text(value=c.start[key], description="", **_TEXT)
            fixed = w.Text(value=c.fixed[key], description="", **_TEXT)
            self.toggles[key] = box
            self.params[f"start:{key}"], self.params[f"fixed:{key}"] = start, fixed
            extras = []
            for p in control.params:
                options = p.options(internet)
                widget = w.Dropdown(options=options, value=c.values[key][p.name],
                                    layout=w.Layout(width=_fit_width(options)))  # fmt: skip
                self.params[f"{key}:{p.name}"] = widget
                extras.append(widget)
            when = w.HBox([w.Label("from"), start, w.Label("to"), fixed],
                          layout=w.Layout(margin="0 0 0 22px"))  # fmt: skip
            rows.append(w.VBox([w.HBox([box, *extras], layout=_WRAP), when],
                               layout=w.Layout(width="410px", max_width="100%")))  # fmt: skip
        self.mitigations = {}
        for key, (label, help_text, _) in MITIGATIONS.items():
            box = w.Checkbox(value=c.mitigations[key], description=label, indent=False,
                             tooltip=help_text, layout=w.Layout(width="190px"))  # fmt: skip
            box.add_class(f"labkit-mit-{key}")
            self.mitigations[key] = box
        self.message = w.HTML().add_class("labkit-message")
        self.why_pick = w.Dropdown(options=self._pickable(), description="why?",
                                   layout=w.Layout(width="330px"))  # fmt: skip
        self.why_pick.add_class("labkit-why-pick")
        self.why = w.HTML().add_class("labkit-why")
        # the blast radius is drawn only while its panel is open, so it costs nothing otherwise
        self.blast_fig: go.Figure | None = None
        self.blast_out: w.Output | None = None
        self.blast = w.Accordion([w.Box([])], selected_index=None).add_class("labkit-blast")
        self.blast.set_title(0, "Blast radius: who is hit, by category (click to open)")
        self.blast.observe(lambda _: self._refresh_blast(), names="selected_index")
        self.timeline = self.cache.run(self.controls.scenario())
        # it opens where the scenario's first failure starts, unless told otherwise
        self.stage = Stage(self.timeline, self.controls.opening_minute(t))
        self.stage.on_pick(self._on_click)
        # failures of the scenario that no row above can show: each gets its own checkbox
        wide = w.Layout(width="auto", max_width="100%")
        self.kept = [
            w.Checkbox(value=on, description=label, indent=False, layout=wide)
            for on, label in zip(c.extra_flags(), c.extra_labels(), strict=True)
        ]
        for i, box in enumerate(self.kept):
            box.add_class(f"labkit-kept-{i}")
        self.message.value = self._kept_note()
        self._refresh_run_notes()
        self._refresh_texts()
        for widget in [*self.toggles.values(), *self.params.values(), *self.mitigations.values(),
                       *self.kept]:  # fmt: skip
            widget.observe(self._on_control, names="value")
        self.stage.observe(lambda _: self._refresh_texts(), names="t")
        self.why_pick.observe(lambda _: self._refresh_why(), names="value")
        panel = w.VBox(
            [w.HTML("<b>Break something</b> (times as HH:MM)"), w.Box(rows, layout=_WRAP),
             *([w.HTML("<b>Also in this scenario</b> (no row above can show it)"), *self.kept]
               if self.kept else []),
             w.HTML("<b>Mitigations</b>"),
             w.HBox(list(self.mitigations.values()), layout=_WRAP), self.message]
        ).add_class("labkit-panel")  # fmt: skip
        # controls beside the figures where there is room (a projector), above them otherwise
        # beside the figures it is one column; above them (a narrow page) it spreads out
        panel.layout = w.Layout(flex="1 1 400px", min_width="300px")
        stage_box = w.Box([self.stage], layout=w.Layout(flex="1 1 560px", min_width="340px"))
        stage_box.add_class("labkit-stage-box")
        columns = w.HBox([panel, stage_box], layout=w.Layout(flex_flow="row wrap", width="100%"))
        columns.add_class("labkit-columns")
        super().__init__([columns, w.HBox([self.why_pick, self.why], layout=_WRAP), self.blast])
        self.add_class("labkit-explorer")

    def _repr_mimebundle_(self, **kwargs: object) -> object:
        return _with_still(super()._repr_mimebundle_(**kwargs), self.stage)

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
        c.extra_on = [box.value for box in self.kept]

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
        self.stage.show(timeline)
        for box, label in zip(self.kept, self.controls.extra_labels(), strict=True):
            box.description = label  # "staged push" once staged rollout is ticked
        self._refresh_run_notes()
        self._refresh_texts()

    def _kept_note(self) -> str:
        kept = [type(m).__name__ for m in self.controls.extra_mitigations]
        if not kept:
            return ""
        return (
            "<div style='font-size:14px'>Also in this scenario, with no control here (kept as "
            f"it is): {html.escape(', '.join(kept))}</div>"
        )

    def _refresh_run_notes(self) -> None:
        """Under the figures: each ticked mitigation that changes nothing here, and why; the AI
        training lost."""
        notes = []
        for key, box in self.mitigations.items():
            if box.value:
                effect = mitigation_effect(self.cache, self.controls, key)
                if effect:
                    notes.append(f"{MITIGATIONS[key][0]}: {effect}")
        lost = self.timeline.impact_summary().training_minutes_lost
        if lost:
            notes.append(f"AI training progress lost: {lost} min.")
        self.stage.note = "\n".join(notes)

    # ---- time and explanations -------------------------------------------------------------
    def _refresh_texts(self) -> None:
        self._refresh_why()
        self._refresh_blast()

    def _refresh_blast(self) -> None:
        if self.blast.selected_index is None:
            return
        fig = blast_radius(self.timeline, self.stage.t, height=420)
        if self.blast_out is None:
            self.blast_out = w.Output().add_class("labkit-blast-figure")
            self.blast.children = [self.blast_out]
        self.blast_fig = fig
        # JupyterLab's own plotly renderer draws it: no second copy of plotly.js from here
        bundle = {_PLOTLY_MIME: fig.to_plotly_json(), "text/plain": figure_summary(fig)}
        self.blast_out.clear_output(wait=True)
        with self.blast_out:
            display(bundle, raw=True)

    def _pickable(self) -> list[str]:
        net = self.internet
        return [a.id for a in net.apps()] + [s.id for s in net.saas()] + list(net.blocks)

    def _refresh_why(self) -> None:
        why = self.timeline.explain(self.why_pick.value, self.stage.t)
        text = html.escape("\n".join(why.lines()))  # the page wraps them, between words
        self.why.value = f"<pre style='font-size:14px'>{text}</pre>"

    def _on_click(self, component: str) -> None:
        if component in self.why_pick.options:
            self.why_pick.value = component


def explore(
    internet: Internet | None = None, scenario=None, *, t: str | int | None = None
) -> Explorer:
    """The dashboard behind :func:`labkit.explore` (documented there): checks the inputs, then
    builds the :class:`Explorer`. Each change of a control runs one simulation (cached); the
    time slider and Play redraw in the browser. It opens at ``t``, or where the scenario's
    first failure starts.

    >>> ex = explore()  # doctest: +SKIP
    """

    internet, scenario = explore_inputs(internet, scenario, t)
    return Explorer(internet, scenario, t)
