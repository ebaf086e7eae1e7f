"""The explorer's brain, without widgets: which scenario the dashboard's controls describe, and
the cached runs it shows. Kept apart from :mod:`labkit.widgets` so it can be tested (and timed)
without a browser.

The controls come from the catalogue (:data:`labkit.mechanisms.CATALOGUE`): one row per
failure kind that has a :class:`~labkit.catalogue.Control`, one checkbox per mitigation. The
round trip scenario → controls → scenario gives back the same scenario: what no control can
show is kept as it is (and :meth:`Controls.kept` says so).

>>> import labkit
>>> from labkit import scenarios
>>> s = scenarios.load("cloudflare-waf-2019")
>>> c = Controls.from_scenario(s)
>>> c.on["push"], c.start["push"], c.fixed["push"], c.values["push"]
(True, '13:42', '14:07', {'fleet': 'edgefast', 'effect': 'cpu'})
>>> c.scenario() == s
True
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields

from . import scenarios
from .catalogue import Control
from .clock import fmt_time
from .internet import Internet, build_internet
from .mechanisms import CATALOGUE
from .scenario import Failure, Mitigation, Scenario
from .simulate import simulate
from .timeline import Timeline
from .validate import check_choice, check_count, check_time, check_type

__all__ = ["CONTROLS", "FAILURE_KINDS", "MITIGATIONS", "Controls", "RunCache", "explore_inputs"]

#: The dashboard's failure rows, by key.
CONTROLS: dict[str, Control] = {c.key: c for c in CATALOGUE.controls()}
#: The failure rows' labels, by key.
FAILURE_KINDS: dict[str, str] = {k: c.label for k, c in CONTROLS.items()}
#: The mitigations the dashboard offers: key -> (label a learner sees, what it does, class).
MITIGATIONS: dict[str, tuple[str, str, type]] = {
    k.key: (f"{k.label} ({k.price} cr)" if k.price is not None else k.label, k.help, k.cls)
    for k in CATALOGUE.mitigations()
    if k.dashboard
}
_NEVER = "never"


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
    what no control shows, kept as they are.
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
        """The failures, in the order of the scenario read, then rows switched on since."""
        self.check()
        built = {k: self.build(k) for k in CONTROLS if self.on[k]}
        out: list[Failure] = []
        for slot in self.order:
            if isinstance(slot, str):
                if slot in built:
                    out.append(built.pop(slot))
            else:
                out.append(slot)
        for f in self.extra_failures:
            if f not in self.order:
                out.append(f)
        return out + list(built.values())

    def scenario(self) -> Scenario:
        self.check()
        chosen = [MITIGATIONS[k][2]() for k in MITIGATIONS if self.mitigations[k]]
        return Scenario(
            self.failures(), [*self.extra_mitigations, *chosen], self.minutes, self.seed,
            self.failover_delay,
        )  # fmt: skip

    def kept(self) -> list[str]:
        """What the scenario holds that no control shows (kept as it is), in words."""
        out = [f.describe() for f in self.extra_failures]
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

    def run(self, scenario: Scenario) -> Timeline:
        check_type("scenario", scenario, Scenario, "a Scenario([...])")
        if scenario not in self._runs:
            if len(self._runs) >= self.size:
                self._runs.pop(next(iter(self._runs)))
            self._runs[scenario] = simulate(self.internet, scenario)
        return self._runs[scenario]


def explore_inputs(
    internet: object, scenario: object, t: object
) -> tuple[Internet, Scenario | None]:
    """The world and scenario :func:`labkit.explore` shows, checked: ``internet`` is an
    :class:`~labkit.internet.Internet` or None (the default world), ``scenario`` a
    :class:`~labkit.failures.Scenario`, a stored scenario's name or None, ``t`` a time."""
    world: Internet | None = None
    if internet is not None:
        world = check_type("internet", internet, Internet, "an Internet from build_internet()")
    shown: Scenario | None = None
    if isinstance(scenario, str):
        shown = scenarios.load(scenario)
    elif scenario is not None:
        allowed = "a Scenario, a stored scenario's name such as 'dyn-ddos-2016', or None"
        shown = check_type("scenario", scenario, Scenario, allowed)
    check_time("t", t, end=shown.minutes if shown is not None else 24 * 60)
    return (world if world is not None else build_internet()), shown
