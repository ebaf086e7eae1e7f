"""The result of a simulation: who was ok, degraded or down when, why, and what users felt.

>>> from labkit import build_internet, simulate, Scenario, RegionOutage
>>> t = simulate(build_internet(), Scenario([RegionOutage("nimbus-us-east", "08:00", "11:00")]))
>>> t.state("signonce", "09:00")
'down'
>>> print(t.explain("signonce", "09:00").root.describe())
outage of nimbus-us-east (08:00–11:00)
"""

from __future__ import annotations

import bisect
import textwrap
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from .clock import fmt_time
from .impact import category_users
from .internet import CATEGORIES
from .scenario import EngineOptions, Failure, Scenario
from .states import DOWN, OK, STATE_NAMES, Cause
from .tables import to_pandas
from .training import TrainingReport, training_report
from .user_impact import AppTerms, UserImpact, user_impact
from .validate import check_choice, check_time, check_type

if TYPE_CHECKING:
    from .cascade import FailoverEvent
    from .internet import Internet

__all__ = ["Explanation", "ImpactRow", "ImpactSummary", "Row", "Timeline", "failure_label"]

#: Printed explanations wrap at this many characters (readable on a projector).
WIDTH = 92


@dataclass(frozen=True)
class Row:
    """One stretch of time [start, end) in which ``component`` had one state and cause."""

    start: int
    end: int
    component: str
    kind: str
    state: str
    cause: str

    @property
    def minutes(self) -> int:
        return self.end - self.start


@dataclass(frozen=True)
class ImpactRow:
    """Users of one category's apps during [start, end)."""

    start: int
    end: int
    category: str
    users: int
    users_down: int
    users_degraded: int

    @property
    def minutes(self) -> int:
        return self.end - self.start

    @property
    def share_affected(self) -> float:
        return (self.users_down + self.users_degraded) / self.users if self.users else 0.0


@dataclass(frozen=True)
class CategoryImpact:
    """One category's impact: its worst moment and how many user-hours it lost."""

    category: str
    users: int
    peak_down: int
    peak_affected: int
    peak_at: int | None
    user_hours_down: float
    apps_down: tuple[str, ...]

    @property
    def peak_share(self) -> float:
        return self.peak_down / self.users if self.users else 0.0


#: What the columns of a printed :class:`ImpactSummary` mean, printed under the table.
SUMMARY_KEY = (
    "Key: peak down = the most users whose app in the category was down at one moment; share "
    "= that as a share of the category's users; at = when it first happened; down+degr. = the "
    "most users whose app was down or degraded at one moment; user-hours down = users x hours "
    "their app was down, over the run."
)


@dataclass(frozen=True)
class ImpactSummary:
    """Per category: users of apps that were down at the worst moment (and down or degraded),
    user-hours down, and the apps that went down.

    Made by :meth:`Timeline.impact_summary`; prints as a table (also in Jupyter). A person who
    uses two apps counts twice.

    Attributes
    ----------
    title : str
        "Impact of: " and the failures of the run.
    rows : tuple of CategoryImpact
        One per category, in the order of :data:`labkit.CATEGORIES`: ``users``, ``peak_down``
        (users of down apps at the worst moment), ``peak_share``, ``peak_at`` (the minute, or
        None if no app went down), ``peak_affected`` (down or degraded), ``user_hours_down``
        and ``apps_down``.

    training_minutes_lost : int
        Minutes of AI training progress lost, over every training job of the world and every
        time its region's compute stopped it (the total of
        :meth:`Timeline.training_minutes_lost`; not in the printed table).
    gpu_hours_lost : float
        GPU-hours those jobs lost: idle while they could not run, plus progress to redo
        (:meth:`Timeline.training`; not in the printed table).
    user_terms : UserImpact or None
        The run in user terms: orders and revenue lost, IoT devices not responding, AI
        inference errors, minutes a status page showed green while something it reports on was down
        (:meth:`Timeline.user_impact`; not in the printed table).

    Examples
    --------
    >>> from labkit import build_internet, simulate, Scenario, RegionOutage
    >>> s = Scenario([RegionOutage("nimbus-us-east", "08:00", "11:00")])
    >>> t = simulate(build_internet(), s)
    >>> summary = t.impact_summary()
    >>> summary.row("AI").apps_down
    ('chatmate',)
    >>> summary.row("AI").peak_down, summary.row("AI").peak_at
    (7000000, 480)
    >>> summary.row("robots")
    Traceback (most recent call last):
    ...
    ValueError: category: unknown value 'robots'. Allowed: AI, IoT, e-commerce, office, streaming
    >>> summary.training_minutes_lost == sum(t.training_minutes_lost().values())
    True
    >>> summary.gpu_hours_lost  # 512 GPUs x (300 min idle + 120 min to redo) / 60
    3584.0
    >>> summary.user_terms.green_while_down
    (('nimbus', 180),)
    """

    title: str
    rows: tuple[CategoryImpact, ...]
    training_minutes_lost: int = 0
    gpu_hours_lost: float = 0.0
    user_terms: UserImpact | None = None

    def __str__(self) -> str:
        lines = [
            self.title,
            f"{'category':<11} {'users':>6} {'peak down':>10} {'share':>6} {'at':>6} "
            f"{'down+degr.':>10} {'user-hours down':>16}  apps down",
        ]
        for r in self.rows:
            at = fmt_time(r.peak_at) if r.peak_at is not None else "-"
            lines.append(
                f"{r.category:<11} {_m(r.users):>6} {_m(r.peak_down):>10} {r.peak_share:>6.0%} "
                f"{at:>6} {_m(r.peak_affected):>10} {r.user_hours_down / 1e6:>15.1f}M  "
                + (", ".join(r.apps_down) or "-")
            )
        lines += textwrap.wrap(SUMMARY_KEY, WIDTH, break_on_hyphens=False)
        return "\n".join(lines)

    def _repr_pretty_(self, p: Any, cycle: bool) -> None:
        p.text(str(self))

    @property
    def user_hours_down(self) -> float:
        """User-hours of apps that were down, over every category."""
        return sum(r.user_hours_down for r in self.rows)

    def to_pandas(self) -> Any:
        return to_pandas(list(self.rows))

    def row(self, category: str) -> CategoryImpact:
        for r in self.rows:
            if r.category == category:
                return r
        check_choice("category", category, CATEGORIES)
        raise AssertionError("unreachable")


