"""The BGP mechanism's entries in the catalogue: hijacks, leaks and withdrawals, route-origin
validation and prefix filters, and the dashboard's "BGP incident" row."""

from __future__ import annotations

from ...catalogue import Control, Kind, Param
from ...scenario import Failure
from ...validate import check_choice
from .failures import RPKI, PrefixFilters, PrefixHijack, PrefixWithdrawal, RouteLeak
from .placement import placement

__all__ = ["BGP_INCIDENTS", "KINDS"]

#: The incidents the dashboard's BGP row offers.
BGP_INCIDENTS = ("hijack", "leak", "withdrawal")
_LEAKER = "alloyworks"


def _build(v: dict[str, str], start: str, fixed: str | None) -> Failure:
    kind = check_choice("BGP incident", v["kind"], BGP_INCIDENTS)
    if kind == "hijack":
        return PrefixHijack(v["target"], start, fixed)
    if kind == "withdrawal":
        return PrefixWithdrawal(v["target"], start, fixed)
    return RouteLeak(_LEAKER, start, fixed)


def _read(f: Failure) -> dict[str, str] | None:
    if type(f) is PrefixHijack and f.hijacker == "natel" and f.more_specific:
        return {"kind": "hijack", "target": f.target}
    if type(f) is PrefixWithdrawal:
        return {"kind": "withdrawal", "target": f.target}
    if type(f) is RouteLeak and f.leaker == _LEAKER and f.target is None:
        return {"kind": "leak"}
    return None


BGP_CONTROL = Control(
    "bgp",
    "BGP incident",
    (
        Param("kind", "incident", BGP_INCIDENTS, "hijack"),
        Param("target", "target", lambda net: sorted(placement(net).targets), "streamflix"),
    ),
    _build,
    _read,
)

KINDS = (
    Kind(PrefixHijack, "failure", "bgp", "hijack",
         "a network announces someone else's prefix (more specific wins)",
         label="BGP hijack", control=BGP_CONTROL,
         examples=lambda: (PrefixHijack("streamflix", "20:18", "21:01"),)),
    Kind(RouteLeak, "failure", "bgp", "leak",
         "a network passes routes between its providers", label="BGP route leak",
         examples=lambda: (RouteLeak("alloyworks", "10:34", "12:36"),)),
    Kind(PrefixWithdrawal, "failure", "bgp", "withdrawal",
         "a network stops announcing its prefix", label="BGP withdrawal",
         examples=lambda: (PrefixWithdrawal("streamflix", "15:40", "21:30"),)),
    Kind(RPKI, "mitigation", "bgp", "rpki",
         "transit networks drop routes whose origin is not signed", label="RPKI",
         price=15, menu=True, examples=lambda: (RPKI(), RPKI("all"))),
    Kind(PrefixFilters, "mitigation", "bgp", "prefix-filters",
         "transit networks accept only registered prefixes", label="prefix filters",
         price=15, menu=True, examples=lambda: (PrefixFilters(),)),
)  # fmt: skip
