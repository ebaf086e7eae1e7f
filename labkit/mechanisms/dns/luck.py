"""Seeded draws per resolver and name: when it fetches (an offset within the TTL) and whether
its lookups fail while a provider fails a share of queries. Pure and stable across runs."""

from __future__ import annotations

import hashlib

__all__ = ["draws", "pair_luck", "pair_offset"]


def draws(seed: int, resolver: str, name: str) -> tuple[float, float]:
    digest = hashlib.blake2b(f"{seed}\0{resolver}\0{name}".encode(), digest_size=16).digest()
    return (
        int.from_bytes(digest[:8], "big") / 2**64,
        int.from_bytes(digest[8:], "big") / 2**64,
    )


def pair_offset(seed: int, resolver: str, name: str, ttl: int) -> int:
    """When (seconds after 00:00, in ``[0, ttl)``) ``resolver`` first re-fetches ``name``:
    it fetches at ``offset + k·ttl`` while answers keep coming. Seeded, stable across runs.

    >>> 0 <= pair_offset(0, "isp-paris", "db.us-east.nimbus", 60) < 60
    True
    """
    return int(draws(seed, resolver, name)[0] * ttl)


def pair_luck(seed: int, resolver: str, name: str) -> float:
    """A seeded number in [0, 1): while a provider fails a share ``p`` of queries, the lookups of
    ``resolver`` for ``name`` fail when its luck is below ``p``."""
    return draws(seed, resolver, name)[1]
