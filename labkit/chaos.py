"""The chaos lab: buy mitigations under a budget, replay a fixed game day of real-world-like
failures, and score what the design kept. Deterministic, so a class can compare designs.

A *design* is a set of choices from :data:`MENU` (each priced in :data:`PRICES`, both read
from the catalogue's mitigations). :func:`game_day` replays every stored scenario in
:data:`GAME_DAY` on the toy internet, once without and once with the design, and adds up the
user-hours of apps that were down. The score is the user-hours the design saved (kept up)
over the game day.

>>> r = game_day(["retry-backoff"])
>>> r.cost, r.saved > 0
(10, True)
>>> parse_design(["Retry backoff", "rpki"])
('retry-backoff', 'rpki')
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import lru_cache

from . import scenarios
from .clock import MINUTES_PER_DAY
from .internet import Internet, build_internet
from .mechanisms import CATALOGUE
from .scenario import Mitigation, Scenario
from .simulate import simulate
from .validate import check_count, check_number, short, suggest

__all__ = [
    "DEFAULT_BUDGET",
    "GAME_DAY",
    "MENU",
    "PRICES",
    "GameDay",
    "ScenarioScore",
    "best_designs",
    "game_day",
    "menu_table",
    "parse_design",
]

#: The fixed set of failures every design faces: one day each (the first day of a longer
#: replay), stored scenarios (see ``labkit.scenarios``). A fixed tuple, so scores stay
#: comparable when scenarios are added.
GAME_DAY: tuple[str, ...] = (
    "nimbus-us-east-outage",
    "aws-dynamodb-dns-2025",
    "fastly-config-2021",
    "crowdstrike-agent-2024",
    "dyn-ddos-2016",
    "facebook-withdrawal-2021",
    "youtube-hijack-2008",
    "verizon-leak-2019",
)

#: What each menu choice switches on, and what it does, in a few words.
MENU: dict[str, tuple[Callable[[], Mitigation], str]] = {
    k.key: (k.cls, k.help) for k in CATALOGUE.menu()
}
#: The price of each menu choice, in credits per month.
PRICES: dict[str, int] = {k.key: CATALOGUE.price(k.key) for k in CATALOGUE.menu()}

#: The budget of the lesson's exercise, in credits per month.
DEFAULT_BUDGET = 60


def menu_table() -> str:
    """The menu with prices, as text.

    >>> print(menu_table().splitlines()[1])
    multi-region     40  every cloud service gets a standby in a second region
    """
    lines = [f"{'choice':<15} {'cost':>4}  what it does"]
    for name, (_, what) in MENU.items():
        lines.append(f"{name:<15} {PRICES[name]:>4}  {what}")
    return "\n".join(lines)


def _key(text: str) -> str:
    return "".join(ch for ch in text.lower() if ch.isalnum())


def parse_design(choices: Iterable[str] | str | None) -> tuple[str, ...]:
    """The menu names of ``choices`` (any case, spaces or underscores for dashes), sorted and
    without repeats. Raises ``ValueError`` naming an unknown choice and what is allowed.

    >>> parse_design("serve_stale")
    ('serve-stale',)
    >>> parse_design(["multiregion", "backof"])
    Traceback (most recent call last):
    ...
    ValueError: choices: unknown value 'backof'. Did you mean 'retry-backoff'? Allowed: ...
    """
    if choices is None:
        return ()
    items = [choices] if isinstance(choices, str) else choices
    if isinstance(items, dict) or not isinstance(items, Iterable):
        raise ValueError(
            f"choices: got {short(choices)}; allowed: a list of menu names, e.g. ['retry-backoff']"
        )
    items = list(items)
    by_key = {_key(n): n for n in MENU}
    out = set()
    for item in items:
        # A menu name is short: a longer text cannot be one, nor a typo of one.
        key = _key(item) if isinstance(item, str) and len(item) <= 200 else None
        name = by_key.get(key) if key is not None else None
        if name is None:
            close = suggest(key, list(by_key)) if key is not None else []
            close = close or ([n for n in MENU if key is not None and key in _key(n)][:1])
            hint = f" Did you mean {by_key.get(close[0], close[0])!r}?" if close else ""
            raise ValueError(
                f"choices: unknown value {short(item)}.{hint} Allowed: {', '.join(MENU)}"
            )
        out.add(name)
    return tuple(n for n in MENU if n in out)


@dataclass(frozen=True)
class ScenarioScore:
    """One game-day scenario: user-hours of apps that were down, without and with the design."""

    scenario: str
    down_before: float
    down_after: float

    @property
    def saved(self) -> float:
        return self.down_before - self.down_after


@dataclass(frozen=True)
class GameDay:
    """A design's game day: per-scenario rows, its cost, and the user-hours it saved."""

    design: tuple[str, ...]
    cost: int
    rows: tuple[ScenarioScore, ...]
    total_user_hours: float  # every user, every hour, every scenario day

    @property
    def down_before(self) -> float:
        return sum(r.down_before for r in self.rows)

    @property
    def down_after(self) -> float:
        return sum(r.down_after for r in self.rows)

    @property
    def saved(self) -> float:
        """User-hours the design kept up over the game day: the score."""
        return self.down_before - self.down_after

    @property
    def kept_share(self) -> float:
        """Share of all user-hours of the game day in which users' apps were up."""
        return 1 - self.down_after / self.total_user_hours

    @property
    def per_credit(self) -> float:
        """User-hours saved per credit spent (0 for an empty design)."""
        return self.saved / self.cost if self.cost else 0.0

    def __str__(self) -> str:
        name = ", ".join(self.design) or "no mitigation"
        lines = [
            f"design: {name} ({self.cost} credits/month)",
            f"{'scenario':<26} {'down before':>12} {'down after':>11} {'saved':>8}",
        ]
        for r in self.rows:
            lines.append(
                f"{r.scenario:<26} {r.down_before / 1e6:>11.1f}M {r.down_after / 1e6:>10.1f}M "
                f"{r.saved / 1e6:>7.1f}M"
            )
        lines.append(
            f"{'game day':<26} {self.down_before / 1e6:>11.1f}M {self.down_after / 1e6:>10.1f}M "
            f"{self.saved / 1e6:>7.1f}M"
        )
        lines.append(
            f"user-hours kept: {self.kept_share:.2%} (all users, all {len(self.rows)} days)"
        )
        return "\n".join(lines)

    def _repr_pretty_(self, p: object, cycle: bool) -> None:
        p.text(str(self))  # type: ignore[attr-defined]


