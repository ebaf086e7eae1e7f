"""How long BGP route computation takes on internet-sized AS graphs.

usage: python bench/bench_bgp.py [--repeat N] [--sizes 1000,10000,70000]

For synthetic graphs of each size (seed 0) it prints: ASes, links (customer→provider and
peer–peer), the time to generate the graph, the median time to compute every AS's best route
for one prefix (a stub's), and the median time of a hijack scenario (another stub announces the
same prefix, then every AS's outcome is counted). A benchmark, not a test: numbers vary with
the machine.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from timing import timed  # noqa: E402  (bench/ is on sys.path when run as a script)

from labkit.mechanisms import bgp  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--sizes", default="1000,10000,70000")
    args = parser.parse_args()
    print(f"BGP on synthetic AS graphs (seed 0); route times are the median of {args.repeat} runs")
    print(
        f"{'ASes':>7} {'c2p':>8} {'p2p':>8}  {'generate s':>10} {'route ms':>9} "
        f"{'hijack ms':>10}  hijacked"
    )
    for n in (int(s) for s in args.sizes.split(",")):
        t0 = time.perf_counter()
        g = bgp.synthetic_as_graph(n, seed=0)
        generate = time.perf_counter() - t0
        stubs = g.of_kind("stub")
        victim, hijacker = stubs[len(stubs) // 3], stubs[2 * len(stubs) // 3]
        prefix = g.ases[victim].prefixes[0]
        bgp.routes(g, prefix)  # warm the prefix registry once
        route = timed(lambda g=g, p=prefix: bgp.routes(g, p), args.repeat)
        hijack = [bgp.Hijack(hijacker, prefix)]
        counts: dict[str, int] = {}

        def scenario(g=g, p=prefix, ev=hijack, out=counts) -> None:
            out.update(bgp.reach(g, p, ev).counts())

        hij = timed(scenario, args.repeat)
        print(
            f"{n:>7} {g.n_c2p:>8} {g.n_p2p:>8}  {generate:>10.2f} "
            f"{statistics.median(route) * 1e3:>9.1f} {statistics.median(hij) * 1e3:>10.1f}  "
            f"{counts['hijacker'] / n:>7.0%}"
        )


if __name__ == "__main__":
    main()
