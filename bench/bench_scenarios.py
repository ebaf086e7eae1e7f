"""How long simulate() takes for every stored scenario, against a baseline scenario.

usage: python bench/bench_scenarios.py [--repeat N] [--baseline NAME]

Prints a table: per stored scenario (and a few DNS DDoS cases on the default world), the median
and best wall time of ``labkit.simulate`` over N runs and the ratio of the median to the
baseline scenario's median, measured in the same run, so that the ratio says more than the
milliseconds on a busy machine. The load average (``os.getloadavg()``) is printed before and
after. A benchmark, not a test: numbers vary with the machine.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from timing import timed  # noqa: E402  (bench/ is on sys.path when run as a script)

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
    rows = []
    for name, sc in cases.items():
        labkit.simulate(net, sc)  # warm-up: first-call caches of the world
        times = timed(lambda sc=sc: labkit.simulate(net, sc), args.repeat)
        rows.append((name, statistics.median(times), min(times)))
    base = dict((n, med) for n, med, _ in rows)[args.baseline]
    print(f"simulate() on the default world, {args.repeat} runs each; baseline {args.baseline}")
    print(f"load average (1, 5, 15 min): {load_before} before, {_load()} after")
    print(f"{'scenario':<32} {'median ms':>10} {'best ms':>9} {'ratio':>7}")
    for name, med, best in rows:
        print(f"{name:<32} {med * 1e3:>10.1f} {best * 1e3:>9.1f} {med / base:>7.2f}")


if __name__ == "__main__":
    main()
