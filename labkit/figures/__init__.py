"""Plotly figures from the model's results: the internet map, impact over time, and focused
figures for each mechanism (BGP routes, DNS caches, config rollouts, region concentration, one
app's dependency chain, the blast radius).

Figures only read results — a :class:`~labkit.timeline.Timeline`, a
:class:`~labkit.mechanisms.bgp.Reachability`, a :class:`~labkit.mechanisms.dns.DNSTimeline`,
a :class:`~labkit.mechanisms.rollout.Rollout` or an :class:`~labkit.internet.Internet`; they
never run the model, and each checks that it got the kind of result it draws (``TypeError``
otherwise).
Colours are Okabe–Ito (safe for colour-blind viewers) and every colour comes with its own
marker shape, line dash or fill pattern; fonts are sized for a projector. Every figure's title
states what it shows, and :func:`figure_summary` gives it as one sentence (for screen readers and
for text-only outputs). :func:`animated_map` scrubs a day in the browser without a kernel, and
:func:`to_html` saves any figure as one self-contained HTML file that works offline.

One module per job: ``style`` (palettes, fonts, shared helpers), ``layout`` (the layout maths,
without plotly), ``world_map``, ``impact``, ``bgp_map``, ``dns_expiry``, ``rollout_waves``,
``regions``, ``chain``, ``blast``, ``replay`` (a replay beside the real outage's record),
``sweep`` (a sweep's curve against its parameter), ``animation``, ``frames`` (what the
dashboard draws, as plain JSON) and ``still`` (a still picture of it where widgets cannot
run). This package imports
them only when one of their names is first used, so ``import labkit.figures.layout`` does not
load plotly.

>>> import labkit
>>> from labkit.figures import internet_map, summary_text
>>> t = labkit.simulate(labkit.build_internet(), labkit.Scenario())
>>> fig = internet_map(t, "09:00")
>>> summary_text(t, "09:00")
'09:00 — no failure: 0 of 60.8M app users affected; 0 components down.'
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # the same names, for type checkers and editors
    from .animation import animated_impact, animated_map, to_html
    from .bgp_map import bgp_route_map
    from .blast import blast_radius
    from .chain import dependency_chain
    from .dns_expiry import dns_expiry_figure
    from .frames import frame_at, stage_run, stage_skeleton
    from .impact import impact_figure, set_now, summary_text, update_impact
    from .layout import concentration_shares
    from .regions import region_concentration
    from .replay import replay_figure
    from .rollout_waves import rollout_waves_figure
    from .still import still_html
    from .style import DNS_STYLE, OUTCOME_STYLE, STATE_STYLE, figure_summary, show
    from .sweep import budget_figure, failover_figure, rpki_figure, sweep_figure, ttl_figure
    from .world_map import internet_map, on_component_click, recolour_map, update_map

__all__ = [
    "DNS_STYLE",
    "OUTCOME_STYLE",
    "STATE_STYLE",
    "animated_impact",
    "animated_map",
    "bgp_route_map",
    "concentration_shares",
    "blast_radius",
    "budget_figure",
    "dependency_chain",
    "dns_expiry_figure",
    "failover_figure",
    "figure_summary",
    "frame_at",
    "impact_figure",
    "internet_map",
    "on_component_click",
    "recolour_map",
    "region_concentration",
    "replay_figure",
    "rollout_waves_figure",
    "rpki_figure",
    "set_now",
    "show",
    "stage_run",
    "stage_skeleton",
    "still_html",
    "summary_text",
    "sweep_figure",
    "to_html",
    "ttl_figure",
    "update_impact",
    "update_map",
]

#: public name → the module that defines it
_HOME = {
    "DNS_STYLE": "style",
    "OUTCOME_STYLE": "style",
    "STATE_STYLE": "style",
    "figure_summary": "style",
    "show": "style",
    "concentration_shares": "layout",
    "internet_map": "world_map",
    "update_map": "world_map",
    "recolour_map": "world_map",
    "on_component_click": "world_map",
    "impact_figure": "impact",
    "update_impact": "impact",
    "set_now": "impact",
    "summary_text": "impact",
    "bgp_route_map": "bgp_map",
    "dns_expiry_figure": "dns_expiry",
    "rollout_waves_figure": "rollout_waves",
    "region_concentration": "regions",
    "replay_figure": "replay",
    "dependency_chain": "chain",
    "blast_radius": "blast",
    "animated_map": "animation",
    "animated_impact": "animation",
    "to_html": "animation",
    "stage_skeleton": "frames",
    "stage_run": "frames",
    "frame_at": "frames",
    "still_html": "still",
    "sweep_figure": "sweep",
    "ttl_figure": "sweep",
    "rpki_figure": "sweep",
    "failover_figure": "sweep",
    "budget_figure": "sweep",
}


def __getattr__(name: str) -> Any:
    """Load a public name from its module the first time it is asked for."""
    home = _HOME.get(name)
    if home is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f".{home}", __name__), name)
    globals()[name] = value  # next time, no lookup
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
