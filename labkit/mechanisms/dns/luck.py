"""Seeded draws per resolver and name: when it fetches (an offset within the TTL) and whether
its lookups fail while a provider fails a share of queries. Pure and stable across runs."""

from __future__ import annotations

import hashlib

__all__ = ["attempt_draw", "draws", "lookup_fails", "pair_luck", "pair_offset"]


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


def _block(seed: int, resolver: str, name: str, provider: str, at: int, block: int) -> bytes:
    key = f"{seed}\0{resolver}\0{name}\0{provider}\0{at}\0{block}"
    return hashlib.blake2b(key.encode(), digest_size=64).digest()


def attempt_draw(seed: int, resolver: str, name: str, provider: str, at: int, k: int) -> float:
    """A seeded number in [0, 1) for attempt ``k`` (0 = the first query, then each retry) of the
    lookup of ``name`` that ``resolver`` sends to ``provider`` at second ``at``: the attempt is
    lost when it is below the provider's loss chance. Every attempt has its own draw (eight
    bytes of a seeded hash; eight attempts share one hash).

    >>> a = attempt_draw(0, "isp-paris", "shopfast.example", "quickdns", 660, 0)
    >>> b = attempt_draw(0, "isp-paris", "shopfast.example", "quickdns", 660, 1)
    >>> 0 <= a < 1 and a != b
    True
    """
    digest = _block(seed, resolver, name, provider, at, k // 8)
    i = (k % 8) * 8
    return int.from_bytes(digest[i : i + 8], "big") / 2**64


def lookup_fails(
    seed: int, resolver: str, name: str, provider: str, at: int, loss: float, retries: int
) -> bool:
    """Whether every one of the ``1 + retries`` attempts of that lookup is lost (each with
    chance ``loss``, drawn by :func:`attempt_draw`)."""
    if loss <= 0:
        return False
    if loss >= 1:
        return True
    digest = b""
    for k in range(1 + retries):
        if k % 8 == 0:
            digest = _block(seed, resolver, name, provider, at, k // 8)
        i = (k % 8) * 8
        if int.from_bytes(digest[i : i + 8], "big") / 2**64 >= loss:
            return False
    return True
