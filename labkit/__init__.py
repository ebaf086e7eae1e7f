"""labkit: break a toy internet on purpose and watch the cascade.

>>> import labkit
>>> net = labkit.build_internet(seed=0)
>>> outage = labkit.RegionOutage(net.main_region(), start="08:00", fixed="11:00")
>>> t = labkit.simulate(net, labkit.Scenario([outage]))
>>> t.state("signonce", "09:00")
'down'
"""

from . import scenarios
from .clock import fmt_time, parse_time
from .internet import CATEGORIES, Internet, build_internet
from .mechanisms import CATALOGUE
from .mechanisms.bgp import RPKI, PrefixFilters, PrefixHijack, PrefixWithdrawal, RouteLeak
from .mechanisms.clients import Checkpointing, LocalFallback, RetryBackoff
from .mechanisms.dns import (
    AuthoritativeDDoS,
    AuthoritativeOutage,
    RecordEmpty,
    RecordWrong,
    ResolverOutage,
    SecondaryDNS,
    ServeStale,
)
from .mechanisms.regions import (
    IndependentStatusPage,
    MultiCloud,
    MultiRegion,
    RegionOutage,
    ZoneOutage,
)
from .mechanisms.rollout import ConfigPush, StagedRollout
from .scenario import Failure, Mitigation, Scenario
from .simulate import simulate
from .timeline import Explanation, ImpactSummary, Row, Timeline

__all__ = [
    "CATALOGUE",
    "PrefixFilters",
    "PrefixHijack",
    "PrefixWithdrawal",
    "RPKI",
    "RouteLeak",
    "AuthoritativeDDoS",
    "AuthoritativeOutage",
    "RecordEmpty",
    "RecordWrong",
    "ResolverOutage",
    "SecondaryDNS",
    "ServeStale",
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
    "scenarios",
    "fmt_time",
    "parse_time",
    "simulate",
]
__version__ = "0.1.0"


def explore(internet=None, scenario=None, *, t: str = "09:00"):
    """The dashboard (see :func:`labkit.widgets.explore`); imports the widget libraries only
    when called, so the model itself never needs them."""
    from .explorer import explore_inputs

    internet, scenario = explore_inputs(internet, scenario, t)
    from .widgets import explore as _explore

    return _explore(internet, scenario, t=t)
