"""The same sweep gives the same table in the kernel, on a process pool and on a local Dask
cluster: the rows are put back in grid order, and every point is computed the same way
wherever it runs (the model is deterministic, randomness only through explicit seeds).

Dask is an optional extra of labkit (``pip install labkit[dask]``) and part of the test
extra: when it is missing from a test environment, the test fails rather than skips.
"""

from __future__ import annotations

import concurrent.futures as cf
import multiprocessing
import tomllib
from pathlib import Path

import pytest

from labkit import sweeps

ROOT = Path(__file__).resolve().parents[1]


def distributed_module():
    try:
        import distributed
    except ImportError:
        test_extra = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"][
            "optional-dependencies"
        ]["test"]
        if any(line.startswith("dask") for line in test_extra):
            pytest.fail("dask[distributed] is in the test extra but not installed")
        pytest.skip("dask[distributed] is not installed (pip install labkit[dask])")
    return distributed


@pytest.fixture(scope="module")
def executors():
    """None (the kernel), 2 processes, and a 2-process local Dask cluster's executor; started
    once for the module (a cluster takes seconds to start)."""
    distributed = distributed_module()
    context = multiprocessing.get_context("spawn")  # workers import labkit afresh
    with cf.ProcessPoolExecutor(2, mp_context=context) as pool, distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
    ) as cluster, distributed.Client(cluster) as client:  # fmt: skip
        yield None, pool, client.get_executor()


def sweep_everywhere(make, executors):
    """``make(executor)`` in the kernel, on the process pool and on the Dask cluster."""
    return [make(executor) for executor in executors]


def test_the_same_sweeps_give_identical_tables_in_the_kernel_on_processes_and_on_dask(
    executors,
):
    def make(executor):
        return (
            sweeps.ttl_sweep([60, 900, 3600], executor=executor, progress=False),
            sweeps.rpki_sweep([0.0, 0.2, 1.0], n=1500, executor=executor, progress=False),
        )

    here, processes, on_dask = sweep_everywhere(make, executors)
    assert here == processes == on_dask
    for table in here:
        assert table.done == table.points and table.errors == ()


def test_a_failing_point_says_the_same_everywhere(executors):
    # a TTL of 0 seconds is refused by RecordWrong's own check: the row keeps the point and
    # the reason, the same text whichever process ran it
    from functools import partial

    from labkit import sweep

    run = partial(sweeps.ttl_outage, duration=10)

    def make(executor):
        return sweep(run, {"ttl": [60, 0]}, executor=executor, progress=False)

    here, processes, on_dask = sweep_everywhere(make, executors)
    assert here == processes == on_dask
    assert here.errors[0]["ttl"] == 0 and "ttl" in here.errors[0]["error"]
