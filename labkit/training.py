"""AI training jobs: a job on the GPUs of one region, the progress it loses when that region's
compute fails, and the GPU-hours that cost.

A training job is not an app: its users never see it. It runs on one region's ``compute`` and
saves checkpoints to (and restarts from) that region's ``object-storage``. So a login failure
in an AI app costs the training job nothing, and a region whose compute fails stops it, whichever
app owns it.

The rules, per minute of the run (toy assumptions; the casebook gives no figure about training):

- The job runs from ``started`` while its region's compute is not down (a degraded region still
  runs it). Its progress counts whole minutes of training, from ``ran_before`` at ``started``.
- Every ``checkpoint_every`` minutes of progress it saves a checkpoint to object storage; a
  checkpoint that falls due while object storage is down is missed (the job runs on).
- When compute goes down the job stops and loses the progress since its last saved checkpoint
  (all of it, back to the job's start, with ``checkpoint_every="none"``).
- It restarts, from that checkpoint, at the first minute compute is not down and object storage
  is not down (it reads its checkpoint and training data there); no restart delay.
- GPU-hours lost = ``gpus`` x (minutes it could not run + minutes of progress to redo) / 60.

>>> job = TrainingJob("demo", "nimbus-us-east", gpus=100, checkpoint_every=90)
>>> down = {"nimbus-us-east/compute": [(480, 660)]}  # compute down 08:00-11:00
>>> [(i.at, i.last_checkpoint, i.progress_lost, i.idle_minutes) for i in interruptions(job, down)]
[(480, 450, 30, 180)]
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from .clock import TimeLike, fmt_time, parse_time
from .tables import to_pandas
from .validate import (
    MAX_MINUTES,
    check_choice,
    check_count,
    check_type,
    short,
    type_error,
    value_error,
)

__all__ = [
    "DEFAULT_JOB",
    "NO_CHECKPOINTS",
    "Interruption",
    "TrainingJob",
    "TrainingLoss",
    "TrainingReport",
    "default_jobs",
    "interruptions",
    "training_report",
    "with_jobs",
]

#: Write this as ``checkpoint_every`` for a job that never saves a checkpoint.
NO_CHECKPOINTS = "none"

_EVERY = f"whole minutes between checkpoints, 1 to {MAX_MINUTES}, or 'none'"


@dataclass(frozen=True)
class TrainingJob:
    """An AI training job on the GPUs of one region.

    Parameters
    ----------
    name : str
        What to call it in results (1 to 60 characters), e.g. "chatmate-training".
    region : str
        The region whose compute it runs on and whose object storage keeps its checkpoints;
        checked against the world by :func:`with_jobs`.
    gpus : int, default 512
        GPUs it runs on, 1 to 1,000,000.
    started : str or int, default "00:00"
        When it starts running in the run: a time of day or whole minutes since the start.
    ran_before : int, default 0
        Whole minutes of training it had already done before ``started`` (0 to a year): a job
        that has run for three weeks without a checkpoint loses three weeks and more.
    checkpoint_every : int or "none", default 360
        Minutes of training between checkpoints, 1 to a year, or "none" (or None): it never
        saves one. Kept as an int, or None for "none".

    Raises
    ------
    TypeError
        If ``name`` or ``region`` is not a string.
    ValueError
        If a number is not a whole number in its range, ``started`` is not a time, or ``name``
        is empty or too long.

    Examples
    --------
    >>> TrainingJob("big-model", "nimbus-us-east", gpus=768, checkpoint_every="none")
    TrainingJob(name='big-model', region='nimbus-us-east', gpus=768, started='00:00', ...
    >>> TrainingJob("big-model", "nimbus-us-east", checkpoint_every=0)
    Traceback (most recent call last):
    ...
    ValueError: checkpoint_every: got 0; allowed: whole minutes between checkpoints, 1 to ...
    """

    name: str
    region: str
    gpus: int = 512
    started: TimeLike = "00:00"
    ran_before: int = 0
    checkpoint_every: int | str | None = 360
    start_min: int = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        check_type("name", self.name, str, "a name such as 'chatmate-training'")
        if not 1 <= len(self.name) <= 60:
            raise value_error("name", short(self.name), "1 to 60 characters")
        check_type("region", self.region, str, "a region name such as 'nimbus-us-east'")
        check_count("gpus", self.gpus, 1, 1_000_000)
        object.__setattr__(self, "start_min", parse_time("started", self.started))
        check_count(
            "ran_before", self.ran_before, 0, MAX_MINUTES, f"whole minutes 0 to {MAX_MINUTES}"
        )
        every = self.checkpoint_every
        if every is None or every == NO_CHECKPOINTS:
            object.__setattr__(self, "checkpoint_every", None)
        elif isinstance(every, str):
            check_choice("checkpoint_every", every, [NO_CHECKPOINTS])
        else:
            check_count("checkpoint_every", every, 1, MAX_MINUTES, _EVERY)

    @property
    def every(self) -> int | None:
        """Minutes between checkpoints, or None if it never saves one."""
        return self.checkpoint_every  # type: ignore[return-value]

    def describe(self) -> str:
        every = "no checkpoints" if self.every is None else f"a checkpoint every {self.every} min"
        return f"{self.name}: {self.gpus} GPUs in {self.region}, {every}"


#: The default world's job: ChatMate's next model on 512 GPUs in the dominant provider's main
#: region, from midnight, saving a checkpoint every 6 hours (toy assumptions).
DEFAULT_JOB = dict(name="chatmate-training", gpus=512, started="00:00", checkpoint_every=360)


def default_jobs(main_region: str) -> tuple[TrainingJob, ...]:
    """The training jobs of the default world: :data:`DEFAULT_JOB` in ``main_region``.

    >>> default_jobs("nimbus-us-east")[0].describe()
    'chatmate-training: 512 GPUs in nimbus-us-east, a checkpoint every 360 min'
    """
    return (TrainingJob(region=main_region, **DEFAULT_JOB),)  # type: ignore[arg-type]


def with_jobs(internet: Any, jobs: Iterable[TrainingJob]) -> Any:
    """A copy of ``internet`` whose training jobs are ``jobs`` (instead of its own).

    Parameters
    ----------
    internet : Internet
        The world.
    jobs : list of TrainingJob
        The jobs; each job's region must be one of the world's, names unique.

    Raises
    ------
    TypeError
        If ``jobs`` is not a list of :class:`TrainingJob`.
    ValueError
        If a region is unknown (the message suggests the closest) or two jobs share a name.

    Examples
    --------
    >>> import labkit
    >>> net = labkit.build_internet()
    >>> job = TrainingJob("long-run", "nimbus-us-east", ran_before=3 * 7 * 1440,
    ...                   checkpoint_every="none")
    >>> [j.name for j in with_jobs(net, [job]).training_jobs]
    ['long-run']
    >>> with_jobs(net, [TrainingJob("x", "nimbus-us-eats")])
    Traceback (most recent call last):
    ...
    ValueError: jobs[0].region: unknown value 'nimbus-us-eats'. Did you mean 'nimbus-us-east'? ...
    """
    check_type("jobs", jobs, list | tuple, "a list of TrainingJob")
    seen: set[str] = set()
    for i, job in enumerate(jobs):
        check_type(f"jobs[{i}]", job, TrainingJob, "a TrainingJob('name', 'nimbus-us-east')")
        check_choice(f"jobs[{i}].region", job.region, internet.regions)
        if job.name in seen:
            raise value_error(f"jobs[{i}].name", short(job.name), "a name no other job has")
        seen.add(job.name)
    return dataclasses.replace(internet, training_jobs=tuple(jobs))


@dataclass(frozen=True)
class Interruption:
    """One stop of a training job: when, what it lost, how long it stood idle.

    ``at`` is the minute compute went down; ``restarted`` the minute it ran again (None: not
    before the end of the run); ``last_checkpoint`` the minute of the checkpoint it goes back to
    (None: one saved before the run, or the job's start); ``progress_lost`` minutes of training
    to redo; ``idle_minutes`` minutes it could not run; ``gpu_hours_lost`` = gpus x (idle +
    lost) / 60.
    """

    job: str
    region: str
    gpus: int
    at: int
    restarted: int | None
    last_checkpoint: int | None
    progress_lost: int
    idle_minutes: int

    @property
    def gpu_hours_lost(self) -> float:
        return self.gpus * (self.idle_minutes + self.progress_lost) / 60


@dataclass(frozen=True)
class TrainingLoss:
    """One job over the whole run: interruptions, minutes of progress lost, minutes idle,
    checkpoints missed (object storage was down when they fell due) and GPU-hours lost."""

    job: str
    region: str
    gpus: int
    checkpoint_every: int | None
    interruptions: int
    progress_lost: int
    idle_minutes: int
    checkpoints_missed: int

    @property
    def gpu_hours_lost(self) -> float:
        return self.gpus * (self.idle_minutes + self.progress_lost) / 60


@dataclass(frozen=True)
class TrainingReport:
    """Per job: its :class:`TrainingLoss`; and every :class:`Interruption`, in order.

    Made by :func:`training_report` (or :meth:`labkit.Timeline.training`); prints as a table.
    """

    jobs: tuple[TrainingLoss, ...]
    interruptions: tuple[Interruption, ...]

    @property
    def progress_lost(self) -> int:
        return sum(j.progress_lost for j in self.jobs)

    @property
    def gpu_hours_lost(self) -> float:
        return sum(j.gpu_hours_lost for j in self.jobs)

    def to_pandas(self) -> Any:
        """The jobs as a pandas DataFrame (needs pandas)."""
        return to_pandas(list(self.jobs))

    def __str__(self) -> str:
        lines = ["job                  region              GPUs  every  lost  idle  GPU-hours"]
        for j in self.jobs:
            every = "none" if j.checkpoint_every is None else str(j.checkpoint_every)
            lines.append(
                f"{j.job:<20} {j.region:<18} {j.gpus:>5} {every:>6} {j.progress_lost:>5} "
                f"{j.idle_minutes:>5} {j.gpu_hours_lost:>10.0f}"
            )
        for i in self.interruptions:
            back = fmt_time(i.restarted) if i.restarted is not None else "not before the end"
            since = fmt_time(i.last_checkpoint) if i.last_checkpoint is not None else "earlier"
            lines.append(
                f"  {i.job} stopped at {fmt_time(i.at)}, last checkpoint {since}, ran again {back}"
            )
        return "\n".join(lines)

    def _repr_pretty_(self, p: Any, cycle: bool) -> None:
        p.text(str(self))


def _spans(down: Mapping[str, list[tuple[int, int]]], component: str, minutes: int) -> bytearray:
    flags = bytearray(minutes)
    for a, b in down.get(component, ()):
        a, b = max(a, 0), min(b, minutes)
        if b > a:
            flags[a:b] = b"\x01" * (b - a)
    return flags


def _walk(
    job: TrainingJob, down: Mapping[str, list[tuple[int, int]]], minutes: int
) -> tuple[list[Interruption], int]:
    """The job minute by minute: its interruptions and the checkpoints it missed."""
    compute = _spans(down, f"{job.region}/compute", minutes)
    storage = _spans(down, f"{job.region}/object-storage", minutes)
    every = job.every
    progress = job.ran_before
    saved = (progress // every) * every if every else 0  # progress at the last checkpoint
    saved_at: int | None = None  # the minute it was saved, if within the run
    out: list[Interruption] = []
    missed = 0
    stopped: tuple[int, int | None, int] | None = None  # (at, last checkpoint, lost)
    for m in range(job.start_min, minutes):
        if stopped is not None:
            if compute[m] or storage[m]:
                continue
            at, since, lost = stopped
            out.append(Interruption(job.name, job.region, job.gpus, at, m, since, lost, m - at))
            stopped = None
        if compute[m]:
            stopped = (m, saved_at, progress - saved)
            progress = saved
            continue
        progress += 1
        if every and progress % every == 0:
            if storage[m]:
                missed += 1
            else:
                saved, saved_at = progress, m + 1
    if stopped is not None:
        at, since, lost = stopped
        out.append(
            Interruption(job.name, job.region, job.gpus, at, None, since, lost, minutes - at)
        )
    return out, missed


def interruptions(
    job: TrainingJob, down: Mapping[str, list[tuple[int, int]]], minutes: int = 1440
) -> list[Interruption]:
    """Every stop of ``job``, given the minutes [start, end) each component was down.

    Parameters
    ----------
    job : TrainingJob
        The job.
    down : dict of str to list of (int, int)
        Per component (``"<region>/compute"``, ``"<region>/object-storage"``): the stretches
        it was down; components left out were never down.
    minutes : int, default 1440
        Length of the run.

    Returns
    -------
    list of Interruption

    Examples
    --------
    Started at 00:00 with a checkpoint every 90 minutes, compute down 08:00-11:00: the last
    checkpoint was at 07:30, so 30 minutes are lost; it restarts at 11:00.

    >>> job = TrainingJob("demo", "r1", gpus=10, checkpoint_every=90)
    >>> [i] = interruptions(job, {"r1/compute": [(480, 660)]})
    >>> fmt_time(i.last_checkpoint), i.progress_lost, fmt_time(i.restarted), i.gpu_hours_lost
    ('07:30', 30, '11:00', 35.0)

    Without checkpoints the whole run since its start is lost:

    >>> none = TrainingJob("demo", "r1", gpus=10, checkpoint_every="none")
    >>> interruptions(none, {"r1/compute": [(480, 660)]})[0].progress_lost
    480
    """
    check_type("job", job, TrainingJob, "a TrainingJob")
    check_type("down", down, Mapping, "a dict of component to [(start, end), ...]")
    check_count("minutes", minutes, 1, MAX_MINUTES)
    return _walk(job, down, minutes)[0]


def _check_run(run: Any) -> None:
    """``run`` must be a simulated run (a :class:`labkit.Timeline`), checked by its shape."""
    if not all(hasattr(run, a) for a in ("world", "rows", "impact", "minutes")):
        raise type_error("run", short(run), "a Timeline from labkit.simulate(...)")


def training_report(run: Any) -> TrainingReport:
    """What the run cost every training job of its world (see the module's rules).

    Parameters
    ----------
    run : Timeline
        A simulated run (:func:`labkit.simulate`); its world's ``training_jobs`` are walked.

    Returns
    -------
    TrainingReport

    Examples
    --------
    >>> import labkit
    >>> from labkit import RegionOutage, Scenario, simulate
    >>> s = Scenario([RegionOutage("nimbus-us-east", "08:00", "11:00")])
    >>> t = simulate(labkit.build_internet(), s)
    >>> [j] = training_report(t).jobs
    >>> j.job, j.progress_lost, j.idle_minutes
    ('chatmate-training', 120, 300)
    """
    _check_run(run)
    down: dict[str, list[tuple[int, int]]] = {}
    jobs, stops = [], []
    for job in run.world.training_jobs:
        for c in (f"{job.region}/compute", f"{job.region}/object-storage"):
            if c not in down:
                down[c] = [(r.start, r.end) for r in run.rows(c) if r.state == "down"]
        found, missed = _walk(job, down, run.minutes)
        stops += found
        jobs.append(
            TrainingLoss(
                job.name,
                job.region,
                job.gpus,
                job.every,
                len(found),
                sum(i.progress_lost for i in found),
                sum(i.idle_minutes for i in found),
                missed,
            )
        )
    return TrainingReport(tuple(jobs), tuple(stops))
