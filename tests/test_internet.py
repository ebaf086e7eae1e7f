"""The toy internet as data: shape, dependencies, determinism, bad input."""

from __future__ import annotations

import networkx as nx
import pytest

import labkit
from labkit.internet import BLOCK_KINDS


@pytest.fixture(scope="module")
def net():
    return labkit.build_internet(seed=0)


def test_three_providers_one_dominant_with_about_a_third(net):
    assert len(net.providers) == 3
    shares = sorted((p.share for p in net.providers.values()), reverse=True)
    assert 0.28 <= shares[0] <= 0.38 and shares[0] > 1.4 * shares[1]
    assert 0.28 <= net.hosting_share()[net.dominant_provider().id] <= 0.38


def test_regions_have_zones_and_every_building_block(net):
    for p in net.providers.values():
        assert len(p.regions) >= 3
        for rid in p.regions:
            assert len(net.regions[rid].zones) >= 2
            for kind in ("compute", "object-storage", "kv-db", "load-balancer", "identity",
                         "queue", "dns", "status-page"):  # fmt: skip
                assert f"{rid}/{kind}" in net.blocks
    assert set(BLOCK_KINDS) >= {"compute", "status-page"}


def test_saas_cover_the_usual_functions_and_run_on_clouds(net):
    functions = {s.category for s in net.saas()}
    assert {"payments", "login", "analytics", "CDN", "model API"} <= functions
    assert all(s.regions for s in net.saas())


def test_at_least_three_apps_per_category_with_users(net):
    for cat in labkit.CATEGORIES:
        apps = net.apps(cat)
        assert len(apps) >= 3
        assert all(a.total_users > 0 for a in apps)
        assert all(c in net.cities for a in apps for c, _ in a.users)


def test_storefront_needs_payments_hard_and_recommendations_soft(net):
    shop = net.services["shopfast"]
    needs = {d.target: d.hard for d in shop.needs}
    assert needs["paywave"] is True
    assert needs["recommendo"] is False


def test_graph_is_an_inspectable_acyclic_networkx_graph(net):
    g = net.graph
    assert isinstance(g, nx.DiGraph)
    assert nx.is_directed_acyclic_graph(g)
    assert set(g.nodes) == set(net.components())
    assert {d["hard"] for _, _, d in g.edges(data=True)} == {True, False}
    assert g.nodes["shopfast"]["category"] == "e-commerce"
    # everything that needs the dominant provider's main compute, directly or not
    assert "signonce" in net.dependents(f"{net.main_region()}/compute") or any(
        net.main_region() not in s.regions for s in net.saas()
    )


def test_same_seed_same_world_other_seed_other_placement():
    a, b, c = labkit.build_internet(3), labkit.build_internet(3), labkit.build_internet(4)
    assert a.services == b.services
    assert a.services != c.services


def test_larger_world_scales_linearly():
    small, big = labkit.build_internet(scale=1), labkit.build_internet(scale=30)
    assert len(big.components()) == 30 * len(small.components())
    assert nx.is_directed_acyclic_graph(big.graph)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"seed": "x"}, r"seed: got 'x'; allowed: a whole number"),
        ({"scale": 0}, r"scale: got 0; allowed: a whole number from 1 to 1000"),
    ],
)
def test_bad_world_arguments(kwargs, message):
    with pytest.raises(ValueError, match=message):
        labkit.build_internet(**kwargs)


def test_unknown_category_and_component_suggest_close_names(net):
    with pytest.raises(ValueError, match=r"category: unknown value 'strem'.*'streaming'"):
        net.apps("strem")
    with pytest.raises(ValueError, match=r"component: unknown value 'shopfats'.*'shopfast'"):
        net.dependencies("shopfats")
