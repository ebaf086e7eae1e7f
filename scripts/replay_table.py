"""Print every stored replay beside its record, as a Markdown table: onset, root-cause fix and
full recovery in the record and in the model, and the tail after the fix as a ratio.

Usage: python scripts/replay_table.py
"""

from __future__ import annotations

import labkit
from labkit import scenarios
from labkit.clock import fmt_time
from labkit.replay import compare


def cell(minute: int | None) -> str:
    return fmt_time(minute) if minute is not None else "-"


def main() -> None:
    net = labkit.build_internet()
    print(
        "| replay | onset rec / model | fix (record) | full recovery rec / model "
        "| tail rec / model (min) | tail ratio |"
    )
    print("|---|---|---|---|---|---|")
    for name in scenarios.names():
        rec = scenarios.info(name).record
        if rec is None:
            continue
        c = compare(labkit.simulate(net, scenarios.load(name)), rec)
        back = cell(c.model_full_recovery) if c.recovered else "not back"
        ratio = f"{c.tail_ratio:.2f}×" if c.tail_ratio is not None else "n/a"
        tails = f"{c.record_tail if c.record_tail is not None else '-'} / " + (
            f"{c.model_tail}" if c.model_tail is not None else "-"
        )
        theirs = cell(rec.full_recovery)
        if rec.full_recovery is None and rec.incident_closed is not None:
            theirs = f"- (incident closed {cell(rec.incident_closed)})"
            ratio = (
                "n/a; back by the close" if c.back_before_close else "n/a; not back by the close"
            )
        print(
            f"| {name} | {cell(rec.onset)} / {cell(c.model_onset)} | {cell(rec.root_cause_fixed)} "
            f"| {theirs} / {back} | {tails} | {ratio} |"
        )


if __name__ == "__main__":
    main()
