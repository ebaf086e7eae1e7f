"""The scenario vocabulary: what a failure and a mitigation are, a scenario holding them, and
the engine settings mitigations change. Imports no mechanism: each mechanism (in
:mod:`labkit.mechanisms`) defines its own failures and mitigations on these bases.

>>> s = Scenario(minutes=120)
>>> (s.failures, s.minutes, s.failover_delay)
((), 120, 5)
>>> EngineOptions().retry_amplification
2
"""

from __future__ import annotations

import inspect
from collections.abc import Callable
from dataclasses import dataclass, field, fields
from typing import TYPE_CHECKING, Any, TypeVar

from .clock import MINUTES_PER_DAY, TimeLike, fmt_time, parse_duration, parse_time
from .validate import check_count, check_seed, check_type, short

#: The longest run: two weeks.
MAX_MINUTES = 14 * MINUTES_PER_DAY

if TYPE_CHECKING:
    from .internet import Internet

__all__ = [
    "DEFAULT_CHECKPOINT_EVERY",
    "DEFAULT_RETRY_AMPLIFICATION",
    "NEVER",
    "EngineOptions",
    "Failure",
    "Mitigation",
    "Scenario",
    "failure",
]

#: The minute of a failure that is never fixed (later than any run).
NEVER = 10**9

#: Without a mitigation, clients retry each failed request once, at once (no backoff).
DEFAULT_RETRY_AMPLIFICATION = 2

#: Without the Checkpointing mitigation, AI training jobs save their progress every 6 hours.
DEFAULT_CHECKPOINT_EVERY = 360


@dataclass(frozen=True)
class EngineOptions:
    """How the engine behaves; mitigations return changed copies (see
    :meth:`Mitigation.tune`).

    A scenario never holds options itself: :meth:`Scenario.options` starts from the defaults
    and lets each mitigation change them, in order. The fields are not checked here; the
    mitigations that set them check their own parameters.

    Parameters
    ----------
    retry_amplification : int, default 2
        Requests per failed request while clients retry (2: once, at once; 1 with
        :class:`~labkit.RetryBackoff`).
    collapse : bool, default True
        Whether a backlog far above a service's drain rate overloads it (a retry storm).
    staged_rollout : StagedPush or None, default None
        The staged push every config push follows instead of its own (set by
        :class:`~labkit.StagedRollout`).
    dns_serve_stale : bool, default False
        Whether resolvers serve expired answers when the authoritative servers cannot be
        reached (set by :class:`~labkit.ServeStale`).
    dns_max_stale : int, default 86400
        For how many seconds past expiry they serve them.
    dns_world_changes : tuple, default ()
        Objects whose ``on(dns_world)`` changes the DNS world of the run, applied in order
        (:class:`~labkit.SecondaryDNS`).
    bgp_mitigations : tuple, default ()
        Route filters in force (:class:`~labkit.RPKI`, :class:`~labkit.PrefixFilters`).
    checkpoint_every : int, default 360
        Minutes between AI training checkpoints (set by :class:`~labkit.Checkpointing`).

    Examples
    --------
    >>> EngineOptions().checkpoint_every
    360
    >>> from labkit import RetryBackoff
    >>> opts = Scenario(mitigations=[RetryBackoff()]).options()
    >>> (opts.retry_amplification, opts.collapse)
    (1, False)
    """

    retry_amplification: int = DEFAULT_RETRY_AMPLIFICATION
    collapse: bool = True
    staged_rollout: Any = None
    dns_serve_stale: bool = False
    dns_max_stale: int = 86_400
    dns_world_changes: tuple[Any, ...] = ()
    bgp_mitigations: tuple[Any, ...] = ()
    checkpoint_every: int = DEFAULT_CHECKPOINT_EVERY


