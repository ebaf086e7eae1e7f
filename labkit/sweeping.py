"""Parameter sweeps: run one function over a grid of points and gather a tidy table.

A single run answers "what happens"; a sweep answers "how does it change" (how outage minutes
grow with a TTL, how a hijack's reach falls as RPKI adoption rises). :func:`sweep` calls
``run(point)`` for every point of a grid, in the kernel or on any
:class:`concurrent.futures.Executor` (a process pool for the machine's cores, a Dask cluster's
executor for many machines), shows its progress, and returns a :class:`SweepTable` whose rows
are in grid order whatever ran them: the same sweep gives the same table everywhere.

>>> def area(point):
...     return {"area": point["w"] * point["h"]}
>>> table = sweep(area, {"w": [1, 2], "h": [10, 20]}, progress=False)
>>> for row in table.rows:
...     print(row)
{'w': 1, 'h': 10, 'area': 10}
{'w': 1, 'h': 20, 'area': 20}
{'w': 2, 'h': 10, 'area': 20}
{'w': 2, 'h': 20, 'area': 40}
"""

from __future__ import annotations

import concurrent.futures as cf
import itertools
import os
import pickle
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from .progress import Bar, progress_bar
from .tables import dicts_to_pandas
from .validate import check_choice, check_flag, short, type_error, value_error

__all__ = ["MAX_POINTS", "SweepTable", "grid_points", "sweep"]

#: The largest grid a sweep accepts (a product of lists grows fast).
MAX_POINTS = 10_000_000
#: Seconds between two looks at the futures (the progress bar's rate and time left move on).
_TICK = 0.25

Point = dict[str, Any]
Row = dict[str, Any]
#: What ``run`` maps a point to: a row, or a few rows.
RunResult = Mapping[str, Any] | Sequence[Mapping[str, Any]]


@dataclass(frozen=True)
class SweepTable:
    """The rows of a sweep, in grid order: each row holds its point's parameters, then what
    ``run`` returned for it, or an ``error`` column saying why that point failed.

    Attributes
    ----------
    params : tuple of str
        The parameter names, in grid order (the first columns of every row).
    rows : tuple of dict
        One row per point (or a few, when ``run`` returned a list), in grid order.
    points : int
        How many points the grid has.
    done : int
        How many points finished (with a row or with an error); fewer than ``points`` when
        the sweep was interrupted.
    seconds : float
        Wall time of the sweep (not compared: equal tables may take different times).

    Examples
    --------
    >>> t = sweep(lambda p: {"y": 10 // p["x"]}, {"x": [1, 0, 5]}, progress=False)
    >>> t.column("y")
    [10, None, 2]
    >>> t.errors[0]["error"]
    'ZeroDivisionError: integer division or modulo by zero'
    >>> print(t)
    x   y  error
    1  10
    0      ZeroDivisionError: integer division or modulo by zero
    5   2
    3 points, 3 done, 1 failed
    """

    params: tuple[str, ...]
    rows: tuple[Row, ...]
    points: int
    done: int
    seconds: float = field(default=0.0, compare=False)

    @property
    def partial(self) -> bool:
        """True when the sweep stopped before every point was done (interrupted)."""
        return self.done < self.points

    @property
    def errors(self) -> tuple[Row, ...]:
        """The rows of points whose run failed (they have an ``error`` column)."""
        return tuple(r for r in self.rows if "error" in r)

    @property
    def columns(self) -> tuple[str, ...]:
        """Every column: the parameters, then the others in the order first seen."""
        seen = dict.fromkeys(self.params)
        for r in self.rows:
            seen.update(dict.fromkeys(r))
        if "error" in seen:  # last, so that the results stay beside the parameters
            del seen["error"]
            seen["error"] = None
        return tuple(seen)

    def column(self, name: str) -> list[Any]:
        """The values of column ``name``, row by row (None where a row lacks it)."""
        check_choice("name", name, self.columns)
        return [r.get(name) for r in self.rows]

    def mean_by(self, key: str, value: str) -> dict[Any, float]:
        """The mean of column ``value`` for each value of column ``key`` (in the order first
        seen), over the rows that have both (failed points are left out).

        >>> t = sweep(lambda p: {"y": p["x"] * 10}, {"g": ["a", "b"], "x": [1, 2]},
        ...           progress=False)
        >>> t.mean_by("g", "y")
        {'a': 15.0, 'b': 15.0}
        """
        check_choice("key", key, self.columns)
        check_choice("value", value, self.columns)
        groups: dict[Any, list[float]] = {}
        for r in self.rows:
            if r.get(key) is not None and r.get(value) is not None:
                groups.setdefault(r[key], []).append(r[value])
        return {k: sum(v) / len(v) for k, v in groups.items()}

    def to_pandas(self) -> Any:
        """The rows as a pandas DataFrame, columns in :attr:`columns` order (pandas is
        optional: without it this says how to get it)."""
        return dicts_to_pandas(list(self.rows), list(self.columns))

    def __str__(self) -> str:
        cols = self.columns
        cells = [[_cell(r.get(c)) for c in cols] for r in self.rows[:40]]
        widths = [max([len(c)] + [len(row[i]) for row in cells]) for i, c in enumerate(cols)]
        right = [all(isinstance(r.get(c), int | float) for r in self.rows if c in r) for c in cols]

        def line(values: Sequence[str]) -> str:
            cells = zip(values, widths, right, strict=True)
            parts = [v.rjust(w) if r else v.ljust(w) for v, w, r in cells]
            return "  ".join(parts).rstrip()

        lines = [line(cols)] + [line(row) for row in cells]
        if len(self.rows) > 40:
            lines.append(f"… {len(self.rows) - 40} more rows")
        tail = f"{self.points} points, {self.done} done"
        if self.errors:
            tail += f", {len(self.errors)} failed"
        if self.partial:
            tail += f" (partial: stopped after {self.done} of {self.points} points)"
        return "\n".join([*lines, tail])

    def _repr_pretty_(self, p: Any, cycle: bool) -> None:
        p.text(str(self))


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:,.0f}" if abs(value) >= 1e4 else f"{value:.4g}"
    return short(value, 50) if not isinstance(value, str) else value