def failure_label(failure: Failure, options: EngineOptions) -> str:
    """``failure.describe()`` as a run with ``options`` applies the failure: a failure kind
    whose words depend on the mitigations has a ``describe_with(options)`` (a config push under
    a :class:`~labkit.StagedRollout` reads "staged push").

    >>> from labkit import ConfigPush, RegionOutage, Scenario, StagedRollout
    >>> staged = Scenario([ConfigPush("edgefast", "09:47")], [StagedRollout()]).options()
    >>> failure_label(ConfigPush("edgefast", "09:47"), staged)
    'staged push of a bad config (crash) to edgefast at 09:47'
    >>> failure_label(RegionOutage("nimbus-us-east", "08:00", "11:00"), staged)
    'outage of nimbus-us-east (08:00–11:00)'
    """
    check_type("failure", failure, Failure, "a Failure, e.g. RegionOutage(...)")
    check_type("options", options, EngineOptions, "EngineOptions, e.g. scenario.options()")
    label = getattr(failure, "describe_with", None)
    return str(label(options)) if callable(label) else failure.describe()


def _m(users: int) -> str:
    return f"{users / 1e6:.1f}M"


@dataclass(frozen=True)
class Explanation:
    """Why ``component`` is in ``state`` at minute ``t``: the chain of causes, first to last.

    Made by :meth:`Timeline.explain`; prints as sentences, one step per line, each indented
    under the one before.

    Attributes
    ----------
    component : str
        The component asked about.
    t : int
        The minute asked about.
    state : str
        Its state then: "ok", "degraded" or "down".
    steps : tuple of (component, state, because)
        The chain, from ``component`` to where the failure was injected (empty when ok).
    root : Failure or None
        The injected failure at the end of the chain.
    note : str
        Extra words for an ok component (e.g. that it runs elsewhere since a failover).

    Examples
    --------
    >>> from labkit import build_internet, simulate, Scenario, RegionOutage
    >>> s = Scenario([RegionOutage("nimbus-us-east", "08:00", "11:00")])
    >>> t = simulate(build_internet(), s)
    >>> e = t.explain("signonce", "09:00")
    >>> e.chain
    ['signonce', 'nimbus-us-east-a']
    >>> e.root.region
    'nimbus-us-east'
    >>> print(t.explain("signonce", "07:00"))
    signonce is ok at 07:00.
    """

    component: str
    t: int
    state: str
    steps: tuple[tuple[str, str, str], ...]  # (component, state, because …)
    root: Failure | None
    note: str = ""
    #: the root's words as the run applied it (see :func:`failure_label`); "" for describe()
    root_label: str = ""

    @property
    def chain(self) -> list[str]:
        """The components from this one down to where the failure was injected."""
        return [c for c, _, _ in self.steps]

    def lines(self) -> list[str]:
        """The explanation's lines, not wrapped: the first step, each further step (starting
        "← "), then the root cause; for a page that wraps text itself, on word boundaries.

        >>> from labkit import build_internet, simulate, Scenario, RegionOutage
        >>> s = Scenario([RegionOutage("nimbus-us-east", "08:00", "11:00")])
        >>> simulate(build_internet(), s).explain("signonce", "09:00").lines()[-1]
        'root cause: outage of nimbus-us-east (08:00–11:00)'
        """
        if not self.steps:
            return [f"{self.component} is {self.state} at {fmt_time(self.t)}.{self.note}"]
        lines = [f"{c} is {s} at {fmt_time(self.t)} because {why}" for c, s, why in self.steps[:1]]
        lines += [f"← {c} is {s} because {why}" for c, s, why in self.steps[1:]]
        if self.root is not None:
            lines.append(f"root cause: {self.root_label or self.root.describe()}")
        return lines

    def __str__(self) -> str:
        if not self.steps:
            return self.lines()[0]
        # short lines read on a projector; continuation lines are indented under their step
        return "\n".join(
            textwrap.fill(
                ("  " if line.startswith("← ") else "") + line,
                WIDTH,
                subsequent_indent="      ",
                break_on_hyphens=False,
                break_long_words=False,
            )
            for line in self.lines()
        )

    def _repr_pretty_(self, p: Any, cycle: bool) -> None:
        p.text(str(self))