@dataclass(frozen=True)
class Failure:
    """Base of every failure: it starts at ``start`` and is fixed at ``fixed`` (or after
    ``duration`` minutes; never fixed if neither is given).

    Each kind of failure (:class:`~labkit.RegionOutage`, :class:`~labkit.RecordEmpty`, …)
    subclasses this with its own signature and its own :meth:`describe` and :meth:`validate`;
    the times work the same for all of them. The base class itself injects nothing.

    Parameters
    ----------
    start : str or int, default "08:00"
        When the failure starts: a time of day ("08:00", "day 2 03:15") or whole minutes since
        the start of the run.
    fixed : str or int, optional
        When it is fixed (same forms as ``start``); must be after ``start``.
    duration : int, optional
        Minutes until it is fixed (> 0), instead of ``fixed``.

    Attributes
    ----------
    start_min, fixed_min : int
        ``start`` and the fix as minutes since the start of the run (:data:`NEVER` if it is
        never fixed).

    Raises
    ------
    ValueError
        If a time is not a valid time or whole minutes, if both ``fixed`` and ``duration`` are
        given, if ``fixed`` is not after ``start``, or if ``duration`` is not > 0.

    Examples
    --------
    >>> f = Failure("08:00", duration=90)
    >>> (f.start_min, f.fixed_min, f.window)
    (480, 570, '08:00–09:30')
    >>> Failure("08:00").never_fixed
    True
    >>> Failure("08:00", "09:00", duration=30)
    Traceback (most recent call last):
    ...
    ValueError: fixed/duration: got fixed='09:00' and duration=30; allowed: one of them, not both
    """

    start: TimeLike = "08:00"
    fixed: TimeLike | None = None
    duration: int | None = None
    start_min: int = field(init=False, repr=False, compare=False)
    fixed_min: int = field(init=False, repr=False, compare=False)

    if TYPE_CHECKING:  # each kind's own signature is written by @failure at run time

        def __init__(self, *args: Any, **kwargs: Any) -> None: ...

    def _set(self, **values: Any) -> None:
        """Set the fields of a frozen subclass (from the ``__init__`` that :func:`failure`
        writes), check its own fields (:meth:`check_fields`), then the times."""
        for name, value in values.items():
            object.__setattr__(self, name, value)
        self.check_fields()
        self.__post_init__()

    def check_fields(self) -> None:
        """Check (and normalise) a subclass's own fields; raises ValueError or TypeError."""

    def __post_init__(self) -> None:
        start = parse_time("start", self.start)
        if self.fixed is not None and self.duration is not None:
            raise ValueError(
                f"fixed/duration: got fixed={short(self.fixed)} and "
                f"duration={short(self.duration)}; allowed: one of them, not both"
            )
        if self.duration is not None:
            fixed = start + parse_duration("duration", self.duration)
        elif self.fixed is not None:
            fixed = parse_time("fixed", self.fixed)
            if fixed <= start:
                raise ValueError(
                    f"fixed: got {short(self.fixed)}, which is not after start "
                    f"{short(self.start)}; allowed: a time after the start (or duration= minutes "
                    "> 0)"
                )
        else:
            fixed = NEVER
        object.__setattr__(self, "start_min", start)
        object.__setattr__(self, "fixed_min", fixed)

    def active(self, t: int) -> bool:
        return self.start_min <= t < self.fixed_min

    @property
    def never_fixed(self) -> bool:
        return self.fixed_min >= NEVER

    @property
    def fails_fast(self) -> bool:
        """Whether what this failure puts down turns work away at once (crashed or CPU-starved
        servers) instead of taking it in and queuing it. Then no backlog of queued work and
        retries builds up there (see :func:`labkit.cascade.work_piles_up`). False here; a
        config push that crashes servers or pins their CPU says True."""
        return False

    @property
    def window(self) -> str:
        end = "not fixed" if self.never_fixed else fmt_time(self.fixed_min)
        return f"{fmt_time(self.start_min)}–{end}"

    def describe(self) -> str:  # pragma: no cover - overridden
        return f"{type(self).__name__} {self.window}"

    def validate(self, internet: Internet) -> None:
        """Check names against the world (raises ValueError)."""


_F = TypeVar("_F", bound=type)
_REQUIRED = inspect.Parameter.empty