def _check_names(field_: str, names: Sequence[Any]) -> None:
    for name in names:
        if not isinstance(name, str) or not name:
            raise type_error(field_, short(name), "parameter names that are non-empty strings")


def grid_points(grid: Any) -> list[Point]:
    """The points of ``grid`` in order: a dict of names to lists of values gives their product
    (the first name varies slowest), a list of dicts gives its points as they are.

    >>> grid_points({"ttl": [60, 300], "seed": [0, 1]})  # doctest: +NORMALIZE_WHITESPACE
    [{'ttl': 60, 'seed': 0}, {'ttl': 60, 'seed': 1},
     {'ttl': 300, 'seed': 0}, {'ttl': 300, 'seed': 1}]
    >>> grid_points([{"share": 0.1}, {"share": 0.5}])
    [{'share': 0.1}, {'share': 0.5}]
    >>> grid_points({"ttl": []})
    Traceback (most recent call last):
    ...
    ValueError: grid['ttl']: got an empty list; allowed: at least one value, e.g. {'ttl': [60, 300]}
    """
    if isinstance(grid, Mapping):
        if not grid:
            raise value_error(
                "grid", "an empty dict", "at least one parameter, e.g. {'ttl': [60, 300]}"
            )
        _check_names("grid", list(grid))
        values = []
        for name, vals in grid.items():
            where = f"grid[{name!r}]"
            if isinstance(vals, str | bytes | Mapping) or not isinstance(vals, Sequence | range):
                raise type_error(
                    where, short(vals), f"a list of values, e.g. {{{name!r}: [60, 300]}}"
                )
            if len(vals) == 0:
                raise value_error(
                    where, "an empty list", f"at least one value, e.g. {{{name!r}: [60, 300]}}"
                )
            values.append(list(vals))
        count = 1
        for v in values:
            count *= len(v)
        if count > MAX_POINTS:
            raise value_error("grid", f"{count:,} points", f"at most {MAX_POINTS:,} points")
        names = list(grid)
        return [dict(zip(names, combo, strict=True)) for combo in itertools.product(*values)]
    if isinstance(grid, str | bytes) or not isinstance(grid, Sequence):
        raise type_error(
            "grid",
            short(grid),
            "a dict of parameter names to lists of values, e.g. {'ttl': [60, 300]}, "
            "or a list of points, e.g. [{'ttl': 60}]",
        )
    if len(grid) == 0:
        raise value_error("grid", "an empty list", "at least one point, e.g. [{'ttl': 60}]")
    if len(grid) > MAX_POINTS:
        raise value_error("grid", f"{len(grid):,} points", f"at most {MAX_POINTS:,} points")
    points = []
    for i, point in enumerate(grid):
        if not isinstance(point, Mapping):
            raise type_error(f"grid[{i}]", short(point), "a point: a dict such as {'ttl': 60}")
        _check_names(f"grid[{i}]", list(point))
        points.append(dict(point))
    return points


