"""BGP failures in the world: who can still reach a service, and why not."""

from __future__ import annotations

import pytest

import labkit
from labkit import RPKI, PrefixFilters, PrefixHijack, PrefixWithdrawal, RouteLeak, Scenario
from labkit.mechanisms.bgp import placement

NET = labkit.build_internet()
PLACE = placement(NET)


def test_users_sit_behind_their_citys_isp_and_services_in_their_networks():
    assert set(PLACE.city_as) == set(NET.cities)
    for s in NET.services.values():
        holders = PLACE.graph.holders(PLACE.prefix[s.id])
        assert PLACE.service_as[s.id] in holders
    own = [s.id for s in NET.services.values() if s.self_hosted]
    assert len({PLACE.prefix[s] for s in own}) == len(own)  # each company its own prefix


def test_more_specific_hijack_cuts_every_city_off_from_the_victim():
    """natel announces a /24 inside StreamFlix's /22: packets follow the most specific route, and
    in the toy graph the /24 propagates everywhere, so no city's users reach StreamFlix."""
    hijack = PrefixHijack("streamflix", "18:47", "21:01")
    t = labkit.simulate(NET, Scenario([hijack]))
    assert t.state("streamflix", "18:46") == "ok"
    assert t.state("streamflix", "19:00") == "down"
    why = str(t.explain("streamflix", "19:00"))
    assert "hijacker AS64999 (natel)" in why and "more specific" in why
    assert t.explain("streamflix", "19:00").root == hijack
    assert t.state("streamflix", "21:01") != "down" or t.cause("streamflix", "21:01").kind == (
        "backlog"
    )


def test_rpki_adopted_by_transit_networks_blocks_the_hijack():
    hijack = PrefixHijack("streamflix", "18:47", "21:01")
    t = labkit.simulate(NET, Scenario([hijack], [RPKI()]))
    assert t.minutes_in("streamflix", "down") == 0


def test_rpki_adopted_only_by_the_victims_own_isp_protects_only_that_city():
    """Only New York's ISP validates: its users still reach StreamFlix; the rest do not, so
    StreamFlix is degraded (some cities cut), not down."""
    hijack = PrefixHijack("streamflix", "18:47", "21:01")
    t = labkit.simulate(NET, Scenario([hijack], [RPKI(("isp-new-york",))]))
    assert t.state("streamflix", "19:00") == "degraded"
    assert "New York" not in t.explain("streamflix", "19:00").steps[0][2].split(":")[0]


def test_withdrawal_leaves_callers_and_users_with_no_route():
    gone = PrefixWithdrawal("streamflix", "15:40", "21:30")
    t = labkit.simulate(NET, Scenario([gone]))
    why = str(t.explain("streamflix", "16:00"))
    assert t.state("streamflix", "16:00") == "down"
    assert "no route" in why


def test_route_leak_and_the_filters_that_stop_it():
    leak = RouteLeak("alloyworks", "10:30", "12:37")
    t = labkit.simulate(NET, Scenario([leak]))
    hit = [a.id for a in NET.apps() if t.state(a.id, "11:00") != "ok"]
    assert hit
    assert "through the leaker AS64525 (alloyworks)" in " ".join(
        str(t.explain(hit[0], "11:00")).split()
    )
    safe = labkit.simulate(NET, Scenario([leak], [PrefixFilters()]))
    assert all(safe.state(a.id, "11:00") == "ok" for a in NET.apps())


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda: PrefixHijack("streamflx"), r"target: unknown value 'streamflx'.*'streamflix'"),
        (lambda: PrefixHijack("streamflix", hijacker="natl"), r"hijacker: .*'natl'.*'natel'"),
        (lambda: RouteLeak("alloywork"), r"leaker: .*'alloywork'"),
        (lambda: PrefixWithdrawal("nimbus-us-eats"), r"target: unknown value 'nimbus-us-eats'"),
        (lambda: RPKI(("isp-pariss",)), r"adopters: .*'isp-pariss'"),
    ],
)
def test_bad_bgp_input_names_field_value_and_suggests(make, message):
    with pytest.raises(ValueError, match=message):
        labkit.simulate(NET, Scenario(*_split(make())))


def _split(item):
    return ([], [item]) if isinstance(item, labkit.Mitigation) else ([item], [])


def test_bad_fix_time_for_a_bgp_failure():
    with pytest.raises(ValueError, match="fixed: got '18:00', which is not after start '19:00'"):
        PrefixHijack("streamflix", "19:00", "18:00")
