"""Replays next to the record: a real outage's sourced milestones (:class:`Record`) and how a
simulated replay compares with them (:func:`compare`).

A stored scenario that echoes a real outage carries a ``"record"`` object: the UTC milestones
the casebook gives (onset, root cause fixed, full recovery, and where the casebook gives only
that, when the operator's incident log closed), each "HH:MM" or "day N HH:MM", and the casebook
section they come from. :func:`compare` sets a :class:`~labkit.Timeline`
beside it: when the model's first app was hurt, when every app was back, and how long the
model's tail after the fix is compared with the record's. Pure functions, no plotting.

>>> rec = Record.from_dict({"onset": "13:42", "root_cause_fixed": "14:07",
...                         "full_recovery": "14:09", "source": "casebook §7"}, "waf.json")
>>> rec.milestones
{'onset': 822, 'root_cause_fixed': 847, 'full_recovery': 849}
>>> Record.from_dict({"onset": "13:42", "fixed": "14:07", "source": "x"}, "waf.json")
Traceback (most recent call last):
...
ValueError: waf.json: record field: unknown value 'fixed'. Did you mean 'root_cause_fixed'? ...
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .clock import fmt_time
from .timeline import Timeline
from .validate import check_choice, check_time, check_type, short

__all__ = ["FIELDS", "LABELS", "MILESTONES", "Record", "ReplayComparison", "compare"]

#: The milestones a record may give, in the order they must come.
MILESTONES = ("onset", "root_cause_fixed", "full_recovery", "incident_closed")
#: How figures and texts name each milestone.
LABELS = {
    "onset": "onset",
    "root_cause_fixed": "root cause fixed",
    "full_recovery": "full recovery",
    "incident_closed": "incident closed",
}
#: Every field of a ``"record"`` object in a scenario file.
FIELDS = (*MILESTONES, "source", "notes")
_TIME = "a UTC time 'HH:MM' or 'day 2 HH:MM' from the casebook"


@dataclass(frozen=True)
class Record:
    """What really happened: a real outage's milestones, in minutes since 00:00 UTC of the day
    it began, and where they come from.

    Parameters
    ----------
    source : str
        The casebook section the times come from, e.g.
        "casebook §7 Cloudflare WAF regex — 2019-07-02".
    onset, root_cause_fixed, full_recovery : int, optional
        Minutes since 00:00 UTC of day 1: when the impact began, when the root cause was fixed
        or mitigated, and when everything was back. None where the casebook gives no time.
    incident_closed : int, optional
        When the operator's incident log ended, where the casebook gives that but no time
        users were back (Dyn 2016: "incident logged until about 17:45 UTC", casebook §8). It
        is an upper bound for full recovery, not a recovery time: no tail ratio is taken from
        it, but a model that is still not back by then is taken to disagree with the record
        (an inference: an operator does not close an incident its users still feel).
    notes : str, default ""
        Caveats about the times (e.g. a time that is only approximate).

    Attributes
    ----------
    milestones : dict of str to int
        The milestones given, in order.
    labels : dict of str to str
        Each given milestone's name for people ("root cause fixed").

    Raises
    ------
    TypeError
        If ``source`` or ``notes`` is not text.
    ValueError
        If ``source`` is empty, a milestone is not whole minutes >= 0, ``onset`` is missing,
        or the milestones are out of order (onset <= root cause fixed <= full recovery <=
        incident closed).

    Examples
    --------
    >>> rec = Record("casebook §7", onset=822, root_cause_fixed=847, full_recovery=849)
    >>> rec.labels["root_cause_fixed"], rec.times()["full_recovery"]
    ('root cause fixed', '14:09')
    >>> Record("casebook §7", onset=849, root_cause_fixed=847)
    Traceback (most recent call last):
    ...
    ValueError: root_cause_fixed: got 847 (14:07), which is before onset (14:09); allowed: ...
    """

    source: str
    onset: int | None = None
    root_cause_fixed: int | None = None
    full_recovery: int | None = None
    notes: str = ""
    incident_closed: int | None = None

    def __post_init__(self) -> None:
        check_type("source", self.source, str, "the casebook section, e.g. 'casebook §7 …'")
        if not self.source.strip():
            raise ValueError("source: got ''; allowed: the casebook section the times come from")
        check_type("notes", self.notes, str, "text")
        if self.onset is None:
            raise ValueError(f"onset: missing; allowed: {_TIME}")
        last: tuple[str, int] | None = None
        for name in MILESTONES:
            value = getattr(self, name)
            if value is None:
                continue
            check_time(name, value)
            if last is not None and value < last[1]:
                raise ValueError(
                    f"{name}: got {value} ({fmt_time(value)}), which is before {last[0]} "
                    f"({fmt_time(last[1])}); allowed: onset <= root_cause_fixed <= full_recovery"
                    " <= incident_closed"
                )
            last = (name, value)

    @property
    def milestones(self) -> dict[str, int]:
        return {m: getattr(self, m) for m in MILESTONES if getattr(self, m) is not None}

    @property
    def labels(self) -> dict[str, str]:
        return {m: LABELS[m] for m in self.milestones}

    def times(self) -> dict[str, str]:
        """The milestones as "HH:MM" (or "day N HH:MM")."""
        return {m: fmt_time(v) for m, v in self.milestones.items()}

    @classmethod
    def from_dict(cls, data: Any, where: str = "record") -> Record:
        """The record in a scenario file's ``"record"`` object; ``where`` (the file) starts
        every error message.

        Parameters
        ----------
        data : dict
            ``{"onset": "HH:MM", "root_cause_fixed": ..., "full_recovery": ..., "source":
            "casebook §…", "notes": ...}``; only ``onset`` and ``source`` are required.
        where : str, default "record"
            The file's name, for messages.

        Returns
        -------
        Record

        Raises
        ------
        ValueError
            Naming ``where`` and the field: an unknown field (with the closest name), a time
            that is not "HH:MM" or "day N HH:MM", milestones out of order, a missing or empty
            source, or ``data`` that is not an object.

        Examples
        --------
        >>> Record.from_dict({"onset": "06:48", "full_recovery": "day 2 11:05",
        ...                   "source": "casebook §2"}).full_recovery
        2105
        >>> Record.from_dict({"onset": "6.48", "source": "casebook §2"}, "aws.json")
        Traceback (most recent call last):
        ...
        ValueError: aws.json: record.onset: got '6.48'; allowed: a UTC time 'HH:MM' or ...
        >>> Record.from_dict({"onset": "06:48"}, "aws.json")
        Traceback (most recent call last):
        ...
        ValueError: aws.json: record.source: missing; allowed: the casebook section ...
        """
        if not isinstance(data, dict):
            raise ValueError(
                f"{where}: record: got {short(data)}; allowed: an object such as "
                '{"onset": "06:48", "source": "casebook §2 …"}'
            )
        for key in data:
            try:
                check_choice("record field", key, FIELDS)
            except ValueError as err:
                raise ValueError(f"{where}: {err}") from None
        times: dict[str, int] = {}
        for name in MILESTONES:
            if name not in data:
                continue
            value = data[name]
            if not isinstance(value, str):
                raise ValueError(f"{where}: record.{name}: got {short(value)}; allowed: {_TIME}")
            try:
                times[name] = check_time(name, value)
            except ValueError:
                raise ValueError(
                    f"{where}: record.{name}: got {short(value)}; allowed: {_TIME}"
                ) from None
        for key in ("source", "notes"):
            value = data.get(key, "")
            if not isinstance(value, str) or (key == "source" and not value.strip()):
                shown = "missing" if key not in data else f"got {short(value)}"
                allowed = "the casebook section the times come from, e.g. 'casebook §2 …'"
                raise ValueError(f"{where}: record.{key}: {shown}; allowed: " + (
                    allowed if key == "source" else "text"))  # fmt: skip
        try:
            return cls(data["source"], notes=data.get("notes", ""), **times)
        except ValueError as err:
            raise ValueError(f"{where}: record.{err}") from None


@dataclass(frozen=True)
class ReplayComparison:
    """A simulated replay beside the record (made by :func:`compare`).

    Attributes
    ----------
    record : Record
        What really happened.
    model_onset : int or None
        The first minute an app was down or degraded in the model (None: no app was hurt).
    model_full_recovery : int or None
        :meth:`Timeline.full_recovery`, or None if no app was hurt or some app was still not
        ok at the end of the run (then ``recovered`` is False).
    recovered : bool
        Whether every app was back before the run ended.
    model_tail, record_tail : int or None
        Minutes from the record's root-cause fix to full recovery, in the model and in the
        record (None where a time is missing). The replay's scenario fixes its trigger at the
        record's root-cause fix, so both tails start from the same minute.
    tail_ratio : float or None
        ``model_tail / record_tail`` (None if either is missing or the record's tail is 0).
    back_before_close : bool or None
        Where the record gives only the incident's close (``incident_closed``): whether the
        model is back after the root-cause fix and by that close. None where the record
        gives no close or the model is not back.

    Examples
    --------
    >>> import labkit
    >>> from labkit import scenarios
    >>> t = labkit.simulate(labkit.build_internet(), scenarios.load("cloudflare-waf-2019"))
    >>> c = compare(t, scenarios.info("cloudflare-waf-2019").record)
    >>> c.model_tail, c.record_tail
    (2, 2)
    >>> print(c)
    replay vs record (casebook §7 Cloudflare WAF regex — 2019-07-02)
    milestone              model      record
    onset                  13:42       13:42
    root cause fixed           -       14:07
    full recovery          14:09       14:09
    tail after the fix: model 2 min, record 2 min: 1× the record's
    >>> late = Record("casebook §8", onset=670, root_cause_fixed=1020, incident_closed=1065)
    >>> c = ReplayComparison(late, 671, 1035, True, 15, None, None)
    >>> c.back_before_close, c.headline.split("; ")[1]
    (True, "the record gives only the incident's close at 17:45, and the model is back by it")
    """

    record: Record
    model_onset: int | None
    model_full_recovery: int | None
    recovered: bool
    model_tail: int | None
    record_tail: int | None
    tail_ratio: float | None

    @property
    def back_before_close(self) -> bool | None:
        rec, back = self.record, self.model_full_recovery
        if rec.incident_closed is None or back is None:
            return None
        start = rec.root_cause_fixed if rec.root_cause_fixed is not None else rec.onset
        return start is not None and start <= back <= rec.incident_closed

    def _close_text(self) -> str:
        """How the model's recovery sits against a record that gives only the incident's close."""
        back, rec = self.model_full_recovery, self.record
        closed = "-" if rec.incident_closed is None else fmt_time(rec.incident_closed)
        start = "root-cause fix" if rec.root_cause_fixed is not None else "onset"
        if self.model_onset is None:
            verdict = "in the model no app is hurt"
        elif back is None:
            verdict = "the model is not back by the run's end"
        elif self.back_before_close:
            verdict = "the model is back by it"
        elif rec.incident_closed is not None and back <= rec.incident_closed:
            verdict = f"the model is back even before the record's {start}"
        else:
            verdict = "the model is not back by then"
        return f"the record gives only the incident's close at {closed}, and {verdict}"

    @property
    def headline(self) -> str:
        """One line that states the finding (a figure's title)."""
        rec = self.record
        if rec.full_recovery is None and rec.incident_closed is not None:
            text = self._close_text()  # says so itself when no app is hurt or none is back
            back = self.model_full_recovery
            if self.model_onset is None or back is None:
                return text[0].upper() + text[1:]
            return f"Model: back {fmt_time(back)}; {text}"
        if self.model_onset is None:
            return "Model: no app is hurt; " + (
                f"record: back {fmt_time(rec.full_recovery)}"
                if rec.full_recovery is not None
                else "the record gives no full recovery"
            )
        model = (
            f"back {fmt_time(self.model_full_recovery)}"
            if self.model_full_recovery is not None
            else "not back by the run's end"
        )
        if rec.full_recovery is None:
            return f"Model: {model}; the record gives no full-recovery time"
        text = f"Model: {model}; record: {fmt_time(rec.full_recovery)}"
        if self.tail_ratio is not None:
            text += f" — the model's tail is {self.tail_ratio:.2g}× the record's"
        return text

    def __str__(self) -> str:
        rec = self.record
        model = {"onset": self.model_onset, "full_recovery": self.model_full_recovery}
        shown_milestones = [
            m for m in MILESTONES if m != "incident_closed" or rec.incident_closed is not None
        ]
        lines = [
            f"replay vs record ({rec.source})",
            f"{'milestone':<16} {'model':>11} {'record':>11}",
        ]
        for m in shown_milestones:
            mine = model.get(m)
            theirs = getattr(rec, m)
            if m == "full_recovery" and mine is None and not self.recovered:
                shown = "not back"
            else:
                shown = fmt_time(mine) if mine is not None else "-"
            lines.append(
                f"{LABELS[m]:<16} {shown:>11} {fmt_time(theirs) if theirs is not None else '-':>11}"
            )
        if self.model_tail is not None and self.record_tail is not None:
            ratio = f": {self.tail_ratio:.2g}× the record's" if self.tail_ratio is not None else ""
            lines.append(
                f"tail after the fix: model {self.model_tail} min, record {self.record_tail} min"
                + ratio
            )
        elif rec.incident_closed is not None and rec.full_recovery is None:
            tail = "" if self.model_tail is None else f"model {self.model_tail} min; "
            lines.append(f"tail after the fix: {tail}not comparable, " + self._close_text())
        else:
            lines.append("tail after the fix: not comparable (a time is missing)")
        return "\n".join(lines)

    def _repr_pretty_(self, p: Any, cycle: bool) -> None:
        p.text(str(self))


def model_onset(timeline: Timeline) -> int | None:
    """The first minute any app is down or degraded in ``timeline`` (None if none ever is)."""
    check_type("timeline", timeline, Timeline, "a Timeline from labkit.simulate(...)")
    starts = [
        r.start for a in timeline.world.apps() for r in timeline.rows(a.id) if r.state != "ok"
    ]
    return min(starts) if starts else None


def compare(timeline: Timeline, record: Record) -> ReplayComparison:
    """Compare a simulated replay with the record of the real outage.

    Parameters
    ----------
    timeline : Timeline
        The replay, from :func:`labkit.simulate`.
    record : Record
        The real milestones, e.g. ``labkit.scenarios.info(name).record``.

    Returns
    -------
    ReplayComparison
        Model onset (first app down or degraded), model full recovery
        (:meth:`Timeline.full_recovery`; None if an app is still not ok when the run ends),
        and the tails after the record's root-cause fix with their ratio; prints as a table.

    Raises
    ------
    TypeError
        If ``timeline`` is not a Timeline or ``record`` is not a Record.

    Examples
    --------
    >>> import labkit
    >>> from labkit import scenarios
    >>> name = "aws-dynamodb-dns-2025"
    >>> t = labkit.simulate(labkit.build_internet(), scenarios.load(name))
    >>> c = compare(t, scenarios.info(name).record)
    >>> fmt_time(c.model_onset), fmt_time(c.model_full_recovery)
    ('06:49', '21:09')
    >>> c.headline
    "Model: back 21:09; record: 21:20 — the model's tail is 0.98× the record's"
    >>> compare(t, None)
    Traceback (most recent call last):
    ...
    TypeError: record: got None; allowed: a Record, e.g. labkit.scenarios.info(name).record
    """
    check_type("timeline", timeline, Timeline, "a Timeline from labkit.simulate(...)")
    check_type("record", record, Record, "a Record, e.g. labkit.scenarios.info(name).record")
    onset = model_onset(timeline)
    back = timeline.full_recovery()
    recovered = True
    if back is not None and back >= timeline.minutes:
        still = [a.id for a in timeline.world.apps() if timeline.rows(a.id)[-1].state != "ok"]
        if still:
            back, recovered = None, False
    fix = record.root_cause_fixed
    model_tail = back - fix if back is not None and fix is not None else None
    record_tail = (
        record.full_recovery - fix if record.full_recovery is not None and fix is not None else None
    )
    ratio = model_tail / record_tail if model_tail is not None and record_tail else None
    return ReplayComparison(record, onset, back, recovered, model_tail, record_tail, ratio)
