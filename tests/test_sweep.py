"""labkit.sweep: rows in grid order whatever runs them, failures kept as rows, interrupts
returning what finished, and a process pool refused a run it cannot send.

Every expected table here is worked out in the text from the run functions written beside
it (plain arithmetic), not taken from a program's output.
"""

from __future__ import annotations

import concurrent.futures as cf
import io
import threading
import time

import pytest

import labkit
from labkit import sweeping
from labkit.progress import TextBar, status


def double(point):
    return {"twice": 2 * point["x"]}


def test_a_dict_grid_is_swept_as_a_product_first_name_slowest():
    # {"a": [1, 2], "b": [10, 20, 30]}: 2 × 3 = 6 points; a varies slowest, so the points are
    # (1,10) (1,20) (1,30) (2,10) (2,20) (2,30), and a + b is 11 21 31 12 22 32
    t = labkit.sweep(lambda p: {"sum": p["a"] + p["b"]}, {"a": [1, 2], "b": [10, 20, 30]},
                     progress=False)  # fmt: skip
    assert t.column("sum") == [11, 21, 31, 12, 22, 32]
    assert t.params == ("a", "b") and t.columns == ("a", "b", "sum")
    assert (t.points, t.done, t.partial, t.errors) == (6, 6, False, ())


def test_a_list_grid_keeps_its_order_and_every_row_carries_its_point():
    points = [{"x": 3}, {"x": 1}, {"x": 2, "label": "two"}]
    t = labkit.sweep(double, points, progress=False)
    assert t.rows == (
        {"x": 3, "twice": 6},
        {"x": 1, "twice": 2},
        {"x": 2, "label": "two", "twice": 4},
    )
    assert t.params == ("x", "label")


def test_a_run_may_return_a_few_rows_per_point():
    # two rows per point (one per side), each with the point's x in front
    def sides(p):
        return [{"side": "left", "v": -p["x"]}, {"side": "right", "v": p["x"]}]

    t = labkit.sweep(sides, {"x": [1, 2]}, progress=False)
    assert [(r["x"], r["side"], r["v"]) for r in t.rows] == [
        (1, "left", -1), (1, "right", 1), (2, "left", -2), (2, "right", 2)]  # fmt: skip