def _rows(point: Point, result: Any) -> list[Row]:
    """The rows for ``point`` from what ``run`` returned (a dict, or a list of dicts)."""
    items = [result] if isinstance(result, Mapping) else result
    if isinstance(items, str | bytes) or not isinstance(items, Sequence) or not items:
        raise type_error(
            "run", f"a run that returned {short(result)}", "a run that returns a dict or a list"
            " of dicts, e.g. {'minutes': 12}",
        )  # fmt: skip
    rows = []
    for item in items:
        if not isinstance(item, Mapping):
            raise type_error("run", f"a run that returned a list holding {short(item)}",
                             "a list of dicts")  # fmt: skip
        _check_names("run", list(item))
        clash = [k for k in item if k in point and item[k] != point[k]]
        if clash or "error" in item:
            name = clash[0] if clash else "error"
            raise value_error(
                "run", f"a row with a column {name!r}",
                "columns other than the parameters and 'error' (they hold the point and why "
                "it failed)",
            )  # fmt: skip
        rows.append({**point, **item})
    return rows


def _call(run: Callable[[Point], Any], point: Point) -> tuple[bool, Any]:
    """Run one point where it is sent (the kernel or a worker): (True, rows) or (False, why).
    Errors are caught here so that the reason is the same text wherever the point ran."""
    try:
        return True, _rows(point, run(dict(point)))
    except Exception as err:
        return False, f"{type(err).__name__}: {short(str(err), 300).strip(chr(39))}"


def _check_picklable(run: Any, points: list[Point]) -> None:
    try:
        pickle.dumps(run)
    except Exception:
        raise type_error(
            "run",
            short(run),
            "a function a process pool can send to its workers: one defined at the top level "
            "of a module or a notebook cell (not a lambda, nor a function defined inside "
            "another), or functools.partial of one; or run it with executor=None",
        ) from None
    for i, point in enumerate(points):
        try:
            pickle.dumps(point)
        except Exception:
            raise type_error(
                f"grid point {i}", short(point),
                "values a process pool can send to its workers (numbers, text, lists, …)",
            ) from None  # fmt: skip


def _workers(executor: cf.Executor) -> int:
    """How many points the executor can run at once (a guess when it does not say)."""
    n = getattr(executor, "_max_workers", None)
    if isinstance(n, int) and n > 0:
        return n
    client = getattr(executor, "_client", None)  # a Dask cluster's executor
    try:
        return max(1, sum(client.nthreads().values()))  # type: ignore[union-attr]
    except Exception:  # not Dask, or no answer: assume this machine's cores
        return os.cpu_count() or 1


def _in_kernel(run: Callable[[Point], Any], points: list[Point], bar: Bar) -> Iterator[tuple]:
    failed = 0
    for i, point in enumerate(points):
        outcome = _call(run, point)
        failed += not outcome[0]
        yield i, outcome
        bar.update(i + 1, failed)


def _on_executor(
    run: Callable[[Point], Any], points: list[Point], bar: Bar, executor: cf.Executor
) -> Iterator[tuple]:
    """Submit points a few at a time (so that an interrupt stops submitting), yield outcomes
    as they finish; on an interrupt, cancel what has not started."""
    window = 2 * _workers(executor)
    todo = iter(enumerate(points))
    pending: dict[cf.Future, int] = {}
    done = failed = 0
    try:
        while True:
            for i, point in itertools.islice(todo, max(0, window - len(pending))):
                pending[executor.submit(_call, run, point)] = i
            if not pending:
                return
            finished, _ = cf.wait(pending, timeout=_TICK, return_when=cf.FIRST_COMPLETED)
            for fut in finished:
                i = pending.pop(fut)
                try:
                    outcome = fut.result()
                except Exception as err:  # the worker itself broke (e.g. a process died)
                    outcome = (False, f"{type(err).__name__}: {short(str(err), 300)}")
                failed += not outcome[0]
                done += 1
                yield i, outcome
            bar.update(done, failed)
    finally:
        for fut in pending:
            fut.cancel()


