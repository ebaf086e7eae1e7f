"""How long each lesson takes a learner: reading, predicting, exploring, the exercise, and
the cells' own run time, measured.

usage: python bench/bench_lessons.py [NOTEBOOK ...]   (default: notebooks/NN_*.ipynb)

What is measured and what is assumed (the assumptions are constants below, change them to
see their effect):

- **reading**: the words of the lesson's markdown cells and of the text its cells print,
  read at :data:`WPM` words a minute. 180 wpm is an assumption for careful reading of
  technical text by a newcomer: Brysbaert (2019, "How many words do we read per minute? A
  review and meta-analysis of reading rate", Journal of Memory and Language 109) puts silent
  reading of English non-fiction at about 238 wpm for adults; technical text with numbers and
  names, often read in a second language, goes slower;
- **predicting**: :data:`PREDICT_MIN` minutes per prediction cell (a code cell that only sets
  ``my_…`` variables): read the question again, look back, write a guess;
- **exploring**: :data:`EXPLORE_MIN` minutes per dashboard the lesson opens (``explore(`` or
  ``outage_explorer(``), which the text invites the learner to play with;
- **exercise**: :data:`FIRST_TRY_MIN` minutes to work out a first answer and
  :data:`SECOND_TRY_MIN` to correct it after the checker's feedback (one wrong answer, then
  the right one), plus the checker's run time for both, measured;
- **running**: every cell run once in a fresh kernel (measured with nbclient, cell by cell,
  kernel start included), on this machine at its current load (printed).

The total is the sum. Run-times depend on the machine; the rest does not.
"""

from __future__ import annotations

import json
import os
import re
import sys
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parents[1]
WPM = 180
PREDICT_MIN = 1.5
EXPLORE_MIN = 3.0
FIRST_TRY_MIN = 5.0
SECOND_TRY_MIN = 3.0

#: Per lesson: a wrong answer and the right one to its exercise, as code run in the lesson's
#: kernel after its last cell (the right one is worked out with the checkers' helpers).
EXERCISES = {
    "00": (
        'check_culprit("paywave", day, "09:00")',
        "from labkit.checks import culprits\n"
        'check_culprit(culprits(day, "09:00").most_common(1)[0][0], day, "09:00")',
    ),
    "01": (
        'check_most_fragile_app("shopfast", net)',
        "from labkit.checks import single_points_of_failure as spof\n"
        "check_most_fragile_app(max((a.id for a in net.apps()), key=lambda a: "
        "len(spof(net, a))), net)",
    ),
    "02": (
        'check_back_at("10:25", slow, dns_part, "db.us-east.nimbus")',
        "from labkit.checks import all_back_at\n"
        'check_back_at(labkit.fmt_time(all_back_at(slow, dns_part, "db.us-east.nimbus")), '
        'slow, dns_part, "db.us-east.nimbus")',
    ),
    "03": (
        'check_leak_stopper("atlas", net, leak)',
        "from labkit.checks import lost_with_filter_at\n"
        "check_leak_stopper(min(lost_with_filter_at(net, leak).items(), "
        "key=lambda kv: kv[1])[0], net, leak)",
    ),
    "04": (
        'check_rollout_plan({"canary": 0.05, "bake": 15}, detect_delay=20)',
        'check_rollout_plan({"canary": 0.05, "bake": 25}, detect_delay=20)',
    ),
    "05": (
        "check_progress_lost(100, failure_at=fails_at, every=150, gpus=768)",
        "check_progress_lost(costs.progress_lost(fails_at, every=150) * 768 / 60, "
        "failure_at=fails_at, every=150, gpus=768)",
    ),
    "06": (
        'check_design(["retry-backoff"], budget=60, hypothesis=0.95)',
        'check_design(["staged-rollout", "multi-region"], budget=60, hypothesis=0.97)',
    ),
    "07": (
        'check_announced_fix(["serve-stale"], "gcp-service-control-2025")',
        'check_announced_fix(list(casebook.entry("gcp-service-control-2025").keys), '
        '"gcp-service-control-2025")',
    ),
    "08": (
        'check_safest_origin("stub", pairs)',
        'check_safest_origin(min(pairs.mean_by("origin_kind", "reach").items(), '
        "key=lambda kv: kv[1])[0], pairs)",
    ),
}


def words(text: str) -> int:
    text = re.sub(r"https?://\S+", " ", text)  # links are not read word by word
    return len(re.findall(r"[\w’'.%:/-]+", text))