def test_a_point_that_raises_gets_a_row_saying_which_and_why_and_the_sweep_goes_on():
    # 12 // x fails only for x = 0: that row keeps x and says why; 12 // 3 = 4, 12 // 4 = 3
    t = labkit.sweep(lambda p: {"q": 12 // p["x"]}, {"x": [3, 0, 4]}, progress=False)
    assert t.column("q") == [4, None, 3]
    assert t.errors == ({"x": 0, "error": "ZeroDivisionError: integer division or modulo by zero"},)
    assert t.done == 3 and not t.partial
    assert "1 failed" in str(t)


def test_a_run_returning_something_else_than_rows_is_a_failed_point():
    t = labkit.sweep(lambda p: p["x"], {"x": [1]}, progress=False)
    assert "a run that returns a dict or a list of dicts" in t.errors[0]["error"]
    clash = labkit.sweep(lambda p: {"x": 99}, {"x": [1]}, progress=False)
    assert "column 'x'" in clash.errors[0]["error"]


def test_points_finishing_out_of_order_still_give_rows_in_grid_order():
    # the first point sleeps longest, so on 3 threads the points finish in reverse order;
    # the table must still be in grid order, and equal to the one run in the kernel
    def slow_first(p):
        time.sleep(0.05 * (3 - p["x"]))
        return {"twice": 2 * p["x"]}

    with cf.ThreadPoolExecutor(3) as pool:
        threaded = labkit.sweep(slow_first, {"x": [0, 1, 2]}, executor=pool, progress=False)
    assert threaded == labkit.sweep(slow_first, {"x": [0, 1, 2]}, progress=False)
    assert threaded.column("twice") == [0, 2, 4]


def test_an_interrupt_in_the_kernel_returns_what_finished():
    # Ctrl-C arrives while point x=2 runs: points 0 and 1 are done, the table says partial
    def run(p):
        if p["x"] == 2:
            raise KeyboardInterrupt
        return {"twice": 2 * p["x"]}

    t = labkit.sweep(run, {"x": [0, 1, 2, 3]}, progress=False)
    assert t.column("twice") == [0, 2]
    assert (t.done, t.points, t.partial) == (2, 4, True)
    assert "partial: stopped after 2 of 4 points" in str(t)


def test_an_interrupt_on_an_executor_stops_submitting_and_cancels_pending(monkeypatch):
    # one worker, so the sweep keeps 2 × 1 = 2 points in flight; the interrupt comes at the
    # second look at the futures. Point 0 has finished by then (it returns at once); point 1
    # blocks until released. So: point 0 is in the table, point 1 is not, and the points
    # after 2 were never submitted.
    release = threading.Event()
    submitted = []

    def run(p):
        if p["x"] == 1:
            release.wait(5)
        return {"twice": 2 * p["x"]}

    real_wait, looks = cf.wait, []

    def wait(*args, **kwargs):
        looks.append(1)
        if len(looks) == 2:
            raise KeyboardInterrupt
        return real_wait(*args, **kwargs)

    monkeypatch.setattr(sweeping.cf, "wait", wait)
    with cf.ThreadPoolExecutor(1) as pool:
        real_submit = pool.submit

        def submit(fn, *args):
            submitted.append(args[1]["x"])
            return real_submit(fn, *args)

        pool.submit = submit  # type: ignore[method-assign]
        t = labkit.sweep(run, {"x": list(range(10))}, executor=pool, progress=False)
        release.set()
    assert t.partial and t.points == 10
    assert t.column("twice") == [0]
    assert max(submitted) < 4, submitted


def test_a_process_pool_is_refused_a_run_it_cannot_send_before_anything_runs():
    with cf.ProcessPoolExecutor(1) as pool:
        with pytest.raises(TypeError, match="run: got <function .*lambda") as info:
            labkit.sweep(lambda p: {}, {"x": [1]}, executor=pool, progress=False)
        assert "not a lambda" in str(info.value)
        assert pool._processes in (None, {})  # no worker was ever started


def test_a_thread_pool_may_run_a_lambda():
    with cf.ThreadPoolExecutor(2) as pool:
        t = labkit.sweep(lambda p: {"y": p["x"] + 1}, {"x": [1, 2]}, executor=pool,
                         progress=False)  # fmt: skip
    assert t.column("y") == [2, 3]


def test_the_text_bar_says_points_done_rate_and_time_left(capsys):
    labkit.sweep(double, {"x": [1, 2, 3, 4]})
    err = capsys.readouterr().err
    assert "4/4 points" in err and "points/s" in err and "done in" in err


def test_the_status_line_works_out_rate_and_time_left():
    # 10 of 40 points in 5 s: 2 points/s, so the other 30 take 15 s
    assert status(10, 40, 5.0) == "10/40 points · 2.0 points/s · about 15 s left"
    # 300 of 900 in 60 s: 5 points/s, 600 left take 120 s = 2 min
    assert status(300, 900, 60.0) == "300/900 points · 5.0 points/s · about 2 min 00 s left"


def test_a_text_bar_not_on_a_terminal_writes_a_line_per_tenth_of_the_way():
    out = io.StringIO()
    bar = TextBar(100, out)
    for done in range(1, 101):
        bar.update(done)
    bar.close()
    # tenths 0 (points 1-9) up to 10 (point 100): 11 lines, and no repeat at the end
    assert len(out.getvalue().splitlines()) == 11


def test_to_pandas_says_how_to_get_pandas_or_gives_the_columns_in_order():
    t = labkit.sweep(double, {"x": [1, 2]}, progress=False)
    try:
        import pandas  # noqa: F401
    except ImportError:
        with pytest.raises(ImportError, match="pip install pandas"):
            t.to_pandas()
    else:
        df = t.to_pandas()
        assert list(df.columns) == ["x", "twice"] and list(df["twice"]) == [2, 4]


def test_the_notebook_bar_follows_the_points_and_says_when_it_stopped(capsys):
    pytest.importorskip("ipywidgets")
    from labkit.progress import NotebookBar

    bar = NotebookBar(4)  # outside a notebook, display() prints the widget's text form
    bar.update(1)
    assert bar.bar.value == 1 and bar.label.value.startswith("1/4 points")
    bar.close()  # 1 of 4: stopped early, so the bar turns to the warning colour
    assert bar.bar.bar_style == "warning" and "stopped" in bar.label.value
    done = NotebookBar(2)
    done.update(2, failed=1)
    done.close()
    assert done.bar.bar_style == "danger" and "(1 failed)" in done.label.value
