"""How a push goes out: :class:`GlobalPush` (every unit at once) or :class:`StagedPush` (a
canary, then waves, with bake time, a health gate and an automatic rollback)."""

from __future__ import annotations

from dataclasses import dataclass

from ...clock import MINUTES_PER_DAY
from ...validate import check_choice, short
from .checks import _EPS, _minutes, _share

__all__ = ["ORDERS", "GlobalPush", "StagedPush", "Strategy"]

ORDERS = ("random", "by-group")


@dataclass(frozen=True)
class GlobalPush:
    """Every unit gets the new config in the same minute; nothing watches health. Operators may
    revert a bad config by hand ``revert_after`` minutes after the push (``None``: not within
    the run); the rollback then takes ``rollback_minutes``.

    >>> GlobalPush(revert_after=0)
    Traceback (most recent call last):
    ...
    ValueError: revert_after: got 0; allowed: None (never) or whole minutes 1-10080
    """

    revert_after: int | None = None
    rollback_minutes: int = 0

    def __post_init__(self) -> None:
        _check_revert(self.revert_after)
        _minutes("rollback_minutes", self.rollback_minutes, high=MINUTES_PER_DAY)


@dataclass(frozen=True)
class StagedPush:
    """A canary, then waves: ``canary`` and ``waves`` are shares of the fleet that sum to 1.

    Each wave bakes for ``bake`` minutes before the next starts. During every bake (the last one
    too) a health gate watches the units updated so far; it sees a unit's trouble
    ``detect_delay`` minutes after the unit loaded the config, and halts the rollout when their
    health falls below ``gate``. With ``auto_rollback`` the updated waves then go back to the old
    version, most recent first, ``rollback_minutes`` per wave. ``order`` is "random" (units in a
    seeded random order) or "by-group" (whole groups, in a seeded random order). Shares are
    rounded up to whole units (to whole groups with "by-group"); a wave that rounds to nothing
    is skipped.

    >>> StagedPush(canary=0.05, waves=(0.25, 0.6))
    Traceback (most recent call last):
    ...
    ValueError: waves: got (0.25, 0.6); with the canary 0.05 the shares sum to 0.9; allowed: ...
    """

    canary: float = 0.05
    waves: tuple[float, ...] = (0.25, 0.7)
    bake: int = 15
    gate: float = 0.95
    detect_delay: int = 5
    rollback_minutes: int = 5
    auto_rollback: bool = True
    revert_after: int | None = None
    order: str = "random"

    def __post_init__(self) -> None:
        canary = _share("canary", self.canary, hint=" (e.g. 0.05 for 5% of the fleet)")
        object.__setattr__(self, "canary", canary)
        if not isinstance(self.waves, list | tuple):
            raise ValueError(
                f"waves: got {self.waves!r}; allowed: a list of shares, e.g. (0.25, 0.7)"
            )
        waves = tuple(_share(f"waves[{i}]", w) for i, w in enumerate(self.waves))
        total = canary + sum(waves)
        if abs(total - 1) > 1e-6:
            raise ValueError(
                f"waves: got {tuple(self.waves)!r}; with the canary {canary:g} the shares sum to "
                f"{total:g}; allowed: shares in (0, 1] that sum to 1 with the canary, e.g. "
                f"{_example_waves(canary)}"
            )
        object.__setattr__(self, "waves", waves)
        _minutes("bake", self.bake, high=MINUTES_PER_DAY)
        object.__setattr__(
            self, "gate", _share("gate", self.gate, zero_ok=True, hint=" (0.95 is 95% health)")
        )
        _minutes("detect_delay", self.detect_delay, high=MINUTES_PER_DAY)
        _minutes("rollback_minutes", self.rollback_minutes, high=MINUTES_PER_DAY)
        if not isinstance(self.auto_rollback, bool):
            raise ValueError(f"auto_rollback: got {self.auto_rollback!r}; allowed: True or False")
        _check_revert(self.revert_after)
        check_choice("order", self.order, ORDERS)


def _example_waves(canary: float) -> str:
    rest = 1 - canary
    if rest <= _EPS:
        return "() with canary 1"
    return f"({rest * 0.25:.4g}, {rest * 0.75:.4g})"


def _check_revert(value: object) -> None:
    if value is not None:
        try:
            _minutes("revert_after", value, low=1)
        except ValueError:
            raise ValueError(
                f"revert_after: got {short(value)}; allowed: None (never) or whole minutes 1-10080"
            ) from None


Strategy = GlobalPush | StagedPush