def sweep(
    run: Callable[[Point], RunResult],
    grid: Mapping[str, Sequence[Any]] | Sequence[Mapping[str, Any]],
    *,
    executor: cf.Executor | None = None,
    progress: bool = True,
) -> SweepTable:
    """Run ``run(point)`` for every point of ``grid`` and gather the rows, in grid order.

    Parameters
    ----------
    run : callable
        Maps one point (a dict of parameter values) to a row (a dict of results) or a few
        rows (a list of dicts). Each row gets the point's parameters in front.
    grid : dict or list of dict
        Parameter names to lists of values (their product is swept, the first name varying
        slowest), or a list of points.
    executor : concurrent.futures.Executor, optional
        Where the points run. None: one after the other in this process (the kernel). A
        ``ProcessPoolExecutor`` uses the machine's cores; a Dask cluster's executor
        (``distributed.Client(...).get_executor()``) runs them on its workers. The table is
        the same whichever runs it.
    progress : bool, default True
        Show points done, rate and time left: a widget bar in a notebook, a text bar on
        standard error elsewhere.

    Returns
    -------
    SweepTable
        One row per point (or a few), in grid order. A point whose run raised gets a row with
        its parameters and an ``error`` column saying why; the sweep goes on. An interrupt
        (Ctrl-C, or the notebook's stop button) stops submitting points, cancels those not
        started and returns what finished: the table says it is partial.

    Raises
    ------
    TypeError
        If ``run`` is not callable, ``grid`` is neither a dict nor a list of points,
        ``executor`` is not an Executor, or ``run`` (or a point) cannot be pickled and the
        executor is a process pool (checked before anything runs).
    ValueError
        If the grid is empty, has a parameter with no values, or more than
        :data:`MAX_POINTS` points.

    Examples
    --------
    >>> def outage_minutes(point):
    ...     return {"minutes": point["fixed_after"] + point["ttl"] // 60}
    >>> t = sweep(outage_minutes, {"ttl": [60, 600], "fixed_after": [5]}, progress=False)
    >>> t.column("minutes")
    [6, 15]
    >>> t.partial, t.errors
    (False, ())
    >>> sweep(outage_minutes, {}, progress=False)
    Traceback (most recent call last):
    ...
    ValueError: grid: got an empty dict; allowed: at least one parameter, e.g. {'ttl': [60, 300]}
    """
    if not callable(run):
        raise type_error("run", short(run), "a function that maps a point (a dict) to a row")
    points = grid_points(grid)
    check_flag("progress", progress)
    if executor is not None:
        if not isinstance(executor, cf.Executor):
            raise type_error(
                "executor",
                short(executor),
                "None (run here), a concurrent.futures.ProcessPoolExecutor, or a Dask "
                "client's get_executor()",
            )
        if isinstance(executor, cf.ProcessPoolExecutor):
            _check_picklable(run, points)
    params = tuple(dict.fromkeys(k for p in points for k in p))
    outcomes: dict[int, tuple[bool, Any]] = {}
    bar = progress_bar(len(points), progress)
    started = time.perf_counter()
    stopped = False
    steps = (
        _in_kernel(run, points, bar)
        if executor is None
        else _on_executor(run, points, bar, executor)
    )
    try:
        for i, outcome in steps:
            outcomes[i] = outcome
    except KeyboardInterrupt:
        stopped = True
    finally:
        bar.close(stopped)
    rows: list[Row] = []
    for i in sorted(outcomes):
        ok, value = outcomes[i]
        rows.extend(value if ok else [{**points[i], "error": value}])
    return SweepTable(params, tuple(rows), len(points), len(outcomes),
                      time.perf_counter() - started)  # fmt: skip
