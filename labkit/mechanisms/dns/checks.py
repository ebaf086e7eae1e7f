"""Input checks of the DNS model: whole numbers, TTLs, labels, positive numbers. Each raises a
ValueError naming the field, the value and what is allowed. Kept apart so they can give way to a
shared validation layer."""

from __future__ import annotations

from ...validate import check_count, short
from ...validate import check_number as shared_check_number

__all__ = [
    "MAX_NEGATIVE_TTL",
    "MAX_TTL",
    "check_label",
    "check_negative_ttl",
    "check_number",
    "check_ttl",
    "check_whole",
]

MAX_TTL = 7 * 86_400  # RFC 8767 §4: resolvers cap TTLs at 7 days
MAX_NEGATIVE_TTL = 3 * 3_600  # RFC 2308 §5: one to three hours is a sensible cap


def check_whole(field_name: str, value: object, lo: int, hi: int, allowed: str) -> int:
    return check_count(field_name, value, lo, hi, allowed)


def check_ttl(field_name: str, value: object) -> int:
    return check_whole(
        field_name, value, 1, MAX_TTL, f"whole seconds from 1 to {MAX_TTL} (7 days), e.g. 60, 300"
    )


def check_negative_ttl(field_name: str, value: object) -> int:
    return check_whole(
        field_name,
        value,
        1,
        MAX_NEGATIVE_TTL,
        f"whole seconds from 1 to {MAX_NEGATIVE_TTL} (3 hours), e.g. 60, 300, 900",
    )


def check_label(field_name: str, value: object, example: str) -> str:
    if (
        not isinstance(value, str)
        or not value
        or value != value.strip()
        or " " in value
        or len(value) > 253
    ):
        raise ValueError(
            f"{field_name}: got {short(value)}; allowed: a name without spaces like {example}"
        )
    return value


def check_number(field_name: str, value: object, allowed: str, lo: float = 0.0) -> float:
    shared_check_number(field_name, value, lo, 1e12, allowed)
    if not value > lo:  # type: ignore[operator]
        raise ValueError(f"{field_name}: got {short(value)}; allowed: {allowed}")
    return float(value)  # type: ignore[arg-type]
