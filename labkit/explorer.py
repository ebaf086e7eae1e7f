"""The explorer's brain, without widgets: which scenario the dashboard's controls describe, and
the cached runs it shows. Kept apart from :mod:`labkit.widgets` so it can be tested (and timed)
without a browser.

The controls come from the catalogue (:data:`labkit.mechanisms.CATALOGUE`): one row per
failure kind that has a :class:`~labkit.catalogue.Control`, one checkbox per mitigation. The
round trip scenario → controls → scenario gives back the same scenario: what no control can
show is kept as it is (and :meth:`Controls.kept` says so).

>>> import labkit
>>> s = labkit.Scenario([labkit.ConfigPush("edgefast", "13:42", effect="cpu", revert_after=25)])
>>> c = Controls.from_scenario(s)
>>> c.on["push"], c.start["push"], c.fixed["push"], c.values["push"]
(True, '13:42', '14:07', {'fleet': 'edgefast', 'effect': 'cpu'})
>>> c.scenario() == s
True
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields, replace

from . import scenarios
from .catalogue import Control
from .clock import fmt_time
from .internet import Internet, build_internet
from .mechanisms import CATALOGUE
from .scenario import EngineOptions, Failure, Mitigation, Scenario
from .simulate import simulate
from .timeline import Timeline, failure_label
from .validate import check_choice, check_count, check_time, check_type

__all__ = [
    "CONTROLS",
    "FAILURE_KINDS",
    "MITIGATIONS",
    "MITIGATION_PRICES",
    "Controls",
    "RunCache",
    "explore_inputs",
    "mitigation_effect",
    "mitigation_label",
]

#: The dashboard's failure rows, by key.
CONTROLS: dict[str, Control] = {c.key: c for c in CATALOGUE.controls()}
#: The failure rows' labels, by key.
FAILURE_KINDS: dict[str, str] = {k: c.label for k, c in CONTROLS.items()}
#: The price of each mitigation the dashboard offers, in credits per month (None: not for
#: sale): the catalogue's, the one scale the chaos lab (lesson 06) charges against its budget.
#: (Lesson 05's deployment price list, :mod:`labkit.costs`, prices one service at 100 credits
#: in one zone; its 160 for a second region is not this scale and never labels a checkbox.)
MITIGATION_PRICES: dict[str, int | None] = {
    k.key: k.price for k in CATALOGUE.mitigations() if k.dashboard
}


def mitigation_label(key: str) -> str:
    """The label of mitigation ``key``'s checkbox: its name and, when it is for sale, its
    price from the catalogue.

    >>> mitigation_label("multi-region"), mitigation_label("status-page")
    ('multi-region (40 cr)', 'independent status page')
    """
    kind = CATALOGUE.kind(check_choice("key", key, MITIGATION_PRICES))
    return f"{kind.label} ({kind.price} cr)" if kind.price is not None else kind.label


#: The mitigations the dashboard offers: key -> (label a learner sees, what it does, class).
MITIGATIONS: dict[str, tuple[str, str, type]] = {
    k.key: (mitigation_label(k.key), k.help, k.cls) for k in CATALOGUE.mitigations() if k.dashboard
}
_NEVER = "never"
_OPENING = 9 * 60  # where the dashboard opens on a scenario with no failure


def _same(a: Failure, b: Failure) -> bool:
    """The same failure, whichever way its times were written (minutes, "HH:MM", duration)."""
    if type(a) is not type(b) or (a.start_min, a.fixed_min) != (b.start_min, b.fixed_min):
        return False
    skip = {"start", "fixed", "duration"}
    return all(
        getattr(a, f.name) == getattr(b, f.name)
        for f in fields(a)
        if f.compare and f.name not in skip
    )


@dataclass
class Controls:
    """Plain values of every control; :meth:`scenario` turns them into a Scenario (raising a
    ValueError with the field, the value and what is allowed when they do not fit).

    ``on``, ``start``, ``fixed`` and ``values`` are per failure row ("never" in ``fixed``: not
    fixed within the run); ``mitigations`` per mitigation key. ``minutes``, ``seed`` and
    ``failover_delay`` are the scenario's own; ``extra_failures`` and ``extra_mitigations`` are
    what no control shows, kept as they are. ``extra_on`` holds one flag per kept failure
    (all True when read from a scenario): switched off, it leaves the scenario, so every
    failure of a starting scenario can be removed; :meth:`extra_labels` gives their words.

    >>> from labkit import RegionOutage, Scenario, ZoneOutage
    >>> zone = ZoneOutage("nimbus-us-east-a", "10:00", "11:00")  # no row shows a zone outage
    >>> c = Controls.from_scenario(Scenario([zone]))
    >>> c.extra_on, c.extra_labels()
    ([True], ['outage of zone nimbus-us-east-a (10:00–11:00)'])
    >>> c.extra_on[0] = False
    >>> c.scenario().failures
    ()
    """

    on: dict[str, bool] = field(default_factory=lambda: dict.fromkeys(CONTROLS, False))
    start: dict[str, str] = field(default_factory=lambda: {k: c.start for k, c in CONTROLS.items()})
    fixed: dict[str, str] = field(default_factory=lambda: {k: c.fixed for k, c in CONTROLS.items()})
    values: dict[str, dict[str, str]] = field(
        default_factory=lambda: {k: c.defaults() for k, c in CONTROLS.items()}
    )
    mitigations: dict[str, bool] = field(default_factory=lambda: dict.fromkeys(MITIGATIONS, False))
    minutes: int = 24 * 60
    seed: int = 0
    failover_delay: int = 5
    extra_failures: tuple[Failure, ...] = ()
    extra_mitigations: tuple[Mitigation, ...] = ()
    #: per kept failure (``extra_failures``): whether it is in the scenario
    extra_on: list[bool] = field(default_factory=list)
    #: where each failure stood in the scenario read: a row key or a kept failure
    order: list[str | Failure] = field(default_factory=list)
    #: the failure each row showed when read, reused while the row still describes it
    shown: dict[str, Failure] = field(default_factory=dict)

    def build(self, key: str) -> Failure:
        """The failure row ``key`` describes now."""
        control = CONTROLS[key]
        fixed = self.fixed[key].strip()
        try:
            f = control.build(
                dict(self.values[key]),
                self.start[key].strip(),
                None if fixed.lower() == _NEVER else fixed,
            )
        except (ValueError, TypeError) as err:  # say which row the field is in
            raise type(err)(f"{control.label} ({key} row): {err}") from None
        was = self.shown.get(key)
        return was if was is not None and _same(was, f) else f

    def failures(self) -> list[Failure]:
        """The failures, in the order of the scenario read, then rows switched on since; kept
        failures switched off (``extra_on``) are left out."""
        self.check()
        built = {k: self.build(k) for k in CONTROLS if self.on[k]}
        kept = [f for f, on in zip(self.extra_failures, self.extra_flags(), strict=True) if on]
        out: list[Failure] = []
        for slot in self.order:
            if isinstance(slot, str):
                if slot in built:
                    out.append(built.pop(slot))
            elif any(slot is f for f in kept):
                out.append(slot)
        for f in kept:
            if not any(f is slot for slot in self.order):
                out.append(f)
        return out + list(built.values())

    def extra_flags(self) -> list[bool]:
        """``extra_on``, or all True when it was left empty (kept failures set by hand)."""
        if not self.extra_on and self.extra_failures:
            return [True] * len(self.extra_failures)
        return list(self.extra_on)

    def _options(self) -> EngineOptions:
        """The engine options the mitigations now chosen set (what the labels follow)."""
        chosen = [MITIGATIONS[k][2]() for k in MITIGATIONS if self.mitigations[k]]
        return Scenario([], [*self.extra_mitigations, *chosen]).options()

    def extra_labels(self) -> list[str]:
        """One label per kept failure (``extra_failures``), switched on or not: its words as a
        run with the mitigations now chosen applies it (a config push reads "staged push"
        while staged rollout is ticked; see :func:`labkit.timeline.failure_label`)."""
        self.check()
        options = self._options()
        return [failure_label(f, options) for f in self.extra_failures]

    def opening_minute(self, t: object = None) -> int:
        """The minute the dashboard opens at: the earliest start among the failures now in the
        scenario, moved up to the time slider's 5-minute grid (a frame shows the state at its
        minute, so the first frame at or after the start is the first that can show the
        failure) and within the slider's day; 09:00 (540) when there is no failure. A time
        ``t`` given by the caller wins (checked, and put on the grid, rounded down).

        >>> from labkit import RegionOutage, Scenario
        >>> c = Controls.from_scenario(Scenario([RegionOutage("nimbus-us-east", "08:03", "11:00")]))
        >>> c.opening_minute(), c.opening_minute("13:02"), Controls().opening_minute()
        (485, 780, 540)
        """
        last = (min(self.minutes, 24 * 60) - 1) // 5 * 5  # the slider's last minute
        if t is not None:
            return min(check_time("t", t, end=self.minutes) // 5 * 5, last)
        starts = [f.start_min for f in self.failures()]
        return min(-(-min(starts) // 5) * 5, last) if starts else min(_OPENING, last)

    def scenario(self) -> Scenario:
        self.check()
        chosen = [MITIGATIONS[k][2]() for k in MITIGATIONS if self.mitigations[k]]
        return Scenario(
            self.failures(), [*self.extra_mitigations, *chosen], self.minutes, self.seed,
            self.failover_delay,
        )  # fmt: skip

    def kept(self) -> list[str]:
        """What the scenario holds that no row or mitigation checkbox shows (kept as it is), in
        words: the kept failures switched on, as the run applies them, then the mitigations."""
        flags = self.extra_flags()
        out = [label for label, on in zip(self.extra_labels(), flags, strict=True) if on]
        out += [type(m).__name__ for m in self.extra_mitigations]
        return out

    def check(self) -> None:
        """Raise a ValueError (or TypeError) naming the first control whose value does not fit:
        a missing or unknown key, a wrong type, an unknown choice."""
        rows = ", ".join(CONTROLS)
        for name, keys in (("on", CONTROLS), ("start", CONTROLS), ("fixed", CONTROLS),
                           ("values", CONTROLS), ("mitigations", MITIGATIONS)):  # fmt: skip
            value = getattr(self, name)
            listed = rows if keys is CONTROLS else ", ".join(keys)
            check_type(name, value, dict, f"a dict with a value for each of {listed}")
            for key in value:
                check_choice(f"{name} key", key, keys)
            missing = [k for k in keys if k not in value]
            if missing:
                raise ValueError(
                    f"{name}: missing {missing[0]!r}; allowed: a dict with a value for each of "
                    f"{listed}"
                )
        for name in ("on", "mitigations"):
            for key, flag in getattr(self, name).items():
                check_type(f"{name}[{key!r}]", flag, bool, "True or False")
        for key, control in CONTROLS.items():
            for name in ("start", "fixed"):
                check_type(f"{name}[{key!r}]", getattr(self, name)[key], str, "a time 'HH:MM'")
            given = self.values[key]
            check_type(f"values[{key!r}]", given, dict, "a dict of the row's settings")
            for p in control.params:
                if p.name not in given:
                    names = ", ".join(q.name for q in control.params)
                    raise ValueError(
                        f"values[{key!r}]: missing {p.name!r}; allowed: a dict with {names}"
                    )
                check_type(f"values[{key!r}][{p.name!r}]", given[p.name], str, "a name (text)")
                if not callable(p.choices):
                    check_choice(f"values[{key!r}][{p.name!r}]", given[p.name], p.choices)
        extras_of = (
            ("extra_failures", self.extra_failures, Failure),
            ("extra_mitigations", self.extra_mitigations, Mitigation),
        )
        for name, extras, kind in extras_of:
            check_type(name, extras, tuple | list, f"a tuple of {kind.__name__}s")
            for i, x in enumerate(extras):
                check_type(f"{name}[{i}]", x, kind, f"a {kind.__name__}")
        n = len(self.extra_failures)
        flags = f"a list of {n} True/False flags, one per kept failure"
        check_type("extra_on", self.extra_on, list, flags)
        if self.extra_on and len(self.extra_on) != n:
            raise ValueError(
                f"extra_on: got {len(self.extra_on)} flags for {n} kept failures; allowed: {flags}"
            )
        for i, flag in enumerate(self.extra_on):
            check_type(f"extra_on[{i}]", flag, bool, "True or False")

    @classmethod
    def from_scenario(cls, scenario: Scenario | None) -> Controls:
        """Controls showing ``scenario``: failures and mitigations the panel has a control for
        set that control; the rest are kept as fixed extras."""
        c = cls()
        if scenario is None:
            return c
        c.minutes, c.seed, c.failover_delay = (
            scenario.minutes, scenario.seed, scenario.failover_delay,
        )  # fmt: skip
        extra: list[Failure] = []
        for f in scenario.failures:
            key = c._show(f)
            if key is None:
                extra.append(f)
                c.order.append(f)
            else:
                c.order.append(key)
        c.extra_failures = tuple(extra)
        c.extra_on = [True] * len(extra)
        extra_m: list[Mitigation] = []
        for m in scenario.mitigations:
            kind = CATALOGUE.of(m)
            key = kind.key if kind is not None else None
            if key in MITIGATIONS and not c.mitigations[key] and m == MITIGATIONS[key][2]():
                c.mitigations[key] = True
            else:
                extra_m.append(m)
        c.extra_mitigations = tuple(extra_m)
        ticked = [MITIGATIONS[k][2]() for k in MITIGATIONS if c.mitigations[k]]
        if (*extra_m, *ticked) != scenario.mitigations:  # the order matters: keep them all
            c.mitigations = dict.fromkeys(MITIGATIONS, False)
            c.extra_mitigations = tuple(scenario.mitigations)
        return c

    def _show(self, f: Failure) -> str | None:
        """Set the first free row that can show ``f`` exactly; its key, or None."""
        for key, control in CONTROLS.items():
            if self.on[key]:
                continue
            values = control.read(f)
            if values is None:
                continue
            start = f.start if isinstance(f.start, str) else fmt_time(f.start_min)
            fixed = values.pop("fixed", None)
            if fixed is None:
                fixed = _NEVER if f.never_fixed else fmt_time(f.fixed_min)
            merged = {**control.defaults(), **values}
            try:
                again = control.build(dict(merged), start, None if fixed == _NEVER else fixed)
            except ValueError:
                continue
            if not _same(again, f):
                continue
            self.on[key], self.start[key], self.fixed[key] = True, start, fixed
            self.values[key] = merged
            self.shown[key] = f
            return key
        return None


class RunCache:
    """Simulations by scenario, so flipping a control back costs nothing."""

    def __init__(self, internet: Internet, size: int = 32) -> None:
        self.internet = check_type(
            "internet", internet, Internet, "an Internet from build_internet()"
        )
        self.size = check_count("size", size, 1, 10_000)
        self._runs: dict[Scenario, Timeline] = {}
        self._states: dict[Scenario, tuple] = {}

    def states(self, scenario: Scenario) -> tuple:
        """What a run did, as two runs are compared: every component's states over time (a
        change of cause alone is no change), the users down and degraded per category over
        time, and the AI training lost. Kept beside the run, so asking again is free."""
        tl = self.run(scenario)
        if scenario not in self._states:
            if len(self._states) >= self.size:
                self._states.pop(next(iter(self._states)))
            self._states[scenario] = _states_of(tl)
        return self._states[scenario]

    def run(self, scenario: Scenario) -> Timeline:
        check_type("scenario", scenario, Scenario, "a Scenario([...])")
        if scenario not in self._runs:
            if len(self._runs) >= self.size:
                self._runs.pop(next(iter(self._runs)))
            self._runs[scenario] = simulate(self.internet, scenario)
        return self._runs[scenario]


def _states_of(tl: Timeline) -> tuple:
    steps: list[tuple[str, int, str]] = []
    for r in tl.rows():
        if not steps or steps[-1][0] != r.component or steps[-1][2] != r.state:
            steps.append((r.component, r.start, r.state))
    impact = tuple((r.start, r.category, r.users_down, r.users_degraded) for r in tl.impact())
    return tuple(steps), impact, tuple(sorted(tl.training_minutes_lost().items()))


#: What a mechanism's failures are, in words, for the "no effect" notes.
_MECHANISM_WORDS = {
    "regions": "cloud region failures",
    "rollout": "bad config pushes",
    "dns": "DNS failures",
    "bgp": "routing (BGP) failures",
}


def mitigation_effect(cache: RunCache, controls: Controls, key: str) -> str:
    """Whether mitigation ``key`` changes the run the ``controls`` describe: "" when ticking
    (or unticking) it changes some component's state, the users affected or the AI training
    lost; else one sentence, "no effect on this scenario: " and why, from the catalogue (what
    the mitigation acts on against what the scenario holds). Both runs come from ``cache``.

    Raises ValueError (or TypeError) for an unknown ``key`` or controls that do not fit.

    >>> from labkit import ConfigPush, Scenario, build_internet
    >>> cache = RunCache(build_internet())
    >>> c = Controls.from_scenario(Scenario([ConfigPush("edgefast", "09:47")]))
    >>> mitigation_effect(cache, c, "staged-rollout")
    ''
    >>> print(mitigation_effect(cache, c, "rpki"))  # doctest: +NORMALIZE_WHITESPACE
    no effect on this scenario: "RPKI" acts on routing (BGP) failures (BGP hijack, BGP route leak,
    BGP withdrawal, backbone cut, BGP counter-announcement), and this scenario holds none (it
    holds: bad config push).
    """
    check_type("cache", cache, RunCache, "a RunCache")
    check_type("controls", controls, Controls, "Controls")
    check_choice("key", key, MITIGATIONS)
    runs = []
    for flag in (False, True):
        chosen = dict(controls.mitigations, **{key: flag})
        runs.append(replace(controls, mitigations=chosen).scenario())
    if cache.states(runs[0]) != cache.states(runs[1]):
        return ""
    return "no effect on this scenario: " + _no_effect_why(key, tuple(runs[0].failures))


def _no_effect_why(key: str, failures: tuple[Failure, ...]) -> str:
    kind = CATALOGUE.kind(key)
    name = f'"{kind.label}"'
    if not failures:
        return "there is no failure for it to act on."
    kinds = [CATALOGUE.of(f) for f in failures]
    held = ", ".join(dict.fromkeys(_lower(k.label) if k is not None else type(f).__name__
                                   for k, f in zip(kinds, failures, strict=True)))  # fmt: skip
    if kind.mechanism not in _MECHANISM_WORDS:  # how clients and apps behave, any failure
        return (
            f"{name} acts on how clients and apps behave in any failure ({kind.help}); the "
            f"failures it acts on are in the scenario ({held}), but with it no component's "
            "state, no user count and no AI training lost changes."
        )
    acts_on = [k for k in CATALOGUE.failures() if k.mechanism == kind.mechanism]
    present = [_lower(k.label) for k in kinds if k is not None and k.mechanism == kind.mechanism]
    what = _MECHANISM_WORDS[kind.mechanism]
    if not present:
        return (
            f"{name} acts on {what} ({', '.join(_lower(k.label) for k in acts_on)}), and this "
            f"scenario "
            f"holds none (it holds: {held})."
        )
    return (
        f"the failures it acts on are in the scenario ({', '.join(dict.fromkeys(present))}), "
        f"but {name} ({kind.help}) changes no component's state and no user count here."
    )


def _lower(label: str) -> str:
    """A row's label inside a sentence: "Region outage" → "region outage" (names kept)."""
    return label[:1].lower() + label[1:] if label[1:2].islower() else label


def explore_inputs(
    internet: object, scenario: object, t: object
) -> tuple[Internet, Scenario | None]:
    """The world and scenario :func:`labkit.explore` shows, checked: ``internet`` is an
    :class:`~labkit.internet.Internet` or None (the default world), ``scenario`` a
    :class:`~labkit.failures.Scenario`, a stored scenario's name or None, ``t`` a time or None
    (then the dashboard opens at :meth:`Controls.opening_minute`)."""
    world: Internet | None = None
    if internet is not None:
        world = check_type("internet", internet, Internet, "an Internet from build_internet()")
    shown: Scenario | None = None
    if isinstance(scenario, str):
        shown = scenarios.load(scenario)
    elif scenario is not None:
        allowed = "a Scenario, a stored scenario's name such as 'dyn-ddos-2016', or None"
        shown = check_type("scenario", scenario, Scenario, allowed)
    if t is not None:
        check_time("t", t, end=shown.minutes if shown is not None else 24 * 60)
    return (world if world is not None else build_internet()), shown
