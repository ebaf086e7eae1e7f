"""labkit: break a toy internet on purpose and watch the cascade.

>>> import labkit
>>> net = labkit.build_internet(seed=0)
>>> outage = labkit.RegionOutage(net.main_region(), start="08:00", fixed="11:00")
>>> t = labkit.simulate(net, labkit.Scenario([outage]))
>>> t.state("signonce", "09:00")
'down'
"""

from . import replay, scenarios, sweeps
from .clock import fmt_time, parse_time
from .explorer import explore_inputs
from .internet import CATEGORIES, Internet, build_internet
from .mechanisms import CATALOGUE
from .mechanisms.bgp import (
    RPKI,
    BackboneCut,
    PrefixAnnouncement,
    PrefixFilters,
    PrefixHijack,
    PrefixWithdrawal,
    RouteLeak,
)
from .mechanisms.clients import Checkpointing, LocalFallback, RetryBackoff
from .mechanisms.dns import (
    AuthoritativeDDoS,
    AuthoritativeOutage,
    RecordEmpty,
    RecordWrong,
    ResolverOutage,
    RouteToServersLost,
    SecondaryDNS,
    ServeStale,
)
from .mechanisms.regions import (
    BlockImpairment,
    IndependentStatusPage,
    MultiCloud,
    MultiRegion,
    RegionOutage,
    ZoneOutage,
)
from .mechanisms.rollout import ConfigPush, StagedRollout
from .scenario import Failure, Mitigation, Scenario
from .simulate import simulate
from .sweeping import SweepTable, sweep
from .timeline import Explanation, ImpactSummary, Row, Timeline
from .training import TrainingJob, with_jobs
from .user_impact import AppTerms, user_impact_table

__all__ = [
    "CATALOGUE",
    "PrefixAnnouncement",
    "PrefixFilters",
    "PrefixHijack",
    "PrefixWithdrawal",
    "RPKI",
    "RouteLeak",
    "BackboneCut",
    "AuthoritativeDDoS",
    "AuthoritativeOutage",
    "RecordEmpty",
    "RecordWrong",
    "ResolverOutage",
    "RouteToServersLost",
    "SecondaryDNS",
    "ServeStale",
    "BlockImpairment",
    "CATEGORIES",
    "Checkpointing",
    "IndependentStatusPage",
    "LocalFallback",
    "ConfigPush",
    "Explanation",
    "Failure",
    "ImpactSummary",
    "Internet",
    "Mitigation",
    "MultiCloud",
    "MultiRegion",
    "RegionOutage",
    "RetryBackoff",
    "Row",
    "Scenario",
    "StagedRollout",
    "Timeline",
    "ZoneOutage",
    "build_internet",
    "explore",
    "replay",
    "scenarios",
    "fmt_time",
    "parse_time",
    "simulate",
    "AppTerms",
    "TrainingJob",
    "user_impact_table",
    "with_jobs",
    "SweepTable",
    "sweep",
    "sweeps",
]
__version__ = "0.1.0"


def explore(internet=None, scenario=None, *, t=None):
    """The dashboard (see :func:`labkit.widgets.explore`); imports the widget libraries only
    when called, so the model itself never needs them.

    Every failure kind and mitigation in one panel: tick a failure, set its parameters and
    times, tick mitigations, move through the day, ask why any component is down. The inputs
    are checked before the widget libraries are imported.

    Parameters
    ----------
    internet : Internet, optional
        The world to show (default: ``build_internet()``).
    scenario : Scenario or str, optional
        A scenario, or a stored scenario's name such as ``"dyn-ddos-2016"`` (see
        :func:`labkit.scenarios.names`), that sets the controls; failures the panel has no
        control for stay in every run. Default: no failure ticked.
    t : str or int, optional
        The time the map first shows (default: where the scenario's first failure starts,
        or 09:00 when it has none).

    Returns
    -------
    Explorer
        An ipywidgets box; shown when it is the last value of a notebook cell.

    Raises
    ------
    TypeError
        If ``internet`` is not an :class:`~labkit.Internet` or ``scenario`` is not a
        :class:`~labkit.Scenario`, a name or None.
    ValueError
        If ``scenario`` is an unknown name (the message suggests the closest) or ``t`` is not
        a time within the scenario's run.
    ImportError
        If ipywidgets or plotly is not installed.

    Examples
    --------
    >>> import labkit
    >>> labkit.explore(scenario="dyn-ddos-2016")  # doctest: +SKIP
    >>> labkit.explore(t="25:00")
    Traceback (most recent call last):
    ...
    ValueError: t: got '25:00'; allowed: a time of day 'HH:MM' (00:00-23:59, ...
    """
    internet, scenario = explore_inputs(internet, scenario, t)
    from .widgets import explore as _explore  # the widget libraries load only here

    return _explore(internet, scenario, t=t)