def failure(what: str | None, *, default: Any = _REQUIRED, window: bool = True) -> Callable:
    """Make a :class:`Failure` subclass a frozen dataclass with one signature shape for all:
    ``Kind(what, start, fixed, *, duration, <its other fields>)``.

    ``what`` names the field that says what fails (the first positional argument; required
    unless a ``default`` is given); ``window=False`` leaves out ``fixed`` and ``duration`` (a
    failure that ends by its own rules, such as a config push). The class checks its own fields
    in :meth:`Failure.check_fields`; ``help()`` shows the generated signature.

    >>> @failure("what")
    ... class Demo(Failure):
    ...     what: str = ""
    ...     size: int = 1
    >>> import inspect
    >>> str(inspect.signature(Demo))
    "(what, start='08:00', fixed=None, *, duration=None, size=1)"
    >>> Demo("a", "09:00", duration=5).fixed_min
    545
    """

    def wrap(cls: _F) -> _F:
        dataclass(frozen=True, init=False)(cls)  # in place: the same class, now a dataclass
        P = inspect.Parameter
        known = {f.name: f for f in fields(cls) if f.init}
        params = [P("self", P.POSITIONAL_OR_KEYWORD)]
        if what is not None:
            params.append(P(what, P.POSITIONAL_OR_KEYWORD, default=default))
        params.append(P("start", P.POSITIONAL_OR_KEYWORD, default=known["start"].default))
        if window:
            params.append(P("fixed", P.POSITIONAL_OR_KEYWORD, default=None))
            params.append(P("duration", P.KEYWORD_ONLY, default=None))
        skip = {what, "start", "fixed", "duration"}
        params += [
            P(n, P.KEYWORD_ONLY, default=f.default) for n, f in known.items() if n not in skip
        ]
        signature = inspect.Signature(params)

        def __init__(self: Failure, *args: Any, **kwargs: Any) -> None:
            bound = signature.bind(self, *args, **kwargs)
            bound.apply_defaults()
            values = dict(bound.arguments)
            del values["self"]
            if not window:
                values.update(fixed=None, duration=None)
            self._set(**values)

        __init__.__signature__ = signature  # type: ignore[attr-defined]
        __init__.__qualname__ = f"{cls.__qualname__}.__init__"
        cls.__init__ = __init__  # type: ignore[misc]
        return cls

    return wrap


@dataclass(frozen=True)
class Mitigation:
    """Base of every mitigation: it changes the world, the engine's options, or both.

    A subclass overrides :meth:`apply` (a changed copy of the
    :class:`~labkit.internet.Internet`, e.g. :class:`~labkit.MultiRegion`), :meth:`tune` (changed
    :class:`EngineOptions`, e.g. :class:`~labkit.RetryBackoff`), or both, and
    :meth:`validate` to check its names against the world. The base class changes nothing.

    Examples
    --------
    >>> import dataclasses
    >>> @dataclasses.dataclass(frozen=True)
    ... class NoRetryStorm(Mitigation):
    ...     def tune(self, options):
    ...         return dataclasses.replace(options, collapse=False)
    >>> Scenario(mitigations=[NoRetryStorm()]).options().collapse
    False
    >>> Mitigation().tune(EngineOptions()) == EngineOptions()
    True
    """

    def validate(self, internet: Internet) -> None:
        """Check names against the world (raises ValueError)."""

    def apply(self, internet: Internet) -> Internet:
        """The world as this mitigation changes it (default: unchanged)."""
        return internet

    def tune(self, options: EngineOptions) -> EngineOptions:
        """The engine options as this mitigation changes them (default: unchanged)."""
        return options


