"""What users of each category experience: users of apps that are down or degraded."""

from __future__ import annotations

from .internet import CATEGORIES, Internet
from .states import DEGRADED, DOWN

__all__ = ["category_users", "category_impact"]


def category_users(internet: Internet) -> dict[str, int]:
    """Users of each category's apps (a person using two apps counts twice)."""
    totals = dict.fromkeys(CATEGORIES, 0)
    for app in internet.apps():
        totals[app.category] += app.total_users
    return totals


def category_impact(
    internet: Internet, state: dict[str, int], cut: dict[str, int] | None = None
) -> dict[str, tuple[int, int]]:
    """Per category: (users who cannot use their app, users whose app is degraded).

    ``cut`` gives, per app, the users who cannot reach it (their city is cut off) while others
    can: they count as down, the rest of that app's users as degraded.
    """
    cut = cut or {}
    out = {c: [0, 0] for c in CATEGORIES}
    for app in internet.apps():
        s = state[app.id]
        if s == DOWN:
            out[app.category][0] += app.total_users
        elif s == DEGRADED:
            lost = cut.get(app.id, 0)
            out[app.category][0] += lost
            out[app.category][1] += app.total_users - lost
    return {c: (d, g) for c, (d, g) in out.items()}
