"""How long simulate() takes, for the default world and larger copies of it.

usage: python bench/bench_simulate.py [--repeat N]

Prints a table: world size (components), what was simulated, median and best wall time over
N runs. A benchmark, not a test: numbers vary with the machine.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from timing import timed  # noqa: E402  (bench/ is on sys.path when run as a script)

import labkit  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=15)
    args = parser.parse_args()
    rows = []
    for scale in (1, 10, 30):
        t0 = time.perf_counter()
        net = labkit.build_internet(seed=0, scale=scale)
        build = time.perf_counter() - t0
        outage = labkit.RegionOutage(net.main_region(), "08:00", "11:00")
        four = [
            outage,
            labkit.RecordEmpty("db.us-east.nimbus", "06:48", "09:25"),
            labkit.PrefixHijack("streamflix", "18:47", "21:01"),
            labkit.ConfigPush("edgefast", "09:47", revert_after=49),
        ]
        cases = {
            "quiet day": labkit.Scenario(),
            "main region 08:00-11:00": labkit.Scenario([outage]),
            "same + multi-region": labkit.Scenario([outage], [labkit.MultiRegion()]),
            "all four failure kinds": labkit.Scenario(four),
        }
        for name, sc in cases.items():
            times = timed(lambda sc=sc, net=net: labkit.simulate(net, sc), args.repeat)
            rows.append((scale, len(net.components()), name, statistics.median(times), min(times)))
        rows.append((scale, len(net.components()), "build_internet()", build, build))
    print(f"simulate(): one simulated day at one-minute ticks, {args.repeat} runs each")
    print(f"{'scale':>5} {'components':>10}  {'case':<26} {'median ms':>10} {'best ms':>9}")
    for scale, n, name, med, best in rows:
        print(f"{scale:>5} {n:>10}  {name:<26} {med * 1e3:>10.1f} {best * 1e3:>9.1f}")
    print("(the 30x world simulates each case; its failures hit only the first copy)")


if __name__ == "__main__":
    main()
