"""Checking the rollout model's fields: the module-local validators its dataclasses and
:func:`~labkit.mechanisms.rollout.push.push` use, and the tolerance for comparing shares.

They are kept together here so that a shared validation layer can replace them in one place.

>>> _share("canary", 0)
Traceback (most recent call last):
...
ValueError: canary: got 0; allowed: a share in (0, 1]
>>> _slug("São Paulo")
'sao-paulo'
"""

from __future__ import annotations

import unicodedata

from ...clock import MINUTES_PER_DAY
from ...validate import check_count, check_number, short

__all__ = ["_EPS", "_minutes", "_name", "_share", "_slug"]

#: Tolerance when comparing shares and health (sums of floats).
_EPS = 1e-9


def _name(field_name: str, value: object, example: str) -> str:
    if not isinstance(value, str) or not value.strip():
        raise ValueError(
            f"{field_name}: got {short(value)}; allowed: a non-empty name like {example!r}"
        )
    return value


def _share(field_name: str, value: object, *, zero_ok: bool = False, hint: str = "") -> float:
    low = "[0, 1]" if zero_ok else "(0, 1]"
    share = check_number(field_name, value, 0, 1, f"a share in {low}{hint}")
    if not zero_ok and share == 0:
        raise ValueError(f"{field_name}: got {short(value)}; allowed: a share in {low}{hint}")
    return float(share)


def _minutes(
    field_name: str, value: object, *, low: int = 0, high: int = 7 * MINUTES_PER_DAY
) -> int:
    return check_count(field_name, value, low, high, f"whole minutes {low}-{high}")


def _slug(text: str) -> str:
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return "-".join(plain.lower().split())