class Timeline:
    """States of every component over the simulated time; built by :func:`labkit.simulate`.

    A timeline keeps, per component, only the minutes at which its state or cause changed, so
    look-ups at any minute are binary searches. It never changes after it is built.

    Attributes
    ----------
    world : Internet
        The world as the mitigations changed it.
    scenario : Scenario
        The scenario that was run.
    options : EngineOptions
        The engine options the mitigations set.
    minutes : int
        Length of the run.
    events : list
        Failovers, in order: when a service moved its traffic to another region.
    components : list of str
        Every component's name.
    failures : tuple of Failure
        The scenario's failures.

    Examples
    --------
    >>> from labkit import build_internet, simulate, Scenario, RegionOutage
    >>> s = Scenario([RegionOutage("nimbus-us-east", "08:00", "11:00")])
    >>> t = simulate(build_internet(), s)
    >>> t.minutes, len(t.components) == len(t.world.components())
    (1440, True)
    >>> t.state("signonce", "09:00")
    'down'
    """

    def __init__(
        self,
        world: Internet,
        scenario: Scenario,
        changes: dict[str, list[tuple[int, int, Cause]]],
        impact: list[tuple[int, dict[str, tuple[int, int]]]],
        events: list[FailoverEvent],
        options: EngineOptions | None = None,
    ) -> None:
        self.world = world
        self.scenario = scenario
        self.options = options or scenario.options()
        self.minutes = scenario.minutes
        self.events = list(events)
        self._changes = changes
        self._times = {c: [t for t, _, _ in ch] for c, ch in changes.items()}
        self._impact = impact
        self._impact_times = [t for t, _ in impact]
        self._users = category_users(world)
        self._summary: ImpactSummary | None = None
        self._training: TrainingReport | None = None

    # ---- look-ups --------------------------------------------------------------------------
    def _minute(self, t: int | str) -> int:
        return check_time("t", t, end=self.minutes)

    def _component(self, component: object) -> str:
        if not isinstance(component, str) or component not in self._changes:
            check_type("component", component, str, "a component name, e.g. 'signonce'")
            self.world.check_component(component)  # type: ignore[arg-type]
        return component  # type: ignore[return-value]

    def _at(self, component: str, t: int | str) -> tuple[int, Cause]:
        self._component(component)
        m = self._minute(t)
        ch = self._changes[component]
        _, s, c = ch[bisect.bisect_right(self._times[component], m) - 1]
        return s, c

    @property
    def components(self) -> list[str]:
        return list(self._changes)

    @property
    def failures(self) -> tuple[Failure, ...]:
        return tuple(self.scenario.failures)

    def failure_labels(self) -> list[str]:
        """The failures in words, as this run applied them (:func:`failure_label`): with a
        :class:`~labkit.StagedRollout`, a config push reads "staged push", not "global push".

        Examples
        --------
        >>> from labkit import build_internet, simulate, Scenario, ConfigPush, StagedRollout
        >>> push = ConfigPush("edgefast", "09:47", revert_after=49)
        >>> simulate(build_internet(), Scenario([push], [StagedRollout()])).failure_labels()
        ['staged push of a bad config (crash) to edgefast at 09:47']
        """
        return [failure_label(f, self.options) for f in self.failures]

    def state(self, component: str, t: int | str) -> str:
        """The state of ``component`` at minute ``t``: "ok", "degraded" or "down".

        Parameters
        ----------
        component : str
            A component's name: an app or SaaS ("signonce"), a building block
            ("nimbus-us-east/compute") or a zone ("nimbus-us-east-a").
        t : str or int
            A time of day ("09:00", "day 2 03:15") or whole minutes since the start of the run,
            before its end.

        Returns
        -------
        str
            "ok", "degraded" or "down".

        Raises
        ------
        TypeError
            If ``component`` is not a string.
        ValueError
            If ``component`` is not a component of the world (the message suggests the
            closest), or ``t`` is not a time within the run.

        Examples
        --------
        >>> from labkit import build_internet, simulate, Scenario, RegionOutage
        >>> s = Scenario([RegionOutage("nimbus-us-east", "08:00", "11:00")])
        >>> t = simulate(build_internet(), s)
        >>> t.state("signonce", "09:00"), t.state("signonce", 420)
        ('down', 'ok')
        >>> t.state("signonce", "25:00")
        Traceback (most recent call last):
        ...
        ValueError: t: got '25:00'; allowed: a time of day 'HH:MM' (00:00-23:59, ...
        """
        return STATE_NAMES[self._at(component, t)[0]]

    def cause(self, component: str, t: int | str) -> Cause:
        """Why ``component`` is in its state at minute ``t``: one step of the chain.

        Parameters
        ----------
        component : str
            A component's name: an app or SaaS ("signonce"), a building block
            ("nimbus-us-east/compute") or a zone ("nimbus-us-east-a").
        t : str or int
            A time of day ("09:00", "day 2 03:15") or whole minutes since the start of the run,
            before its end.

        Returns
        -------
        Cause
            ``kind`` (e.g. "failure", "dependency", "zones", "backlog", "dns", "bgp"), ``text``
            (the reason in words), ``via`` (the component it inherited the problem from, or
            None) and ``root`` (the injected failure, or None). An ok component's cause has
            kind "ok" and empty text. :meth:`explain` follows ``via`` to the end.

        Raises
        ------
        TypeError
            If ``component`` is not a string.
        ValueError
            If ``component`` is not a component of the world (the message suggests the
            closest), or ``t`` is not a time within the run.

        Examples
        --------
        >>> from labkit import build_internet, simulate, Scenario, RegionOutage
        >>> s = Scenario([RegionOutage("nimbus-us-east", "08:00", "11:00")])
        >>> t = simulate(build_internet(), s)
        >>> c = t.cause("signonce", "09:00")
        >>> c.kind, c.via
        ('zones', 'nimbus-us-east-a')
        >>> t.cause("signonce", "12:00").text
        'it needs nimbus-us-east/compute (runs on virtual machines), which is down'
        """
        return self._at(component, t)[1]

    def states_at(self, t: int | str) -> dict[str, str]:
        """Every component's state at minute ``t``.

        Parameters
        ----------
        t : str or int
            A time of day ("09:00", "day 2 03:15") or whole minutes since the start of the run,
            before its end.

        Returns
        -------
        dict of str to str
            Component name → "ok", "degraded" or "down", for every component.

        Raises
        ------
        ValueError
            If ``t`` is not a time within the run.

        Examples
        --------
        >>> from labkit import build_internet, simulate, Scenario, RegionOutage
        >>> s = Scenario([RegionOutage("nimbus-us-east", "08:00", "11:00")])
        >>> t = simulate(build_internet(), s)
        >>> states = t.states_at("09:00")
        >>> states["signonce"], states["nimbus-us-west/compute"]
        ('down', 'ok')
        """
        m = self._minute(t)
        out = {}
        for c, ch in self._changes.items():
            out[c] = STATE_NAMES[ch[bisect.bisect_right(self._times[c], m) - 1][1]]
        return out

    def change_times(self) -> list[int]:
        """Minutes at which any component changed state (plus minute 0).

        A change of cause alone (e.g. from "its zones are down" to "it is overloaded") counts
        too.

        Returns
        -------
        list of int
            Sorted minutes since the start of the run.

        Examples
        --------
        >>> from labkit import build_internet, simulate, Scenario, RegionOutage
        >>> s = Scenario([RegionOutage("nimbus-us-east", "08:00", "11:00")])
        >>> t = simulate(build_internet(), s)
        >>> t.change_times()[:4]
        [0, 480, 485, 488]
        """
        return sorted({t for ch in self._changes.values() for t, _, _ in ch})

    def minutes_in(self, component: str, state: str = "down") -> int:
        """How many minutes ``component`` spent in ``state``.

        Parameters
        ----------
        component : str
            A component's name: an app or SaaS ("signonce"), a building block
            ("nimbus-us-east/compute") or a zone ("nimbus-us-east-a").
        state : {"down", "degraded", "ok"}, default "down"
            The state to count.

        Returns
        -------
        int
            Minutes, over the whole run.

        Raises
        ------
        TypeError
            If ``component`` is not a string.
        ValueError
            If ``component`` is not a component of the world, or ``state`` not one of the
            three states.

        Examples
        --------
        >>> from labkit import build_internet, simulate, Scenario, RegionOutage
        >>> s = Scenario([RegionOutage("nimbus-us-east", "08:00", "11:00")])
        >>> t = simulate(build_internet(), s)
        >>> t.minutes_in("signonce"), t.minutes_in("signonce", "degraded")
        (330, 75)

        The outage lasted 180 minutes, signonce was down for 375: after the fix its compute
        came back first, then the work that piled up arrived all at once (a retry storm).
        """
        self._component(component)
        check_choice("state", state, STATE_NAMES)
        return sum(r.minutes for r in self.rows(component) if r.state == state)

    def full_recovery(self) -> int | None:
        """The minute from which every app stayed ok (None if no app was ever hurt).

        Only apps count (not SaaS, building blocks or zones).

        Returns
        -------
        int or None
            Minutes since the start of the run.

        Examples
        --------
        >>> from labkit import build_internet, simulate, Scenario, RegionOutage
        >>> s = Scenario([RegionOutage("nimbus-us-east", "08:00", "11:00")])
        >>> t = simulate(build_internet(), s)
        >>> t.full_recovery()
        1178
        >>> simulate(build_internet(), Scenario([])).full_recovery() is None
        True
        """
        at = [self.recovered_at(a.id) for a in self.world.apps()]
        ends = [e for e in at if e is not None]
        return max(ends) if ends else None

    def training_minutes_lost(self) -> dict[str, int]:
        """Per training job of the world: minutes of training progress lost, each time its
        region's compute stopped it, since its last checkpoint (see :meth:`training`).

        Returns
        -------
        dict of str to int
            Job name → minutes lost, summed over its interruptions; jobs that lost nothing are
            left out.

        Examples
        --------
        The default job runs on 512 GPUs in nimbus-us-east from 00:00 with a checkpoint every
        360 minutes: at 08:00 the last one was at 06:00, so 120 minutes are lost.

        >>> from labkit import build_internet, simulate, Scenario, RegionOutage
        >>> s = Scenario([RegionOutage("nimbus-us-east", "08:00", "11:00")])
        >>> t = simulate(build_internet(), s)
        >>> t.training_minutes_lost()
        {'chatmate-training': 120}
        >>> from labkit import Checkpointing
        >>> s2 = Scenario(s.failures, [Checkpointing(every=90)])
        >>> simulate(build_internet(), s2).training_minutes_lost()
        {'chatmate-training': 30}
        """
        return {j.job: j.progress_lost for j in self.training().jobs if j.progress_lost}

    def training(self) -> TrainingReport:
        """What the run cost the world's AI training jobs (see :mod:`labkit.training`).

        A job stops only when its region's compute is down, loses the progress since its last
        checkpoint, and restarts when compute and object storage are back.

        Returns
        -------
        TrainingReport
            ``jobs`` (one :class:`~labkit.training.TrainingLoss` each: progress lost, minutes
            idle, checkpoints missed, ``gpu_hours_lost``) and ``interruptions``.

        Examples
        --------
        >>> from labkit import build_internet, simulate, Scenario, RegionOutage
        >>> s = Scenario([RegionOutage("nimbus-us-east", "08:00", "11:00")])
        >>> [job] = simulate(build_internet(), s).training().jobs
        >>> job.progress_lost, job.idle_minutes, job.gpu_hours_lost
        (120, 300, 3584.0)
        """
        if self._training is None:
            self._training = training_report(self)
        return self._training

    def user_impact(self, terms: dict[str, AppTerms] | None = None) -> UserImpact:
        """The run in user terms (see :mod:`labkit.user_impact`): orders and revenue lost,
        IoT devices not responding, AI inference errors, status pages green while
        something they report on was down.

        Parameters
        ----------
        terms : dict of str to AppTerms, optional
            Per app, its rates (default: :data:`labkit.user_impact.TOY_USER_TERMS`).

        Returns
        -------
        UserImpact

        Examples
        --------
        >>> from labkit import build_internet, simulate, Scenario, RegionOutage
        >>> s = Scenario([RegionOutage("nimbus-us-east", "08:00", "11:00")])
        >>> simulate(build_internet(), s).user_impact().green_while_down
        (('nimbus', 180),)
        """
        return user_impact(self, terms)

    def recovered_at(self, component: str) -> int | None:
        """The minute from which ``component`` stayed ok, or None if it never left ok.

        Parameters
        ----------
        component : str
            A component's name: an app or SaaS ("signonce"), a building block
            ("nimbus-us-east/compute") or a zone ("nimbus-us-east-a").

        Returns
        -------
        int or None
            Minutes since the start of the run; the run's end if it was still not ok then.

        Raises
        ------
        TypeError
            If ``component`` is not a string.
        ValueError
            If ``component`` is not a component of the world (the message suggests the
            closest).

        Examples
        --------
        >>> from labkit import build_internet, simulate, Scenario, RegionOutage
        >>> s = Scenario([RegionOutage("nimbus-us-east", "08:00", "11:00")])
        >>> t = simulate(build_internet(), s)
        >>> t.recovered_at("nimbus-us-east/compute"), t.recovered_at("signonce")
        (840, 885)
        >>> t.recovered_at("nimbus-us-west/compute") is None
        True
        """
        self._component(component)
        rows = self.rows(component)
        bad = [r for r in rows if r.state != "ok"]
        if not bad:
            return None
        return bad[-1].end

    # ---- tidy tables -----------------------------------------------------------------------
    def rows(self, component: str | None = None) -> list[Row]:
        """Stretches of constant state: (start, end, component, kind, state, cause).

        Parameters
        ----------
        component : str, optional
            Only this component's stretches (default: every component's).

        Returns
        -------
        list of Row
            In order of component, then time; ``start`` and ``end`` are minutes (``end`` not
            included), ``kind`` the component's kind ("app", "saas", "block" or "zone"),
            ``cause`` the reason in words ("" when ok). ``Row.minutes`` is its length.

        Raises
        ------
        TypeError
            If ``component`` is not a string.
        ValueError
            If ``component`` is not a component of the world (the message suggests the
            closest).

        Examples
        --------
        >>> from labkit import build_internet, simulate, Scenario, RegionOutage
        >>> s = Scenario([RegionOutage("nimbus-us-east", "08:00", "11:00")])
        >>> t = simulate(build_internet(), s)
        >>> for r in t.rows("signonce")[:4]:
        ...     print(r.start, r.end, r.state, "|", r.cause[:50])
        0 480 ok |
        480 660 down | both zones signonce in nimbus-us-east runs in are
        660 780 down | it needs nimbus-us-east/compute (runs on virtual m
        780 810 down | it is overloaded: the retries and queued work that
        """
        if component is not None:
            self._component(component)
        out = []
        for c in [component] if component else self._changes:
            ch = self._changes[c]
            kind = self.world.kind_of(c)
            for i, (t, s, cause) in enumerate(ch):
                end = ch[i + 1][0] if i + 1 < len(ch) else self.minutes
                out.append(Row(t, end, c, kind, STATE_NAMES[s], cause.text))
        return out

    def to_pandas(self) -> Any:
        """:meth:`rows` as a pandas DataFrame (needs pandas, which labkit does not require).

        Returns
        -------
        pandas.DataFrame
            One line per :class:`Row`, with columns start, end, component, kind, state, cause.

        Raises
        ------
        ImportError
            If pandas is not installed (the message says how to get it).

        Examples
        --------
        >>> from labkit import build_internet, simulate, Scenario, RegionOutage
        >>> s = Scenario([RegionOutage("nimbus-us-east", "08:00", "11:00")])
        >>> t = simulate(build_internet(), s)
        >>> try:
        ...     df = t.to_pandas()
        ... except ImportError:  # pandas is optional
        ...     df = None
        >>> df is None or list(df.columns)[:4] == ["start", "end", "component", "kind"]
        True
        """
        return to_pandas(self.rows())

    def impact(self, category: str | None = None) -> list[ImpactRow]:
        """Users down / degraded per category over time, as stretches of constant impact.

        Parameters
        ----------
        category : str, optional
            One of "streaming", "e-commerce", "AI", "IoT", "office" (default: all of them).

        Returns
        -------
        list of ImpactRow
            In order of time, then category: ``start``, ``end``, ``category``, ``users`` (of
            that category's apps), ``users_down``, ``users_degraded``; ``share_affected`` is
            the share down or degraded.

        Raises
        ------
        ValueError
            If ``category`` is not one of the categories.

        Examples
        --------
        >>> from labkit import build_internet, simulate, Scenario, RegionOutage
        >>> s = Scenario([RegionOutage("nimbus-us-east", "08:00", "11:00")])
        >>> t = simulate(build_internet(), s)
        >>> r = t.impact("AI")[1]
        >>> r.start, r.users, r.users_down, r.users_degraded
        (480, 10500000, 7000000, 0)
        >>> round(r.share_affected, 2)
        0.67
        """
        cats = [category] if category else list(CATEGORIES)
        if category is not None:
            check_choice("category", category, CATEGORIES)
        out = []
        for i, (t, per_cat) in enumerate(self._impact):
            end = self._impact[i + 1][0] if i + 1 < len(self._impact) else self.minutes
            for c in cats:
                d, g = per_cat[c]
                out.append(ImpactRow(t, end, c, self._users[c], d, g))
        return out

    def affected_at(self, t: int | str, category: str | None = None) -> int:
        """Users of apps that are down or degraded at minute ``t``.

        Parameters
        ----------
        t : str or int
            A time of day ("09:00", "day 2 03:15") or whole minutes since the start of the run,
            before its end.
        category : str, optional
            One of "streaming", "e-commerce", "AI", "IoT", "office" (default: all of them).

        Returns
        -------
        int
            Users (a person who uses two apps counts twice).

        Raises
        ------
        ValueError
            If ``t`` is not a time within the run, or ``category`` is not one of the
            categories.

        Examples
        --------
        >>> from labkit import build_internet, simulate, Scenario, RegionOutage
        >>> s = Scenario([RegionOutage("nimbus-us-east", "08:00", "11:00")])
        >>> t = simulate(build_internet(), s)
        >>> t.affected_at("09:00"), t.affected_at("09:00", "AI"), t.affected_at("07:00")
        (50500000, 7000000, 0)
        """
        m = self._minute(t)
        if category is not None:
            check_choice("category", category, CATEGORIES)
        _, per_cat = self._impact[bisect.bisect_right(self._impact_times, m) - 1]
        cats = [category] if category else CATEGORIES
        return sum(sum(per_cat[c]) for c in cats)

    def impact_summary(self) -> ImpactSummary:
        """The worst moment and user-hours down per category (a printable table).

        Returns
        -------
        ImpactSummary
            Computed once per timeline.

        Examples
        --------
        >>> from labkit import build_internet, simulate, Scenario, RegionOutage
        >>> s = Scenario([RegionOutage("nimbus-us-east", "08:00", "11:00")])
        >>> t = simulate(build_internet(), s)
        >>> print(t.impact_summary())
        Impact of: outage of nimbus-us-east (08:00–11:00)
        category     users  peak down  share     at down+degr.  user-hours down  apps down
        streaming    17.0M       9.0M    53%  08:00      17.0M            62.7M  streamflix
        e-commerce   12.0M      12.0M   100%  08:00      12.0M            87.5M  shopfast, ...
        AI           10.5M       7.0M    67%  08:00       7.0M            51.3M  chatmate
        IoT           7.8M       3.0M    38%  08:00       3.0M            31.9M  homeglow
        office       13.5M      13.5M   100%  08:00      13.5M            99.0M  docushare, ...
        Key: peak down = the most users whose app in the category was down at one moment; ...
        """
        if self._summary is None:  # a Timeline never changes: work it out once
            self._summary = self._impact_summary()
        return self._summary

    def _impact_summary(self) -> ImpactSummary:
        rows = []
        for cat in CATEGORIES:
            stretches = self.impact(cat)
            peak = max(stretches, key=lambda r: (r.users_down, -r.start))
            worst = max(r.users_down + r.users_degraded for r in stretches)
            hours = sum(r.users_down * r.minutes / 60 for r in stretches)
            down = tuple(a.id for a in self.world.apps(cat) if self.minutes_in(a.id, "down"))
            at = peak.start if peak.users_down else None
            rows.append(
                CategoryImpact(cat, self._users[cat], peak.users_down, worst, at, hours, down)
            )
        what = "; ".join(self.failure_labels()) or "no failure"
        training = self.training()
        return ImpactSummary(
            f"Impact of: {what}",
            tuple(rows),
            training.progress_lost,
            training.gpu_hours_lost,
            self.user_impact(),
        )

    # ---- explanations ----------------------------------------------------------------------
    def explain(self, component: str, t: int | str) -> Explanation:
        """The chain of causes behind ``component``'s state at minute ``t``, in words.

        The chain follows each cause's ``via`` from ``component`` to where the failure was
        injected. For an ok component that failed over, the note says where it runs now.

        Parameters
        ----------
        component : str
            A component's name: an app or SaaS ("signonce"), a building block
            ("nimbus-us-east/compute") or a zone ("nimbus-us-east-a").
        t : str or int
            A time of day ("09:00", "day 2 03:15") or whole minutes since the start of the run,
            before its end.

        Returns
        -------
        Explanation
            Prints as sentences; ``chain`` lists the components, ``root`` the failure.

        Raises
        ------
        TypeError
            If ``component`` is not a string.
        ValueError
            If ``component`` is not a component of the world (the message suggests the
            closest), or ``t`` is not a time within the run.

        Examples
        --------
        >>> from labkit import build_internet, simulate, Scenario, RegionOutage
        >>> s = Scenario([RegionOutage("nimbus-us-east", "08:00", "11:00")])
        >>> t = simulate(build_internet(), s)
        >>> print(t.explain("signonce", "09:00"))
        signonce is down at 09:00 because both zones signonce in nimbus-us-east runs in are down,
              e.g. nimbus-us-east-a
          ← nimbus-us-east-a is down because of the failure: outage of nimbus-us-east (08:00–11:00)
        root cause: outage of nimbus-us-east (08:00–11:00)
        """
        s, c = self._at(component, t)
        m = self._minute(t)
        if s == OK:
            moved = [e for e in self.events if e.service == component and e.t <= m]
            note = ""
            if moved and moved[-1].target != self.world.services[component].regions[0]:
                e = moved[-1]
                note = f" It runs in {e.target} since a failover at {fmt_time(e.t)}."
            return Explanation(component, m, "ok", (), None, note)
        steps = []
        node: str | None = component
        seen: set[str] = set()
        while node is not None and node not in seen:
            seen.add(node)
            ns, nc = self._at(node, m)
            if ns == OK:
                break
            steps.append((node, STATE_NAMES[ns], nc.text))
            node = nc.via
        label = failure_label(c.root, self.options) if c.root is not None else ""
        return Explanation(component, m, STATE_NAMES[s], tuple(steps), c.root, root_label=label)

    def down_at(self, t: int | str) -> list[str]:
        """Components that are down at minute ``t``.

        Parameters
        ----------
        t : str or int
            A time of day ("09:00", "day 2 03:15") or whole minutes since the start of the run,
            before its end.

        Returns
        -------
        list of str
            Component names, in the world's order (zones and blocks first, then services).

        Raises
        ------
        ValueError
            If ``t`` is not a time within the run.

        Examples
        --------
        >>> from labkit import build_internet, simulate, Scenario, RegionOutage
        >>> s = Scenario([RegionOutage("nimbus-us-east", "08:00", "11:00")])
        >>> t = simulate(build_internet(), s)
        >>> t.down_at("09:00")[:3]
        ['nimbus-us-east-a', 'nimbus-us-east-b', 'nimbus-us-east-c']
        >>> "signonce" in t.down_at("09:00"), t.down_at("07:00")
        (True, [])
        """
        m = self._minute(t)
        return [
            c
            for c, ch in self._changes.items()
            if ch[bisect.bisect_right(self._times[c], m) - 1][1] == DOWN
        ]


class TimelineBuilder:
    """Collects the engine's moments into a Timeline, keeping only changes."""

    def __init__(self, world: Internet, scenario: Scenario, options: EngineOptions) -> None:
        self.world = world
        self.scenario = scenario
        self.options = options
        self.changes: dict[str, list[tuple[int, int, Cause]]] = {c: [] for c in world.components()}
        self.impact: list[tuple[int, dict[str, tuple[int, int]]]] = []

    def record(
        self, t: int, state: dict, cause: dict, impact: dict, changed: set[str] | None = None
    ) -> None:
        """Note the components in ``changed`` (default: all) whose state or cause differs."""
        for c in self.changes if changed is None else changed:
            ch = self.changes[c]
            s, cz = state[c], cause[c]
            if not ch or ch[-1][1] != s or ch[-1][2] != cz:
                ch.append((t, s, cz))
        if not self.impact or self.impact[-1][1] != impact:
            self.impact.append((t, impact))

    def build(self, events: list) -> Timeline:
        return Timeline(self.world, self.scenario, self.changes, self.impact, events, self.options)
