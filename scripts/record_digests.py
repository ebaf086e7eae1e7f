"""Record digests of every stored scenario's Timeline (rows and impact summary), alone and with
each mitigation of the chaos lab's menu, so a refactor can prove it changed no behaviour.

usage: python scripts/record_digests.py > tests/data/behaviour_digests.json

Run it *before* moving code; ``tests/test_behaviour_digests.py`` compares fresh runs with the
file. Re-record only for a change that is meant to change behaviour, and say so in the commit.
"""

from __future__ import annotations

import hashlib
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import labkit  # noqa: E402
from labkit import scenarios  # noqa: E402

#: Mitigations every stored scenario is also run with (the constructors take no arguments).
MITIGATIONS = (
    "MultiRegion",
    "MultiCloud",
    "RetryBackoff",
    "StagedRollout",
    "ServeStale",
    "RPKI",
    "PrefixFilters",
    "LocalFallback",
    "Checkpointing",
    "IndependentStatusPage",
)


def digest(timeline: labkit.Timeline) -> str:
    """sha256 of the Timeline's rows, its impact stretches, its summary and training lost."""
    h = hashlib.sha256()
    for r in timeline.rows():
        h.update(repr((r.start, r.end, r.component, r.kind, r.state, r.cause)).encode())
    for r in timeline.impact():
        h.update(repr((r.start, r.end, r.category, r.users_down, r.users_degraded)).encode())
    h.update(str(timeline.impact_summary()).encode())
    h.update(repr(sorted(timeline.training_minutes_lost().items())).encode())
    return h.hexdigest()


def runs() -> dict[str, str]:
    """Every (scenario, mitigation) pair's digest, by a readable key."""
    net = labkit.build_internet()
    out = {}
    for name in scenarios.names():
        s = scenarios.load(name)
        out[name] = digest(labkit.simulate(net, s))
        for m in MITIGATIONS:
            extra = getattr(labkit, m)()
            ours = labkit.Scenario(
                s.failures, (*s.mitigations, extra), s.minutes, s.seed, s.failover_delay
            )
            out[f"{name} + {m}"] = digest(labkit.simulate(net, ours))
    return out


if __name__ == "__main__":
    json.dump(runs(), sys.stdout, indent=1, sort_keys=True)
    print()