@dataclass(frozen=True)
class Scenario:
    """What happens in one simulated run: failures, mitigations, how long, which seed.

    A scenario is plain data (frozen): give it to :func:`labkit.simulate` with a world. Names
    in it (regions, services, DNS names, …) are checked against the world only then.

    Parameters
    ----------
    failures : list or tuple of Failure, default ()
        The failures injected, e.g. ``[RegionOutage("nimbus-us-east", "08:00", "11:00")]``;
        kept as a tuple.
    mitigations : list or tuple of Mitigation, default ()
        The mitigations in force for the whole run, applied in order; kept as a tuple.
    minutes : int, default 1440
        Length of the run in whole minutes, 1 to 20160 (two weeks: long enough for a fleet
        repaired by hand over days, as after CrowdStrike's update, casebook §6).
    seed : int, default 0
        Seed of the run's random choices (e.g. which queries a swamped DNS provider drops).
    failover_delay : int, default 5
        Minutes of failed health checks before traffic moves to a standby region, 0 to 240.

    Raises
    ------
    TypeError
        If ``failures`` or ``mitigations`` is not a list or tuple, or holds something that is
        not a :class:`Failure` or :class:`Mitigation`.
    ValueError
        If ``minutes``, ``seed`` or ``failover_delay`` is not a whole number in its range, or a
        failure starts at or after the end of the run.

    Examples
    --------
    >>> Scenario([]).minutes
    1440
    >>> from labkit import RegionOutage, MultiRegion
    >>> s = Scenario([RegionOutage("nimbus-us-east", "08:00", "11:00")], [MultiRegion()])
    >>> len(s.failures), s.mitigations
    (1, (MultiRegion(services=None),))
    >>> Scenario(RegionOutage("nimbus-us-east"))
    Traceback (most recent call last):
    ...
    TypeError: failures: got RegionOutage(...… (a RegionOutage); allowed: a list of failures ...
    >>> Scenario([RegionOutage("nimbus-us-east", "23:00")], minutes=600)
    Traceback (most recent call last):
    ...
    ValueError: failures[0].start: got '23:00', at or after the run's end (10:00, minutes=600); ...
    """

    failures: tuple[Failure, ...] | list[Failure] = ()
    mitigations: tuple[Mitigation, ...] | list[Mitigation] = ()
    minutes: int = MINUTES_PER_DAY
    seed: int = 0
    failover_delay: int = 5  # minutes of failed health checks before traffic moves

    def __post_init__(self) -> None:
        failures_allowed = "a list of failures such as [RegionOutage('nimbus-us-east')]"
        mitigations_allowed = "a list of mitigations such as [MultiRegion()]"
        check_type("failures", self.failures, list | tuple, failures_allowed)
        check_type("mitigations", self.mitigations, list | tuple, mitigations_allowed)
        object.__setattr__(self, "failures", tuple(self.failures))
        object.__setattr__(self, "mitigations", tuple(self.mitigations))
        for i, f in enumerate(self.failures):
            check_type(f"failures[{i}]", f, Failure, "failures such as RegionOutage, ZoneOutage")
        for i, m in enumerate(self.mitigations):
            check_type(f"mitigations[{i}]", m, Mitigation, "mitigations such as MultiRegion()")
        check_count("minutes", self.minutes, 1, MAX_MINUTES, f"whole minutes 1-{MAX_MINUTES}")
        check_seed("seed", self.seed)
        check_count("failover_delay", self.failover_delay, 0, 240, "whole minutes 0-240")
        for i, f in enumerate(self.failures):
            if f.start_min >= self.minutes:
                raise ValueError(
                    f"failures[{i}].start: got {short(f.start)}, at or after the run's end "
                    f"({fmt_time(self.minutes)}, minutes={self.minutes}); allowed: a start "
                    "before the end, or a longer run (minutes=)"
                )

    def validate(self, internet: Internet) -> None:
        for f in self.failures:
            f.validate(internet)
        for m in self.mitigations:
            m.validate(internet)

    def options(self) -> EngineOptions:
        """The engine options with every mitigation's changes applied, in order."""
        options = EngineOptions()
        for m in self.mitigations:
            options = m.tune(options)
        return options

    def world(self, internet: Internet) -> Internet:
        """``internet`` as the mitigations change it, in order."""
        for m in self.mitigations:
            internet = m.apply(internet)
        return internet

    def with_failures(self, *extra: Failure) -> Scenario:
        """A copy with more failures."""
        return Scenario(
            (*self.failures, *extra),
            self.mitigations,
            self.minutes,
            self.seed,
            self.failover_delay,
        )