def _down(world: Internet, scenario: Scenario) -> float:
    return simulate(world, scenario).impact_summary().user_hours_down


@lru_cache(maxsize=256)
def _scores(design: tuple[str, ...], seed: int) -> tuple[ScenarioScore, ...]:
    world = build_internet(seed)
    mitigations = tuple(MENU[name][0]() for name in design)
    rows = []
    for name in GAME_DAY:
        s = scenarios.load(name)
        day = min(s.minutes, MINUTES_PER_DAY)  # one day each, even of a longer replay
        plain = Scenario(s.failures, s.mitigations, day, s.seed, s.failover_delay)
        ours = Scenario(s.failures, (*s.mitigations, *mitigations), day, s.seed,
                        s.failover_delay)  # fmt: skip
        rows.append(ScenarioScore(name, _down(world, plain), _down(world, ours)))
    return tuple(rows)


def game_day(choices: Iterable[str] | str | None = (), *, seed: int = 0) -> GameDay:
    """Replay :data:`GAME_DAY` on ``build_internet(seed)`` without and with ``choices``.

    >>> print(game_day([]).rows[0])
    ScenarioScore(scenario='nimbus-us-east-outage', down_before=..., down_after=...)
    """
    check_count("seed", seed, -(2**63), 2**63, "a whole number")
    design = parse_design(choices)
    rows = _scores(design, seed)
    world = build_internet(seed)
    users = sum(a.total_users for a in world.apps())
    total = users * 24 * len(GAME_DAY)
    cost = sum(PRICES[n] for n in design)
    return GameDay(design, cost, rows, total)


def best_designs(budget: int = DEFAULT_BUDGET, *, seed: int = 0, top: int = 3) -> list[GameDay]:
    """The ``top`` designs within ``budget`` that save the most (cheaper first on a tie).
    Tries every affordable design that no other affordable choice could be added to.

    >>> best_designs(10)[0].design
    ('retry-backoff',)
    """
    check_number("budget", budget, 0, 10**9, "credits >= 0, e.g. 60")
    check_count("top", top, 1, 10**6)
    names = list(MENU)
    out = []
    for k in range(len(names) + 1):
        for combo in itertools.combinations(names, k):
            cost = sum(PRICES[n] for n in combo)
            if cost > budget:
                continue
            room = budget - cost
            if any(PRICES[n] <= room for n in names if n not in combo):
                continue  # not maximal: something else still fits
            out.append(game_day(combo, seed=seed))
    out.sort(key=lambda g: (-round(g.saved, 3), g.cost, g.design))
    return out[:top]
