"""Progress of a long computation, shown while it runs: points done, rate and time left.

In a notebook kernel with ipywidgets installed it is a widget bar; anywhere else a line of text
on standard error (redrawn in place on a terminal, a new line every tenth of the way when the
output is a file or a log). The sweep (:mod:`labkit.sweeping`) only calls :func:`progress_bar`
and the bar's ``update`` and ``close``: it never touches a widget itself.

This module imports only the standard library at load time; ipywidgets is imported inside
:class:`NotebookBar`, and only in a notebook kernel (see ``tests/test_architecture.py``).

>>> status(3, 12, 1.5)
'3/12 points · 2.0 points/s · about 4 s left'
>>> status(12, 12, 6.0)
'12/12 points · 2.0 points/s · done in 6 s'
"""

from __future__ import annotations

import sys
import time
from typing import Any, Protocol, TextIO

__all__ = ["Bar", "NotebookBar", "NullBar", "TextBar", "in_notebook", "progress_bar", "status"]


def _duration(seconds: float) -> str:
    """Seconds as '4 s', '3 min 20 s' or '2 h 05 min'."""
    s = round(seconds)
    if s < 60:
        return f"{s} s"
    if s < 3600:
        return f"{s // 60} min {s % 60:02d} s"
    return f"{s // 3600} h {s % 3600 // 60:02d} min"


def status(done: int, total: int, elapsed: float, failed: int = 0, stopped: bool = False) -> str:
    """One line about a computation of ``total`` points: done, rate, time left (or taken).

    >>> status(0, 40, 0.0)
    '0/40 points'
    >>> status(10, 40, 5.0, failed=1)
    '10/40 points (1 failed) · 2.0 points/s · about 15 s left'
    >>> status(10, 40, 5.0, stopped=True)
    '10/40 points · 2.0 points/s · stopped after 5 s'
    """
    text = f"{done}/{total} points" + (f" ({failed} failed)" if failed else "")
    if done == 0 or elapsed <= 0:
        return text + (" · stopped" if stopped else "")
    rate = done / elapsed
    if stopped:
        tail = f"stopped after {_duration(elapsed)}"
    elif done >= total:
        tail = f"done in {_duration(elapsed)}"
    else:
        tail = f"about {_duration((total - done) / rate)} left"
    return f"{text} · {_rate(rate)} points/s · {tail}"


def _rate(rate: float) -> str:
    """A rate with one decimal below 100 ("2.0", "0.3"), whole above ("350")."""
    return f"{rate:.1f}" if rate < 100 else f"{rate:.0f}"


class Bar(Protocol):
    """What a sweep needs from a progress display."""

    def update(self, done: int, failed: int = 0) -> None: ...

    def close(self, stopped: bool = False) -> None: ...


class NullBar:
    """No display at all (``progress=False``)."""

    def update(self, done: int, failed: int = 0) -> None:
        pass

    def close(self, stopped: bool = False) -> None:
        pass


class TextBar:
    """A text bar on ``stream`` (standard error by default).

    >>> import io
    >>> out = io.StringIO()
    >>> bar = TextBar(4, out, clock=iter([0.0, 1.0, 2.0, 4.0]).__next__)
    >>> bar.update(2); bar.close()
    >>> print(out.getvalue().strip())
    [##########----------] 2/4 points · 2.0 points/s · about 1 s left
    [##########----------] 2/4 points · 1.0 points/s · stopped after 2 s
    """

    WIDTH = 20

    def __init__(self, total: int, stream: TextIO | None = None, clock: Any = None) -> None:
        self.total = total
        self.stream = stream if stream is not None else sys.stderr
        self.clock = clock or time.perf_counter
        self.started = self.clock()
        self.done = self.failed = 0
        self.tty = bool(getattr(self.stream, "isatty", lambda: False)())
        self.shown = -1  # the last tenth of the way written (when not on a terminal)

    def _line(self, stopped: bool = False) -> str:
        filled = self.WIDTH * self.done // max(self.total, 1)
        bar = "#" * filled + "-" * (self.WIDTH - filled)
        elapsed = self.clock() - self.started
        return f"[{bar}] " + status(self.done, self.total, elapsed, self.failed, stopped)

    def update(self, done: int, failed: int = 0) -> None:
        self.done, self.failed = done, failed
        if self.tty:
            self.stream.write("\r" + self._line())
            self.stream.flush()
            return
        tenth = 10 * done // max(self.total, 1)
        if tenth > self.shown:
            self.shown = tenth
            self.stream.write(self._line() + "\n")

    def close(self, stopped: bool = False) -> None:
        stopped = stopped or self.done < self.total
        if self.tty or stopped or self.shown < 10:  # else the last line already says it all
            self.stream.write(("\r" if self.tty else "") + self._line(stopped) + "\n")
        self.stream.flush()


class NotebookBar:
    """An ipywidgets bar with the same line of text beside it, shown in the notebook cell."""

    def __init__(self, total: int) -> None:
        import ipywidgets as widgets  # only here: the model never needs it
        from IPython.display import display

        self.total = total
        self.started = time.perf_counter()
        self.done = self.failed = 0
        self.bar = widgets.IntProgress(value=0, min=0, max=max(total, 1), description="sweep")
        self.label = widgets.Label(value=status(0, total, 0.0))
        display(widgets.HBox([self.bar, self.label]))

    def update(self, done: int, failed: int = 0) -> None:
        self.done, self.failed = done, failed
        self.bar.value = done
        self.label.value = status(done, self.total, time.perf_counter() - self.started, failed)

    def close(self, stopped: bool = False) -> None:
        stopped = stopped or self.done < self.total
        elapsed = time.perf_counter() - self.started
        self.label.value = status(self.done, self.total, elapsed, self.failed, stopped)
        self.bar.bar_style = "warning" if stopped else ("danger" if self.failed else "success")


def in_notebook() -> bool:
    """True inside a Jupyter kernel (an IPython shell with a kernel attached)."""
    ipython = sys.modules.get("IPython")
    if ipython is None:
        return False
    try:
        shell = ipython.get_ipython()
    except Exception:  # an IPython too old or half imported: no notebook then
        return False
    return shell is not None and getattr(shell, "kernel", None) is not None


def progress_bar(total: int, show: bool = True) -> Bar:
    """The display for a computation of ``total`` points: nothing when ``show`` is False, a
    widget bar in a notebook kernel that has ipywidgets, a text bar on standard error otherwise.

    >>> type(progress_bar(10, show=False)).__name__
    'NullBar'
    """
    if not show:
        return NullBar()
    if in_notebook():
        try:
            return NotebookBar(total)
        except ImportError:  # no ipywidgets in this kernel: text will do
            pass
    return TextBar(total)