def is_prediction(source: str) -> bool:
    lines = [ln for ln in source.splitlines() if ln.strip() and not ln.strip().startswith("#")]
    return bool(lines) and all(re.match(r"\s*my_\w+(\s*,\s*my_\w+)*\s*=", ln) for ln in lines)


def output_text(cell: nbformat.NotebookNode) -> str:
    out = []
    for o in cell.get("outputs", []):
        if "text" in o:
            out.append(o["text"])
        elif "text/plain" in o.get("data", {}):
            out.append(o["data"]["text/plain"])
    return "\n".join(out)


def measure(path: Path) -> dict[str, float]:
    nb = nbformat.read(path, as_version=4)
    client = NotebookClient(
        nb,
        timeout=900,
        resources={"metadata": {"path": str(path.parent)}},
        store_widget_state=False,
    )
    lesson = list(nb.cells)  # the lesson's own cells, not the exercise answers added below
    started = time.perf_counter()
    with client.setup_kernel():
        for i, cell in enumerate(lesson):
            if cell.cell_type == "code":
                client.execute_cell(cell, i)
        run_s = time.perf_counter() - started
        check_s = 0.0
        for code in EXERCISES.get(path.name[:2], ()):
            extra = nbformat.v4.new_code_cell(code)
            nb.cells.append(extra)
            t0 = time.perf_counter()
            client.execute_cell(extra, len(nb.cells) - 1)
            check_s += time.perf_counter() - t0
            if any(o.get("output_type") == "error" for o in extra.outputs):
                raise RuntimeError(f"{path.name}: {code!r} failed: {extra.outputs}")
    md = sum(words(c.source) for c in lesson if c.cell_type == "markdown")
    printed = sum(words(output_text(c)) for c in lesson if c.cell_type == "code")
    code = [c.source for c in lesson if c.cell_type == "code"]
    predictions = sum(is_prediction(s) for s in code)
    dashboards = sum(bool(re.search(r"\bexplore\(|outage_explorer\(", s)) for s in code)
    exercise_min = (FIRST_TRY_MIN + SECOND_TRY_MIN) if path.name[:2] in EXERCISES else 0.0
    minutes = {
        "reading": (md + printed) / WPM,
        "predicting": predictions * PREDICT_MIN,
        "exploring": dashboards * EXPLORE_MIN,
        "exercise": exercise_min + check_s / 60,
        "running": run_s / 60,
    }
    return {
        "words": md,
        "printed": printed,
        "predictions": predictions,
        "dashboards": dashboards,
        "run_s": run_s,
        "check_s": check_s,
        **minutes,
        "total": sum(minutes.values()),
    }


def main(argv: list[str]) -> int:
    paths = [Path(a) for a in argv[1:]] or sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
    os.environ.setdefault("PLOTLY_RENDERER", "plotly_mimetype")
    print(f"load average {os.getloadavg()[0]:.2f} on {os.cpu_count()} cores; reading at {WPM} wpm,")
    print(
        f"{PREDICT_MIN} min per prediction, {EXPLORE_MIN} min per dashboard, "
        f"{FIRST_TRY_MIN} + {SECOND_TRY_MIN} min per exercise (a wrong answer, then the right one)"
    )
    head = (
        f"{'lesson':<36} {'words':>6} {'printed':>7} {'read':>5} {'pred.':>5} {'explore':>7} "
        f"{'exerc.':>6} {'run':>5} {'total':>6}"
    )
    print(head)
    rows = {}
    for path in paths:
        r = measure(path)
        rows[path.name] = r
        print(
            f"{path.name:<36} {r['words']:>6.0f} {r['printed']:>7.0f} {r['reading']:>5.1f} "
            f"{r['predicting']:>5.1f} {r['exploring']:>7.1f} {r['exercise']:>6.1f} "
            f"{r['running']:>5.1f} {r['total']:>6.1f}",
            flush=True,
        )
    total = sum(r["total"] for r in rows.values())
    print(
        f"{'all lessons':<36} {'':>6} {'':>7} {'':>5} {'':>5} {'':>7} {'':>6} {'':>5} {total:>6.1f}"
    )
    print("minutes, except words; run: every cell once, kernel start included")
    out = ROOT / "bench" / "results"
    out.mkdir(exist_ok=True)
    (out / "lessons.json").write_text(json.dumps(rows, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
