"""The explorer's brain, without widgets: which scenario the controls describe, and the cached
runs and per-minute picture arrays the dashboard shows. Kept apart from :mod:`labkit.widgets`
so it can be tested (and timed) without a browser.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from . import scenarios
from .costs import deployment_cost
from .dns import AuthoritativeDDoS, RecordEmpty, ServeStale
from .failures import (
    Checkpointing,
    ConfigPush,
    Failure,
    IndependentStatusPage,
    LocalFallback,
    Mitigation,
    MultiRegion,
    RegionOutage,
    RetryBackoff,
    Scenario,
    StagedRollout,
)
from .internet import Internet, build_internet
from .multicloud import MultiCloud
from .routing import RPKI, PrefixFilters, PrefixHijack, PrefixWithdrawal, RouteLeak
from .simulate import simulate
from .timeline import Timeline
from .validate import check_choice, check_count, check_time, check_type, short

__all__ = ["FAILURE_KINDS", "MITIGATIONS", "Controls", "RunCache", "explore_inputs"]

#: The failure kinds the explorer offers, with the label a learner sees.
FAILURE_KINDS = {
    "region": "Region outage",
    "dns": "DNS record emptied",
    "ddos": "DDoS on a DNS provider",
    "bgp": "BGP incident",
    "push": "Bad config push",
}
BGP_KINDS = ("hijack", "leak", "withdrawal")
PUSH_EFFECTS = ("crash", "cpu", "capacity")

#: The mitigations the explorer offers: label -> factory.
MITIGATIONS = {
    "multi-region": (
        f"run services in two regions (cost {deployment_cost('multi-region')} instead of "
        f"{deployment_cost('multi-zone')} credits a month)",
        MultiRegion,
    ),
    "multi-cloud": (
        f"a standby on a second provider (cost {deployment_cost('multi-cloud')} instead of "
        f"{deployment_cost('multi-zone')} credits a month)",
        MultiCloud,
    ),
    "retry backoff": ("clients retry with backoff", RetryBackoff),
    "IoT local fallback": ("smart-home devices work locally without their cloud", LocalFallback),
    "AI checkpointing": ("training saves progress every 30 minutes", Checkpointing),
    "independent status page": ("status pages hosted outside their region", IndependentStatusPage),
    "serve-stale": ("resolvers serve stale DNS answers", ServeStale),
    "staged rollout": ("config goes canary first", StagedRollout),
    "RPKI": ("transit networks validate route origins", RPKI),
    "prefix filters": ("providers filter customer routes", PrefixFilters),
}


@dataclass
class Controls:
    """Plain values of every control; :meth:`scenario` turns them into a Scenario (raising a
    ValueError with the field, the value and what is allowed when they do not fit)."""

    on: dict[str, bool] = field(default_factory=lambda: dict.fromkeys(FAILURE_KINDS, False))
    start: dict[str, str] = field(default_factory=lambda: dict.fromkeys(FAILURE_KINDS, "08:00"))
    fixed: dict[str, str] = field(default_factory=lambda: dict.fromkeys(FAILURE_KINDS, "11:00"))
    region: str = "nimbus-us-east"
    record: str = "db.us-east.nimbus"
    provider: str = "quickdns"
    bgp_kind: str = "hijack"
    bgp_target: str = "streamflix"
    fleet: str = "edgefast"
    effect: str = "crash"
    mitigations: dict[str, bool] = field(default_factory=lambda: dict.fromkeys(MITIGATIONS, False))
    extra_failures: tuple[Failure, ...] = ()
    extra_mitigations: tuple[Mitigation, ...] = ()

    def _window(self, kind: str) -> dict:
        return {"start": self.start[kind], "fixed": self.fixed[kind]}

    def check(self) -> None:
        """Raise a ValueError (or TypeError) naming the first control whose value does not fit:
        a missing or unknown key, a wrong type, an unknown choice."""
        for name, keys in (("on", FAILURE_KINDS), ("start", FAILURE_KINDS),
                           ("fixed", FAILURE_KINDS), ("mitigations", MITIGATIONS)):  # fmt: skip
            value = getattr(self, name)
            check_type(name, value, dict, f"a dict with a value for each of {', '.join(keys)}")
            for key in value:
                check_choice(f"{name} key", key, keys)
            missing = [k for k in keys if k not in value]
            if missing:
                raise ValueError(
                    f"{name}: missing {missing[0]!r}; allowed: a dict with a value for each of "
                    f"{', '.join(keys)}"
                )
        for name in ("on", "mitigations"):
            for key, flag in getattr(self, name).items():
                check_type(f"{name}[{key!r}]", flag, bool, "True or False")
        for name in ("region", "record", "provider", "bgp_target", "fleet", "effect"):
            check_type(name, getattr(self, name), str, "a name (text)")
        check_choice("bgp_kind", self.bgp_kind, BGP_KINDS)
        check_choice("effect", self.effect, PUSH_EFFECTS)
        extras_of = (
            ("extra_failures", self.extra_failures, Failure),
            ("extra_mitigations", self.extra_mitigations, Mitigation),
        )
        for name, extras, kind in extras_of:
            check_type(name, extras, tuple | list, f"a tuple of {kind.__name__}s")
            for i, x in enumerate(extras):
                check_type(f"{name}[{i}]", x, kind, f"a {kind.__name__}")

    def failures(self) -> list[Failure]:
        self.check()
        out: list[Failure] = list(self.extra_failures)
        if self.on["region"]:
            out.append(RegionOutage(self.region, **self._window("region")))
        if self.on["dns"]:
            out.append(RecordEmpty(self.record, **self._window("dns")))
        if self.on["ddos"]:
            out.append(AuthoritativeDDoS(self.provider, **self._window("ddos")))
        if self.on["bgp"]:
            w = self._window("bgp")
            if self.bgp_kind == "hijack":
                out.append(PrefixHijack(self.bgp_target, **w))
            elif self.bgp_kind == "withdrawal":
                out.append(PrefixWithdrawal(self.bgp_target, **w))
            else:
                out.append(RouteLeak("alloyworks", **w))
        if self.on["push"]:
            kwargs = {"removes": 0.6} if self.effect == "capacity" else {}
            start = check_time("start['push']", self.start["push"])
            fixed = check_time("fixed['push']", self.fixed["push"])
            if fixed <= start:
                raise ValueError(
                    f"fixed['push']: got {short(self.fixed['push'])}, which is not after "
                    f"start['push'] {short(self.start['push'])}; allowed: a time after the start"
                )
            revert = fixed - start
            out.append(ConfigPush(self.fleet, self.start["push"], effect=self.effect,
                                  revert_after=revert, **kwargs))  # fmt: skip
        return out

    def scenario(self) -> Scenario:
        self.check()
        chosen = [factory() for name, (_, factory) in MITIGATIONS.items() if self.mitigations[name]]
        return Scenario(self.failures(), [*self.extra_mitigations, *chosen])

    @classmethod
    def from_scenario(cls, scenario: Scenario | None) -> Controls:
        """Controls showing ``scenario``: failures and mitigations the panel has a control for
        set that control; the rest are kept as fixed extras."""
        c = cls()
        if scenario is None:
            c.on["region"] = False
            return c
        extra: list[Failure] = []
        for f in scenario.failures:
            kind = _kind_of(f)
            if kind is None or c.on[kind]:
                extra.append(f)
                continue
            c.on[kind] = True
            c.start[kind] = f.start if isinstance(f.start, str) else _hhmm(f.start_min)
            c.fixed[kind] = _hhmm(f.fixed_min) if f.fixed_min < 10**9 else "23:59"
            if kind == "region" and not f.blocks:
                c.region = f.region
            elif kind == "dns":
                c.record = f.name
            elif kind == "ddos":
                c.provider = f.provider
            elif kind == "bgp":
                c.bgp_kind = {PrefixHijack: "hijack", PrefixWithdrawal: "withdrawal"}.get(
                    type(f), "leak")  # fmt: skip
                c.bgp_target = getattr(f, "target", None) or c.bgp_target
            elif kind == "push":
                c.fleet, c.effect = f.fleet, f.effect
                c.fixed[kind] = _hhmm(f.start_min + (f.revert_after or 60))
        c.extra_failures = tuple(extra)
        extra_m: list[Mitigation] = []
        for m in scenario.mitigations:
            name = next((n for n, (_, k) in MITIGATIONS.items() if type(m) is k), None)
            if name is None or m != MITIGATIONS[name][1]():
                extra_m.append(m)
            else:
                c.mitigations[name] = True
        c.extra_mitigations = tuple(extra_m)
        return c


def _kind_of(f: Failure) -> str | None:
    if isinstance(f, RegionOutage):
        return None if f.blocks else "region"
    if isinstance(f, RecordEmpty):
        return "dns"
    if isinstance(f, AuthoritativeDDoS):
        return "ddos"
    if isinstance(f, PrefixHijack | PrefixWithdrawal) or (
        isinstance(f, RouteLeak) and f.leaker == "alloyworks" and f.target is None
    ):
        return "bgp"
    if isinstance(f, ConfigPush) and f.strategy == "global" and f.recovery == 0:
        return "push" if f.effect != "capacity" or f.removes == 0.6 else None
    return None


def _hhmm(m: int) -> str:
    m = min(m, 24 * 60 - 1)
    return f"{m // 60:02d}:{m % 60:02d}"


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
    if internet is not None:
        check_type("internet", internet, Internet, "an Internet from build_internet(), or None")
    if isinstance(scenario, str):
        scenario = scenarios.load(scenario)
    elif scenario is not None:
        allowed = "a Scenario, a stored scenario's name such as 'dyn-ddos-2016', or None"
        check_type("scenario", scenario, Scenario, allowed)
    check_time("t", t, end=scenario.minutes if scenario is not None else 24 * 60)
    return (internet if internet is not None else build_internet()), scenario
