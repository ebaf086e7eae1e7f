"""Prefixes as sortable keys: parsing, printing, and which prefix covers which.

An IPv4 or IPv6 prefix becomes a :data:`Key`, ``(IP version, network address as int, prefix
length)``, so that the route engine can compare, sort and walk up to covering prefixes quickly.

>>> k = prefix_key("prefix", "10.50.1.0/24")
>>> format_prefix(k), covers(prefix_key("prefix", "10.50.0.0/22"), k)
('10.50.1.0/24', True)
>>> [format_prefix(s) for s in supernets(k)][:3]
['10.50.1.0/24', '10.50.0.0/23', '10.50.0.0/22']
"""

from __future__ import annotations

import ipaddress

from ...validate import short

__all__ = [
    "Key",
    "covers",
    "format_prefix",
    "parse_prefix",
    "prefix_bits",
    "prefix_key",
    "supernets",
]

Key = tuple[int, int, int]  # (IP version, network address as int, prefix length)


def prefix_bits(version: int) -> int:
    return 32 if version == 4 else 128


def parse_prefix(field: str, value: object) -> ipaddress.IPv4Network | ipaddress.IPv6Network:
    if isinstance(value, ipaddress.IPv4Network | ipaddress.IPv6Network):
        return value
    if not isinstance(value, str):
        raise ValueError(f"{field}: got {short(value)}; allowed: a prefix like '203.0.113.0/24'")
    try:
        return ipaddress.ip_network(value.strip(), strict=True)
    except ValueError as err:
        hint = ""
        try:
            fixed = ipaddress.ip_network(value.strip(), strict=False)
            hint = f" (host bits set: did you mean {str(fixed)!r}?)"
        except ValueError:
            pass
        raise ValueError(
            f"{field}: got {short(value)}, which is not a prefix{hint}; "
            "allowed: a network like '203.0.113.0/24' or '2001:db8::/32'"
        ) from err


def prefix_key(field: str, value: object) -> Key:
    """``value`` (a prefix) as a (version, network int, length) key; raises ValueError."""
    net = parse_prefix(field, value)
    return (net.version, int(net.network_address), net.prefixlen)


def format_prefix(key: Key) -> str:
    v, a, n = key
    return str(ipaddress.IPv4Network((a, n)) if v == 4 else ipaddress.IPv6Network((a, n)))


def supernets(key: Key) -> list[Key]:
    """``key`` and every prefix covering it, most specific first."""
    v, a, n = key
    bits = prefix_bits(v)
    full = (1 << bits) - 1
    return [(v, a & (full ^ ((1 << (bits - k)) - 1)), k) for k in range(n, -1, -1)]


def covers(outer: Key, inner: Key) -> bool:
    v, a, n = outer
    if v != inner[0] or n > inner[2]:
        return False
    shift = prefix_bits(v) - n
    return (inner[1] >> shift) == (a >> shift)
