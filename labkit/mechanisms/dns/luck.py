"""Seeded draws per resolver and name: when it fetches (an offset within the TTL) and whether
its lookups fail while a provider fails a share of queries. Pure and stable across runs."""

from __future__ import annotations

import hashlib
import math
import struct
from collections.abc import Callable

__all__ = [
    "Attempts",
    "attempt_draw",
    "draws",
    "lookup_fails",
    "pair_luck",
    "pair_offset",
    "threshold",
]

_SCALE = 2**64
_WORDS = struct.Struct(">8Q").unpack  # a 64-byte digest as eight big-endian 8-byte numbers


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


class Attempts:
    """The per-attempt draws of one resolver's lookups of one name at one provider (see
    :func:`attempt_draw`), with the part of the seeded key they share encoded once.

    >>> a = Attempts(0, "isp-paris", "shopfast.example", "quickdns")
    >>> a.draw(660, 1) == attempt_draw(0, "isp-paris", "shopfast.example", "quickdns", 660, 1)
    True
    >>> a.all_lost(660, 0.9, 2) == lookup_fails(0, "isp-paris", "shopfast.example", "quickdns",
    ...                                         660, 0.9, 2)
    True
    """

    __slots__ = ("_key",)

    def __init__(self, seed: int, resolver: str, name: str, provider: str) -> None:
        self._key = f"{seed}\0{resolver}\0{name}\0{provider}\0".encode()

    def block(self, at: int, block: int) -> tuple[int, ...]:
        """The draws of attempts ``8·block`` to ``8·block + 7`` of the lookup at second ``at``,
        as whole numbers below ``2**64``: one seeded hash."""
        key = self._key + f"{at}\0{block}".encode()
        return _WORDS(hashlib.blake2b(key, digest_size=64).digest())

    def draw(self, at: int, k: int) -> float:
        """The draw of attempt ``k`` of the lookup at second ``at``: :func:`attempt_draw`."""
        return self.block(at, k // 8)[k % 8] / _SCALE

    def all_lost(self, at: int, loss: float, retries: int) -> bool:
        """Whether every one of the ``1 + retries`` attempts of the lookup at second ``at`` is
        lost, each with chance ``loss``: :func:`lookup_fails`. An attempt is lost when its draw
        is below ``loss``, so all are when the largest of their draws is."""
        return self.test(loss, retries)(at)

    def test(self, loss: float, retries: int) -> Callable[[int], bool]:
        """:meth:`all_lost` for one ``loss`` and ``retries``, as a function of the second: what
        a stretch of lookups under one load calls again and again. An attempt is kept when its
        8 bytes, read as a whole number, reach :func:`threshold`; most lookups are settled by the
        first byte of each attempt's 8."""
        if loss <= 0:
            return _never
        if loss >= 1:
            return _always
        key, n, blake2b, words = self._key, 1 + retries, hashlib.blake2b, _WORDS
        limit = threshold(loss)
        top = limit >> 56
        # per hash: the end of the suffix of the key, and how many bytes of the digest are used
        blocks = [(b"\0%d" % (b // 8), 8 * min(8, n - b)) for b in range(0, n, 8)]

        def all_lost(at: int) -> bool:
            head = key + b"%d" % at
            for suffix, used in blocks:
                digest = blake2b(head + suffix, digest_size=64).digest()
                first = max(digest[0:used:8])  # the first byte of each attempt's draw
                if first > top:
                    return False
                if first == top and max(words(digest)[: used // 8]) >= limit:
                    return False
            return True

        return all_lost


def threshold(loss: float) -> int:
    """The smallest whole number ``v`` with ``v / 2**64 >= loss``, for ``0 < loss < 1``: an
    attempt whose draw (8 bytes read as ``v``) reaches it is not lost.

    >>> threshold(0.5) == 2**63 - 2**9  # (2**63 - 2**9) / 2**64 rounds up to 0.5
    True
    >>> v = threshold(0.3)
    >>> v / 2**64 >= 0.3 > (v - 1) / 2**64
    True
    """
    hi = math.ceil(loss * _SCALE)  # exact: scaling a float by a power of two
    lo = max(0, hi - 2**12)  # below: even rounded up to 53 bits, lo / 2**64 < loss
    while hi - lo > 1:
        mid = (lo + hi) // 2
        if mid / _SCALE >= loss:
            hi = mid
        else:
            lo = mid
    return hi


def _never(at: int) -> bool:
    return False


def _always(at: int) -> bool:
    return True


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
    return Attempts(seed, resolver, name, provider).draw(at, k)


def lookup_fails(
    seed: int, resolver: str, name: str, provider: str, at: int, loss: float, retries: int
) -> bool:
    """Whether every one of the ``1 + retries`` attempts of that lookup is lost (each with
    chance ``loss``, drawn by :func:`attempt_draw`)."""
    return Attempts(seed, resolver, name, provider).all_lost(at, loss, retries)
