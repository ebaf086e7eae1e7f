"""How long simulate() takes for every stored scenario, against a baseline scenario.

usage: python bench/bench_scenarios.py [--repeat N] [--baseline NAME]

Prints a table: per stored scenario (and a few DNS DDoS cases on the default world), the median
and best wall time of ``labkit.simulate`` over N runs, the median CPU time of this process
(``time.process_time``, less swayed by other work on the machine), and the ratio of the median
wall time to the baseline scenario's, measured in the same run, so that the ratio says more
than the milliseconds on a busy machine. The runs go round the cases N times (not N runs of
one case, then the next), so that a busy spell slows every case alike. The load average
(``os.getloadavg()``) is printed before and after. A benchmark, not a test: numbers vary with
the machine.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import labkit  # noqa: E402
from labkit import scenarios  # noqa: E402


def _load() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


def _cases() -> dict[str, labkit.Scenario]:
    cases = {name: scenarios.load(name) for name in scenarios.names()}
    ddos = labkit.AuthoritativeDDoS
    cases["DDoS quickdns, all pops"] = labkit.Scenario([ddos("quickdns", "11:10", "13:20")])
    cases["DDoS quickdns us-east"] = labkit.Scenario(
        [ddos("quickdns", "11:10", "13:20", pops=["us-east"])]
    )
    cases["DDoS quickdns 5x, 20 retries"] = labkit.Scenario(
        [ddos("quickdns", "11:10", "13:20", attack=5, retries=20)]
    )
    cases["DDoS steadydns + secondary"] = labkit.Scenario(
        [ddos("steadydns", "08:00", "12:00")], [labkit.SecondaryDNS()]
    )
    return cases


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=21)
    parser.add_argument("--baseline", default="nimbus-us-east-outage")
    args = parser.parse_args()
    net = labkit.build_internet()
    cases = _cases()
    if args.baseline not in cases:
        parser.error(f"--baseline: {args.baseline!r} is not a stored scenario")
    load_before = _load()
    wall: dict[str, list[float]] = {name: [] for name in cases}
    cpu: dict[str, list[float]] = {name: [] for name in cases}
    for sc in cases.values():
        labkit.simulate(net, sc)  # warm-up: first-call caches of the world
    for _ in range(args.repeat):
        for name, sc in cases.items():
            t0, c0 = time.perf_counter(), time.process_time()
            labkit.simulate(net, sc)
            wall[name].append(time.perf_counter() - t0)
            cpu[name].append(time.process_time() - c0)
    base = statistics.median(wall[args.baseline])
    print(f"simulate() on the default world, {args.repeat} runs each; baseline {args.baseline}")
    print(f"load average (1, 5, 15 min): {load_before} before, {_load()} after")
    print(f"{'scenario':<32} {'median ms':>10} {'best ms':>9} {'cpu ms':>8} {'ratio':>7}")
    for name in cases:
        med, best = statistics.median(wall[name]), min(wall[name])
        med_cpu = statistics.median(cpu[name])
        print(
            f"{name:<32} {med * 1e3:>10.1f} {best * 1e3:>9.1f} {med_cpu * 1e3:>8.1f} "
            f"{med / base:>7.2f}"
        )


if __name__ == "__main__":
    main()
