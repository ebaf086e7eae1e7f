"""Lesson 08's checker: which kind of network is the safest origin against hijacks, read
from a sweep of origins against hijackers (:func:`labkit.sweeps.hijack_pairs_sweep`).

>>> from labkit import sweeps
>>> table = sweeps.hijack_pairs_sweep(1, n=300, progress=False)
>>> safest = min(table.mean_by("origin_kind", "reach").items(), key=lambda kv: kv[1])[0]
>>> check_safest_origin(safest, table).correct
True
"""

from __future__ import annotations

from typing import Any

from ..sweeping import SweepTable
from ..sweeps import AS_KINDS_SWEPT
from ..validate import check_choice, check_type, short
from .core import Feedback, friendly

__all__ = ["check_safest_origin", "parse_kind"]

_TABLE = "the table from sweeps.hijack_pairs_sweep(...)"


def parse_kind(answer: Any) -> str:
    """The AS kind in ``answer``: "tier-1", "transit" or "stub", in any case, with a space
    or no dash, singular or plural.

    >>> parse_kind("Tier 1"), parse_kind("stubs"), parse_kind("TRANSIT")
    ('tier-1', 'stub', 'transit')
    """
    if not isinstance(answer, str) or len(answer) > 100:
        raise ValueError(
            f"answer: got {short(answer)}; allowed: one kind of AS: "
            + ", ".join(repr(k) for k in AS_KINDS_SWEPT)
        )
    key = answer.strip().lower().replace(" ", "-").replace("_", "-").removesuffix("s")
    key = {"tier1": "tier-1", "tier-one": "tier-1"}.get(key, key)
    return check_choice("answer", key, AS_KINDS_SWEPT)  # a typo gets "did you mean"


@friendly
def check_safest_origin(answer: Any, table: Any) -> Feedback:
    """Is ``answer`` the kind of AS (tier-1, transit, stub) whose prefixes hijacks reach the
    fewest other ASes, on average over the pairs of ``table`` (from
    :func:`labkit.sweeps.hijack_pairs_sweep`)? Never raises."""
    check_type("table", table, SweepTable, _TABLE)
    if "origin_kind" not in table.columns or "reach" not in table.columns:
        raise ValueError(f"table: got a table without origin_kind and reach; allowed: {_TABLE}")
    means = table.mean_by("origin_kind", "reach")
    kind = parse_kind(answer)
    if not means:
        return Feedback(False, "The table has no finished pair: run the sweep cell again.")
    best = min(means, key=lambda k: (means[k], k))
    listed = ", ".join(f"{k} {v:.1%}" for k, v in sorted(means.items(), key=lambda kv: kv[1]))
    if kind not in means:
        return Feedback(False, f"The table has no origin of kind {kind!r}: its kinds are "
                        f"{', '.join(means)}.")  # fmt: skip
    if kind == best:
        return Feedback(
            True,
            f"Yes: a hijack of a {best}'s prefix reaches {means[best]:.1%} of the other ASes "
            f"on average ({listed}). An origin high in the hierarchy is the customer of "
            "nobody: its route reaches most networks through customer and peer links, which "
            "every AS prefers to a hijacker's route coming from a provider.",
        )
    return Feedback(
        False,
        f"Not quite: the table says a hijack of a {kind}'s prefix reaches {means[kind]:.1%} "
        f"of the other ASes on average, but another kind does better ({listed}). Which kind "
        "of origin do most networks hear from a customer or a peer rather than from a "
        "provider?",
    )
