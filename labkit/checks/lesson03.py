"""Lesson 03's checkers: BGP, and where one filter would have stopped a bad route.

>>> import labkit
>>> from labkit import scenarios
>>> net = labkit.build_internet()
>>> leak = scenarios.load("verizon-leak-2019")
>>> [a for a, n in lost_with_filter_at(net, leak).items() if n == 0]
['transit-north-america']
>>> check_leak_stopper("AS64510", net, leak).correct
True
"""

from __future__ import annotations

from typing import Any

from ..internet import Internet
from ..mechanisms.bgp import ASGraph, Placement, RouteFilter, event_sets, lost_routes, placement
from ..scenario import Scenario
from ..validate import check_type, short
from .core import Feedback, friendly, not_answered, unanswered

_INTERNET = "the toy internet from labkit.build_internet()"
_SCENARIO = "a Scenario, e.g. scenarios.load('verizon-leak-2019')"

__all__ = ["check_leak_stopper", "lost_with_filter_at"]


def _worst(place: Placement, scenario: Scenario, mitigations: list) -> int:
    """Routes users depend on that are lost at the worst moment of ``scenario``'s BGP
    failures: the most over the sets of routing events in force together."""
    sets = event_sets(place, scenario)
    return max((lost_routes(place, events, mitigations) for events in sets), default=0)


def lost_with_filter_at(internet: Internet, scenario: Scenario) -> dict[str, int]:
    """For every AS name: how many routes users depend on (service prefix, city ISP or
    service network) still lose their way at the worst moment of ``scenario``'s BGP failures
    when only that AS filters its customers' and peers' announcements (IRR-style prefix
    filters)."""
    check_type("internet", internet, Internet, _INTERNET)
    check_type("scenario", scenario, Scenario, _SCENARIO)
    place = placement(internet)
    out = {}
    for asn, a in place.graph.ases.items():
        out[a.name] = _worst(place, scenario, [RouteFilter((asn,))])
    return out


#: Real networks the lessons' stories name, and the toy network that plays each one's part in
#: them (lesson 03: the Verizon leak, the YouTube hijack; lesson 00's replays use the same toy).
STAND_INS = {
    "verizon": "transit-north-america",
    "dqe": "dq-networks",
    "allegheny": "alloyworks",
    "alleghenytechnologies": "alloyworks",
    "pakistantelecom": "natel",
    "pccw": "transit-asia",
    "youtube": "streamflix",
    "facebook": "streamflix",
}
#: Other real networks a learner may name; the toy has none of them.
REAL_NETWORKS = (
    "akamai", "amazon", "at&t", "att", "aws", "azure", "centurylink", "cloudflare", "cogent",
    "comcast", "deutschetelekom", "fastly", "google", "gtt", "hurricaneelectric", "level3",
    "lumen", "meta", "microsoft", "ntt", "orange", "sprint", "tata", "telia", "t-mobile",
    "vodafone", "zayo",
)  # fmt: skip


def _real_world(graph: ASGraph, answer: str) -> str | None:
    """What to say when ``answer`` names a real-world network instead of one of the toy's."""
    key = "".join(ch for ch in answer.lower() if ch.isalnum() or ch in "&-")
    key = key.replace("-", "")
    if key.endswith("inc") or key.endswith("corp"):
        key = key.rsplit("inc", 1)[0] if key.endswith("inc") else key.rsplit("corp", 1)[0]
    kinds = {"tier-1": "tier-1", "transit": "transit", "enterprise": "the company",
             "isp": "the national telecom"}  # fmt: skip
    listed = "; ".join(
        f"{words}: {', '.join(a.name for a in graph.ases.values() if a.kind == kind)}"
        for kind, words in kinds.items()
        if any(a.kind == kind for a in graph.ases.values())
    )
    toy = (
        f"The toy internet has its own networks, none of them real ({listed}; plus one ISP "
        "per city, such as isp-paris, and the clouds' and apps' own networks)."
    )
    if key in STAND_INS:
        return (
            f"{short(answer.strip())} is the real network in the story, not one of the toy's. "
            f"{toy} In the lessons, its stand-in is {STAND_INS[key]!r}: answer with a toy "
            "network's name."
        )
    if key in {k.replace("-", "") for k in REAL_NETWORKS}:
        return f"{short(answer.strip())} is a real-world network, not one of the toy's. {toy}"
    return None


def _as_name(graph: ASGraph, answer: Any) -> tuple[str | None, str]:
    if (
        isinstance(answer, bool)
        or not isinstance(answer, int | str)
        or answer == ""
        or (isinstance(answer, str) and not answer.strip())
    ):
        return None, "Please answer with a network's name or number, e.g. 'atlas' or 'AS64500'."
    ref: int | str = answer
    if isinstance(answer, str):
        ref = answer.strip().lower().replace(" ", "-").replace("_", "-")
        if ref.startswith("as-"):
            ref = ref[3:]
        if ref.isdigit():
            ref = int(ref)
        elif ref.startswith("as") and ref[2:].isdigit():
            ref = int(ref[2:])
    try:
        return graph.ases[graph.asn(ref)].name, ""
    except ValueError as err:
        real = _real_world(graph, answer) if isinstance(answer, str) else None
        if real is not None:
            return None, real
        hint = str(err).split(".", 1)[-1].split(" Allowed")[0].strip()
        return None, f"I don't know the network {short(answer)} from your answer. {hint}".strip()


@friendly
def check_leak_stopper(answer: Any, internet: Internet, scenario: Scenario) -> Feedback:
    """Is ``answer`` a network whose prefix filter alone would have stopped ``scenario``'s
    route leak (or hijack)? Worked out by re-running the routing with a filter at each AS."""
    check_type("internet", internet, Internet, _INTERNET)
    check_type("scenario", scenario, Scenario, _SCENARIO)
    if unanswered(answer):
        return not_answered("a network's name or number in quotes", "'atlas' or 'AS64500'")
    place = placement(internet)
    name, hint = _as_name(place.graph, answer)
    if name is None:
        return Feedback(False, hint)
    lost = lost_with_filter_at(internet, scenario)
    before = _worst(place, scenario, [])
    if not before:
        return Feedback(False, "This scenario loses no routes: there is nothing to stop.")
    best = min(lost.values())
    label = place.graph.label(name)
    mine = lost[name]
    if best == before:
        return Feedback(
            False,
            f"No single network's prefix filter changes anything here ({before} routes are "
            "lost either way): filters stop bad announcements, and this failure is not one "
            "(a withdrawal, for instance, announces nothing).",
        )
    if mine == best:
        return Feedback(
            True,
            f"With a prefix filter at {label} alone, the routes lost drop from {before} "
            f"to {mine}. It is the network that accepted the bad announcement from its "
            "customer and passed it on to everyone; one filter there is worth more than many "
            "anywhere else.",
        )
    if mine == before:
        kind = place.graph.ases[place.graph.asn(name)].kind
        why = (
            "It has no customers or peers whose announcements it would filter."
            if not place.graph.customers(name) and not place.graph.peers(name)
            else "Whatever it filters, the routes users depend on stay the same."
        )
        return Feedback(
            False,
            f"A filter at {label} ({kind}) changes nothing: {before} routes are still lost. "
            f"{why} Follow the leaked path in explain(): who first believed the leaker?",
        )
    return Feedback(
        False,
        f"A filter at {label} helps ({before} lost routes become {mine}), but one network's "
        f"filter brings it down to {best}. Look for the first network on the leaked paths "
        "that took the route from its customer.",
    )
