"""What the browser-only edition costs a learner: downloads, requests and waiting times.

usage: python bench/bench_lite.py [--lesson NAME] [--no-build] [--paths]

Builds the JupyterLite site if needed (``scripts/build_lite.py``), serves it on 127.0.0.1 from
this process (counting every request and body byte it answers) and opens a lesson in headless
Chromium, as a learner's first visit, then again in the same browser profile (a second visit,
with the browser's cache). Other hosts cannot be reached (Chromium resolves no other name) and
any attempt is reported. Prints a table:

* the site's size on disk;
* first visit: MB and requests until the kernel is ready, seconds to a ready kernel, seconds to
  the end of "Run All" (from opening the page), MB and requests by then;
* second visit: MB and requests until the kernel is ready (what the cache did not save), seconds
  to a ready kernel.

With the machine's load (``os.getloadavg()``) before and after: on a shared machine the times
move with it. ``--paths`` also lists what the second visit downloaded again.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
import urllib.parse
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests" / "e2e"))

import jlab  # noqa: E402
import litesite  # noqa: E402

NO_OTHER_HOSTS = "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1"


def site_size(folder: Path) -> float:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file()) / 1e6


def visit(context, site: litesite.Site, lesson: str, run_all: bool) -> dict:
    """Open ``lesson`` in a new page of ``context``; measure until ready (and Run All)."""
    site.traffic.reset()
    page = litesite.LitePage(context.new_page(), site)
    ready = page.open_notebook(lesson, timeout=300)
    row = {
        "ready_s": ready,
        "ready_mb": site.traffic.bytes / 1e6,
        "ready_requests": site.traffic.requests,
        "ready_304": site.traffic.not_modified,
        "paths": list(site.traffic.paths),
    }
    if run_all:
        start = time.monotonic()
        errors = page.run_all(timeout=600)
        row["run_all_s"] = ready + time.monotonic() - start
        row["run_mb"] = site.traffic.bytes / 1e6
        row["run_requests"] = site.traffic.requests
        row["errors"] = errors
    page.page.close()
    return row


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lesson", default="00_start_here.ipynb")
    parser.add_argument("--no-build", action="store_true", help="use build/lite as it is")
    parser.add_argument("--paths", action="store_true", help="list the second visit's downloads")
    args = parser.parse_args(argv)
    code = jlab.browser_missing_exit_code()
    if code is not None:
        return code
    load_before = os.getloadavg()
    folder = litesite.SITE_DIR if args.no_build else litesite.build_site()
    foreign: list[str] = []
    with (
        litesite.serving(folder) as site,
        tempfile.TemporaryDirectory() as profile,
    ):
        own = urllib.parse.urlsplit(site.base_url).netloc
        from playwright.sync_api import sync_playwright

        with sync_playwright() as pw:
            # a persistent profile keeps the HTTP cache between the visits (routing requests,
            # as the tests do, would turn the cache off); no other host resolves
            context = pw.chromium.launch_persistent_context(
                profile,
                executable_path=str(jlab.find_chromium()),
                args=[*jlab.CHROMIUM_ARGS, NO_OTHER_HOSTS],
                headless=True,
                viewport={"width": 1200, "height": 1600},
            )
            context.on(
                "request",
                lambda r: (
                    foreign.append(r.url)
                    if urllib.parse.urlsplit(r.url).scheme in ("http", "https")
                    and urllib.parse.urlsplit(r.url).netloc != own
                    else None
                ),
            )
            first = visit(context, site, args.lesson, run_all=True)
            second = visit(context, site, args.lesson, run_all=False)
            context.close()
    load_after = os.getloadavg()

    rows = [
        ("site size on disk", f"{site_size(folder):.1f} MB"),
        ("first visit: downloaded until the kernel is ready", f"{first['ready_mb']:.1f} MB"),
        ("first visit: requests until the kernel is ready", f"{first['ready_requests']}"),
        ("first visit: time to a ready kernel", f"{first['ready_s']:.1f} s"),
        (f"first visit: time to the end of Run All ({args.lesson})", f"{first['run_all_s']:.1f} s"),
        ("first visit: downloaded by the end of Run All", f"{first['run_mb']:.1f} MB"),
        ("first visit: requests by the end of Run All", f"{first['run_requests']}"),
        ("second visit: downloaded until the kernel is ready", f"{second['ready_mb']:.1f} MB"),
        (
            "second visit: requests (of which 304 Not Modified)",
            f"{second['ready_requests']} ({second['ready_304']})",
        ),
        ("second visit: time to a ready kernel", f"{second['ready_s']:.1f} s"),
        ("requests to other hosts", f"{len(foreign)}"),
        ("errors shown by Run All", f"{len(first['errors'])}"),
        ("load average before (1, 5, 15 min)", " ".join(f"{x:.2f}" for x in load_before)),
        ("load average after (1, 5, 15 min)", " ".join(f"{x:.2f}" for x in load_after)),
        ("cores", f"{os.cpu_count()}"),
    ]
    width = max(len(k) for k, _ in rows)
    print(f"Browser-only edition (build/lite), lesson {args.lesson}, headless Chromium")
    for key, value in rows:
        print(f"  {key:<{width}}  {value:>14}")
    if args.paths:
        print("second visit downloaded:")
        for path in second["paths"]:
            print(f"  {path}")
    if foreign:
        print("requests to other hosts:", *foreign[:20], sep="\n  ")
    return 1 if foreign or first["errors"] else 0


if __name__ == "__main__":
    sys.exit(main())
