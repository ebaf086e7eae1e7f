"""How long sweeps take: one process against every core, and the 70,000-AS RPKI sweep.

usage: python bench/bench_sweep.py [--cores N] [--budgets 0,5,10,15,20,30] [--n 70000]
                                  [--shares 0,0.1,0.3,0.5,0.7,1] [--spawn]

1. The chaos lab's budget sweep (``labkit.sweeps.budget_sweep``, seconds per point: each
   point replays the game day for every affordable design) over ``--budgets``, with the
   game-day cache emptied before each run: wall time in the kernel (one process) and on a
   process pool of every core (pool start-up included), the speed-up, and whether the two
   tables are equal.
2. The RPKI adoption sweep on the synthetic graph of ``--n`` ASes: the time to build the
   graph, then the time per point in one process and on every core.

The pool uses the platform's default start method: on Linux, fork, so the workers start with
the graph this process has already built (on macOS and Windows, spawn: each worker imports
labkit and builds its own copy first, which ``--spawn`` shows here).

3. A control: a sweep of 8 points that each burn 0.5 s of CPU and nothing else. Its speed-up
   is the most any sweep can get on this machine now; where it is near 1, the other cores are
   busy (or shared: with the kernel's autogroup scheduling, all processes of one login
   session share one slice of the CPU, however many workers they are).

The machine's load average (``os.getloadavg()``) is printed before and after: on a shared
machine the numbers vary with what else runs. A benchmark, not a test.
"""

from __future__ import annotations

import argparse
import concurrent.futures as cf
import multiprocessing
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import labkit  # noqa: E402
from labkit import chaos, sweeps  # noqa: E402
from labkit.mechanisms.bgp import synthetic_as_graph  # noqa: E402


def spin(point: dict) -> dict:
    """Burn 0.5 s of CPU (the control sweep's point)."""
    started, count = time.process_time(), 0
    while time.process_time() - started < 0.5:
        count += 1
    return {"loops": point["i"] >= 0}


def load() -> str:
    one, five, fifteen = os.getloadavg()
    return f"load average {one:.2f} {five:.2f} {fifteen:.2f} ({os.cpu_count()} cores)"


def timed(make, cores: int, spawn: bool = False):
    """(table, seconds) of ``make(executor)`` with no executor (cores == 1) or a pool."""
    started = time.perf_counter()
    if cores == 1:
        table = make(None)
    else:
        context = multiprocessing.get_context("spawn" if spawn else None)
        with cf.ProcessPoolExecutor(cores, mp_context=context) as pool:
            table = make(pool)
    return table, time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cores", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--budgets", default="0,5,10,15,20,30")
    parser.add_argument("--n", type=int, default=70_000)
    parser.add_argument("--shares", default="0,0.1,0.3,0.5,0.7,1")
    parser.add_argument("--spawn", action="store_true", help="start workers with spawn")
    args = parser.parse_args()
    cores = args.cores
    method = "spawn" if args.spawn else multiprocessing.get_start_method()
    print(load() + f"; pool workers start by {method}")

    budgets = [int(b) for b in args.budgets.split(",")]

    def budget(executor):
        chaos._scores.cache_clear()  # so that no run reuses the game days of another
        return sweeps.budget_sweep(budgets, executor=executor, progress=False)

    one, t1 = timed(budget, 1)
    many, tn = timed(budget, cores, args.spawn)
    print(f"\nbudget sweep, {len(budgets)} points")
    print(f"{'processes':>9} {'wall s':>8} {'s/point':>8} {'speed-up':>9}")
    print(f"{1:>9} {t1:>8.2f} {t1 / len(budgets):>8.3f} {1:>9.2f}")
    print(f"{cores:>9} {tn:>8.2f} {tn / len(budgets):>8.3f} {t1 / tn:>9.2f}")
    print(f"same table on 1 and {cores} processes: {one == many}")

    shares = [float(s) for s in args.shares.split(",")]
    started = time.perf_counter()
    synthetic_as_graph(args.n, 0)
    build = time.perf_counter() - started
    sweeps.hijack_reach({"adoption": 0.0}, n=args.n)  # builds the cached graph, warms routes

    def rpki(executor):
        return sweeps.rpki_sweep(shares, n=args.n, executor=executor, progress=False)

    one, t1 = timed(rpki, 1)
    many, tn = timed(rpki, cores, args.spawn)
    print(f"\nRPKI adoption sweep on {args.n:,} ASes, {len(shares)} points "
          f"(building the graph: {build:.2f} s)")  # fmt: skip
    print(f"{'processes':>9} {'wall s':>8} {'s/point':>8} {'speed-up':>9}")
    print(f"{1:>9} {t1:>8.2f} {t1 / len(shares):>8.3f} {1:>9.2f}  (graph already built)")
    how = "each worker builds its graph" if args.spawn else "workers forked with the graph"
    print(f"{cores:>9} {tn:>8.2f} {tn / len(shares):>8.3f} {t1 / tn:>9.2f}  ({how})")
    print(f"same table on 1 and {cores} processes: {one == many}")
    for row in one.rows:
        print(f"  adoption {row['adoption']:>4.0%}: reach {row['reach']:6.1%}")

    def control(executor):
        return labkit.sweep(spin, {"i": list(range(8))}, executor=executor, progress=False)

    _, t1 = timed(control, 1)
    _, tn = timed(control, cores, args.spawn)
    print("\ncontrol: 8 points of 0.5 s CPU each")
    print(f"{'processes':>9} {'wall s':>8} {'speed-up':>9}")
    print(f"{1:>9} {t1:>8.2f} {1:>9.2f}")
    print(f"{cores:>9} {tn:>8.2f} {t1 / tn:>9.2f}")
    print("\n" + load())


if __name__ == "__main__":
    main()
